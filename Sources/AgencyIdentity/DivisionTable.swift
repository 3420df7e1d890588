/// One administrative division of GB/T 2260: a province, a city (prefecture level) or a county
/// (county level: districts, county-level cities, banners), in force now or formerly.
public struct Division: Sendable, Hashable {
    public enum Level: Int, Sendable, Hashable, Comparable {
        case province = 1, city, county

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The six-digit code: `320813`.
    public var code: String
    public var name: String
    /// The city or province it belongs to; nil for a province.
    public var parent: String?
    /// For a former code or name, the year it went out of force; nil for one in force.
    public var until: Int?
    /// For a former code or name, the code in force that took it over (洪泽县 320829 → 320813).
    public var successor: String?

    public var level: Level {
        let digits = Array(code.utf8)
        if digits.count == 6, digits[2...] == [48, 48, 48, 48] { return .province }
        if digits.count == 6, digits[4...] == [48, 48] { return .city }
        return .county
    }

    public var isCurrent: Bool { until == nil }

    /// The name without its level, as names are shortened in bureaus' names (`市中` of `市中区` in
    /// `公安局市中分局`, `洪泽` of `洪泽县`); nil for a name that is only a level (`城区`, `矿区`).
    /// Compared as UTF-8 bytes: by characters, the table's stems took most of its loading time.
    public var stem: String? {
        var name = name
        return name.withUTF8 { bytes in
            for level in Self.levelSuffixes where bytes.count >= level.count + Self.twoCharacters
                && bytes.suffix(level.count).elementsEqual(level) {
                return String(decoding: bytes.dropLast(level.count), as: UTF8.self)
            }
            return nil
        }
    }

    static let levelSuffixes = ["自治县", "自治州", "自治旗", "自治区", "新区", "地区", "林区", "特区", "县", "市", "区", "旗", "盟", "省"]
        .map { Array($0.utf8) }
    /// Division names are Chinese characters, three bytes each in UTF-8.
    private static let twoCharacters = 6

    /// Whether `other`'s code lies within this division's: a county within its city and province.
    public func contains(_ other: Division) -> Bool {
        switch level {
        case .province: other.code.prefix(2) == code.prefix(2) && other.code != code
        case .city: other.code.prefix(4) == code.prefix(4) && other.code != code
        case .county: false
        }
    }
}

/// The national division table, as `scripts/make-divisions` built it from the civil-affairs
/// ministry's lists (`divisions.tsv`, embedded at build time: nothing is read at run time).
public struct DivisionTable: Sendable {
    public let divisions: [Division]
    private let byCode: [String: Division]
    private let byName: [String: [Division]]
    private let byStem: [String: [Division]]
    /// The longest name, to bound the scan of a printed name.
    let longestName: Int

    /// The table shipped with the module.
    public static let national = DivisionTable(tsv: String(decoding: PackageResources.divisions_tsv, as: UTF8.self))

    /// Reads the lines `code name parent [until successor]`; comment lines start with `#`.
    /// A malformed line is skipped: the table is the module's own, checked by its tests. Split as
    /// UTF-8 bytes, since splitting by characters cost a process start-up's worth of time.
    public init(tsv: String) {
        var divisions: [Division] = []
        divisions.reserveCapacity(4096)
        var tsv = tsv
        // Over the contiguous bytes, not the string's UTF8View: split through the view's indices,
        // the lines took a third of loading the table.
        tsv.withUTF8 { utf8 in
            // The columns' bounds in one array kept across lines: a line's split into arrays of
            // slices and strings was two allocations a line, a third of loading the table.
            var columns: [Range<Int>] = []
            columns.reserveCapacity(6)
            var lineStart = 0
            while lineStart < utf8.count {
                let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.count
                defer { lineStart = lineEnd + 1 }
                guard lineEnd > lineStart, utf8[lineStart] != UInt8(ascii: "#") else { continue }
                columns.removeAll(keepingCapacity: true)
                var columnStart = lineStart
                while let tab = utf8[columnStart..<lineEnd].firstIndex(of: UInt8(ascii: "\t")), columns.count < 5 {
                    columns.append(columnStart..<tab)
                    columnStart = tab + 1
                }
                columns.append(columnStart..<lineEnd)
                func text(_ column: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: utf8[columns[column]]), as: UTF8.self) }
                guard columns.count == 3 || columns.count == 5, columns[0].count == 6, !columns[1].isEmpty else { continue }
                divisions.append(Division(code: text(0), name: text(1), parent: columns[2].isEmpty ? nil : text(2),
                                          until: columns.count == 5 ? Int(text(3)) : nil,
                                          successor: columns.count == 5 && !columns[4].isEmpty ? text(4) : nil))
            }
        }
        self.divisions = divisions
        // Each map sized for the table at once: growing them rehashed every name so far, an
        // eighth of loading the table, which every process does once.
        var byCode = [String: Division](minimumCapacity: divisions.count)
        // A code in force wins over the same code's former name (襄樊市 and 襄阳市 are both 420600).
        byCode.merge(divisions.lazy.map { ($0.code, $0) }) { first, second in first.isCurrent ? first : second }
        self.byCode = byCode
        var byName = [String: [Division]](minimumCapacity: divisions.count)
        for division in divisions { byName[division.name, default: []].append(division) }
        self.byName = byName
        var byStem = [String: [Division]](minimumCapacity: divisions.count)
        for division in divisions { if let stem = division.stem { byStem[stem, default: []].append(division) } }
        self.byStem = byStem
        // Characters as the resolver counts them: a name's scalars are its characters.
        longestName = divisions.map { $0.name.unicodeScalars.count }.max() ?? 0
    }

    public func division(code: String) -> Division? { byCode[code] }

    /// Every division, in force or former, of that exact name.
    public func divisions(named name: String) -> [Division] { byName[name] ?? [] }

    /// Every division whose name without its level is `stem`.
    public func divisions(stem: String) -> [Division] { byStem[stem] ?? [] }

    /// The division in force a former one became (itself when in force); nil when it has none.
    public func inForce(_ division: Division) -> Division? {
        if division.isCurrent { return division }
        return division.successor.flatMap { byCode[$0] }
    }

    /// The divisions above one, nearest first: a county's city (if any) and province.
    public func ancestors(of division: Division) -> [Division] {
        var chain: [Division] = []
        var next = division.parent
        while let code = next, let parent = byCode[code], chain.count < 3 {
            chain.append(parent)
            next = parent.parent
        }
        return chain
    }
}
