import Foundation
import RecordStore
import Testing

@Suite struct RecordStoreTests {
    @Test func opensInWALModeWithItsSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RecordStore(path: directory.appendingPathComponent("nested/records.sqlite").path)
        #expect(try store.journalMode() == "wal")
        #expect(try store.migrationsApplied() == ["v1: source files"])
        // Opening again is idempotent: migrations already applied are not run twice.
        let reopened = try RecordStore(path: store.path)
        #expect(try reopened.migrationsApplied() == ["v1: source files"])
    }
}
