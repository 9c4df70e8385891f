"""Excel export of the decision list, with the filters of the page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fazhi.decisions.models import Decision
from fazhi.ledgers.excel import Sheet


def decisions_sheet(queryset) -> Sheet:
    """One row per decision of ``queryset`` (already scoped and filtered)."""
    header = [_("Year"), _("Decision title"), _("Lead unit"), _("Decision-making body"), _("Category"), _("Status"),
              _("To be completed by"), _("Decided on"), _("Published on"), _("Next deadline")]
    categories = dict(Decision._meta.get_field("category").choices)
    statuses = dict(Decision.Status.choices)
    rows = ([d.year, d.title, d.agency.name, d.deciding_body.name, str(categories.get(d.category, d.category)),
             str(statuses.get(d.status, d.status)), d.planned_completion, d.decided_on, d.published_on,
             d.next_deadline] for d in queryset.iterator(chunk_size=2000))
    return Sheet(_("Major decisions"), header, rows)


__all__ = ["decisions_sheet"]
