import Foundation
import RecordStore
import RecordModel

/// How far the review has gone: over the whole store, or one report.
struct Progress: Encodable, Equatable {
    var decided: Int
    var total: Int
    /// Reports with something left to decide (the store's progress only).
    var reportsLeft: Int

    init(_ work: [QueuedReport]) {
        decided = work.reduce(0) { $0 + $1.doubtful.filter(\.decided).count }
        total = work.reduce(0) { $0 + $1.doubtful.count }
        reportsLeft = work.filter { !$0.keys.isEmpty }.count
    }

    var percent: Int { total == 0 ? 100 : decided * 100 / total }
}

/// What the list of reports is narrowed to, from the query (`?agency=&year=2023&reason=…&confidence=0.5`).
/// An empty parameter is no filter: a form sends every box, filled or not.
struct ReportFilter: Equatable {
    var agency: String?
    var year: Int?
    var reason: String?
    /// Reports with a field to decide at or below this confidence.
    var confidence: Double?

    var isEmpty: Bool { self == ReportFilter() }

    func admits(_ report: QueuedReport) -> Bool {
        let waiting = report.doubtful.filter { !$0.decided }
        if let agency, report.agency != agency { return false }
        if let year, report.year != year { return false }
        if let reason, !waiting.contains(where: { Pages.reasons(of: $0).contains(reason) }) { return false }
        if let confidence, !waiting.contains(where: { $0.confidence <= confidence }) { return false }
        return true
    }
}

/// The pages an HTML response is made of: pure functions of what the store holds.
enum Pages {
    static let sections = [("二", "二、主动公开政府信息情况"), ("三", "三、收到和处理政府信息公开申请情况"), ("四", "四、政府信息公开行政复议、行政诉讼情况")]

    /// Why a field is in doubt, in words a filter can offer: each note with the cell's own text
    /// (between backquotes) left out, and "no value read" where nothing was.
    static func reasons(of field: DoubtfulField) -> [String] {
        var reasons = field.notes.map(reason)
        if !field.hasValue { reasons.insert("no value read", at: 0) }
        return reasons.isEmpty ? ["low confidence"] : reasons
    }

