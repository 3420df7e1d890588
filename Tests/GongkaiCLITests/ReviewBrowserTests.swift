import Foundation
import RecordStore
import RecordModel
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The review app in a real headless browser (Debian's chromium, which scripts/setup installs):
/// a whole table reviewed by keyboard, a sum seen breaking while typing, an undo, a field marked
/// not in the report, and every decision found in the store and both exports.
@Suite struct ReviewBrowserTests {
    static let table = ["s2.rules.issued", "s2.rules.repealed", "s2.rules.in_force",
                        "s2.normative_docs.issued", "s2.normative_docs.repealed", "s2.normative_docs.in_force"]

    @Test func aWholeTableReviewedByKeyboardReachesTheStoreAndBothExports() async throws {
        let review = try ReviewSession(sample: "zhoukou-2023-unruled.pdf")
        defer { review.stop() }
        let seen = try await onOwnThread { () throws -> (focused: String, sum: String, sumAfter: String, undone: String, progress: String) in
            let page = try review.openReport()
            // The first value in doubt has the keyboard: the reviewer types at once.
            let focused = try page.evaluate("document.activeElement.closest('td').dataset.key") as? String ?? ""
            // Section 二's first table: accept, type a correction, unreadable, not in the report,
            // accept, and the last by "accept the rest of this table".
            try page.press("Enter")
            try page.waitForDecisions(1)
            try page.type("5")
            try page.press("Enter")
            try page.waitForDecisions(2)
            try page.press("u")
            try page.waitForDecisions(3)
            try page.press("n")
            try page.waitForDecisions(4)
            try page.press("Enter")
            try page.waitForDecisions(5)
            try page.press("A", modifiers: 8)
            try page.waitForDecisions(6)
            // Undo the last: that cell is in doubt again and has the cursor.
            try page.press("z")
            try page.waitFor("!document.querySelector('td[data-key=\"s2.normative_docs.in_force\"]').classList.contains('decided')")
            let undone = try page.evaluate("document.activeElement.closest('td').dataset.key") as? String ?? ""
            // A typed value that breaks a sum shows at the row's end before anything is saved.
            try page.evaluate("document.querySelector('td[data-key=\"s3.new.natural_person\"] input').focus()")
            let sum = try page.evaluate("document.querySelector('td.sum[data-sums=\"s3.row_total.new\"]').textContent") as? String ?? ""
            try page.type("999")
            let sumAfter = try page.evaluate("document.querySelector('td.sum[data-sums=\"s3.row_total.new\"]').textContent") as? String ?? ""
            try page.press("Escape")
            let progress = try page.evaluate("document.querySelector('#progress-report span').textContent") as? String ?? ""
            return (focused, sum, sumAfter, undone, progress)
        }
        #expect(seen.focused == "s2.rules.issued")
        #expect(seen.sum.hasPrefix("Σ ") && seen.sum.hasSuffix(" ✓"), "\(seen.sum)")
        #expect(seen.sumAfter.contains(" ≠ "), "\(seen.sumAfter)")
        #expect(seen.undone == "s2.normative_docs.in_force")
        #expect(seen.progress == "this report: 5 of 200 decided")

        // In the store: each decision beside the extracted value; the undone one kept as undone.
        let records = try RecordStore(path: review.store)
        let decisions = Dictionary(uniqueKeysWithValues: try records.reviews(sha256: review.hash).map { ($0.key, $0) })
        #expect(decisions.mapValues(\.decision) == ["s2.rules.issued": .accepted, "s2.rules.repealed": .corrected,
                                                     "s2.rules.in_force": .unreadable, "s2.normative_docs.issued": .absent,
                                                     "s2.normative_docs.repealed": .accepted])
        #expect(decisions["s2.rules.repealed"]?.value == .integer(5) && decisions["s2.rules.issued"]?.reviewer == "browser-test")
        #expect(try records.reviewHistory(sha256: review.hash, key: "s2.normative_docs.in_force").map { $0.undoneAt != nil } == [true])

        // In the exports: values, nulls with their status, what is left to review.
        let csv = try runGongkai(["export", "--format", "csv", "--store", review.store]).split(separator: "\r\n").map(String.init)
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = csv[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func cell(_ column: String) -> String? { header.firstIndex(of: column).map { row[$0] } }
        #expect(cell("s2.rules.issued") == "0" && cell("s2.rules.repealed") == "5")
        #expect(cell("s2.rules.in_force") == "" && cell("s2.normative_docs.issued") == "")
        #expect(cell("fields_to_review") == "195" && cell("status") == "195 fields in doubt")
        let jsonl = try runGongkai(["export", "--format", "jsonl", "--store", review.store])
        for (key, decision, value) in [("s2.rules.issued", "accepted", "0"), ("s2.rules.repealed", "corrected", "5"),
                                       ("s2.rules.in_force", "unreadable", "null"), ("s2.normative_docs.issued", "absent", "null"),
                                       ("s2.normative_docs.repealed", "accepted", "0")] {
            let confidence = value == "null" ? "0.00" : "1.00"
            #expect(jsonl.contains(#"{"key":"\#(key)","value":\#(value),"#), "\(key)")
            #expect(jsonl.contains(#""confidence":\#(confidence),"#))
            #expect(jsonl.contains(#""review":{"decision":"\#(decision)","reviewer":"browser-test""#), "\(key)")
        }
        #expect(!jsonl.contains(#"{"key":"s2.normative_docs.in_force","value":0,"raw":"0","confidence":1.00"#))
    }

    /// Suzhou's DOCX and PDF, batched together, are one report: at the PDF's address its one
    /// value in doubt (629万, which both files read) is typed once, and both files' records carry
    /// the correction, in the store and in both exports.
    @Test func aReportOfTwoFilesIsDecidedOnceForBoth() async throws {
        let review = try ReviewSession(samples: ["suzhou-2023.pdf", "suzhou-2023.docx"])
        defer { review.stop() }
        let seen = try await onOwnThread { () throws -> (focused: String, files: String, next: String) in
            let page = try review.openReport()
            let focused = try page.evaluate("document.activeElement.closest('td').dataset.key") as? String ?? ""
            let files = try page.evaluate("document.querySelector('p.sources').textContent") as? String ?? ""
            try page.type("629")
            try page.press("Enter")
            try page.waitForDecisions(1)
            let next = try page.evaluate("document.getElementById('next-report').getAttribute('href')") as? String ?? ""
            return (focused, files, next)
        }
        #expect(seen.focused == "s2.licensing.decisions")
        #expect(seen.files.contains("one report from 2 files") && seen.files.contains("suzhou-2023.docx"))
        #expect(seen.next == "/finish")
        let records = try RecordStore(path: review.store)
        for hash in review.hashes {
            #expect(try records.reviews(sha256: hash).map(\.value) == [.integer(629)])
        }
        #expect(try records.reviewQueue(threshold: 0.9).isEmpty)
        let csv = try runGongkai(["export", "--format", "csv", "--store", review.store]).split(separator: "\r\n")
        // One row, both files listed (in the order the batch's workers saved them).
        #expect(csv.count == 2 && csv[1].contains("suzhou-2023.pdf") && csv[1].contains("suzhou-2023.docx") && csv[1].contains(",reviewed,"))
        let jsonl = try runGongkai(["export", "--format", "jsonl", "--store", review.store])
        #expect(jsonl.components(separatedBy: #"{"key":"s2.licensing.decisions","value":629,"#).count - 1 == 2)
    }

    /// Each decision is one small request and an update in place: measured in the browser from
    /// the key to the page updated. The goal is 100 ms (README); only more than a second fails.
    @Test func aDecisionUpdatesThePageInUnderASecond() async throws {
        let review = try ReviewSession(sample: "zhoukou-2023-unruled.pdf")
        defer { review.stop() }
        let timings = try await onOwnThread { () throws -> [Double] in
            let page = try review.openReport()
            var timings: [Double] = []
            for count in 1...20 {
                try page.press("Enter")
                try page.waitForDecisions(count)
                timings.append(Double(try page.evaluate("document.body.dataset.lastDecisionMs") as? String ?? "") ?? .infinity)
            }
            return timings.sorted()
        }
        let median = timings[timings.count / 2]
        print("review decision latency in Chromium over \(timings.count) decisions: median \(median) ms, slowest \(timings.last ?? 0) ms")
        #expect(timings.count == 20 && (timings.last ?? .infinity) < 1000, "\(timings)")
    }
}

