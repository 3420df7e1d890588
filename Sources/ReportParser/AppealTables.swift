import DocumentModel
import RecordModel

/// Section 四 (行政复议、行政诉讼): header rows naming each column by a path
/// (行政复议 / 结果维持; 行政诉讼 / 未经复议直接起诉 / 结果维持 …) above one row of values.
enum AppealTables {
    /// The fields of section 四 from the first of its tables that has a value row.
    static func readings(_ tables: [LocatedTable]) -> FieldTable<FieldReading> {
        for located in tables {
            let readings = readings(of: located)
            if !readings.isEmpty { return readings }
        }
        return FieldTable()
    }

    static func readings(of located: LocatedTable) -> FieldTable<FieldReading> {
        let table = located.table
        guard let valueRow = firstValueRow(of: located) else { return FieldTable() }
        var readings = FieldTable<FieldReading>()
        var found: [(column: Int, group: AppealGroup, outcome: AppealOutcome, path: [String], groupMatch: LabelMatch, outcomeMatch: LabelMatch)] = []
        for column in 0..<table.columnCount {
            // The column's header path: the distinct cells above the value row, top down.
            var path: [Cell] = []
            for row in 0..<valueRow {
                guard let cell = headerCell(located, row: row, column: column), path.last != cell else { continue }
                path.append(cell)
            }
            let texts = path.map(\.text)
            // The innermost group names the column: 行政诉讼 / 复议后起诉 / 结果维持 is 复议后起诉's.
            let group = path.reversed().lazy.compactMap { AppealGroup.labels.best(key: located.keys[$0]) }.first
            let outcome = path.reversed().lazy.compactMap { AppealOutcome.labels.best(key: located.keys[$0]) }.first
            guard let group, let outcome else { continue }
            found.append((column, group.0, outcome.0, texts, group.1, outcome.1))
        }
        for entry in found {
            let key = entry.group.key(entry.outcome)
            guard readings[key] == nil else { continue }
            readings[key] = FieldReading(
                key: key, cell: table.cell(row: valueRow, column: entry.column), kind: .count, table: located,
                rowLabel: entry.path.dropLast().joined(separator: " / "), rowMatch: entry.groupMatch,
                columnLabel: entry.path.last ?? "", columnMatch: entry.outcomeMatch)
        }
        // Headers unreadable but the template's 15 columns: by position.
        if found.isEmpty, table.columnCount == 15 {
            for (groupIndex, group) in AppealGroup.allCases.enumerated() {
                for (outcomeIndex, outcome) in AppealOutcome.allCases.enumerated() {
                    let column = groupIndex * 5 + outcomeIndex
                    let key = group.key(outcome)
                    let match = LabelMatch.position("column \(column + 1) of the template's 15")
                    readings[key] = FieldReading(
                        key: key, cell: table.cell(row: valueRow, column: column), kind: .count, table: located,
                        rowLabel: group.label, rowMatch: match, columnLabel: outcome.label, columnMatch: match)
                }
            }
        }
        return readings
    }

    /// The header cell over a column in one header row. An empty cell takes the nearest label to
    /// its left in the row: a group label (行政复议 over five columns) whose merge the table lost.
    static func headerCell(_ located: LocatedTable, row: Int, column: Int) -> Cell? {
        var index = column
        while index >= 0 {
            guard let cell = located.table.cell(row: row, column: index) else { return nil }
            if !located.keys[cell].isEmpty { return cell }
            index = cell.column - 1
        }
        return nil
    }

    /// The first row below the headers: most of its cells read as numbers or blanks, none as labels.
    static func firstValueRow(of located: LocatedTable) -> Int? {
        let table = located.table
        for row in 1..<max(1, table.rowCount) {
            let cells = table.cells(inRow: row).filter { $0.row == row }
            guard !cells.isEmpty else { continue }
            // Each cell read once: whether it is a number counts twice.
            let readable = cells.map { ValueParser.isReadable($0.text, as: .count) }
            let numbers = readable.filter { $0 }.count
            if numbers * 2 > cells.count, zip(cells, readable).allSatisfy({ cell, isNumber in isNumber || located.keys[cell].isEmpty }) {
                return row
            }
        }
        return nil
    }
}
