import DocumentModel
@testable import TableReconstruction
import Testing

/// A ruled table of one-cell rows 14 pt tall from `top`, columns at `xs`, with its texts set in 9 pt.
private func ruledTable(_ rows: [[String]], xs: [Double] = [50, 200, 250, 300], top: Double) -> (runs: [TextRun], rulings: [Ruling]) {
    let ys = (0...rows.count).map { top + Double($0) * 14 }
    let rulings = ys.map { Ruling(orientation: .horizontal, position: $0, start: xs[0], end: xs[xs.count - 1]) }
        + xs.map { Ruling(orientation: .vertical, position: $0, start: ys[0], end: ys[ys.count - 1]) }
    let runs = rows.enumerated().flatMap { row, texts in
        texts.enumerated().flatMap { column, text in characters([text], left: xs[column] + 3, top: ys[row] + 1.5) }
    }
    return (runs, rulings)
}

private func page(_ number: Int, _ parts: [(runs: [TextRun], rulings: [Ruling])], text: [(String, Double)] = []) -> Page {
    let runs = parts.flatMap(\.runs) + text.flatMap { characters([$0.0], left: 60, top: $0.1, size: 12) }
    return Page(number: number, width: 595, height: 842, runs: runs, lines: buildLines(from: runs), rulings: parts.flatMap(\.rulings))
}

@Suite struct ReconstructionTests {
    let upper = ruledTable([["类别", "甲", "乙"], ["1.一类", "1", "2"], ["2.二类", "3", "4"]], top: 700)
    let lower = ruledTable([["3.三类", "5", "6"], ["4.四类", "7", "8"]], top: 60)

    private func tables(_ pages: [Page]) -> [Table] {
        reconstructBlocks(pages: pages).blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }

    @Test func aTableGoesOnPastPageNumbersAndRunningHeads() throws {
        let found = tables([page(1, [upper], text: [("- 1 -", 800)]), page(2, [lower], text: [("年度报告", 30)])])
        try #require(found.count == 1)
        #expect(found[0].rowCount == 5)
        #expect(found[0].cells(inRow: 4).map(\.text) == ["4.四类", "7", "8"])
    }

    @Test func aTableOverThreePagesIsOneTable() throws {
        let middle = ruledTable([["3.三类", "5", "6"]], top: 60)
        let found = tables([page(1, [upper]), page(2, [middle]), page(3, [lower])])
        try #require(found.count == 1)
        #expect(found[0].rowCount == 6)
    }

    @Test func aTableLongerThanAnyReportsIsNotJoinedFurther() {
        // Joining costs time in the rows joined so far: a hostile PDF of one endless table stops joining.
        let long = ruledTable((0...ReconstructionSettings.default.maxStitchedRows).map { ["\($0).项", "1", "2"] }, top: 60)
        let found = tables([Page(number: 1, width: 595, height: 20_000, runs: long.runs, lines: buildLines(from: long.runs), rulings: long.rulings),
                            page(2, [lower])])
        #expect(found.count == 2)
    }

    @Test func textBetweenTheTwoPartsMakesThemTwoTables() {
        // A heading above the lower table: it is a table of its own.
        #expect(tables([page(1, [upper]), page(2, [lower], text: [("五、存在的主要问题及改进情况", 40)])]).count == 2)
        // Body text under the upper table.
        #expect(tables([page(1, [upper], text: [("本机关将进一步做好政府信息公开工作，及时回应社会关切。", 760)]), page(2, [lower])]).count == 2)
        // Not on the next page.
        #expect(tables([page(1, [upper]), page(2, []), page(3, [lower])]).count == 2)
    }
}

@Suite struct UnruledFragmentTests {
    /// Rows of an unruled table, 9 pt text 14 pt apart from `top`: a label and three figures.
    private func rows(_ labels: [String], top: Double) -> [TextRun] {
        labels.enumerated().flatMap { row, label in
            let y = top + Double(row) * 14
            return characters([label], left: 60, top: y) + [("1", 200.0), ("2", 250.0), ("3", 300.0)].flatMap { characters([$0.0], left: $0.1, top: y) }
        }
    }

    private func page(_ number: Int, _ runs: [TextRun]) -> Page {
        Page(number: number, width: 595, height: 842, runs: runs, lines: buildLines(from: runs), rulings: [])
    }

    private func tables(_ pages: [Page]) -> [Table] {
        reconstructBlocks(pages: pages).blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }

    @Test func aLastRowAloneAtTheTopOfAPageJoinsItsTable() throws {
        let found = tables([page(1, rows(["1.一类", "2.二类", "3.三类"], top: 700)), page(2, rows(["四、结转"], top: 60))])
        try #require(found.count == 1)
        #expect(found[0].rowCount == 4)
        #expect(found[0].cells(inRow: 3).map(\.text) == ["四、结转", "1", "2", "3"])
    }

    @Test func aHeaderRowAloneAtThePagesFootJoinsTheTableBelow() throws {
        // 行政复议 / 行政诉讼 at the foot of one page, the rest of the table on the next: the row
        // alone shows no columns of its own, and stands within the lower part's.
        let header = characters(["甲类"], left: 60, top: 780) + characters(["乙类"], left: 200, top: 780)
        let found = tables([page(1, header), page(2, rows(["1.一类", "2.二类", "3.三类"], top: 60))])
        try #require(found.count == 1)
        #expect(found[0].rowCount == 4)
        #expect(found[0].cells(inRow: 0).map(\.text).filter { !$0.isEmpty } == ["甲类", "乙类"])
    }

    @Test func aFragmentNoPartJoinsIsText() {
        // Two rows side by side at the foot of a page, and running text on the next.
        let blocks = reconstructBlocks(pages: [page(1, rows(["联系人", "电话"], top: 760)),
                                               page(2, characters(["本机关将进一步做好政府信息公开工作。"], left: 60, top: 60, size: 12))]).blocks
        #expect(!blocks.contains { if case .table = $0 { true } else { false } })
        #expect(blocks.contains { if case .paragraph(let paragraph) = $0 { paragraph.text.hasPrefix("联系人") } else { false } })
    }
}
