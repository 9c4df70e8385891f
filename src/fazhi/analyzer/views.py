"""Analyzer pages: upload a batch of published reports, follow its analysis, see each report read, compare.

Every query goes through the organisation scope (``Batch.objects.visible_to``); an outsider gets 404.
Views parse input, call one action, render. The analysis runs after the upload returns: until the batch
is done its page shows the progress (refreshed by htmx), and its comparison and export wait for it.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from fazhi.analyzer import actions, scorecard
from fazhi.analyzer.compare import compare, comparison_sheet
from fazhi.analyzer.forms import BatchForm
from fazhi.analyzer.live_catalog import catalog_mappers
from fazhi.analyzer.models import CONTENT_LABELS, AnalyzedReport, Batch
from fazhi.audit.actions import record_event
from fazhi.org.scope import get_visible_or_404

#: The analyzer's checks (fazhi.analyzer.checks), named in the reader's language.
CHECK_LABELS = {
    "mandated_contents": gettext_lazy("All mandated contents present"),
    "has_measures": gettext_lazy("Measures and results of the year"),
    "has_shortcomings": gettext_lazy("Shortcomings and their causes"),
    "has_first_responsible": gettext_lazy("First-responsible duties of the principal leaders"),
    "has_next_year": gettext_lazy("Next year's plan"),
    "shortcomings_concrete": gettext_lazy("Shortcomings named concretely"),
    "published_on_time": gettext_lazy("Published before 1 April of the following year"),
    "title_names_year": gettext_lazy("The title names the year"),
    "no_placeholder": gettext_lazy("No drafting text left in"),
    "has_figures": gettext_lazy("Figures stated"),
}


# The mandated contents a failed "mandated_contents" check lists, by the code of the check on each one.
_MANDATED_CHECKS = (
    ("has_measures", "measures"),
    ("has_shortcomings", "shortcomings"),
    ("has_first_responsible", "first_responsible"),
    ("has_next_year", "next_year"),
)


#: The signs of a partial copy (fazhi.analyzer.completeness), in the reader's language.
PARTIAL_REASONS = {
    "ends_mid_sentence": gettext_lazy("The text stops in the middle of a sentence."),
    "ends_at_heading": gettext_lazy("The text stops at a heading with nothing under it."),
    "cut_marker": gettext_lazy("The page says the text continues (…, 阅读全文, 未完, 下一页)."),
    "short": gettext_lazy("The text is much shorter than a whole report."),
    "early_last_part": gettext_lazy("The last part seen comes early in a report's usual order."),
    "no_closing": gettext_lazy(
        "It has no closing: no signature with a date, no last part such as next year's plan."
    ),
}


def partial_reasons(result: dict) -> list[str]:
    """Return why the analyzer judged the text a partial copy, in the reader's language (none for a whole one)."""
    if result.get("complete") is not False:
        return []
    evidence = result.get("completeness_evidence") or []
    strong = [code for code in evidence if code in ("ends_mid_sentence", "ends_at_heading", "cut_marker")]
    # The shortfalls count only without a closing; with one, they are no sign of a cut.
    weak = [code for code in evidence if code in ("no_closing", "short", "early_last_part")]
    shown = strong + (weak if "no_closing" in weak else [])
    return [str(PARTIAL_REASONS[code]) for code in shown if code in PARTIAL_REASONS] or [
        result.get("partial_reason") or ""
    ]


