"""The supervisor's dashboards on paper: the register's counts and its filings and publications by month, the
comparison's ranking and distribution, and a body's trend, each as a PDF (printed by WeasyPrint, A4).

Each chart is the page's chart drawn again as SVG (horizontal bars, ``draw_bars``: string formatting, no drawing
library; its text in the PDF's fonts, as the annual report's charts are) with its caption and a text alternative,
and the same figures follow it in a table. Every body is read through ``ReportingBody.objects.visible_to`` by the
views that gather the figures (``dashboards.py``); each export is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fazhi.reports.export.charts import caption_width, svg_document, svg_text

from . import dashboards, rules
from .views import _filtered, _year

#: The most bodies the comparison's PDF lists and draws; the Excel workbook has them all.
MOST_ROWS, MOST_BARS = 500, 40
NAME_SIZE, VALUE_SIZE, BAR, GAP, WIDTH = 12, 11, 14, 6, 600.0


@dataclass
class Series:
    name: str
    colour: str
    values: list[float | None]


@dataclass
class Section:
    """A heading, a chart (SVG, or none) and the table of its figures."""

    heading: str
    columns: list[str]
    rows: list[list]
    svg: str = ""
    note: str = ""
    numeric: set[int] = field(default_factory=set)  # the columns printed right-aligned


def _figure(value: float) -> str:
    return dashboards._num(value) if value is not None else "—"


def draw_bars(categories: list[str], series: list[Series], description: str) -> str:
    """Horizontal bars, one group per category and one bar per series (a legend above when more than one);
    an empty value draws no bar and prints "—"."""
    values = [v for s in series for v in s.values if v is not None]
    top = max([abs(v) for v in values] or [1]) or 1
    name_width = max([caption_width(c) for c in categories] or [1]) * NAME_SIZE + 10
    label_width = max([caption_width(_figure(v)) for v in values] or [1]) * VALUE_SIZE + 8
    span = WIDTH - name_width - label_width
    parts, y = [], 4.0
    if len(series) > 1:
        x = name_width
        for s in series:
            parts.append(f'<rect x="{x:g}" y="{y + 2:g}" width="10" height="10" fill="{s.colour}"/>')
            parts.append(svg_text(x + 14, y + 11, s.name, VALUE_SIZE, anchor="start"))
            x += 14 + caption_width(s.name) * VALUE_SIZE + 16
        y += 22
    group = len(series) * BAR + GAP
    for index, category in enumerate(categories):
        top_y = y + index * group
        parts.append(svg_text(name_width - 6, top_y + group / 2 + NAME_SIZE / 3 - GAP / 2, category, NAME_SIZE,
                              anchor="end"))
        for slot, s in enumerate(series):
            value = s.values[index]
            bar_y = top_y + slot * BAR
            length = span * abs(value) / top if value else 0
            if length:
                parts.append(f'<rect x="{name_width:g}" y="{bar_y + 1:g}" width="{length:.1f}" height="{BAR - 2}" '
                             f'fill="{s.colour}"/>')
            parts.append(svg_text(name_width + length + 4, bar_y + BAR / 2 + VALUE_SIZE / 3, _figure(value),
                                  VALUE_SIZE, anchor="start", fill="#333"))
    height = y + len(categories) * group + 4
    parts.append(f'<line x1="{name_width:g}" y1="{y - 2:g}" x2="{name_width:g}" y2="{height - 2:g}" stroke="#333" '
                 'stroke-width="1"/>')
    return svg_document(WIDTH, height, parts, description)


def _css() -> str:
    from fazhi.reports.export.fonts import FALLBACK_FAMILY, fallback_face, pdf_fonts

    fonts = pdf_fonts()
    face = fallback_face() if any(f.family == FALLBACK_FAMILY for f in (fonts["hei"], fonts["song"])) else ""
    return f"""{face}
@page {{ size: A4; margin: 20mm 18mm 20mm 18mm;
  @bottom-center {{ content: "— " counter(page) " —"; {fonts["song"].css} font-size: 10pt; }} }}
