import CTesseract
import DocumentModel
import Foundation
import PageRaster
import TableReconstruction

/// Bounds on a picture decoded from a file's bytes (a DOCX's `word/media`), so that no picture
/// takes the batch's memory: its header is read first and a picture past the budget is not
/// decoded at all.
public struct PictureLimits: Sendable {
    /// Most pixels a picture may have to be decoded (or, in a PDF, drawn: poppler decodes it whole,
    /// 4 bytes a pixel): an A4 page at 600 dpi has 35 million, an A3 one at 450 dpi 39 million; a
    /// 20,000-pixel square (400 million, 1.6 GB in colour) is refused from its header.
    public var maxPixels: Int
    /// The scale a picture is read at, pixels a point (300 dpi, as a scanned page is rendered:
    /// Tesseract reads an enlarged 200 dpi picture better than the picture as it is), within
    /// `maxReadPixels` and at most `maxEnlargement` times the picture's own pixels.
    public var readScale: Double
    public var maxReadPixels: Double
    public var maxEnlargement: Double

    public init(maxPixels: Int = 64_000_000, readScale: Double = 300.0 / 72, maxReadPixels: Double = 18_000_000, maxEnlargement: Double = 4) {
        self.maxPixels = maxPixels
        self.readScale = readScale
        self.maxReadPixels = maxReadPixels
        self.maxEnlargement = maxEnlargement
    }
}

/// What a picture of a DOCX held: its table and the text around it as blocks (no page: a DOCX has
/// none), or nothing when it holds no ruled table; and what could not be read, the picture named.
public struct PictureReading: Sendable, Hashable {
    public var blocks: [Block]
    public var notes: [String]
}

/// Fewest cells of a ruled grid, and fewest rows and columns, for a picture to be read as a table:
/// a chart's frame with its grid lines gives one column of boxes, a framed photo one box.
let minPictureCells = 6

extension PageRecognizer {
    /// A picture standing on page `number` in `frame` (points), rendered at `image.scale`: read as a
    /// scanned page is when a ruled grid stands in it, its runs and rulings placed in the page's
    /// points (the returned page is that fragment of the page); nil when it holds no table, which
    /// costs a straightening and a ruling search, no recognition.
    public func readPicture(_ image: GrayRaster, at frame: BoundingBox, page number: Int) -> RecognizedPage? {
        guard inkShare(image) <= limits.maxInk, holdsTable(deskew(image).image) else { return nil }
        let read = read(image, number: number)
        let runs = read.page.runs.map { run in
            var placed = run
            placed.box = BoundingBox(x0: run.box.x0 + frame.x0, y0: run.box.y0 + frame.y0, x1: run.box.x1 + frame.x0, y1: run.box.y1 + frame.y0)
            return placed
        }
        let rulings = read.page.rulings.map { ruling in
            let (along, across) = ruling.orientation == .horizontal ? (frame.x0, frame.y0) : (frame.y0, frame.x0)
            return Ruling(orientation: ruling.orientation, position: ruling.position + across, start: ruling.start + along, end: ruling.end + along)
        }
        let page = Page(number: number, width: frame.x1, height: frame.y1, runs: runs, lines: buildLines(from: runs), rulings: rulings)
        return RecognizedPage(page: page, skew: read.skew, notes: read.notes)
    }

    /// A picture of a DOCX as its file stores it (PNG, JPEG, TIFF, GIF, BMP), placed `width`
    /// points wide in the document (nil when the document does not say): decoded within the
    /// limits, enlarged to the read scale, and read as a table when it holds one. Notes name the
    /// picture by `name`.
    public func readPicture(encoded bytes: Data, name: String, width: Double?, limits: PictureLimits = PictureLimits()) -> PictureReading {
        let image: GrayRaster
        switch decodedPicture(bytes, width: width, limits: limits) {
        case .success(let decoded): image = decoded
        case .failure(let refusal): return PictureReading(blocks: [], notes: ["\(name): \(refusal.reason)"])
        }
        let whole = BoundingBox(x0: 0, y0: 0, x1: image.pointWidth, y1: image.pointHeight)
        guard let read = readPicture(image, at: whole, page: 1) else { return PictureReading(blocks: [], notes: []) }
        let reconstruction = reconstructBlocks(pages: [read.page])
        // The recognizer names the page it read; here that page is the picture.
        let notes = (read.notes + reconstruction.problems).map { $0.hasPrefix("page 1") ? name + $0.dropFirst("page 1".count) : $0 }
        return PictureReading(blocks: reconstruction.blocks.map(unplaced), notes: notes)
    }
}

