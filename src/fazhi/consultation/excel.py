"""Excel exports: the comments of one consultation, and the list of consultations with its filters.

Cells holding text from the public are always written as text, never as formulas (a comment starting
with "=" must not run in the office's spreadsheet).
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from fazhi.consultation.models import Consultation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _put(ws, row: int, column: int, value):
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _sheet(ws, title: str, subtitle: str, headings: list[tuple[str, int]], rows) -> None:
    _put(ws, 1, 1, title).font = Font(bold=True, size=14)
    _put(ws, 2, 1, subtitle)
    for column, (heading, width) in enumerate(headings, start=1):
        _put(ws, 4, column, heading).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    for index, values in enumerate(rows, start=5):
        for column, value in enumerate(values, start=1):
            _put(ws, index, column, value)
    ws.freeze_panes = "A5"


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def comments_workbook(consultation: Consultation, comments) -> bytes:
    """Return an .xlsx of every comment of ``consultation`` (contacts included: for staff only)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Comments received")[:31]
    paragraphs = consultation.paragraphs()
    rows = []
    for number, comment in enumerate(comments, start=1):
        cited = ""
        if comment.paragraph and comment.paragraph <= len(paragraphs):
            cited = paragraphs[comment.paragraph - 1][:200]
        rows.append([
            number, timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M"),
            comment.paragraph or "", cited, comment.author_name, comment.contact, comment.text,
            comment.get_status_display(), comment.hidden_reason,
            comment.get_adoption_display() if comment.adoption else "", comment.adoption_reason,
        ])
    _sheet(
        ws, consultation.title,
        _("%(agency)s · open %(opens)s to %(closes)s · %(status)s · exported %(now)s") % {
            "agency": consultation.agency.name, "opens": consultation.opens_on.isoformat(),
            "closes": consultation.closes_on.isoformat(), "status": consultation.get_status_display(),
            "now": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        [(_("No."), 6), (_("Submitted at"), 17), (_("Paragraph"), 9), (_("Paragraph text"), 30), (_("Commenter"), 12),
         (_("Contact (not published)"), 18), (_("Comment"), 60), (_("Status"), 10), (_("Reason for hiding"), 20),
         (_("Adoption"), 12), (_("Reason"), 40)],
        rows,
    )
    return _save(wb)


def list_workbook(consultations) -> bytes:
    """Return an .xlsx of consultations (annotated with ``n_comments``, ``n_published``, ``n_adopted``)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Consultations")[:31]
    rows = [
        [c.title, c.agency.name, c.get_kind_display(), c.opens_on.isoformat(), c.closes_on.isoformat(),
         c.get_status_display(), c.n_comments, c.n_published, c.n_adopted, c.shortened_reason,
         c.concluded_on.isoformat() if c.concluded_on else ""]
        for c in consultations
    ]
    _sheet(
        ws, _("Public consultations"), _("Exported %(now)s") % {"now": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        [(_("Title of the draft"), 40), (_("Drafting agency"), 24), (_("Kind"), 24), (_("Open from"), 12),
         (_("Open until"), 12), (_("Status"), 12), (_("Comments received"), 9), (_("Published comments"), 9),
         (_("Adopted (fully or partly)"), 10), (_("Reason for a shorter period"), 30), (_("Feedback published on"), 12)],
        rows,
    )
    return _save(wb)


__all__ = ["XLSX_TYPE", "comments_workbook", "list_workbook"]
