import DocumentModel

/// The grid of one ruled table on one page: its grid lines and the ruling segments drawn on them.
struct RuledGrid: Sendable, Hashable {
    /// Grid line positions, ascending: `columns` x's and `rows` y's, one more than cells each way.
    var xs: [Double]
    var ys: [Double]
    var rulings: [Ruling]

    var box: BoundingBox { BoundingBox(x0: xs[0], y0: ys[0], x1: xs[xs.count - 1], y1: ys[ys.count - 1]) }

    /// The box of a cell of `cellRectangles(of:)`.
    func box(of cell: (row: Int, column: Int, rowSpan: Int, columnSpan: Int)) -> BoundingBox {
        BoundingBox(x0: xs[cell.column], y0: ys[cell.row], x1: xs[cell.column + cell.columnSpan], y1: ys[cell.row + cell.rowSpan])
    }
}

/// Groups rulings into table grids: lines that meet belong to one table. Lines that meet no line
/// across (underlines, lone rules, a glyph's leftover) are dropped, so they never make a table;
/// nor does a frame (a page border) of a single column.
func findGrids(in rulings: [Ruling], tolerance: Double = ReconstructionSettings.default.gridTolerance) -> [RuledGrid] {
    var kept = closingOpenEdges(reachingLinesJustPast(rulings, tolerance: tolerance), tolerance: tolerance)
    // Dropping a line can strand another, so prune until nothing changes.
    while true {
        let pruned = kept.filter { ruling in
            kept.filter { $0.orientation != ruling.orientation && meet($0, ruling, tolerance: tolerance) }.count >= 2
        }
        if pruned.count == kept.count { break }
        kept = pruned
    }
    return connectedGroups(of: kept, tolerance: tolerance).compactMap { group in
        let xs = clusterPositions(group.filter { $0.orientation == .vertical }.map(\.position), tolerance: tolerance)
        let ys = clusterPositions(group.filter { $0.orientation == .horizontal }.map(\.position), tolerance: tolerance)
        // A table has at least two columns: a frame around a page or a note, even with a rule
        // across it, is decoration. One row is enough: a page break can leave a table's last row alone.
        guard xs.count >= 3, ys.count >= 2 else { return nil }
        return RuledGrid(xs: xs, ys: ys, rulings: group)
    }.sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
}

/// Where each cell paints its own edges, a cell the page break cut paints them only as far as
/// the part of it on this page: its verticals stop a few points short of the line under the row
/// beside it and meet no line there, so they would be dropped and their cells merged. A vertical
/// end that meets no line across is drawn on to the first line across it less than a row's height
/// further (see `closingOpenEdges`); a gap of more than a row (a thick line left out) stays a gap.
func reachingLinesJustPast(_ rulings: [Ruling], tolerance: Double) -> [Ruling] {
    let horizontals = rulings.filter { $0.orientation == .horizontal }
    let minimumRow = 3 * tolerance
    func across(_ x: Double) -> [Double] {
        horizontals.filter { $0.start - tolerance <= x && $0.end + tolerance >= x }.map(\.position)
    }
    return rulings.map { ruling in
        guard ruling.orientation == .vertical else { return ruling }
        let lines = across(ruling.position)
        var reaching = ruling
        if !lines.contains(where: { abs($0 - ruling.end) <= tolerance }),
           let below = lines.filter({ $0 > ruling.end && $0 - ruling.end <= minimumRow }).min() {
            reaching.end = below
        }
        if !lines.contains(where: { abs($0 - ruling.start) <= tolerance }),
           let above = lines.filter({ $0 < ruling.start && ruling.start - $0 <= minimumRow }).max() {
            reaching.start = above
        }
        return reaching
    }
}

