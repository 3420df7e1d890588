import CLibXML2
import DocumentModel
import Foundation

/// Reads a DOCX's `word/document.xml` with libxml2's streaming reader into the document model.
///
/// Only the main body is read: headers, footers, footnotes and comments live in other parts, and
/// text boxes (`w:txbxContent`) are skipped, so none of them is mixed into the body.
public enum DocxExtractor {
    static let documentPart = "word/document.xml"

    /// libxml2 must initialise its globals once before readers run on several threads at once.
    public static func prepareForConcurrentUse() {
        xmlInitParser()
    }

    public static func extract(path: String, limits: DocxLimits = .default, pictures: PictureReader? = nil) throws(ExtractionError) -> Document {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError {
            let reason = switch error.code {
            case .fileReadNoSuchFile: "no such file"
            case .fileReadNoPermission: "permission denied"
            default: error.localizedDescription
            }
            throw ExtractionError(file: path, reason: .unreadable(reason))
        } catch {
            throw ExtractionError(file: path, reason: .unreadable(error.localizedDescription))
        }
        return try extract(bytes: bytes, file: path, limits: limits, pictures: pictures)
    }

    /// Reads a DOCX already in memory (as the batch holds it, to hash and parse the same bytes);
    /// `file` names it in errors, and what it is when it is no zip archive at all.
    /// `pictures` reads the pictures of the body that may be tables pasted as images; without it
    /// pictures are passed over, as text boxes are.
    public static func extract(bytes: Data, file: String, limits: DocxLimits = .default, pictures: PictureReader? = nil) throws(ExtractionError) -> Document {
        try refuseNonZip(bytes, file: file)
        return try extract(archive: bytes, file: file, limits: limits, pictures: pictures)
    }

    /// Reads bytes already known to open as a zip archive (`SourceReader` chose the extractor by
    /// them), without looking at what they are again.
    public static func extract(archive bytes: Data, file: String, limits: DocxLimits = .default,
                               pictures: PictureReader? = nil) throws(ExtractionError) -> Document {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ExtractionError) -> Document in
                let archive = try ZipArchive(bytes: buffer, file: file)
                let stream = try archive.openEntry(named: documentPart, file: file, limits: limits)
                let bodyPictures = pictures.map { BodyPictures(archive: archive, file: file, limits: limits, reader: $0) }
                var reader = try WordprocessingReader(stream: stream, file: file, limits: limits, pictures: bodyPictures)
                return Document(kind: .docx, pages: [], blocks: try reader.readBody(), problems: bodyPictures?.problems ?? [])
            }
        }
        return try result.get()
    }

    /// Names what the file is when it is not a zip at all: `.doc` and `.wps` users need advice, not
    /// "damaged", and a password-protected `.docx` (a compound file too) is not a `.doc`.
    private static func refuseNonZip(_ bytes: Data, file: String) throws(ExtractionError) {
        let prefix = [UInt8](bytes.prefix(FileSignature.prefixLength))
        switch FileSignature(leadingBytes: prefix) {
        case .zip:
            return
        case .compoundFile:
            if CompoundFileContent(compoundFile: [UInt8](bytes)) == .encryptedOOXML {
                throw ExtractionError(file: file, reason: .encryptedWordDocument)
            }
            let ext = (file as NSString).pathExtension
            throw ExtractionError(file: file, reason: .legacyFormat(FileSignature.legacyFormatName(forExtension: ext)))
        case .pdf:
            throw ExtractionError(file: file, reason: .unsupportedFormat("it is a PDF, not a DOCX"))
        case .html, .webArchive:
            throw ExtractionError(file: file, reason: .unsupportedFormat("it is a web page, not a DOCX"))
        case .unknown:
            throw ExtractionError(file: file, reason: prefix.isEmpty ? .damaged("the file is empty") : .unsupportedFormat("not a zip archive"))
        }
    }
}

/// The WordprocessingML namespaces: transitional (what Word and WPS write) and strict.
private let wordNamespaces: Set<String> = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
]
private let markupCompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"
/// Relationships (`r:embed` of a picture), transitional and strict.
private let relationshipNamespaces = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
]
/// English Metric Units a point: `wp:extent` gives a drawing's size in them.
private let emuPerPoint = 12_700.0

