import DocumentModel

/// Joins a table that a page break cut in two: `lower`, at the top of the next page, continues
/// `upper` when both have the same outer edges and their column lines fit one grid. Parts without
/// rulings are joined by `stitchAligned`; a ruled part and an unruled one are two tables.
///
/// At the junction, header rows the lower part repeats are dropped. Each column span of the
/// junction pairs the upper part's cell that ends on its last row with the lower part's cell that
/// opens its first row; the pairs decide, by the rules of `isCutRow` and `continuesMergedCell`,
/// whether the two rows are one row the break cut, whether a merged cell goes on down the next
/// page, or whether the lower row is simply the next row.
func stitch(_ upper: PlacedTable, _ lower: PlacedTable, settings: ReconstructionSettings = .default) throws(TableError) -> PlacedTable? {
    switch (upper.table.layout, lower.table.layout) {
    case (.aligned, .aligned): return try stitchAligned(upper, lower, settings: settings)
    case (.aligned, _), (_, .aligned): return nil
    default: break
    }
    guard let xs = jointEdges(upper, lower, tolerance: settings.gridTolerance),
          var cells = regrid(upper, onto: xs), let regridLower = regrid(lower, onto: xs) else { return nil }
    var lowerCells = regridLower
    var lowerRows = lower.table.rowCount

    // A repeated header: the lower part opens with the upper part's first rows, word for word.
    let repeated = repeatedHeaderRows(cells, regridLower, rows: min(upper.table.rowCount, lowerRows))
    if repeated > 0 {
        lowerCells = lowerCells.filter { $0.row >= repeated }.map { cell in
            var cell = cell
            cell.row -= repeated
            return cell
        }
        lowerRows -= repeated
    }
    let lastRow = upper.table.rowCount - 1
    let bottom = cells.indices.filter { cells[$0].lastRow == lastRow }
    let first = lowerCells.indices.filter { lowerCells[$0].row == 0 }
    // The upper cell standing in exactly the same columns as each cell of the lower first row.
    let partner: [Int: Int] = Dictionary(uniqueKeysWithValues: first.compactMap { index in
        bottom.first { cells[$0].column == lowerCells[index].column && cells[$0].columnSpan == lowerCells[index].columnSpan }
            .map { (index, $0) }
    })
    let upperCells = cells
    func pair(_ upperIndex: Int, _ lowerCell: Cell) -> JunctionPair {
        let cell = upperCells[upperIndex]
        let rowsHoldValues = (cell.row...cell.lastRow).contains { row in upper.table.cells(inRow: row).contains { isValue($0.text) } }
        return JunctionPair(upper: cell, upperRowsHoldValues: rowsHoldValues, lower: lowerCell)
    }
    // Keyed by the lower cell's index, as `partner` is.
    let pairs = Dictionary(uniqueKeysWithValues: partner.map { ($0, pair($1, lowerCells[$0])) })
    let unpaired = first.filter { partner[$0] == nil }.map { lowerCells[$0] }
    let cutRow = isCutRow(Array(pairs.values), unpaired: unpaired)
    let cutMerges = !cutRow && cutsMergedCells(Array(pairs.values), unpaired: unpaired)

    // With a cut row, the lower part's first row is the upper part's last row: it overlaps by one.
    let offset = cutRow ? lastRow : lastRow + 1
    for (index, cell) in lowerCells.enumerated() {
        if let target = partner[index], let junction = pairs[index] {
            if cutRow || continuesMergedCell(junction, cutMerges: cutMerges) {
                cells[target] = joined(junction, rowsAdded: cell.rowSpan - (cutRow ? 1 : 0))
                continue
            }
        }
        if cutRow, cell.row == 0 { continue } // an empty fragment of the cut row, already covered
        var moved = cell
        moved.row += offset
        cells.append(moved)
    }
    let table = try Table(rowCount: offset + lowerRows, columnCount: xs.count - 1, cells: cells, layout: .ruled)
    // Placed where its last part stands: a third page's part continues from there.
    return PlacedTable(table: table, page: lower.page, box: lower.box, columnEdges: xs)
}

/// The two sides of a page break in one column span: the upper part's cell that ends on its last
/// row and the lower part's cell that opens its first row, both on the joint grid.
struct JunctionPair: Sendable, Hashable {
    /// Its `runsOn`: its last line fills the cell, so its text may go on past the break.
    var upper: Cell
    /// Values stand in the upper cell's rows: it labels rows of values (a stub), not columns.
    var upperRowsHoldValues: Bool
    var lower: Cell
}

