import DocumentModel
@testable import TableReconstruction
import Testing

/// `text` set in 9 pt characters from `x0` on the row `row` of a table whose rows are 12.2 pt apart.
func segment(_ text: String, _ x0: Double, row: Int) -> TextLine {
    let y = 100 + Double(row) * 12.2
    let runs = text.enumerated().map { index, character in
        let left = x0 + Double(index) * 9
        return TextRun(text: String(character), box: BoundingBox(x0: left, y0: y, x1: left + 9, y1: y + 11.7), fontSize: 9)
    }
    let x1 = x0 + Double(text.count) * 9
    return TextLine(text: text, box: BoundingBox(x0: x0, y0: y, x1: x1, y1: y + 11.7), runs: runs)
}

@Suite struct AlignedGridTests {
    /// A stub of labels four characters wide, sub-labels, and three columns of figures.
    static let lines: [TextLine] = [
        segment("分类项目", 71, row: 0), segment("方式", 116, row: 0), segment("甲", 272, row: 0), segment("乙", 310, row: 0), segment("丙", 348, row: 0),
        segment("收到申请", 71, row: 1), segment("当面", 116, row: 1), segment("1", 274, row: 1), segment("2", 312, row: 1), segment("3", 350, row: 1),
        segment("网络", 116, row: 2), segment("4", 274, row: 2), segment("6", 350, row: 2),
        segment("信函", 116, row: 3), segment("7", 274, row: 3), segment("8", 312, row: 3), segment("9", 350, row: 3),
        segment("合计数量", 71, row: 4), segment("12", 272, row: 4), segment("10", 310, row: 4), segment("18", 348, row: 4),
    ]

    static func table() throws -> Table {
        try #require(try unruledTables(lines: lines, page: 1).first).table
    }

    @Test func aStubLabelSpansTheRowsOfValuesBlankBelowIt() throws {
        let table = try Self.table()
        #expect(table.rowCount == 5 && table.columnCount == 5)
        let label = try #require(table.cell(row: 2, column: 0))
        #expect(label.text == "收到申请" && label.row == 1 && label.rowSpan == 3)
    }

    @Test func aStubLabelSpansTheBlankStubColumnsToItsRight() throws {
        let total = try #require(try Self.table().cell(row: 4, column: 1))
        #expect(total.text == "合计数量" && total.columnSpan == 2)
    }

    @Test func aFullHeaderLabelDoesNotSwallowTheFirstRowsLabel() throws {
        // 分类项目 fills its column and 收到申请 starts where it started, but one is the header's.
        let header = try #require(try Self.table().cell(row: 0, column: 0))
        #expect(header.text == "分类项目" && header.rowSpan == 1)
    }

    @Test func aRowOfBlanksAtTheTablesEndKeepsItsLabel() throws {
        // 四、结转下年度继续办理 with all its values blank: its label alone, where labels start.
        let table = try #require(try unruledTables(lines: Self.lines + [segment("四、结转下年", 71, row: 5)], page: 1).first).table
        #expect(table.rowCount == 6)
        #expect(table.cell(row: 5, column: 0)?.text == "四、结转下年")
    }

    @Test func rowsOfBlanksAPageBreakLeftAboveTheValuesKeepTheirLabels() throws {
        // The part of a table on the page after a break opens with two rows of blanks.
        let lines = [segment("4.保护第三", 116, row: 0), segment("5.三类内部", 116, row: 1)]
            + (2..<5).flatMap { row in [segment("\(row + 4).过程信息", 116, row: row), segment("1", 274, row: row), segment("1", 350, row: row)] }
        let table = try #require(try unruledTables(lines: lines, page: 2).first).table
        #expect(table.rowCount == 5)
        #expect(table.cells(inRow: 0).map(\.text).filter { !$0.isEmpty } == ["4.保护第三"])
    }

