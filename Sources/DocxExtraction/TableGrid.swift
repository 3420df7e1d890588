import DocumentModel

/// How a `w:tc` takes part in a merge, as WordprocessingML states it.
enum MergeRole: Sendable, Hashable {
    case none
    case restart
    case `continue`
}

/// A `w:tc` as written, before spans are resolved against the rows above it.
struct RawCell: Sendable, Hashable {
    var gridSpan = 1
    var verticalMerge = MergeRole.none
    /// Legacy `w:hMerge`, written by old Word versions and some converters instead of `w:gridSpan`.
    var horizontalMerge = MergeRole.none
    var paragraphs: [String] = []

    var text: String { paragraphs.joined(separator: "\n") }
}

/// A `w:tr` as written.
struct RawRow: Sendable, Hashable {
    var gridBefore = 0
    var gridAfter = 0
    var cells: [RawCell] = []
}

/// Bounds that keep hostile tables from allocating an absurd grid.
struct TableGridLimits: Sendable {
    var maxColumns = 1_000
    /// Most grid positions in all of a document's tables together (`DocxLimits.maxTableCells`).
    var maxGridPositions: Int
}

enum TableGridError: Error, Hashable {
    case tooLarge(rows: Int, columns: Int)
    /// The document's tables together pass `TableGridLimits.maxGridPositions`.
    case tooManyPositions(limit: Int)
    case inconsistent(TableError)
}

/// Resolves the merges of a table into the matrix a reader sees, one row at a time as rows are
/// read, so a row's raw cells are dropped as soon as they are placed.
///
/// `w:vMerge` continue cells extend the cell above that starts at the same grid column with the
/// same width; `w:hMerge` continue cells widen the cell to their left. A continue cell with nothing
/// to continue (malformed, but Word shows it) becomes a cell of its own, so no text is lost.
struct TableGrid {
    private let limits: TableGridLimits
    private var cells: [Cell] = []
    /// For each grid column, the index in `cells` of the cell whose bottom edge is the previous row.
    private var openAbove: [Int: Int] = [:]
    private var columnCount = 0
    private(set) var rowCount = 0

    init(limits: TableGridLimits) {
        self.limits = limits
    }

    /// Grid positions the table covers so far, as its rows and widest row make it.
    var gridPositions: Int { rowCount * max(min(columnCount, limits.maxColumns), 1) }

    /// A `w:gridCol` of the table's declared grid.
    mutating func declareColumn() {
        columnCount += 1
    }

    mutating func add(_ row: RawRow) throws(TableGridError) {
        let rowIndex = rowCount
        var column = max(0, row.gridBefore)
        var openHere: [Int: Int] = [:]
        var previousInRow: Int?
        for raw in row.cells {
            let span = max(1, raw.gridSpan)
            guard column + span <= limits.maxColumns else {
                throw .tooLarge(rows: rowIndex + 1, columns: column + span)
            }
            if raw.verticalMerge == .continue, let above = openAbove[column],
               cells[above].columnSpan == span, cells[above].lastRow == rowIndex - 1 {
                cells[above].rowSpan += 1
                appendContinuationText(raw.text, to: &cells[above])
                openHere[column] = above
                previousInRow = above
            } else if raw.horizontalMerge == .continue, let previous = previousInRow,
                      cells[previous].row == rowIndex, cells[previous].lastColumn == column - 1 {
                cells[previous].columnSpan += span
                appendContinuationText(raw.text, to: &cells[previous])
            } else {
                cells.append(Cell(row: rowIndex, column: column, columnSpan: span, text: raw.text))
                openHere[column] = cells.count - 1
                previousInRow = cells.count - 1
            }
            column += span
        }
        columnCount = max(columnCount, column + max(0, row.gridAfter))
        openAbove = openHere
        rowCount += 1
    }

    func table() throws(TableGridError) -> Table {
        do {
            return try Table(rowCount: rowCount, columnCount: min(columnCount, limits.maxColumns), cells: cells)
        } catch {
            // Each row assigns each grid position once, so this means a bug here, not a bad file;
            // it is still reported as an error of the file rather than a crash.
            throw .inconsistent(error)
        }
    }
}

/// Text in a merged-away cell is rare but real; keep it rather than lose it. Appended in place:
/// building a new string for each of 30,000 continuations made the cost grow with their square.
private func appendContinuationText(_ text: String, to cell: inout Cell) {
    guard !text.isEmpty else { return }
    if !cell.text.isEmpty { cell.text += "\n" }
    cell.text += text
}
