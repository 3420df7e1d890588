import ArgumentParser
import Foundation
import RecordStore

struct Batch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Extract every new PDF and DOCX of an inbox into the store (the nightly job).",
        discussion: """
            Files are known by their content: one seen before is skipped, a changed one is a new \
            version. Files that cannot be read are recorded with their reason. Exit status 0 when the \
            job ran, even if some files were bad; 1 when it could not run (inbox missing, store unwritable).
            """
    )

    @Option(help: "The inbox directory, read recursively.")
    var inbox: String

    @OptionGroup var store: StoreOption

    @Option(help: "Move each file here, named by its content hash, once its record is committed.")
    var archive: String?

    @Option(help: "Move files that cannot be read here, with a note of the reason beside each.")
    var quarantine: String?

    @Option(help: "Files processed at once (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var threshold: ThresholdOption

    @Option(help: "Seconds one file may take; a file that takes longer is recorded as failed.")
    var timeLimit = 120.0

    @Option(help: "Megabytes of memory one file may take; a file that takes more is recorded as failed.")
    var memoryLimit = 2048

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeLimit.isFinite, timeLimit > 0 else { throw ValidationError("--time-limit must be a number of seconds above 0") }
        guard memoryLimit >= 64 else { throw ValidationError("--memory-limit must be at least 64 (MB)") }
    }

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inbox, isDirectory: &isDirectory), isDirectory.boolValue else {
            FileHandle.standardError.write(Data("gongkai: the inbox \(logSafe(inbox)) is not a directory\n".utf8))
            throw ExitCode(1)
        }
        var runner = BatchRunner(store: try store.open(creating: true), threshold: threshold.value, archive: archive, quarantine: quarantine)
        runner.budget = FileBudget(seconds: timeLimit, megabytes: memoryLimit)
        let (files, skipped) = try scanInbox(inbox)
        var progress = BatchProgress(total: files.count, interactive: isatty(STDERR_FILENO) == 1)
        progress.skipped = skipped
        await runner.run(files, jobs: jobs) { file, outcome in progress.record(file.name, outcome) }
        print(progress.summary(threshold: threshold.value, store: store.path))
    }
}

/// Counts as files finish, a progress line on a terminal or a log line per file under cron, and
/// the closing summary.
struct BatchProgress {
    let total: Int
    let interactive: Bool
    let started = Date()
    var done = 0
    var pages = 0
    /// Of them read by OCR: the progress line shows them, since they take longer.
    var ocrPages = 0
    var recorded = 0
    var known = 0
    var heldElsewhere = 0
    var underReview = 0
    var failures: [(file: String, reason: String)] = []
    /// Files recorded but left in the inbox: the archive could not take them.
    var notArchived: [(file: String, reason: String)] = []
    /// Files recorded with something of them read otherwise than it stands (a table as paragraphs).
    var readWithProblems: [(file: String, problem: String)] = []
    /// Files that changed while read: left for the next run.
    var beingWritten: [String] = []
    /// Entries of the inbox not processed, and why.
    var skipped: [SkippedEntry] = []

    mutating func record(_ file: String, _ outcome: FileOutcome) {
        done += 1
        switch outcome {
        case .recorded(let filePages, let doubtful, let archiveError, let problems, let fileOCRPages):
            recorded += 1
            pages += filePages
            ocrPages += fileOCRPages
            underReview += doubtful
            if let archiveError { notArchived.append((file, archiveError)) }
            readWithProblems += problems.map { (file, $0) }
        case .failed(let reason): failures.append((file, reason))
        case .known: known += 1
        case .heldElsewhere: heldElsewhere += 1
        case .beingWritten: beingWritten.append(file)
        }
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        if interactive {
            let left = Double(total - done) * elapsed / Double(done)
            let scanned = ocrPages > 0 ? " (\(ocrPages) by OCR)" : ""
            let line = String(format: "\r%d/%d files, %d pages%@, %.1f pages/s, %@ left ", done, total, pages, scanned, Double(pages) / elapsed, clock(left))
            FileHandle.standardError.write(Data(line.utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            FileHandle.standardError.write(Data("\(Date().formatted(.iso8601)) \(logSafe(describe(outcome))) \(logSafe(file))\n".utf8))
        }
    }

    func summary(threshold: Double, store: String) -> String {
        let seconds = Date().timeIntervalSince(started)
        var lines = [
            "batch: \(total) files (\(known) known before, \(heldElsewhere) held by another batch, "
                + "\(beingWritten.count) being written), \(pages) PDF pages\(ocrPages > 0 ? " (\(ocrPages) by OCR)" : ""), "
                + "\(recorded) records, \(underReview) fields under the review threshold \(threshold), "
                + "\(failures.count) failures, \(skipped.count) entries skipped, \(String(format: "%.1f", seconds)) s; store \(store)",
        ]
        lines += failures.map { "  failed: \($0.file): \($0.reason)" }
        lines += notArchived.map { "  recorded, not archived: \($0.file): \($0.reason)" }
        lines += readWithProblems.map { "  recorded, read in part otherwise: \($0.file): \($0.problem)" }
        lines += beingWritten.map { "  changed while read, left for the next run: \($0)" }
        lines += skipped.map { "  skipped: \($0.name): \($0.reason)" }
        return lines.map(logSafe).joined(separator: "\n")
    }

    private func describe(_ outcome: FileOutcome) -> String {
        switch outcome {
        case .recorded(let pages, let doubtful, let archiveError, let problems, let ocrPages):
            "recorded (\(pages) pages\(ocrPages > 0 ? ", \(ocrPages) by OCR" : ""), \(doubtful) fields to review)"
                + (archiveError.map { ", not archived (\($0))" } ?? "") + problems.map { "; \($0)" }.joined()
        case .failed(let reason): "failed (\(reason))"
        case .known: "known"
        case .heldElsewhere: "held by another batch"
        case .beingWritten: "changed while read, left for the next run"
        }
    }

    private func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Print the store's counts.")

    @OptionGroup var store: StoreOption

    func run() throws {
        let counts = try store.open(creating: false).counts()
        print("""
            store \(store.path)
              files \(counts.files), records \(counts.records), failures \(counts.failures)
              fields under the review threshold \(counts.fieldsUnderReview), reviewed \(counts.fieldsReviewed), files being processed \(counts.claims)
            """)
    }
}
