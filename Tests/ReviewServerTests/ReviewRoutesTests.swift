import Foundation
import RecordStore
import RecordModel
import ReportParser
import ReviewServer
import Testing

/// Every route of the review app over real HTTP, on a store holding real sample records:
/// Suzhou's `629万` (PDF and DOCX) and the unruled Zhoukou PDF, whose 200 fields all wait.
@Suite struct ReviewRoutesTests {
    static let names = ["suzhou-2023.pdf", "suzhou-2023.docx", "zhoukou-2023-unruled.pdf"]
    static let licensing = "s2.licensing.decisions"

    @Test func theQueueShowsEachDoubtfulFieldWithItsSourceWorstFirst() async throws {
        let (store, directory, hashes) = try Samples.store(Self.names)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withReviewServer(store) { port in
            let reply = try await request("GET", "/", port: port)
            #expect(reply.status == 200 && reply.headers["content-type"] == "text/html; charset=utf-8")
            let page = reply.text
            #expect(page.contains("202 fields under the review threshold 0.9 in 3 reports"))
            // Reports in the order of their worst field.
            let queue = try store.reviewQueue(threshold: 0.9)
            #expect(queue.map(\.worstConfidence) == queue.map(\.worstConfidence).sorted())
            #expect(Set(queue.map(\.sha256)) == Set(hashes.values))
            let order = queue.compactMap { page.range(of: "href=\"/report/\($0.sha256)\"")?.lowerBound }
            #expect(order.count == 3 && order == order.sorted())
            // The 629万 field of the PDF: label path, value, cell text, note, and its page region.
            let pdf = try #require(hashes["suzhou-2023.pdf"])
            #expect(page.contains("二、第二十条第（五）项 行政许可 / 本年处理决定数量 / 处理决定数量"))
            #expect(page.contains(#"<dd class="value">6290000</dd>"#) && page.contains("<q>629万</q>"))
            #expect(page.contains("unit 万 in a count cell"))
            #expect(page.contains("src=\"/report/\(pdf)/field/\(Self.licensing).png\""))
            // The same field of the DOCX: its table row, the source cell outlined, the row above for context.
            #expect(page.contains(#"<td colspan="3" class="source-cell">629万</td>"#))
            #expect(page.contains(#"<th colspan="3">本年处理决定数量</th>"#))
            // Unruled fields show why they are doubtful.
            #expect(page.contains("table without ruling lines: its grid was guessed from text alignment"))
            // Offline: nothing is fetched from elsewhere.
            #expect(!page.contains("src=\"http") && !page.contains("href=\"http"))
            #expect(reply.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        }
    }

    @Test func assetsComeFromTheBinary() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withReviewServer(store) { port in
            let css = try await request("GET", "/assets/review.css", port: port)
            #expect(css.status == 200 && css.headers["content-type"] == "text/css; charset=utf-8" && css.text.contains("article.field"))
            let script = try await request("GET", "/assets/review.js", port: port)
            #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("ArrowDown"))
            #expect(try await request("GET", "/", port: port).text.contains("Nothing to review."))
            #expect(try await request("GET", "/no/such/page", port: port).status == 404)
        }
    }

