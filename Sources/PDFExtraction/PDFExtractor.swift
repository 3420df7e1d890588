import CGlyphSwitch
import CPoppler
import DocumentModel
import Foundation
import PageRaster

/// Bounds that keep one hostile page from taking the machine.
public struct PDFLimits: Sendable {
    public var maxPages: Int
    /// Most characters read from one page; a real report page holds a few thousand.
    public var maxCharactersPerPage: Int
    /// Most characters read from the whole document: a long report holds a few hundred thousand,
    /// and 1,999 pages drawing one shared 50,000-character stream grew past 6 GB.
    public var maxCharacters: Int
    /// Longest side of a page, in points. The PDF standard's own limit (ISO 32000, annex C) is
    /// 14,400 points, 200 inches; a page past it is no page a reader can show, and its size would
    /// drive the rendering and the column search (which work in points) to absurd sizes.
    public var maxPageSide: Double

    /// A page without a usable text layer is rendered for OCR at `scanScale` pixels a point (300
    /// dpi, what Tesseract reads best at and what scanners give or less), within `maxScanPixels`:
    /// a page bigger than A3 is rendered at a lower resolution rather than at any size the file asks.
    public var scanScale: Double
    public var maxScanPixels: Double
    /// Pictures on one page with text read for tables (each is rendered and searched for rulings):
    /// a page of a report has one or two; a page tiled with thousands of images is no table.
    public var maxTablePictures: Int
    /// Characters of the file's own text a picture may have over it and still be read for a
    /// table: a caption's edge, not a text layer.
    public var maxTextOverPicture: Int
    /// Largest image, in pixels, a file may declare and still have its pages drawn whole with
    /// their text (see `readPage`): poppler decodes an image whole to draw it at any size, four
    /// bytes a pixel. The OCR stage's picture budget, so that a file it would read is drawn alike.
    public var maxDrawnImagePixels: Int

    public init(maxPages: Int = 2_000, maxCharactersPerPage: Int = 200_000, maxCharacters: Int = 2_000_000, maxPageSide: Double = 14_400,
                scanScale: Double = 300.0 / 72, maxScanPixels: Double = 18_000_000, maxTablePictures: Int = 8, maxTextOverPicture: Int = 3,
                maxDrawnImagePixels: Int = 64_000_000) {
        self.maxPages = maxPages
        self.maxCharactersPerPage = maxCharactersPerPage
        self.maxCharacters = maxCharacters
        self.maxPageSide = maxPageSide
        self.scanScale = scanScale
        self.maxScanPixels = maxScanPixels
        self.maxTablePictures = maxTablePictures
        self.maxTextOverPicture = maxTextOverPicture
        self.maxDrawnImagePixels = maxDrawnImagePixels
    }

    public static let `default` = PDFLimits()
}

/// Reads a PDF through poppler-glib: every page upright, with its characters, their boxes and font sizes.
public enum PDFExtractor {
    /// Reads a page without a usable text layer from its pixels (the OCR stage): given the page's
    /// number and its rendering in grey, the page as read, or nil to leave it without text.
    public typealias ScannedPageReader = (_ number: Int, _ image: GrayRaster) -> Page?
    /// Reads a picture standing on a page with text, where a table may have been pasted as an
    /// image (`tablePictures`): given the page's number, the picture's place (points) and its
    /// rendering in grey, the runs and rulings read in it in the page's points, or nil when it
    /// holds no table.
    public typealias PictureReader = (_ number: Int, _ frame: BoundingBox, _ image: GrayRaster) -> Page?

