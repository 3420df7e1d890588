import CZip
import Foundation
import DocumentModel

/// Bounds on what a DOCX may make us inflate, so a zip bomb costs a refusal, not the machine.
public struct DocxLimits: Sendable {
    /// Most bytes `word/document.xml` may inflate to. Real reports stay under 5 MB.
    public var maxDocumentBytes: Int
    /// Most inflated bytes per compressed byte, checked once the part is past `ratioGraceBytes`.
    public var maxCompressionRatio: Int
    public var ratioGraceBytes: Int
    /// Deepest element nesting accepted; Word's own documents stay far below.
    public var maxXMLDepth: Int
    /// Most characters of text kept from the body.
    public var maxTextBytes: Int
    /// Most grid positions in all the body's tables together: a report's tables hold a few
    /// thousand. Counted over the document, not per table, since seven tables of two million
    /// positions took 1.9 GB where one took a seventh of it.
    public var maxTableCells: Int
    /// Most bytes a picture of the body (`word/media/…`) may inflate to for it to be read for a
    /// table: a scanned page as PNG is a few megabytes.
    public var maxPictureBytes: Int
    /// Most pictures of the body read for tables: a report pastes one or two.
    public var maxPictures: Int

    public init(maxDocumentBytes: Int = 256 << 20, maxCompressionRatio: Int = 200, ratioGraceBytes: Int = 8 << 20,
                maxXMLDepth: Int = 200, maxTextBytes: Int = 64 << 20, maxTableCells: Int = 2_000_000,
                maxPictureBytes: Int = 64 << 20, maxPictures: Int = 16) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maxXMLDepth = maxXMLDepth
        self.maxTextBytes = maxTextBytes
        self.maxTableCells = maxTableCells
        self.maxPictureBytes = maxPictureBytes
        self.maxPictures = maxPictures
    }

    public static let `default` = DocxLimits()
}

/// An opened zip archive; closed when the value goes away.
final class ZipArchive {
    let handle: OpaquePointer

    /// Opens the archive in `bytes`, which must outlive it: libzip reads them where they are.
    init(bytes: UnsafeRawBufferPointer, file: String) throws(ExtractionError) {
        var error = zip_error_t()
        zip_error_init(&error)
        defer { zip_error_fini(&error) }
        guard let source = zip_source_buffer_create(bytes.baseAddress, zip_uint64_t(bytes.count), 0, &error) else {
            throw ExtractionError(file: file, reason: .damaged("zip archive cannot be opened (\(String(cString: zip_error_strerror(&error))))"))
        }
        guard let handle = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) else {
            zip_source_free(source)
            throw ExtractionError(file: file, reason: Self.reason(code: zip_error_code_zip(&error), message: String(cString: zip_error_strerror(&error))))
        }
        self.handle = handle
    }

    /// libzip's refusal in the words of the archive: its own text for two entries of one name is
    /// "File already exists", which reads as a problem of the disk.
    private static func reason(code: Int32, message: String) -> ExtractionError.Reason {
        switch code {
        case ZIP_ER_EXISTS: .damaged("two entries of the zip archive have the same name (a damaged or hostile archive)")
        case ZIP_ER_NOZIP, ZIP_ER_INCONS: .damaged("not a readable zip archive (\(message))")
        default: .damaged("zip archive cannot be opened (\(message))")
        }
    }

    deinit { zip_discard(handle) }

    /// Opens one member for streaming after checking its declared sizes against the limits: an XML
    /// part against the document's bytes, with no DOCTYPE; a picture (`isMarkup` false) against
    /// the picture's bytes.
    func openEntry(named name: String, file: String, limits: DocxLimits, isMarkup: Bool = true) throws(ExtractionError) -> ZipEntryStream {
        let maxBytes = isMarkup ? limits.maxDocumentBytes : limits.maxPictureBytes
        let index = zip_name_locate(handle, name, 0)
        guard index >= 0 else { throw ExtractionError(file: file, reason: .missingPart(name)) }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &stat) == 0 else {
            throw ExtractionError(file: file, reason: .damaged("cannot read the entry for \(name)"))
        }
        // Declared sizes can lie; they only let us refuse early. The stream counts real bytes.
        let declared = Int(clamping: stat.size)
        let compressed = Int(clamping: stat.comp_size)
        guard declared <= maxBytes else {
            throw ExtractionError(file: file, reason: .limitExceeded("\(name) would inflate to \(declared) bytes (limit \(maxBytes))"))
        }
        guard let entry = zip_fopen_index(handle, zip_uint64_t(index), 0) else {
            let message = String(cString: zip_strerror(handle))
            throw ExtractionError(file: file, reason: .damaged("cannot open \(name) (\(message))"))
        }
        return ZipEntryStream(entry: entry, name: name, compressedBytes: compressed, limits: limits, maxBytes: maxBytes, isMarkup: isMarkup)
    }

    /// A member's bytes, inflated within the limits for a picture.
    func picture(named name: String, file: String, limits: DocxLimits) throws(ExtractionError) -> Data {
        let stream = try openEntry(named: name, file: file, limits: limits, isMarkup: false)
        var bytes = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in buffer.baseAddress.map { stream.read(into: $0, capacity: buffer.count) } ?? -1 }
            if count == 0 { return bytes }
            guard count > 0 else { throw ExtractionError(file: file, reason: stream.failure ?? .damaged("\(name) cannot be inflated")) }
            bytes.append(contentsOf: chunk[0..<Int(count)])
        }
    }
}