def check_reason(check: dict, result: dict) -> str:
    """Return why a check passed or failed, in the reader's language.

    The library (Django-free) writes its reasons in both languages at once; the page says it in one, from the
    check's code and outcome and the specifics the analysis holds (the publication date, the year, the
    figures). A check the app does not know keeps the library's reason.
    """
    code, passed = check.get("code"), check.get("passed")
    if code == "mandated_contents":
        if passed:
            return _("All mandated contents are present.")
        failed = {c.get("code") for c in result.get("checks") or [] if c.get("passed") is False}
        missing = [
            str(CONTENT_LABELS[content]) for check_code, content in _MANDATED_CHECKS if check_code in failed
        ]
        if missing:
            return _("Missing: %(parts)s.") % {"parts": pgettext("list separator", ", ").join(missing)}
        unseen = {c.get("code") for c in result.get("checks") or [] if c.get("passed") is None}
        not_seen = [
            str(CONTENT_LABELS[content]) for check_code, content in _MANDATED_CHECKS if check_code in unseen
        ]
        if passed is None and not_seen:
            return _("Not seen in this partial copy: %(parts)s.") % {
                "parts": pgettext("list separator", ", ").join(not_seen)
            }
    elif code in dict(_MANDATED_CHECKS):
        if passed is None:
            return _("Not seen in this partial copy.")
        return _("Found in the report.") if passed else _("Not found in the report.")
    elif code == "shortcomings_concrete":
        if passed is None and result.get("complete") is False:
            return _("No part on shortcomings is seen in this partial copy.")
        if passed is None:
            return _("The report has no part on shortcomings to judge.")
        if passed:
            return _("The shortcomings are named one by one.")
        return _("The shortcomings are boilerplate only.")
    elif code == "published_on_time":
        date, year = result.get("publication_date"), result.get("year")
        if passed is None or not date or not isinstance(year, int):
            return _("No publication date is printed.")
        values = {"date": date, "deadline": f"{year + 1}-04-01"}
        if passed:
            return _("Published %(date)s, due by %(deadline)s.") % values
        return _("Published %(date)s, after the deadline of %(deadline)s.") % values
    elif code == "title_names_year":
        if passed is None:
            return _("The report has no title.")
        return _("The title names the year.") if passed else _("The title names no year.")
    elif code == "no_placeholder":
        if passed:
            return _("No drafting prompt or placeholder is left in the text.")
        return _("Drafting text is left in: %(text)s") % {"text": (check.get("reason") or "").rsplit("：", 1)[-1]}
    elif code == "has_figures":
        count = len(result.get("indicators") or [])
        return ngettext("%(count)d figure stated.", "%(count)d figures stated.", count) % {"count": count}
    return check.get("reason") or ""


def _current_agency(request):
    membership = getattr(request, "membership", None)
    return membership.agency if membership is not None else None


def _batches(user):
    return (
        Batch.objects.visible_to(user)
        .select_related("agency", "created_by")
        .annotate(
            n=Count("reports"),
            failed=Count("reports", filter=Q(reports__status=AnalyzedReport.Status.FAILED)),
            processed=Count("reports", filter=~Q(reports__status=AnalyzedReport.Status.PENDING)),
        )
    )


# Batches -------------------------------------------------------------------------------------------------


@login_required
def batch_list(request, form=None):
    """The batches the person may see, and the upload form (for a person working for an agency)."""
    agency = _current_agency(request)
    context = {
        "batches": _batches(request.user),
        "agency": agency,
        "form": form or (BatchForm() if agency else None),
        "max_files": actions.MAX_FILES,
    }
    return render(request, "analyzer/batch_list.html", context, status=400 if form is not None else 200)


@login_required
@require_POST
def batch_create(request):
    """Store the uploaded reports as a batch of the person's agency; they are analysed after the response."""
    agency = _current_agency(request)
    if agency is None:
        messages.error(request, _("Uploading needs an agency to work for; ask the administrator for a role."))
        return redirect("analyzer:batch_list")
    form = BatchForm(request.POST, request.FILES)
    if not form.is_valid():
        return batch_list(request, form=form)
    try:
        batch = actions.create_batch(
            agency=agency, name=form.cleaned_data["name"], files=form.cleaned_data["files"], by=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return batch_list(request, form=form)
    messages.success(
        request, _("%(n)d files uploaded; they are being analysed.") % {"n": batch.reports.count()}
    )
    return redirect("analyzer:batch_detail", pk=batch.pk)


def _other_batch(request, batch):
    raw = request.GET.get("compare")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) == batch.pk:
        raise Http404
    return get_visible_or_404(request.user, Batch, pk=int(raw))


def _analysed(batches):
    return list(
        AnalyzedReport.objects.filter(batch__in=batches, status=AnalyzedReport.Status.ANALYSED)
        .select_related("batch")
        .defer("text")
        .order_by("batch__created_at", "position")
    )


def _comparison(batches):
    reports = _analysed(batches)
    several = len(batches) > 1
    results = []
    for report in reports:
        result = dict(report.result)
        if several:  # the same file name may come in both batches
            result["source"] = f"{report.batch.name} / {report.source_name}"
        results.append(result)
    return compare(results, refs=reports, mapper=catalog_mappers().all), results, reports


