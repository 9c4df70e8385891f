"""The report as HTML: a standalone page (download, portal) or a fragment to embed in a page.

Each printed figure is a link to its source (``a.figure``, with ``data-metric``); the PDF is printed from
the same markup without links (``span.figure``), with the 公文's other elements and the charts moved to the
annex (``document_html(..., printed=True)``), in its own style sheet (see ``pdf.py``).
"""

from __future__ import annotations

import re
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
.fazhi-report figure svg { max-width: 100%; height: auto; }
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


def _title_html(doc: ReportDocument, printed: bool = False) -> str:
    """Return the title, broken after the issuer when it starts with it (two lines, as 公文 titles are set).

    ``printed``: broken as the DOCX breaks it, between words into a trapezoid or diamond (GB/T 9704 §7.3.1).
    """
    if printed:
        from fazhi.reports.export.docx import title_lines

        return "<br>".join(escape(line) for line in title_lines(doc.title, doc.issuer, doc.report.year))
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


def chart_html(block, *, printed: bool = False) -> str:
    """Return a chart: the drawing (its SVG title the text alternative) and the caption; on the web the figures
    as a table too, on paper (where the chart's labels carry them) the caption broken only between its parts."""
    chart = block.chart
    if printed:
        caption = "<br>".join(escape(line) for line in chart.caption_lines())
        return f'<figure class="chart">{chart.printed_svg()}<figcaption>{caption}</figcaption></figure>'
    return (f'<figure class="chart">{chart.svg}<figcaption>{escape(block.text)}</figcaption>'
            f"{chart_table(chart.data)}</figure>")


#: A number and the unit after it (35件, 1.5万元, 12.1%, 2025年): kept on one line on paper.
NUMBER_WITH_UNIT = re.compile(r"\d{1,9}(?:[.,]\d{1,9})*(?:[万亿]?[\u4e00-\u9fff]|[%％‰])")


def keep_numbers_whole(html: str) -> str:
    """Wrap each number and its unit in a no-break span, in the text of ``html`` (never inside a tag).

    A line may otherwise end at 35 and the next start with 件 (a break Unicode allows between a digit and a
    Chinese character). Only this short stretch is kept whole, so the line before it loses at most a few
    characters' width, which justification spreads; a whole figure held with ``nowrap`` left gaps.
    """
    parts = re.split(r"(<[^>]*>)", html)
    return "".join(part if part.startswith("<") else
                   NUMBER_WITH_UNIT.sub(lambda m: f'<span class="nobr">{m.group()}</span>', part)
                   for part in parts)


def _body_html(doc: ReportDocument, blocks, *, links: bool, link: Callable[[str], str] | None) -> list[str]:
    """The headings and paragraphs of ``blocks`` (and their charts), each section's text at once."""
    out: list[str] = []
    done: set[int] = set()
    tags = {1: ("h2", "part"), 2: ("h3", "topic")}
    for block in blocks:
        if block.kind == "heading":
            tag, css = tags.get(block.level, ("h4", "point"))
            out.append(f'<{tag} class="{css}">{escape(block.text)}</{tag}>')
        elif block.kind == "chart":
            out.append(chart_html(block))
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
    return out


def _signature_html(doc: ReportDocument, printed: bool) -> str:
    """The issuer and the 成文日期; on paper as GB/T 9704 §7.3.5.1 sets them for a sealed 公文: the date 右空四字,
    the issuer centred over it, an undated draft's date left blank for the pen."""
    if not printed:
        return (f'<div class="signature"><p class="issuer">{escape(doc.issuer)}</p>'
                f'<p class="date">{escape(doc.date_text)}</p></div>')
    from fazhi.reports.export.docx import text_width

    date_right = 4  # characters of 三号
    issuer_right = max(0.0, date_right + (text_width(doc.date_text) - text_width(doc.issuer)) / 2)
    return (f'<div class="signature"><p class="issuer" style="padding-right: {issuer_right:g}em">'
            f'{escape(doc.issuer)}</p><p class="date" style="padding-right: {date_right}em">'
            f"{escape(pen_room(doc.date_text))}</p></div>")


