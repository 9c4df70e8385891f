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

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.enforcement.models import Certificate
from fazhi.inspections import actions
from fazhi.inspections.models import Risk
from fazhi.ledgers.excel import (
    FIRST_ROW,
    ImportResult,
    RowError,
    apply_all,
    read_rows,
    row_error,
    template,
)
from fazhi.ledgers.excel import cell_text as _cell_text
from fazhi.org.scope import scope_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


def entity_template() -> bytes:
    """Return the workbook to fill in with entities of the directory."""
    levels = "、".join(str(label) for label in Risk.labels)
    return template(ENTITY_MARKER, str(_("Entities")), str(_("Entities to inspect")), _(
        "One entity per row from row %(row)d; every column is required. The unified social credit code has 18 "
        "characters. Risk level: %(levels)s (or 高, 较高, 一般, 低).") % {"row": FIRST_ROW, "levels": levels},
        ENTITY_COLUMNS, text_columns=("credit_code",))


def inspector_template() -> bytes:
    """Return the workbook to fill in with the certificate numbers of the officers to put in the directory."""
    return template(INSPECTOR_MARKER, str(_("Inspectors")), str(_("Inspectors by certificate number")), _(
        "One officer per row from row %(row)d: the number of their enforcement certificate, and their name to "
        "check it against.") % {"row": FIRST_ROW}, INSPECTOR_COLUMNS, text_columns=("number",))


# In ----------------------------------------------------------------------------------------------------------


def _risk(text: str) -> str | None:
    found = RISK_WORDS.get(text.strip().lower())
    if found is None:
        found = {str(label): value for value, label in Risk.choices}.get(text.strip())
    return found


def import_entities(data: bytes, *, user, agency) -> ImportResult:
    """Import entities into ``agency``'s directory: all of them, or none with each row's refusals."""
    result = ImportResult()
    if not can_import_entities(user, agency):
        result.fatal = _("You may not change the directory of %(agency)s.") % {"agency": agency}
        return result
    rows = read_rows(data, ENTITY_MARKER, len(ENTITY_COLUMNS), result, _(
        "This workbook is not the entities' import workbook. Download the workbook, fill it in and upload that file."))
    if result.fatal:
        return result
    parsed, seen = [], {}
    for index, cells in rows:
        values = {name: _cell_text(cell) for (name, *_rest), cell in zip(ENTITY_COLUMNS, cells, strict=True)}
        before = len(result.errors)
        if isinstance(cells[1], int | float):
            result.errors.append(row_error(ENTITY_COLUMNS, index, "credit_code", _(
                "The code is stored as a number: format the column as text and type the code again.")))
        risk = _risk(values["risk"]) if values["risk"] else None
        if risk is None:
            result.errors.append(row_error(ENTITY_COLUMNS, index, "risk", _(
                "Write the risk level as 高, 较高, 一般 or 低 (high, medium-high, medium, low).")))
        code = values["credit_code"].upper()
        if code and code in seen:
            result.errors.append(row_error(ENTITY_COLUMNS, index, "credit_code", _(
                "The code %(code)s is already on row %(row)d of this file.") % {"code": code, "row": seen[code]}))
        seen.setdefault(code, index)
        if len(result.errors) == before:
            parsed.append((index, {**values, "risk": risk}))

    def apply(values):
        actions.register_entity(agency=agency, by=user, **values)

    return apply_all(parsed, apply, result, ENTITY_COLUMNS)


def can_import_entities(user, agency) -> bool:
    return agency is not None and actions.can_write(user, agency)


def import_inspectors(data: bytes, *, user, on: dt.date | None = None) -> ImportResult:
    """Put officers in their agency's directory of inspectors by certificate number: all of them, or none."""
    result = ImportResult()
    rows = read_rows(data, INSPECTOR_MARKER, len(INSPECTOR_COLUMNS), result, _(
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
            result.errors.append(row_error(INSPECTOR_COLUMNS, index, "number", _(
                "No officer of your agency holds the certificate %(number)s.") % {"number": number or "—"}))
        elif name and name != certificate.officer.name:
            result.errors.append(row_error(INSPECTOR_COLUMNS, index, "name", _(
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

    return apply_all(parsed, apply, result, INSPECTOR_COLUMNS)


__all__ = ["XLSX_TYPE", "ImportResult", "RowError", "entity_template", "import_entities", "import_inspectors",
           "inspector_template"]