/// Elements whose whole subtree carries nothing a reader sees in the body: deleted text, field
/// instructions, text boxes, legacy pictures and objects, and property blocks (including their
/// tracked-change copies). A drawing (`w:drawing`) is skipped unless its pictures are read.
private let skippedWordElements: Set<String> = [
    "del", "moveFrom", "delText", "instrText", "delInstrText", "txbxContent", "pict", "object",
    "rPr", "pPr", "tblPr", "tblPrEx", "sectPr", "sdtPr", "sdtEndPr", "customXmlPr", "smartTagPr", "fldData",
    "tcPrChange", "trPrChange", "tblGridChange", "footnoteReference", "endnoteReference", "commentReference",
]

private struct XMLReaderFailure {
    var message: String?
}

private struct WordprocessingReader {
    private let reader: xmlTextReaderPtr
    private let stream: ZipEntryStream
    private let file: String
    private let limits: DocxLimits
    private let failure: UnsafeMutablePointer<XMLReaderFailure>
    private var body: BodyBuilder
    private let pictures: BodyPictures?
    /// The drawing being read, when pictures are.
    private var drawing: PlacedDrawing?
    /// The open Word elements, innermost last: by local name and role.
    private var openElements: [(localNameID: Int, role: WordRole?)] = []
    /// Element names by libxml2's interned name pointers: a document repeats a few dozen names
    /// millions of times, and turning each into a Swift String and hashing its namespace URI
    /// would cost more than the parsing itself.
    private var names: [InternedName: ElementName] = [:]
    /// The names last met, in a slot each told by their pointers: most look-ups end here,
    /// without hashing (`names` is asked on a miss).
    private var recentNames = [(key: InternedName, name: ElementName)?](repeating: nil, count: 256)
    /// A number for each Word local name: an element closes the open one of its name.
    private var localNameIDs: [String: Int] = [:]

