"""The report as PDF, printed by WeasyPrint from the report's HTML in 公文 layout (GB/T 9704-2012).

The only font is Noto Sans CJK from the ``noto-cjk-sans-otc`` package, loaded by ``@font-face`` from its
file, so no system font is needed and none is picked by accident (the CSS names no other family). A4 with
the 公文 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); page numbers "— N —" below the body.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fazhi.reports.export.document import ReportDocument
from fazhi.reports.export.html import document_html, page

FONT_FAMILY = "FazhiNotoSansCJK"
LINE = "28.95pt"  # 22 lines on the 公文 page


@lru_cache(maxsize=1)
def pdf_css() -> str:
    from noto_cjk_sans_otc import FONT_PATH

    font = Path(FONT_PATH).resolve().as_uri()
    family = f'"{FONT_FAMILY}"'
    return f"""
@font-face {{ font-family: {family}; src: url("{font}"); }}
@page {{
  size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font-family: {family}; font-size: 14pt;
                    vertical-align: top; padding-top: 7mm; }}
}}
html {{ font-family: {family}; font-size: 16pt; line-height: {LINE}; color: #000; }}
body {{ margin: 0; }}
h1, h2, h3, p, figure, figcaption {{ font-family: {family}; }}
h1 {{ font-size: 22pt; font-weight: normal; text-align: center; line-height: 36pt; margin: 0 0 {LINE}; }}
h2 {{ font-size: 16pt; font-weight: bold; text-indent: 2em; margin: 0; line-height: {LINE};
      page-break-after: avoid; }}
h3 {{ font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0; line-height: {LINE};
      page-break-after: avoid; }}
p {{ text-indent: 2em; margin: 0; text-align: justify; }}
.figure {{ white-space: nowrap; }}
figure {{ margin: 8pt 0; text-align: center; page-break-inside: avoid; }}
figure img {{ width: 150mm; }}
figcaption {{ font-size: 14pt; line-height: 22pt; text-indent: 0; }}
.chart-data {{ display: none; }}  /* on paper the chart's labels carry its figures */
.signature {{ margin-top: {LINE}; }}
.signature p {{ text-indent: 0; text-align: right; padding-right: 4em; }}
.annex {{ page-break-before: always; }}
.annex-label {{ text-indent: 0; }}
.annex-title {{ font-size: 18pt; font-weight: normal; text-align: center; text-indent: 0; margin: 8pt 0; }}
.annex table {{ border-collapse: collapse; width: 100%; font-size: 11pt; line-height: 16pt; }}
.annex th, .annex td {{ border: 0.5pt solid #000; padding: 2pt 3pt; }}
.annex td:nth-child(n+3):nth-child(-n+5) {{ text-align: right; white-space: nowrap; }}
"""


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML

    html = page(document_html(doc, links=False), doc.title, pdf_css())
    return HTML(string=html).write_pdf()
