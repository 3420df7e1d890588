import DocumentModel
import DocxExtraction
import Foundation
import Testing

/// Each WordprocessingML construct of features.docx (written by scripts/make-fixtures) read as a person sees it.
@Suite struct DocxFeatureTests {
    let document: Document

    init() throws {
        document = try DocxExtractor.extract(path: Paths.fixture("features.docx"))
    }

    @Test func paragraphsReadAsAReaderSeesThem() {
        #expect(document.paragraphs.map(\.text) == [
            "政府信息公开年报",        // runs split by formatting, proofing marks and bookmarks joined
            "本年新收申请",            // w:ins kept, w:del dropped
            "联系电话65225661网站",    // content control, smart tag and hyperlink read through
            "第3页共9页",              // field codes dropped, field results kept
            "a\tb\nc\u{2011}d\u{3000}e\u{00A0}f", // tab, break, no-break hyphen, full-width and no-break spaces
            "正文选结束",              // text box and footnote reference left out; AlternateContent read once
            "文末",
        ])
    }

    @Test func headersFootnotesAndTextBoxesStayOutOfTheBody() {
        let all = document.paragraphs.map(\.text).joined() + document.tables.flatMap(\.cells).map(\.text).joined()
        #expect(!all.contains("页眉"))
        #expect(!all.contains("脚注"))
        #expect(!all.contains("文本框"))
        #expect(!all.contains("段落属性"))
        #expect(!all.contains("备"))
    }

    @Test func blocksComeInReadingOrderWithNestedTablesAfterTheirParent() {
        let kinds = document.blocks.map { block -> String in
            switch block {
            case .paragraph(let paragraph): paragraph.text
            case .table(let table): "table \(table.rowCount)×\(table.columnCount)"
            }
        }
        #expect(Array(kinds.suffix(3)) == ["table 6×4", "table 2×1", "文末"])
    }

    @Test func mergesBecomeSpans() throws {
        let table = try #require(document.tables.first)
        #expect(table.rowCount == 6 && table.columnCount == 4)
        // w:gridSpan across the grid.
        #expect(table.cell(row: 0, column: 3) == Cell(row: 0, column: 0, columnSpan: 4, text: "第二十条第（一）项"))
        // w:vMerge restart/continue.
        #expect(table.cell(row: 2, column: 0) == Cell(row: 1, column: 0, rowSpan: 2, text: "三、本年度办理结果"))
        #expect(table.cell(row: 1, column: 2)?.text == "（一）予以公开")
        // Legacy w:hMerge restart/continue.
        #expect(table.cell(row: 2, column: 2) == Cell(row: 2, column: 1, columnSpan: 2, text: "（二）部分公开"))
        #expect(table.cell(row: 2, column: 3)?.text == "6")
    }

    @Test func gridBeforeAfterAndShortRowsLeavePositionsUncovered() throws {
        let table = try #require(document.tables.first)
        #expect(table.cell(row: 3, column: 0) == nil)
        #expect(table.cell(row: 3, column: 1)?.text == "商业\n企业")   // a cell of two paragraphs
        #expect(table.cell(row: 3, column: 2)?.text == "0")
        #expect(table.cell(row: 3, column: 3) == nil)
        #expect(table.cells(inRow: 4).map(\.text) == ["a", "b"])
        #expect(table.cell(row: 4, column: 2) == nil)
    }

    @Test func nestedTableIsABlockOfItsOwn() throws {
        let outer = try #require(document.tables.first)
        #expect(outer.cell(row: 5, column: 0)?.text == "外")
        let nested = try #require(document.tables.dropFirst().first)
        #expect(nested.cells.map(\.text) == ["内1", "内2"])
    }
}

/// Hostile and wrong files: a typed error naming the file and the reason, never a crash or a hang.
@Suite struct DocxHostileFileTests {
    func reason(_ fixture: String) -> ExtractionError.Reason? {
        let path = Paths.fixture(fixture)
        do {
            _ = try DocxExtractor.extract(path: path)
            return nil
        } catch {
            #expect(error.file == path)
            #expect(error.description.hasPrefix(path + ": "))
            return error.reason
        }
    }

    @Test func notAZip() {
        #expect(reason("not-a-zip.docx") == .unsupportedFormat("not a zip archive"))
        #expect(reason("empty.docx") == .damaged("the file is empty"))
    }

    @Test func truncatedZip() {
        guard case .damaged(let detail) = reason("truncated.docx") else {
            Issue.record("a truncated zip must be reported as damaged")
            return
        }
        #expect(detail.contains("zip"))
    }

