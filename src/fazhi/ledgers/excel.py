"""A ledger's Excel export and import: sheets written as they are read, the export audited, the file named and dated;
an upload refused with the reason a clerk can act on, its errors by row and column, nothing stored while one is wrong.

Every ledger's list exports through ``export_response``: who took which list home, with which filters, is in the
audit trail, and the file a clerk saves says what it holds and when (``normative-2026-03-02.xlsx``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

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


# Importing: what every ledger's Excel import shares --------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str  # the letter, "" for the row as a whole
    heading: str
    message: str


@dataclass
class ImportResult:
    fatal: str = ""  # the whole file was refused: why
    errors: list[RowError] = field(default_factory=list)
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors


class RollBack(Exception):
    """Raised inside the import's transaction to undo every row once one is refused."""


def refusal_of(data: bytes) -> str:
    """Return why ``data`` is not an .xlsx workbook (empty, an old .xls, a CSV or text file, anything else), or ""."""
    if not data:
        return _("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        return ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _("This is an old Excel file (.xls). Open it in Excel or WPS and save it as .xlsx, then upload it "
                 "again.")
    head = data[:4096]
    if b"\0" not in head:
        for encoding in ("utf-8-sig", "gbk"):
            try:
                text = head.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text):
                return _("This looks like a CSV or text file, not an Excel workbook. Download the workbook, fill it "
                         "in and upload that file (.xlsx).")
    return _("This is not an Excel .xlsx file. Download the workbook, fill it in and upload that file.")


def damaged() -> str:
    return _("The file could not be read as an Excel workbook; it may be damaged. Save it again as .xlsx in "
             "Excel or WPS and upload it again.")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def put_cell(ws, row: int, column: int, value):
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula
    return cell
