import DocumentModel

/// A cell of an unruled table while its grid is read from the text's alignment.
struct AlignedCell {
    var text: String
    var box: BoundingBox
    /// Its latest line: whether that line was full says whether the text below it wrapped.
    var lastLine: BoundingBox
    /// The size of its characters: a line is full when the next one would not fit before the column's edge.
    var fontSize: Double
    /// Its grid row, known once wrapped lines are joined and the rows they leave empty dropped.
    var row = 0
    var columns: Range<Int>
    var rowSpan = 1

    init(_ word: Word, columns: Range<Int>) {
        text = word.text
        box = word.box
        lastLine = word.box
        fontSize = word.fontSize
        self.columns = columns
    }

    /// More text on the same line, a column gap away.
    mutating func add(_ word: Word, through column: Int) {
        text += " " + word.text
        box = box.union(word.box)
        lastLine = lastLine.union(word.box)
        fontSize = max(fontSize, word.fontSize)
        columns = columns.lowerBound..<max(columns.upperBound, column + 1)
    }

    /// The next line of the same cell: wrapped text joins without a space, as CJK text is written.
    mutating func join(_ below: AlignedCell) {
        text += below.text
        box = box.union(below.box)
        lastLine = below.lastLine
    }
}

/// The matrix of an unruled region: one column per shared gap, a word spanning the columns it
/// crosses, one grid row per text row once the lines that only continue a cell above are joined
/// to it, and the merged cells drawn tables have but no line shows here read from the blanks
/// (see `spanBlanks`).
func alignedTable(_ rows: [TextRow], placements: [RowPlacement], settings: ReconstructionSettings) throws(TableError) -> PlacedTable? {
    let edges = withLabelColumns(sharedGaps(rows, settings: settings), rows: rows, settings: settings)
    guard edges.count >= 3 else { return nil }
    let columnCount = edges.count - 1
    var grid = gridRows(rows, edges: edges, wordGap: settings.wordGap)
    if let values = valueCorner(of: grid) {
        joinWrappedLines(&grid, edges: edges, header: 0..<values.row, stub: 0..<values.column)
        grid.removeAll { $0.allSatisfy { $0 == nil } }
    }
    var cells = grid.enumerated().flatMap { index, row in
        row.compactMap { cell in cell.map { var placed = $0; placed.row = index; return placed } }
    }
    if let values = valueCorner(of: grid) {
        let valueRows = Set(cells.filter { isValue($0.text) }.map(\.row))
        spanBlanks(&cells, rowCount: grid.count, columnCount: columnCount, header: 0..<values.row, stub: 0..<values.column, valueRows: valueRows)
    }
    var owner = occupancy(of: cells, rowCount: grid.count, columnCount: columnCount)
    var result = cells.map { cell in
        let (page, box) = place(cell.box, placements)
        return Cell(row: cell.row, column: cell.columns.lowerBound, rowSpan: cell.rowSpan, columnSpan: cell.columns.count, text: cell.text, box: box, page: page)
    }
    for row in 0..<grid.count {
        let page = result.first { $0.row == row }?.page
        for column in 0..<columnCount where owner[row, column] == nil {
            owner[row, column] = result.count
            result.append(Cell(row: row, column: column, text: "", page: page))
        }
    }
    let table = try Table(rowCount: grid.count, columnCount: columnCount, cells: result, layout: .aligned)
    guard let top = rows.first?.box.y0, let bottom = rows.last?.box.y1, let last = placements.last else { return nil }
    return PlacedTable(table: table, page: last.page, box: BoundingBox(x0: edges[0], y0: max(top, last.from) - last.shift, x1: edges[columnCount], y1: bottom - last.shift),
                       columnEdges: edges, rows: rows, placements: placements)
}

/// Where an aligned table's rows stand. A table from one page has one placement; one stitched from
/// parts has its later parts' rows set under the earlier ones, as if the page went on, and a
/// placement for each part: from which y (in the joined rows) it stands on `page`, moved down by `shift`.
struct RowPlacement: Sendable, Hashable {
    var from: Double
    var page: Int
    var shift: Double
}

/// The page a box of the joined rows stands on, and the box there.
private func place(_ box: BoundingBox, _ placements: [RowPlacement]) -> (page: Int?, box: BoundingBox) {
    guard let placement = placements.last(where: { $0.from <= box.y0 }) ?? placements.first else { return (nil, box) }
    return (placement.page, BoundingBox(x0: box.x0, y0: box.y0 - placement.shift, x1: box.x1, y1: box.y1 - placement.shift))
}

