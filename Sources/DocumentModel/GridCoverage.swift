/// Which cell covers each position of a grid: an index among the cells, or nil. The table, the
/// ruled grid filling its cells and the aligned grid spanning its blanks each ask it.
public struct GridCoverage: Sendable, Hashable {
    public let rowCount: Int
    public let columnCount: Int
    /// Row-major.
    private var owners: [Int?]

    public init(rowCount: Int, columnCount: Int) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        owners = [Int?](repeating: nil, count: rowCount * columnCount)
    }

    /// The cell at a position; nil outside the grid too.
    public subscript(row: Int, column: Int) -> Int? {
        get {
            guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return nil }
            return owners[row * columnCount + column]
        }
        set {
            guard row >= 0, row < rowCount, column >= 0, column < columnCount else { return }
            owners[row * columnCount + column] = newValue
        }
    }

    /// Gives cell `index` the positions of `rows` × `columns` within the grid that no cell has
    /// yet; returns the first one another cell held (which keeps it), nil when all were free.
    @discardableResult
    public mutating func cover(rows: Range<Int>, columns: Range<Int>, with index: Int) -> (row: Int, column: Int)? {
        var taken: (row: Int, column: Int)?
        for row in rows.clamped(to: 0..<rowCount) {
            for column in columns.clamped(to: 0..<columnCount) {
                if owners[row * columnCount + column] == nil {
                    owners[row * columnCount + column] = index
                } else if taken == nil {
                    taken = (row, column)
                }
            }
        }
        return taken
    }
}