def _num(value, sign: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"+{text}" if sign and value > 0 else text


def _table(comparison):
    """Return the comparison as the template shows it: header cells and rows of (report, base, cells)."""
    header = []
    for col in comparison.columns:
        header.append({"label": col.metric.label, "code": col.code, "unit": col.metric.unit, "change": False})
        if col.has_change:
            header.append(
                {"label": col.metric.label, "code": col.code, "unit": col.metric.unit, "change": True}
            )
    rows = []
    for row in comparison.rows:
        cells = []
        for col in comparison.columns:
            cells.append(
                {"text": _num(row.values.get(col.code)), "change": False, "derived": col.code in row.derived}
            )
            if col.has_change:
                delta = row.changes.get(col.code)
                cells.append(
                    {
                        "text": _num(delta, sign=True),
                        "change": True,
                        "direction": "" if not delta else ("up" if delta > 0 else "down"),
                    }
                )
        rows.append({"report": row.ref, "base": row.base.ref if row.base else None, "cells": cells})
    return {"header": header, "rows": rows, "derived": any(row.derived for row in comparison.rows)}


CAVEAT_LABELS = {
    "missing": gettext_lazy("no figure in the report: not ranked"),
    "derived": gettext_lazy("worked out from two counts the report gives"),
    "tie": gettext_lazy("the same figure as another report: the same place"),
    "neutral": gettext_lazy("the catalog does not say whether more is better: ordered by size only"),
}


def _ranking(comparison, code: str) -> dict | None:
    """The reports ranked on the metric ``code`` (one of the comparison's columns; else None), each with its
    caveats, and the chart of the ranked figures (ECharts' options, with the table beside it for who cannot see
    it)."""
    from fazhi.analyzer import ranking
    from fazhi.metrics.models import Metric

    column = next((col for col in comparison.columns if col.code == code), None)
    if column is None:
        return None
    better = Metric.objects.filter(code=code).values_list("better", flat=True).first() or ""
    entries = ranking.rank(comparison.rows, code, better)
    for entry in entries:
        entry.report = entry.row.ref
        entry.name = entry.report.government or entry.report.source_name
        entry.text = _num(entry.value)
        entry.caveat_labels = [str(CAVEAT_LABELS[c]) for c in entry.caveats]
    ranked = [e for e in entries if e.rank is not None]
    title = f"{column.metric.label}" + (f"（{column.metric.unit}）" if column.metric.unit else "")
    chart = {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "grid": {"left": 8, "right": 48, "top": 36, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "inverse": True, "data": [e.name for e in ranked]},
        "series": [{"type": "bar", "name": column.metric.label, "label": {"show": True, "position": "right"},
                    "itemStyle": {"color": "#1d4ed8"},
                    "data": [{"value": e.value, "itemStyle": {"color": "#b45309"}} if "derived" in e.caveats
                             else e.value for e in ranked]}],
    }
    return {"code": code, "label": column.metric.label, "unit": column.metric.unit, "better": better,
            "entries": entries, "chart": chart, "height": 80 + 28 * max(len(ranked), 1),
            "missing": len(entries) - len(ranked)}


@login_required
def batch_detail(request, pk: int):
    """One row per report with its status and checks, and the comparison table (optionally with another batch)."""
    batch = get_visible_or_404(request.user, Batch.objects.select_related("agency", "created_by"), pk=pk)
    other = _other_batch(request, batch)
    reports = list(batch.reports.defer("text").order_by("position", "pk"))
    for report in reports:
        report.error_list = _report_errors(report) if report.failed else []
    ready = batch.done and (other is None or other.done)
    comparison = _comparison([batch, other] if other else [batch])[0] if ready else None
    ranking = _ranking(comparison, request.GET.get("rank", "")) if comparison is not None else None
    context = {
        "batch": batch,
        "other": other,
        "ready": ready,
        "progress": actions.progress(batch),
        "reports": reports,
        "analysed": sum(1 for r in reports if r.status == AnalyzedReport.Status.ANALYSED),
        "failed": sum(1 for r in reports if r.failed),
        "content_labels": list(CONTENT_LABELS.values()),
        "table": _table(comparison) if comparison is not None else None,
        "ranking": ranking,
        "rank_choices": [(col.code, col.metric.label) for col in comparison.columns] if comparison else [],
        "candidates": Batch.objects.visible_to(request.user)
        .exclude(pk=batch.pk)
        .filter(status=Batch.Status.DONE)
        .select_related("agency"),
    }
    return render(request, "analyzer/batch_detail.html", context)


@login_required
def batch_progress(request, pk: int):
    """The progress of the batch's analysis (the part of its page htmx refreshes); a full reload once done."""
    batch = get_visible_or_404(request.user, Batch, pk=pk)
    if batch.done and request.htmx:
        return HttpResponseClientRefresh()  # the page now shows the results
    if not batch.done:
        actions.resume_if_stalled(batch)
    return render(request, "analyzer/_progress.html", {"batch": batch, "progress": actions.progress(batch)})


def ranking_sheet(workbook, ranking: dict) -> None:
    """The ranking as a sheet: place, report, figure and caveats, with a bar chart of the ranked figures."""
    from openpyxl.chart import BarChart, Reference

    sheet = workbook.create_sheet(_("ranking"))
    label = ranking["label"] + (f" ({ranking['unit']})" if ranking["unit"] else "")
    sheet.append([_("Place"), _("Report"), label, _("Caveats")])
    ranked = 0
    for entry in ranking["entries"]:
        sheet.append([entry.rank, entry.name, entry.value, "；".join(entry.caveat_labels)])
        ranked += entry.rank is not None
    if ranked:
        chart = BarChart()
        chart.type = "bar"
        chart.title = label
        chart.y_axis.title = label
        chart.legend = None
        chart.height = max(7.5, 0.6 * ranked + 2)
        chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=ranked + 1), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=ranked + 1))
        chart.x_axis.scaling.orientation = "maxMin"  # the first place at the top, as on the page
        sheet.add_chart(chart, "F2")


