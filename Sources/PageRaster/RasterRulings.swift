import DocumentModel

/// The grey level of an RGB24 pixel, 0 black to 255 white: its darkest channel, so coloured lines count.
public func grayLevel(_ pixel: UInt32) -> UInt8 {
    min(UInt8(truncatingIfNeeded: pixel), UInt8(truncatingIfNeeded: pixel >> 8), UInt8(truncatingIfNeeded: pixel >> 16))
}

/// How long and how dark a run of pixels must be to count as a ruling line.
public struct RulingCriteria: Sendable {
    /// Shortest ruling, in points: shorter than the narrowest cell's side. Glyphs are erased first
    /// (the PDF extractor's `RenderedBand.erase`); what stray ink remains, the reconstructor drops, since it keeps
    /// only lines that meet other lines.
    public var minHorizontalLength = 10.0
    public var minVerticalLength = 6.0
    /// Thickest line, in points; anything thicker is a filled area (a shaded cell), not a ruling.
    public var maxThickness = 3.0
    /// Grey at or below which a pixel is ink: thin lines anti-alias to mid grey.
    public var darkness: UInt8 = 190
    /// A hairline (0.1 pt is a tenth of a pixel at 72 dpi) anti-aliases to a faint grey, as light as a
    /// shaded cell: a pixel up to this grey is ink where it stands out, by `contrast`, from the
    /// pixels `reach` pixels away on both sides across the line, which a shaded area does not.
    public var faintness: UInt8 = 248
    public var contrast: UInt8 = 12
    public var reach = 2

    public init() {}
}

/// Where ruling lines are searched: a region of a page drawn at `scale` pixels a point, its first
/// row at page y `top` (points). Both the PDF extractor's rendered bands (RGB24, as cairo draws)
/// and the OCR stage's scanned pages (grey) are searched by the same code through this.
protocol GrayPixels {
    func level(_ index: Int) -> UInt8
}

struct RGB24Pixels: GrayPixels {
    let pixels: UnsafeBufferPointer<UInt32>
    func level(_ index: Int) -> UInt8 { grayLevel(pixels[index]) }
}

struct GrayBytes: GrayPixels {
    let pixels: UnsafeBufferPointer<UInt8>
    func level(_ index: Int) -> UInt8 { pixels[index] }
}

/// Finds the long straight dark runs of a rendered band: stroked lines and thin filled rectangles
/// alike, since both are just ink once rendered. `pixels` holds at least `width * height` RGB24
/// pixels, rows `width` apart. Returned in points, upright page coordinates.
public func findRulings(inRGB24 pixels: UnsafeBufferPointer<UInt32>, width: Int, height: Int, scale: Double, top: Double,
                        criteria: RulingCriteria = RulingCriteria()) -> [Ruling] {
    guard pixels.count >= width * height else { return [] }
    return findRulings(in: RGB24Pixels(pixels: pixels), width: width, height: height, scale: scale, top: top, criteria: criteria)
}

/// The same search in a grey raster (a scanned page).
public func findRulings(in raster: GrayRaster, criteria: RulingCriteria = RulingCriteria()) -> [Ruling] {
    raster.pixels.withUnsafeBufferPointer { pixels in
        findRulings(in: GrayBytes(pixels: pixels), width: raster.width, height: raster.height, scale: raster.scale, top: 0, criteria: criteria)
    }
}

private func findRulings<Pixels: GrayPixels>(in pixels: Pixels, width: Int, height: Int, scale: Double, top: Double,
                                             criteria: RulingCriteria) -> [Ruling] {
    let (horizontal, vertical) = darkRuns(in: pixels, width: width, height: height, scale: scale, criteria: criteria)
    let maxThickness = criteria.maxThickness * scale
    return merge(horizontal, maxThickness: maxThickness).map {
        Ruling(orientation: .horizontal, position: top + $0.center / scale, start: $0.start / scale, end: $0.end / scale)
    } + merge(vertical, maxThickness: maxThickness).map {
        Ruling(orientation: .vertical, position: $0.center / scale, start: top + $0.start / scale, end: top + $0.end / scale)
    }
}

/// A run of dark pixels along one scan line.
struct PixelRun: Hashable {
    var line: Int
    var start: Int
    var end: Int
}

