import DocumentModel
import RecordModel

/// A figure the report's own sentences state about a field or a sum of fields:
/// `共收到政府信息公开申请137件` is 一、本年新收 总计.
struct TextStatement: Sendable, Hashable {
    /// The field or sum the figure is about: a field key, or a sum named as one
    /// (`s3.withheld.total`: every 不予公开 sub-row's 总计). The check's rule is `text.<target>`.
    var target: String
    /// The fields the figure covers, whose values (added) it states.
    var keys: [String]
    var value: FieldNumber
    /// The clause as printed (compacted): `共收到政府信息公开申请137件`.
    var quote: String
    /// The paragraph's page and box, for PDF sources.
    var page: Int?
    var box: BoundingBox?
}

/// The report's narrative as a second witness of its tables. Reports restate their main figures
/// in sentences (`其中予以公开7件、予以部分公开6件`, `行政复议案件2件、行政诉讼案件1件`); each
/// statement is tied to the field or sum it names and checked against the table (`text.*`).
///
/// Conservative by design: a clause is a witness only when its one number is followed by the
/// unit (件, 起, 宗; 万元 for fees), ends the clause, and is preceded by one of the template's
/// wordings below; a clause that could be about another number (a change 同比 or 较上年, a
/// percentage, another year, an approximate 余 or 近, several figures 分别) is not. Statements of
/// section 三 and 四 count only in a sentence about information disclosure (or one opening with
/// 其中 after such a sentence), since agencies report their other reviews and suits too.
enum NarrativeFigures {
    /// Clause wordings (compacted, as they end right before the number) and the target they
    /// state (`Checks.statedKeys`), the longest first: `予以部分公开` before `部分公开`.
    private static let wordings: [(wording: String, target: String)] = {
        var wordings: [(String, String)] = []
        for wording in ["收到政府信息公开申请", "受理政府信息公开申请", "新收政府信息公开申请", "接收政府信息公开申请",
                        "收到依申请公开", "受理依申请公开", "受理依申请公开申请", "收到依申请公开申请"] {
            wordings.append((wording, RequestRow.new.key(.total)))
        }
        wordings.append(("共办结政府信息公开申请", RequestRow.total.key(.total)))
        for wording in ["上年结转", "上年度结转", "上年结转的", "上年度结转的"] { wordings.append((wording, RequestRow.carriedOver.key(.total))) }
        for wording in ["结转下年度继续办理", "结转下一年度继续办理", "结转下年度办理"] {
            wordings.append((wording, RequestRow.carriedForward.key(.total)))
        }
        wordings += [("予以公开", RequestRow.granted.key(.total)), ("部分公开", RequestRow.partial.key(.total)),
                     ("予以部分公开", RequestRow.partial.key(.total)), ("不予公开", "s3.withheld.total"),
                     ("不予以公开", "s3.withheld.total"), ("无法提供", "s3.unavailable.total"),
                     ("不予处理", "s3.not_processed.total"), ("其他处理", "s3.other.total")]
        for wording in ["行政复议", "行政复议案件"] { wordings.append((wording, AppealGroup.review.key(.total))) }
        for wording in ["行政诉讼", "行政诉讼案件"] { wordings.append((wording, "s4.litigation.total")) }
        for wording in ["行政复议和行政诉讼", "行政复议和行政诉讼案件", "行政复议、行政诉讼案件"] { wordings.append((wording, "s4.total")) }
        for wording in ["收费", "行政事业性收费", "收费金额", "收费总额"] { wordings.append((wording, "s2.fees.amount_10k_yuan")) }
        return wordings.sorted { $0.0.count > $1.0.count }
    }()

    /// Wordings whose `无…` states a zero: `无上年结转`, `无结转下年度继续办理件`.
    private static let zeroWordings: [(wording: String, row: RequestRow)] = [
        ("无上年结转", .carriedOver), ("无上年度结转", .carriedOver),
        ("无结转下年度继续办理", .carriedForward), ("无结转下年度办理", .carriedForward),
    ]

    /// Words that make a clause's number something other than the year's own figure.
    private static let disqualifiers = ["同比", "环比", "增长", "下降", "减少", "增加", "上升", "%", "百分", "较", "比上年",
                                        "去年", "前年", "分别", "累计", "平均", "占", "第"]

