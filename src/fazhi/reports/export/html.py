"""The report as HTML: a standalone page (download, portal) or a fragment to embed in a page.

Each printed figure is a link to its source (``a.figure``, with ``data-metric``); the PDF is printed from
the same markup without links (``span.figure``), in its own style sheet (see ``pdf.py``).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import replace

from django.utils.html import escape

from fazhi.reports import compose
from fazhi.reports.annex import COLUMNS, annex_title
from fazhi.reports.export.document import ReportDocument, build_document

WEB_CSS = """
.fazhi-report { max-width: 46em; margin: 0 auto; padding: 2em 1.5em; color: #111; background: #fff;
  font-family: "仿宋_GB2312", "FangSong_GB2312", "FangSong", "STFangsong", "仿宋", serif; font-size: 16pt;
  line-height: 1.8; }
.fazhi-report h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "SimSun", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
.fazhi-report h2 { font-family: "黑体", "SimHei", "Heiti SC", sans-serif; font-size: 16pt; font-weight: normal;
  text-indent: 2em; margin: 0.4em 0 0; }
.fazhi-report h3 { font-family: "楷体_GB2312", "KaiTi_GB2312", "KaiTi", "STKaiti", serif; font-size: 16pt;
  font-weight: normal; text-indent: 2em; margin: 0.2em 0 0; }
.fazhi-report p { text-indent: 2em; margin: 0; text-align: justify; }
.fazhi-report a.figure { color: inherit; text-decoration: underline dotted; }
.fazhi-report a.figure.stale { background: #fff3cd; }
.fazhi-report figure { margin: 1em 0; text-align: center; }
.fazhi-report figure img { max-width: 100%; height: auto; }
.fazhi-report figcaption { font-size: 14pt; }
.chart-data { font-size: 12pt; text-align: left; margin: 4pt auto; max-width: 150mm; }
.chart-data table { border-collapse: collapse; width: 100%; }
.chart-data th, .chart-data td { border: 1px solid #999; padding: 2pt 6pt; }
.chart-data td { text-align: right; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.fazhi-report .signature { margin-top: 2em; text-align: right; padding-right: 4em; }
.fazhi-report .signature p { text-indent: 0; text-align: right; }
.fazhi-report .annex { margin-top: 3em; }
.fazhi-report .annex-label { font-family: "黑体", "SimHei", "Heiti SC", sans-serif; text-indent: 0; }
.fazhi-report .annex-title { text-align: center; text-indent: 0; margin: 0.5em 0; }
.fazhi-report .annex table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; }
.fazhi-report .annex th, .fazhi-report .annex td { border: 1px solid #555; padding: 2pt 4pt; }
.fazhi-report .annex td:nth-child(n+3):nth-child(-n+5) { text-align: right; white-space: nowrap; }
"""


def _title_html(doc: ReportDocument) -> str:
    """Return the title, broken after the issuer when it starts with it (two lines, as 公文 titles are set)."""
    title = doc.title
    if doc.issuer and title.startswith(doc.issuer + "关于"):
        return f"{escape(doc.issuer)}<br>{escape(title[len(doc.issuer):])}"
    return escape(title)


def chart_table(data) -> str:
    """Return the figures behind a chart as a table, folded under a summary line (in the report's Chinese)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("zh-hans"):
        return render_to_string("reports/_chart_table.html", {"data": data}).strip()


def document_html(doc: ReportDocument, *, links: bool = True, link: Callable[[str], str] | None = None) -> str:
    """Return the ``<article>`` of the report: title, the five contents, charts and signature."""
    out = ['<article class="fazhi-report">', f'<h1 class="report-title">{_title_html(doc)}</h1>']
    done: set[int] = set()
    for block in doc.blocks:
        if block.kind == "heading":
            tag = "h2" if block.level == 1 else "h3"
            css = "part" if block.level == 1 else "topic"
            out.append(f'<{tag} class="{css}">{escape(block.text)}</{tag}>')
        elif block.kind == "chart":
            data = base64.b64encode(block.chart.png).decode("ascii")
            out.append(
                f'<figure class="chart"><img src="data:image/png;base64,{data}" '
                f'alt="{escape(block.chart.description)}"><figcaption>{escape(block.text)}</figcaption>'
                f"{chart_table(block.chart.data)}</figure>"
            )
        elif block.section is None:
            out.append(f"<p>{escape(block.text)}</p>")
        elif block.section.pk not in done:
            # The whole section at once, so that every figure finds its place in the text.
            done.add(block.section.pk)
            section = block.section
            states = compose.figure_states(section, doc.context.current, infos=doc.context.infos) if links else []
            if link is not None:
                states = [replace(state, url=link(state.metric)) for state in states]
            out.append(compose.paragraphs_html(section.text, section.figures, states, mark_stale=False,
                                               links=links))
    out.append(
        f'<div class="signature"><p class="issuer">{escape(doc.issuer)}</p>'
        f'<p class="date">{escape(doc.date_text)}</p></div>'
    )
    if doc.annex:
        out.append(annex_html(doc))
    out.append("</article>")
    return "\n".join(out)


def annex_html(doc: ReportDocument) -> str:
    """Return the annex (附件): the table of the figures the text does not state."""
    head = "".join(f"<th scope=\"col\">{c}</th>" for c in COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f'<td data-metric="{escape(row.metric)}">{escape(row.label)}</td>' if i == 0
                         else f"<td>{escape(cell)}</td>" for i, cell in enumerate(row.cells)) + "</tr>"
        for row in doc.annex
    )
    return (f'<section class="annex" data-testid="annex"><p class="annex-label">附件</p>'
            f'<h2 class="annex-title">{escape(annex_title(doc.report.year))}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>")


def page(body: str, title: str, css: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def content_security_policy(html: str) -> str:
    """Return the narrowest policy a standalone export needs: its own inline style sheet and data: images."""
    import re

    from fazhi.core.csp import policy_header, source_hash

    styles = [source_hash(css) for css in re.findall(r"<style>(.*?)</style>", html, flags=re.S)]
    return policy_header({
        "default-src": ["'none'"], "style-src": styles or ["'none'"], "img-src": ["data:"],
        "base-uri": ["'none'"], "form-action": ["'none'"], "frame-ancestors": ["'none'"],
    })


def render_report_html(report, standalone: bool = True, *, doc: ReportDocument | None = None,
                       links: bool = True, link: Callable[[str], str] | None = None) -> str:
    """Return the report as HTML: a whole page when ``standalone``, else the ``<article>`` to embed.

    ``links``: each figure links to its drill-down, which only staff may open; ``link`` (a metric's code → its
    address) sends them elsewhere: the public figure page of a published report, an absolute address in a
    downloaded copy.
    """
    doc = doc or build_document(report)
    body = document_html(doc, links=links or link is not None, link=link)
    return page(body, doc.title, WEB_CSS) if standalone else body
