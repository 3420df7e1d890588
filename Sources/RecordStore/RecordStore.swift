import DocumentModel
import Foundation
import GRDB
import ReportParser

/// The embedded SQLite store the nightly batch writes records into.
///
/// A `DatabasePool` runs SQLite in WAL mode, so the review app can read while a batch writes.
/// A file is known by its content hash. Its record, fields, checks and source row are written in
/// one transaction, so a batch killed at any moment leaves either the whole record or none of it.
public struct RecordStore: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.path = path
        var configuration = Configuration()
        // Two batches on one store wait for each other's short write transactions instead of failing.
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL keeps every commit atomic and the store consistent through a
            // killed process; only a power cut may lose the last commits (their files are then
            // simply processed again). FULL would fsync twice per file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    /// The journal mode SQLite reports, "wal" for a store opened here.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public func migrationsApplied() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// Schema changes are appended as new migrations, never edited, so old stores upgrade in place.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: source files") { db in
            // A file is known by its content: a renamed copy is the same file, an edited one is not.
            try db.create(table: "source_file") { table in
                table.primaryKey("sha256", .text)
                table.column("path", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("pages", .integer)
                table.column("error", .text)
                table.column("seen_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: records, claims") { db in
            // A batch claims a file before reading it, so two batches never process it both; a
            // claim whose process is gone (killed) is taken over.
            try db.create(table: "claim") { table in
                table.primaryKey("sha256", .text)
                table.column("owner", .text).notNull()
                table.column("claimed_at", .datetime).notNull()
            }
            try db.create(table: "record") { table in
                table.primaryKey("sha256", .text).references("source_file", onDelete: .cascade)
                table.column("agency", .text)
                table.column("year", .integer)
                table.column("template", .text)
                table.column("under_review", .integer).notNull()
                table.column("json", .text).notNull()
            }
            try db.create(table: "field") { table in
                table.column("sha256", .text).notNull().references("record", onDelete: .cascade)
                table.column("key", .text).notNull()
                table.column("value", .numeric)
                table.column("raw", .text)
                table.column("confidence", .double).notNull()
                table.column("notes", .text).notNull()
                table.primaryKey(["sha256", "key"])
            }
            try db.create(table: "check_result") { table in
                table.column("sha256", .text).notNull().references("record", onDelete: .cascade)
                table.column("rule", .text).notNull()
                table.column("holds", .boolean).notNull()
                table.column("text", .text).notNull()
                table.primaryKey(["sha256", "rule"])
            }
            try db.create(index: "record_by_agency_year", on: "record", columns: ["agency", "year"])
        }
        migrator.registerMigration("v3: reviews, file locations") { db in
            // Where the file is kept once archived, for the review app to show its pages.
            try db.alter(table: "source_file") { table in table.add(column: "location", .text) }
            // Every decision is kept, never overwritten: the latest one for a field stands, and
            // the extracted value stays in `field`.
            try db.create(table: "review") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sha256", .text).notNull().references("record", onDelete: .cascade)
                table.column("key", .text).notNull()
                table.column("decision", .text).notNull()
                table.column("value", .numeric)
                table.column("reviewer", .text).notNull()
                table.column("decided_at", .datetime).notNull()
            }
            try db.create(index: "review_by_field", on: "review", columns: ["sha256", "key"])
        }
        return migrator
    }
}

/// What a batch learns when it asks to process a file.
public enum ClaimResult: Sendable, Hashable {
    /// This batch now holds the file and must save or release it.
    case claimed
    /// The store has its record (or its failure) already.
    case known
    /// Another live batch is processing it.
    case heldElsewhere
}

/// A file the batch could not read, kept with its reason.
public struct FailedFile: Sendable, Hashable {
    public var sha256: String
    public var path: String
    public var reason: String
}

