import CGlyphSwitch
import CPoppler
import DocumentModel
import Foundation

/// Bounds that keep one hostile page from taking the machine.
public struct PDFLimits: Sendable {
    public var maxPages: Int
    /// Most characters read from one page; a real report page holds a few thousand.
    public var maxCharactersPerPage: Int

    public init(maxPages: Int = 2_000, maxCharactersPerPage: Int = 200_000) {
        self.maxPages = maxPages
        self.maxCharactersPerPage = maxCharactersPerPage
    }

    public static let `default` = PDFLimits()
}

/// Reads a PDF through poppler-glib: every page upright, with its characters, their boxes and font sizes.
public enum PDFExtractor {
    public static func extract(path: String, limits: PDFLimits = .default) throws(ExtractionError) -> [Page] {
        let document = try open(path: path)
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let count = Int(poppler_document_get_n_pages(document))
        guard count > 0 else { throw ExtractionError(file: path, reason: .noPages) }
        guard count <= limits.maxPages else {
            throw ExtractionError(file: path, reason: .limitExceeded("\(count) pages (limit \(limits.maxPages))"))
        }
        var pages: [Page] = []
        pages.reserveCapacity(count)
        // One raster for the document: each page's band is drawn over the last one's storage.
        var raster = RenderedBand()
        for index in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                throw ExtractionError(file: path, reason: .damaged("page \(index + 1) cannot be read"))
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            let tableAbove = pages.last.map(tableRunsToFoot) ?? false
            pages.append(try readPage(page, number: index + 1, file: path, limits: limits, tableAbove: tableAbove, raster: &raster))
        }
        // A document with some scanned pages is still read; one with nothing but scans is not text.
        if pages.allSatisfy({ $0.runs.isEmpty }) {
            throw ExtractionError(file: path, reason: .noTextLayer(pages: pages.map(\.number)))
        }
        return pages
    }

    /// Opens with an empty password, which is how PDFs that are encrypted only against editing open.
    static func open(path: String) throws(ExtractionError) -> OpaquePointer {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ExtractionError(file: path, reason: .unreadable("no such file or no permission"))
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var error: UnsafeMutablePointer<GError>?
        // Fonts, CMaps and Unicode tables loaded for this document stay for the next one.
        PopplerGlobals.keep()
        guard let uri = g_filename_to_uri(absolute, nil, &error) else {
            defer { g_clear_error(&error) }
            throw ExtractionError(file: path, reason: .unreadable(message(of: error)))
        }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, "", &error) else {
            defer { g_clear_error(&error) }
            if let error, error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw ExtractionError(file: path, reason: .encrypted)
            }
            throw ExtractionError(file: path, reason: .damaged(message(of: error)))
        }
        return document
    }

    private static func readPage(_ page: OpaquePointer, number: Int, file: String, limits: PDFLimits, tableAbove: Bool,
                                 raster: inout RenderedBand) throws(ExtractionError) -> Page {
        var width = 0.0
        var height = 0.0
        // poppler reports the size, and lays out text, as the page is shown: /Rotate applied.
        poppler_page_get_size(page, &width, &height)
        let characters = try characters(of: page, number: number, file: file, limits: limits)
        let lines = buildLines(from: characters)
        // Rendering is most of the cost of a page, so only where tables can be: around text that
        // stands side by side, as table rows put it. A page of running text is not rendered at all,
        // unless a table ran to the foot of the page before: its rows may go on here with blanks
        // for values, and no text side by side.
        var rulings: [Ruling] = []
        var band = tableBand(lines, pageHeight: height) ?? (tableAbove && height > 0 ? 0...height : nil)
        while let current = band, raster.render(page, width: width, top: current.lowerBound, bottom: current.upperBound) {
            // Where the glyphs were left out, there is nothing to erase, and erasing would cut
            // table lines that a heading's or a cell's character box overlaps.
            if !gongkai_glyph_switch_active() { raster.erase(characters.map(\.box)) }
            rulings = findRulings(in: raster)
            let widened = widenedBand(current, rulings: rulings, pageHeight: height)
            band = widened == current ? nil : widened
        }
        return Page(number: number, width: width, height: height, runs: characters, lines: lines, rulings: rulings)
    }

    /// The vertical extent of the side-by-side text, widened by `margin` points for the table's
    /// own edges and rows of one spanning cell (第二十条第（五）项) above and below; nil without any.
    static func tableBand(_ lines: [TextLine], pageHeight: Double, margin: Double = 60) -> ClosedRange<Double>? {
        let rows = sideBySideLines(lines)
        guard let top = rows.map(\.box.y0).min(), let bottom = rows.map(\.box.y1).max() else { return nil }
        let lower = max(0, top - margin), upper = min(pageHeight, bottom + margin)
        // Text set off the page (or a page size that is no number) leaves no band to render.
        guard lower < upper else { return nil }
        return lower...upper
    }

    /// The band again, reaching to the page's edge on a side where a table's verticals run into
    /// the band's edge: the table goes on past it in rows with no text side by side (blanks for
    /// values), and a cut table would lose them.
    static func widenedBand(_ band: ClosedRange<Double>, rulings: [Ruling], pageHeight: Double, slack: Double = 1) -> ClosedRange<Double> {
        let verticals = rulings.filter { $0.orientation == .vertical }
        let top = band.lowerBound > 0 && verticals.contains { $0.start <= band.lowerBound + slack } ? 0 : band.lowerBound
        let bottom = band.upperBound < pageHeight && verticals.contains { $0.end >= band.upperBound - slack } ? pageHeight : band.upperBound
        return top...bottom
    }

    /// A table runs into the last fifth of the page, where a page break may cut it.
    static func tableRunsToFoot(_ page: Page) -> Bool {
        page.rulings.contains { $0.orientation == .vertical && $0.end >= 0.8 * page.height }
    }

    /// One run per visible character. Whitespace is dropped: CJK text has no spaces, and where
    /// Latin text has them, the gap between boxes says so (see `buildLines`).
    private static func characters(of page: OpaquePointer, number: Int, file: String, limits: PDFLimits) throws(ExtractionError) -> [TextRun] {
        guard let textPointer = poppler_page_get_text(page) else { return [] }
        defer { g_free(textPointer) }
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var rectangleCount: guint = 0
        guard poppler_page_get_text_layout(page, &rectangles, &rectangleCount) != 0, let rectangles else { return [] }
        defer { g_free(rectangles) }
        let scalars = Array(String(cString: textPointer).unicodeScalars)
        guard scalars.count <= limits.maxCharactersPerPage else {
            throw ExtractionError(file: file, reason: .limitExceeded("page \(number) has \(scalars.count) characters (limit \(limits.maxCharactersPerPage))"))
        }
        let sizes = fontSizes(of: page, characterCount: scalars.count)
        // The layout has one rectangle per character of the page text, in the same order.
        let count = min(scalars.count, Int(rectangleCount))
        var runs: [TextRun] = []
        runs.reserveCapacity(count)
        for index in 0..<count where !scalars[index].properties.isWhitespace {
            let rectangle = rectangles[index]
            let box = BoundingBox(x0: rectangle.x1, y0: rectangle.y1, x1: rectangle.x2, y1: rectangle.y2)
            runs.append(TextRun(text: String(Character(scalars[index])), box: box, fontSize: sizes[index] ?? box.height))
        }
        return runs
    }

    /// The font size of each character, from poppler's attribute ranges.
    private static func fontSizes(of page: OpaquePointer, characterCount: Int) -> [Double?] {
        var sizes = [Double?](repeating: nil, count: characterCount)
        guard let list = poppler_page_get_text_attributes(page) else { return sizes }
        defer { poppler_page_free_text_attributes(list) }
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            if let attributes = current.pointee.data?.assumingMemoryBound(to: PopplerTextAttributes.self).pointee {
                let lower = max(0, Int(attributes.start_index))
                let upper = min(characterCount - 1, Int(attributes.end_index))
                if lower <= upper {
                    for index in lower...upper { sizes[index] = attributes.font_size }
                }
            }
            node = current.pointee.next
        }
        return sizes
    }

    private static func message(of error: UnsafeMutablePointer<GError>?) -> String {
        guard let error, let text = error.pointee.message else { return "unknown error" }
        return String(cString: text)
    }
}
