import Foundation
import RecordStore
import ReportParser
import Testing

@Suite struct RecordStoreTests {
    @Test func opensInWALModeWithItsSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RecordStore(path: directory.appendingPathComponent("nested/records.sqlite").path)
        #expect(try store.journalMode() == "wal")
        #expect(try store.migrationsApplied() == ["v1: source files", "v2: records, claims", "v3: reviews, file locations"])
        // Opening again is idempotent: migrations already applied are not run twice.
        let reopened = try RecordStore(path: store.path)
        #expect(try reopened.migrationsApplied() == ["v1: source files", "v2: records, claims", "v3: reviews, file locations"])
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

/// 二、上年结转 of one year against 四、结转下年度继续办理 of the year before, in the store.
@Suite struct CrossYearTests {
    func record(year: Int, hash: String, carriedOver: Int, carriedForward: Int) -> ReportRecord {
        let fields = FieldCatalog.fields(of: .v2021).map { definition -> FieldValue in
            let value = definition.key == "s3.carried_over.total" || definition.key == "s3.carried_over.natural_person" ? carriedOver
                : definition.key == "s3.carried_forward.total" || definition.key == "s3.carried_forward.natural_person" ? carriedForward : 0
            return FieldValue(key: definition.key, value: .integer(value), raw: String(value), confidence: 0.99, source: nil, notes: [])
        }
        return ReportRecord(source: SourceInfo(file: "\(year).docx", sha256: hash, kind: .docx),
                            agency: RecordAttribute(value: "苏州市公安局", confidence: 0.97),
                            year: RecordAttribute(value: year, confidence: 0.99),
                            template: RecordAttribute(value: .v2021, confidence: 0.99), fields: fields, checks: [])
    }

    @Test func carriedOverMatchesLastYearsCarriedForward() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-years-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RecordStore(path: directory.appendingPathComponent("records.sqlite").path)
        // The later year arrives first; the check is made when the earlier one comes.
        try store.save(record(year: 2024, hash: "b", carriedOver: 5, carriedForward: 2), path: "2024.docx", threshold: 0.9)
        #expect(try store.checks(sha256: "b").isEmpty)
        try store.save(record(year: 2023, hash: "a", carriedOver: 0, carriedForward: 5), path: "2023.docx", threshold: 0.9)
        let checks = try store.checks(sha256: "b").filter { $0.rule.hasPrefix("cross_year") }
        #expect(checks.count == 7 && checks.allSatisfy(\.holds))
        #expect(checks.last?.text == "二、上年结转 2024 = 四、结转下年度继续办理 2023: 5 = 5")
        // A 2025 report that disagrees is kept, with the broken check.
        try store.save(record(year: 2025, hash: "c", carriedOver: 3, carriedForward: 0), path: "2025.docx", threshold: 0.9)
        let broken = try store.checks(sha256: "c").filter { !$0.holds }.map(\.rule)
        #expect(broken == ["cross_year.carried_over.natural_person", "cross_year.carried_over.total"])
    }
}
