import DocumentModel
@testable import TableReconstruction
import Testing

/// A cell of a hand-made table part: `text` in grid position (row, column), cell edges from `xs`,
/// rows 14 pt apart from y 700 (the foot of a page) or y 60 (the top of the next).
private func cell(_ text: String, _ row: Int, _ column: Int, rowSpan: Int = 1, columnSpan: Int = 1,
                  xs: [Double], top: Double, page: Int) -> Cell {
    Cell(row: row, column: column, rowSpan: rowSpan, columnSpan: columnSpan, text: text,
         box: BoundingBox(x0: xs[column], y0: top + Double(row) * 14, x1: xs[column + columnSpan], y1: top + Double(row + rowSpan) * 14),
         page: page)
}

/// A table part of one-cell rows `rows` (label, then values), its cells in `runsOn` marked as
/// running to their right edge.
private func part(_ rows: [[String]], xs: [Double] = [50, 200, 250, 300], page: Int, runsOn: Set<[Int]> = []) throws -> PlacedTable {
    let top = page == 1 ? 700.0 : 60.0
    let cells = rows.enumerated().flatMap { row, texts in
        texts.enumerated().map { column, text in cell(text, row, column, xs: xs, top: top, page: page) }
    }
    return try placed(cells, rows: rows.count, xs: xs, page: page, runsOn: runsOn)
}

private func placed(_ cells: [Cell], rows: Int, xs: [Double], page: Int, runsOn: Set<[Int]> = []) throws -> PlacedTable {
    let marked = cells.map { cell in
        var cell = cell
        cell.runsOn = runsOn.contains([cell.row, cell.column])
        return cell
    }
    let table = try Table(rowCount: rows, columnCount: xs.count - 1, cells: marked, layout: .ruled)
    let top = page == 1 ? 700.0 : 60.0
    return PlacedTable(table: table, page: page, box: BoundingBox(x0: xs[0], y0: top, x1: xs[xs.count - 1], y1: top + Double(rows) * 14),
                       columnEdges: xs)
}

private func pair(_ upper: String, _ lower: String, runsOn: Bool = true, upperRows: Int = 1, lowerRows: Int = 1,
                  rowsHoldValues: Bool = false) -> JunctionPair {
    let xs = [50.0, 200]
    var upperCell = cell(upper, 0, 0, rowSpan: upperRows, xs: xs, top: 700, page: 1)
    upperCell.runsOn = runsOn
    return JunctionPair(upper: upperCell, upperRowsHoldValues: rowsHoldValues, lower: cell(lower, 0, 0, rowSpan: lowerRows, xs: xs, top: 60, page: 2))
}

private func texts(_ table: Table, row: Int) -> [String] { table.cells(inRow: row).map(\.text) }

@Suite struct StitchingRuleTests {
    @Test func aLabelWrappedOverTheBreakWithItsValuesOnOneSideIsACutRow() {
        #expect(isCutRow([pair("5.属于三类内部事务", "信息"), pair("0", "", runsOn: false), pair("3", "", runsOn: false)], unpaired: []))
        // The values may as well stand on the lower side, set in the middle of the cut row.
        #expect(isCutRow([pair("5.属于三类内部事务", "信息"), pair("", "0", runsOn: false)], unpaired: []))
    }

    @Test func numbersOnBothSidesAreTwoRowsNeverOneNumber() {
        // 746 ends one page and 11 opens the next: even with a label that seems to go on.
        #expect(!isCutRow([pair("1.本机关不掌握相关政府信息", "没有现成信息"), pair("746", "11", runsOn: false)], unpaired: []))
        // A number that happens to fill a narrow cell does not go on either.
        #expect(!continuesText(pair("12345", "67")))
        // The header's last row over the first row of figures (自然人 over 72).
        #expect(!isCutRow([pair("自然人", "72"), pair("总计", "72")], unpaired: []))
    }

    @Test func anItemNumberOpensARowOfItsOwn() {
        #expect(!isCutRow([pair("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作"), pair("", "", runsOn: false)], unpaired: []))
        #expect(!continuesText(pair("(本列数据的勾稽关系为：第一项加第二项之和", "一、本年新收政府信息公开申请数量")))
        #expect(!continuesText(pair("（三）不予公开", "（四）无法提供")))
    }

    @Test func textThatEndedBeforeTheCellsEdgeDoesNotGoOn() {
        #expect(!isCutRow([pair("规章", "行政规范性文件", runsOn: false)], unpaired: []))
    }

    @Test func textOfTheLowerRowOutsideTheUpperRowsCellsIsARowOfItsOwn() {
        let extra = Cell(row: 0, column: 1, text: "结果维持")
        #expect(!isCutRow([pair("结果", "维持")], unpaired: [extra]))
        #expect(isCutRow([pair("结果", "维持")], unpaired: [Cell(row: 0, column: 1, text: "")]))
    }

