/// Who published a report, independent of how its title printed the name: the division the agency
/// belongs to and the kind of body it is. `洪泽区人民政府` and `淮安市洪泽区人民政府` are one agency.
public struct ResolvedAgency: Sendable, Hashable {
    /// The GB/T 2260 code in force (a former division's successor): `320813`. `100000` for the
    /// central government's bodies, the country as a whole (GB/T 2260 itself has no such code).
    public var division: String
    /// The body, normalized: `人民政府`, `人民政府办公室`, `公安局`, `公安分局`, `发展和改革局`.
    public var body: String
    /// The name as written with the division's current name: `淮安市洪泽区人民政府`.
    public var name: String

    public init(division: String, body: String, name: String) {
        self.division = division
        self.body = body
        self.name = name
    }
}

/// What resolving a printed name found: the agency when one division fits, how sure that is, and
/// why (or why not).
public struct AgencyResolution: Sendable, Hashable {
    public var agency: ResolvedAgency?
    /// 0 when unresolved.
    public var confidence: Double
    /// Anything a reader should know: a former name taken to its successor, a clue that decided
    /// between divisions of one name, or why the name stays unresolved.
    public var notes: [String]

    public init(agency: ResolvedAgency?, confidence: Double, notes: [String]) {
        self.agency = agency
        self.confidence = confidence
        self.notes = notes
    }

    /// Nothing resolved and nothing to say: a record made without resolving its agency.
    public static let unresolved = AgencyResolution(agency: nil, confidence: 0, notes: [])
}

/// Resolves an agency's name as printed (`苏州市公安局`, `杭州市公安局拱墅区分局`, `洪泽县人民政府`) to a
/// division of the national table and a body.
public enum AgencyResolver {
    /// The country as a whole, for the central government's bodies.
    public static let nationalDivision = "100000"

    /// `printed`: the name as the title gives it. `clues`: other text of the report (its body),
    /// searched for the city of a county name several cities have (`鼓楼区`).
    public static func resolve(_ printed: String, clues: String = "", table: DivisionTable = .national) -> AgencyResolution {
        let name = String(printed.filter { !$0.isWhitespace })
        guard !name.isEmpty else { return unresolved("no agency name to resolve") }
        if let national = nationalBody(name) { return national }

        var tokens = divisionTokens(name, table: table)
        guard !tokens.isEmpty else { return unresolved("no division name at the start of \(name)") }
        var rest = String(name.dropFirst(tokens.reduce(0) { $0 + $1.text.count }))
        var notes: [String] = []
        var confidence = 0.99

        // `公安局拱墅区分局`, `公安局市中分局`: a city bureau's branch in one of its districts.
        if let branch = branchOfBureau(rest, within: tokens.last?.candidates ?? [], table: table) {
            tokens.append(branch.token)
            rest = branch.body
        }
        var body = normalizedBody(rest)
        if body.isEmpty {
            body = "人民政府"
            confidence = min(confidence, 0.9)
            notes.append("only the division is named: taken as its 人民政府")
        }

        var candidates = consistentCandidates(tokens, table: table)
        let printedDivision = tokens.last?.text ?? ""
        if candidates.isEmpty {
            return unresolved("\(tokens.map(\.text).joined()) names no division within another")
        }
        if Set(candidates.map { table.inForce($0)?.code ?? $0.code }).count > 1 {
            let named = candidates.filter { candidate in
                table.ancestors(of: candidate).first.map { clues.contains($0.name) } ?? false
            }
            let places = candidates.map { describe($0, table: table) }.joined(separator: ", ")
            guard named.count == 1 else {
                let why = named.isEmpty ? "the report names none of their cities" : "the report names several of their cities"
                return unresolved("\(printedDivision) is \(candidates.count) divisions (\(places)): \(why)")
            }
            candidates = named
            confidence = min(confidence, 0.85)
            notes.append("\(printedDivision) is \(places): the report names \(table.ancestors(of: named[0]).first?.name ?? "")")
        } else if tokens.count == 1, candidates.count == 1, candidates[0].level == .county {
            // A county's name unique in the country but given without its city: slightly less sure.
            confidence = min(confidence, 0.97)
        }
        guard let chosen = candidates.first else { return unresolved("no division fits \(name)") }
        var division = chosen
        if !chosen.isCurrent {
            if let successor = table.inForce(chosen) {
                division = successor
                notes.append("\(chosen.name) (\(chosen.code)) became \(successor.name) (\(successor.code)) in \(chosen.until ?? 0)")
            } else {
                notes.append("\(chosen.name) (\(chosen.code)) went out of force in \(chosen.until ?? 0), taken over by no single division")
            }
            confidence = min(confidence, 0.95)
        }
        let agency = ResolvedAgency(division: division.code, body: body, name: normalizedName(division, body: body, table: table))
        return AgencyResolution(agency: agency, confidence: confidence, notes: notes)
    }

