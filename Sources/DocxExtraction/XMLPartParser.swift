import CLibXML2
import DocumentModel
import Foundation

/// What reads one XML part of a DOCX from libxml2's SAX1 events.
///
/// SAX builds no node: libxml2's streaming reader, read before, built one per element and its
/// attributes, more than half of a DOCX's extraction. SAX1 leaves names as written (`w:p`): its
/// SAX2 interface resolved every element's and attribute's prefix itself, interning the prefix and
/// the local name apart, a fifth of the parse; here a name is resolved once per scope
/// (`NamespaceScope`). A handler is a value, changed in place by each event.
protocol XMLPartHandler {
    /// An element begins; true when nothing inside it is wanted: its content and its end are
    /// then not reported.
    mutating func startElement(_ tag: XMLStartTag) throws(ExtractionError) -> Bool
    /// The innermost element reported open ends.
    mutating func endElement() throws(ExtractionError)
    /// Text (character data or CDATA) of the innermost element, in one or more pieces.
    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) throws(ExtractionError)
}

extension XMLPartHandler {
    mutating func endElement() {}
    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {}
}

/// An element's start as libxml2's SAX1 interface reports it: its name as written, interned in
/// the parser's dictionary (equal names share pointers), and its attributes, valid only during
/// the event; prefixes resolved against the namespaces in scope.
struct XMLStartTag {
    /// `w:tc`, `Relationship`.
    let qualifiedName: UnsafePointer<xmlChar>
    /// The name and the value of each attribute in turn, up to a nil name; values decoded.
    let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    /// The prefixes bound at the element, its own declarations included.
    let scope: UnsafePointer<NamespaceScope>

    /// The element's local name and namespace.
    var name: ResolvedName { scope.pointee.resolve(qualifiedName, defaultApplies: true) }

    /// Whether the element's local name is `name`.
    func isNamed(_ name: String) -> Bool {
        xmlStrEqual(self.name.local, name) != 0
    }

    /// The value of the attribute `localName` without a namespace (no prefix: the default
    /// namespace is not an attribute's).
    func attribute(_ localName: String) -> String? {
        attributeValue { xmlStrEqual($0, localName) != 0 }
    }

    /// The value of the attribute `localName` of the first of `namespaces` that has one.
    func attribute(_ localName: String, namespaces: [String]) -> String? {
        for namespace in namespaces {
            let value = attributeValue { written in
                let name = scope.pointee.resolve(written, defaultApplies: false)
                return xmlStrEqual(name.local, localName) != 0 && name.namespace.map { xmlStrEqual($0, namespace) != 0 } == true
            }
            if let value { return value }
        }
        return nil
    }

    private func attributeValue(where isWanted: (UnsafePointer<xmlChar>) -> Bool) -> String? {
        guard let attributes else { return nil }
        var index = 0
        while let name = attributes[index] {
            defer { index += 2 }
            guard isWanted(name), let start = attributes[index + 1] else { continue }
            let bytes = UnsafeBufferPointer(start: start, count: Int(xmlStrlen(start)))
            let value = String(decoding: bytes, as: UTF8.self)
            // Without entity substitution libxml2 hands an `&amp;` of a value on as `&#38;` for
            // its tree builder to decode; it is the only reference left in a value. Most values
            // have no `&` at all, told from the bytes without Foundation's string search.
            guard bytes.contains(UInt8(ascii: "&")) else { return value }
            return value.replacing("&#38;", with: "&")
        }
        return nil
    }
}

/// A name with its prefix resolved: the local name (within the interned name as written, so
/// equal names share pointers) and the namespace's URI, interned, nil for none.
struct ResolvedName {
    let local: UnsafePointer<xmlChar>
    let namespace: UnsafePointer<xmlChar>?
}

/// The namespace prefixes in scope: what the `xmlns` attributes of the open elements bind.
struct NamespaceScope {
    private struct Binding {
        /// Empty for the default namespace (`xmlns="…"`).
        var prefix: [UInt8]
        /// Interned in the parser's dictionary; nil where `xmlns=""` takes the default away.
        var uri: UnsafePointer<xmlChar>?
        /// The depth of the element that declared it.
        var depth: Int
    }