/// Where a page break cuts a table, writers leave its edge open: WPS draws no line under the last
/// row, and Chromium none over the cells that go on from the page before (nor under those that go
/// on to the next), so a column's vertical may meet no line across at all. The verticals still end
/// together there, and a table's verticals start and end on lines everywhere else, so wherever three
/// or more verticals start (or end) within a row's height of one another, and none between them
/// goes on past it, a line is drawn between the outermost of them: on the drawn line within a
/// row's height of it (a stroke's overshoot is no row), else where the farthest of them ends. Those
/// verticals are drawn on to that line: where each cell paints its own edges, a cell the break cut
/// stops short of the table's frame, which runs on to the page's foot. Returns `rulings` with the
/// verticals so lengthened and the closing lines added.
func closingOpenEdges(_ rulings: [Ruling], tolerance: Double) -> [Ruling] {
    var verticals = rulings.filter { $0.orientation == .vertical }
    let horizontals = rulings.filter { $0.orientation == .horizontal }
    // An open end is taller than a stroke's overshoot but still a row: at least a line of text.
    let minimumRow = 3 * tolerance
    var closings: [Ruling] = []
    for top in [true, false] {
        let ends = verticals.indices.map { (y: top ? verticals[$0].start : verticals[$0].end, index: $0) }
            .sorted { top ? $0.y > $1.y : $0.y < $1.y }
        var cluster: [(y: Double, index: Int)] = []
        func close() {
            defer { cluster = [] }
            let xs = cluster.map { verticals[$0.index].position }
            guard cluster.count >= 3, let left = xs.min(), let right = xs.max(), let farthest = cluster.last?.y else { return }
            // Only an edge of the table: no vertical between them goes on past it (a gap in the
            // verticals inside a table, where a thick line was left out, is no edge).
            let beyond = verticals.contains { vertical in
                vertical.position >= left - tolerance && vertical.position <= right + tolerance
                    && (top ? vertical.start < farthest - minimumRow : vertical.end > farthest + minimumRow)
            }
            guard !beyond else { return }
            let drawn = horizontals.map(\.position).filter { abs($0 - farthest) <= minimumRow }
                .min { abs($0 - farthest) < abs($1 - farthest) }
            let y = drawn ?? farthest
            closings.append(Ruling(orientation: .horizontal, position: y, start: left, end: right))
            for end in cluster {
                if top {
                    verticals[end.index].start = min(verticals[end.index].start, y)
                } else {
                    verticals[end.index].end = max(verticals[end.index].end, y)
                }
            }
        }
        // Ends in the order the edge is met from inside the table: a cluster reaches from its first.
        for end in ends {
            if let first = cluster.first, abs(end.y - first.y) > minimumRow { close() }
            cluster.append(end)
        }
        close()
    }
    return horizontals + verticals + closings
}

/// True when a horizontal and a vertical ruling touch or cross.
func meet(_ a: Ruling, _ b: Ruling, tolerance: Double) -> Bool {
    guard a.orientation != b.orientation else { return false }
    return b.position >= a.start - tolerance && b.position <= a.end + tolerance
        && a.position >= b.start - tolerance && a.position <= b.end + tolerance
}

private func connectedGroups(of rulings: [Ruling], tolerance: Double) -> [[Ruling]] {
    var groups = DisjointSets(count: rulings.count)
    for i in rulings.indices {
        for j in rulings.indices where j > i && meet(rulings[i], rulings[j], tolerance: tolerance) {
            groups.union(i, j)
        }
    }
    return groups.sets().map { $0.map { rulings[$0] } }
}

/// Positions within `tolerance` of their neighbour are one line, placed at their mean.
func clusterPositions(_ positions: [Double], tolerance: Double) -> [Double] {
    var clusters: [[Double]] = []
    for position in positions.sorted() {
        if let last = clusters.last?.last, position - last <= tolerance {
            clusters[clusters.count - 1].append(position)
        } else {
            clusters.append([position])
        }
    }
    return clusters.map { $0.reduce(0, +) / Double($0.count) }
}

