import ArgumentParser
import Foundation
import RecordStore
import RecordModel

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the store: CSV, one row per report, or JSON lines of full records.",
        discussion: """
            CSV is UTF-8 with a byte-order mark, so that Excel opens it as UTF-8. A cell a spreadsheet \
            would run as a formula (starting with =, +, -, @, a tab or a carriage return; not a plain \
            number such as -3) is written with a leading ' and quoted. Each report's row says how far \
            its review went: the fields still in doubt, the checks broken on its reviewed values, and a \
            status. --chinese-labels writes the header row in the template's own Chinese labels.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, jsonl }

    @Option(help: "csv or jsonl.")
    var format: Format

    @OptionGroup var store: StoreOption

    @OptionGroup var threshold: ThresholdOption

    @Flag(help: "CSV: the header row in the template's Chinese labels (for Excel), not the field keys.")
    var chineseLabels = false

    func run() throws {
        let records = try store.open(creating: false)
        switch format {
        case .jsonl:
            for json in try records.recordJSON() { print(json) }
        case .csv:
            FileHandle.standardOutput.write(Data(try exportCSV(records, threshold: threshold.value, chineseLabels: chineseLabels).utf8))
        }
    }
}

/// The store as CSV: a byte-order mark, a header, one row per report. The header names the
/// columns by key, or with `chineseLabels` by the template's labels (`三、一、本年新收… / 自然人`).
func exportCSV(_ records: RecordStore, threshold: Double, chineseLabels: Bool = false) throws -> String {
    // Every field key of both templates, in the record format's order: one column each.
    var keys = FieldCatalog.fields(of: .v2021).map(\.key)
    for key in FieldCatalog.fields(of: .v2019).map(\.key) where !keys.contains(key) { keys.append(key) }
    let header = chineseLabels
        ? ["机关", "年度", "模板", "文件", "SHA-256", "待审字段", "不成立的校验", "审核状态"]
            + keys.map { key in FieldCatalog.definition(of: key).map { "\($0.section)、\($0.label)" } ?? key }
        : ["agency", "year", "template", "file", "sha256", "fields_to_review", "broken_checks", "status"] + keys
    var text = "\u{FEFF}" + csvLine(header)
    for row in try records.exportRows(threshold: threshold) {
        text += csvLine([row.agency ?? "", row.year.map(String.init) ?? "", row.template ?? "", row.file, row.sha256,
                         String(row.fieldsToReview), String(row.brokenChecks), reviewStatus(row, chinese: chineseLabels)]
                        + keys.map { row.values[$0] ?? "" })
    }
    return text
}

/// How far a report's review went, in a word or two: what someone opening the CSV filters on.
func reviewStatus(_ row: ExportRow, chinese: Bool) -> String {
    switch (row.fieldsToReview, row.brokenChecks) {
    case (0, 0): chinese ? "已审核" : "reviewed"
    case (0, let broken): chinese ? "已审核，\(broken) 项校验不成立" : "reviewed, \(broken) checks broken"
    case (let doubtful, 0): chinese ? "\(doubtful) 个字段待审" : "\(doubtful) fields in doubt"
    case (let doubtful, let broken): chinese ? "\(doubtful) 个字段待审，\(broken) 项校验不成立" : "\(doubtful) fields in doubt, \(broken) checks broken"
    }
}

/// One CSV line (RFC 4180), each field a cell as `csvCell` writes it.
func csvLine(_ fields: [String]) -> String {
    fields.map(csvCell).joined(separator: ",") + "\r\n"
}

/// A field as a CSV cell. One that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// run as a formula by Excel, LibreOffice and Google Sheets, and agencies and file names come
/// from the documents (`=HYPERLINK(...)`): as OWASP advises, such a cell gets a leading `'`,
/// which the spreadsheets show as text, and is quoted. A plain number (`-3`, `-0.5`) is left as
/// it is: no spreadsheet runs it, and with the `'` a numeric column would be text that no
/// longer adds up. Cells with a comma, quote or line break are quoted too. Looked at by Unicode
/// scalar: Swift reads `\r\n` as one Character, equal to neither `\r` nor `\n`.
func csvCell(_ text: String) -> String {
    let scalars = text.unicodeScalars
    let neutralised = scalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true
        && text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) == nil
    let cell = neutralised ? "'" + text : text
    let quoted = neutralised || scalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    return quoted ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
}
