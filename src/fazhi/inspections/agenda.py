"""Reminders of random inspection results to publish (一公开), on the home page and through ``fazhi tick``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.agenda import LedgerAgenda
from fazhi.inspections.models import Inspection


class PublicationAgenda(LedgerAgenda):
    """A recorded result's next deadline is the day it must be published by (``Inspection.compute_next_deadline``):
    due soon it is yellow, late it is red, like every other deadline."""

    def __init__(self):
        super().__init__(Inspection, label=_("Random inspection results"), url_name="inspections:inspection_detail",
                         title_field="title", horizon_days=7)

    def _live(self, qs, today):
        # The title names the entity and the item: read in the same query, for the home page and the tick alike.
        return super()._live(qs, today).select_related("entity", "item")