/// A block of a picture read as a page, as a DOCX's block: a DOCX has no pages, so no cell
/// or paragraph of it names one.
func unplaced(_ block: Block) -> Block {
    switch block {
    case .paragraph(var paragraph):
        (paragraph.page, paragraph.box) = (nil, nil)
        return .paragraph(paragraph)
    case .table(let table):
        let cells = table.cells.map { cell in
            var cell = cell
            (cell.page, cell.box) = (nil, nil)
            return cell
        }
        // The same cells in the same grid: the table cannot be refused.
        return (try? Table(rowCount: table.rowCount, columnCount: table.columnCount, cells: cells, layout: table.layout)).map(Block.table) ?? block
    }
}

/// True when the rulings of a straightened picture close into a grid of at least a few rows and
/// columns of cells, as a table's do.
func holdsTable(_ image: GrayRaster) -> Bool {
    let cells = ruledCellBoxes(in: attached(bridged(findRulings(in: image, criteria: scanRulingCriteria))))
    let columns = Set(cells.map { Int($0.x0.rounded()) }), rows = Set(cells.map { Int($0.y0.rounded()) })
    return cells.count >= minPictureCells && columns.count >= 2 && rows.count >= 2
}

/// Why a picture's bytes gave no image to read.
struct PictureRefusal: Error, Hashable {
    var reason: String
}

/// Leptonica writes its complaints about a file it cannot read to stderr; the notes say it instead.
private let quietLeptonica: Void = {
    _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
}()

/// The picture in `bytes` in grey at the read scale: its header read first and a picture past the
/// pixel budget refused without decoding it; transparency laid on white paper (a transparent
/// pixel is black in its colour channels); enlarged or reduced from its size in the document
/// (`width` points; 96 dpi, Word's own, when not given).
func decodedPicture(_ bytes: Data, width: Double?, limits: PictureLimits) -> Result<GrayRaster, PictureRefusal> {
    _ = quietLeptonica
    var (format, pixelWidth, pixelHeight, bitsPerSample, samplesPerPixel, colormapped): (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
    let header = bytes.withUnsafeBytes { buffer in
        pixReadHeaderMem(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count,
                         &format, &pixelWidth, &pixelHeight, &bitsPerSample, &samplesPerPixel, &colormapped)
    }
    guard header == 0, pixelWidth > 0, pixelHeight > 0 else {
        return .failure(PictureRefusal(reason: "not a picture that can be read (PNG, JPEG, TIFF, GIF or BMP), not read"))
    }
    guard Int(pixelWidth) * Int(pixelHeight) <= limits.maxPixels else {
        return .failure(PictureRefusal(reason: "a picture of \(pixelWidth) × \(pixelHeight) pixels, past the budget of \(limits.maxPixels) pixels, not read"))
    }
    guard let decoded = bytes.withUnsafeBytes({ pixReadMem($0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count) }) else {
        return .failure(PictureRefusal(reason: "a picture that cannot be decoded (damaged), not read"))
    }
    defer { destroy(decoded) }
    let opaque = samplesPerPixel == 4 ? pixAlphaBlendUniform(decoded, 0xFFFF_FF00) : nil
    defer { opaque.map(destroy) }
    guard let grey = pixConvertTo8(opaque ?? decoded, 0) else {
        return .failure(PictureRefusal(reason: "a picture that cannot be turned grey, not read"))
    }
    defer { destroy(grey) }
    let points = width.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } ?? Double(pixelWidth) * 72 / 96
    let ownScale = Double(pixelWidth) / points
    let pixels = Double(pixelWidth) * Double(pixelHeight)
    let factor = min(limits.readScale / ownScale, (limits.maxReadPixels / pixels).squareRoot(), limits.maxEnlargement)
    guard abs(factor - 1) > 0.02 else {
        return grayRaster(grey, scale: ownScale).map(Result.success) ?? .failure(PictureRefusal(reason: "a picture that cannot be read in grey, not read"))
    }
    guard let scaled = pixScaleGeneral(grey, Float(factor), Float(factor), 0, 0) else {
        return .failure(PictureRefusal(reason: "a picture that cannot be scaled, not read"))
    }
    defer { destroy(scaled) }
    let scale = Double(pixGetWidth(scaled)) / points
    return grayRaster(scaled, scale: scale).map(Result.success) ?? .failure(PictureRefusal(reason: "a picture that cannot be read in grey, not read"))
}