    static func reason(_ note: String) -> String {
        let general = note.replacing(/`[^`]*`/, with: "…")
        return String(general.prefix { $0 != ":" })
    }

    /// The list of reports with something under the threshold: what to review, how far it went.
    static func reportList(_ work: [QueuedReport], filter: ReportFilter, threshold: Double, storePath: String) -> String {
        let progress = Progress(work)
        let shown = work.filter(filter.admits)
        let agencies = Set(work.compactMap(\.agency)).sorted()
        let years = Set(work.compactMap(\.year)).sorted()
        let reasons = Set(work.flatMap { $0.doubtful.filter { !$0.decided }.flatMap(Pages.reasons) }).sorted()
        func options(_ values: [String], selected: String?) -> String {
            "<option value=\"\">all</option>" + values.map {
                "<option\($0 == selected ? " selected" : "")>\(escaped($0))</option>"
            }.joined()
        }
        var body = """
            <h1>Reports to review</h1>
            \(progressBar(progress, label: "\(progress.decided) of \(progress.total) doubtful values decided · \(progress.reportsLeft) reports left", id: "progress-all"))
            <p class="muted">Values under the review threshold \(threshold), agency, year and template included; the report with the lowest-scored value first. A report published as several files (a DOCX and its PDF) is one entry: its values as the files give them together, decided once.</p>
            <form class="filters" method="get" action="/">
            <label>Agency <select name="agency">\(options(agencies, selected: filter.agency))</select></label>
            <label>Year <select name="year">\(options(years.map(String.init), selected: filter.year.map(String.init)))</select></label>
            <label>Reason <select name="reason">\(options(reasons, selected: filter.reason))</select></label>
            <label>Confidence at most <input name="confidence" inputmode="decimal" size="4" value="\(filter.confidence.map { String($0) } ?? "")"></label>
            <button>Show</button>\(filter.isEmpty ? "" : " <a href=\"/\">all reports</a>")
            </form>
            """
        if shown.isEmpty { body += "<p>No report matches these filters.</p>" }
        body += """
            <table class="list"><thead><tr><th>Agency</th><th>Year</th><th>Template</th><th>Source</th>\
            <th class="num">In doubt</th><th class="num">Broken checks</th><th>Reviewed</th><th></th></tr></thead><tbody>
            """
        for report in shown {
            let decided = report.doubtful.filter(\.decided).count
            let left = report.keys.count
            body += """
                <tr class="\(left == 0 ? "done" : "")"><td>\(report.agency.map { "<a href=\"/agency?name=\(urlComponent($0))\">\(escaped($0))</a>" } ?? "(agency not found)")</td>\
                <td>\(report.year.map(String.init) ?? "?")</td><td>\(escaped(report.template ?? "?"))</td>\
                <td>\(report.sources.map(sourceFile).joined(separator: "<br>"))</td><td class="num">\(left)</td><td class="num">\(report.brokenChecks)</td>\
                <td><meter max="\(report.doubtful.count)" value="\(decided)"></meter> \(decided) of \(report.doubtful.count)</td>\
                <td><a href="/report/\(urlComponent(report.sha256))">\(left == 0 ? "look again" : "review")</a></td></tr>
                """
        }
        body += "</tbody></table>"
        if progress.reportsLeft == 0 {
            body += "<p><a href=\"/finish\">Everything is decided: the checks still broken, and the export →</a></p>"
        }
        return pageFrame(title: "Reports to review · Gongkai", body: body)
    }

    /// A file of a report, as the list names it: `suzhou-2023.pdf pdf, 4 pages`.
    static func sourceFile(_ source: ReportSourceFile) -> String {
        "\(escaped(source.file)) <span class=\"muted\">\(escaped(source.kind))\(source.pages.map { ", \($0) pages" } ?? "")</span>"
    }

    /// When the queue is empty: what still does not add up, and how to take the values out.
    static func finish(_ work: [QueuedReport], checks: [UnsettledChecks], storePath: String) -> String {
        let progress = Progress(work)
        var body = progress.reportsLeft == 0
            ? "<h1>Review finished</h1><p>All \(progress.total) doubtful values are decided.</p>"
            : "<h1>Not finished yet</h1><p>\(progress.total - progress.decided) values in \(progress.reportsLeft) reports are still to decide: <a href=\"/\">the list</a>.</p>"
        if checks.isEmpty {
            body += "<p>Every check of every report holds.</p>"
        } else {
            body += "<h2>Checks that do not hold or could not run</h2><p class=\"muted\">An agency's own sums may not add up: the record keeps what it printed. A correction that broke one shows here too.</p>"
            for entry in checks {
                body += "<h3><a href=\"/report/\(urlComponent(entry.sha256))\">\(escaped(entry.agency ?? "(agency not found)")) \(entry.year.map(String.init) ?? "")</a></h3><ul class=\"checks\">"
                body += entry.broken.map { "<li class=\"broken\">\(escaped($0))</li>" }.joined()
                body += entry.notEvaluated.map { "<li class=\"muted\">\(escaped($0))</li>" }.joined()
                body += "</ul>"
            }
        }
        body += """
            <h2>Export</h2>
            <pre class="command">gongkai export --format csv --store \(escaped(shellQuoted(storePath))) &gt; records.csv
            gongkai export --format csv --chinese-labels --store \(escaped(shellQuoted(storePath))) &gt; records-excel.csv
            gongkai export --format jsonl --store \(escaped(shellQuoted(storePath))) &gt; records.jsonl</pre>
            """
        return pageFrame(title: "Review finished · Gongkai", body: body)
    }

    static func shellQuoted(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func progressBar(_ progress: Progress, label: String, id: String) -> String {
        """
        <div class="progress" id="\(id)"><meter max="\(max(progress.total, 1))" value="\(progress.decided)"></meter> <span>\(escaped(label))</span></div>
        """
    }

    static func title(of record: ReportRecord) -> String {
        "\(record.agency.value ?? "(agency not found)") \(record.year.value.map(String.init) ?? "(year not found)")"
    }

    /// The label path the template gives the field: section, row and column.
    static func labelPath(_ key: String) -> String {
        switch key {
        case "agency": return "机关 (agency)"
        case "year": return "年度 (year)"
        case "template": return "模板 (template)"
        default: break
        }
        guard let definition = FieldCatalog.definition(of: key) else { return key }
        return "\(definition.section)、\(definition.label)"
    }

    /// One check as a list item; `state` (holds, broken, muted) is its style.
    static func checkItem(rule: String, text: String, state: String) -> String {
        "<li class=\"\(state)\" data-rule=\"\(escaped(rule))\">\(escaped(rule)): \(escaped(text))</li>"
    }

    static func message(_ title: String, _ text: String) -> String {
        pageFrame(title: title, body: "<h1>\(escaped(title))</h1><div class=\"banner error\">\(escaped(text))</div><p><a href=\"/\">Back to the list of reports</a></p>")
    }
}
