import ArgumentParser
import Foundation
import RecordStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the store: CSV, one row per report, or JSON lines of full records.",
        discussion: "CSV is UTF-8 with a byte-order mark, so that Excel opens it as UTF-8."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Option(help: "csv or jsonl.")
    var format: Format

    @Option(help: "The SQLite store.")
    var store: String = defaultStorePath()

    func run() throws {
        let records = try openStore(store)
        switch format {
        case .jsonl:
            for json in try records.recordJSON() { print(json) }
        case .csv:
            FileHandle.standardOutput.write(Data(try csv(records).utf8))
        }
    }

    private func csv(_ records: RecordStore) throws -> String {
        let keys = try records.fieldKeys()
        var text = "\u{FEFF}" + csvLine(["agency", "year", "template", "file", "sha256", "fields_to_review"] + keys)
        for row in try records.exportRows() {
            text += csvLine([row.agency ?? "", row.year.map(String.init) ?? "", row.template ?? "", row.file, row.sha256,
                             String(row.fieldsToReview)] + keys.map { row.values[$0] ?? "" })
        }
        return text
    }
}

/// One CSV line (RFC 4180): fields with a comma, quote or line break are quoted.
func csvLine(_ fields: [String]) -> String {
    fields.map { field in
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",") + "\r\n"
}
