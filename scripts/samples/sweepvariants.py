"""The sweep's variants (scripts/sweep): which PDFs to make, where their page breaks fall, and
how to tell from a PDF where they did fall.

A variant is one report (a seed), one producer (LibreOffice from the DOCX, Chromium from the
HTML rendering), one Layout (layout.py), one treatment of zeros, and up to two page-break
targets: a row of section 三's table and a row of section 四's table that should open a page.

Breaks are placed with page-starting spacers (Layout.spacer3 / spacer4): a spacer that starts a
new page and is H pt tall puts heading 三 (四) H pt below the top of the text area, so its table
breaks wherever the page's bottom falls. H is found from a probe: the same layout with H = 1 pt,
whose text positions (pdftotext -tsv) give the height of every row's first line; the page bottom
is set at the middle of the target row's first line (break before the row) or second line
(break inside it, where rows may split). The breaks that happen are then read back from each
PDF's text (events()), and a missed target is retried a few points off.
"""

import copy
import re
import subprocess
from dataclasses import dataclass, field

import docxwriter
import seeds
from layout import Layout

SEEDS = {          # short name -> seed (the committed samples' names)
    "suzhou": "000_4dd466fe1f371dca",
    "zhoukou": "001_6a961448c00c794f",
    "suqian": "002_f8f28e4c849350e4",      # the 2019 template
    "gongshu": "003_caa91ff46da6047d",
    "zaozhuang": "004_2ca35232cdb27850",
}
PROBE_H = 1.0      # the probe's spacer height, pt


def squash(s):
    return re.sub(r"\s+", "", s)


# ----------------------------------------------------------------------------------------------
# Report data: zeros as blanks or dashes


ZEROS = {"keep": None, "blank": "", "dash": "-", "emdash": "—"}


def with_zeros(report, mode):
    """A copy of the report whose count cells that print a zero print ZEROS[mode] instead
    (money cells keep their 0). The record's values do not change: blank and dashes read 0."""
    if ZEROS[mode] is None:
        return report
    rep = copy.deepcopy(report)
    for t in rep.tables():
        for c in t.cells:
            if c.kind != "V" or c.key.endswith("amount_10k_yuan") or not c.text.strip():
                continue
            if seeds.cell_value(c.text, c.key) == 0:
                c.paras = [ZEROS[mode]] if ZEROS[mode] else []
    return rep


# ----------------------------------------------------------------------------------------------
# Variants


@dataclass
class Variant:
    name: str
    family: str            # producer and dimension, one line of the sweep's table
    producer: str          # "lo" or "chromium"
    seed: str              # short name (SEEDS)
    layout: Layout
    zeros: str = "keep"
    target3: tuple = None  # ("before", row) / ("inside", row) in section 三's table
    target4: tuple = None  # ("before", row) in section 四's table
    # filled in by the sweep
    h3: float = None
    h4: float = None
    events: list = field(default_factory=list)
    note: str = ""

    @property
    def geometry_key(self):
        """Variants with the same key share a probe: same producer, seed and everything that
        moves rows (borders, page size and margins)."""
        lay = self.layout
        return (self.producer, self.seed, str(lay.border), lay.border_mode, lay.landscape,
                lay.margins_cm)


def _targets(n3):
    """Section 三's rows 1..n3-1 as break targets, paired with section 四's rows 1..3."""
    return [(("before", r), ("before", 1 + (r - 1) % 3)) for r in range(1, n3)]


# The break-position sweep's base layouts: (dimension, row_split, header_repeat, seeds).
# Rows whole without a repeated header on every seed; the others on a few seeds each, the
# 2019 template (suqian) among them where rows split or headers repeat.
BREAK_CONFIGS = [
    ("break rows-whole", False, False, ("suzhou", "zhoukou", "suqian", "gongshu", "zaozhuang")),
    ("break rows-whole+header", False, True, ("suqian", "gongshu")),
    ("break rows-split", True, False, ("zhoukou", "suqian", "zaozhuang")),
    ("break rows-split+header", True, True, ("suzhou",)),
]
# One dimension at a time: these seeds, three break positions each.
DIMENSION_SEEDS = ("suzhou", "suqian", "gongshu")


