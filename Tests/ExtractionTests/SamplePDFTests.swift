import DocumentModel
import Foundation
import PDFExtraction
import TableReconstruction
import Testing

/// The PDF LibreOffice printed from each sample DOCX gives back the DOCX's tables.
@Suite struct SamplePDFTests {
    static let pageCounts = [
        "suzhou-2023": 4, "zhoukou-2023": 3, "suqian-2020": 4, "gongshu-2023": 4, "zaozhuang-shizhong-2023": 4,
        "zaozhuang-shizhong-2023-split": 5, "zhoukou-2023-unruled": 3, "gongshu-2023-landscape": 5,
    ]
    /// Tables without ruling lines are found from text alignment, which gives section 三 exactly
    /// but not every table: the unruled sample is tested on its own below.
    static let ruled = Samples.names.filter { $0 != "zhoukou-2023-unruled" }

    static func document(_ name: String) throws -> Document {
        let pages = try PDFExtractor.extract(path: Paths.sample("\(name).pdf"))
        return Document(kind: .pdf, pages: pages, blocks: reconstructBlocks(pages: pages).blocks)
    }

    @Test(arguments: Samples.names)
    func pagesAndKnownText(name: String) throws {
        let document = try Self.document(name)
        let record = try Samples.expectedRecord(name)
        #expect(document.pages.count == Self.pageCounts[name])
        #expect(document.pages.allSatisfy { !$0.isUnreadable && !$0.runs.isEmpty })
        let text = document.pages.flatMap(\.lines).map(\.text).joined().filter { !$0.isWhitespace }
        #expect(text.contains(record.agency))
        #expect(text.contains("三、收到和处理政府信息公开申请情况"))
    }

    @Test func landscapePagesComeOutUpright() throws {
        let document = try Self.document("gongshu-2023-landscape")
        #expect(document.pages.map(\.isLandscape) == [false, false, true, true, false])
        // Upright: text lines run left to right, wider than tall.
        let page = document.pages[2]
        let longest = try #require(page.lines.max { $0.box.width < $1.box.width })
        #expect(longest.box.width > 10 * longest.box.height)
        #expect(page.width > 800 && page.height < 600)
    }

    @Test(arguments: ruled)
    func tablesMatchTheDocx(name: String) throws {
        let document = try Self.document(name)
        let expected = try Samples.expectedTables(name)
        try #require(document.tables.count == expected.count)
        for (index, (table, truth)) in zip(document.tables, expected).enumerated() {
            expect(table, matches: truth, "\(name) table \(index + 1)")
        }
    }

    /// Size, spans and text per cell, as the DOCX has them.
    func expect(_ table: Table, matches truth: ExpectedTable, _ label: String) {
        #expect(table.rowCount == truth.rows, "\(label) rows")
        #expect(table.columnCount == truth.cols, "\(label) columns")
        let actual = table.cells.map { comparable($0) }
        let wanted = truth.modelCells.map { comparable($0) }
        #expect(actual.count == wanted.count, "\(label) cell count")
        for (cell, expectedCell) in zip(actual, wanted) where cell != expectedCell {
            Issue.record("\(label): got \(cell), expected \(expectedCell)")
            break
        }
    }

    /// Without a line drawn, section 三's merged labels are read from the blanks beside and below
    /// them, its wrapped labels from where their lines end and start: the DOCX's matrix exactly.
    @Test func unruledSectionThreeMatchesTheDocx() throws {
        let document = try Self.document("zhoukou-2023-unruled")
        let sectionThree = try #require(document.tables.first { $0.rowCount > 20 })
        #expect(sectionThree.layout == .aligned)
        expect(sectionThree, matches: try Samples.expectedTables("zhoukou-2023-unruled")[1], "zhoukou-2023-unruled section 三")
    }

    @Test func unruledSectionThreeGivesItsValueRows() throws {
        let document = try Self.document("zhoukou-2023-unruled")
        let sectionThree = try #require(document.tables.first { $0.rowCount > 20 })
        #expect(sectionThree.layout == .aligned)
        let rows = (0..<sectionThree.rowCount).map { sectionThree.cells(inRow: $0).map(\.text) }
        let values = { (label: String) in rows.first { $0.contains { $0.hasPrefix(label) } }.map { Array($0.suffix(7)) } }
        #expect(values("一、本年新收") == ["15", "0", "0", "0", "0", "0", "15"])
        #expect(values("4. 保护第三方") == ["1", "0", "0", "0", "0", "0", "1"])
        #expect(values("(七) 总计") == ["15", "0", "0", "0", "0", "0", "15"])
        #expect(values("四、结转下年") == ["0", "0", "0", "0", "0", "0", "0"])
        // Heading rows centred across section 二 are rows of their own, not wrapped lines.
        let sectionTwo = try #require(document.tables.first)
        let licensing = (0..<sectionTwo.rowCount).map { sectionTwo.cells(inRow: $0).map(\.text).filter { !$0.isEmpty } }
        #expect(licensing.contains(["行政许可", "1628471"]))
        #expect(licensing.contains(["行政事业性收费", "12592.22"]))
        // Header cells closer than a column gap (结果 维持 纠正 in narrow columns) are still columns.
        let sectionFour = try #require(document.tables.last)
        #expect(sectionFour.columnCount == 15)
        #expect(sectionFour.cells(inRow: sectionFour.rowCount - 1).map(\.text) == ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"])
        #expect(try Self.document("zhoukou-2023").tables.allSatisfy { $0.layout == .ruled })
    }

    /// A PDF keeps no spaces, only gaps, and a paragraph break where the line was full anyway
    /// (`结果` / `纠正` in a column two characters wide) looks exactly like a wrap: text is compared
    /// without white space. How breaks are told from wraps is tested on its own (CellTextTests).
    func comparable(_ cell: Cell) -> Cell {
        Cell(row: cell.row, column: cell.column, rowSpan: cell.rowSpan, columnSpan: cell.columnSpan,
             text: String(cell.text.filter { !$0.isWhitespace }))
    }
}