    @Test func aHeadingRowAcrossTheTableIsNoWrappedValue() throws {
        // 第二十条第（五）项 starts under a figure but crosses into the next column: a row of its own.
        let lines = [
            segment("信息内容", 71, row: 0), segment("甲", 272, row: 0), segment("乙", 310, row: 0), segment("丙", 348, row: 0),
            segment("规章", 71, row: 1), segment("0", 274, row: 1), segment("1", 312, row: 1), segment("2", 350, row: 1),
            segment("规范性文件", 71, row: 2), segment("2", 274, row: 2), segment("2", 312, row: 2), segment("11", 348, row: 2),
            segment("第二十条第五项", 276, row: 3),
            segment("信息内容", 71, row: 4), segment("丁", 310, row: 4),
            segment("行政许可", 71, row: 5), segment("629万", 306, row: 5),
        ]
        let table = try #require(try unruledTables(lines: lines, page: 1).first).table
        #expect(table.cell(row: 2, column: 1)?.text == "2")
        #expect(table.rowCount == 6)
    }

    @Test func aBlankAmongTheValuesStaysABlank() throws {
        let table = try Self.table()
        let blank = try #require(table.cell(row: 2, column: 3))
        #expect(blank.text.isEmpty && blank.rowSpan == 1 && blank.columnSpan == 1)
        #expect(table.cells(inRow: 2).map(\.text) == ["收到申请", "网络", "4", "", "6"])
    }
}

@Suite struct BlankColumnTests {
    let box = { (x0: Double, x1: Double) in BoundingBox(x0: x0, y0: 0, x1: x1, y1: 9) }

    @Test func columnsBlankAllTheWayDownAreTheHeadersColumns() {
        // 法人或其他组织 over 商业企业 科研机构 社会公益组织, their values all blank (zeros left out).
        let header = [[box(200, 263)], [box(160, 187), box(200, 227), box(240, 267)], [box(169, 178), box(209, 218), box(244, 263)]]
        #expect(columnEdges(inGap: 150...280, headerWords: header) == [155, 193.5, 233.5, 273.5])
    }

    @Test func aGapUnderOneLabelHasItsMiddle() {
        #expect(columnEdges(inGap: 150...280, headerWords: [[box(200, 227)]]) == [215])
        #expect(columnEdges(inGap: 150...280, headerWords: []) == [215])
    }
}

@Suite struct LabelColumnTests {
    /// A stub and its items, each group's first item after the stub's label on the same row, the
    /// other items alone; labels spanning both columns; one column of figures.
    static let rows = textRows([
        segment("（一）予以公开", 71, row: 0), segment("4", 300, row: 0),
        segment("（三）不予公", 71, row: 1), segment("1.属于国家秘密", 140, row: 1), segment("0", 300, row: 1),
        segment("2.其他法律", 140, row: 2), segment("0", 300, row: 2),
        segment("（四）无法提", 71, row: 3), segment("1.本机关不掌握", 140, row: 3), segment("10", 300, row: 3),
        segment("（五）不予处", 71, row: 4), segment("1.信访举报", 140, row: 4), segment("0", 300, row: 4),
        segment("（七）总计", 71, row: 5), segment("15", 300, row: 5),
    ])

    @Test func itemsStartingAtOneXAfterOtherTextMakeAColumn() {
        let edges = withLabelColumns([71, 290, 318], rows: Self.rows)
        #expect(edges.count == 4)
        // Midway between the end of 不予公 (71 + 6 × 9) and the items' start.
        #expect(edges[1] == 132.5)
    }

    @Test func wordsAfterAnItemNumberAloneGoOnTheLabel() {
        // (一) 予以公开 with a space: 予以公开 starts at one x in every row, after `(一)`.
        let spaced = textRows((0..<4).flatMap { row in [segment("(\(row))", 71, row: row), segment("予以公开", 100, row: row), segment("1", 300, row: row)] })
        #expect(withLabelColumns([71, 290, 318], rows: spaced) == [71, 290, 318])
        #expect(isItemNumber("(一)") && isItemNumber("1.") && isItemNumber("三、") && !isItemNumber("1.属于") && !isItemNumber("予以"))
    }
}
