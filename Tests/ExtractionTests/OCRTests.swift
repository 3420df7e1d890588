import DocumentModel
import Foundation
@testable import OCRExtraction
import PageRaster
import PDFExtraction
import SourceReading
import Testing

/// The OCR stage on real scans (pages of the samples rendered and compressed as a scanner would,
/// by scripts/samples/scan.py) and on rasters drawn here; Tesseract is a dependency like poppler.
@Suite(.serialized) struct OCRTests {
    /// Section 三's page of suzhou-2023 at 200 dpi, grey, JPEG 60, no text layer.
    @Test func aScannedTablePageIsReadCellByCell() throws {
        let document = try SourceReader.read(path: Paths.fixture("scan-suzhou-p3-200dpi-grey.pdf"))
        #expect(document.recognized == .pages([1]))
        let table = try #require(document.tables.first { $0.rowCount >= 20 && $0.columnCount == 10 })
        let texts = table.cells.map(\.text)
        #expect(texts.contains("申请人情况"))
        #expect(texts.contains("137"))
        #expect(texts.contains("115"))
        // Every cell read has Tesseract's confidence, between 0 and 1; cells of figures are figures.
        let read = table.cells.filter { !$0.text.isEmpty }
        #expect(read.allSatisfy { ($0.confidence ?? -1) >= 0 && ($0.confidence ?? 2) <= 1 })
        let figures = table.cells.filter { $0.column >= 3 && $0.row >= 3 }
        #expect(figures.filter { Int($0.text) != nil }.count * 10 >= figures.count * 9)
        // Its lone 0s (131 at JPEG 85) are told by their shape as well as read, and sure; so are
        // its lone 1s, where Tesseract read one as 7 twice.
        let zeros = table.cells.filter { $0.text == "0" }
        #expect(zeros.count >= 120)
        #expect(zeros.filter { $0.confidence == loneFigureConfidence }.count * 20 >= zeros.count * 19)
        let ones = table.cells.filter { $0.text == "1" }
        #expect(ones.count >= 3 && ones.allSatisfy { $0.confidence == loneFigureConfidence })
    }

    /// The same page in black and white at 300 dpi: the rulings come out in pieces and are joined.
    @Test func aBlackAndWhiteScanKeepsItsGrid() throws {
        let document = try SourceReader.read(path: Paths.fixture("scan-suzhou-p3-300dpi-bw.pdf"))
        let table = try #require(document.tables.first { $0.rowCount >= 20 })
        #expect(table.columnCount == 10)
        #expect(table.cells.contains { $0.text == "137" })
    }

    /// The page turned 1.5° on the glass: straightened before its rulings are looked for, which
    /// would otherwise be staircases no longer than a few points.
    @Test func aSkewedScanIsTurnedStraight() throws {
        let path = Paths.fixture("scan-suzhou-p3-300dpi-bw-rot+1.5.pdf")
        let document = try SourceReader.read(path: path)
        let table = try #require(document.tables.first { $0.rowCount >= 20 })
        #expect(table.columnCount == 10)
        #expect(table.cells.contains { $0.text == "137" })
    }

    @Test func aScannedLineInPiecesIsOneRuling() {
        let pieces = [Ruling(orientation: .horizontal, position: 100, start: 10, end: 80),
                      Ruling(orientation: .horizontal, position: 100.6, start: 83, end: 200),
                      Ruling(orientation: .horizontal, position: 140, start: 10, end: 200),
                      Ruling(orientation: .vertical, position: 10, start: 100, end: 140)]
        let joined = bridged(pieces)
        #expect(joined.count == 3)
        #expect(joined.contains { $0.orientation == .horizontal && $0.start == 10 && $0.end == 200 && abs($0.position - 100.4) < 0.1 })
    }