/// The break cut one row in two, and the two fragments are to be joined, only when the evidence
/// says so: some column's text goes on from one fragment to the other (`continuesText`), every
/// column holding text on both sides is such a continuation, and nothing of the lower row stands
/// outside the upper row's cells. Two numbers, one on each side, are two rows' values: never one
/// number glued from both.
func isCutRow(_ pairs: [JunctionPair], unpaired: [Cell]) -> Bool {
    guard unpaired.allSatisfy({ $0.text.isEmpty }) else { return false }
    let bothHoldText = pairs.filter { !$0.upper.text.isEmpty && !$0.lower.text.isEmpty }
    return !bothHoldText.isEmpty && bothHoldText.allSatisfy(continuesText)
}

/// The lower fragment goes on with the upper fragment's text: the upper text runs to its cell's
/// edge (it was wrapped, not ended), and the lower text is a label's (`continuesLabel`).
func continuesText(_ pair: JunctionPair) -> Bool {
    pair.upper.runsOn && continuesLabel(pair.lower.text)
}

/// Text that may go on a label: not a value (a value belongs to its own row, and is never wrapped
/// mid-number by a page break) and not the start of a numbered item (`2.`, `（二）`, `三、`).
func continuesLabel(_ text: String) -> Bool {
    !isValue(text) && !opensWithItemNumber(text)
}

/// The break cut the merged cells of a row whose other columns go on as a row of their own (a
/// header cell two rows tall beside a wider one over its sub-headers): some pair's text goes on
/// (`continuesText`), or the lower row is a row of sub-headers (no values, some of its labels
/// under a wider cell) and a pair's label goes on (结果 / 纠正 set on two lines by the author).
func cutsMergedCells(_ pairs: [JunctionPair], unpaired: [Cell]) -> Bool {
    let bothHoldText = pairs.filter { !$0.upper.text.isEmpty && !$0.lower.text.isEmpty }
    if bothHoldText.contains(where: continuesText) { return true }
    let lowerRow = pairs.map(\.lower) + unpaired
    let subHeaders = !lowerRow.contains { isValue($0.text) } && unpaired.contains { !$0.text.isEmpty }
    return subHeaders && !bothHoldText.isEmpty && bothHoldText.allSatisfy { continuesLabel($0.lower.text) }
}

/// Without a cut row, a merged cell goes on down the next page:
/// - when its text does (`continuesText`), or its row's merged cells were cut (`cutMerges`);
/// - when one side of the pair is empty and the cell spans rows: the empty side is the rest of the
///   merge (a label set in the middle of its rows lands on either page). An empty lower cell under
///   a cell spanning header rows is a blank value of the next row instead: only a label of rows
///   of values (a stub) goes on over a blank.
func continuesMergedCell(_ pair: JunctionPair, cutMerges: Bool) -> Bool {
    switch (pair.upper.text.isEmpty, pair.lower.text.isEmpty) {
    case (false, false): return continuesText(pair) || (cutMerges && continuesLabel(pair.lower.text))
    case (false, true): return pair.lower.rowSpan > 1 || cutMerges || (pair.upper.rowSpan > 1 && pair.upperRowsHoldValues)
    case (true, false): return (pair.upper.rowSpan > 1 || pair.lower.rowSpan > 1) && !isValue(pair.lower.text)
    case (true, true): return false
    }
}

/// One cell of the two sides of a pair: spans added, texts joined, and the box of the side that
/// holds the text, so that a value that fell on the lower page is shown where it stands.
private func joined(_ pair: JunctionPair, rowsAdded: Int) -> Cell {
    var cell = pair.upper
    cell.rowSpan += rowsAdded
    cell.text += pair.lower.text
    // Its text now ends as the lower side's does.
    cell.runsOn = pair.lower.runsOn
    if pair.upper.text.isEmpty {
        cell.box = pair.lower.box
        cell.page = pair.lower.page
    }
    return cell
}

/// The column lines of both ruled parts as one grid, or nil when they are not one table's: the
/// outer edges are the same, the inner lines may differ (a column split further down).
private func jointEdges(_ upper: PlacedTable, _ lower: PlacedTable, tolerance: Double) -> [Double]? {
    guard let upperLeft = upper.columnEdges.first, let upperRight = upper.columnEdges.last,
          let lowerLeft = lower.columnEdges.first, let lowerRight = lower.columnEdges.last,
          abs(upperLeft - lowerLeft) <= tolerance, abs(upperRight - lowerRight) <= tolerance else { return nil }
    return clusterPositions(upper.columnEdges + lower.columnEdges, tolerance: tolerance)
}