extension RecordStore {
    /// Claims a file for `owner`, in one write transaction, so that of two batches one wins.
    public func claim(sha256: String, owner: ClaimOwner, staleAfter: TimeInterval = 3600) throws -> ClaimResult {
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM source_file WHERE sha256 = ?", arguments: [sha256]) == true {
                return .known
            }
            if let row = try Row.fetchOne(db, sql: "SELECT owner, claimed_at FROM claim WHERE sha256 = ?", arguments: [sha256]) {
                let holder: String = row["owner"]
                let claimedAt: Date = row["claimed_at"]
                if holder != owner.description, ClaimOwner(holder)?.isAlive ?? false,
                   Date().timeIntervalSince(claimedAt) < staleAfter {
                    return .heldElsewhere
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO claim (sha256, owner, claimed_at) VALUES (?, ?, ?)",
                           arguments: [sha256, owner.description, Date()])
            return .claimed
        }
    }

    /// Gives a claimed file back unprocessed (the batch is stopping).
    public func release(sha256: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM claim WHERE sha256 = ?", arguments: [sha256]) }
    }

    /// Saves a record with its fields, checks and source row, and drops the claim: all or nothing.
    public func save(_ record: ReportRecord, path: String, threshold: Double) throws {
        let json = record.jsonString()
        try pool.write { db in
            let sha256 = record.source.sha256
            try db.execute(sql: "INSERT OR REPLACE INTO source_file (sha256, path, kind, pages, error, seen_at) VALUES (?, ?, ?, ?, NULL, ?)",
                           arguments: [sha256, path, record.source.kind.rawValue, record.source.pages, Date()])
            try db.execute(sql: "INSERT OR REPLACE INTO record (sha256, agency, year, template, under_review, json) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [sha256, record.agency.value, record.year.value, record.template.value?.rawValue,
                                       record.fieldsUnderThreshold(threshold).count, json])
            // Two hundred rows a record: each statement is compiled once and reused.
            let insertField = try db.cachedStatement(sql: "INSERT OR REPLACE INTO field (sha256, key, value, raw, confidence, notes) VALUES (?, ?, ?, ?, ?, ?)")
            for field in record.fields {
                try insertField.execute(arguments: [sha256, field.key, field.value.map(Self.databaseValue), field.raw,
                                                    field.confidence, field.notes.joined(separator: "\n")])
            }
            let insertCheck = try db.cachedStatement(sql: "INSERT OR REPLACE INTO check_result (sha256, rule, holds, text) VALUES (?, ?, ?, ?)")
            for check in record.checks {
                try insertCheck.execute(arguments: [sha256, check.rule, check.holds, check.text])
            }
            try db.execute(sql: "DELETE FROM claim WHERE sha256 = ?", arguments: [sha256])
            if let agency = record.agency.value, let year = record.year.value {
                try checkAcrossYears(db, agency: agency, year: year)
            }
        }
    }

    /// The applicant columns of section 三, as the field keys end.
    static let applicantColumns = ["natural_person", "business", "research", "public_interest", "legal_services", "other_org", "total"]

    /// 二、上年结转 of a year must equal 四、结转下年度继续办理 of the year before, column by column.
    /// Checked whenever either year's record arrives, and kept with the later year's checks
    /// (rules `cross_year.carried_over.<column>`); the latest version of each year is compared.
    private func checkAcrossYears(_ db: Database, agency: String, year: Int) throws {
        for (earlier, later) in [(year - 1, year), (year, year + 1)] {
            guard let before = try latestRecord(db, agency: agency, year: earlier),
                  let after = try latestRecord(db, agency: agency, year: later) else { continue }
            for column in Self.applicantColumns {
                let forward = try fieldValue(db, sha256: before, key: "s3.carried_forward.\(column)")
                let over = try fieldValue(db, sha256: after, key: "s3.carried_over.\(column)")
                let holds = forward != nil && forward == over
                let text = "二、上年结转 \(later) = 四、结转下年度继续办理 \(earlier): \(over.map(format) ?? "?") = \(forward.map(format) ?? "?")"
                try db.execute(sql: "INSERT OR REPLACE INTO check_result (sha256, rule, holds, text) VALUES (?, ?, ?, ?)",
                               arguments: [after, "cross_year.carried_over.\(column)", holds, text])
            }
        }
    }

    private func latestRecord(_ db: Database, agency: String, year: Int) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT sha256 FROM record JOIN source_file USING (sha256) WHERE agency = ? AND year = ?
            ORDER BY seen_at DESC LIMIT 1
            """, arguments: [agency, year])
    }

    private func fieldValue(_ db: Database, sha256: String, key: String) throws -> Double? {
        try Double.fetchOne(db, sql: "SELECT value FROM field WHERE sha256 = ? AND key = ?", arguments: [sha256, key])
    }

    private func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// The checks kept for a record: the template's arithmetic, and the years' agreement.
    public func checks(sha256: String) throws -> [(rule: String, holds: Bool, text: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT rule, holds, text FROM check_result WHERE sha256 = ? ORDER BY rowid", arguments: [sha256])
                .map { ($0["rule"], $0["holds"], $0["text"]) }
        }
    }

    /// Records a file that could not be read, with the reason, and drops the claim.
    public func saveFailure(sha256: String, path: String, kind: String, reason: String) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO source_file (sha256, path, kind, pages, error, seen_at) VALUES (?, ?, ?, NULL, ?, ?)",
                           arguments: [sha256, path, kind, reason, Date()])
            try db.execute(sql: "DELETE FROM claim WHERE sha256 = ?", arguments: [sha256])
        }
    }

    /// The records' JSON, one per report, oldest first: reviewed values in place of the extracted
    /// ones, each with its `review` (decision, reviewer, time, extracted value), checks run again.
    public func recordJSON() throws -> [String] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT sha256, json FROM record JOIN source_file USING (sha256) ORDER BY seen_at, sha256").map { row in
                let json: String = row["json"]
                let reviews = try Self.storedReviews(db, sha256: row["sha256"])
                guard !reviews.isEmpty else { return json }
                return try ReportRecord(json: Data(json.utf8)).applying(reviews).jsonString()
            }
        }
    }

    /// How many fields each record has in the field table: a whole record has all of its template's.
    public func fieldCounts() throws -> [String: Int] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT record.sha256 AS sha256, COUNT(field.key) AS fields FROM record
                LEFT JOIN field USING (sha256) GROUP BY record.sha256
                """).map { ($0["sha256"] as String, $0["fields"] as Int) })
        }
    }

    public func failures() throws -> [FailedFile] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT sha256, path, error FROM source_file WHERE error IS NOT NULL ORDER BY seen_at").map {
                FailedFile(sha256: $0["sha256"], path: $0["path"], reason: $0["error"])
            }
        }
    }

    /// Counts for `gongkai status`.
    public func counts() throws -> StoreCounts {
        try pool.read { db in
            StoreCounts(
                files: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source_file") ?? 0,
                records: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0,
                failures: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source_file WHERE error IS NOT NULL") ?? 0,
                fieldsUnderReview: try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(under_review), 0) FROM record") ?? 0,
                fieldsReviewed: try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT sha256 || ' ' || key) FROM review") ?? 0,
                claims: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM claim") ?? 0
            )
        }
    }
}

