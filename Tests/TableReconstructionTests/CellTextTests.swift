import DocumentModel
@testable import TableReconstruction
import Testing

/// Characters laid out as a PDF would: one 9 pt box per character, lines 12 pt apart.
func characters(_ lines: [String], left: Double = 103, top: Double = 100, size: Double = 9) -> [TextRun] {
    lines.enumerated().flatMap { lineIndex, line in
        line.enumerated().map { index, character in
            let x = left + Double(index) * size
            let y = top + Double(lineIndex) * 12
            return TextRun(text: String(character), box: BoundingBox(x0: x, y0: y, x1: x + size, y1: y + size + 2), fontSize: size)
        }
    }
}

@Suite struct CellTextTests {
    // A cell 100 pt wide with 3 pt padding: 94 pt of room, ten characters of 9 pt.
    let cell = BoundingBox(x0: 100, y0: 95, x1: 200, y1: 140)

    @Test func aFullLineIsAWrap() {
        let text = cellText(characters(["5.属于三类内部事务信", "息"]), in: cell, padding: 3)
        #expect(text.text == "5.属于三类内部事务信息")
        #expect(!text.runsOn)
    }

    @Test func aShortLineIsABreak() {
        #expect(cellText(characters(["商业", "企业"]), in: cell, padding: 3).text == "商业\n企业")
    }

    @Test func centredShortLinesAreBreaksToo() {
        // Centred: each line starts further in, but the free width is the same.
        let centred = characters(["商业"], left: 141) + characters(["企业"], left: 141, top: 112)
        #expect(cellText(centred, in: cell, padding: 3).text == "商业\n企业")
    }

    @Test func punctuationThatCannotStartALineIsCarriedWithItsCharacter() {
        // 9 characters (81 pt) leave 13 pt: room for 定 alone, but not for 定” together.
        #expect(cellText(characters(["3.危及“三安全一稳", "定”"]), in: cell, padding: 3).text == "3.危及“三安全一稳定”")
    }

    @Test func aFullLastLineRunsOn() {
        #expect(cellText(characters(["5.属于三类内部事务信"]), in: cell, padding: 3).runsOn)
        let empty = cellText([], in: cell, padding: 3)
        #expect(empty.text.isEmpty && !empty.runsOn)
    }
}

@Suite struct VerticalTextTests {
    @Test func oneCharacterPerLineIsJoined() {
        let cell = BoundingBox(x0: 100, y0: 95, x1: 130, y1: 200)
        let text = cellText(characters(["三", "、", "本", "年", "度"], left: 110), in: cell, padding: 2)
        #expect(text.text == "三、本年度")
    }
}
