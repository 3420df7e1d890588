import DocumentModel

/// Collects the body's blocks in reading order from the events of the XML reader.
///
/// Tables nest: a `w:tbl` inside a `w:tc` is kept as a block of its own, emitted after the table
/// that holds it (so the outer table stays the matrix a person sees), in the order nested tables begin.
struct BodyBuilder {
    private struct TableInProgress {
        var grid: TableGrid
        var row: RawRow?
        var cell: RawCell?
        /// The order this table began in, so nested tables come out in document order.
        var sequence: Int
    }

    private let limits: TableGridLimits
    private(set) var blocks: [Block] = []
    private var tables: [TableInProgress] = []
    private var nestedDone: [(sequence: Int, table: Table)] = []
    private var tableSequence = 0
    /// Grid positions of the tables already finished, counted against the document's limit.
    private var finishedGridPositions = 0
    /// The open paragraph's text as UTF-8, as the parser hands it over: one String a paragraph
    /// rather than one a run.
    private var paragraph: [UInt8]?
    private(set) var textBytes = 0

    init(limits: TableGridLimits) {
        self.limits = limits
    }

    // MARK: paragraphs and text

    mutating func beginParagraph() { paragraph = [] }

    /// Text of a run, UTF-8 (libxml2 hands on nothing else).
    mutating func appendText(_ text: UnsafeBufferPointer<UInt8>) {
        // Runs outside any paragraph (malformed) still count: start one rather than drop the text.
        if paragraph == nil { paragraph = [] }
        // In place: `paragraph = paragraph + text` copied the paragraph for every run, and a
        // paragraph of two million runs took 104 s.
        paragraph?.append(contentsOf: text)
        textBytes += text.count
    }

    mutating func appendText(_ text: StaticString) {
        text.withUTF8Buffer { appendText($0) }
    }

    mutating func endParagraph() {
        guard let bytes = paragraph else { return }
        paragraph = nil
        let text = String(decoding: bytes, as: UTF8.self)
        if tables.isEmpty {
            if !text.isEmpty { blocks.append(.paragraph(Paragraph(text: text))) }
        } else if tables[tables.count - 1].cell != nil {
            tables[tables.count - 1].cell?.paragraphs.append(text)
        }
        // A paragraph between a row's cells is malformed and has nowhere to go: Word drops it too.
    }

    /// The blocks a picture held (a table pasted as an image), where the picture stands: after
    /// the text of its paragraph before it, which goes on after them; a picture in a table's cell
    /// gives its tables after that table, as a nested table does.
    mutating func insertPicture(_ pictureBlocks: [Block]) {
        guard !pictureBlocks.isEmpty else { return }
        guard tables.isEmpty else {
            for case .table(let table) in pictureBlocks {
                nestedDone.append((tableSequence, table))
                tableSequence += 1
            }
            return
        }
        if let bytes = paragraph, !bytes.isEmpty {
            blocks.append(.paragraph(Paragraph(text: String(decoding: bytes, as: UTF8.self))))
            paragraph = []
        }
        blocks += pictureBlocks
    }

    // MARK: tables

    mutating func beginTable() {
        endParagraph()
        tables.append(TableInProgress(grid: TableGrid(limits: limits), sequence: tableSequence))
        tableSequence += 1
    }

    mutating func declareGridColumn() {
        guard !tables.isEmpty else { return }
        tables[tables.count - 1].grid.declareColumn()
    }

    mutating func beginRow() throws(TableGridError) {
        guard !tables.isEmpty else { return }
        try endRow()
        tables[tables.count - 1].row = RawRow()
    }

    mutating func setRowGrid(before: Int? = nil, after: Int? = nil) {
        guard !tables.isEmpty, tables[tables.count - 1].row != nil else { return }
        if let before { tables[tables.count - 1].row?.gridBefore = before }
        if let after { tables[tables.count - 1].row?.gridAfter = after }
    }

    mutating func beginCell() {
        guard !tables.isEmpty else { return }
        endCell()
        if tables[tables.count - 1].row == nil { tables[tables.count - 1].row = RawRow() }
        tables[tables.count - 1].cell = RawCell()
    }

    mutating func setCellMerge(gridSpan: Int? = nil, vertical: MergeRole? = nil, horizontal: MergeRole? = nil) {
        guard !tables.isEmpty, tables[tables.count - 1].cell != nil else { return }
        if let gridSpan { tables[tables.count - 1].cell?.gridSpan = gridSpan }
        if let vertical { tables[tables.count - 1].cell?.verticalMerge = vertical }
        if let horizontal { tables[tables.count - 1].cell?.horizontalMerge = horizontal }
    }

    mutating func endCell() {
        endParagraph()
        guard !tables.isEmpty, let cell = tables[tables.count - 1].cell else { return }
        tables[tables.count - 1].cell = nil
        tables[tables.count - 1].row?.cells.append(cell)
    }

    /// Places the row in its table's grid, checking the document's tables stay within the limit
    /// as rows arrive: a million empty rows are refused while they are read, not once all are held.
    mutating func endRow() throws(TableGridError) {
        endCell()
        guard !tables.isEmpty, let row = tables[tables.count - 1].row else { return }
        tables[tables.count - 1].row = nil
        try tables[tables.count - 1].grid.add(row)
        // Nested tables are open together; their depth is bounded by the XML depth limit.
        let positions = tables.reduce(finishedGridPositions) { $0 + $1.grid.gridPositions }
        guard positions <= limits.maxGridPositions else { throw .tooManyPositions(limit: limits.maxGridPositions) }
    }

    mutating func endTable() throws(TableGridError) {
        try endRow()
        guard let finished = tables.popLast() else { return }
        let table = try finished.grid.table()
        finishedGridPositions += finished.grid.gridPositions
        if tables.isEmpty {
            blocks.append(.table(table))
            for nested in nestedDone.sorted(by: { $0.sequence < $1.sequence }) {
                blocks.append(.table(nested.table))
            }
            nestedDone.removeAll()
        } else {
            nestedDone.append((finished.sequence, table))
        }
    }

    /// Closes whatever a truncated or malformed body left open, so what was read is kept.
    mutating func finish() throws(TableGridError) {
        endParagraph()
        while !tables.isEmpty { try endTable() }
    }
}