public struct StoreCounts: Sendable, Hashable {
    public var files: Int
    public var records: Int
    public var failures: Int
    /// Fields under the review threshold when their records were saved.
    public var fieldsUnderReview: Int
    /// Fields a reviewer has decided on.
    public var fieldsReviewed: Int
    /// Files some batch is processing now, or was when it was killed.
    public var claims: Int
}

/// Who holds a claim: a process on a host. A claim of a process that no longer runs is stale.
public struct ClaimOwner: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var pid: Int32

    public init(host: String, pid: Int32) {
        self.host = host
        self.pid = pid
    }

    public static var current: ClaimOwner {
        ClaimOwner(host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier)
    }

    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let pid = Int32(text[text.index(after: colon)...]) else { return nil }
        self.init(host: String(text[..<colon]), pid: pid)
    }

    public var description: String { "\(host):\(pid)" }

    /// On this host, whether the process still runs; another host's claim is trusted until stale.
    var isAlive: Bool {
        guard host == ProcessInfo.processInfo.hostName else { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

/// One report as the CSV export shows it.
public struct ExportRow: Sendable, Hashable {
    public var agency: String?
    public var year: Int?
    public var template: String?
    public var file: String
    public var sha256: String
    public var fieldsToReview: Int
    /// Values by field key, as text: counts without a decimal point, money with one (`0.0`).
    public var values: [String: String]
}

extension RecordStore {
    /// One row per report, reviewed values in place of extracted ones; `fieldsToReview` counts the
    /// fields under `threshold` no one has decided on.
    public func exportRows(threshold: Double) throws -> [ExportRow] {
        try pool.read { db in
            let reports = try Row.fetchAll(db, sql: """
                SELECT sha256, agency, year, template, path FROM record JOIN source_file USING (sha256)
                ORDER BY agency, year, seen_at
                """)
            return try reports.map { report in
                let sha256: String = report["sha256"]
                var values: [String: String] = [:]
                for field in try Row.fetchAll(db, sql: "SELECT key, value FROM field WHERE sha256 = ?", arguments: [sha256]) {
                    values[field["key"]] = Self.fieldNumber(field["value"], key: field["key"])?.description
                }
                for review in try Self.storedReviews(db, sha256: sha256) { values[review.key] = review.value?.description }
                let toReview = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM field WHERE sha256 = ? AND confidence < ?
                      AND NOT EXISTS (SELECT 1 FROM review WHERE review.sha256 = field.sha256 AND review.key = field.key)
                    """, arguments: [sha256, threshold]) ?? 0
                return ExportRow(agency: report["agency"], year: report["year"], template: report["template"],
                                 file: (report["path"] as String as NSString).lastPathComponent, sha256: sha256,
                                 fieldsToReview: toReview, values: values)
            }
        }
    }
}
