"""The report as DOCX in 公文 layout (GB/T 9704-2012 《党政机关公文格式》), with python-docx.

The page (§5.2.1): A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, so the 版心 is 156 × 225 mm,
with a grid of 22 lines of 28 characters (§5.2.3; see ``LINE_PITCH`` and ``CHAR_SPACE``). The elements in
the standard's order: the filed copy's 版头 when asked (§7.2: 发文机关标志, 发文字号, 签发人, the red line); the
title in 方正小标宋简体 二号, broken between words into a trapezoid or diamond (§7.3.1); the 主送机关 (§7.3.2);
the body in 仿宋_GB2312 三号 with headings 黑体 (一、), 楷体_GB2312 (（一）) and 仿宋 (§7.3.3); the 附件说明
(§7.3.4); the issuer and the 成文日期 (§7.3.5.1), blank on an undated draft, which is marked as one; the annex
on a page of its own (§7.3.7), its table and then the charts, which the text leaves out; the 版记 between its
lines, last (§7.4); page numbers "— 1 —" in 宋体 四号 (§7.5).

Every style a clerk can pick in Word is one of these, with its fonts named for East Asian text too
(``w:eastAsia``) and no theme font or colour: python-docx's template's other styles are dropped. The package
says what the report is (title, issuer, date), not what wrote it.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import unicodedata
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.text.run import Run

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
SIZE_SMALL_4 = Pt(12)  # 小四
BLACK = RGBColor(0, 0, 0)
RED = RGBColor(0xFF, 0, 0)  # §5.2.4: 发文机关标志 and the 版头's line are red


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


# The page in twips (1/20 pt), as Word stores it: A4 is 11906 × 16838.
PAGE_WIDTH, PAGE_HEIGHT = _twips(210), _twips(297)
TOP, BOTTOM, LEFT, RIGHT = _twips(37), _twips(35), _twips(28), _twips(26)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT  # 8845 twips = 442.25 pt, the 版心's 156 mm
TEXT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM  # 12756 twips = 637.8 pt, its 225 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28  # §5.2.3: 一般每面排22行，每行排28个字，并撑满版心
BODY_SIZE_TWIPS = 16 * 20  # 三号
# The grid. Lines: 12756 // 22 = 579 twips (28.95 pt) a line; 22 of them take 636.9 of the 637.8 pt.
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE
# Characters: w:charSpace is what the grid's character pitch adds to the Normal style's font size, in 1/4096 pt
# (ECMA-376 §17.6.5). The pitch is 8845 / 28 = 315.89 twips (15.794 pt), so charSpace = floor(8845 × 4096 /
# (20 × 28)) − 16 × 4096 = 64694 − 65536 = −842: 28 cells of 15.7944 pt take 442.24 of the 442.25 pt, and the
# page set-up shows 每行28字, 每页22行.
CHAR_SPACE = TEXT_WIDTH * 4096 // (20 * CHARS_PER_LINE) - 16 * 4096
# A 三号 character (16 pt) is wider than that 15.79 pt cell. Word squeezes it into one cell, but LibreOffice
# (checked with 7.4) gives it two, 14 characters a line. So the paragraphs do not snap to the grid
# (w:snapToGrid 0, which both honour) and the text is condensed instead (w:spacing, in twips), to the advance
# half-way between the widest that lets 28 characters fit (8845 / 28 = 315.9 twips) and the narrowest that
# keeps a 29th out (8845 / 29 = 305.0): round(310.4) − 320 = −10, ½ pt. 28 characters of 15.5 pt take 434 pt,
# 29 would take 449.5, so each program's own rounding (LibreOffice leaves a 28th character of 15.75 pt out of
# a paragraph's first line) cannot make it 27 or 29; justification spreads the rest.
CONDENSE = round((TEXT_WIDTH / CHARS_PER_LINE + TEXT_WIDTH / (CHARS_PER_LINE + 1)) / 2) - BODY_SIZE_TWIPS
LINE = Twips(LINE_PITCH)
INDENT = Pt(32)  # two characters of 三号: 每个自然段左空二字 (§7.3.3)
CHAR = Pt(16)  # one character of 三号, the unit of 右空四字 and the like
TITLE_CHARS = TEXT_WIDTH // (22 * 20)  # 20 characters of 二号 on a line
TITLE_STYLE = "Title"
CAPTION_STYLE = "Caption"
TABLE_STYLE = "Table Text"
# Chinese text is Chinese (zh-CN); digits and Latin letters stay English, as in Word's Chinese edition: with
# Chinese for them too LibreOffice breaks a line inside a number ("202 / 5年").
LANGUAGE = {"val": "en-US", "eastAsia": "zh-CN"}
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)
_TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription",
)


# XML helpers ---------------------------------------------------------------------------------------------------


def _child(parent, tag: str, order: tuple[str, ...], **attributes):
    """Return ``parent``'s ``tag`` child, added in the schema's order if missing, with ``attributes`` set."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        later = order[order.index(tag) + 1:]
        successor = next((c for c in parent if c.tag in {qn(t) for t in later}), None)
        if successor is not None:
            successor.addprevious(element)
        else:
            parent.append(element)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _ppr(element_with_ppr, tag: str, **attributes):
    return _child(element_with_ppr.get_or_add_pPr(), tag, _PPR_ORDER, **attributes)


