import Foundation
import RecordModel
@testable import ReviewServer
import Testing

/// One agency across the years: its reports found through its identity whatever their titles
/// print, and its main figures charted as SVG, a year in doubt marked.
@Suite struct AgencyPageTests {
    @Test func anAgencysYearsAreOnePageWhateverTheirTitlesPrint() async throws {
        // The Gongshu sample (杭州市公安局拱墅区分局, 2023) and its second year titled 拱墅区公安分局.
        let (store, directory, hashes) = try Samples.store(["gongshu-2023.docx", "../../Tests/GongkaiCLITests/Fixtures/gongshu-2024-renamed.docx"])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withReviewServer(store) { port in
            // A report's screen links its agency's years (nothing is in doubt here, so no list).
            let screen = try await request("GET", "/report/\(try #require(hashes["gongshu-2023.docx"]))", port: port).text
            #expect(screen.contains("/agency?name=\(urlComponent("杭州市公安局拱墅区分局"))"))
            let reply = try await request("GET", "/agency?name=\(urlComponent("杭州市公安局拱墅区分局"))", port: port)
            #expect(reply.status == 200)
            let page = reply.text
            #expect(page.contains("division 330105 · 公安分局"))
            #expect(page.contains("<td>2023</td>") && page.contains("<td>2024</td>") && page.contains("<td>拱墅区公安分局</td>"))
            for hash in hashes.values { #expect(page.contains("/report/\(hash)")) }
            #expect(page.components(separatedBy: "<svg class=\"chart\"").count - 1 == AgencyPage.figures.count)
            // New requests, 30 both years, each written above its point; nothing in doubt.
            #expect(page.contains("<title>2023: 30</title>") && page.contains("<title>2024: 30</title>"))
            #expect(!page.contains("in-doubt"))
            #expect(try await request("GET", "/agency?name=\(urlComponent("无此机关"))", port: port).status == 404)
            #expect(try await request("GET", "/agency", port: port).status == 400)
        }
    }

    @Test func aYearInDoubtIsMarkedAndAYearWithoutAValueIsAGap() {
        let figure = AgencyPage.figures[0]
        let svg = AgencyPage.chart(figure, points: [AgencyPage.Point(year: 2022, value: 5, inDoubt: false),
                                                    AgencyPage.Point(year: 2023, value: nil, inDoubt: true),
                                                    AgencyPage.Point(year: 2024, value: 7, inDoubt: true)])
        #expect(svg.contains("<title>2024: 7 (in doubt: not yet reviewed)</title>") && svg.contains("class=\"in-doubt\""))
        #expect(svg.contains("<title>2022: 5</title>"))
        // The missing year breaks the line: no polyline joins 2022 to 2024 across it.
        #expect(!svg.contains("<polyline"))
        #expect(svg.contains(">?</text>"))
    }
}
