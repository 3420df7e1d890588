import DocumentModel
@testable import RecordModel
@testable import ReportParser
import Testing

/// The parser on documents built in code: the cases the issue names that the samples lack.
@Suite struct ParserBehaviourTests {
    @Test func aConsistentReportIsReadWholeAndConfident() throws {
        let record = Synthetic.parse(try Synthetic.document())
        #expect(record.template.value == .v2021)
        #expect(record.fields.map(\.key) == FieldCatalog.fields(of: .v2021).map(\.key))
        #expect(record.fieldsUnderThreshold(0.9).isEmpty)
        #expect(record.checks.allSatisfy { $0.holds })
        #expect(record.field("s3.other.overdue_correction.natural_person")?.value == .integer(2))
        #expect(record.field("s2.fees.amount_10k_yuan")?.value == .decimal(7730.28))
        // Every check of the template is listed: 25 rows of values, 7 balances, 7 outcome sums, 3 appeal groups.
        #expect(record.checks.count == 25 + 7 + 7 + 3)
    }

    @Test func tablesAreFoundByTheirHeaderCellsNotTheirPosition() throws {
        // No headings at all, and the tables in the reverse order.
        let document = try Synthetic.document(blocks: [
            .table(try Synthetic.table(Synthetic.appealRows(["1", "0", "0", "0", "1"] + Array(repeating: "0", count: 10)))),
            .table(try Synthetic.table(Synthetic.requestRows())),
            .table(try Synthetic.table(Synthetic.proactiveRows())),
        ])
        let record = Synthetic.parse(document)
        #expect(record.field("s4.review.upheld")?.value == .integer(1))
        #expect(record.field("s3.new.natural_person")?.value == .integer(3))
        #expect(record.field("s2.penalty.decisions")?.value == .integer(4119))
        #expect(record.field("s2.penalty.decisions")?.source == .docx(table: 3, row: 9, column: 1))
        #expect(record.fieldsUnderThreshold(0.9).isEmpty)
    }