def _rpr(rpr, tag: str, **attributes):
    return _child(rpr, tag, _RPR_ORDER, **attributes)


def set_font(element_with_rpr, name: str) -> None:
    """Name the font for Latin and East Asian text on a style's or a run's properties, dropping theme fonts."""
    fonts = element_with_rpr.get_or_add_rPr().get_or_add_rFonts()
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _border(paragraph, side: str, *, size: int, color: str = "000000", space: int = 0) -> None:
    """A paragraph border: ``size`` in eighths of a point, ``space`` from the text in points."""
    borders = _ppr(paragraph._p, "w:pBdr")
    line = OxmlElement(f"w:{side}")
    for name, value in (("val", "single"), ("sz", size), ("space", space), ("color", color)):
        line.set(qn(f"w:{name}"), str(value))
    borders.append(line)


def text_width(text: str) -> float:
    """The width of ``text`` in characters of its size: 1 for a Chinese character or mark, ½ for a digit."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


# Styles ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleSpec:
    font: str
    size: Pt
    bold: bool = False
    alignment: WD_ALIGN_PARAGRAPH | None = None  # None: Normal's, justified
    indent: bool = True  # first line indented two characters
    line: Pt | None = LINE  # exact line spacing; None for single
    outline: int | None = None  # the heading level Word's navigation pane and contents show
    quick: bool = False  # in Word's style gallery


#: Every paragraph style the document keeps (GB/T 9704-2012 §7.3.3: 一般第一层用黑体字、第二层用楷体字、第三层和
#: 第四层用仿宋体字; Heading 3 is bold so that 1. stands out from the text). Any other style is dropped.
PARAGRAPH_STYLES = {
    "Normal": StyleSpec(BODY_FONT, SIZE_3, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, quick=True),
    TITLE_STYLE: StyleSpec(TITLE_FONT, SIZE_2, alignment=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(36),
                           quick=True),
    "Heading 1": StyleSpec(HEADING_1_FONT, SIZE_3, outline=0, quick=True),
    "Heading 2": StyleSpec(HEADING_2_FONT, SIZE_3, outline=1, quick=True),
    "Heading 3": StyleSpec(BODY_FONT, SIZE_3, bold=True, outline=2, quick=True),
    **{f"Heading {n}": StyleSpec(BODY_FONT, SIZE_3, outline=n - 1) for n in range(4, 10)},
    CAPTION_STYLE: StyleSpec(BODY_FONT, SIZE_4, alignment=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=Pt(22),
                             quick=True),
    TABLE_STYLE: StyleSpec(BODY_FONT, SIZE_SMALL_4, alignment=WD_ALIGN_PARAGRAPH.LEFT, indent=False, line=Pt(20),
                           quick=True),
    "Header": StyleSpec(PAGE_NUMBER_FONT, SIZE_4, indent=False, line=None),
    "Footer": StyleSpec(PAGE_NUMBER_FONT, SIZE_4, indent=False, line=None),
}
KEPT_STYLES = {"Default Paragraph Font", "Normal Table", "Table Grid", "No List"}


def _prune_styles(doc) -> None:
    """Drop the template's styles that are not 公文 ones (accent-coloured tables, Quote, Subtitle, …)."""
    for style in list(doc.styles):
        if style.name not in PARAGRAPH_STYLES and style.name not in KEPT_STYLES:
            style.element.getparent().remove(style.element)
    for style in doc.styles.element.findall(qn("w:style")):
        for link in style.findall(qn("w:link")):
            style.remove(link)  # the "Heading 1 Char" styles they linked to are gone
    numbering = doc.part.numbering_part.element
    for reference in numbering.iter(qn("w:pStyle")):
        reference.getparent().remove(reference)  # the list styles are gone too


