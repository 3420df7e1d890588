import DocumentModel
import PageRaster
import TableReconstruction

/// Bounds on the work one page may cost, so that no scan (a 20,000-pixel square, a page of noise)
/// takes the batch's time or memory.
public struct OCRLimits: Sendable {
    /// Most cells read on one page: a report's largest table has a few hundred.
    public var maxCells: Int
    /// Seconds a page may take in all; what is left unread after it is named in a note.
    public var pageSeconds: Double
    /// Milliseconds Tesseract may spend on one cell, and on the text outside the tables.
    public var cellMilliseconds: Int
    public var textMilliseconds: Int
    /// Share of dark pixels past which a page is no document (all black, or noise) and is not read.
    public var maxInk: Double

    public init(maxCells: Int = 1_500, pageSeconds: Double = 60, cellMilliseconds: Int = 2_000, textMilliseconds: Int = 30_000,
                maxInk: Double = 0.35) {
        self.maxCells = maxCells
        self.pageSeconds = pageSeconds
        self.cellMilliseconds = cellMilliseconds
        self.textMilliseconds = textMilliseconds
        self.maxInk = maxInk
    }
}

/// A page as OCR read it, with what the reader could not do.
public struct RecognizedPage: Sendable, Hashable {
    public var page: Page
    /// The angle the scan was turned by to read it, degrees.
    public var skew: Double
    /// What was left unread and why, one line each, the page named.
    public var notes: [String]
}

/// Reads scanned pages into the document model: a page is straightened, its rulings found as in a
/// PDF's rendering, each cell of each ruled grid read on its own (figures with figures only), and
/// the text around the tables read as lines. The result is the `Page` a PDF with a text layer
/// gives, every run carrying Tesseract's confidence. One reader holds one Tesseract handle: make
/// one per extraction, never share it between tasks.
public final class PageRecognizer {
    private let chinese: TesseractEngine
    /// A second opinion on figures (Tesseract's English model, trained on other digits than the
    /// Chinese one): a figure both read alike is trusted, one they differ on is not. Nil when
    /// tesseract-ocr-eng is not installed; figures are then never trusted past Tesseract's own word.
    private let latin: TesseractEngine?
    let limits: OCRLimits

    /// Nil when Tesseract or its Chinese data (tesseract-ocr-chi-sim) is not installed.
    public init?(limits: OCRLimits = OCRLimits()) {
        guard let chinese = TesseractEngine(language: "chi_sim") else { return nil }
        self.chinese = chinese
        self.latin = TesseractEngine(language: "eng")
        self.limits = limits
    }

    public func read(_ scan: GrayRaster, number: Int) -> RecognizedPage {
        let clock = ContinuousClock()
        let started = clock.now
        let empty = Page(number: number, width: scan.pointWidth, height: scan.pointHeight, runs: [], lines: [], rulings: [])
        let ink = inkShare(scan)
        guard ink <= limits.maxInk else {
            return RecognizedPage(page: empty, skew: 0, notes: [
                "page \(number): \(Int((ink * 100).rounded())) % of the scan is dark (a black page or noise), not read"])
        }
        let straight = deskew(scan)
        let image = straight.image
        let rulings = attached(bridged(findRulings(in: image, criteria: scanRulingCriteria)))
        var cells = ruledCellBoxes(in: rulings)
        var notes: [String] = []
        if cells.count > limits.maxCells {
            notes.append("page \(number): \(cells.count) table cells, only the first \(limits.maxCells) read")
            cells = Array(cells.prefix(limits.maxCells))
        }
        var runs: [TextRun] = []
        var unread = 0
        for cell in cells {
            guard clock.now - started < .seconds(limits.pageSeconds) else { unread += 1; continue }
            runs += readCell(cell, in: image)
        }
        if unread > 0 {
            notes.append("page \(number): \(unread) of \(cells.count) table cells unread, past the page's \(Int(limits.pageSeconds)) s")
        }
        if clock.now - started < .seconds(limits.pageSeconds) {
            let remaining = limits.pageSeconds - seconds(clock.now - started)
            var outside = image
            whiten(cells, in: &outside)
            let symbols = chinese.read(outside, mode: .page, deadline: min(limits.textMilliseconds, Int(remaining * 1000)))
            runs += symbols.map { run(of: $0, scale: image.scale) }
        } else {
            notes.append("page \(number): the text outside the tables unread, past the page's \(Int(limits.pageSeconds)) s")
        }
        let page = Page(number: number, width: image.pointWidth, height: image.pointHeight, runs: runs, lines: buildLines(from: runs),
                        rulings: rulings)
        return RecognizedPage(page: page, skew: straight.angle, notes: notes)
    }