    @Test func nothingOnBothSidesIsNoEvidence() {
        #expect(!isCutRow([pair("结果", ""), pair("", "0", runsOn: false)], unpaired: []))
    }

    @Test func mergedCellsGoOnOnlyWhereTheEmptySideIsTheRestOfTheMerge() {
        // The stub 三、本年度办理结果 spans rows of values above the break and one below it.
        #expect(continuesMergedCell(pair("三、本年度办理结果", "", runsOn: false, upperRows: 5, rowsHoldValues: true), cutMerges: false))
        // A label set in the middle of its rows fell on the lower page.
        #expect(continuesMergedCell(pair("", "（六）其他处理", runsOn: false, lowerRows: 2), cutMerges: false))
        // A blank under a header cell of two rows is a blank value of the first row of values.
        #expect(!continuesMergedCell(pair("自然人", "", upperRows: 2), cutMerges: false))
        // ... unless the break cut that header row's merged cells.
        #expect(continuesMergedCell(pair("总计", "", upperRows: 1), cutMerges: true))
        // A blank value over a figure or a dash, and two blanks, are two rows' cells.
        #expect(!continuesMergedCell(pair("", "12", runsOn: false, upperRows: 2), cutMerges: false))
        #expect(!continuesMergedCell(pair("", "-", runsOn: false, upperRows: 2), cutMerges: false))
        #expect(!continuesMergedCell(pair("", "", runsOn: false, upperRows: 2), cutMerges: false))
    }

