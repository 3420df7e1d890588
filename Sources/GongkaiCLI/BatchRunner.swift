import DocumentModel
import DocxExtraction
import Foundation
import RecordStore
import ReportParser
import SourceReading

/// What happened to one inbox file.
enum FileOutcome: Sendable, Hashable {
    /// Saved in the store. `notArchived` says why the file is still in the inbox when it could
    /// not be moved to the archive: the record stands, and the next batch skips the file as known.
    case recorded(pages: Int, underReview: Int, notArchived: String? = nil)
    case failed(reason: String)
    /// Already in the store (recorded or failed before): not read again.
    case known
    /// Another batch is processing it right now.
    case heldElsewhere
}

/// The nightly job's work: every new file of an inbox into the store, in parallel, nothing lost.
///
/// A file is hashed, claimed in the store (so two batches never both process it), extracted,
/// parsed and saved in one transaction; only then is it moved to the archive, if there is one.
/// A file that cannot be read is recorded with its reason and moved to the quarantine, if there
/// is one, with a note beside it. Inbox files are never deleted or rewritten.
struct BatchRunner: Sendable {
    let store: RecordStore
    let threshold: Double
    let archive: String?
    let quarantine: String?
    var owner = ClaimOwner.current

    /// The PDF and DOCX files below `inbox` (and .doc/.wps, to be quarantined with advice), sorted.
    static func inboxFiles(_ inbox: String) throws -> [String] {
        let root = URL(fileURLWithPath: inbox)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: inbox])
        }
        var files: [String] = []
        for case let url as URL in walker {
            guard ["pdf", "docx", "doc", "wps"].contains(url.pathExtension.lowercased()),
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files.append(url.path)
        }
        return files.sorted()
    }

    /// Processes `files` with at most `jobs` at once, calling `report` as each one ends (in order
    /// of ending, on one task at a time). Memory is bounded by `jobs` documents, whatever the inbox.
    func run(_ files: [String], jobs: Int, report: (String, FileOutcome) -> Void) async {
        DocxExtractor.prepareForConcurrentUse()
        await withTaskGroup(of: (String, FileOutcome).self) { group in
            var pending = files.makeIterator()
            for _ in 0..<max(1, jobs) {
                guard let file = pending.next() else { break }
                group.addTask { (file, process(file)) }
            }
            while let (file, outcome) = await group.next() {
                report(file, outcome)
                if let next = pending.next() { group.addTask { (next, process(next)) } }
            }
        }
    }

    func process(_ file: String) -> FileOutcome {
        let hash: String
        do {
            hash = try ContentHash.sha256(ofFileAt: file)
        } catch {
            // Unreadable from disk: nothing can be recorded under its content, so it stays put.
            return .failed(reason: "cannot read the file: \(error.localizedDescription)")
        }
        do {
            switch try store.claim(sha256: hash, owner: owner) {
            case .known: return .known
            case .heldElsewhere: return .heldElsewhere
            case .claimed: break
            }
            do {
                let document = try SourceReader.read(path: file)
                let parsed = record(of: document, file: file, sha256: hash, threshold: threshold)
                try store.save(parsed, path: file, threshold: threshold)
                var notArchived: String?
                do {
                    if let location = try moveAside(file, hash: hash, into: archive, note: nil) {
                        try store.setLocation(sha256: hash, location: location)
                    }
                } catch {
                    notArchived = error.localizedDescription
                }
                return .recorded(pages: document.pages.count, underReview: parsed.fieldsUnderThreshold(threshold).count,
                                 notArchived: notArchived)
            } catch let error as ExtractionError {
                let kind = (file as NSString).pathExtension.lowercased()
                try store.saveFailure(sha256: hash, path: file, kind: kind, reason: error.reasonText)
                _ = try moveAside(file, hash: hash, into: quarantine, note: "\(file)\n\(error.reasonText)\n")
                return .failed(reason: error.reasonText)
            }
        } catch {
            try? store.release(sha256: hash)
            return .failed(reason: "store: \(error.localizedDescription)")
        }
    }

    /// Moves a processed file out of the inbox under its content hash, with a note beside it;
    /// returns where the content is kept now, nil when there is no such directory.
    private func moveAside(_ file: String, hash: String, into directory: String?, note: String?) throws -> String? {
        guard let directory else { return nil }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ext = (file as NSString).pathExtension.lowercased()
        let target = (directory as NSString).appendingPathComponent(ext.isEmpty ? hash : "\(hash).\(ext)")
        if let note { try note.write(toFile: target + ".error.txt", atomically: true, encoding: .utf8) }
        if FileManager.default.fileExists(atPath: target) {
            // The same content is there already (a copy of an archived file): the inbox copy stays.
            return target
        }
        try FileManager.default.moveItem(atPath: file, toPath: target)
        return target
    }
}
