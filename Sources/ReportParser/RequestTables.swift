import DocumentModel
import RecordModel

/// Section 三 (收到和处理政府信息公开申请情况): label columns on the left (up to three levels:
/// 三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密), seven applicant columns on the right
/// under a two-row header (自然人 | 法人或其他组织: 商业企业 … 其他 | 总计).
enum RequestTables {
    /// Which grid columns hold which applicant, and where the data rows start.
    struct ColumnMap: Sendable, Hashable {
        var columns: PerApplicant<Int>
        var labels: PerApplicant<String>
        var matches: PerApplicant<LabelMatch>
        var firstValueColumn: Int
        var firstDataRow: Int
        var columnCount: Int
    }

    /// A recognised data row.
    struct RowHit: Sendable, Hashable {
        var row: RequestRow
        /// The printed labels, outermost first.
        var labels: [String]
        var match: LabelMatch
        var table: LocatedTable
        var gridRow: Int
        var columns: ColumnMap
        var notes: [String]
    }

    /// The header is where 自然人 and the organisations stand; 其他 and 总计 also label rows
    /// further down (3.其他, （七）总计), so they count only within the header's rows.
    private static let organisations = LabelChoice([Applicant.naturalPerson, .business, .research, .publicInterest, .legalServices].map { ($0, $0.pattern) })

    /// 三、本年度办理结果 (`TemplateLabels.outcomesParent`), told apart from the row labels below it.
    private static let outcomesParent = LabelChoice(TemplateLabels.outcomesParent)

    /// The applicant columns, found by their header cells.
    static func columnMap(of located: LocatedTable) -> ColumnMap? {
        let table = located.table
        var columns = PerApplicant<Int>()
        var labels = PerApplicant<String>()
        var matches = PerApplicant<LabelMatch>()
        var headerEnd = -1
        for cell in table.cells {
            guard let (applicant, match) = organisations.best(key: located.keys[cell]),
                  columns[applicant] == nil else { continue }
            columns[applicant] = cell.column
            labels[applicant] = cell.text
            matches[applicant] = match
            headerEnd = max(headerEnd, cell.lastRow)
        }
        guard let naturalPerson = columns[.naturalPerson] else { return nil }
        for cell in table.cells where cell.row <= headerEnd && cell.column > naturalPerson {
            for applicant in [Applicant.otherOrganization, .total] where columns[applicant] == nil {
                if applicant.pattern.exact.contains(located.keys[cell].text) {
                    columns[applicant] = cell.column
                    labels[applicant] = cell.text
                    matches[applicant] = LabelChoice<Applicant>.exactMatch
                }
            }
        }
        // 自然人 alone could be a stray cell; with two organisations, or with 总计 six columns to
        // its right (the organisations' header unreadable), it is the header.
        guard columns.count >= 3 || columns[.total] == naturalPerson + 6 else { return nil }
        // An applicant whose header cell is missing stands where the template puts it.
        for (offset, applicant) in Applicant.allCases.enumerated() where columns[applicant] == nil {
            let column = naturalPerson + offset
            guard column < table.columnCount, !columns.values.contains(column) else { continue }
            columns[applicant] = column
            labels[applicant] = applicant.label
            matches[applicant] = .position("column \(offset + 1) of the 7 applicant columns")
        }
        return ColumnMap(columns: columns, labels: labels, matches: matches, firstValueColumn: naturalPerson,
                         firstDataRow: headerEnd + 1, columnCount: table.columnCount)
    }

    /// The recognised data rows of all of section 三's tables, in order.
    static func scan(_ tables: [LocatedTable]) -> [RowHit] {
        var hits: [RowHit] = []
        var previousMap: ColumnMap?
        for located in tables {
            let table = located.table
            var map: ColumnMap
            if let found = columnMap(of: located) {
                map = found
            } else if let previousMap, previousMap.columnCount == table.columnCount {
                // A continuation without its header (a page break the extractor did not stitch).
                map = previousMap
                map.firstDataRow = 0
                for applicant in Applicant.allCases where map.columns[applicant] != nil {
                    map.matches[applicant] = .position("header of the previous table of section 三")
                }
            } else {
                continue
            }
            previousMap = map
            hits += scanRows(of: located, columns: map, carryingGroup: hits.last?.row.group)
        }
        return hits
    }

    /// The label cells of a row, outermost first: the distinct cells left of the value columns.
    static func labelCells(of located: LocatedTable, row: Int, firstValueColumn: Int) -> [Cell] {
        located.table.cells(inRow: row).filter { $0.column < firstValueColumn && !located.keys[$0].isEmpty }
    }

