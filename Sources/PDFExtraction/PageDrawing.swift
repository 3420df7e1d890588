import CPoppler

/// The scale (pixels per point) for a region of `width` × `height` points: `preferred`, or less
/// so that the region stays within `maxPixels`, which keeps one huge page from taking the
/// machine's memory.
func boundedScale(width: Double, height: Double, preferred: Double, maxPixels: Double) -> Double {
    min(preferred, (maxPixels / (width * height)).squareRoot())
}

/// Draws a page, upright with /Rotate applied, onto a white `context` at `scale`, the point
/// `(x, y)` of the page (top-left origin, in the coordinates the extractor gives boxes in) at
/// the context's origin. The caller's transformations stay on the context for drawing over it.
func drawPage(_ page: OpaquePointer, on context: OpaquePointer, scale: Double, x: Double, y: Double) {
    cairo_set_source_rgb(context, 1, 1, 1)
    cairo_paint(context)
    cairo_scale(context, scale, scale)
    cairo_translate(context, -x, -y)
    poppler_page_render(page, context)
}
