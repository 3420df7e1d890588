import DocumentModel
import Foundation
@testable import GongkaiCLI
import RecordModel
import SourceReading
import Testing

/// Section 三's table pasted as a picture (scripts/samples/picture-fixtures.py: gongshu-2023's
/// table at 200 dpi, into its DOCX in the table's place and onto a page of text in a PDF), read by
/// OCR into the record: every field of the section right or kept for review, most of them sure.
@Suite(.serialized) struct PastedPictureTests {
    static let expected: [String: Double] = {
        let url = URL(fileURLWithPath: SourceReaderTests.path("Samples/expected/gongshu-2023.json"))
        guard let data = try? Data(contentsOf: url), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fields = json["fields"] as? [String: Any] else { return [:] }
        return fields.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }()

    /// The record of a fixture, and how its section 三 fields came out against the sample's expected record.
    func sectionThree(of name: String) throws -> (document: Document, fields: [FieldValue]) {
        let path = SourceReaderTests.path("Tests/GongkaiCLITests/Fixtures/\(name)")
        let document = try SourceReader.read(path: path)
        let parsed = record(of: document, file: path, sha256: String(repeating: "0", count: 64), threshold: 0.9)
        return (document, parsed.fields.filter { $0.key.hasPrefix("s3.") })
    }

    @Test(arguments: ["pasted-gongshu-2023.docx", "pasted-gongshu-2023.pdf"])
    func aTablePastedAsAPictureIsReadIntoTheRecord(name: String) throws {
        let (document, fields) = try sectionThree(of: name)
        #expect(document.recognized == (name.hasSuffix(".docx") ? .images : .pages([1])))
        #expect(readByOCR(document) == 1)
        #expect(fields.count == 175)
        let right = fields.filter { field in field.value.map { $0.doubleValue } == Self.expected[field.key] }
        let sure = right.filter { $0.confidence >= 0.9 }
        let confidentlyWrong = fields.filter { $0.confidence >= 0.9 && !right.contains($0) }
        #expect(confidentlyWrong.map(\.key) == [])
        // 175 and 140–151 on 2026-12-02 (Tesseract 5.3.0): a little room for another build of it.
        #expect(right.count >= 170)
        #expect(sure.count >= 120)
        let newApplications = try #require(fields.first { $0.key == "s3.new.natural_person" })
        #expect(newApplications.value?.doubleValue == Self.expected["s3.new.natural_person"])
        if name.hasSuffix(".pdf") {
            // The cell's place is on the page, inside the picture (drawn from 80 pt down).
            guard case .pdf(let page, let box) = newApplications.source else { Issue.record("no page source"); return }
            #expect(page == 1 && box.y0 > 80 && box.x0 > 72)
        } else {
            guard case .docx(let table, _, _) = newApplications.source else { Issue.record("no table source"); return }
            // The picture stands where the table stood: after section 二's table (1), before section 四's (3).
            #expect(table == 2)
        }
    }
}
