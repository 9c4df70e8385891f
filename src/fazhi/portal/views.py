"""The public portal (公开): what the law says must be public, here the published annual reports.

No log-in; only reports whose status is "published" exist here, anything else answers 404
(督察规定 第24条: reports are made public before 4月1日, except content involving secrets, which the
confidentiality review removed before publication).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from fazhi.core import params
from fazhi.org.models import Region
from fazhi.reports.models import Report

PUBLIC_FORMATS = ("docx", "pdf")


def published_reports():
    return Report.objects.filter(status=Report.Status.PUBLISHED, withdrawn_at__isnull=True).select_related(
        "agency__region"
    )


def home(request):
    recent = published_reports().order_by("-published_on", "-pk")[:10]
    years = sorted(set(published_reports().values_list("year", flat=True)), reverse=True)
    return render(request, "portal/home.html", {"recent": recent, "years": years})


def report_archive(request):
    """Every published report, by year and reporting body; filter by year, region and kind of body."""
    reports = published_reports()
    year = params.year(request)
    region_code = params.text(request, "region", 64)
    kind = params.text(request, "kind", 64)
    # The filter offers the regions that have published something, and the regions above them.
    paths = set(reports.values_list("agency__region__path", flat=True))
    codes = {code for path in paths for code in path.strip("/").split("/") if code}
    regions = list(Region.objects.filter(code__in=codes).order_by("path"))
    region = next((r for r in regions if r.code == region_code), None)
    years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
    if year:
        reports = reports.filter(year=year)
    if region is not None:
        reports = reports.filter(agency__region__path__startswith=region.path)
    if kind in Report.BodyKind.values:
        reports = reports.filter(body_kind=kind)
    reports = reports.order_by("-year", "agency__region__path", "body_kind", "agency__name")
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    context = {
        "by_year": sorted(by_year.items(), reverse=True), "years": years, "year": year, "regions": regions,
        "region": region, "kind": kind, "kinds": Report.BodyKind.choices, "count": len(reports),
    }
    return render(request, "portal/archive.html", context)


def report_detail(request, pk: int):
    from fazhi.reports.export.html import render_report_html

    report = get_object_or_404(published_reports(), pk=pk)
    # Each figure leads to its public page; the drill-down is for staff only.
    body = render_report_html(report, standalone=False, link=lambda code: public_figure_url(report, code))
    return render(request, "portal/report_detail.html", {"report": report, "body": body,
                                                         "formats": PUBLIC_FORMATS})


def report_download(request, pk: int, fmt: str):
    from fazhi.reports.views import export_response

    if fmt not in PUBLIC_FORMATS:
        raise Http404
    from fazhi.reports.views import site_address

    report = get_object_or_404(published_reports(), pk=pk)
    return export_response(report, fmt, base_url=site_address(request), public=True)


def public_figure_url(report, code: str, base: str = "") -> str:
    """The address of a figure's public page: root-relative on the portal, absolute (``base``) in a file."""
    return base + reverse("portal:report_figure", args=[report.pk, code])


def report_annex(request, pk: int):
    """The annex of a published report as an Excel workbook."""
    from fazhi.reports.views import annex_response

    return annex_response(get_object_or_404(published_reports(), pk=pk))


def report_figure(request, pk: int, metric: str):
    """One figure of a published report, traced for a reader of the public copy: what it counts, this year's and
    last year's value, and where it comes from (a ledger, so many bodies' forms, or the figures a rate divides).
    The link a downloaded or published copy gives for each figure (the drill-down is for staff only)."""
    from fazhi.metrics.models import Metric
    from fazhi.reports import annex
    from fazhi.reports.compose import context_for

    report = get_object_or_404(published_reports(), pk=pk)
    row = annex.trace(report, context_for(report), metric)
    if row is None:
        raise Http404
    printed = next((f for s in report.sections.all() for f in s.figures if f["metric"] == metric), None)
    return render(request, "portal/report_figure.html", {
        "report": report, "row": row, "metric": Metric.objects.get(code=metric), "printed": printed,
    })
