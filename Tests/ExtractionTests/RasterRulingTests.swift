import CGlyphSwitch
import DocumentModel
import PageRaster
@testable import PDFExtraction
import Testing

/// An RGB24 pixel of one grey level, as cairo writes it.
func pixel(gray: UInt8) -> UInt32 { UInt32(gray) * 0x01_01_01 }

/// A white band at 1 pixel a point with ink drawn in.
func bitmap(width: Int, height: Int, top: Double = 0, ink: [(x: Range<Int>, y: Range<Int>, gray: UInt8)]) -> RenderedBand {
    var pixels = [UInt32](repeating: pixel(gray: 255), count: width * height)
    for mark in ink {
        for y in mark.y { for x in mark.x { pixels[y * width + x] = pixel(gray: mark.gray) } }
    }
    return RenderedBand(width: width, height: height, pixels: pixels, scale: 1, top: top)
}

@Suite struct RasterRulingTests {
    @Test func strokedLinesAndThinFilledRectanglesAreRulings() {
        let page = bitmap(width: 300, height: 200, ink: [
            (10..<290, 20..<21, 0),      // a hairline stroke
            (10..<290, 80..<82, 120),    // a 2 pt grey filled rectangle (anti-aliased line)
            (10..<11, 20..<82, 0),       // verticals
            (289..<290, 20..<82, 0),
        ])
        let rulings = findRulings(in: page)
        #expect(rulings.filter { $0.orientation == .horizontal }.map(\.position) == [20.5, 81])
        #expect(rulings.filter { $0.orientation == .vertical }.map(\.position) == [10.5, 289.5])
        #expect(rulings.first?.start == 10 && rulings.first?.end == 290)
    }

    @Test func hairlinesAreRulingsThoughFaint() {
        let page = bitmap(width: 300, height: 200, ink: [
            (10..<290, 20..<21, 230),    // 0.1 pt at 2×: a fifth of a pixel's ink
            (10..<290, 60..<80, 236),    // a shaded row, as light as the hairline
            (10..<290, 70..<71, 200),    // the line between two shaded cells
            (10..<11, 20..<80, 232),     // a faint vertical
        ])
        let rulings = findRulings(in: page)
        #expect(rulings.filter { $0.orientation == .horizontal }.map(\.position) == [20.5, 70.5])
        #expect(rulings.filter { $0.orientation == .vertical }.map(\.position) == [10.5])
    }

    @Test func shortStrokesFillsAndLightInkAreNot() {
        let page = bitmap(width: 300, height: 200, ink: [
            (10..<18, 20..<21, 0),       // 8 pt: a glyph's stroke
            (10..<290, 50..<70, 0),      // 20 pt tall: a filled area, not a line
            (10..<290, 100..<101, 250),  // too light to be ink: a tint of the paper
        ])
        #expect(findRulings(in: page).isEmpty)
    }

    @Test func erasedCharactersLeaveNoStrokes() {
        var page = bitmap(width: 300, height: 200, ink: [(20..<40, 30..<31, 0), (30..<31, 22..<40, 0)])
        page.erase([BoundingBox(x0: 18, y0: 20, x1: 42, y1: 42)])
        #expect(findRulings(in: page).isEmpty)
    }

    /// Glyphs left out of the drawing, what stands inside the text is a path a producer drew
    /// there (cairo's PDF output strokes a bold glyph's outline as lines): erased within the
    /// boxes' inner part, the table's edge a character's box touches is kept whole.
    @Test func insetErasingKeepsALineAlongACharactersEdge() {
        var page = bitmap(width: 300, height: 200, ink: [
            (78..<79, 20..<180, 0),      // the table's left edge, at the character box's edge
            (80..<81, 100..<112, 0),     // the outline of the glyph's left stroke, beside it
            (80..<96, 100..<101, 0),     // and of its top stroke
        ])
        page.erase([BoundingBox(x0: 78, y0: 98, x1: 98, y1: 114)], inset: 0.1)
        #expect(findRulings(in: page) == [Ruling(orientation: .vertical, position: 78.5, start: 20, end: 180)])
    }

    /// The rows of a page drawn whole are searched as a band of it would be: only those rows,
    /// placed on the page.
    @Test func aPageDrawnWholeIsSearchedInRows() {
        let page = bitmap(width: 100, height: 300, ink: [(0..<100, 40..<41, 0), (0..<100, 250..<251, 0)])
        #expect(findRulings(in: page, rows: 200...300).map(\.position) == [250.5])
        #expect(findRulings(in: page, rows: 0...100).map(\.position) == [40.5])
    }

