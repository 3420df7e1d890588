#!/usr/bin/env python3
"""Write the sample reports as the web pages agencies' sites publish (Samples/inbox/*.html, .htm, .mht).

Each page is rendered from the committed sample DOCX (Samples/inbox/<name>.docx, read with
python-docx and its XML for the merges), so it says what the DOCX says, in the markup a site's
content system writes: the article inside site chrome (logo, a nav menu, breadcrumbs, the
publication line, related links to other years' reports, a footer), inline styles everywhere,
Word-to-HTML cells (`<td><p><span>`), short labels split over lines with `<br>`, blank cells as
`&nbsp;`, runs of spaces as `&nbsp;`. The pages differ as sites do:

  suzhou-2023.html            UTF-8, <meta charset>, HTML5 (<header>/<nav>/<footer>), title in <h1>
  zhoukou-2023.html           UTF-8 in http-equiv, XHTML 1.0, a two-column layout table (menu |
                              article) wrapping the report's tables, title in a <p>
  suqian-2020.html            GBK, <meta charset="gbk">, labels split with <br>
  gongshu-2023.htm            GBK with no charset declared anywhere, the article inside a one-cell
                              layout table, title over three <p>
  zaozhuang-shizhong-2023.mht Chromium's "save as" single file (MHTML, quoted-printable UTF-8)

Every page must give the record of its DOCX (Tests/ReportParserTests/SampleRecordTests).
Needs python-docx. Usage: scripts/samples/make-html.py   (writes into Samples/inbox)
"""

import html
import os
import quopri
import re
import sys

import docx
from docx.oxml.ns import qn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INBOX = os.path.join(ROOT, "Samples", "inbox")

# name -> (file extension, encoding, how the encoding is declared, page style)
PAGES = {
    "suzhou-2023": ("html", "utf-8", "meta-charset", "html5"),
    "zhoukou-2023": ("html", "utf-8", "http-equiv", "layout-table"),
    "suqian-2020": ("html", "gbk", "meta-charset", "html5"),
    "gongshu-2023": ("htm", "gbk", None, "one-cell-table"),
    "zaozhuang-shizhong-2023": ("mht", "utf-8", "http-equiv", "html5"),
}

SITES = {
    "suzhou-2023": ("苏州市公安局", "2024-01-19"),
    "zhoukou-2023": ("周口市人民政府", "2024-01-22"),
    "suqian-2020": ("宿迁市人民政府", "2021-01-28"),
    "gongshu-2023": ("杭州市拱墅区人民政府", "2024-01-16"),
    "zaozhuang-shizhong-2023": ("枣庄市市中区人民政府", "2024-01-25"),
}

MENU = ["首页", "政务公开", "政务服务", "政民互动", "走进本地", "专题专栏"]


# ---------------------------------------------------------------------------------------------
# reading the DOCX


def run_text(p):
    """A w:p's text as the DOCX extractor reads it: w:t, tabs, breaks."""
    out = []
    for el in p.iter():
        if el.tag == qn("w:t"):
            out.append(el.text or "")
        elif el.tag in (qn("w:tab"), qn("w:ptab")):
            out.append("\t")
        elif el.tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
    return "".join(out)


def read_table(tbl):
    """Rows of (grid column, colspan, rowspan, paragraphs) for the cells that start there."""
    grid = []  # rows of [col, span, vmerge, paras]
    for tr in tbl.findall(qn("w:tr")):
        row, col = [], 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span, vmerge = 1, None
            if pr is not None:
                gs = pr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val")))
                vm = pr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val")) or "continue"
            paras = [run_text(p) for p in tc.findall(qn("w:p"))]
            row.append([col, span, vmerge, paras])
            col += span
        grid.append(row)
    rows = []
    for r, row in enumerate(grid):
        out = []
        for col, span, vmerge, paras in row:
            if vmerge == "continue":
                continue
            rowspan = 1
            if vmerge == "restart":
                for below in grid[r + 1:]:
                    if any(c == col and v == "continue" for c, _, v, _ in below):
                        rowspan += 1
                    else:
                        break
            out.append((col, span, rowspan, paras))
        rows.append(out)
    return rows


def read_docx(path):
    """The body as ("p", text, centered) and ("table", rows) blocks in order."""
    document = docx.Document(path)
    blocks = []
    for el in document.element.body:
        if el.tag == qn("w:p"):
            jc = el.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            blocks.append(("p", run_text(el), jc is not None and jc.get(qn("w:val")) == "center"))
        elif el.tag == qn("w:tbl"):
            blocks.append(("table", read_table(el)))
    return blocks


