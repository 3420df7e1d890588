import AgencyIdentity
import DocumentModel
import Foundation

/// The file a record was read from, as the record's `source` object states it.
public struct SourceInfo: Sendable, Hashable {
    public var file: String
    public var sha256: String
    public var kind: SourceKind
    /// The number of pages, for PDF sources.
    public var pages: Int?
    /// The legacy format LibreOffice converted the file from before it was read (`Word 97-2003
    /// (.doc)`); nil when it was read as it is. Written as `source.converted_from`, only when set.
    public var convertedFrom: String?
    /// What was read by OCR: written as `source.ocr_pages` (the 1-based pages, or `"images"`),
    /// only when set.
    public var recognized: RecognizedParts?

    public init(file: String, sha256: String, kind: SourceKind, pages: Int? = nil, convertedFrom: String? = nil,
                recognized: RecognizedParts? = nil) {
        self.file = file
        self.sha256 = sha256
        self.kind = kind
        self.pages = pages
        self.convertedFrom = convertedFrom
        self.recognized = recognized
    }
}

/// Where a field's value was read: the cell's page and box in a PDF, or its place in a DOCX table
/// (or a web page's: the record writes both alike).
public enum FieldSource: Sendable, Hashable {
    /// 1-based page; box in PDF points, origin top-left.
    case pdf(page: Int, box: BoundingBox)
    /// 1-based index among the document's tables; 0-based grid row and column of the cell.
    case docx(table: Int, row: Int, column: Int)

    /// Where the value was read, for a person to find it: a PDF's page and box, a DOCX's cell.
    public var place: String {
        switch self {
        case .pdf(let page, let box):
            "page \(page), box \([box.x0, box.y0, box.x1, box.y1].map { String(format: "%.1f", $0) }.joined(separator: " "))"
        case .docx(let table, let row, let column): "table \(table), row \(row), col \(column)"
        }
    }
}

/// One field of the record.
public struct FieldValue: Sendable, Hashable {
    public var key: String
    /// nil when the cell could not be found or read.
    public var value: FieldNumber?
    /// The cell's text after whitespace trimming; nil when no cell was found.
    public var raw: String?
    /// The estimate that `value` is what the agency printed (see `ConfidenceModel`).
    public var confidence: Double
    public var source: FieldSource?
    /// Anything that lowered the confidence or changed the printed text.
    public var notes: [String]
    /// Set when a reviewer decided on the field (see `Record.applying(_:)`).
    public var review: ReviewProvenance?
    /// How the value was found, read and checked, for `Record.explain(key:)`.
    package var trace: Trace

    public init(key: String, value: FieldNumber?, raw: String?, confidence: Double, source: FieldSource?, notes: [String]) {
        self.key = key
        self.value = value
        self.raw = raw
        self.confidence = confidence
        self.source = source
        self.notes = notes
        self.trace = Trace()
    }
}

/// One result of the template's arithmetic (勾稽关系), held or broken.
public struct CheckResult: Sendable, Hashable {
    /// A stable name: `s3.row_total.<row>`, `s3.balance.<applicant>`, `s3.outcomes.<applicant>`,
    /// `s4.<group>` (see `Checks`).
    public var rule: String
    /// True when the sum holds as printed; false when it is broken, or could not be evaluated
    /// (`evaluated` false, written as `holds: null`).
    public var holds: Bool
    /// The sum in words and numbers: `一 + 二 = 三(七) + 四: 137 + 5 = 137 + 5`.
    public var text: String
    /// The keys of the fields the sum involves.
    public var keys: [String]
    /// False when a value it needs is missing: then it neither raises nor lowers confidence.
    public var evaluated: Bool

    public init(rule: String, holds: Bool, text: String, keys: [String], evaluated: Bool = true) {
        self.rule = rule
        self.holds = holds
        self.text = text
        self.keys = keys
        self.evaluated = evaluated
    }
}

/// A value read from the title or structure (agency, year, template) with its confidence.
public struct RecordAttribute<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value?
    public var confidence: Double
    /// The text it was read from (a title line, a year as printed).
    public var raw: String?
    /// The page of `raw`, for PDF sources.
    public var page: Int?
    /// How the value was read, for `Record.explain(key:)`.
    package var trace: Trace

    public init(value: Value?, confidence: Double, raw: String? = nil, page: Int? = nil) {
        self.value = value
        self.confidence = confidence
        self.raw = raw
        self.page = page
        self.trace = Trace()
    }
}

/// What the pipeline emits for one report (record-format.md).
public struct Record: Sendable, Hashable {
    public static let currentSchema = "gongkai.record/2"

    public var schema: String
    public var source: SourceInfo
    public var agency: RecordAttribute<String>
    /// The agency's division and body (`agency.division`, `agency.body` in the JSON); its agency
    /// nil, with a note, when the name does not resolve to one division.
    public var identity: AgencyResolution
    public var year: RecordAttribute<Int>
    public var template: RecordAttribute<Template>
    /// Every key of the template, once, in fields.tsv order.
    public var fields: [FieldValue]
    public var checks: [CheckResult]

