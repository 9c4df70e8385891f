"""The file review's results as an Excel workbook: one sheet of files with their scores, one of the rectification
items. Cells are written as text, never as formulas (a comment starting with "=" must not run in a spreadsheet);
the export is audited with its filters."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from fazhi.audit.actions import record_event

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(sheet, values) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value="" if value is None else value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def _outcome(file) -> str:
    if file.passed is None:
        return _("to be scored")
    return _("passed") if file.passed else _("failed")


def results_workbook(files, items) -> bytes:
    """Return an .xlsx of ``files`` (already scoped and filtered) and of their rectification items."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("File review results"))[:31])
    sheet.append([_("Campaign"), _("Year reviewed"), _("Agency"), _("Enforcement body"), _("Case number"),
                  _("Case name"), _("Closed on"), _("Status"), _("Score"), _("Veto item failed"), _("Result"),
                  _("Reviewers")])
    for f in files:
        reviewers = "、".join(str(user) for user in f.campaign.reviewers.all())
        sheet.append(_cells(sheet, (
            f.campaign.title, f.campaign.year, f.agency.name, f.body.name, f.case.number, f.case.title,
            f.case.closed_on, f.get_status_display(), f.total, _("yes") if f.vetoed else "", _outcome(f),
            reviewers)))
    sheet = workbook.create_sheet(str(_("Rectification items"))[:31])
    sheet.append([_("Agency"), _("Case number"), _("What to rectify"), _("Due on"), _("Status"), _("Rectified on"),
                  _("How it was rectified")])
    for item in items:
        sheet.append(_cells(sheet, (
            item.agency.name, item.file.case.number, item.description, item.due_on, item.get_status_display(),
            item.completed_on, item.completion_note)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def results_response(request, files, items, filters: dict) -> HttpResponse:
    """The workbook as a download named ``filereview-results-{today}.xlsx``; the export is audited."""
    data = results_workbook(files, items)
    record_event(action="export", target=None, actor=request.user,
                 changes={"filereview.results": [None, {k: str(v) for k, v in filters.items() if v}]})
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"filereview-results-{timezone.localdate().isoformat()}.xlsx")
    return response
