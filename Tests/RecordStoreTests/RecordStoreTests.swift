import DocumentModel
import Foundation
import RecordStore
import RecordModel
import ReportParser
import Testing

@Suite struct RecordStoreTests {
    @Test func opensInWALModeWithItsSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RecordStore(path: directory.appendingPathComponent("nested/records.sqlite").path)
        #expect(try store.journalMode() == "wal")
        #expect(try store.migrationsApplied() == Self.migrations)
        // Opening again is idempotent: migrations already applied are not run twice.
        let reopened = try RecordStore(path: store.path)
        #expect(try reopened.migrationsApplied() == Self.migrations)
    }

    /// Text read from a file is kept as it was: control characters, line breaks inside a note,
    /// quotes. (No NUL: neither poppler's text, a C string, nor XML can carry one.)
    @Test func aRecordComesBackAsItWasSaved() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RecordStore(path: directory.appendingPathComponent("records.sqlite").path)
        let fields = [
            FieldValue(key: "s3.new.total", value: .integer(12), raw: "1\u{1}\t2", confidence: 0.5,
                       source: .pdf(page: 2, box: BoundingBox(x0: 10.25, y0: 20, x1: 30, y1: 40.5)),
                       notes: ["read from `1\n2`", "a \"quoted\" note"]),
            FieldValue(key: "s2.fees.amount_10k_yuan", value: .decimal(13885.63), raw: "13885.63万元", confidence: 0.99,
                       source: .docx(table: 1, row: 2, column: 3), notes: []),
            FieldValue(key: "s3.new.business", value: nil, raw: nil, confidence: 0, source: nil, notes: ["not found"]),
        ]
        let record = ReportRecord(source: SourceInfo(file: "报告.pdf", sha256: "c0ffee", kind: .pdf, pages: 3, convertedFrom: "WPS (.wps)",
                                                     recognized: .pages([2, 3])),
                                  agency: RecordAttribute(value: "某市公安局", confidence: 0.97, raw: "某市公安局\n政府信息", page: 1),
                                  year: RecordAttribute(value: 2023, confidence: 0.99, raw: "2023年度", page: 1),
                                  template: RecordAttribute(value: .v2021, confidence: 0.9), fields: fields,
                                  checks: [CheckResult(rule: "s3.row_total.new", holds: false, text: "12 ≠ 0", keys: ["s3.new.total", "s3.new.business"]),
                                           CheckResult(rule: "s4.review", holds: false, text: "s4.review: not evaluated, no value for s4.review.total",
                                                       keys: ["s4.review.total"], evaluated: false)])
        try store.save(record, path: "inbox/报告.pdf", threshold: 0.9)
        #expect(try store.report(sha256: "c0ffee")?.extracted == record)
        #expect(try store.recordJSON() == [record.jsonString()])
        #expect(record.jsonString().contains(#""pages":3,"converted_from":"WPS (.wps)","ocr_pages":[2,3]}"#))
        #expect(try ReportRecord(json: Data(record.jsonString().utf8)).source == record.source)
        // gongkai.record/2: a check that could not run holds null, and comes back not evaluated.
        #expect(record.jsonString().contains(#"{"rule":"s4.review","holds":null,"#))
        // The JSON does not write a check's keys: they come back as the template's sum has them.
        let readBack = try ReportRecord(json: Data(record.jsonString().utf8)).checks
        #expect(readBack.map(\.evaluated) == [true, false] && readBack.map(\.holds) == [false, false])
        #expect(readBack.first?.keys == Applicant.allCases.filter { $0 != .total }.map { RequestRow.new.key($0) } + ["s3.new.total"])
        #expect(try store.checks(sha256: "c0ffee").map(\.holds) == [false, nil])
    }

    static let migrations = ["v1: source files", "v2: records, claims", "v3: reviews, file locations",
                             "v4: records numbered, fields keyed by record", "v5: records as rows only",
                             "v6: legacy conversions", "v7: checks not evaluated", "v8: the fields a check involves",
                             "v9: reviews undone, attributes reviewed", "v10: agency identity", "v11: OCR"]

    /// A store written by an earlier Gongkai (schema v2: the Suqian 2020 DOCX and the unruled
    /// Zhoukou PDF) is upgraded in place with every record, field and check as it was: the records'
    /// JSON, written now from rows, is the JSON that store kept (`store-v2.jsonl`), byte for byte.
    @Test func anOlderStoreIsUpgradedInPlace() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-upgrade-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("records.sqlite").path
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/store-v2.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let store = try RecordStore(path: path)
        #expect(try store.migrationsApplied() == Self.migrations)
        let kept = try String(contentsOf: fixture.deletingPathExtension().appendingPathExtension("jsonl"), encoding: .utf8)
        #expect(try store.recordJSON() == kept.split(separator: "\n").map(String.init))
        let suqian = "cd7d14c28a87d11844a27c5ca3cfd19dfd60da0f6451cb6f7ce9fd50c8076947"
        let zhoukou = "853bf0a4b1a36ea8e7d3d2555338e59f1f71032b05d414e86ccfb022826c7977"
        #expect(try store.fieldCounts() == [suqian: 198, zhoukou: 200])
        #expect(try store.counts().fieldsUnderReview == 200)

        // Exported by agency: 周口市 before 宿迁市.
        let rows = try store.exportRows(threshold: 0.9)
        #expect(rows.map(\.file) == ["zhoukou-2023-unruled.pdf", "suqian-2020.docx"])
        #expect(rows.map(\.fieldsToReview) == [200, 0])
        #expect(rows.map { $0.values["s3.new.total"] } == ["15", "23"])
        // Records stored before agencies were resolved stay unresolved until saved again.
        #expect(rows.map(\.division) == [nil, nil] && rows.map(\.body) == [nil, nil])

        // The template's order survives: checks as the record lists them, and the queue's ties.
        let report = try #require(try store.report(sha256: zhoukou))
        #expect(try store.checks(sha256: zhoukou).map(\.rule) == report.extracted.checks.map(\.rule))
        // Checks kept before their keys were get them from the same checks run again.
        let balance = try #require(report.extracted.checks.first { $0.rule == "s3.balance.total" })
        #expect(balance.keys == ["s3.new.total", "s3.carried_over.total", "s3.total.total", "s3.carried_forward.total"])
        let queue = try store.reviewQueue(threshold: 0.9)
        #expect(queue.map(\.sha256) == [zhoukou])
        let doubtful = report.extracted.fields.filter { $0.confidence < 0.9 }
        let worst = doubtful.map(\.confidence).min()
        #expect(queue.first?.keys.prefix(3) == doubtful.filter { $0.confidence == worst }.map(\.key).prefix(3))

        // Reviews are kept against the upgraded records. Saved again, a record keeps its reviews,
        // and nothing of the version before stays: here the new version has ten fields, no checks.
        try store.saveReview(sha256: zhoukou, FieldReview(key: "s3.new.total", decision: .corrected, value: .integer(7),
                                                         reviewer: "test", decidedAt: Date()))
        var shorter = report.extracted
        shorter.fields = shorter.fields.filter { $0.key.hasPrefix("s3.new.") } + shorter.fields.prefix(3)
        shorter.checks = []
        try store.save(shorter, path: "zhoukou-2023-unruled.pdf", threshold: 0.9)
        #expect(try store.fieldCounts()[zhoukou] == 10)
        #expect(try store.checks(sha256: zhoukou).isEmpty)
        #expect(try store.reviews(sha256: zhoukou).map(\.key) == ["s3.new.total"])
        #expect(try store.exportRows(threshold: 0.9).first?.values["s3.new.total"] == "7")
        #expect(try store.report(sha256: zhoukou)?.extracted == shorter)

        // An undone decision stays in the history; the one before it on the field stands again.
        let second = try store.saveReview(sha256: zhoukou, FieldReview(key: "s3.new.total", decision: .absent, value: nil,
                                                                       reviewer: "test", decidedAt: Date()))
        #expect(try store.report(sha256: zhoukou)?.reviewed.field("s3.new.total")?.value == nil)
        #expect(try store.undoReviews(sha256: [zhoukou], ids: [second]).map(\.decision) == [.absent])
        #expect(try store.undoReviews(sha256: [zhoukou], ids: [second]).isEmpty)
        #expect(try store.report(sha256: zhoukou)?.reviewed.field("s3.new.total")?.value == .integer(7))
        #expect(try store.reviewHistory(sha256: zhoukou, key: "s3.new.total").map { $0.undoneAt != nil } == [false, true])
    }
}

