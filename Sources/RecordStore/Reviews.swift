import Foundation
import GRDB
import RecordModel

/// One file's record as stored: as extracted, and as reviewed so far (a report of several files
/// is a `ReportUnderReview`).
public struct StoredReport: Sendable {
    public var extracted: ReportRecord
    /// The extracted record with the latest decisions applied and its checks run again.
    public var reviewed: ReportRecord
    /// Where the source file is now: the archive, once moved there, else where the batch found it.
    public var filePath: String
    /// The agreement with the same agency's previous or next year, kept by the store.
    public var crossYearChecks: [CheckResult]
}

/// A field (or `agency`, `year`, `template`) under the review threshold, and why it is there.
public struct DoubtfulField: Sendable, Hashable {
    public var key: String
    public var confidence: Double
    /// The field's notes, as the parser gave them.
    public var notes: [String]
    /// False when nothing was read: such a field is typed or marked absent, never accepted.
    public var hasValue: Bool
    /// Whether a decision stands on it.
    public var decided: Bool

    public init(key: String, confidence: Double, notes: [String], hasValue: Bool, decided: Bool) {
        self.key = key
        self.confidence = confidence
        self.notes = notes
        self.hasValue = hasValue
        self.decided = decided
    }
}

/// A report's fields under the threshold, decided or not, worst first: one entry per report,
/// however many files it was published as.
public struct QueuedReport: Sendable {
    /// The report's first source, which names the report in the review app's addresses.
    public var sha256: String
    /// Every file of the report, in the order the store first saw them.
    public var sources: [ReportSourceFile]
    public var agency: String?
    public var year: Int?
    public var template: String?
    /// Every field under the threshold, as the sources give it together, lowest confidence first
    /// (ties in the template's order).
    public var doubtful: [DoubtfulField]
    /// Field keys under the threshold with no decision yet, lowest confidence first.
    public var keys: [String] { doubtful.filter { !$0.decided }.map(\.key) }
    public var worstConfidence: Double { doubtful.filter { !$0.decided }.map(\.confidence).min() ?? 1 }
    /// The report's checks that do not hold on its values as reviewed, the years' agreement included.
    public var brokenChecks = 0
}

/// A report's checks that do not hold, or could not run, on its values as reviewed.
public struct UnsettledChecks: Sendable {
    public var sha256: String
    public var agency: String?
    public var year: Int?
    /// Each check as `rule: text`.
    public var broken: [String]
    public var notEvaluated: [String]
}

/// One stored decision, as the history shows it: undone ones included.
public struct ReviewEntry: Sendable, Hashable {
    public var id: Int64
    public var review: FieldReview
    public var undoneAt: Date?

    /// What the copies of one decision kept against each file of a report share: all but the
    /// number, and an acceptance in one file is a correction in another that read otherwise.
    struct Copy: Hashable {
        var review: FieldReview
        var undone: Bool
    }

    var copy: Copy {
        var review = review
        if review.decision == .corrected { review.decision = .accepted }
        return Copy(review: review, undone: undoneAt != nil)
    }
}

/// A report as the review screen shows it: the values its files give together, decided once for all of them.
public struct ReportUnderReview: Sendable {
    /// Each file of the report as stored, in the order the store first saw them.
    public var sources: [StoredReport]
    /// The file whose pages or tables stand beside the values: the one the address names.
    public var shown: Int
    /// The report as its files give it together (`ReportSources`): each field's value, confidence
    /// and notes from all of them, the shown file's cells; a report of one file is its record.
    public var extracted: ReportRecord
    /// `extracted` with the decisions standing applied and its checks run again.
    public var reviewed: ReportRecord
    /// Every decision on the report, undone ones included, oldest first: one entry for the copies
    /// kept against each file.
    public var history: [ReviewEntry]
    /// The agreement with the same agency's previous or next year, kept by the store.
    public var crossYearChecks: [CheckResult]

