import DocumentModel

/// A page rendered to one byte per pixel, 0 black to 255 white.
struct GrayBitmap: Sendable {
    let width: Int
    let height: Int
    var pixels: [UInt8]
    /// Pixels per PDF point.
    let scale: Double
    /// The page y, in points, of the bitmap's first row: only a band of the page may be rendered.
    let top: Double

    /// Paints the middle of each box white. Erasing the characters before looking for lines keeps
    /// glyph strokes (一, 丨, the bars of 田) from posing as rulings; table lines run between
    /// characters, never through them. Only the central `band` of a box's height is erased, since
    /// a font's box reaches past its ink (ascent and descent) and, in a tight row, over the cell's border.
    mutating func erase(_ boxes: [BoundingBox], band: Double = 0.7) {
        for box in boxes {
            let margin = box.height * (1 - band) / 2
            let x0 = max(0, Int((box.x0 * scale).rounded(.down)))
            let x1 = min(width, Int((box.x1 * scale).rounded(.up)))
            let y0 = max(0, Int(((box.y0 + margin - top) * scale).rounded(.down)))
            let y1 = min(height, Int(((box.y1 - margin - top) * scale).rounded(.up)))
            guard x0 < x1, y0 < y1 else { continue }
            for y in y0..<y1 {
                pixels.replaceSubrange(y * width + x0..<y * width + x1, with: repeatElement(255, count: x1 - x0))
            }
        }
    }
}

/// How long and how dark a run of pixels must be to count as a ruling line.
struct RulingCriteria: Sendable {
    /// Shortest ruling, in points: shorter than the narrowest cell's side. Glyphs are erased first
    /// (see `GrayBitmap.erase`); what stray ink remains, the reconstructor drops, since it keeps
    /// only lines that meet other lines.
    var minHorizontalLength = 10.0
    var minVerticalLength = 6.0
    /// Thickest line, in points; anything thicker is a filled area (a shaded cell), not a ruling.
    var maxThickness = 3.0
    /// Grey at or below which a pixel is ink: thin lines anti-alias to mid grey.
    var darkness: UInt8 = 190
}

/// Finds the long straight dark runs of a rendered page: stroked lines and thin filled rectangles
/// alike, since both are just ink once rendered. Returned in points, upright page coordinates.
func findRulings(in bitmap: GrayBitmap, criteria: RulingCriteria = RulingCriteria()) -> [Ruling] {
    let (horizontal, vertical) = darkRuns(in: bitmap, criteria: criteria)
    let maxThickness = criteria.maxThickness * bitmap.scale
    let top = bitmap.top
    return merge(horizontal, maxThickness: maxThickness).map {
        Ruling(orientation: .horizontal, position: top + $0.center / bitmap.scale, start: $0.start / bitmap.scale, end: $0.end / bitmap.scale)
    } + merge(vertical, maxThickness: maxThickness).map {
        Ruling(orientation: .vertical, position: $0.center / bitmap.scale, start: top + $0.start / bitmap.scale, end: top + $0.end / bitmap.scale)
    }
}

/// A run of dark pixels along one scan line.
struct PixelRun: Hashable {
    var line: Int
    var start: Int
    var end: Int
}

/// The horizontal and vertical dark runs long enough to be rulings, found in one row-major pass
/// (a column-by-column pass would walk memory a row apart per step).
private func darkRuns(in bitmap: GrayBitmap, criteria: RulingCriteria) -> (horizontal: [PixelRun], vertical: [PixelRun]) {
    let width = bitmap.width
    let minHorizontal = Int((criteria.minHorizontalLength * bitmap.scale).rounded(.up))
    let minVertical = Int((criteria.minVerticalLength * bitmap.scale).rounded(.up))
    let threshold = criteria.darkness
    var horizontal: [PixelRun] = []
    var vertical: [PixelRun] = []
    // Where the dark run now open in each column began, or -1.
    var columnStart = [Int](repeating: -1, count: width)
    bitmap.pixels.withUnsafeBufferPointer { pixels in
        columnStart.withUnsafeMutableBufferPointer { columnStart in
            for y in 0..<bitmap.height {
                let row = y * width
                var rowStart = -1
                for x in 0..<width {
                    if pixels[row + x] < threshold {
                        if rowStart < 0 { rowStart = x }
                        if columnStart[x] < 0 { columnStart[x] = y }
                        continue
                    }
                    if rowStart >= 0 {
                        if x - rowStart >= minHorizontal { horizontal.append(PixelRun(line: y, start: rowStart, end: x)) }
                        rowStart = -1
                    }
                    if columnStart[x] >= 0 {
                        if y - columnStart[x] >= minVertical { vertical.append(PixelRun(line: x, start: columnStart[x], end: y)) }
                        columnStart[x] = -1
                    }
                }
                if rowStart >= 0, width - rowStart >= minHorizontal {
                    horizontal.append(PixelRun(line: y, start: rowStart, end: width))
                }
            }
            for x in 0..<width where columnStart[x] >= 0 && bitmap.height - columnStart[x] >= minVertical {
                vertical.append(PixelRun(line: x, start: columnStart[x], end: bitmap.height))
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
