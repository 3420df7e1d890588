import DocumentModel
import Testing

/// A text layer whose font maps glyphs to wrong characters (Ghostscript's rewrite of Chromium's
/// fonts, as its text came out of a real run) is told from Chinese text with the Latin a report has.
@Suite struct TextLayerTests {
    func page(_ lines: [String]) -> Page {
        let runs = lines.enumerated().flatMap { row, line in
            line.enumerated().map { column, character in
                TextRun(text: String(character), box: BoundingBox(x0: Double(column) * 10, y0: Double(row) * 12,
                                                                  x1: Double(column) * 10 + 10, y1: Double(row) * 12 + 11), fontSize: 10)
            }
        }
        return Page(number: 1, width: 595, height: 842, runs: runs, lines: [], rulings: [])
    }

    @Test func wrongCharactersAmongRightOnesAreMisMapped() {
        let garbled = page([
            "杭州市}安局拱墅区分局政府信息}开工作报告ÿ2023\u{80}度Ā",
            "y据:中_人民共和国政府信息|开条例;ÿ以Q简称:条例;Ā，特向社会|",
            "本ç告中所列数据的统计期限自20231o1日起至202312o31日k2",
        ])
        #expect(textLayerIsMisMapped([garbled]))
    }

    @Test func aReportsOwnLatinIsNot() {
        let report = page([
            "杭州市公安局拱墅区分局政府信息公开工作报告（2023年度）",
            "网址：http://www.gongshu.gov.cn，收费¥0元，张·三，3×4，PDF、DOCX、WPS格式",
            "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
        ])
        #expect(!textLayerIsMisMapped([report]))
        // Four wrong letters are not yet enough to say so.
        #expect(!textLayerIsMisMapped([page(["杭州市公安局拱墅区分局政府信息公开工作报告ÿĀçé"])]))
        // Text in a Latin script is not Chinese text with wrong characters.
        #expect(!textLayerIsMisMapped([page(["Rapport annuel sur la publicité des informations, édité à Zürich"])]))
    }
}
