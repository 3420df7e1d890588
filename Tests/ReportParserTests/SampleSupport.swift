import DocumentModel
import DocxExtraction
import Foundation
import PDFExtraction
import RecordModel
import ReportParser
import TableReconstruction

/// Where the samples live, found from this file so the tests run from any directory.
enum ParserPaths {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let inbox = repository.appendingPathComponent("Samples/inbox")
    static let expected = repository.appendingPathComponent("Samples/expected")
    /// ../shared beside the repository, as CI and developers have it.
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    /// The real WPS-made report of ../shared/corpus/real, never copied into the repository.
    static let realReport = shared.appendingPathComponent("corpus/real/hzq2023_working.pdf").path
    static let realExpected = shared.appendingPathComponent("expected/hzq2023_working.json").path
}

enum ParserSamples {
    static let names = [
        "suzhou-2023", "zhoukou-2023", "suqian-2020", "gongshu-2023", "zaozhuang-shizhong-2023",
        "zaozhuang-shizhong-2023-split", "zhoukou-2023-unruled", "gongshu-2023-landscape",
    ]

    static func docx(_ name: String) throws -> Document {
        try DocxExtractor.extract(path: ParserPaths.inbox.appendingPathComponent("\(name).docx").path)
    }

    static func pdf(path: String) throws -> Document {
        let pages = try PDFExtractor.extract(path: path)
        return Document(kind: .pdf, pages: pages, blocks: reconstructBlocks(pages: pages).blocks)
    }

    static func pdf(_ name: String) throws -> Document {
        try pdf(path: ParserPaths.inbox.appendingPathComponent("\(name).pdf").path)
    }

    static func record(_ name: String, kind: SourceKind) throws -> Record {
        let document = kind == .docx ? try docx(name) : try pdf(name)
        let source = SourceInfo(file: "\(name).\(kind.rawValue)", sha256: String(repeating: "0", count: 64), kind: kind,
                                pages: kind == .pdf ? document.pages.count : nil)
        return ReportParser.parse(document, source: source)
    }
}

/// An expected record (Samples/expected/NAME.json, ../shared/expected/*.json): agency, year,
/// template and every field's value, read with JSONSerialization to keep integers and decimals apart.
struct ExpectedRecord {
    var agencies: [String]
    var year: Int
    var template: String
    /// nil for a JSON null.
    var fields: [String: NSNumber?]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let agency = object["agency"] as? String, let year = object["year"] as? Int,
              let template = object["template"] as? String, let fields = object["fields"] as? [String: Any]
        else { throw ExpectedRecordError.malformed(path) }
        agencies = (object["agency_accepted"] as? [String]) ?? [agency]
        self.year = year
        self.template = template
        self.fields = fields.mapValues { $0 as? NSNumber }
    }

    static func sample(_ name: String) throws -> ExpectedRecord {
        try ExpectedRecord(path: ParserPaths.expected.appendingPathComponent("\(name).json").path)
    }
}

enum ExpectedRecordError: Error { case malformed(String) }

/// How a record compares with its expected values.
struct Comparison {
    var right: [String] = []
    var wrong: [(key: String, got: String, expected: String, confidence: Double)] = []
    var missingKeys: [String] = []

    init(_ record: Record, _ expected: ExpectedRecord) {
        for (key, value) in expected.fields {
            guard let field = record.field(key) else { missingKeys.append(key); continue }
            let same: Bool
            switch (field.value, value) {
            case (nil, nil): same = true
            case (.some(let got), .some(let want)): same = abs(got.doubleValue - want.doubleValue) < 0.0001
            default: same = false
            }
            if same { right.append(key) } else {
                wrong.append((key, field.value?.description ?? "null", value.map { "\($0)" } ?? "null", field.confidence))
            }
        }
    }
}
