import DocumentModel
@testable import RecordModel
@testable import ReportParser
import Testing

/// Doubt only what is doubtful: broken sums located to their cell, blanks confirmed only by
/// printed numbers, the narrative as a second witness (issue 15). On documents built in code with
/// known wrong cells, the fields that end under the threshold.
@Suite struct DoubtTests {
    /// Section 三 of `Synthetic.requestRows` with the printed text of some cells replaced, by
    /// row label and applicant column (0 自然人 … 6 总计).
    static func requests(changing changes: [(row: String, column: Int, text: String)]) -> [[String]] {
        var rows = Synthetic.requestRows()
        for change in changes {
            guard let index = rows.firstIndex(where: { $0[0] == change.row || $0[1] == change.row }) else { continue }
            rows[index][2 + change.column] = change.text
        }
        return rows
    }

    static func flagged(_ changes: [(row: String, column: Int, text: String)]) throws -> [String] {
        let record = Synthetic.parse(try Synthetic.document(requests: requests(changing: changes)))
        return record.fieldsUnderThreshold(0.9).map(\.key)
    }

    @Test func oneWrongCellIsTheOnlyFieldQueued() throws {
        // 予以公开 自然人 printed 2 where the row's total and the column's (七)总计 say 1.
        #expect(try Self.flagged([("（一）予以公开", 0, "2")]) == ["s3.granted.natural_person"])
        let record = Synthetic.parse(try Synthetic.document(requests: Self.requests(changing: [("（一）予以公开", 0, "2")])))
        let cell = try #require(record.field("s3.granted.natural_person"))
        #expect(cell.value == .integer(2) && cell.confidence < 0.6)
        #expect(cell.notes.contains { $0.contains("s3.outcomes.natural_person broken") && $0.contains("the parts sum to 4, the printed total is 3: a difference of 1") })
        #expect(cell.notes.contains { $0.contains("s3.row_total.granted broken") && $0.contains("the parts sum to 2, the printed total is 1: a difference of 1") })
        // Its row's total, confirmed by the 总计 column, keeps its confidence.
        #expect(record.field("s3.granted.total")?.confidence == 0.99)
    }

    /// Every printed number of section 三 made wrong in turn (+1): each time the wrong cell is
    /// queued, and at most 3 fields are.
    @Test func anyOneWrongNumberOfSectionThreeQueuesAtMostThreeFields() throws {
        let rows = Synthetic.requestRows()
        var worst = 0
        for (index, row) in rows.enumerated().dropFirst() {
            for column in 0..<7 {
                var changed = rows
                changed[index][2 + column] = String((Int(row[2 + column]) ?? 0) + 1)
                let record = Synthetic.parse(try Synthetic.document(requests: changed))
                let flagged = record.fieldsUnderThreshold(0.9)
                let wrong = try #require(record.fields.first { $0.source == .docx(table: 2, row: index, column: 2 + column) })
                #expect(flagged.contains { $0.key == wrong.key }, "\(wrong.key) wrong yet confident")
                #expect(flagged.count <= 3, "\(wrong.key): \(flagged.map(\.key))")
                worst = max(worst, flagged.count)
            }
        }
        #expect(worst == 1)
    }