# ---------------------------------------------------------------------------------------------
# writing the page


def esc(text):
    """Escaped as an editor writes it: runs of spaces kept with &nbsp;, NBSPs as &nbsp;."""
    text = html.escape(text, quote=False).replace("\u00a0", "&nbsp;")
    return re.sub(r"  +", lambda m: "&nbsp;" * (len(m.group()) - 1) + " ", text).replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;")


def spans(text, style):
    """Word-to-HTML runs: the text cut where digits start and end, each piece its own <span>."""
    pieces = [p for p in re.split(r"(\d+)", text) if p]
    return "".join(f'<span style="{style}">{esc(p)}</span>' for p in pieces) or "&nbsp;"


def split_label(text):
    """A short label of 4-6 CJK characters over two or three lines, as narrow columns have it."""
    if "\n" in text or not re.fullmatch(r"[\u4e00-\u9fff]{4,6}", text):
        return [text]
    step = 2 if len(text) in (4, 6) else 3
    return [text[i:i + step] for i in range(0, len(text), step)]


def cell_html(paras, row, col, colspan, rowspan, split, cell_paragraphs):
    attrs = ""
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    font = "font-size:10.5pt;font-family:宋体"
    lines = [line for p in paras for line in (split_label(p) if split and row < 3 else [p])]
    if all(not p.strip() for p in paras):
        inner = "<p style=\"text-align:center\">&nbsp;</p>" if cell_paragraphs else "&nbsp;"
    elif cell_paragraphs and len(paras) == len(lines):
        inner = "".join(f'<p align="center" style="margin:0;text-align:center;line-height:15pt">{spans(p, font)}</p>' for p in lines)
    else:
        inner = "<br>".join(spans(p, font) for p in lines)
    style = "border:solid windowtext 1.0pt;padding:0cm 5.4pt;vertical-align:middle"
    return f'<td{attrs} valign="middle" style="{style}">{inner}</td>'


