/// What a file is by its first bytes, never by its name: inboxes hold misnamed files.
public enum FileSignature: Sendable, Hashable {
    case pdf
    case zip
    /// The OLE2 compound file of Word 97-2003 `.doc` and WPS `.wps`.
    case compoundFile
    /// A web page: markup from its first bytes (after a byte-order mark and white space).
    case html
    /// A single-file web archive (`.mht`, `.mhtml`, a browser's "save as"): a MIME message.
    case webArchive
    case unknown

    /// How many leading bytes `init(leadingBytes:)` wants to see.
    public static let prefixLength = 1024

    public init(leadingBytes bytes: [UInt8]) {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            self = .zip
        } else if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            self = .compoundFile
        } else if Self.containsPDFHeader(bytes) {
            self = .pdf
        } else if Self.startsWithMarkup(bytes) {
            self = .html
        } else if Self.isMIMEMessage(bytes) {
            self = .webArchive
        } else {
            self = .unknown
        }
    }

    /// PDF readers accept `%PDF-` anywhere in the first kilobyte (some generators prepend junk).
    private static func containsPDFHeader(_ bytes: [UInt8]) -> Bool {
        let marker: [UInt8] = Array("%PDF-".utf8)
        guard bytes.count >= marker.count else { return false }
        let window = bytes.prefix(prefixLength)
        for start in window.indices where start + marker.count <= window.endIndex {
            if window[start..<start + marker.count].elementsEqual(marker) { return true }
        }
        return false
    }

    /// How a web page starts, in any case: a saved page begins with one of these once a UTF-8
    /// byte-order mark and white space are passed.
    private static let markupStarts = ["<!doctype html", "<html", "<head", "<meta", "<!--", "<body", "<title"].map { Array($0.utf8) }

    private static func startsWithMarkup(_ bytes: [UInt8]) -> Bool {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < min(bytes.count, prefixLength), [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(bytes[start]) { start += 1 }
        let head = bytes[start..<min(bytes.count, start + 16)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        return markupStarts.contains { head.starts(with: $0) }
    }

    /// A MIME message's header in the first kilobyte: `MIME-Version:` or a multipart/related
    /// content type at the start of a line, as browsers and IE write web archives.
    private static func isMIMEMessage(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(prefixLength), as: UTF8.self).lowercased()
        return text.split(whereSeparator: \.isNewline).contains { line in
            line.hasPrefix("mime-version:") || line.hasPrefix("content-type: multipart/related")
        }
    }

    /// The name a person knows a compound file by, guessed from the extension only for the message.
    public static func legacyFormatName(forExtension ext: String) -> String {
        switch ext.lowercased() {
        case "wps": "WPS (.wps)"
        case "et": "WPS spreadsheet (.et)"
        case "xls": "Excel 97-2003 (.xls)"
        default: "Word 97-2003 (.doc)"
        }
    }
}

/// What an OLE2 compound file holds, by the names of its streams: the first bytes of a Word 97
/// `.doc`, a WPS `.wps`/`.et` and a password-protected `.docx` are all the same.
public enum CompoundFileContent: Sendable, Hashable {
    /// `EncryptionInfo` and `EncryptedPackage`: an OOXML document (usually a `.docx`) with a password.
    case encryptedOOXML
    /// `Workbook` or `Book`: an Excel or WPS spreadsheet.
    case spreadsheet
    /// Anything else: `WordDocument` for Word and WPS documents, or streams we do not know, which
    /// LibreOffice is left to recognise.
    case wordProcessing

    /// Reads the stream names from the directory entries. Entries are 128 bytes at 128-byte
    /// boundaries past the 512-byte header, so each boundary is looked at as an entry: that needs
    /// neither the allocation table nor the sector chains, which a damaged or hostile file can make
    /// loop, and costs one pass over the bytes. An entry counts only with its name length and a
    /// stream type set as the format sets them, which text that happens to spell a name does not.
    public init(compoundFile bytes: [UInt8]) {
        var names = Set<String>()
        var offset = 512
        while offset + 128 <= bytes.count {
            if let name = Self.streamName(bytes[offset..<offset + 128]) { names.insert(name) }
            offset += 128
        }
        if names.isSuperset(of: ["EncryptionInfo", "EncryptedPackage"]) {
            self = .encryptedOOXML
        } else if !names.isDisjoint(with: ["Workbook", "Book"]) {
            self = .spreadsheet
        } else {
            self = .wordProcessing
        }
    }

    /// The name of a stream entry (type 2): UTF-16LE, its byte length with the terminator at offset 64.
    private static func streamName(_ entry: ArraySlice<UInt8>) -> String? {
        let base = entry.startIndex
        let length = Int(entry[base + 64]) | Int(entry[base + 65]) << 8
        guard entry[base + 66] == 2, length >= 4, length <= 64, length % 2 == 0 else { return nil }
        let units = stride(from: base, to: base + length - 2, by: 2).map { UInt16(entry[$0]) | UInt16(entry[$0 + 1]) << 8 }
        return String(decoding: units, as: UTF16.self)
    }
}
