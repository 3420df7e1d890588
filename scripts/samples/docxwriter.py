"""Write a Report (see seeds.py) as a DOCX laid out like the national template.

Variants:
  unruled    tables without any borders (no table style, no tblBorders, no tcBorders)
  landscape  heading 三 through the end of section 四's table in a landscape section
  split      table rows may break across pages (no w:cantSplit; the other variants set it)
  spacers=N  N spacer paragraphs (exactly 6 pt tall, empty) before heading 三; the -split
             sample searches N so that section 三's table breaks inside a chosen row

layout=Layout(...) (layout.py, for scripts/sweep) adds: border width or none, repeated header
rows (w:tblHeader), rows that may split, every page landscape, other page margins, a spacer
paragraph that starts a new page before heading 三 / 四 (so the heading stands at a chosen
height of its page), headings not kept with the next block. Layout() writes the same bytes as
no layout.
"""

import io
import zipfile
from datetime import datetime, timezone

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import _Cell

from layout import DEFAULT, HEADER_ROWS

FONT = "SimSun"           # 宋体; LibreOffice renders it through the fontconfig alias in fonts.conf
CELL_MARGIN = 57          # twips left/right inside table cells (about 2.85 pt)
A4_W, A4_H = 11906, 16838  # twips
MARGIN_TB, MARGIN_LR = 1440, 1418
BODY_PT, TABLE_PT, HEADING_PT, TITLE_PT = 12, 9, 14, 18
FIXED_TIME = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _set_defaults(document):
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    fonts = OxmlElement("w:rFonts")
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(a), FONT)
    rpr.append(fonts)
    for tag in ("w:sz", "w:szCs"):
        sz = OxmlElement(tag)
        sz.set(qn("w:val"), str(BODY_PT * 2))
        rpr.append(sz)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "312")
    spacing.set(qn("w:lineRule"), "auto")
    ppr.append(spacing)


def margins(layout=DEFAULT):
    """(top/bottom, left/right) page margins in twips."""
    if layout.margins_cm is None:
        return MARGIN_TB, MARGIN_LR
    m = round(layout.margins_cm * 1440 / 2.54)
    return m, m


def page_size(layout=DEFAULT):
    """(width, height) in twips."""
    return (A4_H, A4_W) if layout.landscape else (A4_W, A4_H)


def _page(section, landscape=False, layout=DEFAULT):
    section.page_width, section.page_height = (Twips(A4_H), Twips(A4_W)) if landscape \
        else (Twips(A4_W), Twips(A4_H))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    tb, lr = margins(layout)
    section.top_margin = section.bottom_margin = Twips(tb)
    section.left_margin = section.right_margin = Twips(lr)


def _run(par, text, size=None, bold=False):
    run = par.add_run(text)
    if size:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    return run


def _paragraph(document, block, layout=DEFAULT):
    p = document.add_paragraph()
    fmt = p.paragraph_format
    keep = layout.heading_keep
    if block.kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, block.text, TITLE_PT, bold=True)
    elif block.kind == "subtitle":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, block.text, BODY_PT)
    elif block.kind == "heading":
        fmt.space_before = Pt(6)
        if keep:
            fmt.keep_with_next = True
        _run(p, block.text, HEADING_PT, bold=True)
    elif block.kind == "subheading":
        fmt.first_line_indent = Pt(2 * BODY_PT)
        if keep:
            fmt.keep_with_next = True
        _run(p, block.text, BODY_PT, bold=True)
    elif block.kind == "sign":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, block.text, BODY_PT)
    else:
        fmt.first_line_indent = Pt(2 * BODY_PT)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if block.bookmark:
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), "0")
            start.set(qn("w:name"), block.bookmark)
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), "0")
            p._p.append(start)
            p._p.append(end)
        _run(p, block.text, BODY_PT)
    return p


def _spacer(document):
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(6)
    fmt.space_before = fmt.space_after = Pt(0)
    return p


def _page_spacer(document, height_pt):
    """An empty paragraph that starts a new page and is exactly height_pt tall."""
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.page_break_before = True
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(max(1, round(height_pt * 20)))
    fmt.space_before = fmt.space_after = Pt(0)
    return p


def _borders(tblpr, width_pt):
    """Explicit single borders of width_pt on every edge of every cell (w:tblBorders), in
    tblPr's schema position (before shd, tblLayout, tblCellMar, tblLook)."""
    el = OxmlElement("w:tblBorders")
    sz = str(max(1, round(width_pt * 8)))          # eighths of a point
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), sz)
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "000000")
        el.append(b)
    for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"):
        after = tblpr.find(qn(tag))
        if after is not None:
            after.addprevious(el)
            return
    tblpr.append(el)


