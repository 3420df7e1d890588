import DocumentModel
import DocxExtraction
import Foundation
import HTMLExtraction
import OCRExtraction
import PDFExtraction
import TableReconstruction
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads any supported file into the document model, choosing the extractor by the file's bytes.
public enum SourceReader {
    /// Largest file read. A report is a few megabytes and a scanned one rarely passes 100 MB; the
    /// whole file is held in memory (to hash and parse the same bytes) and poppler's or libzip's
    /// structures come on top, so 512 MiB keeps one file within a worker's share of a small machine.
    public static let maxFileBytes = 512 << 20

    public static func read(path: String, conversion: LegacyConversion? = nil) throws(ExtractionError) -> Document {
        try read(bytes: contents(ofFile: path), name: path, conversion: conversion)
    }

    /// Reads a file's bytes already in memory; `name` names it in errors and, for legacy formats,
    /// says by its extension what the file was meant to be. Without a `conversion`, a legacy file
    /// is converted by LibreOffice as found on the PATH (`LegacyConversion.onPath`), looked up
    /// only when such a file is read: the search stats a file per directory, at every start of a
    /// process that reads none.
    public static func read(bytes: Data, name: String, conversion: LegacyConversion? = nil) throws(ExtractionError) -> Document {
        guard !bytes.isEmpty else { throw ExtractionError(file: name, reason: .damaged("the file is empty")) }
        switch FileSignature(leadingBytes: [UInt8](bytes.prefix(FileSignature.prefixLength))) {
        case .pdf:
            return try readPDF(bytes, name: name)
        case .zip:
            return try readDOCX(bytes, name: name)
        case .compoundFile:
            return try (conversion ?? .onPath).read(bytes, name: name)
        case .html, .webArchive:
            return try HTMLExtractor.extract(bytes: bytes, file: name)
        case .unknown:
            throw ExtractionError(file: name, reason: .unsupportedFormat(describeUnknown(name: name)))
        }
    }

    /// A PDF's pages without a usable text layer (scans, or text in a font without a Unicode map)
    /// are read by OCR when Tesseract is installed, and so are the pictures on pages with text that
    /// hold a ruled table (one pasted as an image); without Tesseract scanned pages stay empty, and
    /// a document of nothing but such pages is refused as before.
    static func readPDF(_ bytes: Data, name: String) throws(ExtractionError) -> Document {
        var ocr = OnDemandRecognizer()
        var recognized: [Int] = []
        var problems: [String] = []
        // poppler decodes an image whole to draw it at any size: a file declaring one past the
        // budget has none of its pages drawn for OCR.
        let largest = PDFExtractor.largestDeclaredImage(in: bytes)
        let oversized = largest.flatMap { oversizedImage($0) }
        problems += oversized.map { [$0] } ?? []
        // Looking for pictures costs a pass over each page's drawing: only where the file has one
        // with pixels enough for a table's text (a table 200 pt wide at 100 dpi).
        let mayHoldTable = largest.map { $0.width >= 280 && $0.height >= 80 } ?? false
        // What OCR read of page `number` (the whole scan, or a picture on it), its notes kept and
        // the page named as read by OCR once.
        func kept(_ read: RecognizedPage?, number: Int) -> Page? {
            guard let read else { return nil }
            problems += read.notes
            guard !read.page.runs.isEmpty else { return nil }
            if recognized.last != number { recognized.append(number) }
            return read.page
        }
        let scanned: PDFExtractor.ScannedPageReader = { number, image in
            kept(ocr.recognizer?.read(image, number: number), number: number)
        }
        let pictures: PDFExtractor.PictureReader = { number, frame, image in
            kept(ocr.recognizer?.readPicture(image, at: frame, page: number), number: number)
        }
        var pages = try PDFExtractor.extract(bytes: bytes, file: name, scannedPages: oversized == nil ? scanned : nil,
                                             pictures: oversized == nil && mayHoldTable ? pictures : nil)
        // A text layer whose characters are wrong (not missing) is read again as a scan: every
        // page by OCR, what the first reading noted (its own OCR's notes) dropped.
        if textLayerIsMisMapped(pages) {
            let misMapped = "the PDF's text layer maps characters wrongly (accented Latin letters in Chinese text)"
            if oversized == nil, ocr.recognizer != nil {
                (recognized, problems) = ([], [])
                pages = try PDFExtractor.extract(bytes: bytes, file: name, scannedPages: scanned, everyPageScanned: true)
                problems.append("\(misMapped): every page was read by OCR")
            } else {
                problems.append("\(misMapped), and OCR cannot read its pages: what it gives is its text as it stands")
            }
        }
        if ocr.tesseractMissing { problems.append(OnDemandRecognizer.missing) }
        let reconstruction = reconstructBlocks(pages: pages)
        return Document(kind: .pdf, pages: pages, blocks: reconstruction.blocks,
                        recognized: recognized.isEmpty ? nil : .pages(recognized), problems: problems + reconstruction.problems)
    }

    /// A note when the largest image a PDF declares is past the picture budget, nil when it is not.
    static func oversizedImage(_ largest: (width: Int, height: Int), limit: Int = PictureLimits().maxPixels) -> String? {
        guard PDFExtractor.pixelCount(largest) > limit else { return nil }
        let size = largest.width == .max || largest.height == .max ? "whose size is not in its dictionary" : "of \(largest.width) × \(largest.height) pixels"
        return "the file holds a picture \(size), past the budget of \(limit) pixels: no page or picture of it is read by OCR"
    }