    @Test func aDashIsAValueNeverALabelsEnd() {
        // 结果纠正 fills its narrow header cell; the dash under it is the first row's value.
        #expect(!continuesText(pair("结果纠正", "-")))
        #expect(!continuesMergedCell(pair("结果纠正", "—", upperRows: 2), cutMerges: true))
        for none in ["-", "—", "－", "/", " - "] { #expect(isValue(none), "\(none)") }
        #expect(!isValue("") && !isValue("无"))
    }

    @Test func aRowOfSubHeadersUnderAWiderCellCutsTheHeaderCellsBesideIt() {
        // 结果 / 纠正 written on two lines, the break between them; beside them 结果维持 stands
        // under 未经复议直接起诉, which spans its sub-headers.
        let subHeader = Cell(row: 0, column: 2, text: "结果维持")
        #expect(cutsMergedCells([pair("结果", "纠正", runsOn: false)], unpaired: [subHeader]))
        // Not with values in the lower row, nor without a sub-header under a wider cell.
        #expect(!cutsMergedCells([pair("结果", "纠正", runsOn: false), pair("总计", "2", runsOn: false)], unpaired: [subHeader]))
        #expect(!cutsMergedCells([pair("信息内容", "规章", runsOn: false)], unpaired: []))
    }

    @Test func numbersAndItemNumbersAsTablesPrintThem() {
        for number in ["0", "629万", "13885.63万元", "1,234", "１２", " 7 ", "12%"] { #expect(isNumber(number), "\(number)") }
        for notNumber in ["", "-", "—", "信息", "2023年度", "无"] { #expect(!isNumber(notNumber), "\(notNumber)") }
        for item in ["2.没有现成信息", "1. 属于国家秘密", "（二）部分公开", "(3)其他", "三、本年度办理结果", "十一、其他", "２、重复申请"] {
            #expect(opensWithItemNumber(item), "\(item)")
        }
        for notItem in ["信息", "2023年", "三安全一稳定", "（注：单位）", ""] { #expect(!opensWithItemNumber(notItem), "\(notItem)") }
    }
}

@Suite struct StitchTests {
    @Test func rowsWithFiguresOnEitherSideOfTheBreakStayTwoRows() throws {
        let upper = try part([["8.属于行政查询事项", "0", "0"], ["1.本机关不掌握相关政府信息", "746", "12"]], page: 1, runsOn: [[1, 0]])
        let lower = try part([["2.没有现成信息需要另行制作", "11", "0"], ["3.补正后申请内容仍不明确", "0", "0"]], page: 2)
        let table = try #require(try stitch(upper, lower)).table
        #expect(table.rowCount == 4)
        #expect(texts(table, row: 1) == ["1.本机关不掌握相关政府信息", "746", "12"])
        #expect(texts(table, row: 2) == ["2.没有现成信息需要另行制作", "11", "0"])
    }

    @Test func aCutRowBecomesOneRowWithItsValues() throws {
        let upper = try part([["4.保护第三方合法权益", "1", "0"], ["5.属于三类内部事务", "0", "2"]], page: 1, runsOn: [[1, 0]])
        let lower = try part([["信息", "", ""], ["6.属于四类过程性信息", "0", "0"]], page: 2)
        let table = try #require(try stitch(upper, lower)).table
        #expect(table.rowCount == 3)
        #expect(texts(table, row: 1) == ["5.属于三类内部事务信息", "0", "2"])
        #expect(texts(table, row: 2) == ["6.属于四类过程性信息", "0", "0"])
    }

    @Test func aValueThatFellOnTheLowerPageIsShownThere() throws {
        let upper = try part([["5.属于三类内部事务", "", ""]], page: 1, runsOn: [[0, 0]])
        let lower = try part([["信息", "7", "0"]], page: 2)
        let value = try #require(try stitch(upper, lower)?.table.cell(row: 0, column: 1))
        #expect(value.text == "7" && value.page == 2 && value.box?.y0 == 60)
    }

    @Test func aHeaderRowTheLowerPartRepeatsIsDropped() throws {
        let header = ["类别", "甲", "乙"]
        let upper = try part([header, ["1.一类", "1", "2"]], page: 1)
        let lower = try part([header, ["2.二类", "3", "4"]], page: 2)
        let table = try #require(try stitch(upper, lower)).table
        #expect(table.rowCount == 3)
        #expect(texts(table, row: 2) == ["2.二类", "3", "4"])
    }

    @Test func aHeaderCellTheBreakCutGoesOnOverTheSubHeadersRow() throws {
        // 行政复议's 结果/维持 and 总计 span two header rows; the break falls inside them, and
        // the lower page opens with the row of sub-headers under 行政诉讼.
        let xs = [50.0, 90, 130, 170, 210]
        let upper = try placed([
            cell("行政复议", 0, 0, columnSpan: 2, xs: xs, top: 700, page: 1), cell("行政诉讼", 0, 2, columnSpan: 2, xs: xs, top: 700, page: 1),
            cell("结果", 1, 0, xs: xs, top: 700, page: 1), cell("总计", 1, 1, xs: xs, top: 700, page: 1),
            cell("直接起诉", 1, 2, columnSpan: 2, xs: xs, top: 700, page: 1),
        ], rows: 2, xs: xs, page: 1, runsOn: [[1, 0]])
        let lower = try placed([
            cell("维持", 0, 0, xs: xs, top: 60, page: 2), cell("", 0, 1, xs: xs, top: 60, page: 2),
            cell("结果维持", 0, 2, xs: xs, top: 60, page: 2), cell("总计", 0, 3, xs: xs, top: 60, page: 2),
            cell("1", 1, 0, xs: xs, top: 60, page: 2), cell("1", 1, 1, xs: xs, top: 60, page: 2),
            cell("0", 1, 2, xs: xs, top: 60, page: 2), cell("0", 1, 3, xs: xs, top: 60, page: 2),
        ], rows: 2, xs: xs, page: 2)
        let table = try #require(try stitch(upper, lower)).table
        #expect(table.rowCount == 4)
        let upheld = try #require(table.cell(row: 2, column: 0))
        #expect(upheld.text == "结果维持" && upheld.row == 1 && upheld.rowSpan == 2)
        #expect(table.cell(row: 2, column: 1)?.text == "总计")
        #expect(texts(table, row: 2) == ["结果维持", "总计", "结果维持", "总计"])
        #expect(texts(table, row: 3) == ["1", "1", "0", "0"])
    }

    @Test func theHeadersLastRowIsNotGluedToTheFirstFigures() throws {
        let upper = try part([["项目", "自然人", "总计"]], page: 1, runsOn: [[0, 1], [0, 2]])
        let lower = try part([["一、本年新收", "72", "72"]], page: 2)
        let table = try #require(try stitch(upper, lower)).table
        #expect(table.rowCount == 2)
        #expect(texts(table, row: 1) == ["一、本年新收", "72", "72"])
    }

    @Test func anExtraColumnLineOnTheLowerPageKeepsTheCutRow() throws {
        // The lower part splits the stub column further down; the joint grid renumbers the
        // upper part's columns, and the cut label must still be known as running on.
        let upper = try part([["三、办理结果", "5.属于三类内部事务", "0"]], xs: [50, 100, 250, 300], page: 1, runsOn: [[0, 1]])
        let xs = [50.0, 75, 100, 250, 300]
        let lower = try placed([
            cell("", 0, 0, columnSpan: 2, xs: xs, top: 60, page: 2), cell("信息", 0, 2, xs: xs, top: 60, page: 2), cell("", 0, 3, xs: xs, top: 60, page: 2),
            cell("甲", 1, 0, xs: xs, top: 60, page: 2), cell("乙", 1, 1, xs: xs, top: 60, page: 2),
            cell("6.属于四类过程性信息", 1, 2, xs: xs, top: 60, page: 2), cell("3", 1, 3, xs: xs, top: 60, page: 2),
        ], rows: 2, xs: xs, page: 2)
        let table = try #require(try stitch(upper, lower)).table
        #expect(table.rowCount == 2)
        #expect(table.cell(row: 0, column: 2)?.text == "5.属于三类内部事务信息")
    }

    @Test func differentOuterEdgesAreTwoTables() throws {
        let upper = try part([["甲", "1", "2"]], page: 1)
        let lower = try part([["乙", "3", "4"]], xs: [50, 200, 250, 320], page: 2)
        #expect(try stitch(upper, lower) == nil)
    }
}

@Suite struct AlignedStitchTests {
    /// The rows of AlignedGridTests' table go on at the top of page 2 with no stub text: a part
    /// whose own gaps would give it other columns.
    @Test func aPartWithoutRulingsJoinsOnTheGridOfBothParts() throws {
        let upper = try #require(try unruledTables(lines: AlignedGridTests.lines, page: 1).first)
        let lines = [
            segment("电邮", 116, row: 0), segment("1", 274, row: 0), segment("0", 312, row: 0), segment("10", 348, row: 0),
            segment("传真", 116, row: 1), segment("2", 274, row: 1), segment("0", 312, row: 1), segment("20", 348, row: 1),
            segment("其他", 116, row: 2), segment("3", 274, row: 2), segment("0", 312, row: 2), segment("30", 348, row: 2),
        ]
        let lower = try #require(try unruledTables(lines: lines, page: 2).first)
        #expect(lower.table.columnCount == 4)
        let joined = try #require(try stitch(upper, lower))
        #expect(joined.table.rowCount == 8 && joined.table.columnCount == 5)
        #expect(joined.table.cells(inRow: 6).filter { !$0.text.isEmpty }.map(\.text) == ["传真", "2", "0", "20"])
        let value = try #require(joined.table.cell(row: 6, column: 4))
        #expect(value.column == 4 && value.page == 2)
        #expect(abs((value.box?.y0 ?? 0) - (100 + 12.2)) < 0.001)
        // The upper part's cells stay where they stood.
        #expect(joined.table.cell(row: 1, column: 2)?.page == 1 && joined.table.cell(row: 1, column: 2)?.box?.y0 == 100 + 12.2)
    }

    @Test func aBlockOfFewerColumnsWithinTheUpperPartJoinsIt() throws {
        // Section 二 goes on below the break with a block of one figure per row, in the middle
        // column, its labels centred in the stub and so further left than the upper part's.
        let header = [segment("信息内容", 71, row: 5), segment("处理决定", 296, row: 5)]
        let upper = try #require(try unruledTables(lines: AlignedGridTests.lines + header, page: 1).first)
        let lines = [
            segment("许可", 71, row: 0), segment("629万", 300, row: 0),
            segment("处罚", 71, row: 1), segment("5738040", 290, row: 1),
            segment("事业性收费", 62, row: 2), segment("56088", 295, row: 2),
        ]
        let lower = try #require(try unruledTables(lines: lines, page: 2).first)
        let joined = try #require(try stitch(upper, lower))
        #expect(joined.table.rowCount == 9)
        #expect(joined.table.cells(inRow: 6).filter { !$0.text.isEmpty }.map(\.text) == ["许可", "629万"])
    }

    @Test func aRowOfBlanksAloneAtTheNextPagesTopJoinsTheTableAbove() throws {
        let upper = try #require(try unruledTables(lines: AlignedGridTests.lines, page: 1).first)
        let lines = [segment("四、结转下年", 71, row: 0), segment("四、政府信息公开行政复议", 71, row: 4)]
        let row = try #require(loneLabelRow(lines, page: 2, continuing: upper))
        let joined = try #require(try stitch(upper, row))
        #expect(joined.table.rowCount == 6)
        #expect(joined.table.cell(row: 5, column: 0)?.text == "四、结转下年")
        #expect(joined.table.cell(row: 5, column: 0)?.page == 2)
        // Running text of the page, or a label that is not where the table's labels start, is no row.
        #expect(loneLabelRow([segment("本机关共收到申请", 71, row: 0)], page: 2, continuing: upper)?.rows == nil)
        #expect(loneLabelRow([segment("四、结转下年", 90, row: 0)], page: 2, continuing: upper)?.rows == nil)
    }

    @Test func aPartOfAnotherWidthIsAnotherTable() throws {
        let upper = try #require(try unruledTables(lines: AlignedGridTests.lines, page: 1).first)
        let lines = (0..<3).flatMap { row in [segment("其他", 116, row: row), segment("1", 274, row: row), segment("9", 450, row: row)] }
        let lower = try #require(try unruledTables(lines: lines, page: 2).first)
        #expect(try stitch(upper, lower) == nil)
    }
}
