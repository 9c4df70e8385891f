"""The indicator systems' pages (the list, a system's tree, two systems side by side, the Excel import and export)
and the ranking of a region's bodies.

A system is shown to whoever works where it applies (``scoring.systems_for``); an office imports one for its region.
The ranking shows what the person may read: the office of the region sees every body's score and publishes the
ranking; anyone else sees the scores published to them, and the ranking once the office has published it to the
bodies of the region.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.assessment import scoring, systems
from fazhi.assessment.evidence import sources
from fazhi.assessment.forms import PublishRankingForm, SystemImportForm
from fazhi.assessment.models import IndicatorSystem, RankingPublication, SelfAssessment
from fazhi.assessment.ranking import KINDS, published_rows, ranking_rows
from fazhi.core import params
from fazhi.ledgers.excel import XLSX
from fazhi.ledgers.forms import errors_into
from fazhi.org.models import Membership, Region
from fazhi.org.scope import scope_for


def _visible_systems(user):
    return scoring.systems_for(user).select_related("region")


def _system(user, pk) -> IndicatorSystem:
    system = _visible_systems(user).filter(pk=pk).first() if pk else None
    if system is None:
        raise Http404
    return system


def _office_membership(user):
    """The person's rule-of-law office membership (the first), or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, role=Membership.Role.OFFICE, is_active=True,
                                     agency__is_active=True).select_related("agency__region").first()


def _may_import(user) -> bool:
    return user.is_superuser or _office_membership(user) is not None


def _metric_labels(codes) -> dict[str, str]:
    from fazhi.metrics.models import Metric

    return dict(Metric.objects.filter(code__in=set(codes)).values_list("code", "label"))


def _tree(system: IndicatorSystem) -> list[dict]:
    indicators = list(system.indicators.order_by("position"))
    labels = _metric_labels(i.metric_code for i in indicators if i.metric_code)
    found = sources()
    return [{"indicator": i, "metric": labels.get(i.metric_code, ""),
             "ledger": found[i.ledger].label if i.ledger in found else ""} for i in indicators]


@login_required
def system_list(request):
    """The indicator systems where the person works, each edition with its shape."""
    if scope_for(request.user).is_empty:
        raise Http404
    found = list(_visible_systems(request.user))
    return render(request, "assessment/systems.html", {
        "systems": [(system, systems.shape(system)) for system in found],
        "may_import": _may_import(request.user),
    })


@login_required
def system_detail(request, pk: int):
    """A system's tree: its areas, items and indicators with their points, evidence guidance, metric and ledger."""
    system = _system(request.user, pk)
    others = [s for s in _visible_systems(request.user) if s.pk != system.pk]
    return render(request, "assessment/system.html", {
        "system": system, "tree": _tree(system), "shape": systems.shape(system), "others": others,
    })


@login_required
def system_export(request, pk: int):
    """The system's tree as the import workbook."""
    system = _system(request.user, pk)
    response = HttpResponse(systems.export_workbook(system), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"{system.code}.xlsx")
    return response


@login_required
def system_compare(request):
    """Two systems side by side, their indicators matched by metric, else by title."""
    visible = list(_visible_systems(request.user))
    if not visible:
        raise Http404
    by_pk = {s.pk: s for s in visible}
    left = by_pk.get(params.integer(request, "left", low=1, high=2**62)) or visible[0]
    default_right = next((s for s in visible if s.family == left.family and s.pk != left.pk),
                         next((s for s in visible if s.pk != left.pk), left))
    right = by_pk.get(params.integer(request, "right", low=1, high=2**62)) or default_right
    pairs = systems.compare(left, right)
    return render(request, "assessment/compare.html", {
        "left": left, "right": right, "systems": visible, "pairs": pairs,
        "shapes": (systems.shape(left), systems.shape(right)),
        "counts": {"metric": sum(1 for p in pairs if p.how == "metric"),
                   "title": sum(1 for p in pairs if p.how == "title"),
                   "left": sum(1 for p in pairs if p.right is None),
                   "right": sum(1 for p in pairs if p.left is None)},
    })


@login_required
def system_template(request):
    """The workbook an office fills in to import a system."""
    if not _may_import(request.user):
        raise PermissionDenied
    response = HttpResponse(systems.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "indicator-system-import.xlsx")
    return response


