"""Seed parsing and the national template's table geometry.

A seed (/work/shared/seeds/*.txt) is the plain text of one real report. This module turns it
into a Report: an ordered list of blocks (title lines, headings, body paragraphs, signature
lines and the three tables). The tables are laid onto the template geometry (which cell starts
where, how far it spans); the cell texts come from the seed, character for character.

Two seed formats occur:

  A  (seeds 000, 003, 004; text exported from a DOCX): one "\t"-prefixed line per cell, a blank
     line between rows, an empty "\t" line for a vertically merged continuation cell, and lines
     without a tab continuing the previous cell (a line break inside the cell).
  B  (seeds 001, 002; text extracted from a PDF): one line per row, cells separated by tabs,
     with noisy extra/missing tabs around merged cells and blank cells.

Format A maps onto the geometry one slot per cell. Format B is mapped by content: label cells
(containing CJK) go to the row's label slots in order, the remaining tokens are the values
(see _b_values for how the noisy tab runs are normalised).

Every table is checked after building: the values read back from the cells must equal the
seed's expected record (/work/shared/expected/*.json), so a mis-parse cannot go unnoticed.
"""

import json
import re
from dataclasses import dataclass, field

SHARED = "/work/shared"

# ----------------------------------------------------------------------------------------------
# Data model


@dataclass
class Cell:
    row: int
    col: int
    rs: int
    cs: int
    paras: list            # paragraphs, exactly as written into the DOCX cell
    kind: str              # "L" label/header, "V" value
    key: str = None        # record field key for value cells

    @property
    def text(self):
        return "\n".join(self.paras)


@dataclass
class Table:
    name: str              # "s2", "s3", "s4"
    rows: int
    cols: int
    widths: list           # grid column widths, twips
    cells: list = field(default_factory=list)

    def to_json(self):
        cells = sorted(self.cells, key=lambda c: (c.row, c.col))
        return {"rows": self.rows, "cols": self.cols,
                "cells": [{"row": c.row, "col": c.col, "rowSpan": c.rs, "colSpan": c.cs,
                           "text": c.text} for c in cells]}


@dataclass
class Block:
    kind: str              # title, subtitle, heading, subheading, para, sign, table
    text: str = ""
    table: Table = None
    bookmark: str = None   # name of an empty bookmark at the start of the paragraph


@dataclass
class Report:
    seed: str
    template: str
    expected: dict
    blocks: list

    def tables(self):
        return [b.table for b in self.blocks if b.kind == "table"]


# ----------------------------------------------------------------------------------------------
# Template geometry. A row is a list of slots:
#   ("L", col, rowSpan, colSpan)        label / header cell that starts here
#   ("V", col, 1, colSpan, key)         value cell
#   ("C", col)                          vertically merged continuation (no visible cell)

S3_COLS = ["natural_person", "business", "research", "public_interest", "legal_services",
           "other_org", "total"]
S4_KEYS = [f"s4.{g}.{k}" for g in ("review", "litigation_direct", "litigation_after_review")
           for k in ("upheld", "corrected", "other", "pending", "total")]

# Column widths in twips (1/20 pt). Content width of A4 with 2.5 cm side margins is 9071.
# S3 column 2 (the 1./2./... sub-labels) leaves room for "5." and eight CJK characters at 9 pt
# (cell margins are 2 x 57 twips, docxwriter.CELL_MARGIN), so "5.属于三类内部事务信息" wraps
# exactly as "5.属于三类内部事务" / "信息" (the -split sample relies on this; make-samples
# checks it in the PDF).
S2_WIDTHS = [2400, 2200, 2200, 2200]
S3_WIDTHS = [900, 1000, 1870] + [750] * 7
S4_WIDTHS = [600] * 15


def L(col, rs=1, cs=1):
    return ("L", col, rs, cs)


def V(col, key, cs=1):
    return ("V", col, 1, cs, key)


def C(col):
    return ("C", col)


