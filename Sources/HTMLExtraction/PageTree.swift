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
    /// Whether each element with attributes is hidden, worked out once: every pass asks.
    private var hiddenElements: [PageNode: Bool] = [:]

    /// The element's tag, `.skipped` for one the page hides; nil for a node that is not an element.
    mutating func visibleTag(of node: PageNode) -> Tag? {
        guard let tag = tag(of: node) else { return nil }
        guard tag != .skipped, node.pointee.properties != nil else { return tag }
        if let hidden = hiddenElements[node] { return hidden ? .skipped : tag }
        let hidden = isHidden(node)
        hiddenElements[node] = hidden
        return hidden ? .skipped : tag
    }

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
/// Read on the attribute's bytes: pages set a style on nearly every element, and Swift strings
/// of each (lowercased, searched) took a quarter of a page's reading.
private func isHidden(_ node: PageNode) -> Bool {
    guard node.pointee.properties != nil else { return false }
    if xmlHasProp(node, "hidden") != nil { return true }
    guard let style = xmlGetProp(node, "style") else { return false }
    defer { gongkai_xml_free(style) }
    var start = UnsafePointer(style)
    while start.pointee != 0 {
        if hiddenStyles.contains(where: { matches($0, at: start) }) { return true }
        start += 1
    }
    return false
}

/// Whether `rule` stands at `start`, in any case, with any white space between its characters.
private func matches(_ rule: [UInt8], at start: UnsafePointer<xmlChar>) -> Bool {
    var pointer = start
    for expected in rule {
        while pointer.pointee == 0x20 || pointer.pointee == 0x09 || pointer.pointee == 0x0A || pointer.pointee == 0x0D {
            if pointer == start { return false }
            pointer += 1
        }
        let byte = pointer.pointee
        guard (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) == expected else { return false }
        pointer += 1
    }
    return true
}

private let hiddenStyles = ["display:none", "visibility:hidden"].map { Array($0.utf8) }