def variants(reports):
    """Every variant of the sweep. reports: short seed name -> Report."""
    out = []
    for producer in ("lo", "chromium"):
        for seed, rep in reports.items():
            n3 = rep.tables()[1].rows
            # the break-position sweep: every row of 三 (and 四) under the base layouts;
            # where rows may split, also inside every row whose label may wrap (the sweep
            # drops those the probe shows on one line)
            for dim, split, header, on in BREAK_CONFIGS:
                if seed not in on:
                    continue
                lay = Layout(row_split=split, header_repeat=header)
                tag = dim.split()[1].replace("rows-", "")
                for t3, t4 in _targets(n3):
                    if header:
                        # a repeated header goes with at least one row below it: no break
                        # inside or right under it (three rows), and none in 四 (one row
                        # under its three header rows)
                        if t3[1] <= 3:
                            continue
                        t4 = None
                    name = f"{producer}-{seed}-{tag}-s3b{t3[1]:02d}" + (f"-s4b{t4[1]}" if t4 else "")
                    out.append(Variant(name, f"{producer} {dim}", producer, seed, lay,
                                       target3=t3, target4=t4))
                if split and not header:
                    for k, r in enumerate(multiline_rows(rep)):
                        t4 = ("before", 1 + k % 3)
                        out.append(Variant(f"{producer}-{seed}-{tag}-s3i{r:02d}-s4b{t4[1]}",
                                           f"{producer} {dim}", producer, seed, lay,
                                           target3=("inside", r), target4=t4))
            if seed not in DIMENSION_SEEDS:
                continue
            # one dimension at a time, from rows whole without header, three break positions:
            # inside 三's header / before 四's values; in the withheld group / inside 四's
            # header; before 三's last row / before 四's header's second row
            positions = [(("before", 2), ("before", 3)), (("before", 10), ("before", 2)),
                         (("before", n3 - 1), ("before", 1))]
            base = Layout()
            dims = []
            if producer == "lo":
                dims += [(f"border {w}pt stroke", base.but(border=w), "keep", f"w{w}")
                         for w in (0.05, 0.25, 0.5, 1.5)]
                dims += [(f"border {w}pt filled", base.but(border=w, border_mode="fill"),
                          "keep", f"fill{w}") for w in (0.05, 0.25, 0.5, 1.5)]
                dims += [("redrawn by cairo", base.but(redraw="cairo"), "keep", "cairo")]
            else:
                dims += [(f"border {w}pt css-fill", base.but(border=w), "keep", f"css{w}")
                         for w in (0.05, 0.25, 0.5, 1.5)]
                # not thinner: Chromium leaves edges of 0.1 and 0.25 pt backgrounds out of the
                # PDF altogether (the thin filled rectangles come from LibreOffice's "filled")
                dims += [(f"border {w}pt painted-fill", base.but(border=w, border_mode="paint"),
                          "keep", f"paint{w}") for w in (0.5, 1.5)]
            dims += [
                ("no borders", base.but(border="none"), "keep", "noborder"),
                ("zeros blank", base, "blank", "zblank"),
                ("zeros -", base, "dash", "zdash"),
                ("zeros —", base, "emdash", "zemdash"),
                ("landscape", base.but(landscape=True), "keep", "landscape"),
                ("margins 1cm", base.but(margins_cm=1.0), "keep", "margin1"),
            ]
            for dim, lay, zeros, tag in dims:
                for t3, t4 in positions:
                    out.append(Variant(f"{producer}-{seed}-{tag}-s3b{t3[1]:02d}-s4b{t4[1]}",
                                       f"{producer} {dim}", producer, seed, lay, zeros,
                                       target3=t3, target4=t4))
            # heading kept apart: the table itself opens the page, its heading left behind
            out.append(Variant(f"{producer}-{seed}-apart-s3b00-s4b0",
                               f"{producer} heading apart", producer, seed,
                               base.but(heading_keep=False), target3=("before", 0),
                               target4=("before", 0)))
    return out


