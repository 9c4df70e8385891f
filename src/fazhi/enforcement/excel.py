"""Excel in and out: the officer list as a workbook, and officers with their certificates imported from one.

The import workbook (``template_workbook``) has one sheet: column A is hidden and holds the marker ``A1``; row 1
the title, row 2 the instructions, row 3 the headings, one officer per row from row 4 (name, gender, identity
card number, position, enforcement body, telephone, then the certificate, if the officer holds one). The upload
(``import_workbook``) is refused as a whole when it is not such a workbook (a CSV, a GBK text, an old .xls, a
damaged file, one past the upload limits: ``fazhi.core.xlsxscan``). Every row then goes through the same actions
as the pages (``register_officer``, ``issue_certificate``), inside one transaction: when any row is refused,
everything is rolled back and each refusal is reported with its row and column. Nothing is half-imported.

Cells are written as text, never as formulas (a name starting with "=" must not run in the clerk's spreadsheet).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from fazhi.core import uploads
from fazhi.core.unpack import LimitExceeded
from fazhi.core.xlsxscan import scan_workbook
from fazhi.enforcement import actions
from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.ledgers.excel import ImportResult as BaseImportResult
from fazhi.ledgers.excel import RollBack as _RollBack
from fazhi.ledgers.excel import RowError, refusal_of
from fazhi.ledgers.excel import cell_text as _cell_text
from fazhi.ledgers.excel import damaged as _damaged
from fazhi.ledgers.excel import put_cell as _put
from fazhi.org.scope import scope_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKER = "fazhi-enforcement-officers-v1"
HEADER_ROW = 3
FIRST_ROW = 4
#: The columns of the import sheet from B on: (field, heading, width, required).
COLUMNS = [
    ("name", gettext_lazy("Full name"), 12, True),
    ("gender", gettext_lazy("Gender"), 8, False),
    ("id_number", gettext_lazy("Identity card number"), 22, True),
    ("position", gettext_lazy("Job title"), 14, True),
    ("body", gettext_lazy("Enforcement body"), 30, True),
    ("phone", gettext_lazy("Telephone"), 15, False),
    ("number", gettext_lazy("Certificate number"), 18, False),
    ("area", gettext_lazy("Enforcement area"), 16, False),
    ("domain", gettext_lazy("Enforcement category"), 16, False),
    ("issued_on", gettext_lazy("Issued on"), 12, False),
    ("valid_until", gettext_lazy("Valid until"), 12, False),
    ("issuer", gettext_lazy("Issuing authority"), 26, False),
]
FIELDS = [name for name, *_rest in COLUMNS]
CERTIFICATE_FIELDS = ("number", "area", "domain", "issued_on", "valid_until", "issuer")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def _letter(name: str) -> str:
    return get_column_letter(FIELDS.index(name) + 2)  # column A holds the marker


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Out ---------------------------------------------------------------------------------------------------------


def export_officers(officers, best: dict, hours: dict, today: dt.date) -> bytes:
    """Return an .xlsx of ``officers`` (already scoped and filtered), with each one's certificate and hours."""
    from fazhi.enforcement.models import CertificateState

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Enforcement officers"))[:31])
    sheet.append([_("Full name"), _("Gender"), _("Identity card number"), _("Job title"), _("Enforcement body"),
                  _("Agency"), _("Telephone"), _("Certificate number"), _("Enforcement category"),
                  _("Enforcement area"), _("Valid until"), _("Certificate"), _("Training hours this year")])
    states = dict(CertificateState.choices)
    for officer in officers:
        certificate = best.get(officer.pk)
        row = [officer.name, officer.get_gender_display() if officer.gender else "", officer.id_number,
               officer.position, officer.body.name, officer.agency.name, officer.phone]
        if certificate is None:
            row += ["", "", "", "", _("none")]
        else:
            row += [certificate.number, certificate.domain, certificate.area, certificate.valid_until,
                    str(states[certificate.state_on(today)])]
        row.append(hours.get(officer.pk, 0))
        sheet.append(row)
    return _save(workbook)


