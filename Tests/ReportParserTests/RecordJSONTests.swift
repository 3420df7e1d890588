import AgencyIdentity
import DocumentModel
import Foundation
@testable import RecordModel
@testable import ReportParser
import Testing

/// `Record.jsonData()` read back: the contract's keys, order and types.
@Suite struct RecordJSONTests {
    private func object(_ record: Record) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: record.jsonData()) as? [String: Any])
    }

    /// The member names of the outermost object, in the order they are written.
    private func topLevelKeys(_ json: String) -> [String] {
        var keys: [String] = []
        var depth = 0, inString = false, escaped = false, current = ""
        var expectingKey = false
        for character in json {
            if inString {
                if escaped { escaped = false; current.append(character); continue }
                if character == "\\" { escaped = true; continue }
                if character == "\"" { inString = false; if expectingKey && depth == 1 { keys.append(current) }; expectingKey = false; continue }
                current.append(character)
                continue
            }
            switch character {
            case "{", "[": depth += 1; if depth == 1 { expectingKey = true }
            case "}", "]": depth -= 1
            case ",": if depth == 1 { expectingKey = true }
            case "\"": inString = true; current = ""
            default: break
            }
        }
        return keys
    }

    @Test func docxRecordHasTheContractsShape() throws {
        let record = try ParserSamples.record("suzhou-2023", kind: .docx)
        let json = String(decoding: record.jsonData(), as: UTF8.self)
        #expect(topLevelKeys(json) == ["schema", "source", "agency", "year", "template", "fields", "checks"])
        #expect(!json.contains("\n"), "one object on one line")
        let root = try object(record)
        #expect(root["schema"] as? String == "gongkai.record/2")
        let source = try #require(root["source"] as? [String: Any])
        #expect(source["kind"] as? String == "docx")
        #expect(source["pages"] is NSNull)
        let agency = try #require(root["agency"] as? [String: Any])
        #expect(agency["value"] as? String == "苏州市公安局")
        #expect(agency["raw"] as? String == "苏州市公安局2023年度")
        #expect(agency["division"] as? String == "320500" && agency["body"] as? String == "公安局")
        #expect(agency["name"] as? String == "苏州市公安局" && agency["division_confidence"] as? Double == 0.99)
        #expect(agency["notes"] == nil)
        let year = try #require(root["year"] as? [String: Any])
        #expect(year["value"] as? Int == 2023)
        let template = try #require(root["template"] as? [String: Any])
        #expect(template["value"] as? String == "2021")

        let fields = try #require(root["fields"] as? [[String: Any]])
        #expect(fields.compactMap { $0["key"] as? String } == FieldCatalog.fields(of: .v2021).map(\.key))
        for field in fields {
            #expect(Set(field.keys) == ["key", "value", "raw", "confidence", "source", "notes"])
            let confidence = try #require(field["confidence"] as? Double)
            #expect((0...1).contains(confidence))
            #expect(field["notes"] is [String])
        }
        // The DOCX source: 1-based table among the document's tables, 0-based grid row and column.
        let new = try #require(fields.first { $0["key"] as? String == "s3.new.natural_person" })
        let cell = try #require(new["source"] as? [String: Any])
        #expect(Set(cell.keys) == ["table", "row", "col"])
        #expect(cell["table"] as? Int == 2 && cell["row"] as? Int == 3 && cell["col"] as? Int == 3)
        #expect(new["value"] as? Int == 137 && new["raw"] as? String == "137")
        let licensing = try #require(fields.first { $0["key"] as? String == "s2.licensing.decisions" })
        #expect(licensing["value"] as? Int == 6_290_000)
        #expect(licensing["notes"] as? [String] == ["unit 万 in a count cell: multiplied by 10000"])

        let checks = try #require(root["checks"] as? [[String: Any]])
        // The template's 42 sums, then the figures the report's sentences state (`text.*`).
        #expect(checks.count == 42 + 11)
        #expect(checks.filter { ($0["rule"] as? String)?.hasPrefix("text.") == true }.count == 11)
        let balance = try #require(checks.first { $0["rule"] as? String == "s3.balance.natural_person" })
        #expect(balance["holds"] as? Bool == true)
        #expect(balance["text"] as? String == "一 + 二 = 三(七) + 四: 137 + 5 = 137 + 5") // the contract's example
    }

    @Test func fieldMembersAreWrittenInOrderWithIntegersForCountsAndDecimalsForMoney() throws {
        let json = try ParserSamples.record("gongshu-2023", kind: .docx).jsonString()
        // Each field object: key, value, raw, confidence, source, notes — in that order.
        let pattern = /\{"key":"([a-z0-9_.]+)","value":([^,]+),"raw":(?:"[^"]*"|null),"confidence":[0-9.]+,"source":(?:\{[^}]*\}|null),"notes":\[[^\]]*\]\}/
        let matches = json.matches(of: pattern)
        #expect(matches.count == 200)
        for match in matches {
            let key = String(match.output.1), value = String(match.output.2)
            if key.hasSuffix("amount_10k_yuan") {
                #expect(value.contains("."), "\(key): money as a decimal, got \(value)")
            } else {
                #expect(value.allSatisfy { $0.isASCIIDigit }, "\(key): a count as an integer, got \(value)")
            }
        }
        #expect(json.contains(#""key":"s2.fees.amount_10k_yuan","value":0.0,"raw":"0""#)) // seed 003 prints money 0
    }

    @Test func pdfSourceIsAPageAndABoxRoundedToATenth() throws {
        let record = try ParserSamples.record("suzhou-2023", kind: .pdf)
        let root = try object(record)
        #expect((root["source"] as? [String: Any])?["pages"] as? Int == 4)
        #expect((root["agency"] as? [String: Any])?["page"] as? Int == 1)
        let fields = try #require(root["fields"] as? [[String: Any]])
        let fees = try #require(fields.first { $0["key"] as? String == "s2.fees.amount_10k_yuan" })
        #expect(fees["value"] as? Double == 13885.63)
        let source = try #require(fees["source"] as? [String: Any])
        #expect(Set(source.keys) == ["page", "bbox"])
        let box = try #require(source["bbox"] as? [Double])
        #expect(box.count == 4 && box[0] < box[2] && box[1] < box[3])
        #expect(box.allSatisfy { abs($0 * 10 - ($0 * 10).rounded()) < 1e-6 })
    }

    /// `agency.division`, `.body`, `.name` when the name resolves; only its notes when it does not.
    @Test func theAgencysIdentityIsWrittenAndReadBack() throws {
        let resolved = try ParserSamples.record("gongshu-2023", kind: .docx)
        #expect(resolved.identity.agency == ResolvedAgency(division: "330105", body: "公安分局", name: "杭州市公安局拱墅区分局"))
        #expect(try Record(json: resolved.jsonData()).identity == resolved.identity)
        var unresolved = resolved
        unresolved.identity = AgencyResolver.resolve("鼓楼区人民政府")
        let agency = try #require(try object(unresolved)["agency"] as? [String: Any])
        #expect(agency["division"] == nil && agency["body"] == nil && agency["name"] == nil)
        #expect((agency["notes"] as? [String])?.first?.hasPrefix("鼓楼区 is 4 divisions (") == true)
        #expect(try Record(json: unresolved.jsonData()).identity == unresolved.identity)
    }

    @Test func stringsAreEscapedAndMissingValuesAreNull() throws {
        let agency = RecordAttribute<String>(value: "a \"quoted\"\\name\n\ttab\u{01}", confidence: 0.5, raw: "原文「x」", page: nil)
        let field = FieldValue(key: "s3.new.total", value: nil, raw: nil, confidence: 0, source: nil, notes: ["line\nbreak"])
        let record = Record(source: SourceInfo(file: "名\"字.pdf", sha256: "ab", kind: .pdf, pages: 3), agency: agency,
                            year: RecordAttribute(value: nil, confidence: 0), template: RecordAttribute(value: .v2019, confidence: 0.99),
                            fields: [field], checks: [CheckResult(rule: "r", holds: false, text: "1 ≠ 2\u{2028}", keys: [])])
        let root = try object(record)
        // A line separator is escaped, as JavaScript reads JSON lines; other text goes through as is.
        #expect(record.jsonString().contains(#""text":"1 ≠ 2\u2028""#))
        #expect(record.jsonString().contains(#""raw":"原文「x」""#))
        #expect((root["agency"] as? [String: Any])?["value"] as? String == "a \"quoted\"\\name\n\ttab\u{01}")
        #expect((root["agency"] as? [String: Any])?["raw"] as? String == "原文「x」")
        #expect((root["source"] as? [String: Any])?["file"] as? String == "名\"字.pdf")
        #expect((root["year"] as? [String: Any])?["value"] is NSNull)
        let fields = try #require(root["fields"] as? [[String: Any]])
        #expect(fields.first?["value"] is NSNull && fields.first?["source"] is NSNull && fields.first?["raw"] is NSNull)
        #expect(fields.first?["notes"] as? [String] == ["line\nbreak"])
        #expect((root["checks"] as? [[String: Any]])?.first?["holds"] as? Bool == false)
        #expect((root["checks"] as? [[String: Any]])?.first?["text"] as? String == "1 ≠ 2\u{2028}")
    }
}

