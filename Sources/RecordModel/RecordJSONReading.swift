import AgencyIdentity
import DocumentModel
import Foundation

/// A stored record that is not JSON of the record format.
public struct RecordJSONError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Record {
    /// The record back from the JSON `jsonData()` wrote, as the store keeps it: what the review app
    /// and the exports work on. The parser's traces are not part of the JSON and come back empty;
    /// checks come back with their rule, result and text, and the keys of the template's sum their
    /// rule names (`applying(_:)` evaluates them again).
    public init(json: Data) throws {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any],
              let source = object["source"] as? [String: Any],
              let file = source["file"] as? String, let sha256 = source["sha256"] as? String,
              let kind = (source["kind"] as? String).flatMap(SourceKind.init(rawValue:)),
              let fields = object["fields"] as? [[String: Any]] else {
            throw RecordJSONError(description: "not a gongkai record: source or fields missing")
        }
        let template = (object["template"] as? [String: Any]) ?? [:]
        self.init(
            schema: object["schema"] as? String ?? Record.currentSchema,
            source: SourceInfo(file: file, sha256: sha256, kind: kind, pages: Self.int(source["pages"]),
                               convertedFrom: source["converted_from"] as? String, recognized: Self.recognized(source["ocr_pages"])),
            agency: Self.attribute(object["agency"]) { $0 as? String },
            identity: Self.identity(object["agency"]),
            year: Self.attribute(object["year"]) { Self.int($0) },
            template: RecordAttribute(value: (template["value"] as? String).flatMap(Template.init(rawValue:)),
                                      confidence: Self.double(template["confidence"]) ?? 0),
            fields: try fields.map(Self.field),
            checks: ((object["checks"] as? [[String: Any]]) ?? []).map { check in
                // `holds: null` (gongkai.record/2): the check could not be evaluated.
                CheckResult(rule: check["rule"] as? String ?? "", holds: check["holds"] as? Bool ?? false,
                            text: check["text"] as? String ?? "", keys: [], evaluated: check["holds"] is Bool)
            })
        self = restoringCheckKeys()
    }

    private static func attribute<Value>(_ json: Any?, value: (Any?) -> Value?) -> RecordAttribute<Value> {
        let object = json as? [String: Any] ?? [:]
        return RecordAttribute(value: value(object["value"]), confidence: double(object["confidence"]) ?? 0,
                               raw: object["raw"] as? String, page: int(object["page"]))
    }

    /// The agency's division, body and name as `jsonData()` wrote them; unresolved with its notes
    /// when they are absent.
    private static func identity(_ json: Any?) -> AgencyResolution {
        let object = json as? [String: Any] ?? [:]
        let notes = object["notes"] as? [String] ?? []
        guard let division = object["division"] as? String, let body = object["body"] as? String,
              let name = object["name"] as? String else {
            return AgencyResolution(agency: nil, confidence: 0, notes: notes)
        }
        return AgencyResolution(agency: ResolvedAgency(division: division, body: body, name: name),
                                confidence: double(object["division_confidence"]) ?? 0, notes: notes)
    }

    private static func field(_ object: [String: Any]) throws -> FieldValue {
        guard let key = object["key"] as? String else { throw RecordJSONError(description: "a field without a key") }
        // JSON does not keep `0` and `0.0` apart once parsed; the key says which the field holds.
        let number = (object["value"] as? NSNumber).map { number -> FieldNumber in
            ValueKind.of(key: key) == .money ? .decimal(number.doubleValue) : .integer(number.intValue)
        }
        return FieldValue(key: key, value: number, raw: object["raw"] as? String,
                          confidence: double(object["confidence"]) ?? 0,
                          source: source(object["source"]), notes: object["notes"] as? [String] ?? [])
    }

    private static func source(_ json: Any?) -> FieldSource? {
        guard let object = json as? [String: Any] else { return nil }
        if let page = int(object["page"]), let box = (object["bbox"] as? [Any])?.compactMap(double), box.count == 4 {
            return .pdf(page: page, box: BoundingBox(x0: box[0], y0: box[1], x1: box[2], y1: box[3]))
        }
        if let table = int(object["table"]), let row = int(object["row"]), let column = int(object["col"]) {
            return .docx(table: table, row: row, column: column)
        }
        return nil
    }

    // JSONSerialization gives NSNumber for every number; bridging it by `as? Int` differs across platforms.
    private static func int(_ json: Any?) -> Int? { (json as? NSNumber)?.intValue }

    /// `source.ocr_pages`: the pages read by OCR, or "images"; nil when absent.
    private static func recognized(_ json: Any?) -> RecognizedParts? {
        if json as? String == "images" { return .images }
        guard let pages = json as? [Any] else { return nil }
        return .pages(pages.compactMap(int))
    }
    private static func double(_ json: Any?) -> Double? { (json as? NSNumber)?.doubleValue }
}
