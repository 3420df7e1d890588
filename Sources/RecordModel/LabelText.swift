/// Printed text as the record reads it: full-width forms folded, whitespace of every kind
/// trimmed or removed. Cell values are read through it (`ValueParser`), and the parser extends it
/// with the matching of labels to the template's wording.
package enum LabelText {
    /// Folds full-width ASCII forms (U+FF01–U+FF5E) to ASCII and the ideographic space to a space,
    /// so that `（一）`, `１２３` and `，` compare equal to `(一)`, `123` and `,`.
    package static func halfWidth(_ text: String) -> String {
        if !hasWideForms(text) { return text }
        // Over the UTF-8, a scalar at a time being a byte pattern: U+FF01–U+FF3F are EF BC 81 …
        // BF, U+FF40–U+FF5E EF BD 80 … 9E, and their ASCII forms 0x21–0x7E; U+3000 is E3 80 80.
        // Those two bytes start no other scalar, so every other byte is copied as it is.
        return rewritingUTF8(text) { utf8, index, folded in
            let third = index + 2 < utf8.count ? utf8[index + 2] : 0
            switch (utf8[index], index + 1 < utf8.count ? utf8[index + 1] : 0) {
            case (0xEF, 0xBC) where third >= 0x81:
                folded.append(third - 0x60)
                return 3
            case (0xEF, 0xBD) where third <= 0x9E:
                folded.append(third - 0x20)
                return 3
            case (0xE3, 0x80) where third == 0x80:
                folded.append(0x20)
                return 3
            default:
                folded.append(utf8[index])
                return 1
            }
        }
    }

    /// Text rewritten over its UTF-8: from each index, `step` appends what the bytes there become
    /// and says how many it took.
    private static func rewritingUTF8(_ text: String, _ step: (UnsafeBufferPointer<UInt8>, Int, inout [UInt8]) -> Int) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            var output: [UInt8] = []
            output.reserveCapacity(utf8.count)
            var index = 0
            while index < utf8.count { index += step(utf8, index, &output) }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Whether `text` has a scalar `halfWidth` folds, told from its UTF-8: U+3000 is E3 80 80,
    /// U+FF01–U+FF5E are EF BC 81 … EF BD 9E. Most text has none and is kept as it is.
    private static func hasWideForms(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch previous {
            case (0xE3, 0x80) where byte == 0x80, (0xEF, 0xBC) where byte >= 0x81, (0xEF, 0xBD) where byte <= 0x9E: return true
            default: previous = (previous.1, byte)
            }
        }
        return false
    }

    /// Text as keys, titles and the body are read: half width (`halfWidth`), no whitespace
    /// (`removingWhitespace`). Plain text (`isPlain`), as reports' is, is folded and stripped in one
    /// pass over its bytes: every paragraph is compacted, and most have both full-width commas
    /// and spaces.
    package static func compact(_ text: String) -> String {
        guard isPlain(text) else { return removingWhitespace(halfWidth(text)) }
        if hasNoWhitespace(text), !hasWideForms(text) { return text }
        // U+3000 folds to a space, which goes; a folded form is never whitespace.
        return rewritingUTF8(text) { utf8, index, kept in
            let byte = utf8[index]
            if byte == 0x20 || (0x09...0x0C).contains(byte) { return 1 }
            guard index + 2 < utf8.count else {
                kept.append(byte)
                return 1
            }
            let third = utf8[index + 2]
            switch (byte, utf8[index + 1]) {
            case (0xE3, 0x80) where third == 0x80: return 3
            case (0xEF, 0xBC) where third >= 0x81: kept.append(third - 0x60)
            case (0xEF, 0xBD) where third <= 0x9E: kept.append(third - 0x20)
            default:
                kept.append(byte)
                return 1
            }
            return 3
        }
    }

    /// Removes whitespace of every kind: spaces, NBSP, the ideographic space and line breaks,
    /// which extractors leave inside labels where the printed text wrapped (`商业\n企业`).
    package static func removingWhitespace(_ text: String) -> String {
        if hasNoWhitespace(text) { return text }
        guard isPlain(text) else { return String(text.filter { !$0.isWhitespace }) }
        // Plain text's whitespace is tab, the line breaks but CR, the space and U+3000 (E3 80 80),
        // each a character of its own: its bytes are left out, the rest copied as they are.
        return rewritingUTF8(text) { utf8, index, kept in
            let byte = utf8[index]
            if byte == 0x20 || (0x09...0x0C).contains(byte) { return 1 }
            if byte == 0xE3, index + 2 < utf8.count, utf8[index + 1] == 0x80, utf8[index + 2] == 0x80 { return 3 }
            kept.append(byte)
            return 1
        }
    }

    /// True when every scalar of `text` is a character of its own that joins no neighbour and that
    /// no other spelling is canonically equivalent to: ASCII but CR (CR LF is one character),
    /// Latin-1 signs, general and CJK punctuation, CJK ideographs, full-width forms. Reports' text
    /// is almost always so; in it a pass over the bytes does what one over the characters does,
    /// and a search of the bytes finds what Foundation's comparison of characters finds.
    package static func isPlain(_ text: some StringProtocol) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isPlain) ?? text.unicodeScalars.allSatisfy { isPlain($0.value) }
    }

    /// `isPlain` of a `String`, over its UTF-8 directly: the generic one, called from another
    /// module, reaches the bytes through the protocol's witnesses.
    package static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isPlain)
    }

    /// `isPlain` over UTF-8, decoded here: plain scalars take one byte (ASCII), two (Latin-1
    /// signs) or three.
    private static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < utf8.count {
            let lead = utf8[index]
            let value: UInt32, length: Int
            switch lead {
            // Most of a report: ASCII, and the ideographs U+5000–U+9FFF (lead bytes E5–E9, every
            // scalar of which is plain), told without decoding.
            case ..<0x80 where lead != 0x0D:
                index += 1
                continue
            case 0xE5...0xE9 where index + 2 < utf8.count:
                index += 3
                continue
            case ..<0x80: (value, length) = (UInt32(lead), 1)
            case 0xC0..<0xE0 where index + 1 < utf8.count:
                (value, length) = (UInt32(lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F), 2)
            case 0xE0..<0xF0 where index + 2 < utf8.count:
                (value, length) = (UInt32(lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F), 3)
            default: return false
            }
            guard isPlain(value) else { return false }
            index += length
        }
        return true
    }

    /// The plain scalars. Latin-1's signs (· × ÷) are among them, NBSP is not: plain text's
    /// whitespace is told by its bytes (`removingWhitespace`).
    package static func isPlain(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x00...0x0C, 0x0E...0x7F, 0xA1...0xBF, 0xD7, 0xF7, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029,
             0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
        default: false
        }
    }

    /// Whitespace of every kind trimmed from both ends (NBSP and U+3000 included).
    package static func trimmed(_ text: String) -> String {
        if hasNoWhitespace(text) { return text }
        var slice = Substring(text)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    /// True when no scalar of `text` is whitespace (White_Space), told from its UTF-8 alone: no
    /// byte is an ASCII space or control, nor the lead byte of the other White_Space scalars
    /// (U+0085, U+00A0: C2; U+1680: E1; U+2000–U+205F: E2; U+3000: E3). Most labels, Chinese text
    /// (lead bytes E4–E9) and digits, pass without the cost of `Character.isWhitespace`; a false
    /// answer only means looking at the characters.
    package static func hasNoWhitespace(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in byte > 0x20 && byte != 0xC2 && !(0xE1...0xE3).contains(byte) }
    }

}

extension Character {
    /// `("0"..."9").contains(self)`, told from the scalars instead of comparing strings: a digit,
    /// or a digit below 9 with marks after it (which sorts between "0" and "9").
    package var isASCIIDigit: Bool {
        if let ascii = asciiValue { return (0x30...0x39).contains(ascii) }
        let scalars = unicodeScalars
        guard let first = scalars.first, (0x30...0x39).contains(first.value) else { return false }
        return first.value < 0x39 || scalars.count == 1
    }
}
