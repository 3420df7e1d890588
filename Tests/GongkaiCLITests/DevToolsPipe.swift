import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`):
/// JSON messages, each ended by a NUL byte, written to the browser's fd 3 and read from its fd 4.
/// No WebSocket and no driver program: the test speaks to the browser itself. Calls block, so a
/// test runs them on a thread of its own.
final class HeadlessBrowser {
    private let process: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let profile: URL
    private var pending = Data()
    private var events: [[String: Any]] = []
    private var nextID = 0

    /// Debian's chromium, where `scripts/setup` installs it.
    static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(executable: String) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-chromium-\(UUID().uuidString)")
        var requests: [Int32] = [0, 0]
        var replies: [Int32] = [0, 0]
        guard pipe(&requests) == 0, pipe(&replies) == 0 else { throw BrowserError("pipe: \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, requests[0], 3)
        posix_spawn_file_actions_adddup2(&actions, replies[1], 4)
        let null = open("/dev/null", O_WRONLY)
        posix_spawn_file_actions_adddup2(&actions, null, 1)
        posix_spawn_file_actions_adddup2(&actions, null, 2)
        let arguments = [executable, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                         "--user-data-dir=\(profile.path)", "--window-size=1280,900", "about:blank"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(null)
        close(requests[0])
        close(replies[1])
        guard status == 0 else { throw BrowserError("cannot start \(executable): \(status)") }
        process = pid
        toBrowser = requests[1]
        fromBrowser = replies[0]
    }

    deinit {
        close(toBrowser)
        close(fromBrowser)
        kill(process, SIGKILL)
        var status: Int32 = 0
        waitpid(process, &status, 0)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Sends a command and returns its result, keeping the events that arrive meanwhile.
    @discardableResult
    func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil, timeout: TimeInterval = 30) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        var bytes = try JSONSerialization.data(withJSONObject: message)
        bytes.append(0)
        try bytes.withUnsafeBytes { buffer in
            guard let start = buffer.baseAddress else { return }
            var sent = 0
            while sent < buffer.count {
                let written = write(toBrowser, start + sent, buffer.count - sent)
                guard written > 0 else { throw BrowserError("write to the browser: \(errno)") }
                sent += written
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try nextMessage(until: deadline)
            if reply["id"] as? Int == id {
                if let error = reply["error"] as? [String: Any] { throw BrowserError("\(method): \(error)") }
                return reply["result"] as? [String: Any] ?? [:]
            }
            events.append(reply)
        }
    }

    /// Waits for an event (`Page.loadEventFired`) on a session, taking it off the list.
    func waitFor(_ method: String, session: String?, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let index = events.firstIndex(where: { $0["method"] as? String == method && $0["sessionId"] as? String == session }) {
                events.remove(at: index)
                return
            }
            events.append(try nextMessage(until: deadline))
        }
    }

    /// Evaluates a script in the page and returns its value.
    func evaluate(_ expression: String, session: String) throws -> Any? {
        let result = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true], session: session)
        return (result["result"] as? [String: Any])?["value"]
    }

    private func nextMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let message = pending[pending.startIndex..<end]
                pending.removeSubrange(pending.startIndex...end)
                guard let object = try JSONSerialization.jsonObject(with: message) as? [String: Any] else { continue }
                return object
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw BrowserError("no answer from the browser in time") }
            var poller = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = read(fromBrowser, &buffer, buffer.count)
            guard count > 0 else { throw BrowserError("the browser closed its pipe") }
            pending.append(contentsOf: buffer[0..<count])
        }
    }
}

struct BrowserError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
