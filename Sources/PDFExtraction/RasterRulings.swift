import DocumentModel

/// A band of a page rendered at `scale` pixels a point, as poppler draws it through cairo: one
/// RGB24 pixel a word (native-endian 0xXXRRGGBB), rows `width` pixels apart. Kept in that form
/// rather than converted to grey, since converting would read every pixel and the search for
/// rulings reads only a fraction of them.
struct RenderedBand: Sendable {
    var width: Int
    var height: Int
    /// At least `width * height` pixels: one band's storage is reused for the next, smaller or not.
    var pixels: [UInt32]
    /// Pixels per PDF point.
    var scale: Double
    /// The page y, in points, of the band's first row: only a band of the page is rendered.
    var top: Double

    init(width: Int = 0, height: Int = 0, pixels: [UInt32] = [], scale: Double = 1, top: Double = 0) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.scale = scale
        self.top = top
    }

    /// Paints the middle of each box white. Erasing the characters before looking for lines keeps
    /// glyph strokes (一, 丨, the bars of 田) from posing as rulings; table lines run between
    /// characters, never through them. Only the central `band` of a box's height is erased, since
    /// a font's box reaches past its ink (ascent and descent) and, in a tight row, over the cell's border.
    /// Glyphs are left out of the rendering where the platform lets GlyphSwitch.c do so; this still
    /// clears them where it does not, and text drawn as shapes.
    mutating func erase(_ boxes: [BoundingBox], band: Double = 0.7) {
        let (width, height, scale, top) = (self.width, self.height, self.scale, self.top)
        pixels.withUnsafeMutableBufferPointer { pixels in
            for box in boxes {
                let margin = box.height * (1 - band) / 2
                guard let x0 = pixelIndex((box.x0 * scale).rounded(.down), limit: width),
                      let x1 = pixelIndex((box.x1 * scale).rounded(.up), limit: width),
                      let y0 = pixelIndex(((box.y0 + margin - top) * scale).rounded(.down), limit: height),
                      let y1 = pixelIndex(((box.y1 - margin - top) * scale).rounded(.up), limit: height),
                      x0 < x1, y0 < y1 else { continue }
                for y in y0..<y1 {
                    UnsafeMutableBufferPointer(rebasing: pixels[y * width + x0..<y * width + x1]).update(repeating: .max)
                }
            }
        }
    }
}

/// A pixel coordinate clamped to `0...limit`, nil for NaN. Boxes come from the file: a character
/// in a 1e30-point font reaches past any Int, and Int() of it would trap.
private func pixelIndex(_ value: Double, limit: Int) -> Int? {
    guard !value.isNaN else { return nil }
    return Int(min(max(value, 0), Double(limit)))
}

/// The grey level of an RGB24 pixel, 0 black to 255 white: its darkest channel, so coloured lines count.
func grayLevel(_ pixel: UInt32) -> UInt8 {
    min(UInt8(truncatingIfNeeded: pixel), UInt8(truncatingIfNeeded: pixel >> 8), UInt8(truncatingIfNeeded: pixel >> 16))
}

/// How long and how dark a run of pixels must be to count as a ruling line.
struct RulingCriteria: Sendable {
    /// Shortest ruling, in points: shorter than the narrowest cell's side. Glyphs are erased first
    /// (see `RenderedBand.erase`); what stray ink remains, the reconstructor drops, since it keeps
    /// only lines that meet other lines.
    var minHorizontalLength = 10.0
    var minVerticalLength = 6.0
    /// Thickest line, in points; anything thicker is a filled area (a shaded cell), not a ruling.
    var maxThickness = 3.0
    /// Grey at or below which a pixel is ink: thin lines anti-alias to mid grey.
    var darkness: UInt8 = 190
    /// A hairline (0.1 pt is a tenth of a pixel at 72 dpi) anti-aliases to a faint grey, as light as a
    /// shaded cell: a pixel up to this grey is ink where it stands out, by `contrast`, from the
    /// pixels `reach` pixels away on both sides across the line, which a shaded area does not.
    var faintness: UInt8 = 248
    var contrast: UInt8 = 12
    var reach = 2
}

/// Finds the long straight dark runs of a rendered band: stroked lines and thin filled rectangles
/// alike, since both are just ink once rendered. Returned in points, upright page coordinates.
func findRulings(in band: RenderedBand, criteria: RulingCriteria = RulingCriteria()) -> [Ruling] {
    let (horizontal, vertical) = darkRuns(in: band, criteria: criteria)
    let maxThickness = criteria.maxThickness * band.scale
    let top = band.top
    return merge(horizontal, maxThickness: maxThickness).map {
        Ruling(orientation: .horizontal, position: top + $0.center / band.scale, start: $0.start / band.scale, end: $0.end / band.scale)
    } + merge(vertical, maxThickness: maxThickness).map {
        Ruling(orientation: .vertical, position: $0.center / band.scale, start: top + $0.start / band.scale, end: top + $0.end / band.scale)
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
private func darkRuns(in band: RenderedBand, criteria: RulingCriteria) -> (horizontal: [PixelRun], vertical: [PixelRun]) {
    let width = band.width
    let height = band.height
    let minHorizontal = max(1, Int((criteria.minHorizontalLength * band.scale).rounded(.up)))
    let minVertical = max(1, Int((criteria.minVerticalLength * band.scale).rounded(.up)))
    let (dark, faint, contrast, reach) = (criteria.darkness, criteria.faintness, Int(criteria.contrast), criteria.reach)
    var horizontal: [PixelRun] = []
    var vertical: [PixelRun] = []
    band.pixels.withUnsafeBufferPointer { pixels in
        func gray(_ x: Int, _ y: Int) -> Int {
            x >= 0 && x < width && y >= 0 && y < height ? Int(grayLevel(pixels[y * width + x])) : 255
        }
        /// Ink of a line running along x (`acrossY`) or along y: dark, or faint and lighter on both sides across it.
        func isInk(_ x: Int, _ y: Int, acrossY: Bool) -> Bool {
            let level = grayLevel(pixels[y * width + x])
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