    init(stream: ZipEntryStream, file: String, limits: DocxLimits, pictures: BodyPictures?) throws(ExtractionError) {
        // No NOENT (entities are never substituted), no DTDLOAD/DTDATTR (no external subset),
        // NONET (nothing from the network even if something asked).
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_COMPACT.rawValue)
        let context = Unmanaged.passUnretained(stream).toOpaque()
        guard let reader = xmlReaderForIO(readFromZip, nil, context, nil, nil, options) else {
            throw ExtractionError(file: file, reason: .damaged("\(DocxExtractor.documentPart) cannot be parsed"))
        }
        self.reader = reader
        self.stream = stream
        self.file = file
        self.limits = limits
        self.pictures = pictures
        body = BodyBuilder(limits: TableGridLimits(maxGridPositions: limits.maxTableCells))
        failure = .allocate(capacity: 1)
        failure.initialize(to: XMLReaderFailure())
        // Keeps libxml2's messages off stderr and keeps the first one for our error.
        xmlTextReaderSetStructuredErrorHandler(reader, recordXMLError, failure)
    }

    mutating func readBody() throws(ExtractionError) -> [Block] {
        defer {
            xmlFreeTextReader(reader)
            failure.deinitialize(count: 1)
            failure.deallocate()
        }
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let skipSubtree = try handleNode()
            status = skipSubtree ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader)
        }
        if status < 0 {
            if let reason = stream.failure { throw ExtractionError(file: file, reason: reason) }
            let message = failure.pointee.message ?? "malformed XML"
            throw ExtractionError(file: file, reason: .damaged("\(DocxExtractor.documentPart): \(message)"))
        }
        try updateTables { body throws(TableGridError) in try body.finish() }
        return body.blocks
    }

    /// Handles the node under the cursor; true when its subtree is to be skipped.
    private mutating func handleNode() throws(ExtractionError) -> Bool {
        let type = xmlTextReaderNodeType(reader)
        switch type {
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
            throw ExtractionError(file: file, reason: .forbiddenMarkup("\(DocxExtractor.documentPart) has a DOCTYPE; a Word document never does"))
        case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
            throw ExtractionError(file: file, reason: .forbiddenMarkup("\(DocxExtractor.documentPart) uses XML entities"))
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            if xmlTextReaderDepth(reader) > Int32(limits.maxXMLDepth) {
                throw ExtractionError(file: file, reason: .limitExceeded("XML nested deeper than \(limits.maxXMLDepth) elements"))
            }
            return try startElement()
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            try endElement()
            return false
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue),
             Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
            if openElements.last?.role == .text, let value = xmlTextReaderConstValue(reader) {
                body.appendText(String(cString: value))
                if body.textBytes > limits.maxTextBytes {
                    throw ExtractionError(file: file, reason: .limitExceeded("more than \(limits.maxTextBytes) bytes of text"))
                }
            }
            return false
        default:
            return false
        }
    }

    private mutating func startElement() throws(ExtractionError) -> Bool {
        guard let element = currentName() else { return false }
        let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
        if element.namespace == .markupCompatibility {
            // mc:AlternateContent offers one content twice; read the Choice, skip the Fallback.
            return element.localName == "Fallback"
        }
        guard element.namespace == .word else {
            if drawing != nil { notePicture(element.localName) }
            return false
        }
        if element.isSkipped { return !isEmpty }

        let parent = openElements.last?.role
        switch element.role {
        case .paragraph: body.beginParagraph()
        case .tab: if parent == .run { body.appendText("\t") }
        case .lineBreak: if parent == .run { body.appendText("\n") }
        case .noBreakHyphen: body.appendText("\u{2011}")
        case .table: body.beginTable()
        case .gridColumn: if parent == .tableGrid { body.declareGridColumn() }
        case .row: try updateTables { body throws(TableGridError) in try body.beginRow() }
        case .gridBefore where parent == .rowProperties: body.setRowGrid(before: intValue())
        case .gridAfter where parent == .rowProperties: body.setRowGrid(after: intValue())
        case .cell: body.beginCell()
        case .drawing:
            guard pictures != nil else { return !isEmpty }
            drawing = PlacedDrawing()
        case .gridSpan where parent == .cellProperties: body.setCellMerge(gridSpan: intValue())
        case .verticalMerge where parent == .cellProperties: body.setCellMerge(vertical: mergeRole())
        case .horizontalMerge where parent == .cellProperties: body.setCellMerge(horizontal: mergeRole())
        default: break
        }
        if isEmpty {
            try endElement(element.role)
        } else {
            openElements.append((element.localNameID, element.role))
        }
        return false
    }

    private mutating func endElement() throws(ExtractionError) {
        guard let element = currentName(), element.namespace == .word else { return }
        if openElements.last?.localNameID == element.localNameID { openElements.removeLast() }
        try endElement(element.role)
    }

    /// The name of the element under the cursor, looked up by libxml2's interned pointers.
    private mutating func currentName() -> ElementName? {
        guard let local = xmlTextReaderConstLocalName(reader) else { return nil }
        let key = InternedName(namespace: xmlTextReaderConstNamespaceUri(reader), local: local)
        let slot = key.slot(among: recentNames.count)
        if let recent = recentNames[slot], recent.key == key { return recent.name }
        let name = names[key] ?? newName(key)
        recentNames[slot] = (key, name)
        return name
    }

    /// What an element name met for the first time is.
    private mutating func newName(_ key: InternedName) -> ElementName {
        let namespace = key.namespace.map { String(cString: $0) }
        let localName = String(cString: key.local)
        let kind: ElementName.Namespace = namespace.map {
            wordNamespaces.contains($0) ? .word : $0 == markupCompatibilityNamespace ? .markupCompatibility : .other
        } ?? .other
        let localNameID = localNameIDs[localName] ?? localNameIDs.count
        localNameIDs[localName] = localNameID
        let name = ElementName(namespace: kind, localName: localName, localNameID: localNameID,
                               role: kind == .word ? WordRole(localName: localName) : nil,
                               isSkipped: kind == .word && skippedWordElements.contains(localName))
        names[key] = name
        return name
    }

    private mutating func endElement(_ role: WordRole?) throws(ExtractionError) {
        switch role {
        case .paragraph: body.endParagraph()
        case .cell: body.endCell()
        case .row: try updateTables { body throws(TableGridError) in try body.endRow() }
        case .table: try updateTables { body throws(TableGridError) in try body.endTable() }
        case .drawing:
            if let placed = drawing, let pictures { body.insertPicture(pictures.blocks(of: placed)) }
            drawing = nil
        default: break
        }
    }

    /// What a drawing's parts say of its picture: its size (`wp:extent`, in EMU) and the
    /// relationship naming its part (`a:blip r:embed`).
    private mutating func notePicture(_ name: String) {
        switch name {
        case "extent":
            let size = ["cx", "cy"].map { unqualifiedAttribute($0, of: reader).flatMap(Double.init).map { $0 / emuPerPoint } }
            drawing?.width = size[0]
            drawing?.height = size[1]
        case "blip":
            let reader = reader
            drawing?.relationship = relationshipNamespaces.lazy.compactMap { namespace -> String? in
                guard let value = xmlTextReaderGetAttributeNs(reader, "embed", namespace) else { return nil }
                defer { gongkai_xml_free(value) }
                return String(cString: value)
            }.first
        default: break
        }
    }

    /// A change to the tables being built, its refusal named as an error of the file.
    private mutating func updateTables(_ change: (inout BodyBuilder) throws(TableGridError) -> Void) throws(ExtractionError) {
        do {
            try change(&body)
        } catch {
            throw ExtractionError(file: file, tableGridError: error)
        }
    }

    /// `w:val` as a count, clamped so a hostile value cannot overflow grid arithmetic.
    private func intValue() -> Int? {
        guard let raw = attribute("val"), let value = Int(raw) else { return nil }
        return min(max(value, 0), 10_000)
    }

    /// `w:vMerge`/`w:hMerge`: `restart` begins a merge; absent or `continue` continues one.
    private func mergeRole() -> MergeRole {
        attribute("val") == "restart" ? .restart : .continue
    }

    private func attribute(_ localName: String) -> String? {
        for namespace in wordNamespaces {
            if let value = xmlTextReaderGetAttributeNs(reader, localName, namespace) {
                defer { gongkai_xml_free(value) }
                return String(cString: value)
            }
        }
        return nil
    }
}

