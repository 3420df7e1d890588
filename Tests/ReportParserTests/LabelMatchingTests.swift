import Foundation
@testable import ReportParser
import Testing

/// Label matching, with labels as the seed reports (/work/shared/seeds) print them.
@Suite struct LabelMatchingTests {
    @Test(arguments: [
        ("（一）予以公开", "予以公开"),                  // seed 000, 003: full-width parentheses
        ("(一) 予以公开", "予以公开"),                   // seed 001: ASCII parentheses and a space
        ("1. 属于国家秘密", "属于国家秘密"),              // seed 001: `1. ` with a space
        ("1.属于国家秘密", "属于国家秘密"),               // seed 000
        ("１．属于国家秘密", "属于国家秘密"),             // full-width digit and point
        ("2、重复申请", "重复申请"),                     // `1、` numbering
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("商业\n企业", "商业企业"),                      // seed 003: a line break inside the cell
        ("结果 维持", "结果维持"),                       // seed 001, 004: a stray space
        ("5.要求行政机关确认或重新\n出具已获取信息", "要求行政机关确认或重新出具已获取信息"), // seed 004
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ("第二十条  第（一）项", "第二十条第一项"),        // seed 000: two spaces; the article is not numbering
        ("2023年度", "2023年度"),                        // a year is not a numbering `2023.`
        ("三安全一稳定", "三安全一稳定"),                  // 三 not followed by 、 is a word, not a number
    ])
    func keyDropsNumberingWhitespaceAndPunctuation(label: String, key: String) {
        #expect(LabelText.key(label) == key)
    }

    @Test func numberingStylesAreSplitOff() {
        #expect(LabelText.splitNumbering("(三)不予公开") == ("(三)", "不予公开"))
        #expect(LabelText.splitNumbering("四、结转下年度继续办理") == ("四、", "结转下年度继续办理"))
        #expect(LabelText.splitNumbering("3.其他") == ("3.", "其他"))
        #expect(LabelText.splitNumbering("2023年") == (nil, "2023年"))
        #expect(LabelText.splitNumbering("12.5") == (nil, "12.5"))
    }

    @Test func knownMisprintsAreFuzzyMatches() throws {
        // seed 001 (周口): `本年度止件数` for 本年废止件数.
        let repealed = try #require(LabelMatcher.match("本年度止件数", ProactiveColumn.repealed.pattern))
        #expect(repealed.kind == .fuzzy)
        #expect(repealed.reason.contains("known misprint"))
        // hzq2023: `2.其他法律行政止公开` for 其他法律行政法规禁止公开.
        let prohibited = try #require(RequestTables.identify("2.其他法律行政止公开", group: .withheld))
        #expect(prohibited.0 == .lawProhibited)
        #expect(prohibited.1.kind == .fuzzy)
    }

    @Test func documentedAlternativesAreExact() throws {
        // 行政规范性文件 (2021 template, seeds 001, 003, 004) and 规范性文件 (seeds 000, 002).
        #expect(LabelMatcher.match("行政规范性文件", ProactiveRow.normativeDocs.pattern)?.kind == .exact)
        #expect(LabelMatcher.match("规范性文件", ProactiveRow.normativeDocs.pattern)?.kind == .exact)
        // `3.其他` (seeds 001, 003) and `其他` (seed 000) under （六）其他处理.
        #expect(RequestTables.identify("3.其他", group: .other).map { $0.0 } == .otherOther)
        #expect(RequestTables.identify("其他", group: .other).map { $0.0 } == .otherOther)
        #expect(RequestTables.identify("其他", group: .other)?.1.kind == .exact)
        // 本年处理决定数量 (2021) and 处理决定数量 (2019, seed 002).
        #expect(LabelMatcher.match("处理决定数量", ProactiveColumn.decisions.pattern)?.kind == .exact)
        // seed 001 prints the partial row with ASCII commas and spaces.
        #expect(RequestTables.identify("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", group: nil).map { $0.0 } == .partial)
    }

