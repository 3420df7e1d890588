import Foundation
@testable import GongkaiCLI
import RecordModel
import RecordStore
import Testing

/// A batch killed at any moment (kill -9) and run again ends with exactly one whole record per file.
@Suite struct KillTests {
    /// The `gongkai` executable SwiftPM built beside this test binary.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("gongkai")

    @Test func killedMidwayAndRunAgainLosesNothingAndDoesNothingTwice() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "gongkai is built beside the tests")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inbox = scratch.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // Two hundred different files: one sample with a different comment after %%EOF each; enough
        // that a batch outruns the watcher's polls (other suites run beside it) only rarely.
        let sample = try Data(contentsOf: URL(fileURLWithPath: SourceReaderTests.path("Samples/inbox/suzhou-2023.pdf")))
        let count = 200
        for index in 0..<count {
            try (sample + Data("\n% copy \(index)\n".utf8)).write(to: inbox.appendingPathComponent("report-\(index).pdf"))
        }
        let storePath = scratch.appendingPathComponent("records.sqlite").path
        let watcher = try RecordStore(path: storePath)

        let batch = Process()
        batch.executableURL = Self.executable
        batch.arguments = ["batch", "--inbox", inbox.path, "--store", storePath, "--jobs", "1"]
        batch.standardOutput = FileHandle.nullDevice
        batch.standardError = FileHandle.nullDevice
        try batch.run()
        // Kill it once it has written some records but not all. Polled without yielding the
        // thread: an awaited sleep could wait on other suites' work long enough for the batch to end.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            usleep(5_000)
            if let counts = try? watcher.counts(), counts.records >= 2 { break }
        }
        kill(batch.processIdentifier, SIGKILL)
        batch.waitUntilExit()
        let afterKill = try watcher.counts()
        #expect(afterKill.records >= 2 && afterKill.records < count, "killed midway")

        var runner = BatchRunner(store: try RecordStore(path: storePath), threshold: 0.9, archive: nil, quarantine: nil)
        runner.executable = Self.executable.path
        var progress = BatchProgress(total: count, interactive: false)
        await runner.run(try scanInbox(inbox.path).files, jobs: 2) { progress.record($0.name, $1) }
        #expect(progress.known == afterKill.records)
        #expect(progress.recorded == count - afterKill.records)

        let store = try RecordStore(path: storePath)
        let counts = try store.counts()
        #expect(counts.records == count && counts.files == count && counts.failures == 0 && counts.claims == 0)
        #expect(try store.fieldCounts().values.allSatisfy { $0 == 200 })
    }
}
