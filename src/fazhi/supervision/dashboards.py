"""The supervisor's view of the register: the comparison of the bodies on key indicators (ranked, with the
distribution of one), a body's trend over five years, and the register's filings and publications by month.

Each chart (ECharts, served with the app) has a table beside it with the same figures; the Excel exports carry the
same charts (openpyxl). Every body is read through ``ReportingBody.objects.visible_to``: an outsider sees nothing.
"""

from __future__ import annotations

import io
import math
from datetime import date
from types import SimpleNamespace

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.analyzer import ranking as ranking_lib

from . import figures, rules
from .models import ReportingBody
from .views import _filtered, _year

PAGE_SIZE = 100
KIND_LABELS = dict(ReportingBody.Kind.choices)
TREND_YEARS = 5
BLUE, AMBER, RED, GREEN = "#1d4ed8", "#b45309", "#b91c1c", "#15803d"

CAVEAT_LABELS = {
    "missing": gettext_lazy("no figure: not ranked"),
    "derived": gettext_lazy("worked out from two counts its report gives"),
    "tie": gettext_lazy("the same figure as another body: the same place"),
    "neutral": gettext_lazy("the catalog does not say whether more is better: ordered by size only"),
}
SOURCE_LABELS = {
    figures.LEDGER: gettext_lazy("from the body's ledgers in fazhi"),
    figures.REPORT: gettext_lazy("read from its published report"),
}


def _num(value) -> str:
    if value is None:
        return ""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def _label(metric) -> str:
    return metric.label + (f"（{metric.unit}）" if metric.unit else "")


def _status_filter(request, qs):
    status = request.GET.get("status", "")
    if status in rules.LABELS:
        return qs.filter(status=status), status
    return qs, ""


def _compared(request, year: int):
    """The filtered bodies of ``year`` with their figures, the metrics, the chosen metric and its ranking."""
    qs, filters = _filtered(request, year)
    qs, status = _status_filter(request, qs)
    bodies = [SimpleNamespace(pk=pk, name=name, region_name=region, kind=kind, status=status)
              for pk, name, region, kind, status in qs.order_by("region_path", "kind", "name").values_list(
                  "pk", "name", "region__name", "kind", "status")]
    metrics = figures.comparison_metrics(year)
    by_code = {m.code: m for m in metrics}
    rows = figures.rows_for(bodies, year, list(by_code))
    code = request.GET.get("metric", "")
    if code not in by_code:
        code = metrics[0].code if metrics else ""
    entries = ranking_lib.rank(rows, code, by_code[code].better) if code else []
    labels = {code: str(label) for code, label in CAVEAT_LABELS.items()}  # translated once, not per body
    for entry in entries:
        entry.caveat_labels = [labels[c] for c in entry.caveats]
        entry.name = entry.row.body.name
    return SimpleNamespace(year=year, filters={**filters, "status": status}, metrics=metrics, code=code,
                           metric=by_code.get(code), entries=entries, rows=rows)