    /// Reads a PDF file, as `extract(bytes:)` does once its bytes are read: the images it declares
    /// are looked at in them.
    public static func extract(path: String, limits: PDFLimits = .default, scannedPages: ScannedPageReader? = nil,
                               pictures: PictureReader? = nil) throws(ExtractionError) -> [Page] {
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw ExtractionError(file: path, reason: .unreadable("no such file or no permission"))
        }
        return try extract(bytes: bytes, file: path, limits: limits, scannedPages: scannedPages, pictures: pictures)
    }

    /// Reads a PDF already in memory (as the batch holds it, to hash and parse the same bytes);
    /// `file` names it in errors.
    /// `everyPageScanned`: every page is read by `scannedPages` as a scan would be, its text
    /// layer kept only where that reads nothing (a text layer that cannot be trusted).
    public static func extract(bytes: Data, file: String, limits: PDFLimits = .default, scannedPages: ScannedPageReader? = nil,
                               pictures: PictureReader? = nil, everyPageScanned: Bool = false) throws(ExtractionError) -> [Page] {
        try extract(bytes: bytes, file: file, limits: limits, scannedPages: scannedPages, pictures: pictures,
                    wholePages: drawsPagesWhole(bytes, limits: limits), everyPageScanned: everyPageScanned)
    }

    /// Whether the file's pages may be drawn whole (`readPage`): no image it declares is past the
    /// budget, since drawing a page decodes each of its images whole.
    static func drawsPagesWhole(_ bytes: Data, limits: PDFLimits) -> Bool {
        largestDeclaredImage(in: bytes).map { pixelCount($0) <= limits.maxDrawnImagePixels } ?? true
    }

    /// `wholePages`: whether a page may be drawn whole with its text (`readPage`); false draws
    /// only where tables are, after the text is read on its own.
    static func extract(bytes: Data, file: String, limits: PDFLimits, scannedPages: ScannedPageReader?,
                        pictures: PictureReader?, wholePages: Bool, everyPageScanned: Bool = false) throws(ExtractionError) -> [Page] {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ExtractionError) -> [Page] in
                // Not copied: poppler holds the GBytes only as long as the document, freed in here.
                let data = g_bytes_new_static(buffer.baseAddress, gsize(buffer.count))
                defer { g_bytes_unref(data) }
                var error: UnsafeMutablePointer<GError>?
                PopplerGlobals.keep()
                // No password: poppler tries the empty one, which opens PDFs encrypted only against
                // editing. Given one, poppler-glib 22.12 tries it again on a copy of the stream
                // when it fails, and crashes there (signal 11 on any PDF needing a user password).
                let document = try opened(poppler_document_new_from_bytes(data, nil, &error), error: &error, file: file)
                defer { g_object_unref(UnsafeMutableRawPointer(document)) }
                return try pages(of: document, file: file, limits: limits, scannedPages: scannedPages, pictures: pictures,
                                 wholePages: wholePages, everyPageScanned: everyPageScanned)
            }
        }
        return try result.get()
    }

    private static func pages(of document: OpaquePointer, file: String, limits: PDFLimits, scannedPages: ScannedPageReader?,
                              pictures: PictureReader?, wholePages: Bool, everyPageScanned: Bool) throws(ExtractionError) -> [Page] {
        let count = Int(poppler_document_get_n_pages(document))
        guard count > 0 else { throw ExtractionError(file: file, reason: .noPages) }
        guard count <= limits.maxPages else {
            throw ExtractionError(file: file, reason: .limitExceeded("\(count) pages (limit \(limits.maxPages))"))
        }
        var pages: [Page] = []
        pages.reserveCapacity(count)
        // One raster for the document: each page's band is drawn over the last one's storage.
        var raster = RenderedBand()
        var characterCount = 0
        for index in 0..<count {
            guard let page = poppler_document_get_page(document, Int32(index)) else {
                throw ExtractionError(file: file, reason: .damaged("page \(index + 1) cannot be read"))
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            let tableAbove = pages.last.map(tableRunsToFoot) ?? false
            var read = try readPage(page, number: index + 1, file: file, limits: limits, tableAbove: tableAbove, whole: wholePages,
                                    raster: &raster)
            if everyPageScanned || read.runs.isEmpty || read.isUnreadable {
                if let scannedPages, let image = grayImage(of: page, region: BoundingBox(x0: 0, y0: 0, x1: read.width, y1: read.height), limits: limits),
                   let recognized = scannedPages(read.number, image) {
                    read = recognized
                }
            } else if let pictures {
                read = withPictures(read, of: page, limits: limits, reader: pictures)
            }
            pages.append(read)
            characterCount += pages[index].runs.count
            guard characterCount <= limits.maxCharacters else {
                throw ExtractionError(file: file, reason: .limitExceeded("more than \(limits.maxCharacters) characters by page \(index + 1)"))
            }
        }
        // A document with some scanned pages is still read; one with nothing but scans no OCR read is not text.
        if pages.allSatisfy({ $0.runs.isEmpty }) {
            throw ExtractionError(file: file, reason: .noTextLayer(pages: pages.map(\.number)))
        }
        return pages
    }

    /// The page with what the pictures on it that hold a table give: their runs added, and the
    /// rulings the band search found in them (a picture's lines drawn at a pixel a point) replaced
    /// by those read at the scan scale.
    static func withPictures(_ read: Page, of page: OpaquePointer, limits: PDFLimits, reader: PictureReader) -> Page {
        var read = read
        var changed = false
        for frame in tablePictures(of: page, on: read, limits: limits) {
            guard let image = grayImage(of: page, region: frame, limits: limits), let found = reader(read.number, frame, image) else { continue }
            read.runs += found.runs
            read.rulings = read.rulings.filter { !contains(frame, $0) } + found.rulings
            changed = true
        }
        if changed { read.lines = buildLines(from: read.runs) }
        return read
    }

    /// The places of the pictures on a page with text that may be a table pasted as an image: large
    /// enough (`PictureGeometry`) and with no text of the file over them (a scan with its text
    /// layer is read by that layer; a letterhead or a watermark under the text is no table), at
    /// most `limits.maxTablePictures` of them, largest first.
    static func tablePictures(of page: OpaquePointer, on read: Page, limits: PDFLimits) -> [BoundingBox] {
        guard let mapping = poppler_page_get_image_mapping(page) else { return [] }
        defer { poppler_page_free_image_mapping(mapping) }
        let whole = BoundingBox(x0: 0, y0: 0, x1: read.width, y1: read.height)
        var frames: [BoundingBox] = []
        var node: UnsafeMutablePointer<GList>? = mapping
        while let current = node {
            node = current.pointee.next
            guard let area = current.pointee.data?.assumingMemoryBound(to: PopplerImageMapping.self).pointee.area,
                  area.x1.isFinite, area.x2.isFinite, area.y1.isFinite, area.y2.isFinite else { continue }
            let frame = PageImage.clip(BoundingBox(x0: area.x1, y0: area.y1, x1: area.x2, y1: area.y2), to: whole)
            guard PictureGeometry.mayHoldTable(width: frame.width, height: frame.height), !frames.contains(frame) else { continue }
            let textOver = read.runs.lazy.filter { frame.contains(x: $0.box.midX, y: $0.box.midY) }.prefix(limits.maxTextOverPicture + 1).count
            if textOver <= limits.maxTextOverPicture { frames.append(frame) }
        }
        return Array(frames.sorted { $0.width * $0.height > $1.width * $1.height }.prefix(limits.maxTablePictures))
    }

    /// A ruling lies within the box, with a point of slack for a line on its edge.
    static func contains(_ box: BoundingBox, _ ruling: Ruling, slack: Double = 1) -> Bool {
        let (across, along) = ruling.orientation == .horizontal ? ((box.y0, box.y1), (box.x0, box.x1)) : ((box.x0, box.x1), (box.y0, box.y1))
        return ruling.position >= across.0 - slack && ruling.position <= across.1 + slack
            && ruling.start >= along.0 - slack && ruling.end <= along.1 + slack
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
        return try opened(poppler_document_new_from_file(uri, "", &error), error: &error, file: path)
    }

    /// The document poppler opened, or the reason it could not.
    private static func opened(_ document: OpaquePointer?, error: inout UnsafeMutablePointer<GError>?, file: String) throws(ExtractionError) -> OpaquePointer {
        guard let document else {
            defer { g_clear_error(&error) }
            if let error, error.pointee.domain == poppler_error_quark(), error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
                throw ExtractionError(file: file, reason: .encrypted)
            }
            throw ExtractionError(file: file, reason: .damaged(message(of: error)))
        }
        return document
    }

    private static func readPage(_ page: OpaquePointer, number: Int, file: String, limits: PDFLimits, tableAbove: Bool,
                                 whole: Bool, raster: inout RenderedBand) throws(ExtractionError) -> Page {
        var width = 0.0
        var height = 0.0
        // poppler reports the size, and lays out text, as the page is shown: /Rotate applied.
        poppler_page_get_size(page, &width, &height)
        guard width.isFinite, height.isFinite, max(width, height) <= limits.maxPageSide else {
            throw ExtractionError(file: file, reason: .limitExceeded(
                "page \(number) is \(String(format: "%g × %g", width, height)) points; a PDF page is at most \(String(format: "%g", limits.maxPageSide)) points a side"))
        }
        let frame = PageFrame(width: width, height: height)
        // poppler parses a page's content stream once to read its text and again for each drawing.
        // Drawn before its text is read, a page gives both from one parse: poppler-glib keeps the
        // text it met while drawing as the page's text (on the sweep's PDFs a fifth of the CPU;
        // the page at a pixel a point, glyphs left out, is cheap beside the parse). Not where the
        // drawing would add text the contents do not hold (an annotation's appearance), nor where
        // the whole page would need a smaller scale than a band (`RenderedBand.fitsWhole`).
        var drawn: ClosedRange<Double>? = nil
        if whole, RenderedBand.fitsWhole(width: width, height: height), drawsOnlyContentText(page),
           raster.render(page, width: width, top: 0, bottom: height) {
            drawn = 0...height
        }
        let characters = try characters(of: page, number: number, file: file, limits: limits, frame: frame)
        let lines = buildLines(from: characters)
        // Drawn glyphs are erased whole. Where they were left out, only what stands inside the
        // text is: paths a producer drew over its glyphs (cairo's PDF output strokes a bold
        // glyph's outline as lines, which read as rulings and, beside a table's edge, thicken it
        // past a line), clear of the boxes' sides, where a table line a character touches runs.
        let inset = gongkai_glyph_switch_active() ? 0.1 : 0
        // A box past an inch is no character of a report (a glyph in a 1e30-point font covers
        // the page): erased, it would take the table's lines with it. Gathered only for a page
        // that has a band to search.
        lazy var glyphBoxes = characters.map(\.box).filter { $0.width <= 72 && $0.height <= 72 }
        // Rulings are looked for only where tables can be: around text that stands side by side,
        // as table rows put it. A page of running text is searched nowhere (and, where it is not
        // drawn whole, not rendered at all), unless a table ran to the foot of the page before:
        // its rows may go on here with blanks for values, and no text side by side.
        var rulings: [Ruling] = []
        var band = tableBand(lines, pageHeight: height) ?? (tableAbove && height > 0 ? 0...height : nil)
        if drawn != nil, band != nil { raster.erase(glyphBoxes, inset: inset) }
        while let current = band {
            if !(drawn.map { $0.lowerBound <= current.lowerBound && current.upperBound <= $0.upperBound } ?? false) {
                guard raster.render(page, width: width, top: current.lowerBound, bottom: current.upperBound) else { break }
                raster.erase(glyphBoxes, inset: inset)
                drawn = current
            }
            rulings = findRulings(in: raster, rows: current)
            let widened = widenedBand(current, rulings: rulings, pageHeight: height)
            band = widened == current ? nil : widened
        }
        return Page(number: number, width: width, height: height, runs: characters, lines: lines, rulings: rulings)
    }

    /// Whether the text poppler meets drawing the page is the text of its contents: no annotation
    /// but links, whose drawing holds no text (a form field's or a stamp's appearance would add
    /// its own to the text the page is read for).
    static func drawsOnlyContentText(_ page: OpaquePointer) -> Bool {
        guard let mapping = poppler_page_get_annot_mapping(page) else { return true }
        defer { poppler_page_free_annot_mapping(mapping) }
        var node: UnsafeMutablePointer<GList>? = mapping
        while let current = node {
            node = current.pointee.next
            guard let annotation = current.pointee.data?.assumingMemoryBound(to: PopplerAnnotMapping.self).pointee.annot,
                  poppler_annot_get_annot_type(annotation) == POPPLER_ANNOT_LINK else { return false }
        }
        return true
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
    private static func characters(of page: OpaquePointer, number: Int, file: String, limits: PDFLimits,
                                   frame: PageFrame) throws(ExtractionError) -> [TextRun] {
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
        for index in 0..<count where !isWhitespace(scalars[index]) {
            let rectangle = rectangles[index]
            guard let box = frame.placed(BoundingBox(x0: rectangle.x1, y0: rectangle.y1, x1: rectangle.x2, y1: rectangle.y2)) else { continue }
            runs.append(TextRun(text: String(Character(scalars[index])), box: box, fontSize: frame.typeSize(sizes[index], box: box)))
        }
        return runs
    }

    /// Unicode's White_Space, ASCII told without the property tables (a page is mostly CJK and
    /// ASCII: the look-up per character was a percent of reading a PDF).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return scalar.properties.isWhitespace
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

    /// Where a page's characters may stand. Matrices and font sizes in a file can put a character
    /// anywhere, or nowhere (an infinite or NaN box); what the reader cannot see must not reach the
    /// column search and the rendering as coordinates of 1e30 points.
    private struct PageFrame {
        var width: Double
        var height: Double

        /// The box clamped to the page with a page's width or height of room on each side, which
        /// leaves every character of a real page where it is (text standing a little off a page's
        /// edge included); nil for a box that is no place at all.
        func placed(_ box: BoundingBox) -> BoundingBox? {
            guard box.x0.isFinite, box.x1.isFinite, box.y0.isFinite, box.y1.isFinite else { return nil }
            func clamp(_ value: Double, _ side: Double) -> Double { min(max(value, -side), 2 * side) }
            return BoundingBox(x0: clamp(box.x0, width), y0: clamp(box.y0, height), x1: clamp(box.x1, width), y1: clamp(box.y1, height))
        }

        /// The font size poppler reports, unless it is none a page of this size can show (a 1e30 pt
        /// font), when the box's height stands for it, as it does where poppler reports none.
        func typeSize(_ reported: Double?, box: BoundingBox) -> Double {
            guard let reported, reported.isFinite, reported >= 0, reported <= 3 * max(width, height) else { return box.height }
            return reported
        }
    }

    private static func message(of error: UnsafeMutablePointer<GError>?) -> String {
        guard let error, let text = error.pointee.message else { return "unknown error" }
        return String(cString: text)
    }
}