    /// One cell's text. Its ink is read alone on white, as any text first; when that reading is
    /// figures, or so short it may be a figure read as a character (0 as O or 〇, 1 as 丨 or 下, 7
    /// as 村), it is read again as a line of figures three ways (`figureReadings`) and the readings
    /// vote (`vote`). A lone 0 or 1 whose shape (`loneFigure`) a reading agrees with is that
    /// figure at `loneFigureConfidence`; when the first reading is the one, the figure readings are
    /// not made (a page of the template is mostly lone 0s, and they took most of its time). A cell
    /// with no ink inside its lines is empty and not read.
    private func readCell(_ cell: BoundingBox, in image: GrayRaster) -> [TextRun] {
        guard let inside = PixelRegion(cell, scale: image.scale, inset: cellInset, in: image),
              let ink = inkBounds(of: inside, in: image) else { return [] }
        let margin = max(4, min(Int(0.35 * Double(ink.height)), 24))
        guard let picture = image.isolated(ink, margin: margin) else { return [] }
        let first = chinese.read(picture, mode: .cell, deadline: limits.cellMilliseconds)
        var symbols = first.map { $0.moved(by: ink, margin: margin) }
        let text = first.map(\.text).joined()
        if isMostlyFigures(text) || text.unicodeScalars.count <= 2 {
            // A lone 0 or 1 is told by its shape, and needs one reading of Tesseract's to agree:
            // the first when it saw the figure (most cells of the template are a lone 0), else
            // any of the figure readings.
            let lone = loneFigure(in: inside, of: image)
            if let lone, figures(of: first) == lone.rawValue { return [run(of: shaped(lone, ink), scale: image.scale)] }
            // A unit after the figure (629万, 13885.63万元) is the Chinese model's to read; the
            // figure before it is read again alone (the English model reads 万 as 7).
            let unit = symbols.drop { !isUnit($0) }
            var digits = ink
            if let unitStart = unit.first?.left, unitStart > ink.left + 2 { digits.width = unitStart - 1 - ink.left }
            let readings = figureReadings(of: digits, in: image)
            symbols = vote(first: Array(symbols.prefix(symbols.count - unit.count)), readings: readings)
                + unit.filter(isUnit)
            if let lone { symbols = judged(symbols, by: lone, readings: readings, ink: ink) }
        }
        return symbols.map { run(of: $0, scale: image.scale) }
    }

    /// A figure read three times, each with figures only, boxes in the page's pixels. Tesseract's
    /// reading of a short figure turns on the paper around it, on its size and on the page
    /// segmentation (at 200 dpi a lone 0 or 1 is 27 pixels tall, and the English model missed it
    /// with 0.75 or 1.5 pt of paper; 137 was read 437 with 2.5 pt): measured on the cells of the
    /// samples' 200 dpi scans, the English model as a line with paper half the figure's height
    /// around it read 100 of 101 figures, the same enlarged to 40 pixels tall 96, and enlarged as
    /// a block with paper its height around it 93 and surest of them, so those three, where the
    /// Chinese model as a line read 91 and missed lone 1s. Without the English model only the
    /// Chinese reading is made.
    private func figureReadings(of ink: PixelRegion, in image: GrayRaster) -> [[RecognizedSymbol]] {
        guard let latin else {
            return [read(ink, in: image, engine: chinese, mode: .figures, factor: 1, margin: max(2, Int((1.5 * image.scale).rounded())))]
        }
        // At most four times: ink a few pixels tall is a dash or a line's remnant, not a figure to enlarge.
        let enlargement = min(4, max(1, figureHeight / Double(ink.height)))
        let ways: [(ReadingMode, Double, Double)] = [(.figures, 1, 0.5), (.figures, enlargement, 0.5), (.figureBlock, enlargement, 1)]
        return ways.map { mode, factor, paper in
            let margin = max(2, Int((paper * Double(ink.height) * factor).rounded()))
            return read(ink, in: image, engine: latin, mode: mode, factor: factor, margin: margin)
        }
    }

    /// The ink enlarged `factor` times with `margin` pixels of paper, read, and its symbols placed back in the page's pixels.
    private func read(_ ink: PixelRegion, in image: GrayRaster, engine: TesseractEngine, mode: ReadingMode, factor: Double,
                      margin: Int) -> [RecognizedSymbol] {
        guard let picture = image.enlarged(ink, factor: factor, margin: margin) else { return [] }
        // A figure never ends in a point: the English model reads a lone 1 as `1.` now and then.
        let symbols = engine.read(picture, mode: mode, deadline: limits.cellMilliseconds)
        let figure = symbols.reversed().drop { $0.text == "." || $0.text == "," }.reversed()
        return figure.map { $0.moved(by: ink, margin: margin, factor: factor) }
    }
}

