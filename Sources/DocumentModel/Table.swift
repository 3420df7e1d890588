/// A merged cell as a person sees it: its top-left grid position and how far it spans.
public struct Cell: Sendable, Hashable, Codable {
    public var row: Int
    public var column: Int
    public var rowSpan: Int
    public var columnSpan: Int
    /// The cell's text in reading order; paragraphs or visual lines joined by "\n".
    public var text: String
    /// Where the cell stands on its page, for PDF sources.
    public var box: BoundingBox?
    public var page: Int?
    /// Its text's last line runs to the cell's right edge (a fixed-layout table): text a page
    /// break may have cut, to be continued by the next page's first row.
    public var runsOn: Bool
    /// For a cell read from pixels (OCR), the recognizer's confidence in its least sure word, 0 to 1;
    /// nil for text the file holds and for an OCR'd cell with no text.
    public var confidence: Double?

    public init(row: Int, column: Int, rowSpan: Int = 1, columnSpan: Int = 1, text: String, box: BoundingBox? = nil, page: Int? = nil,
                runsOn: Bool = false, confidence: Double? = nil) {
        self.row = row
        self.column = column
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.text = text
        self.box = box
        self.page = page
        self.runsOn = runsOn
        self.confidence = confidence
    }

    public var lastRow: Int { row + rowSpan - 1 }
    public var lastColumn: Int { column + columnSpan - 1 }
}

public enum TableError: Error, Hashable, Sendable, CustomStringConvertible {
    case emptySpan(row: Int, column: Int)
    case outOfGrid(row: Int, column: Int)
    case overlap(row: Int, column: Int)

    public var description: String {
        switch self {
        case .emptySpan(let row, let column): "a cell at row \(row + 1), column \(column + 1) spans nothing"
        case .outOfGrid(let row, let column): "a cell at row \(row + 1), column \(column + 1) reaches past the grid"
        case .overlap(let row, let column): "two cells cover row \(row + 1), column \(column + 1)"
        }
    }
}

/// How a table's grid was known, which says how far its cells can be trusted.
public enum TableLayout: String, Sendable, Hashable, Codable {
    /// Written as a table in the file's markup (DOCX): the grid is exact.
    case markup
    /// Drawn with ruling lines (PDF): the grid is read from the lines.
    case ruled
    /// Set in columns without lines (PDF): the grid is guessed from the text's alignment.
    case aligned
}

/// A table as a matrix of merged cells in which every grid position knows the cell covering it.
/// Positions no cell covers (a row with fewer cells than the grid) answer nil.
public struct Table: Sendable, Hashable {
    public let rowCount: Int
    public let columnCount: Int
    public let layout: TableLayout
    /// Row-major by top-left corner.
    public let cells: [Cell]
    /// The index in `cells` of the cell covering each position.
    private let coverage: GridCoverage

    public init(rowCount: Int, columnCount: Int, cells: [Cell], layout: TableLayout = .markup) throws(TableError) {
        let inOrder: (Cell, Cell) -> Bool = { ($0.row, $0.column) < ($1.row, $1.column) }
        // Extractors hand their cells over in order; sorting them anyway copied every cell, a
        // second table's worth of memory for a DOCX table of two million cells.
        let ordered = zip(cells, cells.dropFirst()).allSatisfy({ !inOrder($1, $0) }) ? cells : cells.sorted(by: inOrder)
        var coverage = GridCoverage(rowCount: rowCount, columnCount: columnCount)
        for (index, cell) in ordered.enumerated() {
            guard cell.rowSpan > 0, cell.columnSpan > 0 else {
                throw .emptySpan(row: cell.row, column: cell.column)
            }
            guard cell.row >= 0, cell.column >= 0, cell.lastRow < rowCount, cell.lastColumn < columnCount else {
                throw .outOfGrid(row: cell.row, column: cell.column)
            }
            if let taken = coverage.cover(rows: cell.row..<cell.row + cell.rowSpan, columns: cell.column..<cell.column + cell.columnSpan, with: index) {
                throw .overlap(row: taken.row, column: taken.column)
            }
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.layout = layout
        self.cells = ordered
        self.coverage = coverage
    }

    /// A table of one position and the one cell that covers it, whatever span `cell` says.
    public init(single cell: Cell, layout: TableLayout) {
        var only = cell
        (only.row, only.column, only.rowSpan, only.columnSpan) = (0, 0, 1, 1)
        self.rowCount = 1
        self.columnCount = 1
        self.layout = layout
        self.cells = [only]
        var coverage = GridCoverage(rowCount: 1, columnCount: 1)
        coverage[0, 0] = 0
        self.coverage = coverage
    }

    /// The cell covering a grid position, whether it starts there or spans over it.
    public func cell(row: Int, column: Int) -> Cell? {
        coverage[row, column].map { cells[$0] }
    }

    /// The distinct cells of one grid row, left to right, spanning cells included once.
    public func cells(inRow row: Int) -> [Cell] {
        // A cell covers a rectangle, so its columns in a row are adjacent: it is told from the
        // one before it, without a set of those seen.
        var previous: Int?
        var result: [Cell] = []
        for column in 0..<columnCount {
            guard let index = coverage[row, column], index != previous else { continue }
            previous = index
            result.append(cells[index])
        }
        return result
    }
}