    /// What the readings of a figure agree on decides how sure the cell is.
    @Test func figureReadingsVote() {
        func symbols(_ text: String, _ confidence: Double) -> [RecognizedSymbol] {
            text.map { RecognizedSymbol(text: String($0), left: 0, top: 0, right: 1, bottom: 1, confidence: confidence) }
        }
        let all = vote(first: symbols("137", 0.9), readings: [symbols("137", 0.8), symbols("137", 0.9), symbols("137", 0.7)])
        #expect(all.map(\.text).joined() == "137" && all.allSatisfy { $0.confidence == 0.95 })
        let most = vote(first: symbols("7", 0.3), readings: [symbols("137", 0.9), symbols("137", 0.9), symbols("37", 0.9)])
        #expect(most.map(\.text).joined() == "137" && most.allSatisfy { $0.confidence == 0.6 })
        let none = vote(first: symbols("115", 0.9), readings: [symbols("115", 0.9), symbols("15", 0.9), symbols("45", 0.9)])
        #expect(none.allSatisfy { $0.confidence <= 0.3 })
        // A short label read as figures by the models stays the label unless they all agree and are surer.
        let label = vote(first: symbols("其他", 0.96), readings: [symbols("4", 0.0), symbols("4", 0.2), symbols("", 0)])
        #expect(label.map(\.text).joined() == "其他")
        // A lone 1 read as a character, and as 1 by most readings.
        let one = vote(first: symbols("下", 0.6), readings: [symbols("1", 0.9), symbols("1", 0.8), symbols("4", 0.5)])
        #expect(one.map(\.text).joined() == "1" && one.allSatisfy { $0.confidence == 0.6 })
        // A lone 1 the Chinese model read as 于 and was unsure of, seen by one reading only: the
        // figure, under review.
        let unsure = vote(first: symbols("于", 0.02), readings: [symbols("1", 0.96), [], []])
        #expect(unsure.map(\.text).joined() == "1" && unsure.allSatisfy { $0.confidence == 0.3 })
        // A small 0 the first reading and one figure reading saw, the others nothing: not
        // contradicted, so as sure as a majority; with another figure read, a disagreement.
        let missed = vote(first: symbols("0", 0.7), readings: [symbols("0", 0.73), [], []])
        #expect(missed.map(\.text).joined() == "0" && missed.allSatisfy { $0.confidence == 0.6 })
        let contradicted = vote(first: symbols("0", 0.7), readings: [symbols("0", 0.73), symbols("8", 0.5), []])
        #expect(contradicted.allSatisfy { $0.confidence == 0.3 })
        // O read for a narrow 0 counts as 0, and is written so.
        let zero = vote(first: symbols("O", 0.7), readings: [symbols("O", 0.78), symbols("0", 0.4), symbols("o", 0.6)])
        #expect(zero.map(\.text).joined() == "0" && zero.allSatisfy { abs($0.confidence - 0.89) < 1e-9 })
    }

    /// A figure's ink enlarged for Tesseract: the picture is the factor times larger with its
    /// paper around it, the ink's dark where it was, and the symbols read in it go back to the
    /// page's pixels.
    @Test func aFigureIsEnlargedAndPlacedBack() throws {
        var pixels = [UInt8](repeating: 255, count: 20 * 20)
        for y in 5..<15 { for x in 8..<10 { pixels[y * 20 + x] = 0 } }
        let page = try #require(GrayRaster(width: 20, height: 20, pixels: pixels, scale: 200.0 / 72))
        let ink = PixelRegion(left: 8, top: 5, width: 2, height: 10)
        let picture = try #require(page.enlarged(ink, factor: 4, margin: 6))
        #expect(picture.width == 8 + 12 && picture.height == 40 + 12)
        #expect(abs(picture.scale - 4 * page.scale) < 1e-9)
        #expect(picture[9, 25] == 0 && picture[2, 25] == 255)
        let symbol = RecognizedSymbol(text: "1", left: 6, top: 6, right: 14, bottom: 46, confidence: 0.9)
        let placed = symbol.moved(by: ink, margin: 6, factor: 4)
        #expect((placed.left, placed.top, placed.right, placed.bottom) == (8, 5, 10, 15))
    }

