import CPoppler
import DocumentModel
import Foundation
@testable import PDFExtraction
import Testing

/// A page drawn whole before its text is read gives its text and rulings from one parse of its
/// contents (`PDFExtractor.readPage`); what it gives must be what reading the text alone and
/// drawing only the table's band gave.
@Suite struct WholePageDrawingTests {
    static let pdfs = ["gongshu-2023.pdf", "gongshu-2023-landscape.pdf", "suqian-2020.pdf", "suzhou-2023.pdf",
                       "zaozhuang-shizhong-2023-split.pdf", "zhoukou-2023-unruled.pdf"].map(Paths.sample)

    static func pages(_ bytes: Data, wholePages: Bool) throws -> [Page] {
        try PDFExtractor.extract(bytes: bytes, file: "page.pdf", limits: .default, scannedPages: nil, pictures: nil, wholePages: wholePages)
    }

    @Test(arguments: pdfs)
    func aPageDrawnWholeReadsAsItsBands(path: String) throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(PDFExtractor.drawsPagesWhole(bytes, limits: .default))
        let whole = try Self.pages(bytes, wholePages: true)
        let banded = try Self.pages(bytes, wholePages: false)
        #expect(whole.map(\.runs) == banded.map(\.runs))
        #expect(whole.map(\.lines) == banded.map(\.lines))
        for (drawn, band) in zip(whole, banded) {
            // The same lines, placed within a pixel: a band starts at a fraction of a point, the page at 0.
            #expect(drawn.rulings.count == band.rulings.count, "page \(drawn.number)")
            for (one, other) in zip(drawn.rulings, band.rulings) {
                #expect(one.orientation == other.orientation)
                #expect(abs(one.position - other.position) <= 1 && abs(one.start - other.start) <= 1 && abs(one.end - other.end) <= 1,
                        "page \(drawn.number): \(one) against \(other)")
            }
        }
        #expect(whole.contains { !$0.rulings.isEmpty } == !path.hasSuffix("unruled.pdf"))
    }

    /// A page whose two glyphs are a Type 3 font's (drawn by procedures, which cairo runs itself)
    /// beside Helvetica, in a ruled table: the text met while drawing holds both.
    @Test func typeThreeTextIsReadWhileDrawing() throws {
        let content = """
        0.5 w 100 700 m 400 700 l S 100 650 m 400 650 l S 100 600 m 400 600 l S 100 600 m 100 700 l S 250 600 m 250 700 l S 400 600 m 400 700 l S
        BT /T3 12 Tf 110 670 Td (ABBA) Tj ET BT /F1 12 Tf 260 670 Td (123) Tj ET
        BT /T3 12 Tf 110 620 Td (BAB) Tj ET BT /F1 12 Tf 260 620 Td (45) Tj ET
        """
        let procedure = { (width: Int) in "800 0 0 0 750 750 d1 0 0 \(width) 750 re f" }
        let pdf = Data(MinimalPDF.bytes(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /T3 5 0 R /F1 8 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /A 6 0 R /B 7 0 R >> "
                + "/Encoding << /Type /Encoding /Differences [65 /A /B] >> /FirstChar 65 /LastChar 66 /Widths [800 800] /Resources << >> >>",
            "<< /Length \(procedure(750).utf8.count) >>\nstream\n\(procedure(750))\nendstream",
            "<< /Length \(procedure(375).utf8.count) >>\nstream\n\(procedure(375))\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]))
        let whole = try #require(try Self.pages(pdf, wholePages: true).first)
        #expect(whole.runs.map(\.text).joined() == "ABBA123BAB45")
        #expect(whole.rulings.count == 6)
        #expect(whole.runs == (try Self.pages(pdf, wholePages: false).first?.runs))
    }

    /// A stamp's or a form field's appearance is drawn with the page, and its text would be met
    /// with the page's own: such a page is read as before, its text alone, then its band drawn.
    @Test func anAnnotationsTextIsNotReadAsThePages() throws {
        func page(annotation: String) -> Data {
            let content = "BT /F1 12 Tf 100 700 Td (Report) Tj ET"
            let appearance = "BT /F1 12 Tf 0 5 Td (SEAL) Tj ET"
            return Data(MinimalPDF.bytes(objects: [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Annots [6 0 R] /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                "<< /Type /Annot /Subtype /\(annotation) /Rect [300 600 400 640] /F 4 /AP << /N 7 0 R >> >>",
                "<< /Type /XObject /Subtype /Form /BBox [0 0 100 40] /Resources << /Font << /F1 5 0 R >> >> /Length \(appearance.utf8.count) >>\nstream\n\(appearance)\nendstream",
            ]))
        }
        let stamped = page(annotation: "Stamp")
        #expect(try Self.pages(stamped, wholePages: true).first?.runs.map(\.text).joined() == "Report")
        let document = try #require(poppler(stamped))
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let stampedPage = try #require(poppler_document_get_page(document, 0))
        defer { g_object_unref(UnsafeMutableRawPointer(stampedPage)) }
        #expect(!PDFExtractor.drawsOnlyContentText(stampedPage))

        let linked = try #require(poppler(page(annotation: "Link")))
        defer { g_object_unref(UnsafeMutableRawPointer(linked)) }
        let linkedPage = try #require(poppler_document_get_page(linked, 0))
        defer { g_object_unref(UnsafeMutableRawPointer(linkedPage)) }
        #expect(PDFExtractor.drawsOnlyContentText(linkedPage))
    }

    /// A file declaring an image past the budget has no page drawn whole: drawing decodes it whole.
    @Test func aFileWithAHugeImageIsDrawnOnlyInBands() {
        func declaring(_ width: Int, _ height: Int) -> Data {
            Data("1 0 obj << /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /BitsPerComponent 8 >> endobj".utf8)
        }
        #expect(PDFExtractor.drawsPagesWhole(declaring(2_480, 3_508), limits: .default))
        #expect(!PDFExtractor.drawsPagesWhole(declaring(20_000, 20_000), limits: .default))
        #expect(!PDFExtractor.drawsPagesWhole(declaring(2_480, 3_508), limits: PDFLimits(maxDrawnImagePixels: 1_000_000)))
    }

    private func poppler(_ bytes: Data) -> OpaquePointer? {
        bytes.withUnsafeBytes { buffer in
            let data = g_bytes_new(buffer.baseAddress, gsize(buffer.count))
            defer { g_bytes_unref(data) }
            return poppler_document_new_from_bytes(data, nil, nil)
        }
    }
}

/// Whitespace is told as Unicode's White_Space property tells it, ASCII without the tables.
@Test func whitespaceIsUnicodes() {
    for value in UInt32(0)...0x3000 {
        guard let scalar = Unicode.Scalar(value) else { continue }
        #expect(PDFExtractor.isWhitespace(scalar) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
    }
}
