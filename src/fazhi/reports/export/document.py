"""The report as a sequence of blocks (title, headings, paragraphs, charts, signature) that every format prints.

One outline for DOCX, PDF, HTML and JSON, so the four read the same: the five mandated contents in order,
each numbered afresh (一、…五、; （一）… within a part), the part's own text, its sub-sections, and the charts
at the end of part 1; after the signature, the annex table of the figures the text does not state. The printed
copies (DOCX, PDF) move the charts into the annex, after its table (``printed_blocks``, ``charts``). The 公文's
other elements (GB/T 9704-2012) are read from the report only when a format prints them: the addressees
(主送机关, 抄送机关) from its deliveries, the 发文字号 and the 签发人 for the filed copy's 版头.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from fazhi.reports import compose
from fazhi.reports.annex import Row, annex_rows
from fazhi.reports.export.charts import Chart, charts_for
from fazhi.reports.models import Part, Report, ReportDelivery, ReportSection

PREAMBLE = "根据《法治政府建设与责任落实督察工作规定》，现将{year}年法治政府建设情况报告如下。"
#: The 成文日期 of a draft nobody has dated yet: left blank for the pen, never the day it was printed.
BLANK_DATE = "    年  月  日"
#: A draft's mark under the title, by the report's status; a dated or adopted report has none.
DRAFT_MARKS = {Report.Status.COMMENTS: "（征求意见稿）", Report.Status.REVIEW: "（送审稿）",
               Report.Status.SIGNED: "（送审稿）"}
DRAFT_MARK = "（草稿）"
#: The addressees a report goes up to (主送机关), the level above first; a copy (抄送) goes in the 版记.
MAIN_KINDS = (ReportDelivery.Kind.UPPER, ReportDelivery.Kind.UPPER_DEPARTMENT, ReportDelivery.Kind.OWN,
              ReportDelivery.Kind.PEOPLES_CONGRESS)
COPY_KINDS = (ReportDelivery.Kind.COPY,)
#: A 发文字号 as GB/T 9704-2012 §7.2.5 writes it: 示政报〔2026〕3号 (other brackets are accepted and mended).
REFERENCE = re.compile(r"^(?P<code>\S*?)\s*[〔\[［(（]\s*(?P<year>\d{4})\s*[〕\]］)）]\s*(?P<number>\d+)\s*号$")


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
    dated: dt.date | None  # 成文日期: the report's date or its adoption's; None for a draft not yet dated
    context: compose.Context
    blocks: list[Block] = field(default_factory=list)
    headed: list[tuple[str, ReportSection | None, int]] = field(default_factory=list)  # (heading, section, part)
    annex: list[Row] = field(default_factory=list)  # the figures the text does not state, after the signature

    @property
    def charts(self) -> list[Block]:
        """The chart blocks: at the end of part 1 on the web; in the annex, after its table, on paper."""
        return [block for block in self.blocks if block.kind == "chart"]

    @property
    def printed_blocks(self) -> list[Block]:
        """The blocks of the printed copies' body: all but the charts, which a page of text cannot lay out well
        (a chart cut off at a page's foot or a gap above it); the annex prints them instead."""
        return [block for block in self.blocks if block.kind != "chart"]

    @property
    def printed_annex(self) -> bool:
        """Whether a printed copy has an annex: a table of figures or a chart to print in it."""
        return bool(self.annex or self.charts)

    @property
    def date_text(self) -> str:
        """The 成文日期 in full (2026年2月20日, GB/T 9704-2012 §7.3.5.1), blank for an undated draft."""
        return BLANK_DATE if self.dated is None else date_text(self.dated)

    @property
    def draft_mark(self) -> str:
        """The mark under the title of a draft not yet dated or adopted (（征求意见稿） and the like), so that no
        copy of it passes for the final report; "" once it has a date."""
        if self.dated is not None:
            return ""
        return DRAFT_MARKS.get(self.report.status, DRAFT_MARK)

    @property
    def printing_office(self) -> str:
        """The 印发机关 of the 版记 (§7.4.3): the issuer's office, e.g. 示范县人民政府办公室.

        A joint report is sent to print by the first issuer's office (中共示范县委办公室).
        """
        first = self.issuer.split()[0] if self.issuer.split() else self.issuer
        return first if first.endswith(("办公室", "办公厅")) else f"{first}办公室"

    @property
    def addressees(self) -> list[str]:
        """The 主送机关: the bodies the report goes up to, as delivered, or as it must be before it is."""
        return self._recipients[0]

    @property
    def copies(self) -> list[str]:
        """The 抄送机关 of the 版记: the copies delivered, or due, to the rule-of-law office."""
        return self._recipients[1]

    @cached_property
    def _recipients(self) -> tuple[list[str], list[str]]:
        return recipients(self.report)

    @cached_property
    def reference(self) -> str:
        """The 发文字号 recorded at delivery (示政报〔2026〕3号), or "" when none looks like one."""
        return reference(self.report)

    @cached_property
    def signers(self) -> list[str]:
        """The 签发人: the principal leaders who signed the report off, in the order they signed."""
        return [str(s.user) for s in self.report.signoffs.select_related("user")]


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def recipients(report: Report) -> tuple[list[str], list[str]]:
    """Return ``(addressees, copies)``: the report's deliveries by kind, or the required ones not yet made."""
    rows = [(d.kind, d.addressee) for d in report.deliveries.all()]
    if not rows:
        from fazhi.reports.actions import suggested_deliveries

        rows = [(s.kind, s.addressee) for s in suggested_deliveries(report) if s.required]

    def named(kinds) -> list[str]:
        names = [name.strip() for kind in kinds for k, name in rows if k == kind and name.strip()]
        return list(dict.fromkeys(names))

    return named(MAIN_KINDS), named(COPY_KINDS)


def reference(report: Report) -> str:
    """Return the first delivery's reference that is a 发文字号, with its year in 六角括号 (§7.2.5)."""
    for delivery in report.deliveries.all():
        found = REFERENCE.match(delivery.reference.strip())
        if found:
            return f"{found['code']}〔{found['year']}〕{int(found['number'])}号"
    return ""


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def build_document(report: Report, *, charts: bool = True) -> ReportDocument:
    """Return the printable outline of ``report`` with its figures' context (and charts, when asked)."""
    ctx = compose.context_for(report)
    issuer = report.issuer or report.agency.name
    doc = ReportDocument(
        report=report, title=report.title or compose.report_title(issuer, report.year), issuer=issuer,
        dated=report.dated or report.adopted_on, context=ctx,
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
