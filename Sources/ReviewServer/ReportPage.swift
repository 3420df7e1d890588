import DocumentModel
import Foundation
import RecordStore
import RecordModel

/// A section of the template laid out as its tables: rows by their label, columns by theirs.
struct SectionTable: Equatable {
    var columns: [String]
    /// Row label, and the field key under each column (nil where the row has no such column).
    var rows: [(label: String, keys: [String?])]

    static func == (left: SectionTable, right: SectionTable) -> Bool {
        left.columns == right.columns && left.rows.map(\.label) == right.rows.map(\.label)
            && left.rows.map(\.keys) == right.rows.map(\.keys)
    }

    /// The template's tables for `section` (二, 三, 四), from the field labels `行 / 列`. Rows
    /// with the same columns share a table, as the printed template groups them: section 二 has
    /// several small tables, 三 and 四 one each.
    static func tables(section: String, template: Template) -> [SectionTable] {
        let definitions = FieldCatalog.fields(of: template).filter { $0.section == section }
        var columnOrder: [String] = []
        var rowOrder: [String] = []
        var cells: [String: [String: String]] = [:]
        for definition in definitions {
            let parts = definition.label.components(separatedBy: " / ")
            let row = parts[0]
            let column = parts.dropFirst().joined(separator: " / ")
            if !columnOrder.contains(column) { columnOrder.append(column) }
            if cells[row] == nil { rowOrder.append(row) }
            cells[row, default: [:]][column] = definition.key
        }
        var tables: [SectionTable] = []
        for row in rowOrder {
            let columns = columnOrder.filter { cells[row]?[$0] != nil }
            let keys = columns.map { cells[row]?[$0] }
            if let index = tables.firstIndex(where: { $0.columns == columns }) {
                tables[index].rows.append((row, keys))
            } else {
                tables.append(SectionTable(columns: columns, rows: [(row, keys)]))
            }
        }
        return tables
    }

    var keys: [String] { rows.flatMap { $0.keys.compactMap { $0 } } }

    /// Where the template's sums stand in this table: at a row's end when all their values are in
    /// that row, at a column's foot when all are in that column (one foot row per kind of sum,
    /// `s3.balance`, `s3.outcomes`); a sum that crosses tables is shown with the checks only.
    func placedSums(_ sums: [TemplateSum]) -> (rowEnds: [Int: [TemplateSum]], feet: [(words: String, byColumn: [Int: TemplateSum])]) {
        var place: [String: (row: Int, column: Int)] = [:]
        for (row, entry) in rows.enumerated() {
            for (column, key) in entry.keys.enumerated() { if let key { place[key] = (row, column) } }
        }
        var rowEnds: [Int: [TemplateSum]] = [:]
        var feet: [(kind: String, words: String, byColumn: [Int: TemplateSum])] = []
        for sum in sums {
            let places = (sum.left + sum.right).compactMap { place[$0] }
            guard places.count == sum.left.count + sum.right.count, let first = places.first else { continue }
            if places.allSatisfy({ $0.row == first.row }) {
                rowEnds[first.row, default: []].append(sum)
            } else if places.allSatisfy({ $0.column == first.column }) {
                let kind = sum.rule.split(separator: ".").dropLast().joined(separator: ".")
                if let index = feet.firstIndex(where: { $0.kind == kind }) {
                    feet[index].byColumn[first.column] = sum
                } else {
                    feet.append((kind, sum.words, [first.column: sum]))
                }
            }
        }
        return (rowEnds, feet.map { ($0.words, $0.byColumn) })
    }
}

/// What the review screen of one report is made of.
struct ReviewScreen {
    var report: ReportUnderReview
    var threshold: Double
    /// The shown file's tables (DOCX, web page), to show beside the values (none for a PDF), or
    /// why they cannot be read.
    var markupTables: Result<[Table], ExtractionError>
    var progress: (report: Progress, all: Progress)
    /// The next report with something to decide, after this one.
    var nextReport: String?
    var csrf: String

    var record: ReportRecord { report.reviewed }
    var extracted: ReportRecord { report.extracted }
    var history: [ReviewEntry] { report.history }
    /// The shown file's hash: its pages and cells are the ones outlined, and decisions name it.
    var sha256: String { record.source.sha256 }