def _bins(values: list[float], metric) -> list[tuple[float, float, int]]:
    """Equal-width bins of ``values`` ((low, high, bodies)): tenths of 100 for a rate, about eight otherwise."""
    if not values:
        return []
    if metric.is_rate and min(values) >= 0 and max(values) <= 100:
        low, width, count = 0.0, 10.0, 10
    else:
        low, high = min(values), max(values)
        if high == low:
            return [(low, high, len(values))]
        raw = (high - low) / 8
        magnitude = 10 ** math.floor(math.log10(raw))
        width = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
        low = math.floor(low / width) * width
        count = int(math.floor((high - low) / width)) + 1
    counts = [0] * count
    for value in values:
        counts[min(int((value - low) // width), count - 1)] += 1
    return [(_round(low + i * width), _round(low + (i + 1) * width), n) for i, n in enumerate(counts)]


def _round(value: float):
    value = round(value, 6)
    return int(value) if float(value).is_integer() else value


def distribution(entries, metric) -> dict:
    """The distribution of the ranked figures as a bar chart (ECharts' options) and its table."""
    values = [e.value for e in entries if e.value is not None]
    bins = _bins(values, metric)
    last = len(bins) - 1
    table = [{"low": lo, "high": hi, "count": n, "closed": i == last} for i, (lo, hi, n) in enumerate(bins)]
    labels = [f"{_num(b['low'])}–{_num(b['high'])}" for b in table]
    chart = {
        "title": {"text": _label(metric), "left": "center", "textStyle": {"fontSize": 14}},
        "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "category", "data": labels, "name": metric.unit},
        "yAxis": {"type": "value", "minInterval": 1, "name": _("bodies")},
        "series": [{"type": "bar", "name": _("bodies"), "label": {"show": True, "position": "top"},
                    "itemStyle": {"color": BLUE}, "data": [b["count"] for b in table]}],
    }
    return {"chart": chart, "table": table, "labels": labels, "missing": len(entries) - len(values)}


BADGES = {rules.MISSING: "red", rules.LATE: "yellow", rules.PUBLISHED: "green"}


def _cells(row, metrics):
    """The row's figure cells as HTML (a province's page has thousands: a template loop per cell is too slow)."""
    parts = []
    for metric in metrics:
        figure = row.figures.get(metric.code)
        if figure is None:
            parts.append('<td class="num" data-value="">—</td>')
        else:  # a number, and a source and mark of our own: nothing to escape
            parts.append(f'<td class="num" data-value="{figure.value}" data-source="{figure.source}">'
                         f'{_num(figure.value)} <small>{figure.mark}</small></td>')
    return mark_safe("".join(parts))  # noqa: S308 - numbers and fixed words only


def _status_badge(status: str):
    return format_html('<span class="badge {}" data-status="{}">{}</span>', BADGES.get(status, ""), status,
                       rules.LABELS[status])


@login_required
def comparison(request):
    """The year's bodies × key indicators, each figure with its source, ranked on the chosen metric, with the
    distribution of that metric as a chart and a table."""
    year = _year(request)
    data = _compared(request, year)
    page = Paginator(data.entries, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = []
    for entry in page.object_list:
        body = entry.row.body
        shown.append({"entry": entry, "body": body, "status": _status_badge(body.status),
                      "cells": _cells(entry.row, data.metrics)})
    params = {k: v for k, v in {"year": year, **data.filters, "metric": data.code}.items() if v}
    context = {
        "year": year, "years": list(range(rules.reporting_year(timezone.localdate()) + 1, 2018, -1)),
        "metrics": data.metrics, "metric": data.metric, "code": data.code, "page": page, "rows": shown,
        "statuses": rules.STATUSES, "kinds": ReportingBody.Kind.choices, **data.filters,
        "distribution": distribution(data.entries, data.metric) if data.metric else None,
        "ranked": sum(1 for e in data.entries if e.rank is not None), "total": len(data.entries),
        "query": urlencode(params), "marks": figures.MARKS, "source_labels": SOURCE_LABELS,
    }
    return render(request, "supervision/comparison.html", context)


def _audit_export(request, what: str, filters: dict) -> None:
    from fazhi.audit.actions import record_event

    record_event(action="export", target=None, actor=request.user,
                 changes={what: [None, {k: str(v) for k, v in filters.items() if v}]})


def _xlsx_response(workbook, name: str) -> HttpResponse:
    from fazhi.ledgers.excel import XLSX

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"{name}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _bar_chart(sheet, *, title: str, first_row: int, last_row: int, data_cols: tuple[int, int], anchor: str,
               stacked: bool = False, horizontal: bool = False):
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    if stacked:
        chart.grouping, chart.overlap = "stacked", 100
    chart.add_data(Reference(sheet, min_col=data_cols[0], max_col=data_cols[1], min_row=first_row, max_row=last_row),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first_row + 1, max_row=last_row))
    sheet.add_chart(chart, anchor)
    return chart


@login_required
def comparison_export(request):
    """The comparison as an Excel workbook: the table (figure and source per metric), the ranking with its chart
    (the analyzer's sheet) and the distribution with its chart (audited)."""
    from openpyxl import Workbook

    from fazhi.analyzer.views import ranking_sheet
    from fazhi.ledgers.excel import cell_text

    year = _year(request)
    data = _compared(request, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("comparison")
    header = [_("Place"), _("Reporting body"), _("Region"), _("Kind of body"), _("Status")]
    for metric in data.metrics:
        header += [_label(metric), _("Source")]
    sheet.append([*header, _("Caveats")])
    for entry in data.entries:
        body = entry.row.body
        line = [entry.rank, cell_text(body.name), cell_text(body.region_name), str(KIND_LABELS[body.kind]),
                str(rules.LABELS[body.status])]
        for metric in data.metrics:
            figure = entry.row.figures.get(metric.code)
            line += [figure.value if figure else None, figure.mark if figure else ""]
        sheet.append([*line, "；".join(entry.caveat_labels)])
    if data.metric:
        ranking_sheet(workbook, {"label": data.metric.label, "unit": data.metric.unit, "entries": data.entries})
        dist = distribution(data.entries, data.metric)
        out = workbook.create_sheet(_("distribution"))
        out.append([_label(data.metric), _("bodies")])
        for label, b in zip(dist["labels"], dist["table"], strict=True):
            out.append([label, b["count"]])
        out.append([_("no figure"), dist["missing"]])
        if dist["table"]:
            _bar_chart(out, title=_label(data.metric), first_row=1, last_row=len(dist["table"]) + 1,
                       data_cols=(2, 2), anchor="D2")
    _audit_export(request, "comparison", {"year": year, "metric": data.code, **data.filters})
    return _xlsx_response(workbook, f"comparison-{year}")


def _matching(request, body: ReportingBody):
    """The person's register rows of the same body in every year: by agency, or by region and name outside fazhi."""
    qs = ReportingBody.objects.visible_to(request.user)
    if body.agency_id:
        return qs.filter(agency_id=body.agency_id)
    return qs.filter(agency__isnull=True, region_id=body.region_id, name=body.name)


def _trend(request, pk: int) -> dict:
    """One body's figure on one metric over five years: the points, the metric and the chart's options."""
    body = ReportingBody.objects.visible_to(request.user).select_related("agency__region", "region").filter(
        pk=pk).first()
    if body is None:
        raise Http404
    metrics = figures.comparison_metrics(body.year)
    extra = request.GET.get("metric", "")
    if extra and extra not in {m.code for m in metrics}:
        metrics += figures.comparison_metrics(body.year, [extra])
    by_code = {m.code: m for m in metrics}
    code = extra if extra in by_code else (metrics[0].code if metrics else "")
    rows = {b.year: b for b in _matching(request, body).only("pk", "year", "analyzed_id")}
    last = max(rows) if rows else body.year
    years = list(range(last - TREND_YEARS + 1, last + 1))
    points = []
    for year in years:
        row = rows.get(year)
        figure = None
        if code and (row is not None or body.agency_id):
            ledger = None
            if body.agency_id:
                one = SimpleNamespace(pk=year, agency_id=body.agency_id, agency_kind=body.agency.kind,
                                      agency_path=body.agency.region.path)
                ledger = figures.ledger_figures([one], year).get(year)
            analyzed = row.analyzed_id if row is not None else None
            reported = figures.report_figures([analyzed]).get(analyzed) if analyzed else None
            figure = figures.merge([code], ledger, reported).get(code)
        points.append({"year": year, "figure": figure, "text": _num(figure.value) if figure else "",
                       "body": row if year in rows else None})
    metric = by_code.get(code)
    chart = None
    if metric:
        chart = {
            "title": {"text": f"{body.name} · {_label(metric)}", "left": "center", "textStyle": {"fontSize": 14}},
            "grid": {"left": 8, "right": 24, "top": 40, "bottom": 8, "containLabel": True},
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "category", "data": [str(p["year"]) for p in points]},
            "yAxis": {"type": "value", "name": metric.unit},
            "series": [{"type": "line", "name": metric.label, "connectNulls": False, "label": {"show": True},
                        "itemStyle": {"color": BLUE},
                        "data": [p["figure"].value if p["figure"] else None for p in points]}],
        }
    return {"body": body, "metrics": metrics, "metric": metric, "code": code, "points": points, "chart": chart,
            "marks": figures.MARKS, "source_labels": SOURCE_LABELS}


@login_required
def trend(request, pk: int):
    """One body's figure on one metric over five years (a line chart and its table, each figure's source)."""
    return render(request, "supervision/trend.html", _trend(request, pk))


# The register's dashboard: filings and publications by month --------------------------------------------------

MONTHS = 6


def _month_of(day: date, year: int) -> int:
    """The column of ``day``: 0 before January of the next year, 1–6 its months, 7 later."""
    if day.year <= year:
        return 0
    if day.year > year + 1:
        return MONTHS + 1
    return min(day.month, MONTHS + 1)


def monthly(qs, year: int) -> dict:
    """Filed and published per month of the year after ``year`` (on time and late apart), from two grouped
    queries over ``qs`` (annotated by ``rules.annotate_status``); as a stacked bar chart and its table."""
    plain, demo = rules.deadlines(year), rules.deadlines(year, demonstration=True)
    names = [_("before January")] + [_("month %(m)d") % {"m": m} for m in range(1, MONTHS + 1)] + [_("later")]
    table = [{"label": n, "filed": 0, "filed_late": 0, "published": 0, "published_late": 0} for n in names]
    for day, demonstration, n in (qs.filter(eff_filed__isnull=False).values_list("eff_filed", "demonstration")
                                  .annotate(n=Count("pk")).order_by()):
        late = day > (demo.filing if demonstration else plain.filing)
        table[_month_of(day, year)]["filed_late" if late else "filed"] += n
    for day, n in (qs.filter(eff_published__isnull=False).values_list("eff_published")
                   .annotate(n=Count("pk")).order_by()):
        table[_month_of(day, year)]["published_late" if day > plain.publication else "published"] += n
    series = [("filed", _("filed on time"), "filed", GREEN), ("filed_late", _("filed late"), "filed", AMBER),
              ("published", _("published on time"), "published", BLUE),
              ("published_late", _("published late"), "published", RED)]
    chart = {
        "grid": {"left": 8, "right": 16, "top": 40, "bottom": 8, "containLabel": True},
        "legend": {"top": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "category", "data": names},
        "yAxis": {"type": "value", "minInterval": 1, "name": _("bodies")},
        "series": [{"type": "bar", "name": label, "stack": stack, "itemStyle": {"color": color},
                    "data": [m[key] for m in table]} for key, label, stack, color in series],
    }
    return {"table": table, "chart": chart, "series": series}


def register_dashboard(qs, year: int) -> dict:
    """The register page's chart of filings and publications by month (the counts per status are its tiles)."""
    return monthly(qs, year)


@login_required
def dashboard_export(request):
    """The year's counts per status and filings and publications per month, with the stacked bar chart (audited)."""
    from openpyxl import Workbook

    year = _year(request)
    qs, filters = _filtered(request, year)
    counts = rules.status_counts(qs)
    data = monthly(qs, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("by month")
    sheet.append([_("Month"), *[label for _k, label, _s, _c in data["series"]]])
    for month in data["table"]:
        sheet.append([month["label"], *[month[key] for key, _l, _s, _c in data["series"]]])
    last = len(data["table"]) + 1
    _bar_chart(sheet, title=_("Filed by month, reports on %(year)d") % {"year": year}, first_row=1, last_row=last,
               data_cols=(2, 3), anchor="G2", stacked=True)
    _bar_chart(sheet, title=_("Published by month, reports on %(year)d") % {"year": year}, first_row=1,
               last_row=last, data_cols=(4, 5), anchor="G18", stacked=True)
    statuses = workbook.create_sheet(_("by status"))
    statuses.append([_("Status"), _("bodies")])
    for code, label in rules.STATUSES:
        statuses.append([str(label), counts[code]])
    _audit_export(request, "register-dashboard", {"year": year, **filters})
    return _xlsx_response(workbook, f"register-dashboard-{year}")