@login_required
def system_import(request):
    """An office's import of a system (the official text replacing a draft, or its province's own)."""
    if not _may_import(request.user):
        raise PermissionDenied
    form = SystemImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        meta = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        if meta["has_points"] and meta["total_points"] is None:
            form.add_error("total_points", _("Give the total of a system whose indicators carry points."))
        else:
            membership = _office_membership(request.user)
            outcome = systems.import_workbook(form.cleaned_data["file"].read(), meta, by=request.user,
                                              region=membership.agency.region if membership else None)
            if outcome.system is not None:
                messages.success(request, _("%(system)s imported: %(count)d indicators.") % {
                    "system": outcome.system, "count": outcome.result.imported})
                return redirect(reverse("assessment:system", args=[outcome.system.pk]))
    status = 422 if request.method == "POST" else 200
    return render(request, "assessment/system_import.html", {"form": form, "outcome": outcome}, status=status)


# The ranking -------------------------------------------------------------------------------------------------------


def region_choices(user) -> list[Region]:
    """The regions a ranking may be asked of: those holding an agency the person reads, and the regions above them
    (a city supervisor ranks the counties' governments of the city), townships aside."""
    scope = scope_for(user)
    if scope.is_empty:
        return []
    codes = set()
    for path in scope.agencies().values_list("region__path", flat=True).distinct():
        codes |= {code for code in path.strip("/").split("/") if code}
    regions = Region.objects.filter(code__in=codes).exclude(level=Region.Level.TOWNSHIP)
    return sorted(regions, key=lambda r: r.path)


def _home_region(request, regions: list[Region]) -> Region:
    """The region the person works in as they act now (the nearest above a township), else the first they may
    rank."""
    membership = getattr(request, "membership", None)
    path = membership.agency.region.path if membership is not None else ""
    by_code = {r.code: r for r in regions}
    for code in reversed([c for c in path.strip("/").split("/") if c]):
        if code in by_code:
            return by_code[code]
    return regions[0]


def _latest_year(user, system) -> int:
    year = SelfAssessment.objects.visible_to(user).filter(system=system, withdrawn_at__isnull=True).order_by(
        "-year").values_list("year", flat=True).first()
    return year or timezone.localdate().year - 1


@login_required
def ranking(request):
    """The ranking of a region's bodies on a system and year, with its caveats; the published ranking beside it."""
    regions = region_choices(request.user)
    visible = list(_visible_systems(request.user))
    if not regions or not visible:
        raise Http404
    by_pk = {s.pk: s for s in visible}
    system = by_pk.get(params.integer(request, "system", low=1, high=2**62)) or next(
        (s for s in visible if s.has_points), visible[0])
    year = params.year(request) or _latest_year(request.user, system)
    by_code = {r.code: r for r in regions}
    region = by_code.get(params.text(request, "region", 12)) or _home_region(request, regions)
    bodies = params.text(request, "bodies", 12)
    bodies = bodies if bodies in RankingPublication.Bodies.values else RankingPublication.Bodies.ALL
    office = scoring.office_region_of(request.user, region)
    rows = ranking_rows(request.user, region, system, year, bodies, as_office=office is not None)
    publication = RankingPublication.objects.filter(region=region, system=system, year=year, bodies=bodies).first()
    query = urlencode({"system": system.pk, "year": year, "region": region.code, "bodies": bodies})
    return render(request, "assessment/ranking.html", {
        "systems": visible, "system": system, "year": year, "years": range(timezone.localdate().year, 2019, -1),
        "regions": regions, "region": region, "bodies": bodies, "bodies_choices": RankingPublication.Bodies.choices,
        "rows": rows, "is_office": office is not None, "publication": publication,
        "published": published_rows(publication) if publication else [],
        "form": PublishRankingForm(prefix="publish") if office is not None else None, "query": query,
        "kinds": KINDS,
    })


@login_required
@require_POST
def ranking_publish(request):
    """The office publishes the ranking to the bodies of the region."""
    regions = {r.code: r for r in region_choices(request.user)}
    region = regions.get(request.POST.get("region", ""))
    system = _visible_systems(request.user).filter(
        pk=params.bounded_int(request.POST.get("system"), low=1, high=2**62)).first()
    year = params.bounded_int(request.POST.get("year"), low=1949, high=2100)
    bodies = request.POST.get("bodies", "")
    if region is None or system is None or year is None or bodies not in RankingPublication.Bodies.values:
        raise Http404
    if scoring.office_region_of(request.user, region) is None:
        raise PermissionDenied
    form = PublishRankingForm(request.POST, prefix="publish")
    back = f"{reverse('assessment:ranking')}?{urlencode({'system': system.pk, 'year': year, 'region': region.code, 'bodies': bodies})}"
    if form.is_valid():
        try:
            scoring.publish_ranking(by=request.user, region=region, system=system, year=year, bodies=bodies,
                                    **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
            for message in form.errors.get("__all__", []) + form.errors.get("published_on", []):
                messages.error(request, message)
        else:
            messages.success(request, _("The ranking is published to the bodies of %(region)s.") % {
                "region": region})
    else:
        messages.error(request, _("Give the date of publication."))
    return redirect(back)