    private var bindings: [Binding] = []
    /// Elements open, the one starting included.
    private var depth = 0
    /// Changes whenever a binding comes or goes: a name resolved before may mean something else.
    private(set) var generation = 0

    /// An element starts: its `xmlns` and `xmlns:p` attributes bind their prefixes for it and its
    /// content. `intern` gives a URI its pointer in the parser's dictionary.
    mutating func enter(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                        intern: (UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar>?) {
        depth += 1
        guard let attributes else { return }
        var index = 0
        while let name = attributes[index] {
            defer { index += 2 }
            // `xmlns` byte by byte, each test after one that held: no byte past the name's end is read.
            guard name[0] == UInt8(ascii: "x"), name[1] == UInt8(ascii: "m"), name[2] == UInt8(ascii: "l"),
                  name[3] == UInt8(ascii: "n"), name[4] == UInt8(ascii: "s"),
                  name[5] == 0 || name[5] == UInt8(ascii: ":") else { continue }
            let prefix = name[5] == 0 ? [] : Array(UnsafeBufferPointer(start: name + 6, count: Int(xmlStrlen(name + 6))))
            let uri = attributes[index + 1].flatMap { $0[0] == 0 ? nil : intern($0) }
            bindings.append(Binding(prefix: prefix, uri: uri, depth: depth))
            generation += 1
        }
    }

    /// The innermost open element ends, and what it bound with it.
    mutating func leave() {
        // The depth looked at in place: a binding copied out (`last`) retained and released its prefix.
        while !bindings.isEmpty, bindings[bindings.count - 1].depth == depth {
            bindings.removeLast()
            generation += 1
        }
        depth -= 1
    }

    /// `written` (`p:local` or `local`) resolved: a prefix by the innermost binding of it, none
    /// when nothing binds it; no prefix by the default namespace where `defaultApplies` (an
    /// element's name), else none (an attribute's).
    func resolve(_ written: UnsafePointer<xmlChar>, defaultApplies: Bool) -> ResolvedName {
        var colon = 0
        while written[colon] != 0, written[colon] != UInt8(ascii: ":") { colon += 1 }
        guard written[colon] != 0 else {
            return ResolvedName(local: written, namespace: defaultApplies ? uri(ofPrefix: UnsafeBufferPointer(start: written, count: 0)) : nil)
        }
        return ResolvedName(local: written + colon + 1, namespace: uri(ofPrefix: UnsafeBufferPointer(start: written, count: colon)))
    }

    private func uri(ofPrefix prefix: UnsafeBufferPointer<UInt8>) -> UnsafePointer<xmlChar>? {
        bindings.last { $0.prefix.elementsEqual(prefix) }?.uri
    }
}

/// What libxml2's callbacks call: the parse of one part, its events handed to the handler's
/// state through closures made where its type is known, so an event costs neither a look-up of
/// generic metadata nor a dynamic exclusivity check of a class's stored property.
private final class XMLPartEvents {
    let part: String
    /// The prefixes in scope, kept apart from the handler's state so that a tag can point at them.
    let scope: UnsafeMutablePointer<NamespaceScope>
    /// Each says whether parsing goes on.
    let startTag: (XMLStartTag) -> Bool
    let endTag: () -> Bool
    let characters: (UnsafeBufferPointer<UInt8>) -> Bool
    let refuse: (ExtractionError.Reason) -> Void
    /// What stopped the events, if anything did.
    let refusal: () -> ExtractionError?
    /// Set once the parser exists, to stop it on a refusal.
    var parser: xmlParserCtxtPtr?
    /// libxml2's first message, for the error when the XML is not well-formed.
    var message: String?

    init<Handler>(part: String, state: UnsafeMutablePointer<XMLPartState<Handler>>, scope: UnsafeMutablePointer<NamespaceScope>) {
        self.part = part
        self.scope = scope
        startTag = { state.pointee.startElement($0) }
        endTag = { state.pointee.endElement() }
        characters = { state.pointee.characters($0) }
        refuse = { state.pointee.refuse($0) }
        refusal = { state.pointee.refusal }
    }

