import Foundation
import RecordModel
import RecordStore

/// One agency across the years: its reports by year, and small charts of the figures people
/// follow over time, drawn here as SVG (no script, no library), a year in doubt marked.
enum AgencyPage {
    /// A figure the charts follow: the sum of some fields' values.
    struct Figure {
        let title: String
        let keys: [String]
    }

    static let figures = [
        Figure(title: "新收申请 · new requests", keys: [RequestRow.new.key(.total)]),
        Figure(title: "予以公开 · granted", keys: [RequestRow.granted.key(.total)]),
        Figure(title: "不予公开 · withheld", keys: RequestRow.subRows(of: .withheld).map { $0.key(.total) }),
        Figure(title: "行政复议 · reviews", keys: [AppealGroup.review.key(.total)]),
        Figure(title: "行政诉讼 · lawsuits", keys: [AppealGroup.litigationDirect.key(.total), AppealGroup.litigationAfterReview.key(.total)]),
    ]

    /// A figure's value in one year: nil when a field of it has no value; in doubt when a field of
    /// it is under the threshold with no decision.
    struct Point: Equatable {
        let year: Int
        let value: Double?
        let inDoubt: Bool
    }

    /// An agency's reports (`RecordStore.sourcedReports(agencyNamed:)`) by year.
    static func byYear(_ reports: [SourcedReport]) -> [SourcedReport] {
        reports.sorted { ($0.sources.first?.year.value ?? 0) < ($1.sources.first?.year.value ?? 0) }
    }

    static func points(_ figure: Figure, reports: [SourcedReport], threshold: Double) -> [Point] {
        reports.compactMap { report in
            guard let year = report.sources.first?.year.value else { return nil }
            let fields = figure.keys.compactMap { key in report.fields.first { $0.key == key } }
            let values = fields.compactMap { $0.value?.doubleValue }
            return Point(year: year, value: values.count == figure.keys.count ? values.reduce(0, +) : nil,
                         inDoubt: fields.count < figure.keys.count || fields.contains { !$0.decided && $0.confidence < threshold })
        }
    }

    /// A line over the years, each year's value written above its point; a year in doubt drawn
    /// as a hollow red point with its reason in the tooltip, a year without a value as a gap.
    static func chart(_ figure: Figure, points: [Point]) -> String {
        let width = 280.0, height = 110.0, left = 16.0, right = 16.0, top = 22.0, bottom = 22.0
        let years = points.map(\.year)
        guard let first = years.min(), let last = years.max() else { return "" }
        let largest = max(points.compactMap(\.value).max() ?? 0, 1)
        func x(_ year: Int) -> Double { last == first ? width / 2 : left + Double(year - first) / Double(last - first) * (width - left - right) }
        func y(_ value: Double) -> Double { height - bottom - value / largest * (height - top - bottom) }
        func number(_ value: Double) -> String { value.rounded() == value && value.magnitude < 1e15 ? String(Int(value)) : String(format: "%.2f", value) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escaped(figure.title))\">"
        svg += "<title>\(escaped(figure.title))</title>"
        // One polyline per run of years with values: a missing year breaks the line.
        var run: [String] = []
        for point in points {
            if let value = point.value { run.append(String(format: "%.1f,%.1f", x(point.year), y(value))) }
            if point.value == nil || point == points.last {
                if run.count > 1 { svg += "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" points=\"\(run.joined(separator: " "))\"/>" }
                run = []
            }
        }
        for point in points {
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%d</text>", x(point.year), height - 6, point.year)
            guard let value = point.value else {
                svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\" fill=\"#b00\">?</text>", x(point.year), height - bottom - 4)
                continue
            }
            let mark = point.inDoubt ? "fill=\"white\" stroke=\"#b00\" stroke-width=\"2\" class=\"in-doubt\"" : "fill=\"#1f5fa8\""
            let tip = "\(point.year): \(number(value))\(point.inDoubt ? " (in doubt: not yet reviewed)" : "")"
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" ", x(point.year), y(value)) + mark + "><title>\(escaped(tip))</title></circle>"
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">", x(point.year), y(value) - 7) + number(value) + "</text>"
        }
        return svg + "</svg>"
    }

    static func html(name: String, reports: [SourcedReport], threshold: Double) -> String {
        let identity = reports.lazy.compactMap { $0.sources.first?.identity.agency }.first
        var body = "<p><a href=\"/\">← reports</a></p><h1>\(escaped(identity?.name ?? name))</h1>"
        if let identity {
            body += "<p class=\"muted\">division \(escaped(identity.division)) · \(escaped(identity.body)); its reports whatever name their titles print</p>"
        }
        guard !reports.isEmpty else { return pageFrame(title: "\(name) · Gongkai", body: body + "<p>No report of this agency in the store.</p>") }
        body += "<div class=\"charts\">" + figures.map { figure in
            "<figure>\(chart(figure, points: points(figure, reports: reports, threshold: threshold)))<figcaption>\(escaped(figure.title))</figcaption></figure>"
        }.joined() + "</div><p class=\"muted\">A hollow red point: a year whose figure has a field still in doubt; ?: no value.</p>"
        body += "<table class=\"list\"><thead><tr><th>Year</th><th>Template</th><th>Printed name</th><th>Sources</th><th class=\"num\">In doubt</th></tr></thead><tbody>"
        for report in reports {
            guard let first = report.sources.first else { continue }
            let sources = report.sources.map { "<a href=\"/report/\(urlComponent($0.source.sha256))\">\(escaped(($0.source.file as NSString).lastPathComponent))</a>" }
            body += "<tr><td>\(first.year.value.map(String.init) ?? "?")</td><td>\(escaped(first.template.value?.rawValue ?? "?"))</td>"
                + "<td>\(escaped(first.agency.value ?? ""))</td><td>\(sources.joined(separator: ", "))</td>"
                + "<td class=\"num\">\(report.fieldsToReview(threshold: threshold).count)</td></tr>"
        }
        return pageFrame(title: "\(identity?.name ?? name) · Gongkai", body: body + "</tbody></table>")
    }
}
