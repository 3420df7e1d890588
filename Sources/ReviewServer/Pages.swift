import DocumentModel
import Foundation
import RecordStore
import RecordModel

/// One report of the queue page, with what its fields are shown with.
struct QueueEntry {
    var queued: QueuedReport
    var report: StoredReport
    /// The DOCX's tables (1-based as the record counts them), to show a field's row; empty for a PDF.
    var tables: [Table]
}

/// The page an HTML response is made of: pure functions of what the store holds.
enum Pages {
    static func queue(_ entries: [QueueEntry], total: (fields: Int, reports: Int), offset: Int, pageSize: Int,
                      threshold: Double, csrf: String, focus: (sha256: String, key: String)?, banner: String) -> String {
        var body = """
            <h1>Review queue</h1>
            <p class="muted">\(total.fields) fields under the review threshold \(threshold) in \(total.reports) reports, worst first.</p>
            <p class="keys"><kbd>↓</kbd> <kbd>↑</kbd> next / previous · <kbd>Enter</kbd> accept the value read · type a number, then <kbd>Enter</kbd>: correct · <kbd>Alt</kbd>+<kbd>U</kbd> unreadable</p>
            \(banner)
            """
        if entries.isEmpty { body += "<p>Nothing to review.</p>" }
        for entry in entries {
            let record = entry.report.reviewed
            body += """
                <section class="report">
                <h2><a href="/report/\(urlComponent(entry.queued.sha256))">\(escaped(title(of: record)))</a>
                <span class="muted">\(escaped(entry.queued.file)) · \(entry.queued.keys.count) fields</span></h2>
                """
            for key in entry.queued.keys {
                guard let field = record.field(key) else { continue }
                let isFocus = focus.map { $0.sha256 == entry.queued.sha256 && $0.key == key } ?? false
                body += fieldCard(field, record: record, tables: entry.tables, csrf: csrf, current: isFocus)
            }
            body += "</section>"
        }
        if offset + pageSize < total.reports {
            body += "<p class=\"pager\"><a href=\"/?offset=\(offset + pageSize)\">Next \(pageSize) reports →</a></p>"
        }
        return pageFrame(title: "Review queue · Gongkai", body: body)
    }

    static func title(of record: ReportRecord) -> String {
        "\(record.agency.value ?? "(agency not found)") \(record.year.value.map(String.init) ?? "(year not found)")"
    }

    /// The label path the template gives the field: section, row and column.
    static func labelPath(_ key: String) -> String {
        guard let definition = FieldCatalog.definition(of: key) else { return key }
        return "\(definition.section)、\(definition.label)"
    }

    static func fieldCard(_ field: FieldValue, record: ReportRecord, tables: [Table], csrf: String, current: Bool) -> String {
        let broken = record.checks.filter { $0.evaluated && !$0.holds && $0.keys.contains(field.key) }
        let notes = field.notes.map { "<li>\(escaped($0))</li>" }.joined()
        let checks = broken.map { checkItem(rule: $0.rule, text: $0.text, state: "broken") }.joined()
        let sha256 = record.source.sha256
        return """
            <article class="field\(current ? " current" : "")" id="\(escaped(anchor(sha256: sha256, key: field.key)))" tabindex="-1">
            <header><span class="label">\(escaped(labelPath(field.key)))</span> <code>\(escaped(field.key))</code>
            <span class="confidence">confidence \(String(format: "%.2f", field.confidence))</span></header>
            <dl class="facts">
            <dt>value read</dt><dd class="value">\(escaped(field.value?.description ?? "none"))</dd>
            <dt>cell text</dt><dd>\(field.raw.map { "<q>\(escaped($0))</q>" } ?? "<span class=\"muted\">no cell found</span>")</dd>
            \(notes.isEmpty ? "" : "<dt>notes</dt><dd><ul>\(notes)</ul></dd>")
            \(checks.isEmpty ? "" : "<dt>broken checks</dt><dd><ul class=\"checks\">\(checks)</ul></dd>")
            </dl>
            <div class="source">\(sourceView(field, sha256: sha256, tables: tables))</div>
            <form class="decide" method="post" action="/review">
            <input type="hidden" name="csrf" value="\(escaped(csrf))">
            <input type="hidden" name="sha256" value="\(escaped(sha256))">
            <input type="hidden" name="key" value="\(escaped(field.key))">
            <input name="value" inputmode="decimal" autocomplete="off" placeholder="the value on the page" aria-label="correct value"\(current ? " autofocus" : "")>
            <button class="primary" name="decision" value="accepted">Accept</button>
            <button name="decision" value="corrected">Correct</button>
            <button name="decision" value="unreadable" accesskey="u">Unreadable</button>
            </form>
            </article>
            """
    }

