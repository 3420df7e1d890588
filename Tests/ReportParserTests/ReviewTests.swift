import DocumentModel
import Foundation
@testable import RecordModel
@testable import ReportParser
import Testing

/// A record read back from its JSON, and reviewers' decisions applied to it.
@Suite struct ReviewTests {
    /// The store keeps the JSON; what the review app and the exports read back is the same record.
    @Test(arguments: ParserSamples.names)
    func aRecordReadBackFromItsJSONWritesTheSameJSON(name: String) throws {
        for kind in [SourceKind.docx, .pdf] {
            let record = try ParserSamples.record(name, kind: kind)
            let readBack = try Record(json: record.jsonData())
            #expect(readBack.jsonString() == record.jsonString())
            // Run again on the same values, the checks say what they said.
            let rechecked = readBack.applying([])
            #expect(rechecked.checks.map(\.rule) == record.checks.map(\.rule))
            #expect(rechecked.checks.map(\.text) == record.checks.map(\.text))
            #expect(rechecked.checks.map(\.holds) == record.checks.map(\.holds))
        }
    }

    /// A 2021 report printing （六）其他处理 as one row: its checks stand on the printed row, whose
    /// text the derived sub-row fields keep; once a reviewer fills the sub-rows, their sum does.
    @Test func aOneRowOtherProcessingIsCheckedOnItsPrintedRowUntilItsSubRowsAreReviewed() throws {
        let requests = Synthetic.requestRows(other: [["（六）其他处理", ""] + Synthetic.values(2)])
        let record = try Record(json: Synthetic.parse(try Synthetic.document(requests: requests)).jsonData())
        let original = Synthetic.parse(try Synthetic.document(requests: requests))
        #expect(record.applying([]).checks.map(\.text) == original.checks.map(\.text))
        // The printed 2 split by the reviewer as 1 + 1 + 0 keeps every sum; 1 + 1 + 1 breaks them.
        func review(_ values: [Int]) -> [FieldReview] {
            zip(["overdue_correction", "unpaid_fee", "other"], values).flatMap { sub, value in
                Applicant.allCases.map { applicant in
                    FieldReview(key: "s3.other.\(sub).\(applicant.rawValue)", decision: .corrected, value: .integer(value),
                                reviewer: "li", decidedAt: Date())
                }
            }
        }
        let split = record.applying(review([1, 1, 0]))
        #expect(split.checks.first { $0.rule == "s3.outcomes.natural_person" }?.holds == true)
        let wrong = record.applying(review([1, 1, 1]))
        #expect(wrong.checks.first { $0.rule == "s3.outcomes.natural_person" }?.holds == false)
    }

    @Test func notJSONOfARecordIsRefused() {
        #expect(throws: RecordJSONError.self) { try Record(json: Data(#"{"schema":"x"}"#.utf8)) }
        #expect(throws: (any Error).self) { try Record(json: Data("not json".utf8)) }
    }

    /// Suzhou printed 629万 decisions: a reviewer corrects it, accepts another, cannot read a third.
    @Test func decisionsReplaceValuesKeepWhatWasExtractedAndRunTheChecksAgain() throws {
        let record = try Record(json: ParserSamples.record("suzhou-2023", kind: .pdf).jsonData())
        let early = Date(timeIntervalSince1970: 1_800_000_000)
        let reviews = [
            FieldReview(key: "s2.licensing.decisions", decision: .corrected, value: .integer(629), reviewer: "li", decidedAt: early),
            // A later decision on the same field stands.
            FieldReview(key: "s2.licensing.decisions", decision: .corrected, value: .integer(6_290_000), reviewer: "wang",
                        decidedAt: early.addingTimeInterval(60)),
            FieldReview(key: "s3.new.natural_person", decision: .corrected, value: .integer(1), reviewer: "li", decidedAt: early),
            FieldReview(key: "s4.review.total", decision: .unreadable, value: nil, reviewer: "li", decidedAt: early),
        ]
        let reviewed = record.applying(reviews)
        let licensing = try #require(reviewed.field("s2.licensing.decisions"))
        #expect(licensing.value == .integer(6_290_000) && licensing.confidence == 1)
        #expect(licensing.review?.reviewer == "wang" && licensing.review?.extractedValue == .integer(6_290_000))
        #expect(licensing.review?.extractedConfidence == record.field("s2.licensing.decisions")?.confidence)
        #expect(reviewed.field("s4.review.total")?.value == nil && reviewed.field("s4.review.total")?.confidence == 0)
        // The corrected count breaks its row and its column; the unreadable total leaves its sum unevaluated.
        let broken = Set(reviewed.checks.filter { $0.evaluated && !$0.holds }.map(\.rule))
        #expect(broken == ["s3.row_total.new", "s3.balance.natural_person"])
        #expect(reviewed.checks.first { $0.rule == "s4.review" }?.evaluated == false)
        let json = reviewed.jsonString()
        #expect(json.contains(#""review":{"decision":"corrected","reviewer":"wang","at":"2027-01-15T08:01:00Z","extracted_value":6290000"#))
        // The record as extracted is untouched.
        #expect(record.field("s3.new.natural_person")?.review == nil)
    }

    @Test func aTypedValueIsANumberAsTheFieldHoldsIt() {
        #expect(FieldReview.typedValue("137", key: "s3.new.total") == .integer(137))
        #expect(FieldReview.typedValue("１,234", key: "s3.new.total") == .integer(1234))
        #expect(FieldReview.typedValue("13885.63", key: "s2.fees.amount_10k_yuan") == .decimal(13885.63))
        #expect(FieldReview.typedValue("-3", key: "s2.licensing.items_change") == .integer(-3))
        // Units, dashes, blanks and words are what the reviewer is there to resolve, not to type.
        for text in ["629万", "—", "", "abc", "-3"] {
            #expect(FieldReview.typedValue(text, key: "s3.new.total") == nil, "\(text)")
        }
    }
}