/// One zip member being inflated, counting every byte against the limits.
final class ZipEntryStream {
    let entry: OpaquePointer
    let name: String
    let compressedBytes: Int
    let limits: DocxLimits
    /// Most bytes the member may inflate to.
    let maxBytes: Int
    /// An XML part, refused when it declares a DOCTYPE or entities; a picture's bytes are not looked at.
    let isMarkup: Bool
    private(set) var inflatedBytes = 0
    /// The first bytes, where a DOCTYPE would stand: refused before libxml2 parses any declaration.
    private var prologue: [UInt8] = []
    /// Set when reading stopped for a reason of ours rather than of the XML.
    private(set) var failure: ExtractionError.Reason?

    init(entry: OpaquePointer, name: String, compressedBytes: Int, limits: DocxLimits, maxBytes: Int, isMarkup: Bool) {
        self.entry = entry
        self.name = name
        self.compressedBytes = compressedBytes
        self.limits = limits
        self.maxBytes = maxBytes
        self.isMarkup = isMarkup
    }

    deinit { zip_fclose(entry) }

    private static let prologueLength = 4096

    /// Fills `buffer`; returns the byte count, 0 at the end, -1 after a failure.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int32 {
        let count = zip_fread(entry, buffer, zip_uint64_t(capacity))
        guard count >= 0 else {
            failure = .damaged("\(name) cannot be inflated (\(String(cString: zip_file_strerror(entry))))")
            return -1
        }
        inflatedBytes += Int(count)
        if isMarkup, prologue.count < Self.prologueLength {
            prologue += UnsafeRawBufferPointer(start: buffer, count: Int(count)).prefix(Self.prologueLength - prologue.count)
            if containsDeclaration(prologue) {
                failure = .forbiddenMarkup("\(name) has a DOCTYPE or entity declarations; a Word document never does")
                return -1
            }
        }
        if inflatedBytes > maxBytes {
            failure = .limitExceeded("\(name) inflates past \(maxBytes) bytes")
            return -1
        }
        if inflatedBytes > limits.ratioGraceBytes,
           inflatedBytes > max(compressedBytes, 1) * limits.maxCompressionRatio {
            failure = .limitExceeded("\(name) inflates more than \(limits.maxCompressionRatio)× its compressed size (a zip bomb?)")
            return -1
        }
        return Int32(count)
    }
}

private let declarationMarkers: [[UInt8]] = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]

/// Whether `<!DOCTYPE` or `<!ENTITY` stands in the bytes; a plain scan for `<!`, since it runs on
/// every read of the prologue.
func containsDeclaration(_ bytes: [UInt8]) -> Bool {
    var index = 0
    while index + 1 < bytes.count {
        if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "!") {
            let rest = bytes[index...]
            if declarationMarkers.contains(where: { rest.starts(with: $0) }) { return true }
        }
        index += 1
    }
    return false
}
