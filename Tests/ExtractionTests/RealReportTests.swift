import DocumentModel
import Foundation
import PDFExtraction
import TableReconstruction
import Testing

/// A real report made with WPS by a district government (../shared/corpus/real), read when present.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Paths.realReport)))
struct RealReportTests {

    @Test func givesItsThreeTablesWithTheirValues() throws {
        let pages = try PDFExtractor.extract(path: Paths.realReport)
        let document = Document(kind: .pdf, pages: pages, blocks: reconstructBlocks(pages: pages).blocks)
        #expect(pages.count == 5)
        let tables = document.tables
        try #require(tables.count == 3)

        let sectionTwo = tables[0]
        #expect(sectionTwo.rowCount == 14 && sectionTwo.columnCount == 4)
        #expect(sectionTwo.cells(inRow: 3).map(\.text) == ["行政规范性文件", "0", "5", "5"])
        #expect(sectionTwo.cells(inRow: 9).map(\.text) == ["行政处罚", "4119"])
        #expect(sectionTwo.cells(inRow: 13).map(\.text) == ["行政事业性收费", "7730.28"])

        // This report prints （六）其他处理 as one row: 26 rows, not the template's 28.
        let sectionThree = tables[1]
        #expect(sectionThree.rowCount == 26 && sectionThree.columnCount == 10)
        #expect(sectionThree.cell(row: 10, column: 0)?.text == "三、本年度办理结果") // set vertically
        // The row cut at the bottom of page 3, drawn without its bottom line, is kept whole.
        #expect(sectionThree.cells(inRow: 16).map(\.text).suffix(7) == ["3", "0", "0", "0", "0", "0", "3"])
        #expect(sectionThree.cells(inRow: 3).map(\.text).suffix(7) == ["21", "0", "0", "0", "0", "0", "21"])
        #expect(sectionThree.cells(inRow: 24).map(\.text).suffix(7) == ["21", "0", "0", "0", "0", "0", "21"])

        let sectionFour = tables[2]
        #expect(sectionFour.rowCount == 4 && sectionFour.columnCount == 15)
        // As printed, with its wrong totals (10 + 1 upheld/corrected, total 0).
        #expect(sectionFour.cells(inRow: 3).map(\.text) == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"])
        #expect(sectionFour.cell(row: 2, column: 14)?.page == 4)
    }
}
