/// A paragraph of running text, in reading order.
public struct Paragraph: Sendable, Hashable {
    public var text: String
    /// The page it starts on and where, for PDF sources.
    public var page: Int?
    public var box: BoundingBox?

    public init(text: String, page: Int? = nil, box: BoundingBox? = nil) {
        self.text = text
        self.page = page
        self.box = box
    }
}

/// What a document is made of, in reading order.
public enum Block: Sendable, Hashable {
    case paragraph(Paragraph)
    case table(Table)
}

public enum SourceKind: String, Sendable, Hashable, Codable {
    case pdf
    case docx
    /// A web page (`.html`, `.htm`) or a single-file web archive of one (`.mht`, `.mhtml`).
    case html
}

/// What of a document was read from pixels by OCR, as the record's `source.ocr_pages` says it.
public enum RecognizedParts: Sendable, Hashable {
    /// PDF pages (1-based) read wholly or partly by OCR.
    case pages([Int])
    /// Pictures in a DOCX that stand where a table would.
    case images
}

/// Everything an extractor found in one file.
public struct Document: Sendable, Hashable {
    public var kind: SourceKind
    /// The pages with their geometry; a DOCX or a web page has no fixed pages and leaves this empty.
    public var pages: [Page]
    public var blocks: [Block]
    /// The legacy format the file was in when LibreOffice converted it before reading (for example
    /// "Word 97-2003 (.doc)"); nil when the file was read as it is. A converted file's layout is
    /// LibreOffice's rendering of it, which a record should say.
    public var convertedFrom: String?
    /// What was read by OCR; nil when everything came from the file's own text.
    public var recognized: RecognizedParts?
    /// What the extraction could not make sense of and read otherwise or left unread (a table whose
    /// cells did not fit one grid, read as paragraphs; a page past its OCR time), one sentence
    /// each, for the batch log and `extract` to show.
    public var problems: [String]

    public init(kind: SourceKind, pages: [Page], blocks: [Block], convertedFrom: String? = nil, recognized: RecognizedParts? = nil,
                problems: [String] = []) {
        self.kind = kind
        self.pages = pages
        self.blocks = blocks
        self.convertedFrom = convertedFrom
        self.recognized = recognized
        self.problems = problems
    }

    public var paragraphs: [Paragraph] {
        blocks.compactMap { if case .paragraph(let paragraph) = $0 { paragraph } else { nil } }
    }

    public var tables: [Table] {
        blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }
    }
}