/// The cells with their columns renumbered on the joint grid `xs`, in the same order; nil if an
/// edge is off that grid.
private func regrid(_ part: PlacedTable, onto xs: [Double]) -> [Cell]? {
    func nearest(_ edge: Double) -> Int? {
        xs.indices.min { abs(xs[$0] - edge) < abs(xs[$1] - edge) }
    }
    var result: [Cell] = []
    for cell in part.table.cells {
        guard cell.column + cell.columnSpan < part.columnEdges.count, let left = nearest(part.columnEdges[cell.column]),
              let right = nearest(part.columnEdges[cell.column + cell.columnSpan]), right > left else { return nil }
        var moved = cell
        moved.column = left
        moved.columnSpan = right - left
        result.append(moved)
    }
    return result
}

/// Two parts of a table without rulings, joined: the grid is guessed again from the rows of both,
/// the lower part's set under the upper's as if the page went on, so that the columns a short
/// part cannot show (a few rows under a page's last heading, a stub with no text below the
/// break) are found from all of them, and wrapped lines are joined across the break as within a
/// page. The parts are one table's when the lower part's text stands within the upper part's
/// columns: its last text in the last column (centred figures end where their widths make them)
/// or none of it right of the upper part's, its first no further left than `alignedEdgeTolerance`
/// past the upper part's or centred in its first column; or, when the upper part is a fragment at
/// a page's foot, when its text stands within the lower part's.
private func stitchAligned(_ upper: PlacedTable, _ lower: PlacedTable, settings: ReconstructionSettings) throws(TableError) -> PlacedTable? {
    let alignedEdgeTolerance = settings.alignedEdgeTolerance
    let texts = lower.table.cells.filter { !$0.text.isEmpty }.compactMap(\.box)
    guard let upperBottom = upper.rows.last?.box.y1, let lowerTop = lower.rows.first?.box.y0,
          let firstText = texts.min(by: { $0.x0 < $1.x0 }), let lastText = texts.max(by: { $0.x1 < $1.x1 }) else { return nil }
    if upper.isFragment {
        // A row or two (行政复议 / 行政诉讼 over the rest of the header) shows no columns of its
        // own: its text stands within the lower part's.
        guard upper.box.x0 >= lower.box.x0 - alignedEdgeTolerance, upper.box.x1 <= lower.box.x1 + alignedEdgeTolerance else { return nil }
    } else {
        let endsInLastColumn = interval(containing: lastText.midX, in: upper.columnEdges) == upper.columnEdges.count - 2
        // A table of blocks (section 二: four columns over one, then a block of two) goes on
        // below the break with fewer columns, all within the upper part's.
        let standsWithin = lower.box.x1 <= upper.box.x1 + alignedEdgeTolerance
        // Labels centred in the stub reach further left the longer they are.
        let startsUnder = lower.box.x0 >= upper.box.x0 - alignedEdgeTolerance
            || interval(containing: firstText.midX, in: upper.columnEdges) == 0
        guard endsInLastColumn || standsWithin, startsUnder else { return nil }
    }
    // Half a row's height apart, as the rows of one page stand (a wider gap would end a region).
    let gap = max(1, upper.rows.last?.box.height ?? 1) / 2
    let shift = upperBottom + gap - lowerTop
    let placements = upper.placements + lower.placements.map { placement in
        RowPlacement(from: placement.from.isFinite ? placement.from + shift : upperBottom + gap / 2, page: placement.page, shift: placement.shift + shift)
    }
    return try alignedTable(upper.rows + lower.rows.map { $0.shifted(by: shift) }, placements: placements, settings: settings)
}

/// How many of the lower part's first rows repeat the upper part's first rows exactly.
private func repeatedHeaderRows(_ upper: [Cell], _ lower: [Cell], rows: Int) -> Int {
    func row(_ cells: [Cell], _ index: Int) -> [String] {
        cells.filter { $0.row == index }.sorted { $0.column < $1.column }.map(\.text)
    }
    var count = 0
    while count < rows, !row(lower, count).allSatisfy(\.isEmpty), row(upper, count) == row(lower, count) {
        count += 1
    }
    return count
}