    func stop() {
        if let parser { xmlStopParser(parser) }
    }

    /// An element starts: its namespace declarations bound, then its tag handed on.
    func startElement(_ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> Bool {
        scope.pointee.enter(attributes) { uri in parser.flatMap { xmlDictLookup($0.pointee.dict, uri, -1) } }
        return startTag(XMLStartTag(qualifiedName: name, attributes: attributes, scope: scope))
    }

    /// An element ends, and what it bound with it.
    func endElement() -> Bool {
        defer { scope.pointee.leave() }
        return endTag()
    }

    /// libxml2's message, the first one kept for the error when the XML is not well-formed.
    func note(_ error: xmlError) {
        guard message == nil else { return }
        let text = error.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
        message = "line \(error.line): \(text)"
    }
}

/// The handler and the open elements' depth; each event says whether parsing goes on.
private struct XMLPartState<Handler: XMLPartHandler> {
    var handler: Handler
    let file: String
    let maxDepth: Int
    /// Elements open and reported to the handler.
    var reportedDepth = 0
    /// Elements open inside one the handler passed over, that one included.
    var skippedDepth = 0
    /// The refusal that stopped the parse: the handler's, or ours of the markup.
    var refusal: ExtractionError?

    init(handler: Handler, file: String, maxDepth: Int) {
        self.handler = handler
        self.file = file
        self.maxDepth = maxDepth
    }

    mutating func startElement(_ tag: XMLStartTag) -> Bool {
        guard refusal == nil else { return false }
        // The depth of the element's start, the root's 0, as the reader counted it.
        if reportedDepth + skippedDepth > maxDepth {
            return refuse(ExtractionError(file: file, reason: .limitExceeded("XML nested deeper than \(maxDepth) elements")))
        }
        if skippedDepth > 0 {
            skippedDepth += 1
            return true
        }
        do throws(ExtractionError) {
            if try handler.startElement(tag) {
                skippedDepth = 1
            } else {
                reportedDepth += 1
            }
            return true
        } catch {
            return refuse(error)
        }
    }

    mutating func endElement() -> Bool {
        guard refusal == nil else { return false }
        if skippedDepth > 0 {
            skippedDepth -= 1
            return true
        }
        reportedDepth -= 1
        do throws(ExtractionError) {
            try handler.endElement()
            return true
        } catch {
            return refuse(error)
        }
    }

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard refusal == nil else { return false }
        guard skippedDepth == 0 else { return true }
        do throws(ExtractionError) {
            try handler.characters(text)
            return true
        } catch {
            return refuse(error)
        }
    }

    /// A refusal of the markup; the first one stands.
    mutating func refuse(_ reason: ExtractionError.Reason) {
        if refusal == nil { refusal = ExtractionError(file: file, reason: reason) }
    }