/// 二、上年结转 of one year against 四、结转下年度继续办理 of the year before, in the store.
@Suite struct CrossYearTests {
    func record(year: Int, hash: String, carriedOver: Int, carriedForward: Int) -> ReportRecord {
        let fields = FieldCatalog.fields(of: .v2021).map { definition -> FieldValue in
            let value = definition.key == "s3.carried_over.total" || definition.key == "s3.carried_over.natural_person" ? carriedOver
                : definition.key == "s3.carried_forward.total" || definition.key == "s3.carried_forward.natural_person" ? carriedForward : 0
            let number: FieldNumber = FieldCatalog.holdsMoney(definition.key) ? .decimal(Double(value)) : .integer(value)
            return FieldValue(key: definition.key, value: number, raw: String(value), confidence: 0.99, source: nil, notes: [])
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
        #expect(checks.count == 7 && checks.allSatisfy { $0.holds == true })
        #expect(checks.last?.text == "二、上年结转 2024 = 四、结转下年度继续办理 2023: 5 = 5")
        // They are the store's, shown beside the record, and not part of the record's JSON.
        let report = try #require(try store.report(sha256: "b"))
        #expect(report.crossYearChecks.map(\.rule) == checks.map(\.rule))
        #expect(report.extracted == record(year: 2024, hash: "b", carriedOver: 5, carriedForward: 2))
        #expect(try store.recordJSON().contains(record(year: 2024, hash: "b", carriedOver: 5, carriedForward: 2).jsonString()))
        // A 2025 report that disagrees is kept, with the broken check.
        try store.save(record(year: 2025, hash: "c", carriedOver: 3, carriedForward: 0), path: "2025.docx", threshold: 0.9)
        let broken = try store.checks(sha256: "c").filter { $0.holds == false }.map(\.rule)
        #expect(broken == ["cross_year.carried_over.natural_person", "cross_year.carried_over.total"])
        // A 2026 report whose carried-over total was not found: that check cannot run.
        var unread = record(year: 2026, hash: "d", carriedOver: 0, carriedForward: 0)
        if let index = unread.fields.firstIndex(where: { $0.key == "s3.carried_over.total" }) { unread.fields[index].value = nil }
        try store.save(unread, path: "2026.docx", threshold: 0.9)
        let total = try #require(try store.checks(sha256: "d").first { $0.rule == "cross_year.carried_over.total" })
        #expect(total.holds == nil)
        #expect(total.text == "二、上年结转 2026 = 四、结转下年度继续办理 2025: not evaluated, no value for 2026 s3.carried_over.total")
    }
}
