import ArgumentParser
import Foundation
import RecordStore
import RecordModel

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the store: CSV, one row per report (or per source file, or per agency and field), or JSON lines of full records.",
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

    @Flag(help: "CSV with one row per agency and field, a column per year, for time series.")
    var wide = false

    @Flag(help: "CSV with one row per source file, as before reports were read from all their sources.")
    var perSource = false

    func validate() throws {
        if wide || perSource, format != .csv { throw ValidationError("--wide and --per-source are shapes of the CSV: use them with --format csv") }
        if wide, perSource { throw ValidationError("--wide gives each agency's years: it has no per-source shape") }
    }

    func run() throws {
        let records = try store.open(creating: false)
        switch format {
        case .jsonl:
            for json in try records.recordJSON() { print(json) }
        case .csv:
            let csv = wide ? try exportWideCSV(records, threshold: threshold.value)
                : try exportCSV(records, threshold: threshold.value, perSource: perSource, chineseLabels: chineseLabels)
            FileHandle.standardOutput.write(Data(csv.utf8))
        }
    }
}

/// Every field key of both templates, in the record format's order.
private let exportKeys: [String] = {
    var keys = FieldCatalog.fields(of: .v2021).map(\.key)
    for key in FieldCatalog.fields(of: .v2019).map(\.key) where !keys.contains(key) { keys.append(key) }
    return keys
}()

/// The store as CSV: a byte-order mark, a header, one row per report, its sources' files and
/// hashes listed in `file` and `sha256` (`; ` and a space between); `perSource`: one row per file.
/// Each row says how far its review went (fields in doubt, checks broken, a status). The header
/// names the columns by key, or with `chineseLabels` by the template's labels (`三、一、本年新收… / 自然人`).
func exportCSV(_ records: RecordStore, threshold: Double, perSource: Bool = false, chineseLabels: Bool = false) throws -> String {
    let header = chineseLabels
        ? ["机关", "区划代码", "机关类别", "年度", "模板", "文件", "SHA-256", "待审字段", "不成立的校验", "审核状态"]
            + exportKeys.map { key in FieldCatalog.definition(of: key).map { "\($0.section)、\($0.label)" } ?? key }
        : ["agency", "division", "body", "year", "template", "file", "sha256", "fields_to_review", "broken_checks", "status"] + exportKeys
    var text = "\u{FEFF}" + csvLine(header)
    func line(agency: String?, division: String?, body: String?, year: Int?, template: String?, file: String, sha256: String,
              toReview: Int, broken: Int, values: [String: String]) -> String {
        csvLine([agency ?? "", division ?? "", body ?? "", year.map(String.init) ?? "", template ?? "", file, sha256,
                 String(toReview), String(broken), reviewStatus(toReview: toReview, broken: broken, chinese: chineseLabels)]
                + exportKeys.map { values[$0] ?? "" })
    }
    if perSource {
        for row in try records.exportRows(threshold: threshold) {
            text += line(agency: row.agency, division: row.division, body: row.body, year: row.year, template: row.template,
                         file: row.file, sha256: row.sha256, toReview: row.fieldsToReview, broken: row.brokenChecks, values: row.values)
        }
        return text
    }
    // What the review queue holds of each report (named by its first file) is what it still has
    // to review: the fields as its files give them together, its attributes, decisions on the report.
    let toReview = Dictionary(try records.reviewQueue(threshold: threshold).map { ($0.sha256, $0.keys.count) }) { first, _ in first }
    try records.forEachSourcedReport(threshold: threshold) { report in
        guard let first = report.sources.first else { return }
        text += line(agency: first.agency.value, division: first.identity.agency?.division, body: first.identity.agency?.body,
                     year: first.year.value, template: first.template.value?.rawValue,
                     file: report.sources.map { ($0.source.file as NSString).lastPathComponent }.joined(separator: "; "),
                     sha256: report.sources.map(\.source.sha256).joined(separator: " "),
                     toReview: toReview[first.source.sha256] ?? 0, broken: report.brokenChecks,
                     values: Dictionary(report.fields.map { ($0.key, $0.value?.description ?? "") }) { earlier, _ in earlier })
    }
    return text
}
/// The store as a time series: one row per agency and field, a column per year from the first to
/// the last year the store has, each cell the value the year's report gives from all its sources.
/// An agency is its division and body when its name resolved (so `洪泽区人民政府` and
/// `淮安市洪泽区人民政府` are one row), else its name as printed.
func exportWideCSV(_ records: RecordStore, threshold: Double) throws -> String {
    struct Series { var name: String, division: String, body: String, byYear: [Int: [String: String]] = [:] }
    var series: [AgencyKey: Series] = [:]
    var years: [Int] = []
    // A report at a time: only each year's values, as text, are kept.
    try records.forEachSourcedReport(threshold: threshold) { report in
        guard let first = report.sources.first, let year = first.year.value else { return }
        years.append(year)
        guard let key = AgencyKey(first) else { return }
        let identity = first.identity.agency
        var entry = series[key] ?? Series(name: identity?.name ?? first.agency.value ?? "", division: identity?.division ?? "",
                                          body: identity?.body ?? "")
        entry.byYear[year] = Dictionary(report.fields.map { ($0.key, $0.value?.description ?? "") }) { earlier, _ in earlier }
        series[key] = entry
    }
    guard let firstYear = years.min(), let lastYear = years.max() else {
        return "\u{FEFF}" + csvLine(["agency", "division", "body", "key"])
    }
    var text = "\u{FEFF}" + csvLine(["agency", "division", "body", "key"] + (firstYear...lastYear).map(String.init))
    for entry in series.values.sorted(by: { ($0.name, $0.division) < ($1.name, $1.division) }) {
        for key in exportKeys {
            let cells = (firstYear...lastYear).map { entry.byYear[$0]?[key] ?? "" }
            // A key no year's template has (2019's rows for an agency with only 2021 reports) is left out.
            if cells.allSatisfy(\.isEmpty) { continue }
            text += csvLine([entry.name, entry.division, entry.body, key] + cells)
        }
    }
    return text
}

/// How far a report's review went, in a word or two: what someone opening the CSV filters on.
func reviewStatus(toReview: Int, broken: Int, chinese: Bool) -> String {
    switch (toReview, broken) {
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
