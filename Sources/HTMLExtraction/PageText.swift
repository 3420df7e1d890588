import CLibXML2

/// Text as a browser lays it out, gathered as UTF-8: runs of HTML white space (space, tab, line
/// feed, carriage return, form feed) are one space, none at a line's start or end. `&nbsp;` and
/// the full-width space are not HTML white space and stay, as they stand in the page (values
/// padded with them, `　　0`), except that a line of nothing else is blank.
struct PageText {
    private var bytes: [UInt8] = []
    private var pendingSpace = false
    /// Visible characters (not white space), and how many of them stand in links.
    private(set) var characters = 0
    private(set) var linkCharacters = 0

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ text: UnsafePointer<xmlChar>, inLink: Bool) {
        var pointer = text
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            pointer += 1
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                pendingSpace = !bytes.isEmpty
                continue
            }
            if pendingSpace {
                bytes.append(0x20)
                pendingSpace = false
            }
            bytes.append(byte)
            // One character per UTF-8 lead byte.
            if byte & 0xC0 != 0x80 {
                characters += 1
                if inLink { linkCharacters += 1 }
            }
        }
    }

    /// The line's text, or "" when it holds nothing but spaces (`&nbsp;`, full-width); the
    /// buffer is emptied for the next line.
    mutating func take() -> String {
        defer { self = PageText() }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.unicodeScalars.allSatisfy(\.properties.isWhitespace) ? "" : text
    }
}