/// How sure a lone figure is whose shape and a reading of Tesseract's agree: two ways of reading
/// that share nothing but the pixels. Measured on the samples' scans (every variant of
/// `scan.py`), no cell the shape test took for a 0 or a 1 held another figure.
let loneFigureConfidence = 0.97

/// The lone figure as Tesseract would give it, over the ink it stands in.
func shaped(_ figure: LoneFigure, _ ink: PixelRegion) -> RecognizedSymbol {
    RecognizedSymbol(text: figure.rawValue, left: ink.left, top: ink.top, right: ink.left + ink.width, bottom: ink.top + ink.height,
                     confidence: loneFigureConfidence)
}

/// A cell's voted reading held to the lone figure its shape is: that figure, sure, when a figure
/// reading saw it too; else the vote under review, however sure Tesseract was (a 0 a seal's stroke
/// crosses read 9 by all three readings at 0.9 and more), since two ways of reading disagree.
func judged(_ voted: [RecognizedSymbol], by lone: LoneFigure, readings: [[RecognizedSymbol]], ink: PixelRegion) -> [RecognizedSymbol] {
    if readings.contains(where: { figures(of: $0) == lone.rawValue }) { return [shaped(lone, ink)] }
    return voted.map { symbol in
        var symbol = symbol
        symbol.confidence = min(symbol.confidence, readingsDisagree)
        return symbol
    }
}

/// The most a figure is trusted when its readings disagree: under `ConfidenceModel.unsureRecognition`
/// (0.5), so the cell stays under review whatever its sums say.
let readingsDisagree = 0.3

/// The height, pixels, a figure is enlarged to for two of its readings: Tesseract's English model
/// reads a 27-pixel figure (10.5 pt at 200 dpi) less surely than a 40-pixel one.
let figureHeight = 40.0

/// A figure cell's reading from its readings as figures: the figures most of them read. The
/// confidence is Tesseract's with half its doubt taken away where all agree, at most `split`
/// where only most do (or fewer, the rest reading nothing, and the first reading the same) and at most
/// `disagreement` where no two do: a misread digit must not pass for a sure one. A first reading
/// that was not figures (a short label: 其他, 总计) stays unless all readings agree on figures
/// and are surer of them than the first reading was of its characters, or it was one character
/// (a lone 1 read as 下 or 企) and most readings agree, or one the Chinese model was unsure of
/// (under 0.5) and any reading saw a figure.
func vote(first: [RecognizedSymbol], readings: [[RecognizedSymbol]], split: Double = 0.6, disagreement: Double = readingsDisagree) -> [RecognizedSymbol] {
    let read = readings.filter { !figures(of: $0).isEmpty }
    // A tie goes to the figures the first reading saw (its O read as 0), then to the longer figure.
    let seen = figures(of: first)
    let ranked = Dictionary(grouping: read, by: figures(of:)).map { (votes: $0.value.count, seen: $0.key == seen ? 1 : 0, key: $0.key, readings: $0.value) }
    guard let agreeing = ranked.max(by: { ($0.votes, $0.seen, $0.key.count, $0.key) < ($1.votes, $1.seen, $1.key.count, $1.key) })?.readings
    else { return first }
    var confidence = agreeing.map(leastConfidence).max() ?? 0
    let unanimous = agreeing.count == readings.count
    let majority = agreeing.count * 2 > readings.count
    // A lone 1 the Chinese model read as 于 at 0.02, which one reading saw as 1 and the others as
    // nothing, is that figure, under review: the sums through it then hold for the rest.
    let unsureCharacter = first.count == 1 && leastConfidence(first) < 0.5
    guard isMostlyFigures(first.map(\.text).joined()) || (unanimous && confidence > leastConfidence(first))
            || (first.count == 1 && majority) || unsureCharacter
    else { return first }
    // Readings that see nothing (a small lone 0 is often missed) are misses, not another figure:
    // a figure the Chinese first reading saw too, which no reading contradicts, is as sure as
    // one most readings agree on.
    let key = figures(of: agreeing[0])
    let uncontradicted = read.allSatisfy { figures(of: $0) == key } && figures(of: first) == key
    if !majority && !uncontradicted {
        confidence = min(confidence, disagreement)
    } else if !unanimous {
        confidence = min(confidence, split)
    } else if readings.count > 1 {
        // Readings at other sizes, margins and segmentations agreeing take half of Tesseract's
        // doubt away (it gives a clean 0 as little as 0.6): not all of it, since they read the
        // same pixels.
        confidence += (1 - confidence) / 2
    }
    // The last agreeing reading's symbols are kept, letters read for digits written as the digits.
    return (agreeing.last ?? first).map { symbol in
        var symbol = symbol
        symbol.confidence = confidence
        if let digit = digitLookalikes[symbol.text] { symbol.text = digit }
        return symbol
    }
}