/// A ruling lies on the grid line at `position` and covers the point `along`.
private func isDrawn(_ orientation: Ruling.Orientation, at position: Double, covering along: Double, in rulings: [Ruling], tolerance: Double) -> Bool {
    rulings.contains {
        $0.orientation == orientation && abs($0.position - position) <= tolerance
            && $0.start - tolerance <= along && $0.end + tolerance >= along
    }
}

/// The merged cells of a grid: two neighbouring grid positions are one cell when no ruling
/// separates them. A merge that is not a rectangle (a drawing error) is split back into its positions.
func cellRectangles(of grid: RuledGrid, tolerance: Double = ReconstructionSettings.default.gridTolerance) -> [(row: Int, column: Int, rowSpan: Int, columnSpan: Int)] {
    let rows = grid.ys.count - 1
    let columns = grid.xs.count - 1
    var cells = DisjointSets(count: rows * columns)
    for row in 0..<rows {
        let midY = (grid.ys[row] + grid.ys[row + 1]) / 2
        for column in 0..<columns {
            let midX = (grid.xs[column] + grid.xs[column + 1]) / 2
            if column + 1 < columns, !isDrawn(.vertical, at: grid.xs[column + 1], covering: midY, in: grid.rulings, tolerance: tolerance) {
                cells.union(row * columns + column + 1, row * columns + column)
            }
            if row + 1 < rows, !isDrawn(.horizontal, at: grid.ys[row + 1], covering: midX, in: grid.rulings, tolerance: tolerance) {
                cells.union((row + 1) * columns + column, row * columns + column)
            }
        }
    }
    var result: [(row: Int, column: Int, rowSpan: Int, columnSpan: Int)] = []
    for positions in cells.sets() {
        let rowsHere = positions.map { $0 / columns }
        let columnsHere = positions.map { $0 % columns }
        let top = rowsHere.min() ?? 0, bottom = rowsHere.max() ?? 0
        let left = columnsHere.min() ?? 0, right = columnsHere.max() ?? 0
        if (bottom - top + 1) * (right - left + 1) == positions.count {
            result.append((top, left, bottom - top + 1, right - left + 1))
        } else {
            result += positions.map { ($0 / columns, $0 % columns, 1, 1) }
        }
    }
    return result.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
}

/// A table as found on one page, with what stitching it to the next page's table needs to know.
/// A table already stitched from parts stands where its last part does.
struct PlacedTable: Sendable {
    var table: Table
    var page: Int
    var box: BoundingBox
    /// The x of each column line, `table.columnCount + 1` of them: drawn lines of a ruled table,
    /// shared gaps of an aligned one.
    var columnEdges: [Double]
    /// An aligned table's text rows and the pages they stand on, to guess its grid again from all
    /// of its rows once a part from the next page joins it; empty for a ruled table.
    var rows: [TextRow] = []
    var placements: [RowPlacement] = []
    /// Too few rows to be a table by themselves: a table only if joined to its part on the page before or after.
    var isFragment = false
}

/// Builds the table of a grid and fills its cells with the characters whose centres fall inside.
func buildTable(grid: RuledGrid, characters: [TextRun], page: Int,
                tolerance: Double = ReconstructionSettings.default.gridTolerance) throws(TableError) -> PlacedTable {
    let rectangles = cellRectangles(of: grid, tolerance: tolerance)
    var texts = [[TextRun]](repeating: [], count: rectangles.count)
    let columns = grid.xs.count - 1
    var coverage = GridCoverage(rowCount: grid.ys.count - 1, columnCount: columns)
    for (index, rectangle) in rectangles.enumerated() {
        coverage.cover(rows: rectangle.row..<rectangle.row + rectangle.rowSpan,
                       columns: rectangle.column..<rectangle.column + rectangle.columnSpan, with: index)
    }
    for character in characters {
        guard let column = interval(containing: character.box.midX, in: grid.xs),
              let row = interval(containing: character.box.midY, in: grid.ys),
              let index = coverage[row, column] else { continue }
        texts[index].append(character)
    }
    let boxes = rectangles.map(grid.box(of:))
    // The table's cell padding is the smallest gap between a cell's left side and its text:
    // some cell of every table is left-aligned. Word, WPS and LibreOffice each pad differently.
    let insets = zip(boxes, texts).compactMap { box, characters in characters.map(\.box.x0).min().map { $0 - box.x0 } }
    let padding = min(max(insets.min() ?? 1.5, 0.5), 6)
    let cells = rectangles.enumerated().map { index, rectangle in
        let box = boxes[index]
        let content = cellText(texts[index], in: box, padding: padding)
        return Cell(row: rectangle.row, column: rectangle.column, rowSpan: rectangle.rowSpan, columnSpan: rectangle.columnSpan,
                    text: content.text, box: box, page: page, runsOn: content.runsOn, confidence: texts[index].compactMap(\.confidence).min())
    }
    let table = try Table(rowCount: grid.ys.count - 1, columnCount: columns, cells: cells, layout: .ruled)
    return PlacedTable(table: table, page: page, box: grid.box, columnEdges: grid.xs)
}

