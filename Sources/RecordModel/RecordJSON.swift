import AgencyIdentity
import DocumentModel
import Foundation

// The record is written by hand: JSONSerialization and JSONEncoder do not keep key order, and the
// record format fixes it (schema, source, agency, year, template, fields, checks; within a field
// key, value, raw, confidence, source, notes). One object on one line, as `gongkai extract` prints.

extension Record {
    /// The record as one JSON object, exactly as record-format.md lays it out.
    public func jsonData() -> Data {
        json().data
    }

    public func jsonString() -> String {
        json().output
    }

    private func json() -> JSONWriter {
        // A record of the samples is 35–50 KB.
        let json = JSONWriter(capacity: 1 << 16)
        json.object {
            json.member("schema") { json.string(schema) }
            json.member("source") {
                json.object {
                    json.member("file") { json.string(source.file) }
                    json.member("sha256") { json.string(source.sha256) }
                    json.member("kind") { json.string(source.kind.rawValue) }
                    json.member("pages") { json.integer(source.pages) }
                    if let format = source.convertedFrom { json.member("converted_from") { json.string(format) } }
                    switch source.recognized {
                    case .pages(let pages): json.member("ocr_pages") { json.array(pages) { json.integer($0) } }
                    case .images: json.member("ocr_pages") { json.string("images") }
                    case nil: break
                    }
                }
            }
            json.member("agency") {
                json.attribute(agency, value: { json.string($0) }) {
                    // gongkai.record/2: the division and body when the name resolves, a note when not.
                    if let resolved = identity.agency {
                        json.member("division") { json.string(resolved.division) }
                        json.member("body") { json.string(resolved.body) }
                        json.member("name") { json.string(resolved.name) }
                        json.member("division_confidence") { json.confidence(identity.confidence) }
                    }
                    if !identity.notes.isEmpty { json.member("notes") { json.array(identity.notes) { json.string($0) } } }
                }
            }
            json.member("year") { json.attribute(year) { json.integer($0) } }
            json.member("template") {
                json.object {
                    json.member("value") { json.string(template.value?.rawValue) }
                    json.member("confidence") { json.confidence(template.confidence) }
                }
            }
            json.member("fields") {
                json.array(fields) { field in
                    json.object {
                        json.member("key") { json.string(field.key) }
                        json.member("value") { json.number(field.value) }
                        json.member("raw") { json.string(field.raw) }
                        json.member("confidence") { json.confidence(field.confidence) }
                        json.member("source") { json.source(field.source) }
                        json.member("notes") { json.array(field.notes) { json.string($0) } }
                        // Only a reviewed record (the exports) has it: what was extracted, who decided.
                        if let review = field.review { json.member("review") { json.review(review) } }
                    }
                }
            }
            json.member("checks") {
                json.array(checks) { check in
                    json.object {
                        json.member("rule") { json.string(check.rule) }
                        json.member("holds") { json.append(!check.evaluated ? "null" : check.holds ? "true" : "false") }
                        json.member("text") { json.string(check.text) }
                    }
                }
            }
        }
        return json
    }
}

/// A minimal ordered JSON writer: the caller states members in the order they must appear.
/// A class, so that the nested closures that write members share one output. Its fields are
/// only touched by its own methods, one at a time: the run-time exclusivity checks of a class's
/// fields (a fifth of the writer's time) are left out.
final class JSONWriter {
    /// The UTF-8 written so far, in memory of its own: an array's append checked its buffer's
    /// uniqueness and capacity at each of a record's thousands of bytes and pieces.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var count = 0
    /// Whether the object or array being written has a member already; saved and restored
    /// around a nested one.
    @exclusivity(unchecked) private var needsComma = false

