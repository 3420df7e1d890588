import DocumentModel

/// An HTML cell with its spans as the page states them (already capped).
struct SpannedCell: Sendable, Hashable {
    var columnSpan: Int
    var rowSpan: Int
    var lines: [String]
}

/// Turns HTML's spans into the rows `TableGrid` resolves, as DOCX writes them: a cell that spans
/// rows is a `restart` cell with a `continue` cell in each row below it covers, at its columns.
///
/// Each cell takes the first column no cell from above covers, as browsers place them. Where the
/// markup overlaps (a `colspan` running into a cell spanning down from above), the cell is cut
/// short at that column, so every grid position belongs to one cell.
struct RowSpans {
    /// Cells spanning down into the next rows: first column, width, rows still to cover.
    private var open: [(column: Int, width: Int, rowsLeft: Int)] = []

    mutating func row(_ cells: [SpannedCell]) -> RawRow {
        let above = open.sorted { $0.column < $1.column }
        var placed: [(column: Int, cell: RawCell)] = above.map {
            ($0.column, RawCell(gridSpan: $0.width, verticalMerge: .continue))
        }
        var next: [(column: Int, width: Int, rowsLeft: Int)] = above.filter { $0.rowsLeft > 1 }.map { ($0.column, $0.width, $0.rowsLeft - 1) }
        var column = 0
        var nextAbove = 0
        for cell in cells {
            // Past the cells from above that cover this column or end before it.
            while nextAbove < above.count, above[nextAbove].column <= column {
                column = max(column, above[nextAbove].column + above[nextAbove].width)
                nextAbove += 1
            }
            let room = nextAbove < above.count ? above[nextAbove].column - column : Int.max
            let width = min(cell.columnSpan, room)
            placed.append((column, RawCell(gridSpan: width, verticalMerge: cell.rowSpan > 1 ? .restart : .none, paragraphs: cell.lines)))
            if cell.rowSpan > 1 { next.append((column, width, cell.rowSpan - 1)) }
            column += width
        }
        open = next
        var row = RawRow()
        var end = 0
        for (column, cell) in placed.sorted(by: { $0.column < $1.column }) {
            var cell = cell
            cell.gridBefore = column - end
            end = column + cell.gridSpan
            row.cells.append(cell)
        }
        return row
    }
}