/// A store batched from samples, `gongkai review` serving it on a port the system picks, and
/// a headless browser to open the first sample's screen in.
final class ReviewSession: @unchecked Sendable {
    let scratch: URL
    let store: String
    /// Each sample's content hash, in the order given.
    let hashes: [String]
    var hash: String { hashes[0] }
    let address: String
    private let server: Process

    convenience init(sample: String) throws {
        try self.init(samples: [sample])
    }

    init(samples: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: KillTests.executable.path) else { throw BrowserError("gongkai is built beside the tests") }
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-browser-\(UUID().uuidString)")
        let inbox = scratch.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let files = samples.map { inbox.appendingPathComponent($0) }
        for (sample, file) in zip(samples, files) {
            try FileManager.default.copyItem(atPath: SourceReaderTests.path("Samples/inbox/\(sample)"), toPath: file.path)
        }
        store = scratch.appendingPathComponent("records.sqlite").path
        _ = try runGongkai(["batch", "--inbox", inbox.path, "--store", store])
        hashes = try files.map { try ContentHash.sha256(of: Data(contentsOf: $0)) }
        server = Process()
        server.executableURL = KillTests.executable
        server.arguments = ["review", "--store", store, "--port", "0", "--reviewer", "browser-test"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        guard let address = try Self.address(from: output.fileHandleForReading) else { throw BrowserError("gongkai review printed no address") }
        self.address = address
    }