def pen_room(text: str) -> str:
    """Return a blank date's room for the pen ("    年  月  日") in ideographic spaces, two spaces to one: a
    character's width whatever the font (a space of Noto Serif is a quarter of one), never collapsed."""
    return text.replace("  ", "\u3000")


def _colophon_html(doc: ReportDocument) -> str:
    """The 版记 (§7.4): 抄送 (回行时与冒号后的首字对齐) and the 印发机关 at the left, the 印发日期 at the right,
    between a thick first and last line and thin lines between; on a page of its own at the end (the style sheet
    draws the lines and puts that page on an even page, the 版记 at its foot)."""
    rows = []
    if doc.copies:
        rows.append(f'<p class="copies">抄送：{escape("，".join(doc.copies))}。</p>')
    date = doc.date_text if doc.dated else pen_room(doc.date_text.strip())
    rows.append(f'<p class="printed"><span class="office">{escape(doc.printing_office)}</span>'
                f'<span class="printed-on">{escape(date)}印发</span></p>')
    return (f'<div class="colophon-page"><div class="colophon" data-testid="colophon">{"".join(rows)}</div>'
            "</div>")


def document_html(doc: ReportDocument, *, links: bool = True, link: Callable[[str], str] | None = None,
                  printed: bool = False) -> str:
    """Return the ``<article>`` of the report: title, the five contents, charts and signature, the annex.

    ``printed``: the copy the PDF is printed from, a 公文 as the DOCX is (GB/T 9704-2012): a draft's mark under
    the title, the 主送机关 (§7.3.2), the 附件说明 (§7.3.4), the charts in the annex after its table rather than
    in part 1, the 版记 last (§7.4), every number kept with its unit.
    """
    title = _title_html(doc, printed)
    lines = f' data-lines="{title.count("<br>") + 1}"' if printed else ""  # the PDF keeps the text on its grid
    out = ['<article class="fazhi-report">', f'<h1 class="report-title"{lines}>{title}</h1>']
    if printed and doc.draft_mark:
        out.append(f'<p class="draft-mark">{escape(doc.draft_mark)}</p>')
    if printed and doc.addressees:
        out.append(f'<p class="addressees">{escape("，".join(doc.addressees))}：</p>')
    body = _body_html(doc, doc.printed_blocks if printed else doc.blocks, links=links, link=link)
    out += [keep_numbers_whole(html) for html in body] if printed else body
    if printed and doc.printed_annex:
        out.append(f'<p class="annex-note">附件：{escape(annex_title(doc.report.year))}</p>')
    out.append(_signature_html(doc, printed))
    has_annex = doc.printed_annex if printed else bool(doc.annex)  # on paper the charts alone make an annex
    if has_annex:
        out.append(annex_html(doc, printed=printed))
    if printed:
        out.append(_colophon_html(doc))
    out.append("</article>")
    return "\n".join(out)


def annex_html(doc: ReportDocument, *, printed: bool = False) -> str:
    """Return the annex (附件): the table of the figures the text does not state; on paper the charts after it."""
    head = "".join(f"<th scope=\"col\">{c}</th>" for c in COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f'<td data-metric="{escape(row.metric)}">{escape(row.label)}</td>' if i == 0
                         else f"<td>{escape(cell)}</td>" for i, cell in enumerate(row.cells)) + "</tr>"
        for row in doc.annex
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>" if doc.annex else ""
    charts = "".join(chart_html(block, printed=True) for block in doc.charts) if printed else ""
    return (f'<section class="annex" data-testid="annex"><p class="annex-label">附件</p>'
            f'<h2 class="annex-title">{escape(annex_title(doc.report.year))}</h2>{table}{charts}</section>')


def page(body: str, title: str, css: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f"<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def content_security_policy(html: str) -> str:
    """Return the narrowest policy a standalone export needs: its own inline style sheet and data: images."""
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
