import DocumentModel
import Foundation
import Hummingbird
import PDFExtraction
import RecordStore
import RecordModel
import SourceReading

/// The app's routes. GETs only read; the one state-changing request is a POST with the CSRF token.
struct ReviewRoutes: Sendable {
    let store: RecordStore
    let configuration: ReviewConfiguration
    /// Put in every form and required back: another site's page cannot read it, so cannot post.
    let csrfToken: String
    let images = MemoryCache<Data>(capacity: 128)
    let tables = MemoryCache<[Table]>(capacity: 16)

    func register(on router: Router<BasicRequestContext>) {
        router.get("/assets/review.css") { _, _ in Self.text(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/review.js") { _, _ in Self.text(Assets.javaScript, type: "text/javascript; charset=utf-8") }
        router.get("/") { request, _ in try await queue(request) }
        router.get("/report/:sha256") { _, context in
            let stored = try await report(context)
            return Self.html(Pages.report(stored, threshold: configuration.threshold))
        }
        router.get("/report/:sha256/field/:file") { request, context in
            try await cachedPNG(request) { try await fieldImage(context) }
        }
        router.get("/report/:sha256/page/:file") { request, context in
            try await cachedPNG(request) { try await pageImage(context) }
        }
        router.post("/review") { request, context in try await decide(request, context: context) }
    }

    // MARK: pages

    private func queue(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let offset = try query["offset"].map { try RouteParameters.integer($0, named: "offset", in: RouteParameters.offsets) } ?? 0
        let queued = try store.reviewQueue(threshold: configuration.threshold)
        var entries: [QueueEntry] = []
        for item in queued.dropFirst(offset).prefix(configuration.pageSize) {
            guard let stored = try store.report(sha256: item.sha256) else { continue }
            entries.append(QueueEntry(queued: item, report: stored, tables: await docxTables(stored)))
        }
        // After a decision: its report's checks, run again, and the next field of that report.
        var banner = ""
        var focus = entries.first.flatMap { entry in entry.queued.keys.first.map { (entry.queued.sha256, $0) } }
        if let after = try query["after"].map({ try RouteParameters.contentHash(String($0)) }),
           let key = try query["key"].map({ try RouteParameters.fieldKey(String($0)) }) {
            let entry = entries.first { $0.queued.sha256 == after }
            if let stored = try entry?.report ?? store.report(sha256: after) { banner = Pages.checksBanner(stored, decided: key) }
            if let next = entry?.queued.keys.first { focus = (after, next) }
        }
        let total = (fields: queued.reduce(0) { $0 + $1.keys.count }, reports: queued.count)
        return Self.html(Pages.queue(entries, total: total, offset: offset, pageSize: configuration.pageSize,
                                     threshold: configuration.threshold, csrf: csrfToken, focus: focus, banner: banner))
    }

    /// The report a path names, or a 404 that says so.
    private func report(_ context: BasicRequestContext) async throws -> StoredReport {
        let sha256 = try RouteParameters.contentHash(context.parameters.get("sha256"))
        guard let stored = try store.report(sha256: sha256) else {
            throw HTTPError(.notFound, message: "no report with content hash \(sha256) in the store")
        }
        return stored
    }

    /// A DOCX's tables, read again from the file (a few milliseconds), for showing a field's row.
    private func docxTables(_ stored: StoredReport) async -> [Table] {
        guard stored.extracted.source.kind == .docx else { return [] }
        if let cached = await tables.value(for: stored.extracted.source.sha256) { return cached }
        guard let document = try? SourceReader.read(path: recordedFile(stored)) else { return [] }
        await tables.store(document.tables, for: stored.extracted.source.sha256)
        return document.tables
    }

    // MARK: images

    /// A PNG from the cache, else rendered by `render` and kept. The path names the image (a
    /// report's content never changes under its hash), so a cached image is found before the
    /// record is read at all.
    private func cachedPNG(_ request: Request, render: () async throws -> Data) async throws -> Response {
        let cacheKey = request.uri.path
        let image: Data
        if let cached = await images.value(for: cacheKey) {
            image = cached
        } else {
            image = try await render()
            await images.store(image, for: cacheKey)
        }
        // The browser may keep it too.
        return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: image)))
    }

    /// The page region around a field's cell, the cell highlighted.
    private func fieldImage(_ context: BasicRequestContext) async throws -> Data {
        let key = try RouteParameters.fieldKey(RouteParameters.imageName(context.parameters.get("file")))
        let stored = try await report(context)
        guard let field = stored.extracted.field(key), case .pdf(let page, let box)? = field.source else {
            throw HTTPError(.notFound, message: "no PDF source box for \(key)")
        }
        // The full width of the page, a band around the cell: its row and column labels show.
        let region = BoundingBox(x0: 0, y0: box.y0 - 90, x1: .greatestFiniteMagnitude, y1: box.y1 + 90)
        return try render(stored, page: page, region: region, highlight: box)
    }

    private func pageImage(_ context: BasicRequestContext) async throws -> Data {
        let name = try RouteParameters.imageName(context.parameters.get("file"))
        let page = try RouteParameters.integer(Substring(name), named: "a page number", in: RouteParameters.pageNumbers)
        let stored = try await report(context)
        guard page <= stored.extracted.source.pages ?? 0 else {
            throw HTTPError(.notFound, message: "the report has no page \(page)")
        }
        return try render(stored, page: page, region: nil, highlight: nil)
    }

    private func render(_ stored: StoredReport, page: Int, region: BoundingBox?, highlight: BoundingBox?) throws -> Data {
        do {
            return try PageImage.png(path: recordedFile(stored), pageNumber: page, region: region, highlight: highlight,
                                     scale: region == nil ? 1.5 : 2)
        } catch {
            throw HTTPError(.notFound, message: "page \(page) of \(stored.filePath) cannot be shown: \(error.reasonText)")
        }
    }

    /// The recorded file's path, once it is known to be a regular file. The path may since have
    /// been replaced by a FIFO or a device, whose opening or reading would hold the handler's
    /// thread for good, and with the pool's few threads taken, every request; `stat` only looks.
    private func recordedFile(_ stored: StoredReport) throws(ExtractionError) -> String {
        let path = stored.filePath
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ExtractionError(file: path, reason: .unreadable(String(cString: strerror(errno))))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ExtractionError(file: path, reason: .unreadable("not a regular file (a FIFO, a device or a socket is not opened)"))
        }
        return path
    }

    // MARK: decisions

    /// Every field optional: a form without one (a forged post without `csrf`, say) is answered
    /// with what is wrong with it, where a missing key would fail decoding as a whole.
    struct DecisionForm: Decodable {
        var csrf: String?
        var sha256: String?
        var key: String?
        var decision: String?
        var value: String?
    }

    private func decide(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: 16 * 1024)
        guard let form = try? URLEncodedFormDecoder().decode(DecisionForm.self, from: String(buffer: body)) else {
            return Self.html(Pages.message("Not saved", "The form cannot be read."), status: .badRequest)
        }
        guard let csrf = form.csrf, sameSecret(csrf, csrfToken) else {
            return Self.html(Pages.message("Not saved", "The form's token is not this server's: reload the queue and decide again."), status: .forbidden)
        }
        guard let sha256 = form.sha256, let key = form.key, let stored = try store.report(sha256: sha256),
              let field = stored.extracted.field(key), var decision = form.decision.flatMap(FieldReview.Decision.init(rawValue:)) else {
            return Self.html(Pages.message("Not saved", "No such field to decide on."), status: .badRequest)
        }
        let typed = form.value?.trimmingCharacters(in: .whitespaces) ?? ""
        // Enter in the value box submits the form as "accept": a number typed there is a correction.
        if decision == .accepted, !typed.isEmpty { decision = .corrected }
        let value: FieldNumber?
        switch decision {
        case .accepted: value = field.value
        case .unreadable: value = nil
        case .corrected:
            guard let number = FieldReview.typedValue(typed, key: key) else {
                return Self.html(Pages.message("Not saved", "`\(typed)` is not a number for \(Pages.labelPath(key)): type the number as the page shows it, without units."),
                                 status: .badRequest)
            }
            value = number
        }
        try store.saveReview(sha256: sha256, FieldReview(key: key, decision: decision, value: value,
                                                         reviewer: configuration.reviewer, decidedAt: Date()))
        return Response(status: .seeOther, headers: [.location: "/?after=\(urlComponent(sha256))&key=\(urlComponent(key))"])
    }

    // MARK: responses

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        self.text(text, type: "text/html; charset=utf-8", status: status)
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// A small in-memory cache, oldest entry out first: rendered page regions and DOCX tables.
actor MemoryCache<Value: Sendable> {
    private let capacity: Int
    private var entries: [String: Value] = [:]
    private var order: [String] = []

    init(capacity: Int) { self.capacity = capacity }

    func value(for key: String) -> Value? { entries[key] }

    func store(_ value: Value, for key: String) {
        if entries.updateValue(value, forKey: key) == nil { order.append(key) }
        if order.count > capacity { entries[order.removeFirst()] = nil }
    }
}