def s2_geometry(template):
    span4 = [L(0, cs=4)]
    if template == "2021":
        return [
            span4,
            [L(0), L(1), L(2), L(3)],
            [L(0)] + [V(i + 1, f"s2.rules.{k}") for i, k in enumerate(("issued", "repealed", "in_force"))],
            [L(0)] + [V(i + 1, f"s2.normative_docs.{k}") for i, k in enumerate(("issued", "repealed", "in_force"))],
            span4,
            [L(0), L(1, cs=3)],
            [L(0), V(1, "s2.licensing.decisions", cs=3)],
            span4,
            [L(0), L(1, cs=3)],
            [L(0), V(1, "s2.penalty.decisions", cs=3)],
            [L(0), V(1, "s2.enforcement.decisions", cs=3)],
            span4,
            [L(0), L(1, cs=3)],
            [L(0), V(1, "s2.fees.amount_10k_yuan", cs=3)],
        ]
    three = ("items_last_year", "items_change", "decisions")
    return [
        span4,
        [L(0), L(1), L(2), L(3)],
        [L(0)] + [V(i + 1, f"s2.rules.{k}") for i, k in enumerate(("made", "published", "total_published"))],
        [L(0)] + [V(i + 1, f"s2.normative_docs.{k}") for i, k in enumerate(("made", "published", "total_published"))],
        span4,
        [L(0), L(1), L(2), L(3)],
        [L(0)] + [V(i + 1, f"s2.licensing.{k}") for i, k in enumerate(three)],
        [L(0)] + [V(i + 1, f"s2.other_services.{k}") for i, k in enumerate(three)],
        span4,
        [L(0), L(1), L(2), L(3)],
        [L(0)] + [V(i + 1, f"s2.penalty.{k}") for i, k in enumerate(three)],
        [L(0)] + [V(i + 1, f"s2.enforcement.{k}") for i, k in enumerate(three)],
        span4,
        [L(0), L(1), L(2, cs=2)],
        [L(0), V(1, "s2.fees.items_last_year"), V(2, "s2.fees.items_change", cs=2)],
        span4,
        [L(0), L(1), L(2, cs=2)],
        [L(0), V(1, "s2.procurement.items"), V(2, "s2.procurement.amount_10k_yuan", cs=2)],
    ]


def _s3_values(prefix):
    return [V(3 + i, f"s3.{prefix}.{k}") for i, k in enumerate(S3_COLS)]


def s3_geometry(template):
    outcome_rows = 22 if template == "2021" else 20
    rows = [
        [L(0, rs=3, cs=3), L(3, cs=7)],
        [C(0), L(3, rs=2), L(4, cs=5), L(9, rs=2)],
        [C(0), C(3), L(4), L(5), L(6), L(7), L(8), C(9)],
        [L(0, cs=3)] + _s3_values("new"),
        [L(0, cs=3)] + _s3_values("carried_over"),
        [L(0, rs=outcome_rows), L(1, cs=2)] + _s3_values("granted"),
        [C(0), L(1, cs=2)] + _s3_values("partial"),
    ]

    def group(keys, prefix):
        out = []
        for i, k in enumerate(keys):
            head = [C(0), L(1, rs=len(keys))] if i == 0 else [C(0), C(1)]
            out.append(head + [L(2)] + _s3_values(f"{prefix}.{k}"))
        return out

    rows += group(("state_secret", "law_prohibited", "three_safeties", "third_party",
                   "internal_affairs", "process_info", "enforcement_file", "query_matter"),
                  "withheld")
    rows += group(("not_held", "needs_creation", "unclear"), "unavailable")
    rows += group(("complaint", "duplicate", "publication", "excessive", "reconfirm"),
                  "not_processed")
    if template == "2021":
        rows += group(("overdue_correction", "unpaid_fee", "other"), "other")
    else:
        rows.append([C(0), L(1, cs=2)] + _s3_values("other"))
    rows.append([C(0), L(1, cs=2)] + _s3_values("total"))
    rows.append([L(0, cs=3)] + _s3_values("carried_forward"))
    assert len(rows) == (28 if template == "2021" else 26)
    return rows


def s4_geometry():
    return [
        [L(0, cs=5), L(5, cs=10)],
        [L(i, rs=2) for i in range(5)] + [L(5, cs=5), L(10, cs=5)],
        [C(i) for i in range(5)] + [L(i) for i in range(5, 15)],
        [V(i, k) for i, k in enumerate(S4_KEYS)],
    ]


# ----------------------------------------------------------------------------------------------
# Table parsing


CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09]")


def has_cjk(s):
    return bool(CJK.search(s))


def rows_format_a(lines):
    """Format A: '\t'-prefixed cell lines, blank line between rows, untabbed continuations."""
    rows, cur = [], []
    for line in lines:
        if line == "":
            if cur:
                rows.append(cur)
                cur = []
        elif line.startswith("\t"):
            cur.append([line[1:]])
        else:
            if not cur:
                raise ValueError(f"continuation line without a cell: {line!r}")
            cur[-1].append(line)          # a line break inside the cell -> new paragraph
    if cur:
        rows.append(cur)
    # a cell that is only "" (one empty paragraph) is an empty cell
    return [[c if c != [""] else [] for c in row] for row in rows]


def rows_format_b(lines):
    return [line.split("\t") for line in lines if line.strip() != ""]


def _place(table, slot, r, paras):
    if slot[0] == "L":
        _, c, rs, cs = slot
        table.cells.append(Cell(r, c, rs, cs, list(paras), "L"))
    elif slot[0] == "V":
        _, c, rs, cs, key = slot
        table.cells.append(Cell(r, c, rs, cs, list(paras), "V", key))


def fill_format_a(table, geometry, rows):
    if len(rows) != len(geometry):
        raise ValueError(f"{table.name}: seed has {len(rows)} rows, template {len(geometry)}")
    for r, (slots, cells) in enumerate(zip(geometry, rows)):
        if len(slots) != len(cells):
            raise ValueError(f"{table.name} row {r}: {len(cells)} cells for {len(slots)} slots: {cells}")
        for slot, paras in zip(slots, cells):
            if slot[0] == "C":
                if paras:
                    raise ValueError(f"{table.name} row {r}: text in a merged continuation: {paras}")
                continue
            _place(table, slot, r, paras)


def _paras(token):
    return [token] if token != "" else []


def _b_values(tokens, n):
    """Normalise the value tokens of a format-B row to n cells.

    PDF extraction adds or drops tabs around blank and merged cells: strip empty tokens at
    both ends; an all-blank row is n blank cells; if exactly n remain they are the cells; if
    more remain and everything between the first and the last is blank (Suqian: '23', six
    blanks, '23' for seven columns), the first is 自然人, the last 总计 and the rest blank.
    """
    toks = list(tokens)
    while toks and toks[0] == "":
        toks.pop(0)
    while toks and toks[-1] == "":
        toks.pop()
    if not toks:
        return [""] * n
    if len(toks) == n:
        return toks
    if len(toks) > n and all(t == "" for t in toks[1:-1]):
        return [toks[0]] + [""] * (n - 2) + [toks[-1]]
    raise ValueError(f"cannot normalise values {tokens!r} to {n} cells")


def fill_format_b(table, geometry, rows, header_rows=0, std_header=None):
    if len(rows) != len(geometry):
        raise ValueError(f"{table.name}: seed has {len(rows)} rows, template {len(geometry)}: {rows}")
    for r, (slots, tokens) in enumerate(zip(geometry, rows)):
        lslots = [s for s in slots if s[0] == "L"]
        vslots = [s for s in slots if s[0] == "V"]
        if r < header_rows and std_header is not None:
            continue                         # placed below by content
        if not vslots:                       # label-only row: non-empty tokens in order
            labels = [t for t in tokens if t != ""]
            if len(labels) != len(lslots):
                raise ValueError(f"{table.name} row {r}: labels {labels} for {len(lslots)} slots")
            for s, t in zip(lslots, labels):
                _place(table, s, r, _paras(t))
            continue
        if table.name == "s2":
            # section 二 rows: labels and values are all present; only trailing tabs are noise
            toks = list(tokens)
            while toks and toks[-1] == "":
                toks.pop()
            if len(toks) != len(lslots) + len(vslots):
                raise ValueError(f"s2 row {r}: {toks} for {len(slots)} slots")
            for s, t in zip([s for s in slots if s[0] != "C"], toks):
                _place(table, s, r, _paras(t))
            continue
        labels = [t for t in tokens if has_cjk(t)]
        rest = [t for t in tokens if not has_cjk(t)]
        if len(labels) != len(lslots):
            raise ValueError(f"{table.name} row {r}: labels {labels} for {len(lslots)} label slots")
        for s, t in zip(lslots, labels):
            _place(table, s, r, _paras(t))
        for s, t in zip(vslots, _b_values(rest, len(vslots))):
            _place(table, s, r, _paras(t))
    if std_header is not None:
        # Section 三's three header rows come out of the PDF text garbled (总计 lands in the
        # first row, merged cells lose their tabs). Their labels are the standard ones; the
        # 勾稽关系 note is taken from the seed as printed. Place each label by its text.
        tokens = [t for row in rows[:header_rows] for t in row if t != ""]
        note = [t for t in tokens if "勾稽" in t]
        if len(note) != 1:
            raise ValueError(f"s3 header: no single 勾稽关系 note in {tokens}")
        rest = [t for t in tokens if "勾稽" not in t]
        if sorted(rest) != sorted(std_header):
            raise ValueError(f"s3 header labels {rest} are not the standard {std_header}")
        texts = [note[0]] + std_header
        lslots = [(r, s) for r in range(header_rows) for s in geometry[r] if s[0] == "L"]
        for (r, s), t in zip(lslots, texts):
            _place(table, s, r, _paras(t))


