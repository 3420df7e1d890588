/// One glyph or run of glyphs as the PDF draws it, in upright page coordinates.
public struct TextRun: Sendable, Hashable {
    public var text: String
    public var box: BoundingBox
    public var fontSize: Double
    /// For text read from pixels (OCR), how sure the recognizer was of it, 0 to 1 (Tesseract's
    /// confidence in the word); nil for text the file itself holds.
    public var confidence: Double?

    public init(text: String, box: BoundingBox, fontSize: Double, confidence: Double? = nil) {
        self.text = text
        self.box = box
        self.fontSize = fontSize
        self.confidence = confidence
    }
}

/// A line drawn on a page that may bound table cells: a stroked path or a thin filled rectangle.
public struct Ruling: Sendable, Hashable {
    public enum Orientation: Sendable, Hashable { case horizontal, vertical }

    public var orientation: Orientation
    /// The y of a horizontal ruling, the x of a vertical one.
    public var position: Double
    /// Where it begins and ends along its own direction.
    public var start: Double
    public var end: Double

    public init(orientation: Orientation, position: Double, start: Double, end: Double) {
        self.orientation = orientation
        self.position = position
        self.start = min(start, end)
        self.end = max(start, end)
    }

    public var length: Double { end - start }
}

/// A text line assembled from runs that share a baseline.
public struct TextLine: Sendable, Hashable {
    public var text: String
    public var box: BoundingBox
    public var runs: [TextRun]

    public init(text: String, box: BoundingBox, runs: [TextRun]) {
        self.text = text
        self.box = box
        self.runs = runs
    }
}

/// One page of a PDF, upright: landscape and rotated pages are reported with the size a reader sees.
public struct Page: Sendable, Hashable {
    /// 1-based, as people and the record format count pages.
    public var number: Int
    public var width: Double
    public var height: Double
    public var runs: [TextRun]
    public var lines: [TextLine]
    public var rulings: [Ruling]

    public init(number: Int, width: Double, height: Double, runs: [TextRun], lines: [TextLine], rulings: [Ruling]) {
        self.number = number
        self.width = width
        self.height = height
        self.runs = runs
        self.lines = lines
        self.rulings = rulings
    }

    public var isLandscape: Bool { width > height }

    /// Characters that stand for glyphs the PDF gave no Unicode for: U+FFFD and the private-use
    /// areas, which CID fonts without a ToUnicode map produce. Such text must never pass as text.
    public var unreadableCharacterCount: Int {
        runs.reduce(0) { count, run in
            count + run.text.unicodeScalars.filter(isUnmappedGlyph).count
        }
    }

    /// True when most of the page's characters are unreadable: its text cannot be trusted at all.
    public var isUnreadable: Bool {
        let total = runs.reduce(0) { $0 + $1.text.unicodeScalars.count }
        return total > 0 && unreadableCharacterCount * 2 > total
    }
}

/// Whether a Chinese document's text layer maps its glyphs to the wrong characters: a font whose
/// Unicode map a producer wrote wrong (Ghostscript rewriting Chromium's subset fonts does) turns
/// some characters into others, `公` into `}`, `年` into `ÿ`, and the rest stay right, so no
/// character is unmapped. Latin letters with accents (U+00C0–U+024F) and C1 control codes
/// (U+0080–U+009F) are in no Chinese report's text; in a mostly CJK text, 5 of them and at least
/// one character in a hundred say the map is wrong.
public func textLayerIsMisMapped(_ pages: [Page]) -> Bool {
    var total = 0, chinese = 0, foreign = 0
    for page in pages {
        for run in page.runs {
            for scalar in run.text.unicodeScalars {
                total += 1
                switch scalar.value {
                case 0x3400...0x4DBF, 0x4E00...0x9FFF: chinese += 1
                case 0x80...0x9F: foreign += 1
                case 0xC0...0x24F where scalar.properties.isAlphabetic: foreign += 1
                default: break
                }
            }
        }
    }
    return chinese * 2 >= total && foreign >= 5 && foreign * 100 >= total
}

private func isUnmappedGlyph(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0xFFFD, 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: true
    default: false
    }
}
