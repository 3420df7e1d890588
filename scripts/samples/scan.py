#!/usr/bin/env python3
"""Scanned variants of the sample PDFs, made as a scanner makes them.

Each page of a sample PDF is rendered (pdftoppm) at the variant's resolution, turned, soiled and
compressed as a scanner and its JPEG would, and the pages are put back into an image-only PDF at
their own resolution (no text layer). Variants:

  dpi150-grey dpi200-grey dpi300-grey   grey, JPEG 85
  dpi200-bw dpi300-bw                   black and white (1 bit, thresholded)
  dpi200-rot+2 dpi200-rot-1.5           grey, turned by the angle (degrees)
  dpi300-bw-rot+1.5                     black and white, turned
  dpi200-noise                          grey, speckle noise (sigma 18) and a few dust specks
  dpi200-jpeg50                         grey, JPEG quality 50
  dpi200-seal                           colour, a red round seal stamped over section 三's table
  pasted-pdf / pasted-docx              section 三's table pasted as a picture into the text PDF
                                        (LibreOffice from the DOCX) and into the DOCX itself

Usage: scan.py [--out DIR] [--only SUBSTRING] [--variants v1,v2] [SAMPLE.pdf ...]
(default: every Samples/inbox/*.pdf except the unruled one, into .build-scan/).
The test fixtures in Tests/ExtractionTests/Fixtures/scan-*.pdf are page 3 of suzhou-2023:
  scan.py --out DIR --only suzhou --pages 3 --quality 60 --variants dpi200-grey,dpi300-bw,dpi300-bw-rot+1.5
"""
import argparse
import glob
import io
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SCANS = {
    "dpi150-grey": dict(dpi=150),
    "dpi200-grey": dict(dpi=200),
    "dpi300-grey": dict(dpi=300),
    "dpi200-bw": dict(dpi=200, bw=True),
    "dpi300-bw": dict(dpi=300, bw=True),
    "dpi200-rot+2": dict(dpi=200, angle=2.0),
    "dpi200-rot-1.5": dict(dpi=200, angle=-1.5),
    "dpi300-bw-rot+1.5": dict(dpi=300, bw=True, angle=1.5),
    "dpi200-noise": dict(dpi=200, noise=18),
    "dpi200-jpeg50": dict(dpi=200, quality=50),
    "dpi200-seal": dict(dpi=200, seal=True),
}
PASTED = ["pasted-pdf", "pasted-docx"]


def render(pdf, dpi, colour):
    """The PDF's pages as PIL images at `dpi`."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png"] + ([] if colour else ["-gray"]) + [pdf, os.path.join(tmp, "p")], check=True)
        names = sorted(glob.glob(os.path.join(tmp, "p-*.png")), key=lambda n: int(n.rsplit("-", 1)[1][:-4]))
        return [Image.open(n).copy() for n in names]


def table_page_and_box(pdf):
    """The page (0-based) and box (points) of section 三's table: the table whose text holds 申请人情况."""
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        for index, page in enumerate(doc.pages):
            for table in page.find_tables():
                text = page.crop(table.bbox).extract_text() or ""
                if "申请人情况" in text.replace(" ", "").replace("\n", ""):
                    return index, table.bbox
    return None, None