def _latent_styles(doc) -> None:
    """Keep Word's built-in styles the document does not define out of its style gallery."""
    latent = doc.styles.element.find(qn("w:latentStyles"))
    if latent is None:
        return
    latent.set(qn("w:defQFormat"), "0")
    for exception in latent:
        exception.attrib.pop(qn("w:qFormat"), None)


def _doc_defaults(doc) -> None:
    """The defaults under every style: 仿宋 三号, Chinese, no space after a paragraph."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), BODY_FONT)
    _rpr(rpr, "w:sz", val=BODY_SIZE_TWIPS // 10)
    _rpr(rpr, "w:szCs", val=BODY_SIZE_TWIPS // 10)
    _rpr(rpr, "w:lang", **LANGUAGE)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")


def _reset(style) -> None:
    """Clear what the template set on ``style`` (blue, theme fonts, borders, spacing) before it is set anew."""
    for tag in ("w:pPr", "w:rPr", "w:link"):
        for element in style.element.findall(qn(tag)):
            style.element.remove(element)


def _define(doc, name: str, spec: StyleSpec):
    styles = doc.styles
    style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    _reset(style)
    if name != "Normal":
        style.base_style = styles["Normal"]
        style.next_paragraph_style = styles["Normal"]
    font = style.font
    font.size, font.bold, font.italic, font.color.rgb = spec.size, spec.bold, False, BLACK
    set_font(style.element, spec.font)
    fmt = style.paragraph_format
    fmt.first_line_indent = INDENT if spec.indent else Pt(0)
    fmt.left_indent = fmt.right_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    if spec.line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, spec.line
    fmt.alignment = spec.alignment or WD_ALIGN_PARAGRAPH.JUSTIFY
    if spec.outline is not None:
        fmt.keep_with_next = True
        _ppr(style.element, "w:outlineLvl", val=spec.outline)
    style.quick_style, style.hidden, style.unhide_when_used = spec.quick, False, False
    return style


def _normal_grid(normal) -> None:
    """Normal's place on the grid (see ``CONDENSE``), its language, and no lines moved for widows (22 a page)."""
    _ppr(normal.element, "w:widowControl", val=0)
    _ppr(normal.element, "w:snapToGrid", val=0)
    rpr = normal.element.get_or_add_rPr()
    _rpr(rpr, "w:spacing", val=CONDENSE)
    _rpr(rpr, "w:szCs", val=BODY_SIZE_TWIPS // 10)
    _rpr(rpr, "w:lang", **LANGUAGE)


def _styles(doc) -> None:
    _prune_styles(doc)
    _latent_styles(doc)
    _doc_defaults(doc)
    for name, spec in PARAGRAPH_STYLES.items():
        _define(doc, name, spec)
    _normal_grid(doc.styles["Normal"])


# Page and package -----------------------------------------------------------------------------------------------


def _run(paragraph, text: str, font: str, size):
    """A run of ``text`` in ``font`` at ``size``: its properties copied from one made once per font and size
    (python-docx's own setters look up each child's place in the schema, thousands of times a report)."""
    run = paragraph.add_run(text)
    run._r.insert(0, deepcopy(_run_properties(font, size.emu)))
    return run


@lru_cache(maxsize=64)
def _run_properties(font: str, size_emu: int):
    run = Run(OxmlElement("w:r"), None)
    run.font.size = Emu(size_emu)
    set_font(run._r, font)
    return run._r.rPr


def _add_paragraph(parent, style: str = "Normal"):
    """A new paragraph of ``style`` (a name) at the end of ``parent``, its style set by id without a search of
    the styles by name for each paragraph."""
    paragraph = parent.add_paragraph()
    if style != "Normal":
        paragraph._p.style = _style_id(paragraph.part.document, style)
    return paragraph


def _style_id(document, name: str) -> str:
    ids = document.part.__dict__.setdefault("_fazhi_style_ids", {})
    if name not in ids:
        ids[name] = document.styles[name].style_id
    return ids[name]


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


def _footer(doc, footer, alignment) -> None:
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.style = doc.styles["Footer"]
    fmt = paragraph.paragraph_format
    fmt.alignment = alignment
    # 单页码居右空一字，双页码居左空一字.
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_4
    else:
        fmt.left_indent = SIZE_4
    page_number(paragraph)


def _grid(section) -> None:
    """The 22 × 28 grid of §5.2.3 (see ``LINE_PITCH`` and ``CHAR_SPACE``)."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(TOP), Twips(BOTTOM)
    section.left_margin, section.right_margin = Twips(LEFT), Twips(RIGHT)
    section.header_distance = Mm(15)
    # The page number's dash sits 7 mm below the body: 35 mm − 7 mm − one 四号 line from the page's edge.
    section.footer_distance = Mm(23)
    _grid(section)
    doc.settings.odd_and_even_pages_header_footer = True
    _footer(doc, section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _footer(doc, section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _settings(doc) -> None:
    """Chinese as the theme fonts' East Asian language (the template says Japanese)."""
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        for name, value in LANGUAGE.items():
            lang.set(qn(f"w:{name}"), value)


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>fazhi</Application><DocSecurity>0</DocSecurity><Company>{company}</Company></Properties>"
)


