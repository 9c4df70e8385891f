"""A ledger's Excel export: sheets written as they are read, the export audited, the file named and dated.

Every ledger's list exports through ``export_response``: who took which list home, with which filters, is in the
audit trail, and the file a clerk saves says what it holds and when (``normative-2026-03-02.xlsx``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    header: list
    rows: Iterable[list]


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """An .xlsx of ``sheets``, written row by row (openpyxl's write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        out = workbook.create_sheet(str(sheet.title)[:31])  # Excel's limit on a sheet's name
        out.append([str(cell) for cell in sheet.header])
        for row in sheet.rows:
            out.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(request, *, ledger: str, sheets: Iterable[Sheet], filters: dict | None = None,
                    name: str = "") -> HttpResponse:
    """The workbook as a download named ``{name or ledger}-{today}.xlsx``; the export is audited with its filters."""
    from fazhi.audit.actions import record_event

    content = workbook_bytes(sheets)
    record_event(action="export", target=None, actor=request.user,
                 changes={ledger: [None, {k: str(v) for k, v in (filters or {}).items() if v}]})
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{name or ledger}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
