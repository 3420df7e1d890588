import Foundation
@testable import RecordModel
@testable import ReportParser
import Testing

/// Label matching, with labels as the seed reports (/work/shared/seeds) print them.
@Suite struct LabelMatchingTests {
    private func match(_ label: String, _ pattern: LabelPattern) -> LabelMatch? {
        LabelMatcher.match(key: LabelText.key(label), pattern)
    }

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

    private func split(_ label: String) -> (String?, String) {
        let parts = LabelText.splitNumbering(label)
        return (parts.numbering, String(parts.text))
    }

    @Test func numberingStylesAreSplitOff() {
        #expect(split("(三)不予公开") == ("(三)", "不予公开"))
        #expect(split("四、结转下年度继续办理") == ("四、", "结转下年度继续办理"))
        #expect(split("3.其他") == ("3.", "其他"))
        #expect(split("2023年") == (nil, "2023年"))
        #expect(split("12.5") == (nil, "12.5"))
        // 六 as a compatibility ideograph (U+F9D1, canonically 六) is the same numeral.
        #expect(split("\u{F9D1}、其他处理") == ("\u{F9D1}、", "其他处理"))
    }

    @Test func figuresAndPlainLabelsHaveTheKeysOfTheCharacterWalk() {
        #expect(LabelText.key("137") == "137")
        #expect(LabelText.key("") == "")
        #expect(LabelText.key("12.5") == "125")
        // Plain (bytes and scalars) and not plain (a Hangul syllable: characters) give one key.
        #expect(LabelText.key("（三）不予公开") == "不予公开")
        #expect(LabelText.key("（三）不予公开한") == "不予公开한")
        // Kept by the scalar's properties, as `isLetter` and `isNumber` keep characters: ² is a number.
        #expect(LabelText.key("m² ×") == "m²")
    }

