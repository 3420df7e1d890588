import DocumentModel
import Foundation
import RecordModel
import ReportParser
import Testing

/// A real WPS-made report of a district government (../shared/corpus/real), read when present.
/// As printed, its section 四 does not add up (复议: 10 + 1 + 0 + 0 ≠ 总计 0; 复议后起诉: 5 ≠ 0),
/// and it prints （六）其他处理 as one row of zeros although it fills the 2021 template.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: ParserPaths.realReport)
                  && FileManager.default.fileExists(atPath: ParserPaths.realExpected)))
struct RealReportRecordTests {
    let record: Record
    let expected: ExpectedRecord

    init() throws {
        let document = try ParserSamples.pdf(path: ParserPaths.realReport)
        record = ReportParser.parse(document, source: SourceInfo(file: "hzq2023_working.pdf", sha256: "", kind: .pdf, pages: document.pages.count))
        expected = try ExpectedRecord(path: ParserPaths.realExpected)
    }

    @Test func givesTheExpectedValuesAsPrinted() {
        #expect(record.template.value == .v2021)
        #expect(record.year.value == 2023)
        #expect(record.agency.value.map(expected.agencies.contains) == true, "agency \(record.agency.value ?? "nil")")
        // Titled 洪泽区人民政府 in 2023 and 淮安市洪泽区人民政府 in 2024: one agency, 淮安市's 洪泽区.
        #expect(record.identity.agency?.division == "320813" && record.identity.agency?.body == "人民政府")
        #expect(record.identity.agency?.name == "淮安市洪泽区人民政府")
        let comparison = Comparison(record, expected)
        #expect(comparison.missingKeys.isEmpty)
        #expect(comparison.right.count == expected.fields.count, "wrong: \(comparison.wrong.map { "\($0.key)=\($0.got) (expected \($0.expected))" })")
        for wrong in comparison.wrong { #expect(wrong.confidence < 0.9, "\(wrong.key) wrong yet confident") }
        // The printed values are kept, wrong sums and all.
        #expect(record.field("s4.review.upheld")?.value == .integer(10))
        #expect(record.field("s4.review.total")?.value == .integer(0))
    }

    @Test func exactlyTheFieldsOfTheBrokenChecksAreUnderTheThreshold() {
        let broken = record.checks.filter { $0.evaluated && !$0.holds }.map(\.rule)
        #expect(broken == ["s4.review", "s4.litigation_after_review"])
        let expectedUnder = ["review", "litigation_after_review"].flatMap { group in
            ["upheld", "corrected", "other", "pending", "total"].map { "s4.\(group).\($0)" }
        }
        #expect(record.fieldsUnderThreshold(0.9).map(\.key) == expectedUnder)
        #expect(record.checks.first { $0.rule == "s4.review" }?.text == "维持 + 纠正 + 其他 + 尚未审结 = 总计: 10 + 1 + 0 + 0 ≠ 0")
        #expect(record.checks.filter(\.evaluated).count == record.checks.count)
    }

    @Test func oneRowOtherProcessingGivesZeroSubRowsWithANote() throws {
        for sub in ["overdue_correction", "unpaid_fee", "other"] {
            for applicant in ["natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total"] {
                let field = try #require(record.field("s3.other.\(sub).\(applicant)"))
                #expect(field.value == .integer(0))
                #expect(field.notes.contains { $0.contains("printed as one row") })
                #expect(field.confidence >= 0.9, "all-zero row confirmed by its sums")
            }
        }
        // Section 三 is checked through the printed row: its row total and the outcome sums hold.
        #expect(record.checks.first { $0.rule == "s3.row_total.other" }?.holds == true)
        #expect(record.checks.first { $0.rule == "s3.outcomes.natural_person" }?.holds == true)
    }

    @Test func knownMisprintIsAFuzzyMatch() throws {
        // The report prints `2.其他法律行政止公开` for 其他法律行政法规禁止公开.
        let field = try #require(record.field("s3.withheld.law_prohibited.natural_person"))
        #expect(field.value == .integer(0))
        let explanation = try #require(record.explain(key: field.key))
        #expect(explanation.contains("known misprint"))
    }
}
