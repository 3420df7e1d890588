import CLibXML2

/// A node of the tree libxml2's HTML parser built.
typealias PageNode = UnsafeMutablePointer<xmlNode>

/// What an element is to the reading of a report page.
enum Tag: Sendable, Hashable {
    /// Never shown as text, or site furniture by its very tag: scripts, styles, forms' controls,
    /// embedded objects, `<nav>` and `<aside>`.
    case skipped
    /// Starts and ends a paragraph (a line, inside a table cell).
    case block
    case table
    /// `<thead>`, `<tbody>`, `<tfoot>`.
    case rowGroup
    case row
    case cell
    case lineBreak
    case link
    case inline

    private static let skippedNames: Set<String> = [
        "head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
        "applet", "svg", "math", "canvas", "audio", "video", "select", "option", "textarea", "button", "input", "map",
        "nav", "aside",
    ]
    private static let blockNames: Set<String> = [
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "ul",
    ]

    init(name: String) {
        switch name {
        case "table": self = .table
        case "thead", "tbody", "tfoot": self = .rowGroup
        case "tr": self = .row
        case "td", "th": self = .cell
        case "br": self = .lineBreak
        case "a": self = .link
        case _ where Self.skippedNames.contains(name): self = .skipped
        case _ where Self.blockNames.contains(name): self = .block
        default: self = .inline
        }
    }
}

/// Element tags by libxml2's interned name pointers: a page repeats a few dozen names thousands
/// of times, and making a Swift String of each would cost more than the parse.
struct TagNames {
    private var known: [UnsafeRawPointer: Tag] = [:]

    mutating func tag(of node: PageNode) -> Tag? {
        guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
        let key = UnsafeRawPointer(name)
        if let tag = known[key] { return tag }
        let tag = Tag(name: String(cString: name).lowercased())
        known[key] = tag
        return tag
    }
}

/// Whether to go into a node's children.
enum Descent { case descend, skip }

/// Visits `root`'s subtree in document order without recursion or a stack (a page can nest
/// elements 100,000 deep): `enter` for every node, `leave` for every element entered with
/// `.descend`, after its children.
func walk<Failure: Error>(_ root: PageNode, enter: (PageNode) throws(Failure) -> Descent,
                          leave: (PageNode) throws(Failure) -> Void) throws(Failure) {
    var node = root
    while true {
        let descent = try enter(node)
        if descent == .descend, let child = node.pointee.children {
            node = child
            continue
        }
        if descent == .descend { try leave(node) }
        // Done with `node`: on to the next sibling, leaving every ancestor whose children are done.
        while true {
            if node == root { return }
            if let next = node.pointee.next {
                node = next
                break
            }
            guard let parent = node.pointee.parent else { return }
            node = parent
            try leave(node)
        }
    }
}

/// The value of an attribute, by lowercase name (the HTML parser lowercases names).
func attribute(_ name: String, of node: PageNode) -> String? {
    guard node.pointee.properties != nil, let value = xmlGetProp(node, name) else { return nil }
    defer { gongkai_xml_free(value) }
    return String(cString: value)
}

/// An element a page hides: `hidden`, or `display: none` / `visibility: hidden` in its style.
func isHidden(_ node: PageNode) -> Bool {
    guard node.pointee.properties != nil else { return false }
    if attribute("hidden", of: node) != nil { return true }
    guard let style = attribute("style", of: node) else { return false }
    let compact = style.lowercased().filter { !$0.isWhitespace }
    return compact.contains("display:none") || compact.contains("visibility:hidden")
}
