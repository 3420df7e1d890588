import DocumentModel
import Foundation
import HTMLExtraction
import Testing

/// Hostile pages, made at test time: each is read within bounds, to a document or to an error
/// naming the file and the reason, never a crash.
@Suite struct HTMLHostileTests {
    /// 50 MB of report-like paragraphs and table rows: read whole (under the 64 MiB page limit).
    @Test func aFiftyMegabytePageIsRead() throws {
        let paragraph = "<p style=\"text-indent:2em\"><span>本年度共收到政府信息公开申请95件，</span><span>办结93件。</span></p>\n"
        let row = "<tr><td>规章</td><td>0</td><td>&nbsp;</td></tr>\n"
        var page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>某某局2023年政府信息公开工作年度报告</p>"
        let block = String(repeating: paragraph, count: 200) + "<table>" + String(repeating: row, count: 50) + "</table>"
        let blocks = 50_000_000 / block.utf8.count + 1
        page += String(repeating: block, count: blocks) + "</body></html>"
        let bytes = Data(page.utf8)
        #expect(bytes.count > 50_000_000)
        let document = try HTMLExtractor.extract(bytes: bytes, file: "big.html")
        #expect(document.paragraphs.count == 200 * blocks + 1 && document.tables.count == blocks)
        #expect(document.tables.allSatisfy { $0.rowCount == 50 && $0.columnCount == 3 })
    }

    /// A page past the limit is refused before it is parsed.
    @Test func aPagePastTheLimitIsRefused() {
        let page = Data(("<html><body>" + String(repeating: "<p>x</p>", count: 2_000)).utf8)
        #expect(throws: ExtractionError(file: "p.html", reason: .limitExceeded("a page of 16012 bytes (limit 10000)"))) {
            try HTMLExtractor.extract(bytes: page, file: "p.html", limits: HTMLLimits(maxPageBytes: 10_000))
        }
    }

    /// 100,000 nested elements of each kind that nests: the parser and the walks take them
    /// without recursion; the text inside is kept where the parser keeps it.
    @Test(arguments: ["div", "span", "table"])
    func deepNesting(element: String) throws {
        let depth = 100_000
        let open = element == "table" ? "<table><tr><td>" : "<\(element)>"
        let close = element == "table" ? "</td></tr></table>" : "</\(element)>"
        let page = "<html><body><p>年度报告</p>" + String(repeating: open, count: depth) + "深处" + String(repeating: close, count: depth) + "</body></html>"
        let document = try HTMLExtractor.extract(bytes: Data(page.utf8), file: "deep.html")
        #expect(document.paragraphs.first?.text == "年度报告")
    }

    /// A table of 10,000 columns is refused by the grid's column limit, named.
    @Test func tenThousandColumnsAreRefused() {
        let page = "<table><tr>" + String(repeating: "<td>1</td>", count: 10_000) + "</tr></table>"
        #expect(throws: ExtractionError(file: "wide.html", reason: .limitExceeded("a table of 1 rows by 1001 columns"))) {
            try HTMLExtractor.extract(bytes: Data(page.utf8), file: "wide.html")
        }
    }

    /// Spans of a million: a rowspan is cut at the table's end, a colspan at HTML's 1,000; a cell
    /// pushed past the 1,000th column by them is refused, named.
    @Test func millionSpansAreCapped() throws {
        let page = """
            <table><tr><td rowspan="2" colspan="1000000">a</td></tr><tr></tr><tr><td>z</td></tr></table>
            <table><tr><td rowspan="99999999999999999999">b</td><td>c</td></tr><tr><td>d</td></tr></table>
            """
        let tables = try HTMLExtractor.extract(bytes: Data(page.utf8), file: "span.html").tables
        try #require(tables.count == 2)
        #expect(tables[0].rowCount == 3 && tables[0].columnCount == 1_000)
        #expect(HTMLFeatureTests.cells(tables[0]) == ["0,0 2x1000 a", "2,0 1x1 z"])
        #expect(HTMLFeatureTests.cells(tables[1]) == ["0,0 2x1 b", "0,1 1x1 c", "1,1 1x1 d"])
        let pushed = "<table><tr><td rowspan=\"3\" colspan=\"1000000\">a</td></tr><tr><td>b</td></tr></table>"
        #expect(throws: ExtractionError(file: "span.html", reason: .limitExceeded("a table of 2 rows by 1001 columns"))) {
            try HTMLExtractor.extract(bytes: Data(pushed.utf8), file: "span.html")
        }
    }

    /// Many tables whose grids together pass the document's limit, refused as they are read.
    @Test func tablesPastTheCellLimitAreRefused() {
        let table = "<table>" + String(repeating: "<tr><td colspan=\"1000\">x</td></tr>", count: 100) + "</table>"
        let page = String(repeating: table, count: 25)
        #expect(throws: ExtractionError(file: "many.html", reason: .limitExceeded("tables of more than 2000000 cells in all"))) {
            try HTMLExtractor.extract(bytes: Data(page.utf8), file: "many.html")
        }
    }

    /// Broken markup as libxml2 repairs it: unclosed cells and rows, stray end tags, a table
    /// inside a paragraph, attributes without quotes, a truncated end (its one-cell table read
    /// as layout, its text a paragraph), a NUL byte.
    @Test func brokenMarkupIsRepaired() throws {
        let page = "<html><body><p>一、总体情况<table><tr><td>a<td>b</tr></td></div><tr><td colspan=2 rowspan=>c</table>"
            + "</p></span><p>尾\u{0}段<table><tr><td>未完"
        let document = try HTMLExtractor.extract(bytes: Data(page.utf8), file: "broken.html")
        try #require(document.tables.count == 1)
        #expect(HTMLFeatureTests.cells(document.tables[0]) == ["0,0 1x1 a", "0,1 1x1 b", "1,0 1x2 c"])
        #expect(document.paragraphs.map(\.text) == ["一、总体情况", "尾 段", "未完"])
    }

    @Test func emptyAndNonsensePages() throws {
        #expect(throws: ExtractionError(file: "e.html", reason: .damaged("the page is empty"))) {
            try HTMLExtractor.extract(bytes: Data(), file: "e.html")
        }
        let nonsense = try HTMLExtractor.extract(bytes: Data([0x3C, 0x21, 0x2D, 0x2D] + (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }), file: "n.html")
        #expect(nonsense.kind == .html && nonsense.tables.isEmpty)
    }
}
