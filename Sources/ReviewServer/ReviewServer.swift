import DocumentModel
import Foundation
import Hummingbird
import NIOCore
import RecordStore
import RecordModel
import SourceReading

/// How `gongkai review` serves.
public struct ReviewConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Fields under it, with no decision yet, make the queue.
    public var threshold: Double
    /// Who the decisions are stored under.
    public var reviewer: String
    /// When set, every request must carry it (once in the URL, then as a cookie). Required when
    /// the server is bound to anything but loopback.
    public var accessToken: String?

    public init(host: String = "127.0.0.1", port: Int = 8600, threshold: Double = 0.9, reviewer: String,
                accessToken: String? = nil) {
        self.host = host
        self.port = port
        self.threshold = threshold
        self.reviewer = reviewer
        self.accessToken = accessToken
    }

    public var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") }
}

public enum ReviewServerError: Error, CustomStringConvertible {
    case tokenRequired(host: String)
    case portInUse(host: String, port: Int)

    public var description: String {
        switch self {
        case .tokenRequired(let host): "bound to \(host), beyond loopback, the review server needs an access token"
        case .portInUse(let host, let port): "\(host):\(port) is in use (another review server?): stop it, or choose another port with --port"
        }
    }
}

/// The review web app: the queue of doubtful fields beside their source, the report view, and
/// the decisions, stored beside the extracted values.
public enum ReviewServer {
    /// A random token of 32 hex digits, for CSRF and access tokens.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// Serves until the task is cancelled or the process is told to stop (SIGINT, SIGTERM).
    /// `onRunning` gets the port bound (the one asked for, or the system's choice for port 0).
    public static func run(store: RecordStore, configuration: ReviewConfiguration,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        guard configuration.isLoopback || configuration.accessToken != nil else {
            throw ReviewServerError.tokenRequired(host: configuration.host)
        }
        let routes = ReviewRoutes(store: store, configuration: configuration, csrfToken: randomToken())
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityMiddleware(accessToken: configuration.accessToken))
        // Inside the security headers, so that error answers carry them too.
        router.add(middleware: ErrorResponses())
        routes.register(on: router)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "gongkai-review"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) }
        )
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw ReviewServerError.portInUse(host: configuration.host, port: configuration.port)
        }
    }
}
