import Foundation

/// A reviewer's decision on one field, as the review app stores it.
public struct FieldReview: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable, CaseIterable {
        /// The value read is what the page shows.
        case accepted
        /// The page shows another value, typed by the reviewer.
        case corrected
        /// The page cannot be read here either: the field has no value.
        case unreadable
        /// The report does not give the value at all (no such cell, row or table): no value.
        case absent

        /// Whether the decision leaves the field without a value.
        public var leavesNoValue: Bool { self == .unreadable || self == .absent }
    }

    /// The attributes a record reads from its title and structure, reviewed as fields are:
    /// their decisions are stored under these keys.
    public static let attributeKeys = ["agency", "year", "template"]

    public var key: String
    public var decision: Decision
    /// The value the field has after the decision: the one read (accepted), the one typed
    /// (corrected), none (unreadable, absent). For `year`, the year.
    public var value: FieldNumber?
    /// The text `agency` and `template` have after the decision (their values are not numbers).
    public var text: String?
    public var reviewer: String
    public var decidedAt: Date

    public init(key: String, decision: Decision, value: FieldNumber?, text: String? = nil, reviewer: String, decidedAt: Date) {
        self.key = key
        self.decision = decision
        self.value = value
        self.text = text
        self.reviewer = reviewer
        self.decidedAt = decidedAt
    }

    /// Why a decision cannot stand, or nil when it can. A field with no value is never accepted:
    /// accepting "nothing was read" would make a missing value certain (record-format.md: a null
    /// field never has a confidence above 0); the reviewer types the value or marks it absent.
    public static func refusal(_ decision: Decision, valueRead: Bool) -> String? {
        guard decision == .accepted, !valueRead else { return nil }
        return "no value was read here, so there is nothing to accept: type the value the page shows, or mark it not in the report"
    }

    /// The same decision as another reading of the field keeps it (another file of one report):
    /// where `record` read what the decision was made on, the decision as it is; where it read
    /// otherwise, an acceptance or a correction states the value decided, accepted where `record`
    /// read that value and corrected where it did not. A template is only ever confirmed.
    public func restated(on record: Record, madeOn decidedOn: Record) -> FieldReview {
        let read = record.reading(of: key)
        guard read != decidedOn.reading(of: key), decision == .accepted || decision == .corrected, key != "template" else { return self }
        var review = self
        review.decision = read == (text ?? value?.description) ? .accepted : .corrected
        return review
    }

    /// The number a reviewer typed for `key`, read as strictly as a clean cell: digits, with a
    /// decimal point for money and a sign only where the template allows one. Units, dashes and
    /// blanks are refused: a reviewer states the number itself.
    public static func typedValue(_ text: String, key: String) -> FieldNumber? {
        let parsed = ValueParser.parse(text, as: ValueKind.of(key: key))
        guard parsed.reading == .clean || parsed.reading == .normalized else { return nil }
        return parsed.number
    }
}

/// A field's provenance once reviewed: who decided what, and what had been extracted.
public struct ReviewProvenance: Sendable, Hashable {
    public var decision: FieldReview.Decision
    public var reviewer: String
    public var decidedAt: Date
    public var extractedValue: FieldNumber?
    public var extractedConfidence: Double
}

extension Record {
    /// What the record read for `key` (a field, or `agency`, `year`, `template`), as text; nil
    /// when nothing was read.
    public func reading(of key: String) -> String? {
        switch key {
        case "agency": agency.value
        case "year": year.value.map(String.init)
        case "template": template.value?.rawValue
        default: field(key)?.value?.description
        }
    }