    @Test func keyScalarsToldWithoutThePropertiesAreThoseThePropertiesKeep() {
        // Every scalar of the Basic Multilingual Plane: the ranges told by value must agree with
        // the properties (alphabetic, or a numeric type) that decide the rest.
        var disagreeing: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let byProperties = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if LabelText.isKeyScalar(scalar) != byProperties { disagreeing.append(String(value, radix: 16)) }
        }
        #expect(disagreeing.isEmpty)
        #expect(LabelText.key("《条例》【第十条】、“其他”") == "条例第十条其他")
    }

    @Test func plainnessOverTheBytesIsThatOfEachScalar() {
        // Each scalar of the Basic Multilingual Plane alone, after a plain ideograph and before an
        // ASCII letter: the bytes' fast paths (ASCII, lead bytes E5–E9) must answer as the scalar does.
        var disagreeing: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "中" + String(Character(scalar)) + "a"
            if LabelText.isPlain(text) != LabelText.isPlain(value) { disagreeing.append(String(value, radix: 16)) }
            if LabelText.isPlain(Substring(text)) != LabelText.isPlain(value) { disagreeing.append("substring " + String(value, radix: 16)) }
        }
        #expect(disagreeing.isEmpty)
    }

    @Test func compactingFoldsAndStripsAsHalfWidthThenRemovingWhitespace() {
        let texts = ["", "137", "（三）不予公开", "本年度　共收到 申请\n95件，办结93件。", "ＡＢＣ　１２３", "a\tb\u{0B}c\u{0C}d",
                     "商业\r\n企业", "六\u{F9D1}年 度", "m² × ÷", "尾部　", "한 글"]
        for text in texts {
            #expect(LabelText.compact(text) == LabelText.removingWhitespace(LabelText.halfWidth(text)), "\(text)")
        }
        #expect(LabelText.compact("（一）予以　公开， 共 ７ 件") == "(一)予以公开,共7件")
    }

    @Test func applicantPlacesAreTheirOrder() {
        #expect(Applicant.allCases.map(\.place) == Array(Applicant.allCases.indices))
    }

    @Test func knownMisprintsAreFuzzyMatches() throws {
        // seed 001 (周口): `本年度止件数` for 本年废止件数.
        let repealed = try #require(match("本年度止件数", ProactiveColumn.repealed.pattern))
        #expect(repealed.kind == .fuzzy)
        #expect(repealed.reason.contains("known misprint"))
        // hzq2023: `2.其他法律行政止公开` for 其他法律行政法规禁止公开.
        let prohibited = try #require(RequestTables.identify("2.其他法律行政止公开", group: .withheld))
        #expect(prohibited.0 == .lawProhibited)
        #expect(prohibited.1.kind == .fuzzy)
    }

    @Test func documentedAlternativesAreExact() throws {
        // 行政规范性文件 (2021 template, seeds 001, 003, 004) and 规范性文件 (seeds 000, 002).
        #expect(match("行政规范性文件", ProactiveRow.normativeDocs.pattern)?.kind == .exact)
        #expect(match("规范性文件", ProactiveRow.normativeDocs.pattern)?.kind == .exact)
        // `3.其他` (seeds 001, 003) and `其他` (seed 000) under （六）其他处理.
        #expect(RequestTables.identify("3.其他", group: .other).map { $0.0 } == .otherOther)
        #expect(RequestTables.identify("其他", group: .other).map { $0.0 } == .otherOther)
        #expect(RequestTables.identify("其他", group: .other)?.1.kind == .exact)
        // 本年处理决定数量 (2021) and 处理决定数量 (2019, seed 002).
        #expect(match("处理决定数量", ProactiveColumn.decisions.pattern)?.kind == .exact)
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
        #expect(AppealOutcome.labels.best("结果\n纠正")?.0 == .corrected)   // seed 003
        #expect(AppealOutcome.labels.best("结果 维持")?.0 == .upheld)        // seed 004
        #expect(AppealOutcome.labels.best("其他\n结果")?.0 == .other)
        #expect(match("其他结果", Applicant.otherOrganization.pattern) == nil)
        #expect(match("本年新制作数量", ProactiveColumn.published.pattern) == nil)
        #expect(RequestTables.identify("6.属于四类过程性信息", group: .withheld).map { $0.0 } == .processInfo)
        #expect(RequestTables.identify("5.属于三类内部事务信息", group: .withheld).map { $0.0 } == .internalAffairs)
    }

    /// Cells of the seed reports' tables as printed (labels, values, headings), with the leaf
    /// labels of section 三 and a misprint.
    static let seedCells = [
        "信息内容", "本年制发件数", "本年废止件数", "本年度止件数", "现行有效件数", "本年处理决定数量", "处理决定数量",
        "规章", "规范性文件", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "金额（万元）",
        "第二十条  第（一）项", "第二十条第（八）项", "申请人情况", "自然人", "法人或其他组织", "商业", "商业\n企业", "企业",
        "科研", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计", "三、本年度办理结果", "（一）予以公开",
        "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "（三）不予公开", "1.属于国家秘密", "2.其他法律行政止公开",
        "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务", "6.属于四类过程性信息", "7.属于行政执法案卷",
        "8.属于行政查询事项", "（四）无法提供", "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
        "5.要求行政机关确认或重新\n出具已获取信息", "（六）其他处理", "(六) 其他处理", "3.其他", "3. 其他", "（七）总计", "(七) 总计",
        "四、结转下年度继续办理", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉", "结果 维持", "结果纠正", "其他 结果",
        "其他\n结果", "尚未 审结", "尚未审结", "审结", "0", " 　0", "629万", "13885.63万元", "1、 总体情况", "主动公开政府信息情况",
        "（一）主动公开", "（二）依申请公开", "(2021 年 1 月 18 日)", "",
    ]

    /// A choice looks a label up among its exact forms and compares the rest with its patterns
    /// once: for every seed cell, the candidate and match that comparing it with each pattern gives.
    @Test func choicesMatchAsComparingEveryPattern() {
        func agree<Candidate: Hashable & Sendable>(_ candidates: [Candidate], pattern: (Candidate) -> LabelPattern,
                                                   _ choice: LabelChoice<Candidate>) {
            let patterns = candidates.map { ($0, pattern($0)) }
            for cell in Self.seedCells {
                let expected = LabelMatcher.best(key: LabelText.key(cell), among: patterns)
                // Twice: the second time the choice answers from what it kept.
                for _ in 0..<2 {
                    let found = choice.best(cell)
                    #expect(found?.0 == expected?.0 && found?.1 == expected?.1, "\(cell)")
                }
            }
        }
        agree(ProactiveRow.allCases, pattern: \.pattern, ProactiveRow.labels)
        agree(ProactiveColumn.allCases, pattern: \.pattern, ProactiveColumn.labels)
        agree(OutcomeGroup.allCases, pattern: \.pattern, OutcomeGroup.labels)
        agree(AppealGroup.allCases, pattern: \.pattern, AppealGroup.labels)
        agree(AppealOutcome.allCases, pattern: \.pattern, AppealOutcome.labels)
        // Two candidates with one exact form: a tie, which names neither.
        agree([1, 2], pattern: { _ in LabelPattern("总计") }, LabelChoice([(1, LabelPattern("总计")), (2, LabelPattern("总计"))]))
        for group in [nil] + OutcomeGroup.allCases.map(Optional.some) {
            let rows = RequestRow.standalone + [.otherAsOneRow] + RequestRow.allCases.filter { $0.group != nil && (group == nil || $0.group == group) }
            for cell in Self.seedCells {
                let expected = LabelMatcher.best(key: LabelText.key(cell), among: rows.map { ($0, $0.pattern) })
                let found = RequestTables.identify(cell, group: group)
                #expect(found?.0 == expected?.0 && found?.1 == expected?.1, "\(cell) in \(String(describing: group))")
            }
        }
    }

    /// A scan's （四）无法提供 read by OCR as 无法和自供: 无法 names the group, fuzzily.
    @Test func anOutcomeGroupMisreadByOCRStillMatches() {
        let found = OutcomeGroup.labels.best("（四）无法和自供")
        #expect(found?.0 == .unavailable && found?.1.kind == .fuzzy)
        #expect(OutcomeGroup.labels.best("（五）不予处理")?.0 == .notProcessed)
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
        #expect(DocumentSections.heading(compact: LabelText.compact(text)) == section)
    }

    /// The parser's own search finds what Foundation's `contains` and `range(of:)` find, in plain
    /// keys and bodies and in the text it leaves to Foundation (a compatibility ideograph, a
    /// combining mark, CR LF).
    @Test(arguments: [
        ("政府集中采购", "集中采购"), ("集中采购", "政府集中采购"), ("政府集中采买", "集中采购"),
        ("本年收费金额2023", "金额2023"), ("abcABC", "bC"), ("abc", "ABC"), ("部分公开", ""), ("", "公开"),
        ("\u{F900}中", "\u{8C48}"), ("\u{8C48}中", "\u{F900}"), ("e\u{301}项", "e"), ("项目e", "e\u{301}"),
        ("统计期限为2023年1月1日至2023年12月31日。", "2023年1月1日"), ("《条例》（2019年修订）", "(2019"),
        ("a\r\nb", "\n"), ("2023年1月1日\u{301}", "2023年1月1日"), ("苏州市公安局办公室", "苏州市公安局"),
        ("统计期限·2023年1月1日", "2023年1月1日"), ("a·b", "·"), ("×÷", "÷"),
    ])
    func searchAgreesWithFoundation(text: String, part: String) {
        #expect(LabelText.contains(text, part) == text.contains(part))
        #expect(LabelText.range(of: part, in: text) == text.range(of: part))
    }

    /// `isASCIIDigit` says what comparing with `"0"..."9"` says, a digit with marks after it included.
    @Test(arguments: ["0", "5", "9", "a", "/", ":", "\r\n", "1\u{301}", "9\u{301}", "0\u{301}", "年", "\u{FF11}", "\u{0660}"] as [Character])
    func asciiDigitsAsTheComparisonHasThem(character: Character) {
        #expect(character.isASCIIDigit == ("0"..."9").contains(character))
    }

    @Test func subheadingsAndSentencesAreNotSectionHeadings() {
        #expect(DocumentSections.heading(compact: LabelText.compact("（一）主动公开")) == nil)          // seed 003, 004
        #expect(DocumentSections.heading(compact: LabelText.compact("（二）依申请公开")) == nil)
        #expect(DocumentSections.heading(compact: LabelText.compact("2023年，我局主动公开信息622条，其中在区政府门户网站公开86条，政务新媒体公开536条。")) == nil)
    }
}