    /// Keys of the values under the threshold as the report's files give them together: the
    /// ones this screen asks about. An attribute is asked about when no file read it surely.
    var doubtfulKeys: Set<String> {
        var keys = Set(extracted.fieldsUnderThreshold(threshold).map(\.key))
        let files = report.sources.map(\.extracted)
        if files.allSatisfy({ $0.agency.confidence < threshold }) { keys.insert("agency") }
        if files.allSatisfy({ $0.year.confidence < threshold }) { keys.insert("year") }
        if files.allSatisfy({ $0.template.confidence < threshold }) { keys.insert("template") }
        return keys
    }
}

/// One value the screen asks about, as its script gets it: what was read, where, why in doubt,
/// and what was decided.
struct CellInfo: Encodable {
    var key: String
    var label: String
    /// As read, as text ("" when nothing was).
    var read: String
    /// As it stands now, reviewed or read.
    var value: String
    var raw: String?
    var confidence: Double
    var reasons: [String]
    var page: Int?
    var box: [Double]?
    var docx: [Int]?
    var decision: String?
    var history: [HistoryItem]
    /// Each file's reading, where the report has several files and they read the value differently.
    var sources: [SourceReading]?
}

/// One file's reading of a value its report's files disagree on, for the reviewer to compare.
struct SourceReading: Encodable {
    var file: String
    var kind: String
    var value: String
    var raw: String?
    var confidence: Double
    /// Where: a PDF's page and box, a DOCX's table, row and column.
    var cell: String
    /// The close-up of the cell on its page (a PDF's), or nil.
    var image: String?
    /// The file's own screen of the report, its pages or tables beside.
    var screen: String
}

struct HistoryItem: Encodable {
    var id: Int64
    var decision: String
    var value: String
    var reviewer: String
    var at: String
    var undone: Bool

    init(_ entry: ReviewEntry) {
        id = entry.id
        decision = entry.review.decision.rawValue
        value = entry.review.text ?? entry.review.value?.description ?? ""
        reviewer = entry.review.reviewer
        at = entry.review.decidedAt.formatted(.iso8601)
        undone = entry.undoneAt != nil
    }
}

/// A check as the script shows it.
struct CheckInfo: Encodable {
    var rule: String
    var state: String
    var text: String

    static func all(_ report: ReportUnderReview) -> [CheckInfo] {
        (report.reviewed.checks + report.crossYearChecks).map {
            CheckInfo(rule: $0.rule, state: !$0.evaluated ? "muted" : $0.holds ? "holds" : "broken", text: $0.text)
        }
    }
}

extension ReviewScreen {
    /// What the screen's script starts from: the asked values, the sums to keep adding up.
    struct ScriptData: Encodable {
        var sha256: String
        var cells: [String: CellInfo]
        var sums: [SumInfo]
        var checks: [CheckInfo]
    }

    struct SumInfo: Encodable {
        var rule: String
        var left: [String]
        var right: [String]
    }

    func cellInfo(_ key: String) -> CellInfo {
        let fieldHistory = history.filter { $0.review.key == key }.map(HistoryItem.init)
        switch key {
        case "agency", "year", "template":
            let (read, value, confidence, raw, page): (String?, String?, Double, String?, Int?) = switch key {
            case "agency": (extracted.agency.value, record.agency.value, extracted.agency.confidence, extracted.agency.raw, extracted.agency.page)
            case "year": (extracted.year.value.map(String.init), record.year.value.map(String.init), extracted.year.confidence, extracted.year.raw, extracted.year.page)
            default: (extracted.template.value?.rawValue, record.template.value?.rawValue, extracted.template.confidence, nil, nil)
            }
            return CellInfo(key: key, label: Pages.labelPath(key), read: read ?? "", value: value ?? "", raw: raw, confidence: confidence,
                            reasons: read == nil ? ["no value read"] : ["low confidence"], page: page, box: nil, docx: nil,
                            decision: fieldHistory.last { !$0.undone }?.decision, history: fieldHistory)
        default:
            let field = extracted.field(key)
            let reviewed = record.field(key)
            var page: Int?
            var box: [Double]?
            var docx: [Int]?
            switch field?.source {
            case .pdf(let number, let cell)?: (page, box) = (number, [cell.x0, cell.y0, cell.x1, cell.y1])
            case .docx(let table, let row, let column)?: docx = [table, row, column]
            case nil: break
            }
            let doubt = DoubtfulField(key: key, confidence: field?.confidence ?? 0, notes: field?.notes ?? [],
                                      hasValue: field?.value != nil, decided: false)
            return CellInfo(key: key, label: Pages.labelPath(key), read: field?.value?.description ?? "",
                            value: reviewed?.value?.description ?? "", raw: field?.raw, confidence: field?.confidence ?? 0,
                            reasons: Pages.reasons(of: doubt), page: page, box: box, docx: docx,
                            decision: reviewed?.review?.decision.rawValue, history: fieldHistory, sources: readings(key))
        }
    }

