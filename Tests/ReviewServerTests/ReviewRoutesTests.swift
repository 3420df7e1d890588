import Foundation
import RecordStore
import RecordModel
import ReportParser
import ReviewServer
import Testing

/// Every route of the review app over real HTTP, on a store holding real sample records:
/// Suzhou's `629万` (PDF and DOCX: one report of two files) and the unruled Zhoukou PDF, whose
/// 200 fields all wait.
@Suite struct ReviewRoutesTests {
    static let names = ["suzhou-2023.pdf", "suzhou-2023.docx", "zhoukou-2023-unruled.pdf"]
    static let licensing = "s2.licensing.decisions"

    @Test func theListShowsEachReportWithWhatIsLeftAndFilters() async throws {
        let (store, directory, hashes) = try Samples.store(Self.names)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        let unruled = try #require(hashes["zhoukou-2023-unruled.pdf"])
        try await withReviewServer(store) { port in
            let reply = try await request("GET", "/", port: port)
            #expect(reply.status == 200 && reply.headers["content-type"] == "text/html; charset=utf-8")
            let page = reply.text
            // Suzhou's PDF and DOCX are one report: its one value in doubt (both read 629万) counted once.
            #expect(page.contains("0 of 201 doubtful values decided · 2 reports left"))
            // Reports in the order of their worst field, each with its agency, year, template, source, counts.
            let queue = try store.reviewQueue(threshold: 0.9)
            #expect(queue.map(\.worstConfidence) == queue.map(\.worstConfidence).sorted())
            let order = queue.compactMap { page.range(of: "href=\"/report/\($0.sha256)\"")?.lowerBound }
            #expect(order.count == 2 && order == order.sorted())
            #expect(page.contains("<td><a href=\"/agency?name=%E8%8B%8F%E5%B7%9E%E5%B8%82%E5%85%AC%E5%AE%89%E5%B1%80\">苏州市公安局</a></td><td>2023</td><td>2021</td><td>suzhou-2023.pdf <span class=\"muted\">pdf, 4 pages</span><br>suzhou-2023.docx <span class=\"muted\">docx</span></td><td class=\"num\">1</td><td class=\"num\">0</td>"))
            #expect(page.contains("<td>zhoukou-2023-unruled.pdf <span class=\"muted\">pdf, 3 pages</span></td><td class=\"num\">200</td>"))
            #expect(!page.contains("/report/\(try #require(hashes["suzhou-2023.docx"]))\""))
            // Offline: nothing is fetched from elsewhere.
            #expect(!page.contains("src=\"http") && !page.contains("href=\"http"))
            #expect(reply.headers["content-security-policy"]?.contains("script-src 'self'") == true)

            // Filters: an empty box is no filter; each narrows the list.
            let all = try await request("GET", "/?agency=&year=&reason=&confidence=", port: port)
            #expect(all.status == 200 && all.text.contains("/report/\(unruled)") && all.text.contains("/report/\(pdf)"))
            let suzhou = try await request("GET", "/?agency=\(formEncoded("苏州市公安局"))", port: port).text
            #expect(suzhou.contains("/report/\(pdf)") && !suzhou.contains("/report/\(unruled)"))
            let unit = try await request("GET", "/?reason=unit+%E4%B8%87+in+a+count+cell", port: port).text
            #expect(unit.contains("/report/\(pdf)") && !unit.contains("/report/\(unruled)"))
            #expect(unit.contains("<option selected>unit 万 in a count cell</option>"))
            let unruledOnly = try await request("GET", "/?reason=\(formEncoded("table without ruling lines"))", port: port).text
            #expect(!unruledOnly.contains("/report/\(pdf)") && unruledOnly.contains("/report/\(unruled)"))
            #expect(try await request("GET", "/?year=2022", port: port).text.contains("No report matches these filters."))
            let year = try await request("GET", "/?year=abc", port: port)
            #expect(year.status == 400 && year.text == "year must be a year such as 2023, or empty for every year\n")
            #expect(try await request("GET", "/?confidence=2", port: port).status == 400)
        }
    }

