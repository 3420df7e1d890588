import DocumentModel
import Foundation
import RecordStore
import RecordModel
import ReportParser
import SourceReading

/// What happened to one inbox file.
enum FileOutcome: Sendable, Hashable, Codable {
    /// Saved in the store. `notArchived` says why the file is still in the inbox when it could
    /// not be kept in the archive: the record stands, and the next batch skips the file as known.
    /// `problems`: what the extraction read otherwise than it stands (`Document.problems`);
    /// `ocrPages`: how many of the pages (or a DOCX's pictures) were read by OCR, which takes far
    /// longer than text (`readByOCR`).
    case recorded(pages: Int, underReview: Int, notArchived: String? = nil, problems: [String] = [], ocrPages: Int = 0)
    case failed(reason: String)
    /// Already in the store (recorded or failed before): not read again.
    case known
    /// Another batch is processing it right now.
    case heldElsewhere
    /// Its size or time changed while it was read (a copy still going on): left for the next run.
    case beingWritten
}

/// A file's identity and state as the file system reports it: two looks that differ mean the file
/// changed between them.
struct FileState: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var modifiedNanoseconds: Int64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
    }

    /// The state of the regular file at `path` (not following a link); nil when there is none.
    static func of(_ path: [UInt8]) -> FileState? {
        var info = stat()
        guard lstat(cPath(path), &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileState(info)
    }
}

/// A file's bytes, read once, and its state as read: the batch hashes and parses these bytes, so
/// a file rewritten meanwhile never has another version's record or failure.
struct ReadFile: Sendable {
    var bytes: Data
    var state: FileState

    /// Reads the whole file (as `SourceReader` reads any: a regular file within its size limit);
    /// nil when it changed while it was read, a copy still going on, to be read on the next run.
    static func read(_ file: InboxFile) throws(ExtractionError) -> ReadFile? {
        let (bytes, opened) = try SourceReader.contents(ofFileAt: file.path, name: file.name)
        guard let after = FileState.of(file.path), after == FileState(opened), Int64(bytes.count) == after.size else { return nil }
        return ReadFile(bytes: bytes, state: after)
    }
}

/// The work on one inbox file, done in a worker process (see `WorkerProcess`): read it once, hash
/// those bytes, claim the hash in the store (so two batches never both do the file), extract and
/// parse the same bytes, save the record or the failure in one transaction, and only then keep the
/// bytes in the archive or the quarantine and take the file out of the inbox, if it has not
/// changed since. A file that changed while read is left for the next run.
struct FileWork: Sendable {
    let store: RecordStore
    let threshold: Double
    let archive: String?
    let quarantine: String?
    /// The batch that runs this worker: a claim stands while it runs.
    let owner: ClaimOwner
    /// How a legacy file is converted: within the file's time budget, so that LibreOffice is
    /// stopped (its whole process group) before the batch stops the worker.
    let conversion: LegacyConversion

    /// `hashed` is called once the file's hash is known, before any parsing: if the worker dies
    /// after that, the batch records the failure under it.
    func process(_ file: InboxFile, hashed: (String) -> Void) -> FileOutcome {
        let read: ReadFile
        do {
            guard let content = try ReadFile.read(file) else { return .beingWritten }
            read = content
        } catch {
            // Unreadable from disk: nothing can be recorded under its content, so it stays put.
            return .failed(reason: error.reasonText)
        }
        let hash: String
        do {
            hash = try ContentHash.sha256(of: read.bytes)
        } catch {
            return .failed(reason: "cannot hash the file: \(error)")
        }
        hashed(hash)
        do {
            switch try store.claim(sha256: hash, owner: owner) {
            case .known: return .known
            case .heldElsewhere: return .heldElsewhere
            case .claimed: break
            }
        } catch {
            return .failed(reason: "store: \(error.localizedDescription)")
        }
        do {
            let document: Document
            switch Result(catching: { () throws(ExtractionError) in try SourceReader.read(bytes: read.bytes, name: file.name, conversion: conversion) }) {
            case .success(let read): document = read
            case .failure(let error):
                return try recordFailure(error.reasonText, of: file, read: read, hash: hash, in: store, quarantine: quarantine)
            }
            let parsed = record(of: document, file: file.name, sha256: hash, threshold: threshold)
            try store.save(parsed, path: file.name, threshold: threshold)
            var notArchived: String?
            do {
                if let location = try keepAside(read, of: file, hash: hash, in: archive, note: nil) {
                    try store.setLocation(sha256: hash, location: location)
                }
            } catch {
                notArchived = error.localizedDescription
            }
            return .recorded(pages: document.pages.count, underReview: parsed.fieldsUnderThreshold(threshold).count,
                             notArchived: notArchived, problems: document.problems, ocrPages: readByOCR(document))
        } catch {
            try? store.release(sha256: hash)
            return .failed(reason: "store: \(error.localizedDescription)")
        }
    }
}

/// Saves a failure under the file's hash and quarantines it; the reason says so too when the
/// quarantine could not take it (the failure itself is never lost behind that).
func recordFailure(_ reason: String, of file: InboxFile, read: ReadFile, hash: String, in store: RecordStore,
                   quarantine: String?) throws -> FileOutcome {
    try store.saveFailure(sha256: hash, path: file.name, kind: fileExtension(file.name), reason: reason)
    do {
        _ = try keepAside(read, of: file, hash: hash, in: quarantine, note: "\(file.name)\n\(reason)\n")
        return .failed(reason: reason)
    } catch {
        return .failed(reason: "\(reason); not quarantined: \(error.localizedDescription)")
    }
}

/// The file's extension, lowercased, from its name.
func fileExtension(_ name: String) -> String {
    (name as NSString).pathExtension.lowercased()
}

/// Keeps the bytes read in `directory` under their hash (with a note beside them), then takes the
/// file out of the inbox if it is still what was read; returns where the content is kept, nil
/// without a directory. The bytes written are the ones hashed, so a name never lies about its
/// content, even if the inbox file was rewritten meanwhile (it then stays, a new version).
func keepAside(_ read: ReadFile, of file: InboxFile, hash: String, in directory: String?, note: String?) throws -> String? {
    guard let directory else { return nil }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let ext = fileExtension(file.name)
    let target = (directory as NSString).appendingPathComponent(ext.isEmpty ? hash : "\(hash).\(ext)")
    if let note { try note.write(toFile: target + ".error.txt", atomically: true, encoding: .utf8) }
    // The same content may be there already (a copy of an archived file).
    if !FileManager.default.fileExists(atPath: target) {
        try read.bytes.write(to: URL(fileURLWithPath: target), options: .atomic)
    }
    if FileState.of(file.path) == read.state {
        _ = unlink(cPath(file.path))
    }
    return target
}

/// How many pages of a PDF were read by OCR (wholly, or a picture on them), or pictures of a DOCX:
/// the tables OCR gave, one a picture.
func readByOCR(_ document: Document) -> Int {
    switch document.recognized {
    case .pages(let pages): pages.count
    case .images: document.tables.filter { table in table.cells.contains { $0.confidence != nil } }.count
    case nil: 0
    }
}
