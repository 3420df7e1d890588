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
    }

    public var key: String
    public var decision: Decision
    /// The value the field has after the decision: the one read (accepted), the one typed
    /// (corrected), none (unreadable).
    public var value: FieldNumber?
    public var reviewer: String
    public var decidedAt: Date

    public init(key: String, decision: Decision, value: FieldNumber?, reviewer: String, decidedAt: Date) {
        self.key = key
        self.decision = decision
        self.value = value
        self.reviewer = reviewer
        self.decidedAt = decidedAt
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
    /// The record as reviewed: each decision replaces its field's value (the extracted value and
    /// confidence kept in the field's `review`), and the template's arithmetic is run again on the
    /// values as they now stand. A field a person confirmed or corrected is certain (1.0); one
    /// they could not read either has no value and no confidence.
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
            reviewed.fields[index].confidence = review.decision == .unreadable ? 0 : 1
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
        let otherAsOneRow = template == .v2021
            && checks.contains { $0.rule == "s3.row_total.\(RequestRow.otherAsOneRow.rawValue)" }
        var values = Dictionary(fields.map { ($0.key, $0.value) }) { first, _ in first }
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