    /// A web page's field is shown as a DOCX's: beside its section, the page's own table, each
    /// cell carrying the grid positions it covers for the outline; no page image.
    @Test func aWebPageFieldShowsItsTableRow() async throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.html"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = try #require(hashes["suzhou-2023.html"])
        try await withReviewServer(store) { port in
            let list = try await request("GET", "/", port: port).text
            #expect(list.contains("/report/\(page)"))
            let report = try await request("GET", "/report/\(page)", port: port).text
            #expect(report.contains(#"<table class="grid" data-table="#))
            #expect(report.contains(#"data-cols="1 3">629万</td>"#))
            #expect(!report.contains("/page/1.png"))
            #expect(try await request("GET", "/report/\(page)/field/\(Self.licensing).png", port: port).status == 404)
        }
    }

    @Test func assetsComeFromTheBinary() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withReviewServer(store) { port in
            let css = try await request("GET", "/assets/review.css", port: port)
            #expect(css.status == 200 && css.headers["content-type"] == "text/css; charset=utf-8" && css.text.contains("table.sheet thead th { position: sticky"))
            let script = try await request("GET", "/assets/review.js", port: port)
            #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("'/api/decision'") && script.text.contains("ArrowDown"))
            // An empty store has nothing to review: the finish page, with the export command.
            let finish = try await request("GET", "/", port: port).text
            #expect(finish.contains("<h1>Review finished</h1>") && finish.contains("gongkai export --format csv --store"))
        }
    }

    @Test func pagesAndCellRegionsArePNGsAndUnknownOnesAre404() async throws {
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

    @Test func theReviewScreenShowsEachSectionAsTheTemplatesTableBesideItsPages() async throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.pdf", "suzhou-2023.docx"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        let docx = try #require(hashes["suzhou-2023.docx"])
        try await withReviewServer(store) { port in
            let reply = try await request("GET", "/report/\(pdf)", port: port)
            #expect(reply.status == 200)
            let page = reply.text
            #expect(page.contains("<h1>苏州市公安局 2023</h1>"))
            // The section in doubt is open, the others folded; every section is the template's table.
            #expect(page.contains(#"<details class="section" data-section="二" open>"#))
            #expect(page.contains(#"<details class="section" data-section="三">"#))
            #expect(page.contains("<th>本年处理决定数量 / 处理决定数量</th>"))
            #expect(page.contains("<th>第二十条第（五）项 行政许可</th>"))
            // The doubtful cell: a box holding the value read, its reason under it.
            #expect(page.contains(#"<td class="cell doubtful" data-key="s2.licensing.decisions"><input class="value" value="6290000""#))
            #expect(page.contains(#"<small class="why">unit 万 in a count cell</small>"#))
            // A value not in doubt is shown as read, for the sums.
            #expect(page.contains(#"<td class="cell num" data-key="s3.new.total" data-value="#))
            // The template's sums at the rows' ends and the columns' feet.
            #expect(page.contains(#"<td class="sum" data-sums="s3.row_total.new"></td>"#))
            #expect(page.contains(#"<th class="sum">一 + 二 = 三(七) + 四</th>"#))
            #expect(page.contains(#"<td class="sum" data-sums="s3.balance.natural_person"></td>"#))
            #expect(page.contains(#"<td class="sum" data-sums="s4.review"></td>"#))
            // Beside the table, the page it was read from, and the script's data with the cell's box.
            #expect(page.contains("<figure class=\"page\" data-page=\"3\"><img src=\"/report/\(pdf)/page/3.png\""))
            #expect(page.contains(#""key":"s2.licensing.decisions","label":"二、第二十条第（五）项 行政许可 \/ 本年处理决定数量 \/ 处理决定数量","page":3"#))
            #expect(page.contains(#""raw":"629万""#) && page.contains(#""rule":"s3.balance.total""#))
            #expect(page.contains("<li class=\"holds\" data-rule=\"s3.balance.total\">"))
            // A DOCX: its own table beside the template's, each cell with the grid positions it covers.
            let docxPage = try await request("GET", "/report/\(docx)", port: port).text
            #expect(docxPage.contains(#"<table class="grid" data-table="#))
            #expect(docxPage.contains(#"data-cols="1 3">629万</td>"#))
            #expect(docxPage.contains(#""docx":["#))
        }
    }

    /// The blocker of issue 16: a field with no value is typed or marked absent, never accepted.
    @Test func aFieldWithNoValueIsNeverAcceptedAndAbsentIsExportedAsNull() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        let hash = String(repeating: "d", count: 64)
        let missing = "s4.review.total"
        try Samples.save(to: store, hash: hash, file: "d.pdf", path: "/nowhere/d.pdf", kind: .pdf, pages: 1,
                         source: .pdf(page: 1, box: .init(x0: 1, y0: 1, x1: 2, y1: 2)), missing: [missing, "s4.review.upheld"])
        try await withReviewServer(store) { port in
            let page = try await request("GET", "/report/\(hash)", port: port).text
            #expect(page.contains(#"data-key="s4.review.total"><input class="value" value="" placeholder="none read""#))
            #expect(page.contains(#"<small class="why">no value read</small>"#))
            let csrf = try csrfToken(in: page)
            // Enter on the empty box, or `a`: refused with the way out, nothing stored.
            for value in ["", " "] {
                let refused = try await decide(port, csrf: csrf, ["sha256": hash, "key": missing, "decision": "accepted", "value": value])
                #expect(refused.status == 400)
                #expect(try refused.object["error"] as? String
                    == "no value was read here, so there is nothing to accept: type the value the page shows, or mark it not in the report")
            }
            #expect(try store.reviews(sha256: hash).isEmpty)
            // Not in the report: stored so, no value, confidence 0.
            let absent = try await decide(port, csrf: csrf, ["sha256": hash, "key": missing, "decision": "absent"])
            #expect(absent.status == 200)
            let cell = try #require((try absent.object["cells"] as? [[String: Any]])?.first)
            #expect(cell["decision"] as? String == "absent" && cell["value"] as? String == "")
            // The other one typed.
            let typed = try await decide(port, csrf: csrf, ["sha256": hash, "key": "s4.review.upheld", "decision": "accepted", "value": "3"])
            #expect(try (typed.object["cells"] as? [[String: Any]])?.first?["decision"] as? String == "corrected")
        }
        #expect(try store.reviews(sha256: hash).map(\.decision) == [.absent, .corrected])
        let reviewed = try #require(try store.report(sha256: hash)).reviewed
        #expect(reviewed.field(missing)?.value == nil && reviewed.field(missing)?.confidence == 0)
        // Both exports: null with its status in the JSON, an empty cell in the CSV.
        let json = try #require(try store.recordJSON().first)
        #expect(json.contains(#"{"key":"s4.review.total","value":null,"raw":null,"confidence":0.00,"#))
        #expect(json.contains(#""review":{"decision":"absent","reviewer":"tester""#))
        #expect(json.contains(#""key":"s4.review.upheld","value":3,"#))
        let row = try #require(try store.exportRows(threshold: 0.9).first)
        #expect(row.values[missing] == nil && row.values["s4.review.upheld"] == "3")
        // A store from before: an acceptance of no value is not a decision. The field stays at 0
        // and comes back to the queue.
        try store.saveReview(sha256: hash, FieldReview(key: missing, decision: .accepted, value: nil, reviewer: "old", decidedAt: Date()))
        #expect(try store.report(sha256: hash)?.reviewed.field(missing)?.confidence == 0)
        #expect(try store.reviewQueue(threshold: 0.9).first?.keys.contains(missing) == true)
    }

    @Test func decisionsAreSmallRequestsAnsweredWithTheCellChecksAndProgressAndCanBeUndone() async throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.pdf", "suzhou-2023.docx"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        let docx = try #require(hashes["suzhou-2023.docx"])
        try await withReviewServer(store) { port in
            let csrf = try csrfToken(in: try await request("GET", "/report/\(pdf)", port: port).text)
            let body: [String: Any] = ["sha256": pdf, "key": Self.licensing, "decision": "accepted", "value": "629万"]
            // Without the page's token nothing is saved.
            let forged = try await decide(port, csrf: String(repeating: "f", count: csrf.count), body)
            #expect(forged.status == 403 && forged.headers["content-type"] == "application/json")
            #expect(try forged.object["error"] as? String == "this page's token is not this server's: reload the page and decide again")
            // Not a number: refused with the reason, which the screen shows on the cell.
            let refused = try await decide(port, csrf: csrf, body)
            #expect(refused.status == 400)
            #expect(try refused.object["error"] as? String
                == "`629万` is not a number for 二、第二十条第（五）项 行政许可 / 本年处理决定数量 / 处理决定数量: type the number as the page shows it, without units")
            #expect(try store.reviews(sha256: pdf).isEmpty)
            // A typed number with Enter (sent as accept) is a correction; the answer updates the page.
            var corrected = body
            corrected["value"] = "629"
            let saved = try await decide(port, csrf: csrf, corrected)
            #expect(saved.status == 200)
            let reply = try saved.object
            let cell = try #require((reply["cells"] as? [[String: Any]])?.first)
            #expect(cell["value"] as? String == "629" && cell["read"] as? String == "6290000" && cell["decision"] as? String == "corrected")
            #expect((cell["history"] as? [[String: Any]])?.count == 1)
            // The PDF and the DOCX are one report: decided once, nothing of it left, no other report.
            let progress = try #require(reply["progress"] as? [String: [String: Int]])
            #expect(progress["report"] == ["decided": 1, "total": 1, "reportsLeft": 0])
            #expect(progress["all"] == ["decided": 1, "total": 1, "reportsLeft": 0])
            #expect(reply["next"] == nil)
            let checks = try #require(reply["checks"] as? [[String: String]])
            #expect(checks.count == 42 + 11 && checks.allSatisfy { $0["state"] == "holds" }) // the sums and the text's 11 figures
            // Kept against each file of the report, undone together.
            let ids = try #require(reply["ids"] as? [Int])
            #expect(ids.count == 2)
            for file in [pdf, docx] {
                let review = try #require(try store.reviews(sha256: file).first)
                #expect(review.decision == .corrected && review.value == .integer(629) && review.reviewer == "tester")
            }
            #expect(try store.report(sha256: pdf)?.extracted.field(Self.licensing)?.value == .integer(6_290_000))

            // Undo: the field is in doubt again, the decision kept in its history as undone.
            let undone = try await request("POST", "/api/undo", port: port, headers: ["X-CSRF-Token": csrf], json: ["sha256": pdf, "ids": ids])
            #expect(undone.status == 200)
            let back = try #require((try undone.object["cells"] as? [[String: Any]])?.first)
            #expect(back["decision"] == nil && back["value"] as? String == "6290000")
            #expect(((back["history"] as? [[String: Any]])?.first?["undone"]) as? Bool == true)
            #expect(try store.reviews(sha256: pdf).isEmpty && store.reviews(sha256: docx).isEmpty)
            #expect(try store.reviewHistory(sha256: pdf).map(\.undoneAt).allSatisfy { $0 != nil })
            #expect(try await request("POST", "/api/undo", port: port, headers: ["X-CSRF-Token": csrf], json: ["sha256": pdf, "ids": ids]).status == 404)
            // Decided again, from the report's screen: the latest stands.
            #expect(try await decide(port, csrf: csrf, ["sha256": pdf, "key": Self.licensing, "decision": "accepted"]).status == 200)
            #expect(try await decide(port, csrf: csrf, ["sha256": pdf, "key": Self.licensing, "decision": "unreadable"]).status == 200)
            #expect(try store.report(sha256: pdf)?.reviewed.field(Self.licensing)?.review?.decision == .unreadable)
            #expect(try await decide(port, csrf: csrf, ["sha256": docx, "key": Self.licensing, "decision": "accepted"]).status == 200)
            // The queue is empty: the list gives way to the finish page, checks that cannot run listed.
            let finish = try await request("GET", "/", port: port).text
            #expect(finish.contains("<h1>Review finished</h1><p>All 1 doubtful values are decided.</p>"))
            #expect(finish.contains("s3.row_total.new") == false)
            #expect(finish.contains("--chinese-labels"))
        }
    }

    /// A table's values still in doubt, accepted at once after a look: one request, one
    /// transaction, undone together.
    @Test func aTablesValuesAreAcceptedAtOnceAndUndoneTogether() async throws {
        let (store, directory, hashes) = try Samples.store(["zhoukou-2023-unruled.pdf"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let hash = try #require(hashes["zhoukou-2023-unruled.pdf"])
        let keys = ["s2.rules.issued", "s2.rules.repealed", "s2.rules.in_force"]
        try await withReviewServer(store) { port in
            let csrf = try csrfToken(in: try await request("GET", "/report/\(hash)", port: port).text)
            let refused = try await decide(port, csrf: csrf, ["sha256": hash, "keys": keys, "decision": "unreadable"])
            #expect(refused.status == 400 && refused.text.contains("only an acceptance is given to several values at once"))
            let accepted = try await decide(port, csrf: csrf, ["sha256": hash, "keys": keys, "decision": "accepted"])
            #expect(accepted.status == 200)
            let reply = try accepted.object
            let ids = try #require(reply["ids"] as? [Int])
            #expect(ids.count == 3 && (reply["cells"] as? [[String: Any]])?.compactMap { $0["decision"] as? String } == ["accepted", "accepted", "accepted"])
            #expect((reply["progress"] as? [String: [String: Int]])?["report"]?["decided"] == 3)
            #expect(Set(try store.reviews(sha256: hash).map(\.key)) == Set(keys))
            let undone = try await request("POST", "/api/undo", port: port, headers: ["X-CSRF-Token": csrf], json: ["sha256": hash, "ids": ids])
            #expect(try (undone.object["cells"] as? [[String: Any]])?.count == 3)
            #expect(try store.reviews(sha256: hash).isEmpty)
        }
    }

    /// The queue emptied, the finish page lists what still does not add up, a sum a correction
    /// broke included, and the export commands.
    @Test func theFinishPageListsChecksACorrectionBroke() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        let hash = String(repeating: "f", count: 64)
        try Samples.save(to: store, hash: hash, file: "f.pdf", path: "/nowhere/f.pdf", kind: .pdf, pages: 1,
                         source: .pdf(page: 1, box: .init(x0: 1, y0: 1, x1: 2, y1: 2)))
        try await withReviewServer(store) { port in
            let csrf = try csrfToken(in: try await request("GET", "/report/\(hash)", port: port).text)
            let corrected = try await decide(port, csrf: csrf, ["sha256": hash, "key": "s3.new.total", "decision": "corrected", "value": "5"])
            let checks = try #require(try corrected.object["checks"] as? [[String: String]])
            #expect(checks.first { $0["rule"] == "s3.row_total.new" }?["state"] == "broken")
            for key in FieldCatalog.fields(of: .v2021).map(\.key) where key != "s3.new.total" {
                _ = try store.saveReview(sha256: hash, FieldReview(key: key, decision: .accepted, value: .integer(0), reviewer: "t", decidedAt: Date()))
            }
            let finish = try await request("GET", "/", port: port).text
            #expect(finish.contains("<h1>Review finished</h1><p>All 200 doubtful values are decided.</p>"))
            #expect(finish.contains("<li class=\"broken\">s3.row_total.new: 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 = 总计: 0 + 0 + 0 + 0 + 0 + 0 ≠ 5</li>"))
            #expect(finish.contains("gongkai export --format jsonl --store"))
        }
    }

    @Test func agencyYearAndTemplateUnderTheThresholdAreReviewedLikeFields() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        let hash = String(repeating: "e", count: 64)
        try Samples.save(to: store, hash: hash, file: "e.docx", path: "/nowhere/e.docx", kind: .docx, agency: "苏州市公安",
                         agencyConfidence: 0.4, source: .docx(table: 1, row: 0, column: 0))
        #expect(try store.reviewQueue(threshold: 0.9).first?.keys.first == "agency")
        try await withReviewServer(store) { port in
            let page = try await request("GET", "/report/\(hash)", port: port).text
            #expect(page.contains(#"<td class="cell doubtful" data-key="agency"><input class="value wide" value="苏州市公安""#))
            let csrf = try csrfToken(in: page)
            let corrected = try await decide(port, csrf: csrf, ["sha256": hash, "key": "agency", "decision": "accepted", "value": "苏州市公安局"])
            #expect(try (corrected.object["cells"] as? [[String: Any]])?.first?["value"] as? String == "苏州市公安局")
            let template = try await decide(port, csrf: csrf, ["sha256": hash, "key": "template", "decision": "corrected", "value": "2019"])
            #expect(template.status == 400)
            let year = try await decide(port, csrf: csrf, ["sha256": hash, "key": "year", "decision": "corrected", "value": "二〇二三"])
            #expect(try year.object["error"] as? String == "`二〇二三` is not a year: type the report's year, such as 2023")
        }
        let reviewed = try #require(try store.report(sha256: hash)).reviewed
        #expect(reviewed.agency.value == "苏州市公安局" && reviewed.agency.confidence == 1)
        #expect(try store.exportRows(threshold: 0.9).first?.agency == "苏州市公安局")
        #expect(try store.reviewQueue(threshold: 0.9).first?.keys.contains("agency") == false)
    }

    @Test func textFromADocumentIsEscaped() async throws {
        let (store, directory, _) = try Samples.store([])
        defer { try? FileManager.default.removeItem(at: directory) }
        // A record as a hostile document would give it: markup in the agency, a cell and a note.
        let hash = String(repeating: "a", count: 64)
        try Samples.save(to: store, hash: hash, file: "\"><b>x.docx", path: "/nowhere/\"><b>x.docx", kind: .docx,
                         agency: "<b>局</b>", source: .docx(table: 1, row: 0, column: 0),
                         raw: "</script><script>alert(1)</script>", notes: ["<img src=x onerror=alert(2)>"])
        try await withReviewServer(store) { port in
            for path in ["/", "/report/\(hash)"] {
                let page = try await request("GET", path, port: port).text
                #expect(!page.contains("<script>alert") && !page.contains("<img src=x") && !page.contains("<b>"))
                #expect(page.contains("&lt;b&gt;局&lt;/b&gt;"))
            }
            // In the script's data no `<` at all: a cell cannot end the element.
            let report = try await request("GET", "/report/\(hash)", port: port).text
            #expect(report.contains(#"\u003c\/script>\u003cscript>alert(1)\u003c\/script>"#))
            #expect(report.contains(#"\u003cimg src=x onerror=alert(2)>"#))
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
