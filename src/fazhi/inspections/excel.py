"""Excel in and out: the entity directory and the inspector directory imported from the workbooks offered for
download, the lists exported.

An import workbook has one sheet: column A is hidden and holds a marker in A1; row 1 the title, row 2 the
instructions, row 3 the headings, one row per record from row 4. The upload is refused as a whole when it is not
such a workbook (a CSV, a GBK text, an old .xls, a damaged file, one past the upload limits:
``fazhi.core.xlsxscan``). Every row then goes through the same action as the pages (``register_entity``,
``add_inspector``) inside one transaction: when any row is refused, everything is rolled back and each refusal is
reported with its row and column, in the reader's language. Nothing is half-imported.

Cells are written as text, never as formulas (a name starting with "=" must not run in the clerk's spreadsheet).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from fazhi.core import uploads
from fazhi.core.unpack import LimitExceeded
from fazhi.core.xlsxscan import scan_workbook
from fazhi.enforcement.models import Certificate
from fazhi.inspections import actions
from fazhi.inspections.models import Risk
from fazhi.ledgers.excel import ImportResult, RowError, refusal_of
from fazhi.ledgers.excel import RollBack as _RollBack
from fazhi.ledgers.excel import cell_text as _cell_text
from fazhi.ledgers.excel import damaged as _damaged
from fazhi.ledgers.excel import put_cell as _put
from fazhi.org.scope import scope_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3
FIRST_ROW = 4
ENTITY_MARKER = "fazhi-inspections-entities-v1"
INSPECTOR_MARKER = "fazhi-inspections-inspectors-v1"
#: The columns of each import sheet from B on: (field, heading, width, required).
ENTITY_COLUMNS = [
    ("name", gettext_lazy("Name of the entity"), 30, True),
    ("credit_code", gettext_lazy("Unified social credit code"), 22, True),
    ("address", gettext_lazy("Registered address"), 36, True),
    ("domain", gettext_lazy("Domain"), 16, True),
    ("risk", gettext_lazy("Risk level"), 14, True),
]
INSPECTOR_COLUMNS = [
    ("number", gettext_lazy("Certificate number"), 22, True),
    ("name", gettext_lazy("Full name"), 14, False),
]
#: What a clerk may write in the risk column, besides the level's name in the page's language.
RISK_WORDS = {
    "高": Risk.HIGH, "高风险": Risk.HIGH, "high": Risk.HIGH, "high risk": Risk.HIGH,
    "较高": Risk.MEDIUM_HIGH, "较高风险": Risk.MEDIUM_HIGH, "medium-high": Risk.MEDIUM_HIGH,
    "medium_high": Risk.MEDIUM_HIGH, "medium-high risk": Risk.MEDIUM_HIGH,
    "一般": Risk.MEDIUM, "一般风险": Risk.MEDIUM, "中": Risk.MEDIUM, "中风险": Risk.MEDIUM, "medium": Risk.MEDIUM,
    "medium risk": Risk.MEDIUM,
    "低": Risk.LOW, "低风险": Risk.LOW, "low": Risk.LOW, "low risk": Risk.LOW,
}


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _template(marker: str, sheet: str, title: str, instructions: str, columns, text_columns=()) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    _put(ws, 1, 1, marker)
    ws.column_dimensions["A"].hidden = True
    _put(ws, 1, 2, title).font = Font(bold=True, size=14)
    _put(ws, 2, 2, instructions)
    ws.cell(row=2, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=len(columns) + 1)
    ws.row_dimensions[2].height = 48
    for index, (name, heading, width, required) in enumerate(columns, start=2):
        _put(ws, HEADER_ROW, index, f"{heading}{' *' if required else ''}").font = Font(bold=True)
        ws.column_dimensions[get_column_letter(index)].width = width
        if name in text_columns:
            for row in range(FIRST_ROW, FIRST_ROW + 500):  # text: Excel keeps only 15 digits of a number
                ws.cell(row=row, column=index).number_format = "@"
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    return _save(workbook)


def entity_template() -> bytes:
    """Return the workbook to fill in with entities of the directory."""
    levels = "、".join(str(label) for label in Risk.labels)
    return _template(ENTITY_MARKER, str(_("Entities")), str(_("Entities to inspect")), _(
        "One entity per row from row %(row)d; every column is required. The unified social credit code has 18 "
        "characters. Risk level: %(levels)s (or 高, 较高, 一般, 低).") % {"row": FIRST_ROW, "levels": levels},
        ENTITY_COLUMNS, text_columns=("credit_code",))


def inspector_template() -> bytes:
    """Return the workbook to fill in with the certificate numbers of the officers to put in the directory."""
    return _template(INSPECTOR_MARKER, str(_("Inspectors")), str(_("Inspectors by certificate number")), _(
        "One officer per row from row %(row)d: the number of their enforcement certificate, and their name to "
        "check it against.") % {"row": FIRST_ROW}, INSPECTOR_COLUMNS, text_columns=("number",))


# In ----------------------------------------------------------------------------------------------------------


def _read(data: bytes, marker: str, width: int, result: ImportResult, wrong: str) -> list[tuple[int, list]]:
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
        result.fatal = _damaged()
        return []
    try:
        sheet = next((ws for ws in workbook.worksheets
                      if _cell_text(next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), [None])[0])
                      == marker), None)
        if sheet is None:
            result.fatal = wrong
            return []
        rows = []
        for index, cells in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW):
            values = (list(cells[1:width + 1]) + [None] * width)[:width]
            if any(_cell_text(v) for v in values):
                rows.append((index, values))
    finally:
        workbook.close()
    if not rows:
        result.fatal = _("The workbook holds no row: fill in one per row from row %(row)d.") % {"row": FIRST_ROW}
    return rows


def _error(columns, index: int, name: str | None, message: str) -> RowError:
    fields = [f for f, *_rest in columns]
    if name in fields:
        return RowError(index, get_column_letter(fields.index(name) + 2), str(columns[fields.index(name)][1]),
                        message)
    return RowError(index, "", "", message)


def _errors_of(columns, index: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [_error(columns, index, None, " ".join(exc.messages))]
    return [_error(columns, index, None if name == NON_FIELD_ERRORS else name, " ".join(messages))
            for name, messages in exc.message_dict.items()]


def _risk(text: str) -> str | None:
    found = RISK_WORDS.get(text.strip().lower())
    if found is None:
        found = {str(label): value for value, label in Risk.choices}.get(text.strip())
    return found


def _run(rows, apply, result: ImportResult, columns) -> ImportResult:
    """Apply every row in one transaction; roll all back when any was refused."""
    try:
        with transaction.atomic():
            for index, values in rows:
                try:
                    with transaction.atomic():  # a savepoint: a refused row leaves nothing
                        apply(values)
                        result.imported += 1
                except ValidationError as exc:
                    result.errors.extend(_errors_of(columns, index, exc))
            if result.errors:
                raise _RollBack
    except _RollBack:
        result.imported = 0
    result.errors.sort(key=lambda e: (e.row or 0, e.column))
    return result


def import_entities(data: bytes, *, user, agency) -> ImportResult:
    """Import entities into ``agency``'s directory: all of them, or none with each row's refusals."""
    result = ImportResult()
    if not can_import_entities(user, agency):
        result.fatal = _("You may not change the directory of %(agency)s.") % {"agency": agency}
        return result
    rows = _read(data, ENTITY_MARKER, len(ENTITY_COLUMNS), result, _(
        "This workbook is not the entities' import workbook. Download the workbook, fill it in and upload that file."))
    if result.fatal:
        return result
    parsed, seen = [], {}
    for index, cells in rows:
        values = {name: _cell_text(cell) for (name, *_rest), cell in zip(ENTITY_COLUMNS, cells, strict=True)}
        before = len(result.errors)
        if isinstance(cells[1], int | float):
            result.errors.append(_error(ENTITY_COLUMNS, index, "credit_code", _(
                "The code is stored as a number: format the column as text and type the code again.")))
        risk = _risk(values["risk"]) if values["risk"] else None
        if risk is None:
            result.errors.append(_error(ENTITY_COLUMNS, index, "risk", _(
                "Write the risk level as 高, 较高, 一般 or 低 (high, medium-high, medium, low).")))
        code = values["credit_code"].upper()
        if code and code in seen:
            result.errors.append(_error(ENTITY_COLUMNS, index, "credit_code", _(
                "The code %(code)s is already on row %(row)d of this file.") % {"code": code, "row": seen[code]}))
        seen.setdefault(code, index)
        if len(result.errors) == before:
            parsed.append((index, {**values, "risk": risk}))

    def apply(values):
        actions.register_entity(agency=agency, by=user, **values)

    return _run(parsed, apply, result, ENTITY_COLUMNS)


def can_import_entities(user, agency) -> bool:
    return agency is not None and actions.can_write(user, agency)


def import_inspectors(data: bytes, *, user, on: dt.date | None = None) -> ImportResult:
    """Put officers in their agency's directory of inspectors by certificate number: all of them, or none."""
    result = ImportResult()
    rows = _read(data, INSPECTOR_MARKER, len(INSPECTOR_COLUMNS), result, _(
        "This workbook is not the inspectors' import workbook. Download the workbook, fill it in and upload that "
        "file."))
    if result.fatal:
        return result
    scope = scope_for(user)
    certificates = Certificate.objects.filter(withdrawn_at__isnull=True, officer__withdrawn_at__isnull=True)
    if not scope.is_admin:
        certificates = certificates.filter(agency_id__in=scope.write_agencies)
    numbers = [_cell_text(cells[0]) for _index, cells in rows]
    found = {c.number: c for c in certificates.filter(number__in=numbers).select_related("officer__agency")}
    parsed = []
    for index, cells in rows:
        number, name = _cell_text(cells[0]), _cell_text(cells[1])
        certificate = found.get(number)
        if certificate is None:
            result.errors.append(_error(INSPECTOR_COLUMNS, index, "number", _(
                "No officer of your agency holds the certificate %(number)s.") % {"number": number or "—"}))
        elif name and name != certificate.officer.name:
            result.errors.append(_error(INSPECTOR_COLUMNS, index, "name", _(
                "The certificate %(number)s is held by %(holder)s, not %(name)s.")
                % {"number": number, "holder": certificate.officer.name, "name": name}))
        else:
            parsed.append((index, certificate.officer))

    def apply(officer):
        try:
            actions.add_inspector(agency=officer.agency, by=user, officer=officer, on=on)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "officer" in exc.error_dict:  # the officer is the row's number
                raise ValidationError({"number": exc.message_dict["officer"]}) from None
            raise

    return _run(parsed, apply, result, INSPECTOR_COLUMNS)


__all__ = ["XLSX_TYPE", "ImportResult", "RowError", "entity_template", "import_entities", "import_inspectors",
           "inspector_template"]
