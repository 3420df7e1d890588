/// How a cell takes part in a merge, as WordprocessingML states it (an HTML `rowspan` is read as
/// a `restart` and a `continue` cell in each row it covers below).
public enum MergeRole: Sendable, Hashable {
    case none
    case restart
    case `continue`
}

/// A cell as the markup writes it (a `w:tc`, an HTML `td`), before spans are resolved against the
/// rows above it.
public struct RawCell: Sendable, Hashable {
    public var gridSpan = 1
    public var verticalMerge = MergeRole.none
    /// Legacy `w:hMerge`, written by old Word versions and some converters instead of `w:gridSpan`.
    public var horizontalMerge = MergeRole.none
    /// Grid columns no cell covers before this one: in HTML, where a row's own cells end before a
    /// cell that spans down into it from above.
    public var gridBefore = 0
    public var paragraphs: [String] = []

    public init(gridSpan: Int = 1, verticalMerge: MergeRole = .none, gridBefore: Int = 0, paragraphs: [String] = []) {
        self.gridSpan = gridSpan
        self.verticalMerge = verticalMerge
        self.gridBefore = gridBefore
        self.paragraphs = paragraphs
    }

    public var text: String { paragraphs.joined(separator: "\n") }
}

/// A row as the markup writes it (a `w:tr`, an HTML `tr`).
public struct RawRow: Sendable, Hashable {
    public var gridBefore = 0
    public var gridAfter = 0
    public var cells: [RawCell] = []

    public init(cells: [RawCell] = []) {
        self.cells = cells
    }
}

/// Bounds that keep hostile tables from allocating an absurd grid.
public struct TableGridLimits: Sendable {
    public var maxColumns = 1_000
    /// Most grid positions in all of a document's tables together (`DocxLimits.maxTableCells`).
    public var maxGridPositions: Int

    public init(maxGridPositions: Int) {
        self.maxGridPositions = maxGridPositions
    }
}

public enum TableGridError: Error, Hashable {
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
public struct TableGrid {
    private let limits: TableGridLimits
    private var cells: [Cell] = []
    /// For each grid column, the index in `cells` of the cell whose bottom edge is the previous row.
    private var openAbove: [Int: Int] = [:]
    private var columnCount = 0
    public private(set) var rowCount = 0

    public init(limits: TableGridLimits) {
        self.limits = limits
    }

    /// Grid positions the table covers so far, as its rows and widest row make it.
    public var gridPositions: Int { rowCount * max(min(columnCount, limits.maxColumns), 1) }

    /// A `w:gridCol` of the table's declared grid.
    public mutating func declareColumn() {
        columnCount += 1
    }

    public mutating func add(_ row: RawRow) throws(TableGridError) {
        let rowIndex = rowCount
        var column = max(0, row.gridBefore)
        // Sized for the row at once: growing it rehashed the columns so far, in every row.
        var openHere = [Int: Int](minimumCapacity: row.cells.count)
        var previousInRow: Int?
        for raw in row.cells {
            column += max(0, raw.gridBefore)
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

    public func table() throws(TableGridError) -> Table {
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

extension ExtractionError {
    /// A table's refusal by `TableGrid`, named as an error of the file.
    public init(file: String, tableGridError error: TableGridError) {
        switch error {
        case .tooLarge(let rows, let columns):
            self.init(file: file, reason: .limitExceeded("a table of \(rows) rows by \(columns) columns"))
        case .tooManyPositions(let limit):
            self.init(file: file, reason: .limitExceeded("tables of more than \(limit) cells in all"))
        case .inconsistent(let detail):
            self.init(file: file, reason: .damaged("a table's cells overlap (\(detail))"))
        }
    }
}
