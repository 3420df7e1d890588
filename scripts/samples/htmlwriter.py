"""Write a Report (see seeds.py) as an HTML page laid out like docxwriter's DOCX, for Chromium to
print to PDF (scripts/sweep).

The same blocks in the same order; the three tables as real <table>s with rowspan/colspan, the
DOCX's grid widths (<colgroup>, table-layout: fixed), 9 pt cells top-aligned with the DOCX's
cell margins, section 三's row labels left-aligned. Layout options (layout.py) map to CSS:

  border       "grid" = 0.5 pt; "none"; a width in pt (see border_mode)
  border_mode  "css": border-collapse borders (Skia fills one rectangle per edge; Chromium
               snaps widths under 1 CSS px up to 1 px = 0.75 pt); "paint": every cell paints
               its top and left edge, the table its right and bottom edge, as solid
               backgrounds (filled rectangles at the asked width, to 1/8 px)
  header_repeat  header rows in <thead> (Chromium repeats it on every page); else all in <tbody>
  row_split    cells may break over pages; else td:not([rowspan]) { break-inside: avoid }
               (cells never split: orphans/widows 1, as the DOCX turns widow control off)
  landscape, margins_cm, spacer3/spacer4 (a div that starts a page, that tall), heading_keep
               (break-after: avoid on headings)
"""

import html

import docxwriter as dw
from layout import DEFAULT, HEADER_ROWS

FONT_STACK = "SimSun, 'WenQuanYi Zen Hei', sans-serif"


def _pt(twips):
    return f"{twips / 20:.2f}pt"


def _esc(text):
    return html.escape(text, quote=True)


def _css(layout):
    tb, lr = dw.margins(layout)
    size = "A4 landscape" if layout.landscape else "A4"
    border = layout.border
    width = 0.5 if border == "grid" else border
    rules = [
        f"@page {{ size: {size}; margin: {_pt(tb)} {_pt(lr)}; }}",
        "html, body { margin: 0; padding: 0; }",
        f"body {{ font-family: {FONT_STACK}; font-size: {dw.BODY_PT}pt; line-height: 1.3; }}",
        "p { margin: 0; }",
        f".title {{ font-size: {dw.TITLE_PT}pt; font-weight: bold; text-align: center; }}",
        ".subtitle { text-align: center; }",
        f".heading {{ font-size: {dw.HEADING_PT}pt; font-weight: bold; margin-top: 6pt; }}",
        f".subheading {{ font-weight: bold; text-indent: {2 * dw.BODY_PT}pt; }}",
        f".para {{ text-indent: {2 * dw.BODY_PT}pt; text-align: justify; }}",
        ".sign { text-align: right; }",
        ".spacer { break-before: page; margin: 0; padding: 0; }",
        "table { border-collapse: collapse; table-layout: fixed; margin: 0; }",
        f"td {{ font-size: {dw.TABLE_PT}pt; line-height: 1.2; vertical-align: top; "
        f"text-align: center; padding: 0 {_pt(dw.CELL_MARGIN)}; white-space: pre-wrap; "
        "overflow-wrap: anywhere; orphans: 1; widows: 1; }",
        "td.left { text-align: left; }",
        "* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }",
    ]
    if not layout.row_split:
        # rows whole: every cell of one row unbreakable. Not `tr { break-inside: avoid }`:
        # Chromium then keeps a row with its row-spanning cells whole, so the 22 rows under
        # 三、本年度办理结果 would only ever move as one block.
        rules.append("td:not([rowspan]) { break-inside: avoid; }")
    if layout.heading_keep:
        rules.append(".heading, .subheading { break-after: avoid; }")
    if border == "none":
        pass
    elif layout.border_mode == "paint":
        w = f"{width}pt"
        solid = "linear-gradient(#000, #000)"
        rules.append(f"td {{ background: {solid} left top / 100% {w} no-repeat, "
                     f"{solid} left top / {w} 100% no-repeat; }}")
        rules.append(f"table {{ background: {solid} right top / {w} 100% no-repeat, "
                     f"{solid} left bottom / 100% {w} no-repeat; }}")
    else:
        rules.append(f"td {{ border: {width}pt solid #000; }}")
    return "\n".join(rules)


def _table(table, layout, content_width=None):
    widths = list(table.widths)
    if content_width:                          # landscape: spread the grid over the page
        widths = [w * content_width // sum(widths) for w in widths]
    out = [f'<table style="width: {_pt(sum(widths))}">', "<colgroup>"]
    out += [f'<col style="width: {_pt(w)}">' for w in widths]
    out.append("</colgroup>")
    by_row = {}
    for c in table.cells:
        by_row.setdefault(c.row, []).append(c)
    head = HEADER_ROWS.get(table.name, 0) if layout.header_repeat else 0
    for r in range(table.rows):
        if r == 0:
            out.append("<thead>" if head else "<tbody>")
        if head and r == head:
            out.append("</thead><tbody>")
        out.append("<tr>")
        for c in sorted(by_row.get(r, []), key=lambda c: c.col):
            attrs = ""
            if c.rs > 1:
                attrs += f' rowspan="{c.rs}"'
            if c.cs > 1:
                attrs += f' colspan="{c.cs}"'
            if table.name == "s3" and c.row >= 3 and c.col < 3:
                attrs += ' class="left"'
            text = "<br>".join(_esc(p) for p in c.paras)
            out.append(f"<td{attrs}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _block(block):
    text = _esc(block.text)
    if block.kind in ("title", "subtitle", "heading", "subheading", "sign"):
        return f'<p class="{block.kind}">{text}</p>'
    return f'<p class="para">{text}</p>'


def render(report, layout=None):
    layout = layout or DEFAULT
    _, lr = dw.margins(layout)
    content_width = (dw.A4_H - 2 * lr - 100) if layout.landscape else None
    body = []
    for block in report.blocks:
        if block.kind == "heading" and dw.is_heading3(block.text) and layout.spacer3 is not None:
            body.append(f'<div class="spacer" style="height: {layout.spacer3:.2f}pt"></div>')
        if block.kind == "heading" and dw.is_heading4(block.text) and layout.spacer4 is not None:
            body.append(f'<div class="spacer" style="height: {layout.spacer4:.2f}pt"></div>')
        if block.kind == "table":
            body.append(_table(block.table, layout, content_width))
        else:
            body.append(_block(block))
    title = _esc(report.expected["agency"])
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title>\n<style>\n{_css(layout)}\n</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def write(report, path, layout=None):
    with open(path, "w", encoding="utf-8") as f:
        f.write(render(report, layout))