def seal(image, centre, radius):
    """A red round seal: a ring, a star and characters round the rim, half transparent as ink is."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    red = (220, 30, 30, 170)
    x, y = centre
    width = max(3, radius // 14)
    draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=red, width=width)
    star = [(x + radius * 0.3 * math.cos(math.pi / 2 + k * 4 * math.pi / 5), y - radius * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=red)
    font = None
    for candidate in ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"]:
        if os.path.exists(candidate):
            font = ImageFont.truetype(candidate, radius // 4)
            break
    text = "信息公开专用章"
    for k, char in enumerate(text):
        angle = math.pi * (1.15 - 1.3 * k / (len(text) - 1))
        cx, cy = x + radius * 0.72 * math.cos(angle), y - radius * 0.72 * math.sin(angle)
        draw.text((cx, cy), char, fill=red, font=font, anchor="mm")
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def scanned(image, dpi, angle=0.0, noise=0, bw=False, seed=0):
    rng = np.random.default_rng(seed)
    if angle:
        image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white" if image.mode == "RGB" else 255)
    if noise:
        pixels = np.asarray(image.convert("L"), dtype=np.float32)
        pixels += rng.normal(0, noise, pixels.shape)
        # Dust: a few dark specks of a pixel or two.
        for _ in range(200):
            y, x = rng.integers(0, pixels.shape[0] - 2), rng.integers(0, pixels.shape[1] - 2)
            pixels[y:y + rng.integers(1, 3), x:x + rng.integers(1, 3)] = rng.integers(0, 90)
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    if bw:
        image = image.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    return image


def write_pdf(images, dpi, path, quality=85):
    """An image-only PDF, each page an image at `dpi` (JPEG for grey and colour, 1-bit as is)."""
    extra = {} if images[0].mode == "1" else {"quality": quality}
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), **extra)


def make_scan(pdf, name, options, out, keep=None):
    dpi = options["dpi"]
    colour = options.get("seal", False)
    pages = render(pdf, dpi, colour)
    if colour:
        index, box = table_page_and_box(pdf)
        if index is not None:
            x0, top, x1, bottom = box
            s = dpi / 72
            # Over the right half of the table's upper part, as a seal is put on a signature.
            pages[index] = seal(pages[index], (int((x0 + 0.7 * (x1 - x0)) * s), int((top + 0.3 * (bottom - top)) * s)), int(0.8 * 72 * s))
    seed = sum(map(ord, name))
    images = [scanned(p, dpi, options.get("angle", 0.0), options.get("noise", 0), options.get("bw", False), seed + k) for k, p in enumerate(pages)
              if keep is None or k + 1 in keep]
    write_pdf(images, dpi, out, options.get("quality", 85))


def table_parts(pdf):
    """Section 三's table as it stands in the PDF: its page (0-based) and box (points), and the
    parts it goes on with on the next pages when a page break cuts it (the next page's first table,
    at the page's head, after a part that reached the last fifth of its page)."""
    import pdfplumber
    index, box = table_page_and_box(pdf)
    if index is None:
        return []
    parts = [(index, box)]
    with pdfplumber.open(pdf) as doc:
        while parts[-1][1][3] > 0.8 * doc.pages[parts[-1][0]].height and parts[-1][0] + 1 < len(doc.pages):
            page = doc.pages[parts[-1][0] + 1]
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            if not tables or tables[0].bbox[1] > 100:
                break
            parts.append((parts[-1][0] + 1, tables[0].bbox))
    return parts


def table_picture(pdf, dpi=200):
    """Section 三's table as one grey picture, cropped from its page (and the pages it goes on to,
    stacked), with its size in points."""
    parts = table_parts(pdf)
    if not parts:
        return None
    s = dpi / 72
    crops = []
    for index, (x0, top, x1, bottom) in parts:
        page = render_page(pdf, index, dpi)
        # Each part but the first without its top line: the line the part above ends with stands for it.
        upper = int(top * s) + 3 if crops else int(top * s) - 4
        crops.append(page.crop((int(x0 * s) - 4, upper, int(x1 * s) + 5, int(bottom * s) + 5)))
    width = max(c.width for c in crops)
    picture = Image.new("L", (width, sum(c.height for c in crops)), 255)
    y = 0
    for crop in crops:
        picture.paste(crop, (0, y))
        y += crop.height
    return picture, (width / s, picture.height / s)


def render_page(pdf, index, dpi):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(index + 1), "-l", str(index + 1), pdf, os.path.join(tmp, "p")], check=True)
        return Image.open(glob.glob(os.path.join(tmp, "p-*.png"))[0]).copy()


def make_pasted_docx(pdf, out):
    """The sample's DOCX with section 三's table replaced by a picture of it."""
    import docx
    from docx.shared import Pt
    source = pdf[:-4] + ".docx"
    picture = table_picture(pdf)
    if picture is None or not os.path.exists(source):
        return False
    image, (width, _) = picture
    document = docx.Document(source)
    for table in document.tables:
        text = "".join(cell.text for row in table.rows for cell in row.cells).replace(" ", "")
        if "申请人情况" in text:
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            buffer.seek(0)
            paragraph = table._element.getprevious()
            new = document.add_paragraph()
            new.add_run().add_picture(buffer, width=Pt(min(width, 460)))
            table._element.addprevious(new._element)
            table._element.getparent().remove(table._element)
            break
    else:
        return False
    document.save(out)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(ROOT, ".build-scan"))
    parser.add_argument("--only", default="")
    parser.add_argument("--variants", default=",".join(list(SCANS) + PASTED))
    parser.add_argument("--pages", default="", help="only these 1-based pages (e.g. 3,4), for small test fixtures")
    parser.add_argument("--quality", type=int, default=0, help="JPEG quality instead of the variant's")
    parser.add_argument("samples", nargs="*")
    args = parser.parse_args()
    samples = args.samples or [p for p in sorted(glob.glob(os.path.join(ROOT, "Samples/inbox/*.pdf"))) if "unruled" not in p]
    os.makedirs(args.out, exist_ok=True)
    variants = args.variants.split(",")
    for pdf in samples:
        sample = os.path.basename(pdf)[:-4]
        if args.only not in sample:
            continue
        for variant in variants:
            out = os.path.join(args.out, f"{sample}.{variant}")
            if variant in SCANS:
                options = dict(SCANS[variant], **({"quality": args.quality} if args.quality else {}))
                keep = {int(p) for p in args.pages.split(",")} if args.pages else None
                make_scan(pdf, f"{sample}.{variant}", options, out + ".pdf", keep)
                print(out + ".pdf")
            elif variant == "pasted-docx" or variant == "pasted-pdf":
                docx_path = os.path.join(args.out, f"{sample}.pasted-docx.docx")
                if not os.path.exists(docx_path) and not make_pasted_docx(pdf, docx_path):
                    continue
                if variant == "pasted-docx":
                    print(docx_path)
                else:
                    with tempfile.TemporaryDirectory() as tmp:
                        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
                                        "--outdir", tmp, docx_path], check=True, capture_output=True)
                        shutil.move(os.path.join(tmp, os.path.basename(docx_path)[:-5] + ".pdf"), out + ".pdf")
                    print(out + ".pdf")


if __name__ == "__main__":
    main()