def _properties(document, doc: ReportDocument) -> None:
    """The file's properties are the report's: its title, its issuer, its date (else now), its state."""
    when = dt.datetime.combine(doc.dated, dt.time()) if doc.dated else timezone.now()
    props = document.core_properties
    props.title, props.subject, props.category = doc.title, "法治政府建设年度报告", "报告"
    props.author = props.last_modified_by = doc.issuer
    props.keywords, props.comments, props.language = f"法治政府建设；{doc.report.year}年度报告", "", "zh-CN"
    props.content_status = doc.draft_mark.strip("（）")
    props.created = props.modified = when
    props.revision = 1
    package = document.part.package
    app = package.part_related_by(RT.EXTENDED_PROPERTIES)
    app._blob = APP_PROPERTIES.format(company=escape(doc.issuer)).encode("utf-8")
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # python-docx's picture of an empty page
            del package.rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:  # the template's styles again, which Word 2010 would read
            del document.part.rels[rid]


# Elements of the 公文 ------------------------------------------------------------------------------------------


def _paragraph(doc, text: str, style: str, font: str, size):
    paragraph = _add_paragraph(doc, style)
    _run(paragraph, text, font, size)
    return paragraph


def _blank(document, count: int = 1, *, keep: bool = False) -> None:
    for _ in range(count):
        _add_paragraph(document).paragraph_format.keep_with_next = keep or None


def _flush(paragraph, alignment=WD_ALIGN_PARAGRAPH.LEFT):
    """No first-line indent: 顶格 or centred lines."""
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.alignment = alignment
    return paragraph


def title_words(title: str, issuer: str, year: int) -> list[str]:
    """Cut the title where a line may break without splitting a word; the pieces join back into the title.

    After the issuer (and between a joint report's issuers), before 关于 and before and after the year:
    示范县人民政府 | 关于 | 2025年 | 法治政府建设情况的报告.
    """
    cuts, at = {0, len(title)}, 0
    if issuer and title.startswith(issuer):
        cuts |= {m.end() for m in re.finditer(r"\s+", issuer)} | {len(issuer)}
        at = len(issuer)
    about = title.find("关于", at)
    if about >= 0:
        cuts.add(about)
        at = about + 2
    found = re.compile(rf"{year}年度?").search(title, at)  # 2025年 or 2025年度, never 2025年 | 度
    if found:
        cuts |= {found.start(), found.end()}
    bounds = sorted(cuts)
    return [title[a:b] for a, b in itertools.pairwise(bounds) if title[a:b]]


def _layouts(words: list[str]):
    """Every way to put ``words`` on lines in order, as lists of the lines' raw text."""
    for breaks in itertools.product((False, True), repeat=len(words) - 1):
        lines = [words[0]]
        for word, new_line in zip(words[1:], breaks, strict=True):
            if new_line:
                lines.append(word)
            else:
                lines[-1] += word
        yield lines


