import DocumentModel
import Foundation
import RecordModel
import ReportParser
import Testing

/// Every sample gives its expected record, field for field, from its DOCX and from its PDF.
@Suite struct SampleRecordTests {
    @Test(arguments: ParserSamples.names)
    func docxGivesTheExpectedRecord(name: String) throws {
        try expectExpectedRecord(name: name, kind: .docx)
    }

    @Test(arguments: ParserSamples.names)
    func pdfGivesTheExpectedRecord(name: String) throws {
        try expectExpectedRecord(name: name, kind: .pdf)
    }

    /// The unruled PDF's grid is guessed from text alignment: even with every value right, nothing
    /// from it passes review unseen.
    @Test func unruledPDFFieldsAllGoToReview() throws {
        let record = try ParserSamples.record("zhoukou-2023-unruled", kind: .pdf)
        #expect(record.fields.allSatisfy { $0.confidence < 0.9 })
    }

    private func expectExpectedRecord(name: String, kind: SourceKind) throws {
        let record = try ParserSamples.record(name, kind: kind)
        let expected = try ExpectedRecord.sample(name)
        #expect(record.template.value?.rawValue == expected.template, "\(name).\(kind): template")
        #expect(record.year.value == expected.year, "\(name).\(kind): year")
        #expect(record.agency.value.map(expected.agencies.contains) == true, "\(name).\(kind): agency \(record.agency.value ?? "nil")")
        #expect(expected.division != nil && record.identity.agency?.division == expected.division, "\(name).\(kind): division")
        #expect(expected.body != nil && record.identity.agency?.body == expected.body, "\(name).\(kind): body")
        #expect(record.fields.map(\.key) == FieldCatalog.fields(of: record.template.value ?? .v2021).map(\.key))

        let comparison = Comparison(record, expected)
        #expect(comparison.missingKeys.isEmpty, "\(name).\(kind): keys missing \(comparison.missingKeys)")
        #expect(comparison.right.count == expected.fields.count,
                "\(name).\(kind): \(comparison.right.count)/\(expected.fields.count) right; wrong: \(comparison.wrong.map { "\($0.key)=\($0.got) (expected \($0.expected))" })")
        // The promise: a field at or above the threshold is right.
        for wrong in comparison.wrong {
            #expect(wrong.confidence < 0.9, "\(name).\(kind): \(wrong.key) is wrong (\(wrong.got), expected \(wrong.expected)) yet confident \(wrong.confidence)")
        }
        print("\(name).\(kind.rawValue): \(comparison.right.count)/\(expected.fields.count) fields right, \(record.fieldsUnderThreshold(0.9).count) under 0.9: \(record.fieldsUnderThreshold(0.9).map(\.key))")
    }
}