    func stop() {
        server.terminate()
        server.waitUntilExit()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The report's review screen, loaded, in a new headless browser.
    func openReport() throws -> BrowserPage {
        guard let executable = HeadlessBrowser.executable else { throw BrowserError("chromium is installed (scripts/setup installs it)") }
        let page = try BrowserPage(browser: HeadlessBrowser(executable: executable))
        // On loopback the printed address is the app's root, with no token.
        try page.open(address + "report/\(hash)")
        try page.waitFor("document.activeElement && document.activeElement.tagName === 'INPUT'")
        return page
    }

    /// The address from `review: http://127.0.0.1:PORT/ …`, the line `gongkai review` prints.
    private static func address(from output: FileHandle) throws -> String? {
        var text = ""
        while let chunk = try output.read(upToCount: 1), !chunk.isEmpty {
            text += String(decoding: chunk, as: UTF8.self)
            guard text.hasSuffix("\n") else { continue }
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("review: http") }) {
                return line.split(separator: " ").dropFirst().first.map(String.init)
            }
        }
        return nil
    }
}

/// One page of a headless browser, driven as a reviewer's keyboard would.
final class BrowserPage {
    let browser: HeadlessBrowser
    private var session = ""

    init(browser: HeadlessBrowser) throws {
        self.browser = browser
        let targets = try browser.call("Target.getTargets")["targetInfos"] as? [[String: Any]] ?? []
        guard let target = targets.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String,
              let session = try browser.call("Target.attachToTarget", ["targetId": target, "flatten": true])["sessionId"] as? String else {
            throw BrowserError("no page in the browser")
        }
        self.session = session
        try browser.call("Page.enable", session: session)
    }

    func open(_ url: String) throws {
        try browser.call("Page.navigate", ["url": url], session: session)
        try browser.waitFor("Page.loadEventFired", session: session)
    }

    @discardableResult
    func evaluate(_ expression: String) throws -> Any? { try browser.evaluate(expression, session: session) }

    func type(_ text: String) throws { try browser.call("Input.insertText", ["text": text], session: session) }

    /// A key pressed and released; `modifiers` as DevTools counts them (8: Shift).
    func press(_ key: String, modifiers: Int = 0) throws {
        let special: [String: (code: String, number: Int, text: String?)] = [
            "Enter": ("Enter", 13, "\r"), "Tab": ("Tab", 9, nil), "Escape": ("Escape", 27, nil)]
        let (code, number, text) = special[key] ?? ("Key" + key.uppercased(), Int(key.uppercased().unicodeScalars.first?.value ?? 0), key)
        for type in ["keyDown", "keyUp"] {
            var event: [String: Any] = ["type": type, "key": key, "code": code, "windowsVirtualKeyCode": number,
                                        "nativeVirtualKeyCode": number, "modifiers": modifiers]
            if type == "keyDown", let text { event["text"] = text }
            try browser.call("Input.dispatchKeyEvent", event, session: session)
        }
    }

    /// Waits until `condition` (a script expression) is true in the page, up to 10 s.
    func waitFor(_ condition: String) throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if try evaluate("!!(\(condition))") as? Bool == true { return }
            usleep(10_000)
        }
        throw BrowserError("the page never got to: \(condition); it says: \(try evaluate("document.getElementById('status').textContent") ?? "")")
    }

    /// Waits until the page has saved `count` decisions since it was opened.
    func waitForDecisions(_ count: Int) throws {
        try waitFor("Number(document.body.dataset.decisions || 0) >= \(count)")
    }
}

/// Runs `gongkai` to the end and returns its standard output.
func runGongkai(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = KillTests.executable
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// Runs blocking work (pipes, sockets) on a thread of its own, off Swift's small cooperative pool.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

@Suite struct ReviewCommandTests {
    /// A port another program holds: one line that says so, exit status 1.
    @Test func aPortInUseIsSaidInOneLine() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        #expect(bound && listen(listener, 1) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-port-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inbox = scratch.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        _ = try runGongkai(["batch", "--inbox", inbox.path, "--store", scratch.appendingPathComponent("records.sqlite").path])
        let process = Process()
        process.executableURL = KillTests.executable
        process.arguments = ["review", "--store", scratch.appendingPathComponent("records.sqlite").path, "--port", String(port)]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text == "Error: 127.0.0.1:\(port) is in use (another review server?): stop it, or choose another port with --port\n")
    }
}
