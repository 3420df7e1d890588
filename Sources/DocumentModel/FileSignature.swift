/// What a file is by its first bytes, never by its name: inboxes hold misnamed files.
public enum FileSignature: Sendable, Hashable {
    case pdf
    case zip
    /// The OLE2 compound file of Word 97-2003 `.doc` and WPS `.wps`.
    case compoundFile
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

    /// The name a person knows a compound file by, guessed from the extension only for the message.
    public static func legacyFormatName(forExtension ext: String) -> String {
        ext.lowercased() == "wps" ? "WPS (.wps)" : "Word 97-2003 (.doc)"
    }
}
