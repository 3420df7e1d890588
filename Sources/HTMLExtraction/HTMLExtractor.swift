import CLibXML2
import DocumentModel
import Foundation

/// Bounds that keep a hostile page from taking the machine.
public struct HTMLLimits: Sendable {
    /// Largest page parsed (after a web archive is decoded). Report pages are under a megabyte;
    /// libxml2's tree takes a few times the page.
    public var maxPageBytes: Int
    /// Most characters of text kept from the article.
    public var maxTextBytes: Int
    /// Most grid positions in all the page's tables together, as `DocxLimits.maxTableCells`.
    public var maxTableCells: Int

    public init(maxPageBytes: Int = 64 << 20, maxTextBytes: Int = 64 << 20, maxTableCells: Int = 2_000_000) {
        self.maxPageBytes = maxPageBytes
        self.maxTextBytes = maxTextBytes
        self.maxTableCells = maxTableCells
    }

    public static let `default` = HTMLLimits()
}

/// Reads a web page (`.html`, `.htm`) or a web archive of one (`.mht`, `.mhtml`) into the document
/// model: the report's paragraphs and its tables as merged-cell matrices, as a DOCX gives them.
///
/// libxml2's HTML parser reads the page: it repairs broken markup as browsers do, never loads
/// anything (no network, no external entities, no DTD) and runs no script. See `ArticleSurvey`
/// for how the report is told from the site around it.
public enum HTMLExtractor {
    /// Reads a page or web archive in memory (`SourceReader` reads files); `file` names it in errors.
    public static func extract(bytes: Data, file: String, limits: HTMLLimits = .default) throws(ExtractionError) -> Document {
        var page = [UInt8](bytes)
        var archiveCharset: String?
        if FileSignature(leadingBytes: Array(page.prefix(FileSignature.prefixLength))) == .webArchive {
            switch WebArchivePage.read(page) {
            case .success(let archived): (page, archiveCharset) = (archived.html, archived.charset)
            case .failure(let error): throw ExtractionError(file: file, reason: .damaged(error.reason))
            }
        }
        guard !page.isEmpty else { throw ExtractionError(file: file, reason: .damaged("the page is empty")) }
        guard page.count <= limits.maxPageBytes else {
            throw ExtractionError(file: file, reason: .limitExceeded("a page of \(page.count) bytes (limit \(limits.maxPageBytes))"))
        }
        // Decoded here rather than by libxml2, which would stop at the first byte its decoder refuses.
        let utf8 = PageEncoding.utf8Page(page, declared: archiveCharset)
        // NONET: nothing from the network; IGNORE_ENC: the page is UTF-8 now, whatever its
        // <meta> says; errors and warnings not printed (messy pages have hundreds). The HTML
        // parser never loads a DTD or external entities, and substitutes only HTML's own.
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let parsed = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
                }
            }
        }
        guard let document = parsed else {
            throw ExtractionError(file: file, reason: .damaged("the page cannot be parsed as HTML"))
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            return Document(kind: .html, pages: [], blocks: [])
        }
        var tags = TagNames()
        let body = bodyElement(of: root) ?? root
        let survey = ArticleSurvey(body: body, tags: &tags)
        var blocks = PageBlocks(file: file, limits: limits, layoutTables: survey.layoutTables)
        try blocks.read(survey.article, tags: &tags)
        return Document(kind: .html, pages: [], blocks: blocks.blocks)
    }

    /// `<body>`, a child of `<html>` as the parser builds the tree.
    private static func bodyElement(of root: PageNode) -> PageNode? {
        var child = root.pointee.children
        while let node = child {
            if node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name, String(cString: name).lowercased() == "body" {
                return node
            }
            child = node.pointee.next
        }
        return nil
    }
}
