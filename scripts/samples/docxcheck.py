"""Independent read-back of a written DOCX: rebuild each table's merged-cell matrix from the
XML (w:gridSpan, w:vMerge) and collect layout facts, so make-samples can prove that the
tables.json ground truth describes the file that was actually written."""

import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(el, default=None):
    if el is None:
        return default
    return el.get(W + "val", default)


def _para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def read_tables(path):
    doc = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    body = doc.find(W + "body")
    tables = []
    for tbl in body.findall(W + "tbl"):
        cols = len(tbl.find(W + "tblGrid").findall(W + "gridCol"))
        rows = tbl.findall(W + "tr")
        cells = []
        open_at = {}                                   # grid col -> cell dict being vMerged
        for r, tr in enumerate(rows):
            c = 0
            for tc in tr.findall(W + "tc"):
                pr = tc.find(W + "tcPr")
                span = int(_val(pr.find(W + "gridSpan") if pr is not None else None, "1"))
                vm_el = pr.find(W + "vMerge") if pr is not None else None
                vm = None if vm_el is None else _val(vm_el, "continue")
                if vm == "continue":
                    top = open_at[c]
                    assert top["colSpan"] == span, "vMerge continuation with another span"
                    top["rowSpan"] += 1
                    assert _para_text(tc) == "", "text in a vMerge continuation cell"
                else:
                    text = "\n".join(_para_text(p) for p in tc.findall(W + "p"))
                    cell = {"row": r, "col": c, "rowSpan": 1, "colSpan": span, "text": text}
                    cells.append(cell)
                    if vm == "restart":
                        open_at[c] = cell
                    else:
                        open_at.pop(c, None)
                c += span
            assert c == cols, f"row {r} covers {c} of {cols} grid columns"
        cells.sort(key=lambda x: (x["row"], x["col"]))
        tables.append({"rows": len(rows), "cols": cols, "cells": cells})
    return tables


def layout_facts(path):
    """Facts the variants promise: borders, header-row repetition, row splitting, sections."""
    doc = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    facts = {
        "tblStyles": [_val(t.find(W + "tblPr").find(W + "tblStyle")) for t in doc.iter(W + "tbl")],
        "tblBorders": sum(1 for _ in doc.iter(W + "tblBorders")),
        "tcBorders": sum(1 for _ in doc.iter(W + "tcBorders")),
        "tblHeader": sum(1 for _ in doc.iter(W + "tblHeader")),
        "cantSplit": sum(1 for _ in doc.iter(W + "cantSplit")),
        "sections": [],
    }
    for sp in doc.iter(W + "sectPr"):
        pg = sp.find(W + "pgSz")
        facts["sections"].append({"w": int(pg.get(W + "w")), "h": int(pg.get(W + "h")),
                                  "orient": pg.get(W + "orient", "portrait")})
    return facts
