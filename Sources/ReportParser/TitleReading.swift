import DocumentModel
import RecordModel

/// The agency and the year a report is about, read from its title and checked against its body.
///
/// Titles vary: `苏州市公安局2023年度` / `政府信息公开工作年度报告`; `周口市公安局 2023 年政府信息公开工作年度报告`;
/// `杭州市公安局拱墅区分局政府信息` / `公开工作报告` / `（2023年度）`; a publication date under
/// the title (`(2021 年 1 月 18 日)`) is not the year reported on.
enum TitleReading {
    /// A title line as read: its text compacted (half width, no whitespace) and where it stands.
    struct Line: Sendable, Hashable {
        var text: String
        var compact: String
        var page: Int?
    }

    /// The title's lines: the short paragraphs before the first section heading or body paragraph.
    /// `compact`: the paragraphs compacted (`LabelText.compact`).
    static func titleLines(_ paragraphs: [Paragraph], compact: [String]) -> [Line] {
        var lines: [Line] = []
        for (paragraph, compact) in zip(paragraphs, compact) {
            if compact.isEmpty { continue }
            if DocumentSections.heading(compact: compact) != nil || compact.count > 40 || lines.count == 4 { break }
            lines.append(Line(text: LabelText.trimmed(paragraph.text), compact: compact, page: paragraph.page))
        }
        return lines
    }

    /// A year as a report names the year it covers: `2023年`, `2023年度` — but not the year of a
    /// full date (`2021年1月18日`), which is when it was published.
    static func reportYears(in compact: String) -> [(year: Int, token: String, range: Range<String.Index>)] {
        reportYears(in: compact, isPlain: LabelText.isPlain(compact))
    }

    /// `reportYears(in:)` of text whose plainness (`LabelText.isPlain`) is told already.
    private static func reportYears(in compact: String, isPlain: Bool) -> [(year: Int, token: String, range: Range<String.Index>)] {
        if isPlain { return reportYears(inPlain: compact) }
        var found: [(Int, String, Range<String.Index>)] = []
        var index = compact.startIndex
        while index < compact.endIndex {
            let digits = compact[index...].prefix { $0.isASCIIDigit }
            guard digits.count == 4, digits.startIndex == index,
                  index == compact.startIndex || !compact[compact.index(before: index)].isASCIIDigit
            else {
                index = digits.isEmpty ? compact.index(after: index) : digits.endIndex
                continue
            }
            var end = digits.endIndex
            guard end < compact.endIndex, compact[end] == "年" else { index = end; continue }
            end = compact.index(after: end)
            let isDate = end < compact.endIndex && compact[end].isASCIIDigit
            if end < compact.endIndex, compact[end] == "度" { end = compact.index(after: end) }
            if !isDate, let year = Int(digits), (1990...2100).contains(year) {
                found.append((year, String(compact[index..<end]), index..<end))
            }
            index = end
        }
        return found
    }

    /// `reportYears` of plain text (`LabelText.isPlain`), whose characters are its scalars: over
    /// its bytes, a digit a byte and 年 (E5 B9 B4) and 度 (E5 BA A6) three. The body is read
    /// whole, and a step per character was most of reading the year.
    private static func reportYears(inPlain compact: String) -> [(year: Int, token: String, range: Range<String.Index>)] {
        let utf8 = Array(compact.utf8)
        func isDigit(_ offset: Int) -> Bool { offset < utf8.count && (0x30...0x39).contains(utf8[offset]) }
        func has(_ bytes: [UInt8], at offset: Int) -> Bool {
            offset + bytes.count <= utf8.count && utf8[offset..<offset + bytes.count].elementsEqual(bytes)
        }
        func index(_ offset: Int) -> String.Index { compact.utf8.index(compact.utf8.startIndex, offsetBy: offset) }
        var found: [(Int, String, Range<String.Index>)] = []
        var offset = 0
        while offset < utf8.count {
            guard isDigit(offset) else { offset += 1; continue }
            var end = offset
            while isDigit(end) { end += 1 }
            // Four digits, none before them (`offset` starts the run), then 年.
            guard end - offset == 4, has(yearBytes, at: end) else { offset = end; continue }
            end += yearBytes.count
            let isDate = isDigit(end)
            if has(periodBytes, at: end) { end += periodBytes.count }
            let year = utf8[offset..<offset + 4].reduce(0) { $0 * 10 + Int($1 - 0x30) }
            if !isDate, (1990...2100).contains(year) {
                let range = index(offset)..<index(end)
                found.append((year, String(compact[range]), range))
            }
            offset = end
        }
        return found
    }

    private static let yearBytes = Array("年".utf8)
    private static let periodBytes = Array("度".utf8)