    /// Each file's reading of `key` where the report's files read it differently; nil otherwise.
    func readings(_ key: String) -> [SourceReading]? {
        let files = report.sources.map(\.extracted)
        let values = Set(files.compactMap { $0.field(key)?.value })
        guard files.count > 1, values.count > 1 else { return nil }
        return files.compactMap { file in
            guard let field = file.field(key) else { return nil }
            let hash = urlComponent(file.source.sha256)
            var image: String?
            if case .pdf? = field.source { image = "/report/\(hash)/field/\(urlComponent(key)).png" }
            return SourceReading(file: (file.source.file as NSString).lastPathComponent, kind: file.source.kind.rawValue,
                                 value: field.value?.description ?? "", raw: field.raw, confidence: field.confidence,
                                 cell: field.source?.place ?? "no cell", image: image, screen: "/report/\(hash)")
        }
    }

    func scriptData() -> ScriptData {
        ScriptData(sha256: sha256, cells: Dictionary(uniqueKeysWithValues: doubtfulKeys.map { ($0, cellInfo($0)) }),
                   sums: record.templateSums.map { SumInfo(rule: $0.rule, left: $0.left, right: $0.right) },
                   checks: CheckInfo.all(report))
    }

    /// The review screen: each section as the template's table beside the pages it was read from.
    func html() throws -> String {
        let doubtful = doubtfulKeys
        var body = """
            <header class="report-head">
            <h1>\(escaped(Pages.title(of: record)))</h1>
            \(sourcesLine())
            \(Pages.progressBar(progress.report, label: "this report: \(progress.report.decided) of \(progress.report.total) decided", id: "progress-report"))
            \(Pages.progressBar(progress.all, label: "all reports: \(progress.all.decided) of \(progress.all.total) decided, \(progress.all.reportsLeft) reports left", id: "progress-all"))
            <p class="nav-reports"><a href="/">← all reports</a>\(record.agency.value.map { " · <a href=\"/agency?name=\(urlComponent($0))\">this agency's years</a>" } ?? "")\(nextReport.map { " · <a id=\"next-report\" href=\"/report/\(urlComponent($0))\">next report →</a>" } ?? " · <a id=\"next-report\" href=\"/finish\">finish →</a>")</p>
            <p class="keys"><kbd>Tab</kbd>/<kbd>Enter</kbd> next value in doubt (a typed value is saved as a correction) · \
            <kbd>←</kbd><kbd>→</kbd><kbd>↑</kbd><kbd>↓</kbd> move · <kbd>a</kbd> accept the value read · <kbd>u</kbd> unreadable · \
            <kbd>n</kbd> not in the report · <kbd>A</kbd> accept the rest of this table · <kbd>z</kbd> undo the last decision</p>
            <div id="status" role="status" aria-live="polite"></div>
            </header>
            <meta name="csrf" content="\(escaped(csrf))">
            """
        body += attributesTable(doubtful)
        if let template = record.template.value {
            let sums = record.templateSums
            for (section, heading) in Pages.sections {
                let tables = SectionTable.tables(section: section, template: template)
                let keys = tables.flatMap(\.keys)
                let inDoubt = keys.filter(doubtful.contains)
                body += """
                    <details class="section" data-section="\(section)"\(inDoubt.isEmpty ? "" : " open")>
                    <summary><h2>\(heading)</h2> <span class="muted">\(inDoubt.count) in doubt</span></summary>
                    <div class="sheet-and-source"><div class="sheets">
                    """
                for table in tables { body += sheet(table, sums: sums, doubtful: doubtful) }
                body += "</div>\(sourcePanel(keys: keys))</div></details>"
            }
        }
        body += """
            <aside id="cell-info" class="cell-info"></aside>
            <h2>Checks</h2><ul class="checks" id="checks">\(CheckInfo.all(report).map { Pages.checkItem(rule: $0.rule, text: $0.text, state: $0.state) }.joined())</ul>
            <script type="application/json" id="review-data">\(try scriptJSON(scriptData()))</script>
            """
        return pageFrame(title: "\(Pages.title(of: record)) · Gongkai", body: body)
    }

