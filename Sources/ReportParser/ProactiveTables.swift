import DocumentModel
import RecordModel

/// Section 二 (主动公开政府信息情况): one table or several, in blocks of
/// `第二十条第（X）项` / `信息内容 | column headers…` / `row label | values…`.
/// Read row by row, carrying the last column header row over table boundaries, so that the
/// section printed as one table, as four, or split by a page break reads the same.
enum ProactiveTables {
    /// A value cell of a row, with the column header above it.
    struct ValueCell: Sendable, Hashable {
        var cell: Cell
        var header: Cell?
    }

    /// A data row of section 二 whose label was recognised.
    struct RowHit: Sendable, Hashable {
        var row: ProactiveRow
        var label: String
        var match: LabelMatch
        var table: LocatedTable
        var values: [ValueCell]
    }

    struct Scan: Sendable, Hashable {
        var rows: [RowHit] = []
        /// Every column header recognised, whatever the row: the template is read from these.
        var headerColumns: [ProactiveColumn] = []
    }

    private static let informationContent = LabelChoice(TemplateLabels.informationContent)

    /// The columns that make fields with each row: the only ones its value cells can stand under.
    private static let columnLabels = Dictionary(uniqueKeysWithValues: ProactiveRow.allCases.map { row in
        (row, LabelChoice(ProactiveColumn.allCases.filter { row.key($0) != nil }.map { ($0, $0.pattern) }))
    })

    static func scan(_ tables: [LocatedTable]) -> Scan {
        var scan = Scan()
        var header: [Cell]?
        for located in tables {
            let table = located.table
            for gridRow in 0..<table.rowCount {
                let cells = table.cells(inRow: gridRow).filter { $0.row == gridRow || $0.column == 0 }
                guard let first = cells.first else { continue }
                if TemplateLabels.isArticleTwentyHeading(key: located.keys[first].text) {
                    header = nil // a new item of 第二十条 brings its own header row
                    continue
                }
                let rest = cells.dropFirst().filter { $0.column > first.lastColumn }
                if informationContent.matches(key: located.keys[first]) {
                    header = Array(rest)
                    for cell in rest {
                        if let (column, _) = ProactiveColumn.labels.best(key: located.keys[cell]) {
                            scan.headerColumns.append(column)
                        }
                    }
                    continue
                }
                guard let (row, match) = ProactiveRow.labels.best(key: located.keys[first]) else { continue }
                let values = rest.map { cell in
                    ValueCell(cell: cell, header: header?.first { $0.column <= cell.column && cell.column <= $0.lastColumn })
                }
                scan.rows.append(RowHit(row: row, label: first.text, match: match, table: located, values: values))
            }
        }
        return scan
    }

    /// The fields of section 二 for a template, each read from its row and column.
    static func readings(from scan: Scan, template: Template) -> FieldTable<FieldReading> {
        var readings = FieldTable<FieldReading>()
        for hit in scan.rows {
            let expected = hit.row.columns(in: template)
            let byHeader = hit.values.allSatisfy { $0.header != nil }
            // Keys this row has read from a blank cell: where a borderless table's columns were
            // guessed from gaps, one header can stand over two cells, and the figure is in either.
            var readFromBlank: Set<String> = []
            for (position, value) in hit.values.enumerated() {
                var column: ProactiveColumn?
                var columnMatch: LabelMatch?
                var columnLabel = ""
                if byHeader, let header = value.header {
                    columnLabel = header.text
                    if let (found, match) = columnLabels[hit.row]?.best(header.text) {
                        column = found
                        columnMatch = match
                    }
                } else if position < expected.count {
                    // No header row above: the template's column order is all there is.
                    column = expected[position]
                    columnMatch = .position("column \(position + 1) of \(hit.row.pattern.name)'s \(expected.count) in the \(template.rawValue) template")
                    columnLabel = column?.pattern.name ?? ""
                }
                guard let column, let columnMatch, let key = hit.row.key(column) else { continue }
                let isBlank = LabelText.trimmed(value.cell.text).isEmpty
                guard readings[key] == nil || (readFromBlank.contains(key) && !isBlank) else { continue }
                if isBlank { readFromBlank.insert(key) } else { readFromBlank.remove(key) }
                readings[key] = FieldReading(
                    key: key, cell: value.cell, kind: ValueKind.of(key: key), table: hit.table,
                    rowLabel: hit.label, rowMatch: hit.match, columnLabel: columnLabel, columnMatch: columnMatch)
            }
        }
        return readings
    }
}