    /// Pages that are no document: a note and nothing read, in bounded time.
    @Test func blackAndNoisePagesAreNotRead() throws {
        let recognizer = try #require(PageRecognizer())
        let (width, height) = (2_480, 3_508)
        let black = try #require(GrayRaster(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height), scale: 300.0 / 72))
        let blackPage = recognizer.read(black, number: 1)
        #expect(blackPage.page.runs.isEmpty)
        #expect(blackPage.notes == ["page 1: 100 % of the scan is dark (a black page or noise), not read"])
        var generator = SystemRandomNumberGenerator()
        let noise = try #require(GrayRaster(width: width, height: height,
                                            pixels: (0..<width * height).map { _ in Bool.random(using: &generator) ? 0 : 255 }, scale: 300.0 / 72))
        let noisePage = recognizer.read(noise, number: 2)
        #expect(noisePage.page.runs.isEmpty)
        #expect(noisePage.notes.first?.hasPrefix("page 2: ") == true)
    }

    /// A page of the largest size a PDF allows (14,400 points, 60,000 pixels a side at 300 dpi)
    /// covered by a picture is rendered within the pixel budget, and refused as before when OCR
    /// reads nothing in it, with the note saying why.
    @Test func aHugeScannedPageIsRenderedWithinBounds() throws {
        let content = "q 14400 0 0 14400 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 00FFFF00> EI Q"
        let pdf = MinimalPDF.bytes(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        ])
        let start = ContinuousClock.now
        #expect(throws: ExtractionError(file: "huge.pdf", reason: .noTextLayer(pages: [1]))) {
            try SourceReader.read(bytes: Data(pdf), name: "huge.pdf")
        }
        // Generous: the point is that it ends, not how fast (that is the benchmark's job).
        #expect(ContinuousClock.now - start < .seconds(120))
    }
    /// Hostile scans through the scanned-PDF route, made here: a 20,000-pixel square 1-bit page
    /// image (white, a ruled band every 2,000 rows), a page of 1-bit noise and a page all black.
    /// Each is rendered within the pixel budget and its page left unread (the dark ones with a
    /// note, the large one having nothing to read), so the file is refused as having no text layer.
    @Test(arguments: [HostileScan.huge, .noise, .black])
    func aHostileScanEnds(_ scan: HostileScan) throws {
        let pdf = scan.pdf()
        #expect(throws: ExtractionError(file: "\(scan).pdf", reason: .noTextLayer(pages: [1]))) {
            try SourceReader.read(bytes: Data(pdf), name: "\(scan).pdf")
        }
    }
}

/// One-page PDFs whose page is a 1-bit image, written at test time (RunLength-compressed, hex).
enum HostileScan: String, CustomStringConvertible, CaseIterable {
    case huge, noise, black

    var description: String { rawValue }

    func pdf() -> [UInt8] {
        let (width, height, data): (Int, Int, [UInt8]) = switch self {
        case .huge: (20_000, 20_000, Self.huge(side: 20_000))
        case .noise: (2_480, 3_508, Self.literal((0..<(2_480 / 8) * 3_508).map { _ in UInt8.random(in: 0...255) }))
        case .black: (2_480, 3_508, Self.repeated(0, count: (2_480 / 8) * 3_508))
        }
        let hex = String(decoding: data.flatMap { [Self.digits[Int($0 >> 4)], Self.digits[Int($0 & 15)]] } + [UInt8(ascii: ">")], as: UTF8.self)
        let content = "q 595 0 0 842 0 0 cm /Im0 Do Q"
        return MinimalPDF.bytes(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceGray /BitsPerComponent 1 "
                + "/Filter [/ASCIIHexDecode /RunLengthDecode] /Length \(hex.utf8.count) >>\nstream\n\(hex)\nendstream",
        ])
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    /// White rows, every 2,000th row and the 9 after it black.
    private static func huge(side: Int) -> [UInt8] {
        let row = side / 8
        return (0..<side / 10).flatMap { band in repeated(band % 200 == 0 ? 0 : 255, count: row * 10) }
    }

    /// RunLength runs of one byte.
    private static func repeated(_ byte: UInt8, count: Int) -> [UInt8] {
        stride(from: 0, to: count, by: 128).flatMap { start in
            let length = min(128, count - start)
            return length == 1 ? [0, byte] : [UInt8(257 - length), byte]
        }
    }

    /// RunLength literal runs.
    private static func literal(_ bytes: [UInt8]) -> [UInt8] {
        stride(from: 0, to: bytes.count, by: 128).flatMap { start in
            let end = min(start + 128, bytes.count)
            return [UInt8(end - start - 1)] + bytes[start..<end]
        }
    }
}
