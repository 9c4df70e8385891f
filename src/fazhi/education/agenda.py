"""The home page's reminders of the education ledger beyond the records' own deadlines (``Pages.agenda``): an
agency that kept a responsibility list last year and has none for this year as its due day nears, and Constitution
Week coming (国家宪法日 12-04, 宪法宣传周 12-01…12-07) with how many activities the person's agencies have planned
for it."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from fazhi.core.agenda import AgendaItem, state_of
from fazhi.org.scope import scope_for

#: How many days ahead the reminders show.
HORIZON_DAYS = 30


class MissingListAgenda:
    """Agencies the person keeps that had a list last year and have none for this year, within ``HORIZON_DAYS`` of
    the list's due day or past it (谁执法谁普法: the list is made every year)."""

    model = None  # no record to remind of in ``fazhi tick``: the record is missing

    def __call__(self, user, today: date) -> list[AgendaItem]:
        from fazhi.education.actions import publication_due_of
        from fazhi.education.models import ResponsibilityList

        scope = scope_for(user)
        if scope.is_empty:
            return []
        due = publication_due_of(ResponsibilityList(year=today.year))
        if today < due - timedelta(days=HORIZON_DAYS):
            return []
        agencies = scope.editable_agencies()
        live = ResponsibilityList.objects.filter(withdrawn_at__isnull=True, agency__in=agencies)
        had = set(live.filter(year=today.year - 1).values_list("agency_id", flat=True))
        has = set(live.filter(year=today.year).values_list("agency_id", flat=True))
        url = reverse("education:create")
        return [AgendaItem(ledger=_("Legal-education responsibility lists"),
                           title=_("No responsibility list for %(year)d yet") % {"year": today.year},
                           due=due, state=state_of(due, today), agency=agency.name, region=agency.region.name,
                           url=url, days_left=(due - today).days)
                for agency in agencies.filter(pk__in=had - has).select_related("region").order_by("name")[:50]]


class ConstitutionWeekAgenda:
    """Constitution Week coming: one item for a person who keeps activities, from ``HORIZON_DAYS`` before it until
    its last day, saying how many activities their agencies planned for it."""

    model = None

    def __call__(self, user, today: date) -> list[AgendaItem]:
        from fazhi.education.campaigns import CONSTITUTION_WEEK
        from fazhi.education.models import Activity

        first, last = CONSTITUTION_WEEK.window(today.year)
        if not first - timedelta(days=HORIZON_DAYS) <= today <= last:
            return []
        scope = scope_for(user)
        if scope.is_empty or not scope.editable_agencies().exists():
            return []
        planned = scope.editable(Activity.objects.filter(
            withdrawn_at__isnull=True, campaign__in=("constitution_week", "constitution_day"),
            planned_on__range=(first, last)), "agency").count()
        return [AgendaItem(
            ledger=_("Legal-education activities"),
            title=_("Constitution Week %(first)s–%(last)s: %(count)d activities planned") % {
                "first": first.isoformat(), "last": last.isoformat(), "count": planned},
            due=first, state=state_of(first, today) if today <= first else "today", agency="", region="",
            url=reverse("education_activities:list"), days_left=max((first - today).days, 0))]
