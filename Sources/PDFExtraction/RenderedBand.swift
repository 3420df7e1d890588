import DocumentModel
import PageRaster

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
    /// clears them where it does not, and text drawn as shapes. `inset`, a share of a box's width
    /// left on each side, keeps a table line along a character's side.
    mutating func erase(_ boxes: [BoundingBox], band: Double = 0.7, inset: Double = 0) {
        let (width, height, scale, top) = (self.width, self.height, self.scale, self.top)
        pixels.withUnsafeMutableBufferPointer { pixels in
            for box in boxes {
                let margin = box.height * (1 - band) / 2
                let side = box.width * inset
                guard let x0 = pixelIndex(((box.x0 + side) * scale).rounded(.down), limit: width),
                      let x1 = pixelIndex(((box.x1 - side) * scale).rounded(.up), limit: width),
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

/// The rulings of a rendered band, through the search the OCR stage shares.
func findRulings(in band: RenderedBand, criteria: RulingCriteria = RulingCriteria()) -> [Ruling] {
    band.pixels.withUnsafeBufferPointer { pixels in
        findRulings(inRGB24: pixels, width: band.width, height: band.height, scale: band.scale, top: band.top, criteria: criteria)
    }
}

/// The rulings of the rows of a rendered band that show the page's `rows` (points).
func findRulings(in band: RenderedBand, rows: ClosedRange<Double>, criteria: RulingCriteria = RulingCriteria()) -> [Ruling] {
    let first = max(0, min(band.height, Int(((rows.lowerBound - band.top) * band.scale).rounded(.down))))
    let last = max(first, min(band.height, Int(((rows.upperBound - band.top) * band.scale).rounded(.up))))
    return band.pixels.withUnsafeBufferPointer { pixels in
        let view = UnsafeBufferPointer(rebasing: pixels[first * band.width..<last * band.width])
        return findRulings(inRGB24: view, width: band.width, height: last - first, scale: band.scale,
                           top: band.top + Double(first) / band.scale, criteria: criteria)
    }
}
