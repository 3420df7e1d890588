import CPoppler
import DocumentModel

/// Renders a page through cairo into a grey bitmap, for finding its ruling lines.
///
/// poppler-glib has no API for a page's drawn paths, so the lines are read back from pixels: a
/// stroked path and a thin filled rectangle look the same once drawn, as they do to a reader.
/// Only the horizontal band `top...bottom` (points) is rendered: where tables can be. The pixel
/// count is bounded so one huge page cannot take the machine's memory.
func renderGray(_ page: OpaquePointer, width: Double, top: Double, bottom: Double,
                preferredScale: Double = 2, maxPixels: Double = 6_000_000) -> GrayBitmap? {
    let height = bottom - top
    guard width > 0, height > 0 else { return nil }
    let scale = min(preferredScale, (maxPixels / (width * height)).squareRoot())
    let pixelWidth = Int((width * scale).rounded(.up))
    let pixelHeight = Int((height * scale).rounded(.up))
    guard pixelWidth > 0, pixelHeight > 0,
          let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(pixelWidth), Int32(pixelHeight)) else { return nil }
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else { return nil }
    cairo_set_source_rgb(context, 1, 1, 1)
    cairo_paint(context)
    cairo_scale(context, scale, scale)
    cairo_translate(context, 0, -top)
    poppler_page_render(page, context)
    cairo_destroy(context)
    cairo_surface_flush(surface)
    guard let data = cairo_image_surface_get_data(surface) else { return nil }
    let stride = Int(cairo_image_surface_get_stride(surface))
    var pixels = [UInt8](repeating: 255, count: pixelWidth * pixelHeight)
    pixels.withUnsafeMutableBufferPointer { gray in
        for y in 0..<pixelHeight {
            let row = data + y * stride
            let out = y * pixelWidth
            for x in 0..<pixelWidth {
                // RGB24 is native-endian 0xXXRRGGBB; the darkest channel decides, so coloured lines count.
                let pixel = row + x * 4
                gray[out + x] = min(pixel[0], pixel[1], pixel[2])
            }
        }
    }
    return GrayBitmap(width: pixelWidth, height: pixelHeight, pixels: pixels, scale: scale, top: top)
}