def table_html(rows, split, cell_paragraphs):
    out = ['<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0" '
           'style="width:100%;border-collapse:collapse;border:none"><tbody>']
    for r, row in enumerate(rows):
        out.append("<tr>" + "".join(cell_html(paras, r, col, cs, rs, split, cell_paragraphs)
                                     for col, cs, rs, paras in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def article_html(blocks, title_tag, split, cell_paragraphs):
    body_font = "font-size:16pt;font-family:仿宋_GB2312;line-height:28pt"
    out = []
    title_done = False
    for block in blocks:
        if block[0] == "table":
            out.append(table_html(block[1], split, cell_paragraphs))
            continue
        _, text, centered = block
        if not text.strip():
            out.append('<p style="margin:0">&nbsp;</p>')
        elif centered and not title_done:
            out.append(f'<{title_tag} style="text-align:center;font-size:22pt;font-family:方正小标宋简体;font-weight:bold">'
                       f'{esc(text)}</{title_tag}>')
        else:
            title_done = title_done or not centered
            out.append(f'<p class="MsoNormal" style="text-indent:2em;{body_font}">{spans(text, body_font)}</p>')
    return "\n".join(out)


def title_of(blocks):
    return "".join(b[1] for b in blocks if b[0] == "p" and b[2])


def chrome(name, blocks, style, article, declaration, encoding):
    site, date = SITES[name]
    title = title_of(blocks)
    year = re.search(r"20\d\d", title).group()
    meta = {
        "meta-charset": f'<meta charset="{encoding}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
        None: "",
    }[declaration]
    menu = "".join(f'<li><a href="/col/col{i}/index.html">{m}</a></li>' for i, m in enumerate(MENU))
    crumbs = ('当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
              '<a href="/zwgk/ndbg/">政府信息公开年度报告</a>')
    info = (f'<div class="info" style="color:#666;font-size:12px;text-align:center">发布时间：{date}&nbsp;&nbsp;'
            f'来源：{site}&nbsp;&nbsp;浏览次数：<span id="hits">1024</span>&nbsp;&nbsp;'
            '字号：<a href="javascript:void(0)">大</a> <a href="javascript:void(0)">中</a> <a href="javascript:void(0)">小</a></div>')
    related = "".join(f'<li><a href="/art/{int(year) - k}/ndbg.html">{site}{int(year) - k}年政府信息公开工作年度报告</a>'
                      f'<span class="date">{int(year) - k + 1}-01-2{k}</span></li>' for k in (1, 2, 3))
    related = f'<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>'
    neighbours = (f'<div class="pager"><p>上一篇：<a href="/art/prev.html">{site}关于做好{year}年度政务公开工作的通知</a></p>'
                  '<p>下一篇：<a href="/art/next.html">关于公布政务服务事项目录的公告</a></p></div>')
    footer_text = (f'主办单位：{site}办公室&nbsp;&nbsp;地址：人民路1号&nbsp;&nbsp;邮编：215000<br>'
                   '网站标识码：3205000001&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/">苏ICP备05000001号</a>'
                   '&nbsp;&nbsp;技术支持：大汉软件')
    script = ('<script type="text/javascript">var hits = document.getElementById("hits");'
              'if (hits) { hits.innerHTML = "1025"; } document.write("<p>报告</p>");</script>')
    head = (f'<head>{meta}<title>{html.escape(title)}_{site}</title>'
            '<link rel="stylesheet" href="/css/main.css"><style>body{margin:0;font:12px 宋体}'
            '.nav li{float:left;list-style:none;padding:0 20px}</style>' + script + '</head>')
    banner = f'<div class="logo" style="height:120px;font-size:36px">{site}</div>'
    if style == "html5":
        body = (f'<header>{banner}<nav class="nav"><ul>{menu}</ul></nav></header>'
                f'<div class="crumbs">{crumbs}</div>'
                f'<div class="main"><div class="article">{info}<div class="content" id="zoom">{article}</div>'
                f'{neighbours}</div>{related}</div>'
                f'<footer><div class="foot">{footer_text}</div></footer>')
        doctype = "<!DOCTYPE html>\n"
    elif style == "layout-table":
        side = f'<div class="side"><h3>政务公开</h3><ul>{menu}</ul></div>'
        body = (f'<div id="top">{banner}<div class="nav"><ul>{menu}</ul></div></div>'
                '<table width="1000" align="center" border="0" cellspacing="0" cellpadding="0"><tr>'
                f'<td width="220" valign="top">{side}</td>'
                f'<td width="780" valign="top"><div class="crumbs">{crumbs}</div>{info}'
                f'<div id="zoom" style="padding:20px">{article}</div>{neighbours}{related}</td>'
                f'</tr></table><div id="bottom">{footer_text}</div>')
        doctype = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                   '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n')
    else:  # one-cell-table
        body = (f'<div id="top">{banner}<ul class="nav">{menu}</ul></div><div class="crumbs">{crumbs}</div>'
                '<table width="960" align="center" border="0" cellspacing="0" cellpadding="0"><tr><td>'
                f'{info}<div class="TRS_Editor">{article}</div>'
                f'</td></tr></table>{related}<div id="bottom">{footer_text}</div>')
        doctype = ""
    return f'{doctype}<html xmlns="http://www.w3.org/1999/xhtml">\n{head}\n<body>\n{body}\n</body>\n</html>\n'


def mhtml(name, page):
    """The page as Chromium saves it: one quoted-printable text/html part and its stylesheet."""
    boundary = "----MultipartBoundary--Kq3vb4ZQ2HNsdmR4Kx1eT6kG7cLYXAnVMhpW9iOYb8----"
    url = f"http://www.example.gov.cn/art/2024/1/25/{name}.html"
    css = "body{margin:0;font:12px SimSun}.nav li{float:left}\n"
    encoded = quopri.encodestring(page.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        "Subject: =?utf-8?Q?=E6=94=BF=E5=BA=9C=E4=BF=A1=E6=81=AF=E5=85=AC=E5=BC=80?=",
        "Date: Thu, 25 Jan 2024 09:12:31 +0800",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
        f"--{boundary}",
        "Content-Type: text/html",
        "Content-ID: <frame-6D1C0E5B7E0F4C07A1B8C1E2D3F40506@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
        encoded,
        "",
        f"--{boundary}",
        "Content-Type: text/css",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: http://www.example.gov.cn/css/main.css",
        "",
        css,
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(parts).encode("ascii")


def main():
    for name, (ext, encoding, declaration, style) in PAGES.items():
        blocks = read_docx(os.path.join(INBOX, f"{name}.docx"))
        split = name in ("suqian-2020", "suzhou-2023")
        cell_paragraphs = name in ("zhoukou-2023", "zaozhuang-shizhong-2023", "gongshu-2023")
        title_tag = "h1" if name == "suzhou-2023" else "p"
        article = article_html(blocks, title_tag, split, cell_paragraphs)
        page = chrome(name, blocks, style, article, declaration, encoding)
        target = os.path.join(INBOX, f"{name}.{ext}")
        if ext == "mht":
            data = mhtml(name, page)
        else:
            data = page.encode(encoding, errors="xmlcharrefreplace")
        with open(target, "wb") as f:
            f.write(data)
        print(f"{target}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
