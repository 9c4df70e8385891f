"""A ledger's Excel export and import: sheets written as they are read, the export audited, the file named and dated;
an upload refused with the reason a clerk can act on, its errors by row and column, nothing stored while one is wrong.

Every ledger's list exports through ``export_response``: who took which list home, with which filters, is in the
audit trail, and the file a clerk saves says what it holds and when (``normative-2026-03-02.xlsx``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fazhi.core import uploads
from fazhi.core.unpack import LimitExceeded
from fazhi.core.xlsxscan import scan_workbook

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


# The import workbooks: read, checked and applied all or nothing ------------------------------------------

HEADER_ROW = 3
FIRST_ROW = 4


def save_workbook(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template(marker: str, sheet: str, title: str, instructions: str, columns, text_columns=()) -> bytes:
    """An import workbook: the marker in hidden A1, the title, the instructions, the headings on ``HEADER_ROW``
    (``columns``: (field, heading, width, required)), rows to fill from ``FIRST_ROW``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    put_cell(ws, 1, 1, marker)
    ws.column_dimensions["A"].hidden = True
    put_cell(ws, 1, 2, title).font = Font(bold=True, size=14)
    put_cell(ws, 2, 2, instructions)
    ws.cell(row=2, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=len(columns) + 1)
    ws.row_dimensions[2].height = 48
    for index, (name, heading, width, required) in enumerate(columns, start=2):
        put_cell(ws, HEADER_ROW, index, f"{heading}{' *' if required else ''}").font = Font(bold=True)
        ws.column_dimensions[get_column_letter(index)].width = width
        if name in text_columns:
            for row in range(FIRST_ROW, FIRST_ROW + 500):  # text: Excel keeps only 15 digits of a number
                ws.cell(row=row, column=index).number_format = "@"
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    return save_workbook(workbook)


def read_rows(data: bytes, marker: str, width: int, result: ImportResult, wrong: str) -> list[tuple[int, list]]:
    """The filled-in rows of the workbook's marked sheet, or [] with ``result.fatal`` saying why not."""
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    result.fatal = refusal_of(data)
    if result.fatal:
        return []
    try:
        scan_workbook(data, zip_limits=uploads.excel_zip_limits(), limits=uploads.excel_limits(),
                      budget=uploads.excel_budget())
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except LimitExceeded as exc:
        result.fatal = uploads.describe(exc)
        return []
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, IndexError, EOFError,
            ParseError):
        result.fatal = damaged()
        return []
    try:
        sheet = next((ws for ws in workbook.worksheets
                      if cell_text(next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), [None])[0])
                      == marker), None)
        if sheet is None:
            result.fatal = wrong
            return []
        rows = []
        for index, cells in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
            values = (list(cells[1:width + 1]) + [None] * width)[:width]
            if any(cell_text(v) for v in values):
                rows.append((index, values))
    finally:
        workbook.close()
    if not rows:
        result.fatal = _("The workbook holds no row: fill in one per row from row %(row)d.") % {"row": FIRST_ROW}
    return rows


def row_error(columns, index: int, name: str | None, message: str) -> RowError:
    """The error of row ``index`` at the column of field ``name`` (the whole row when it has none)."""
    from openpyxl.utils import get_column_letter

    fields = [f for f, *_rest in columns]
    if name in fields:
        return RowError(index, get_column_letter(fields.index(name) + 2), str(columns[fields.index(name)][1]),
                        message)
    return RowError(index, "", "", message)


def row_errors(columns, index: int, exc: ValidationError) -> list[RowError]:
    """An action's refusal of row ``index`` as errors at the columns of its fields."""
    if not hasattr(exc, "error_dict"):
        return [row_error(columns, index, None, " ".join(exc.messages))]
    return [row_error(columns, index, None if name == NON_FIELD_ERRORS else name, " ".join(messages))
            for name, messages in exc.message_dict.items()]


def apply_all(rows, apply, result: ImportResult, columns) -> ImportResult:
    """Apply every row in one transaction; roll all back when any was refused."""
    try:
        with transaction.atomic():
            for index, values in rows:
                try:
                    with transaction.atomic():  # a savepoint: a refused row leaves nothing
                        apply(values)
                        result.imported += 1
                except ValidationError as exc:
                    result.errors.extend(row_errors(columns, index, exc))
            if result.errors:
                raise RollBack
    except RollBack:
        result.imported = 0
    result.errors.sort(key=lambda e: (e.row or 0, e.column))
    return result
