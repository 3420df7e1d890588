import RecordModel
import Synchronization

/// A choice among template labels (the rows of section 二, the applicants, the outcome groups …),
/// normalised once: a printed label's key is looked up among the exact forms, and only a key that
/// is none of them is compared with the patterns, once per distinct key.
///
/// `best(_:)` gives what `LabelMatcher.best(key:among:)` gives for the same candidates: an exact form
/// of one candidate is that candidate's exact match (`LabelMatcher.match` tries the exact forms
/// first, and exact beats fuzzy); a form two candidates share is an exact tie, which names neither.
struct LabelChoice<Candidate: Hashable & Sendable>: Sendable {
    private let candidates: [(Candidate, LabelPattern)]
    /// The candidates each exact form belongs to, once each.
    private let exactForms: [LabelKey: [Candidate]]
    private let fuzzyMatches: FuzzyMatches<Candidate>

    init(_ candidates: [(Candidate, LabelPattern)]) {
        self.candidates = candidates
        var exactForms: [LabelKey: [Candidate]] = [:]
        for (candidate, pattern) in candidates {
            for form in pattern.exact.map(LabelKey.init) where exactForms[form]?.contains(candidate) != true {
                exactForms[form, default: []].append(candidate)
            }
        }
        self.exactForms = exactForms
        self.fuzzyMatches = FuzzyMatches()
    }

    static var exactMatch: LabelMatch { LabelMatch(kind: .exact, distance: 0, reason: "the template's wording") }

    /// The best candidate for a printed label (see `LabelMatcher.best(key:among:)`).
    func best(_ label: String) -> (Candidate, LabelMatch)? {
        best(key: LabelText.labelKey(label))
    }

    /// `best(_:)` for a label's key.
    func best(key: LabelKey) -> (Candidate, LabelMatch)? {
        guard !key.isEmpty else { return nil }
        if let owners = exactForms[key] {
            return owners.count == 1 ? (owners[0], Self.exactMatch) : nil
        }
        return fuzzyMatches.match(key) { LabelMatcher.best(key: key.text, among: candidates) }
    }

    /// The candidates a key is an exact form of (what `LabelMatcher.match` calls exact), each once.
    func exactOwners(key: LabelKey) -> [Candidate] {
        exactForms[key] ?? []
    }
}

extension LabelChoice where Candidate == String {
    /// One pattern alone, named by its wording: whether a label is it, exactly or loosely.
    init(_ pattern: LabelPattern) {
        self.init([(pattern.name, pattern)])
    }

    /// Whether `LabelMatcher.match(key:_:)` matches a label's key with the pattern at all.
    func matches(key: LabelKey) -> Bool {
        best(key: key) != nil
    }
}

/// The fuzzy outcome of each key seen before, shared by the parses running at once in a batch:
/// labels repeat within a report and across reports, and comparing a key with every pattern
/// (edit distances, keyword searches) is the matcher's cost.
private final class FuzzyMatches<Candidate: Hashable & Sendable>: Sendable {
    private let known = Mutex<[LabelKey: (Candidate, LabelMatch)?]>([:])
    /// Bounded: a hostile file can hold any number of distinct labels.
    private let limit = 20_000

    func match(_ key: LabelKey, computing: () -> (Candidate, LabelMatch)?) -> (Candidate, LabelMatch)? {
        if let found = known.withLock({ $0[key] }) { return found }
        let match = computing()
        known.withLock { known in
            if known.count >= limit { known.removeAll(keepingCapacity: true) }
            known[key] = match
        }
        return match
    }
}
