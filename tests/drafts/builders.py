"""Build DOCX, HTML and legacy-encoded text versions of a real legal text, the way they reach us."""

import html
import io
import re
import unicodedata

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
HEADING_RE = re.compile(r"^(Chương [IVXLC]+|Điều \d+\.?|Mục \d+|Phần thứ \w+)(.*)$")


def to_cp1258(text):
    """Encode text as Windows-1258: letters with a tone become base letter + combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(mark for mark in decomposed if mark in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def portal_html(lines, title="Văn bản pháp luật"):
    """Wrap text lines in a page like a legal portal's: menus, scripts, layout tables, split headings, nbsp."""
    body = []
    for index, line in enumerate(lines):
        text = html.escape(line).replace(" ", "&nbsp;", 2)
        match = HEADING_RE.match(line)
        if match and line.startswith("Điều"):
            number, rest = match.group(1), html.escape(match.group(2))
            word, digits = number.split(" ", 1)
            body.append(
                f'<p style="margin-top:6pt"><a name="dieu_{index}"></a><b><span lang="VI">{word}</span></b>'
                f'<b><span lang="VI">&nbsp;{digits}</span></b><span lang="VI"><b>{rest}</b></span></p>'
            )
        elif match:
            body.append(f'<p align="center"><b><span style="font-size:12pt">{text}</span></b></p>')
        else:
            body.append(f'<p style="text-align:justify"><span lang="VI">{text}</span></p>')
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<script>var _gaq = _gaq || []; document.write("<p>Điều 999. Quảng cáo</p>");</script>
<style>.menu {{ display: flex }}</style></head>
<body>
<div id="header"><nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản pháp luật</a></li>
<li><a href="/dk">Điều khoản sử dụng</a></li></ul></nav>
<form action="/search"><input name="q" value="Điều 1"><button>Tìm kiếm</button></form></div>
<table width="100%"><tr><td valign="top">
 <div class="sidebar"><h3>Văn bản liên quan</h3><ul><li><a href="/a">Nghị định hướng dẫn</a></li></ul></div>
</td><td valign="top"><div class="content">
<table class="header-table"><tr><td><b>QUỐC HỘI</b></td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</td></tr></table>
<div id="toanvancontent">
{chr(10).join(body)}
</div></div></td></tr></table>
<div id="footer"><p>Bản quyền thuộc Cổng thông tin. Địa chỉ: số 1 phố X. Điện thoại: 024 0000 0000</p></div>
</body></html>"""


def office_docx(lines, split_runs=True):
    """Return DOCX bytes with one paragraph per line: bold headings, runs split mid-word, a header table."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "QUỐC HỘI\n-------"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for line in lines:
        paragraph = document.add_paragraph()
        if HEADING_RE.match(line) and split_runs and len(line) > 4:
            paragraph.add_run(line[:2]).bold = True
            paragraph.add_run(line[2:].replace(" ", "\u00a0", 1)).bold = True
        else:
            paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def numbered_docx(lines):
    """Return DOCX bytes where clauses ("1.") and points ("a)") are Word automatic numbering, not typed text.

    Each article restarts its clause list (a new w:num with a start override), as Word's "Restart at 1" does;
    points use Word's lower-case lettering, which knows no "đ" (a, b, c, d, e, …).
    """
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    clause = re.compile(r"^\d+\.\s+(.*)$")
    point = re.compile(r"^[a-zđ]\)\s+(.*)$")
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    num_id = 100

    def numbered(text, level):
        paragraph = document.add_paragraph(text)
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )

    for line in lines:
        if line.startswith("Điều "):
            num_id += 1
            numbering.append(
                parse_xml(
                    f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="90"/>'
                    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
                )
            )
            document.add_paragraph(line)
        elif clause.match(line):
            numbered(clause.match(line).group(1), 0)
        elif point.match(line):
            numbered(point.match(line).group(1), 1)
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
