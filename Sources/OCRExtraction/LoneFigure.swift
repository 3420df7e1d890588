import PageRaster

/// A cell that holds one figure alone, 0 or 1, told by its shape rather than by Tesseract.
///
/// Most figure cells of the template hold a lone 0, and Tesseract reads a small one (26 pixels
/// tall at 300 dpi from a 200 dpi scan) badly: as O at 0.6–0.8, or, enlarged, as 6, 8 or 9,
/// so the readings split and the cell stayed under review whatever its sums said. Its shape is
/// not in doubt: one stroke closed round one hole that fills most of its height, centred. A lone
/// 1 read as 下, 于 or 7 is one stroke without a hole, a straight upright stem under a flag
/// narrower than the figure, where a 7's stroke runs slanting down from a bar the figure's width.
enum LoneFigure: String, Sendable, Hashable {
    case zero = "0"
    case one = "1"
}

/// The lone figure the region's ink draws, or nil when it holds anything else: no ink, more than
/// one stroke (10, a figure and a speck as large as a tenth of it), a stroke touching the region's
/// edge (a ruling's remnant), a figure of another shape.
func loneFigure(in region: PixelRegion, of image: GrayRaster) -> LoneFigure? {
    // A cell past a million pixels (a third of an A4 page at 300 dpi) holds no lone figure of the
    // template's, and its stroke numbers alone would take 4 MB.
    guard region.width >= 3, region.height >= 3, region.width * region.height <= maxShapePixels else { return nil }
    var ink = InkMask(region, of: image)
    guard let stroke = ink.loneStroke() else { return nil }
    let (width, height) = (stroke.width, stroke.height)
    // Smaller than this is a dash or a speck; taller than wide by less than a fifth is no figure
    // of the template (口, a box), by more than two and a half a 1 or a line.
    guard height >= 8 else { return nil }
    let holes = ink.holes(in: stroke).filter { $0.area * 50 >= width * height }
    if holes.count == 1, 5 * height >= 6 * width, 2 * height <= 5 * width {
        return isZeroHole(holes[0], in: stroke) ? .zero : nil
    }
    return holes.isEmpty && isOneStem(ink, stroke) ? .one : nil
}

let maxShapePixels = 1_000_000

/// A 0's hole: most of the figure's height (a 6's or a 9's is half of it), centred up and down,
/// and widest in its middle (an 8 whose waist did not come out in the scan pinches there).
private func isZeroHole(_ hole: InkMask.Hole, in stroke: PixelRegion) -> Bool {
    let centre = Double(hole.top + hole.bottom) / 2 - Double(stroke.top)
    return 5 * hole.height >= 3 * stroke.height
        && abs(centre - Double(stroke.height - 1) / 2) <= 0.1 * Double(stroke.height)
        && 20 * hole.width >= 7 * stroke.width
        && 5 * hole.widthAtMiddle >= 3 * hole.width
}

/// A 1's stem: from a third of the way down to four fifths, each row's ink is one run at most a
/// third of the figure's width, and the runs stand one above the other (a 7's slant moves a
/// quarter of the figure's width over those rows); and its top is narrower than the figure (a
/// 7's bar spans it).
private func isOneStem(_ ink: InkMask, _ stroke: PixelRegion) -> Bool {
    let width = stroke.width
    var centres: [Double] = []
    for y in stroke.top + (stroke.height * 35) / 100...stroke.top + (stroke.height * 80) / 100 {
        guard let run = ink.singleRun(row: y, in: stroke), 3 * run.count <= width else { return false }
        centres.append(Double(run.lowerBound + run.upperBound - 1) / 2)
    }
    guard let lowest = centres.min(), let highest = centres.max(), highest - lowest <= 1.5 + 0.05 * Double(width) else { return false }
    let top = stroke.top..<stroke.top + max(1, (stroke.height * 15) / 100)
    return top.allSatisfy { y in 10 * ink.extent(row: y, in: stroke) <= 7 * width }
}

/// The region's pixels as ink or paper, split at Otsu's level for the region (the grey that
/// best separates its two populations), so a pale scan's strokes and a dark one's are cut alike;
/// and the ink's strokes, each its 8-connected pixels.
struct InkMask {
    let region: PixelRegion
    /// Per pixel of the region, row by row: 0 paper, else the number of the stroke it belongs to.
    private(set) var strokes: [Int32]

    init(_ region: PixelRegion, of image: GrayRaster) {
        self.region = region
        var histogram = [Int](repeating: 0, count: 256)
        for y in region.top..<region.top + region.height {
            for x in region.left..<region.left + region.width { histogram[Int(image[x, y])] += 1 }
        }
        let level = otsuLevel(histogram)
        strokes = [Int32](repeating: 0, count: region.width * region.height)
        for y in 0..<region.height {
            for x in 0..<region.width where image[region.left + x, region.top + y] <= level { strokes[y * region.width + x] = -1 }
        }
    }

