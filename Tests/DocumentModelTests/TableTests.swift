import DocumentModel
import Testing

@Suite struct TableTests {
    /// The top-left corner of section 三: a 3×3 note cell beside 申请人情况 spanning the value columns.
    @Test func everyGridPositionKnowsItsCoveringCell() throws {
        let table = try Table(rowCount: 3, columnCount: 4, cells: [
            Cell(row: 0, column: 0, rowSpan: 3, columnSpan: 3, text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
            Cell(row: 0, column: 3, text: "申请人情况"),
            Cell(row: 1, column: 3, rowSpan: 2, text: "自然人"),
        ])
        #expect(table.cell(row: 2, column: 2)?.text.hasPrefix("（本列数据") == true)
        #expect(table.cell(row: 2, column: 3)?.text == "自然人")
        #expect(table.cell(row: 1, column: 3)?.rowSpan == 2)
        #expect(table.cell(row: 3, column: 0) == nil)
        #expect(table.cells(inRow: 1).map(\.text) == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人"])
    }

    @Test func positionsNoCellCoversAnswerNil() throws {
        // A row with fewer cells than the grid, as `w:gridAfter` leaves it.
        let table = try Table(rowCount: 2, columnCount: 3, cells: [
            Cell(row: 0, column: 0, columnSpan: 3, text: "第二十条第（一）项"),
            Cell(row: 1, column: 0, text: "规章"),
        ])
        #expect(table.cell(row: 1, column: 1) == nil)
        #expect(table.cells(inRow: 1).count == 1)
    }

    @Test func overlappingCellsAreRejected() {
        #expect(throws: TableError.overlap(row: 1, column: 1)) {
            try Table(rowCount: 2, columnCount: 2, cells: [
                Cell(row: 0, column: 0, rowSpan: 2, columnSpan: 2, text: "a"),
                Cell(row: 1, column: 1, text: "b"),
            ])
        }
    }

    @Test func cellsOutsideTheGridAreRejected() {
        #expect(throws: TableError.outOfGrid(row: 0, column: 1)) {
            try Table(rowCount: 1, columnCount: 2, cells: [Cell(row: 0, column: 1, columnSpan: 2, text: "x")])
        }
        #expect(throws: TableError.emptySpan(row: 0, column: 0)) {
            try Table(rowCount: 1, columnCount: 1, cells: [Cell(row: 0, column: 0, rowSpan: 0, text: "x")])
        }
    }
}

@Suite struct FileSignatureTests {
    @Test func recognisesFormatsByContent() {
        #expect(FileSignature(leadingBytes: Array("%PDF-1.7\n".utf8)) == .pdf)
        #expect(FileSignature(leadingBytes: [0x0A, 0x0A] + Array("%PDF-1.4".utf8)) == .pdf)
        #expect(FileSignature(leadingBytes: [0x50, 0x4B, 0x03, 0x04, 0x14]) == .zip)
        #expect(FileSignature(leadingBytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]) == .compoundFile)
        #expect(FileSignature(leadingBytes: Array("苏州市公安局".utf8)) == .unknown)
        #expect(FileSignature(leadingBytes: []) == .unknown)
    }

    /// Web pages by their first markup, past a byte-order mark and white space, in any case;
    /// web archives by their MIME header.
    @Test func webPagesAndArchives() {
        #expect(FileSignature(leadingBytes: Array("<!DOCTYPE html>\n<html>".utf8)) == .html)
        #expect(FileSignature(leadingBytes: [0xEF, 0xBB, 0xBF] + Array("\r\n  <HTML xmlns=\"x\">".utf8)) == .html)
        #expect(FileSignature(leadingBytes: Array("<!-- saved from url=(0042)http://x/ -->\n<html>".utf8)) == .html)
        #expect(FileSignature(leadingBytes: Array("\t<head><meta charset=gbk>".utf8)) == .html)
        #expect(FileSignature(leadingBytes: Array("<meta http-equiv=\"Content-Type\">".utf8)) == .html)
        #expect(FileSignature(leadingBytes: Array("<p>not a page start</p>".utf8)) == .unknown)
        #expect(FileSignature(leadingBytes: Array("From: <Saved by Blink>\r\nSubject: x\r\nMIME-Version: 1.0\r\n".utf8)) == .webArchive)
        #expect(FileSignature(leadingBytes: Array("Content-Type: multipart/related; boundary=x\n".utf8)) == .webArchive)
        #expect(FileSignature(leadingBytes: Array("a note on MIME-Version: 1.0".utf8)) == .unknown)
    }

    @Test func namesLegacyFormatsForTheAdvice() {
        #expect(FileSignature.legacyFormatName(forExtension: "WPS") == "WPS (.wps)")
        #expect(FileSignature.legacyFormatName(forExtension: "doc") == "Word 97-2003 (.doc)")
    }
}

@Suite struct PageTests {
    @Test func privateUseAndReplacementCharactersMakeAPageUnreadable() {
        let box = BoundingBox(x0: 0, y0: 0, x1: 10, y1: 10)
        let garbled = Page(number: 1, width: 595, height: 842, runs: [
            TextRun(text: "\u{E001}", box: box, fontSize: 10),
            TextRun(text: "\u{FFFD}", box: box, fontSize: 10),
            TextRun(text: "年", box: box, fontSize: 10),
        ], lines: [], rulings: [])
        #expect(garbled.unreadableCharacterCount == 2)
        #expect(garbled.isUnreadable)
        let readable = Page(number: 1, width: 842, height: 595, runs: [TextRun(text: "年", box: box, fontSize: 10)], lines: [], rulings: [])
        #expect(!readable.isUnreadable)
        #expect(readable.isLandscape)
    }
}
