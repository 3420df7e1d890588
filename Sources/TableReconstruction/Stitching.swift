import DocumentModel

/// Joins a table that a page break cut in two: `lower`, at the top of the next page, continues
/// `upper` when both have the same outer edges and their column lines fit one grid.
///
/// At the junction: header rows the lower part repeats are dropped; a row the break cut (some
/// cell of the upper part's last row runs on to its right edge, and every non-empty cell of the
/// lower part's first row stands under a cell of that row) becomes one row; a merged cell that
/// goes on down the next page (empty there, and spanning several rows on either page) continues the
/// cell above it; an empty cell under a one-row cell is a blank value of a new row, not a continuation.
func stitch(_ upper: PlacedTable, _ lower: PlacedTable, tolerance: Double = gridTolerance) -> PlacedTable? {
    guard abs(upper.box.x0 - lower.box.x0) <= tolerance, abs(upper.box.x1 - lower.box.x1) <= tolerance else { return nil }
    let xs = clusterPositions(columnEdges(upper.table) + columnEdges(lower.table), tolerance: tolerance)
    guard let upperCells = regrid(upper.table, onto: xs, tolerance: tolerance),
          var lowerCells = regrid(lower.table, onto: xs, tolerance: tolerance) else { return nil }
    var lowerRows = lower.table.rowCount

    // A repeated header: the lower part opens with the upper part's first rows, word for word.
    let repeated = repeatedHeaderRows(upperCells, lowerCells, rows: min(upper.table.rowCount, lowerRows))
    if repeated > 0 {
        lowerCells = lowerCells.filter { $0.row >= repeated }.map { cell in
            var cell = cell
            cell.row -= repeated
            return cell
        }
        lowerRows -= repeated
    }
    let lastRow = upper.table.rowCount - 1
    var cells = upperCells
    let bottom = cells.indices.filter { cells[$0].lastRow == lastRow }
    let first = lowerCells.indices.filter { lowerCells[$0].row == 0 }
    let partner: [Int: Int] = Dictionary(uniqueKeysWithValues: first.compactMap { index in
        bottom.first { cells[$0].column == lowerCells[index].column && cells[$0].columnSpan == lowerCells[index].columnSpan }
            .map { (index, $0) }
    })
    let cutRow = bottom.contains { upperIndex in
        upper.runsOn.contains { upper.table.cells[$0].row == cells[upperIndex].row && upper.table.cells[$0].column == cells[upperIndex].column }
    } && first.allSatisfy { partner[$0] != nil || lowerCells[$0].text.isEmpty }
      && first.contains { partner[$0] != nil && !lowerCells[$0].text.isEmpty }

    // With a cut row, the lower part's first row is the upper part's last row: it overlaps by one.
    let offset = cutRow ? lastRow : lastRow + 1
    for (index, cell) in lowerCells.enumerated() {
        if let target = partner[index],
           cutRow || (cell.text.isEmpty && !cells[target].text.isEmpty && (cell.rowSpan > 1 || cells[target].rowSpan > 1)) {
            cells[target].rowSpan += cell.rowSpan - (cutRow ? 1 : 0)
            cells[target].text += cell.text
            continue
        }
        if cutRow, cell.row == 0 { continue } // an empty fragment of the cut row, already covered
        var moved = cell
        moved.row += offset
        cells.append(moved)
    }
    let rowCount = offset + lowerRows
    guard let table = try? Table(rowCount: rowCount, columnCount: xs.count - 1, cells: cells,
                                 layout: upper.table.layout == lower.table.layout ? upper.table.layout : .aligned) else { return nil }
    let runsOn = Set(table.cells.indices.filter { index in
        lower.runsOn.contains { lower.table.cells[$0].text == table.cells[index].text && table.cells[index].lastRow == rowCount - 1 }
    })
    return PlacedTable(table: table, page: upper.page, box: upper.box, runsOn: runsOn)
}

private func columnEdges(_ table: Table) -> [Double] {
    table.cells.flatMap { cell in cell.box.map { [$0.x0, $0.x1] } ?? [] }
}

/// The cells with their columns renumbered on the joint grid `xs`; nil if an edge is off that grid.
private func regrid(_ table: Table, onto xs: [Double], tolerance: Double) -> [Cell]? {
    var result: [Cell] = []
    for cell in table.cells {
        guard let box = cell.box,
              let left = xs.firstIndex(where: { abs($0 - box.x0) <= tolerance }),
              let right = xs.firstIndex(where: { abs($0 - box.x1) <= tolerance }), right > left else { return nil }
        var moved = cell
        moved.column = left
        moved.columnSpan = right - left
        result.append(moved)
    }
    return result
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
