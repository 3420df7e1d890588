/// Every tolerance of table reconstruction, in one place: ruled grids, stitching across pages,
/// tables without rulings and paragraphs. `reconstructBlocks` hands them down. Each default says
/// what it was set on; the sweep (`scripts/sweep`, 886 PDF variants of the samples from LibreOffice
/// and Chromium) and the samples hold every one of them as it is.
public struct ReconstructionSettings: Sendable, Hashable {
    /// Positions this close (points) are one line of a grid: the two edges of a 1.5 pt border and
    /// a cell's own edge half a point off its neighbour's (Word, Chromium) are one line, and no
    /// real column (a digit, 8 pt) is this narrow.
    public var gridTolerance = 2.0

    /// The longest table (rows) that a next page's part still joins. A report's tables run to a few
    /// dozen rows; joining costs time in the rows joined so far, so a document of thousands of
    /// pages of one table would cost time in the square of its length.
    public var maxStitchedRows = 1_000

    /// How far (points) the left edge of a table without rulings may move between pages: less
    /// than a character (labels all start at their cells' left), less than the narrowest column.
    public var alignedEdgeTolerance = 6.0

    /// A line goes on with the paragraph above when the gap between them is under this many line
    /// heights: body text is set at 1.5 lines or less, paragraphs stand further apart.
    public var paragraphGap = 0.6

    /// A gap between characters wider than this many font sizes ends a word, in tables without
    /// rulings (`结果 维持 纠正` in narrow columns): a space is a quarter of an em or more, the
    /// gap between CJK characters far less.
    public var wordGap = 0.25

    /// A column gap of a table without rulings is clear in all but this share of its side-by-side
    /// rows (a label that runs over it in a row or two does not close it) ...
    public var columnGapCoverage = 0.25
    /// ... and at least this many points wide: narrower is the space inside a word.
    public var minColumnGap = 4

    /// The most rows above a table's first values read as its header: the template's deepest
    /// header (section 三) has three, a wrapped one six.
    public var maxHeaderRows = 6

    /// Side-by-side rows that make a table without rulings by themselves; fewer, at a page's top
    /// or foot, are a fragment, a table only if it joins its part across the break.
    public var minTableRows = 3

    /// Rows of one block stand less than this many row heights apart.
    public var rowGap = 1.5

    /// Two lines are in one type when their sizes differ by less than this (points): a heading
    /// set larger ends a table, a label in the table's type goes on with it.
    public var typeSizeTolerance = 0.5

    public init() {}

    public static let `default` = ReconstructionSettings()
}