/// The record's numbers: fixed-point ones as `%.2f` and `%.1f` print them, integers as `String` does.
@Suite struct FixedPointTests {
    private func written(_ write: (JSONWriter) -> Void) -> String {
        let writer = JSONWriter()
        write(writer)
        return writer.output
    }

    @Test func printsAsPrintfDoes() {
        // Past Int's range too: an amount a hostile cell printed is written, not trapped on.
        for value in [0, 1, 0.72, 0.05, 0.999, 12.5, 312.1, 402.45, 595.28, -3.4, -0.04, 1e-12, 1e30, -1e300, 9.3e15] {
            #expect(written { $0.fixedPoint(value, decimals: 2) } == String(format: "%.2f", value), "\(value)")
        }
        for value in [0, 312.1, 414.0, 841.9, -12.3, 7.05] {
            let rounded = (value * 10).rounded() / 10
            #expect(written { $0.fixedPoint(rounded, decimals: 1) } == String(format: "%.1f", rounded), "\(value)")
        }
        #expect(written { $0.fixedPoint(.nan, decimals: 2) } == "null")
    }

    /// Past its first capacity the writer's memory grows, keeping what it held: a record of many
    /// long notes written with a small start reads back whole.
    @Test func theOutputGrowsPastItsFirstCapacity() throws {
        let notes = (0..<500).map { "第\($0)条：" + String(repeating: "本年度新收政府信息公开申请", count: $0 % 7) + "\"\n" }
        let writer = JSONWriter(capacity: 16)
        writer.array(notes) { writer.string($0) }
        #expect(try JSONSerialization.jsonObject(with: writer.data) as? [String] == notes)
        #expect(writer.output == Record.notesJSON(notes))
    }

    @Test func integersAsStringWritesThem() {
        for value in [0, 7, 10, 99, 100, 137, 5_738_040, -3, -10, Int.max, Int.min] {
            #expect(written { $0.integer(value) } == String(value))
        }
        #expect(written { $0.integer(nil) } == "null")
    }
}
