/// Why a file could not be read, with the file named, as one line a person can act on.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// Neither a PDF, a DOCX nor a web page; the detail says what it looks like.
        case unsupportedFormat(String)
        /// An older binary format (Word 97-2003, WPS) that LibreOffice converts when it is installed;
        /// this is the error when it is not.
        case legacyFormat(String)
        /// LibreOffice was there but gave no DOCX (or PDF, for a spreadsheet) for the legacy file.
        case conversionFailed(format: String, detail: String)
        /// The container or its content is broken (truncated, corrupt, malformed XML).
        case damaged(String)
        /// A required part is missing (a zip without `word/document.xml`).
        case missingPart(String)
        /// A safety bound was hit: inflated size, compression ratio, nesting, text size, page content.
        case limitExceeded(String)
        /// Markup a DOCX never carries and that could be used against the reader (DOCTYPE, entities).
        case forbiddenMarkup(String)
        /// Encrypted with a user password we were not given.
        case encrypted
        /// An OOXML document encrypted with a password: a compound file holding `EncryptionInfo`
        /// and `EncryptedPackage`, which looks like a Word 97 `.doc` from its first bytes.
        case encryptedWordDocument
        case noPages
        /// No page has a text layer: a scan, to be read by a later (OCR) stage. The pages are named.
        case noTextLayer(pages: [Int])
        /// The file could not be read from disk at all.
        case unreadable(String)
    }

    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        "\(file): \(reasonText)"
    }

    public var reasonText: String {
        switch reason {
        case .unsupportedFormat(let detail): "not a PDF, DOCX or HTML file (\(detail))"
        case .legacyFormat(let format):
            "\(format) file: install LibreOffice (apt-get install libreoffice-writer-nogui) to have it converted, or open it in Word or WPS and save it as DOCX"
        case .conversionFailed(let format, let detail):
            "\(format) file: LibreOffice could not convert it (\(detail)); open it in Word or WPS and save it as DOCX"
        case .damaged(let detail): "damaged file: \(detail)"
        case .missingPart(let part): "not a Word document: \(part) is missing"
        case .limitExceeded(let detail): "refused: \(detail)"
        case .forbiddenMarkup(let detail): "refused: \(detail)"
        case .encrypted: "encrypted PDF: it needs a password to open"
        case .encryptedWordDocument: "encrypted (password-protected) Word document: open it with its password and save it without one"
        case .noPages: "the PDF has no pages"
        case .noTextLayer(let pages):
            pages.count == 1 ? "page \(pages[0]) has no text layer (a scanned page?); it cannot be read as text"
                : "none of its \(pages.count) pages has a text layer (a scanned document?); it cannot be read as text"
        case .unreadable(let detail): "cannot read the file: \(detail)"
        }
    }
}
