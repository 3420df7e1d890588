import DocumentModel
import PDFExtraction
@testable import TableReconstruction
import Testing

/// Column edges of the unruled sample's section 三, from the real page's text geometry.
@Suite struct UnruledGeometryTests {
    /// Page 2 of zhoukou-2023-unruled.pdf, from the table's header row down to 四、结转下年度继续办理.
    static func sectionThreeRows() throws -> [TextRow] {
        let page = try PDFExtractor.extract(path: Paths.sample("zhoukou-2023-unruled.pdf"))[1]
        let rows = textRows(page.lines)
        let first = try #require(rows.firstIndex { $0.segments.first?.text.hasPrefix("(本列数据") == true })
        let last = try #require(rows.firstIndex { $0.segments.first?.text.hasPrefix("四、结转下年度") == true })
        return Array(rows[first...last])
    }

    /// The wide label 三、本年度办理结果 wraps in its narrow column (x 71–107) and the sub-labels
    /// (一)… start at x 116. The stub's own text is so sparse that the whole stub, not only the gap
    /// after it, has text in fewer than a quarter of the rows: the gap began at the table's left
    /// edge and was taken for the margin, so the edge at x 107–116 was never placed.
    @Test func theStubsEdgeIsFoundThoughItsTextIsSparse() throws {
        let edges = sharedGaps(try Self.sectionThreeRows())
        #expect(edges.filter { (107...116).contains($0) }.count == 1, "edges \(edges)")
        #expect(edges.filter { (160.2...166).contains($0) }.count == 1, "edges \(edges)")
        #expect(edges.filter { (249.3...270).contains($0) }.count == 1, "edges \(edges)")
        // The stub's three columns, the seven value columns: ten.
        #expect(edges.count == 11, "edges \(edges)")
        // Inside the stub, where 果 ends (x 80) and longer labels go on, no edge.
        #expect(!edges.contains { (72...106).contains($0) }, "edges \(edges)")
    }
}
