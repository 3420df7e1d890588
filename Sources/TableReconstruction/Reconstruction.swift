import DocumentModel

/// The blocks of a fixed-layout document, and what could not be read as it stands.
public struct Reconstruction: Sendable, Hashable {
    public var blocks: [Block]
    /// A table whose cells did not fit one grid is read as paragraphs, and said so here.
    public var problems: [String]
}

/// Turns the pages of a fixed-layout document into blocks in reading order: the tables its
/// rulings draw, and paragraphs of the text outside them, ordered by where they start on the page.
/// A table that a page break cut is stitched back into one (see `stitch`).
public func reconstructBlocks(pages: [Page], settings: ReconstructionSettings = .default) -> Reconstruction {
    var placed: [PlacedBlock] = []
    var problems: [String] = []
    for page in pages {
        let ruled = findGrids(in: page.rulings, tolerance: settings.gridTolerance).compactMap { grid -> PlacedTable? in
            do throws(TableError) {
                return try buildTable(grid: grid, characters: page.runs, page: page.number, tolerance: settings.gridTolerance)
            } catch {
                problems.append("page \(page.number): a ruled table is read as paragraphs: \(error)")
                return nil
            }
        }
        let notRuled = page.lines.filter { line in
            !ruled.contains { $0.box.contains(x: line.box.midX, y: line.box.midY) }
        }
        var unruled: [PlacedTable] = []
        do throws(TableError) {
            unruled = try unruledTables(lines: notRuled, page: page.number, settings: settings)
        } catch {
            problems.append("page \(page.number): the tables without ruling lines are read as paragraphs: \(error)")
        }
        var tables = ruled + unruled
        if let index = lastTableIndex(in: placed), case .table(let upper) = placed[index],
           let row = loneLabelRow(notRuled, page: page.number, continuing: upper, settings: settings),
           !tables.contains(where: { $0.box.y0 <= row.box.y0 }) {
            tables.append(row)
        }
        let outside = notRuled.filter { line in
            !tables.contains { $0.box.contains(x: line.box.midX, y: line.box.midY) }
        }
        let pageBlocks = paragraphs(of: outside, page: page.number, maxGap: settings.paragraphGap).map { PlacedBlock.paragraph($0) }
            + tables.map { PlacedBlock.table($0) }
        for block in pageBlocks.sorted(by: { $0.top < $1.top }) {
            if case .table(let lower) = block, let index = lastTableIndex(in: placed), case .table(let upper) = placed[index],
               upper.page == lower.page - 1, upper.table.rowCount <= settings.maxStitchedRows, isFirstOnItsPage(lower, among: pageBlocks) {
                do throws(TableError) {
                    if let joined = try stitch(upper, lower, settings: settings) {
                        placed[index] = .table(joined)
                        continue
                    }
                } catch {
                    problems.append("page \(page.number): a table going on from page \(upper.page) is kept apart from it: \(error)")
                }
            }
            placed.append(block)
        }
    }
    // A fragment no part joined is text after all.
    let blocks = placed.flatMap { block -> [Block] in
        guard case .table(let table) = block, table.isFragment else { return [block.block] }
        return paragraphs(of: table.rows.flatMap(\.segments), page: table.page, maxGap: settings.paragraphGap).map { .paragraph($0) }
    }
    return Reconstruction(blocks: blocks, problems: problems)
}

private enum PlacedBlock {
    case paragraph(Paragraph)
    case table(PlacedTable)

    var top: Double {
        switch self {
        case .paragraph(let paragraph): paragraph.box?.y0 ?? 0
        case .table(let table): table.box.y0
        }
    }

    var block: Block {
        switch self {
        case .paragraph(let paragraph): .paragraph(paragraph)
        case .table(let table): .table(table.table)
        }
    }
}

/// The last block, if it is a table or only running footers and headers follow it.
private func lastTableIndex(in blocks: [PlacedBlock]) -> Int? {
    for index in blocks.indices.reversed() {
        switch blocks[index] {
        case .table: return index
        case .paragraph(let paragraph): if !isRunningHeader(paragraph) { return nil }
        }
    }
    return nil
}

/// Nothing but a running header stands above the table on its page.
private func isFirstOnItsPage(_ table: PlacedTable, among blocks: [PlacedBlock]) -> Bool {
    !blocks.contains { block in
        if case .paragraph(let paragraph) = block, let box = paragraph.box {
            return box.y1 <= table.box.y0 && !isRunningHeader(paragraph)
        }
        return false
    }
}

/// Page numbers and running heads and feet: one short line.
private func isRunningHeader(_ paragraph: Paragraph) -> Bool {
    isRunningText(paragraph.text)
}

/// Short, and not a numbered heading (三、…): a page number, a running head or foot.
func isRunningText(_ text: String) -> Bool {
    text.count <= 12 && !text.contains("、")
}
