import AgencyIdentity
import DocumentModel
import Foundation
import GRDB
import RecordModel

// A record is kept as rows only: `record` holds its source and the agency, year and template as
// read, `field` one row per field with where it was read, `check_result` its checks. The record's
// JSON is written from them when it is exported or reviewed, so the nightly batch does not write
// every record twice (the JSON was 35 KB of a record's 60 in the store). Each row has one type
// here that owns its columns, how a value is bound to them and how it is read back.

/// A `record` row: the report's source file and its agency, year and template as read.
enum RecordRow {
    /// Saved again, a record keeps its number, and so its reviews.
    static let upsertSQL = """
        INSERT INTO record (sha256, schema, file, agency, agency_confidence, agency_raw, agency_page, agency_division,
          agency_body, agency_name, agency_division_confidence, agency_notes, year,
          year_confidence, year_raw, year_page, template, template_confidence, under_review)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (sha256) DO UPDATE SET schema = excluded.schema, file = excluded.file,
          agency = excluded.agency, agency_confidence = excluded.agency_confidence, agency_raw = excluded.agency_raw,
          agency_page = excluded.agency_page, agency_division = excluded.agency_division, agency_body = excluded.agency_body,
          agency_name = excluded.agency_name, agency_division_confidence = excluded.agency_division_confidence,
          agency_notes = excluded.agency_notes, year = excluded.year, year_confidence = excluded.year_confidence,
          year_raw = excluded.year_raw, year_page = excluded.year_page, template = excluded.template,
          template_confidence = excluded.template_confidence, under_review = excluded.under_review
        RETURNING id
        """

    /// The values of `upsertSQL`, in its order.
    static func values(_ record: ReportRecord, threshold: Double) -> StatementArguments {
        [record.source.sha256, record.schema, record.source.file, record.agency.value, record.agency.confidence,
         record.agency.raw, record.agency.page, record.identity.agency?.division, record.identity.agency?.body,
         record.identity.agency?.name, record.identity.confidence, ReportRecord.notesJSON(record.identity.notes),
         record.year.value, record.year.confidence, record.year.raw,
         record.year.page, record.template.value?.rawValue, record.template.confidence,
         record.fieldsUnderThreshold(threshold).count]
    }

    /// The row with its source file's, as `select` reads it.
    static let select = """
        SELECT record.*, source_file.kind AS kind, source_file.pages AS pages, source_file.converted_from AS converted_from,
          source_file.ocr_pages AS ocr_pages
        FROM record JOIN source_file USING (sha256) WHERE sha256 = ?
        """

    /// The record a `select` row stands for, with its fields and checks.
    static func record(_ row: Row, fields: [FieldValue], checks: [CheckResult]) throws -> ReportRecord {
        let sha256: String = row["sha256"]
        guard let kind = SourceKind(rawValue: row["kind"]) else {
            throw DatabaseError(message: "record \(sha256): unknown source kind \(row["kind"] as String? ?? "")")
        }
        let template: String? = row["template"]
        let readTemplate = template.flatMap(Template.init(rawValue:))
        if let template, readTemplate == nil {
            throw DatabaseError(message: "record \(sha256): unknown template \(template)")
        }
        return ReportRecord(
            schema: row["schema"], source: SourceInfo(file: row["file"], sha256: sha256, kind: kind, pages: row["pages"],
                                                    convertedFrom: row["converted_from"], recognized: recognizedParts(row["ocr_pages"])),
            agency: RecordAttribute(value: row["agency"], confidence: row["agency_confidence"], raw: row["agency_raw"], page: row["agency_page"]),
            identity: try identity(row),
            year: RecordAttribute(value: row["year"], confidence: row["year_confidence"], raw: row["year_raw"], page: row["year_page"]),
            template: RecordAttribute(value: readTemplate, confidence: row["template_confidence"]),
            fields: fields, checks: checks)
    }

    /// The agency's division and body from the `agency_*` columns (v9); unresolved when absent.
    private static func identity(_ row: Row) throws -> AgencyResolution {
        let notes = try FieldRow.notes(row["agency_notes"], key: "agency")
        guard let division: String = row["agency_division"], let body: String = row["agency_body"],
              let name: String = row["agency_name"] else {
            return AgencyResolution(agency: nil, confidence: 0, notes: notes)
        }
        return AgencyResolution(agency: ResolvedAgency(division: division, body: body, name: name),
                                confidence: row["agency_division_confidence"], notes: notes)
    }
}

/// A `field` row: a field's value, confidence and notes, and where it was read (`source_table`,
/// `_row`, `_col` in a DOCX; `source_page` and `source_x0`…`source_y1` in a PDF).
enum FieldRow {
    static let columns = ["record_id", "key", "position", "value", "raw", "confidence", "notes", "source_table",
                          "source_row", "source_col", "source_page", "source_x0", "source_y0", "source_x1", "source_y1"]

    /// A field's row, in `columns`' order.
    static func values(_ field: FieldValue, record id: Int64, position: Int) -> [DatabaseValue] {
        var table: Int?, row: Int?, column: Int?, page: Int?, box: BoundingBox?
        switch field.source {
        case .docx(let t, let r, let c): (table, row, column) = (t, r, c)
        case .pdf(let p, let b): (page, box) = (p, b)
        case nil: break
        }
        return [id.databaseValue, field.key.databaseValue, position.databaseValue, number(field.value),
                field.raw.databaseValue, field.confidence.databaseValue, field.notesJSON.databaseValue,
                table.databaseValue, row.databaseValue, column.databaseValue, page.databaseValue,
                box?.x0.databaseValue ?? .null, box?.y0.databaseValue ?? .null, box?.x1.databaseValue ?? .null,
                box?.y1.databaseValue ?? .null]
    }