/// A name as libxml2 interns it in the reader's dictionary: equal names share pointers.
private struct InternedName: Hashable {
    var namespace: UnsafePointer<xmlChar>?
    var local: UnsafePointer<xmlChar>

    /// A slot of `count` (a power of two) told by the pointers' bits, below their alignment.
    func slot(among count: Int) -> Int {
        let bits = UInt(bitPattern: local) ^ (UInt(bitPattern: namespace) &* 31)
        return Int((bits >> 3) & UInt(count - 1))
    }
}

private struct ElementName {
    enum Namespace { case word, markupCompatibility, other }
    var namespace: Namespace
    var localName: String
    /// The same for every element of one local name.
    var localNameID: Int
    /// What a Word element is to the reader, nil for the many it passes over.
    var role: WordRole?
    /// A Word element whose subtree is skipped (see `skippedWordElements`).
    var isSkipped: Bool
}

/// The Word elements the reader acts on, told once per name instead of by comparing strings at
/// every element.
private enum WordRole {
    case paragraph, run, text, tab, lineBreak, noBreakHyphen
    case table, tableGrid, gridColumn, row, rowProperties, gridBefore, gridAfter
    case cell, cellProperties, gridSpan, verticalMerge, horizontalMerge
    /// `w:drawing`: a picture, read when the caller reads pictures.
    case drawing

    init?(localName: String) {
        switch localName {
        case "p": self = .paragraph
        case "r": self = .run
        case "t": self = .text
        case "tab", "ptab": self = .tab
        case "br", "cr": self = .lineBreak
        case "noBreakHyphen": self = .noBreakHyphen
        case "tbl": self = .table
        case "tblGrid": self = .tableGrid
        case "gridCol": self = .gridColumn
        case "tr": self = .row
        case "trPr": self = .rowProperties
        case "gridBefore": self = .gridBefore
        case "gridAfter": self = .gridAfter
        case "tc": self = .cell
        case "tcPr": self = .cellProperties
        case "gridSpan": self = .gridSpan
        case "vMerge": self = .verticalMerge
        case "hMerge": self = .horizontalMerge
        case "drawing": self = .drawing
        default: return nil
        }
    }
}

func readFromZip(_ context: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    guard let context, let buffer, length > 0 else { return -1 }
    let stream = Unmanaged<ZipEntryStream>.fromOpaque(context).takeUnretainedValue()
    return stream.read(into: buffer, capacity: Int(length))
}

private func recordXMLError(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
    guard let context, let error else { return }
    let failure = context.assumingMemoryBound(to: XMLReaderFailure.self)
    guard failure.pointee.message == nil else { return }
    let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
    failure.pointee.message = "line \(error.pointee.line): \(message)"
}
