import DocumentModel

/// A line of text rows: the segments that share a baseline, left to right.
struct TextRow {
    var segments: [TextLine]
    var box: BoundingBox
}

/// A word of a segment: its runs between gaps wider than `wordGap` font sizes (the gaps
/// `buildLines` writes as spaces). Header cells a column apart can sit closer than the column gap
/// that splits segments (结果 维持 纠正 in narrow columns), so columns are judged by words.
func words(of segment: TextLine, wordGap: Double = 0.25) -> [(text: String, box: BoundingBox)] {
    var result: [(text: String, box: BoundingBox)] = []
    for (index, run) in segment.runs.enumerated() {
        if index > 0, let last = result.last {
            let previous = segment.runs[index - 1]
            if run.box.x0 - previous.box.x1 <= wordGap * max(previous.fontSize, run.fontSize, 1) {
                result[result.count - 1] = (last.text + run.text, last.box.union(run.box))
                continue
            }
        }
        result.append((run.text, run.box))
    }
    return result
}

/// Groups line segments into rows by baseline, top to bottom.
func textRows(_ lines: [TextLine]) -> [TextRow] {
    var rows: [TextRow] = []
    for line in lines.sorted(by: { $0.box.midY < $1.box.midY }) {
        if let last = rows.indices.last, rows[last].segments.contains(where: { sharesBaseline($0.box, line.box) }) {
            rows[last].segments.append(line)
            rows[last].box = rows[last].box.union(line.box)
        } else {
            rows.append(TextRow(segments: [line], box: line.box))
        }
    }
    return rows.map { TextRow(segments: $0.segments.sorted { $0.box.x0 < $1.box.x0 }, box: $0.box) }
}

/// Finds tables drawn without ruling lines from the alignment of their text: a run of rows with
/// text side by side (at least `minRows` of them), whose columns are the vertical gaps most of
/// those rows share. Rows of one short segment between them (a wrapped label, a heading row across
/// the table) belong to the table; a full-width line of running text ends it.
func unruledTables(lines: [TextLine], page: Int, minRows: Int = 3) -> [PlacedTable] {
    let rows = textRows(lines)
    var tables: [PlacedTable] = []
    var index = 0
    while index < rows.count {
        guard rows[index].segments.count >= 2 else { index += 1; continue }
        var end = index
        var probe = index + 1
        while probe < rows.count {
            let gap = rows[probe].box.y0 - rows[probe - 1].box.y1
            let height = max(rows[probe - 1].box.height, 1)
            guard gap < 1.5 * height else { break }
            if rows[probe].segments.count >= 2 {
                end = probe
            } else if rows[probe].box.width > 0.6 * (rows[index...end].map(\.box.width).max() ?? 0) {
                break
            }
            probe += 1
        }
        let region = Array(rows[index...end])
        if region.filter({ $0.segments.count >= 2 }).count >= minRows, let table = alignedTable(region, page: page) {
            tables.append(table)
        }
        index = end + 1
    }
    return tables
}

/// Column edges where at most `coverage` of the side-by-side rows have text: the gaps they share.
func sharedGaps(_ rows: [TextRow], coverage: Double = 0.25) -> [Double] {
    let multi = rows.filter { $0.segments.count >= 2 }
    guard let left = rows.map(\.box.x0).min(), let right = rows.map(\.box.x1).max(), !multi.isEmpty else { return [] }
    let width = Int((right - left).rounded(.up)) + 1
    var covered = [Int](repeating: 0, count: width)
    for row in multi {
        for word in row.segments.flatMap({ words(of: $0) }) {
            let from = max(0, Int((word.box.x0 - left).rounded(.down)))
            let to = min(width, Int((word.box.x1 - left).rounded(.up)))
            for x in from..<max(from, to) { covered[x] += 1 }
        }
    }
    let limit = Int(Double(multi.count) * coverage)
    var edges = [left]
    var gapStart: Int?
    for x in 0..<width {
        if covered[x] <= limit {
            if gapStart == nil { gapStart = x }
        } else if let start = gapStart {
            // A gap of at least a few points between text, not the space inside a word.
            if x - start >= 4, start > 0 { edges.append(left + Double(start + x) / 2) }
            gapStart = nil
        }
    }
    edges.append(right)
    return edges
}

/// The matrix of an unruled region: one grid row per text row (a sparse row under a full one
/// continues that row's cells), one column per shared gap, and a word spanning the columns it crosses.
private func alignedTable(_ rows: [TextRow], page: Int) -> PlacedTable? {
    let edges = sharedGaps(rows)
    guard edges.count >= 3 else { return nil }
    let columns = edges.count - 1
    var grid: [[(text: String, box: BoundingBox, span: Int)?]] = []
    for row in rows {
        var cells = [(text: String, box: BoundingBox, span: Int)?](repeating: nil, count: columns)
        for word in row.segments.flatMap({ words(of: $0) }) {
            guard let first = interval(containing: word.box.x0 + 1, in: edges) else { continue }
            let last = interval(containing: word.box.x1 - 1, in: edges) ?? first
            if let existing = cells[first] {
                cells[first] = (existing.text + " " + word.text, existing.box.union(word.box), max(existing.span, last - first + 1))
            } else {
                cells[first] = (word.text, word.box, max(1, last - first + 1))
            }
        }
        // A continuation (a wrapped label's second line): text only in columns the row above
        // filled, and in at most half as many, where a new row of the table fills them all again.
        // Wrapped lines start where the line above started; a heading row centred across the
        // table (第二十条第（五）项) does not, and is a row of its own.
        let indent = max(row.box.height, 1)
        if let above = grid.last,
           cells.indices.allSatisfy({ column in
               guard let cell = cells[column] else { return true }
               guard let upper = above[column] else { return false }
               return abs(cell.box.x0 - upper.box.x0) <= indent
           }),
           cells.compactMap({ $0 }).count * 2 <= above.compactMap({ $0 }).count {
            for column in cells.indices {
                if let more = cells[column], let previous = grid[grid.count - 1][column] {
                    grid[grid.count - 1][column] = (previous.text + more.text, previous.box.union(more.box), previous.span)
                }
            }
            continue
        }
        grid.append(cells)
    }
    var result: [Cell] = []
    for (rowIndex, cells) in grid.enumerated() {
        var column = 0
        while column < columns {
            if let cell = cells[column] {
                let span = min(cell.span, columns - column)
                result.append(Cell(row: rowIndex, column: column, columnSpan: span, text: cell.text, box: cell.box, page: page))
                column += span
            } else {
                result.append(Cell(row: rowIndex, column: column, text: "", page: page))
                column += 1
            }
        }
    }
    guard let table = try? Table(rowCount: grid.count, columnCount: columns, cells: result, layout: .aligned),
          let top = rows.first?.box.y0, let bottom = rows.last?.box.y1 else { return nil }
    return PlacedTable(table: table, page: page, box: BoundingBox(x0: edges[0], y0: top, x1: edges[columns], y1: bottom), runsOn: [])
}
