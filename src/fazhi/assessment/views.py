"""The supervisor's page of the counties side by side: for each county below them, its rectification items open,
overdue and closed in the year, and the assessment score of the county's government (its latest result published on
the chosen indicator system and year), as a bar chart drawn here in SVG (nothing fetched from elsewhere) and as a
table.

What is counted is what the person may read (``scope_for``): a city supervisor sees each county below the city, a
county's office its own county, a clerk their own agency's items in their county (and a government's score only
where they may read the government's self-assessment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.assessment.models import IndicatorSystem, Rectification, SelfAssessment
from fazhi.core import params
from fazhi.org.models import Agency, Region
from fazhi.org.scope import scope_for

S = Rectification.Status
#: The bars of each county: key, colour (WCAG AA against white), and the series' name.
SERIES = (("open", "#1d4ed8"), ("overdue", "#b91c1c"), ("closed", "#15803d"))
#: The colour of the assessment score's bar.
SCORE_COLOUR = "#7c3aed"

BAR = 16
GAP = 4
ROW = 3 * BAR + 2 * GAP + 18
LABEL = 110
WIDTH = 640
#: The panel of the assessment scores, right of the counts.
SCORE_X = WIDTH + 30
SCORE_SPAN = 200


@dataclass
class CountyRow:
    region: Region
    open: int = 0
    overdue: int = 0
    closed: int = 0
    score: Decimal | None = None
    caveats: list[str] = field(default_factory=list)
    assessment: SelfAssessment | None = None


def county_rows(user, year: int, today) -> list[CountyRow]:
    """Each county the person may read, with the counts of the items they may read: open (not closed), overdue
    (the agency still rectifying past the deadline) and closed in ``year``."""
    scope = scope_for(user)
    counties = {region.code: CountyRow(region) for region in
                scope.regions().filter(level=Region.Level.COUNTY).order_by("code")}
    if not counties:
        return []
    items = scope.visible(Rectification.objects.filter(withdrawn_at__isnull=True), "agency")
    grouped = items.values("agency__region__path").annotate(
        open=Count("pk", filter=Q(status__in=Rectification.UNCLOSED_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=Rectification.OPEN_STATUSES, deadline__lt=today)),
        closed=Count("pk", filter=Q(status=S.CLOSED, closed_on__year=year)),
    ).order_by()
    for row in grouped:
        codes = [c for c in row["agency__region__path"].strip("/").split("/") if c]
        county = next((counties[c] for c in codes if c in counties), None)
        if county is None:
            continue
        county.open += row["open"]
        county.overdue += row["overdue"]
        county.closed += row["closed"]
    return list(counties.values())


def _published(user):
    """The governments' self-assessments published, that the person may read."""
    return scope_for(user).visible(SelfAssessment.objects.filter(
        status=SelfAssessment.Status.PUBLISHED, withdrawn_at__isnull=True, agency__kind=Agency.Kind.GOVERNMENT),
        "agency")


def add_scores(rows: list[CountyRow], user, system: IndicatorSystem | None, assessed: int) -> None:
    """Put on each county the score of its government's latest result published on ``system`` for ``assessed``."""
    from fazhi.assessment.ranking import rank, rows_for

    if system is None or not rows:
        return
    by_code = {row.region.code: row for row in rows}
    found = _published(user).filter(system=system, year=assessed, agency__region__code__in=list(by_code)) \
        .select_related("agency__region", "system").order_by("published_on", "pk")
    found = list(found)
    scored = {r.assessment_id: r for r in rank(rows_for(found, user), system.has_points, system.total_points)}
    for assessment in found:  # the latest publication of a county last: it wins
        county = by_code[assessment.agency.region.code]
        row = scored[assessment.pk]
        county.score, county.assessment = row.score, assessment
        county.caveats = [c.text() for c in row.caveats if c.code != "tie"]


def chart(rows: list[CountyRow], top_score: Decimal | None = None) -> dict:
    """The bars of the chart: per county, one bar per series, scaled to the largest count, and the score's bar
    scaled to the system's total (``top_score``)."""
    labels = {"open": _("open"), "overdue": _("overdue"), "closed": _("closed this year")}
    top = max([max(r.open, r.overdue, r.closed) for r in rows] + [1])
    span = WIDTH - LABEL - 40
    groups = []
    for index, row in enumerate(rows):
        y = index * ROW + 6
        bars = []
        for offset, (key, colour) in enumerate(SERIES):
            value = getattr(row, key)
            bars.append({"key": key, "label": labels[key], "colour": colour, "value": value,
                         "y": y + offset * (BAR + GAP), "width": round(value * span / top, 1),
                         "text_x": LABEL + round(value * span / top, 1) + 4,
                         "text_y": y + offset * (BAR + GAP) + BAR - 4})
        score = None
        if top_score is not None:
            width = round(float(row.score or 0) * SCORE_SPAN / float(top_score or 1), 1)
            score = {"value": row.score, "width": width, "y": y + BAR + GAP, "text_x": SCORE_X + width + 4,
                     "text_y": y + 2 * BAR + GAP - 4}
        groups.append({"name": row.region.name, "y": y + (3 * BAR + 2 * GAP) // 2 + 5, "bars": bars, "score": score})
    width = WIDTH if top_score is None else SCORE_X + SCORE_SPAN + 50
    return {"groups": groups, "height": max(len(rows), 1) * ROW + 24, "width": width, "label_x": LABEL - 8,
            "bar_x": LABEL, "bar_height": BAR, "series": [(key, colour, labels[key]) for key, colour in SERIES],
            "score_x": SCORE_X, "score_colour": SCORE_COLOUR, "axis_y": max(len(rows), 1) * ROW + 18,
            "top_score": top_score}


def _systems(user):
    from fazhi.assessment.scoring import systems_for

    return list(systems_for(user))


def counties(request, pages):
    """The counties side by side (``Pages.reports`` entry ``counties``)."""
    today = timezone.localdate()
    year = params.year(request) or today.year
    rows = county_rows(request.user, year, today)
    systems = _systems(request.user)
    by_pk = {s.pk: s for s in systems}
    published = _published(request.user).filter(system__in=systems)
    latest = published.order_by("-year", "-published_on").values_list("system_id", "year").first()
    system = by_pk.get(params.integer(request, "system", low=1, high=2**62)) or (
        by_pk.get(latest[0]) if latest else next((s for s in systems if s.has_points), None))
    assessed = params.year(request, "assessed")
    if assessed is None:
        found = published.filter(system=system).order_by("-year").values_list("year", flat=True).first()
        assessed = found or today.year - 1
    add_scores(rows, request.user, system, assessed)
    top_score = (system.total_points or Decimal(100)) if system is not None else None
    if system is not None and not system.has_points:
        top_score = Decimal(100)
    return render(request, "assessment/counties.html", {
        "pages": pages, "rows": rows, "chart": chart(rows, top_score), "year": year, "today": today,
        "years": range(today.year, today.year - 6, -1), "systems": systems, "system": system, "assessed": assessed,
        "totals": {"open": sum(r.open for r in rows), "overdue": sum(r.overdue for r in rows),
                   "closed": sum(r.closed for r in rows)},
    })
