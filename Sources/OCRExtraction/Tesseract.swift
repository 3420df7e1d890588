import CTesseract
import DocumentModel
import Foundation
import PageRaster

/// One character Tesseract read, where it stands in the image (pixels) and how sure it was.
struct RecognizedSymbol: Sendable, Hashable {
    var text: String
    var left: Int
    var top: Int
    var right: Int
    var bottom: Int
    /// The lower of the character's and its word's confidence, 0 to 1.
    var confidence: Double
}

/// How Tesseract is to read a region.
enum ReadingMode: Sendable, Hashable {
    /// A table cell: one block of text, any characters.
    case cell
    /// A cell of figures: one line, digits and the punctuation and units figures are written with.
    case figures
    /// The same read as a block, which finds a figure the line reading misses (and misses others).
    case figureBlock
    /// Text outside tables: Tesseract finds the blocks and lines itself.
    case page

    var pageSegmentation: TessPageSegMode {
        switch self {
        case .cell, .figureBlock: PSM_SINGLE_BLOCK
        case .figures: PSM_SINGLE_LINE
        case .page: PSM_AUTO
        }
    }

    /// What a figure cell of the template can hold: counts, money in 万元, dashes for none; and O,
    /// o and l, which the English model reads a narrow 0 or a 1 as, sure of them where it is not
    /// of the digit (a lone 0 of a Song face: O at 0.78, forced to 0 at 0.33).
    static let figureCharacters = "0123456789.,-—万元Ool"

    var whitelist: String { self == .figures || self == .figureBlock ? Self.figureCharacters : "" }
}

/// A Tesseract handle with its language loaded. Tesseract's state (the image, the mode, the last
/// result) is the handle's, so a handle is never shared: each extraction makes its own, on its
/// own thread, and it is ended and freed with the engine.
final class TesseractEngine {
    private let handle: OpaquePointer
    private var mode: ReadingMode?

    /// Where the traineddata files are: `TESSDATA_PREFIX` when set, else where Debian, Homebrew
    /// and source builds put them; the first that holds the language.
    static func dataPath(language: String) -> String? {
        var candidates = ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata",
                          "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] { candidates.insert(prefix, at: 0) }
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/\(language).traineddata") }
    }

    /// Nil when the language's data is not installed or Tesseract cannot load it.
    init?(language: String = "chi_sim") {
        guard let path = Self.dataPath(language: language), let handle = TessBaseAPICreate() else { return nil }
        // Tesseract writes its warnings to stderr unless told where else.
        guard TessBaseAPIInit3(handle, path, language) == 0 else {
            TessBaseAPIDelete(handle)
            return nil
        }
        TessBaseAPISetVariable(handle, "debug_file", "/dev/null")
        self.handle = handle
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// The characters Tesseract reads in an image, in its reading order, boxes in the image's
    /// pixels; empty when it reads none or runs past `deadline` milliseconds. Tesseract copies the pixels.
    func read(_ image: GrayRaster, mode: ReadingMode, deadline: Int) -> [RecognizedSymbol] {
        if self.mode != mode {
            TessBaseAPISetPageSegMode(handle, mode.pageSegmentation)
            TessBaseAPISetVariable(handle, "tessedit_char_whitelist", mode.whitelist)
            self.mode = mode
        }
        image.pixels.withUnsafeBufferPointer { pixels in
            TessBaseAPISetImage(handle, pixels.baseAddress, Int32(image.width), Int32(image.height), 1, Int32(image.width))
        }
        TessBaseAPISetSourceResolution(handle, Int32((image.scale * 72).rounded()))
        guard let monitor = TessMonitorCreate() else { return [] }
        defer { TessMonitorDelete(monitor) }
        TessMonitorSetDeadlineMSecs(monitor, Int32(deadline))
        guard TessBaseAPIRecognize(handle, monitor) == 0, let iterator = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(iterator) }
        var symbols: [RecognizedSymbol] = []
        repeat {
            guard let pointer = TessResultIteratorGetUTF8Text(iterator, RIL_SYMBOL) else { continue }
            let text = String(cString: pointer)
            TessDeleteText(pointer)
            var (x0, y0, x1, y1): (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
            guard !text.isEmpty, TessPageIteratorBoundingBox(TessResultIteratorGetPageIteratorConst(iterator), RIL_SYMBOL, &x0, &y0, &x1, &y1) != 0
            else { continue }
            let confidence = min(TessResultIteratorConfidence(iterator, RIL_SYMBOL), TessResultIteratorConfidence(iterator, RIL_WORD))
            symbols.append(RecognizedSymbol(text: text, left: Int(x0), top: Int(y0), right: Int(x1), bottom: Int(y1),
                                            confidence: Double(min(max(confidence, 0), 100)) / 100))
        } while TessResultIteratorNext(iterator, RIL_SYMBOL) != 0
        return symbols
    }
}
