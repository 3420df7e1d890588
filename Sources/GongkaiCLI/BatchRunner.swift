import Foundation
import RecordStore
import Synchronization

/// The nightly job's work: every new file of an inbox into the store, in parallel, nothing lost,
/// and no file able to stop it.
///
/// Each file is done in a worker process (`gongkai worker`, see `FileWork`): read once, hashed,
/// claimed in the store (so two batches never both process it), extracted, parsed and saved in one
/// transaction, and only then kept in the archive, if there is one. A file that cannot be read is
/// recorded with its reason and kept in the quarantine, if there is one, with a note beside it. A
/// file that crashes its worker or runs over its budget of time or memory is recorded as failed
/// with that reason, so it is not tried again, and the batch goes on with a new worker. Inbox
/// files are never rewritten, and taken out only once their bytes are kept elsewhere.
struct BatchRunner: Sendable {
    let store: RecordStore
    let threshold: Double
    let archive: String?
    let quarantine: String?
    var owner = ClaimOwner.current
    var budget = FileBudget(seconds: 120, megabytes: 2048)
    /// The `gongkai` executable the workers run: this one, unless a test says otherwise.
    var executable = "/proc/self/exe"

    init(store: RecordStore, threshold: Double, archive: String?, quarantine: String?, owner: ClaimOwner = .current) {
        self.store = store
        self.threshold = threshold
        // Absolute, as the store keeps them for the review app, which may run elsewhere.
        self.archive = archive.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.quarantine = quarantine.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.owner = owner
    }

    /// Processes `files` with at most `jobs` at once, calling `report` as each one ends (in order
    /// of ending, on one task at a time). Memory is bounded by `jobs` workers, whatever the inbox.
    func run(_ files: [InboxFile], jobs: Int, report: (InboxFile, FileOutcome) -> Void) async {
        let idle = WorkerPool()
        await withTaskGroup(of: (InboxFile, FileOutcome).self) { group in
            var pending = files.makeIterator()
            for _ in 0..<max(1, jobs) {
                guard let file = pending.next() else { break }
                group.addTask { (file, await process(file, idle: idle)) }
            }
            while let (file, outcome) = await group.next() {
                report(file, outcome)
                if let next = pending.next() { group.addTask { (next, await process(next, idle: idle)) } }
            }
        }
        idle.finishAll()
    }

    /// One file on an idle worker (or a new one), waited for off the task threads.
    private func process(_ file: InboxFile, idle: WorkerPool) async -> FileOutcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: processBlocking(file, idle: idle))
            }
        }
    }

    private func processBlocking(_ file: InboxFile, idle: WorkerPool) -> FileOutcome {
        // An idle worker may have ended meanwhile; a new one always takes the file.
        while true {
            let reused = idle.take()
            let worker: WorkerProcess
            do {
                worker = try reused ?? WorkerProcess(executable: executable, arguments: workerArguments)
            } catch {
                return .failed(reason: "cannot start a worker: \(error)")
            }
            switch worker.process(file, budget: budget) {
            case .finished(let outcome):
                idle.give(worker)
                return outcome
            case .notTaken where reused != nil: continue
            case .notTaken: return .failed(reason: "the worker ended before it took the file")
            case .lost(let hash, let reason): return recordLoss(of: file, hash: hash, reason: reason)
            }
        }
    }

    private var workerArguments: [String] {
        var arguments = ["worker", "--store", store.path, "--threshold", String(threshold), "--owner-pid", String(owner.pid),
                         "--time-limit", String(budget.seconds)]
        if let archive { arguments += ["--archive", archive] }
        if let quarantine { arguments += ["--quarantine", quarantine] }
        return arguments
    }

    /// A file whose worker died or was stopped: recorded as failed under its hash, so that it is
    /// not tried again, and quarantined if its content is still the content hashed.
    private func recordLoss(of file: InboxFile, hash: String?, reason: String) -> FileOutcome {
        guard let hash else { return .failed(reason: reason) }
        do {
            guard let read = (try? ReadFile.read(file)) ?? nil, (try? ContentHash.sha256(of: read.bytes)) == hash else {
                try store.saveFailure(sha256: hash, path: file.name, kind: fileExtension(file.name), reason: reason)
                return .failed(reason: reason)
            }
            return try recordFailure(reason, of: file, read: read, hash: hash, in: store, quarantine: quarantine)
        } catch {
            try? store.release(sha256: hash)
            return .failed(reason: "\(reason); store: \(error.localizedDescription)")
        }
    }
}

/// The batch's idle workers: each file takes one (or starts one) and gives it back when done.
final class WorkerPool: Sendable {
    private let idle = Mutex<[WorkerProcess]>([])

    func take() -> WorkerProcess? { idle.withLock { $0.popLast() } }
    func give(_ worker: WorkerProcess) { idle.withLock { $0.append(worker) } }

    /// Ends every idle worker: once the last file is done, all are idle.
    func finishAll() {
        for worker in idle.withLock({ workers in defer { workers = [] }; return workers }) { worker.finish() }
    }
}