    public var shownSource: StoredReport { sources[shown] }
}

extension RecordStore {
    /// Keeps a reviewer's decision beside the extracted value (which is never changed), and
    /// returns its number in the history.
    @discardableResult
    public func saveReview(sha256: String, _ review: FieldReview) throws -> Int64 {
        try saveReviews(sha256: sha256, [review])[0]
    }

    /// Keeps several decisions on one file's record in one transaction (a table accepted at once),
    /// and returns their numbers in the history, in order.
    public func saveReviews(sha256: String, _ reviews: [FieldReview]) throws -> [Int64] {
        try saveReviews(reviews.map { (sha256, $0) })
    }

    /// Keeps decisions made on a report (as `ReportUnderReview.extracted` reads it) against every
    /// source of the report, in one transaction: each file's record carries the decision, an
    /// acceptance where that file read the value decided and a correction where it read another,
    /// so a field decided once is decided in every export and never comes back through another
    /// file. Returns the numbers of every row kept, for an undo to take them together.
    public func saveReviews(_ reviews: [FieldReview], on report: ReportUnderReview) throws -> [Int64] {
        try saveReviews(report.sources.flatMap { source in
            reviews.map { (source.extracted.source.sha256, $0.restated(on: source.extracted, madeOn: report.extracted)) }
        })
    }

    private func saveReviews(_ reviews: [(sha256: String, review: FieldReview)]) throws -> [Int64] {
        try pool.write { db in
            try reviews.map { sha256, review in try Self.insertReview(db, sha256: sha256, review) }
        }
    }

