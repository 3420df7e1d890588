import DocumentModel

/// A line of text rows: the segments that share a baseline, left to right.
struct TextRow: Sendable {
    var segments: [TextLine]
    var box: BoundingBox

    /// The row moved down the page by `shift` points.
    func shifted(by shift: Double) -> TextRow {
        let move = { (box: BoundingBox) in BoundingBox(x0: box.x0, y0: box.y0 + shift, x1: box.x1, y1: box.y1 + shift) }
        return TextRow(segments: segments.map { segment in
            TextLine(text: segment.text, box: move(segment.box),
                     runs: segment.runs.map { TextRun(text: $0.text, box: move($0.box), fontSize: $0.fontSize) })
        }, box: move(box))
    }
}

/// A word of a segment: its runs between gaps wider than `wordGap` font sizes (the gaps
/// `buildLines` writes as spaces). Header cells a column apart can sit closer than the column gap
/// that splits segments (结果 维持 纠正 in narrow columns), so columns are judged by words.
struct Word {
    var text: String
    var box: BoundingBox
    var fontSize: Double
}

func words(of segment: TextLine, wordGap: Double = ReconstructionSettings.default.wordGap) -> [Word] {
    var result: [Word] = []
    for (index, run) in segment.runs.enumerated() {
        if index > 0, let last = result.last {
            let previous = segment.runs[index - 1]
            if run.box.x0 - previous.box.x1 <= wordGap * max(previous.fontSize, run.fontSize, 1) {
                result[result.count - 1] = Word(text: last.text + run.text, box: last.box.union(run.box), fontSize: max(last.fontSize, run.fontSize))
                continue
            }
        }
        result.append(Word(text: run.text, box: run.box, fontSize: run.fontSize))
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
/// text side by side (at least `minRows` of them, or any at the page's top or foot: a fragment),
/// whose columns are the vertical gaps most of those rows share. Rows of one short segment between
/// them (a wrapped label, a heading row across the table) belong to the table; a full-width line
/// of running text, or a heading set larger, ends it.
func unruledTables(lines: [TextLine], page: Int, settings: ReconstructionSettings = .default) throws(TableError) -> [PlacedTable] {
    let minRows = settings.minTableRows
    let rows = textRows(lines)
    var tables: [PlacedTable] = []
    var index = 0
    // The last row of the table found last: a row above the next one's is no longer free.
    var tableEnd = -1
    while index < rows.count {
        guard rows[index].segments.count >= 2 else { index += 1; continue }
        var end = index
        var probe = index + 1
        while probe < rows.count {
            guard settings.isNear(rows[probe - 1], rows[probe]) else { break }
            if rows[probe].segments.count >= 2 {
                end = probe
            } else if rows[probe].box.width > 0.6 * (rows[index...end].map(\.box.width).max() ?? 0)
                        || abs(typeSize(rows[probe]) - typeSize(rows[end])) > 1 {
                // Running text, or a heading set larger than the table: the table has ended.
                break
            }
            probe += 1
        }
        // The last row's wrapped label lines end the region too: left out, they would stand
        // between this table and its next page's part as text of their own.
        let last = rows[end]
        while end + 1 < rows.count, rows[end + 1].segments.count == 1, settings.isNear(rows[end], rows[end + 1]),
              last.segments.contains(where: { settings.wraps(to: rows[end + 1].segments[0], from: $0) }) {
            end += 1
        }
        // A row whose values are all blank shows only its label, starting where a label of the
        // table starts: at the table's end (四、结转下年度继续办理) or above its first row of values,
        // where a page break left it at the top.
        var start = index
        let labelStarts = labelStarts(of: rows[index...end])
        while end + 1 < rows.count, settings.isNear(rows[end], rows[end + 1]) {
            let next = rows[end + 1]
            // Below a page's part of the table that holds only its lower labels, the last row's
            // label may start further left, in a column whose labels stand on the page before.
            // Then it ends the text that runs on (a heading over the next table does not).
            let lastAlone = next.segments.count == 1 && opensWithItemNumber(next.segments[0].text)
                && labelStarts.allSatisfy { next.box.x0 < $0 } && settings.inOneType(typeSize(next), typeSize(rows[end]))
                && (end + 2 == rows.count || !settings.isNear(next, rows[end + 2]))
            guard settings.isLabelAlone(next, labelStarts: labelStarts, beside: rows[end]) || lastAlone else { break }
            end += 1
        }
        while start - 1 > tableEnd, settings.isNear(rows[start - 1], rows[start]),
              settings.isLabelAlone(rows[start - 1], labelStarts: labelStarts, beside: rows[start]) {
            start -= 1
        }
        let region = Array(rows[start...end])
        let sideBySide = region.filter { $0.segments.count >= 2 }.count
        // Fewer rows at the page's top or foot may be the part of a table a page break left
        // there: kept as a fragment, a table only if it joins the part across the break.
        let atEdge = rows[..<start].allSatisfy(isRunningRow) || rows[(end + 1)...].allSatisfy(isRunningRow)
        if sideBySide >= minRows || atEdge,
           var table = try alignedTable(region, placements: [RowPlacement(from: -.infinity, page: page, shift: 0)], settings: settings) {
            table.isFragment = sideBySide < minRows
            tables.append(table)
            tableEnd = end
        }
        index = end + 1
    }
    return tables
}

/// The last row of a table without borders that a page break left alone at the top of the next
/// page, its values all blank (四、结转下年度继续办理 of a report with blanks for zeros): one line
/// above anything else on the page but running heads, opening with an item number, in the table's
/// type, starting where a label of `upper` (the table on the page before) starts, and standing
/// apart from what follows. Kept as a fragment, a row only if it joins `upper` (see `stitch`).
func loneLabelRow(_ lines: [TextLine], page: Int, continuing upper: PlacedTable, settings: ReconstructionSettings = .default) -> PlacedTable? {
    guard upper.table.layout == .aligned, upper.page == page - 1, let last = upper.rows.last else { return nil }
    let rows = textRows(lines)
    guard let index = rows.firstIndex(where: { !isRunningRow($0) }) else { return nil }
    let row = rows[index]
    guard settings.isLabelAlone(row, labelStarts: labelStarts(of: upper.rows), beside: last), opensWithItemNumber(row.segments[0].text)
    else { return nil }
    if index + 1 < rows.count, settings.isNear(row, rows[index + 1]) { return nil }
    // One cell covering a grid of one: no table is more certainly whole.
    let table = Table(single: Cell(row: 0, column: 0, text: row.segments[0].text, box: row.box, page: page), layout: .aligned)
    return PlacedTable(table: table, page: page, box: row.box, columnEdges: [row.box.x0, row.box.x1], rows: [row],
                       placements: [RowPlacement(from: -.infinity, page: page, shift: 0)], isFragment: true)
}


/// Where the labels of a table's side-by-side rows start.
private func labelStarts(of rows: some Sequence<TextRow>) -> [Double] {
    rows.filter { $0.segments.count >= 2 }.flatMap { $0.segments.filter { !isValue($0.text) }.map(\.box.x0) }
}


extension ReconstructionSettings {
    /// Whether `lower` goes on from `upper` as the rows of one block do.
    func isNear(_ upper: TextRow, _ lower: TextRow) -> Bool {
        lower.box.y0 - upper.box.y1 < rowGap * max(upper.box.height, 1)
    }

    func inOneType(_ size: Double, _ other: Double) -> Bool {
        abs(size - other) < typeSizeTolerance
    }

    /// A row of blanks, its label alone: one segment, starting where a label of the table starts,
    /// in the table's type (`neighbour`'s).
    func isLabelAlone(_ row: TextRow, labelStarts: [Double], beside neighbour: TextRow) -> Bool {
        row.segments.count == 1 && labelStarts.contains { abs($0 - row.box.x0) <= 1 }
            && inOneType(typeSize(row), typeSize(neighbour))
    }

    /// A line that goes on with the text of `first`: it starts where that line starts, in the
    /// same type, and is no wider by more than a character (`first` was full; lines of a wrapped
    /// cell differ by what punctuation lets them hold).
    func wraps(to line: TextLine, from first: TextLine) -> Bool {
        abs(line.box.x0 - first.box.x0) <= 1 && line.box.width <= first.box.width + typeSize(first)
            && inOneType(typeSize(line), typeSize(first))
    }
}

/// The largest type on a row or a line.
private func typeSize(_ row: TextRow) -> Double {
    row.segments.map(typeSize).max() ?? 0
}

private func typeSize(_ line: TextLine) -> Double {
    line.runs.map(\.fontSize).max() ?? 0
}

/// A page number or a running head or foot, alone on its row.
private func isRunningRow(_ row: TextRow) -> Bool {
    row.segments.count == 1 && isRunningText(row.segments[0].text)
}


/// Column edges where at most `columnGapCoverage` of the side-by-side rows have text: the gaps
/// they share, at least `minColumnGap` points wide.
func sharedGaps(_ rows: [TextRow], settings: ReconstructionSettings = .default) -> [Double] {
    let coverage = settings.columnGapCoverage, minGap = settings.minColumnGap
    let multi = rows.filter { $0.segments.count >= 2 }
    guard let left = rows.map(\.box.x0).min(), let right = rows.map(\.box.x1).max(), !multi.isEmpty else { return [] }
    let width = Int((right - left).rounded(.up)) + 1
    let rowWords = rows.map { $0.segments.flatMap { words(of: $0, wordGap: settings.wordGap) } }
    var covered = [Int](repeating: 0, count: width)
    for (row, words) in zip(rows, rowWords) where row.segments.count >= 2 {
        for word in words {
            let from = max(0, Int((word.box.x0 - left).rounded(.down)))
            let to = min(width, Int((word.box.x1 - left).rounded(.up)))
            for x in from..<max(from, to) { covered[x] += 1 }
        }
    }
    let limit = Int(Double(multi.count) * coverage)
    // The header's words, above the first row holding a value: they name columns that may be blank
    // all the way down (a table with blanks for zeros), which the rows' text cannot show.
    let headerRows = rowWords.prefix { !$0.contains { isValue($0.text) } }
    // A header is a few rows (the template's have four at most): rows of text above more than that
    // are no header, and would cost time for every gap.
    let headerWords = headerRows.count < rowWords.count ? headerRows.suffix(settings.maxHeaderRows).map { $0.map(\.box) } : []
    var edges = [left]
    var gapStart: Int?
    for x in 0..<width {
        if covered[x] <= limit {
            if gapStart == nil { gapStart = x }
        } else if let start = gapStart {
            // At the table's left edge, the margin, unless the first column is one of sparse text.
            if start == 0, let gap = sparseFirstColumnEnd(covered[start..<x], minWidth: minGap) {
                edges.append(left + Double(gap.lowerBound + gap.upperBound) / 2)
            } else if start > 0, x - start >= minGap {
                edges += columnEdges(inGap: left + Double(start)...left + Double(x), headerWords: headerWords)
            }
            gapStart = nil
        }
    }
    edges.append(right)
    return edges
}

/// The column edges in a gap between texts: its middle, or, where header words stand within it in
/// two or more separate places (the labels of columns blank all the way down), the middles of the
/// gaps between them and the gap's own edges. `headerWords` are the header's rows, top to bottom.
func columnEdges(inGap gap: ClosedRange<Double>, headerWords: [[BoundingBox]]) -> [Double] {
    // From the deepest row up: a word over one place is more of its label (商业企 above 业); a
    // word over several is a label of the columns below it (法人或其他组织), not a column's own.
    var places: [ClosedRange<Double>] = []
    for row in headerWords.reversed() {
        for word in row where word.x0 >= gap.lowerBound && word.x1 <= gap.upperBound {
            let under = places.indices.filter { places[$0].overlaps(word.x0...word.x1) }
            if under.isEmpty {
                places.append(word.x0...word.x1)
            } else if under.count == 1, let index = under.first {
                places[index] = min(places[index].lowerBound, word.x0)...max(places[index].upperBound, word.x1)
            }
        }
    }
    places.sort { $0.lowerBound < $1.lowerBound }
    guard places.count >= 2, let first = places.first, let last = places.last else { return [(gap.lowerBound + gap.upperBound) / 2] }
    return [(gap.lowerBound + first.lowerBound) / 2] + zip(places, places.dropFirst()).map { ($0.upperBound + $1.lowerBound) / 2 }
        + [(last.upperBound + gap.upperBound) / 2]
}

/// The gap after a first column whose own text is sparse (a wide label wrapped in a narrow stub,
/// in a few rows only): the whole column then has text in few enough rows to be part of a stretch
/// of little text from the table's left edge to the next column, and the gap is its widest part
/// with the least text, where the column's lines have all ended. Nil when that part is at the
/// left edge (a margin, not a column) or narrower than `minWidth`.
private func sparseFirstColumnEnd(_ stretch: ArraySlice<Int>, minWidth: Int) -> Range<Int>? {
    guard let least = stretch.min() else { return nil }
    var widest: Range<Int>?
    var index = stretch.startIndex
    while index < stretch.endIndex {
        guard stretch[index] == least else { index += 1; continue }
        let start = index
        while index < stretch.endIndex, stretch[index] == least { index += 1 }
        if index - start > (widest?.count ?? 0) { widest = start..<index }
    }
    guard let widest, widest.lowerBound > stretch.startIndex, widest.count >= minWidth else { return nil }
    return widest
}
