import DocumentModel
import Foundation
import RecordStore
import RecordModel
import ReportParser
import ReviewServer
import SourceReading
#if canImport(Glibc)
import Glibc
#endif

/// A response as it came over the socket: status, headers (names lower-cased), body.
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A plain HTTP/1.1 client over a socket: redirects and cookies stay visible to the test, as
/// the server sent them. The socket blocks, so it runs on a thread of its own: the server's
/// handlers need the few threads of Swift's cooperative pool.
func request(_ method: String, _ path: String, port: Int, headers: [String: String] = [:], json: [String: Any]? = nil) async throws -> HTTPReply {
    let body = try json.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    return try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try blockingRequest(method, path, port: port, headers: headers, body: body) })
        }.start()
    }
}

/// A decision as the review screen's script posts it, with the page's CSRF token.
func decide(_ port: Int, csrf: String, _ body: [String: Any]) async throws -> HTTPReply {
    try await request("POST", "/api/decision", port: port, headers: ["X-CSRF-Token": csrf], json: body)
}

extension HTTPReply {
    /// The body as a JSON object.
    var object: [String: Any] {
        get throws {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw TestServerError("not a JSON object: \(text)") }
            return object
        }
    }
}

private func blockingRequest(_ method: String, _ path: String, port: Int, headers: [String: String], body: String?) throws -> HTTPReply {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { throw TestServerError("socket: \(errno)") }
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw TestServerError("connect: \(errno)") }
    // A server that stalls fails the test (no HTTP head) instead of hanging it.
    var patience = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &patience, socklen_t(MemoryLayout<timeval>.size))
    let body = body ?? ""
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if !body.isEmpty { head += "Content-Type: application/json\r\n" }
    head += "Content-Length: \(body.utf8.count)\r\n\r\n"
    let outgoing = Array((head + body).utf8)
    var sent = 0
    while sent < outgoing.count {
        let written = outgoing[sent...].withUnsafeBytes { send(socketDescriptor, $0.baseAddress, $0.count, 0) }
        guard written > 0 else { throw TestServerError("send: \(errno)") }
        sent += written
    }
    var incoming = Data()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = recv(socketDescriptor, &buffer, buffer.count, 0)
        if count <= 0 { break }
        incoming.append(contentsOf: buffer[0..<count])
    }
    guard let split = incoming.firstRange(of: Data("\r\n\r\n".utf8)) else { throw TestServerError("no HTTP head in \(incoming.count) bytes") }
    let lines = String(decoding: incoming[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    guard let status = lines.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { throw TestServerError("no status line") }
    var replyHeaders: [String: String] = [:]
    for line in lines.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        replyHeaders[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return HTTPReply(status: status, headers: replyHeaders, body: incoming[split.upperBound...])
}

/// The CSRF token the server put in a report's page.
func csrfToken(in page: String) throws -> String {
    let marker = #"<meta name="csrf" content=""#
    guard let start = page.range(of: marker)?.upperBound else { throw TestServerError("no CSRF token in the page") }
    return String(page[start...].prefix { $0 != "\"" })
}

func formEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs the review app on a free port for `body`, then stops it.
func withReviewServer(_ store: RecordStore, token: String? = nil, _ body: (Int) async throws -> Void) async throws {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let configuration = ReviewConfiguration(port: 0, threshold: 0.9, reviewer: "tester", accessToken: token)
    let server = Task { try await ReviewServer.run(store: store, configuration: configuration) { continuation.yield($0) } }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else { throw TestServerError("the server did not start") }
    try await body(port)
}

enum Samples {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ name: String) -> String { repository.appendingPathComponent("Samples/inbox/\(name)").path }

    /// A new store holding the records of `names` (sample files), as the batch would save them;
    /// `altering` changes a file's record before it is saved (a value one file reads otherwise).
    static func store(_ names: [String], altering: (String, inout ReportRecord) -> Void = { _, _ in })
        throws -> (RecordStore, directory: URL, hashes: [String: String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-review-\(UUID().uuidString)")
        let store = try RecordStore(path: directory.appendingPathComponent("records.sqlite").path)
        var hashes: [String: String] = [:]
        for name in names {
            let path = path(name)
            let hash = try ContentHash.sha256(of: Data(contentsOf: URL(fileURLWithPath: path)))
            let document = try SourceReader.read(path: path)
            var record = ReportParser.parse(document, source: SourceInfo(
                file: name, sha256: hash, kind: document.kind, pages: document.kind == .pdf ? document.pages.count : nil))
            altering(name, &record)
            _ = try store.claim(sha256: hash, owner: .current)
            try store.save(record, path: path, threshold: 0.9)
            hashes[name] = hash
        }
        return (store, directory, hashes)
    }

    /// A record as a hostile or damaged document could leave it: every field of the 2021 template
    /// doubtful (0.5), read from `source`, saved to `store` as the file at `path`.
    /// `missing` fields have no value (nothing read, confidence 0); `agencyConfidence` under 0.9
    /// puts the agency in review too.
    static func save(to store: RecordStore, hash: String, file: String, path: String, kind: SourceKind, pages: Int? = nil,
                     agency: String = "测试局", agencyConfidence: Double = 0.9, source: FieldSource, raw: String = "1",
                     notes: [String] = [], missing: Set<String> = []) throws {
        let fields = FieldCatalog.fields(of: .v2021).map { definition in
            missing.contains(definition.key)
                ? FieldValue(key: definition.key, value: nil, raw: nil, confidence: 0, source: nil, notes: ["no cell at the labels' crossing"])
                : FieldValue(key: definition.key, value: .integer(0), raw: raw, confidence: 0.5, source: source, notes: notes)
        }
        let record = ReportRecord(source: SourceInfo(file: file, sha256: hash, kind: kind, pages: pages),
                                  agency: RecordAttribute(value: agency, confidence: agencyConfidence),
                                  year: RecordAttribute(value: 2023, confidence: 0.9),
                                  template: RecordAttribute(value: .v2021, confidence: 0.9), fields: fields, checks: [])
        _ = try store.claim(sha256: hash, owner: .current)
        try store.save(record, path: path, threshold: 0.9)
    }
}
