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
}

extension Pages {
    /// The whole record as the template's tables, doubtful cells marked, reviewed ones too.
    static func report(_ stored: StoredReport, threshold: Double) -> String {
        let record = stored.reviewed
        let sha256 = urlComponent(record.source.sha256)
        var body = """
            <h1>\(escaped(title(of: record)))</h1>
            <p class="muted">\(escaped(record.source.file)) · \(record.source.kind.rawValue) · template \(record.template.value?.rawValue ?? "?") · \
            sha256 <code>\(escaped(record.source.sha256))</code></p>
            """
        if let pages = record.source.pages, pages > 0 {
            body += "<p>Source pages: " + (1...pages).map { "<a href=\"/report/\(sha256)/page/\($0).png\">\($0)</a>" }.joined(separator: " ") + "</p>"
        }
        body += "<p class=\"keys\"><span class=\"doubtful-key\">yellow</span>: under the threshold, not reviewed · <span>green</span>: reviewed</p>"
        if let template = record.template.value {
            for (section, heading) in [("二", "二、主动公开政府信息情况"), ("三", "三、收到和处理政府信息公开申请情况"), ("四", "四、政府信息公开行政复议、行政诉讼情况")] {
                body += "<h2>\(heading)</h2>"
                for table in SectionTable.tables(section: section, template: template) {
                    body += sectionTable(table, record: record, threshold: threshold)
                }
            }
        }
        let checks = (record.checks + stored.crossYearChecks).map { check in
            checkItem(rule: check.rule, text: check.text, state: !check.evaluated ? "muted" : check.holds ? "holds" : "broken")
        }
        body += "<h2>Checks</h2><ul class=\"checks\">\(checks.joined())</ul>"
        return pageFrame(title: "\(title(of: record)) · Gongkai", body: body)
    }

    static func sectionTable(_ table: SectionTable, record: ReportRecord, threshold: Double) -> String {
        var html = "<table class=\"grid\"><tr><th></th>" + table.columns.map { "<th>\(escaped($0))</th>" }.joined() + "</tr>"
        for row in table.rows {
            html += "<tr><th>\(escaped(row.label))</th>"
            for key in row.keys {
                guard let key, let field = record.field(key) else { html += "<td></td>"; continue }
                let state = field.review != nil ? " reviewed" : field.confidence < threshold ? " doubtful" : ""
                let tip = ([field.raw.map { "cell text: \($0)" } ?? "no cell found"] + field.notes).joined(separator: "\n")
                var value = escaped(field.value?.description ?? "—")
                if case .pdf(let page, _) = field.source {
                    value = "<a href=\"/report/\(urlComponent(record.source.sha256))/page/\(page).png\">\(value)</a>"
                }
                html += "<td class=\"num\(state)\" title=\"\(escaped(tip))\">\(value)</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }
}
