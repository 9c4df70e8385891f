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


#: At most this many feedback rows of each list on the home page (the list page has them all).
FEEDBACK_ROWS = 10


def feedback_panel(user) -> dict | None:
    """The feedback the person's bodies have not answered yet (for their clerks and office), and the answers waiting
    for the supervisor to close or reopen; None when there is neither."""
    from fazhi.org.scope import scope_for

    from .feedback import AWAITING
    from .models import Feedback

    scope = scope_for(user)
    if scope.is_empty:
        return None
    visible = Feedback.objects.visible_to(user).select_related("body", "shared_by")
    to_answer = list(Feedback.objects.editable_by(user).filter(status__in=AWAITING).exclude(shared_by=user)
                     .select_related("body", "shared_by").order_by("shared_at", "pk")[:FEEDBACK_ROWS])
    answered = visible.filter(status=Feedback.Status.ANSWERED)
    if not scope.is_admin:  # as ``feedback.may_close``: the sharer, or a supervisor above the body not of it
        others = Q(body__in=ReportingBody.objects.managed_by(user)) & ~Q(body__agency__in=scope.editable_agencies())
        answered = answered.filter(Q(shared_by=user) | others)
    answered = list(answered.order_by("answered_at", "pk")[:FEEDBACK_ROWS])
    if not to_answer and not answered:
        return None
    return {"to_answer": to_answer, "answered": answered}
