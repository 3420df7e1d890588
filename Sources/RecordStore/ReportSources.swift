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
            (record.source.file, Dictionary(record.fields.map { ($0.key, $0) }) { earlier, _ in earlier })
        }
        return first.fields.map { template in
            let readings = byKey.compactMap { file, fields in fields[template.key].map { (file: file, field: $0) } }
            return field(template.key, readings: readings, threshold: threshold)
        }
    }

    /// One field from its readings, each with the file it was read from, in the report's order of sources.
    static func field(_ key: String, readings: [(file: String, field: FieldValue)], threshold: Double) -> SourcedField {
        if let decided = readings.filter({ $0.field.review != nil }).max(by: { decisionTime($0.field) < decisionTime($1.field) }) {
            return SourcedField(key: key, value: decided.field.value, confidence: decided.field.confidence,
                                notes: decided.field.notes, decided: true)
        }
        let read = readings.filter { $0.field.value != nil }
        guard let best = read.max(by: { $0.field.confidence < $1.field.confidence }) ?? readings.first else {
            return SourcedField(key: key, value: nil, confidence: 0, notes: [], decided: false)
        }
        guard read.count >= 2 else {
            return SourcedField(key: key, value: best.field.value, confidence: best.field.confidence, notes: best.field.notes, decided: false)
        }
        let values = Set(read.compactMap(\.field.value))
        guard values.count == 1 else {
            let described = read.map { "\($0.field.value?.description ?? "null") in \($0.file) (\($0.field.source?.place ?? "no cell"))" }
            let confidence = (read.map(\.field.confidence).min() ?? 0) * 0.6
            return SourcedField(key: key, value: best.field.value, confidence: confidence,
                                notes: [disagreement + described.joined(separator: "; ")], decided: false)
        }
        let confidences = read.map(\.field.confidence)
        let highest = confidences.max() ?? 0
        guard highest >= threshold else {
            return SourcedField(key: key, value: best.field.value, confidence: highest,
                                notes: best.field.notes + ["\(read.count) sources agree, each in doubt: still to review"], decided: false)
        }
        let combined = min(0.99, 1 - confidences.reduce(1) { $0 * (1 - $1) })
        let note = combined > highest
            ? "\(read.count) sources agree (\(confidences.map(twoDecimals).joined(separator: ", "))): raised to \(twoDecimals(combined))"
            : "\(read.count) sources agree"
        return SourcedField(key: key, value: best.field.value, confidence: combined, notes: best.field.notes + [note], decided: false)
    }

    /// How the note of a field whose sources differ begins.
    static let disagreement = "sources disagree: "

    /// The report as one record, for the review screen: the shown source's record, each field's
    /// value, confidence and notes as all the sources give them together (the shown source's cell
    /// kept, to outline beside), and the template's checks on those values. One source is itself.
    static func merged(_ sources: [ReportRecord], shown: Int, threshold: Double) -> ReportRecord? {
        guard sources.indices.contains(shown) else { return nil }
        var record = sources[shown]
        guard sources.count > 1 else { return record }
        let together = Dictionary(fields(of: sources, threshold: threshold).map { ($0.key, $0) }) { earlier, _ in earlier }
        for index in record.fields.indices {
            guard let field = together[record.fields[index].key] else { continue }
            record.fields[index].value = field.value
            record.fields[index].confidence = field.confidence
            record.fields[index].notes = field.notes
        }
        record.checks = record.rechecked()
        return record
    }

    private static func decisionTime(_ field: FieldValue) -> Date { field.review?.decidedAt ?? .distantPast }

    private static func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// The records that are one report: one agency's (`AgencyKey`) year and template; a record
/// without them is a report of its own.
enum ReportGroup: Hashable {
    case report(AgencyKey, year: Int, template: String)
    case file(String)

    init(agency: AgencyKey?, year: Int?, template: String?, sha256: String) {
        if let agency, let year, let template {
            self = .report(agency, year: year, template: template)
        } else {
            self = .file(sha256)
        }
    }
}

/// A source file of a report, as a list names it.
public struct ReportSourceFile: Sendable, Hashable {
    public var sha256: String
    /// The file's name, without its folder.
    public var file: String
    /// `pdf`, `docx`, `html`; and for a PDF its pages.
    public var kind: String
    public var pages: Int?
}

/// A record's row without its fields: which report it belongs to, and its file.
struct RecordHeader {
    var id: Int64
    var source: ReportSourceFile
    var agency: String?
    var year: Int?
    var template: String?
    var agencyKey: AgencyKey?
    var group: ReportGroup

    /// The rows `init(_:)` reads, each with its file; a condition on `record` follows.
    static let select = """
        SELECT record.id, record.sha256, record.agency, record.agency_division, record.agency_body, record.agency_name,
          record.year, record.template, source_file.path, source_file.kind, source_file.pages
        FROM record JOIN source_file USING (sha256)
        """

