import DocumentModel
import DocxExtraction
import Foundation
import Testing

/// The XML parts read with libxml2's SAX1 parser: what the parser itself refuses, past the
/// prologue the zip stream scans, and what it hands on as a reader sees it.
@Suite struct DocxMarkupTests {
    /// A comment longer than the 4,096 bytes of prologue the stream scans for `<!DOCTYPE`, so the
    /// declaration after it reaches the parser.
    static let longComment = "<!--" + String(repeating: "填充", count: 1_500) + "-->"

    static func document(prologue: String, body: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + prologue + #"<w:document xmlns:w=""# + TestFiles.wordNamespace
            + #""><w:body>"# + body + "</w:body></w:document>"
    }

    func reason(_ xml: String, file: String = "markup.docx") throws -> ExtractionError.Reason? {
        let bytes = try TestFiles.zipData([("word/document.xml", Array(xml.utf8))])
        do {
            _ = try DocxExtractor.extract(bytes: bytes, file: file)
            return nil
        } catch {
            #expect(error.file == file)
            return error.reason
        }
    }

    func paragraphs(_ body: String) throws -> [String] {
        try DocxExtractor.extract(bytes: TestFiles.docx(body: body), file: "markup.docx").paragraphs.map(\.text)
    }

    @Test func aDoctypePastThePrologueIsRefusedByTheParser() throws {
        let xxe = #"<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>"#
        let xml = Self.document(prologue: Self.longComment + xxe, body: "<w:p><w:r><w:t>&secret;</w:t></w:r></w:p>")
        #expect(Array(xml.utf8).count > 4_096 + xxe.utf8.count)
        #expect(try reason(xml) == .forbiddenMarkup("word/document.xml has a DOCTYPE; a Word document never does"))
    }

    @Test func aBillionLaughsPastThePrologueIsRefusedBeforeAnyEntity() throws {
        var entities = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let xml = Self.document(prologue: Self.longComment + "<!DOCTYPE w:document [" + entities + "]>",
                                body: "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")
        #expect(try reason(xml) == .forbiddenMarkup("word/document.xml has a DOCTYPE; a Word document never does"))
    }

    /// Without a DOCTYPE no entity is declared: a reference to one is malformed XML, named by line.
    @Test func anUndeclaredEntityIsMalformed() throws {
        let xml = Self.document(prologue: "\n", body: "<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>")
        #expect(try reason(xml) == .damaged("word/document.xml: line 2: Entity 'lol' not defined"))
    }

    /// The depth bound holds inside subtrees passed over (run properties here) as well.
    @Test func deepNestingInsideAPassedOverSubtreeIsRefused() throws {
        let nested = String(repeating: "<w:rPr>", count: 210) + String(repeating: "</w:rPr>", count: 210)
        let xml = TestFiles.documentXML(body: "<w:p><w:r>" + nested + "<w:t>甲</w:t></w:r></w:p>")
        #expect(try reason(xml) == .limitExceeded("XML nested deeper than 200 elements"))
        // 195 deep (the paragraph at 2) is within it.
        let within = String(repeating: "<w:rPr>", count: 195) + String(repeating: "</w:rPr>", count: 195)
        #expect(try paragraphs("<w:p><w:r>" + within + "<w:t>甲</w:t></w:r></w:p>") == ["甲"])
    }

    /// A part of more distinct names than the reader keeps (a few thousand) is still read, the
    /// names past them worked out as they come: a Word element first met there included.
    @Test func aPartOfManyDistinctNamesIsReadWithinBounds() throws {
        let names = (0..<5_000).map { "<x:e\($0)/>" }.joined()
        let body = #"<w:p xmlns:x="urn:x"><w:r><w:t>甲</w:t></w:r>"# + names + "<w:r><w:tab/><w:t>乙</w:t></w:r></w:p>"
        #expect(try paragraphs(body) == ["甲\t乙"])
    }