def _title_rank(lines: list[str], issuer: str) -> tuple:
    """Order layouts: no line past the margin, fewest lines, no hourglass, the issuer alone, most even."""
    widths = [text_width(line.strip()) for line in lines]
    overflow = sum(max(0.0, w - TITLE_CHARS) for w in widths)
    # A trapezoid or a diamond: no line much shorter than both its neighbours (梯形或菱形, §7.3.1).
    hourglass = sum(1 for a, b, c in zip(widths, widths[1:], widths[2:], strict=False) if b < a - 1 and b < c - 1)
    ends = set(itertools.accumulate(len(line) for line in lines))
    alone = not issuer or len(issuer) in ends
    return overflow, len(lines), hourglass, not alone, max(widths) - min(widths)


def title_lines(title: str, issuer: str, year: int) -> list[str]:
    """Break the title into centred lines of at most 20 二号 characters, only between words (§7.3.1).

    回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形: e.g. the issuer on a line of
    its own and 关于2025年法治政府建设情况的报告 under it; a joint report's issuers on lines of their own.
    """
    words = title_words(title, issuer, year)
    best = min(_layouts(words), key=lambda lines: _title_rank(lines, issuer))
    return [line.strip() for line in best]


def _masthead(document, doc: ReportDocument) -> None:
    """The filed copy's 版头 (§7.2.4–7.2.7): the issuer's mark in red, the 发文字号 and 签发人, the red line."""
    issuers = doc.issuer.split()
    if len(issuers) > 1:
        _joint_mark(document, issuers)
    else:
        mark = f"{doc.issuer}文件"
        # §7.2.4: 上边缘至版心上边缘为35mm, 小标宋, red; as large as fits the 版心, at most 初号 (42 pt).
        size = Pt(min(42, int(TEXT_WIDTH / 20 / (text_width(mark) + 1))))
        paragraph = _flush(_add_paragraph(document), WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.space_before = Mm(35)
        paragraph.paragraph_format.line_spacing = Pt(size.pt * 1.25)
        _run(paragraph, mark, TITLE_FONT, size).font.color.rgb = RED
    _blank(document, 2)  # §7.2.5: 编排在发文机关标志下空二行位置
    _reference_line(document, doc)
    _blank(document, 2)  # §7.3.1: the title 编排于红色分隔线下空二行位置


def _joint_mark(document, issuers: list[str]) -> None:
    """A joint report's mark (§7.2.4 联合行文): the issuers one under another, the leading one (主办机关) first,
    each spread to the longest's width; "文件" to their right, centred on them. A borderless table of two
    cells, as wide as the lines need, centred; 35 mm of space above it."""
    gap = Mm(35)
    spacer = _flush(_add_paragraph(document))
    spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacer.paragraph_format.line_spacing = gap
    longest = max(text_width(issuer) for issuer in issuers)
    size = Pt(min(42, int(TEXT_WIDTH / 20 / (longest + 3))))  # the names, 文件 and a character between
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    names, word = table.rows[0].cells
    names.width, word.width = Pt(size.pt * longest), Pt(size.pt * 3)
    for cell in (names, word):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for number, issuer in enumerate(issuers):
        paragraph = names.paragraphs[0] if number == 0 else names.add_paragraph()
        _mark_line(paragraph, issuer, size, WD_ALIGN_PARAGRAPH.DISTRIBUTE)
    _mark_line(word.paragraphs[0], "文件", size, WD_ALIGN_PARAGRAPH.RIGHT)


def _mark_line(paragraph, text: str, size, alignment) -> None:
    paragraph.style = paragraph.part.document.styles["Normal"]
    _flush(paragraph, alignment)
    paragraph.paragraph_format.line_spacing = Pt(size.pt * 1.25)
    _run(paragraph, text, TITLE_FONT, size).font.color.rgb = RED


def _reference_line(document, doc: ReportDocument) -> None:
    """发文字号 and 签发人 on one line over the red rule, as a report going up has them (§7.2.5, §7.2.6).

    With a 签发人 the 发文字号 is 居左空一字 and the 签发人 居右空一字; without one it is centred. The rule, as
    wide as the 版心, is the paragraph's bottom border 4 mm under the characters (§7.2.7).
    """
    reference = doc.reference or "〔    〕  号"  # none recorded yet: a blank for the pen
    paragraph = _flush(_add_paragraph(document))
    if doc.signers:
        tabs = paragraph.paragraph_format.tab_stops
        tabs.add_tab_stop(CHAR, WD_TAB_ALIGNMENT.LEFT)
        tabs.add_tab_stop(Twips(TEXT_WIDTH) - CHAR, WD_TAB_ALIGNMENT.RIGHT)
        _run(paragraph, f"\t{reference}\t签发人：", BODY_FONT, SIZE_3)
        _run(paragraph, "　".join(doc.signers), HEADING_2_FONT, SIZE_3)  # 签发人姓名用3号楷体字
    else:
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, reference, BODY_FONT, SIZE_3)
    # The line's leading leaves some 6 pt under the characters; 5 pt more make the 4 mm.
    _border(paragraph, "bottom", size=12, color="FF0000", space=5)


