import DocumentModel
import Foundation
import SourceReading
@testable import GongkaiCLI
import Testing

/// The command line's one entry to the extractors: chosen by the file's bytes, never its name.
@Suite struct SourceReaderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    @Test func readsPDFAndDOCXByContent() throws {
        let pdf = try SourceReader.read(path: Self.path("Samples/inbox/suqian-2020.pdf"))
        #expect(pdf.kind == .pdf && pdf.pages.count == 4 && pdf.tables.count == 3)
        let docx = try SourceReader.read(path: Self.path("Samples/inbox/suqian-2020.docx"))
        #expect(docx.kind == .docx && docx.pages.isEmpty && docx.tables.count == 3)
        #expect(summary(of: docx, file: "suqian-2020.docx") == "suqian-2020.docx: docx, 25 paragraphs, 3 tables (18×4, 26×10, 4×15)")
    }

    @Test func namesWhatItCannotRead() {
        func reason(_ relative: String) -> ExtractionError.Reason? {
            do {
                _ = try SourceReader.read(path: Self.path(relative))
                return nil
            } catch {
                return error.reason
            }
        }
        #expect(reason("README.md") == .unsupportedFormat("a .md file whose content is neither PDF nor DOCX"))
        #expect(reason("Samples") == .unreadable("it is a directory"))
        #expect(reason("Tests/ExtractionTests/Fixtures/empty.docx") == .damaged("the file is empty"))
        #expect(reason("Tests/ExtractionTests/Fixtures/legacy.wps") == .legacyFormat("WPS (.wps)"))
        #expect(reason("no/such/file.pdf") == .unreadable("no such file"))
    }
}
