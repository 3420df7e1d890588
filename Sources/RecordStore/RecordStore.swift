import DocumentModel
import Foundation
import GRDB
import GRDBSQLite
import RecordModel

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
        migrator.registerMigration("v8: the fields a check involves") { db in
            // Space-separated field keys; NULL in the rows before, read back from the checks run again.
            try db.execute(sql: "ALTER TABLE check_result ADD COLUMN keys TEXT")
        }
        migrator.registerMigration("v9: reviews undone, attributes reviewed") { db in
            // An undone decision stays in the history, marked with when it was undone; the one
            // before it stands again. Agency and template are reviewed too, and their values are
            // text. Raw SQL, as every migration from here on: it must run the same next year.
            try db.execute(sql: "ALTER TABLE review ADD COLUMN undone_at DATETIME")
            try db.execute(sql: "ALTER TABLE review ADD COLUMN text TEXT")
        }
        migrator.registerMigration("v10: agency identity") { db in
            // The division and body the agency's name resolves to: one agency across the years
            // whatever its titles print. Records stored before stay unresolved until saved again.
            try db.execute(sql: """
                ALTER TABLE record ADD COLUMN agency_division TEXT;
                ALTER TABLE record ADD COLUMN agency_body TEXT;
                ALTER TABLE record ADD COLUMN agency_name TEXT;
                ALTER TABLE record ADD COLUMN agency_division_confidence DOUBLE NOT NULL DEFAULT 0;
                ALTER TABLE record ADD COLUMN agency_notes TEXT NOT NULL DEFAULT '[]';
                CREATE INDEX record_by_identity_year ON record (agency_division, agency_body, year);
                """)
        }
        migrator.registerMigration("v11: OCR") { db in
            // What of the file was read by OCR (`source.ocr_pages`): "1,3" for pages, "images".
            try db.execute(sql: "ALTER TABLE source_file ADD COLUMN ocr_pages TEXT")
        }
        return migrator
    }
}

/// Which records are one agency's across the years: its division and body when the name resolved
/// (`洪泽区人民政府` and `淮安市洪泽区人民政府` alike), else the name as printed.
public enum AgencyKey: Hashable, Sendable {
    case identity(division: String, body: String)
    case printed(String)

    public init?(_ record: ReportRecord) {
        let resolved = record.identity.agency
        self.init(division: resolved?.division, body: resolved?.body, name: resolved?.name, printed: record.agency.value)
    }

    /// From the store's columns: resolved when the division, body and name all are (as a record reads them back).
    init?(division: String?, body: String?, name: String?, printed: String?) {
        if let division, let body, name != nil {
            self = .identity(division: division, body: body)
        } else if let printed {
            self = .printed(printed)
        } else {
            return nil
        }
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
            let id = try Int64.fetchOne(db.cachedStatement(sql: RecordRow.upsertSQL), arguments: RecordRow.values(record, threshold: threshold))
            guard let id else { throw DatabaseError(message: "no record number for \(sha256)") }
            // A version saved before may have had other fields and checks: none of its rows stay.
            try db.cachedStatement(sql: "DELETE FROM field WHERE record_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM check_result WHERE record_id = ?").execute(arguments: [id])
            try Self.insertRows(db, into: "field", columns: FieldRow.columns,
                                rows: record.fields.enumerated().map { FieldRow.values($1, record: id, position: $0) })
            try Self.insertRows(db, into: "check_result", columns: CheckRow.columns, rows: record.checks.map { CheckRow.values($0, record: id) })
            try db.cachedStatement(sql: "DELETE FROM claim WHERE sha256 = ?").execute(arguments: [sha256])
            try Self.inheritReportDecisions(db, record: record)
            if let agency = AgencyKey(record), let year = record.year.value {
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

    /// The check across years (`Checks.acrossYears`) between each year's record and the year
    /// before and after, whenever either arrives, kept with the later year's checks; the latest
    /// version of each year is compared.
    private func checkAcrossYears(_ db: Database, agency: AgencyKey, year: Int) throws {
        for (earlier, later) in [(year - 1, year), (year, year + 1)] {
            guard let before = try latestRecord(db, agency: agency, year: earlier),
                  let after = try latestRecord(db, agency: agency, year: later) else { continue }
            let checks = Checks.acrossYears(earlier: earlier, forwarded: try values(db, record: before, keys: Checks.carriedForwardKeys),
                                            later: later, carried: try values(db, record: after, keys: Checks.carriedOverKeys))
            try db.execute(sql: "DELETE FROM check_result WHERE record_id = ? AND rule LIKE 'cross_year.%'", arguments: [after])
            try Self.insertRows(db, into: "check_result", columns: CheckRow.columns, rows: checks.map { CheckRow.values($0, record: after) })
        }
    }

    /// The number of the latest record of an agency's year: records are numbered as they are first
    /// saved, so the index on (division, body, year) or (agency, year) finds it without reading the
    /// year's other versions.
    private func latestRecord(_ db: Database, agency: AgencyKey, year: Int) throws -> Int64? {
        switch agency {
        case .identity(let division, let body):
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM record WHERE agency_division = ? AND agency_body = ? AND year = ?"),
                               arguments: [division, body, year])
        case .printed(let name):
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM record WHERE agency = ? AND year = ?"),
                               arguments: [name, year])
        }
    }

