import Foundation
@testable import OCRExtraction
import PageRaster
import Testing

/// Lone figures told by their shape, on figure cells cut from the samples' 200 dpi grey scans
/// (made by scripts/samples/scan.py) as the page is read, at 300 dpi: each figure's ink with six
/// pixels of its cell's paper around it, an 8-bit PGM. The names say what Tesseract made of the
/// ones it read wrong.
struct LoneFigureTests {
    @Test(arguments: [
        ("figure-0-read-as-8", LoneFigure.zero), ("figure-0-read-as-6", .zero), ("figure-1-read-as-7", .one),
        ("figure-7", nil), ("figure-6", nil), ("figure-8", nil), ("figure-4", nil), ("figure-10", nil),
    ] as [(String, LoneFigure?)])
    func aLoneFigureIsToldByItsShape(_ name: String, _ figure: LoneFigure?) throws {
        let cell = try grayPicture(Paths.fixture("figures/\(name).pgm"))
        #expect(loneFigure(in: PixelRegion(left: 0, top: 0, width: cell.width, height: cell.height), of: cell) == figure)
    }

    /// Shapes drawn here: a ring is a 0; the same with a bar across its waist (two holes, an 8) is
    /// not, nor a ring whose hole is its lower half (a 6's), nor an upright line that reaches the
    /// cell's edge (a ruling's remnant, not a 1), nor a ring beside a second stroke as large as a
    /// tenth of it, nor a ring in a cell past `maxShapePixels`.
    @Test func shapesThatAreNoLoneFigure() throws {
        func cell(_ draw: (inout [UInt8], Int) -> Void) throws -> (GrayRaster, PixelRegion) {
            var pixels = [UInt8](repeating: 250, count: 40 * 40)
            draw(&pixels, 40)
            let raster = try #require(GrayRaster(width: 40, height: 40, pixels: pixels, scale: 300.0 / 72))
            return (raster, PixelRegion(left: 0, top: 0, width: 40, height: 40))
        }
        func ring(_ pixels: inout [UInt8], _ width: Int, holeTop: Int = 11) {
            for y in 8..<34 { for x in 12..<29 { pixels[y * width + x] = 20 } }
            for y in holeTop..<31 { for x in 15..<26 { pixels[y * width + x] = 250 } }
        }
        let zero = try cell { ring(&$0, $1) }
        #expect(loneFigure(in: zero.1, of: zero.0) == .zero)
        let eight = try cell { pixels, width in
            ring(&pixels, width)
            for y in 20..<22 { for x in 15..<26 { pixels[y * width + x] = 20 } }
        }
        #expect(loneFigure(in: eight.1, of: eight.0) == nil)
        let six = try cell { ring(&$0, $1, holeTop: 20) }
        #expect(loneFigure(in: six.1, of: six.0) == nil)
        let remnant = try cell { pixels, width in
            for y in 0..<40 { for x in 19..<21 { pixels[y * width + x] = 20 } }
        }
        #expect(loneFigure(in: remnant.1, of: remnant.0) == nil)
        let beside = try cell { pixels, width in
            ring(&pixels, width)
            for y in 29..<34 { for x in 32..<37 { pixels[y * width + x] = 20 } }
        }
        #expect(loneFigure(in: beside.1, of: beside.0) == nil)
        // The same ring in a cell past the bound on the shape test's pixels is not looked at.
        var wide = [UInt8](repeating: 250, count: 1_001 * 1_000)
        for y in 8..<34 { for x in 12..<29 where !(11..<31 ~= y && 15..<26 ~= x) { wide[y * 1_001 + x] = 20 } }
        let page = try #require(GrayRaster(width: 1_001, height: 1_000, pixels: wide, scale: 300.0 / 72))
        #expect(loneFigure(in: PixelRegion(left: 0, top: 0, width: 40, height: 40), of: page) == .zero)
        #expect(loneFigure(in: PixelRegion(left: 0, top: 0, width: 1_001, height: 1_000), of: page) == nil)
    }

    /// A 0 a seal's stroke crosses, which all three figure readings took for 9 at 0.88 to 0.97:
    /// its shape is a 0, so the 9 stays under review; had a reading seen 0, the cell would be 0, sure.
    @Test func aReadingTheShapeContradictsIsUnderReview() throws {
        let cell = try grayPicture(Paths.fixture("figures/figure-0-under-seal-read-as-9.pgm"))
        let region = PixelRegion(left: 0, top: 0, width: cell.width, height: cell.height)
        let lone = try #require(loneFigure(in: region, of: cell))
        #expect(lone == .zero)
        func reading(_ text: String, _ confidence: Double) -> [RecognizedSymbol] {
            [RecognizedSymbol(text: text, left: 40, top: 7, right: 62, bottom: 35, confidence: confidence)]
        }
        let nines = [reading("9", 0.97), reading("9", 0.88), reading("9", 0.92)]
        let voted = vote(first: reading("9", 0.95), readings: nines)
        #expect(voted.map(\.text) == ["9"] && voted.allSatisfy { $0.confidence > 0.9 })
        let judgedNine = judged(voted, by: lone, readings: nines, ink: region)
        #expect(judgedNine.map(\.text) == ["9"] && judgedNine.allSatisfy { $0.confidence == readingsDisagree })
        let seen = [reading("9", 0.97), reading("O", 0.6), []]
        let judgedZero = judged(vote(first: reading("9", 0.95), readings: seen), by: lone, readings: seen, ink: region)
        #expect(judgedZero.map(\.text) == ["0"] && judgedZero.allSatisfy { $0.confidence == loneFigureConfidence })
    }

    @Test func otsuSplitsInkFromPaper() {
        var histogram = [Int](repeating: 0, count: 256)
        histogram[40] = 100
        histogram[230] = 900
        let level = otsuLevel(histogram)
        #expect(level >= 40 && level < 230)
    }

    /// An 8-bit binary PGM (`P5 width height 255`, then the pixels row by row) as a raster at 300 dpi.
    private func grayPicture(_ path: String) throws -> GrayRaster {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var fields: [String] = []
        var index = 0
        while fields.count < 4, index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A { index += 1 }
            let start = index
            while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x0A { index += 1 }
            fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        index += 1
        let (width, height) = (Int(fields[1]) ?? 0, Int(fields[2]) ?? 0)
        try #require(fields[0] == "P5" && fields[3] == "255" && bytes.count - index == width * height)
        return try #require(GrayRaster(width: width, height: height, pixels: Array(bytes[index...]), scale: 300.0 / 72))
    }
}