    /// The statements of the report's paragraphs (`compact`: the same compacted), for `template`.
    static func statements(paragraphs: [Paragraph], compact: [String], year: Int?, template: Template,
                           otherAsOneRow: Bool) -> [TextStatement] {
        var found: [TextStatement] = []
        for (paragraph, text) in zip(paragraphs, compact) where text.utf8.count > 30 {
            // Over the scalars, not the characters (a paragraph's characters are a fifth of the
            // parser's time), in the UTF-8 itself: only where a clause ends on a statement's last
            // character is a clause cut out and read.
            let walk = ScalarWalk(text)
            var end = 0
            while end < walk.utf8.count {
                let after = walk.offset(after: end)
                defer { end = after }
                guard endsStatement(walk.scalar(at: end)), after == walk.utf8.count || separatesClauses(walk.scalar(at: after)) else { continue }
                var start = end
                while start > 0, !separatesClauses(walk.scalar(at: walk.offset(before: start))) { start = walk.offset(before: start) }
                // A statement has a figure, or is a zero wording (无…): most clauses that end on
                // 理 or 件 (办理, 条件) have neither, and are passed over before they are read.
                guard walk.scalar(at: start) == "无" || walk.utf8[start..<after].contains(where: { (0x30...0x39).contains($0) }) else { continue }
                let clause = walk.text(start..<after)
                guard let (target, value) = statement(clause, year: year),
                      let keys = Checks.statedKeys(target: target, template: template, otherAsOneRow: otherAsOneRow),
                      target.hasPrefix("s2.") ? LabelText.contains(sentence(around: start, in: walk, back: 0), "收费")
                                              : isAboutDisclosure(sentenceAt: start, in: walk)
                else { continue }
                found.append(TextStatement(target: target, keys: keys, value: value, quote: clause,
                                           page: paragraph.page, box: paragraph.box))
            }
        }
        // A target stated twice with two figures has no witness: the text contradicts itself.
        var byTarget: [String: [TextStatement]] = [:]
        for statement in found { byTarget[statement.target, default: []].append(statement) }
        return found.filter { statement in
            let all = byTarget[statement.target] ?? []
            return all.first == statement && all.allSatisfy { $0.value == statement.value }
        }
    }

    // Told by a switch, not a set: every scalar of the narrative is asked, and hashing each was
    // a fifth of reading the narrative.

