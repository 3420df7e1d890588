import DocumentModel
import Foundation
import RecordModel
import ReportParser

/// One line on standard error naming the file and the reason, the form every command uses.
func report(_ error: ExtractionError) {
    FileHandle.standardError.write(Data("gongkai: \(error.description)\n".utf8))
}

/// The record of a document read from `file`, whose content hash is `sha256`: how `extract` and
/// `batch` alike name the source and call the parser.
func record(of document: Document, file: String, sha256: String, threshold: Double) -> Record {
    let source = SourceInfo(file: (file as NSString).lastPathComponent, sha256: sha256, kind: document.kind,
                            pages: document.kind == .pdf ? document.pages.count : nil, convertedFrom: document.convertedFrom,
                            recognized: document.recognized)
    return ReportParser.parse(document, source: source, reviewThreshold: threshold)
}