    @Test func contextDecidesShortLabels() {
        // `其他` is a sub-row only under （六）其他处理; elsewhere it means nothing on its own.
        #expect(RequestTables.identify("其他", group: .withheld) == nil)
        // `（六）其他处理` as the row's last label is the group printed as one row (seed 002).
        #expect(RequestTables.identify("(六) 其他处理", group: .notProcessed).map { $0.0 } == .otherAsOneRow)
        // `（七）总计` is the total row whatever group the row above was in.
        #expect(RequestTables.identify("（七）总计", group: .other).map { $0.0 } == .total)
    }

    @Test func similarLabelsDoNotCrossMatch() {
        let outcomes = AppealOutcome.allCases.map { ($0, $0.pattern) }
        #expect(LabelMatcher.best("结果\n纠正", among: outcomes)?.0 == .corrected)   // seed 003
        #expect(LabelMatcher.best("结果 维持", among: outcomes)?.0 == .upheld)        // seed 004
        #expect(LabelMatcher.best("其他\n结果", among: outcomes)?.0 == .other)
        #expect(LabelMatcher.match("其他结果", Applicant.otherOrganization.pattern) == nil)
        #expect(LabelMatcher.match("本年新制作数量", ProactiveColumn.published.pattern) == nil)
        #expect(RequestTables.identify("6.属于四类过程性信息", group: .withheld).map { $0.0 } == .processInfo)
        #expect(RequestTables.identify("5.属于三类内部事务信息", group: .withheld).map { $0.0 } == .internalAffairs)
    }

    @Test func aLabelSplitOverTwoRowsMatchesWhenJoined() {
        // The -split sample: `5.属于三类内部事务` at the bottom of a page, `信息` at the top of the next.
        #expect(RequestTables.identify("5.属于三类内部事务", group: .withheld) == nil)
        #expect(RequestTables.identify("5.属于三类内部事务" + "信息", group: .withheld).map { $0.0 } == .internalAffairs)
    }

    @Test(arguments: [
        ("2、 主动公开政府信息情况", ReportSection.proactive),            // seed 000
        ("主动公开政府信息情况", .proactive),                           // seed 004: no number
        ("二、主动公开政府信息情况", .proactive),
        ("（二）主动公开政府信息情况", .proactive),
        ("三、收到和处理政府信息公开申请情况", .requests),
        ("四、政府信息公开行政复议、行政诉讼情况", .appeals),
        ("    四、政府信息公开行政复议、行政诉讼情况", .appeals),           // seed 004: indented
        ("五、存在的主要问题和改进措施", .problems),                    // seed 000
        ("1、 总体情况", .overview),
    ])
    func headingsAreFoundWhateverTheirNumbering(text: String, section: ReportSection) {
        #expect(DocumentSections.heading(text) == section)
    }

    /// The matcher's own keyword search finds what Foundation's `contains` finds, in plain keys
    /// and in the text it leaves to Foundation (a compatibility ideograph, a combining mark).
    @Test(arguments: [
        ("政府集中采购", "集中采购"), ("集中采购", "政府集中采购"), ("政府集中采买", "集中采购"),
        ("本年收费金额2023", "金额2023"), ("abcABC", "bC"), ("abc", "ABC"), ("部分公开", ""), ("", "公开"),
        ("\u{F900}中", "\u{8C48}"), ("\u{8C48}中", "\u{F900}"), ("e\u{301}项", "e"), ("项目e", "e\u{301}"),
    ])
    func keywordSearchAgreesWithFoundation(key: String, keyword: String) {
        #expect(LabelMatcher.contains(key, keyword) == key.contains(keyword))
    }

    @Test func subheadingsAndSentencesAreNotSectionHeadings() {
        #expect(DocumentSections.heading("（一）主动公开") == nil)          // seed 003, 004
        #expect(DocumentSections.heading("（二）依申请公开") == nil)
        #expect(DocumentSections.heading("2023年，我局主动公开信息622条，其中在区政府门户网站公开86条，政务新媒体公开536条。") == nil)
    }
}