/// Edges where label columns start that shared gaps cannot show: labels spanning two stub columns
/// ((一) 予以公开 over a sub-stub and its items) cover the gap between them in too many rows. A
/// column of labels still starts at one x, after other text, in three rows or more ((三) 不予公开 /
/// 1.属于国家秘密, (四) 无法提供 / 1.本机关…): an edge goes midway between that x and the end of
/// the text before it, unless one stands there already.
func withLabelColumns(_ edges: [Double], rows: [TextRow], settings: ReconstructionSettings = .default) -> [Double] {
    let rowWords = rows.map { $0.segments.flatMap { words(of: $0, wordGap: settings.wordGap) } }
    guard let valuesStart = rowWords.joined().filter({ isValue($0.text) }).map(\.box.x0).min() else { return edges }
    // Label words that follow other text on their row, by where they start.
    var starts: [(x: Double, before: Double)] = []
    for row in rowWords {
        // After an item number alone (`(一)` of `(一) 予以公开`), a word goes on the same label.
        for (before, word) in zip(row, row.dropFirst()) where word.box.x1 < valuesStart && !isValue(word.text) && !isItemNumber(before.text) {
            starts.append((word.box.x0, before.box.x1))
        }
    }
    var result = edges
    var cluster: [(x: Double, before: Double)] = []
    func close() {
        defer { cluster = [] }
        guard cluster.count >= settings.minTableRows, let start = cluster.map(\.x).min(), let end = cluster.map(\.before).max(), end < start else { return }
        let edge = (end + start) / 2
        if !result.contains(where: { $0 >= end && $0 <= start }) { result.append(edge) }
    }
    for start in starts.sorted(by: { $0.x < $1.x }) {
        if let last = cluster.last, start.x - last.x > 1.5 { close() }
        cluster.append(start)
    }
    close()
    return result.sorted()
}

/// One grid row per text row: each word in the column its start falls in, spanning to the column
/// its end falls in. A sparse row under a fuller one only continues that row's cells (see `continues`).
private func gridRows(_ rows: [TextRow], edges: [Double], wordGap: Double) -> [[AlignedCell?]] {
    var grid: [[AlignedCell?]] = []
    for row in rows {
        var cells = [AlignedCell?](repeating: nil, count: edges.count - 1)
        for word in row.segments.flatMap({ words(of: $0, wordGap: wordGap) }) {
            guard var first = interval(containing: word.box.x0 + 1, in: edges) else { continue }
            let last = max(first, interval(containing: word.box.x1 - 1, in: edges) ?? first)
            // A word starting under a cell that already spans its column (部分公开 (区分处理的, …) goes on that cell.
            if let spanning = cells[..<first].lastIndex(where: { $0?.columns.contains(first) == true }) { first = spanning }
            if cells[first] != nil {
                cells[first]?.add(word, through: last)
            } else {
                cells[first] = AlignedCell(word, columns: first..<last + 1)
            }
        }
        if let above = grid.last, continues(cells, above, indent: max(row.box.height, 1)) {
            for column in cells.indices {
                if let more = cells[column] { grid[grid.count - 1][column]?.join(more) }
            }
            continue
        }
        grid.append(cells)
    }
    return grid
}

/// Whether a row only continues the row above (a wrapped label's second line, a header's wrapped
/// words): text only in columns the row above filled, each starting where the text above starts
/// and crossing no column edge the text above does not (a heading row across the table is no
/// wrapped value), not opening with an item number, and either in at most half as many columns
/// (a new row of the table fills them all again) or with no figure (a row of the table's body has
/// its values).
private func continues(_ cells: [AlignedCell?], _ above: [AlignedCell?], indent: Double) -> Bool {
    let filled = cells.compactMap { $0 }
    let fitsUnder = cells.indices.allSatisfy { column in
        guard let cell = cells[column] else { return true }
        guard let upper = above[column] else { return false }
        return abs(cell.box.x0 - upper.box.x0) <= indent && cell.columns.upperBound <= upper.columns.upperBound
    }
    // A row that opens with an item number (二、上年结转…, its values blank) is an item of its own.
    let opensItem = filled.first.map { opensWithItemNumber($0.text) } ?? false
    return fitsUnder && !opensItem && (filled.count * 2 <= above.compactMap { $0 }.count || !filled.contains { hasFigure($0.text) })
}