    @Test func zipWithoutTheDocumentPart() {
        #expect(reason("no-document.docx") == .missingPart("word/document.xml"))
    }

    @Test func legacyFormatsAreNamedWithAdvice() throws {
        #expect(reason("legacy.doc") == .legacyFormat("Word 97-2003 (.doc)"))
        #expect(reason("legacy.wps") == .legacyFormat("WPS (.wps)"))
        let error = ExtractionError(file: "a.wps", reason: .legacyFormat("WPS (.wps)"))
        #expect(error.description.contains("save it as DOCX"))
    }

    @Test func zipBombsAreRefused() {
        #expect(reason("bomb-declared.docx") == .limitExceeded("word/document.xml would inflate to 314573173 bytes (limit 268435456)"))
        #expect(reason("bomb-ratio.docx") == .limitExceeded("word/document.xml inflates more than 200× its compressed size (a zip bomb?)"))
    }

    @Test func doctypesAndEntitiesAreRefusedBeforeParsing() {
        let refusal = ExtractionError.Reason.forbiddenMarkup("word/document.xml has a DOCTYPE or entity declarations; a Word document never does")
        #expect(reason("doctype-xxe.docx") == refusal)
        #expect(reason("billion-laughs.docx") == refusal)
    }

    @Test func deepNestingIsRefused() {
        #expect(reason("deep.docx") == .limitExceeded("XML nested deeper than 200 elements"))
    }

    @Test func malformedXMLNamesTheLine() {
        guard case .damaged(let detail) = reason("malformed.docx") else {
            Issue.record("malformed XML must be reported as damaged")
            return
        }
        #expect(detail.hasPrefix("word/document.xml: line 2:"))
    }

    @Test func missingFile() {
        #expect(reason("does-not-exist.docx") == .unreadable("no such file"))
    }

    func reason(bytes: [UInt8], file: String) -> ExtractionError.Reason? {
        do {
            _ = try DocxExtractor.extract(bytes: Data(bytes), file: file)
            return nil
        } catch {
            #expect(error.file == file)
            return error.reason
        }
    }

    /// A password-protected DOCX is a compound file like a `.doc`; its streams tell them apart.
    @Test func anEncryptedDocxIsCalledWhatItIs() {
        let encrypted = TestFiles.compoundFile(streams: ["EncryptionInfo", "EncryptedPackage"])
        #expect(reason(bytes: encrypted, file: "report.docx") == .encryptedWordDocument)
        #expect(ExtractionError(file: "a.docx", reason: .encryptedWordDocument).description
            == "a.docx: encrypted (password-protected) Word document: open it with its password and save it without one")
        #expect(reason(bytes: TestFiles.compoundFile(streams: ["WordDocument", "1Table"]), file: "report.doc") == .legacyFormat("Word 97-2003 (.doc)"))
    }

    /// Two entries of one name: libzip says "File already exists", which points at the disk.
    @Test func duplicateEntryNamesAreNamed() throws {
        let document = Array(TestFiles.documentXML(body: "<w:p><w:r><w:t>甲</w:t></w:r></w:p>").utf8)
        let bytes = try TestFiles.zipData([("word/document.xml", document), ("word/documenX.xml", document)],
                                          renaming: "word/documenX.xml", to: "word/document.xml")
        #expect(reason(bytes: bytes, file: "twice.docx")
            == .damaged("two entries of the zip archive have the same name (a damaged or hostile archive)"))
    }

    /// Counts from attributes are clamped, never trusted as sizes: huge, negative and non-numeric
    /// spans leave a table within the grid limits.
    @Test func hostileSpansAndGridCountsStayInTheGrid() throws {
        for value in ["99999999999999999999999", "-5", "9223372036854775807", "1e30", "NaN", ""] {
            let body = "<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"\(value)\"/><w:gridAfter w:val=\"\(value)\"/></w:trPr>"
                + "<w:tc><w:tcPr><w:gridSpan w:val=\"\(value)\"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            let bytes = try TestFiles.docx(body: body)
            do {
                let document = try DocxExtractor.extract(bytes: bytes, file: "span.docx")
                #expect(document.tables.allSatisfy { $0.columnCount <= 1_000 })
            } catch {
                #expect(error.file == "span.docx")
                guard case .limitExceeded = error.reason else { Issue.record("\(value): \(error)"); continue }
            }
        }
    }
}