# Standard s3 header labels in slot order (after the note): row 0, row 1, row 2.
S3_HEADER = ["申请人情况", "自然人", "法人或其他组织", "总计",
             "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def build_table(name, template, fmt, lines):
    if name == "s2":
        geom, widths = s2_geometry(template), S2_WIDTHS
    elif name == "s3":
        geom, widths = s3_geometry(template), S3_WIDTHS
    else:
        geom, widths = s4_geometry(), S4_WIDTHS
    t = Table(name, len(geom), len(widths), list(widths))
    if fmt == "A":
        fill_format_a(t, geom, rows_format_a(lines))
    else:
        fill_format_b(t, geom, rows_format_b(lines),
                      header_rows=3 if name == "s3" else 0,
                      std_header=S3_HEADER if name == "s3" else None)
    check_coverage(t)
    return t


def check_coverage(t):
    """Every grid position is covered by exactly one visible cell."""
    grid = [[None] * t.cols for _ in range(t.rows)]
    for c in t.cells:
        for r in range(c.row, c.row + c.rs):
            for k in range(c.col, c.col + c.cs):
                if grid[r][k] is not None:
                    raise ValueError(f"{t.name}: overlap at {r},{k}")
                grid[r][k] = c
    for r in range(t.rows):
        for k in range(t.cols):
            if grid[r][k] is None:
                raise ValueError(f"{t.name}: hole at {r},{k}")


# ----------------------------------------------------------------------------------------------
# Values: read a cell the way the record format defines it, to check against expected/*.json


def cell_value(text, key):
    t = text.strip()              # str.strip() also removes U+3000 and U+00A0
    if t == "":
        return 0                  # the template's blank cell means 0
    mult = 1
    if key.endswith("amount_10k_yuan"):
        t = re.sub(r"\s*万元$", "", t)       # the column's own unit
    elif t.endswith("万"):
        t, mult = t[:-1].strip(), 10000
    v = float(t) * mult
    return int(v) if v == int(v) and not key.endswith("amount_10k_yuan") else v


def check_against_expected(report):
    got = {}
    for t in report.tables():
        for c in t.cells:
            if c.kind == "V":
                got[c.key] = cell_value(c.text, c.key)
    exp = report.expected["fields"]
    if set(got) != set(exp):
        raise ValueError(f"{report.seed}: keys differ: missing {set(exp) - set(got)}, "
                         f"extra {set(got) - set(exp)}")
    bad = {k: (got[k], exp[k]) for k in exp if got[k] != exp[k]}
    if bad:
        raise ValueError(f"{report.seed}: values differ from expected: {bad}")


# ----------------------------------------------------------------------------------------------
# Prose


SECTION_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+、\s*)\S")
SUBHEADING = re.compile(r"^\s*（[一二三四五六七八九十]+）[^。，,；;]{0,24}$")


def is_heading(line, extra):
    s = line.strip()
    if s in extra:
        return True
    return bool(SECTION_HEADING.match(line)) and len(s) <= 40 and "。" not in s