    static func anchor(sha256: String, key: String) -> String { "f-\(sha256.prefix(12))-\(key)" }

    /// Where the value was read: the page region as an image (PDF), the table row (DOCX).
    static func sourceView(_ field: FieldValue, sha256: String, tables: [Table]) -> String {
        switch field.source {
        case .pdf(let page, _):
            return """
                <a href="/report/\(urlComponent(sha256))/page/\(page).png"><img loading="lazy" alt="page \(page), around the cell" \
                src="/report/\(urlComponent(sha256))/field/\(urlComponent(field.key)).png"></a>
                <span class="muted">page \(page)</span>
                """
        case .docx(let tableNumber, let row, let column):
            guard tables.indices.contains(tableNumber - 1) else { return "<p class=\"muted\">table \(tableNumber) not found in the file</p>" }
            return docxRow(tables[tableNumber - 1], row: row, column: column)
                + "<span class=\"muted\">table \(tableNumber), row \(row + 1)</span>"
        case nil:
            return "<p class=\"muted\">no source cell</p>"
        }
    }

    /// The field's row, the cell outlined, under the table's first row and the row just above:
    /// in section 三 the column labels, in section 二 the small table's own header.
    static func docxRow(_ table: Table, row: Int, column: Int) -> String {
        let rows = Array(Set([0, max(0, row - 1), row])).sorted()
        var html = "<table class=\"grid\">"
        for shown in rows where shown < table.rowCount {
            html += "<tr>"
            var seen = Set<Int>()
            for index in 0..<table.columnCount {
                guard let cell = table.cell(row: shown, column: index), seen.insert(cell.column).inserted else { continue }
                let isSource = shown == row && (cell.column...cell.lastColumn).contains(column)
                let tag = shown == row ? "td" : "th"
                let span = cell.columnSpan > 1 ? " colspan=\"\(cell.columnSpan)\"" : ""
                html += "<\(tag)\(span)\(isSource ? " class=\"source-cell\"" : "")>\(escaped(cell.text))</\(tag)>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }

    /// The checks of a record after a decision: how the queue page answers one.
    static func checksBanner(_ report: StoredReport, decided key: String) -> String {
        let evaluated = report.reviewed.checks.filter(\.evaluated)
        let broken = evaluated.filter { !$0.holds }
        let list = broken.map { checkItem(rule: $0.rule, text: $0.text, state: "broken") }.joined()
        return """
            <div class="banner\(broken.isEmpty ? "" : " broken")" role="status">Saved \(escaped(labelPath(key))) of \
            <a href="/report/\(urlComponent(report.reviewed.source.sha256))">\(escaped(title(of: report.reviewed)))</a>. \
            Checks run again: \(evaluated.count - broken.count) of \(evaluated.count) hold\(broken.isEmpty ? "." : ", broken:")
            \(list.isEmpty ? "" : "<ul class=\"checks\">\(list)</ul>")</div>
            """
    }

    /// One check as a list item; `state` (holds, broken, muted) is its style.
    static func checkItem(rule: String, text: String, state: String) -> String {
        "<li class=\"\(state)\">\(escaped(rule)): \(escaped(text))</li>"
    }

    static func message(_ title: String, _ text: String) -> String {
        pageFrame(title: title, body: "<h1>\(escaped(title))</h1><div class=\"banner error\">\(escaped(text))</div><p><a href=\"/\">Back to the queue</a></p>")
    }
}