    /// Names are resolved by the namespaces in scope, not by the prefixes written: Word's
    /// namespace under another prefix or as the default is read, a prefix bound to something else
    /// is not Word's (inside the element that binds it only), an element of a prefix nothing binds
    /// is read through, and an attribute takes no default. As libxml2's SAX2 parser resolved them.
    @Test func namesAreReadByTheirNamespacesInScope() throws {
        let word = TestFiles.wordNamespace
        let body = #"<w:p><w:r><w:t>甲</w:t></w:r></w:p>"#
            + #"<x:p xmlns:x=""# + word + #""><x:r><x:t>乙</x:t></x:r></x:p>"#
            + #"<p xmlns=""# + word + #""><r><t>丙</t></r></p>"#
            + #"<w:p xmlns:w="urn:other"><w:r><w:t>丁</w:t></w:r></w:p>"#
            + #"<w:p><w:r xmlns:w="urn:other"><w:t>戊</w:t></w:r><w:r><w:t>己</w:t></w:r></w:p>"#
            + #"<p xmlns=""# + word + #""><r><t xmlns="">庚</t></r></p>"#
            + #"<u:p><w:r><w:t>辛</w:t></w:r></u:p>"#
        #expect(try paragraphs(body) == ["甲", "乙", "丙", "己", "辛"])
        // A cell's merge is read from its prefixed attribute only: `val` without a prefix has no namespace.
        let cells = { (span: String) in
            #"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan "# + span + #"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>"#
                + #"<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"#
        }
        let spanned = try DocxExtractor.extract(bytes: TestFiles.docx(body: cells(#"x:val="2" xmlns:x=""# + word + #"""#)), file: "spans.docx")
        #expect(spanned.tables.first?.cells.first?.columnSpan == 2)
        let unprefixed = try DocxExtractor.extract(bytes: TestFiles.docx(body: cells(#"val="2""#)), file: "spans.docx")
        #expect(unprefixed.tables.first?.cells.first?.columnSpan == 1)
    }

    @Test func aTruncatedPartIsMalformedNamingTheLine() throws {
        let xml = TestFiles.documentXML(body: "<w:p><w:r><w:t>甲</w:t></w:r></w:p>\n<w:p><w:r><w:t>乙")
        let cut = String(xml.prefix(upTo: try #require(xml.range(of: "</w:body>")).lowerBound))
        guard case .damaged(let detail) = try reason(cut) else {
            Issue.record("a truncated part must be reported as damaged")
            return
        }
        #expect(detail.hasPrefix("word/document.xml: line 2: "))
    }

    /// Text comes in pieces (references, CDATA, runs); whitespace in a run is text, kept as is.
    @Test func textIsReadWholeAcrossReferencesAndCDATA() throws {
        let body = "<w:p><w:r><w:t>甲&amp;乙&#x4E19;&lt;</w:t></w:r><w:r><w:t><![CDATA[<丁>]]></w:t></w:r></w:p>"
            + #"<w:p><w:r><w:t xml:space="preserve"> 戊 </w:t></w:r><w:r><w:t>  </w:t></w:r></w:p>"#
            + "<w:p><w:r><w:t>\n</w:t></w:r></w:p>"
        #expect(try paragraphs(body) == ["甲&乙丙<<丁>", " 戊   ", "\n"])
    }

    /// A relationship's target is read decoded (`&amp;` is `&`), and a DOCTYPE in the
    /// relationships part costs its pictures, with a note, not the document.
    @Test func theRelationshipsPartIsReadDecodedAndWithinTheRules() throws {
        let drawing = #"<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">"#
            + #"<wp:extent cx="5715000" cy="5715000"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">"#
            + #"<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rId&amp;7"/>"#
            + "</a:graphic></wp:inline></w:drawing></w:r><w:r><w:t>正文</w:t></w:r></w:p>"
        func read(relationships: String) throws -> (parts: [String], document: Document) {
            let rels = #"<?xml version="1.0" encoding="UTF-8"?>"# + relationships
            let bytes = try TestFiles.zipData([
                ("word/document.xml", Array(TestFiles.documentXML(body: drawing).utf8)),
                ("word/_rels/document.xml.rels", Array(rels.utf8)),
                ("word/media/a&b.png", [0x89, 0x50, 0x4E, 0x47]),
            ])
            let parts = PartsRead()
            let document = try DocxExtractor.extract(bytes: bytes, file: "pictures.docx") { _, part, _ in
                parts.names.append(part)
                return []
            }
            return (parts.names, document)
        }
        let relationship = #"<Relationship Id="rId&amp;7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/a&amp;b.png"/>"#
        let list = #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + relationship + "</Relationships>"
        let decoded = try read(relationships: list)
        #expect(decoded.parts == ["word/media/a&b.png"])
        #expect(decoded.document.paragraphs.map(\.text) == ["正文"])
        #expect(decoded.document.problems.isEmpty)

        let refused = try read(relationships: Self.longComment + "<!DOCTYPE Relationships>" + list)
        #expect(refused.parts.isEmpty)
        #expect(refused.document.paragraphs.map(\.text) == ["正文"])
        #expect(refused.document.problems == ["word/_rels/document.xml.rels cannot be read (refused: word/_rels/document.xml.rels has a DOCTYPE; a Word document never does): no picture read"])
    }
}

/// The part names a picture reader was handed, in order.
private final class PartsRead {
    var names: [String] = []
}
