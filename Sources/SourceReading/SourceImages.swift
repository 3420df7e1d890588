import DocumentModel
import Foundation
import PDFExtraction

/// What the review app shows of a source file beside its values: the one interface of the
/// extraction side it draws pages through, so that it need not know which extractor read them.
public enum SourceImages {
    /// `region` (points, upright, origin top-left; nil for the whole page) of 1-based page `page`
    /// of the PDF at `path` as a PNG at `scale` pixels a point, `highlight` outlined.
    public static func pagePNG(path: String, page: Int, region: BoundingBox?, highlight: BoundingBox?,
                               scale: Double) throws(ExtractionError) -> Data {
        try PageImage.png(path: path, pageNumber: page, region: region, highlight: highlight, scale: scale)
    }
}
