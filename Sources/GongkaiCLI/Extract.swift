import ArgumentParser
import DocumentModel
import Foundation
import RecordStore
import RecordModel
import ReportParser
import SourceReading

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract reports: what was found in each file, or its record.",
        discussion: """
            Without --json, prints what the extractor found (pages, paragraphs, tables). With --json, \
            prints each file's record (../shared/spec/record-format.md) as one JSON object per line. \
            Either way, standard error says per file how many fields fall under the review threshold. \
            Exit status 2 when any file cannot be read; every readable file is still reported.
            """
    )

    @Argument(help: "PDF or DOCX files.")
    var files: [String]

    @Flag(help: "Print each file's record as JSON, one object per line.")
    var json = false

    @Flag(help: "Also print every paragraph, in reading order.")
    var text = false

    @Option(name: .customLong("explain"), help: "Show how one field (a key of fields.tsv, or agency/year/template) was found and scored.")
    var explainKey: String?

    @OptionGroup var threshold: ThresholdOption

    @Flag(help: "Only extract: print what was found without mapping it onto the template (no field counts).")
    var noRecord = false

    // For scripts/bench: the parser's own cost, which a difference of two whole runs shows only
    // through the noise of extraction.
    @Flag(help: ArgumentHelp("Print to standard error the CPU time parsing and writing each record took.", visibility: .hidden))
    var recordTiming = false

    func validate() throws {
        guard !(noRecord && (json || explainKey != nil)) else { throw ValidationError("--no-record cannot go with --json or --explain") }
        guard !recordTiming || json else { throw ValidationError("--record-timing goes with --json") }
    }

    func run() throws {
        var failed = false
        for file in files {
            do {
                // Read once: the record's hash is of the bytes parsed.
                let bytes = try SourceReader.contents(ofFile: file)
                let document = try SourceReader.read(bytes: bytes, name: file)
                // What was read otherwise or left unread (a table as paragraphs, a page past its OCR time).
                for problem in document.problems { FileHandle.standardError.write(Data("\(file): \(problem)\n".utf8)) }
                if noRecord {
                    print(summary(of: document, file: file))
                    continue
                }
                let hash = try sha256(of: bytes, file: file)
                let start = threadCPUTime()
                let record = record(of: document, file: file, sha256: hash, threshold: threshold.value)
                if json {
                    let line = record.jsonData() + Data("\n".utf8)
                    if recordTiming {
                        let microseconds = Int((threadCPUTime() - start) / .microseconds(1))
                        FileHandle.standardError.write(Data("\(file): record in \(microseconds) µs\n".utf8))
                    }
                    FileHandle.standardOutput.write(line)
                } else {
                    print(summary(of: document, file: file))
                    if text {
                        for paragraph in document.paragraphs { print("  ¶ " + paragraph.text.replacingOccurrences(of: "\n", with: "⏎")) }
                    }
                }
                if let key = explainKey {
                    print(record.explain(key: key) ?? "\(file): no field \(key) in a \(record.template.value?.rawValue ?? "?") record")
                }
                let doubtful = record.fieldsUnderThreshold(threshold.value).count
                FileHandle.standardError.write(Data("\(file): \(doubtful) of \(record.fields.count) fields under the review threshold \(threshold.value)\n".utf8))
            } catch {
                failed = true
                report(error)
            }
        }
        if failed { throw ExitCode(2) }
    }

    private func sha256(of bytes: Data, file: String) throws(ExtractionError) -> String {
        do {
            return try ContentHash.sha256(of: bytes)
        } catch {
            throw ExtractionError(file: file, reason: .unreadable(error.localizedDescription))
        }
    }
}

/// The CPU time of the calling thread: what the work cost, whatever else the machine runs (a
/// clock would count the time other processes held the core).
private func threadCPUTime() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}

/// What a person checks first: pages, paragraphs, tables and their sizes, unreadable pages.
func summary(of document: Document, file: String) -> String {
    var lines: [String] = []
    let tables = document.tables
    let sizes = tables.map { "\($0.rowCount)×\($0.columnCount)" }.joined(separator: ", ")
    var head = "\(file): \(document.kind.rawValue)"
    if document.kind == .pdf { head += ", \(document.pages.count) pages" }
    head += ", \(document.paragraphs.count) paragraphs, \(tables.count) tables"
    if !tables.isEmpty { head += " (\(sizes))" }
    lines.append(head)
    for page in document.pages {
        var line = "  page \(page.number): \(Int(page.width.rounded()))×\(Int(page.height.rounded())) pt"
        line += page.isLandscape ? " landscape" : ""
        line += ", \(page.runs.count) characters, \(page.lines.count) lines, \(page.rulings.count) rulings"
        if page.runs.isEmpty { line += ", no text layer (scanned?)" }
        if page.isUnreadable { line += ", text unreadable (font without Unicode map)" }
        lines.append(line)
    }
    return lines.joined(separator: "\n")
}
