"""The supervisor's page of the counties side by side: for each county below them, its rectification items open,
overdue and closed in the year, as a bar chart drawn here in SVG (nothing fetched from elsewhere) and as a table.

What is counted is what the person may read (``scope_for``): a city supervisor sees each county below the city, a
county's office its own county, a clerk their own agency's items in their county.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.assessment.models import Rectification
from fazhi.core import params
from fazhi.org.models import Region
from fazhi.org.scope import scope_for

S = Rectification.Status
#: The bars of each county: key, colour (WCAG AA against white), and the series' name.
SERIES = (("open", "#1d4ed8"), ("overdue", "#b91c1c"), ("closed", "#15803d"))

BAR = 16
GAP = 4
ROW = 3 * BAR + 2 * GAP + 18
LABEL = 110
WIDTH = 640


@dataclass
class CountyRow:
    region: Region
    open: int = 0
    overdue: int = 0
    closed: int = 0


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


def chart(rows: list[CountyRow]) -> dict:
    """The bars of the chart: per county, one bar per series, scaled to the largest count."""
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
        groups.append({"name": row.region.name, "y": y + (3 * BAR + 2 * GAP) // 2 + 5, "bars": bars})
    return {"groups": groups, "height": max(len(rows), 1) * ROW + 6, "width": WIDTH, "label_x": LABEL - 8,
            "bar_x": LABEL, "bar_height": BAR, "series": [(key, colour, labels[key]) for key, colour in SERIES]}


def counties(request, pages):
    """The counties side by side (``Pages.reports`` entry ``counties``)."""
    today = timezone.localdate()
    year = params.year(request) or today.year
    rows = county_rows(request.user, year, today)
    return render(request, "assessment/counties.html", {
        "pages": pages, "rows": rows, "chart": chart(rows), "year": year, "today": today,
        "years": range(today.year, today.year - 6, -1),
        "totals": {"open": sum(r.open for r in rows), "overdue": sum(r.overdue for r in rows),
                   "closed": sum(r.closed for r in rows)},
    })