def _cell_alignment(table, cell):
    # section 三's row labels (below the header, in the three label columns) read left-aligned,
    # everything else is centred, as in the template
    if table.name == "s3" and cell.row >= 3 and cell.col < 3:
        return WD_ALIGN_PARAGRAPH.LEFT
    return WD_ALIGN_PARAGRAPH.CENTER


def _table(document, table, ruled=True, row_split=False, content_width=None, layout=DEFAULT):
    widths = list(table.widths)
    if content_width:                          # landscape: spread the grid over the page
        widths = [w * content_width // sum(widths) for w in widths]
    t = document.add_table(rows=table.rows, cols=table.cols)
    t.style = document.styles["Table Grid"] if ruled else None
    t.autofit = False                          # w:tblLayout fixed: the grid widths hold
    tblpr = t._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(widths)))
    mar = OxmlElement("w:tblCellMar")
    for side, w in (("top", 0), ("left", CELL_MARGIN), ("bottom", 0), ("right", CELL_MARGIN)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(mar)              # keep the schema order of tblPr children
    else:
        tblpr.append(mar)
    if ruled and not isinstance(layout.border, str):
        _borders(tblpr, layout.border)
    if not row_split:
        # rows move to the next page whole (Word: "allow row to break across pages" off)
        for row in t.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if layout.header_repeat:
        for row in t.rows[:HEADER_ROWS.get(table.name, 0)]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    # Table.cell() and Column.cells rebuild the whole cell matrix on every call (seconds per
    # table); the cells are reached through their rows instead, with the same result: before
    # the merges every row has one w:tc per grid column, and every merge's corners lie
    # outside the merges done before it.
    trs = t._tbl.tr_lst
    for i, w in enumerate(widths):
        t.columns[i].width = Twips(w)
        for tr in trs:
            _Cell(tr.tc_lst[i], t).width = Twips(w)

    def cell_at(r, c):
        return _Cell(trs[r].tc_at_grid_offset(c), t)

    # merge first (python-docx's merge concatenates content), then write the text
    merged = {}
    for cell in table.cells:
        top = cell_at(cell.row, cell.col)
        if cell.rs > 1 or cell.cs > 1:
            top = top.merge(cell_at(cell.row + cell.rs - 1, cell.col + cell.cs - 1))
        merged[(cell.row, cell.col)] = top
    for cell in table.cells:
        dc = merged[(cell.row, cell.col)]
        tc = dc._tc
        for p in tc.findall(qn("w:p")):
            tc.remove(p)
        for text in (cell.paras or [""]):
            p = dc.add_paragraph()
            fmt = p.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = 1.0
            fmt.widow_control = False          # a 2-line label may break across pages
            p.alignment = _cell_alignment(table, cell)
            if text:
                _run(p, text, TABLE_PT)
            else:
                # empty paragraph: give its mark the table size so empty rows are not taller
                rpr = p._p.get_or_add_pPr()
                mark = OxmlElement("w:rPr")
                sz = OxmlElement("w:sz")
                sz.set(qn("w:val"), str(TABLE_PT * 2))
                mark.append(sz)
                rpr.append(mark)
    return t


def build(report, path, variant=None, spacers=0, layout=None):
    layout = layout or DEFAULT
    document = docx.Document()
    _set_defaults(document)
    _page(document.sections[0], landscape=layout.landscape, layout=layout)
    cp = document.core_properties
    cp.author = cp.last_modified_by = "gongkai make-samples"
    cp.title = report.expected["agency"]
    cp.comments = f"generated from seed {report.seed}"
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1

    landscape = layout.landscape
    margin_lr = margins(layout)[1]
    for block in report.blocks:
        is_h3 = block.kind == "heading" and is_heading3(block.text)
        is_h4 = block.kind == "heading" and is_heading4(block.text)
        if is_h3:
            for _ in range(spacers):
                _spacer(document)
            if layout.spacer3 is not None:
                _page_spacer(document, layout.spacer3)
            if variant == "landscape":
                _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                landscape = True
        if is_h4 and layout.spacer4 is not None:
            _page_spacer(document, layout.spacer4)
        if block.kind == "table":
            _table(document, block.table, ruled=(variant != "unruled" and layout.border != "none"),
                   row_split=(variant == "split" or layout.row_split),
                   content_width=(A4_H - 2 * margin_lr - 100) if landscape else None,
                   layout=layout)
            if variant == "landscape" and block.table.name == "s4":
                _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
                landscape = False
        else:
            _paragraph(document, block, layout)

    buf = io.BytesIO()
    document.save(buf)
    _write_deterministic_zip(buf.getvalue(), path)


def is_heading3(text):
    return "收到和处理政府信息公开申请情况" in text


def is_heading4(text):
    return "行政复议、行政诉讼情况" in text


def _write_deterministic_zip(data, path):
    """python-docx stamps zip members with the current time; rewrite them with a fixed one."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, src.read(info.filename))
