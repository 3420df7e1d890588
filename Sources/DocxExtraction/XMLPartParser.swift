import CLibXML2
import DocumentModel
import Foundation

/// What reads one XML part of a DOCX from libxml2's SAX2 events.
///
/// SAX builds no node: libxml2's streaming reader, read before, built one per element and its
/// attributes, more than half of a DOCX's extraction. A handler is a value, changed in place by
/// each event.
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

/// An element's start as libxml2 reports it: names interned in the parser's dictionary (equal
/// names share pointers) and attributes valid only during the event.
struct XMLStartTag {
    let localName: UnsafePointer<xmlChar>
    let namespace: UnsafePointer<xmlChar>?
    /// Five pointers an attribute: local name, prefix, namespace URI, value start, value end.
    let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let attributeCount: Int

    /// Whether the element's local name is `name`.
    func isNamed(_ name: String) -> Bool {
        xmlStrEqual(localName, name) != 0
    }

    /// The value of the attribute `localName` without a namespace.
    func attribute(_ localName: String) -> String? {
        attributeValue(localName) { $0 == nil }
    }

    /// The value of the attribute `localName` of the first of `namespaces` that has one.
    func attribute(_ localName: String, namespaces: [String]) -> String? {
        for namespace in namespaces {
            if let value = attributeValue(localName, where: { $0.map { xmlStrEqual($0, namespace) != 0 } ?? false }) { return value }
        }
        return nil
    }

    private func attributeValue(_ localName: String, where isNamespace: (UnsafePointer<xmlChar>?) -> Bool) -> String? {
        guard let attributes else { return nil }
        for index in 0..<attributeCount {
            let base = attributes + 5 * index
            guard let name = base[0], let start = base[3], let end = base[4],
                  xmlStrEqual(name, localName) != 0, isNamespace(base[2]) else { continue }
            let bytes = UnsafeBufferPointer(start: start, count: end - start)
            let value = String(decoding: bytes, as: UTF8.self)
            // Without entity substitution libxml2's SAX2 hands an `&amp;` of a value on as `&#38;`
            // for its tree builder to decode; it is the only reference left in a value. Most
            // values have no `&` at all, told from the bytes without Foundation's string search.
            guard bytes.contains(UInt8(ascii: "&")) else { return value }
            return value.replacing("&#38;", with: "&")
        }
        return nil
    }
}

/// What libxml2's callbacks call: the parse of one part, its events handed to the handler's
/// state through closures made where its type is known, so an event costs neither a look-up of
/// generic metadata nor a dynamic exclusivity check of a class's stored property.
private final class XMLPartEvents {
    let part: String
    /// Each says whether parsing goes on.
    let startElement: (XMLStartTag) -> Bool
    let endElement: () -> Bool
    let characters: (UnsafeBufferPointer<UInt8>) -> Bool
    let refuse: (ExtractionError.Reason) -> Void
    /// What stopped the events, if anything did.
    let refusal: () -> ExtractionError?
    /// Set once the parser exists, to stop it on a refusal.
    var parser: xmlParserCtxtPtr?
    /// libxml2's first message, for the error when the XML is not well-formed.
    var message: String?

    init<Handler>(part: String, state: UnsafeMutablePointer<XMLPartState<Handler>>) {
        self.part = part
        startElement = { state.pointee.startElement($0) }
        endElement = { state.pointee.endElement() }
        characters = { state.pointee.characters($0) }
        refuse = { state.pointee.refuse($0) }
        refusal = { state.pointee.refusal }
    }

    func stop() {
        if let parser { xmlStopParser(parser) }
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

/// libxml2's SAX2 handler for a part: elements with namespaces, text and CDATA, and refusals of
/// a DOCTYPE and of entity references. Nothing that would load or expand anything is set: no
/// external subset, no entity resolver, no entity declarations (a DOCTYPE stops the parse
/// before its internal subset is read), so without `XML_PARSE_NOENT` no entity is ever defined.
private func partHandler() -> xmlSAXHandler {
    var handler = xmlSAXHandler()
    handler.initialized = UInt32(truncatingIfNeeded: XML_SAX2_MAGIC)
    handler.startElementNs = { context, localName, _, namespace, _, _, attributeCount, _, attributes in
        guard let localName else { return }
        let tag = XMLStartTag(localName: localName, namespace: namespace, attributes: attributes, attributeCount: Int(attributeCount))
        withPartEvents(context) { events in
            if !events.startElement(tag) { events.stop() }
        }
    }
    handler.endElementNs = { context, _, _, _ in
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
    // Keeps libxml2's messages off stderr and keeps the first one for our error.
    handler.serror = { context, error in
        guard let error else { return }
        withPartEvents(context) { events in
            guard events.message == nil else { return }
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
            events.message = "line \(error.pointee.line): \(message)"
        }
    }
    return handler
}

/// Bytes handed to the parser at a time: the body of a report is about 100 KB.
private let chunkBytes = 1 << 16

/// Parses one XML part as it inflates, handing its events to `handler`, within `maxDepth`
/// elements of nesting; the handler as the part's end left it. A part that is not well-formed
/// is refused naming the line.
func parseXMLPart<Handler: XMLPartHandler>(_ stream: ZipEntryStream, file: String, maxDepth: Int,
                                           handler: Handler) throws(ExtractionError) -> Handler {
    var state = XMLPartState(handler: handler, file: file, maxDepth: maxDepth)
    let parsed = withUnsafeMutablePointer(to: &state) { state in
        Result { () throws(ExtractionError) in
            try parse(stream, file: file, events: XMLPartEvents(part: stream.name, state: state))
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