    @Test func aBandKeepsPageCoordinates() {
        let band = bitmap(width: 100, height: 10, top: 400, ink: [(0..<100, 0..<1, 0)])
        #expect(findRulings(in: band).map(\.position) == [400.5])
    }

    /// Only every 10th pixel of a row and every 6th row are probed (at 1 pixel a point): runs just
    /// long enough, starting between probes, and a vertical crossing many probed rows are each found once.
    @Test func probingFindsEveryRunAScanWould() {
        let page = bitmap(width: 120, height: 100, ink: [
            (13..<23, 40..<41, 0),       // exactly 10 pixels, starting between probes
            (61..<70, 50..<51, 0),       // 9 pixels: too short
            (7..<8, 13..<19, 0),         // exactly 6 rows, crossing the probed row 18 only
            (30..<31, 1..<95, 0),        // crossing fifteen probed rows
            (90..<91, 19..<24, 0),       // 5 rows: too short
        ])
        let rulings = findRulings(in: page)
        #expect(rulings.filter { $0.orientation == .horizontal }.map { [$0.start, $0.end] } == [[13, 23]])
        #expect(rulings.filter { $0.orientation == .vertical }.map { [$0.position, $0.start, $0.end] } == [[7.5, 13, 19], [30.5, 1, 95]])
    }

    @Test func colouredInkIsItsDarkestChannel() {
        #expect(grayLevel(0x00FF_0000) == 0)       // pure red
        #expect(grayLevel(0xFFFF_FFFF) == 255)     // white, whatever the unused byte
        #expect(grayLevel(0x0080_90A0) == 0x80)
    }

    /// Bands are rendered without their glyphs (GlyphSwitch.c): no ink of text is left to pose
    /// as a line. The unruled sample has text in columns on every page and not one line drawn.
    @Test func textIsNotRenderedAsInk() throws {
        let pages = try PDFExtractor.extract(path: Paths.sample("zhoukou-2023-unruled.pdf"))
        #if os(Linux)
        #expect(gongkai_glyph_switch_active())
        #endif
        #expect(pages.map(\.rulings.count) == [0, 0, 0])
    }
}

@Suite struct TableBandTests {
    let vertical = { (x: Double, y0: Double, y1: Double) in Ruling(orientation: .vertical, position: x, start: y0, end: y1) }

    @Test func aTableRunningIntoTheBandsEdgeWidensItToThePagesEdge() {
        // Rows of blanks under the last text side by side: the verticals run into the band's foot.
        #expect(PDFExtractor.widenedBand(100...400, rulings: [vertical(50, 120, 400), vertical(300, 120, 400)], pageHeight: 842) == 100...842)
        // Cells going on from the page before, above the first text side by side.
        #expect(PDFExtractor.widenedBand(100...400, rulings: [vertical(50, 100, 300)], pageHeight: 842) == 0...400)
    }

    @Test func aTableInsideTheBandKeepsIt() {
        #expect(PDFExtractor.widenedBand(100...400, rulings: [vertical(50, 130, 380)], pageHeight: 842) == 100...400)
        #expect(PDFExtractor.widenedBand(0...842, rulings: [vertical(50, 0, 842)], pageHeight: 842) == 0...842)
    }

    @Test func onlyATableRunningIntoThePagesFootGoesOn() {
        let page = { (rulings: [Ruling]) in Page(number: 1, width: 595, height: 842, runs: [], lines: [], rulings: rulings) }
        #expect(PDFExtractor.tableRunsToFoot(page([vertical(50, 500, 780)])))
        #expect(!PDFExtractor.tableRunsToFoot(page([vertical(50, 100, 400)])))
    }
}

@Suite struct TableBandEdgeTests {
    @Test func textOffThePageLeavesNoBand() {
        // Two segments side by side below the page's foot: a hostile or damaged PDF's text.
        let runs = [TextRun(text: "甲", box: BoundingBox(x0: 50, y0: 900, x1: 59, y1: 909), fontSize: 9),
                    TextRun(text: "乙", box: BoundingBox(x0: 300, y0: 900, x1: 309, y1: 909), fontSize: 9)]
        #expect(PDFExtractor.tableBand(buildLines(from: runs), pageHeight: 800) == nil)
        #expect(PDFExtractor.tableBand(buildLines(from: runs), pageHeight: .nan) == nil)
        #expect(PDFExtractor.tableBand(buildLines(from: runs), pageHeight: 1000) == 840...969)
    }
}