    /// The values a record has for `keys`, by key; a field without a value is left out.
    private func values(_ db: Database, record: Int64, keys: [String]) throws -> [String: FieldNumber] {
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        var values: [String: FieldNumber] = [:]
        for field in try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM field WHERE record_id = ? AND key IN (\(placeholders))"),
                                      arguments: StatementArguments([record.databaseValue] + keys.map(\.databaseValue))) {
            let key: String = field[0]
            if let value = FieldRow.number(field[1], key: key) { values[key] = value }
        }
        return values
    }

    /// The checks kept for a record: the template's arithmetic, and the years' agreement; `holds`
    /// is nil for a check that could not be evaluated.
    public func checks(sha256: String) throws -> [(rule: String, holds: Bool?, text: String)] {
        try pool.read { db in
            try (Self.storedChecks(db, sha256: sha256, acrossYears: false) + Self.storedChecks(db, sha256: sha256, acrossYears: true))
                .map { ($0.rule, $0.evaluated ? $0.holds : nil, $0.text) }
        }
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
    /// The agency's division, body and name with the division's current name, when it resolved.
    public var division: String?
    public var body: String?
    public var agencyName: String?
    public var year: Int?
    public var template: String?
    public var file: String
    public var sha256: String
    public var fieldsToReview: Int
    /// The template's checks broken on the reviewed values, with the years' agreement.
    public var brokenChecks: Int
    /// Values by field key, as text: counts without a decimal point, money with one (`0.0`).
    public var values: [String: String]
}

extension RecordStore {
    /// One row per report, reviewed values (agency and year included) in place of extracted
    /// ones; `fieldsToReview` counts the fields under `threshold` no one has decided on.
    public func exportRows(threshold: Double) throws -> [ExportRow] {
        try pool.read { db in
            let reports = try Row.fetchAll(db, sql: """
                SELECT sha256, agency_division, agency_body, agency_name, path FROM record JOIN source_file USING (sha256)
                ORDER BY agency, year, seen_at
                """)
            // What the review queue holds of each report is what it still has to review.
            let toReview = Dictionary(uniqueKeysWithValues: try Self.queue(db, threshold: threshold).map { ($0.sha256, $0.keys.count) })
            return try reports.compactMap { report in
                let sha256: String = report["sha256"]
                guard let extracted = try Self.storedRecord(db, sha256: sha256) else { return nil }
                let reviews = try Self.storedReviews(db, sha256: sha256)
                let record = reviews.isEmpty ? extracted : extracted.applying(reviews)
                let acrossYears = try Self.storedChecks(db, sha256: sha256, acrossYears: true)
                return ExportRow(agency: record.agency.value, division: report["agency_division"], body: report["agency_body"],
                                 agencyName: report["agency_name"], year: record.year.value, template: record.template.value?.rawValue,
                                 file: (report["path"] as String as NSString).lastPathComponent, sha256: sha256,
                                 fieldsToReview: toReview[sha256] ?? 0,
                                 brokenChecks: record.checks.filter { $0.evaluated && !$0.holds }.count
                                     + acrossYears.filter { $0.evaluated && !$0.holds }.count,
                                 values: Dictionary(record.fields.map { ($0.key, $0.value?.description) }) { first, _ in first }
                                     .compactMapValues { $0 })
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
