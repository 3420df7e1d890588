import DocumentModel
import Foundation
import PDFExtraction
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
}
