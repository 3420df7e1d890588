import DocumentModel
import Foundation

extension PDFExtractor {
    /// An image's pixels, `Int.max` for a size past any count (an unknown one included).
    public static func pixelCount(_ size: (width: Int, height: Int)) -> Int {
        let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
        return overflow ? .max : pixels
    }

    /// The largest image a PDF declares, in pixels (width × height as its dictionary gives them),
    /// nil when it declares none. poppler draws an image by decoding it whole into a surface of 4
    /// bytes a pixel whatever size it is drawn at (a 20,000-pixel square took 1.6 GB to render a
    /// page at 20 dpi), and poppler-glib tells no image's size; so before a page is rendered for
    /// OCR, this says whether one could take the machine's memory. An image is a stream, and a
    /// stream's dictionary is never compressed (object streams cannot hold streams), so its
    /// `/Width` and `/Height` stand in the file's bytes; a size given by reference counts as
    /// unknown, which is as large as `Int.max`. Images inside content streams (inline, a few
    /// kilobytes by the standard's advice) are not seen.
    public static func largestDeclaredImage(in bytes: Data) -> (width: Int, height: Int)? {
        bytes.withUnsafeBytes { buffer -> (width: Int, height: Int)? in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var largest: (width: Int, height: Int)?
            var start = 0
            // `Image` is looked for rather than `/Image`: a PDF's dictionaries are full of `/`.
            while let hit = ByteSearch.firstOffset(of: Array("Image".utf8), in: bytes, from: start) {
                start = hit + 5
                // `/Image` as a whole name (not `/ImageMask`, `/ImageB`), its dictionary around it.
                guard hit > 0, bytes[hit - 1] == UInt8(ascii: "/"), start < bytes.count, isDelimiter(bytes[start]) else { continue }
                let window = max(0, hit - 2_048)..<min(bytes.count, hit + 2_048)
                let width = declaredNumber("/Width", in: bytes, window: window)
                let height = declaredNumber("/Height", in: bytes, window: window)
                guard let width, let height else { continue }
                if (largest.map(pixelCount) ?? 0) < pixelCount((width, height)) {
                    largest = (width, height)
                }
            }
            return largest
        }
    }
}

/// `key` followed by a number in the window of the bytes: the number, `Int.max` when the key
/// names an indirect object (`/Width 12 0 R`), nil when the key is not there.
private func declaredNumber(_ key: String, in bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>) -> Int? {
    let pattern = Array(key.utf8)
    var start = window.lowerBound
    while let hit = ByteSearch.firstOffset(of: pattern, in: bytes, from: start), hit + pattern.count < window.upperBound {
        start = hit + pattern.count
        var index = start
        guard isDelimiter(bytes[index]) else { continue }
        while index < window.upperBound, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
        var value = 0
        var digits = 0
        while index < window.upperBound, (0x30...0x39).contains(bytes[index]), digits < 12 {
            value = value * 10 + Int(bytes[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { continue }
        // `12 0 R`: a reference, whose value this scan cannot see.
        var rest = index
        while rest < window.upperBound, bytes[rest] == 0x20 { rest += 1 }
        if rest < window.upperBound, (0x30...0x39).contains(bytes[rest]) { return Int.max }
        return value
    }
    return nil
}

/// White space or a delimiter of PDF syntax: where a name ends.
private func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x00, 0x09, 0x0A, 0x0C, 0x0D, 0x20, UInt8(ascii: "/"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
         UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "%"): true
    default: false
    }
}
