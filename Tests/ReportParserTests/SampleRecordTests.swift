import DocumentModel
import Foundation
import RecordModel
import ReportParser
import Testing

/// Every sample gives its expected record, field for field, from its DOCX and from its PDF; its web
/// page gives the DOCX's record itself.
@Suite struct SampleRecordTests {
    @Test(arguments: ParserSamples.names)
    func docxGivesTheExpectedRecord(name: String) throws {
        try expectExpectedRecord(name: name, kind: .docx)
    }

    @Test(arguments: ParserSamples.names)
    func pdfGivesTheExpectedRecord(name: String) throws {
        try expectExpectedRecord(name: name, kind: .pdf)
    }

    /// Same fields, values, cells (table, row, column), confidences, notes and checks as the DOCX;
    /// the agency and year as the DOCX reads them.
    @Test(arguments: ParserSamples.pages)
    func webPageGivesItsDocxRecord(page: String) throws {
        let name = (page as NSString).deletingPathExtension
        let record = try ParserSamples.page(page)
        let docx = try ParserSamples.record(name, kind: .docx)
        #expect(record.source.kind == .html)
        #expect(record.template == docx.template && record.year == docx.year && record.agency == docx.agency)
        #expect(record.fields.count == docx.fields.count)
        // As the record states them (a field's trace quotes its labels as the page spaced them).
        let stated = { (field: FieldValue) in "\(field.key) \(field.value?.description ?? "nil") \(field.raw ?? "nil") \(field.confidence) \(String(describing: field.source)) \(field.notes)" }
        for (field, expected) in zip(record.fields, docx.fields) where stated(field) != stated(expected) {
            Issue.record("\(page): \(field.key) = \(field.value?.description ?? "nil") from \(String(describing: field.source)) at \(field.confidence), the DOCX \(expected.value?.description ?? "nil") from \(String(describing: expected.source)) at \(expected.confidence)")
        }
        #expect(record.checks == docx.checks)
        let expected = try ExpectedRecord.sample(name)
        #expect(Comparison(record, expected).right.count == expected.fields.count)
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
