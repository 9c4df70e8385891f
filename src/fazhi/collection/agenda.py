"""Home-page agenda of collection: a clerk's pending form, and late forms for those who watch them."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from fazhi.core.agenda import AgendaItem, LedgerAgenda, state_of
from fazhi.org.scope import scope_for


class SubmissionAgenda(LedgerAgenda):
    """Pending submissions: the agency's own clerks see theirs from the day the round opens; the office
    (and leaders, supervisors) see only those already late, not every form still within its time."""

    def __call__(self, user, today: date) -> list[AgendaItem]:
        scope = scope_for(user)
        if scope.is_empty:
            return []
        base = self.model.objects.filter(withdrawn_at__isnull=True, next_deadline__isnull=False)
        own = base.filter(agency_id__in=scope.write_agencies,
                          next_deadline__lte=today + timedelta(days=self.horizon_days))
        late = scope.visible(base, self.model.scope_field).filter(next_deadline__lt=today)
        rows = (own | late).select_related("agency__region", "round").order_by("next_deadline", "pk")[: self.limit]
        return [
            AgendaItem(
                ledger=str(self.label), title=row.title, due=row.next_deadline,
                state=state_of(row.next_deadline, today), agency=str(row.agency), region=row.agency.region.name,
                url=reverse(self.url_name, args=[row.pk]), days_left=(row.next_deadline - today).days,
            )
            for row in rows
        ]