    @Test func twoWrongCellsQueueTheirRowsAndColumnsCrossings() throws {
        // 予以公开 自然人 and 部分公开 商业企业 each printed one too many: the arithmetic cannot tell
        // them from the other two crossings of their rows and columns.
        let flagged = try Self.flagged([("（一）予以公开", 0, "2"), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, "1")])
        #expect(flagged == ["s3.granted.natural_person", "s3.granted.business", "s3.partial.natural_person", "s3.partial.business"])
    }

    @Test func aWholeWrongRowWithItsTotalIsQueuedAlone() throws {
        // 予以公开 printed 2, 1 where 1, 0 stand, its total (1) left as it was.
        let flagged = try Self.flagged([("（一）予以公开", 0, "2"), ("（一）予以公开", 1, "1")])
        #expect(flagged == ["s3.granted.natural_person", "s3.granted.business"])
    }

    @Test func aWholeWrongRowThatAddsUpQueuesEveryColumnItBreaks() throws {
        // 予以公开 printed 2, 1 … 3: its own total agrees, so only the columns break, and any row
        // could be the wrong one: every field of the broken columns is queued, none confidently wrong.
        let changes: [(row: String, column: Int, text: String)] = [("（一）予以公开", 0, "2"), ("（一）予以公开", 1, "1"), ("（一）予以公开", 6, "3")]
        let record = Synthetic.parse(try Synthetic.document(requests: Self.requests(changing: changes)))
        let flagged = Set(record.fieldsUnderThreshold(0.9).map(\.key))
        let broken = record.checks.filter { $0.evaluated && !$0.holds }.map(\.rule)
        #expect(broken == ["s3.outcomes.natural_person", "s3.outcomes.business", "s3.outcomes.total"])
        #expect(flagged.isSuperset(of: ["s3.granted.natural_person", "s3.granted.business", "s3.granted.total"]))
        #expect(flagged == Set(record.checks.filter { broken.contains($0.rule) }.flatMap(\.keys)))
    }

    @Test func aBrokenAppealGroupFlagsTheGroup() throws {
        let appeals = Synthetic.appealRows(["1", "0", "0", "0", "2"] + Array(repeating: "0", count: 10))
        let record = Synthetic.parse(try Synthetic.document(appeals: appeals))
        #expect(record.fieldsUnderThreshold(0.9).map(\.key) == AppealOutcome.allCases.map { AppealGroup.review.key($0) })
    }

    @Test func blanksConfirmedOnlyWhereAPrintedNumberTakesPart() throws {
        // Section 三 all blank (a band of blanks, or an agency that filled nothing in): every sum
        // holds 0 = 0, which confirms nothing.
        let allBlank = Synthetic.requestRows().enumerated().map { index, row in index == 0 ? row : row.prefix(2) + Array(repeating: "", count: 7) }
        let record = Synthetic.parse(try Synthetic.document(requests: allBlank))
        let section = record.fields.filter { $0.key.hasPrefix("s3.") }
        #expect(section.count == 25 * 7 && section.allSatisfy { $0.value == .integer(0) && $0.confidence < 0.9 })
        #expect(record.field("s3.withheld.three_safeties.business")?.notes
                == ["blank cell read as 0", "blank read as 0: s3.row_total.withheld.three_safeties, s3.outcomes.business hold on blanks alone, which confirms nothing"])
        // With every 0 left blank beside printed figures, each blank is confirmed: a blank beside a
        // printed number by its sum, a blank in a row and a column of blanks (三安全一稳定, 商业企业)
        // because the column's (七)总计 is a blank the 总计 row confirms, and counts are never negative.
        let blankZeros = Synthetic.requestRows().map { row in row.map { $0 == "0" ? "" : $0 } }
        let confirmed = Synthetic.parse(try Synthetic.document(requests: blankZeros))
        #expect(confirmed.fieldsUnderThreshold(0.9).isEmpty)
        #expect(try #require(confirmed.field("s3.withheld.three_safeties.business")).raw == "")
    }

    @Test func aZeroTotalConfirmsItsBlankPartsOnlyWhenAPrintedNumberConfirmsIt() {
        // x + y = t and t + u = w, all blanks but w: w printed 0 confirms t and u, and t then x and y.
        let (x, y, t, u, w, _, _) = ConfidenceAndChecksTests.someKeys
        let sums = [Checks.Sum(rule: "a", leftLabels: [], left: [x, y], rightLabels: [], right: [t]),
                    Checks.Sum(rule: "b", leftLabels: [], left: [t, u], rightLabels: [], right: [w])]
        let values = Checks.Values([x, y, t, u, w].map { ($0, .integer(0)) })
        let checks = sums.map { $0.result(values) }
        let printed = CheckEvidence.bearings(checks: checks, sums: sums, values: values, blanks: FieldTable([x, y, t, u].map { ($0, true) }))
        #expect([x, y, t, u, w].allSatisfy { printed[$0]?.confirming.isEmpty == false })
        let blank = CheckEvidence.bearings(checks: checks, sums: sums, values: values, blanks: FieldTable([x, y, t, u, w].map { ($0, true) }))
        #expect([x, y, t, u, w].allSatisfy { blank[$0]?.state == ConfidenceModel.CheckState.none })
        #expect(blank[t]?.blanksOnly == ["a", "b"])
    }
}

/// The report's sentences as a second witness of its tables.
@Suite struct NarrativeWitnessTests {
    static func record(body: String, requests: [[String]] = Synthetic.requestRows(), appeals: [[String]] = Synthetic.appealRows(),
                       blocks: [Block]? = nil) throws -> Record {
        Synthetic.parse(try Synthetic.document(body: ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", body],
                                               blocks: blocks, requests: requests, appeals: appeals))
    }

    static let agreeing = "2023年，本机关共收到政府信息公开申请3件，其中予以公开1件、其他处理2件，无结转下年度继续办理件。"
        + "共受理因政府信息公开引起的行政复议案件0件、行政诉讼案件0件。本年行政事业性收费7730.28万元。"

