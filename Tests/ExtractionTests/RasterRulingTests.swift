import DocumentModel
@testable import PDFExtraction
import Testing

/// A white bitmap at 1 pixel a point with ink drawn in.
func bitmap(width: Int, height: Int, ink: [(x: Range<Int>, y: Range<Int>, gray: UInt8)]) -> GrayBitmap {
    var pixels = [UInt8](repeating: 255, count: width * height)
    for mark in ink {
        for y in mark.y { for x in mark.x { pixels[y * width + x] = mark.gray } }
    }
    return GrayBitmap(width: width, height: height, pixels: pixels, scale: 1, top: 0)
}

@Suite struct RasterRulingTests {
    @Test func strokedLinesAndThinFilledRectanglesAreRulings() {
        let page = bitmap(width: 300, height: 200, ink: [
            (10..<290, 20..<21, 0),      // a hairline stroke
            (10..<290, 80..<82, 120),    // a 2 pt grey filled rectangle (anti-aliased line)
            (10..<11, 20..<82, 0),       // verticals
            (289..<290, 20..<82, 0),
        ])
        let rulings = findRulings(in: page)
        #expect(rulings.filter { $0.orientation == .horizontal }.map(\.position) == [20.5, 81])
        #expect(rulings.filter { $0.orientation == .vertical }.map(\.position) == [10.5, 289.5])
        #expect(rulings.first?.start == 10 && rulings.first?.end == 290)
    }

    @Test func shortStrokesFillsAndLightInkAreNot() {
        let page = bitmap(width: 300, height: 200, ink: [
            (10..<18, 20..<21, 0),       // 8 pt: a glyph's stroke
            (10..<290, 50..<70, 0),      // 20 pt tall: a filled area, not a line
            (10..<290, 100..<101, 230),  // too light to be ink
        ])
        #expect(findRulings(in: page).isEmpty)
    }

    @Test func erasedCharactersLeaveNoStrokes() {
        var page = bitmap(width: 300, height: 200, ink: [(20..<40, 30..<31, 0), (30..<31, 22..<40, 0)])
        page.erase([BoundingBox(x0: 18, y0: 20, x1: 42, y1: 42)])
        #expect(findRulings(in: page).isEmpty)
    }

    @Test func aBandKeepsPageCoordinates() {
        let band = GrayBitmap(width: 100, height: 10, pixels: [UInt8](repeating: 0, count: 100) + [UInt8](repeating: 255, count: 900), scale: 1, top: 400)
        #expect(findRulings(in: band).map(\.position) == [400.5])
    }
}
