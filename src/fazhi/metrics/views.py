"""The metric catalog as a page for every logged-in person, with downloads.

The catalog is reference data shared by every government and department (ARCHITECTURE.md, principle 3): it
belongs to no agency, so it is not scoped; anyone logged in may read and download it. Editing is the
administrator's, in the admin.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import params
from fazhi.metrics.catalog import catalog_queryset, export_rows, to_csv, to_json, to_xlsx
from fazhi.metrics.models import Metric, Topic

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
}


def default_year() -> int:
    """The year a catalog page shows first: the last full year, the one being reported on."""
    return timezone.localdate().year - 1


def _year(request) -> int | None:
    """Return the year asked for (``?year=``), the default one when absent, or None for “all years”."""
    raw = request.GET.get("year", "").strip()
    if raw == "all":
        return None
    if params.bounded_int(raw, low=1990, high=2100) is not None:
        return int(raw)
    return default_year()


def _years() -> list[int]:
    last = timezone.localdate().year + 1
    first = min([*Metric.objects.values_list("introduced_year", flat=True).distinct(), last])
    return list(range(last, first - 1, -1))


@login_required
def metric_list(request):
    year = _year(request)
    q = request.GET.get("q", "").strip()
    metrics = catalog_queryset(year)
    if q:
        metrics = metrics.search(q)
    metrics = list(metrics)
    topics = dict(Topic.choices)
    groups = []
    for metric in metrics:
        if not groups or groups[-1]["topic"] != metric.topic:
            groups.append({"topic": metric.topic, "label": topics.get(metric.topic, metric.topic), "metrics": []})
        groups[-1]["metrics"].append(metric)
    context = {"groups": groups, "count": len(metrics), "year": year, "years": _years(), "q": q}
    return render(request, "metrics/metric_list.html", context)


@login_required
def metric_detail(request, code):
    metric = get_object_or_404(Metric.objects.select_related("numerator", "denominator"), code=code)
    used_in = Metric.objects.filter(numerator=metric) | Metric.objects.filter(denominator=metric)
    # The pattern as a reader sees it: "N名党政主要负责人…" rather than the "{value}" placeholder.
    sentence = metric.sentence.replace("{value}", "N").replace("{unit}", metric.unit) if metric.sentence else ""
    return render(request, "metrics/metric_detail.html",
                  {"metric": metric, "used_in": used_in.distinct(), "sentence": sentence})


@login_required
def export(request):
    """Download the catalog (for a year, or every metric) as CSV, Excel or JSON."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404(_("Unknown format “%(format)s”: choose csv, xlsx or json.") % {"format": fmt})
    year = _year(request) if request.GET.get("year") else None
    rows = export_rows(catalog_queryset(year))
    content_type, suffix = FORMATS[fmt]
    body = {"csv": to_csv, "json": to_json}.get(fmt, to_xlsx)(rows)
    response = HttpResponse(body, content_type=content_type)
    name = f"metrics-{year}" if year else "metrics"
    response["Content-Disposition"] = f'attachment; filename="{name}.{suffix}"'
    return response
