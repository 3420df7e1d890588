import DocumentModel
@testable import DocxExtraction
import Foundation
@testable import OCRExtraction
import PageRaster
import PDFExtraction
import SourceReading
import Testing

/// Pictures that may be tables pasted as images, and hostile ones (scripts/samples/picture-fixtures.py):
/// a picture past the pixel budget, or bytes that are no picture, cost a note, and the rest of
/// the document is read. The values read from a real pasted table are PastedPictureTests'.
@Suite(.serialized) struct PictureTests {
    /// A 20,000-pixel square picture on a page of text: poppler would decode it whole (1.6 GB) to
    /// draw it at any size, so the file's declared size keeps every page of it from being drawn.
    @Test func aHugePictureInAPDFIsNotDrawn() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("picture-huge.pdf")))
        let largest = try #require(PDFExtractor.largestDeclaredImage(in: bytes))
        #expect(largest.width == 20_000 && largest.height == 20_000)
        let document = try SourceReader.read(path: Paths.fixture("picture-huge.pdf"))
        #expect(document.problems == [
            "the file holds a picture of 20000 × 20000 pixels, past the budget of 64000000 pixels: no page or picture of it is read by OCR"])
        #expect(document.recognized == nil)
        #expect(document.paragraphs.map(\.text).contains { $0.contains("Section four follows the picture") })
    }

    /// A sample with pictures of ordinary size declares them and is read as before.
    @Test func ordinaryPicturesAreWithinTheBudget() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("scan-suzhou-p3-200dpi-grey.pdf")))
        let largest = try #require(PDFExtractor.largestDeclaredImage(in: bytes))
        #expect(largest.width * largest.height < PictureLimits().maxPixels)
        #expect(PDFExtractor.largestDeclaredImage(in: Data("%PDF-1.4 no pictures".utf8)) == nil)
    }

    /// A picture of a ruled table of figures on a page of text is read into the page as a table;
    /// the same picture under a text layer (a searchable scan's) is left to that layer.
    @Test func aPictureOfATableIsReadUnlessTextLiesOverIt() throws {
        let read = try SourceReader.read(path: Paths.fixture("picture-grid.pdf"))
        #expect(read.recognized == .pages([1]))
        let table = try #require(read.tables.first)
        #expect(table.rowCount == 3 && table.columnCount == 4)
        // The picture is drawn 384 × 192 pt from (72, 130) on the page: the cell of row 1, column 1
        // is 168–264 by 194–258 there.
        let cell = try #require(table.cells.first { $0.text == "1290" })
        #expect(cell.page == 1 && cell.row == 1 && cell.column == 1)
        let box = try #require(cell.box)
        #expect(box.x0 > 164 && box.x1 < 268 && box.y0 > 190 && box.y1 < 262, "\(box)")
        #expect(table.cells.filter { $0.confidence != nil }.count >= 10)
        let underText = try SourceReader.read(path: Paths.fixture("picture-under-text.pdf"))
        #expect(underText.recognized == nil)
        #expect(underText.tables.isEmpty)
        #expect(underText.problems.isEmpty)
    }

    /// The same huge picture in a DOCX: refused from its PNG header, never decoded.
    @Test func aHugePictureInADocxIsRefusedFromItsHeader() throws {
        let start = ContinuousClock.now
        let document = try SourceReader.read(path: Paths.fixture("picture-huge.docx"))
        #expect(document.problems == ["word/media/image1.png: a picture of 20000 × 20000 pixels, past the budget of 64000000 pixels, not read"])
        #expect(document.recognized == nil)
        #expect(document.tables.count == 1)
        #expect(document.paragraphs.map(\.text) == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"])
        // Generous: the point is that it never decodes 400 million pixels (the benchmark times it).
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func bytesThatAreNoPictureCostANote() throws {
        let document = try SourceReader.read(path: Paths.fixture("picture-garbage.docx"))
        #expect(document.problems == ["word/media/image1.png: not a picture that can be read (PNG, JPEG, TIFF, GIF or BMP), not read"])
        #expect(document.tables.count == 1)
        #expect(document.paragraphs.count == 3)
    }

    /// Without a picture reader (the extractor alone), drawings are passed over as before.
    @Test func theDocxExtractorAlonePassesPicturesOver() throws {
        let document = try DocxExtractor.extract(path: Paths.fixture("picture-garbage.docx"))
        #expect(document.problems.isEmpty)
        #expect(document.tables.count == 1 && document.paragraphs.count == 3)
    }

    /// A picture of a ruled grid drawn here, decoded and read: its cells come back as a table;
    /// a picture of a frame alone (a chart's, a photo's) is no table.
    @Test func aPictureOfAGridIsATableAndAFrameIsNot() throws {
        let recognizer = try #require(PageRecognizer())
        let grid = try #require(GrayRaster(width: 1_200, height: 600, pixels: ruled(width: 1_200, height: 600, columns: 4, rows: 3), scale: 300.0 / 72))
        let read = try #require(recognizer.readPicture(grid, at: BoundingBox(x0: 100, y0: 200, x1: 100 + grid.pointWidth, y1: 200 + grid.pointHeight), page: 2))
        // The rulings are placed on the page, inside the picture's frame.
        #expect(read.page.rulings.count >= 9)
        let inFrame = read.page.rulings.filter { ruling in
            let (across, along): (Double, Double) = ruling.orientation == .horizontal ? (200, 100) : (100, 200)
            return ruling.position >= across - 1 && ruling.start >= along - 1
        }
        #expect(inFrame.count == read.page.rulings.count)
        let frame = try #require(GrayRaster(width: 1_200, height: 600, pixels: ruled(width: 1_200, height: 600, columns: 1, rows: 1), scale: 300.0 / 72))
        #expect(recognizer.readPicture(frame, at: BoundingBox(x0: 0, y0: 0, x1: frame.pointWidth, y1: frame.pointHeight), page: 1) == nil)
    }

    @Test func relationshipTargetsAreMembersOfTheArchive() {
        #expect(resolved("media/image1.png") == "word/media/image1.png")
        #expect(resolved("/word/media/image1.png") == "word/media/image1.png")
        #expect(resolved("../media/image1.png") == "media/image1.png")
        #expect(resolved("./media/../media/image2.jpeg") == "word/media/image2.jpeg")
    }

    @Test func onlyPicturesAsLargeAsATableMayHoldOne() {
        #expect(PictureGeometry.mayHoldTable(width: 451, height: 500))
        // A seal, a signature, a logo.
        #expect(!PictureGeometry.mayHoldTable(width: 120, height: 120))
        #expect(!PictureGeometry.mayHoldTable(width: 300, height: 40))
        #expect(!PictureGeometry.mayHoldTable(width: .nan, height: 500))
    }
}

/// White pixels with a frame and a grid of `columns` × `rows` cells drawn in black lines 4 pixels thick.
private func ruled(width: Int, height: Int, columns: Int, rows: Int) -> [UInt8] {
    var pixels = [UInt8](repeating: 255, count: width * height)
    for k in 0...columns {
        let x = min(k * width / columns, width - 4)
        for y in 0..<height { for dx in 0..<4 { pixels[y * width + x + dx] = 0 } }
    }
    for k in 0...rows {
        let y = min(k * height / rows, height - 4)
        for dy in 0..<4 { for x in 0..<width { pixels[(y + dy) * width + x] = 0 } }
    }
    return pixels
}