    /// The report's files: one, as before reports had several; several, each a link to the
    /// screen with its pages or tables beside, the shown one marked.
    private func sourcesLine() -> String {
        let files = report.sources.map(\.extracted.source)
        func described(_ source: SourceInfo) -> String {
            "\(escaped((source.file as NSString).lastPathComponent)) · \(source.kind.rawValue)\(source.pages.map { ", \($0) pages" } ?? "")"
        }
        let template = "template \(record.template.value?.rawValue ?? "?")"
        guard files.count > 1 else {
            return "<p class=\"muted\">\(described(record.source)) · \(template) · sha256 <code>\(escaped(sha256))</code></p>"
        }
        let list = files.map { source in
            source.sha256 == sha256 ? "<strong>\(described(source))</strong> (beside the values)"
                : "<a href=\"/report/\(urlComponent(source.sha256))\">\(described(source))</a>"
        }
        return """
            <p class="muted sources">one report from \(files.count) files, decided once for all: \(list.joined(separator: " · ")) · \(template) \
            · sha256 <code>\(escaped(sha256))</code></p>
            """
    }

    /// Agency, year and template: reviewed as fields are when read under the threshold.
    private func attributesTable(_ doubtful: Set<String>) -> String {
        var html = "<table class=\"sheet attributes\"><thead><tr>"
        html += ["agency", "year", "template"].map { "<th>\(escaped(Pages.labelPath($0)))</th>" }.joined()
        html += "</tr></thead><tbody><tr>"
        for key in ["agency", "year", "template"] {
            let info = cellInfo(key)
            html += doubtful.contains(key) ? doubtfulCell(info, wide: key == "agency") : "<td class=\"cell\">\(escaped(info.value))</td>"
        }
        return html + "</tr></tbody></table>"
    }

    /// One of the template's tables, every value read in its cell, the doubtful ones editable.
    private func sheet(_ table: SectionTable, sums: [TemplateSum], doubtful: Set<String>) -> String {
        let (rowEnds, feet) = table.placedSums(sums)
        let hasRowSums = !rowEnds.isEmpty
        var html = "<table class=\"sheet\"><thead><tr><th></th>" + table.columns.map { "<th>\(escaped($0))</th>" }.joined()
            + (hasRowSums ? "<th class=\"sum\">Σ</th>" : "") + "</tr></thead><tbody>"
        for (index, row) in table.rows.enumerated() {
            html += "<tr><th>\(escaped(row.label))</th>"
            for key in row.keys {
                guard let key, let field = record.field(key) else { html += "<td></td>"; continue }
                if doubtful.contains(key) {
                    html += doubtfulCell(cellInfo(key), wide: false)
                } else {
                    let value = field.value?.description ?? ""
                    html += "<td class=\"cell num\" data-key=\"\(escaped(key))\" data-value=\"\(escaped(value))\">\(value.isEmpty ? "—" : escaped(value))</td>"
                }
            }
            if hasRowSums {
                html += "<td class=\"sum\" data-sums=\"\(escaped((rowEnds[index] ?? []).map(\.rule).joined(separator: " ")))\"></td>"
            }
            html += "</tr>"
        }
        html += "</tbody>"
        if !feet.isEmpty {
            html += "<tfoot>"
            for foot in feet {
                html += "<tr><th class=\"sum\">\(escaped(foot.words))</th>"
                html += table.columns.indices.map { column in
                    "<td class=\"sum\" data-sums=\"\(escaped(foot.byColumn[column]?.rule ?? ""))\"></td>"
                }.joined()
                html += (hasRowSums ? "<td></td>" : "") + "</tr>"
            }
            html += "</tfoot>"
        }
        return html + "</table>"
    }

