/// A field's number: counts are integers, money (万元) is a decimal. The JSON keeps the difference.
public enum FieldNumber: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case decimal(Double)

    public var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .decimal(let value): value
        }
    }

    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .decimal(let value): value.description
        }
    }
}

/// What a cell is expected to hold, which decides how its text is read.
package enum ValueKind: Sendable, Hashable {
    /// A number of documents, decisions or requests: a whole number, never negative.
    case count
    /// 本年增/减 of the 2019 template: a whole number that may be negative.
    case signedCount
    /// An amount in 万元 (ten thousand yuan), as the template asks.
    case money
}

/// How a cell's text became a number, which the confidence model weighs.
package enum Reading: String, Sendable, Hashable {
    /// Digits only (after trimming padding): read as printed.
    case clean
    /// Only the form changed: full-width digits, thousands separators, the template's own unit
    /// `万元` in a money cell, a footnote mark. The number is the one printed.
    case normalized
    /// The magnitude changed: `629万` in a count cell, yuan in a money cell.
    case converted
    /// A blank, `—`, `-`, `/` or `无` read as 0: what the agency meant, not what it printed.
    case blankAsZero
    /// Not a number at all; no value.
    case unreadable
}

package struct ParsedValue: Sendable, Hashable {
    package var number: FieldNumber?
    package var reading: Reading
    package var notes: [String]

    package init(number: FieldNumber?, reading: Reading, notes: [String]) {
        self.number = number
        self.reading = reading
        self.notes = notes
    }
}

