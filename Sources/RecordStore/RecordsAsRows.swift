import Foundation
import GRDB

// Schema v5 as it was written, frozen: a migration must upgrade an old store the same way next
// year whatever the record becomes, so it reads the JSON of v4's records by itself and calls none
// of the application's types.

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
        // One record at a time, so memory stays that of one record whatever the store's size.
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM record ORDER BY id") {
            guard let json = try String.fetchOne(db, sql: "SELECT json FROM record WHERE id = ?", arguments: [id]) else { continue }
            guard let record = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                throw DatabaseError(message: "record \(id): its JSON is not an object")
            }
            func object(_ name: String) -> [String: Any] { record[name] as? [String: Any] ?? [:] }
            let source = object("source"), agency = object("agency"), year = object("year"), template = object("template")
            try db.execute(sql: """
                UPDATE record SET schema = ?, file = ?, agency_confidence = ?, agency_raw = ?, agency_page = ?,
                  year_confidence = ?, year_raw = ?, year_page = ?, template_confidence = ? WHERE id = ?
                """, arguments: [record["schema"] as? String ?? "gongkai.record/1", source["file"] as? String ?? "",
                                 agency["confidence"] as? Double ?? 0, agency["raw"] as? String, agency["page"] as? Int,
                                 year["confidence"] as? Double ?? 0, year["raw"] as? String, year["page"] as? Int,
                                 template["confidence"] as? Double ?? 0, id])
            // Each field is written again from the JSON, as v5 did: rows before it kept notes as
            // lines of text, and v5's rows keep them as a JSON array.
            for field in record["fields"] as? [[String: Any]] ?? [] {
                guard let key = field["key"] as? String else { throw DatabaseError(message: "record \(id): a field without a key") }
                let place = field["source"] as? [String: Any] ?? [:]
                let box = place["bbox"] as? [Double] ?? []
                let notes = String(decoding: try JSONSerialization.data(withJSONObject: field["notes"] as? [String] ?? []), as: UTF8.self)
                // Money is a real, a count an integer, as v5 stored them.
                let value: DatabaseValue = switch field["value"] {
                case let number as NSNumber where key.hasSuffix("amount_10k_yuan"): number.doubleValue.databaseValue
                case let number as NSNumber: number.int64Value.databaseValue
                default: .null
                }
                try db.execute(sql: """
                    UPDATE field SET value = ?, raw = ?, confidence = ?, notes = ?, source_table = ?, source_row = ?,
                      source_col = ?, source_page = ?, source_x0 = ?, source_y0 = ?, source_x1 = ?, source_y1 = ?
                    WHERE record_id = ? AND key = ?
                    """, arguments: [value, field["raw"] as? String, field["confidence"] as? Double ?? 0, notes,
                                     place["table"] as? Int, place["row"] as? Int, place["col"] as? Int, place["page"] as? Int,
                                     box.count == 4 ? box[0] : nil, box.count == 4 ? box[1] : nil,
                                     box.count == 4 ? box[2] : nil, box.count == 4 ? box[3] : nil, id, key])
            }
        }
        try db.alter(table: "record") { table in table.drop(column: "json") }
    }
}
