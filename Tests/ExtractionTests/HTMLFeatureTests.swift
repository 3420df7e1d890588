import DocumentModel
import Foundation
@testable import HTMLExtraction
import Testing

/// What the HTML extractor makes of the markup sites write, page by page.
@Suite struct HTMLFeatureTests {
    static func read(_ html: String, file: String = "page.html") throws -> Document {
        try HTMLExtractor.extract(bytes: Data(html.utf8), file: file)
    }

    static func cells(_ table: Table) -> [String] {
        table.cells.map { "\($0.row),\($0.column) \($0.rowSpan)x\($0.columnSpan) \($0.text)" }
    }

    /// rowspan and colspan into the merged-cell matrix, each cell placed at the first column the
    /// rows above leave free, as browsers place them.
    @Test func spansBecomeMergedCells() throws {
        let document = try Self.read("""
            <table>
            <tr><td rowspan="3" colspan="2">三、本年度办理结果</td><td colspan="2">申请人情况</td></tr>
            <tr><td>自然人</td><td rowspan=2>法人</td></tr>
            <tr><td>3</td></tr>
            <tr><th>一</th><td>1</td><td>2</td><td>3</td></tr>
            </table>
            """)
        let table = try #require(document.tables.first)
        #expect(table.rowCount == 4 && table.columnCount == 4 && table.layout == .markup)
        #expect(Self.cells(table) == [
            "0,0 3x2 三、本年度办理结果", "0,2 1x2 申请人情况", "1,2 1x1 自然人", "1,3 2x1 法人", "2,2 1x1 3",
            "3,0 1x1 一", "3,1 1x1 1", "3,2 1x1 2", "3,3 1x1 3",
        ])
        #expect(table.cell(row: 2, column: 1)?.text == "三、本年度办理结果")
    }

    /// A cell's lines from `<br>`, `<p>` and `<div>`; spaces collapsed as a browser shows them;
    /// `&nbsp;` alone is a blank cell, `&nbsp;` beside a figure stays.
    @Test func cellTextKeepsItsLines() throws {
        let document = try Self.read("""
            <table><tr>
            <td>社会<br>公益<br/>组织</td>
            <td><p style="text-align:center"><span>三、本</span></p><p><span>年度办</span></p><div>理结果</div></td>
            <td>&nbsp;</td><td> &nbsp; &#12288; </td><td>&nbsp;2</td>
            <td>
               5.要求行政机关确认或重新
               出具已获取信息<br><br></td>
            </tr></table>
            """)
        let texts = try #require(document.tables.first).cells.map(\.text)
        #expect(texts == ["社会\n公益\n组织", "三、本\n年度办\n理结果", "", "", "\u{a0}2", "5.要求行政机关确认或重新 出具已获取信息"])
    }

    /// Overlapping spans are cut where the cell from above stands; spans past the table are cut
    /// at its end; `rowspan="0"` runs to the end; nonsense reads as 1. Never a crash, never a cell lost.
    @Test func brokenSpansAreRepaired() throws {
        let document = try Self.read("""
            <table>
            <tr><td>a</td><td rowspan="2">b</td><td>c</td></tr>
            <tr><td colspan="3">d</td><td>e</td></tr>
            <tr><td rowspan="1000000">f</td><td colspan="-2">g</td><td rowspan="x">h</td></tr>
            <tr><td rowspan="0">i</td></tr>
            <tr></tr>
            </table>
            """)
        let table = try #require(document.tables.first)
        #expect(Self.cells(table) == [
            "0,0 1x1 a", "0,1 2x1 b", "0,2 1x1 c",
            "1,0 1x1 d", "1,2 1x1 e",
            "2,0 3x1 f", "2,1 1x1 g", "2,2 1x1 h",
            "3,1 2x1 i",
        ])
        #expect(table.rowCount == 5 && table.columnCount == 3)
    }

    /// A row whose own cells end before a cell spanning down from further right leaves the gap
    /// empty (nil), as a browser leaves it; a short row leaves its end empty.
    @Test func gapsStayEmpty() throws {
        let document = try Self.read("""
            <table><tr><td>a</td><td>b</td><td rowspan="2">c</td></tr><tr><td>d</td></tr><tr><td>e</td></tr></table>
            """)
        let table = try #require(document.tables.first)
        #expect(Self.cells(table) == ["0,0 1x1 a", "0,1 1x1 b", "0,2 2x1 c", "1,0 1x1 d", "2,0 1x1 e"])
        #expect(table.cell(row: 1, column: 1) == nil && table.cell(row: 2, column: 2) == nil)
    }

    /// The page around the report: menus, breadcrumbs, related reports (whose titles name a
    /// report too, in links), a layout table of menu and article, a hidden block, scripts; the
    /// title in a `<p>`. Only the article's paragraphs and its data table come out, the layout
    /// table unwrapped.
    @Test func theReportAmongTheSiteChrome() throws {
        let document = try Self.read("""
            <!DOCTYPE html><html><head><title>年度报告</title><script>document.write("<p>脚本</p>")</script></head><body>
            <div class="top">某某市人民政府门户网站</div>
            <ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul>
            <table width="1000"><tr><td width="200"><ul><li><a href="/a">2022年政府信息公开工作年度报告</a></li></ul></td>
            <td><div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
            <div class="article">
            <p style="text-align:center"><span style="font-size:22pt">某某市教育局2023年政府信息公开工作年度报告</span></p>
            <p>　　本报告由某某市教育局编制。全文包括总体情况、主动公开政府信息情况等部分。</p>
            <p>一、总体情况</p><div style="display:none">隐藏的分享按钮</div>
            <table border="1"><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
            <p>上一篇：<a href="/b">某某市教育局2022年政府信息公开工作年度报告</a></p>
            </div></td></tr></table>
            <div class="footer">版权所有：某某市人民政府办公室　地址：人民路1号</div>
            </body></html>
            """)
        #expect(document.paragraphs.map(\.text) == [
            "某某市教育局2023年政府信息公开工作年度报告", "　　本报告由某某市教育局编制。全文包括总体情况、主动公开政府信息情况等部分。", "一、总体情况",
        ])
        #expect(document.tables.count == 1)
        #expect(document.tables.first.map(Self.cells) == ["0,0 1x1 信息内容", "0,1 1x1 本年制发件数", "1,0 1x1 规章", "1,1 1x1 0"])
    }

    /// A page without a title naming the report is read whole (less its scripts, menus of links
    /// and hidden parts); a one-cell table is layout, read as its content.
    @Test func aPageWithoutATitleIsReadWhole() throws {
        let document = try Self.read("""
            <html><body><table><tr><td><p>第一段</p><p>第二段<br>第三段</p></td></tr></table>
            <ul><li><a href="/x">链接一</a></li><li><a href="/y">链接二</a></li></ul></body></html>
            """)
        #expect(document.paragraphs.map(\.text) == ["第一段", "第二段", "第三段"])
        #expect(document.tables.isEmpty)
    }

    // MARK: encodings

    @Test func declaredCharsets() {
        func declared(_ head: String) -> String? { PageEncoding.declaredCharset(Array(head.utf8)) }
        #expect(declared(#"<html><head><meta charset="gbk"><title>x</title>"#) == "gbk")
        #expect(declared("<HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GB2312\">") == "gb2312")
        #expect(declared("<meta name=\"keywords\" content=\"charset\"><meta charset='utf-8' />") == "utf-8")
        #expect(declared("<meta content=\"text/html;charset = gb18030\" http-equiv=\"Content-Type\">") == "gb18030")
        #expect(declared("<p>charset=gbk</p>") == nil)
        #expect(PageEncoding.normalized("GB2312") == "GB18030" && PageEncoding.normalized("gbk") == "GB18030")
        #expect(PageEncoding.normalized("UTF8") == "UTF-8" && PageEncoding.normalized("big5") == "BIG5")
    }

    /// Undeclared pages are UTF-8 when their bytes are, GB18030 otherwise; a page declared UTF-8
    /// whose bytes are not is read as GB18030 too; a web archive part's charset counts first.
    @Test func undeclaredAndMislabelledEncodings() throws {
        // 政府 in GBK: D5FE B8AE.
        let gbk: [UInt8] = Array("<html><body><p>".utf8) + [0xD5, 0xFE, 0xB8, 0xAE] + Array("</p></body></html>".utf8)
        #expect(PageEncoding.name(of: gbk) == "GB18030")
        #expect(PageEncoding.name(of: Array("<p>政府</p>".utf8)) == "UTF-8")
        #expect(PageEncoding.name(of: Array("<meta charset=utf-8>".utf8) + gbk) == "GB18030")
        #expect(PageEncoding.name(of: Array("<p>政府</p>".utf8), declared: "gb2312") == "GB18030")
        #expect(try HTMLExtractor.extract(bytes: Data(gbk), file: "gbk.html").paragraphs.map(\.text) == ["政府"])
        let mislabelled = Array("<meta charset=\"utf-8\">".utf8) + gbk
        #expect(try HTMLExtractor.extract(bytes: Data(mislabelled), file: "gbk.html").paragraphs.map(\.text) == ["政府"])
    }

    /// The GBK samples: one declares it, one does not; both read as their DOCX does.
    @Test func gbkSamples() throws {
        for page in ["suqian-2020.html", "gongshu-2023.htm"] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.sample(page))))
            #expect(!PageEncoding.isValidUTF8(bytes), "\(page) is GBK")
        }
        #expect(PageEncoding.declaredCharset(try [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.sample("suqian-2020.html"))))) == "gbk")
        #expect(PageEncoding.declaredCharset(try [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.sample("gongshu-2023.htm"))))) == nil)
        let gongshu = try HTMLSampleTests.read("gongshu-2023.htm")
        #expect(gongshu.paragraphs.first?.text == "杭州市公安局拱墅区分局政府信息")
    }

    // MARK: web archives

    @Test func quotedPrintable() {
        let decoded = WebArchivePage.decodeQuotedPrintable(ArraySlice(Array("a=3D=E6=94=BF=\r\n=E5=BA=9C b=\nc =ZZ".utf8)))
        #expect(String(decoding: decoded, as: UTF8.self) == "a=政府 bc =ZZ")
        #expect(WebArchivePage.decodeBase64(ArraySlice(Array("5pS/\r\n5bqc".utf8))) == Array("政府".utf8))
    }
}
