import DocumentModel
@testable import TableReconstruction
import Testing

func horizontal(_ y: Double, _ x0: Double, _ x1: Double) -> Ruling { Ruling(orientation: .horizontal, position: y, start: x0, end: x1) }
func vertical(_ x: Double, _ y0: Double, _ y1: Double) -> Ruling { Ruling(orientation: .vertical, position: x, start: y0, end: y1) }

@Suite struct RuledGridTests {
    /// Three rows by three columns, 100 pt by 20 pt cells, from x 50 and y 100.
    let grid = [100.0, 120, 140, 160].map { horizontal($0, 50, 350) } + [50.0, 150, 250, 350].map { vertical($0, 100, 160) }

    @Test func linesThatMeetMakeOneGrid() throws {
        let grids = findGrids(in: grid)
        try #require(grids.count == 1)
        #expect(grids[0].xs == [50, 150, 250, 350])
        #expect(grids[0].ys == [100, 120, 140, 160])
    }

    @Test func underlinesLoneRulesAndFramesMakeNoTable() {
        // An underline under a heading, a rule across the page.
        #expect(findGrids(in: [horizontal(60, 80, 200), horizontal(700, 50, 545)]).isEmpty)
        // A page border: a frame of one cell.
        let frame = [horizontal(30, 30, 565), horizontal(812, 30, 565), vertical(30, 30, 812), vertical(565, 30, 812)]
        #expect(findGrids(in: frame).isEmpty)
        // A framed note with a rule under its title: two rows, one column.
        #expect(findGrids(in: frame + [horizontal(60, 30, 565)]).isEmpty)
        // The underline beside a real table does not join it.
        #expect(findGrids(in: grid + [horizontal(60, 80, 200)]).count == 1)
    }

    @Test func aMissingSegmentMergesCells() throws {
        // No vertical at x 150 in the first row: (0,0) spans two columns. No horizontal at y 140
        // under the third column: (1,2) spans two rows.
        let rulings = [100.0, 120, 160].map { horizontal($0, 50, 350) } + [horizontal(140, 50, 250)]
            + [50.0, 250, 350].map { vertical($0, 100, 160) } + [vertical(150, 120, 160)]
        let found = try #require(findGrids(in: rulings).first)
        let cells = cellRectangles(of: found).map { [$0.row, $0.column, $0.rowSpan, $0.columnSpan] }
        #expect(cells == [[0, 0, 1, 2], [0, 2, 1, 1], [1, 0, 1, 1], [1, 1, 1, 1], [1, 2, 2, 1], [2, 0, 1, 1], [2, 1, 1, 1]])
    }

    @Test func anEdgeLeftOpenByAPageBreakIsClosed() throws {
        // The verticals run 20 pt past the last horizontal: a last row with no bottom line.
        let open = [100.0, 120, 140].map { horizontal($0, 50, 350) } + [50.0, 150, 250, 350].map { vertical($0, 100, 160) }
        let found = try #require(findGrids(in: open).first)
        #expect(found.ys == [100, 120, 140, 160])
    }

    @Test func charactersFillTheirCells() throws {
        let found = try #require(findGrids(in: grid).first)
        let placed = try buildTable(grid: found, characters: characters(["自然人"], left: 60, top: 104), page: 3)
        #expect(placed.table.cell(row: 0, column: 0)?.text == "自然人")
        #expect(placed.table.cell(row: 0, column: 0)?.page == 3)
        #expect(placed.table.cell(row: 0, column: 0)?.box == BoundingBox(x0: 50, y0: 100, x1: 150, y1: 120))
        #expect(placed.table.cell(row: 2, column: 2)?.text == "")
    }
}

@Suite struct EdgeClosingTests {
    @Test func cellsGoingOnFromThePageBeforeHaveTheirTopClosed() throws {
        // Chromium draws no top line over the stub cell that goes on from the page before, so its
        // left vertical meets no horizontal at all; the verticals still start together.
        let rulings = [100.0, 120, 140].map { horizontal($0, 150, 350) } + [horizontal(160, 50, 350)]
            + [50.0, 150, 250, 350].map { vertical($0, 100, 160) }
        let found = try #require(findGrids(in: rulings).first)
        #expect(found.xs == [50, 150, 250, 350])
        #expect(found.ys == [100, 120, 140, 160])
        // The stub spans the rows, as no line crosses it.
        #expect(cellRectangles(of: found).first.map { [$0.row, $0.column, $0.rowSpan, $0.columnSpan] } == [0, 0, 3, 1])
    }

    @Test func cellsCutByAPageBreakReachTheFrame() throws {
        // Each cell paints its own top and left edge, the table its right edge: at the page's
        // foot the cut cells' verticals stop 4-5 pt short of the frame's, and no line closes the
        // row. The row is closed where the frame ends, and the column line at 150 still parts it.
        let rulings = [horizontal(100, 50, 350), horizontal(112, 50, 350)]
            + [50.0, 150, 250].map { vertical($0, 100, 124.5) } + [vertical(350, 100, 129)]
        let found = try #require(findGrids(in: rulings).first)
        #expect(found.xs == [50, 150, 250, 350])
        #expect(found.ys == [100, 112, 129])
        #expect(cellRectangles(of: found).filter { $0.row == 1 }.map(\.columnSpan) == [1, 1, 1])
    }

    @Test func cellsCutByAPageBreakReachTheLineUnderTheirRow() throws {
        // On the page after the break, the cut header cells of the left columns paint their
        // verticals down to 88.5 only, the line under the row beside them lies at 94.
        let rulings = [horizontal(72, 150, 350), horizontal(94, 50, 350), horizontal(105, 50, 350)]
            + [50.0, 100].flatMap { [vertical($0, 71.5, 88.5), vertical($0, 93.5, 105)] }
            + [150.0, 250, 350].map { vertical($0, 71.5, 105) }
        let found = try #require(findGrids(in: rulings).first)
        #expect(found.xs == [50, 100, 150, 250, 350])
        #expect(cellRectangles(of: found).filter { $0.row == 0 }.map(\.columnSpan) == [1, 1, 1, 1])
    }

    @Test func aStrokesOvershootIsNoRow() throws {
        // The verticals run 1.5 pt past the last line, as thick strokes' caps do.
        let rulings = [100.0, 120, 140].map { horizontal($0, 50, 350) } + [50.0, 150, 250, 350].map { vertical($0, 98.5, 141.5) }
        let found = try #require(findGrids(in: rulings).first)
        #expect(found.ys == [100, 120, 140])
    }

    @Test func aGapInTheVerticalsInsideATableIsNoEdge() throws {
        // The left columns' verticals stop 6 pt short of the line under a header row and go on
        // below it (a thick line left out); the table's other verticals run through.
        let rulings = [100.0, 140, 160].map { horizontal($0, 50, 350) }
            + [50.0, 100, 150].flatMap { [vertical($0, 100, 126), vertical($0, 132, 160)] } + [250.0, 350].map { vertical($0, 100, 160) }
        let found = try #require(findGrids(in: rulings).first)
        #expect(found.ys == [100, 140, 160])
    }

    @Test func twoVerticalsAloneMakeNoTable() {
        // A frame's sides start and end together, but a frame is no table.
        #expect(findGrids(in: [vertical(30, 30, 812), vertical(565, 30, 812)]).isEmpty)
    }
}
