import DocumentModel
import RecordModel
import Synchronization
/// How a printed label is turned into something comparable with the template's wording.
///
/// Reports print the same label in many ways: `（一）予以公开`, `(一) 予以公开`, `1．属于国家秘密`,
/// `商业\n企业`, `结果 维持`, full-width or ASCII punctuation. The *key* of a label keeps only
/// what identifies it: its letters and digits, numbering prefix removed, full-width forms folded.
/// Keys of labels already normalized, shared by the parses running at once in a batch.
private let keyCache = Mutex<[String: LabelKey]>([:])
private let keyCacheLimit = 20_000

extension LabelText {
    /// Splits a leading numbering token (`一、`, `(一)`, `（一）`, `1.`, `1、`, `1．`, `①`) from a label
    /// already folded to half width and stripped of whitespace. The rest is a slice, not a copy:
    /// whole paragraphs are split to tell headings from body text.
    static func splitNumbering(_ compact: String) -> (numbering: String?, text: Substring) {
        // A plain first scalar (one that no other spelling equals) that starts no numbering
        // answers at once, without comparing characters.
        if let scalar = compact.unicodeScalars.first, isPlain(scalar.value), !startsNumbering(scalar.value) { return (nil, Substring(compact)) }
        // Walked from the start, character by character: the numbering is a few characters, and
        // a paragraph's text is not split into characters for them.
        guard let first = compact.first else { return (nil, Substring(compact)) }
        let start = compact.startIndex, endIndex = compact.endIndex
        func next(_ index: String.Index) -> String.Index { compact.index(after: index) }
        var end: String.Index
        if first == "(" {
            // (一) or (1)
            var index = next(start)
            while index < endIndex, isChineseNumeral(compact[index]) || compact[index].isASCIIDigit {
                index = next(index)
            }
            guard index > next(start), index < endIndex, compact[index] == ")" else { return (nil, Substring(compact)) }
            end = next(index)
            if end < endIndex, compact[end] == "、" || compact[end] == "." { end = next(end) }
        } else if isChineseNumeral(first) {
            // 一、 — but not 一般… or 三安全: the numeral must be followed by 、 or .
            var index = start
            while index < endIndex, isChineseNumeral(compact[index]) { index = next(index) }
            guard index < endIndex, compact[index] == "、" || compact[index] == "." else { return (nil, Substring(compact)) }
            end = next(index)
        } else if first.isASCIIDigit {
            // 1. 1、 — but not 2023年: a digit run must be followed by . or 、 and then a non-digit.
            var index = start
            while index < endIndex, compact[index].isASCIIDigit { index = next(index) }
            guard index < endIndex, compact[index] == "." || compact[index] == "、" else { return (nil, Substring(compact)) }
            guard next(index) >= endIndex || !compact[next(index)].isASCIIDigit else { return (nil, Substring(compact)) }
            end = next(index)
        } else if let scalar = first.unicodeScalars.first, (0x2460...0x2473).contains(scalar.value) {
            end = next(start) // ① … ⑳
        } else {
            return (nil, Substring(compact))
        }
        return (String(compact[..<end]), compact[end...])
    }

    private static let chineseNumerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// `chineseNumerals.contains(character)`, told from the one scalar of a plain character
    /// without hashing it; others (a compatibility ideograph equal to 六, marks) ask the set.
    private static func isChineseNumeral(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first, scalars.count == 1, isPlain(scalar.value) else { return chineseNumerals.contains(character) }
        switch scalar.value {
        case 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341: return true
        default: return false
        }
    }

