import DocumentModel
import DocxExtraction
import Foundation
import RecordModel
import ReportParser
import Testing

/// The fixed subset of `scripts/sweep`: PDF variants of the sample reports made by LibreOffice
/// (borders as stroked lines) and Chromium (borders as filled rectangles), each beside the DOCX
/// it must give the same record as. Fixtures/Sweep/README.md says what each one varies and where
/// its page breaks fall; `scripts/sweep --fixtures` writes them again.
enum SweepFixtures {
    static let directory = ParserPaths.repository.appendingPathComponent("Tests/ReportParserTests/Fixtures/Sweep")

    /// Every PDF there, each beside its DOCX: the pairs FIXTURES in scripts/sweep names.
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".pdf") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func path(_ name: String, _ ext: String) -> String {
        directory.appendingPathComponent("\(name).\(ext)").path
    }

    static func records(_ name: String) throws -> (pdf: Record, docx: Record) {
        let pdfDocument = try ParserSamples.pdf(path: path(name, "pdf"))
        let docxDocument = try DocxExtractor.extract(path: path(name, "docx"))
        let hash = String(repeating: "0", count: 64)
        let pdf = ReportParser.parse(pdfDocument, source: SourceInfo(file: "\(name).pdf", sha256: hash, kind: .pdf,
                                                                     pages: pdfDocument.pages.count))
        let docx = ReportParser.parse(docxDocument, source: SourceInfo(file: "\(name).docx", sha256: hash, kind: .docx))
        return (pdf, docx)
    }
}

@Suite struct SweepTests {
    static let threshold = 0.9

    @Test func everyFixtureHasItsDocx() {
        #expect(SweepFixtures.names.count >= 10, "Fixtures/Sweep holds \(SweepFixtures.names.count) PDFs")
        for name in SweepFixtures.names {
            #expect(FileManager.default.fileExists(atPath: SweepFixtures.path(name, "docx")), "\(name).docx missing")
        }
    }

    /// Field for field, the PDF's value is the DOCX's.
    @Test(arguments: SweepFixtures.names)
    func pdfValuesAreTheDocxValues(name: String) throws {
        let (pdf, docx) = try SweepFixtures.records(name)
        #expect(!docx.fields.isEmpty, "\(name).docx: no fields")
        var wrong: [String] = []
        var confidentWrong = 0
        for field in docx.fields {
            let got = pdf.field(field.key)
            let same: Bool
            switch (got?.value, field.value) {
            case (nil, nil): same = got != nil
            case (.some(let a), .some(let b)): same = abs(a.doubleValue - b.doubleValue) < 1e-9
            default: same = false
            }
            if !same {
                let confidence = got?.confidence ?? 0
                if confidence >= Self.threshold { confidentWrong += 1 }
                wrong.append("\(field.key): PDF \(got?.value?.description ?? "null") DOCX \(field.value?.description ?? "null") (\(confidence))")
            }
        }
        #expect(wrong.isEmpty,
                "\(name): \(wrong.count) of \(docx.fields.count) fields differ (\(confidentWrong) at or above \(Self.threshold)): \(wrong.prefix(6).joined(separator: "; "))")
    }

    @Test(arguments: SweepFixtures.names)
    func pdfAgencyYearAndTemplateAreTheDocxOnes(name: String) throws {
        let (pdf, docx) = try SweepFixtures.records(name)
        #expect(docx.agency.value != nil && docx.year.value != nil && docx.template.value != nil, "\(name).docx")
        #expect(pdf.agency.value == docx.agency.value, "\(name): agency \(pdf.agency.value ?? "nil") vs \(docx.agency.value ?? "nil")")
        #expect(pdf.year.value == docx.year.value, "\(name): year")
        #expect(pdf.template.value == docx.template.value,
                "\(name): template \(pdf.template.value?.rawValue ?? "nil") vs \(docx.template.value?.rawValue ?? "nil")")
    }

    /// The PDF sends no more fields to review than the DOCX does, unless its tables have no
    /// rulings: a grid guessed from alignment keeps every field under review.
    @Test(arguments: SweepFixtures.names)
    func pdfHasNoMoreFieldsUnderTheThreshold(name: String) throws {
        let (pdf, docx) = try SweepFixtures.records(name)
        let unruled = try ParserSamples.pdf(path: SweepFixtures.path(name, "pdf")).tables.contains { $0.layout == .aligned }
        guard !unruled else {
            #expect(pdf.fieldsUnderThreshold(Self.threshold).count == pdf.fields.count, "\(name): a field of an unruled table above the threshold")
            return
        }
        let pdfUnder = pdf.fieldsUnderThreshold(Self.threshold).map(\.key)
        let docxUnder = Set(docx.fieldsUnderThreshold(Self.threshold).map(\.key))
        #expect(pdfUnder.count <= docxUnder.count,
                "\(name): \(pdfUnder.count) fields under \(Self.threshold) from the PDF, \(docxUnder.count) from the DOCX; PDF only: \(pdfUnder.filter { !docxUnder.contains($0) }.prefix(8))")
    }
}
