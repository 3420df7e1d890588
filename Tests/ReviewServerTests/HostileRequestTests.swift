import DocumentModel
import Foundation
import GRDB
import PDFExtraction
@testable import RecordStore
import RecordModel
import ReportParser
import ReviewServer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the hostile-input run of issue 13 sent the review app: parameters out of every range, a
/// page 1e14 points wide, a recorded file replaced by a FIFO, an off-site redirect, a forged post.
/// Each answers with a status and a line that says why, and the server answers the next request.
@Suite struct HostileRequestTests {
    static let hash = String(repeating: "b", count: 64)
    static let key = "s2.licensing.decisions"
    static let cell = FieldSource.pdf(page: 1, box: BoundingBox(x0: 2, y0: 2, x1: 20, y1: 8))

    /// A new store in a scratch directory, removed after `body`.
    func withScratchStore(_ body: (RecordStore, URL) async throws -> Void) async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(store, directory)
    }

    @Test func filtersOutOfRangeAre400AndEmptyOnesAreNoFilter() async throws {
        try await withScratchStore { store, _ in
            try Samples.save(to: store, hash: Self.hash, file: "a.pdf", path: "/nowhere/a.pdf", kind: .pdf, pages: 1, source: Self.cell)
            try await withReviewServer(store) { port in
                for query in ["year=9223372036854775808", "year=-1", "year=abc"] {
                    let reply = try await request("GET", "/?\(query)", port: port)
                    #expect(reply.status == 400 && reply.text == "year must be a year such as 2023, or empty for every year\n", "\(query)")
                    #expect(reply.headers["content-type"] == "text/plain; charset=utf-8")
                }
                for query in ["confidence=nan", "confidence=inf", "confidence=-0.5", "confidence=1e400"] {
                    let reply = try await request("GET", "/?\(query)", port: port)
                    #expect(reply.status == 400 && reply.text == "confidence must be a number from 0 to 1, or empty\n", "\(query)")
                }
                // Empty boxes, as a form sends them, and an agency no report has: a page, not an error.
                let empty = try await request("GET", "/?agency=&year=&reason=&confidence=", port: port)
                #expect(empty.status == 200 && empty.text.contains("0 of 200 doubtful values decided · 1 reports left"))
                let none = try await request("GET", "/?agency=%3Cscript%3E", port: port)
                #expect(none.status == 200 && none.text.contains("No report matches these filters."))
            }
        }
    }

    @Test func namesOutOfTheirRangeAre400AndWellFormedUnknownOnes404() async throws {
        try await withScratchStore { store, _ in
            try Samples.save(to: store, hash: Self.hash, file: "a.pdf", path: "/nowhere/a.pdf", kind: .pdf, pages: 1, source: Self.cell)
            let report = "/report/\(Self.hash)"
            let zeros = String(repeating: "0", count: 64)
            let expected: [(path: String, status: Int, text: String)] = [
                ("/report/xyz", 400, "a report is named by its content hash: 64 hex digits, lower-case\n"),
                ("/report/\(Self.hash.uppercased())", 400, "a report is named by its content hash: 64 hex digits, lower-case\n"),
                ("/report/\(zeros)", 404, "no report with content hash \(zeros) in the store\n"),
                ("\(report)/page/0.png", 400, "a page number must be a whole number from 1 to 2147483647\n"),
                ("\(report)/page/9223372036854775808.png", 400, "a page number must be a whole number from 1 to 2147483647\n"),
                ("\(report)/page/1", 404, "Not Found\n"),
                ("\(report)/page/x.png", 400, "a page number must be a whole number from 1 to 2147483647\n"),
                ("\(report)/page/2.png", 404, "the report has no page 2\n"),
                ("\(report)/field/nope.png", 400, "not a field key of the template\n"),
                ("/no/such/page", 404, "Not Found\n"),
            ]
            try await withReviewServer(store) { port in
                for (path, status, text) in expected {
                    let reply = try await request("GET", path, port: port)
                    #expect(reply.status == status && reply.text == text, "\(path): \(reply.status) \(reply.text)")
                    // Error answers keep the security headers.
                    #expect(reply.headers["x-content-type-options"] == "nosniff")
                }
                // A browser is answered with a page, the screen's script with JSON.
                let html = try await request("GET", "/report/\(zeros)", port: port, headers: ["Accept": "text/html,*/*"])
                #expect(html.status == 404 && html.headers["content-type"] == "text/html; charset=utf-8")
                #expect(html.text.contains("<h1>404 · Not found</h1>") && html.text.contains("no report with content hash \(zeros) in the store"))
                let api = try await request("GET", "/api/nothing", port: port, headers: ["Accept": "text/html"])
                #expect(api.status == 404 && api.headers["content-type"] == "application/json" && api.text == #"{"error":"Not Found"}"#)
                // A page in range whose file is gone: the reason, in a line.
                let missing = try await request("GET", "\(report)/page/1.png", port: port)
                #expect(missing.status == 404)
                #expect(missing.text == "page 1 of /nowhere/a.pdf cannot be shown: cannot read the file: No such file or directory\n")
            }
        }
    }

    @Test func aPageTooLargeToDrawIsRefusedAndTheServerStaysUp() async throws {
        try await withScratchStore { store, directory in
            // The 641-byte file of the issue: three characters on a page 1e14 points wide.
            let huge = directory.appendingPathComponent("huge.pdf")
            try onePagePDF(mediaBox: "0 0 100000000000000 10").write(to: huge)
            try Samples.save(to: store, hash: Self.hash, file: "huge.pdf", path: huge.path, kind: .pdf, pages: 1, source: Self.cell)
            // The same file on a page of ordinary size draws: what is refused is the size alone.
            let small = directory.appendingPathComponent("small.pdf")
            try onePagePDF(mediaBox: "0 0 200 100").write(to: small)
            let smallHash = String(repeating: "c", count: 64)
            try Samples.save(to: store, hash: smallHash, file: "small.pdf", path: small.path, kind: .pdf, pages: 1, source: Self.cell)
            try await withReviewServer(store) { port in
                let refusal = "page 1 of \(huge.path) cannot be shown: refused: page 1 is 100000000000000.0 × 10.0 points: too large to show\n"
                for path in ["/report/\(Self.hash)/page/1.png", "/report/\(Self.hash)/field/\(Self.key).png"] {
                    let reply = try await request("GET", path, port: port)
                    #expect(reply.status == 404 && reply.text == refusal, "\(path): \(reply.text)")
                }
                let drawn = try await request("GET", "/report/\(smallHash)/page/1.png", port: port)
                #expect(drawn.status == 200 && drawn.headers["content-type"] == "image/png")
                #expect(try pngSize(drawn.body) == (300, 150))
                #expect(try await request("GET", "/", port: port).status == 200)
            }
        }
    }

    @Test func aRecordedFileReplacedByAFIFOIsRefusedWithoutStalling() async throws {
        try await withScratchStore { store, directory in
            let pdf = directory.appendingPathComponent("a.pdf").path
            let docx = directory.appendingPathComponent("b.docx").path
            #expect(mkfifo(pdf, 0o600) == 0 && mkfifo(docx, 0o600) == 0)
            try Samples.save(to: store, hash: Self.hash, file: "a.pdf", path: pdf, kind: .pdf, pages: 1, source: Self.cell)
            try Samples.save(to: store, hash: String(repeating: "c", count: 64), file: "b.docx", path: docx, kind: .docx,
                             source: .docx(table: 1, row: 0, column: 0))
            try await withReviewServer(store) { port in
                // No writer ever opens the FIFOs: a reader that opened them would wait for good,
                // and the client gives up after 30 s with no answer.
                let start = ContinuousClock.now
                let page = try await request("GET", "/report/\(Self.hash)/page/1.png", port: port)
                #expect(page.status == 404)
                #expect(page.text == "page 1 of \(pdf) cannot be shown: cannot read the file: not a regular file (a FIFO, a device or a socket is not opened)\n")
                // The DOCX's table cannot be shown beside its fields; its screen still answers.
                let screen = try await request("GET", "/report/\(String(repeating: "c", count: 64))", port: port)
                #expect(screen.status == 200 && screen.text.contains(
                    "table 1 cannot be shown: cannot read the file: not a regular file (a FIFO, a device or a socket is not opened)"))
                // A stalled read would hold the answer to the client's 30 s; two debug-build answers
                // on a loaded two-core machine have taken over 10 s.
                #expect(ContinuousClock.now - start < .seconds(25))
            }
        }
    }

    @Test func anUnexpectedErrorIsA500WithALineAndTheDetailStaysInTheLog() async throws {
        try await withScratchStore { store, _ in
            // A store that fails under the server: the queue's query finds no review table.
            try await store.pool.write { try $0.execute(sql: "DROP TABLE review") }
            try await withReviewServer(store) { port in
                let reply = try await request("GET", "/", port: port)
                #expect(reply.status == 500 && reply.text == "The server could not answer this request; its log says why.\n")
                #expect(reply.headers["content-type"] == "text/plain; charset=utf-8")
                let page = try await request("GET", "/", port: port, headers: ["Accept": "text/html"])
                #expect(page.status == 500 && page.text.contains("<h1>500 · Server error</h1>"))
            }
        }
    }

    @Test func theTokenRedirectStaysOnTheApp() async throws {
        try await withScratchStore { store, _ in
            try await withReviewServer(store, token: "t0ken") { port in
                for (path, location) in [("//evil.example/?token=t0ken", "/"), ("/\\evil.example/?token=t0ken", "/"),
                                         ("/report/\(Self.hash)?token=t0ken", "/report/\(Self.hash)")] {
                    let reply = try await request("GET", path, port: port)
                    #expect(reply.status == 303 && reply.headers["location"] == location, "\(path): \(reply.headers)")
                }
            }
        }
    }

    @Test func aPostWithoutItsTokenOrItsFieldsIsRefusedWithAReason() async throws {
        try await withScratchStore { store, _ in
            try Samples.save(to: store, hash: Self.hash, file: "a.pdf", path: "/nowhere/a.pdf", kind: .pdf, pages: 1, source: Self.cell)
            try await withReviewServer(store) { port in
                let body: [String: Any] = ["sha256": Self.hash, "key": Self.key, "decision": "accepted"]
                let forged = try await request("POST", "/api/decision", port: port, json: body)
                #expect(forged.status == 403 && forged.text.contains("this page's token is not this server's"))
                let token = try csrfToken(in: try await request("GET", "/report/\(Self.hash)", port: port).text)
                for partial: [String: Any] in [["decision": "accepted"], ["sha256": Self.hash, "key": "nope", "decision": "accepted"],
                                               ["sha256": String(repeating: "0", count: 64), "key": Self.key, "decision": "accepted"]] {
                    let reply = try await decide(port, csrf: token, partial)
                    #expect(reply.status == 400 && reply.text == #"{"error":"no such value to decide on"}"#)
                }
                let unknown = try await decide(port, csrf: token, ["sha256": Self.hash, "key": Self.key, "decision": "approved"])
                #expect(unknown.status == 400 && unknown.text.contains("a decision is accepted, corrected, unreadable or absent"))
                let notJSON = try await request("POST", "/api/decision", port: port, headers: ["X-CSRF-Token": token])
                #expect(notJSON.status == 400 && notJSON.text.contains("the decision cannot be read"))
                // A number too large for the field is refused, not turned into a trap.
                let huge = try await decide(port, csrf: token, ["sha256": Self.hash, "key": Self.key, "decision": "corrected", "value": "1e400"])
                #expect(huge.status == 400)
                #expect(try store.reviews(sha256: Self.hash).isEmpty)
            }
        }
    }
}

/// A one-page PDF of three characters on a page of `mediaBox`, as the file writes it.
func onePagePDF(mediaBox: String) -> Data {
    let content = "BT /F1 8 Tf 1 1 Td (abc) Tj ET"
    return Data(MinimalPDF.bytes(objects: [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [\(mediaBox)] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
}