    @Test func statementsAreTiedToTheirFieldsAndSums() throws {
        let record = try Self.record(body: Self.agreeing)
        let text = record.checks.filter { $0.rule.hasPrefix("text.") }
        #expect(text.map(\.rule) == ["text.s3.new.total", "text.s3.granted.total", "text.s3.other.total",
                                     "text.s3.carried_forward.total", "text.s4.review.total", "text.s4.litigation.total",
                                     "text.s2.fees.amount_10k_yuan"])
        #expect(text.allSatisfy { $0.evaluated && $0.holds })
        #expect(text.first?.text == "`本机关共收到政府信息公开申请3件`: the text's 3 = the table's 3")
        #expect(text.first { $0.rule == "text.s3.other.total" }?.keys
                == ["s3.other.overdue_correction.total", "s3.other.unpaid_fee.total", "s3.other.other.total"])
        // Agreement confirms like a sum: the fee, in no sum of the tables, is confirmed by the text.
        #expect(record.field("s2.fees.amount_10k_yuan")?.confidence == 0.99)
        #expect(record.fieldsUnderThreshold(0.9).isEmpty)
    }

    @Test func aDisagreementFlagsTheFieldsWithBothNumbersAndKeepsThePrintedValue() throws {
        let record = try Self.record(body: "2023年，本机关共收到政府信息公开申请5件。")
        let check = try #require(record.checks.first { $0.rule == "text.s3.new.total" })
        #expect(!check.holds && check.text == "`本机关共收到政府信息公开申请5件`: the text's 5 ≠ the table's 3")
        let total = try #require(record.field("s3.new.total"))
        #expect(total.value == .integer(3) && total.confidence < 0.9)
        #expect(total.notes.contains("check text.s3.new.total broken: `本机关共收到政府信息公开申请5件`: the text's 5 ≠ the table's 3"))
        #expect(record.fieldsUnderThreshold(0.9).map(\.key) == ["s3.new.total"])
    }

    @Test func aTextSumBrokenByACellTheTablesLocateFlagsThatCellAlone() throws {
        // （六）1 总计 printed 3 where its row and the text (其他处理2件) say 2: the table's sums locate
        // it, and the text's sum over （六）'s three rows does not queue the other two.
        var requests = Synthetic.requestRows()
        let row = try #require(requests.firstIndex { $0[0] == "（六）其他处理" })
        requests[row][8] = "3"
        let record = try Self.record(body: "2023年，本机关共收到政府信息公开申请3件，其中其他处理2件。", requests: requests)
        #expect(record.checks.first { $0.rule == "text.s3.other.total" }?.holds == false)
        #expect(record.fieldsUnderThreshold(0.9).map(\.key) == ["s3.other.overdue_correction.total"])
        #expect(record.field("s3.other.unpaid_fee.total")?.notes
                == ["check s3.outcomes.total broken, but located at s3.other.overdue_correction.total; this field is confirmed by s3.row_total.other.unpaid_fee",
                    "check text.s3.other.total broken, but located at s3.other.overdue_correction.total; this field is confirmed by s3.row_total.other.unpaid_fee, s3.outcomes.total"])
    }

    @Test func aFigureTheTablesLackIsTakenFromTheTextForReview() throws {
        // No section 四 table: the text's 行政复议 figure fills its total, under the threshold.
        let blocks: [Block] = [
            .paragraph(Paragraph(text: "三、收到和处理政府信息公开申请情况")), .table(try Synthetic.table(Synthetic.requestRows())),
        ]
        let record = try Self.record(body: "本年度因政府信息公开申请引起行政复议案件2件。", blocks: blocks)
        let review = try #require(record.field("s4.review.total"))
        #expect(review.value == .integer(2) && review.raw == nil && review.confidence == 0.5)
        #expect(review.notes == ["no table cell: the value is the figure the text states, `本年度因政府信息公开申请引起行政复议案件2件`"])
        #expect(record.checks.first { $0.rule == "text.s4.review.total" }?.evaluated == false)
        #expect(record.field("s4.review.upheld")?.value == nil)
    }

    @Test func sentencesAboutOtherNumbersAreNoWitness() throws {
        let body = "2023年共收到政府信息公开申请5件，同比增长2件。较上年受理政府信息公开申请增加4件。"
            + "2022年共收到政府信息公开申请9件。办理行政复议案件35件。申请量分别为4件、1件。"
            + "受理政府信息公开申请近10件。政府信息公开申请办结率100%。"
        let record = try Self.record(body: body)
        // Only the first clause is a statement: 5 against the table's 3.
        #expect(record.checks.filter { $0.rule.hasPrefix("text.") }.map(\.rule) == ["text.s3.new.total"])
        #expect(record.checks.first { $0.rule == "text.s3.new.total" }?.text.contains("the text's 5") == true)
    }

    @Test func aTextThatContradictsItselfIsNoWitness() throws {
        let record = try Self.record(body: "本机关共收到政府信息公开申请3件。全年共受理政府信息公开申请4件。")
        #expect(!record.checks.contains { $0.rule.hasPrefix("text.") })
    }

    @Test func explainShowsEveryCheckAndStatementBearingOnAField() throws {
        let record = try Self.record(body: "2023年，本机关共收到政府信息公开申请5件。")
        let explanation = try #require(record.explain(key: "s3.new.total"))
        #expect(explanation.contains("check s3.row_total.new holds: "))
        #expect(explanation.contains("check s3.balance.total holds: 一 + 二 = 三(七) + 四: 3 + 0 = 3 + 0"))
        #expect(explanation.contains("check text.s3.new.total BROKEN: `本机关共收到政府信息公开申请5件`: the text's 5 ≠ the table's 3"))
        #expect(explanation.contains("the arithmetic points at this field"))
    }
}
