import Foundation
import RecordStore
import RecordModel
import ReportParser
import Testing

/// The review app in a real headless browser (Debian's chromium, which scripts/setup installs):
/// open the queue, correct a value by keyboard, find the correction in the store and the export.
@Suite struct ReviewBrowserTests {
    @Test func aCorrectionTypedInTheQueueReachesTheStoreAndTheExport() async throws {
        let browserPath = try #require(HeadlessBrowser.executable, "chromium is installed (scripts/setup installs it)")
        try #require(FileManager.default.isExecutableFile(atPath: KillTests.executable.path), "gongkai is built beside the tests")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inbox = scratch.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: SourceReaderTests.path("Samples/inbox/suzhou-2023.pdf"),
                                         toPath: inbox.appendingPathComponent("suzhou-2023.pdf").path)
        let store = scratch.appendingPathComponent("records.sqlite").path
        _ = try run(["batch", "--inbox", inbox.path, "--store", store])

        // The review app as a user starts it, on a port the system picks.
        let server = Process()
        server.executableURL = KillTests.executable
        server.arguments = ["review", "--store", store, "--port", "0", "--reviewer", "browser-test"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let address = try #require(try Self.address(from: output.fileHandleForReading), "gongkai review prints its address")

        let page = try await onOwnThread { () throws -> (focused: String, fields: Int, after: String) in
            let browser = try HeadlessBrowser(executable: browserPath)
            let targets = try browser.call("Target.getTargets")["targetInfos"] as? [[String: Any]] ?? []
            guard let target = targets.first(where: { $0["type"] as? String == "page" })?["targetId"] as? String else {
                throw BrowserError("no page in the browser")
            }
            let session = try browser.call("Target.attachToTarget", ["targetId": target, "flatten": true])["sessionId"] as? String
            guard let session else { throw BrowserError("no session") }
            try browser.call("Page.enable", session: session)
            try browser.call("Page.navigate", ["url": address], session: session)
            try browser.waitFor("Page.loadEventFired", session: session)
            // The first field has the keyboard: the reviewer types at once.
            let focused = try browser.evaluate("document.activeElement ? document.activeElement.name : ''", session: session) as? String ?? ""
            let fields = try browser.evaluate("document.querySelectorAll('article.field').length", session: session) as? Int ?? 0
            try browser.call("Input.insertText", ["text": "629"], session: session)
            for type in ["keyDown", "keyUp"] {
                var key: [String: Any] = ["type": type, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13]
                if type == "keyDown" { key["text"] = "\r" }
                try browser.call("Input.dispatchKeyEvent", key, session: session)
            }
            try browser.waitFor("Page.loadEventFired", session: session)
            let after = try browser.evaluate("document.body.innerText", session: session) as? String ?? ""
            return (focused, fields, after)
        }
        #expect(page.focused == "value" && page.fields == 1)
        #expect(page.after.contains("Checks run again: 53 of 53 hold."))
        #expect(page.after.contains("Nothing to review."))

        // In the store: the decision beside the extracted value.
        let records = try RecordStore(path: store)
        let hash = try ContentHash.sha256(of: Data(contentsOf: inbox.appendingPathComponent("suzhou-2023.pdf")))
        let review = try #require(try records.reviews(sha256: hash).first)
        #expect(review.key == "s2.licensing.decisions" && review.decision == .corrected && review.value == .integer(629))
        #expect(review.reviewer == "browser-test")
        #expect(try records.report(sha256: hash)?.extracted.field("s2.licensing.decisions")?.value == .integer(6_290_000))
        // In the exports: the corrected value, nothing left to review, the provenance in the JSON.
        let csv = try run(["export", "--format", "csv", "--store", store]).split(separator: "\r\n").map(String.init)
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row = csv[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(row[header.firstIndex(of: "s2.licensing.decisions") ?? 0] == "629")
        #expect(row[header.firstIndex(of: "fields_to_review") ?? 0] == "0")
        let jsonl = try run(["export", "--format", "jsonl", "--store", store])
        #expect(jsonl.contains(#""value":629,"raw":"629万","confidence":1.00"#))
        #expect(jsonl.contains(#""review":{"decision":"corrected","reviewer":"browser-test""#))
    }

    /// Runs `gongkai` to the end and returns its standard output.
    private func run(_ arguments: [String]) throws -> String {
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

/// Runs blocking work (pipes, sockets) on a thread of its own, off Swift's small cooperative pool.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
