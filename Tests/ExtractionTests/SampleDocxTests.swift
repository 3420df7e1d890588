import DocumentModel
import DocxExtraction
import Testing

/// Every sample DOCX gives back exactly the tables it was built with, cell by cell.
@Suite struct SampleDocxTests {
    @Test(arguments: Samples.names)
    func tablesMatchTheirExpectedGrids(name: String) throws {
        let document = try DocxExtractor.extract(path: Paths.sample("\(name).docx"))
        let expected = try Samples.expectedTables(name)
        try #require(document.tables.count == expected.count)
        for (table, truth) in zip(document.tables, expected) {
            #expect(table.rowCount == truth.rows)
            #expect(table.columnCount == truth.cols)
            let actual = table.cells.map { Cell(row: $0.row, column: $0.column, rowSpan: $0.rowSpan, columnSpan: $0.columnSpan, text: $0.text) }
            for (cell, expectedCell) in zip(actual, truth.modelCells) where cell != expectedCell {
                Issue.record("\(name): table \(table.rowCount)×\(table.columnCount) at (\(expectedCell.row),\(expectedCell.column)): got \(cell), expected \(expectedCell)")
                break
            }
            #expect(actual.count == truth.modelCells.count)
        }
    }

    @Test(arguments: Samples.names)
    func sectionThreeHasTheTemplateShape(name: String) throws {
        let document = try DocxExtractor.extract(path: Paths.sample("\(name).docx"))
        let record = try Samples.expectedRecord(name)
        try #require(document.tables.count == 3)
        let sectionThree = document.tables[1]
        // 28 rows in the 2021 template, 26 in 2019 where （六）其他处理 is one row.
        #expect(sectionThree.rowCount == (record.template == "2021" ? 28 : 26))
        #expect(sectionThree.columnCount == 10)
        #expect(sectionThree.cell(row: 2, column: 2)?.rowSpan == 3)
        #expect(sectionThree.cell(row: 0, column: 5)?.text == "申请人情况")
        #expect(document.tables[2].columnCount == 15)
        let text = document.paragraphs.prefix(4).map(\.text).joined()
        #expect(text.replacingOccurrences(of: " ", with: "").contains(String(record.year)))
    }
}