@login_required
def batch_export(request, pk: int):
    """The comparison table as an Excel workbook, with each report's sections, figures, checks and evaluation.

    Only of analysed batches: while one is being analysed the person is sent back to its page.
    """
    from openpyxl import Workbook

    from fazhi.analyzer.cli import EvaluatedXlsxWriter

    batch = get_visible_or_404(request.user, Batch, pk=pk)
    other = _other_batch(request, batch)
    if not batch.done or (other is not None and not other.done):
        messages.info(request, _("The batch is still being analysed: export it when every report is read."))
        return redirect("analyzer:batch_detail", pk=batch.pk)
    comparison, results, reports = _comparison([batch, other] if other else [batch])
    evaluations = scorecard.evaluate_reports(reports)
    workbook = Workbook(write_only=True)
    comparison_sheet(workbook, comparison)
    ranking = _ranking(comparison, request.GET.get("rank", ""))
    if ranking is not None:
        ranking_sheet(workbook, ranking)
    buffer = io.BytesIO()
    writer = EvaluatedXlsxWriter(
        buffer, workbook=workbook, header=scorecard.sheet_header(), name=scorecard.criterion_name
    )
    for result, report in zip(results, reports, strict=True):
        result["evaluation"] = evaluations.get(report.pk)
        writer.add(result)
    writer.close()
    record_event(
        action="export",
        target=batch,
        actor=request.user,
        reason=f"comparison with batch {other.pk}" if other else "comparison",
    )
    name = f"analyzer-{batch.pk}" + (f"-{other.pk}" if other else "") + ".xlsx"
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# One report ----------------------------------------------------------------------------------------------


def _report_errors(report) -> list[str]:
    return [actions.error_message(e) for e in (report.result or {}).get("errors") or []] or (
        [report.error] if report.error else []
    )


def _valid_span(item: dict, length: int) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
        return start, end
    return None


def _mark_title(indicators: list[dict], mapper) -> str:
    parts = []
    for ind in indicators:
        value = _num(ind.get("value"))
        text = f"{ind.get('label') or ''}: {value} {ind.get('unit') or ''}".strip()
        metric = mapper.metric(ind["metric"]) if ind.get("metric") else None
        if metric is not None:
            text += f" · {metric.label} ({metric.code})"
        parts.append(text)
    return " | ".join(parts)


