import DocumentModel
import Foundation
import GRDB
import ReportParser

// A record is kept as rows only: `record` holds its source and the agency, year and template as
// read, `field` one row per field with where it was read, `check_result` its checks. The record's
// JSON is written from them when it is exported or reviewed, so the nightly batch does not write
// every record twice (the JSON was 35 KB of a record's 60 in the store).

extension RecordStore {
    /// Schema v5: the record's JSON moves into columns, and the `json` column goes.
    static func moveJSONIntoColumns(_ db: Database) throws {
        try db.alter(table: "record") { table in
            // The schema of the records this migration moves: what they were when it was written.
            table.add(column: "schema", .text).notNull().defaults(to: "gongkai.record/1")
            table.add(column: "file", .text).notNull().defaults(to: "")
            table.add(column: "agency_confidence", .double).notNull().defaults(to: 0)
            table.add(column: "agency_raw", .text)
            table.add(column: "agency_page", .integer)
            table.add(column: "year_confidence", .double).notNull().defaults(to: 0)
            table.add(column: "year_raw", .text)
            table.add(column: "year_page", .integer)
            table.add(column: "template_confidence", .double).notNull().defaults(to: 0)
        }
        try db.alter(table: "field") { table in
            // A DOCX cell: its table (1-based), grid row and column (0-based).
            table.add(column: "source_table", .integer)
            table.add(column: "source_row", .integer)
            table.add(column: "source_col", .integer)
            // A PDF cell: its page (1-based) and box in points, origin top-left.
            table.add(column: "source_page", .integer)
            table.add(column: "source_x0", .double)
            table.add(column: "source_y0", .double)
            table.add(column: "source_x1", .double)
            table.add(column: "source_y1", .double)
        }
        // One record at a time, so memory stays that of one record whatever the store's size;
        // its fields are written again whole, as a save writes them.
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM record ORDER BY id") {
            guard let json = try String.fetchOne(db, sql: "SELECT json FROM record WHERE id = ?", arguments: [id]) else { continue }
            let record = try ReportRecord(json: Data(json.utf8))
            try db.execute(sql: """
                UPDATE record SET schema = ?, file = ?, agency_confidence = ?, agency_raw = ?, agency_page = ?,
                  year_confidence = ?, year_raw = ?, year_page = ?, template_confidence = ? WHERE id = ?
                """, arguments: [record.schema, record.source.file, record.agency.confidence, record.agency.raw,
                                 record.agency.page, record.year.confidence, record.year.raw, record.year.page,
                                 record.template.confidence, id])
            try db.execute(sql: "DELETE FROM field WHERE record_id = ?", arguments: [id])
            try insertRows(db, into: "field", columns: fieldColumns,
                           rows: record.fields.enumerated().map { fieldValues($1, record: id, position: $0) })
        }
        try db.alter(table: "record") { table in table.drop(column: "json") }
    }

    /// The record columns a save writes, in `insertRecordSQL`'s order.
    static func recordValues(_ record: ReportRecord, threshold: Double) -> [(any DatabaseValueConvertible)?] {
        [record.source.sha256, record.schema, record.source.file, record.agency.value, record.agency.confidence,
         record.agency.raw, record.agency.page, record.year.value, record.year.confidence, record.year.raw,
         record.year.page, record.template.value?.rawValue, record.template.confidence,
         record.fieldsUnderThreshold(threshold).count]
    }

    /// Saved again, a record keeps its number, and so its reviews.
    static let insertRecordSQL = """
        INSERT INTO record (sha256, schema, file, agency, agency_confidence, agency_raw, agency_page, year,
          year_confidence, year_raw, year_page, template, template_confidence, under_review)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (sha256) DO UPDATE SET schema = excluded.schema, file = excluded.file,
          agency = excluded.agency, agency_confidence = excluded.agency_confidence, agency_raw = excluded.agency_raw,
          agency_page = excluded.agency_page, year = excluded.year, year_confidence = excluded.year_confidence,
          year_raw = excluded.year_raw, year_page = excluded.year_page, template = excluded.template,
          template_confidence = excluded.template_confidence, under_review = excluded.under_review
        RETURNING id
        """

    static let fieldColumns = ["record_id", "key", "position", "value", "raw", "confidence", "notes", "source_table",
                               "source_row", "source_col", "source_page", "source_x0", "source_y0", "source_x1", "source_y1"]

    /// A field's row, in `fieldColumns`' order.
    static func fieldValues(_ field: FieldValue, record id: Int64, position: Int) -> [DatabaseValue] {
        [id.databaseValue, field.key.databaseValue, position.databaseValue, databaseValue(field.value),
         field.raw.databaseValue, field.confidence.databaseValue, field.notesJSON.databaseValue]
            + SourceColumns(field.source).values
    }

    /// The record of the file with content hash `sha256` as it was extracted, from its rows;
    /// nil when the store has none.
    static func storedRecord(_ db: Database, sha256: String) throws -> ReportRecord? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT record.*, source_file.kind AS kind, source_file.pages AS pages, source_file.converted_from AS converted_from,
              source_file.ocr_pages AS ocr_pages
            FROM record JOIN source_file USING (sha256) WHERE sha256 = ?
            """, arguments: [sha256]) else { return nil }
        guard let kind = SourceKind(rawValue: row["kind"]) else {
            throw DatabaseError(message: "record \(sha256): unknown source kind \(row["kind"] as String? ?? "")")
        }
        let id: Int64 = row["id"]
        // Columns by position: two hundred rows a record, and a lookup by name searches the names.
        let fields = try Row.fetchAll(db, sql: """
            SELECT key, value, raw, confidence, notes, source_table, source_row, source_col, source_page,
              source_x0, source_y0, source_x1, source_y1 FROM field WHERE record_id = ? ORDER BY position
            """, arguments: [id]).map { field in
            let key: String = field[0]
            return FieldValue(key: key, value: fieldNumber(field[1], key: key), raw: field[2], confidence: field[3],
                              source: SourceColumns(field, from: 5).source, notes: try notes(field[4]))
        }
        let checks = try storedChecks(db, sha256: sha256, acrossYears: false)
            .map { CheckResult(rule: $0.rule, holds: $0.holds ?? false, text: $0.text, keys: [], evaluated: $0.holds != nil) }
        return ReportRecord(
            schema: row["schema"], source: SourceInfo(file: row["file"], sha256: sha256, kind: kind, pages: row["pages"],
                                                    convertedFrom: row["converted_from"], recognized: recognizedParts(row["ocr_pages"])),
            agency: RecordAttribute(value: row["agency"], confidence: row["agency_confidence"], raw: row["agency_raw"], page: row["agency_page"]),
            year: RecordAttribute(value: row["year"], confidence: row["year_confidence"], raw: row["year_raw"], page: row["year_page"]),
            template: RecordAttribute(value: (row["template"] as String?).flatMap(Template.init(rawValue:)),
                                      confidence: row["template_confidence"]),
            fields: fields, checks: checks)
    }

    private static func notes(_ json: String) throws -> [String] {
        guard json != "[]" else { return [] }
        guard let notes = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String] else {
            throw DatabaseError(message: "field notes are not a JSON array of text: \(json)")
        }
        return notes
    }
}

/// Where a field was read, as the `source_*` columns of its row hold it.
private struct SourceColumns {
    var table: Int?, row: Int?, column: Int?
    var page: Int?, box: BoundingBox?

    init(_ source: FieldSource?) {
        switch source {
        case .docx(let table, let row, let column): (self.table, self.row, self.column) = (table, row, column)
        case .pdf(let page, let box): (self.page, self.box) = (page, box)
        case nil: break
        }
    }

    /// Read from the eight `source_*` columns, the first at `index`, in `values`' order.
    init(_ field: Row, from index: Int) {
        (table, row, column, page) = (field[index], field[index + 1], field[index + 2], field[index + 3])
        if let x0: Double = field[index + 4], let y0: Double = field[index + 5],
           let x1: Double = field[index + 6], let y1: Double = field[index + 7] {
            box = BoundingBox(x0: x0, y0: y0, x1: x1, y1: y1)
        }
    }

    var values: [DatabaseValue] {
        [table.databaseValue, row.databaseValue, column.databaseValue, page.databaseValue,
         box?.x0.databaseValue ?? .null, box?.y0.databaseValue ?? .null, box?.x1.databaseValue ?? .null,
         box?.y1.databaseValue ?? .null]
    }

    var source: FieldSource? {
        if let page, let box { return .pdf(page: page, box: box) }
        if let table, let row, let column { return .docx(table: table, row: row, column: column) }
        return nil
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
