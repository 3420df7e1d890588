#!/usr/bin/env python3
"""Writes the picture fixtures (PIL, python-docx, zlib, and scan.py's picture of a table):

Tests/GongkaiCLITests/Fixtures:
  pasted-gongshu-2023.docx  the sample's DOCX with section 三's table replaced by a 200 dpi picture
                            of it (scan.py's pasted-docx variant)
  pasted-gongshu-2023.pdf   a page of text with the same picture on it where the table stood
Tests/ExtractionTests/Fixtures:
  picture-huge.pdf          a page of text with a 20,000 × 20,000 pixel 1-bit picture of a ruled
                            grid on it, where a pasted table would stand
  picture-huge.docx         text, a table, the same picture as a PNG in the body, text after it
  picture-garbage.docx      text and a "picture" whose bytes are no image
  picture-grid.pdf          a page of text with a picture of a small ruled table of figures
  picture-under-text.pdf    the same with a text layer over the picture (as a searchable scan has)

The huge ones are a few tens of kilobytes: the 400 million pixels are white but for a few lines,
which compress to almost nothing.
"""
import io
import pathlib
import sys
import zipfile
import zlib

import docx
from docx.shared import Inches
from PIL import Image, ImageDraw

root = pathlib.Path(__file__).resolve().parent.parent.parent
out = root / "Tests" / "ExtractionTests" / "Fixtures"
cli_out = root / "Tests" / "GongkaiCLITests" / "Fixtures"
SIDE = 20_000
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import scan  # noqa: E402


def grid_rows():
    """The picture's rows, 1 bit a pixel, 1 white: a frame and a grid of 4 × 5 cells, lines 20 px thick."""
    row_bytes = SIDE // 8
    blank = bytearray(b"\xff" * row_bytes)
    for k in range(5):
        x = min(k * (SIDE // 4), SIDE - 24)
        for column in range(x, x + 24, 8):
            blank[column // 8] = 0
    line = bytes(row_bytes)
    lines = {min(k * (SIDE // 5), SIDE - 24) + d for k in range(6) for d in range(24)}
    return (line if y in lines else bytes(blank) for y in range(SIDE))


def write_pdf(path, content, image_dictionary, image):
    """One A4 page drawing `content` with Helvetica as /F1 and the image as /Im1."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Type /XObject /Subtype /Image {image_dictionary} /Length {len(image)} >>\nstream\n".encode() + image + b"\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(body)


def huge_pdf():
    compressor = zlib.compressobj(9)
    image = b"".join(compressor.compress(row) for row in grid_rows()) + compressor.flush()
    text = b"BT /F1 14 Tf 72 780 Td (Annual report 2023: section three follows as a picture) Tj ET " \
           b"BT /F1 12 Tf 72 120 Td (Section four follows the picture) Tj ET " \
           b"q 451 0 0 600 72 150 cm /Im1 Do Q"
    write_pdf(out / "picture-huge.pdf", text,
              f"/Width {SIDE} /Height {SIDE} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode", image)


def pasted_pdf(picture, size):
    """The picture of section 三 on a page of text, drawn at its size in points from the top."""
    width, height = size
    grey = picture.convert("L")
    image = zlib.compress(grey.tobytes(), 9)
    top = 80
    text = b"BT /F1 14 Tf 72 800 Td (Annual report 2023, section three: applications received and handled) Tj ET " \
           + f"q {width:.2f} 0 0 {height:.2f} 72 {842 - top - height:.2f} cm /Im1 Do Q ".encode() \
           + f"BT /F1 12 Tf 72 {842 - top - height - 30:.2f} Td (Section four follows the picture) Tj ET".encode()
    write_pdf(cli_out / "pasted-gongshu-2023.pdf", text,
              f"/Width {grey.width} /Height {grey.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", image)


def grid_with_figures():
    """A ruled table of 3 × 4 cells with a figure in each, at 300 dpi: 1,600 × 800 pixels."""
    from PIL import ImageFont
    image = Image.new("L", (1600, 800), 255)
    draw = ImageDraw.Draw(image)
    for k in range(5):
        draw.rectangle([min(k * 400, 1596), 0, min(k * 400, 1596) + 3, 799], fill=0)
    for k in range(4):
        draw.rectangle([0, min(k * 266, 796), 1599, min(k * 266, 796) + 3], fill=0)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
    for index, figure in enumerate(["12", "305", "7", "48", "0", "1290", "63", "5", "211", "9", "70", "36"]):
        row, column = divmod(index, 4)
        draw.text((column * 400 + 160, row * 266 + 110), figure, fill=0, font=font)
    return image


def grid_pdf(name, text_over):
    image = grid_with_figures()
    content = b"BT /F1 14 Tf 72 800 Td (Annual report 2023: a table pasted as a picture) Tj ET " \
              b"q 384 0 0 192 72 520 cm /Im1 Do Q "
    if text_over:
        # Invisible text over the picture (render mode 3), as OCR software lays over a scan.
        content += b"BT 3 Tr /F1 10 Tf 80 650 Td (12 305 7 48 0 1290 63 5 211 9 70 36) Tj ET"
    write_pdf(out / name, content, "/Width 1600 /Height 800 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
              zlib.compress(image.tobytes(), 9))


def docx_with_picture(name, picture, replace_with=None):
    document = docx.Document()
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=2, cols=2)
    for (row, column), text in {(0, 0): "信息内容", (0, 1): "本年制发件数", (1, 0): "规章", (1, 1): "3"}.items():
        table.cell(row, column).text = text
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.add_paragraph().add_run().add_picture(picture, width=Inches(6))
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    buffer = io.BytesIO()
    document.save(buffer)
    if replace_with is None:
        (out / name).write_bytes(buffer.getvalue())
        return
    # The picture's bytes swapped for others, as a damaged or hostile file would have them.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(out / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, replace_with if item.filename.startswith("word/media/") else data)


def huge_png():
    image = Image.new("1", (SIDE, SIDE), 1)
    draw = ImageDraw.Draw(image)
    for k in range(5):
        x = min(k * (SIDE // 4), SIDE - 24)
        draw.rectangle([x, 0, x + 23, SIDE - 1], fill=0)
    for k in range(6):
        y = min(k * (SIDE // 5), SIDE - 24)
        draw.rectangle([0, y, SIDE - 1, y + 23], fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    buffer.seek(0)
    return buffer


def small_png():
    buffer = io.BytesIO()
    Image.new("L", (800, 600), 255).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


sample = str(root / "Samples" / "inbox" / "gongshu-2023.pdf")
scan.make_pasted_docx(sample, str(cli_out / "pasted-gongshu-2023.docx"))
pasted_pdf(*scan.table_picture(sample))
huge_pdf()
grid_pdf("picture-grid.pdf", text_over=False)
grid_pdf("picture-under-text.pdf", text_over=True)
docx_with_picture("picture-huge.docx", huge_png())
docx_with_picture("picture-garbage.docx", small_png(), replace_with=bytes(range(256)) * 64)
for path in [cli_out / "pasted-gongshu-2023.docx", cli_out / "pasted-gongshu-2023.pdf",
             out / "picture-huge.pdf", out / "picture-huge.docx", out / "picture-garbage.docx",
             out / "picture-grid.pdf", out / "picture-under-text.pdf"]:
    print(f"{path.stat().st_size:>9}  {path.relative_to(root)}")