body {{ {fonts["song"].css} font-size: 10.5pt; line-height: 1.5; }}
h1, h2, th, caption {{ {fonts["hei"].css} }}
h1 {{ font-size: 16pt; margin: 0 0 2mm; }}
h2 {{ font-size: 13pt; margin: 8mm 0 2mm; page-break-after: avoid; }}
p.meta, p.note {{ color: #444; font-size: 9.5pt; margin: 0 0 2mm; }}
figure {{ margin: 0 0 3mm; page-break-inside: avoid; }}
figure svg {{ width: 100%; height: auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: 9.5pt; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.5pt solid #888; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }}
th {{ background: #eee; font-weight: normal; }}
td.num, th.num {{ text-align: right; }}
tr {{ page-break-inside: avoid; }}
"""


def pdf_response(request, *, name: str, title: str, meta: str, sections: list[Section], audit: str,
                 filters: dict) -> HttpResponse:
    """Print ``sections`` under ``title`` as a PDF attachment, and audit the export."""
    from weasyprint import HTML

    html = render_to_string("supervision/printed.html", {
        "title": title, "meta": meta, "css": _css(), "sections": sections,
        "printed_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "by": request.user.get_full_name() or
        request.user.get_username()})
    pdf = HTML(string=html).write_pdf()
    dashboards._audit_export(request, audit, filters)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{name}-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _filters_text(filters: dict) -> str:
    """The filters as the page shows them: the kind and the status by their names, the name searched for."""
    parts = []
    if filters.get("kind"):
        parts.append(str(dashboards.KIND_LABELS[filters["kind"]]))
    if filters.get("status"):
        parts.append(str(rules.LABELS[filters["status"]]))
    if filters.get("q"):
        parts.append(_("name contains “%(q)s”") % {"q": filters["q"]})
    return "；".join(parts) or _("none")


@login_required
def dashboard_pdf(request):
    """The register's year: the bodies per status and the filings and publications per month, charts and tables."""
    year = _year(request)
    qs, filters = _filtered(request, year)
    counts = rules.status_counts(qs)
    labels = [str(label) for _c, label in rules.STATUSES]
    status_values = [counts[code] for code, _l in rules.STATUSES]
    by_status = Section(
        heading=_("Bodies by status"), columns=[_("Status"), _("bodies")], numeric={1},
        rows=[[label, n] for label, n in zip(labels, status_values, strict=True)],
        svg=draw_bars(labels, [Series(_("bodies"), dashboards.BLUE, status_values)],
                      _("Bar chart of the bodies by status: %(list)s.") % {
                          "list": "，".join(f"{label} {n}" for label, n in zip(labels, status_values, strict=True))}))
    data = dashboards.monthly(qs, year)
    months = [m["label"] for m in data["table"]]
    series = [Series(str(label), colour, [m[key] for m in data["table"]])
              for key, label, _s, colour in data["series"]]
    by_month = Section(
        heading=_("Filed and published each month of %(next)d") % {"next": year + 1},
        columns=[_("Month"), *[s.name for s in series]], numeric=set(range(1, len(series) + 1)),
        rows=[[m["label"], *[m[key] for key, _l, _s, _c in data["series"]]] for m in data["table"]],
        svg=draw_bars(months, series, _("Bar chart of the reports on %(year)d filed and published each month, on "
                                        "time and late; the table below gives the same figures.") % {"year": year}))
    total = counts["total"]
    return pdf_response(
        request, name=f"register-dashboard-{year}", title=_("Register of reporting bodies, reports on %(year)d")
        % {"year": year}, meta=_("%(total)d bodies. Filters: %(filters)s") % {
            "total": total, "filters": _filters_text(filters)},
        sections=[by_status, by_month], audit="register-dashboard-pdf", filters={"year": year, **filters})


@login_required
def comparison_pdf(request):
    """The comparison on the chosen indicator: the ranking (bars of the first bodies, a table of the first
    ``MOST_ROWS``) and the distribution across the bodies."""
    year = _year(request)
    data = dashboards._compared(request, year)
    sections = []
    if data.metric:
        label = dashboards._label(data.metric)
        entries = data.entries
        ranked = [e for e in entries if e.value is not None][:MOST_BARS]
        sections.append(Section(
            heading=_("Ranking: %(label)s") % {"label": label},
            columns=[_("Place"), _("Reporting body"), _("Region"), label, _("Source"), _("Caveats")], numeric={0, 3},
            rows=[[e.rank or "", e.row.body.name, e.row.body.region_name, _figure(e.value),
                   e.row.figures[data.code].mark if data.code in e.row.figures else "", "；".join(e.caveat_labels)]
                  for e in entries[:MOST_ROWS]],
            note=(_("The first %(most)d of %(total)d bodies; the Excel workbook lists them all.")
                  % {"most": MOST_ROWS, "total": len(entries)}) if len(entries) > MOST_ROWS else "",
            svg=draw_bars([e.row.body.name for e in ranked],
                          [Series(label, dashboards.BLUE, [e.value for e in ranked])],
                          _("Bar chart of the first %(n)d bodies ranked on %(label)s; the table gives every "
                            "figure.") % {"n": len(ranked), "label": label}) if ranked else ""))
        dist = dashboards.distribution(entries, data.metric)
        counts = [b["count"] for b in dist["table"]]
        sections.append(Section(
            heading=_("Distribution: %(label)s") % {"label": label}, columns=[label, _("bodies")], numeric={1},
            rows=[*[[lab, n] for lab, n in zip(dist["labels"], counts, strict=True)],
                  [_("no figure"), dist["missing"]]],
            svg=draw_bars(dist["labels"], [Series(_("bodies"), dashboards.BLUE, counts)],
                          _("Bar chart of how many bodies fall in each band of %(label)s.") % {"label": label})
            if counts else ""))
    return pdf_response(
        request, name=f"comparison-{year}", title=_("Comparison of the reporting bodies, reports on %(year)d")
        % {"year": year}, meta=_("%(total)d bodies. Filters: %(filters)s") % {
            "total": len(data.entries), "filters": _filters_text(data.filters)},
        sections=sections, audit="comparison-pdf", filters={"year": year, "metric": data.code, **data.filters})


@login_required
def trend_pdf(request, pk: int):
    """A body's figure on one indicator over five years: bars by year and the table with each figure's source."""
    data = dashboards._trend(request, pk)
    body, metric, points = data["body"], data["metric"], data["points"]
    sections = []
    if metric:
        label = dashboards._label(metric)
        years = [str(p["year"]) for p in points]
        values = [p["figure"].value if p["figure"] else None for p in points]
        sections.append(Section(
            heading=label, columns=[_("Year"), label, _("Source")], numeric={0, 1},
            rows=[[p["year"], p["text"] or "—", p["figure"].mark if p["figure"] else _("no figure")] for p in points],
            svg=draw_bars(years, [Series(label, dashboards.BLUE, values)],
                          _("Bar chart of %(label)s by year; the table gives the same figures.") % {"label": label})))
    return pdf_response(
        request, name=f"trend-{body.pk}", title=_("%(body)s over five years") % {"body": body.name},
        meta=_("Marks: 账 from the body's ledgers in fazhi; 报 read from its published report; * a rate worked out "
               "from two counts the report gives."), sections=sections, audit="trend-pdf",
        filters={"body": body.pk, "metric": data["code"]})
