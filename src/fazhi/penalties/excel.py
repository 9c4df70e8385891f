"""Excel in: existing penalty cases filed from the workbook offered for download (the list's export is in views).

The workbook has one sheet: column A is hidden and holds a marker in A1; row 1 the title, row 2 the instructions,
row 3 the headings, one case per row from row 4. The upload is refused as a whole when it is not such a workbook (a
CSV, a GBK text, an old .xls, a damaged file, one past the upload limits: ``fazhi.core.xlsxscan``). Every row then
goes through ``actions.open_case``, as on the page, inside one transaction: when any row is refused, everything is
rolled back and each refusal is reported with its row and column, in the reader's language. Nothing is
half-imported.

Cells are written as text, never as formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from fazhi.core import uploads
from fazhi.core.unpack import LimitExceeded
from fazhi.core.xlsxscan import scan_workbook
from fazhi.enforcement.actions import can_write
from fazhi.enforcement.models import Certificate, EnforcementBody, Officer
from fazhi.ledgers.excel import ImportResult, RowError, refusal_of
from fazhi.ledgers.excel import RollBack as _RollBack
from fazhi.ledgers.excel import cell_text as _cell_text
from fazhi.ledgers.excel import damaged as _damaged
from fazhi.ledgers.excel import put_cell as _put
from fazhi.penalties import actions
from fazhi.penalties.models import Case

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_ROW = 3
FIRST_ROW = 4
MARKER = "fazhi-penalties-cases-v1"
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
#: The columns from B on: (field, heading, width, required).
COLUMNS = [
    ("number", gettext_lazy("Case number"), 24, True),
    ("title", gettext_lazy("Case name"), 32, True),
    ("party_kind", gettext_lazy("Kind of party"), 14, True),
    ("party_name", gettext_lazy("Party"), 24, True),
    ("party_code", gettext_lazy("Party's code"), 22, False),
    ("party_address", gettext_lazy("Party's address"), 28, False),
    ("domain", gettext_lazy("Enforcement domain"), 14, False),
    ("violation_on", gettext_lazy("Violation committed on"), 14, True),
    ("discovered_on", gettext_lazy("Discovered on"), 14, True),
    ("opened_on", gettext_lazy("Filed on (立案)"), 14, True),
    ("officers", gettext_lazy("Officers in charge"), 30, True),
    # A case decided before the agency used fazhi: its decision, and the service and publication if done.
    ("outcome", gettext_lazy("Outcome (a decided case)"), 18, False),
    ("decision_number", gettext_lazy("Decision number"), 24, False),
    ("decided_on", gettext_lazy("Decided on"), 14, False),
    ("penalty_types", gettext_lazy("Penalties"), 20, False),
    ("fine", gettext_lazy("Fine (yuan)"), 12, False),
    ("confiscation", gettext_lazy("Confiscated (yuan)"), 12, False),
    ("served_on", gettext_lazy("Served on"), 14, False),
    ("published_on", gettext_lazy("Published on"), 14, False),
    # 首违不罚 and 轻微不罚 cite the item of the agency's list that applies (行政处罚法 第33条), by its code.
    ("lenient_item", gettext_lazy("List item (首违不罚/轻微不罚)"), 18, False),
]
DATE_COLUMNS = ("violation_on", "discovered_on", "opened_on", "decided_on", "served_on", "published_on")
#: The columns of a decision; any of them filled in makes the row a decided case.
DECISION_COLUMNS = ("outcome", "decision_number", "decided_on", "penalty_types", "fine", "confiscation", "served_on",
                    "published_on", "lenient_item")
#: What a clerk may write in the column of the kind of party, besides its label in either language.
PARTY_WORDS = {
    "公民": Case.PartyKind.PERSON, "个人": Case.PartyKind.PERSON, "自然人": Case.PartyKind.PERSON,
    "person": Case.PartyKind.PERSON, "citizen": Case.PartyKind.PERSON,
    "法人": Case.PartyKind.ORGANISATION, "单位": Case.PartyKind.ORGANISATION, "组织": Case.PartyKind.ORGANISATION,
    "法人或者其他组织": Case.PartyKind.ORGANISATION, "organisation": Case.PartyKind.ORGANISATION,
    "organization": Case.PartyKind.ORGANISATION,
}
#: Short words clerks write for outcomes, besides the outcomes' labels in either language.
OUTCOME_WORDS = {
    "处罚": Case.Outcome.PENALTY, "给予处罚": Case.Outcome.PENALTY, "行政处罚": Case.Outcome.PENALTY,
    "首违不罚": Case.Outcome.FIRST_VIOLATION, "轻微不罚": Case.Outcome.MINOR, "无过错不罚": Case.Outcome.NO_FAULT,
    "违法事实不成立": Case.Outcome.NOT_ESTABLISHED,
    "移送司法机关": Case.Outcome.REFERRED, "移送": Case.Outcome.REFERRED,
}
#: Penalties as clerks write them, besides their labels (the label of confiscation names two: 没收违法所得、没收非法财物).
PENALTY_WORDS = {
    "没收违法所得": Case.PenaltyType.CONFISCATION, "没收非法财物": Case.PenaltyType.CONFISCATION,
    "没收": Case.PenaltyType.CONFISCATION, "拘留": Case.PenaltyType.DETENTION, "行政拘留": Case.PenaltyType.DETENTION,
}
_SEPARATORS = re.compile(r"[、,，;；\s]+")


def template() -> bytes:
    """Return the workbook to fill in with existing cases."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = str(_("Penalty cases"))[:31]
    _put(ws, 1, 1, MARKER)
    ws.column_dimensions["A"].hidden = True
    _put(ws, 1, 2, str(_("Penalty cases to file"))).font = Font(bold=True, size=14)
    _put(ws, 2, 2, _(
        "One case per row from row %(row)d; columns marked * are required. Kind of party: 公民 or 法人或者其他组织. "
        "Dates as 2026-03-02. Officers: the numbers of their enforcement certificates (or their names), separated "
        "by 、; at least two (行政处罚法 第42条). The party's code: the unified social credit code of an "
        "organisation, or a citizen's identity card number (only its last four characters are kept). A case already "
        "decided: its outcome (给予处罚, 首违不罚, 轻微不罚…), decision number, day of the decision and penalties (警告、"
        "罚款…) with the amounts, the days it was served and published if they were, and for 首违不罚 or 轻微不罚 the "
        "code of the item of the agency's list that applies (行政处罚法 第33条).")
        % {"row": FIRST_ROW})
    ws.cell(row=2, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=len(COLUMNS) + 1)
    ws.row_dimensions[2].height = 96
    for index, (name, heading, width, required) in enumerate(COLUMNS, start=2):
        _put(ws, HEADER_ROW, index, f"{heading}{' *' if required else ''}").font = Font(bold=True)
        ws.column_dimensions[get_column_letter(index)].width = width
        if name in ("party_code", "number", "officers", "decision_number"):
            for row in range(FIRST_ROW, FIRST_ROW + 500):  # text: Excel keeps only 15 digits of a number
                ws.cell(row=row, column=index).number_format = "@"
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _date(value) -> dt.date:
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


