"""Page and table layout options shared by docxwriter.py and htmlwriter.py (the sweep's
variants). Layout() is the committed samples' layout: building with it writes the same bytes
as building without it."""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Layout:
    # Table borders: "grid" = the "Table Grid" style (0.5 pt single lines, as the samples);
    # "none" = no style, no borders at all; a number = single lines of that width in pt
    # (DOCX: w:sz in eighths of a point, at least 1; HTML: see border_mode).
    border: object = "grid"
    # HTML: "css" = CSS borders (Skia fills a rectangle per edge; Chromium snaps widths
    # under one CSS px up to 1 px = 0.75 pt); "paint" = each cell paints its top and left
    # edge as a background of the asked width (the table its right and bottom edge), filled
    # rectangles at the asked width (Chromium rounds to 1/8 px; under 0.5 pt some edges are
    # not drawn at all). DOCX: "fill" = LibreOffice's stroked borders rewritten in its PDF as
    # filled rectangles of the same width (strokefill.py); anything else leaves the strokes.
    border_mode: str = "css"
    header_repeat: bool = False     # w:tblHeader on the header rows of 三 and 四 / <thead>
    row_split: bool = False         # rows may break across pages (no w:cantSplit)
    landscape: bool = False         # every page landscape (tables widened to the page)
    margins_cm: float = None        # all four page margins; None = the samples' 2.54/2.5 cm
    # A spacer paragraph that starts a new page and is this tall (pt) before heading 三 /
    # heading 四: puts the heading at a chosen height of its page. None = no spacer.
    spacer3: float = None
    spacer4: float = None
    heading_keep: bool = True       # headings kept with the next paragraph / table
    # DOCX: "cairo" = LibreOffice's PDF drawn again through cairo's PDF output (`pdftocairo
    # -pdf`, as GTK and other cairo programs print): its own font subsets and metrics, text set
    # bold by stroking written as the glyph and then its outline as stroked paths.
    redraw: str = None

    def but(self, **kw):
        return replace(self, **kw)


DEFAULT = Layout()

# Header rows per table (repeated when header_repeat).
HEADER_ROWS = {"s3": 3, "s4": 3}
