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
        #expect(docx.convertedFrom == nil)
        #expect(summary(of: docx, file: "suqian-2020.docx") == "suqian-2020.docx: docx, 25 paragraphs, 3 tables (18×4, 26×10, 4×15)")
    }

    /// Web pages and web archives by their bytes, whatever their name says.
    @Test func readsWebPagesByContent() throws {
        let page = try SourceReader.read(path: Self.path("Samples/inbox/suqian-2020.html"))
        #expect(page.kind == .html && page.pages.isEmpty && page.tables.count == 3)
        #expect(summary(of: page, file: "suqian-2020.html") == "suqian-2020.html: html, 25 paragraphs, 3 tables (18×4, 26×10, 4×15)")
        let archive = try SourceReader.contents(ofFile: Self.path("Samples/inbox/zaozhuang-shizhong-2023.mht"))
        let misnamed = try SourceReader.read(bytes: archive, name: "report.pdf")
        #expect(misnamed.kind == .html && misnamed.tables.count == 3)
        #expect(misnamed == (try SourceReader.read(path: Self.path("Samples/inbox/zaozhuang-shizhong-2023.mht"))))
    }

    func reason(_ path: String) -> ExtractionError.Reason? {
        do {
            _ = try SourceReader.read(path: path)
            return nil
        } catch {
            #expect(error.file == path)
            return error.reason
        }
    }

    @Test func namesWhatItCannotRead() {
        #expect(reason(Self.path("README.md")) == .unsupportedFormat("a .md file whose content is neither PDF, DOCX nor a web page"))
        #expect(reason(Self.path("Samples")) == .unreadable("not a regular file: a directory"))
        #expect(reason(Self.path("Tests/ExtractionTests/Fixtures/empty.docx")) == .damaged("the file is empty"))
        #expect(reason(Self.path("no/such/file.pdf")) == .unreadable("no such file"))
    }

    /// A FIFO would block an open until a writer came: it is refused from stat, at once.
    @Test func aFIFOIsRefusedWithoutWaiting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-fifo-\(UUID().uuidString).pdf").path
        try #require(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(reason(path) == .unreadable("not a regular file: a FIFO"))
    }

    /// A device streams without end (/dev/zero) or blocks (a terminal): refused likewise.
    @Test func aDeviceIsRefused() {
        #expect(reason("/dev/zero") == .unreadable("not a regular file: a character device"))
        #expect(reason("/dev/null") == .unreadable("not a regular file: a character device"))
    }

    @Test func aFileOverTheSizeLimitIsRefused() throws {
        let path = Self.path("Samples/inbox/suqian-2020.pdf")
        do {
            _ = try SourceReader.contents(ofFile: path, limit: 100_000)
            Issue.record("a file over the limit must be refused")
        } catch {
            #expect(error == ExtractionError(file: path, reason: .limitExceeded("the file is 105503 bytes (limit 100000)")))
        }
        #expect(try SourceReader.contents(ofFile: path).count == 105_503)
    }

    /// The bytes the batch read and hashed are the bytes parsed: the same document as from the path.
    @Test func bytesInMemoryReadAsTheirFile() throws {
        for name in ["suqian-2020.pdf", "suqian-2020.docx"] {
            let path = Self.path("Samples/inbox/\(name)")
            let bytes = try SourceReader.contents(ofFile: path)
            #expect(try SourceReader.read(bytes: bytes, name: path) == SourceReader.read(path: path))
        }
        do {
            _ = try SourceReader.read(bytes: Data("hello".utf8), name: "inbox/note.txt")
            Issue.record("text must be refused")
        } catch {
            #expect(error == ExtractionError(file: "inbox/note.txt", reason: .unsupportedFormat("a .txt file whose content is neither PDF, DOCX nor a web page")))
        }
    }
}
