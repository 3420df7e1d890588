import Foundation
import RecordModel
import RecordStore
import ReportParser
import SourceReading
import Testing

/// A report published as a DOCX and its PDF (Suzhou's samples) is one entry in the queue and one
/// screen: its values as both files give them together, each decided once for the report.
@Suite struct ReportOfSeveralFilesTests {
    static let names = ["suzhou-2023.docx", "suzhou-2023.pdf"]
    static let licensing = "s2.licensing.decisions"
    static let naturalPerson = "s3.new.natural_person"

    /// One entry with both files; 629万, read and doubted by both, is one value in doubt; a value
    /// one file doubted and the other read surely, the same, is not in doubt at all; a decision
    /// made from either file's address clears it for the report and both files.
    @Test func bothFilesAreOneEntryDecidedOnce() async throws {
        // The PDF doubts 二's rules issued (0.5 instead of 0.97); the DOCX reads the same 0 at 0.99.
        let (store, directory, hashes) = try Samples.store(Self.names) { name, record in
            guard name.hasSuffix(".pdf"), let index = record.fields.firstIndex(where: { $0.key == "s2.rules.issued" }) else { return }
            record.fields[index].confidence = 0.5
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let docx = try #require(hashes["suzhou-2023.docx"])
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        #expect(try store.report(sha256: pdf)?.extracted.fieldsUnderThreshold(0.9).map(\.key) == ["s2.rules.issued", Self.licensing])

        let queue = try store.reviewQueue(threshold: 0.9)
        #expect(queue.count == 1)
        #expect(queue.first?.sha256 == docx && queue.first?.sources.map(\.file) == Self.names)
        #expect(queue.first?.sources.map(\.kind) == ["docx", "pdf"] && queue.first?.sources.map(\.pages) == [nil, 4])
        #expect(queue.first?.keys == [Self.licensing])
        #expect(queue.first?.doubtful.first?.notes.last == "2 sources agree, each in doubt: still to review")

        try await withReviewServer(store) { port in
            let list = try await request("GET", "/", port: port).text
            #expect(list.contains("0 of 1 doubtful values decided · 1 reports left"))
            #expect(list.contains("<td>suzhou-2023.docx <span class=\"muted\">docx</span><br>suzhou-2023.pdf <span class=\"muted\">pdf, 4 pages</span></td><td class=\"num\">1</td>"))
            #expect(list.contains("href=\"/report/\(docx)\"") && !list.contains("href=\"/report/\(pdf)\""))
            // Filters count reports: the agency's one report, once.
            let filtered = try await request("GET", "/?agency=\(formEncoded("苏州市公安局"))", port: port).text
            #expect(filtered.components(separatedBy: "<tr class=").count - 1 == 1)

            // The PDF's address is the same report, its pages beside; the DOCX is linked.
            let screen = try await request("GET", "/report/\(pdf)", port: port).text
            #expect(screen.contains("one report from 2 files, decided once for all"))
            #expect(screen.contains("<a href=\"/report/\(docx)\">suzhou-2023.docx · docx</a>"))
            #expect(screen.contains("<strong>suzhou-2023.pdf · pdf, 4 pages</strong> (beside the values)"))
            #expect(screen.contains("<img src=\"/report/\(pdf)/page/3.png\""))
            // Rules issued is not asked about: the DOCX's sure reading agrees.
            #expect(!screen.contains("data-key=\"s2.rules.issued\"><input"))
            #expect(screen.contains("<td class=\"cell doubtful\" data-key=\"\(Self.licensing)\"><input class=\"value\" value=\"6290000\""))

            // Decided from the PDF's address: kept against both files, the history one entry.
            let csrf = try csrfToken(in: screen)
            let reply = try await decide(port, csrf: csrf, ["sha256": pdf, "key": Self.licensing, "decision": "corrected", "value": "629"])
            #expect(reply.status == 200)
            let cell = try #require((try reply.object["cells"] as? [[String: Any]])?.first)
            #expect(cell["value"] as? String == "629" && (cell["history"] as? [[String: Any]])?.count == 1)
            #expect((try reply.object["ids"] as? [Int])?.count == 2)
            for file in [docx, pdf] {
                #expect(try store.reviews(sha256: file).map(\.value) == [.integer(629)])
            }
            #expect(try store.reviewQueue(threshold: 0.9).isEmpty)
            // The DOCX's address shows it decided; it does not come back through the other file.
            let other = try await request("GET", "/report/\(docx)", port: port).text
            #expect(other.contains("<td class=\"cell doubtful decided corrected\" data-key=\"\(Self.licensing)\"><input class=\"value\" value=\"629\""))
            #expect(try await request("GET", "/", port: port).text.contains("<h1>Review finished</h1><p>All 1 doubtful values are decided.</p>"))
        }
        // Both files' records carry the decision in the exports of each file.
        #expect(try store.exportRows(threshold: 0.9).map(\.fieldsToReview) == [0, 0])
        #expect(try store.sourcedReports(threshold: 0.9).first?.fieldsToReview(threshold: 0.9).isEmpty == true)
    }

    /// A file that joins a report after its review takes the report's decisions on, restated on
    /// what it read: its own record and per-file exports show them, not its reading undecided.
    @Test func aFileThatJoinsAReviewedReportTakesItsDecisionsOn() throws {
        let (store, directory, hashes) = try Samples.store(["suzhou-2023.docx"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let docx = try #require(hashes["suzhou-2023.docx"])
        let report = try #require(try store.reportUnderReview(sha256: docx, threshold: 0.9))
        let decidedAt = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try store.saveReviews([
            FieldReview(key: Self.licensing, decision: .corrected, value: .integer(629), reviewer: "a", decidedAt: decidedAt),
            FieldReview(key: Self.naturalPerson, decision: .accepted, value: .integer(137), reviewer: "a", decidedAt: decidedAt),
        ], on: report)

        // The PDF comes the next night; it reads 137 too, and 629万 as the DOCX did.
        let pdfPath = Samples.path("suzhou-2023.pdf")
        let pdf = try ContentHash.sha256(of: Data(contentsOf: URL(fileURLWithPath: pdfPath)))
        let document = try SourceReader.read(path: pdfPath)
        let record = ReportParser.parse(document, source: SourceInfo(file: "suzhou-2023.pdf", sha256: pdf, kind: .pdf, pages: 4))
        _ = try store.claim(sha256: pdf, owner: .current)
        try store.save(record, path: pdfPath, threshold: 0.9)

        let inherited = try store.reviews(sha256: pdf)
        #expect(inherited.map(\.key) == [Self.licensing, Self.naturalPerson])
        #expect(inherited.map(\.decision) == [.corrected, .accepted])
        #expect(inherited.map(\.value) == [.integer(629), .integer(137)])
        #expect(inherited.allSatisfy { $0.decidedAt == decidedAt && $0.reviewer == "a" })
        #expect(try store.report(sha256: pdf)?.reviewed.fields.first { $0.key == Self.licensing }?.value == .integer(629))
        // Saved again (a re-extraction), it takes nothing twice.
        try store.save(record, path: pdfPath, threshold: 0.9)
        #expect(try store.reviews(sha256: pdf).count == 2)
        #expect(try store.exportRows(threshold: 0.9).map(\.fieldsToReview) == [0, 0])
    }

    /// A decision a store kept against one file only (before reports had several) decides the
    /// report's field too: it does not come back through the other file.
    @Test func aDecisionKeptAgainstOneFileDecidesTheReport() throws {
        let (store, directory, hashes) = try Samples.store(Self.names)
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.saveReview(sha256: try #require(hashes["suzhou-2023.pdf"]),
                             FieldReview(key: Self.licensing, decision: .corrected, value: .integer(629), reviewer: "old", decidedAt: Date()))
        let work = try store.reviewWork(threshold: 0.9)
        #expect(work.count == 1 && work.first?.doubtful.map(\.decided) == [true])
        #expect(try store.reviewQueue(threshold: 0.9).isEmpty)
        let docx = try #require(hashes["suzhou-2023.docx"])
        let report = try #require(try store.reportUnderReview(sha256: docx, threshold: 0.9))
        #expect(report.reviewed.field(Self.licensing)?.value == .integer(629))
    }

    /// The PDF reads 138 where the DOCX reads 137: one value in doubt, both readings on the screen
    /// with each file's cell (the PDF's as a close-up of its page), and one decision settles it
    /// for both files, an acceptance where a file read the value decided, a correction where not.
    @Test func filesThatDisagreeShowBothValuesAndOneDecisionSettlesIt() async throws {
        let (store, directory, hashes) = try Samples.store(Self.names) { name, record in
            guard name.hasSuffix(".pdf"), let index = record.fields.firstIndex(where: { $0.key == Self.naturalPerson }) else { return }
            record.fields[index].value = .integer(138)
            record.checks = record.rechecked()
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let docx = try #require(hashes["suzhou-2023.docx"])
        let pdf = try #require(hashes["suzhou-2023.pdf"])
        // The PDF's own sums break on its 138; the report's, on the surer 137, hold until decided.
        #expect(try store.checks(sha256: pdf).contains { $0.rule == "s3.row_total.new" && $0.holds == false })
        #expect(try store.unsettledChecks(threshold: 0.9).isEmpty)
        let queued = try #require(try store.reviewQueue(threshold: 0.9).first)
        #expect(queued.keys.sorted() == [Self.licensing, Self.naturalPerson])
        let disagreement = try #require(queued.doubtful.first { $0.key == Self.naturalPerson })
        #expect(disagreement.notes.first?.hasPrefix("sources disagree: 137 in suzhou-2023.docx (table 2, row 3, col 3); 138 in suzhou-2023.pdf (page 3, box 256.5 ") == true)

        try await withReviewServer(store) { port in
            let list = try await request("GET", "/?reason=\(formEncoded("sources disagree"))", port: port).text
            #expect(list.contains("<option selected>sources disagree</option>") && list.contains("href=\"/report/\(docx)\""))
            let screen = try await request("GET", "/report/\(docx)", port: port).text
            // The surer file's value in the box (the DOCX's), both files' values under it.
            #expect(screen.contains("<td class=\"cell doubtful\" data-key=\"\(Self.naturalPerson)\"><input class=\"value\" value=\"137\""))
            #expect(screen.contains("<small class=\"why\">sources disagree</small><small class=\"readings\">137 <span class=\"muted\">docx</span> · 138 <span class=\"muted\">pdf</span></small>"))
            // The script's data: each file's reading, its cell, and for the PDF its close-up.
            let image = "/report/\(pdf)/field/\(Self.naturalPerson).png"
            #expect(screen.contains(#""cell":"table 2, row 3, col 3","confidence":0.99,"file":"suzhou-2023.docx","kind":"docx""#))
            #expect(screen.contains(#""image":"\#(image.replacingOccurrences(of: "/", with: "\\/"))","kind":"pdf","raw":"137""#))
            let crop = try await request("GET", image, port: port)
            #expect(crop.status == 200 && crop.headers["content-type"] == "image/png")
            #expect(try pngSize(crop.body).0 > 0)

            // Accepting the value shown, 137: once, for both files.
            let csrf = try csrfToken(in: screen)
            let reply = try await decide(port, csrf: csrf, ["sha256": docx, "key": Self.naturalPerson, "decision": "accepted"])
            #expect(reply.status == 200)
            let cell = try #require((try reply.object["cells"] as? [[String: Any]])?.first)
            #expect(cell["value"] as? String == "137" && cell["decision"] as? String == "accepted")
            #expect((cell["sources"] as? [[String: Any]])?.compactMap { $0["value"] as? String } == ["137", "138"])
            #expect(try store.reviews(sha256: docx).map(\.decision) == [.accepted])
            #expect(try store.reviews(sha256: pdf).map(\.decision) == [.corrected])
            #expect(try store.reviews(sha256: pdf).map(\.value) == [.integer(137)])
            #expect(try store.reviewQueue(threshold: 0.9).first?.keys == [Self.licensing])
            // Undone from the other file's address: both copies, the field in doubt again.
            let ids = try #require(try reply.object["ids"] as? [Int])
            let undone = try await request("POST", "/api/undo", port: port, headers: ["X-CSRF-Token": csrf], json: ["sha256": pdf, "ids": ids])
            #expect(undone.status == 200)
            #expect(try (undone.object["cells"] as? [[String: Any]])?.count == 1)
            #expect(try store.reviews(sha256: docx).isEmpty && store.reviews(sha256: pdf).isEmpty)
            // Taking the PDF's value instead (the screen's button types it): a correction of the DOCX.
            #expect(try await decide(port, csrf: csrf, ["sha256": docx, "key": Self.naturalPerson, "decision": "accepted", "value": "138"]).status == 200)
            #expect(try store.reviews(sha256: docx).map(\.decision) == [.corrected])
            #expect(try store.reviews(sha256: pdf).map(\.decision) == [.accepted])
        }
        // The finish page's checks are the report's, on the value decided: the one report, once.
        let unsettled = try store.unsettledChecks(threshold: 0.9)
        #expect(unsettled.map(\.sha256) == [docx])
        #expect(unsettled.first?.broken.contains { $0.hasPrefix("s3.row_total.new: ") } == true)
        let report = try #require(try store.sourcedReports(threshold: 0.9).first)
        #expect(report.fields.first { $0.key == Self.naturalPerson }?.value == .integer(138))
        #expect(report.fieldsToReview(threshold: 0.9).map(\.key) == [Self.licensing])
    }
}
