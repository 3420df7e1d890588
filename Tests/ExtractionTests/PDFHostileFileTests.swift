import DocumentModel
import Foundation
@testable import PDFExtraction
import Testing

/// Hostile, odd and damaged PDFs (written by scripts/make-fixtures): a typed error naming the file
/// and the reason, or a bounded read; never a crash or a hang.
@Suite struct PDFHostileFileTests {
    func reason(_ fixture: String, limits: PDFLimits = .default) -> ExtractionError.Reason? {
        let path = Paths.fixture(fixture)
        do {
            _ = try PDFExtractor.extract(path: path, limits: limits)
            return nil
        } catch {
            #expect(error.file == path)
            return error.reason
        }
    }

    @Test func encryptedOnlyAgainstEditingOpens() throws {
        let pages = try PDFExtractor.extract(path: Paths.fixture("encrypted-owner.pdf"))
        #expect(pages.first?.lines.map(\.text) == ["Annual report 2023"])
    }

    /// Read from memory, as the batch reads every file: poppler-glib 22.12, given a password for
    /// a document that needs another, opened it again from a copy of its stream and crashed
    /// (the batch recorded "crashed (signal 11)"); no password is given, so an empty one is tried.
    @Test func encryptedWithAUserPasswordIsNamed() {
        #expect(reason("encrypted-user.pdf") == .encrypted)
    }

    @Test func truncatedAndCorruptAreDamaged() {
        #expect(reason("truncated.pdf") == .damaged("PDF document is damaged"))
        #expect(reason("garbage.pdf") == .damaged("PDF document is damaged"))
    }

    @Test func noPages() {
        #expect(reason("no-pages.pdf") == .noPages)
    }

    @Test func aScanWithoutTextNamesThePage() {
        #expect(reason("scanned.pdf") == .noTextLayer(pages: [1]))
        let message = ExtractionError(file: "a.pdf", reason: .noTextLayer(pages: [1])).description
        #expect(message == "a.pdf: page 1 has no text layer (a scanned page?); it cannot be read as text")
    }

    @Test func aHundredThousandPathsMakeNoTableAndStayBounded() throws {
        let start = ContinuousClock.now
        #expect(reason("many-paths.pdf") == .noTextLayer(pages: [1]))
        // Generous: the point is that it ends, not how fast (that is the benchmark's job).
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func charactersPerPageAreBounded() throws {
        let pages = try PDFExtractor.extract(path: Paths.fixture("many-characters.pdf"))
        #expect((pages.first?.runs.count ?? 0) >= 50_000)
        guard case .limitExceeded(let detail) = reason("many-characters.pdf", limits: PDFLimits(maxCharactersPerPage: 10_000)) else {
            Issue.record("a page past the character limit must be refused")
            return
        }
        #expect(detail.hasPrefix("page 1 has ") && detail.hasSuffix(" characters (limit 10000)"))
    }

    @Test func aPageStoredTurnedComesOutUpright() throws {
        // /Rotate 90 with the text drawn turned: a landscape page as Word and WPS export it.
        let page = try #require(try PDFExtractor.extract(path: Paths.fixture("rotated-90.pdf")).first)
        #expect(page.width == 842 && page.height == 595)
        #expect(page.lines.map(\.text) == ["Annual report 2023"])
        let line = try #require(page.lines.first)
        #expect(line.box.width > 5 * line.box.height)
    }

    @Test func missingFile() {
        #expect(reason("does-not-exist.pdf") == .unreadable("no such file or no permission"))
    }

    /// Pages drawing one shared stream cost the file nothing per page; the document's characters are bounded.
    @Test func charactersPerDocumentAreBounded() throws {
        let kids = (0..<50).map { "\(5 + $0) 0 R" }.joined(separator: " ")
        let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
        let objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [\(kids)] /Count 50 >>",
                       "<< /Length 40 >>\nstream\nBT /F1 9 Tf 72 700 Td (0123456789) Tj ET\nendstream",
                       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] + Array(repeating: page, count: 50)
        let pdf = Data(MinimalPDF.bytes(objects: objects))
        #expect(try PDFExtractor.extract(bytes: pdf, file: "shared.pdf").count == 50)
        do {
            _ = try PDFExtractor.extract(bytes: pdf, file: "shared.pdf", limits: PDFLimits(maxCharacters: 200))
            Issue.record("a document past the character limit must be refused")
        } catch {
            #expect(error == ExtractionError(file: "shared.pdf", reason: .limitExceeded("more than 200 characters by page 21")))
        }
    }

