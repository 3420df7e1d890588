import CLibXML2
import DocumentModel

/// Reads the article's paragraphs and tables in document order.
///
/// A block element ends a paragraph and so does `<br>` (sites write whole reports as one `<div>`
/// of lines); a paragraph that is mostly link text (上一篇/下一篇, related links) is site chrome and
/// left out. A data table becomes a `Table` whose cells keep their lines (`<br>`, `<p>`, `<div>`)
/// joined by "\n"; a layout table is read as the blocks in its cells.
struct PageBlocks {
    private let file: String
    private let limits: HTMLLimits
    private let layoutTables: Set<PageNode>
    private(set) var blocks: [Block] = []
    private var paragraph = PageText()
    private var linkDepth = 0
    private var textBytes = 0
    /// Grid positions of the tables read so far, counted against `HTMLLimits.maxTableCells`.
    private var gridPositions = 0

    init(file: String, limits: HTMLLimits, layoutTables: Set<PageNode>) {
        self.file = file
        self.limits = limits
        self.layoutTables = layoutTables
    }

    mutating func read(_ article: PageNode, tags: inout TagNames) throws(ExtractionError) {
        try walk(article, enter: { node throws(ExtractionError) in
            guard let tag = tags.visibleTag(of: node) else {
                if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                    paragraph.append(content, inLink: linkDepth > 0)
                }
                return .skip
            }
            if tag == .skipped { return .skip }
            switch tag {
            case .table where !layoutTables.contains(node):
                try endParagraph()
                if let table = try readTable(node, tags: &tags) { blocks.append(.table(table)) }
                return .skip
            case .lineBreak:
                try endParagraph()
                return .skip
            case .link:
                linkDepth += 1
            case .inline:
                break
            default:
                try endParagraph()
            }
            return .descend
        }, leave: { node throws(ExtractionError) in
            switch tags.tag(of: node) {
            case .link?: linkDepth -= 1
            case .inline?: break
            default: try endParagraph()
            }
        })
        try endParagraph()
    }

    private mutating func endParagraph() throws(ExtractionError) {
        let links = paragraph.linkCharacters, characters = paragraph.characters
        let text = paragraph.take()
        guard !text.isEmpty, links * 2 <= characters else { return }
        try count(text)
        blocks.append(.paragraph(Paragraph(text: text)))
    }

    private mutating func count(_ text: String) throws(ExtractionError) {
        textBytes += text.utf8.count
        guard textBytes <= limits.maxTextBytes else {
            throw ExtractionError(file: file, reason: .limitExceeded("more than \(limits.maxTextBytes) bytes of text"))
        }
    }

    // MARK: tables

    /// The table's rows (its own, not those of tables in its cells) resolved into the merged-cell
    /// matrix by the grid DOCX tables are built with; nil for a table without rows.
    private mutating func readTable(_ table: PageNode, tags: inout TagNames) throws(ExtractionError) -> Table? {
        var rows: [[PageNode]] = []
        for child in children(of: table) {
            switch tags.tag(of: child) {
            case .row?: rows.append(cells(of: child, tags: &tags))
            case .rowGroup?:
                for row in children(of: child) where tags.tag(of: row) == .row {
                    rows.append(cells(of: row, tags: &tags))
                }
            default: break
            }
        }
        guard !rows.isEmpty else { return nil }
        var grid = TableGrid(limits: TableGridLimits(maxGridPositions: limits.maxTableCells))
        var spans = RowSpans()
        for (index, row) in rows.enumerated() {
            var spanned: [SpannedCell] = []
            for cell in row {
                spanned.append(SpannedCell(columnSpan: spanAttribute("colspan", of: cell, limit: maxColumnSpan),
                                           rowSpan: spanAttribute("rowspan", of: cell, limit: rows.count - index, zeroMeansRest: true),
                                           lines: try lines(of: cell, tags: &tags)))
            }
            try place(spans.row(spanned), in: &grid)
        }
        gridPositions += grid.gridPositions
        do {
            return try grid.table()
        } catch {
            throw ExtractionError(file: file, tableGridError: error)
        }
    }

    /// Adds a row to the grid, the page's tables kept within the limit as rows arrive.
    private func place(_ row: RawRow, in grid: inout TableGrid) throws(ExtractionError) {
        do {
            try grid.add(row)
        } catch {
            throw ExtractionError(file: file, tableGridError: error)
        }
        guard gridPositions + grid.gridPositions <= limits.maxTableCells else {
            throw ExtractionError(file: file, tableGridError: .tooManyPositions(limit: limits.maxTableCells))
        }
    }

    /// The lines of a cell's text: `<br>` and block elements end a line; blank lines are dropped.
    private mutating func lines(of cell: PageNode, tags: inout TagNames) throws(ExtractionError) -> [String] {
        var lines: [String] = []
        var line = PageText()
        func endLine() {
            let text = line.take()
            if !text.isEmpty { lines.append(text) }
        }
        walk(cell, enter: { node in
            guard let tag = tags.visibleTag(of: node) else {
                if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                    line.append(content, inLink: false)
                }
                return .skip
            }
            if tag == .skipped { return .skip }
            if tag == .lineBreak { endLine(); return .skip }
            if tag != .inline, tag != .link, node != cell { endLine() }
            return .descend
        }, leave: { node in
            if let tag = tags.tag(of: node), tag != .inline, tag != .link { endLine() }
        })
        endLine()
        for text in lines { try count(text) }
        return lines
    }

    private func cells(of row: PageNode, tags: inout TagNames) -> [PageNode] {
        children(of: row).filter { tags.visibleTag(of: $0) == .cell }
    }
}

/// HTML caps a `colspan` at 1,000 (as browsers do); a hostile one cannot make a grid wider.
private let maxColumnSpan = 1_000

/// A `rowspan`/`colspan` read as browsers read it: leading digits, anything else 1; `rowspan="0"`
/// runs to the table's end; capped at `limit` (the rows left, for a rowspan).
private func spanAttribute(_ name: String, of cell: PageNode, limit: Int, zeroMeansRest: Bool = false) -> Int {
    guard let raw = attribute(name, of: cell) else { return 1 }
    let digits = raw.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty else { return 1 }
    // More digits than any span needs: the cap applies.
    guard digits.count <= 9, let value = Int(digits) else { return max(1, limit) }
    if value == 0 { return zeroMeansRest ? max(1, limit) : 1 }
    return max(1, min(value, limit))
}

private func children(of node: PageNode) -> [PageNode] {
    var result: [PageNode] = []
    var child = node.pointee.children
    while let current = child {
        result.append(current)
        child = current.pointee.next
    }
    return result
}