package enum ValueParser {
    /// Cells that mean "none": read as 0 with a note.
    package static let dashes: Set<String> = ["-", "—", "——", "–", "―", "--", "/", "\\", "无", "－", "／", "一"]

    /// Reads a cell's text as the number the agency printed.
    package static func parse(_ text: String, as kind: ValueKind) -> ParsedValue {
        if let number = plainNumber(text, as: kind) { return ParsedValue(number: number, reading: .clean, notes: []) }
        var notes: [String] = []
        var reading = Reading.clean
        func normalize(_ note: String) {
            notes.append(note)
            if reading == .clean { reading = .normalized }
        }

        let trimmed = LabelText.trimmed(text)
        var value = LabelText.halfWidth(trimmed)
        // Figures on two lines of one cell are two numbers (a number the layout wrapped goes on
        // without a line break): two rows' values a missing line left in one cell.
        if value.split(whereSeparator: \.isNewline).filter({ $0.contains(where: \.isASCIIDigit) }).count > 1 {
            return unreadable(trimmed, [], "figures on two lines")
        }
        if value != trimmed { normalize("full-width characters read as ASCII") }
        let compact = LabelText.removingWhitespace(value)
        if compact != value { normalize("spaces inside the value removed") }
        value = compact

        // A blank or a dash says only "none": how it was typed (`－` or `-`) does not matter.
        if value.isEmpty {
            return ParsedValue(number: zero(kind), reading: .blankAsZero, notes: ["blank cell read as 0"])
        }
        if dashes.contains(value) {
            return ParsedValue(number: zero(kind), reading: .blankAsZero, notes: ["`\(trimmed)` read as 0"])
        }

        // Footnote marks after the number (`12*`, `12①`, `12¹`) are not part of it.
        let marks = value.reversed().prefix { isFootnoteMark($0) }
        if !marks.isEmpty, marks.count < value.count {
            value.removeLast(marks.count)
            normalize("footnote mark `\(String(marks.reversed()))` removed")
        }

        // Units: the template's own unit is only a form; any other unit changes the magnitude.
        var shift = 0
        switch kind {
        case .money:
            if value.hasSuffix("万元") {
                value.removeLast(2)
                normalize("unit 万元 (the template's unit) removed")
            } else if value.hasSuffix("亿元") {
                value.removeLast(2); shift = 4; reading = .converted
                notes.append("unit 亿元 in a money cell: multiplied by 10000 to 万元")
            } else if value.hasSuffix("万") {
                value.removeLast(1)
                normalize("unit 万 (万元, the template's unit) removed")
            } else if value.hasSuffix("元") {
                value.removeLast(1); shift = -4; reading = .converted
                notes.append("unit 元 in a money cell: divided by 10000 to 万元")
            }
        case .count, .signedCount:
            for noun in ["人次", "件", "条", "个", "项", "次", "人"] where value.hasSuffix(noun) && value.count > noun.count {
                value.removeLast(noun.count)
                normalize("unit \(noun) removed")
                break
            }
            if value.hasSuffix("万") {
                value.removeLast(1); shift = 4; reading = .converted
                notes.append("unit 万 in a count cell: multiplied by 10000")
            } else if value.hasSuffix("亿") {
                value.removeLast(1); shift = 8; reading = .converted
                notes.append("unit 亿 in a count cell: multiplied by 100000000")
            }
        }

        var negative = false
        if let sign = value.first, sign == "+" || sign == "-" {
            guard kind == .signedCount else { return unreadable(trimmed, notes, "a sign in a count cell") }
            negative = sign == "-"
            value.removeFirst()
        }

        // Thousands separators only where they group by three (`5,738,040`); a comma elsewhere
        // may be a decimal comma or two numbers, which must not be guessed at.
        if value.contains(",") {
            guard isGroupedByThousands(value) else { return unreadable(trimmed, notes, "a comma that does not group thousands") }
            value.removeAll { $0 == "," }
            normalize("thousands separators removed")
        }

        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let integerPart = parts.first, !integerPart.isEmpty,
              integerPart.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigit))
        else { return unreadable(trimmed, notes, "not a number") }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        let (whole, rest) = shiftDecimalPoint(integer: String(integerPart), fraction: fraction, by: shift)

        switch kind {
        case .count, .signedCount:
            guard rest.allSatisfy({ $0 == "0" }) else { return unreadable(trimmed, notes, "not a whole number in a count cell") }
            if !rest.isEmpty, shift == 0 { normalize("decimal zeros dropped") }
            guard let magnitude = Int(whole) else { return unreadable(trimmed, notes, "too large") }
            return ParsedValue(number: .integer(negative ? -magnitude : magnitude), reading: reading, notes: notes)
        case .money:
            guard let amount = Double(rest.isEmpty ? whole : whole + "." + rest), amount.isFinite
            else { return unreadable(trimmed, notes, "not a number") }
            return ParsedValue(number: .decimal(negative ? -amount : amount), reading: reading, notes: notes)
        }
    }

    /// Whether `parse` reads a number, a blank or a dash from the text (not `.unreadable`). Text
    /// without a digit (a header label) holds no number, so only its blank or dash is looked for,
    /// as `parse` looks for them: compacted, before anything else.
    package static func isReadable(_ text: String, as kind: ValueKind) -> Bool {
        // Compacted in one pass (folded, whitespace gone): folding makes full-width digits ASCII,
        // and taking whitespace away takes no digit.
        let compact = LabelText.compact(text)
        guard compact.utf8.contains(where: { (0x30...0x39).contains($0) }) else {
            return compact.isEmpty || dashes.contains(compact)
        }
        return parse(text, as: kind).reading != .unreadable
    }

    /// Most cells are digits alone (`0`, `137`; `13885.63` in a money cell): what the steps of
    /// `parse` make of them (nothing to trim, fold, strip or shift; leading zeros dropped) is the
    /// number the digits say, read here in one pass over the bytes. Up to 18 digits, which an
    /// `Int` holds; nil for anything else.
    private static func plainNumber(_ text: String, as kind: ValueKind) -> FieldNumber? {
        let utf8 = text.utf8
        guard (1...18).contains(utf8.count), utf8.first.map({ (0x30...0x39).contains($0) }) == true else { return nil }
        var points = 0
        for byte in utf8 where !(0x30...0x39).contains(byte) {
            guard byte == UInt8(ascii: "."), kind == .money else { return nil }
            points += 1
        }
        guard points <= 1, utf8.last != UInt8(ascii: ".") else { return nil }
        switch kind {
        case .count, .signedCount: return Int(text).map(FieldNumber.integer)
        case .money: return Double(text).map(FieldNumber.decimal)
        }
    }

    private static func zero(_ kind: ValueKind) -> FieldNumber {
        kind == .money ? .decimal(0) : .integer(0)
    }

    private static func unreadable(_ text: String, _ notes: [String], _ why: String) -> ParsedValue {
        ParsedValue(number: nil, reading: .unreadable, notes: notes + ["`\(text)` cannot be read: \(why)"])
    }

    private static func isFootnoteMark(_ character: Character) -> Bool {
        if ["*", "※", "#", "△", "▲", "†", "‡"].contains(character) { return true }
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2460...0x2473, 0x00B9, 0x00B2, 0x00B3, 0x2070...0x2079: return true // ①…⑳, superscripts
        default: return false
        }
    }

    private static func isGroupedByThousands(_ text: String) -> Bool {
        let integer = text.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? text
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 } && !text.split(separator: ".").dropFirst().contains { $0.contains(",") }
    }

    /// Moves the decimal point of `integer.fraction` by `shift` places (positive: right), exactly,
    /// so that `1.2万` is 12000 and never 11999.999…
    static func shiftDecimalPoint(integer: String, fraction: String, by shift: Int) -> (integer: String, fraction: String) {
        var digits = integer + fraction
        var point = integer.count + shift
        if point > digits.count { digits += String(repeating: "0", count: point - digits.count) }
        if point < 0 { digits = String(repeating: "0", count: -point) + digits; point = 0 }
        var whole = String(digits.prefix(point))
        let rest = String(digits.dropFirst(point))
        while whole.count > 1, whole.first == "0" { whole.removeFirst() }
        if whole.isEmpty { whole = "0" }
        return (whole, rest)
    }
}

extension ValueKind {
    /// The kind of value a field holds, from its key.
    package static func of(key: String) -> ValueKind {
        if FieldCatalog.holdsMoney(key) { return .money }
        if key.hasSuffix("items_change") { return .signedCount }
        return .count
    }
}
