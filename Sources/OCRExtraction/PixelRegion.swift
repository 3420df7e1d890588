import DocumentModel
import PageRaster

/// A rectangle of a raster's pixels, inside the raster.
struct PixelRegion: Sendable, Hashable {
    var left: Int
    var top: Int
    var width: Int
    var height: Int

    /// The pixels of `box` (points) less `inset` points on each side, clipped to the image; nil
    /// when less than two pixels remain either way.
    init?(_ box: BoundingBox, scale: Double, inset: Double, in image: GrayRaster) {
        let x0 = max(0, Int(((box.x0 + inset) * scale).rounded(.up))), y0 = max(0, Int(((box.y0 + inset) * scale).rounded(.up)))
        let x1 = min(image.width, Int(((box.x1 - inset) * scale).rounded(.down)))
        let y1 = min(image.height, Int(((box.y1 - inset) * scale).rounded(.down)))
        guard x1 - x0 >= 2, y1 - y0 >= 2 else { return nil }
        (left, top, width, height) = (x0, y0, x1 - x0, y1 - y0)
    }

    init(left: Int, top: Int, width: Int, height: Int) {
        (self.left, self.top, self.width, self.height) = (left, top, width, height)
    }
}

/// Grey at or below which a scan's pixel is ink.
let inkLevel: UInt8 = 128

/// The box around a region's ink, nil when it holds less than `minimum` pixels of it (an empty
/// cell). A pixel counts when at least four of its eight neighbours are ink too: a character's
/// stroke is that thick at 300 dpi, a speck of dust or scanner noise is not, and one speck in a
/// corner would move the box, and the margins Tesseract reads best with, far off the figure.
func inkBounds(of region: PixelRegion, in image: GrayRaster, minimum: Int = 12) -> PixelRegion? {
    var (x0, y0, x1, y1, count) = (Int.max, Int.max, Int.min, Int.min, 0)
    let width = image.width
    image.pixels.withUnsafeBufferPointer { pixels in
        for y in max(region.top, 1)..<min(region.top + region.height, image.height - 1) {
            for x in max(region.left, 1)..<min(region.left + region.width, width - 1) where pixels[y * width + x] <= inkLevel {
                var neighbours = 0
                for dy in -1...1 {
                    for dx in -1...1 where (dx, dy) != (0, 0) && pixels[(y + dy) * width + x + dx] <= inkLevel { neighbours += 1 }
                }
                guard neighbours >= 4 else { continue }
                count += 1
                (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
            }
        }
    }
    guard count >= minimum else { return nil }
    return PixelRegion(left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1)
}

extension GrayRaster {
    /// The region's pixels alone on white, `margin` pixels of it on every side: Tesseract reads a
    /// short line best with some paper around it (a lone 1 in a wide cell read as 下, 4 or 中).
    func isolated(_ region: PixelRegion, margin: Int) -> GrayRaster? {
        let width = region.width + 2 * margin, height = region.height + 2 * margin
        var pixels = [UInt8](repeating: 255, count: width * height)
        for y in 0..<region.height {
            let source = (region.top + y) * self.width + region.left
            let destination = (margin + y) * width + margin
            pixels[destination..<destination + region.width] = self.pixels[source..<source + region.width]
        }
        return GrayRaster(width: width, height: height, pixels: pixels, scale: scale)
    }

    /// The region's pixels enlarged `factor` times (bilinear), alone on white with `margin` pixels
    /// of paper (of the enlarged picture) on every side; its scale is the page's times `factor`.
    func enlarged(_ region: PixelRegion, factor: Double, margin: Int) -> GrayRaster? {
        guard factor > 1 else { return isolated(region, margin: margin) }
        let inner = (width: Int((Double(region.width) * factor).rounded()), height: Int((Double(region.height) * factor).rounded()))
        let width = inner.width + 2 * margin, height = inner.height + 2 * margin
        var pixels = [UInt8](repeating: 255, count: width * height)
        for y in 0..<inner.height {
            // The source position of the pixel's centre, clamped inside the region.
            let sy = min(max((Double(y) + 0.5) / factor - 0.5, 0), Double(region.height - 1))
            let y0 = Int(sy), y1 = min(y0 + 1, region.height - 1), fy = sy - Double(y0)
            for x in 0..<inner.width {
                let sx = min(max((Double(x) + 0.5) / factor - 0.5, 0), Double(region.width - 1))
                let x0 = Int(sx), x1 = min(x0 + 1, region.width - 1), fx = sx - Double(x0)
                func at(_ px: Int, _ py: Int) -> Double { Double(self.pixels[(region.top + py) * self.width + region.left + px]) }
                let top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx, bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
                pixels[(margin + y) * width + margin + x] = UInt8((top * (1 - fy) + bottom * fy).rounded())
            }
        }
        return GrayRaster(width: width, height: height, pixels: pixels, scale: scale * factor)
    }
}

/// The share of the scan's pixels that are ink, from every 7th pixel (a prime, so a pattern of
/// stripes cannot hide from it).
func inkShare(_ image: GrayRaster) -> Double {
    var dark = 0, seen = 0
    for index in Swift.stride(from: 0, to: image.pixels.count, by: 7) {
        seen += 1
        if image.pixels[index] <= inkLevel { dark += 1 }
    }
    return seen == 0 ? 0 : Double(dark) / Double(seen)
}

/// Paints the boxes (points) white: the text outside the tables is read without them.
func whiten(_ boxes: [BoundingBox], in image: inout GrayRaster) {
    let scale = image.scale
    for box in boxes {
        guard let region = PixelRegion(box, scale: scale, inset: -1, in: image) else { continue }
        for y in region.top..<region.top + region.height {
            let row = y * image.width
            for x in region.left..<region.left + region.width { image.pixels[row + x] = 255 }
        }
    }
}