# Per-seed configuration. title: number of leading non-empty lines forming the title block
# (subtitle: those of them that are printed as a dated subtitle, not bold); sign: number of
# trailing non-empty lines that are the signature block; fixes: see parse_seed.
SEEDS = {
    "000_4dd466fe1f371dca": dict(fmt="A", title=2),
    "001_6a961448c00c794f": dict(fmt="B", title=1),
    "002_f8f28e4c849350e4": dict(fmt="B", title=2, subtitle={1}, join=[
        # The PDF's page break cut the 监督保障 paragraph after "举办培训"; the text continues
        # "班 2 次，培训人员 78 人次。" after a blank line. It is one paragraph: join them.
        ("其中，专职人员1名，兼职人员6名，政府信息公开机构召开工作会议或专题会议1次，举办培训",
         "班 2 次，培训人员 78 人次。")]),
    "003_caa91ff46da6047d": dict(fmt="A", title=3, bookmark=[
        # "[bookmark: _GoBack]" is the text converter's rendering of Word's hidden _GoBack
        # bookmark, not printed text: drop it and put a real (empty) bookmark there instead.
        "[bookmark: _GoBack]"]),
    "004_2ca35232cdb27850": dict(fmt="A", title=2, sign=2,
                                 extra_headings={"主动公开政府信息情况"}),
}


def parse_seed(seed):
    cfg = SEEDS[seed]
    text = open(f"{SHARED}/seeds/{seed}.txt", encoding="utf-8").read()
    expected = json.load(open(f"{SHARED}/expected/{seed}.json", encoding="utf-8"))
    lines = text.split("\n")
    extra = cfg.get("extra_headings", set())

    # hand fixes on the prose (see SEEDS)
    for first, second in cfg.get("join", []):
        i = [k for k, l in enumerate(lines) if l.endswith(first)]
        j = [k for k, l in enumerate(lines) if l == second]
        assert len(i) == 1 and len(j) == 1, ("join", first, second)
        i, j = i[0], j[0]
        assert j > i and all(l.strip() == "" for l in lines[i + 1:j]), "join: not adjacent"
        lines[i] = lines[i] + second
        del lines[i + 1:j + 1]

    # locate section headings and the three tables (the only content between 二 and 三,
    # between 三 and 四, and between 四 and 五)
    heads = [i for i, l in enumerate(lines) if is_heading(l, extra)]

    def head_with(s):
        hits = [i for i in heads if s in lines[i]]
        assert len(hits) == 1, (seed, s, hits)
        return hits[0]

    h2 = head_with("主动公开政府信息情况")
    h3 = head_with("收到和处理政府信息公开申请情况")
    h4 = head_with("行政复议、行政诉讼情况")
    h5 = min(i for i in heads if i > h4)
    regions = {h2: ("s2", h3), h3: ("s3", h4), h4: ("s4", h5)}

    blocks = []
    nonempty = [i for i, l in enumerate(lines) if l.strip() != ""]
    title_idx = nonempty[:cfg["title"]]
    sign_idx = set(nonempty[-cfg["sign"]:]) if cfg.get("sign") else set()
    for k, i in enumerate(title_idx):
        blocks.append(Block("subtitle" if k in cfg.get("subtitle", set()) else "title", lines[i]))
    i = title_idx[-1] + 1
    while i < len(lines):
        line = lines[i]
        if i in regions:
            name, end = regions[i]
            blocks.append(Block("heading", line))
            blocks.append(Block("table", table=build_table(
                name, expected["template"], cfg["fmt"], lines[i + 1:end])))
            i = end
            continue
        if line.strip() == "":
            i += 1
            continue
        if i in heads:
            blocks.append(Block("heading", line))
        elif i in sign_idx:
            blocks.append(Block("sign", line))
        elif SUBHEADING.match(line):
            blocks.append(Block("subheading", line))
        else:
            b = Block("para", line)
            for marker in cfg.get("bookmark", []):
                if line.startswith(marker):
                    b.text = line[len(marker):]
                    b.bookmark = "_GoBack"
            blocks.append(b)
        i += 1

    rep = Report(seed, expected["template"], expected, blocks)
    assert len(rep.tables()) == 3
    check_against_expected(rep)
    return rep