def _title(document, doc: ReportDocument) -> None:
    """The title in one Title paragraph, its lines broken between words (w:br); a draft's mark under it."""
    paragraph = _add_paragraph(document, TITLE_STYLE)
    lines = title_lines(doc.title, doc.issuer, doc.report.year)
    for number, line in enumerate(lines, start=1):
        run = _run(paragraph, line, TITLE_FONT, SIZE_2)
        if number < len(lines):
            run.add_break()
    if doc.draft_mark:
        mark = _flush(_add_paragraph(document), WD_ALIGN_PARAGRAPH.CENTER)
        _run(mark, doc.draft_mark, HEADING_2_FONT, SIZE_3)


def _addressees(document, doc: ReportDocument) -> None:
    """The 主送机关 (§7.3.2): 标题下空一行, 居左顶格, 回行时仍顶格, 最后一个机关名称后标全角冒号."""
    _blank(document)
    if doc.addressees:
        _flush(_paragraph(document, "，".join(doc.addressees) + "：", "Normal", BODY_FONT, SIZE_3))


def _body(document, doc: ReportDocument) -> None:
    """The text: headings and paragraphs. The charts are printed in the annex (``_annex``)."""
    for block in doc.printed_blocks:
        if block.kind == "heading":
            style, font = ("Heading 1", HEADING_1_FONT) if block.level == 1 else ("Heading 2", HEADING_2_FONT)
            _paragraph(document, block.text, style, font, SIZE_3)
        else:
            _paragraph(document, block.text, "Normal", BODY_FONT, SIZE_3)


def _chart(document, block) -> None:
    """A chart after the annex table, as a native Word chart (``wordchart.py``) that a clerk can restyle and
    whose figures "Edit data" opens: a blank line, the chart with its alt text, the caption under it.

    The year-on-year figures are small charts side by side, each to its own scale (a borderless table of up to
    four a row); the townships one chart of bars, at most ``MAX_HEIGHT_MM`` tall. The chart is kept on the
    caption's page; the caption's lines break only between its parts, never inside its brackets.
    """
    _blank(document, keep=True)
    if block.chart.data.kind == "year_on_year":
        _chart_panels(document, block.chart)
    else:
        picture = _chart_paragraph(_add_paragraph(document, CAPTION_STYLE))
        _township_chart(picture, block.chart)
    caption = _add_paragraph(document, CAPTION_STYLE)
    lines = block.chart.caption_lines()
    for number, line in enumerate(lines, start=1):
        run = _run(caption, line, BODY_FONT, SIZE_4)
        if number < len(lines):
            run.add_break()


def _chart_paragraph(paragraph):
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line would clip it
    paragraph.paragraph_format.first_line_indent = Pt(0)
    return _keep_with_next(paragraph)


PANEL_MM = (39, 48)  # a year-on-year panel: four across the 版心's 156 mm


