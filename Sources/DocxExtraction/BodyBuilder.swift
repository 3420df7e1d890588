import DocumentModel

/// Collects the body's blocks in reading order from the events of the XML reader.
///
/// Tables nest: a `w:tbl` inside a `w:tc` is kept as a block of its own, emitted after the table
/// that holds it (so the outer table stays the matrix a person sees), in the order nested tables begin.
struct BodyBuilder {
    private struct TableInProgress {
        var declaredColumns = 0
        var rows: [RawRow] = []
        var row: RawRow?
        var cell: RawCell?
        /// The order this table began in, so nested tables come out in document order.
        var sequence: Int
    }

    private(set) var blocks: [Block] = []
    private var tables: [TableInProgress] = []
    private var nestedDone: [(sequence: Int, table: Table)] = []
    private var tableSequence = 0
    private var paragraph: String?
    private(set) var textBytes = 0

    // MARK: paragraphs and text

    mutating func beginParagraph() { paragraph = "" }

    mutating func appendText(_ text: String) {
        // Runs outside any paragraph (malformed) still count: start one rather than drop the text.
        paragraph = (paragraph ?? "") + text
        textBytes += text.utf8.count
    }

    mutating func endParagraph() {
        guard let text = paragraph else { return }
        paragraph = nil
        if tables.isEmpty {
            if !text.isEmpty { blocks.append(.paragraph(Paragraph(text: text))) }
        } else if tables[tables.count - 1].cell != nil {
            tables[tables.count - 1].cell?.paragraphs.append(text)
        }
        // A paragraph between a row's cells is malformed and has nowhere to go: Word drops it too.
    }

    // MARK: tables

    mutating func beginTable() {
        endParagraph()
        tables.append(TableInProgress(sequence: tableSequence))
        tableSequence += 1
    }

    mutating func declareGridColumn() {
        guard !tables.isEmpty else { return }
        tables[tables.count - 1].declaredColumns += 1
    }

    mutating func beginRow() {
        guard !tables.isEmpty else { return }
        endRow()
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

    mutating func endRow() {
        endCell()
        guard !tables.isEmpty, let row = tables[tables.count - 1].row else { return }
        tables[tables.count - 1].row = nil
        tables[tables.count - 1].rows.append(row)
    }

    mutating func endTable(limits: TableGridLimits = TableGridLimits()) throws(TableGridError) {
        endRow()
        guard let finished = tables.popLast() else { return }
        let table = try resolveTable(rows: finished.rows, declaredColumns: finished.declaredColumns, limits: limits)
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
