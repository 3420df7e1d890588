import CGlyphSwitch
import CPoppler
import DocumentModel
import PageRaster

extension RenderedBand {
    /// Renders the band `top...bottom` (points) of a page `width` points wide into this raster,
    /// reusing its storage: a fresh 8 MB buffer per page cost page faults and a clearing pass each
    /// time. False when nothing could be rendered.
    ///
    /// poppler-glib has no API for a page's drawn paths, so the lines are read back from pixels: a
    /// stroked path and a thin filled rectangle look the same once drawn, as they do to a reader.
    /// Only a band is rendered: where tables can be. The pixel count is bounded so one huge page
    /// cannot take the machine's memory. A pixel a point finds the same rulings as two did on the
    /// whole sweep of 868 PDFs (hairlines too, see `RulingCriteria`), in a quarter of the pixels.
    mutating func render(_ page: OpaquePointer, width: Double, top: Double, bottom: Double,
                         preferredScale: Double = Self.preferredScale, maxPixels: Double = Self.maxPixels) -> Bool {
        let height = bottom - top
        guard width.isFinite, height.isFinite, width > 0, height > 0 else { return false }
        let scale = boundedScale(width: width, height: height, preferred: preferredScale, maxPixels: maxPixels)
        // A band far longer than it is tall (a page 1e14 points wide) is scaled down to the pixel
        // budget yet still wider than cairo draws: such a band is skipped, not converted to Int32.
        guard let pixelWidth = cairoPixelCount(width * scale), let pixelHeight = cairoPixelCount(height * scale) else { return false }
        // RGB24 rows are whole 32-bit words, so the stride is the width and a pixel is one UInt32.
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(pixelWidth)))
        guard stride == pixelWidth * 4 else { return false }
        let count = pixelWidth * pixelHeight
        if pixels.count < count {
            // Not cleared here: cairo_paint below whitens every pixel of the band before anything
            // reads one, and clearing 8 MB first was a visible share of the time.
            pixels = [UInt32](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        }
        let rendered = pixels.withUnsafeMutableBytes { storage -> Bool in
            guard let base = storage.baseAddress?.assumingMemoryBound(to: UInt8.self),
                  let surface = cairo_image_surface_create_for_data(base, CAIRO_FORMAT_RGB24, Int32(pixelWidth), Int32(pixelHeight), Int32(stride))
            else { return false }
            defer { cairo_surface_destroy(surface) }
            guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return false }
            // The glyphs would be erased before the search anyway (see `erase`), and drawing
            // them was more than half the cost of rendering.
            gongkai_set_glyphs_drawn(false)
            drawPage(page, on: context, scale: scale, x: 0, y: top)
            gongkai_set_glyphs_drawn(true)
            cairo_destroy(context)
            cairo_surface_flush(surface)
            return true
        }
        guard rendered else { return false }
        self.width = pixelWidth
        self.height = pixelHeight
        self.scale = scale
        self.top = top
        return true
    }
}

extension RenderedBand {
    static let preferredScale = 1.0
    static let maxPixels = 6_000_000.0

    /// A whole page fits the pixel budget at the preferred scale, so drawing it whole finds the
    /// rulings any band of it would.
    static func fitsWhole(width: Double, height: Double) -> Bool {
        width * preferredScale * height * preferredScale <= maxPixels
    }
}

/// The pixels `length` covers, rounded up, when cairo can make an image that size: it refuses a
/// side past 32,767 pixels, and the length comes from the file.
private func cairoPixelCount(_ length: Double) -> Int? {
    guard length.isFinite, length > 0, length <= 32_767 else { return nil }
    return Int(length.rounded(.up))
}

/// A region of a page in grey for OCR (the whole page, or a picture on it), glyphs and pictures
/// drawn, at the limits' scan scale or less to stay within their pixel budget; nil when it cannot
/// be drawn. A scan is an image on the page, so rendering it at 300 dpi resamples the scanner's
/// pixels (150 dpi ones are enlarged, which Tesseract reads better than small ones).
func grayImage(of page: OpaquePointer, region: BoundingBox, limits: PDFLimits) -> GrayRaster? {
    let (width, height) = (region.width, region.height)
    guard width.isFinite, height.isFinite, width > 0, height > 0 else { return nil }
    let scale = boundedScale(width: width, height: height, preferred: limits.scanScale, maxPixels: limits.maxScanPixels)
    guard let pixelWidth = cairoPixelCount(width * scale), let pixelHeight = cairoPixelCount(height * scale) else { return nil }
    var pixels = [UInt32](repeating: 0, count: pixelWidth * pixelHeight)
    let drawn = pixels.withUnsafeMutableBytes { storage -> Bool in
        guard let base = storage.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let surface = cairo_image_surface_create_for_data(base, CAIRO_FORMAT_RGB24, Int32(pixelWidth), Int32(pixelHeight), Int32(pixelWidth * 4))
        else { return false }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return false }
        drawPage(page, on: context, scale: scale, x: region.x0, y: region.y0)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        return true
    }
    guard drawn else { return nil }
    return GrayRaster(width: pixelWidth, height: pixelHeight, pixels: pixels.map(scanGray), scale: scale)
}

/// The grey a scanner would give a pixel, except that red ink (a seal stamped over a table) is read
/// in its red light, where it is nearly white and the black under it stays black.
func scanGray(_ pixel: UInt32) -> UInt8 {
    let red = Int(UInt8(truncatingIfNeeded: pixel >> 16)), green = Int(UInt8(truncatingIfNeeded: pixel >> 8)), blue = Int(UInt8(truncatingIfNeeded: pixel))
    if red > green + 60, red > blue + 60 { return UInt8(red) }
    return UInt8((red * 299 + green * 587 + blue * 114) / 1000)
}