def export_complaints(rows: list[dict], today: dt.date) -> bytes:
    """Return an .xlsx of complaints (already scoped and filtered; ``rows`` as ``supervision.complaint_rows``, the
    complainant masked for the department complained about)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Complaints about enforcement"))[:31])
    sheet.append([_("Received on"), _("Kind"), _("Channel"), _("Complainant"), _("Contact"), _("Agency"),
                  _("Enforcement body"), _("Matter"), _("Rule-of-law office"), _("Status"), _("Due on"),
                  _("Concluded on"), _("Outcome"), _("Result and reply"), _("Late")])
    for row in rows:
        c = row["complaint"]
        sheet.append(_cells(sheet, (
            c.received_on, c.get_kind_display(), c.get_channel_display(), row["complainant"], row["contact"],
            c.agency.name, c.body.name if c.body else "", c.matter, c.office.name, c.get_status_display(),
            row["due_on"], c.concluded_on, c.get_outcome_display() if c.outcome else "", c.outcome_text,
            _("yes") if row["late"] else "")))
    return _save(workbook)


def export_checks(checks, items, today: dt.date) -> bytes:
    """Return an .xlsx of supervision checks (already scoped and filtered) and, on a second sheet, their items."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Supervision checks"))[:31])
    sheet.append([_("Checked on"), _("Kind of check"), _("Agency"), _("Rule-of-law office"), _("Subject"),
                  _("Findings"), _("Outcome"), _("Status"), _("Closed on"), _("Rectification items"),
                  _("Not yet rectified"), _("Overdue")])
    for c in checks:
        sheet.append(_cells(sheet, (
            c.checked_on, c.get_kind_display(), c.agency.name, c.office.name, c.subject, c.findings,
            c.get_outcome_display(), c.get_status_display(), c.closed_on, c.n_items, c.n_open, c.n_overdue)))
    by_pk = {c.pk: c for c in checks}
    sheet = workbook.create_sheet(str(_("Rectification items"))[:31])
    sheet.append([_("Checked on"), _("Agency"), _("Subject"), _("What to rectify"), _("Due on"), _("Status"),
                  _("Rectified on"), _("How it was rectified"), _("Overdue")])
    for item in items:
        check = by_pk[item.supervision_check_id]
        sheet.append(_cells(sheet, (
            check.checked_on, check.agency.name, check.subject, item.description, item.due_on,
            item.get_status_display(), item.completed_on, item.completion_note,
            _("yes") if item.is_overdue(today) else "")))
    return _save(workbook)


def _cells(sheet, values) -> list:
    """The values as write-only cells: a text is written as text, never as a formula (a matter may start "=")."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value="" if value is None else value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def template_workbook(user) -> bytes:
    """Return the import workbook: the headings, an example row's hints, the bodies the person may use."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = str(_("Officers"))[:31]
    _put(ws, 1, 1, MARKER)
    ws.column_dimensions["A"].hidden = True
    _put(ws, 1, 2, _("Enforcement officers and their certificates")).font = Font(bold=True, size=14)
    bodies = "、".join(body_choices(user)) or "—"
    _put(ws, 2, 2, _("One officer per row from row %(row)d. Name, identity card number, position and enforcement "
                     "body are required; the certificate's six columns are filled in together or left empty. "
                     "Dates as 2026-03-01. Enforcement bodies: %(bodies)s.") % {"row": FIRST_ROW, "bodies": bodies})
    ws.cell(row=2, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=len(COLUMNS) + 1)
    ws.row_dimensions[2].height = 48
    for index, (name, heading, width, required) in enumerate(COLUMNS, start=2):
        _put(ws, HEADER_ROW, index, f"{heading}{' *' if required else ''}").font = Font(bold=True)
        ws.column_dimensions[get_column_letter(index)].width = width
        if name in ("id_number", "phone", "number"):
            for row in range(FIRST_ROW, FIRST_ROW + 500):  # text: Excel keeps only 15 digits of a number
                ws.cell(row=row, column=index).number_format = "@"
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    return _save(workbook)


def body_choices(user) -> list[str]:
    """The names of the active bodies whose officers the person may register."""
    return list(_bodies(user).values_list("name", flat=True).distinct())


def _bodies(user):
    scope = scope_for(user)
    bodies = EnforcementBody.objects.filter(status=EnforcementBody.Status.ACTIVE, withdrawn_at__isnull=True)
    return (bodies if scope.is_admin else bodies.filter(agency_id__in=scope.write_agencies)).order_by("name")


# In ----------------------------------------------------------------------------------------------------------


@dataclass
class ImportResult(BaseImportResult):
    """What an import of officers did: ``officers`` and their ``certificates`` stored."""

    officers: int = 0
    certificates: int = 0


def _load(data: bytes):
    """Check the file against the upload limits, then open it; return (workbook, why it is refused)."""
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        scan_workbook(data, zip_limits=uploads.excel_zip_limits(), limits=uploads.excel_limits(),
                      budget=uploads.excel_budget())
    except LimitExceeded as exc:
        return None, uploads.describe(exc)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ParseError):
        return None, _damaged()
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True), ""
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, IndexError):
        return None, _damaged()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    raise ValueError(text)


GENDERS = {"男": Officer.Gender.MALE, "女": Officer.Gender.FEMALE, "male": Officer.Gender.MALE,
           "female": Officer.Gender.FEMALE, "m": Officer.Gender.MALE, "f": Officer.Gender.FEMALE}


def _heading(name: str) -> str:
    return str(next(heading for field_name, heading, *_rest in COLUMNS if field_name == name))


def _error(row: int, name: str | None, message: str) -> RowError:
    if name in FIELDS:
        return RowError(row, _letter(name), _heading(name), message)
    return RowError(row, "", "", message)


