import ArgumentParser
import Foundation
import RecordStore
import ReportParser

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the store: CSV, one row per report, or JSON lines of full records.",
        discussion: "CSV is UTF-8 with a byte-order mark, so that Excel opens it as UTF-8."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Option(help: "csv or jsonl.")
    var format: Format

    @Option(help: "The SQLite store.")
    var store: String = defaultStorePath()

    @Option(help: "Fields under this confidence with no review decision count as to review.")
    var threshold: Double = 0.9

    func run() throws {
        let records = try openStore(store)
        switch format {
        case .jsonl:
            for json in try records.recordJSON() { print(json) }
        case .csv:
            FileHandle.standardOutput.write(Data(try exportCSV(records, threshold: threshold).utf8))
        }
    }
}

/// The store as CSV: a byte-order mark, a header, one row per report.
func exportCSV(_ records: RecordStore, threshold: Double) throws -> String {
    // Every field key of both templates, in the record format's order: one column each.
    var keys = FieldCatalog.fields(of: .v2021).map(\.key)
    for key in FieldCatalog.fields(of: .v2019).map(\.key) where !keys.contains(key) { keys.append(key) }
    var text = "\u{FEFF}" + csvLine(["agency", "year", "template", "file", "sha256", "fields_to_review"] + keys)
    for row in try records.exportRows(threshold: threshold) {
        text += csvLine([row.agency ?? "", row.year.map(String.init) ?? "", row.template ?? "", row.file, row.sha256,
                         String(row.fieldsToReview)] + keys.map { row.values[$0] ?? "" })
    }
    return text
}

/// One CSV line (RFC 4180): fields with a comma, quote or line break are quoted.
func csvLine(_ fields: [String]) -> String {
    fields.map { field in
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",") + "\r\n"
}
