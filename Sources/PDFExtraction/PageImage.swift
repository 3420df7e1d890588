import CPoppler
import DocumentModel
import Foundation

/// A region of a page as a PNG, with one box outlined: what a reviewer looks at beside a number.
public enum PageImage {
    /// Cairo's largest image surface, pixels a side: a bound on each side as `maxPixels` is on the area.
    static let maxSide = 32_767.0

    /// Renders `region` (points, upright, origin top-left; clipped to the page) of 1-based page
    /// `pageNumber` at `scale` pixels per point, and outlines `highlight` in red over a yellow
    /// wash. The pixel count is bounded (`maxPixels`), so no page can take the machine's memory:
    /// a larger region is rendered at a smaller scale. A page whose size comes from the file as
    /// absurd (1e14 points wide, infinite, not a number) is refused, not converted into a trap.
    public static func png(path: String, pageNumber: Int, region: BoundingBox?, highlight: BoundingBox?,
                           scale preferredScale: Double = 2, maxPixels: Double = 4_000_000) throws(ExtractionError) -> Data {
        let document = try PDFExtractor.open(path: path)
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        guard pageNumber >= 1, pageNumber <= Int(poppler_document_get_n_pages(document)),
              let page = poppler_document_get_page(document, Int32(pageNumber - 1)) else {
            throw ExtractionError(file: path, reason: .damaged("no page \(pageNumber)"))
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var width = 0.0
        var height = 0.0
        poppler_page_get_size(page, &width, &height)
        let whole = BoundingBox(x0: 0, y0: 0, x1: width, y1: height)
        let area = region.map { clip($0, to: whole) } ?? whole
        guard area.width >= 1, area.height >= 1 else {
            throw ExtractionError(file: path, reason: .damaged("page \(pageNumber) has no area to show"))
        }
        // The area bound alone lets one side grow past what Cairo and Int32 take when the other is
        // thin (1e14 × 10 points at the area's scale is 6e9 pixels wide), so each side is bounded too.
        let scale = min(boundedScale(width: area.width, height: area.height, preferred: preferredScale, maxPixels: maxPixels),
                        Self.maxSide / area.width, Self.maxSide / area.height)
        let scaledWidth = area.width * scale
        let scaledHeight = area.height * scale
        // Less than a pixel along a side at that scale: nothing a reviewer could read would show.
        // Comparisons with NaN are false, so a size that is not a number (an infinite side times
        // a zero scale) ends here too.
        guard scaledWidth >= 1, scaledHeight >= 1 else {
            throw ExtractionError(file: path, reason: .limitExceeded(
                "page \(pageNumber) is \(area.width) × \(area.height) points: too large to show"))
        }
        // Within 1...maxSide (the min takes off a rounding error at the side bound), so Int32 holds them.
        let pixelWidth = Int32(min(scaledWidth.rounded(.up), Self.maxSide))
        let pixelHeight = Int32(min(scaledHeight.rounded(.up), Self.maxSide))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixelWidth, pixelHeight) else {
            throw ExtractionError(file: path, reason: .limitExceeded("page \(pageNumber) cannot be drawn"))
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            throw ExtractionError(file: path, reason: .limitExceeded("page \(pageNumber) cannot be drawn"))
        }
        defer { cairo_destroy(context) }
        drawPage(page, on: context, scale: scale, x: area.x0, y: area.y0)
        if let highlight {
            // Yellow under the text (multiply keeps the digits black), a red frame around it.
            cairo_set_operator(context, CAIRO_OPERATOR_MULTIPLY)
            cairo_set_source_rgb(context, 1, 0.93, 0.35)
            cairo_rectangle(context, highlight.x0, highlight.y0, highlight.width, highlight.height)
            cairo_fill(context)
            cairo_set_operator(context, CAIRO_OPERATOR_OVER)
            cairo_set_source_rgb(context, 0.85, 0.1, 0.1)
            cairo_set_line_width(context, 1.5 / scale * 2)
            cairo_rectangle(context, highlight.x0 - 1, highlight.y0 - 1, highlight.width + 2, highlight.height + 2)
            cairo_stroke(context)
        }
        cairo_surface_flush(surface)
        var png = Data()
        let status = withUnsafeMutablePointer(to: &png) { output in
            cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
                guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                closure.assumingMemoryBound(to: Data.self).pointee.append(bytes, count: Int(length))
                return CAIRO_STATUS_SUCCESS
            }, output)
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ExtractionError(file: path, reason: .limitExceeded("page \(pageNumber) cannot be written as PNG"))
        }
        return png
    }

    /// The part of `box` inside `bounds`.
    static func clip(_ box: BoundingBox, to bounds: BoundingBox) -> BoundingBox {
        BoundingBox(x0: max(box.x0, bounds.x0), y0: max(box.y0, bounds.y0),
                    x1: min(box.x1, bounds.x1), y1: min(box.y1, bounds.y1))
    }
}