def _parse_row(index: int, cells: list, bodies: dict[str, list[EnforcementBody]],
               errors: list[RowError]) -> dict | None:
    """Return the row's values by field, or None (its errors appended) when a cell cannot be read."""
    values = dict(zip(FIELDS, (cells + [None] * len(FIELDS))[:len(FIELDS)], strict=True))
    found: dict = {name: _cell_text(values[name]) for name in FIELDS}
    before = len(errors)
    if isinstance(values["id_number"], int | float):
        errors.append(_error(index, "id_number", _(
            "The number is stored as a number, and Excel keeps only 15 digits of it: format the column as text "
            "and type the number again.")))
    gender = found["gender"]
    if gender:
        found["gender"] = GENDERS.get(gender.lower(), {str(label): value for value, label in
                                                       Officer.Gender.choices if value}.get(gender, "?"))
        if found["gender"] == "?":
            errors.append(_error(index, "gender", _("Write 男 or 女, or leave the cell empty.")))
    name = found["body"]
    matches = bodies.get(name, [])
    if not name:
        errors.append(_error(index, "body", _("Name the officer's enforcement body.")))
    elif not matches:
        errors.append(_error(index, "body", _("“%(body)s” is not an active enforcement body you may register "
                                              "officers for.") % {"body": name}))
    elif len(matches) > 1:
        errors.append(_error(index, "body", _("Several of your agencies have a body named “%(body)s”: import their "
                                              "officers one agency at a time.") % {"body": name}))
    found["body"] = matches[0] if len(matches) == 1 else None
    certificate = [name for name in CERTIFICATE_FIELDS if found[name]]
    if certificate and len(certificate) < len(CERTIFICATE_FIELDS):
        for name in CERTIFICATE_FIELDS:
            if not found[name]:
                errors.append(_error(index, name, _("The certificate's six columns are filled in together: this "
                                                    "one is empty.")))
    found["has_certificate"] = bool(certificate)
    for name in ("issued_on", "valid_until"):
        if found[name]:
            try:
                found[name] = _date(values[name])
            except ValueError:
                errors.append(_error(index, name, _("“%(value)s” is not a date: write it as 2026-03-01.")
                                     % {"value": found[name]}))
    return found if len(errors) == before else None


def _errors_of(index: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [_error(index, None, " ".join(exc.messages))]
    return [_error(index, None if name == NON_FIELD_ERRORS else name, " ".join(messages))
            for name, messages in exc.message_dict.items()]


def import_workbook(data: bytes, *, user) -> ImportResult:
    """Import officers and their certificates from an upload: all of them, or none with each row's refusals."""
    result = ImportResult(fatal=refusal_of(data))
    if result.fatal:
        return result
    workbook, result.fatal = _load(data)
    if workbook is None:
        return result
    try:
        sheet = next((ws for ws in workbook.worksheets
                      if _cell_text(next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), [None])[0])
                      == MARKER), None)
        if sheet is None:
            result.fatal = _("This workbook is not the officers' import workbook. Download the workbook, fill it in "
                             "and upload that file.")
            return result
        rows = [(index, list(cells[1:len(FIELDS) + 1]))
                for index, cells in enumerate(sheet.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW)
                if any(_cell_text(c) for c in cells[1:len(FIELDS) + 1])]
    finally:
        workbook.close()
    if not rows:
        result.fatal = _("The workbook holds no officer: fill in one officer per row from row %(row)d.") % {
            "row": FIRST_ROW}
        return result
    bodies: dict[str, list[EnforcementBody]] = {}
    for body in _bodies(user).select_related("agency"):
        bodies.setdefault(body.name, []).append(body)
    parsed = [(index, _parse_row(index, cells, bodies, result.errors)) for index, cells in rows]
    try:
        with transaction.atomic():
            for index, values in parsed:
                if values is not None:
                    _import_row(index, values, user, result)
            if result.errors:
                raise _RollBack
    except _RollBack:
        result.officers = result.certificates = 0
    result.errors.sort(key=lambda e: (e.row or 0, e.column))
    return result


def _import_row(index: int, values: dict, user, result: ImportResult) -> None:
    try:
        with transaction.atomic():  # a savepoint: the row's officer goes with its certificate, or neither
            officer = actions.register_officer(
                body=values["body"], by=user, name=values["name"], id_number=values["id_number"],
                position=values["position"], gender=values["gender"], phone=values["phone"])
            result.officers += 1
            if values["has_certificate"]:
                actions.issue_certificate(
                    officer, by=user, number=values["number"], area=values["area"], domain=values["domain"],
                    issued_on=values["issued_on"], valid_until=values["valid_until"], issuer=values["issuer"])
                result.certificates += 1
    except ValidationError as exc:
        result.errors.extend(_errors_of(index, exc))


__all__ = ["XLSX_TYPE", "ImportResult", "RowError", "export_checks", "export_complaints", "export_officers",
           "import_workbook", "template_workbook"]