    /// A division name printed in the agency's name, with every division of that name.
    struct Token {
        var text: String
        var candidates: [Division]
    }

    /// The division names the name starts with, longest first at each place: `淮安市`, `洪泽区`.
    /// Full names only: a name's stem (`公安` of `公安县`) is also a word of bodies' names.
    static func divisionTokens(_ name: String, table: DivisionTable) -> [Token] {
        let characters = Array(name)
        var tokens: [Token] = []
        var start = 0
        scan: while start < characters.count {
            for length in stride(from: min(table.longestName, characters.count - start), through: 2, by: -1) {
                let text = String(characters[start..<(start + length)])
                let found = table.divisions(named: text)
                if !found.isEmpty {
                    tokens.append(Token(text: text, candidates: found))
                    start += length
                    continue scan
                }
            }
            break
        }
        return tokens
    }

    /// `公安局拱墅区分局` → the district `拱墅区` within the city and the body `公安分局`; the district
    /// may be named by its stem (`公安局市中分局`).
    static func branchOfBureau(_ rest: String, within parents: [Division], table: DivisionTable)
        -> (token: Token, body: String)? {
        guard rest.hasSuffix("分局"), let bureauEnd = rest.firstIndex(of: "局") else { return nil }
        let bureau = rest[..<bureauEnd]
        let place = String(rest[rest.index(after: bureauEnd)...].dropLast(2))
        guard !bureau.isEmpty, place.count >= 2 else { return nil }
        let inside = { (division: Division) in parents.contains { $0.contains(division) } }
        var found = table.divisions(named: place).filter(inside)
        if found.isEmpty { found = table.divisions(stem: place).filter(inside) }
        guard !found.isEmpty else { return nil }
        return (Token(text: place, candidates: found), String(bureau) + "分局")
    }

    /// The last division name's divisions that lie within one of each earlier name's (a former
    /// code counts through its successor: 黔西县 522423 is now in 毕节市 520500).
    static func consistentCandidates(_ tokens: [Token], table: DivisionTable) -> [Division] {
        guard var candidates = tokens.last?.candidates else { return [] }
        for token in tokens.dropLast() {
            candidates = candidates.filter { candidate in
                token.candidates.contains { outer in
                    let now = table.inForce(candidate) ?? candidate
                    return outer.contains(candidate) || outer.contains(now) || (table.inForce(outer) ?? outer).contains(now)
                }
            }
        }
        return candidates
    }

    /// `南京市鼓楼区 320106`.
    static func describe(_ division: Division, table: DivisionTable) -> String {
        (table.ancestors(of: division).first?.name ?? "") + division.name + " " + division.code
    }

    /// Bodies' short and long forms, written the long way.
    static let bodyAliases: [String: String] = [
        "政府": "人民政府", "政府办": "人民政府办公室", "政府办公室": "人民政府办公室", "人民政府办": "人民政府办公室",
        "发改局": "发展和改革局", "发改委": "发展和改革委员会", "发展改革局": "发展和改革局", "发展改革委": "发展和改革委员会",
        "人社局": "人力资源和社会保障局", "住建局": "住房和城乡建设局", "市监局": "市场监督管理局",
        "卫健委": "卫生健康委员会", "卫健局": "卫生健康局",
    ]

    static func normalizedBody(_ rest: String) -> String {
        bodyAliases[rest] ?? rest
    }

    /// The central government's bodies: `中华人民共和国公安部`, `国务院办公厅`, or a ministry named alone.
    static func nationalBody(_ name: String) -> AgencyResolution? {
        let prefix = "中华人民共和国"
        if name.hasPrefix(prefix), name.count > prefix.count {
            let body = String(name.dropFirst(prefix.count))
            return AgencyResolution(agency: ResolvedAgency(division: nationalDivision, body: body, name: name),
                                    confidence: 0.99, notes: ["a body of the central government"])
        }
        if name.hasPrefix("国务院") {
            return AgencyResolution(agency: ResolvedAgency(division: nationalDivision, body: name, name: name),
                                    confidence: 0.97, notes: ["a body of the central government"])
        }
        return nil
    }

    /// The division's name in force with its city's (`淮安市洪泽区人民政府`), a branch written as its
    /// city's bureau's (`杭州市公安局拱墅区分局`).
    static func normalizedName(_ division: Division, body: String, table: DivisionTable) -> String {
        var outer = ""
        if division.level == .county, let parent = table.ancestors(of: division).first,
           parent.level == .city || parent.name.hasSuffix("市") {
            outer = parent.name
        }
        if body.hasSuffix("分局"), body.count > 2, !outer.isEmpty {
            return outer + body.dropLast(2) + "局" + division.name + "分局"
        }
        return outer + division.name + body
    }

    static func unresolved(_ note: String) -> AgencyResolution {
        AgencyResolution(agency: nil, confidence: 0, notes: [note])
    }
}