    private mutating func refuse(_ error: ExtractionError) -> Bool {
        refusal = error
        return false
    }
}

/// The events of the parse `context` is: borrowed, since the parse holds them for as long as
/// libxml2 calls (no retain and release at every event).
private func withPartEvents(_ context: UnsafeMutableRawPointer?, _ body: (XMLPartEvents) -> Void) {
    guard let context else { return }
    Unmanaged<XMLPartEvents>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
}

/// libxml2's SAX1 handler for a part: elements, text and CDATA, and refusals of a DOCTYPE and
/// of entity references. Nothing that would load or expand anything is set: no external subset,
/// no entity resolver, no entity declarations (a DOCTYPE stops the parse before its internal
/// subset is read), so without `XML_PARSE_NOENT` no entity is ever defined.
private func partHandler() -> xmlSAXHandler {
    var handler = xmlSAXHandler()
    // Anything but XML_SAX2_MAGIC: libxml2 calls startElement and endElement, names as written.
    handler.initialized = 1
    handler.startElement = { context, name, attributes in
        guard let name else { return }
        withPartEvents(context) { events in
            if !events.startElement(name, attributes) { events.stop() }
        }
    }
    handler.endElement = { context, _ in
        withPartEvents(context) { events in
            if !events.endElement() { events.stop() }
        }
    }
    handler.characters = { context, bytes, length in
        guard let bytes, length > 0 else { return }
        withPartEvents(context) { events in
            if !events.characters(UnsafeBufferPointer(start: bytes, count: Int(length))) { events.stop() }
        }
    }
    // One function for both, so libxml2 never guesses which whitespace is ignorable.
    handler.ignorableWhitespace = handler.characters
    handler.cdataBlock = handler.characters
    handler.internalSubset = { context, _, _, _ in
        withPartEvents(context) { events in
            events.refuse(.forbiddenMarkup("\(events.part) has a DOCTYPE; a Word document never does"))
            events.stop()
        }
    }
    // Called only for an entity no DTD declares when there is a DTD, which the refusal above stops.
    handler.reference = { context, _ in
        withPartEvents(context) { events in
            events.refuse(.forbiddenMarkup("\(events.part) uses XML entities"))
            events.stop()
        }
    }
    return handler
}

/// Keeps libxml2's messages off stderr and the first one for our error. A SAX1 handler has no
/// `serror` of its own (libxml2 copies only the older handler's fields), so this is set as the
/// thread's structured error handler for the length of the parse.
private let noteError: xmlStructuredErrorFunc = { context, error in
    guard let error else { return }
    withPartEvents(context) { $0.note(error.pointee) }
}

/// Bytes handed to the parser at a time: the body of a report is about 100 KB.
private let chunkBytes = 1 << 16

/// Parses one XML part as it inflates, handing its events to `handler`, within `maxDepth`
/// elements of nesting; the handler as the part's end left it. A part that is not well-formed
/// is refused naming the line.
func parseXMLPart<Handler: XMLPartHandler>(_ stream: ZipEntryStream, file: String, maxDepth: Int,
                                           handler: Handler) throws(ExtractionError) -> Handler {
    var state = XMLPartState(handler: handler, file: file, maxDepth: maxDepth)
    var scope = NamespaceScope()
    let parsed = withUnsafeMutablePointer(to: &state) { state in
        withUnsafeMutablePointer(to: &scope) { scope in
            Result { () throws(ExtractionError) in
                try parse(stream, file: file, events: XMLPartEvents(part: stream.name, state: state, scope: scope))
            }
        }
    }
    try parsed.get()
    return state.handler
}

/// Feeds the part to libxml2's push parser a chunk at a time as it inflates.
private func parse(_ stream: ZipEntryStream, file: String, events: XMLPartEvents) throws(ExtractionError) {
    var sax = partHandler()
    let context = Unmanaged.passUnretained(events).toOpaque()
    guard let parser = xmlCreatePushParserCtxt(&sax, context, nil, 0, nil) else {
        throw ExtractionError(file: file, reason: .damaged("\(stream.name) cannot be parsed"))
    }
    defer { xmlFreeParserCtxt(parser) }
    // The thread's handler before, put back after: only this parse's messages come to us.
    let previousHandler = __xmlStructuredError().pointee
    let previousContext = __xmlStructuredErrorContext().pointee
    xmlSetStructuredErrorFunc(context, noteError)
    defer { xmlSetStructuredErrorFunc(previousContext, previousHandler) }
    // NONET: nothing from the network even if something asked; no NOENT, DTDLOAD or DTDATTR.
    xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue))
    events.parser = parser
    let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: chunkBytes)
    defer { chunk.deallocate() }
    while true {
        let count = stream.read(into: chunk, capacity: chunkBytes)
        if count < 0 { throw ExtractionError(file: file, reason: stream.failure ?? .damaged("\(stream.name) cannot be inflated")) }
        _ = xmlParseChunk(parser, chunk, count, count == 0 ? 1 : 0)
        if let refusal = events.refusal() { throw refusal }
        if parser.pointee.wellFormed == 0 {
            throw ExtractionError(file: file, reason: .damaged("\(stream.name): \(events.message ?? "malformed XML")"))
        }
        if count == 0 { return }
    }
}
