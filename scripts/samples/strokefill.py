"""Rewrite a PDF's stroked straight lines as filled rectangles of the same width and colour (the
sweep's "filled" border family).

Some producers (Word's own PDF export, for one) draw table borders as thin filled rectangles,
not strokes, and poppler's cairo backend draws the two differently: it widens a stroke thinner
than a pixel to a pixel, but fills a rectangle with exactly the ink it covers, so a 0.1 pt
filled border is a faint tenth of a pixel at 72 dpi. Chromium's own fills cannot stand in for
them: under 1 px it snaps CSS borders up to 0.75 pt, and painted backgrounds narrower than a
few tenths of a point come out with edges missing from the PDF. LibreOffice draws every border
of the sweep's tables as `x y m x y l S` under a `w`; this turns each such axis-aligned segment
into `x y w h re f` in the stroke colour, leaving everything else (text, clips) as it was.
Needs pikepdf.
"""

import pikepdf


def _segments_to_rects(points, width):
    """Axis-aligned segments of a polyline as (x, y, w, h) rectangles `width` thick (butt caps:
    LibreOffice strokes its borders with J 0); None if any segment is slanted."""
    rects = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if y0 == y1:
            rects.append((min(x0, x1), y0 - width / 2, abs(x1 - x0), width))
        elif x0 == x1:
            rects.append((x0 - width / 2, min(y0, y1), width, abs(y1 - y0)))
        else:
            return None
    return rects


def rewrite_strokes(path):
    """Rewrites the PDF at path in place; returns how many stroked segments became fills."""
    count = 0
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            out = []
            stack = []
            width, colour = 1.0, [0.0]          # PDF defaults: 1 pt, black (grey)
            path_ops, points = [], []
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append((width, colour))
                elif op == "Q" and stack:
                    width, colour = stack.pop()
                elif op == "w":
                    width = float(operands[0])
                elif op in ("RG", "G"):
                    colour = [float(x) for x in operands]
                if op in ("m", "l"):
                    if op == "m" and points:        # a second subpath: not a plain line
                        out += path_ops
                        path_ops, points = [], []
                    path_ops.append((operands, operator))
                    points.append((float(operands[0]), float(operands[1])))
                    continue
                if op == "S" and len(points) >= 2:
                    rects = _segments_to_rects(points, width)
                    if rects is not None:
                        fill = "rg" if len(colour) == 3 else "g"
                        out.append(([], pikepdf.Operator("q")))
                        out.append((colour, pikepdf.Operator(fill)))
                        for r in rects:
                            out.append((list(r), pikepdf.Operator("re")))
                        out.append(([], pikepdf.Operator("f")))
                        out.append(([], pikepdf.Operator("Q")))
                        count += len(rects)
                        path_ops, points = [], []
                        continue
                out += path_ops
                path_ops, points = [], []
                out.append((operands, operator))
            out += path_ops
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        pdf.save(path)
    return count
