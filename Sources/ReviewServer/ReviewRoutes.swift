import DocumentModel
import Foundation
import Hummingbird
import RecordStore
import RecordModel
import SourceReading

/// The app's routes. GETs only read; the state-changing requests are small JSON POSTs that
/// must carry the page's CSRF token in a header.
struct ReviewRoutes: Sendable {
    let store: RecordStore
    let configuration: ReviewConfiguration
    /// Put in every page and required back: another site's page cannot read it, so cannot post.
    let csrfToken: String
    let images = MemoryCache<Data>(capacity: 128)
    let tables = MemoryCache<[Table]>(capacity: 16)

    /// The header the screen's script sends the token in (HTTPField.Name, as Hummingbird exports it).
    static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!

    func register(on router: Router<BasicRequestContext>) {
        router.get("/assets/review.css") { _, _ in Self.text(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/review.js") { _, _ in Self.text(Assets.javaScript, type: "text/javascript; charset=utf-8") }
        router.get("/") { request, _ in try reportList(request) }
        router.get("/finish") { _, _ in
            Self.html(Pages.finish(try store.reviewWork(threshold: configuration.threshold, countingBrokenChecks: false),
                                   checks: try store.unsettledChecks(threshold: configuration.threshold), storePath: store.path))
        }
        router.get("/report/:sha256") { _, context in try await reviewScreen(context) }
        router.get("/agency") { request, _ in try agencyPage(request) }
        router.get("/report/:sha256/field/{key}.png") { request, context in
            try await cachedPNG(request) { try await fieldImage(context) }
        }
        router.get("/report/:sha256/page/{page}.png") { request, context in
            try await cachedPNG(request) { try await pageImage(context) }
        }
        router.post("/api/decision") { request, context in try await decide(request, context: context) }
        router.post("/api/undo") { request, context in try await undo(request, context: context) }
    }

    // MARK: pages

    private func reportList(_ request: Request) throws -> Response {
        let filter = try RouteParameters.filter(request.uri.queryParameters)
        let work = try store.reviewWork(threshold: configuration.threshold)
        // The queue is empty: what is left is the checks and the export.
        if filter.isEmpty, Progress(work).reportsLeft == 0 {
            return Self.html(Pages.finish(work, checks: try store.unsettledChecks(threshold: configuration.threshold), storePath: store.path))
        }
        return Self.html(Pages.reportList(work, filter: filter, threshold: configuration.threshold, storePath: store.path))
    }

    /// One agency across the years (`?name=` as a title printed it).
    private func agencyPage(_ request: Request) throws -> Response {
        guard let name = request.uri.queryParameters["name"].map(String.init), !name.isEmpty else {
            throw HTTPError(.badRequest, message: "name the agency: /agency?name=… as a report's title prints it")
        }
        let reports = AgencyPage.byYear(try store.sourcedReports(agencyNamed: name, threshold: configuration.threshold))
        return Self.html(AgencyPage.html(name: name, reports: reports, threshold: configuration.threshold), status: reports.isEmpty ? .notFound : .ok)
    }

    /// A report's screen: `/report/HASH` names any of its files, whose pages or tables stand beside
    /// the values all its files give together (the address of a file is the report's, so the
    /// addresses from before reports had several files still lead to them).
    private func reviewScreen(_ context: BasicRequestContext) async throws -> Response {
        let sha256 = try RouteParameters.reportHash(context.parameters)
        let report = try reportUnderReview(sha256)
        let screen = try await screen(report, tables: markupTables(report.shownSource))
        return Self.html(try screen.html())
    }

    /// The review screen of a report, with the progress of the whole store.
    private func screen(_ report: ReportUnderReview, tables: Result<[Table], ExtractionError>) throws -> ReviewScreen {
        let files = Set(report.sources.map(\.extracted.source.sha256))
        let work = try store.reviewWork(threshold: configuration.threshold, countingBrokenChecks: false)
        let next = work.first { !files.contains($0.sha256) && !$0.keys.isEmpty }?.sha256
        return ReviewScreen(report: report, threshold: configuration.threshold, markupTables: tables,
                            progress: (Progress(work.filter { files.contains($0.sha256) }), Progress(work)),
                            nextReport: next, csrf: csrfToken)
    }

    /// The report a file belongs to, or a 404 that says so.
    private func reportUnderReview(_ sha256: String) throws -> ReportUnderReview {
        guard let report = try store.reportUnderReview(sha256: sha256, threshold: configuration.threshold) else {
            throw HTTPError(.notFound, message: "no report with content hash \(sha256) in the store")
        }
        return report
    }

    /// The file a path names (its pages, its cells), or a 404 that says so.
    private func report(_ context: BasicRequestContext) throws -> StoredReport {
        let sha256 = try RouteParameters.reportHash(context.parameters)
        guard let stored = try store.report(sha256: sha256) else {
            throw HTTPError(.notFound, message: "no report with content hash \(sha256) in the store")
        }
        return stored
    }

    /// A DOCX's or web page's tables, read again from the file (a few milliseconds), to show beside
    /// its values; for a file that cannot be read, the reason, which the screen shows in their place.
    private func markupTables(_ stored: StoredReport) async -> Result<[Table], ExtractionError> {
        guard stored.extracted.source.kind == .docx || stored.extracted.source.kind == .html else { return .success([]) }
        if let cached = await tables.value(for: stored.extracted.source.sha256) { return .success(cached) }
        do {
            let document = try SourceReader.read(path: recordedFile(stored))
            await tables.store(document.tables, for: stored.extracted.source.sha256)
            return .success(document.tables)
        } catch {
            return .failure(error)
        }
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
        let key = try RouteParameters.fieldKey(context.parameters)
        let stored = try report(context)
        guard let field = stored.extracted.field(key), case .pdf(let page, let box)? = field.source else {
            throw HTTPError(.notFound, message: "no PDF source box for \(key)")
        }
        // The full width of the page, a band around the cell: its row and column labels show.
        let region = BoundingBox(x0: 0, y0: box.y0 - 90, x1: .greatestFiniteMagnitude, y1: box.y1 + 90)
        return try render(stored, page: page, region: region, highlight: box)
    }

    private func pageImage(_ context: BasicRequestContext) async throws -> Data {
        let page = try RouteParameters.pageNumber(context.parameters)
        let stored = try report(context)
        guard page <= stored.extracted.source.pages ?? 0 else {
            throw HTTPError(.notFound, message: "the report has no page \(page)")
        }
        return try render(stored, page: page, region: nil, highlight: nil)
    }

    private func render(_ stored: StoredReport, page: Int, region: BoundingBox?, highlight: BoundingBox?) throws -> Data {
        do {
            return try SourceImages.pagePNG(path: recordedFile(stored), page: page, region: region, highlight: highlight,
                                            scale: region == nil ? PageScale.whole : 2)
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

    /// A decision as the screen's script posts it. Every member optional: a body without one is
    /// answered with what is wrong with it, where a missing key would fail decoding as a whole.
    struct DecisionRequest: Decodable {
        var sha256: String?
        /// One value decided, with `value` as typed.
        var key: String?
        /// Or several accepted at once (a table's values still in doubt).
        var keys: [String]?
        var decision: String?
        var value: String?
        /// For an undo: the decisions' numbers in the history.
        var ids: [Int64]?
    }

    /// What the screen updates itself from after decisions or an undo.
    struct DecisionReply: Encodable {
        /// The decisions saved, for the screen to undo them together.
        var ids: [Int64]
        var cells: [CellInfo]
        var checks: [CheckInfo]
        var progress: ProgressReply
        var next: String?
    }

    struct ProgressReply: Encodable {
        var report: Progress
        var all: Progress
    }

    /// A refusal the screen shows beside the cell, the reviewer kept on it.
    struct Refusal: Error {
        var status: HTTPResponse.Status
        var reason: String
    }

    private func decisionRequest(_ request: Request) async throws -> DecisionRequest {
        guard let offered = request.headers[Self.csrfHeader], sameSecret(offered, csrfToken) else {
            throw Refusal(status: .forbidden, reason: "this page's token is not this server's: reload the page and decide again")
        }
        let body = try await request.body.collect(upTo: 64 * 1024)
        do {
            return try JSONDecoder().decode(DecisionRequest.self, from: Data(buffer: body))
        } catch {
            throw Refusal(status: .badRequest, reason: "the decision cannot be read: a JSON object of sha256, key, decision and value")
        }
    }

    private func decide(_ request: Request, context: BasicRequestContext) async throws -> Response {
        do {
            let form = try await decisionRequest(request)
            let keys = form.keys ?? form.key.map { [$0] } ?? []
            let decidable = keys.compactMap { FieldKey(decidable: $0)?.rawValue }
            guard let sha256 = form.sha256.flatMap(ReportHash.init(rawValue:))?.rawValue, !keys.isEmpty, decidable.count == keys.count,
                  let report = try store.reportUnderReview(sha256: sha256, threshold: configuration.threshold) else {
                throw Refusal(status: .badRequest, reason: "no such value to decide on")
            }
            guard let decision = form.decision.flatMap(FieldReview.Decision.init(rawValue:)) else {
                throw Refusal(status: .badRequest, reason: "a decision is accepted, corrected, unreadable or absent")
            }
            guard form.keys == nil || decision == .accepted else {
                throw Refusal(status: .badRequest, reason: "only an acceptance is given to several values at once")
            }
            // Decided on the values the report's files give together, kept against each file.
            let reviews = try decidable.map { key in
                try FieldReview.decided(decision, typed: form.keys == nil ? form.value ?? "" : "", key: key,
                                        on: report.extracted, reviewer: configuration.reviewer)
            }
            let ids = try store.saveReviews(reviews, on: report)
            return try reply(sha256: sha256, keys: decidable, ids: ids)
        } catch let refusal as Refusal {
            return Self.json(["error": refusal.reason], status: refusal.status)
        }
    }

    private func undo(_ request: Request, context: BasicRequestContext) async throws -> Response {
        do {
            let form = try await decisionRequest(request)
            guard let sha256 = form.sha256.flatMap(ReportHash.init(rawValue:))?.rawValue, let ids = form.ids, !ids.isEmpty else {
                throw Refusal(status: .badRequest, reason: "an undo names the report and the decisions' numbers")
            }
            guard let report = try store.reportUnderReview(sha256: sha256, threshold: configuration.threshold) else {
                throw Refusal(status: .notFound, reason: "the report is no longer in the store")
            }
            let undone = try store.undoReviews(sha256: report.sources.map(\.extracted.source.sha256), ids: ids)
            guard !undone.isEmpty else {
                throw Refusal(status: .notFound, reason: "no such decision standing on this report: it may be undone already")
            }
            // A decision's copies, one per file, are one cell.
            var keys: [String] = []
            for key in undone.map(\.key) where !keys.contains(key) { keys.append(key) }
            return try reply(sha256: sha256, keys: keys, ids: [])
        } catch let refusal as Refusal {
            return Self.json(["error": refusal.reason], status: refusal.status)
        }
    }

    /// The values as they now stand, the report's checks run again, and the progress.
    private func reply(sha256: String, keys: [String], ids: [Int64]) throws -> Response {
        guard let report = try store.reportUnderReview(sha256: sha256, threshold: configuration.threshold) else {
            throw Refusal(status: .notFound, reason: "the report is no longer in the store")
        }
        let screen = try screen(report, tables: .success([]))
        return Self.json(DecisionReply(ids: ids, cells: keys.map(screen.cellInfo), checks: CheckInfo.all(report),
                                       progress: ProgressReply(report: screen.progress.report, all: screen.progress.all),
                                       next: screen.nextReport))
    }

    // MARK: responses

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        self.text(text, type: "text/html; charset=utf-8", status: status)
    }

    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok) -> Response {
        let body = (try? JSONEncoder().encode(value)) ?? Data(#"{"error":"the answer could not be written"}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func text(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Scales the review app draws pages at, pixels a point.
enum PageScale {
    /// A whole page beside its table: A4 is 893 pixels wide, readable at the side of the screen.
    static let whole = 1.5
}

extension FieldReview {
    /// The decision `decision` on `key` of `record`, with what the reviewer typed, or the reason
    /// it cannot stand. A typed value that differs from the value read makes an acceptance a
    /// correction (Enter saves what the box holds).
    static func decided(_ decision: Decision, typed rawTyped: String, key: String, on record: ReportRecord,
                        reviewer: String) throws(ReviewRoutes.Refusal) -> FieldReview {
        let typed = rawTyped.trimmingCharacters(in: .whitespaces)
        let label = Pages.labelPath(key)
        func refuse(_ reason: String) -> ReviewRoutes.Refusal { ReviewRoutes.Refusal(status: .badRequest, reason: reason) }
        if !FieldReview.attributeKeys.contains(key), record.field(key) == nil { throw refuse("this report's template has no \(label)") }
        let read = record.reading(of: key)
        var decision = decision
        if decision == .accepted, !typed.isEmpty, typed != read { decision = .corrected }
        if let refusal = refusal(decision, valueRead: read != nil) { throw refuse(refusal) }
        var review = FieldReview(key: key, decision: decision, value: nil, reviewer: reviewer, decidedAt: Date())
        switch (key, decision) {
        case (_, .unreadable), (_, .absent):
            break
        case ("agency", _):
            let name = decision == .accepted ? read ?? "" : typed
            guard !name.isEmpty, name.count <= 200 else { throw refuse("type the agency's name as the report gives it") }
            review.text = name
        case ("year", _):
            guard let year = Int(decision == .accepted ? read ?? "" : typed), (1949...2100).contains(year) else {
                throw refuse("`\(typed)` is not a year: type the report's year, such as 2023")
            }
            review.value = .integer(year)
        case ("template", .accepted):
            review.text = read
        case ("template", _):
            throw refuse("a report of the other template has other fields: it is read again from its file, not corrected here")
        case (_, .accepted):
            review.value = record.field(key)?.value
        default:
            guard let number = typedValue(typed, key: key) else {
                throw refuse("`\(typed)` is not a number for \(label): type the number as the page shows it, without units")
            }
            review.value = number
        }
        return review
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
