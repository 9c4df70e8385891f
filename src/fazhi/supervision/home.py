"""What the register puts on the home page: the missing bodies as overdue agenda items, and a panel counting the
missing and late bodies of the year being chased."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core.agenda import AgendaItem

from . import rules
from .models import ReportingBody

#: At most this many missing bodies on the agenda (a province has thousands; the panel links to all).
AGENDA_LIMIT = 50
PANEL_ROWS = 5


def _year_rows(user, today: date):
    year = rules.reporting_year(today)
    qs = ReportingBody.objects.visible_to(user).filter(year=year)
    return year, rules.annotate_status(qs, year, today)


def missing_agenda(user, today: date) -> list[AgendaItem]:
    """The missing bodies of the year being chased, each an overdue item at the deadline it missed."""
    year, rows = _year_rows(user, today)
    rows = rows.filter(status=rules.MISSING).select_related("region").order_by("region_path", "name")[:AGENDA_LIMIT]
    due_plain, due_demo = rules.deadlines(year), rules.deadlines(year, demonstration=True)
    items = []
    for body in rows:
        due = due_demo if body.demonstration else due_plain
        missed = due.filing if body.eff_filed is None and body.eff_published is None else due.publication
        items.append(AgendaItem(
            ledger=_("Register of reporting bodies"),
            title=_("Annual report for %(year)d") % {"year": year},
            due=missed, state="overdue", agency=body.name, region=body.region.name,
            url=reverse("supervision:body_detail", args=[body.pk]), days_left=(missed - today).days,
        ))
    return items


def panel(user, today: date) -> dict | None:
    """Counts of the missing and late bodies and the first few of each, for the supervisor's and office's home
    page; None when the person sees no register for the year."""
    year, rows = _year_rows(user, today)
    counts = rows.aggregate(total=Count("pk"), missing=Count("pk", filter=Q(status=rules.MISSING)),
                            late=Count("pk", filter=Q(status=rules.LATE)))
    if not counts["total"]:
        return None
    pick = rows.select_related("region").order_by("region_path", "name")
    return {
        "year": year,
        **counts,
        "due": rules.deadlines(year),
        "source": rules.SOURCE,
        "first_missing": list(pick.filter(status=rules.MISSING)[:PANEL_ROWS]),
        "first_late": list(pick.filter(status=rules.LATE)[:PANEL_ROWS]),
    }
