"""Reminders of a penalty case's statutory deadlines (the decision, the hearing request, the service, the
publication and its withdrawal: ``Case.compute_next_deadline``), on the home page and through ``fazhi tick``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.agenda import LedgerAgenda
from fazhi.penalties.models import Case


class CaseAgenda(LedgerAgenda):
    def __init__(self):
        super().__init__(Case, label=_("Penalty cases"), url_name="penalties:case_detail", title_field="title")
