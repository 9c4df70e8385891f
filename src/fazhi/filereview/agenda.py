"""Reminders of the file review, on the home page and through ``fazhi tick``: the rectification items a reviewed
department must complete, from the day the results were sent to it until their due date and beyond."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.agenda import LedgerAgenda
from fazhi.filereview.models import Rectification


class RectificationAgenda(LedgerAgenda):
    """A rectification item's due date (``Rectification.compute_next_deadline``: only once sent): the department
    (and the office) are reminded within the horizon; those who read the region see it once overdue."""

    def __init__(self):
        super().__init__(Rectification, label=_("File review rectification items"),
                         url_name="filereview:rectification_detail", title_field="title", horizon_days=14)
