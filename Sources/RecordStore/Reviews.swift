import Foundation
import GRDB
import RecordModel

/// One stored report as the review app shows it: as extracted, and as reviewed so far.
public struct StoredReport: Sendable {
    public var extracted: ReportRecord
    /// The extracted record with the latest decisions applied and its checks run again.
    public var reviewed: ReportRecord
    /// Where the source file is now: the archive, once moved there, else where the batch found it.
    public var filePath: String
    /// The agreement with the same agency's previous or next year, kept by the store.
    public var crossYearChecks: [CheckResult]
}

/// A field (or `agency`, `year`, `template`) under the review threshold, and why it is there.
public struct DoubtfulField: Sendable, Hashable {
    public var key: String
    public var confidence: Double
    /// The field's notes, as the parser gave them.
    public var notes: [String]
    /// False when nothing was read: such a field is typed or marked absent, never accepted.
    public var hasValue: Bool
    /// Whether a decision stands on it.
    public var decided: Bool

    public init(key: String, confidence: Double, notes: [String], hasValue: Bool, decided: Bool) {
        self.key = key
        self.confidence = confidence
        self.notes = notes
        self.hasValue = hasValue
        self.decided = decided
    }
}

/// A report's fields under the threshold, decided or not, worst first.
public struct QueuedReport: Sendable {
    public var sha256: String
    public var file: String
    /// The file's kind (`pdf`, `docx`) and, for a PDF, its pages.
    public var kind: String
    public var pages: Int?
    public var agency: String?
    public var year: Int?
    public var template: String?
    /// Every field under the threshold, lowest confidence first (ties in the template's order).
    public var doubtful: [DoubtfulField]
    /// Field keys under the threshold with no decision yet, lowest confidence first.
    public var keys: [String] { doubtful.filter { !$0.decided }.map(\.key) }
    public var worstConfidence: Double { doubtful.filter { !$0.decided }.map(\.confidence).min() ?? 1 }
    /// The report's checks that do not hold on its values as reviewed, the years' agreement included.
    public var brokenChecks = 0
}

/// A report's checks that do not hold, or could not run, on its values as reviewed.
public struct UnsettledChecks: Sendable {
    public var sha256: String
    public var agency: String?
    public var year: Int?
    /// Each check as `rule: text`.
    public var broken: [String]
    public var notEvaluated: [String]
}

/// One stored decision, as the history shows it: undone ones included.
public struct ReviewEntry: Sendable, Hashable {
    public var id: Int64
    public var review: FieldReview
    public var undoneAt: Date?
}

extension RecordStore {
    /// Keeps a reviewer's decision beside the extracted value (which is never changed), and
    /// returns its number in the history.
    @discardableResult
    public func saveReview(sha256: String, _ review: FieldReview) throws -> Int64 {
        try saveReviews(sha256: sha256, [review])[0]
    }

    /// Keeps several decisions on one report in one transaction (a table accepted at once), and
    /// returns their numbers in the history, in order.
    public func saveReviews(sha256: String, _ reviews: [FieldReview]) throws -> [Int64] {
        try pool.write { db in
            try reviews.map { review in
                try db.execute(sql: """
                    INSERT INTO review (sha256, key, decision, value, text, reviewer, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [sha256, review.key, review.decision.rawValue, FieldRow.number(review.value), review.text,
                                     review.reviewer, review.decidedAt])
                return db.lastInsertedRowID
            }
        }
    }

    /// Marks decisions `ids` of report `sha256` undone, in one transaction: they stay in the
    /// history, and the decision before each on its field (if any) stands again. Returns the
    /// decisions undone; one not standing (undone already, another report's) is left out.
    public func undoReviews(sha256: String, ids: [Int64], at time: Date = Date()) throws -> [FieldReview] {
        try pool.write { db in
            try ids.compactMap { id in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT key, decision, value, text, reviewer, decided_at FROM review WHERE id = ? AND sha256 = ? AND undone_at IS NULL
                    """, arguments: [id, sha256]), let review = Self.review(row) else { return nil }
                try db.execute(sql: "UPDATE review SET undone_at = ? WHERE id = ?", arguments: [time, id])
                return review
            }
        }
    }

