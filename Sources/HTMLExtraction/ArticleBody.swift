import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the report stands in a page of site chrome (menus, breadcrumbs, related links, footers),
/// and which tables are the report's and which only lay the page out.
///
/// The article is the smallest element that holds the report's title and at least half the
/// page's text outside links: menus and related-link lists are links, and a footer is short
/// beside a report. The title is the shortest-scoped text that names the report (…年度报告,
/// 政府信息公开…报告) outside a link, wherever it stands (`<h1>`, a `<p>`, a table cell); a page
/// without one is read whole.
struct ArticleSurvey {
    /// The element to read the report from.
    private(set) var article: PageNode
    /// Tables that lay the page out rather than hold data, read as the blocks in their cells.
    private(set) var layoutTables: Set<PageNode> = []

    /// A table whose cells hold a table, or one cell only, or a cell with more text than any
    /// report's table cell (the whole article beside a menu) lays the page out.
    static let longestDataCell = 2_000

    init(body: PageNode, tags: inout TagNames) {
        let title = Self.titleText(under: body, tags: &tags)
        var sizes: [PageNode: Int] = [:]
        var titleAncestors: Set<PageNode> = []
        if let title {
            var node = title.pointee.parent
            while let current = node {
                titleAncestors.insert(current)
                if current == body { break }
                node = current.pointee.parent
            }
        }
        // Visible characters outside links under each element on the open path, summed as
        // elements are left; tables' shapes counted as their cells are left.
        var open: [(node: PageNode, tag: Tag, characters: Int)] = []
        var openTables: [(node: PageNode, cells: Int, holdsTable: Bool, longestCell: Int)] = []
        var layout: Set<PageNode> = []
        var linkDepth = 0
        walk(body, enter: { node in
            guard let tag = tags.visibleTag(of: node) else {
                if linkDepth == 0, let content = node.pointee.content, !open.isEmpty,
                   node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
                    open[open.count - 1].characters += visibleCharacters(content)
                }
                return .skip
            }
            if tag == .skipped { return .skip }
            if tag == .link { linkDepth += 1 }
            if tag == .table {
                if !openTables.isEmpty { openTables[openTables.count - 1].holdsTable = true }
                openTables.append((node, 0, false, 0))
            }
            open.append((node, tag, 0))
            return .descend
        }, leave: { node in
            guard let left = open.popLast() else { return }
            if !open.isEmpty { open[open.count - 1].characters += left.characters }
            switch left.tag {
            case .link: linkDepth -= 1
            case .cell where !openTables.isEmpty:
                openTables[openTables.count - 1].cells += 1
                openTables[openTables.count - 1].longestCell = max(openTables[openTables.count - 1].longestCell, left.characters)
            case .table:
                if let table = openTables.popLast(),
                   table.holdsTable || table.cells <= 1 || table.longestCell > Self.longestDataCell {
                    layout.insert(table.node)
                }
            default: break
            }
            if titleAncestors.contains(node) { sizes[node] = left.characters }
        })
        layoutTables = layout
        article = body
        guard let title, let total = sizes[body] else { return }
        var node = title.pointee.parent
        while let current = node {
            if let size = sizes[current], size * 2 >= total {
                article = current
                return
            }
            if current == body { return }
            node = current.pointee.parent
        }
    }

    /// The text node that names the report: outside links, at most 80 characters, with 报告 and
    /// 信息公开 or 年度; one with both 年度报告 and 政府信息公开 is preferred, then the first.
    private static func titleText(under body: PageNode, tags: inout TagNames) -> PageNode? {
        var best: (node: PageNode, score: Int)?
        var linkDepth = 0
        walk(body, enter: { node in
            if let tag = tags.visibleTag(of: node) {
                if tag == .skipped { return .skip }
                if tag == .link { linkDepth += 1 }
                return .descend
            }
            guard linkDepth == 0, node.pointee.type == XML_TEXT_NODE, let content = node.pointee.content,
                  strstr(content, "报告") != nil, visibleCharacters(content) <= 80 else { return .skip }
            let text = String(cString: content)
            guard text.contains("信息公开") || text.contains("年度") else { return .skip }
            let score = (text.contains("年度报告") ? 1 : 0) + (text.contains("政府信息公开") ? 1 : 0)
            if score > best?.score ?? -1 { best = (node, score) }
            return .skip
        }, leave: { node in
            if tags.tag(of: node) == .link { linkDepth -= 1 }
        })
        return best?.node
    }
}

/// Characters that are not HTML white space, counted by UTF-8 lead bytes.
func visibleCharacters(_ text: UnsafePointer<xmlChar>) -> Int {
    var count = 0
    var pointer = text
    while pointer.pointee != 0 {
        let byte = pointer.pointee
        if byte & 0xC0 != 0x80, byte != 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D, byte != 0x0C { count += 1 }
        pointer += 1
    }
    return count
}
