import DocumentModel
import Foundation
@testable import GongkaiCLI
import RecordModel
import RecordStore
import Testing

/// No file can stop the nightly job: a worker that crashes or runs over its budget costs that file
/// only; every inbox entry not processed is named; two batches on a new store both succeed.
@Suite struct IsolationTests {
    let folder: ScratchFolder
    var scratch: URL { folder.scratch }
    var inbox: URL { folder.inbox }
    var storePath: String { folder.storePath }

    init() throws { folder = try ScratchFolder("isolation") }

    /// A stand-in worker (a shell script): it answers the file's real hash as `gongkai worker`
    /// does, then does `misbehaviour` instead of the work.
    func fakeWorker(_ misbehaviour: String, hash: String) throws -> String {
        let path = scratch.appendingPathComponent("worker.sh").path
        let script = """
            #!/bin/sh
            read request
            echo '{"hashed":{"_0":"\(hash)"}}'
            \(misbehaviour)
            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    func runBatch(worker: String, budget: FileBudget, quarantine: String? = nil) async throws -> BatchProgress {
        var runner = BatchRunner(store: try RecordStore(path: storePath), threshold: 0.9, archive: nil, quarantine: quarantine)
        runner.executable = worker
        runner.budget = budget
        let files = try scanInbox(inbox.path).files
        var progress = BatchProgress(total: files.count, interactive: false)
        await runner.run(files, jobs: 1) { progress.record($0.name, $1) }
        return progress
    }

    func addSample() throws -> String {
        let target = inbox.appendingPathComponent("report.pdf")
        try FileManager.default.copyItem(atPath: SourceReaderTests.path("Samples/inbox/suzhou-2023.pdf"), toPath: target.path)
        return try ContentHash.sha256(of: Data(contentsOf: URL(fileURLWithPath: target.path)))
    }

    /// Workers run with OpenMP held to one thread (Tesseract's threads would fight the workers'
    /// own, one per core), the rest of the batch's environment as it is.
    @Test func workersRunWithOneOpenMPThread() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let hash = try addSample()
        let seen = scratch.appendingPathComponent("environment.txt").path
        _ = try await runBatch(worker: try fakeWorker("echo \"$OMP_THREAD_LIMIT $HOME\" > '\(seen)'; kill -KILL $$", hash: hash),
                               budget: FileBudget(seconds: 30, megabytes: 1024))
        #expect(try String(contentsOfFile: seen, encoding: .utf8) == "1 \(ProcessInfo.processInfo.environment["HOME"] ?? "")\n")
    }

    @Test func aFileThatCrashesItsWorkerIsRecordedQuarantinedAndNotTriedAgain() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let hash = try addSample()
        let worker = try fakeWorker("kill -SEGV $$", hash: hash)
        let quarantine = scratch.appendingPathComponent("quarantine").path
        let first = try await runBatch(worker: worker, budget: FileBudget(seconds: 30, megabytes: 1024), quarantine: quarantine)
        #expect(first.failures.map(\.reason) == ["crashed (signal 11: Segmentation fault)"])
        let store = try RecordStore(path: storePath)
        #expect(try store.counts().failures == 1 && store.counts().claims == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: quarantine).sorted() == ["\(hash).pdf", "\(hash).pdf.error.txt"])
        #expect(try scanInbox(inbox.path).files.isEmpty)
        // Put back by hand, it is known to the real worker: the failure stands, the file is not tried again.
        _ = try addSample()
        #expect(try await runBatch(worker: KillTests.executable.path, budget: FileBudget(seconds: 30, megabytes: 1024)).known == 1)
    }

    @Test func aFileOverItsTimeBudgetIsStoppedAndTheBatchGoesOn() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let hash = try addSample()
        let worker = try fakeWorker("sleep 60", hash: hash)
        let progress = try await runBatch(worker: worker, budget: FileBudget(seconds: 1, megabytes: 1024))
        #expect(progress.failures.map(\.reason) == ["took longer than 1 s"])
        #expect(try RecordStore(path: storePath).counts().failures == 1)
    }

    @Test func aFileOverItsMemoryBudgetIsStopped() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let hash = try addSample()
        // 300 MB of one string, as a runaway extraction would grow (perl-base is in every Debian).
        let worker = try fakeWorker("exec perl -e '$x = \"a\" x 300000000; sleep 60'", hash: hash)
        let progress = try await runBatch(worker: worker, budget: FileBudget(seconds: 60, megabytes: 100))
        let reason = try #require(progress.failures.first?.reason)
        #expect(reason.hasPrefix("used more than 100 MB ("))
    }

    @Test func aQuarantineThatCannotTakeTheFileKeepsTheRealReason() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data("%PDF-1.4 not really".utf8).write(to: inbox.appendingPathComponent("broken.pdf"))
        // A plain file where the quarantine folder should be.
        let quarantine = scratch.appendingPathComponent("quarantine").path
        try Data("a file".utf8).write(to: URL(fileURLWithPath: quarantine))
        let progress = try await runBatch(worker: KillTests.executable.path, budget: FileBudget(seconds: 60, megabytes: 1024),
                                          quarantine: quarantine)
        let reason = try #require(progress.failures.first?.reason)
        #expect(reason.hasPrefix("damaged file: PDF document is damaged; not quarantined: "), "\(reason)")
        #expect(try RecordStore(path: storePath).counts().failures == 1)
    }

    @Test func archiveAndQuarantinePathsAreKeptAbsolute() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runner = BatchRunner(store: try RecordStore(path: storePath), threshold: 0.9, archive: "archive", quarantine: "q/../quarantine")
        let here = FileManager.default.currentDirectoryPath
        #expect(runner.archive == "\(here)/archive")
        #expect(runner.quarantine == "\(here)/quarantine")
    }

    @Test func everyEntryNotProcessedIsNamedWithItsReason() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sample = try Data(contentsOf: URL(fileURLWithPath: SourceReaderTests.path("Samples/inbox/suzhou-2023.pdf")))
        try sample.write(to: inbox.appendingPathComponent("ok.pdf"))
        try sample.write(to: inbox.appendingPathComponent(".hidden.pdf"))
        try Data("notes".utf8).write(to: inbox.appendingPathComponent("notes.txt"))
        #expect(mkfifo(inbox.appendingPathComponent("pipe.pdf").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: inbox.appendingPathComponent("link.pdf").path, withDestinationPath: "/etc/hostname")
        // A name that is not UTF-8 (0xFF) and one with a newline: both processed, under escaped names.
        let root = Array(inbox.path.utf8)
        let latin = root + Array("/bad".utf8) + [0xFF] + Array("name.pdf".utf8)
        #expect(sample.withUnsafeBytes { bytes in
            let descriptor = open(cPath(latin), O_WRONLY | O_CREAT, 0o644)
            defer { close(descriptor) }
            return write(descriptor, bytes.baseAddress, bytes.count)
        } == sample.count)
        try sample.write(to: inbox.appendingPathComponent("new\nline.pdf"))

        let (files, skipped) = try scanInbox(inbox.path)
        #expect(files.map(\.name) == ["\(inbox.path)/bad\\xFFname.pdf", "\(inbox.path)/new\nline.pdf", "\(inbox.path)/ok.pdf"])
        #expect(files.first?.path == latin)
        #expect(skipped.map { ($0.name as NSString).lastPathComponent + ": " + $0.reason } == [
            ".hidden.pdf: a hidden file", "link.pdf: a symbolic link: not followed",
            "notes.txt: not a PDF, DOCX, HTML, MHT, DOC, WPS or ET file", "pipe.pdf: not a regular file: a FIFO",
        ])
        // A log line never breaks in two, nor carries an escape sequence to the terminal.
        #expect(logSafe("new\nline\u{1B}[31m.pdf") == "new\\u{a}line\\u{1b}[31m.pdf")
    }

    @Test func aFileReadIsItsBytesOrNothing() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fifo = inbox.appendingPathComponent("pipe.pdf").path
        #expect(mkfifo(fifo, 0o644) == 0)
        // A FIFO is refused at once, never waited on.
        #expect(throws: ExtractionError(file: fifo, reason: .unreadable("not a regular file: a FIFO"))) {
            try ReadFile.read(InboxFile(path: Array(fifo.utf8)))
        }
        let hash = try addSample()
        let read = try #require(try ReadFile.read(InboxFile(path: Array(inbox.appendingPathComponent("report.pdf").path.utf8))))
        #expect(try ContentHash.sha256(of: read.bytes) == hash)
    }

    /// Batches started together on a new store: all succeed, each file is done once.
    @Test func batchesStartedTogetherOnANewStoreAllSucceed() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        for sample in ["suzhou-2023.docx", "zhoukou-2023.docx", "gongshu-2023.docx"] {
            try FileManager.default.copyItem(atPath: SourceReaderTests.path("Samples/inbox/\(sample)"),
                                             toPath: inbox.appendingPathComponent(sample).path)
        }
        for round in 0..<6 {
            let store = scratch.appendingPathComponent("round-\(round).sqlite").path
            let batches = (0..<3).map { _ in
                let batch = Process()
                batch.executableURL = KillTests.executable
                batch.arguments = ["batch", "--inbox", inbox.path, "--store", store, "--jobs", "1"]
                batch.standardOutput = FileHandle.nullDevice
                batch.standardError = FileHandle.nullDevice
                return batch
            }
            for batch in batches { try batch.run() }
            for batch in batches { batch.waitUntilExit() }
            #expect(batches.map(\.terminationStatus) == [0, 0, 0], "round \(round)")
            let counts = try RecordStore(path: store).counts()
            #expect(counts.records == 3 && counts.files == 3 && counts.claims == 0, "round \(round)")
        }
    }
}