    static func scanRows(of located: LocatedTable, columns: ColumnMap, carryingGroup: OutcomeGroup?) -> [RowHit] {
        let table = located.table
        var hits: [RowHit] = []
        var group = carryingGroup
        var gridRow = columns.firstDataRow
        while gridRow < table.rowCount {
            defer { gridRow += 1 }
            let cells = labelCells(of: located, row: gridRow, firstValueColumn: columns.firstValueColumn)
            guard let leaf = cells.last else { continue }
            // A cell's label is matched by the key the table keeps for it; labels joined here are
            // keyed as they are joined.
            let ancestorCells = cells.dropLast().filter { !outcomesParent.matches(key: located.keys[$0]) }
            let ancestors = ancestorCells.map(\.text)
            // The group this row belongs to: named in the row (a merged group cell covers each of
            // its sub-rows), else carried from the row above (a table without merges).
            if let named = ancestorCells.lazy.compactMap({ OutcomeGroup.labels.best(key: located.keys[$0])?.0 }).first {
                group = named
            } else if ancestors.isEmpty, cells.count == 1, leaf.column == 0 {
                group = nil // 一、二、四 span all label columns: no group
            }
            if let (row, match) = identify(key: located.keys[leaf], group: group) {
                group = row == .otherAsOneRow ? .other : row.group
                hits.append(RowHit(row: row, labels: ancestors + [leaf.text], match: match, table: located,
                                   gridRow: gridRow, columns: columns, notes: []))
                continue
            }
            // A label split over two cells of the row: join the last two.
            if let before = cells.dropLast().last, !outcomesParent.matches(key: located.keys[before]),
               let (row, match) = identify(before.text + leaf.text, group: group) {
                group = row == .otherAsOneRow ? .other : row.group
                hits.append(RowHit(row: row, labels: [before.text + leaf.text], match: match, table: located, gridRow: gridRow,
                                   columns: columns, notes: ["label split over two cells (`\(flat(before.text))` | `\(flat(leaf.text))`) read as one"]))
                continue
            }
            // A label split over two rows (`5.属于三类内部事务` / `信息`): join it with the next row's.
            let next = labelCells(of: located, row: gridRow + 1, firstValueColumn: columns.firstValueColumn)
            // Only when the next row's label means nothing alone, and one of the two rows is empty:
            // otherwise joining could swallow a real row.
            let valuesHere = hasValues(located, row: gridRow, columns: columns)
            if let nextLeaf = next.last, nextLeaf != leaf, identify(key: located.keys[nextLeaf], group: group) == nil,
               !(valuesHere && hasValues(located, row: gridRow + 1, columns: columns)),
               let (row, match) = identify(leaf.text + nextLeaf.text, group: group) {
                let valueRow = valuesHere ? gridRow : gridRow + 1
                hits.append(RowHit(row: row, labels: ancestors + [leaf.text + nextLeaf.text], match: match, table: located,
                                   gridRow: valueRow, columns: columns,
                                   notes: ["label split over two rows (`\(flat(leaf.text))` / `\(flat(nextLeaf.text))`) read as one"]))
                gridRow += 1
            }
        }
        return hits
    }

    /// Which template row a leaf label is, given the group it stands in.
    static func identify(_ label: String, group: OutcomeGroup?) -> (RequestRow, LabelMatch)? {
        identify(key: LabelText.labelKey(label), group: group)
    }

    /// `identify(_:group:)` for a label's key.
    static func identify(key: LabelKey, group: OutcomeGroup?) -> (RequestRow, LabelMatch)? {
        rowLabels[group]?.best(key: key)
    }

    /// The rows a leaf label can be in each group, and outside any: the standalone rows, （六）
    /// as one row, and the group's sub-rows (every group's where none is known).
    private static let rowLabels = Dictionary(uniqueKeysWithValues: ([nil] + OutcomeGroup.allCases.map(Optional.some)).map { group in
        // A group's own label as the leaf: the group printed as one row. Only （六）其他处理 is
        // printed that way (the 2019 template, and some 2021 reports).
        var candidates: [RequestRow] = RequestRow.standalone + [.otherAsOneRow]
        if let group {
            candidates += RequestRow.subRows(of: group)
        } else {
            candidates += RequestRow.allCases.filter { $0.group != nil }
        }
        return (group, LabelChoice(candidates.map { ($0, $0.pattern) }))
    })

    private static func hasValues(_ located: LocatedTable, row: Int, columns: ColumnMap) -> Bool {
        columns.columns.values.contains { column in
            guard let cell = located.table.cell(row: row, column: column), cell.row == row else { return false }
            return !located.keys[cell].isEmpty
        }
    }

    /// The fields of one recognised row: one per applicant column.
    /// Adds them to `readings` where a key has none yet (an earlier row of the same key wins),
    /// reading only those cells.
    static func addReadings(of hit: RowHit, to readings: inout FieldTable<FieldReading>) {
        let rowLabel = hit.labels.joined(separator: " / ")
        let fields = hit.row.fields
        for applicant in Applicant.allCases {
            let (key, place) = fields[applicant.place]
            guard let column = hit.columns.columns[applicant], let columnMatch = hit.columns.matches[applicant],
                  let place, readings[place: place] == nil else { continue }
            let cell = hit.table.table.cell(row: hit.gridRow, column: column)
            readings[place: place] = FieldReading(
                key: key, cell: cell, kind: .count, table: hit.table,
                rowLabel: rowLabel, rowMatch: hit.match,
                columnLabel: hit.columns.labels[applicant] ?? applicant.label, columnMatch: columnMatch, notes: hit.notes)
        }
    }
}

/// A value for each applicant column, kept by the applicant's place among `Applicant.allCases`:
/// a dictionary hashed the applicant's raw-value string at every look-up, and every field of
/// section 三 looks up its column.
struct PerApplicant<Value: Sendable & Hashable>: Sendable, Hashable {
    private var slots = [Value?](repeating: nil, count: Applicant.allCases.count)

    subscript(applicant: Applicant) -> Value? {
        get { slots[applicant.place] }
        set { slots[applicant.place] = newValue }
    }

    /// How many applicants have a value.
    var count: Int { slots.count { $0 != nil } }

    /// The values there are, in the applicants' order.
    var values: [Value] { slots.compactMap { $0 } }
}
