import ArgumentParser
import Foundation
import RecordStore
import ReviewServer

struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Serve the review app: the queue of doubtful fields beside the page they came from.",
        discussion: """
            Serves on 127.0.0.1 by default. Bound to any other address it requires an access token \
            (--token, or GONGKAI_REVIEW_TOKEN, or a random one), and prints the address to open with it.
            """
    )

    @OptionGroup var store: StoreOption

    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8600

    @OptionGroup var threshold: ThresholdOption

    @Option(help: "The name decisions are stored under (default: the login name).")
    var reviewer: String = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()

    @Option(help: "The access token every request must carry (default: GONGKAI_REVIEW_TOKEN; a random one beyond loopback).")
    var token: String?

    /// The ports a socket address holds; 0 asks the system for a free one. Out of range, NIO
    /// would keep the low 16 bits (70000 listens on 4464) instead of refusing.
    static let ports = 0...65_535

    func validate() throws {
        guard Self.ports.contains(port) else {
            throw ValidationError("--port must be from 1 to 65535, or 0 for any free port; not \(port)")
        }
    }

    func run() async throws {
        let records = try store.open(creating: false)
        var settings = ReviewConfiguration(host: host, port: port, threshold: threshold.value, reviewer: reviewer,
                                           accessToken: token ?? ProcessInfo.processInfo.environment["GONGKAI_REVIEW_TOKEN"])
        if !settings.isLoopback, settings.accessToken == nil { settings.accessToken = ReviewServer.randomToken() }
        let accessToken = settings.accessToken
        let host = self.host
        try await ReviewServer.run(store: records, configuration: settings) { port in
            let address = host.contains(":") ? "[\(host)]" : host
            let query = accessToken.map { "/?token=\($0)" } ?? "/"
            // Written at once, not buffered: a script or a service manager reads the address from it.
            FileHandle.standardOutput.write(Data("review: http://\(address):\(port)\(query) (store \(records.path)); Ctrl-C stops\n".utf8))
        }
    }
}