    /// A value in doubt: an input holding the value as it stands, its reason beneath.
    private func doubtfulCell(_ info: CellInfo, wide: Bool) -> String {
        let state = info.decision.map { " decided \($0)" } ?? ""
        let why = info.decision.map { decisionWords($0) } ?? info.reasons.first ?? ""
        // Files that read the value differently: each one's value under the box.
        let readings = info.sources.map { sources in
            "<small class=\"readings\">" + sources.map { "\(escaped($0.value.isEmpty ? "none" : $0.value)) <span class=\"muted\">\($0.kind)</span>" }
                .joined(separator: " · ") + "</small>"
        } ?? ""
        return """
            <td class="cell doubtful\(state)" data-key="\(escaped(info.key))"><input class="value\(wide ? " wide" : "")" \
            value="\(escaped(info.value))" placeholder="\(info.read.isEmpty ? "none read" : "")" autocomplete="off" \
            inputmode="\(info.key == "agency" ? "text" : "decimal")" aria-label="\(escaped(info.label))"><small class="why">\(escaped(why))</small>\(readings)</td>
            """
    }

    private func decisionWords(_ decision: String) -> String {
        switch decision {
        case "accepted": "accepted"
        case "corrected": "corrected"
        case "unreadable": "unreadable"
        case "absent": "not in the report"
        default: decision
        }
    }

    /// The pages (PDF) or the file's tables (DOCX) a section's values were read from.
    private func sourcePanel(keys: [String]) -> String {
        let sources = keys.compactMap { extracted.field($0)?.source }
        var pages: [Int] = []
        var tables: [Int] = []
        for source in sources {
            switch source {
            case .pdf(let page, _): if !pages.contains(page) { pages.append(page) }
            case .docx(let table, _, _): if !tables.contains(table) { tables.append(table) }
            }
        }
        var html = "<div class=\"source\">"
        for page in pages.sorted() {
            html += """
                <figure class="page" data-page="\(page)"><img src="/report/\(urlComponent(sha256))/page/\(page).png" \
                alt="page \(page)"><div class="outline" hidden></div><figcaption>page \(page)</figcaption></figure>
                """
        }
        for number in tables.sorted() {
            switch markupTables {
            case .failure(let error):
                html += "<p class=\"muted\">table \(number) cannot be shown: \(escaped(error.reasonText))</p>"
            case .success(let tables) where tables.indices.contains(number - 1):
                html += docxGrid(tables[number - 1], number: number)
            case .success:
                html += "<p class=\"muted\">table \(number) not found in the file</p>"
            }
        }
        if pages.isEmpty && tables.isEmpty { html += "<p class=\"muted\">no source cell for this section</p>" }
        return html + "</div>"
    }

    /// A DOCX table as the file has it, each cell carrying the grid positions it covers.
    private func docxGrid(_ table: Table, number: Int) -> String {
        var html = "<table class=\"grid\" data-table=\"\(number)\"><caption>table \(number)</caption>"
        let starting = Dictionary(grouping: table.cells, by: \.row)
        for row in 0..<table.rowCount {
            html += "<tr>"
            for cell in (starting[row] ?? []).sorted(by: { $0.column < $1.column }) {
                let spans = (cell.columnSpan > 1 ? " colspan=\"\(cell.columnSpan)\"" : "") + (cell.rowSpan > 1 ? " rowspan=\"\(cell.rowSpan)\"" : "")
                html += "<td\(spans) data-rows=\"\(cell.row) \(cell.lastRow)\" data-cols=\"\(cell.column) \(cell.lastColumn)\">\(escaped(cell.text))</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }
}

/// JSON to stand inside a `<script type="application/json">`: no `<` at all, so neither
/// `</script>` nor `<!--` in a document's text can end or bend the element.
func scriptJSON<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(value), as: UTF8.self)
    return json.replacingOccurrences(of: "<", with: "\\u003c")
}