    /// One page of Helvetica text: a PDF as small as the hostile ones found, written here.
    static func onePagePDF(mediaBox: String, content: String) -> Data {
        Data(MinimalPDF.bytes(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [\(mediaBox)] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]))
    }

    /// Three characters side by side (a table row, so the band is rendered) on a page 1e14 points wide.
    static let threeCharacters = "BT /F1 8 Tf 1 1 Td (A) Tj 40 0 Td (B) Tj 40 0 Td (C) Tj ET"

    @Test func aPageWiderThanPDFAllowsIsRefused() {
        let pdf = Self.onePagePDF(mediaBox: "0 0 100000000000000 10", content: Self.threeCharacters)
        #expect(pdf.count < 700)
        do {
            _ = try PDFExtractor.extract(bytes: pdf, file: "wide.pdf")
            Issue.record("a page 1e14 points wide must be refused")
        } catch {
            #expect(error == ExtractionError(file: "wide.pdf", reason: .limitExceeded(
                "page 1 is 1e+14 × 10 points; a PDF page is at most 14400 points a side")))
        }
    }

    /// Past the page-size limit, rendering itself skips a band cairo cannot draw, rather than trap.
    @Test func aBandTooWideToRenderIsSkipped() throws {
        let pdf = Self.onePagePDF(mediaBox: "0 0 100000000000000 10", content: Self.threeCharacters)
        let page = try #require(try PDFExtractor.extract(bytes: pdf, file: "wide.pdf", limits: PDFLimits(maxPageSide: .infinity)).first)
        #expect(page.lines.map(\.text) == ["A", "B", "C"])
        #expect(page.rulings.isEmpty)
    }

    /// A ruled table whose middle cell is set in a 1e30-point font (this trapped in
    /// RasterRulings.swift): the table's lines are found, and no size or box that no page can show comes out.
    @Test func aHugeFontSizeInARuledTableIsBounded() throws {
        let grid = "0.5 w 50 700 m 350 700 l S 50 680 m 350 680 l S 50 660 m 350 660 l S "
            + "50 660 m 50 700 l S 150 660 m 150 700 l S 250 660 m 250 700 l S 350 660 m 350 700 l S "
        let text = "BT /F1 9 Tf 60 685 Td (a) Tj 100 0 Td (b) Tj ET BT /F1 9 Tf 60 665 Td (c) Tj ET "
            + "BT /F1 1000000000000000000000000000000 Tf 160 665 Td (X) Tj ET BT /F1 9 Tf 260 665 Td (d) Tj ET"
        let pages = try PDFExtractor.extract(bytes: Self.onePagePDF(mediaBox: "0 0 595 842", content: grid + text), file: "font.pdf")
        let page = try #require(pages.first)
        for run in page.runs {
            #expect(run.fontSize.isFinite && run.fontSize <= 3 * 842)
            #expect([run.box.x0, run.box.y0, run.box.x1, run.box.y1].allSatisfy { $0.isFinite && abs($0) <= 2 * 842 })
        }
        // poppler's own text selection loses the characters left of the giant glyph's block (a, c);
        // pdftotext's word list has them. What poppler-glib gives is what can be read here.
        #expect(Set(page.runs.map(\.text)).isSuperset(of: ["b", "d"]))
        #expect(page.rulings.count >= 7)
    }

    /// Numbers past any real page in the text matrix put characters nowhere a reader sees; they are
    /// kept within a page's reach of the page, or dropped, never passed on as 1e299.
    @Test func aHugeTextMatrixIsBounded() throws {
        let content = "BT /F1 9 Tf 60 700 Td (a) Tj ET BT /F1 9 Tf " + String(repeating: "9", count: 300) + " 0 0 1 0 0 Tm 100000000000000000000 0 0 100000000000000000000 "
            + "100000000000000000000 -100000000000000000000 cm (Z) Tj ET BT /F1 9 Tf 200 700 Td (b) Tj ET"
        do {
            let pages = try PDFExtractor.extract(bytes: Self.onePagePDF(mediaBox: "0 0 595 842", content: content), file: "matrix.pdf")
            let runs = pages.flatMap(\.runs)
            #expect(runs.allSatisfy { [$0.box.x0, $0.box.y0, $0.box.x1, $0.box.y1, $0.fontSize].allSatisfy(\.isFinite) })
            #expect(runs.allSatisfy { abs($0.box.x0) <= 2 * 595 && abs($0.box.y1) <= 2 * 842 })
        } catch {
            #expect(error.file == "matrix.pdf")
        }
    }
}
