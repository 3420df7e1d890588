import Foundation
import GRDB
import RecordModel

// Agencies publish one report in several forms (a DOCX and its PDF, a web page and a PDF). The
// store keeps a record per file, nothing merged or overwritten; a report is the records of one
// agency (division and body, else the printed name), year and template, read together.

/// One report as its sources give it together.
public struct SourcedReport: Sendable {
    /// Each source's record, reviewed decisions applied, in the order the store first saw them.
    public var sources: [ReportRecord]
    /// Every field key of the first source's template, in its order.
    public var fields: [SourcedField]

    /// The fields under `threshold` that no reviewer has decided on in any source.
    public func fieldsToReview(threshold: Double) -> [SourcedField] {
        fields.filter { !$0.decided && $0.confidence < threshold }
    }

    /// How many of the template's checks the values the sources agree on break.
    public var brokenChecks: Int {
        guard var record = sources.first else { return 0 }
        let values = Dictionary(fields.map { ($0.key, $0.value) }) { earlier, _ in earlier }
        for index in record.fields.indices { record.fields[index].value = values[record.fields[index].key] ?? nil }
        return record.rechecked().filter { $0.evaluated && !$0.holds }.count
    }
}

/// A field of a report with several sources: the value they agree on, or the doubt they raise.
public struct SourcedField: Sendable, Hashable {
    public var key: String
    public var value: FieldNumber?
    public var confidence: Double
    /// Why the confidence is what it is: sources agreeing, or each source's value and cell.
    public var notes: [String]
    /// A reviewer decided on it in one of the sources: the decision stands.
    public var decided: Bool
}

enum ReportSources {
    /// The report's fields from its sources' (reviewed) records. A reviewer's decision in any
    /// source stands. Sources that agree raise the confidence as independent readings do
    /// (1 − Π(1 − cᵢ), at most 0.99), except where every one of them doubted the value: they may
    /// share the doubt's cause (a 万 both converted), so it stays in review. Sources that differ put
    /// the field in review (the least confidence × 0.6, as a broken check does), the most
    /// confident value shown, each source's value and cell in the notes.
    static func fields(of sources: [ReportRecord], threshold: Double) -> [SourcedField] {
        guard let first = sources.first else { return [] }
        let byKey = sources.map { record in
            (record, Dictionary(record.fields.map { ($0.key, $0) }) { earlier, _ in earlier })
        }
        return first.fields.map { template in
            let readings = byKey.compactMap { record, fields in fields[template.key].map { (record, $0) } }
            return field(template.key, readings: readings, threshold: threshold)
        }
    }

    private static func field(_ key: String, readings: [(ReportRecord, FieldValue)], threshold: Double) -> SourcedField {
        if let decided = readings.filter({ $0.1.review != nil }).max(by: { decisionTime($0.1) < decisionTime($1.1) }) {
            return SourcedField(key: key, value: decided.1.value, confidence: decided.1.confidence,
                                notes: decided.1.notes, decided: true)
        }
        let read = readings.filter { $0.1.value != nil }
        guard let best = read.max(by: { $0.1.confidence < $1.1.confidence }) ?? readings.first else {
            return SourcedField(key: key, value: nil, confidence: 0, notes: [], decided: false)
        }
        guard read.count >= 2 else {
            return SourcedField(key: key, value: best.1.value, confidence: best.1.confidence, notes: best.1.notes, decided: false)
        }
        let values = Set(read.compactMap(\.1.value))
        let described = read.map { "\($0.1.value?.description ?? "null") in \($0.0.source.file) (\(cell($0.1.source)))" }
        guard values.count == 1 else {
            let confidence = (read.map(\.1.confidence).min() ?? 0) * 0.6
            return SourcedField(key: key, value: best.1.value, confidence: confidence,
                                notes: ["sources disagree: " + described.joined(separator: "; ")], decided: false)
        }
        let confidences = read.map(\.1.confidence)
        let highest = confidences.max() ?? 0
        guard highest >= threshold else {
            return SourcedField(key: key, value: best.1.value, confidence: highest,
                                notes: best.1.notes + ["\(read.count) sources agree, each in doubt: still to review"], decided: false)
        }
        let combined = min(0.99, 1 - confidences.reduce(1) { $0 * (1 - $1) })
        let note = combined > highest
            ? "\(read.count) sources agree (\(confidences.map(twoDecimals).joined(separator: ", "))): raised to \(twoDecimals(combined))"
            : "\(read.count) sources agree"
        return SourcedField(key: key, value: best.1.value, confidence: combined, notes: best.1.notes + [note], decided: false)
    }

    private static func decisionTime(_ field: FieldValue) -> Date { field.review?.decidedAt ?? .distantPast }

    /// Where a value was read, for a person to find it: a PDF's page and box, a DOCX's cell.
    static func cell(_ source: FieldSource?) -> String {
        switch source {
        case .pdf(let page, let box):
            "page \(page), box \([box.x0, box.y0, box.x1, box.y1].map { String(format: "%.1f", $0) }.joined(separator: " "))"
        case .docx(let table, let row, let column): "table \(table), row \(row), col \(column)"
        case nil: "no cell"
        }
    }

    private static func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// The records that are one report: one agency's (`AgencyKey`) year and template; a record
/// without them is a report of its own.
private enum ReportGroup: Hashable {
    case report(AgencyKey, year: Int, template: Template)
    case file(String)

    init(_ record: ReportRecord) {
        if let agency = AgencyKey(record), let year = record.year.value, let template = record.template.value {
            self = .report(agency, year: year, template: template)
        } else {
            self = .file(record.source.sha256)
        }
    }
}

extension RecordStore {
    /// Every report, each with its sources: records of one agency (division and body when the
    /// name resolved, else the printed name), year and template, in the order of their first source.
    public func sourcedReports(threshold: Double) throws -> [SourcedReport] {
        try pool.read { db in
            let hashes = try String.fetchAll(db, sql: """
                SELECT sha256 FROM record JOIN source_file USING (sha256) ORDER BY agency, year, seen_at, sha256
                """)
            var order: [ReportGroup] = []
            var groups: [ReportGroup: [ReportRecord]] = [:]
            for sha256 in hashes {
                guard let record = try Self.storedRecord(db, sha256: sha256) else { continue }
                let group = ReportGroup(record)
                let reviews = try Self.storedReviews(db, sha256: sha256)
                if groups[group] == nil { order.append(group) }
                groups[group, default: []].append(reviews.isEmpty ? record : record.applying(reviews))
            }
            return order.compactMap { groups[$0] }.map { sources in
                SourcedReport(sources: sources, fields: ReportSources.fields(of: sources, threshold: threshold))
            }
        }
    }
}
