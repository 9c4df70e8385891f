"""The report as PDF, printed by WeasyPrint from the report's HTML in 公文 layout (GB/T 9704-2012).

The page (§5.2.1): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, so the 版心 is 156 × 225 mm,
22 lines of 28 characters (§5.2.3: ``LINE`` high, condensed by ``CONDENSE`` so that 28 三号 characters fit
and a 29th does not, every line but a paragraph's last justified between its characters: see ``justify.py``).
The elements in the standard's order, as the DOCX has them (without the 版头): the title in 二号 小标宋, broken
between words (§7.3.1), a draft's mark, the 主送机关 (§7.3.2), the text in 三号 仿宋 with headings in 黑体 (一、),
楷体 (（一）) and bold 仿宋 (1.) (§7.3.3), the 附件说明 (§7.3.4), the issuer and the 成文日期 (§7.3.5.1), the
annex on pages of its own (§7.3.7: its table, its header on every page, then the charts), the 版记 last (§7.4),
page numbers "— 1 —" in 四号 宋体 below the 版心, odd pages' at the right and even pages' at the left (§7.5).

The fonts are the office's licensed ones when installed, else free look-alikes (``fonts.py``). Chinese
line-breaking rules (no line starts with ，。、；：？！）》”’) are Pango's (Unicode line breaking); a number
stays with its unit (``keep_numbers_whole``).
"""

from __future__ import annotations

import math
from functools import lru_cache

from fazhi.reports.export.document import ReportDocument
from fazhi.reports.export.fonts import FALLBACK_FAMILY, fallback_face, pdf_fonts
from fazhi.reports.export.html import document_html, page

PT_PER_MM = 72 / 25.4
TEXT_WIDTH_PT = 156 * PT_PER_MM  # the 版心's width, 442.2 pt
LINES, CHARS = 22, 28  # §5.2.3: 一般每面排22行，每行排28个字，并撑满版心
LINE_PT = 28.95  # 225 mm / 22 = 29.0 pt, rounded down as the DOCX's grid is (579 twips)
LINE = f"{LINE_PT}pt"
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, TABLE_PT = 16, 22, 14, 12  # 三号, 二号, 四号, 小四
TITLE_LINE_PT = 36
#: The letter-spacing of 三号 text, in pt: half-way between the advance that lets 28 characters fit the 版心
#: (442.2 / 28 = 15.79 pt) and the one that keeps a 29th out (442.2 / 29 = 15.25 pt), as the DOCX condenses
#: its text: 28 characters take 434.6 pt, 29 would take 450.1, and justification spreads the rest.
CONDENSE = round((TEXT_WIDTH_PT / CHARS + TEXT_WIDTH_PT / (CHARS + 1)) / 2 - BODY_PT, 2)
#: The page number's 一字线 7 mm below the 版心 (§7.5): the top of its 14 pt line 7 pt higher.
PAGE_NUMBER_TOP = f"{7 * PT_PER_MM - PAGE_NUMBER_PT / 2:.2f}pt"


def _page(fonts) -> str:
    """A4 with the 公文's margins (§5.2.1) and the page numbers, "— N —" in 4号 宋体 below the 版心:
    单页码居右空一字，双页码居左空一字 (§7.5). Page 1 is a right page, page 2 a left one."""
    common = (f'content: "— " counter(page) " —"; {fonts["song"].css} font-size: {PAGE_NUMBER_PT}pt; '
              f"line-height: {PAGE_NUMBER_PT}pt; letter-spacing: 0; vertical-align: top; "
              f"padding-top: {PAGE_NUMBER_TOP};")
    return f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ {common} text-align: right; padding-right: {PAGE_NUMBER_PT}pt; }} }}
@page :left {{ @bottom-left {{ {common} text-align: left; padding-left: {PAGE_NUMBER_PT}pt; }} }}
"""


def _title_padding(most: int = 6) -> str:
    """Space under a title of 1 to ``most`` lines that makes it as tall as a whole number of the text's lines, so
    that the text after it stands on the page's 22-line grid as on every other page (§5.2.3)."""
    rules = []
    for lines in range(1, most + 1):
        height = lines * TITLE_LINE_PT
        padding = math.ceil(height / LINE_PT - 0.01) * LINE_PT - height
        rules.append(f'h1[data-lines="{lines}"] {{ padding-bottom: {padding:.2f}pt; }}')
    return "\n".join(rules)