    @Test func fieldRegionsAndPagesArePNGsAndUnknownOnesAre404() async throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.pdf", "suzhou-2023.docx"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        let docx = try #require(hashes["suzhou-2023.docx"])
        try await withReviewServer(store) { port in
            let region = try await request("GET", "/report/\(pdf)/field/\(Self.licensing).png", port: port)
            #expect(region.status == 200 && region.headers["content-type"] == "image/png")
            let (width, height) = try pngSize(region.body)
            // The page's width at 2 pixels a point (A4: 595 pt), a band of 90 points above and below
            // the cell (its row is about 13 pt tall: 2 × (13 + 180) pixels).
            #expect(width == 1191 && (348...354).contains(height), "\(width) × \(height)")
            // Its text is drawn (the ruling search renders without glyphs; the reviewer's image
            // must not): a blank region of that size compresses to a few kilobytes.
            #expect(region.body.count > 20_000)
            let page = try await request("GET", "/report/\(pdf)/page/1.png", port: port)
            #expect(page.status == 200)
            #expect(try pngSize(page.body) == (893, 1263))
            // Asked again, the same bytes (from the cache).
            #expect(try await request("GET", "/report/\(pdf)/field/\(Self.licensing).png", port: port).body == region.body)
            #expect(try await request("GET", "/report/\(pdf)/page/99.png", port: port).status == 404)
            #expect(try await request("GET", "/report/\(docx)/field/\(Self.licensing).png", port: port).status == 404)
            #expect(try await request("GET", "/report/\(String(repeating: "0", count: 64))", port: port).status == 404)
        }
    }

    @Test func theReportViewShowsTheTemplatesTablesWithDoubtfulCellsMarked() async throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.pdf"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        try await withReviewServer(store) { port in
            let reply = try await request("GET", "/report/\(pdf)", port: port)
            #expect(reply.status == 200)
            let page = reply.text
            #expect(page.contains("<h1>苏州市公安局 2023</h1>"))
            for heading in ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"] {
                #expect(page.contains("<h2>\(heading)</h2>"))
            }
            // The doubtful cell is marked and links to its page.
            #expect(page.contains(#"<td class="num doubtful" title="cell text: 629万"#))
            #expect(page.contains("<a href=\"/report/\(pdf)/page/3.png\">6290000</a>"))
            #expect(page.contains("s3.balance.total"))
        }
    }

    @Test func decisionsArePostedWithTheTokenKeptBesideTheExtractedValueAndRecheck() async throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.pdf", "suzhou-2023.docx"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        let docx = try #require(hashes["suzhou-2023.docx"])
        try await withReviewServer(store) { port in
            let token = try csrfToken(in: try await request("GET", "/", port: port).text)
            var form = ["csrf": token, "sha256": pdf, "key": Self.licensing, "decision": "accepted", "value": ""]
            // Without the page's token nothing is saved.
            var forged = form
            forged["csrf"] = String(repeating: "f", count: token.count)
            #expect(try await request("POST", "/review", port: port, form: forged).status == 403)
            #expect(try await request("GET", "/review", port: port).status == 404)
            // Not a number: refused, with the reason.
            form["value"] = "629万"
            let refused = try await request("POST", "/review", port: port, form: form)
            #expect(refused.status == 400 && refused.text.contains("is not a number"))
            #expect(try store.reviews(sha256: pdf).isEmpty)
            // A typed number with Enter (submitted as accept) is a correction.
            form["value"] = "629"
            let saved = try await request("POST", "/review", port: port, form: form)
            #expect(saved.status == 303 && saved.headers["location"] == "/?after=\(pdf)&key=\(Self.licensing)")
            let review = try #require(try store.reviews(sha256: pdf).first)
            #expect(review.decision == .corrected && review.value == .integer(629) && review.reviewer == "tester")
            let stored = try #require(try store.report(sha256: pdf))
            #expect(stored.extracted.field(Self.licensing)?.value == .integer(6_290_000))
            #expect(stored.reviewed.field(Self.licensing)?.value == .integer(629))
            // The queue answers with the report's checks, run again, and has one field fewer.
            let after = try await request("GET", try #require(saved.headers["location"]), port: port).text
            #expect(after.contains("Checks run again: 53 of 53 hold."))
            #expect(after.contains("1 fields under the review threshold 0.9 in 1 reports"))
            // The DOCX's field marked unreadable: no value, the extracted one kept.
            let unreadable = ["csrf": token, "sha256": docx, "key": Self.licensing, "decision": "unreadable"]
            #expect(try await request("POST", "/review", port: port, form: unreadable).status == 303)
            #expect(try store.reviews(sha256: docx).map(\.decision) == [.unreadable])
            #expect(try await request("GET", "/", port: port).text.contains("Nothing to review."))
        }
    }

    @Test func textFromADocumentIsEscaped() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        // A record as a hostile document would give it: markup in the agency, a cell and a note.
        let hash = String(repeating: "a", count: 64)
        try Samples.save(to: store, hash: hash, file: "\"><b>x.docx", path: "/nowhere/\"><b>x.docx", kind: .docx,
                         agency: "<b>局</b>", source: .docx(table: 1, row: 0, column: 0),
                         raw: "<script>alert(1)</script>", notes: ["<img src=x onerror=alert(2)>"])
        try await withReviewServer(store) { port in
            for path in ["/", "/report/\(hash)"] {
                let page = try await request("GET", path, port: port).text
                #expect(!page.contains("<script>alert") && !page.contains("<img src=x") && !page.contains("<b>"))
                #expect(page.contains("&lt;b&gt;局&lt;/b&gt;"))
            }
            let queue = try await request("GET", "/", port: port).text
            #expect(queue.contains("<q>&lt;script&gt;alert(1)&lt;/script&gt;</q>"))
            #expect(queue.contains("&lt;img src=x onerror=alert(2)&gt;"))
        }
    }

    @Test func anAccessTokenIsAskedOnceThenKeptAsACookie() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withReviewServer(store, token: "s3cret-token") { port in
            #expect(try await request("GET", "/", port: port).status == 401)
            #expect(try await request("GET", "/assets/review.css", port: port).status == 401)
            #expect(try await request("GET", "/?token=wrong", port: port).status == 401)
            let login = try await request("GET", "/?token=s3cret-token", port: port)
            #expect(login.status == 303 && login.headers["location"] == "/")
            let cookie = try #require(login.headers["set-cookie"])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let pair = String(cookie.prefix { $0 != ";" })
            #expect(try await request("GET", "/", port: port, headers: ["Cookie": pair]).status == 200)
            #expect(try await request("GET", "/", port: port, headers: ["Authorization": "Bearer s3cret-token"]).status == 200)
        }
        // Bound beyond loopback without a token, the server does not start.
        let open = ReviewConfiguration(host: "0.0.0.0", port: 0, reviewer: "tester")
        await #expect(throws: ReviewServerError.self) { try await ReviewServer.run(store: store, configuration: open) }
    }
}

/// Width and height from a PNG's header chunk.
func pngSize(_ data: Data) throws -> (Int, Int) {
    let bytes = [UInt8](data)
    guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { throw TestServerError("not a PNG") }
    func int(at offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (int(at: 16), int(at: 20))
}