    init(_ row: Row) {
        let sha256: String = row[1]
        let path: String = row[8]
        agency = row[2]
        year = row[6]
        template = row[7]
        id = row[0]
        source = ReportSourceFile(sha256: sha256, file: (path as NSString).lastPathComponent, kind: row[9], pages: row[10])
        agencyKey = AgencyKey(division: row[3], body: row[4], name: row[5], printed: row[2])
        group = ReportGroup(agency: agencyKey, year: year, template: template, sha256: sha256)
    }
}

extension RecordStore {
    /// Every report, each with its sources: records of one agency (division and body when the
    /// name resolved, else the printed name), year and template, by their first source's agency and year.
    public func sourcedReports(threshold: Double) throws -> [SourcedReport] {
        var reports: [SourcedReport] = []
        try forEachSourcedReport(threshold: threshold) { reports.append($0) }
        return reports
    }

    /// Hands `body` every report as `sourcedReports` orders them, one at a time: only the records'
    /// rows without their fields are held for the whole store (an export of thousands of reports
    /// keeps one report's records in memory, not all).
    public func forEachSourcedReport(threshold: Double, _ body: (SourcedReport) throws -> Void) throws {
        try pool.read { db in
            for sources in try Self.reportGroups(db, where: "", ordered: "ORDER BY record.agency, record.year, record.id") {
                try body(try Self.sourcedReport(db, sources: sources, threshold: threshold))
            }
        }
    }

    /// The reports of the agency a printed name stands for: every report printing it, and when it
    /// resolved to a division and body, every report of that identity whatever it prints. Found
    /// through the indexes on (agency, year) and (division, body, year), without reading the
    /// store's other records.
    public func sourcedReports(agencyNamed name: String, threshold: Double) throws -> [SourcedReport] {
        try pool.read { db in
            let printing = try Row.fetchAll(db, sql: RecordHeader.select + " WHERE record.agency = ?", arguments: [name]).map(RecordHeader.init)
            var agencies: [AgencyKey] = []
            for agency in printing.compactMap(\.agencyKey) where !agencies.contains(agency) { agencies.append(agency) }
            return try agencies.flatMap { agency in
                let (condition, arguments) = Self.condition(agency)
                return try Self.reportGroups(db, where: " WHERE " + condition, arguments: arguments,
                                             ordered: "ORDER BY record.year, record.id")
                    .filter { $0.first?.agencyKey == agency }
            }.map { try Self.sourcedReport(db, sources: $0, threshold: threshold) }
        }
    }

    /// The report one source belongs to: its sources' rows in the order they were first saved (the
    /// one named among them), nil when the store has no record of it.
    static func reportSources(_ db: Database, containing sha256: String) throws -> [RecordHeader]? {
        guard let header = try Row.fetchOne(db, sql: RecordHeader.select + " WHERE record.sha256 = ?", arguments: [sha256]).map(RecordHeader.init) else {
            return nil
        }
        guard case .report(let agency, let year, _) = header.group else { return [header] }
        let (condition, arguments) = condition(agency)
        return try Row.fetchAll(db, sql: RecordHeader.select + " WHERE \(condition) AND record.year = ? ORDER BY record.id",
                                arguments: arguments + [year]).map(RecordHeader.init).filter { $0.group == header.group }
    }

    /// The records of one agency, as the indexes find them: by division and body, or by the name
    /// printed (which resolved records may print too: their groups tell them apart).
    private static func condition(_ agency: AgencyKey) -> (String, StatementArguments) {
        switch agency {
        case .identity(let division, let body): ("record.agency_division = ? AND record.agency_body = ?", [division, body])
        case .printed(let name): ("record.agency = ?", [name])
        }
    }

    /// The records `condition` selects, as reports: each report's sources in the order they were
    /// first saved (its first source names it, in the queue and the exports alike), the reports in
    /// `ordered`'s order of their first row.
    static func reportGroups(_ db: Database, where condition: String, arguments: StatementArguments = [],
                             ordered: String) throws -> [[RecordHeader]] {
        var order: [ReportGroup] = []
        var groups: [ReportGroup: [RecordHeader]] = [:]
        for header in try Row.fetchAll(db, sql: RecordHeader.select + condition + " " + ordered, arguments: arguments).map(RecordHeader.init) {
            if groups[header.group] == nil { order.append(header.group) }
            groups[header.group, default: []].append(header)
        }
        return order.compactMap { groups[$0]?.sorted { $0.id < $1.id } }
    }

    /// A report from its sources' records, each with its decisions applied.
    private static func sourcedReport(_ db: Database, sources headers: [RecordHeader], threshold: Double) throws -> SourcedReport {
        let sources = try headers.compactMap { header -> ReportRecord? in
            let reviews = try storedReviews(db, sha256: header.source.sha256)
            let record = try storedRecord(db, sha256: header.source.sha256)
            return reviews.isEmpty ? record : record?.applying(reviews)
        }
        return SourcedReport(sources: sources, fields: ReportSources.fields(of: sources, threshold: threshold))
    }
}