def _text(fonts) -> str:
    """The title, the text and its headings (§7.3.1–7.3.5), every line on the 28.95 pt grid but the title's."""
    return f"""
html {{ {fonts["body"].css} font-size: {BODY_PT}pt; line-height: {LINE}; color: #000; }}
body {{ margin: 0; }}
article {{ letter-spacing: {CONDENSE}pt; orphans: 1; widows: 1; }}
h1, h2, h3, h4, p {{ font-size: {BODY_PT}pt; line-height: {LINE}; margin: 0; text-indent: 2em;
  text-align: justify; }}
h1 {{ {fonts["title"].css} font-size: {TITLE_PT}pt; line-height: {TITLE_LINE_PT}pt; text-align: center;
  text-indent: 0; letter-spacing: 0; }}
{_title_padding()}
h1 + p:not(.draft-mark), .draft-mark + p {{ margin-top: {LINE}; }}  /* 标题下空一行 */
h2 {{ {fonts["hei"].css} break-after: avoid; }}
h3 {{ {fonts["kai"].css} break-after: avoid; }}
h4 {{ {fonts["body"].css} font-weight: bold; break-after: avoid; }}
.draft-mark {{ {fonts["kai"].css} text-align: center; text-indent: 0; }}
.addressees {{ text-indent: 0; text-align: justify; }}
.nobr {{ white-space: nowrap; }}
.annex-note {{ margin-top: {LINE}; break-before: avoid; }}
.signature {{ margin-top: {2 * LINE_PT:g}pt; break-before: avoid; break-inside: avoid; }}
.signature p {{ text-indent: 0; text-align: right; white-space: nowrap; }}
"""


def _annex(fonts) -> str:
    """The annex on pages of its own (§7.3.7): "附件" 3号黑体 顶格, the title in 2号 小标宋 on the third line, the
    table (its header repeated on every page), then each chart whole on a page with its caption under it."""
    from fazhi.reports.export.docx import ANNEX_WIDTHS  # the columns in mm, as in the DOCX

    widths = " ".join(f".annex th:nth-child({n}) {{ width: {w}mm; }}" for n, w in enumerate(ANNEX_WIDTHS, 1))
    return f"""
.annex {{ break-before: page; }}
.annex-label {{ {fonts["hei"].css} text-indent: 0; margin-bottom: {LINE}; }}
.annex-title {{ {fonts["title"].css} font-size: {TITLE_PT}pt; line-height: {TITLE_LINE_PT}pt; text-align: center;
  text-indent: 0; letter-spacing: 0; margin-bottom: {LINE}; }}
.annex table {{ border-collapse: collapse; width: 100%; table-layout: fixed; font-size: {TABLE_PT}pt;
  line-height: 20pt; letter-spacing: 0; }}
{widths}
.annex th {{ {fonts["hei"].css} }}
.annex th, .annex td {{ border: 0.5pt solid #000; padding: 2pt 3pt; text-align: left; vertical-align: middle; }}
.annex th {{ text-align: center; }}
.annex td:nth-child(2) {{ text-align: center; }}
.annex td:nth-child(n+3):nth-child(-n+5) {{ text-align: right; }}
.annex tr {{ break-inside: avoid; }}
figure {{ margin: {LINE} 0 0; text-align: center; break-inside: avoid; }}
figure svg {{ display: block; margin: 0 auto; }}
figcaption {{ font-size: {PAGE_NUMBER_PT}pt; line-height: 22pt; text-indent: 0; letter-spacing: 0;
  margin-top: 6pt; }}
"""


def _colophon() -> str:
    """The 版记 (§7.4): 4号, as wide as the 版心, 左右各空一字; its first and last lines thick (0.35 mm), the lines
    between thin (0.25 mm). After the annex, on the last page, which is even (the back of the last sheet: 版记应置于
    公文最后一面), its last line on the 版心's last line (版记的最后一个要素置于最后一行): a page of its own begun on
    the next left page (a blank page before it where the text ends on a left page), a column as tall as the 版心
    (297 − 37 − 35 mm) that puts the 版记 at its foot. Neither that page nor a blank one before it is numbered
    (§7.5: 空白页和版记页均不编排页码)."""
    return f"""
.colophon-page {{ page: colophon; break-before: left; display: flex; flex-direction: column;
  justify-content: flex-end; height: 224.9mm; }}
@page colophon {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
@page :blank {{ @bottom-left {{ content: none; }} @bottom-right {{ content: none; }} }}
.colophon {{ border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; }}
.colophon p {{ font-size: {PAGE_NUMBER_PT}pt; line-height: {LINE}; text-indent: 0; letter-spacing: 0;
  padding: 0 {PAGE_NUMBER_PT}pt; text-align: left; }}
.colophon p + p {{ border-top: 0.25mm solid #000; }}
.colophon .copies {{ padding-left: {4 * PAGE_NUMBER_PT}pt; text-indent: -{3 * PAGE_NUMBER_PT}pt; }}
.colophon .printed {{ display: flex; justify-content: space-between; }}
"""


@lru_cache(maxsize=1)
def pdf_css() -> str:
    """The style sheet of the printed copy, with this machine's fonts (``fonts.pdf_fonts``)."""
    fonts = pdf_fonts()
    face = fallback_face() if any(font.family == FALLBACK_FAMILY for font in fonts.values()) else ""
    return "\n".join((face, _page(fonts), _text(fonts), _annex(fonts), _colophon()))


def render_pdf(doc: ReportDocument) -> bytes:
    """Return the report printed as a 公文: the printed copy's HTML, this style sheet, Chinese lines justified."""
    from weasyprint import HTML

    from fazhi.reports.export import justify

    justify.install()
    html = page(document_html(doc, links=False, printed=True), doc.title, pdf_css())
    return HTML(string=html).write_pdf()