    /// A DOCX, the pictures of its body that may be tables pasted as images read by OCR when
    /// Tesseract is installed: the tables they hold stand where the pictures do.
    static func readDOCX(_ bytes: Data, name: String) throws(ExtractionError) -> Document {
        var ocr = OnDemandRecognizer()
        var problems: [String] = []
        var recognized = false
        var document = try DocxExtractor.extract(archive: bytes, file: name, pictures: { picture, part, width in
            guard let read = ocr.recognizer?.readPicture(encoded: picture, name: part, width: width) else { return [] }
            problems += read.notes
            recognized = recognized || read.blocks.contains { if case .table = $0 { true } else { false } }
            return read.blocks
        })
        if ocr.tesseractMissing { problems.append(OnDemandRecognizer.missing) }
        document.problems += problems
        if recognized { document.recognized = .images }
        return document
    }

    /// The bytes of a regular file of at most `limit` bytes. What the path is, is asked with
    /// stat before anything opens it: opening a FIFO waits for a writer, forever, and a device
    /// can stream without end. The file is opened without blocking and looked at again, in case
    /// it was swapped for something else in between.
    public static func contents(ofFile path: String, limit: Int = maxFileBytes) throws(ExtractionError) -> Data {
        try contents(ofFileAt: Array(path.utf8), name: path, limit: limit).bytes
    }

    /// The same for a path as the file system has it (bytes, which need not be UTF-8: the batch
    /// walks its inbox so), `name` naming it in errors; with the file's status as it was opened,
    /// for a caller that looks again afterwards to know whether it changed while it was read.
    public static func contents(ofFileAt pathBytes: [UInt8], name path: String,
                                limit: Int = maxFileBytes) throws(ExtractionError) -> (bytes: Data, opened: stat) {
        let cPath = pathBytes.map { CChar(bitPattern: $0) } + [0]
        var info = stat()
        guard stat(cPath, &info) == 0 else { throw ExtractionError(file: path, reason: .unreadable(systemError(errno))) }
        try requireRegularFile(info, path: path, limit: limit)
        let descriptor = open(cPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ExtractionError(file: path, reason: .unreadable(systemError(errno))) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { throw ExtractionError(file: path, reason: .unreadable(systemError(errno))) }
        try requireRegularFile(info, path: path, limit: limit)
        var data = Data(capacity: Int(info.st_size))
        // Sized by the file (a byte more, so the read after it finds the end), up to 1 MiB: a
        // whole MiB zeroed for every small DOCX cost a tenth of reading it.
        var chunk = [UInt8](repeating: 0, count: max(4096, min(1 << 20, Int(info.st_size) + 1)))
        while true {
            let count = chunk.withUnsafeMutableBytes { readDescriptor(descriptor, into: $0) }
            if count == 0 { return (data, info) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ExtractionError(file: path, reason: .unreadable(systemError(errno)))
            }
            data.append(contentsOf: chunk[0..<count])
            // A file still growing is read no further than the limit.
            guard data.count <= limit else { throw tooLarge(path: path, size: Int64(data.count), limit: limit) }
        }
    }

    private static func requireRegularFile(_ info: stat, path: String, limit: Int) throws(ExtractionError) {
        let kind: String? = switch info.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "of an unknown kind"
        }
        if let kind { throw ExtractionError(file: path, reason: .unreadable("not a regular file: \(kind)")) }
        guard info.st_size <= limit else { throw tooLarge(path: path, size: Int64(info.st_size), limit: limit) }
    }

    /// `size` is what was seen: the size stat gave, or what was read of a file still growing.
    private static func tooLarge(path: String, size: Int64, limit: Int) -> ExtractionError {
        ExtractionError(file: path, reason: .limitExceeded("the file is \(size) bytes (limit \(limit))"))
    }

    private static func systemError(_ code: Int32) -> String {
        switch code {
        case ENOENT, ENOTDIR: "no such file"
        case EACCES, EPERM: "permission denied"
        default: String(cString: strerror(code))
        }
    }

    private static func describeUnknown(name: String) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        return ext.isEmpty ? "its content is neither PDF, DOCX nor a web page" : "a .\(ext) file whose content is neither PDF, DOCX nor a web page"
    }
}

/// Tesseract and its language data, loaded once per document and only when a scanned page or a
/// picture that may hold a table asks for them.
struct OnDemandRecognizer {
    private var loaded: PageRecognizer?
    /// Asked for and not installed: said once in the document's problems.
    private(set) var tesseractMissing = false

    static let missing = "pages without a text layer and pictures that may hold a table were not read: "
        + "Tesseract with its Chinese data (tesseract-ocr-chi-sim) is not installed"

    var recognizer: PageRecognizer? {
        mutating get {
            if loaded == nil, !tesseractMissing {
                loaded = PageRecognizer()
                tesseractMissing = loaded == nil
            }
            return loaded
        }
    }
}

/// read(2), named apart from `SourceReader.read`.
private func readDescriptor(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer.baseAddress, buffer.count)
    #else
    Darwin.read(descriptor, buffer.baseAddress, buffer.count)
    #endif
}
