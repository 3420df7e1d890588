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

/// A report's fields waiting for review, worst first.
public struct QueuedReport: Sendable {
    public var sha256: String
    public var file: String
    /// Field keys under the threshold with no decision yet, lowest confidence first.
    public var keys: [String]
    public var worstConfidence: Double
}

extension RecordStore {
    /// Keeps a reviewer's decision beside the extracted value (which is never changed).
    public func saveReview(sha256: String, _ review: FieldReview) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO review (sha256, key, decision, value, reviewer, decided_at) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [sha256, review.key, review.decision.rawValue, FieldRow.number(review.value),
                                 review.reviewer, review.decidedAt])
        }
    }

    public func reviews(sha256: String) throws -> [FieldReview] {
        try pool.read { db in try Self.storedReviews(db, sha256: sha256) }
    }

    static func storedReviews(_ db: Database, sha256: String) throws -> [FieldReview] {
        try Row.fetchAll(db, sql: "SELECT key, decision, value, reviewer, decided_at FROM review WHERE sha256 = ? ORDER BY decided_at, id",
                         arguments: [sha256]).compactMap { row in
            let key: String = row["key"]
            guard let decision = FieldReview.Decision(rawValue: row["decision"]) else { return nil }
            return FieldReview(key: key, decision: decision, value: FieldRow.number(row["value"], key: key),
                               reviewer: row["reviewer"], decidedAt: row["decided_at"])
        }
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

    /// Fields under `threshold` that no one has decided on, grouped by report; the report with the
    /// lowest-scored field first, and in a report the lowest first (ties in the template's order).
    public func reviewQueue(threshold: Double) throws -> [QueuedReport] {
        try pool.read { db in try Self.queue(db, threshold: threshold) }
    }

    static func queue(_ db: Database, threshold: Double) throws -> [QueuedReport] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT sha256, field.key AS key, field.confidence AS confidence, source_file.path AS path
            FROM field JOIN record ON record.id = field.record_id JOIN source_file USING (sha256)
            WHERE field.confidence < ?
              AND NOT EXISTS (SELECT 1 FROM review WHERE review.sha256 = record.sha256 AND review.key = field.key)
            ORDER BY field.confidence, record.id, field.position
            """, arguments: [threshold])
        var reports: [String: QueuedReport] = [:]
        var order: [String] = []
        for row in rows {
            let sha256: String = row["sha256"]
            if reports[sha256] == nil {
                order.append(sha256)
                reports[sha256] = QueuedReport(sha256: sha256, file: ((row["path"] as String) as NSString).lastPathComponent,
                                               keys: [], worstConfidence: row["confidence"])
            }
            reports[sha256]?.keys.append(row["key"])
        }
        return order.compactMap { reports[$0] }
    }

    /// Notes where an archived file now is.
    public func setLocation(sha256: String, location: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE source_file SET location = ? WHERE sha256 = ?", arguments: [location, sha256])
        }
    }
}
