import Foundation
import SourceReading
@testable import GongkaiCLI
import RecordModel
import RecordStore
import Testing

/// A folder of a test's own: an inbox in it, and where its store goes. The test removes it.
struct ScratchFolder {
    let scratch: URL
    let inbox: URL
    let storePath: String

    init(_ name: String) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(name)-\(UUID().uuidString)")
        inbox = scratch.appendingPathComponent("inbox")
        storePath = scratch.appendingPathComponent("store/records.sqlite").path
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
    }
}

/// The nightly batch on real sample files, in a scratch directory per test.
@Suite struct BatchTests {
    let scratch: URL
    let inbox: URL
    let storePath: String

    init() throws {
        let folder = try ScratchFolder("batch")
        (scratch, inbox, storePath) = (folder.scratch, folder.inbox, folder.storePath)
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("2023"), withIntermediateDirectories: true)
    }

    func add(_ sample: String, as name: String? = nil, into folder: String = "") throws {
        let source = SourceReaderTests.path(sample)
        let target = inbox.appendingPathComponent(folder).appendingPathComponent(name ?? (sample as NSString).lastPathComponent)
        try FileManager.default.copyItem(atPath: source, toPath: target.path)
    }

    func runBatch(archive: String? = nil, quarantine: String? = nil, owner: ClaimOwner = .current) async throws -> BatchProgress {
        var runner = BatchRunner(store: try RecordStore(path: storePath), threshold: 0.9, archive: archive, quarantine: quarantine, owner: owner)
        runner.executable = KillTests.executable.path
        let files = try scanInbox(inbox.path).files
        var progress = BatchProgress(total: files.count, interactive: false)
        await runner.run(files, jobs: 2) { progress.record($0.name, $1) }
        return progress
    }

    /// What the extraction read otherwise than it stands (a table kept as paragraphs) is said in
    /// the summary with its file, not only in the log line.
    @Test func partsReadOtherwiseAreInTheSummary() {
        var progress = BatchProgress(total: 1, interactive: false)
        progress.record("inbox/a.pdf", .recorded(pages: 4, underReview: 3, problems: ["page 2: a ruled table is read as paragraphs: two cells cover row 3, column 2"]))
        #expect(progress.recorded == 1 && progress.underReview == 3)
        #expect(progress.summary(threshold: 0.9, store: "s").contains(
            "  recorded, read in part otherwise: inbox/a.pdf: page 2: a ruled table is read as paragraphs: two cells cover row 3, column 2"))
    }

    @Test func newFilesBecomeRecordsOnceAndBadFilesAreKeptWithTheirReason() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try add("Samples/inbox/suzhou-2023.pdf")
        try add("Samples/inbox/suqian-2020.docx", into: "2023")
        try add("Tests/ExtractionTests/Fixtures/legacy.wps", into: "2023")
        try add("README.md", as: "notes.txt") // not a report: not picked up
        let quarantine = scratch.appendingPathComponent("quarantine").path

        let first = try await runBatch(quarantine: quarantine)
        #expect(first.recorded == 2 && first.failures.count == 1 && first.known == 0)
        #expect(first.pages == 4)
        #expect(first.underReview == 1) // Suzhou's 629万
        // LibreOffice fails on the fixture's empty compound file where it is installed; without it,
        // the message says to install it. Either way the advice to re-save it ends the reason.
        let reason = first.failures.first?.reason ?? ""
        #expect(reason.hasPrefix("WPS (.wps) file: ") && reason.hasSuffix("open it in Word or WPS and save it as DOCX"))

        let store = try RecordStore(path: storePath)
        let counts = try store.counts()
        #expect(counts.files == 3 && counts.records == 2 && counts.failures == 1 && counts.claims == 0)
        #expect(try store.fieldCounts().values.sorted() == [198, 200])
        let records = try store.recordJSON().map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(Set(records.compactMap { ($0?["agency"] as? [String: Any])?["value"] as? String }) == ["苏州市公安局", "宿迁市公安局"])

        // Quarantined by content hash, with the reason beside it; the good files stay in the inbox.
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: quarantine).sorted()
        #expect(quarantined.count == 2 && quarantined[0].hasSuffix(".wps") && quarantined[1].hasSuffix(".wps.error.txt"))
        let note = try String(contentsOfFile: (quarantine as NSString).appendingPathComponent(quarantined[1]), encoding: .utf8)
        #expect(note.contains("legacy.wps") && note.contains("save it as DOCX"))
        #expect(try scanInbox(inbox.path).files.count == 2)

        // A second run knows both files; a renamed copy is the same content, so known too.
        try add("Samples/inbox/suzhou-2023.pdf", as: "苏州市公安局2023.pdf", into: "2023")
        let second = try await runBatch(quarantine: quarantine)
        #expect(second.known == 3 && second.recorded == 0 && second.failures.isEmpty)
    }

    /// The store keeps a record as rows; the JSON written from them is the record `extract --json`
    /// prints for the same file, for every sample.
    @Test func theStoredRecordsAreTheExtractedRecords() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let samples = try FileManager.default.contentsOfDirectory(atPath: SourceReaderTests.path("Samples/inbox"))
        for sample in samples { try add("Samples/inbox/\(sample)") }
        let progress = try await runBatch()
        #expect(progress.recorded == samples.count && samples.count >= 16)
        let extracted = try scanInbox(inbox.path).files.map(\.name).map { file in
            record(of: try SourceReader.read(path: file), file: file, sha256: try ContentHash.sha256(of: Data(contentsOf: URL(fileURLWithPath: file))),
                   threshold: 0.9).jsonString()
        }
        #expect(try RecordStore(path: storePath).recordJSON().sorted() == extracted.sorted())
    }

    @Test func csvExportHasOneRowPerReportForExcel() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try add("Samples/inbox/suzhou-2023.docx")
        try add("Samples/inbox/suqian-2020.pdf")
        _ = try await runBatch()
        let csv = try exportCSV(try RecordStore(path: storePath), threshold: 0.9)
        #expect(csv.hasPrefix("\u{FEFF}agency,year,template,file,sha256,fields_to_review,broken_checks,status,s2.rules.issued,"))
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 3)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(header.count == 8 + 226)
        let suzhou = try #require(lines.first { $0.hasPrefix("苏州市公安局,2023,2021,suzhou-2023.docx,") })
        let cells = suzhou.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // How far its review went: one field in doubt, every check holding.
        #expect(cells[5] == "1" && cells[6] == "0" && cells[7] == "1 fields in doubt")
        #expect(cells[header.firstIndex(of: "s2.licensing.decisions") ?? 0] == "6290000")
        #expect(cells[header.firstIndex(of: "s2.fees.amount_10k_yuan") ?? 0] == "13885.63")
        #expect(cells[header.firstIndex(of: "s2.procurement.items") ?? 0] == "") // a 2019 field
        #expect(lines.contains { $0.hasPrefix("宿迁市公安局,2020,2019,suqian-2020.pdf,") })
        // For Excel: the header in the template's Chinese labels, the status in Chinese.
        let chinese = try exportCSV(try RecordStore(path: storePath), threshold: 0.9, chineseLabels: true)
        let labels = try #require(chinese.split(separator: "\r\n").first).split(separator: ",").map(String.init)
        #expect(labels.prefix(9) == ["\u{FEFF}机关", "年度", "模板", "文件", "SHA-256", "待审字段", "不成立的校验", "审核状态",
                                     "二、第二十条第（一）项 规章 / 本年制发件数"])
        #expect(labels.count == 8 + 226 && labels.contains("三、（七）总计 / 自然人"))
        #expect(chinese.contains(",1,0,1 个字段待审,"))
    }

    @Test func archivedOnlyAfterTheRecordIsCommitted() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try add("Samples/inbox/gongshu-2023.docx")
        let archive = scratch.appendingPathComponent("archive").path
        let progress = try await runBatch(archive: archive)
        #expect(progress.recorded == 1)
        let archived = try FileManager.default.contentsOfDirectory(atPath: archive)
        let hash = try #require(try RecordStore(path: storePath).fieldCounts().keys.first)
        #expect(archived == ["\(hash).docx"])
        #expect(try scanInbox(inbox.path).files.isEmpty)
        // The review app finds the file where it is kept now.
        #expect(try RecordStore(path: storePath).report(sha256: hash)?.filePath == "\(archive)/\(hash).docx")
    }

    @Test func aRecordWhoseFileCannotBeArchivedStandsAndSaysSo() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try add("Samples/inbox/gongshu-2023.docx")
        // A plain file where the archive directory should be: the move cannot happen.
        let archive = scratch.appendingPathComponent("archive").path
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: archive))
        let progress = try await runBatch(archive: archive)
        #expect(progress.recorded == 1 && progress.failures.isEmpty)
        #expect(progress.notArchived.map { ($0.file as NSString).lastPathComponent } == ["gongshu-2023.docx"])
        #expect(progress.summary(threshold: 0.9, store: storePath).contains("recorded, not archived: "))
        #expect(try scanInbox(inbox.path).files.count == 1)
        #expect(try RecordStore(path: storePath).counts().records == 1)
        #expect(try await runBatch(archive: archive).known == 1)
    }

    @Test func aFileAnotherLiveBatchHoldsIsLeftToIt() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try add("Samples/inbox/zhoukou-2023.docx")
        let store = try RecordStore(path: storePath)
        let hash = try ContentHash.sha256(of: Data(contentsOf: inbox.appendingPathComponent("zhoukou-2023.docx")))
        // Process 1 (init) is alive on every Linux machine: its claim stands.
        let other = ClaimOwner(host: ProcessInfo.processInfo.hostName, pid: 1)
        #expect(try store.claim(sha256: hash, owner: other) == .claimed)
        let progress = try await runBatch()
        #expect(progress.heldElsewhere == 1 && progress.recorded == 0)
        // A claim whose process is gone (a batch killed with kill -9) is taken over.
        let dead = ClaimOwner(host: ProcessInfo.processInfo.hostName, pid: Int32.max)
        try store.release(sha256: hash)
        #expect(try store.claim(sha256: hash, owner: dead) == .claimed)
        let again = try await runBatch()
        #expect(again.recorded == 1)
        #expect(try store.counts().claims == 0)
    }
}
