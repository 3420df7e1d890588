import CLibXML2
import DocumentModel
import Foundation

/// Reads a DOCX's `word/document.xml` with libxml2's SAX parser into the document model.
///
/// Only the main body is read: headers, footers, footnotes and comments live in other parts, and
/// text boxes (`w:txbxContent`) are skipped, so none of them is mixed into the body.
public enum DocxExtractor {
    static let documentPart = "word/document.xml"

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
                let blocks = try WordprocessingReader.body(of: stream, file: file, limits: limits, pictures: bodyPictures)
                return Document(kind: .docx, pages: [], blocks: blocks, problems: bodyPictures?.problems ?? [])
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
private let wordNamespaces = [
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

/// Reads the body from the parser's events into the blocks.
private struct WordprocessingReader: XMLPartHandler {
    /// An element open in the body: what the innermost Word element open at it is, which text
    /// and the elements' roles are told by (elements of other namespaces read through).
    private struct OpenElement {
        /// The role of the innermost open Word element, this one or one around it.
        var role: WordRole?
        /// A Word element, whose end the builder is told of.
        var isWord: Bool
    }

    private let file: String
    private let limits: DocxLimits
    private(set) var body: BodyBuilder
    private let pictures: BodyPictures?
    /// The drawing being read, when pictures are.
    private var drawing: PlacedDrawing?
    /// Every element open and not passed over, innermost last.
    private var openElements: [OpenElement] = []
    /// What each element name is, by libxml2's interned name pointers.
    private var names = ElementNames()

    init(file: String, limits: DocxLimits, pictures: BodyPictures?) {
        self.file = file
        self.limits = limits
        self.pictures = pictures
        body = BodyBuilder(limits: TableGridLimits(maxGridPositions: limits.maxTableCells))
    }

    /// The body's blocks, from the parse of the part in `stream`.
    static func body(of stream: ZipEntryStream, file: String, limits: DocxLimits, pictures: BodyPictures?) throws(ExtractionError) -> [Block] {
        let reader = WordprocessingReader(file: file, limits: limits, pictures: pictures)
        var read = try parseXMLPart(stream, file: file, maxDepth: limits.maxXMLDepth, handler: reader)
        try read.updateTables { body throws(TableGridError) in try body.finish() }
        return read.body.blocks
    }

    mutating func startElement(_ tag: XMLStartTag) throws(ExtractionError) -> Bool {
        let element = names.name(of: tag)
        let parent = openElements.last?.role
        guard element.namespace == .word else {
            // mc:AlternateContent offers one content twice; read the Choice, skip the Fallback.
            if element.isFallback { return true }
            if drawing != nil { notePicture(element.drawingPart, tag) }
            openElements.append(OpenElement(role: parent, isWord: false))
            return false
        }
        if element.isSkipped { return true }

        switch element.role {
        case .paragraph: body.beginParagraph()
        case .tab: if parent == .run { body.appendText("\t") }
        case .lineBreak: if parent == .run { body.appendText("\n") }
        case .noBreakHyphen: body.appendText("\u{2011}")
        case .table: body.beginTable()
        case .gridColumn: if parent == .tableGrid { body.declareGridColumn() }
        case .row: try updateTables { body throws(TableGridError) in try body.beginRow() }
        case .gridBefore where parent == .rowProperties: body.setRowGrid(before: intValue(tag))
        case .gridAfter where parent == .rowProperties: body.setRowGrid(after: intValue(tag))
        case .cell: body.beginCell()
        case .drawing:
            guard pictures != nil else { return true }
            drawing = PlacedDrawing()
        case .gridSpan where parent == .cellProperties: body.setCellMerge(gridSpan: intValue(tag))
        case .verticalMerge where parent == .cellProperties: body.setCellMerge(vertical: mergeRole(tag))
        case .horizontalMerge where parent == .cellProperties: body.setCellMerge(horizontal: mergeRole(tag))
        default: break
        }
        openElements.append(OpenElement(role: element.role, isWord: true))
        return false
    }

    mutating func endElement() throws(ExtractionError) {
        guard let element = openElements.popLast(), element.isWord else { return }
        switch element.role {
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

    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) throws(ExtractionError) {
        guard openElements.last?.role == .text else { return }
        body.appendText(text)
        if body.textBytes > limits.maxTextBytes {
            throw ExtractionError(file: file, reason: .limitExceeded("more than \(limits.maxTextBytes) bytes of text"))
        }
    }

    /// What a drawing's parts say of its picture: its size (`wp:extent`, in EMU) and the
    /// relationship naming its part (`a:blip r:embed`).
    private mutating func notePicture(_ part: DrawingPart?, _ tag: XMLStartTag) {
        switch part {
        case .extent:
            let size = ["cx", "cy"].map { tag.attribute($0).flatMap(Double.init).map { $0 / emuPerPoint } }
            drawing?.width = size[0]
            drawing?.height = size[1]
        case .blip:
            drawing?.relationship = tag.attribute("embed", namespaces: relationshipNamespaces)
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
    private func intValue(_ tag: XMLStartTag) -> Int? {
        guard let raw = tag.attribute("val", namespaces: wordNamespaces), let value = Int(raw) else { return nil }
        return min(max(value, 0), 10_000)
    }

    /// `w:vMerge`/`w:hMerge`: `restart` begins a merge; absent or `continue` continues one.
    private func mergeRole(_ tag: XMLStartTag) -> MergeRole {
        tag.attribute("val", namespaces: wordNamespaces) == "restart" ? .restart : .continue
    }
}

/// What each element name is, by libxml2's interned name pointers (equal names share them): a
/// document repeats a few dozen names millions of times, and turning each into a Swift String and
/// resolving its prefix would cost more than the parsing itself. An open-addressed table of the
/// names as written with the namespace scope's generation they were resolved in (a name means
/// what the bindings of its scope make it), probed without hashing strings or Hasher. A hostile
/// part of millions of distinct names would grow it without end: past `maxHeld` a new name is
/// worked out each time.
private struct ElementNames {
    private struct Slot {
        var written: UnsafePointer<xmlChar>?
        var generation: Int
        var name: ElementName
    }

    private static var empty: Slot { Slot(written: nil, generation: 0, name: ElementName(namespace: .other, role: nil)) }
    /// A power of two, at least twice the names held, so probes end soon at an empty slot.
    private var slots = [Slot](repeating: empty, count: 256)
    private var count = 0
    /// A report uses a few hundred names at most.
    static let maxHeld = 4_096

    mutating func name(of tag: XMLStartTag) -> ElementName {
        let written = tag.qualifiedName, generation = tag.scope.pointee.generation
        let index = slot(written, generation)
        if slots[index].written != nil { return slots[index].name }
        let resolved = tag.name
        let name = ElementName(namespace: resolved.namespace, local: resolved.local)
        guard count < Self.maxHeld else { return name }
        slots[index] = Slot(written: written, generation: generation, name: name)
        count += 1
        if 2 * count > slots.count { grow() }
        return name
    }

    /// The slot holding the name, or the empty one where it goes.
    private func slot(_ written: UnsafePointer<xmlChar>, _ generation: Int) -> Int {
        let mask = slots.count - 1
        // The pointer's bits and the generation mixed by a multiply, whose high bits are the best mixed.
        var index = Int(truncatingIfNeeded: ((UInt(bitPattern: written) &+ UInt(bitPattern: generation) &* 31) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while let held = slots[index].written, held != written || slots[index].generation != generation {
            index = (index + 1) & mask
        }
        return index
    }

    private mutating func grow() {
        let held = slots.filter { $0.written != nil }
        slots = [Slot](repeating: Self.empty, count: 2 * slots.count)
        for slot in held {
            if let written = slot.written { slots[self.slot(written, slot.generation)] = slot }
        }
    }
}

private struct ElementName {
    enum Namespace { case word, markupCompatibility, other }
    var namespace: Namespace
    /// What a Word element is to the reader, nil for the many it passes over.
    var role: WordRole?
    /// A Word element whose subtree is skipped (see `skippedWordElements`).
    var isSkipped = false
    /// `mc:Fallback`, skipped: its `mc:Choice` is read.
    var isFallback = false
    /// What an element of another namespace says of a drawing's picture.
    var drawingPart: DrawingPart?

    init(namespace: Namespace, role: WordRole?) {
        self.namespace = namespace
        self.role = role
    }

    /// What an element name met for the first time is.
    init(namespace namespacePointer: UnsafePointer<xmlChar>?, local: UnsafePointer<xmlChar>) {
        let localName = String(cString: local)
        namespace = namespacePointer.map { String(cString: $0) }.map {
            wordNamespaces.contains($0) ? .word : $0 == markupCompatibilityNamespace ? .markupCompatibility : .other
        } ?? .other
        switch namespace {
        case .word:
            role = WordRole(localName: localName)
            isSkipped = skippedWordElements.contains(localName)
        case .markupCompatibility:
            isFallback = localName == "Fallback"
        case .other:
            drawingPart = DrawingPart(rawValue: localName)
        }
    }
}

/// The parts of a drawing (`w:drawing`) that say what its picture is.
private enum DrawingPart: String {
    /// `wp:extent`: its size.
    case extent
    /// `a:blip`: the relationship naming the picture's part.
    case blip
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