def _chart_panels(document, chart) -> None:
    from fazhi.reports.export.charts import CURRENT_COLOUR, PREVIOUS_COLOUR
    from fazhi.reports.export.wordchart import BarSeries, add_bar_chart

    data = chart.data
    columns = min(4, len(data.rows))
    table = document.add_table(rows=(len(data.rows) + columns - 1) // columns, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for number, (title, row, values) in enumerate(zip(data.panel_titles(), data.rows, data.values, strict=True)):
        cell = table.rows[number // columns].cells[number % columns]
        cell.width = Mm(PANEL_MM[0])
        paragraph = _chart_paragraph(cell.paragraphs[0])
        paragraph.style = document.styles[CAPTION_STYLE]
        series = BarSeries(row[0], list(values), CURRENT_COLOUR, labels=list(row[1:]),
                           point_colours=[PREVIOUS_COLOUR, CURRENT_COLOUR])
        add_bar_chart(paragraph.add_run(), categories=list(data.columns[1:]), series=[series],
                      title=title.replace("\n", ""), width_mm=PANEL_MM[0] - 1, height_mm=PANEL_MM[1],
                      description=f"{row[0]}：{data.columns[1]}{row[1]}，{data.columns[2]}{row[2]}",
                      font=HEADING_1_FONT, font_size_pt=8)
    for row in table.rows:
        _child(row._tr.get_or_add_trPr(), "w:cantSplit", ("w:cantSplit", "w:tblHeader"))
    if data.description:  # the whole chart's text alternative, on the table as Word's table description
        _child(table._tbl.tblPr, "w:tblDescription", _TBLPR_ORDER, val=data.description[:4000])
    _keep_with_next(_add_paragraph(document, CAPTION_STYLE))


def _township_chart(paragraph, chart) -> None:
    from fazhi.reports.export.charts import CURRENT_COLOUR, MAX_HEIGHT_MM
    from fazhi.reports.export.wordchart import BarSeries, add_bar_chart

    data = chart.data
    height = min(MAX_HEIGHT_MM, 12 + 7 * len(data.rows))
    series = BarSeries(data.columns[1], [value for value, in data.values], CURRENT_COLOUR,
                       labels=[row[1] for row in data.rows])
    add_bar_chart(paragraph.add_run(), categories=[row[0] for row in data.rows], series=[series],
                  horizontal=True, width_mm=150, height_mm=height, description=data.description,
                  font=HEADING_1_FONT, font_size_pt=9)


def _annex_note(document, doc: ReportDocument) -> None:
    """The 附件说明 (§7.3.4): 在正文下空一行左空二字编排"附件"二字，后标全角冒号和附件名称."""
    if doc.printed_annex:
        _keep_with_next(document.paragraphs[-1])
        _blank(document, keep=True)
        _paragraph(document, f"附件：{annex_title(doc.report.year)}", "Normal", BODY_FONT, SIZE_3)


def _signature(document, doc: ReportDocument) -> None:
    """The issuer and the 成文日期 of a sealed 公文 (§7.3.5.1).

    The date 右空四字; the issuer centred over it (以成文日期为准居中编排发文机关署名). Two blank lines above
    leave the seal room to press on both with its top within a line of the text.
    """
    _keep_with_next(document.paragraphs[-1])  # the text's last line comes along: no page of a signature alone
    _blank(document, 2, keep=True)
    date_right = 4 * CHAR.pt
    offset = (text_width(doc.date_text) - text_width(doc.issuer)) / 2 * CHAR.pt
    for text, right in ((doc.issuer, max(0.0, date_right + offset)), (doc.date_text, date_right)):
        line = _flush(_paragraph(document, text, "Normal", BODY_FONT, SIZE_3), WD_ALIGN_PARAGRAPH.RIGHT)
        line.paragraph_format.right_indent = Pt(right)
        _keep_with_next(line)
    line.paragraph_format.keep_with_next = False


def _keep_with_next(paragraph):
    """Keep ``paragraph`` on the page of the next one: the issuer and the date never stand apart, nor on a page
    without text (§7.3.5.5: 当公文排版后所剩空白处不能容纳…成文日期时，可以采取调整行距、字距的措施解决)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


# Annex table: 指标 | 单位 | 上年 | 本年 | 增减 | 来源, widths in mm over the 版心's 156 mm.
ANNEX_WIDTHS = (38, 13, 18, 18, 30, 39)  # 上年/本年 hold 216113 on one line, 增减 "-1.2个百分点"
ANNEX_ALIGNMENTS = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                    WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)


def _annex(document, doc: ReportDocument) -> None:
    """The annex on a page of its own (§7.3.7): "附件" 3号黑体 顶格 on the first line, its title centred on the
    third, then the table of the figures the text does not state (§8: 横排表格, its header on every page), then
    the charts."""
    label = _flush(_paragraph(document, "附件", "Normal", HEADING_1_FONT, SIZE_3))
    label.paragraph_format.page_break_before = True
    _blank(document)
    _paragraph(document, annex_title(doc.report.year), TITLE_STYLE, TITLE_FONT, SIZE_2)
    _blank(document)
    if doc.annex:
        _annex_table(document, doc)
    for block in doc.charts:
        _chart(document, block)


def _annex_table(document, doc: ReportDocument) -> None:
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, ANNEX_WIDTHS, strict=True):
        column.width = Mm(width)  # the grid LibreOffice lays the table out by; the cells' widths are Word's
    _table_row(table.rows[0], COLUMNS, header=True)
    for row in doc.annex:
        _table_row(table.add_row(), row.cells)


def _table_row(row, values, *, header: bool = False) -> None:
    """A row of the annex table: 小四 仿宋, the header 黑体 and repeated on each page, figures to the right."""
    if header:
        _child(row._tr.get_or_add_trPr(), "w:tblHeader", ("w:cantSplit", "w:tblHeader"))
    for cell, value, width, alignment in zip(row.cells, values, ANNEX_WIDTHS, ANNEX_ALIGNMENTS, strict=True):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = _style_id(row.part.document, TABLE_STYLE)
        paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if header else alignment
        _run(paragraph, value, HEADING_1_FONT if header else BODY_FONT, SIZE_SMALL_4)


def _colophon(document, doc: ReportDocument) -> None:
    """The 版记 (§7.4), last, after the annex (§7.3.7: 附件…在版记之前): 抄送 and 印发机关/印发日期 in 4号仿宋.

    A one-column table as wide as the 版心 whose borders are the lines: the first and the last thick
    (0.35 mm, 1 pt), the one between thin (0.25 mm, ¾ pt) (§7.4.1).
    """
    _blank(document)
    table = document.add_table(rows=0, cols=1)
    _colophon_lines(table)
    if doc.copies:
        copies = _colophon_row(table)
        copies.paragraph_format.left_indent = SIZE_4 * 4  # 回行时与冒号后的首字对齐 (§7.4.2)
        copies.paragraph_format.first_line_indent = -SIZE_4 * 3
        _run(copies, f"抄送：{'，'.join(doc.copies)}。", BODY_FONT, SIZE_4)
    printed = _colophon_row(table)
    printed.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH) - SIZE_4, WD_TAB_ALIGNMENT.RIGHT)
    printed.paragraph_format.keep_with_next = None
    date = doc.date_text if doc.dated else doc.date_text.strip()
    _run(printed, f"{doc.printing_office}\t{date}印发", BODY_FONT, SIZE_4)  # §7.4.3


def _colophon_lines(table) -> None:
    tblpr = table._tbl.tblPr
    _child(tblpr, "w:tblW", _TBLPR_ORDER, w=TEXT_WIDTH, type="dxa")
    _child(tblpr, "w:jc", _TBLPR_ORDER, val="center")
    borders = _child(tblpr, "w:tblBorders", _TBLPR_ORDER)
    for side, size in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 6), ("insideV", 0)):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single" if size else "nil")
        if size:
            line.set(qn("w:sz"), str(size))
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
        borders.append(line)
    margins = _child(tblpr, "w:tblCellMar", _TBLPR_ORDER)
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)


def _colophon_row(table):
    """A row of the 版记, its text 左右各空一字 of 4号, kept on one page with the next row."""
    row = table.add_row()
    _child(row._tr.get_or_add_trPr(), "w:cantSplit", ("w:cantSplit", "w:tblHeader"))
    cell = row.cells[0]
    cell.width = Twips(TEXT_WIDTH)
    paragraph = cell.paragraphs[0]
    paragraph.style = table.part.document.styles["Normal"]
    fmt = paragraph.paragraph_format
    fmt.first_line_indent, fmt.left_indent, fmt.right_indent = Pt(0), SIZE_4, SIZE_4
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    fmt.keep_with_next = True
    return paragraph


def render_docx(doc: ReportDocument, *, header: bool = False) -> bytes:
    """Return the report as a 公文 in DOCX; ``header``: with the 版头 of the copy filed with the addressees."""
    document = Document()
    _styles(document)
    _settings(document)
    _page(document)
    _properties(document, doc)
    if header:
        _masthead(document, doc)
    _title(document, doc)
    _addressees(document, doc)
    _body(document, doc)
    _annex_note(document, doc)
    _signature(document, doc)
    if doc.printed_annex:
        _annex(document, doc)
    _colophon(document, doc)
    from fazhi.reports.export.word_comments import add_comments  # the departments' comments, in the margin

    add_comments(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