    /// The year: the title's, confirmed by the body (the statistics period or the year's mentions);
    /// without one in the title, the statistics period's. `body` is compacted (`LabelText.compact`).
    static func year(titleLines: [Line], body: String) -> RecordAttribute<Int> {
        // Told once: the body is searched up to three times.
        let bodyIsPlain = LabelText.isPlain(body)
        for line in titleLines {
            guard let first = reportYears(in: line.compact).first else { continue }
            var attribute = RecordAttribute<Int>(value: first.year, confidence: ConfidenceModel.yearConfidence(.titleOnly), raw: first.token, page: line.page)
            attribute.trace.append(TraceLine.text("read from the title line `\(line.text)`"))
            if LabelText.contains(body, "\(first.year)年1月1日", textIsPlain: bodyIsPlain) {
                attribute.confidence = ConfidenceModel.yearConfidence(.titleConfirmed)
                attribute.trace.append(TraceLine.text("confirmed by the body: statistics period from \(first.year)年1月1日"))
                return attribute
            }
            // Counted only without the period: a pass over the whole body's characters.
            let mentions = reportYears(in: body, isPlain: bodyIsPlain).filter { $0.year == first.year }.count
            if mentions >= 2 {
                attribute.confidence = ConfidenceModel.yearConfidence(.titleConfirmed)
                attribute.trace.append(TraceLine.text("confirmed by the body: \(mentions) mentions of \(first.year)年"))
            } else {
                attribute.trace.append(TraceLine.text("not confirmed by the body"))
            }
            return attribute
        }
        if let period = statisticsPeriodYear(body, isPlain: bodyIsPlain) {
            var attribute = RecordAttribute<Int>(value: period, confidence: ConfidenceModel.yearConfidence(.statisticsPeriod), raw: "\(period)年1月1日", page: nil)
            attribute.trace.append(TraceLine.text("no year in the title; read from the statistics period"))
            return attribute
        }
        var attribute = RecordAttribute<Int>(value: nil, confidence: 0)
        attribute.trace.append(TraceLine.text("no year in the title or the statistics period"))
        return attribute
    }

    /// The name's last administrative unit with its level: `市公安局` of `周口市公安局`,
    /// `区人民政府` of `淮安市洪泽区人民政府`.
    static func shortName(_ name: String) -> String? {
        let characters = Array(name)
        guard let level = characters.dropLast().lastIndex(where: { "省市区县州旗盟".contains($0) }), level > 0 else { return nil }
        let short = String(characters[level...])
        return short.count >= 3 && short != name ? short : nil
    }

    private static func statisticsPeriodYear(_ body: String, isPlain: Bool) -> Int? {
        guard let range = LabelText.range(of: "年1月1日", in: body, textIsPlain: isPlain) else { return nil }
        let digits = body[..<range.lowerBound].suffix(4)
        return digits.count == 4 && digits.allSatisfy(\.isASCIIDigit) ? Int(digits) : nil
    }

    /// Where the agency's name ends in a title: the year, or the words that follow every name.
    static let nameEnds = ["政府信息公开", "政务公开", "信息公开工作", "年度报告", "关于"]

    /// The agency: the title's words before the year or `政府信息公开`; confirmed when the body
    /// (compacted) names it too.
    static func agency(titleLines: [Line], body: String) -> RecordAttribute<String> {
        let title = titleLines.map(\.compact).joined()
        var end = title.endIndex
        for marker in nameEnds {
            if let range = LabelText.range(of: marker, in: title), range.lowerBound < end { end = range.lowerBound }
        }
        let years = reportYears(in: title)
        if let year = years.first, year.range.lowerBound < end { end = year.range.lowerBound }
        var name = String(title[..<end])
        // `2023年度苏州市公安局政府信息公开…`: the name stands between the year and the words.
        if name.isEmpty, let year = years.first {
            let after = title[year.range.upperBound...]
            var stop = after.endIndex
            for marker in nameEnds { if let range = LabelText.range(of: marker, in: after), range.lowerBound < stop { stop = range.lowerBound } }
            name = String(after[..<stop])
        }
        // Not `trimmingPrefix`: its generic search was a third of reading the agency.
        if name.hasPrefix("关于") { name = String(name.dropFirst(2)) }
        while let last = name.last, "的（(".contains(last) { name.removeLast() }
        guard !name.isEmpty else {
            var attribute = RecordAttribute<String>(value: nil, confidence: 0)
            attribute.trace.append(TraceLine.text("no agency name in the title `\(title)`"))
            return attribute
        }
        // raw: the title line the name starts on, as printed.
        let line = titleLines.first { !$0.compact.isEmpty && name.hasPrefix(String($0.compact.prefix(min(4, name.count)))) } ?? titleLines.first
        var attribute = RecordAttribute<String>(value: name, confidence: ConfidenceModel.agencyConfidence(.titleOnly), raw: line?.text, page: line?.page)
        attribute.trace.append(TraceLine.text("read from the title `\(title)`: the words before \(years.first.map { "the year \($0.token)" } ?? "政府信息公开")"))
        let bodyIsPlain = LabelText.isPlain(body)
        if LabelText.contains(body, name, textIsPlain: bodyIsPlain) {
            attribute.confidence = ConfidenceModel.agencyConfidence(.bodyNamesIt)
            attribute.trace.append(TraceLine.text("confirmed: the body names \(name)"))
        } else if let short = shortName(name), LabelText.contains(body, short, textIsPlain: bodyIsPlain) {
            // Bodies often say 市公安局 for 周口市公安局: the name's last unit confirms it less.
            attribute.confidence = ConfidenceModel.agencyConfidence(.bodyNamesItsLastUnit)
            attribute.trace.append(TraceLine.text("partly confirmed: the body names \(short), not the full \(name)"))
        } else {
            attribute.trace.append(TraceLine.text("not confirmed: the body does not name \(name)"))
        }
        return attribute
    }
}
