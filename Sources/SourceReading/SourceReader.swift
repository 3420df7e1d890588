import DocumentModel
import DocxExtraction
import Foundation
import PDFExtraction
import TableReconstruction

/// Reads any supported file into the document model, choosing the extractor by the file's bytes.
public enum SourceReader {
    public static func read(path: String) throws(ExtractionError) -> Document {
        switch try signature(of: path) {
        case .pdf:
            let pages = try PDFExtractor.extract(path: path)
            return Document(kind: .pdf, pages: pages, blocks: reconstructBlocks(pages: pages))
        case .zip, .compoundFile:
            // The DOCX extractor names .doc/.wps files itself, with the advice to re-save them.
            return try DocxExtractor.extract(path: path)
        case .unknown:
            throw ExtractionError(file: path, reason: .unsupportedFormat(describeUnknown(path: path)))
        }
    }

    private static func signature(of path: String) throws(ExtractionError) -> FileSignature {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExtractionError(file: path, reason: .unreadable("no such file"))
        }
        guard !isDirectory.boolValue else {
            throw ExtractionError(file: path, reason: .unreadable("it is a directory"))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExtractionError(file: path, reason: .unreadable("permission denied"))
        }
        defer { try? handle.close() }
        do {
            let prefix = try handle.read(upToCount: FileSignature.prefixLength) ?? Data()
            if prefix.isEmpty { throw ExtractionError(file: path, reason: .damaged("the file is empty")) }
            return FileSignature(leadingBytes: [UInt8](prefix))
        } catch let error as ExtractionError {
            throw error
        } catch {
            throw ExtractionError(file: path, reason: .unreadable(error.localizedDescription))
        }
    }

    private static func describeUnknown(path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return ext.isEmpty ? "its content is neither PDF nor DOCX" : "a .\(ext) file whose content is neither PDF nor DOCX"
    }
}
