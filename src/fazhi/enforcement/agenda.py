"""Reminders of the enforcement ledger, on the home page and through ``fazhi tick``: certificates coming to the end
of their validity, complaints coming to their deadline, rectification items coming due."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.agenda import AgendaItem, LedgerAgenda, state_of
from fazhi.enforcement.models import Certificate, Complaint, RectificationItem, warning_days
from fazhi.org.scope import scope_for


class CertificateAgenda(LedgerAgenda):
    """A certificate's next deadline is the start of its warning period (``Certificate.compute_next_deadline``);
    its agency is reminded from as many days before that, in time to renew it."""

    def __init__(self):
        super().__init__(Certificate, label=_("Enforcement certificates"), url_name="enforcement:certificate_detail",
                         title_field="title")

    @property
    def horizon_days(self) -> int:
        """The warning period, read when asked (a setting, FAZHI_ENFORCEMENT_CERTIFICATE_WARNING_DAYS)."""
        return warning_days()

    @horizon_days.setter
    def horizon_days(self, value) -> None:
        """The base class sets a fixed horizon; this one follows the setting."""

    def _live(self, qs, today):
        # The title names the holder: read in the same query, for the home page and the tick alike.
        return super()._live(qs, today).select_related("officer")


class ComplaintAgenda(LedgerAgenda):
    """A complaint's deadline (``Complaint.due_on``): the rule-of-law office handling it is reminded within the
    horizon; the department complained about, which does not handle it, sees it only once overdue."""

    def __init__(self):
        super().__init__(Complaint, label=_("Complaints about enforcement"), url_name="enforcement:complaint_detail",
                         title_field="title", horizon_days=14)

    def __call__(self, user, today: date) -> list[AgendaItem]:
        scope = scope_for(user)
        if scope.is_empty:
            return []
        base = self._live(Complaint.objects.filter(withdrawn_at__isnull=True, next_deadline__isnull=False), today)
        if scope.is_admin:
            handled = base
        else:
            handled = base.none()
            for subtree in scope.write_subtrees:
                handled |= base.filter(agency__region__path__startswith=subtree)
        soon = handled.filter(next_deadline__lte=today + timedelta(days=self.horizon_days))
        overdue = scope.visible(base, "agency").filter(next_deadline__lt=today)
        rows = (soon | overdue).select_related("agency__region").order_by("next_deadline", "pk")[: self.limit]
        return [AgendaItem(ledger=str(self.label), title=row.title, due=row.next_deadline,
                           state=state_of(row.next_deadline, today), agency=str(row.agency),
                           region=row.agency.region.name, url=reverse(self.url_name, args=[row.pk]),
                           days_left=(row.next_deadline - today).days) for row in rows]


class RectificationAgenda(LedgerAgenda):
    """A rectification item's due date: the checked department (and the office) are reminded within the horizon."""

    def __init__(self):
        super().__init__(RectificationItem, label=_("Rectification items"),
                         url_name="enforcement:rectification_detail", title_field="title", horizon_days=14)
