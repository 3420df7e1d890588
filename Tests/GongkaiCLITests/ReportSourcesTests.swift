import Foundation
@testable import GongkaiCLI
import RecordStore
import RecordModel
import SourceReading
import Testing

/// One report published as a DOCX and as its PDF is one report in the store, read from both.
@Suite struct ReportSourcesTests {
    let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder("sources")
    }

    /// The sample's DOCX and PDF, parsed and saved; `change` alters the PDF's record first.
    private func storeSuzhou(changingPDF change: (inout Record) -> Void = { _ in }) throws -> RecordStore {
        let store = try RecordStore(path: folder.storePath)
        for kind in ["docx", "pdf"] {
            let file = SourceReaderTests.path("Samples/inbox/suzhou-2023.\(kind)")
            let hash = try ContentHash.sha256(of: Data(contentsOf: URL(fileURLWithPath: file)))
            var parsed = record(of: try SourceReader.read(path: file), file: file, sha256: hash, threshold: 0.9)
            if kind == "pdf" { change(&parsed) }
            _ = try store.claim(sha256: hash, owner: .current)
            try store.save(parsed, path: file, threshold: 0.9)
        }
        return store
    }

    @Test func aDocxAndItsPDFAreOneReportWhoseAgreementRaisesConfidence() throws {
        defer { try? FileManager.default.removeItem(at: folder.scratch) }
        let store = try storeSuzhou()
        let reports = try store.sourcedReports(threshold: 0.9)
        let report = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(report.sources.map(\.source.file) == ["suzhou-2023.docx", "suzhou-2023.pdf"])
        #expect(report.fields.count == 200)
        let docx = Dictionary(uniqueKeysWithValues: report.sources[0].fields.map { ($0.key, $0) })
        let pdf = Dictionary(uniqueKeysWithValues: report.sources[1].fields.map { ($0.key, $0) })
        // Every field is the value both give, never less sure than the surer source.
        for field in report.fields {
            #expect(field.value == docx[field.key]?.value && field.value == pdf[field.key]?.value, "\(field.key)")
            #expect(field.confidence >= max(docx[field.key]?.confidence ?? 0, pdf[field.key]?.confidence ?? 0), "\(field.key)")
        }
        let raised = report.fields.filter { $0.notes.last?.contains("sources agree (") == true }
        #expect(!raised.isEmpty)
        for field in raised {
            #expect(field.confidence > max(docx[field.key]?.confidence ?? 0, pdf[field.key]?.confidence ?? 0))
            #expect(field.confidence <= 0.99)
        }
        // Both read 629万 as 6290000 and both doubted it: agreeing does not clear that doubt.
        let licensing = try #require(report.fields.first { $0.key == "s2.licensing.decisions" })
        #expect(licensing.value == .integer(6_290_000) && licensing.confidence < 0.9)
        #expect(licensing.notes.last == "2 sources agree, each in doubt: still to review")
        #expect(report.fieldsToReview(threshold: 0.9).map(\.key) == ["s2.licensing.decisions"])

        // One row for the report, its two files listed; --per-source keeps a row per file.
        let rows = try exportCSV(store, threshold: 0.9).split(separator: "\r\n").map(String.init)
        #expect(rows.count == 2)
        #expect(rows[1].hasPrefix("苏州市公安局,320500,公安局,2023,2021,suzhou-2023.docx; suzhou-2023.pdf,"))
        #expect(rows[1].split(separator: ",")[7] == "1")
        #expect(try exportCSV(store, threshold: 0.9, perSource: true).split(separator: "\r\n").count == 3)
    }

    @Test func sourcesThatDisagreePutTheFieldInReviewWithBothValuesAndCells() throws {
        defer { try? FileManager.default.removeItem(at: folder.scratch) }
        let store = try storeSuzhou { record in
            if let index = record.fields.firstIndex(where: { $0.key == "s3.new.natural_person" }) {
                record.fields[index].value = .integer(138)
            }
        }
        let report = try #require(try store.sourcedReports(threshold: 0.9).first)
        let field = try #require(report.fields.first { $0.key == "s3.new.natural_person" })
        #expect(field.confidence < 0.9)
        #expect(field.value == .integer(137)) // the surer source's (the DOCX's), shown for review
        let note = try #require(field.notes.first)
        #expect(note.hasPrefix("sources disagree: 137 in suzhou-2023.docx (table 2, row 3, col 3); 138 in suzhou-2023.pdf (page 3, box 256.5 "))
        #expect(report.fieldsToReview(threshold: 0.9).map(\.key) == ["s2.licensing.decisions", "s3.new.natural_person"])
    }

    /// The CSV's row of the report says what the review app's queue says of it: two fields in
    /// doubt (629万, and a value the files read differently), then, decided once on the report as
    /// the app decides, reviewed; each file's own row (`--per-source`) carries the decisions too.
    @Test func theReportsCSVStatusFollowsDecisionsOnTheReport() throws {
        defer { try? FileManager.default.removeItem(at: folder.scratch) }
        let store = try storeSuzhou { record in
            if let index = record.fields.firstIndex(where: { $0.key == "s3.new.natural_person" }) {
                record.fields[index].value = .integer(138)
            }
        }
        func statuses(perSource: Bool = false) throws -> [String] {
            try exportCSV(store, threshold: 0.9, perSource: perSource).split(separator: "\r\n").dropFirst()
                .map { String($0.split(separator: ",", omittingEmptySubsequences: false)[9]) }
        }
        #expect(try statuses() == ["2 fields in doubt"])
        let docx = try #require(try store.sourcedReports(threshold: 0.9).first?.sources.first?.source.sha256)
        let report = try #require(try store.reportUnderReview(sha256: docx, threshold: 0.9))
        let decisions = [FieldReview(key: "s3.new.natural_person", decision: .accepted, value: .integer(137), reviewer: "test", decidedAt: Date()),
                         FieldReview(key: "s2.licensing.decisions", decision: .corrected, value: .integer(629), reviewer: "test", decidedAt: Date())]
        #expect(try store.saveReviews(decisions, on: report).count == 4)
        #expect(try statuses() == ["reviewed"])
        #expect(try statuses(perSource: true) == ["reviewed", "reviewed"])
        let row = try exportCSV(store, threshold: 0.9).split(separator: "\r\n")[1]
        #expect(row.contains(",137,") && !row.contains(",138,") && row.contains(",629,"))
    }

    @Test func aReviewersDecisionInOneSourceStands() throws {
        defer { try? FileManager.default.removeItem(at: folder.scratch) }
        let store = try storeSuzhou()
        let pdf = try #require(try store.sourcedReports(threshold: 0.9).first?.sources.last?.source.sha256)
        try store.saveReview(sha256: pdf, FieldReview(key: "s2.licensing.decisions", decision: .corrected,
                                                      value: .integer(629), reviewer: "test", decidedAt: Date()))
        let report = try #require(try store.sourcedReports(threshold: 0.9).first)
        let licensing = try #require(report.fields.first { $0.key == "s2.licensing.decisions" })
        #expect(licensing.value == .integer(629) && licensing.decided && licensing.confidence == 1)
        #expect(report.fieldsToReview(threshold: 0.9).isEmpty)
    }
}