    /// A record's fields in the template's order, as `field(_:)` reads them: columns by position,
    /// since a lookup by name searches the names, two hundred rows a record.
    static let selectByRecord = """
        SELECT key, value, raw, confidence, notes, source_table, source_row, source_col, source_page,
          source_x0, source_y0, source_x1, source_y1 FROM field WHERE record_id = ? ORDER BY position
        """

    static func field(_ row: Row) throws -> FieldValue {
        let key: String = row[0]
        return FieldValue(key: key, value: number(row[1], key: key), raw: row[2], confidence: row[3],
                          source: source(row), notes: try notes(row[4], key: key))
    }

    private static func source(_ row: Row) -> FieldSource? {
        let table: Int? = row[5], rowIndex: Int? = row[6], column: Int? = row[7], page: Int? = row[8]
        if let page, let x0: Double = row[9], let y0: Double = row[10], let x1: Double = row[11], let y1: Double = row[12] {
            return .pdf(page: page, box: BoundingBox(x0: x0, y0: y0, x1: x1, y1: y1))
        }
        if let table, let rowIndex, let column { return .docx(table: table, row: rowIndex, column: column) }
        return nil
    }

    static func notes(_ json: String, key: String) throws -> [String] {
        guard json != "[]" else { return [] }
        guard let notes = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String] else {
            throw DatabaseError(message: "field \(key): notes are not a JSON array of text: \(json)")
        }
        return notes
    }

    /// A field's number as stored: counts as integers, money as reals.
    static func number(_ number: FieldNumber?) -> DatabaseValue {
        switch number {
        case .integer(let count): count.databaseValue
        case .decimal(let amount): amount.databaseValue
        case nil: .null
        }
    }

    /// A stored number as the field's kind: SQLite keeps `0.0` as an integer in a numeric column.
    static func number(_ value: DatabaseValue, key: String) -> FieldNumber? {
        let isMoney = FieldCatalog.holdsMoney(key)
        switch value.storage {
        case .int64(let number): return isMoney ? .decimal(Double(number)) : .integer(Int(number))
        // A count SQLite holds as a real (a hand-edited store, a number past Int's range) stays
        // the number it is rather than trapping in `Int(_:)`.
        case .double(let number): return isMoney ? .decimal(number) : Int(exactly: number).map(FieldNumber.integer) ?? .decimal(number)
        default: return nil
        }
    }
}

/// A `check_result` row: a check's rule, whether it holds (NULL: not evaluated), its text, and
/// the keys of the fields it involves (NULL in rows kept before v8).
enum CheckRow {
    static let columns = ["record_id", "rule", "holds", "text", "keys"]

    static func values(_ check: CheckResult, record id: Int64) -> [DatabaseValue] {
        [id.databaseValue, check.rule.databaseValue, (check.evaluated ? check.holds : nil).databaseValue,
         check.text.databaseValue, check.keys.joined(separator: " ").databaseValue]
    }

    /// A record's checks in the order they were kept: the template's, which are part of the
    /// record (`acrossYears: false`), or the store's agreement with the years before and after.
    static func select(acrossYears: Bool) -> String {
        """
        SELECT rule, holds, text, keys FROM check_result JOIN record ON record.id = check_result.record_id
        WHERE sha256 = ? AND (rule LIKE 'cross_year.%') = \(acrossYears ? 1 : 0) ORDER BY check_result.rowid
        """
    }

    /// The check a row keeps; without keys when the row was kept before they were.
    static func check(_ row: Row) -> CheckResult {
        let holds: Bool? = row[1]
        let keys: String? = row[3]
        return CheckResult(rule: row[0], holds: holds ?? false, text: row[2],
                           keys: keys.map { $0.split(separator: " ").map(String.init) } ?? [], evaluated: holds != nil)
    }
}

extension RecordStore {
    /// The record of the file with content hash `sha256` as it was extracted, from its rows;
    /// nil when the store has none.
    static func storedRecord(_ db: Database, sha256: String) throws -> ReportRecord? {
        guard let row = try Row.fetchOne(db, sql: RecordRow.select, arguments: [sha256]) else { return nil }
        let fields = try Row.fetchAll(db.cachedStatement(sql: FieldRow.selectByRecord), arguments: [row["id"] as Int64]).map(FieldRow.field)
        let checks = try Row.fetchAll(db, sql: CheckRow.select(acrossYears: false), arguments: [sha256]).map(CheckRow.check)
        // Rows kept before their keys were take them from the template's sums (`restoringCheckKeys`).
        return try RecordRow.record(row, fields: fields, checks: checks).restoringCheckKeys()
    }

    /// A record's checks, the template's (`acrossYears: false`) or the store's across years.
    static func storedChecks(_ db: Database, sha256: String, acrossYears: Bool) throws -> [CheckResult] {
        try Row.fetchAll(db, sql: CheckRow.select(acrossYears: acrossYears), arguments: [sha256]).map(CheckRow.check)
    }
}

/// `source.ocr_pages` as the store keeps it: "1,3" for pages, "images" for pictures; nil for none.
func storedText(_ recognized: RecognizedParts?) -> String? {
    switch recognized {
    case .pages(let pages): pages.map(String.init).joined(separator: ",")
    case .images: "images"
    case nil: nil
    }
}

func recognizedParts(_ text: String?) -> RecognizedParts? {
    guard let text else { return nil }
    return text == "images" ? .images : .pages(text.split(separator: ",").compactMap { Int($0) })
}
