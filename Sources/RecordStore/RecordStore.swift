import DocumentModel
import Foundation
import GRDB
import GRDBSQLite
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
        // Processes opening the store at the same instant take turns to create and migrate it:
        // each would otherwise see the migrations not applied and run them too (`table claim
        // already exists`). SQLite's own locks cover one transaction, not a migrator's look first.
        let lock = try StoreOpeningLock(path: path + ".lock")
        defer { lock.release() }
        pool = try DatabasePool(path: path, configuration: configuration)
        let applied = try pool.read { db in try Self.migrator.appliedIdentifiers(db) }
        try Self.migrator.migrate(pool)
        // A store upgraded to v5 has given up the records' JSON, about 40 KB a record: the file
        // is compacted once (outside the migration, as VACUUM cannot run in a transaction).
        if !applied.isEmpty, !applied.contains(Self.rowsOnly) { try pool.vacuum() }
    }

    /// The journal mode SQLite reports, "wal" for a store opened here.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    public func migrationsApplied() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    static let rowsOnly = "v5: records as rows only"

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
        migrator.registerMigration("v4: records numbered, fields keyed by record") { db in
            // Fields and checks were keyed by the record's hash, a random 64-character text: every
            // row carried it, and every record's rows went to a random place in two B-trees. Keyed
            // by a record number that only grows, a record's rows are appended to one B-tree, and
            // saving a record costs about half. Hashes stay the records' public names.
            try db.create(table: "new_record") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("sha256", .text).notNull().unique().references("source_file", onDelete: .cascade)
                table.column("agency", .text)
                table.column("year", .integer)
                table.column("template", .text)
                table.column("under_review", .integer).notNull()
                table.column("json", .text).notNull()
            }
            try db.execute(sql: """
                INSERT INTO new_record (id, sha256, agency, year, template, under_review, json)
                SELECT rowid, sha256, agency, year, template, under_review, json FROM record ORDER BY rowid
                """)
            // `position` keeps the template's order, which the review queue shows ties in.
            try db.create(table: "new_field", options: .withoutRowID) { table in
                table.column("record_id", .integer).notNull().references("new_record", onDelete: .cascade)
                table.column("key", .text).notNull()
                table.column("position", .integer).notNull()
                table.column("value", .numeric)
                table.column("raw", .text)
                table.column("confidence", .double).notNull()
                table.column("notes", .text).notNull()
                table.primaryKey(["record_id", "key"])
            }
            try db.execute(sql: """
                INSERT INTO new_field (record_id, key, position, value, raw, confidence, notes)
                SELECT new_record.id, field.key, field.rowid, field.value, field.raw, field.confidence, field.notes
                FROM field JOIN new_record USING (sha256)
                """)
            // Checks are copied in rowid order: it is the order the template gives them in.
            try db.create(table: "new_check_result") { table in
                table.column("record_id", .integer).notNull().references("new_record", onDelete: .cascade)
                table.column("rule", .text).notNull()
                table.column("holds", .boolean).notNull()
                table.column("text", .text).notNull()
                table.uniqueKey(["record_id", "rule"])
            }
            try db.execute(sql: """
                INSERT INTO new_check_result (record_id, rule, holds, text)
                SELECT new_record.id, rule, holds, text FROM check_result JOIN new_record USING (sha256)
                ORDER BY check_result.rowid
                """)
            for table in ["check_result", "field", "record"] {
                try db.drop(table: table)
                try db.rename(table: "new_\(table)", to: table)
            }
            try db.create(index: "record_by_agency_year", on: "record", columns: ["agency", "year"])
        }
        migrator.registerMigration(rowsOnly, migrate: moveJSONIntoColumns)
        migrator.registerMigration("v6: legacy conversions") { db in
            // The format LibreOffice converted a file from (.doc, .wps, .et), for the record to say.
            try db.alter(table: "source_file") { table in table.add(column: "converted_from", .text) }
        }
        migrator.registerMigration("v7: checks not evaluated") { db in
            // gongkai.record/2: a check that could not run holds neither true nor false but null.
            // Records before it kept such a check as false, its text saying "not evaluated".
            try db.create(table: "new_check_result") { table in
                table.column("record_id", .integer).notNull().references("record", onDelete: .cascade)
                table.column("rule", .text).notNull()
                table.column("holds", .boolean)
                table.column("text", .text).notNull()
                table.uniqueKey(["record_id", "rule"])
            }
            try db.execute(sql: """
                INSERT INTO new_check_result (record_id, rule, holds, text)
                SELECT record_id, rule, CASE WHEN text LIKE '%: not evaluated, %' THEN NULL ELSE holds END, text
                FROM check_result ORDER BY rowid
                """)
            try db.drop(table: "check_result")
            try db.rename(table: "new_check_result", to: "check_result")
            try db.execute(sql: "UPDATE record SET schema = 'gongkai.record/2' WHERE schema = 'gongkai.record/1'")
        }
        migrator.registerMigration("v8: OCR") { db in
            // What of the file was read by OCR (`source.ocr_pages`): "1,3" for pages, "images".
            try db.alter(table: "source_file") { table in table.add(column: "ocr_pages", .text) }
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
            if try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM source_file WHERE sha256 = ?"), arguments: [sha256]) == true {
                return .known
            }
            if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT owner, claimed_at FROM claim WHERE sha256 = ?"), arguments: [sha256]) {
                let holder: String = row["owner"]
                let claimedAt: Date = row["claimed_at"]
                if holder != owner.description, ClaimOwner(holder)?.isAlive ?? false,
                   Date().timeIntervalSince(claimedAt) < staleAfter {
                    return .heldElsewhere
                }
            }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO claim (sha256, owner, claimed_at) VALUES (?, ?, ?)")
                .execute(arguments: [sha256, owner.description, Date()])
            return .claimed
        }
    }

    /// Gives a claimed file back unprocessed (the batch is stopping).
    public func release(sha256: String) throws {
        try pool.write { db in try db.execute(sql: "DELETE FROM claim WHERE sha256 = ?", arguments: [sha256]) }
    }

    /// Saves a record with its fields, checks and source row, and drops the claim: all or nothing.
    public func save(_ record: ReportRecord, path: String, threshold: Double) throws {
        try pool.write { db in
            let sha256 = record.source.sha256
            // Saved again, a record keeps its number and its reviews: rows are updated in place,
            // since a replaced row would take its dependants with it (ON DELETE CASCADE).
            try db.cachedStatement(sql: """
                INSERT INTO source_file (sha256, path, kind, pages, converted_from, ocr_pages, error, seen_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)
                ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, kind = excluded.kind, pages = excluded.pages,
                  converted_from = excluded.converted_from, ocr_pages = excluded.ocr_pages, error = NULL, seen_at = excluded.seen_at
                """).execute(arguments: [sha256, path, record.source.kind.rawValue, record.source.pages, record.source.convertedFrom,
                                              storedText(record.source.recognized), Date()])
            let id = try Int64.fetchOne(db.cachedStatement(sql: Self.insertRecordSQL),
                                        arguments: StatementArguments(Self.recordValues(record, threshold: threshold)))
            guard let id else { throw DatabaseError(message: "no record number for \(sha256)") }
            // A version saved before may have had other fields and checks: none of its rows stay.
            try db.cachedStatement(sql: "DELETE FROM field WHERE record_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM check_result WHERE record_id = ?").execute(arguments: [id])
            try Self.insertRows(db, into: "field", columns: Self.fieldColumns,
                                rows: record.fields.enumerated().map { Self.fieldValues($1, record: id, position: $0) })
            try Self.insertRows(db, into: "check_result", columns: ["record_id", "rule", "holds", "text"],
                                rows: record.checks.map { [id.databaseValue, $0.rule.databaseValue, ($0.evaluated ? $0.holds : nil).databaseValue,
                                                           $0.text.databaseValue] })
            try db.cachedStatement(sql: "DELETE FROM claim WHERE sha256 = ?").execute(arguments: [sha256])
            if let agency = record.agency.value, let year = record.year.value {
                try checkAcrossYears(db, agency: agency, year: year)
            }
        }
    }

    /// Inserts rows fifty to a statement: a record has two hundred fields, and each statement
    /// executed costs more than the values it binds. The values are bound with SQLite's own calls
    /// on GRDB's prepared statement: at three thousand values a record, GRDB's conversion of its
    /// arguments cost more than SQLite's inserting them. (GRDB's hooks around a statement are
    /// skipped with it: nothing observes the store's changes.)
    static func insertRows(_ db: Database, into table: String, columns: [String],
                                   rows: [[DatabaseValue]]) throws {
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for start in stride(from: 0, to: rows.count, by: 50) {
            let chunk = rows[start..<min(start + 50, rows.count)]
            let statement = try db.cachedStatement(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: chunk.count).joined(separator: ", "))
            let handle = statement.sqliteStatement
            sqlite3_reset(handle)
            var index: Int32 = 1
            for value in chunk.joined() {
                let bound = switch value.storage {
                case .null: sqlite3_bind_null(handle, index)
                case .int64(let number): sqlite3_bind_int64(handle, index, number)
                case .double(let number): sqlite3_bind_double(handle, index, number)
                // With its length, so SQLite need not look for the end.
                case .string(let text): sqlite3_bind_text(handle, index, text, Int32(text.utf8.count), transient)
                case .blob(let data): data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
                }
                guard bound == SQLITE_OK else { throw Self.error(bound, db) }
                index += 1
            }
            // Every row has a value for each column, or the statement would keep stale ones.
            guard index - 1 == sqlite3_bind_parameter_count(handle) else {
                throw DatabaseError(message: "\(table): \(index - 1) values for \(sqlite3_bind_parameter_count(handle)) parameters")
            }
            let code = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else { throw Self.error(code, db) }
        }
    }

    private static func error(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
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
            let forward = try applicantValues(db, record: before, row: "carried_forward")
            let over = try applicantValues(db, record: after, row: "carried_over")
            let insertCheck = try db.cachedStatement(sql: "INSERT OR REPLACE INTO check_result (record_id, rule, holds, text) VALUES (?, ?, ?, ?)")
            for column in Self.applicantColumns {
                let words = "二、上年结转 \(later) = 四、结转下年度继续办理 \(earlier)"
                // Without both values the check cannot run: null, as the record's own checks.
                let holds: Bool?
                let text: String
                if let carried = over[column], let forwarded = forward[column] {
                    holds = carried == forwarded
                    text = "\(words): \(format(carried)) = \(format(forwarded))"
                } else {
                    let missing = [(later, "carried_over", over[column]), (earlier, "carried_forward", forward[column])]
                        .filter { $0.2 == nil }.map { "\($0.0) s3.\($0.1).\(column)" }
                    holds = nil
                    text = "\(words): not evaluated, no value for " + missing.joined(separator: ", ")
                }
                try insertCheck.execute(arguments: [after, "cross_year.carried_over.\(column)", holds, text])
            }
        }
    }

    /// The number of the latest record of an agency's year: records are numbered as they are first
    /// saved, so the index on (agency, year) finds it without reading the year's other versions.
    private func latestRecord(_ db: Database, agency: String, year: Int) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM record WHERE agency = ? AND year = ?"),
                           arguments: [agency, year])
    }

    /// A row of section 三's values by applicant column, e.g. `carried_forward` → ["total": 3, …].
    private func applicantValues(_ db: Database, record: Int64, row: String) throws -> [String: Double] {
        let prefix = "s3.\(row)."
        var values: [String: Double] = [:]
        for field in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT key, value FROM field WHERE record_id = ? AND key > ? AND key < ? AND value IS NOT NULL
            """), arguments: [record, prefix, prefix + "~"]) {
            let key: String = field["key"]
            values[String(key.dropFirst(prefix.count))] = field["value"]
        }
        return values
    }

    private func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// The checks kept for a record: the template's arithmetic, and the years' agreement; `holds`
    /// is nil for a check that could not be evaluated.
    public func checks(sha256: String) throws -> [(rule: String, holds: Bool?, text: String)] {
        try pool.read { db in
            try Self.storedChecks(db, sha256: sha256, acrossYears: false) + Self.storedChecks(db, sha256: sha256, acrossYears: true)
        }
    }

    /// A record's checks in the order they were kept: the template's, which are part of the record
    /// (`acrossYears: false`), or the store's agreement with the years before and after (`true`).
    static func storedChecks(_ db: Database, sha256: String, acrossYears: Bool) throws -> [(rule: String, holds: Bool?, text: String)] {
        try Row.fetchAll(db, sql: """
            SELECT rule, holds, text FROM check_result JOIN record ON record.id = check_result.record_id
            WHERE sha256 = ? AND (rule LIKE 'cross_year.%') = ? ORDER BY check_result.rowid
            """, arguments: [sha256, acrossYears]).map { ($0["rule"], $0["holds"], $0["text"]) }
    }

    /// Records a file that could not be read, with the reason, and drops the claim.
    public func saveFailure(sha256: String, path: String, kind: String, reason: String) throws {
        try pool.write { db in
            // Updated in place, never replaced: a replaced row would take a record with it.
            try db.execute(sql: """
                INSERT INTO source_file (sha256, path, kind, pages, error, seen_at) VALUES (?, ?, ?, NULL, ?, ?)
                ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, error = excluded.error, seen_at = excluded.seen_at
                """, arguments: [sha256, path, kind, reason, Date()])
            try db.execute(sql: "DELETE FROM claim WHERE sha256 = ?", arguments: [sha256])
        }
    }

    /// The records' JSON, one per report, oldest first: reviewed values in place of the extracted
    /// ones, each with its `review` (decision, reviewer, time, extracted value), checks run again.
    public func recordJSON() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT sha256 FROM record JOIN source_file USING (sha256) ORDER BY seen_at, sha256")
                .compactMap { sha256 in
                    let reviews = try Self.storedReviews(db, sha256: sha256)
                    let record = try Self.storedRecord(db, sha256: sha256)
                    return (reviews.isEmpty ? record : record?.applying(reviews))?.jsonString()
                }
        }
    }

    /// How many fields each record has in the field table: a whole record has all of its template's.
    public func fieldCounts() throws -> [String: Int] {
        try pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
                SELECT record.sha256 AS sha256, COUNT(field.key) AS fields FROM record
                LEFT JOIN field ON field.record_id = record.id GROUP BY record.id
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
                SELECT id, sha256, agency, year, template, path FROM record JOIN source_file USING (sha256)
                ORDER BY agency, year, seen_at
                """)
            // What the review queue holds of each report is what it still has to review.
            let toReview = Dictionary(uniqueKeysWithValues: try Self.queue(db, threshold: threshold).map { ($0.sha256, $0.keys.count) })
            return try reports.map { report in
                let sha256: String = report["sha256"]
                let id: Int64 = report["id"]
                var values: [String: String] = [:]
                for field in try Row.fetchAll(db, sql: "SELECT key, value FROM field WHERE record_id = ?", arguments: [id]) {
                    values[field["key"]] = Self.fieldNumber(field["value"], key: field["key"])?.description
                }
                for review in try Self.storedReviews(db, sha256: sha256) { values[review.key] = review.value?.description }
                return ExportRow(agency: report["agency"], year: report["year"], template: report["template"],
                                 file: (report["path"] as String as NSString).lastPathComponent, sha256: sha256,
                                 fieldsToReview: toReview[sha256] ?? 0, values: values)
            }
        }
    }
}

/// An exclusive lock on a file beside the store, held while the store is opened and migrated.
struct StoreOpeningLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
