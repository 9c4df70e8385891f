"""The report as a sequence of blocks (title, headings, paragraphs, charts, signature) that every format prints.

One outline for DOCX, PDF, HTML and JSON, so the four read the same: the five mandated contents in order,
each numbered afresh (一、…五、; （一）… within a part), the part's own text, its sub-sections, and the charts
at the end of part 1; after the signature, the annex table of the figures the text does not state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.reports import compose
from fazhi.reports.annex import Row, annex_rows
from fazhi.reports.export.charts import Chart, charts_for
from fazhi.reports.models import Part, Report, ReportSection

PREAMBLE = "根据《法治政府建设与责任落实督察工作规定》，现将{year}年法治政府建设情况报告如下。"


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "chart"
    text: str = ""
    level: int = 0  # headings: 1 for 一、, 2 for （一）
    section: ReportSection | None = None
    chart: Chart | None = None


@dataclass
class ReportDocument:
    report: Report
    title: str
    issuer: str
    dated: dt.date
    context: compose.Context
    blocks: list[Block] = field(default_factory=list)
    headed: list[tuple[str, ReportSection | None, int]] = field(default_factory=list)  # (heading, section, part)
    annex: list[Row] = field(default_factory=list)  # the figures the text does not state, after the signature

    @property
    def date_text(self) -> str:
        return f"{self.dated.year}年{self.dated.month}月{self.dated.day}日"


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def build_document(report: Report, *, charts: bool = True) -> ReportDocument:
    """Return the printable outline of ``report`` with its figures' context (and charts, when asked)."""
    ctx = compose.context_for(report)
    issuer = report.issuer or report.agency.name
    doc = ReportDocument(
        report=report, title=report.title or compose.report_title(issuer, report.year), issuer=issuer,
        dated=report.dated or report.adopted_on or timezone.localdate(), context=ctx,
    )
    sections = list(report.sections.all())
    doc.blocks.append(Block("paragraph", PREAMBLE.format(year=report.year)))
    for part in Part.values:
        in_part = [s for s in sections if s.part == part]
        lead = in_part[0] if in_part and not in_part[0].topic and in_part[0].order == 0 else None
        heading = compose.part_heading(part, report.year)
        if lead is not None and compose.strip_numeral(lead.title):
            heading = f"{compose.cn_numeral(part)}、{compose.strip_numeral(lead.title)}"
        doc.blocks.append(Block("heading", heading, level=1, section=lead))
        doc.headed.append((heading, lead, part))
        if lead is not None:
            doc.blocks += [Block("paragraph", p, section=lead) for p in paragraphs(lead.text)]
        for number, section in enumerate((s for s in in_part if s is not lead), start=1):
            sub = f"（{compose.cn_numeral(number)}）{compose.strip_numeral(section.title)}"
            doc.blocks.append(Block("heading", sub, level=2, section=section))
            doc.headed.append((sub, section, part))
            doc.blocks += [Block("paragraph", p, section=section) for p in paragraphs(section.text)]
        if part == Part.MEASURES and charts:
            for chart in charts_for(report, ctx.infos, ctx.current, ctx.previous):
                doc.blocks.append(Block("chart", chart.caption, chart=chart))
    doc.annex = annex_rows(report, ctx)
    return doc