def multiline_rows(report):
    """Rows of section 三 below the header whose label cell has more than one paragraph or
    is long enough to wrap (candidates for a break inside the row); checked per PDF anyway."""
    t = report.tables()[1]
    rows = []
    for r in range(3, t.rows):
        lab = label_cell(t, r)
        if lab is not None and (len(lab.paras) > 1 or len(squash(lab.text)) > 9):
            rows.append(r)
    return rows


# ----------------------------------------------------------------------------------------------
# Text positions (pdftotext -tsv): the page's words in reading order, one stream of characters


@dataclass
class Stream:
    text: str
    meta: list             # per character: (page, top, bottom), pages 1-based
    pages: dict            # page -> (width, height)

    def page_end(self, page):
        """Index just past the last character of page."""
        i = len(self.text)
        while i > 0 and self.meta[i - 1][0] > page:
            i -= 1
        return i


def stream(pdf):
    out = subprocess.run(["pdftotext", "-tsv", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages, words = {}, []
    for line in out.split("\n")[1:]:
        f = line.split("\t")
        if len(f) < 12:
            continue
        if f[0] == "1":
            pages[int(f[1])] = (float(f[8]), float(f[9]))
        elif f[0] == "5":
            words.append((int(f[1]), float(f[7]), float(f[9]), float(f[6]), f[11]))
    text, meta = [], []
    for page in sorted(pages):
        ws = sorted((w for w in words if w[0] == page), key=lambda w: w[1])
        lines = []
        for w in ws:                        # a visual line: tops within 2 pt of its first word
            if lines and w[1] - lines[-1][0][1] <= 2.0:
                lines[-1].append(w)
            else:
                lines.append([w])
        for ln in lines:
            for w in sorted(ln, key=lambda w: w[3]):
                for ch in squash(w[4]):
                    text.append(ch)
                    meta.append((page, w[1], w[1] + w[2]))
    return Stream("".join(text), meta, pages)


# ----------------------------------------------------------------------------------------------
# Where each table row is


def label_cell(table, r):
    """The row's own label: its rightmost label cell that spans one row."""
    cells = [c for c in table.cells if c.row == r and c.kind == "L" and c.rs == 1]
    return max(cells, key=lambda c: c.col) if cells else None


def row_markers(report):
    """Per table ("s3", "s4"): one marker per row, searched in order after the heading:
    a string, or a regex (compiled) for section 四's value row."""
    s3, s4 = report.tables()[1], report.tables()[2]
    m3 = []
    for r in range(s3.rows):
        if r == 0:
            m3.append("申请人情况")
        elif r == 1:
            m3.append("法人或其他组织")
        elif r == 2:
            c = [c for c in s3.cells if c.row == 2 and c.col == 4][0]
            m3.append(squash(c.paras[0])[:2])
        else:
            m3.append(squash(label_cell(s3, r).text)[:5])
    m4 = ["行政复议", "未经复议", "尚未", re.compile(r"[0-9\-—]")]
    assert len(m4) == s4.rows
    return {"s3": m3, "s4": m4}


def headings(report):
    hs = [squash(b.text) for b in report.blocks if b.kind == "heading"]
    h3 = [h for h in hs if docxwriter.is_heading3(h)][0]
    h4 = [h for h in hs if docxwriter.is_heading4(h)][0]
    after4 = hs[hs.index(h4) + 1] if hs.index(h4) + 1 < len(hs) else None
    return h3, h4, after4


def locate(st, report):
    """{"s3": [...], "s4": [...]} of per-row stream indexes (None: not found), and the heading
    indexes. Each marker is searched after the previous row's."""
    h3, h4, after4 = headings(report)
    marks = row_markers(report)
    out = {}
    i3 = st.text.find(h3)
    i4 = st.text.find(h4, max(i3, 0))
    i5 = st.text.find(after4, max(i4, 0)) if after4 else -1
    if i5 < 0:
        i5 = len(st.text)
    out["h3"], out["h4"] = (i3 if i3 >= 0 else None), (i4 if i4 >= 0 else None)
    for name, start, end in (("s3", i3 + len(h3), i4), ("s4", i4 + len(h4), i5)):
        pos, rows = start, []
        for m in marks[name]:
            if isinstance(m, str):
                k = st.text.find(m, pos, end)
            else:
                mm = m.search(st.text, pos, end)
                k = mm.start() if mm else -1
            if k < 0:
                rows.append(None)
                continue
            rows.append(k)
            pos = k + 1
        out[name] = rows
    return out


def _is_subsequence(needle, hay):
    it = iter(hay)
    return all(ch in it for ch in needle)


def events(pdf, report, st=None):
    """The page breaks in tables 三 and 四: "s3:before:R" (row R opens a page), "s3:inside:R"
    (row R's label goes on over the page), "s3:before:0" also when the heading stays behind;
    "s3:missing:R" when a row's marker is not in the text."""
    st = st or stream(pdf)
    loc = locate(st, report)
    s3 = report.tables()[1]
    ev = []
    for name in ("s3", "s4"):
        rows = loc[name]
        head = loc["h3" if name == "s3" else "h4"]
        prev_page = st.meta[head][0] if head is not None else None
        prev_r = None
        for r, k in enumerate(rows):
            if k is None:
                ev.append(f"{name}:missing:{r}")
                continue
            page = st.meta[k][0]
            if prev_page is not None and page > prev_page:
                split = False
                if name == "s3" and prev_r is not None and prev_r >= 3:
                    lab = squash(label_cell(s3, prev_r).text)
                    kp = rows[prev_r]
                    rest = st.text[kp:st.page_end(st.meta[kp][0])]
                    split = not _is_subsequence(lab, rest)
                ev.append(f"{name}:inside:{prev_r}" if split else f"{name}:before:{r}")
            prev_page, prev_r = page, r
    return ev


def geometry(pdf, report, layout):
    """From a probe: per table, per row, (page, centre of the first line, centre of the second
    line or None), and the heading's page; plus the bottom of the text area of each page."""
    st = stream(pdf)
    loc = locate(st, report)
    s3 = report.tables()[1]
    geo = {}
    for name in ("s3", "s4"):
        rows = []
        for r, k in enumerate(loc[name]):
            if k is None:
                rows.append(None)
                continue
            page, top, bot = st.meta[k]
            second = None
            if name == "s3" and r >= 3:
                lab = squash(label_cell(s3, r).text)
                j = k
                for ch in lab:                 # follow the label through the stream
                    j = st.text.find(ch, j)
                    if j < 0 or st.meta[j][0] != page:
                        break
                    if st.meta[j][1] > top + 3:
                        second = (st.meta[j][1] + st.meta[j][2]) / 2
                        break
                    j += 1
            rows.append((page, (top + bot) / 2, second))
        head = loc["h3" if name == "s3" else "h4"]
        geo[name] = {"rows": rows, "head_page": st.meta[head][0] if head is not None else None}
    margin_bottom = docxwriter.margins(layout)[0] / 20
    geo["limit"] = {p: h - margin_bottom for p, (w, h) in st.pages.items()}
    return geo


def spacer_for(geo, table, target):
    """The spacer height (pt) that puts the page's bottom at the middle of the target row's
    first line ("before") or second line ("inside"); None when the probe cannot reach it (the
    row is not on the heading's page)."""
    if target is None:
        return None
    g = geo[table]
    kind, r = target
    row = g["rows"][r] if r < len(g["rows"]) else None
    if row is None or row[0] != g["head_page"]:
        return None
    page, first, second = row
    y = first if kind == "before" else second
    if y is None:
        return None
    return round(PROBE_H + geo["limit"][page] - y, 2)
