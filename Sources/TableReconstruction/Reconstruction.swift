import DocumentModel

/// Turns the pages of a fixed-layout document into blocks in reading order: the tables its
/// rulings draw, and paragraphs of the text outside them, ordered by where they start on the page.
public func reconstructBlocks(pages: [Page]) -> [Block] {
    pages.flatMap { page -> [Block] in
        let tables = findGrids(in: page.rulings).compactMap { grid in
            buildTable(grid: grid, characters: page.runs, page: page.number).map { (grid.box, $0) }
        }
        let outside = page.lines.filter { line in
            !tables.contains { $0.0.contains(x: line.box.midX, y: line.box.midY) }
        }
        let text = paragraphs(of: outside, page: page.number).map { (top: $0.box?.y0 ?? 0, block: Block.paragraph($0)) }
        let ruled = tables.map { (top: $0.0.y0, block: Block.table($0.1)) }
        return (text + ruled).sorted { $0.top < $1.top }.map(\.block)
    }
}