    /// What a statement's clause ends with: a unit, or the last character of a zero wording.
    private static func endsStatement(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "件", "起", "宗", "元", "转", "理": true
        default: false
        }
    }

    private static func separatesClauses(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", ";", ":", "(", ")", "、", "。", "!", "?": true
        default: false
        }
    }

    private static func endsSentence(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "。", "!", "?": true
        default: false
        }
    }

    /// The sentence `back` sentences before the one at the scalar starting at byte `index`.
    private static func sentence(around index: Int, in walk: ScalarWalk, back: Int) -> String {
        var start = index, end = index
        while end < walk.utf8.count, !endsSentence(walk.scalar(at: end)) { end = walk.offset(after: end) }
        for step in 0...back {
            if step > 0 {
                guard start > 0 else { return "" }
                end = walk.offset(before: start)
                start = end
            }
            while start > 0, !endsSentence(walk.scalar(at: walk.offset(before: start))) { start = walk.offset(before: start) }
        }
        return walk.text(start..<end)
    }

    /// Whether the sentence is about information disclosure, or opens with 其中 after one that is:
    /// agencies report their other reviews and suits too.
    private static func isAboutDisclosure(sentenceAt index: Int, in walk: ScalarWalk) -> Bool {
        func about(_ sentence: String) -> Bool {
            LabelText.contains(sentence, "信息公开") || LabelText.contains(sentence, "依申请公开")
        }
        let sentence = sentence(around: index, in: walk, back: 0)
        return about(sentence) || sentence.hasPrefix("其中") && about(self.sentence(around: index, in: walk, back: 1))
    }

    /// The target and figure of one clause, or nil when it is no witness.
    private static func statement(_ clause: String, year: Int?) -> (target: String, value: FieldNumber)? {
        guard !LabelText.contains(clause, anyOf: disqualifiers), !mentionsAnotherYear(clause, year: year) else { return nil }
        for (wording, row) in zeroWordings where clause == wording || clause == wording + "件" {
            return (row.key(.total), .integer(0))
        }
        // The report's own year (`2023年市中公安分局共受理…`) is no figure of the clause.
        var withoutYear = clause
        for token in year.map({ ["\($0)年度", "\($0)年"] }) ?? [] {
            while let range = LabelText.range(of: token, in: withoutYear) { withoutYear.removeSubrange(range) }
        }
        let characters = Array(withoutYear)
        // The clause's one number, ending it with its unit.
        let digitRuns = runs(of: characters) { $0.isASCIIDigit || $0 == "." }
        guard digitRuns.count == 1, let run = digitRuns.first else { return nil }
        let unit = String(characters[run.upperBound...])
        let isMoney = unit == "万元"
        guard isMoney || ["件", "起", "宗"].contains(unit) else { return nil }
        let digits = String(characters[run])
        var prefix = String(characters[..<run.lowerBound])
        // Approximations are no witness: 近100件, 约, 超, 逾.
        if let last = prefix.last, "近约超逾".contains(last) { return nil }
        while let last = prefix.last, "为达计了共".contains(last) { prefix.removeLast() }
        let plainPrefix = LabelText.isPlain(prefix)
        for (wording, target) in wordings where LabelText.hasSuffix(prefix, wording, textIsPlain: plainPrefix) {
            // `不予以公开` ends with `予以公开`: the longer wording, tried first, has it.
            guard target.hasPrefix("s2.") == isMoney else { continue }
            if isMoney {
                guard let amount = Double(digits) else { return nil }
                return (target, .decimal(amount))
            }
            guard let count = Int(digits) else { return nil }
            return (target, .integer(count))
        }
        return nil
    }

    /// Whether the clause names a year other than the report's, or the year before (`上年`
    /// other than in 上年结转).
    private static func mentionsAnotherYear(_ clause: String, year: Int?) -> Bool {
        if LabelText.contains(clause, "上一年") { return true }
        if LabelText.contains(clause, "上年"), !LabelText.contains(clause, "上年结转"), !LabelText.contains(clause, "上年度结转") { return true }
        return LabelText.contains(clause, "年") && TitleReading.reportYears(in: clause).contains { $0.year != year }
    }

    /// The ranges of consecutive characters that satisfy `include`.
    private static func runs(of characters: [Character], _ include: (Character) -> Bool) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (index, character) in characters.enumerated() {
            if include(character) { if start == nil { start = index } } else if let begun = start {
                runs.append(begun..<index)
                start = nil
            }
        }
        if let start { runs.append(start..<characters.count) }
        return runs
    }

    /// The `text.*` check of each statement against the table's values. One whose table value is
    /// missing is not evaluated.
    static func checks(_ statements: [TextStatement], values: Checks.Values) -> [CheckResult] {
        statements.map { Checks.stated(target: $0.target, keys: $0.keys, value: $0.value, quote: $0.quote, values: values) }
    }
}

/// A paragraph's UTF-8 walked a scalar at a time, places being the byte offsets scalars start at:
/// decoding a paragraph into an array of scalars, and joining scalars back into each clause and
/// sentence read, cost more than the reading.
private struct ScalarWalk {
    let utf8: [UInt8]

    init(_ text: String) {
        utf8 = Array(text.utf8)
    }

    /// The scalar starting at `offset` (a String's UTF-8 is well formed).
    func scalar(at offset: Int) -> Unicode.Scalar {
        let lead = UInt32(utf8[offset])
        let value: UInt32
        switch width(lead) {
        case 1: value = lead
        case 2: value = (lead & 0x1F) << 6 | continuation(offset + 1)
        case 3: value = (lead & 0x0F) << 12 | continuation(offset + 1) << 6 | continuation(offset + 2)
        default: value = (lead & 0x07) << 18 | continuation(offset + 1) << 12 | continuation(offset + 2) << 6 | continuation(offset + 3)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private func continuation(_ offset: Int) -> UInt32 {
        offset < utf8.count ? UInt32(utf8[offset] & 0x3F) : 0
    }

    private func width(_ lead: UInt32) -> Int {
        switch lead {
        case ..<0x80: 1
        case ..<0xE0: 2
        case ..<0xF0: 3
        default: 4
        }
    }

    /// Where the scalar after the one at `offset` starts.
    func offset(after offset: Int) -> Int {
        min(utf8.count, offset + width(UInt32(utf8[offset])))
    }

    /// Where the scalar before the one at `offset` starts: back over continuation bytes.
    func offset(before offset: Int) -> Int {
        var previous = offset - 1
        while previous > 0, utf8[previous] & 0xC0 == 0x80 { previous -= 1 }
        return previous
    }

    /// The text of the scalars between two offsets.
    func text(_ range: Range<Int>) -> String {
        String(decoding: utf8[range], as: UTF8.self)
    }
}
