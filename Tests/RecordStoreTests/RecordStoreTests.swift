import Foundation
import RecordStore
import Testing

@Suite struct RecordStoreTests {
    @Test func opensInWALModeWithItsSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RecordStore(path: directory.appendingPathComponent("nested/records.sqlite").path)
        #expect(try store.journalMode() == "wal")
        #expect(try store.migrationsApplied() == ["v1: source files", "v2: records, claims"])
        // Opening again is idempotent: migrations already applied are not run twice.
        let reopened = try RecordStore(path: store.path)
        #expect(try reopened.migrationsApplied() == ["v1: source files", "v2: records, claims"])
    }
}

@Suite struct ContentHashTests {
    @Test func sha256OfAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-hash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ContentHash.sha256(ofFileAt: path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try Data().write(to: URL(fileURLWithPath: path))
        #expect(try ContentHash.sha256(ofFileAt: path) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