    private static func insertReview(_ db: Database, sha256: String, _ review: FieldReview) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO review (sha256, key, decision, value, text, reviewer, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [sha256, review.key, review.decision.rawValue, FieldRow.number(review.value), review.text,
                             review.reviewer, review.decidedAt])
        return db.lastInsertedRowID
    }

    /// A file that joins a report after decisions were made on it (the PDF of a DOCX reviewed
    /// yesterday) takes them on, restated on what it read as `saveReviews(_:on:)` keeps them:
    /// otherwise the report's field stays decided, but the file's own record, in its JSONL and
    /// `--per-source` rows, would show the value it read as if nobody had looked. A field the file
    /// has a decision of its own on keeps it.
    static func inheritReportDecisions(_ db: Database, record: ReportRecord) throws {
        let sha256 = record.source.sha256
        guard let sources = try reportSources(db, containing: sha256), sources.count > 1 else { return }
        let decidedHere = Set(try storedReviews(db, sha256: sha256).map(\.key))
        // The decision standing on each field in the report's other files: the latest.
        var standing: [String: (review: FieldReview, madeOn: String, met: Int)] = [:]
        var met = 0
        for other in sources.map(\.source.sha256) where other != sha256 {
            for review in try storedReviews(db, sha256: other) where !decidedHere.contains(review.key) {
                met += 1
                if let known = standing[review.key], known.review.decidedAt > review.decidedAt { continue }
                standing[review.key] = (review, other, met)
            }
        }
        var madeOn: [String: ReportRecord] = [:]
        // Kept in the order they were made (those made together, in the order they were kept).
        let inOrder = standing.values.sorted { ($0.review.decidedAt, $0.met) < ($1.review.decidedAt, $1.met) }
        for (review, other, _) in inOrder {
            if madeOn[other] == nil { madeOn[other] = try storedRecord(db, sha256: other) }
            guard let decidedOn = madeOn[other] else { continue }
            _ = try insertReview(db, sha256: sha256, review.restated(on: record, madeOn: decidedOn))
        }
    }

    /// Marks decisions `ids` on the files `sha256` (a report's, whose decisions are kept against
    /// each) undone, in one transaction: they stay in the history, and the decision before each on
    /// its field (if any) stands again. Returns the decisions undone; one not standing (undone
    /// already, another report's) is left out.
    public func undoReviews(sha256 files: [String], ids: [Int64], at time: Date = Date()) throws -> [FieldReview] {
        try pool.write { db in
            try ids.compactMap { id in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT sha256, key, decision, value, text, reviewer, decided_at FROM review WHERE id = ? AND undone_at IS NULL
                    """, arguments: [id]), files.contains(row["sha256"] as String), let review = Self.review(row) else { return nil }
                try db.execute(sql: "UPDATE review SET undone_at = ? WHERE id = ?", arguments: [time, id])
                return review
            }
        }
    }

    /// The decisions standing on a report's fields, oldest first (the latest of a field stands).
    public func reviews(sha256: String) throws -> [FieldReview] {
        try pool.read { db in try Self.storedReviews(db, sha256: sha256) }
    }

    /// Every decision on a report, or on one of its fields, undone ones included, oldest first.
    public func reviewHistory(sha256: String, key: String? = nil) throws -> [ReviewEntry] {
        try pool.read { db in try Self.reviewHistory(db, sha256: sha256, key: key) }
    }

    static func reviewHistory(_ db: Database, sha256: String, key: String?) throws -> [ReviewEntry] {
        try Row.fetchAll(db, sql: """
            SELECT id, key, decision, value, text, reviewer, decided_at, undone_at FROM review
            WHERE sha256 = ? AND (? IS NULL OR key = ?) ORDER BY decided_at, id
            """, arguments: [sha256, key, key]).compactMap { row in
            review(row).map { ReviewEntry(id: row["id"], review: $0, undoneAt: row["undone_at"]) }
        }
    }

    static func storedReviews(_ db: Database, sha256: String) throws -> [FieldReview] {
        try Row.fetchAll(db, sql: """
            SELECT key, decision, value, text, reviewer, decided_at FROM review
            WHERE sha256 = ? AND undone_at IS NULL ORDER BY decided_at, id
            """, arguments: [sha256]).compactMap(review)
    }

    /// A review row as a decision; nil for a decision this version does not know.
    private static func review(_ row: Row) -> FieldReview? {
        let key: String = row["key"]
        guard let decision = FieldReview.Decision(rawValue: row["decision"]) else { return nil }
        return FieldReview(key: key, decision: decision, value: FieldRow.number(row["value"], key: key), text: row["text"],
                           reviewer: row["reviewer"], decidedAt: row["decided_at"])
    }

    /// The record of the file with content hash `sha256`, nil when the store has no record of it.
    public func report(sha256: String) throws -> StoredReport? {
        try pool.read { db in try Self.storedReport(db, sha256: sha256) }
    }

    static func storedReport(_ db: Database, sha256: String) throws -> StoredReport? {
        guard let extracted = try storedRecord(db, sha256: sha256),
              let row = try Row.fetchOne(db, sql: "SELECT path, location FROM source_file WHERE sha256 = ?",
                                         arguments: [sha256]) else { return nil }
        let reviews = try storedReviews(db, sha256: sha256)
        return StoredReport(extracted: extracted, reviewed: extracted.applying(reviews), filePath: row["location"] ?? row["path"],
                            crossYearChecks: try storedChecks(db, sha256: sha256, acrossYears: true))
    }

    /// The report the file `sha256` is a source of, as the review screen shows it, that file
    /// beside its values; nil when the store has no record of the file.
    public func reportUnderReview(sha256: String, threshold: Double) throws -> ReportUnderReview? {
        try pool.read { db in
            guard let sources = try Self.reportSources(db, containing: sha256),
                  let shown = sources.firstIndex(where: { $0.source.sha256 == sha256 }) else { return nil }
            return try Self.reportUnderReview(db, sources: sources, shown: shown, threshold: threshold)
        }
    }

    static func reportUnderReview(_ db: Database, sources headers: [RecordHeader], shown: Int, threshold: Double) throws -> ReportUnderReview? {
        let sources = try headers.compactMap { try storedReport(db, sha256: $0.source.sha256) }
        guard sources.count == headers.count,
              let extracted = ReportSources.merged(sources.map(\.extracted), shown: shown, threshold: threshold) else { return nil }
        // A decision is kept against every file: its copies are one decision, listed once, as the
        // shown file keeps it (whose reading the screen's values are).
        var seen = Set<ReviewEntry.Copy>()
        let files = [headers[shown]] + headers.indices.filter { $0 != shown }.map { headers[$0] }
        let history = try files.flatMap { try reviewHistory(db, sha256: $0.source.sha256, key: nil) }
            .filter { seen.insert($0.copy).inserted }
            .sorted { ($0.review.decidedAt, $0.id) < ($1.review.decidedAt, $1.id) }
        var crossYear: [CheckResult] = []
        for check in sources.flatMap(\.crossYearChecks) where !crossYear.contains(where: { $0.rule == check.rule }) { crossYear.append(check) }
        return ReportUnderReview(sources: sources, shown: shown, extracted: extracted,
                                 reviewed: extracted.applying(history.filter { $0.undoneAt == nil }.map(\.review)),
                                 history: history, crossYearChecks: crossYear)
    }

    /// Reports with fields under `threshold` that no one has decided on, each with all its fields
    /// under the threshold; the report with the lowest-scored undecided field first.
    public func reviewQueue(threshold: Double) throws -> [QueuedReport] {
        try pool.read { db in try Self.queue(db, threshold: threshold).filter { !$0.keys.isEmpty } }
    }

    /// Every report with a field under `threshold`, decided or not: the work and how far it went.
    /// `countingBrokenChecks` runs each reviewed report's checks again (a list shows them; the
    /// progress after a decision need not wait for them).
    public func reviewWork(threshold: Double, countingBrokenChecks: Bool = true) throws -> [QueuedReport] {
        try pool.read { db in try Self.queue(db, threshold: threshold, countingBrokenChecks: countingBrokenChecks) }
    }

    /// The reports with a field under the threshold as their files give it together, with the
    /// attributes (agency, year, template) read under it too. A report of one file takes its
    /// fields as the file's record has them; one of several files reads again only the fields
    /// some file doubted or the files read differently (`doubtsTogether`).
    static func queue(_ db: Database, threshold: Double, countingBrokenChecks: Bool = false) throws -> [QueuedReport] {
        let perFile = try doubtfulFields(db, threshold: threshold)
        var reports: [QueuedReport] = []
        for sources in try reportGroups(db, where: "", ordered: "ORDER BY record.id") {
            guard let first = sources.first else { continue }
            let doubtful = sources.count == 1 ? perFile[first.source.sha256] ?? []
                : try doubtsTogether(db, sources: sources, perFile: perFile, threshold: threshold)
            guard !doubtful.isEmpty else { continue }
            var report = QueuedReport(sha256: first.source.sha256, sources: sources.map(\.source), agency: first.agency,
                                      year: first.year, template: first.template, doubtful: doubtful)
            if countingBrokenChecks {
                report.brokenChecks = try unsettledChecks(db, report: sources, threshold: threshold)?.broken.count ?? 0
            }
            reports.append(report)
        }
        // Worst first; a report with nothing left to decide after those that still wait.
        return reports.enumerated().sorted { left, right in
            (left.element.worstConfidence, left.offset) < (right.element.worstConfidence, right.offset)
        }.map(\.element)
    }

    /// Each file's fields under the threshold, and its attributes read under it, each marked
    /// decided when its latest decision standing gives it a value, or says it has none. An
    /// acceptance of no value (which stores before the `absent` decision could hold) decides
    /// nothing: the field comes back to the queue.
    private static func doubtfulFields(_ db: Database, threshold: Double) throws -> [String: [DoubtfulField]] {
        let rows = try Row.fetchAll(db, sql: """
            WITH doubtful (id, sha256, key, confidence, position, notes, has_value) AS (
              SELECT record.id, record.sha256, field.key, field.confidence, field.position, field.notes, field.value IS NOT NULL
              FROM field JOIN record ON record.id = field.record_id WHERE field.confidence < ?1
              UNION ALL SELECT id, sha256, 'agency', agency_confidence, -3, '[]', agency IS NOT NULL FROM record WHERE agency_confidence < ?1
              UNION ALL SELECT id, sha256, 'year', year_confidence, -2, '[]', year IS NOT NULL FROM record WHERE year_confidence < ?1
              UNION ALL SELECT id, sha256, 'template', template_confidence, -1, '[]', template IS NOT NULL FROM record WHERE template_confidence < ?1
            )
            SELECT doubtful.*,
              COALESCE((SELECT \(decides) FROM review
                        WHERE review.sha256 = doubtful.sha256 AND review.key = doubtful.key AND review.undone_at IS NULL
                        ORDER BY review.decided_at DESC, review.id DESC LIMIT 1), 0) AS decided
            FROM doubtful ORDER BY doubtful.id, doubtful.confidence, doubtful.position
            """, arguments: [threshold])
        var files: [String: [DoubtfulField]] = [:]
        for row in rows {
            files[row["sha256"], default: []].append(DoubtfulField(
                key: row["key"], confidence: row["confidence"], notes: try FieldRow.notes(row["notes"], key: row["key"]),
                hasValue: row["has_value"], decided: row["decided"]))
        }
        return files
    }

    /// Whether a review row decides its field: anything but an acceptance of no value.
    private static let decides = "NOT (review.decision = 'accepted' AND review.value IS NULL AND review.text IS NULL)"

    /// A report of several files: the fields some file doubted or the files read differently,
    /// read from every file and taken together (`ReportSources`), those still under the threshold;
    /// an attribute is in doubt when no file read it at or above the threshold. A decision kept
    /// against any of the files decides the report's field.
    private static func doubtsTogether(_ db: Database, sources: [RecordHeader], perFile: [String: [DoubtfulField]],
                                       threshold: Double) throws -> [DoubtfulField] {
        let ids = sources.map(\.id)
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let hashes = sources.map(\.source.sha256)
        var decided: [String: Bool] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT key, \(decides) AS decides FROM review WHERE sha256 IN (\(marks)) AND undone_at IS NULL ORDER BY decided_at, id
            """, arguments: StatementArguments(hashes)) {
            decided[row["key"]] = row["decides"]
        }
        var doubtful: [(field: DoubtfulField, position: Int)] = []
        for (position, attribute) in zip((-3)..., FieldReview.attributeKeys) {
            let readings = hashes.map { perFile[$0]?.first { $0.key == attribute } }
            guard readings.allSatisfy({ $0 != nil }),
                  var surest = readings.compactMap({ $0 }).max(by: { $0.confidence < $1.confidence }) else { continue }
            surest.decided = decided[attribute] ?? false
            doubtful.append((surest, position))
        }
        let disagreeing = try String.fetchAll(db, sql: """
            SELECT key FROM field WHERE record_id IN (\(marks)) AND value IS NOT NULL GROUP BY key HAVING COUNT(DISTINCT value) > 1
            """, arguments: StatementArguments(ids))
        let candidates = Array(Set(hashes.flatMap { perFile[$0] ?? [] }.map(\.key)).subtracting(FieldReview.attributeKeys).union(disagreeing))
        guard !candidates.isEmpty else { return doubtful.map(\.field) }
        let order = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1.id, $0) })
        var readings: [String: [(source: Int, file: String, field: FieldValue)]] = [:]
        var positions: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT key, value, raw, confidence, notes, source_table, source_row, source_col, source_page,
              source_x0, source_y0, source_x1, source_y1, record_id, position FROM field
            WHERE record_id IN (\(marks)) AND key IN (\(Array(repeating: "?", count: candidates.count).joined(separator: ", ")))
            """, arguments: StatementArguments(ids) + StatementArguments(candidates)) {
            let field = try FieldRow.field(row)
            let source = order[row[13]] ?? 0
            readings[field.key, default: []].append((source, sources[source].source.file, field))
            // The template's place of the field in the first file, as a report of one file sorts ties.
            if source == 0 || positions[field.key] == nil { positions[field.key] = row[14] }
        }
        for (key, fieldReadings) in readings {
            // In the report's order of files, as `sourcedReports` takes them.
            let together = ReportSources.field(key, readings: fieldReadings.sorted { $0.source < $1.source }.map { ($0.file, $0.field) },
                                               threshold: threshold)
            guard together.confidence < threshold else { continue }
            doubtful.append((DoubtfulField(key: key, confidence: together.confidence, notes: together.notes,
                                           hasValue: together.value != nil, decided: decided[key] ?? false), positions[key] ?? 0))
        }
        return doubtful.sorted { ($0.field.confidence, $0.position) < ($1.field.confidence, $1.position) }.map(\.field)
    }

    /// Every report whose checks, on its values as reviewed, do not all hold.
    public func unsettledChecks(threshold: Double) throws -> [UnsettledChecks] {
        try pool.read { db in
            try Self.reportGroups(db, where: "", ordered: "ORDER BY record.agency, record.year, record.id").compactMap { sources in
                try Self.unsettledChecks(db, report: sources, threshold: threshold).flatMap { $0.broken.isEmpty && $0.notEvaluated.isEmpty ? nil : $0 }
            }
        }
    }

    /// A report's checks on its values as reviewed: a report of one file as its record keeps them
    /// (read again only when a decision stands on it), one of several on the values they give together.
    static func unsettledChecks(_ db: Database, report sources: [RecordHeader], threshold: Double) throws -> UnsettledChecks? {
        guard let first = sources.first else { return nil }
        guard sources.count > 1 else { return try unsettledChecks(db, sha256: first.source.sha256) }
        guard let report = try reportUnderReview(db, sources: sources, shown: 0, threshold: threshold) else { return nil }
        let checks = report.reviewed.checks + report.crossYearChecks
        return UnsettledChecks(sha256: first.source.sha256, agency: report.reviewed.agency.value, year: report.reviewed.year.value,
                               broken: checks.filter { $0.evaluated && !$0.holds }.map { "\($0.rule): \($0.text)" },
                               notEvaluated: checks.filter { !$0.evaluated }.map { "\($0.rule): \($0.text)" })
    }

    /// Notes where an archived file now is.
    public func setLocation(sha256: String, location: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE source_file SET location = ? WHERE sha256 = ?", arguments: [location, sha256])
        }
    }

    /// A file's checks on its reviewed values: the record is read only when a decision stands
    /// on it, else its stored checks are those of its values.
    private static func unsettledChecks(_ db: Database, sha256: String) throws -> UnsettledChecks? {
        let reviews = try storedReviews(db, sha256: sha256)
        var checks = try storedChecks(db, sha256: sha256, acrossYears: false)
        var agency: String?
        var year: Int?
        if reviews.isEmpty {
            guard let row = try Row.fetchOne(db, sql: "SELECT agency, year FROM record WHERE sha256 = ?", arguments: [sha256]) else { return nil }
            (agency, year) = (row["agency"], row["year"])
        } else {
            guard let record = try storedRecord(db, sha256: sha256)?.applying(reviews) else { return nil }
            checks = record.checks
            (agency, year) = (record.agency.value, record.year.value)
        }
        checks += try storedChecks(db, sha256: sha256, acrossYears: true)
        return UnsettledChecks(sha256: sha256, agency: agency, year: year,
                               broken: checks.filter { $0.evaluated && !$0.holds }.map { "\($0.rule): \($0.text)" },
                               notEvaluated: checks.filter { !$0.evaluated }.map { "\($0.rule): \($0.text)" })
    }
}