    @Test func oneRowOtherProcessingWithCountsLeavesItsSubRowsNull() throws {
        // A 2021 report printing （六）其他处理 as one row that is not all zero: its count cannot be
        // split among the three sub-rows.
        let requests = Synthetic.requestRows(other: [["（六）其他处理", ""] + Synthetic.values(2)])
        let record = Synthetic.parse(try Synthetic.document(requests: requests))
        #expect(record.template.value == .v2021)
        for sub in ["overdue_correction", "unpaid_fee", "other"] {
            let field = try #require(record.field("s3.other.\(sub).natural_person"))
            #expect(field.value == nil)
            #expect(field.confidence < 0.9)
            #expect(field.notes.contains { $0.contains("printed as one row") && $0.contains("cannot be split") })
        }
        // The printed row still takes part in the sums: 1 + 2 = 3.
        #expect(record.checks.first { $0.rule == "s3.outcomes.natural_person" }?.holds == true)
        #expect(record.checks.first { $0.rule == "s3.row_total.other" }?.holds == true)
        #expect(Set(record.fieldsUnderThreshold(0.9).map(\.key))
                == Set(["overdue_correction", "unpaid_fee", "other"].flatMap { sub in Applicant.allCases.map { "s3.other.\(sub).\($0.rawValue)" } }))
    }

    @Test func aWrongTotalIsLocatedToItsCellAndItsValueKept() throws {
        // 一 printed with a wrong total: 3 natural persons, total 4.
        let record = Synthetic.parse(try Synthetic.document(requests: Synthetic.requestRows(new: Synthetic.values(3, total: 4))))
        #expect(record.field("s3.new.total")?.value == .integer(4)) // as printed
        let broken = record.checks.filter { $0.evaluated && !$0.holds }
        #expect(broken.map(\.rule) == ["s3.row_total.new", "s3.balance.total"])
        // Both sums through the total are broken; every other field of them has a sum that holds.
        #expect(record.fieldsUnderThreshold(0.9).map(\.key) == ["s3.new.total"])
        let total = try #require(record.field("s3.new.total"))
        #expect(total.notes.contains("check s3.balance.total broken: 一 + 二 = 三(七) + 四: 4 + 0 ≠ 3 + 0 "
                                     + "(the left side sums to 4, the right side to 3: a difference of 1)"))
        #expect(total.notes.contains { $0.contains("s3.row_total.new broken") && $0.contains("the parts sum to 3, the printed total is 4: a difference of -1") })
        // A field of the broken row that its column confirms keeps its confidence, with a note.
        let person = try #require(record.field("s3.new.natural_person"))
        #expect(person.confidence == 0.99)
        #expect(person.notes == ["check s3.row_total.new broken, but located at s3.new.total; this field is confirmed by s3.balance.natural_person"])
    }

    @Test func aRowLabelSplitOverTwoRowsIsReadAsOne() throws {
        // As the -split sample's page break cuts it: the label's start and the values on one row,
        // `信息` alone on the next.
        var rows = Synthetic.requestRows()
        let index = try #require(rows.firstIndex { $0[1] == "5.属于三类内部事务信息" })
        rows[index] = ["", "5.属于三类内部事务"] + Synthetic.values(0)
        rows.insert(["", "信息"] + Array(repeating: "", count: 7), at: index + 1)
        let record = Synthetic.parse(try Synthetic.document(requests: rows))
        let field = try #require(record.field("s3.withheld.internal_affairs.natural_person"))
        #expect(field.value == .integer(0) && field.raw == "0")
        #expect(field.source == .docx(table: 2, row: index, column: 2))
        #expect(field.notes.contains { $0.contains("label split over two rows") })
        #expect(record.field("s3.withheld.process_info.natural_person")?.source == .docx(table: 2, row: index + 2, column: 2))
        #expect(record.fieldsUnderThreshold(0.9).isEmpty)
    }

    @Test func aHeaderOverTwoGuessedColumnsReadsTheCellThatHoldsTheFigure() throws {
        // A borderless section 二 whose columns were guessed from gaps: 本年处理决定数量 stands over
        // two columns, and 行政许可's figure in the second of them, the first blank.
        let rows = Synthetic.proactiveRows().map { row in row[1] == "550" ? [row[0], "", "550", ""] : row }
        let header = try #require(rows.firstIndex { $0[1] == "本年处理决定数量" })
        let cells = rows.enumerated().flatMap { row, texts -> [Cell] in
            guard row == header else { return texts.enumerated().map { Cell(row: row, column: $0, text: $1) } }
            return [Cell(row: row, column: 0, text: texts[0]), Cell(row: row, column: 1, columnSpan: 2, text: texts[1]),
                    Cell(row: row, column: 3, text: "")]
        }
        let proactive = try Table(rowCount: rows.count, columnCount: 4, cells: cells)
        let record = Synthetic.parse(try Synthetic.document(blocks: [
            .paragraph(Paragraph(text: "二、主动公开政府信息情况")), .table(proactive),
            .paragraph(Paragraph(text: "三、收到和处理政府信息公开申请情况")), .table(try Synthetic.table(Synthetic.requestRows())),
            .paragraph(Paragraph(text: "四、政府信息公开行政复议、行政诉讼情况")), .table(try Synthetic.table(Synthetic.appealRows())),
        ]))
        let licensing = try #require(record.field("s2.licensing.decisions"))
        #expect(licensing.value == .integer(550) && licensing.raw == "550")
    }

    @Test func aRowLabelSplitOverTwoCellsIsReadAsOne() throws {
        var rows = Synthetic.requestRows()
        let index = try #require(rows.firstIndex { $0[1] == "2.重复申请" })
        rows[index][0] = "2.重复"
        rows[index][1] = "申请"
        let record = Synthetic.parse(try Synthetic.document(requests: rows))
        #expect(record.field("s3.not_processed.duplicate.total")?.source == .docx(table: 2, row: index, column: 8))
        #expect(record.field("s3.not_processed.duplicate.total")?.notes.contains { $0.contains("split over two cells") } == true)
    }

    @Test func blanksNoCheckConfirmsStayUnderTheThreshold() throws {
        let record = Synthetic.parse(try Synthetic.document(proactive: Synthetic.proactiveRows(licensing: "", penalty: "—")))
        let licensing = try #require(record.field("s2.licensing.decisions"))
        #expect(licensing.value == .integer(0))
        #expect(licensing.notes == ["blank cell read as 0"])
        #expect(licensing.confidence < 0.9)
        let penalty = try #require(record.field("s2.penalty.decisions"))
        #expect(penalty.value == .integer(0))
        #expect(penalty.confidence < 0.9)
        // Section 三's blanks are confirmed by their sums.
        let blankRequests = Synthetic.requestRows().map { row in row.map { $0 == "0" ? "" : $0 } }
        let confirmed = Synthetic.parse(try Synthetic.document(requests: blankRequests))
        let business = try #require(confirmed.field("s3.new.business"))
        #expect(business.value == .integer(0) && business.raw == "")
        #expect(business.confidence >= 0.9)
    }

    @Test func sectionTwoWithoutColumnHeadersIsReadByPositionAndReviewed() throws {
        let rows = Synthetic.proactiveRows().filter { $0.first != "信息内容" }
        let record = Synthetic.parse(try Synthetic.document(proactive: rows))
        let repealed = try #require(record.field("s2.normative_docs.repealed"))
        #expect(repealed.value == .integer(5))
        #expect(repealed.confidence < 0.9)
        #expect(repealed.notes.contains { $0.contains("position") })
    }

    @Test func aMissingTableLeavesItsFieldsNullAndUnderTheThreshold() throws {
        let document = try Synthetic.document(blocks: [.table(try Synthetic.table(Synthetic.proactiveRows()))])
        let record = Synthetic.parse(document)
        #expect(record.fields.count == 200)
        let s4 = record.fields.filter { $0.key.hasPrefix("s4.") }
        #expect(s4.count == 15 && s4.allSatisfy { $0.value == nil && $0.confidence == 0 && $0.source == nil })
        #expect(record.checks.filter { $0.rule.hasPrefix("s4.") }.allSatisfy { !$0.evaluated && !$0.holds })
    }

    @Test func explainSaysHowAFieldWasFoundReadCheckedAndScored() throws {
        let record = Synthetic.parse(try Synthetic.document(proactive: Synthetic.proactiveRows(licensing: "629万")))
        let licensing = try #require(record.explain(key: "s2.licensing.decisions"))
        #expect(licensing.contains("row label `行政许可`: exact"))
        #expect(licensing.contains("column label `本年处理决定数量`: exact"))
        #expect(licensing.contains("raw `629万` read as 6290000: converted"))
        #expect(licensing.contains("DOCX 0.99 × exact label 1.00 × converted 0.75"))
        let granted = try #require(record.explain(key: "s3.granted.natural_person"))
        #expect(granted.contains("check s3.row_total.granted holds"))
        #expect(granted.contains("check s3.outcomes.natural_person holds"))
        #expect(granted.contains("2 check(s) hold"))
        #expect(record.explain(key: "agency")?.contains("洪泽区人民政府") == true)
        #expect(record.explain(key: "s9.nothing") == nil)
    }
}