    /// The box (in the page's pixels) of the one stroke that holds the region's ink, when every
    /// other stroke is under a tenth of its size (a speck of dust or JPEG) and it keeps off the
    /// region's edge; its pixels keep their number, the others' are paper.
    mutating func loneStroke() -> PixelRegion? {
        var sizes: [Int] = [0]
        var boxes: [PixelRegion] = [PixelRegion(left: 0, top: 0, width: 0, height: 0)]
        for start in strokes.indices where strokes[start] == -1 {
            let number = Int32(sizes.count)
            var (x0, y0, x1, y1, count) = (Int.max, Int.max, Int.min, Int.min, 0)
            var stack = [start]
            strokes[start] = number
            while let index = stack.popLast() {
                let (x, y) = (index % region.width, index / region.width)
                count += 1
                (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
                for dy in -1...1 {
                    for dx in -1...1 {
                        let (nx, ny) = (x + dx, y + dy)
                        guard nx >= 0, ny >= 0, nx < region.width, ny < region.height else { continue }
                        let next = ny * region.width + nx
                        if strokes[next] == -1 {
                            strokes[next] = number
                            stack.append(next)
                        }
                    }
                }
            }
            sizes.append(count)
            boxes.append(PixelRegion(left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1))
        }
        guard let largest = sizes.indices.dropFirst().max(by: { sizes[$0] < sizes[$1] }) else { return nil }
        let significant = sizes.indices.dropFirst().filter { sizes[$0] >= max(6, sizes[largest] / 10) }
        let box = boxes[largest]
        guard significant.count == 1, box.left > 0, box.top > 0, box.left + box.width < region.width, box.top + box.height < region.height
        else { return nil }
        let kept = Int32(largest)
        for index in strokes.indices where strokes[index] != kept { strokes[index] = 0 }
        return PixelRegion(left: box.left + region.left, top: box.top + region.top, width: box.width, height: box.height)
    }

    /// Paper enclosed by the stroke: within its box, 4-connected paper that does not reach the box's edge.
    struct Hole {
        var area: Int
        var top: Int
        var bottom: Int
        var width: Int
        var height: Int { bottom - top + 1 }
        /// Its paper on the row halfway down it.
        var widthAtMiddle: Int
    }

    func holes(in stroke: PixelRegion) -> [Hole] {
        let (left, top) = (stroke.left - region.left, stroke.top - region.top)
        var seen = [Bool](repeating: false, count: stroke.width * stroke.height)
        func isPaper(_ x: Int, _ y: Int) -> Bool { strokes[(top + y) * region.width + left + x] == 0 }
        var holes: [Hole] = []
        for start in seen.indices where !seen[start] && isPaper(start % stroke.width, start / stroke.width) {
            var pixels: [Int] = []
            var stack = [start]
            seen[start] = true
            var enclosed = true
            while let index = stack.popLast() {
                let (x, y) = (index % stroke.width, index / stroke.width)
                pixels.append(index)
                if x == 0 || y == 0 || x == stroke.width - 1 || y == stroke.height - 1 { enclosed = false }
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] {
                    guard nx >= 0, ny >= 0, nx < stroke.width, ny < stroke.height else { continue }
                    let next = ny * stroke.width + nx
                    if !seen[next] && isPaper(nx, ny) {
                        seen[next] = true
                        stack.append(next)
                    }
                }
            }
            guard enclosed else { continue }
            let rows = pixels.map { $0 / stroke.width }, columns = pixels.map { $0 % stroke.width }
            guard let firstRow = rows.min(), let lastRow = rows.max(), let firstColumn = columns.min(), let lastColumn = columns.max()
            else { continue }
            let middle = (firstRow + lastRow + 1) / 2
            holes.append(Hole(area: pixels.count, top: firstRow + stroke.top, bottom: lastRow + stroke.top,
                              width: lastColumn - firstColumn + 1, widthAtMiddle: rows.filter { $0 == middle }.count))
        }
        return holes
    }

    /// The stroke's pixels on a row of the page as one run of columns, nil when they are none or
    /// several runs.
    func singleRun(row y: Int, in stroke: PixelRegion) -> Range<Int>? {
        let columns = inkColumns(row: y, in: stroke)
        guard let first = columns.first, let last = columns.last, last - first + 1 == columns.count else { return nil }
        return first..<last + 1
    }

    /// From the stroke's first pixel on a row of the page to its last, 0 when it has none there.
    func extent(row y: Int, in stroke: PixelRegion) -> Int {
        let columns = inkColumns(row: y, in: stroke)
        guard let first = columns.first, let last = columns.last else { return 0 }
        return last - first + 1
    }

    private func inkColumns(row y: Int, in stroke: PixelRegion) -> [Int] {
        let row = (y - region.top) * region.width
        return (stroke.left..<stroke.left + stroke.width).filter { strokes[row + $0 - region.left] != 0 }
    }
}

/// Otsu's level: the grey that splits the histogram into the two populations farthest apart for
/// their sizes. Pixels at or under it are ink.
func otsuLevel(_ histogram: [Int]) -> UInt8 {
    let total = histogram.reduce(0, +)
    let sum = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.element) }
    var (below, belowSum, best, level) = (0, 0.0, -1.0, 0)
    for grey in 0..<histogram.count {
        below += histogram[grey]
        belowSum += Double(grey * histogram[grey])
        let above = total - below
        guard below > 0, above > 0 else { continue }
        let difference = belowSum / Double(below) - (sum - belowSum) / Double(above)
        let between = Double(below) * Double(above) * difference * difference
        if between > best { (best, level) = (between, grey) }
    }
    return UInt8(level)
}