def _read(data: bytes, result: ImportResult) -> list[tuple[int, list]]:
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
    width = len(COLUMNS)
    try:
        sheet = next((ws for ws in workbook.worksheets
                      if _cell_text(next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), [None])[0])
                      == MARKER), None)
        if sheet is None:
            result.fatal = _("This workbook is not the penalty cases' import workbook. Download the workbook, fill "
                             "it in and upload that file.")
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


def _error(index: int, name: str | None, message: str) -> RowError:
    fields = [f for f, *_rest in COLUMNS]
    if name in fields:
        position = fields.index(name)
        return RowError(index, get_column_letter(position + 2), str(COLUMNS[position][1]), message)
    return RowError(index, "", "", message)


#: Fields an action names in a refusal that are not a column of their own.
_FIELD_COLUMNS = {"violation_ended_on": "violation_on", "body": None, "sole_officer_basis": "officers",
                  "service_method": "served_on", "closed_on": "decided_on"}


def _decision_of(index: int, values: dict, texts: dict, dates: dict, words: dict, result: ImportResult) -> dict:
    """The decision columns of a row, read (the action checks them against the case); errors go to ``result``."""
    outcome = words["outcome"].get(texts["outcome"].lower()) if texts["outcome"] else None
    if not texts["outcome"]:
        result.errors.append(_error(index, "outcome", _("A decided case needs its outcome.")))
    elif outcome is None:
        result.errors.append(_error(index, "outcome", _(
            "Write the outcome as 给予处罚, 首违不罚, 轻微不罚, 无过错不罚, 违法事实不成立 or 移送司法机关.")))
    if not texts["decided_on"]:
        result.errors.append(_error(index, "decided_on", _("A decided case needs the day it was decided.")))
    types, penalties = [], words["penalty_types"]
    for word in (w for w in _SEPARATORS.split(texts["penalty_types"]) if w):
        if word.lower() in penalties:
            if penalties[word.lower()] not in types:
                types.append(penalties[word.lower()])
        else:
            result.errors.append(_error(index, "penalty_types", _(
                "“%(word)s” is not a penalty of 行政处罚法 第9条 (e.g. 警告、罚款、没收违法所得).") % {"word": word}))
    amounts = {name: (str(values[name]) if isinstance(values[name], int | float) else texts[name]) or None
               for name in ("fine", "confiscation")}
    return {"outcome": outcome, "decision_number": texts["decision_number"], "decided_on": dates.get("decided_on"),
            "penalty_types": types, **amounts, "served_on": dates.get("served_on"),
            "published_on": dates.get("published_on"), "lenient_item": texts["lenient_item"]}


