import Foundation
import Synchronization

/// How long and how much memory one file may take in a worker before it is stopped.
struct FileBudget: Sendable, Hashable {
    var seconds: Double
    var megabytes: Int
}

/// What a worker says about the file it was given: its hash once known, then how it ended.
enum WorkerMessage: Sendable, Hashable, Codable {
    case hashed(String)
    case done(FileOutcome)
}

/// How one file ended in a worker, as the batch sees it.
enum WorkerResult: Sendable, Hashable {
    case finished(FileOutcome)
    /// The worker had ended before it could take the file (an idle worker the system stopped).
    case notTaken
    /// The worker died, or was stopped for its budget, with `hash` known or not: `reason` says how.
    case lost(hash: String?, reason: String)
}

/// A `gongkai worker` child process the batch hands files to, one at a time, over its standard
/// input and output (one JSON line each way). A file that crashes it, or runs over its time or
/// memory budget, costs that worker only: the batch records why and starts another.
///
/// Used by one task at a time (the pool in `BatchRunner` hands it over), hence unchecked Sendable.
final class WorkerProcess: @unchecked Sendable {
    let pid: pid_t
    private let toWorker: Int32
    private let fromWorker: Int32
    private var pending: [UInt8] = []
    private var exited = false
    private var inputOpen = true

    /// Held while a worker's pipes are made and it is started: see `init`.
    private static let starting = Mutex(())

    init(executable: String, arguments: [String]) throws {
        (pid, toWorker, fromWorker) = try Self.starting.withLock { _ in try Self.spawn(executable, arguments) }
        // A worker that died must not kill the batch with SIGPIPE when it is written to.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts the worker with pipes for its standard input and output; returns its pid and this
    /// side's ends. Every end is close-on-exec, and workers are started one at a time: a worker
    /// started by another thread must not inherit this one's ends, or this worker's output would
    /// stay open in it and its death never be seen. (The copies the child gets as its standard
    /// input and output are its own, without the flag.)
    /// The batch's environment with OpenMP (Tesseract's) held to one thread a worker: the batch
    /// already runs a worker per core, and Tesseract's own threads on top only fought them (one
    /// thread halved OCR's CPU time). libgomp reads the limit when it loads, so it is set here.
    static let workerEnvironment: [String] = ProcessInfo.processInfo.environment
        .filter { $0.key != "OMP_THREAD_LIMIT" }.map { "\($0.key)=\($0.value)" } + ["OMP_THREAD_LIMIT=1"]

    private static func spawn(_ executable: String, _ arguments: [String]) throws -> (pid_t, Int32, Int32) {
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw SystemCallError(errno: errno) }
        guard pipe(&output) == 0 else {
            input.forEach { close($0) }
            throw SystemCallError(errno: errno)
        }
        for descriptor in input + output { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = workerEnvironment.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, nil, argv, environment)
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1])
            close(output[0])
            throw SystemCallError(errno: status)
        }
        return (child, input[1], output[0])
    }

    deinit {
        if inputOpen { close(toWorker) }
        close(fromWorker)
        if !exited {
            kill(pid, SIGKILL)
            _ = reap()
        }
    }

    /// Hands the worker one file and waits for it to end, within `budget`.
    func process(_ file: InboxFile, budget: FileBudget) -> WorkerResult {
        var hash: String?
        guard let request = try? JSONEncoder().encode(file), write(request + Data("\n".utf8)) else {
            _ = stop()
            return .notTaken
        }
        let deadline = Date().addingTimeInterval(budget.seconds)
        while true {
            switch nextLine(until: deadline, megabytes: budget.megabytes) {
            case .line(let line):
                switch try? JSONDecoder().decode(WorkerMessage.self, from: Data(line)) {
                case .hashed(let value): hash = value
                case .done(let outcome): return .finished(outcome)
                case nil: return .lost(hash: hash, reason: "the worker answered nonsense: \(stop())")
                }
            case .closed: return .lost(hash: hash, reason: stop())
            case .overTime:
                _ = stop()
                return .lost(hash: hash, reason: "took longer than \(Int(budget.seconds)) s")
            case .overMemory(let used):
                _ = stop()
                return .lost(hash: hash, reason: "used more than \(budget.megabytes) MB (\(used) MB)")
            }
        }
    }

    private enum Read {
        case line([UInt8])
        case closed
        case overTime
        case overMemory(Int)
    }

    /// The worker's next line; looks at its memory every tenth of a second while waiting.
    private func nextLine(until deadline: Date, megabytes: Int) -> Read {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<end])
                pending.removeSubrange(...end)
                return .line(line)
            }
            if Date() >= deadline { return .overTime }
            if let used = residentMegabytes(), used > megabytes { return .overMemory(used) }
            var descriptor = pollfd(fd: fromWorker, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0, errno != EINTR { return .closed }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(fromWorker, $0.baseAddress, $0.count) }
            if count <= 0 {
                if count < 0, errno == EINTR { continue }
                return .closed
            }
            pending += chunk[..<count]
        }
    }

    private func write(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let count = Foundation.write(toWorker, raw.baseAddress?.advanced(by: offset), raw.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }

    /// The worker's resident memory, from /proc (Linux); nil where that cannot be read.
    private func residentMegabytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/\(pid)/statm", encoding: .ascii),
              let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return (pages * Int(sysconf(Int32(_SC_PAGESIZE)))) >> 20
    }

    /// Tells an idle worker there is no more work (its input ends, and it exits) and waits for
    /// it: the batch ends with no worker left behind, and their time counted as the batch's.
    func finish() {
        guard !exited else { return }
        close(toWorker)
        inputOpen = false
        _ = reap()
    }

    /// Kills the worker if it still runs, reaps it and says how it ended.
    func stop() -> String {
        guard !exited else { return "the worker had ended" }
        kill(pid, SIGKILL)
        let status = reap()
        let signal = status & 0x7f
        if signal == 0 { return "the worker exited with status \((status >> 8) & 0xff)" }
        if signal == SIGKILL { return "crashed (killed)" }
        return "crashed (signal \(signal): \(String(cString: strsignal(signal))))"
    }

    /// Waits for the worker to end; its status, as wait(2) packs it.
    private func reap() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        exited = true
        return status
    }
}

/// A system call that failed, in a person's words.
struct SystemCallError: Error, CustomStringConvertible {
    var description: String

    init(errno code: Int32) { description = String(cString: strerror(code)) }
}
