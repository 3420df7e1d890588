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
    /// For a cell read from pixels (OCR), the recognizer's confidence in its least sure word, 0 to 1;
    /// nil for text the file holds and for an OCR'd cell with no text.
    public var confidence: Double?

    public init(row: Int, column: Int, rowSpan: Int = 1, columnSpan: Int = 1, text: String, box: BoundingBox? = nil, page: Int? = nil,
                confidence: Double? = nil) {
        self.row = row
        self.column = column
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.text = text
        self.box = box
        self.page = page
        self.confidence = confidence
    }

    public var lastRow: Int { row + rowSpan - 1 }
    public var lastColumn: Int { column + columnSpan - 1 }
}

public enum TableError: Error, Hashable, Sendable {
    case emptySpan(row: Int, column: Int)
    case outOfGrid(row: Int, column: Int)
    case overlap(row: Int, column: Int)
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
    /// `coverage[row * columnCount + column]` is the index in `cells` of the covering cell.
    private let coverage: [Int?]

    public init(rowCount: Int, columnCount: Int, cells: [Cell], layout: TableLayout = .markup) throws(TableError) {
        let inOrder: (Cell, Cell) -> Bool = { ($0.row, $0.column) < ($1.row, $1.column) }
        // Extractors hand their cells over in order; sorting them anyway copied every cell, a
        // second table's worth of memory for a DOCX table of two million cells.
        let ordered = zip(cells, cells.dropFirst()).allSatisfy({ !inOrder($1, $0) }) ? cells : cells.sorted(by: inOrder)
        var coverage = [Int?](repeating: nil, count: rowCount * columnCount)
        for (index, cell) in ordered.enumerated() {
            guard cell.rowSpan > 0, cell.columnSpan > 0 else {
                throw .emptySpan(row: cell.row, column: cell.column)
            }
            guard cell.row >= 0, cell.column >= 0, cell.lastRow < rowCount, cell.lastColumn < columnCount else {
                throw .outOfGrid(row: cell.row, column: cell.column)
            }
            for row in cell.row...cell.lastRow {
                for column in cell.column...cell.lastColumn {
                    guard coverage[row * columnCount + column] == nil else {
                        throw .overlap(row: row, column: column)
                    }
                    coverage[row * columnCount + column] = index
                }
            }
        }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.layout = layout
        self.cells = ordered
        self.coverage = coverage
    }

    /// The cell covering a grid position, whether it starts there or spans over it.
    public func cell(row: Int, column: Int) -> Cell? {
        guard row >= 0, row < rowCount, column >= 0, column < columnCount,
              let index = coverage[row * columnCount + column] else { return nil }
        return cells[index]
    }

    /// The distinct cells of one grid row, left to right, spanning cells included once.
    public func cells(inRow row: Int) -> [Cell] {
        var seen = Set<Int>()
        var result: [Cell] = []
        for column in 0..<columnCount {
            guard row >= 0, row < rowCount, let index = coverage[row * columnCount + column],
                  seen.insert(index).inserted else { continue }
            result.append(cells[index])
        }
        return result
    }
}