/// The index of the interval of sorted `edges` holding `value`, if inside them.
func interval(containing value: Double, in edges: [Double]) -> Int? {
    guard let first = edges.first, let last = edges.last, value >= first, value <= last else { return nil }
    var low = 0, high = edges.count - 1
    while high - low > 1 {
        let middle = (low + high) / 2
        if edges[middle] <= value { low = middle } else { high = middle }
    }
    return low
}

/// A cell's lines joined in reading order. A line that left room for the next line's opening
/// characters ended where its author pressed Enter ("\n"); one that did not was wrapped by the
/// layout and continues without a break. `runsOn` tells whether the last line fills the cell too,
/// so that the text may go on past a page break.
func cellText(_ characters: [TextRun], in box: BoundingBox, padding: Double) -> (text: String, runsOn: Bool) {
    let lines = buildLines(from: characters, columnGap: .infinity)
    guard let first = lines.first, let last = lines.last else { return ("", false) }
    // Text set vertically in a narrow merged label cell (三/、/本/年/度…) is one character a line.
    if lines.count >= 3, lines.allSatisfy({ $0.runs.count == 1 }) {
        return (lines.map(\.text).joined(), false)
    }
    let innerWidth = box.width - 2 * padding
    var text = first.text
    for (above, line) in zip(lines, lines.dropFirst()) {
        text += fills(above, innerWidth: innerWidth, nextWidth: unbreakableLead(of: line)) ? "" : "\n"
        text += line.text
    }
    return (text, fills(last, innerWidth: innerWidth, nextWidth: last.runs.last?.box.width ?? 0))
}

/// No room was left for `nextWidth` more (half a point of slack for rounding): the layout, not
/// the author, ended the line. Measured as the cell's free width, so left-aligned, centred and
/// right-aligned text are judged alike.
private func fills(_ line: TextLine, innerWidth: Double, nextWidth: Double) -> Bool {
    innerWidth - line.box.width < nextWidth + 0.5
}

/// Punctuation that Chinese typesetting never puts at the start of a line: the character before
/// it is carried down with it, so a wrap had to find room for both.
private let noLineStart: Set<Character> = ["，", "。", "、", "；", "：", "！", "？", "”", "’", "）", "》", "】", "」", "』", ")", ",", ".", "…"]

/// The width of a line's first character together with the punctuation that clings to it.
private func unbreakableLead(of line: TextLine) -> Double {
    guard let first = line.runs.first else { return 0 }
    var width = first.box.width
    for run in line.runs.dropFirst() {
        guard let character = run.text.first, noLineStart.contains(character) else { break }
        width += run.box.width
    }
    return width
}

/// The boxes of the cells of every table the rulings draw, merged cells as one: where the OCR
/// stage reads a scanned table cell by cell, as `reconstructBlocks` will then put them together.
public func ruledCellBoxes(in rulings: [Ruling]) -> [BoundingBox] {
    findGrids(in: rulings).flatMap { grid in cellRectangles(of: grid).map(grid.box(of:)) }
}
