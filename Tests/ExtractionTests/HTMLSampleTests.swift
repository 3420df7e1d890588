import DocumentModel
import DocxExtraction
import Foundation
import HTMLExtraction
import Testing

/// The sample reports as sites publish them (scripts/samples/make-html.py): every page gives the
/// tables of its DOCX, cell for cell, whatever its encoding, chrome or container.
@Suite struct HTMLSampleTests {
    /// Each page, and what it exercises.
    static let pages = [
        "suzhou-2023.html",              // UTF-8, <meta charset>, HTML5 header/nav/footer
        "zhoukou-2023.html",             // UTF-8 in http-equiv, a layout table around the report's tables
        "suqian-2020.html",              // GBK declared, labels split with <br>
        "gongshu-2023.htm",              // GBK undeclared, a one-cell layout table around the article
        "zaozhuang-shizhong-2023.mht",   // a web archive, quoted-printable
    ]

    static func sampleName(_ page: String) -> String { (page as NSString).deletingPathExtension }

    static func read(_ page: String) throws -> Document {
        try HTMLExtractor.extract(bytes: Data(contentsOf: URL(fileURLWithPath: Paths.sample(page))), file: page)
    }

    @Test(arguments: pages)
    func tablesAreTheDocxTables(page: String) throws {
        let document = try HTMLSampleTests.read(page)
        let docx = try DocxExtractor.extract(path: Paths.sample("\(Self.sampleName(page)).docx"))
        #expect(document.kind == .html && document.pages.isEmpty)
        try #require(document.tables.count == 3, "\(page): \(document.tables.map { "\($0.rowCount)×\($0.columnCount)" })")
        for (table, truth) in zip(document.tables, docx.tables) {
            #expect(table.layout == .markup)
            #expect(table.rowCount == truth.rowCount && table.columnCount == truth.columnCount)
            #expect(table.cells.count == truth.cells.count)
            for (cell, expected) in zip(table.cells, truth.cells) {
                let same = (cell.row, cell.column, cell.rowSpan, cell.columnSpan) == (expected.row, expected.column, expected.rowSpan, expected.columnSpan)
                    && inkOf(cell.text) == inkOf(expected.text)
                if !same {
                    Issue.record("\(page): at (\(expected.row),\(expected.column)) got \(cell), expected \(expected)")
                    break
                }
            }
        }
    }

    /// Cells keep their lines: the DOCX's paragraphs (as `<p>` or `<br>`), and labels the page
    /// split over lines; an `&nbsp;` cell is blank; NBSP padding in a value stays as printed.
    @Test func cellLinesAndBlanks() throws {
        let suqian = try HTMLSampleTests.read("suqian-2020.html")
        let header = suqian.tables[1].cells(inRow: 2).map(\.text)
        #expect(header.contains("商业\n企业") && header.contains("科研\n机构") && header.contains("社会\n公益\n组织"))
        #expect(suqian.tables[1].cell(row: 3, column: 4)?.text == "")
        let gongshu = try HTMLSampleTests.read("gongshu-2023.htm")
        let docx = try DocxExtractor.extract(path: Paths.sample("gongshu-2023.docx"))
        let multiline = docx.tables[1].cells.filter { $0.text.contains("\n") }
        #expect(!multiline.isEmpty)
        for cell in multiline {
            #expect(gongshu.tables[1].cell(row: cell.row, column: cell.column)?.text == cell.text)
        }
        for (index, table) in docx.tables.enumerated() {
            for cell in table.cells where cell.text.contains("\u{a0}") {
                #expect(gongshu.tables[index].cell(row: cell.row, column: cell.column)?.text == cell.text)
            }
        }
        #expect(docx.tables.contains { $0.cells.contains { $0.text.contains("\u{a0}") } })
    }

    /// The article, not the site: no menu, breadcrumbs, related reports, pager or footer; the
    /// title (in an `<h1>`, in `<p>`s) and the report's own paragraphs in order.
    @Test(arguments: pages)
    func theArticleWithoutTheSite(page: String) throws {
        let document = try HTMLSampleTests.read(page)
        let docx = try DocxExtractor.extract(path: Paths.sample("\(Self.sampleName(page)).docx"))
        let text = document.paragraphs.map(\.text)
        for chrome in ["走进本地", "专题专栏", "当前位置", "相关链接", "上一篇", "下一篇", "主办单位", "网站标识码", "document.write"] {
            #expect(!text.contains { $0.contains(chrome) }, "\(page): \(chrome)")
        }
        // The report's paragraphs, in the DOCX's order, after the publication line.
        let report = docx.paragraphs.map { inkOf($0.text) }.filter { !$0.isEmpty }
        let read = text.map(inkOf).filter { !$0.hasPrefix("发布时间") }
        #expect(read == report, "\(page): \(read.prefix(3)) … against \(report.prefix(3)) …")
    }

    /// A web archive with the page in base64 and its charset on the part (GBK), as IE and some
    /// crawlers save them, reads as the page itself.
    @Test func base64WebArchiveReadsAsItsPage() throws {
        let page = try Data(contentsOf: URL(fileURLWithPath: Paths.sample("suqian-2020.html")))
        let boundary = "----=_NextPart_000_0000_01DA4F3C.5E0B1A20"
        let archive = """
            MIME-Version: 1.0\r
            Content-Type: multipart/related;\r
            \tboundary="\(boundary)";\r
            \ttype="text/html"\r
            X-MimeOLE: Produced By Microsoft MimeOLE\r
            \r
            This is a multi-part message in MIME format.\r
            \r
            --\(boundary)\r
            Content-Type: text/html;\r
            \tcharset="gbk"\r
            Content-Transfer-Encoding: base64\r
            Content-Location: http://www.example.gov.cn/art/2021/1/28/report.html\r
            \r
            \(page.base64EncodedString(options: .lineLength76Characters))\r
            \r
            --\(boundary)--\r

            """
        let fromArchive = try HTMLExtractor.extract(bytes: Data(archive.utf8), file: "report.mhtml")
        #expect(fromArchive == (try HTMLExtractor.extract(bytes: page, file: "suqian-2020.html")))
        #expect(fromArchive.tables.count == 3)
    }

    @Test func aWebArchiveWithoutAPageIsNamedSo() {
        let archive = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: image/png\r\n\r\nxx\r\n--b--\r\n"
        #expect(throws: ExtractionError(file: "a.mht", reason: .damaged("a web archive (MHT) without an HTML page in it"))) {
            try HTMLExtractor.extract(bytes: Data(archive.utf8), file: "a.mht")
        }
    }
}

/// Text without its white space (spaces, NBSPs, line breaks): what a person reads, however the
/// page spaced it (a site writes a DOCX's double space as `&nbsp; `) or split a label.
func inkOf(_ text: String) -> String {
    String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
}