    /// `capacity`: the bytes expected, so that the output grows seldom.
    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        buffer = .allocate(capacity: self.capacity)
    }

    deinit { buffer.deallocate() }

    /// The bytes written.
    var data: Data { Data(bytes: buffer, count: count) }

    var output: String { String(decoding: UnsafeBufferPointer(start: buffer, count: count), as: UTF8.self) }

    /// Room for `extra` more bytes: the buffer doubled (at least) when they do not fit.
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(count + extra, 2 * capacity)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = larger
        capacity = grown
    }

    private func append(byte: UInt8) {
        reserve(1)
        buffer[count] = byte
        count += 1
    }

    private func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        reserve(bytes.count)
        (buffer + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    /// Text that is JSON already (a literal, a number).
    func append(_ text: String) {
        // Through the contiguous UTF-8 (a small string's too): the generic append of a UTF8View
        // went a byte at a time.
        var text = text
        text.withUTF8 { append(bytes: $0) }
    }

    func object(_ body: () -> Void) {
        append(byte: UInt8(ascii: "{"))
        let outer = needsComma
        needsComma = false
        body()
        needsComma = outer
        append(byte: UInt8(ascii: "}"))
    }

    /// A member named by a literal of the record format, which needs no escape.
    func member(_ name: StaticString, _ value: () -> Void) {
        separate()
        append(byte: UInt8(ascii: "\""))
        append(bytes: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        // Byte by byte, not a string's UTF8View: appending that went through its generic iterator.
        append(byte: UInt8(ascii: "\""))
        append(byte: UInt8(ascii: ":"))
        value()
    }

    func array<Element>(_ elements: [Element], _ write: (Element) -> Void) {
        append(byte: UInt8(ascii: "["))
        let outer = needsComma
        needsComma = false
        for element in elements {
            separate()
            write(element)
        }
        needsComma = outer
        append(byte: UInt8(ascii: "]"))
    }

    /// `{"value", "confidence", "raw", "page"}` of the agency or the year, then `more` members.
    func attribute<Value>(_ attribute: RecordAttribute<Value>, value: (Value?) -> Void, more: () -> Void = {}) {
        object {
            member("value") { value(attribute.value) }
            member("confidence") { confidence(attribute.confidence) }
            member("raw") { string(attribute.raw) }
            member("page") { integer(attribute.page) }
            more()
        }
    }

    func string(_ value: String?) {
        guard let value else { append("null"); return }
        appendEscaped(value)
    }

    func integer(_ value: Int?) {
        guard let value else { append("null"); return }
        // Digit by digit into the output: a String per number cost more than the number.
        if value < 0 { append(byte: UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            append(byte: UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// Counts as JSON integers, money as decimals (`13885.63`, `0.0`): the type says which it is.
    func number(_ value: FieldNumber?) {
        switch value {
        case .integer(let count): integer(count)
        case .decimal(let amount): append(amount.isFinite ? amount.description : "null")
        case nil: append("null")
        }
    }

    /// Two decimals, as the record format shows them.
    func confidence(_ value: Double) {
        fixedPoint(value, decimals: 2)
    }

    func source(_ value: FieldSource?) {
        switch value {
        case .pdf(let page, let box):
            object {
                member("page") { integer(page) }
                member("bbox") {
                    array([box.x0, box.y0, box.x1, box.y1]) { coordinate in
                        fixedPoint(coordinate, decimals: 1)
                    }
                }
            }
        case .docx(let table, let row, let column):
            object {
                member("table") { integer(table) }
                member("row") { integer(row) }
                member("col") { integer(column) }
            }
        case nil:
            append("null")
        }
    }

    func review(_ review: ReviewProvenance) {
        object {
            member("decision") { string(review.decision.rawValue) }
            member("reviewer") { string(review.reviewer) }
            member("at") { string(review.decidedAt.formatted(.iso8601)) }
            member("extracted_value") { number(review.extractedValue) }
            member("extracted_confidence") { confidence(review.extractedConfidence) }
        }
    }

    /// `value` with `decimals` digits after the point, as `%.Nf` prints the record's values (which
    /// are rounded to that many decimals already). Done by hand: `String(format:)` cost more than
    /// the rest of the writer, at five numbers a field.
    func fixedPoint(_ value: Double, decimals: Int) {
        guard value.isFinite else { append("null"); return }
        let scale = (0..<decimals).reduce(1) { product, _ in product * 10 }
        // Past 2^53 a double holds no fraction, and past Int's range `Int(_:)` traps: an amount a
        // hostile cell printed (10^30 万元) is written by `String(format:)`, as it is everywhere.
        guard abs(value) * Double(scale) < 9e15 else { append(String(format: "%.\(decimals)f", value)); return }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        if value < 0 && scaled != 0 { append(byte: UInt8(ascii: "-")) }
        integer(scaled / scale)
        append(byte: UInt8(ascii: "."))
        // The fraction's digits, leading zeros included.
        var divisor = scale / 10
        while divisor > 0 {
            append(byte: UInt8(ascii: "0") + UInt8(scaled % scale / divisor % 10))
            divisor /= 10
        }
    }

    private func separate() {
        if needsComma { append(byte: UInt8(ascii: ",")) }
        needsComma = true
    }

    /// Whether `text` has a quote, a backslash, a control character or a line or paragraph
    /// separator (U+2028/2029, UTF-8 E2 80 A8/A9), which JSON lines must escape.
    private func needsEscape(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            // Over the contiguous bytes by index: a separator's bytes are looked at from its E2.
            for index in utf8.indices {
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
                if byte == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80, utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 {
                    return true
                }
            }
            return false
        }
    }

    private func appendEscaped(_ text: String) {
        append(byte: UInt8(ascii: "\""))
        // Most text needs no escape at all (Chinese labels, keys, digits): appended whole, it
        // costs one copy instead of a step per character.
        if !needsEscape(text) {
            append(text)
            append(byte: UInt8(ascii: "\""))
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case "\u{08}": append("\\b")
            case "\u{0C}": append("\\f")
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    // `\u` and four lowercase hex digits, as `%04x` writes them.
                    let hex = String(scalar.value, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    UTF8.encode(scalar) { append(byte: $0) }
                }
            }
        }
        append(byte: UInt8(ascii: "\""))
    }
}

extension FieldValue {
    /// The notes as the record's JSON writes them (`[]`, `["…"]`): how the store keeps them, since
    /// a note may quote a cell's text, line breaks and all.
    public var notesJSON: String { Record.notesJSON(notes) }
}

extension Record {
    /// Notes (a field's, the agency's) as a JSON array, as the record writes them.
    public static func notesJSON(_ notes: [String]) -> String {
        if notes.isEmpty { return "[]" }
        let json = JSONWriter()
        json.array(notes) { json.string($0) }
        return json.output
    }
}