def highlighted_text(text: str, sections: list[dict], indicators: list[dict], mapper=None, evidence=()):
    """Return the report's text as HTML: headings in bold with anchors (``sec-N``), figures in ``<mark>``.

    The text is cut at every boundary of a heading or a figure and each piece escaped, so overlapping
    spans never break the markup. ``mapper`` names the metrics (the live catalog unless given).
    ``evidence``: the evaluation's spans ``(start, end, k, kind)`` (``scorecard.table``): an anchor ``ev-k`` at the
    start of each and ``data-ev`` listing the spans each piece of text lies in, which the page lights up.
    """
    mapper = mapper or catalog_mappers().all
    length = len(text)
    marks: dict[tuple[int, int], list[dict]] = {}
    for ind in indicators:
        span = _valid_span(ind, length)
        if span:
            marks.setdefault(span, []).append(ind)
    heads = []
    anchors: dict[int, list[int]] = {}
    for index, sec in enumerate(sections):
        start = sec.get("start")
        if not isinstance(start, int) or not 0 <= start <= length:
            continue
        anchors.setdefault(start, []).append(index)
        end = sec.get("heading_end")
        if isinstance(end, int) and start < end <= length:
            heads.append((start, end, sec.get("level") or 1))
    evidence = [(a, b, k) for a, b, k, _kind in evidence if 0 <= a < b <= length]
    ev_anchors: dict[int, list[int]] = {}
    for a, _b, k in evidence:
        ev_anchors.setdefault(a, []).append(k)
    points = {0, length, *anchors}
    for start, end in marks:
        points.update((start, end))
    for a, b, _k in evidence:
        points.update((a, b))
    for start, end, _level in heads:
        points.update((start, end))
    points = sorted(p for p in points if 0 <= p <= length)
    mark_spans = sorted(marks.items())
    out = []
    for a, b in zip(points, points[1:], strict=False):
        for index in anchors.get(a, ()):
            out.append(f'<span class="anchor" id="sec-{index}"></span>')
        for k in ev_anchors.get(a, ()):
            out.append(f'<span class="anchor" id="ev-{k}"></span>')
        piece = escape(text[a:b])
        covering = [(span, inds) for span, inds in mark_spans if span[0] <= a and b <= span[1]]
        if covering:
            span, inds = min(covering, key=lambda m: m[0][1] - m[0][0])
            codes = " ".join(sorted({i["metric"] for i in inds if i.get("metric")}))
            css = "figure" if codes else "figure unmapped"
            piece = (
                f'<mark class="{css}" data-metric="{escape(codes)}" data-start="{span[0]}" '
                f'title="{escape(_mark_title(inds, mapper))}">{piece}</mark>'
            )
        level = next((lv for s, e, lv in heads if s <= a and b <= e), None)
        if level is not None:
            piece = f'<strong class="heading level-{min(int(level), 4)}">{piece}</strong>'
        inside = [str(k) for s, e, k in evidence if s <= a and b <= e]
        if inside:
            piece = f'<span class="evidence" data-ev="{" ".join(inside)}">{piece}</span>'
        out.append(piece)
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped above


@login_required
def report_detail(request, pk: int):
    """The report's text with its headings outlined and its figures highlighted, and the checks."""
    report = get_visible_or_404(request.user, AnalyzedReport.objects.select_related("batch__agency"), pk=pk)
    result = report.result or {}
    sections = result.get("sections") or []
    indicators = result.get("indicators") or []
    mapper = catalog_mappers().all
    outline = [
        {
            "index": i,
            "heading": s.get("heading"),
            "level": s.get("level") or 1,
            "kind": s.get("kind"),
            "category": s.get("category"),
            "category_label": CONTENT_LABELS.get(s.get("category"), ""),
        }
        for i, s in enumerate(sections)
    ]
    checks = [
        {
            "code": c.get("code"),
            "label": CHECK_LABELS.get(c.get("code"), c.get("code")),
            "passed": c.get("passed"),
            "reason": check_reason(c, result),
        }
        for c in result.get("checks") or []
    ]
    evaluation = scorecard.evaluate_report(report) if not report.failed else None
    evaluation_rows, evidence = scorecard.table(evaluation, report.text or "", mapper) if evaluation else ([], [])
    figures = [
        {
            **ind,
            "metric_label": mapper.metric(ind["metric"]).label
            if ind.get("metric") and mapper.metric(ind["metric"])
            else "",
            "value_text": _num(ind.get("value")),
        }
        for ind in indicators
    ]
    context = {
        "report": report,
        "batch": report.batch,
        "result": result,
        "contents": report.contents(),
        "outline": outline,
        "checks": checks,
        "figures": figures,
        "errors": _report_errors(report),
        "warnings": result.get("warnings") or [],
        "partial_reasons": partial_reasons(result),
        "evaluation": evaluation,
        "evaluation_rows": evaluation_rows,
        "evaluation_total": scorecard.percent(evaluation["total"]) if evaluation else "",
        "evaluation_caveat": scorecard.caveat(evaluation) if evaluation else "",
        "body": highlighted_text(report.text, sections, indicators, mapper, evidence) if report.text else "",
    }
    return render(request, "analyzer/report_detail.html", context)


@login_required
def report_download(request, pk: int):
    """The file as uploaded, to a person who may see its batch."""
    report = get_visible_or_404(request.user, AnalyzedReport, pk=pk)
    if not report.file:
        raise Http404
    name = PurePosixPath(report.source_name.rsplit("!", 1)[-1]).name or "report"
    response = FileResponse(
        report.file.open("rb"), as_attachment=True, filename=name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
