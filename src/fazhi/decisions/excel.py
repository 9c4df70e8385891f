"""Excel export of the decision list, with the filters of the page."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from fazhi.decisions.models import Decision


def export_decisions(queryset) -> bytes:
    """Return an .xlsx with one row per decision of ``queryset`` (already scoped and filtered)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Major decisions"))
    header = [_("Year"), _("Decision title"), _("Lead unit"), _("Decision-making body"), _("Category"), _("Status"),
              _("To be completed by"), _("Decided on"), _("Published on"), _("Next deadline")]
    sheet.append(header)
    categories = dict(Decision._meta.get_field("category").choices)
    statuses = dict(Decision.Status.choices)
    for d in queryset.iterator(chunk_size=2000):
        sheet.append([
            d.year, d.title, d.agency.name, d.deciding_body.name, str(categories.get(d.category, d.category)),
            str(statuses.get(d.status, d.status)), d.planned_completion, d.decided_on, d.published_on,
            d.next_deadline,
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = ["export_decisions"]