/// The horizontal and vertical dark runs long enough to be rulings: exactly those a pixel-by-pixel
/// scan finds, without reading every pixel. A run at least n pixels long covers a pixel whose
/// coordinate is a multiple of n, so each row is probed every `minHorizontal` pixels and only
/// probes that hit ink are followed, and columns are looked at only on every `minVertical`-th row.
/// A band is mostly paper: this reads a tenth of it.
private func darkRuns<Pixels: GrayPixels>(in pixels: Pixels, width: Int, height: Int, scale: Double,
                                          criteria: RulingCriteria) -> (horizontal: [PixelRun], vertical: [PixelRun]) {
    let minHorizontal = max(1, Int((criteria.minHorizontalLength * scale).rounded(.up)))
    let minVertical = max(1, Int((criteria.minVerticalLength * scale).rounded(.up)))
    let (dark, faint, contrast, reach) = (criteria.darkness, criteria.faintness, Int(criteria.contrast), criteria.reach)
    var horizontal: [PixelRun] = []
    var vertical: [PixelRun] = []
    do {
        func gray(_ x: Int, _ y: Int) -> Int {
            x >= 0 && x < width && y >= 0 && y < height ? Int(pixels.level(y * width + x)) : 255
        }
        /// Ink of a line running along x (`acrossY`) or along y: dark, or faint and lighter on both sides across it.
        func isInk(_ x: Int, _ y: Int, acrossY: Bool) -> Bool {
            let level = pixels.level(y * width + x)
            if level < dark { return true }
            guard level < faint else { return false }
            let (before, after) = acrossY ? (gray(x, y - reach), gray(x, y + reach)) : (gray(x - reach, y), gray(x + reach, y))
            return min(before, after) - Int(level) >= contrast
        }
        for y in 0..<height {
            var x = 0
            while x < width {
                guard isInk(x, y, acrossY: true) else { x += minHorizontal; continue }
                var start = x
                while start > 0, isInk(start - 1, y, acrossY: true) { start -= 1 }
                var end = x + 1
                while end < width, isInk(end, y, acrossY: true) { end += 1 }
                if end - start >= minHorizontal { horizontal.append(PixelRun(line: y, start: start, end: end)) }
                x = (end + minHorizontal - 1) / minHorizontal * minHorizontal
            }
        }
        for y in Swift.stride(from: 0, to: height, by: minVertical) {
            for x in 0..<width where isInk(x, y, acrossY: false) {
                var start = y
                while start > 0, start > y - minVertical, isInk(x, start - 1, acrossY: false) { start -= 1 }
                // A run that reaches the probed row above was followed from there.
                if y >= minVertical, start == y - minVertical { continue }
                var end = y + 1
                while end < height, isInk(x, end, acrossY: false) { end += 1 }
                if end - start >= minVertical { vertical.append(PixelRun(line: x, start: start, end: end)) }
            }
        }
    }
    return (horizontal, vertical)
}

/// A ruling as pixels: the scan lines it covers and its extent along them.
struct MergedRun {
    var firstLine: Int
    var lastLine: Int
    var start: Double
    var end: Double
    var center: Double { Double(firstLine + lastLine + 1) / 2 }
}

/// Joins runs on adjacent scan lines that overlap into one line of some thickness; drops
/// anything thicker than `maxThickness` pixels, which is a filled area rather than a line.
func merge(_ runs: [PixelRun], maxThickness: Double) -> [MergedRun] {
    var open: [MergedRun] = []
    var closed: [MergedRun] = []
    for run in runs.sorted(by: { ($0.line, $0.start) < ($1.line, $1.start) }) {
        if let index = open.firstIndex(where: { $0.lastLine >= run.line - 1 && $0.lastLine < run.line
            && Double(run.start) < $0.end && Double(run.end) > $0.start }) {
            open[index].lastLine = run.line
            open[index].start = min(open[index].start, Double(run.start))
            open[index].end = max(open[index].end, Double(run.end))
        } else {
            open.append(MergedRun(firstLine: run.line, lastLine: run.line, start: Double(run.start), end: Double(run.end)))
        }
        // Runs that can no longer grow are finished.
        closed += open.filter { $0.lastLine < run.line - 1 }
        open.removeAll { $0.lastLine < run.line - 1 }
    }
    return (closed + open).filter { Double($0.lastLine - $0.firstLine + 1) <= maxThickness }
}
