import DocumentModel
import DocxExtraction
import Foundation
import Testing

/// A 50 MB `word/document.xml` is read as a stream, whole, and with its tables.
@Suite struct LargeDocxTests {
    static let paragraphs = 240_000
    static let tableEvery = 5_000

    static func writeLargeDocx(to path: String) throws -> Int {
        var xml = ""
        xml.reserveCapacity(60 << 20)
        for index in 0..<paragraphs {
            xml += "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/><w:sz w:val=\"24\"/></w:rPr>"
            xml += "<w:t>第\(index)段：本年度共受理政府信息公开申请\(index * 7 % 1000)件，办结\(index * 3 % 997)件。</w:t></w:r></w:p>"
            if index % tableEvery == 0 {
                xml += "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>表\(index)</w:t></w:r></w:p></w:tc></w:tr>"
                xml += "<w:tr><w:tc><w:p><w:r><w:t>自然人</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>\(index)</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            }
        }
        let bytes = Array(TestFiles.documentXML(body: xml).utf8)
        try TestFiles.writeZip([("word/document.xml", bytes)], to: path)
        return bytes.count
    }

    @Test func fiftyMegabytesAreReadWhole() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-large-\(UUID().uuidString).docx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = try Self.writeLargeDocx(to: path)
        #expect(size > 50_000_000)
        let document = try DocxExtractor.extract(path: path)
        #expect(document.paragraphs.count == Self.paragraphs)
        #expect(document.tables.count == Self.paragraphs / Self.tableEvery)
        #expect(document.paragraphs.last?.text == "第239999段：本年度共受理政府信息公开申请993件，办结163件。")
        #expect(document.tables.last?.cell(row: 1, column: 1)?.text == "235000")
    }
}