/// 万 and 元, the units a figure of the template is written with.
func isUnit(_ symbol: RecognizedSymbol) -> Bool {
    symbol.text == "万" || symbol.text == "元"
}

/// The letters a reading gives for digits (O for 0, l, I and | for 1), which count as those digits.
let digitLookalikes: [String: String] = ["O": "0", "o": "0", "l": "1", "I": "1", "|": "1"]

/// The digits, points and signs of a reading, which the readings must agree on, letters read for
/// digits counted as the digits.
func figures(of symbols: [RecognizedSymbol]) -> String {
    String(symbols.map(\.text).joined().compactMap { character -> Character? in
        if let digit = digitLookalikes[String(character)] { return Character(digit) }
        return "0123456789.-".contains(character) ? character : nil
    })
}

func leastConfidence(_ symbols: [RecognizedSymbol]) -> Double {
    symbols.map(\.confidence).min() ?? 0
}

extension RecognizedSymbol {
    /// The symbol read in a picture of `ink` enlarged `factor` times with `margin` pixels of
    /// paper, placed back in the page's pixels.
    func moved(by ink: PixelRegion, margin: Int, factor: Double = 1) -> RecognizedSymbol {
        func back(_ value: Int, _ origin: Int) -> Int { Int((Double(value - margin) / factor).rounded()) + origin }
        var placed = self
        (placed.left, placed.right) = (back(left, ink.left), back(right, ink.left))
        (placed.top, placed.bottom) = (back(top, ink.top), back(bottom, ink.top))
        return placed
    }
}

/// How far inside a cell's ruling lines its text is looked for, points: past the line's own
/// width and what skew is left after straightening, so no line's ink is read as 丨 or 1.
let cellInset = 1.5

/// The ruling search tuned for scans: no hairlines (a scan has none, and its noise would pass for
/// them), and lines longer than a glyph's stroke (一 in a 16 pt heading is 14 pt long; 田 draws a
/// grid of its own).
let scanRulingCriteria: RulingCriteria = {
    var criteria = RulingCriteria()
    criteria.minHorizontalLength = 24
    criteria.minVerticalLength = 12
    criteria.faintness = criteria.darkness
    return criteria
}()

/// A scanned line comes out in pieces (a black-and-white scan's dither, a speck of paper, JPEG
/// blocks): pieces on one line with gaps of at most `gap` points are one ruling, as drawn.
func bridged(_ rulings: [Ruling], gap: Double = 6, tolerance: Double = 1.5) -> [Ruling] {
    var result: [Ruling] = []
    for orientation in [Ruling.Orientation.horizontal, .vertical] {
        var open: [Ruling] = []
        for ruling in rulings.filter({ $0.orientation == orientation }).sorted(by: { ($0.start, $0.position) < ($1.start, $1.position) }) {
            if let index = open.firstIndex(where: { abs($0.position - ruling.position) <= tolerance && ruling.start - $0.end <= gap }) {
                let joined = open[index]
                let length = joined.length + ruling.length
                open[index] = Ruling(orientation: orientation,
                                     position: (joined.position * joined.length + ruling.position * ruling.length) / max(length, 1e-9),
                                     start: joined.start, end: max(joined.end, ruling.end))
            } else {
                open.append(ruling)
            }
        }
        result += open
    }
    return result
}

/// The rulings that meet a ruling across them. In a scan the glyphs are not left out as in a PDF's
/// rendering: the strokes of a heading's characters (丨 in a 22 pt title is 18 pt tall) stand side
/// by side as short verticals, and three that start together would be closed into a table of
/// their own. A table's line always meets another.
func attached(_ rulings: [Ruling], tolerance: Double = 2) -> [Ruling] {
    rulings.filter { ruling in
        rulings.contains { other in
            other.orientation != ruling.orientation
                && other.start - tolerance <= ruling.position && ruling.position <= other.end + tolerance
                && ruling.start - tolerance <= other.position && other.position <= ruling.end + tolerance
        }
    }
}

/// True when most of the characters are ASCII digits, or the letters a digit is misread as
/// (O for 0, l and I and | for 1): a cell of figures.
func isMostlyFigures(_ text: String) -> Bool {
    let characters = text.unicodeScalars.filter { !$0.properties.isWhitespace }
    let digits = characters.filter { ("0"..."9").contains($0) || "OolI|".unicodeScalars.contains($0) }.count
    return digits > 0 && digits * 2 >= characters.count
}

/// A character's run in page points.
func run(of symbol: RecognizedSymbol, scale: Double) -> TextRun {
    let box = BoundingBox(x0: Double(symbol.left) / scale, y0: Double(symbol.top) / scale,
                          x1: Double(symbol.right) / scale, y1: Double(symbol.bottom) / scale)
    return TextRun(text: symbol.text, box: box, fontSize: box.height, confidence: symbol.confidence)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
