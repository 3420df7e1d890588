import CPoppler

/// poppler-glib builds poppler's global parameters when a document is opened and frees them when
/// the last open document is freed, so a process reading documents one after another built them
/// again for every document: the encoding directories scanned, the name-to-Unicode tables parsed,
/// and what they cache (CMaps, CID-to-Unicode tables, the substitutes found for fonts a PDF does
/// not embed) thrown away, only to be read back from disk for the next document. One empty
/// document left open for the life of the process keeps them, and their caches, from then on.
enum PopplerGlobals {
    /// Keeps poppler's global parameters for the rest of the process; only the first call does anything.
    static func keep() {
        _ = keptDocument
    }

    /// Never freed, on purpose: while it is open, the global parameters stay.
    private static let keptDocument: Bool = {
        let pdf = emptyPDF()
        let bytes = pdf.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(bytes) }
        return poppler_document_new_from_bytes(bytes, nil, nil) != nil
    }()

    /// A well-formed PDF of one blank page.
    private static func emptyPDF() -> [UInt8] {
        pdfBytes(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >>",
        ])
    }
}

/// A PDF of `objects` (numbered from 1, the first the catalog), its cross-reference table pointing
/// at each: poppler reads it without reconstructing anything. Also how the tests write hostile PDFs.
func pdfBytes(objects: [String]) -> [UInt8] {
    var text = "%PDF-1.4\n"
    var offsets: [Int] = []
    for (index, object) in objects.enumerated() {
        offsets.append(text.utf8.count)
        text += "\(index + 1) 0 obj\n\(object)\nendobj\n"
    }
    let table = text.utf8.count
    text += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
    for offset in offsets {
        text += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n"
    }
    text += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(table)\n%%EOF\n"
    return Array(text.utf8)
}