    /// `(`, a digit, a numeral of `chineseNumerals` or ①…⑳.
    private static func startsNumbering(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x28, 0x30...0x39, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x2460...0x2473: true
        default: false
        }
    }

    /// The comparable key of a label: half width, no whitespace, no leading numbering, and only
    /// letters and digits kept (quotes, parentheses, commas and slashes vary between reports).
    static func key(_ label: String) -> String {
        labelKey(label).text
    }

    /// `key(_:)`, hashed (`LabelKey`): kept so in the cache, a label seen before costs no hashing
    /// of its key again.
    static func labelKey(_ label: String) -> LabelKey {
        // A figure (most cells of a table) is its own key: told from its bytes, without hashing
        // it into the cache. So is an empty cell.
        if isFigure(label) { return LabelKey(label) }
        // Every cell label is compared with dozens of patterns: normalize each text once.
        if let known = keyCache.withLock({ $0[label] }) { return known }
        let key = LabelKey(keptForKey(String(splitNumbering(compact(label)).text)))
        keyCache.withLock { cache in
            // Bounded: labels repeat across reports, but a hostile file can hold any number.
            if cache.count >= keyCacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[label] = key
        }
        return key
    }

    /// `text.contains(part)`, without Foundation's search (a tenth of the matcher's time, and a
    /// copy of the report's body into Foundation's string) where a byte search finds the same:
    /// in plain text (`isPlain`) Foundation's comparison of characters is one of bytes.
    static func contains(_ text: String, _ part: String) -> Bool {
        contains(text, part, textIsPlain: isPlain(text))
    }

    /// Whether `text` contains any of `parts`: `contains` with the text's plainness told once.
    static func contains(_ text: String, anyOf parts: [String]) -> Bool {
        let plain = isPlain(text)
        return parts.contains { contains(text, $0, textIsPlain: plain) }
    }

    /// `contains` with the text's plainness (`isPlain(text)`) told once for many searches.
    static func contains(_ text: String, _ part: String, textIsPlain: Bool) -> Bool {
        guard !part.isEmpty, textIsPlain, isPlain(part) else { return text.contains(part) }
        return firstByteOffset(of: part, in: text) != nil
    }

    /// `text.hasSuffix(suffix)`, told from the bytes where they tell the same (see `contains`;
    /// `textIsPlain`: `isPlain(text)`, told once for many suffixes): the standard library's goes
    /// backwards a character at a time.
    static func hasSuffix(_ text: String, _ suffix: String, textIsPlain: Bool) -> Bool {
        guard textIsPlain, isPlain(suffix) else { return text.hasSuffix(suffix) }
        return text.utf8.count >= suffix.utf8.count && text.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// `text.range(of: part)`, by the same byte search where it finds the same (see `contains`).
    /// A substring's range is in its string's indices, as Foundation's is.
    static func range(of part: String, in text: some StringProtocol) -> Range<String.Index>? {
        range(of: part, in: text, textIsPlain: isPlain(text))
    }

    /// `range(of:in:)` with the text's plainness (`isPlain(text)`) told once for many searches.
    static func range(of part: String, in text: some StringProtocol, textIsPlain: Bool) -> Range<String.Index>? {
        guard !part.isEmpty, textIsPlain, isPlain(part) else { return text.range(of: part) }
        guard let offset = firstByteOffset(of: part, in: text) else { return nil }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        return start..<text.utf8.index(start, offsetBy: part.utf8.count)
    }

    /// Over the bytes themselves (`ByteSearch`): the standard library's generic `firstRange(of:)`
    /// cost more than Foundation's search.
    private static func firstByteOffset(of part: String, in text: some StringProtocol) -> Int? {
        var part = part
        return part.withUTF8 { needle in
            let search = { (haystack: UnsafeBufferPointer<UInt8>) in ByteSearch.firstOffset(of: needle, in: haystack) }
            // Native strings are contiguous UTF-8; a bridged one is copied first.
            return text.utf8.withContiguousStorageIfAvailable(search) ?? Array(text.utf8).withUnsafeBufferPointer(search)
        }
    }

    /// Whether every byte of `text` is an ASCII digit (true for the empty text).
    static func isFigure(_ text: String) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        character.unicodeScalars.first.map(isKeyScalar) ?? false
    }

    /// Whether a character starting with `scalar` is kept in a key: the first scalar decides, as
    /// it does for `isLetter` (alphabetic) and `isNumber` (a numeric type). ASCII and the CJK
    /// ideographs (all letters), most of any key, are told without the property tables; so are
    /// general punctuation and the CJK punctuation reports print (、。《》【】), none of it kept.
    static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x3400...0x4DBF, 0x4E00...0x9FFF: true
        case 0x00...0x7F, 0x2000...0x206F, 0x3000...0x3004, 0x3008...0x3020: false
        default: scalar.properties.isAlphabetic || scalar.properties.numericType != nil
        }
    }

    /// The characters of `text` a key keeps. In plain text each scalar is a character, and they
    /// are kept a scalar at a time, without telling characters apart.
    private static func keptForKey(_ text: String) -> String {
        guard isPlain(text) else { return String(text.filter(isKeyCharacter)) }
        // Most labels keep every character: the text itself, not a copy.
        if text.unicodeScalars.allSatisfy(isKeyScalar) { return text }
        var kept: [UInt8] = []
        kept.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where isKeyScalar(scalar) { UTF8.encode(scalar) { kept.append($0) } }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Whether the key of a text, given compacted (`compact`), has anything in it, told without
    /// the key (nor a place in the keys kept): a paragraph of the body is answered at its first letter.
    static func hasKey(compact: String) -> Bool {
        splitNumbering(compact).text.contains(where: isKeyCharacter)
    }

    /// The key of a text, given compacted (`compact`), whose key has at most `limit` characters;
    /// nil for a longer one: a paragraph of the body is told from a heading at its `limit + 1`th
    /// letter, without its key (nor a place in the keys kept).
    static func key(compact: String, atMost limit: Int) -> String? {
        let rest = splitNumbering(compact).text
        // Plain scalars are characters of their own (`isPlain`): more than `limit` kept ones
        // before any other scalar make as many characters of the key, whatever follows. Past
        // a scalar that is not plain, two kept characters (Hangul jamo) may join into one of the
        // key, which only the key itself can count.
        var count = 0
        for scalar in rest.unicodeScalars {
            guard isPlain(scalar.value) else { break }
            guard isKeyScalar(scalar) else { continue }
            count += 1
            if count > limit { return nil }
        }
        let key = keptForKey(String(rest))
        return key.count <= limit ? key : nil
    }

    /// Edit distance between two keys, in characters (CJK labels have no words to compare).
    static func editDistance(_ a: String, _ b: String) -> Int {
        // Keys hold letters and digits only, one scalar each: no grapheme breaking needed.
        let left = Array(a.unicodeScalars), right = Array(b.unicodeScalars)
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}

/// How a cell was found, which the confidence model weighs.
public enum MatchKind: String, Sendable, Hashable, Comparable {
    /// The label is the template's wording or a documented alternative (`行政规范性文件`).
    case exact
    /// The label differs from the template's: a known misprint, a close spelling, a keyword.
    case fuzzy
    /// No label identified the cell; it was taken from where the template puts it.
    case position

    public static func < (lhs: MatchKind, rhs: MatchKind) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int {
        switch self {
        case .exact: 2
        case .fuzzy: 1
        case .position: 0
        }
    }
}

/// The wording of one template label: the forms that count as exact, the misprints seen in real
/// reports, and keywords that identify it when a report rewords it.
struct LabelPattern: Sendable, Hashable {
    /// The template's label and documented alternatives, as keys.
    let exact: [String]
    /// The length of each of `exact`, in scalars: counted once, not at every comparison.
    let exactLengths: [Int]
    /// Misprints seen in published reports (`本年度止件数` for `本年废止件数`).
    let knownVariants: [String]
    /// A label whose key contains one of these is a fuzzy match.
    let keywords: [String]

    /// The template's wording as printed, for messages.
    let name: String

    init(_ exact: String..., variants: [String] = [], keywords: [String] = []) {
        self.name = exact.first ?? ""
        self.exact = exact.map(LabelText.key)
        self.exactLengths = self.exact.map(\.unicodeScalars.count)
        self.knownVariants = variants.map(LabelText.key)
        self.keywords = keywords.map(LabelText.key)
    }
}

/// The outcome of comparing a printed label with a pattern.
struct LabelMatch: Sendable, Hashable {
    let kind: MatchKind
    /// 0 for exact; larger is a worse fuzzy match (edit distance, or a keyword's penalty).
    let distance: Int
    /// Why it matched, for `explain`.
    let reason: String

    static func position(_ reason: String) -> LabelMatch { LabelMatch(kind: .position, distance: 100, reason: reason) }
}

enum LabelMatcher {
    /// Compares a label's key (`LabelText.key`) with one pattern.
    static func match(key: String, _ pattern: LabelPattern) -> LabelMatch? {
        guard !key.isEmpty else { return nil }
        if pattern.exact.contains(key) {
            return LabelMatch(kind: .exact, distance: 0, reason: "the template's wording")
        }
        if pattern.knownVariants.contains(key) {
            return LabelMatch(kind: .fuzzy, distance: 1, reason: "known misprint of \(pattern.name)")
        }
        var best: LabelMatch?
        let keyLength = key.unicodeScalars.count
        for (form, formLength) in zip(pattern.exact, pattern.exactLengths) {
            // Short labels (其他, 总计) must match exactly: one character changes their meaning.
            let allowed = min(keyLength, formLength) >= 4 ? max(1, min(keyLength, formLength) / 5) : 0
            // The distance is at least the difference in length: skip what cannot match.
            guard abs(keyLength - formLength) <= allowed else { continue }
            let distance = LabelText.editDistance(key, form)
            if distance <= allowed, distance < (best?.distance ?? Int.max) {
                best = LabelMatch(kind: .fuzzy, distance: distance, reason: "\(distance) character(s) from \(pattern.name)")
            }
        }
        if best == nil, let keyword = pattern.keywords.first(where: { LabelText.contains(key, $0) }) {
            best = LabelMatch(kind: .fuzzy, distance: 50, reason: "contains \(keyword)")
        }
        return best
    }


    /// The best of several candidates for a label's key: exact beats fuzzy, a closer fuzzy match
    /// beats a farther one, and two equally good different candidates match neither. The parser
    /// asks a `LabelChoice`, which comes here only for a key that is no candidate's exact form.
    static func best<Candidate: Hashable>(key: String, among candidates: [(Candidate, LabelPattern)]) -> (Candidate, LabelMatch)? {
        var found: [(Candidate, LabelMatch)] = []
        for (candidate, pattern) in candidates {
            if let match = match(key: key, pattern) { found.append((candidate, match)) }
        }
        guard let top = found.min(by: { ($0.1.kind > $1.1.kind) || ($0.1.kind == $1.1.kind && $0.1.distance < $1.1.distance) })
        else { return nil }
        let rivals = found.filter { $0.1.kind == top.1.kind && $0.1.distance == top.1.distance && $0.0 != top.0 }
        return rivals.isEmpty ? top : nil
    }
}
