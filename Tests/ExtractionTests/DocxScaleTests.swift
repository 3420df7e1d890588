import DocumentModel
import DocxExtraction
import Foundation
import Testing

/// Shapes that once cost time or memory growing faster than the file: each is written at a size
/// where quadratic work would take minutes, and must come back whole (the values are the check,
/// not a clock, so a slow machine does not fail them).
@Suite struct DocxScaleTests {
    /// The ratio bound is not what these test, and repeated markup deflates past it.
    static let unboundedRatio = DocxLimits(maxCompressionRatio: 1_000_000)

    func extract(_ body: String, limits: DocxLimits = unboundedRatio) throws -> Document {
        try DocxExtractor.extract(bytes: TestFiles.docx(body: body), file: "scale.docx", limits: limits)
    }

    /// The refusal of a DOCX of `body`, nil when it is read.
    func refusal(_ body: String, limits: DocxLimits) throws -> ExtractionError? {
        let bytes = try TestFiles.docx(body: body)
        do {
            _ = try DocxExtractor.extract(bytes: bytes, file: "scale.docx", limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// Two million runs took 104 s when each run copied the paragraph so far.
    @Test func aParagraphOfManyRunsIsReadInLinearTime() throws {
        let runs = 400_000
        let body = "<w:p>" + String(repeating: "<w:r><w:t>字</w:t></w:r>", count: runs) + "</w:p>"
        let document = try extract(body)
        #expect(document.paragraphs.count == 1)
        #expect(document.paragraphs.first?.text.count == runs)
    }

    /// A cell merged down over 60,000 rows, each continuation with text of its own.
    @Test func aLongVerticalMergeIsOneCell() throws {
        let rows = 60_000
        let first = "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>合并</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
        let next = "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>续</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
        let document = try extract("<w:tbl>" + first + String(repeating: next, count: rows - 1) + "</w:tbl>")
        let table = try #require(document.tables.first)
        #expect(table.rowCount == rows && table.columnCount == 2)
        let merged = try #require(table.cell(row: rows - 1, column: 0))
        #expect(merged.row == 0 && merged.rowSpan == rows)
        #expect(merged.text.count == "合并".count + (rows - 1) * "\n续".count)
        #expect(table.cells.count == 1 + rows)
    }

    /// The cells of all tables count against one limit: seven tables at the old per-table limit took 1.9 GB.
    @Test func tablesTogetherAreBounded() throws {
        let row = "<w:tr>" + String(repeating: "<w:tc><w:p/></w:tc>", count: 100) + "</w:tr>"
        let table = "<w:tbl>" + String(repeating: row, count: 100) + "</w:tbl>"
        let limits = DocxLimits(maxCompressionRatio: 1_000_000, maxTableCells: 25_000)
        #expect(try extract(table + table, limits: limits).tables.count == 2)
        #expect(try refusal(table + table + table, limits: limits)
            == ExtractionError(file: "scale.docx", reason: .limitExceeded("tables of more than 25000 cells in all")))
    }

    /// Rows without cells cost nothing per row to write; they are refused as they arrive.
    @Test func aMillionEmptyRowsAreRefused() throws {
        let body = "<w:tbl>" + String(repeating: "<w:tr/>", count: 1_000_000) + "</w:tbl>"
        #expect(try refusal(body, limits: DocxLimits(maxCompressionRatio: 1_000_000, maxTableCells: 100_000))?.reason == .limitExceeded("tables of more than 100000 cells in all"))
    }

    /// A large table (200,000 cells) is read whole, its cells in order.
    @Test func aLargeTableIsRead() throws {
        let row = "<w:tr>" + String(repeating: "<w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc>", count: 1_000) + "</w:tr>"
        let document = try extract("<w:tbl>" + String(repeating: row, count: 200) + "</w:tbl>")
        let table = try #require(document.tables.first)
        #expect(table.rowCount == 200 && table.columnCount == 1_000 && table.cells.count == 200_000)
        #expect(table.cell(row: 199, column: 999) == Cell(row: 199, column: 999, text: "0"))
    }
}