def _enter_decision(case: Case, user, decision: dict) -> None:
    """A row's decision, then its service and publication, each through the ledger's action and its checks."""
    case = actions.record_earlier_decision(
        case, by=user, on=decision["decided_on"], outcome=decision["outcome"],
        decision_number=decision["decision_number"], penalty_types=decision["penalty_types"], fine=decision["fine"],
        confiscation=decision["confiscation"], lenient_item_code=decision["lenient_item"])
    if decision["served_on"]:
        if case.status != Case.Status.DECIDED:
            raise ValidationError({"served_on": _("A case referred to the judicial organs has no decision to serve.")})
        case = actions.serve_decision(case, by=user, on=decision["served_on"], method=str(_("recorded before fazhi")))
    if decision["published_on"]:
        actions.publish_decision(case, by=user, on=decision["published_on"])


def _errors_of(index: int, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [_error(index, None, " ".join(exc.messages))]
    return [_error(index, None if name == NON_FIELD_ERRORS else _FIELD_COLUMNS.get(name, name), " ".join(messages))
            for name, messages in exc.message_dict.items()]


def _words(choices, extra: dict) -> dict[str, str]:
    """A choice's value by its label in Chinese and in English (lower case), by the value itself, and by ``extra``
    words."""
    found = {value: value for value, _label in choices}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            found |= {str(label).strip().lower(): value for value, label in choices}
    return found | extra


def _vocabulary() -> dict[str, dict[str, str]]:
    """What a clerk may write in the columns of choices, read once per import."""
    return {"party_kind": _words(Case.PartyKind.choices, PARTY_WORDS),
            "outcome": _words(Case.Outcome.choices, OUTCOME_WORDS),
            "penalty_types": _words(Case.PenaltyType.choices, PENALTY_WORDS)}


def _officer_lookup(body: EnforcementBody):
    """Officers of ``body`` by certificate number and by name (a name two officers share is ambiguous: None)."""
    officers = list(Officer.objects.filter(body=body, withdrawn_at__isnull=True))
    by_name: dict[str, Officer | None] = {}
    for officer in officers:
        by_name[officer.name] = None if officer.name in by_name else officer
    by_number = {c.number: c.officer for c in Certificate.objects.filter(
        officer__in=officers, withdrawn_at__isnull=True).select_related("officer")}
    return by_number, by_name


def import_cases(data: bytes, *, user, body: EnforcementBody) -> ImportResult:
    """File every case of the workbook with ``body``: all of them, or none with each row's refusals."""
    result = ImportResult()
    if body is None or not can_write(user, body.agency_id):
        result.fatal = _("You may not file cases of this enforcement body.")
        return result
    rows = _read(data, result)
    if result.fatal:
        return result
    by_number, by_name = _officer_lookup(body)
    words = _vocabulary()
    parsed, seen = [], {}
    for index, cells in rows:
        values = {name: cell for (name, *_rest), cell in zip(COLUMNS, cells, strict=True)}
        texts = {name: _cell_text(cell) for name, cell in values.items()}
        before = len(result.errors)
        for name, _heading, _width, required in COLUMNS:
            if required and not texts[name]:
                result.errors.append(_error(index, name, _("This column is required.")))
        kind = words["party_kind"].get(texts["party_kind"].lower()) if texts["party_kind"] else None
        if texts["party_kind"] and kind is None:
            result.errors.append(_error(index, "party_kind", _(
                "Write the kind of party as 公民 or 法人或者其他组织 (citizen, organisation).")))
        if isinstance(values["party_code"], int | float):
            result.errors.append(_error(index, "party_code", _(
                "The code is stored as a number: format the column as text and type the code again.")))
        dates = {}
        for name in DATE_COLUMNS:
            if not texts[name]:
                continue
            try:
                dates[name] = _date(values[name])
            except ValueError:
                result.errors.append(_error(index, name, _("Write the date as 2026-03-02.")))
        officers = []
        for word in (w for w in _SEPARATORS.split(texts["officers"]) if w):
            officer = by_number.get(word) or by_name.get(word)
            if officer is None:
                result.errors.append(_error(index, "officers", _(
                    "No single officer of %(body)s holds the certificate or the name “%(word)s”.")
                    % {"body": body.name, "word": word}))
            else:
                officers.append(officer)
        decision = {}
        if any(texts[name] for name in DECISION_COLUMNS):
            decision = _decision_of(index, values, texts, dates, words, result)
        number = texts["number"]
        if number and number in seen:
            result.errors.append(_error(index, "number", _(
                "The case number %(number)s is already on row %(row)d of this file.")
                % {"number": number, "row": seen[number]}))
        seen.setdefault(number, index)
        if len(result.errors) == before:
            parsed.append((index, {
                "number": number, "title": texts["title"], "party_kind": kind, "party_name": texts["party_name"],
                "party_code": texts["party_code"], "party_address": texts["party_address"],
                "domain": texts["domain"], "officers": officers,
                **{k: v for k, v in dates.items() if k in ("violation_on", "discovered_on", "opened_on")}}, decision))
    try:
        with transaction.atomic():
            for index, row, decision in parsed:
                try:
                    with transaction.atomic():  # a savepoint: a refused row leaves nothing
                        case = actions.open_case(body=body, by=user, **row)
                        if decision:
                            _enter_decision(case, user, decision)
                        result.imported += 1
                except ValidationError as exc:
                    result.errors.extend(_errors_of(index, exc))
            if result.errors:
                raise _RollBack
    except _RollBack:
        result.imported = 0
    result.errors.sort(key=lambda e: (e.row or 0, e.column))
    return result


__all__ = ["XLSX_TYPE", "ImportResult", "RowError", "import_cases", "template"]
