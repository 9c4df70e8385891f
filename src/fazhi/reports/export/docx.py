"""The report as DOCX in 公文 layout (GB/T 9704-2012 《党政机关公文格式》), with python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体 二号 (22 pt) centred;
body 仿宋_GB2312 三号 (16 pt), first line indented two characters, fixed line spacing 28.95 pt (22 lines a
page); level-1 headings (一、) 黑体 三号, level-2 (（一）) 楷体_GB2312 三号; page numbers "— 1 —" in 宋体 四号
below the body, odd pages on the right and even pages on the left, one character in (GB/T 9704 §7.5).
Fonts are named for East Asian text too (``w:eastAsia``), or Word would fall back to its Latin font.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from fazhi.reports.annex import COLUMNS, annex_title
from fazhi.reports.export.document import ReportDocument

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE = Pt(28.95)
INDENT = Pt(32)  # two characters of 三号
TITLE_STYLE = "Fazhi Title"
CAPTION_STYLE = "Fazhi Caption"
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_font(element_with_rpr, name: str) -> None:
    """Name the font for Latin and East Asian text on a style's or a run's properties, dropping theme fonts."""
    rpr = element_with_rpr.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _style(doc, name: str, font: str, size, *, base=None, alignment=None, indent=True, line=LINE):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base is not None:
        style.base_style = base
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_font(style.element, font)
    fmt = style.paragraph_format
    fmt.first_line_indent = INDENT if indent else Pt(0)
    fmt.left_indent = Pt(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if alignment is not None:
        fmt.alignment = alignment
    return style


def _styles(doc) -> None:
    normal = _style(doc, "Normal", BODY_FONT, SIZE_3, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    for name, font in (("Heading 1", HEADING_1_FONT), ("Heading 2", HEADING_2_FONT)):
        heading = _style(doc, name, font, SIZE_3, base=normal, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY)
        heading.paragraph_format.keep_with_next = True
    _style(doc, TITLE_STYLE, TITLE_FONT, SIZE_2, base=normal, alignment=WD_ALIGN_PARAGRAPH.CENTER,
           indent=False, line=Pt(36))
    _style(doc, CAPTION_STYLE, BODY_FONT, SIZE_4, base=normal, alignment=WD_ALIGN_PARAGRAPH.CENTER,
           indent=False, line=Pt(22))


def _run(paragraph, text: str, font: str, size):
    run = paragraph.add_run(text)
    run.font.size = size
    set_font(run._r, font)
    return run


def _field_char(paragraph, kind: str):
    run = _run(paragraph, "", PAGE_NUMBER_FONT, SIZE_4)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def page_number(paragraph) -> None:
    """Write "— N —" with a PAGE field (GB/T 9704 §7.5: 4号半角宋体阿拉伯数字, 左右各一条一字线)."""
    _run(paragraph, "— ", PAGE_NUMBER_FONT, SIZE_4)
    _field_char(paragraph, "begin")
    run = _run(paragraph, "", PAGE_NUMBER_FONT, SIZE_4)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run._r.append(instruction)
    _field_char(paragraph, "separate")
    _run(paragraph, "1", PAGE_NUMBER_FONT, SIZE_4)
    _field_char(paragraph, "end")
    _run(paragraph, " —", PAGE_NUMBER_FONT, SIZE_4)


def _footer(footer, alignment) -> None:
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = alignment
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # 单页码居右空一字，双页码居左空一字.
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_4
    else:
        fmt.left_indent = SIZE_4
    page_number(paragraph)


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number's dash sits 7 mm below the body: 35 mm − 7 mm − one 四号 line from the page's edge.
    section.footer_distance = Mm(23)
    doc.settings.odd_and_even_pages_header_footer = True
    _footer(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _footer(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _paragraph(doc, text: str, style: str, font: str, size):
    paragraph = doc.add_paragraph(style=style)
    _run(paragraph, text, font, size)
    return paragraph


def _annex(document, doc: ReportDocument) -> None:
    """The annex (附件) on a page of its own: its label, its title and the table of the figures not stated."""
    label = _paragraph(document, "附件", "Normal", HEADING_1_FONT, SIZE_3)
    label.paragraph_format.page_break_before = True
    label.paragraph_format.first_line_indent = Pt(0)
    title = _paragraph(document, annex_title(doc.report.year), TITLE_STYLE, TITLE_FONT, SIZE_3)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cells, values in [(table.rows[0].cells, COLUMNS)] + [(table.add_row().cells, r.cells) for r in doc.annex]:
        for cell, value in zip(cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            _run(paragraph, value, BODY_FONT, Pt(10.5))


def render_docx(doc: ReportDocument) -> bytes:
    document = Document()
    _styles(document)
    _page(document)
    props = document.core_properties
    props.title, props.author, props.language = doc.title, doc.issuer, "zh-CN"
    _paragraph(document, doc.title, TITLE_STYLE, TITLE_FONT, SIZE_2)
    document.add_paragraph(style="Normal")  # one blank line between title and text
    for block in doc.blocks:
        if block.kind == "heading":
            if block.level == 1:
                _paragraph(document, block.text, "Heading 1", HEADING_1_FONT, SIZE_3)
            else:
                _paragraph(document, block.text, "Heading 2", HEADING_2_FONT, SIZE_3)
        elif block.kind == "chart":
            picture = document.add_paragraph(style=CAPTION_STYLE)
            picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line would clip it
            shape = picture.add_run().add_picture(io.BytesIO(block.chart.png), width=Mm(block.chart.width_mm))
            shape._inline.docPr.set("descr", block.chart.description)  # the alt text a screen reader speaks
            _paragraph(document, block.text, CAPTION_STYLE, BODY_FONT, SIZE_4)
        else:
            _paragraph(document, block.text, "Normal", BODY_FONT, SIZE_3)
    document.add_paragraph(style="Normal")
    for text in (doc.issuer, doc.date_text):
        signature = _paragraph(document, text, "Normal", BODY_FONT, SIZE_3)
        signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.first_line_indent = Pt(0)
        signature.paragraph_format.right_indent = Pt(64)  # 成文日期右空四字
    if doc.annex:
        _annex(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