    /// The record as reviewed: each decision replaces its field's value (the extracted value and
    /// confidence kept in the field's `review`), and the template's arithmetic is run again on the
    /// values as they now stand. A field a person confirmed or corrected is certain (1.0); one
    /// they could not read either, or found not in the report, has no value and no confidence;
    /// so has any field left without a value (an acceptance of nothing, as stores before the
    /// `absent` decision could hold).
    public func applying(_ reviews: [FieldReview]) -> Record {
        var reviewed = self
        let latest = Dictionary(reviews.map { ($0.key, $0) }) { earlier, later in
            later.decidedAt >= earlier.decidedAt ? later : earlier
        }
        for index in reviewed.fields.indices {
            guard let review = latest[reviewed.fields[index].key] else { continue }
            let extracted = fields[index]
            reviewed.fields[index].review = ReviewProvenance(
                decision: review.decision, reviewer: review.reviewer, decidedAt: review.decidedAt,
                extractedValue: extracted.value, extractedConfidence: extracted.confidence)
            reviewed.fields[index].value = review.value
            reviewed.fields[index].confidence = review.decision.leavesNoValue || review.value == nil ? 0 : 1
        }
        if let review = latest["agency"] {
            reviewed.agency.value = review.decision == .accepted ? agency.value : review.text
            reviewed.agency.confidence = reviewed.agency.value == nil ? 0 : 1
        }
        if let review = latest["year"] {
            reviewed.year.value = review.decision == .accepted ? year.value : review.value.flatMap { if case .integer(let year) = $0 { year } else { nil } }
            reviewed.year.confidence = reviewed.year.value == nil ? 0 : 1
        }
        if let review = latest["template"] {
            // Only confirmed or not: another template would be other fields, read again from the file.
            reviewed.template.confidence = review.decision == .accepted && template.value != nil ? 1 : 0
        }
        reviewed.checks = reviewed.rechecked()
        return reviewed
    }

    /// The record with the keys of checks kept without them (read from JSON, which does not
    /// write them, or from a store's rows before it kept them) taken from the same checks run
    /// again: a check's rule names the same sum on every record of its template.
    package func restoringCheckKeys() -> Record {
        guard checks.contains(where: \.keys.isEmpty) else { return self }
        let keysByRule = Dictionary(rechecked().map { ($0.rule, $0.keys) }) { first, _ in first }
        var restored = self
        for index in restored.checks.indices where restored.checks[index].keys.isEmpty {
            restored.checks[index].keys = keysByRule[restored.checks[index].rule] ?? []
        }
        return restored
    }

    /// The template's checks on the fields' current values. A 2021 report that printed （六）
    /// as one row is checked on that row, as when it was parsed: its checks then name the row.
    package func rechecked() -> [CheckResult] {
        guard let template = template.value else { return checks }
        let otherAsOneRow = printsOtherAsOneRow
        var values = Checks.Values(fields.lazy.map { ($0.key, $0.value) })
        if otherAsOneRow {
            // The printed row is not a field of a 2021 record; its sub-row fields keep its text.
            // Once a reviewer has given every sub-row a value, their sum stands for the row.
            for applicant in Applicant.allCases {
                let subRows = RequestRow.subRows(of: .other).compactMap { sub in fields.first { $0.key == sub.key(applicant) } }
                let subValues = subRows.compactMap(\.value)
                values[RequestRow.otherAsOneRow.key(applicant)] = subValues.count == subRows.count && !subValues.isEmpty
                    ? subValues.reduce(FieldNumber.integer(0), +)
                    : subRows.first?.raw.flatMap { ValueParser.parse($0, as: .count).number }
            }
        }
        // A figure the text states is checked against the table's values: a field that took the
        // text's figure for want of a cell (no raw text) and that no reviewer decided has none.
        var tableValues = values
        for field in fields where field.raw == nil && field.review == nil { tableValues[field.key] = .some(nil) }
        let stated = checks.filter { $0.rule.hasPrefix("text.") }.map { check in
            Checks.restated(check, values: tableValues, template: template, otherAsOneRow: otherAsOneRow) ?? check
        }
        return Checks.evaluate(values, template: template, otherAsOneRow: otherAsOneRow) + stated
    }

    /// Whether a 2021 report printed （六） as one row, as its checks say.
    private var printsOtherAsOneRow: Bool {
        template.value == .v2021 && checks.contains { $0.rule == "s3.row_total.\(RequestRow.otherAsOneRow.rawValue)" }
    }

    /// The template's sums for this record, as the review app adds them up again while a reviewer
    /// types (the same sums `rechecked` evaluates).
    public var templateSums: [TemplateSum] {
        guard let template = template.value else { return [] }
        return Checks.sums(template: template, otherAsOneRow: printsOtherAsOneRow).map {
            TemplateSum(rule: $0.rule, left: $0.left, right: $0.right, words: $0.words)
        }
    }
}

/// `left₁ + left₂ … = right₁ + …`, by field key: one of the template's sums.
public struct TemplateSum: Sendable, Hashable {
    public let rule: String
    public let left: [String]
    public let right: [String]
    /// `一 + 二 = 三(七) + 四`.
    public let words: String
}

extension FieldNumber {
    /// Sums stay integers while both sides are.
    static func + (left: FieldNumber, right: FieldNumber) -> FieldNumber {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): .integer(a + b)
        default: .decimal(left.doubleValue + right.doubleValue)
        }
    }
}
