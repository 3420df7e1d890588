"""Write a Report (see seeds.py) as a DOCX laid out like the national template.

Variants:
  unruled    tables without any borders (no table style, no tblBorders, no tcBorders)
  landscape  heading 三 through the end of section 四's table in a landscape section
  split      table rows may break across pages (no w:cantSplit; the other variants set it)
  spacers=N  N spacer paragraphs (exactly 6 pt tall, empty) before heading 三; the -split
             sample searches N so that section 三's table breaks inside a chosen row
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


def _page(section, landscape=False):
    section.page_width, section.page_height = (Twips(A4_H), Twips(A4_W)) if landscape \
        else (Twips(A4_W), Twips(A4_H))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Twips(MARGIN_TB)
    section.left_margin = section.right_margin = Twips(MARGIN_LR)


def _run(par, text, size=None, bold=False):
    run = par.add_run(text)
    if size:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    return run


def _paragraph(document, block):
    p = document.add_paragraph()
    fmt = p.paragraph_format
    if block.kind == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, block.text, TITLE_PT, bold=True)
    elif block.kind == "subtitle":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, block.text, BODY_PT)
    elif block.kind == "heading":
        fmt.space_before = Pt(6)
        fmt.keep_with_next = True
        _run(p, block.text, HEADING_PT, bold=True)
    elif block.kind == "subheading":
        fmt.first_line_indent = Pt(2 * BODY_PT)
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


def _cell_alignment(table, cell):
    # section 三's row labels (below the header, in the three label columns) read left-aligned,
    # everything else is centred, as in the template
    if table.name == "s3" and cell.row >= 3 and cell.col < 3:
        return WD_ALIGN_PARAGRAPH.LEFT
    return WD_ALIGN_PARAGRAPH.CENTER


def _table(document, table, ruled=True, row_split=False, content_width=None):
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
    if not row_split:
        # rows move to the next page whole (Word: "allow row to break across pages" off)
        for row in t.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for i, w in enumerate(widths):
        t.columns[i].width = Twips(w)
        for c in t.columns[i].cells:
            c.width = Twips(w)
    # merge first (python-docx's merge concatenates content), then write the text
    merged = {}
    for cell in table.cells:
        top = t.cell(cell.row, cell.col)
        if cell.rs > 1 or cell.cs > 1:
            top = top.merge(t.cell(cell.row + cell.rs - 1, cell.col + cell.cs - 1))
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


def build(report, path, variant=None, spacers=0):
    document = docx.Document()
    _set_defaults(document)
    _page(document.sections[0])
    cp = document.core_properties
    cp.author = cp.last_modified_by = "gongkai make-samples"
    cp.title = report.expected["agency"]
    cp.comments = f"generated from seed {report.seed}"
    cp.created = cp.modified = FIXED_TIME
    cp.revision = 1

    landscape = False
    for block in report.blocks:
        is_h3 = block.kind == "heading" and "收到和处理政府信息公开申请情况" in block.text
        if is_h3:
            for _ in range(spacers):
                _spacer(document)
            if variant == "landscape":
                _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                landscape = True
        if block.kind == "table":
            _table(document, block.table, ruled=(variant != "unruled"),
                   row_split=(variant == "split"),
                   content_width=(A4_H - 2 * MARGIN_LR - 100) if landscape else None)
            if variant == "landscape" and block.table.name == "s4":
                _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
                landscape = False
        else:
            _paragraph(document, block)

    buf = io.BytesIO()
    document.save(buf)
    _write_deterministic_zip(buf.getvalue(), path)


def _write_deterministic_zip(data, path):
    """python-docx stamps zip members with the current time; rewrite them with a fixed one."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            out.writestr(zi, src.read(info.filename))