/// Joins to the cell above the lines that are its wrapped text, though they share a grid row with
/// other cells: the line above was full, and this one starts where it started (三、本年 /
/// 度办理结果 in a narrow stub column) or, in the header, is centred on the same point
/// (和，等于第三项加第四项之和). A short label centred over another (法人或其他组织 under
/// 申请人情况) is a cell of its own.
private func joinWrappedLines(_ grid: inout [[AlignedCell?]], edges: [Double], header: Range<Int>, stub: Range<Int>) {
    for row in grid.indices.dropFirst() {
        for column in grid[row].indices {
            // Never across the header's last line: the body's first label is a cell of its own.
            guard header.contains(row) == header.contains(row - 1), let cell = grid[row][column],
                  let above = grid[row - 1][column], cell.columns == above.columns else { continue }
            // Full: the next character would not have fitted. A centred line has its room split
            // on both sides, so less than a character on each.
            let width = edges[above.columns.upperBound] - edges[above.columns.lowerBound]
            let wrapped = above.lastLine.x1 + above.fontSize > edges[above.columns.upperBound]
                && abs(cell.box.x0 - above.lastLine.x0) <= 1
                && (header.contains(row) || cell.columns.upperBound <= stub.upperBound)
            let centred = header.contains(row) && above.lastLine.width + 2 * above.fontSize > width
                && abs(cell.box.midX - above.lastLine.midX) <= 1 && !hasFigure(cell.text)
            // A line that opens with an item number (4.保护…) starts an item, however full the one above.
            guard wrapped || centred, !opensWithItemNumber(cell.text) else { continue }
            grid[row - 1][column]?.join(cell)
            grid[row][column] = nil
        }
    }
}

/// Without rulings a merged cell shows only as blanks beside or below its text. Merged cells are
/// how these tables label their rows and columns, and a blank label is rare; a blank among the
/// values is a blank. So blanks are read as merged only where labels stand: in a header row, a
/// column label centred over blank columns spans them (申请人情况 over its seven columns) and a
/// label spans the header rows blank below it (自然人); in a row of values, a stub label spans the
/// blank stub columns to its right ((七) 总计) and then the rows of values blank below it
/// (三、本年度办理结果).
private func spanBlanks(_ cells: inout [AlignedCell], rowCount: Int, columnCount: Int, header: Range<Int>, stub: Range<Int>,
                        valueRows: Set<Int>) {
    var owner = occupancy(of: cells, rowCount: rowCount, columnCount: columnCount)
    for index in cells.indices {
        let row = cells[index].row
        var columns = cells[index].columns
        if header.contains(row), columns.lowerBound >= stub.upperBound {
            // Centred: a column more on each side while both are blank.
            while columns.lowerBound > stub.upperBound, columns.upperBound < columnCount,
                  owner[row, columns.lowerBound - 1] == nil, owner[row, columns.upperBound] == nil {
                columns = columns.lowerBound - 1..<columns.upperBound + 1
            }
        } else if valueRows.contains(row), columns.upperBound <= stub.upperBound {
            while columns.upperBound < stub.upperBound, owner[row, columns.upperBound] == nil {
                columns = columns.lowerBound..<columns.upperBound + 1
            }
        }
        for column in columns { owner[row, column] = index }
        cells[index].columns = columns
    }
    for index in cells.indices {
        let cell = cells[index]
        // Header labels span header rows; stub labels span the rows of values below them, never
        // a heading row across the table (第二十条第（五）项), which has none.
        let labelsRow = { (next: Int) in
            header.contains(cell.row) ? header.contains(next) : cell.columns.upperBound <= stub.upperBound && valueRows.contains(next)
        }
        var next = cell.row + cell.rowSpan
        while next < rowCount, labelsRow(next), cell.columns.allSatisfy({ owner[next, $0] == nil }) {
            for column in cell.columns { owner[next, column] = index }
            cells[index].rowSpan += 1
            next += 1
        }
    }
}

/// For each grid position, the index of the cell covering it; where two cells claim one, the first.
private func occupancy(of cells: [AlignedCell], rowCount: Int, columnCount: Int) -> GridCoverage {
    var owner = GridCoverage(rowCount: rowCount, columnCount: columnCount)
    for (index, cell) in cells.enumerated() {
        owner.cover(rows: cell.row..<cell.row + cell.rowSpan, columns: cell.columns, with: index)
    }
    return owner
}

/// The first row and the first column holding a figure: above and left of it stand the labels.
/// Nil for a table of text only, whose blanks say nothing about merged cells.
private func valueCorner(of grid: [[AlignedCell?]]) -> (row: Int, column: Int)? {
    let figures = grid.map { row in row.compactMap { $0 }.filter { isValue($0.text) } }
    guard let row = figures.firstIndex(where: { !$0.isEmpty }),
          let column = figures.joined().map(\.columns.lowerBound).min() else { return nil }
    return (row, column)
}

/// Digits in any script (not the CJK numerals of labels such as 三、).
private func hasFigure(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.numericType == .decimal }
}
