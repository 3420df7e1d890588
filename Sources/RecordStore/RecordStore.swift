import Foundation
import GRDB

/// The embedded SQLite store the nightly batch writes records into.
///
/// A `DatabasePool` runs SQLite in WAL mode, so the review app can read while a batch writes.
public struct RecordStore: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.path = path
        pool = try DatabasePool(path: path)
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
        return migrator
    }
}