    public init(schema: String = Record.currentSchema, source: SourceInfo, agency: RecordAttribute<String>,
                identity: AgencyResolution = .unresolved, year: RecordAttribute<Int>, template: RecordAttribute<Template>,
                fields: [FieldValue], checks: [CheckResult]) {
        self.schema = schema
        self.source = source
        self.agency = agency
        self.identity = identity
        self.year = year
        self.template = template
        self.fields = fields
        self.checks = checks
    }

    public func field(_ key: String) -> FieldValue? {
        fields.first { $0.key == key }
    }

    /// The fields that go to the review queue at threshold `threshold`, in record order.
    public func fieldsUnderThreshold(_ threshold: Double) -> [FieldValue] {
        fields.filter { $0.confidence < threshold }
    }

    /// A few lines saying how a field (or `agency`, `year`, `template`) was found, read, checked
    /// and scored; nil for a key the record does not have.
    public func explain(key: String) -> String? {
        switch key {
        case "agency":
            let resolved = identity.agency.map { "division \($0.division), body \($0.body): \($0.name) (confidence \(format(identity.confidence)))" }
            return (["agency: \(agency.value ?? "(none)") (confidence \(format(agency.confidence)))"] + agency.trace.text
                + [resolved ?? "no division"] + identity.notes).joined(separator: "\n")
        case "year": return (["year: \(year.value.map(String.init) ?? "(none)") (confidence \(format(year.confidence)))"] + year.trace.text).joined(separator: "\n")
        case "template": return (["template: \(template.value?.rawValue ?? "(none)") (confidence \(format(template.confidence)))"] + template.trace.text).joined(separator: "\n")
        default: break
        }
        guard let field = field(key) else { return nil }
        var lines = ["\(key) = \(field.value?.description ?? "null") (confidence \(format(field.confidence)))"]
        if let definition = FieldCatalog.definitions.first(where: { $0.key == key }) {
            lines.append("template label: 第\(definition.section)部分 \(definition.label)")
        }
        lines += field.trace.text
        let involved = checks.filter { $0.keys.contains(key) }
        for check in involved {
            let state = !check.evaluated ? "not evaluated" : check.holds ? "holds" : "BROKEN"
            lines.append("check \(check.rule) \(state): \(check.text)")
        }
        if involved.isEmpty { lines.append("checks: none involve this field") }
        if !field.notes.isEmpty { lines.append("notes: " + field.notes.joined(separator: "; ")) }
        return lines.joined(separator: "\n")
    }
}

/// How a value was found, read and scored, for `Record.explain(key:)`: lines kept as what they say
/// and written out only when explained (every record is written, few are explained, and writing
/// the lines of every field was a fifth of the parser's time). How a record was found is not what
/// it is: two records with the same values are equal, and one read back from JSON has no trace.
public struct Trace: Sendable, Hashable {
    /// The lines in the form their stage keeps them: a stage's whole list is one part, so a
    /// field's trace is one value here, where a line each, boxed, was a tenth of scoring a field.
    private var parts: [any TraceSteps] = []

    package init(_ parts: any TraceSteps...) {
        self.parts = parts
    }

    package mutating func append(_ line: some TraceStep) { parts.append([line]) }

    var text: [String] { parts.flatMap(\.text) }

    public static func == (_: Trace, _: Trace) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}

/// A line of a `Trace`, written out when it is read.
package protocol TraceStep: Sendable {
    var text: String { get }
}

/// Lines of a `Trace`, written out when they are read.
package protocol TraceSteps: Sendable {
    var text: [String] { get }
}

extension Array: TraceSteps where Element: TraceStep {
    package var text: [String] { map(\.text) }
}

/// A confidence as the record states it: two decimals, rounded down, since rounding must never lift
/// a field over the threshold.
package func roundedConfidence(_ confidence: Double) -> Double {
    (confidence * 100 + 1e-9).rounded(.down) / 100
}

/// Two decimals, rounded down as the record rounds confidences.
package func format(_ confidence: Double) -> String {
    let value = roundedConfidence(confidence)
    // `String(format: "%.2f")` was a tenth of the parser's time (five calls a field). `rounded`
    // leaves the double nearest a whole number of hundredths, so `%.2f` meets no halfway case and
    // prints exactly that number, which is written here by hand. Values no confidence takes
    // (infinite, NaN, huge) keep `String(format:)`.
    guard value.isFinite, value.magnitude < 1e12 else { return String(format: "%.2f", value) }
    let hundredths = Int((value.magnitude * 100).rounded())
    let fraction = hundredths % 100
    // `%.2f` keeps the sign of -0.0.
    return (value.sign == .minus ? "-" : "") + String(hundredths / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
}