    /// The decisions standing on a report's fields, oldest first (the latest of a field stands).
    public func reviews(sha256: String) throws -> [FieldReview] {
        try pool.read { db in try Self.storedReviews(db, sha256: sha256) }
    }

    /// Every decision on a report, or on one of its fields, undone ones included, oldest first.
    public func reviewHistory(sha256: String, key: String? = nil) throws -> [ReviewEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, key, decision, value, text, reviewer, decided_at, undone_at FROM review
                WHERE sha256 = ? AND (? IS NULL OR key = ?) ORDER BY decided_at, id
                """, arguments: [sha256, key, key]).compactMap { row in
                Self.review(row).map { ReviewEntry(id: row["id"], review: $0, undoneAt: row["undone_at"]) }
            }
        }
    }

    static func storedReviews(_ db: Database, sha256: String) throws -> [FieldReview] {
        try Row.fetchAll(db, sql: """
            SELECT key, decision, value, text, reviewer, decided_at FROM review
            WHERE sha256 = ? AND undone_at IS NULL ORDER BY decided_at, id
            """, arguments: [sha256]).compactMap(review)
    }

    /// A review row as a decision; nil for a decision this version does not know.
    private static func review(_ row: Row) -> FieldReview? {
        let key: String = row["key"]
        guard let decision = FieldReview.Decision(rawValue: row["decision"]) else { return nil }
        return FieldReview(key: key, decision: decision, value: FieldRow.number(row["value"], key: key), text: row["text"],
                           reviewer: row["reviewer"], decidedAt: row["decided_at"])
    }

    /// The report whose file has content hash `sha256`, nil when the store has no record of it.
    public func report(sha256: String) throws -> StoredReport? {
        try pool.read { db in
            guard let extracted = try Self.storedRecord(db, sha256: sha256),
                  let row = try Row.fetchOne(db, sql: "SELECT path, location FROM source_file WHERE sha256 = ?",
                                             arguments: [sha256]) else { return nil }
            let reviews = try Self.storedReviews(db, sha256: sha256)
            return StoredReport(extracted: extracted, reviewed: extracted.applying(reviews), filePath: row["location"] ?? row["path"],
                                crossYearChecks: try Self.storedChecks(db, sha256: sha256, acrossYears: true))
        }
    }

    /// Reports with fields under `threshold` that no one has decided on, each with all its fields
    /// under the threshold; the report with the lowest-scored undecided field first.
    public func reviewQueue(threshold: Double) throws -> [QueuedReport] {
        try pool.read { db in try Self.queue(db, threshold: threshold).filter { !$0.keys.isEmpty } }
    }

    /// Every report with a field under `threshold`, decided or not: the work and how far it went.
    /// `countingBrokenChecks` runs each reviewed report's checks again (a list shows them; the
    /// progress after a decision need not wait for them).
    public func reviewWork(threshold: Double, countingBrokenChecks: Bool = true) throws -> [QueuedReport] {
        try pool.read { db in try Self.queue(db, threshold: threshold, countingBrokenChecks: countingBrokenChecks) }
    }

    /// The fields under the threshold, with the attributes (agency, year, template) read under it
    /// too, each marked decided when its latest decision standing gives it a value, or says it
    /// has none. An acceptance of no value (which stores before the `absent` decision could hold)
    /// decides nothing: the field comes back to the queue.
    static func queue(_ db: Database, threshold: Double, countingBrokenChecks: Bool = false) throws -> [QueuedReport] {
        let rows = try Row.fetchAll(db, sql: """
            WITH doubtful (id, sha256, key, confidence, position, notes, has_value) AS (
              SELECT record.id, record.sha256, field.key, field.confidence, field.position, field.notes, field.value IS NOT NULL
              FROM field JOIN record ON record.id = field.record_id WHERE field.confidence < ?1
              UNION ALL SELECT id, sha256, 'agency', agency_confidence, -3, '[]', agency IS NOT NULL FROM record WHERE agency_confidence < ?1
              UNION ALL SELECT id, sha256, 'year', year_confidence, -2, '[]', year IS NOT NULL FROM record WHERE year_confidence < ?1
              UNION ALL SELECT id, sha256, 'template', template_confidence, -1, '[]', template IS NOT NULL FROM record WHERE template_confidence < ?1
            )
            SELECT doubtful.*, record.agency, record.year, record.template, source_file.path AS path,
              source_file.kind AS kind, source_file.pages AS pages,
              COALESCE((SELECT NOT (review.decision = 'accepted' AND review.value IS NULL AND review.text IS NULL) FROM review
                        WHERE review.sha256 = doubtful.sha256 AND review.key = doubtful.key AND review.undone_at IS NULL
                        ORDER BY review.decided_at DESC, review.id DESC LIMIT 1), 0) AS decided
            FROM doubtful JOIN record ON record.id = doubtful.id JOIN source_file ON source_file.sha256 = doubtful.sha256
            ORDER BY doubtful.id, doubtful.confidence, doubtful.position
            """, arguments: [threshold])
        var reports: [String: QueuedReport] = [:]
        var order: [String] = []
        for row in rows {
            let sha256: String = row["sha256"]
            if reports[sha256] == nil {
                order.append(sha256)
                reports[sha256] = QueuedReport(sha256: sha256, file: ((row["path"] as String) as NSString).lastPathComponent,
                                               kind: row["kind"], pages: row["pages"], agency: row["agency"], year: row["year"], template: row["template"], doubtful: [])
            }
            reports[sha256]?.doubtful.append(DoubtfulField(
                key: row["key"], confidence: row["confidence"], notes: try FieldRow.notes(row["notes"], key: row["key"]),
                hasValue: row["has_value"], decided: row["decided"]))
        }
        for sha256 in order where countingBrokenChecks {
            reports[sha256]?.brokenChecks = try unsettledChecks(db, sha256: sha256)?.broken.count ?? 0
        }
        // Worst first; a report with nothing left to decide after those that still wait.
        return order.compactMap { reports[$0] }.enumerated().sorted { left, right in
            (left.element.worstConfidence, left.offset) < (right.element.worstConfidence, right.offset)
        }.map(\.element)
    }

    /// Every report whose checks, on its values as reviewed, do not all hold.
    public func unsettledChecks() throws -> [UnsettledChecks] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM record ORDER BY agency, year, id").compactMap { sha256 in
                try Self.unsettledChecks(db, sha256: sha256).flatMap { $0.broken.isEmpty && $0.notEvaluated.isEmpty ? nil : $0 }
            }
        }
    }

    /// A report's checks on its reviewed values: the record is read only when a decision stands
    /// on it, else its stored checks are those of its values.
    static func unsettledChecks(_ db: Database, sha256: String) throws -> UnsettledChecks? {
        let reviews = try storedReviews(db, sha256: sha256)
        var checks = try storedChecks(db, sha256: sha256, acrossYears: false)
        var agency: String?
        var year: Int?
        if reviews.isEmpty {
            guard let row = try Row.fetchOne(db, sql: "SELECT agency, year FROM record WHERE sha256 = ?", arguments: [sha256]) else { return nil }
            (agency, year) = (row["agency"], row["year"])
        } else {
            guard let record = try storedRecord(db, sha256: sha256)?.applying(reviews) else { return nil }
            checks = record.checks
            (agency, year) = (record.agency.value, record.year.value)
        }
        checks += try storedChecks(db, sha256: sha256, acrossYears: true)
        return UnsettledChecks(sha256: sha256, agency: agency, year: year,
                               broken: checks.filter { $0.evaluated && !$0.holds }.map { "\($0.rule): \($0.text)" },
                               notEvaluated: checks.filter { !$0.evaluated }.map { "\($0.rule): \($0.text)" })
    }

    /// Notes where an archived file now is.
    public func setLocation(sha256: String, location: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE source_file SET location = ? WHERE sha256 = ?", arguments: [location, sha256])
        }
    }
}
