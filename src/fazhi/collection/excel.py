"""The Excel round trip: download a collection form as .xlsx, fill it offline, upload it back.

Layout (one sheet per agency; the form of a whole round is one workbook with a sheet per submission):

- column A is hidden and locked: ``A1`` holds the marker ``fazhi-collection-v1``, ``A3`` the agency code,
  ``A5`` and below the metric codes (what the upload reads);
- row 1: title, row 2: instructions, row 3: the agency, year and due date, row 4: column headings;
- from row 5, one metric per row: metric code, label, unit, last year's value, this year's value, note.
  Only "this year" and "note" are unlocked (the sheet is protected without a password, against slips,
  not as security). Computed figures are filled in, greyed and locked.

The last sheet, "文字材料", carries the narrative material the forms ask for (``actions.narrative_slots``),
one row per slot of each agency: ``A1`` holds the marker ``fazhi-collection-texts-v1``; from row 4, columns
A and B (hidden, locked) hold the agency code and the slot code (``actions.slot_name``), then the agency,
topic and kind as people read them and the text, prefilled with what is stored. Only the text is unlocked.

The upload (``parse_workbook``) first checks the file against the upload limits (``fazhi.core.xlsxscan``:
unpacked size, rows, columns, cells, characters per cell, time) without loading it, then checks every row and returns the good rows and per-row errors (sheet, row
number, metric code, message); ``import_rows`` stores the good rows only, when the person confirms.
An empty cell in "this year" keeps the figure already stored, an empty text cell the text already stored.
The texts are checked and saved as the web form's (``actions.check_texts``, ``actions.save_values``); a
workbook without the texts sheet (downloaded before it existed) imports its figures alone.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.collection.models import Narrative, Round, Submission, Value
from fazhi.collection.validation import check_parts, clean_note, parse_value, part_pairs
from fazhi.core import uploads
from fazhi.core.unpack import Budget, LimitExceeded, scan_central_directory
from fazhi.core.xlsxscan import WorkbookScan, scan_workbook
from fazhi.metrics.models import Metric, Topic
from fazhi.org.scope import scope_for

__all__ = [
    "ImportPreview", "RowError", "build_workbook", "checks_off_request", "import_rows", "parse_workbook",
    "preview_from_dict", "preview_to_dict",
]

MARKER = "fazhi-collection-v1"
HEADER_ROW = 4
FIRST_ROW = 5
KEY, CODE, LABEL, UNIT, LAST, VALUE, NOTE = range(1, 8)  # column numbers
TEXTS_MARKER = "fazhi-collection-texts-v1"
TEXTS_HEADER_ROW = 3
TEXTS_FIRST_ROW = 4
AGENCY_KEY, SLOT_KEY, AGENCY, TOPIC, KIND, TEXT = range(1, 7)  # column numbers of the texts sheet
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Download ---------------------------------------------------------------------------------------------


def last_year_values(submissions) -> dict[tuple[int, str], Decimal | None]:
    """Return ``{(agency id, metric code): value}`` of the previous year's submissions of these agencies."""
    submissions = list(submissions)
    if not submissions:
        return {}
    years = {s.year - 1 for s in submissions}
    rows = Value.objects.filter(
        submission__agency_id__in=[s.agency_id for s in submissions], submission__year__in=years,
        submission__withdrawn_at__isnull=True,
    ).values_list("submission__agency_id", "metric__code", "value")
    return {(agency_id, code): value for agency_id, code, value in rows}


def _sheet_title(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:28] or "sheet"
    title, n = base, 1
    while title in taken:
        n += 1
        title = f"{base[:25]}-{n}"
    taken.add(title)
    return title


def build_workbook(submissions) -> bytes:
    """Return the .xlsx form of ``submissions`` (one sheet each), with last year's values."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    submissions = list(submissions)
    last = last_year_values(submissions)
    values = defaultdict(list)
    for value in (Value.objects.filter(submission__in=submissions)
                  .select_related("metric").order_by("metric__topic", "metric__order", "metric__code")):
        values[value.submission_id].append(value)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    unlocked = Protection(locked=False)
    taken: set[str] = set()
    for submission in submissions:
        agency, round_ = submission.agency, submission.round
        sheet = workbook.create_sheet(_sheet_title(agency.brief, taken))
        sheet["A1"], sheet["A3"] = MARKER, agency.code
        sheet["B1"] = f"{round_.title} · {agency.name}"
        sheet["B1"].font = Font(bold=True, size=14)
        sheet["B2"] = _(
            "Fill in only the columns “This year” and “Note”. Do not change the metric codes or add rows. "
            "Grey rows are computed and need no input. Counts are whole numbers; rates are per cent "
            "between 0 and 100. An empty cell keeps the figure already stored."
        )
        sheet["B2"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells("B2:G2")
        sheet.row_dimensions[2].height = 48
        sheet["B3"] = _("Agency: %(agency)s (code %(code)s) · reporting year %(year)d · due %(date)s") % {
            "agency": agency.name, "code": agency.code, "year": submission.year, "date": round_.due_date.isoformat()}
        headings = ["key", _("Metric code"), _("Metric"), _("Unit"), _("Last year"), _("This year"), _("Note")]
        for column, heading in enumerate(headings, start=1):
            cell = sheet.cell(HEADER_ROW, column, heading)
            cell.font = bold
        whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, error=_("A count is a whole number, 0 or more."))
        decimal = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                 showErrorMessage=True, error=_("An amount is a number, 0 or more."))
        percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                 allow_blank=True, showErrorMessage=True,
                                 error=_("A rate is a number between 0 and 100."))
        for validation in (whole, decimal, percent):
            sheet.add_data_validation(validation)
        for row, value in enumerate(values[submission.pk], start=FIRST_ROW):
            metric = value.metric
            read_only = metric.is_derived or metric.source == Metric.Source.COMPUTED
            label = metric.label + (_(" (computed)") if read_only else "")
            previous = last.get((submission.agency_id, metric.code))
            cells = [metric.code, metric.code, label, metric.unit,
                     None if previous is None else float(previous),
                     None if value.value is None else float(value.value), value.note]
            for column, content in enumerate(cells, start=1):
                sheet.cell(row, column, content)
            if read_only:
                for column in range(CODE, NOTE + 1):
                    sheet.cell(row, column).fill = grey
                sheet.cell(row, NOTE).protection = unlocked
            else:
                sheet.cell(row, VALUE).protection = unlocked
                sheet.cell(row, NOTE).protection = unlocked
                target = {Metric.Kind.COUNT: whole, Metric.Kind.AMOUNT: decimal}.get(metric.kind, percent)
                target.add(sheet.cell(row, VALUE))
        sheet.column_dimensions["A"].hidden = True
        for letter, width in zip("BCDEFG", (30, 36, 8, 12, 12, 40), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = sheet.cell(FIRST_ROW, LABEL)
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
    if submissions:
        _add_texts_sheet(workbook, submissions, taken)
    if not workbook.worksheets:
        workbook.create_sheet(_("Empty"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_rows(submissions) -> list[tuple[Submission, str, str, str]]:
    """Return ``(submission, topic, kind, stored text)`` for each narrative slot the forms ask, in form order."""
    from fazhi.collection.actions import narrative_slots

    texts = Narrative.objects.filter(submission__in=submissions)
    stored = {(n.submission_id, n.topic, n.kind): n.text for n in texts}
    return [(submission, topic, kind, stored.get((submission.pk, topic, kind), ""))
            for submission in submissions for topic, kind in narrative_slots(submission)]


#: Width of the text column (in characters of the default font; a Chinese character takes two).
TEXT_WIDTH = 90


def _text_height(text: str) -> float:
    """Return a row height (points) that shows ``text`` whole, and leaves room for a paragraph when empty."""
    per_line = TEXT_WIDTH // 2
    lines = sum(max(1, -(-len(paragraph) // per_line)) for paragraph in text.split("\n"))
    return min(409, max(96, 16 * lines))  # 409 points: the most Excel allows


def _add_texts_sheet(workbook, submissions, taken: set[str]) -> None:
    """Add the sheet of narrative material: one row per slot of each form, the stored text prefilled."""
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from fazhi.collection.actions import MAX_NARRATIVE, slot_name

    sheet = workbook.create_sheet(_sheet_title(_("Narrative material"), taken))
    sheet["A1"] = TEXTS_MARKER
    sheet["C1"] = f"{submissions[0].round.title} · {_('Narrative material')}"
    sheet["C1"].font = Font(bold=True, size=14)
    sheet["C2"] = "\n".join([
        _("In your own words, for the annual report: what you did and what came of it, with the documents, events "
          "and cases that show it. The office drafts the report from this and your figures."),
        _("Write only in the column “Text”, at most %(max)d characters a cell; Alt+Enter starts a new paragraph. "
          "Do not change the other columns or add rows. An empty cell keeps the text already stored.")
        % {"max": MAX_NARRATIVE},
    ])
    wrapped = Alignment(wrap_text=True, vertical="top")
    sheet["C2"].alignment = wrapped
    sheet.merge_cells("C2:F2")
    sheet.row_dimensions[2].height = 80
    headings = ["agency", "slot", _("Agency"), _("Topic"), _("Kind"), _("Text")]
    for column, heading in enumerate(headings, start=1):
        sheet.cell(TEXTS_HEADER_ROW, column, heading).font = Font(bold=True)
    length = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(MAX_NARRATIVE),
                            allow_blank=True, showErrorMessage=True,
                            error=_("At most %(max)d characters a cell.") % {"max": MAX_NARRATIVE})
    sheet.add_data_validation(length)
    unlocked = Protection(locked=False)
    for row, (submission, topic, kind, text) in enumerate(_text_rows(submissions), start=TEXTS_FIRST_ROW):
        topic_label = Topic(topic).label if topic else "—"
        cells = [submission.agency.code, slot_name(topic, kind), submission.agency.name, topic_label,
                 Narrative.Kind(kind).label, text or None]
        for column, content in enumerate(cells, start=1):
            sheet.cell(row, column, str(content) if content is not None else None).alignment = wrapped
        sheet.cell(row, TEXT).protection = unlocked
        length.add(sheet.cell(row, TEXT))
        sheet.row_dimensions[row].height = _text_height(text)
    for letter in "AB":
        sheet.column_dimensions[letter].hidden = True
    for letter, width in zip("CDEF", (20, 18, 16, TEXT_WIDTH), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(TEXTS_FIRST_ROW, AGENCY_KEY)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


# Upload -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    code: str
    message: str


@dataclass(frozen=True)
class GoodRow:
    sheet: str
    row: int
    submission_id: int
    agency: str
    code: str
    label: str
    value: Decimal | None  # None: keep the stored figure (only the note changes)
    note: str | None


@dataclass(frozen=True)
class GoodText:
    """A row of the texts sheet to import: a changed text for a slot the agency's form asks."""

    sheet: str
    row: int
    submission_id: int
    agency: str
    code: str  # the slot code, ``actions.slot_name``
    topic: str
    kind: str
    label: str
    text: str


@dataclass
class ImportPreview:
    rows: list[GoodRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    fatal: str = ""  # the whole file was refused: why
    texts: list[GoodText] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fatal

    @property
    def valid(self) -> int:
        """How many rows, figures and texts, the import would store."""
        return len(self.rows) + len(self.texts)

    def by_agency(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.agency] = counts.get(row.agency, 0) + 1
        return sorted(counts.items())


def _sniff(data: bytes) -> str:
    """Return why ``data`` is not an .xlsx file, or "" when it looks like one."""
    if not data:
        return _("The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        return ""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _("This is an old Excel file (.xls). Open it in Excel or WPS and save it as .xlsx, then upload it again.")
    head = data[:4096]
    if len(data) > len(head) and b"\n" in head:
        head = head[: head.rfind(b"\n")]  # never cut a multi-byte character in two
    for encoding in ("utf-8-sig", "gbk"):
        if b"\0" in head:
            break
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if controls == 0 and ("," in text or "\t" in text or "\n" in text):
            return _("This looks like a CSV or text file. Download the Excel form (.xlsx), fill it in and upload "
                     "that file.")
    return _("This is not an Excel .xlsx file. Download the Excel form, fill it in and upload that file.")


def preview_to_dict(preview: ImportPreview) -> dict:
    """Return a checked upload as JSON-ready data (for the check that runs off the request)."""
    return {
        "fatal": preview.fatal,
        "errors": [[e.sheet, e.row, e.code, e.message] for e in preview.errors],
        "rows": [[r.sheet, r.row, r.submission_id, r.agency, r.code, r.label,
                  None if r.value is None else str(r.value), r.note] for r in preview.rows],
        "texts": [[t.sheet, t.row, t.submission_id, t.agency, t.code, t.topic, t.kind, t.label, t.text]
                  for t in preview.texts],
    }


def preview_from_dict(data: dict) -> ImportPreview:
    rows = [GoodRow(sheet, row, submission_id, agency, code, label, None if value is None else Decimal(value), note)
            for sheet, row, submission_id, agency, code, label, value, note in data.get("rows", [])]
    errors = [RowError(*error) for error in data.get("errors", [])]
    texts = [GoodText(*text) for text in data.get("texts", [])]
    return ImportPreview(rows=rows, errors=errors, fatal=data.get("fatal", ""), texts=texts)


def checks_off_request(data: bytes) -> bool:
    """Return whether checking this upload may take long: it unpacks to more than ``FAZHI_EXCEL_INLINE_KB``.

    Read from the zip's directory alone. A file past the limits, or not a zip, is refused at once inline.
    """
    from django.conf import settings

    try:
        limits = uploads.excel_zip_limits()
        _members, unpacked = scan_central_directory(io.BytesIO(data), limits.max_members)
    except (LimitExceeded, zipfile.BadZipFile, OSError, ValueError):
        return False
    return settings.FAZHI_EXCEL_INLINE_KB * 1024 < unpacked <= limits.max_unpacked


#: How long the upload page spends looking for a limit a large file passes before it checks it off the request.
QUICK_SECONDS = 1.0


def quick_refusal(data: bytes) -> str:
    """Return why a large upload is refused, if a limit shows within ``QUICK_SECONDS``; "" to check it fully.

    A hostile file (millions of rows, a huge cell) passes a limit early in the stream, so it is refused on
    the upload page itself; a legitimate large file is left to the check off the request.
    """
    scan, problem = _scan(data, Budget(QUICK_SECONDS))
    if scan is None and problem == uploads.describe(LimitExceeded("seconds", QUICK_SECONDS, QUICK_SECONDS)):
        return ""
    return problem


def _load(data: bytes):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, IndexError):
        return None


def _damaged() -> str:
    return _("The file could not be read as an Excel workbook; it may be damaged. Save it again as .xlsx in "
             "Excel or WPS and upload it again.")


def _scan(data: bytes, budget: Budget) -> tuple[WorkbookScan | None, str]:
    """Check the file against the upload limits before openpyxl reads it: (what it found, why it is refused)."""
    from xml.etree.ElementTree import ParseError

    try:
        return scan_workbook(data, zip_limits=uploads.excel_zip_limits(), limits=uploads.excel_limits(),
                             budget=budget), ""
    except LimitExceeded as exc:
        return None, uploads.describe(exc)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, ParseError):
        return None, _damaged()


def parse_workbook(data: bytes, *, round_: Round, user, only: Submission | None = None) -> ImportPreview:
    """Check every row of an uploaded form; return the good rows and the per-row errors.

    The file is first checked against the upload limits (nothing of it is loaded before); a file past one
    is refused as a whole (``fatal`` names the limit). Each sheet names its agency (cell A3); the agency
    must have a submission in ``round_`` (and be ``only``'s when given) that ``user`` may change and that is
    not yet submitted.
    """
    preview = ImportPreview()
    preview.fatal = _sniff(data)
    if preview.fatal:
        return preview
    budget = uploads.excel_budget()
    scan, preview.fatal = _scan(data, budget)
    if preview.fatal:
        return preview
    workbook = _load(data)
    if workbook is None:
        preview.fatal = _damaged()
        return preview
    submissions = {s.agency.code: s for s in round_.submissions.filter(withdrawn_at__isnull=True)
                   .select_related("agency", "round")}
    scope = scope_for(user)
    pairs = part_pairs(round_.year)
    found_any = False
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(min_row=1, max_col=NOTE):
                rows.append(row)
                if len(rows) % 200 == 0:
                    budget.check()
            marker = _text(rows[0][0].value if rows and rows[0] else None)
            formulas = scan.formulas_without_value.get(sheet.title, set())
            if marker == TEXTS_MARKER:
                found_any = True
                _parse_texts_sheet(preview, sheet.title, rows, submissions, scope, only, formulas)
                continue
            if marker != MARKER:
                preview.errors.append(RowError(sheet.title, None, "", _(
                    "This sheet is not a collection form downloaded from the workbench; it was skipped.")))
                continue
            found_any = True
            _parse_sheet(preview, sheet.title, rows, submissions, scope, only, pairs, formulas)
    except LimitExceeded as exc:
        return ImportPreview(fatal=uploads.describe(exc))
    finally:
        workbook.close()
    if not found_any:
        preview.fatal = _("No sheet of this file is a collection form downloaded from the workbench. Download "
                          "the Excel form, fill it in and upload that file.")
    return preview


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _cell(row, column):
    return row[column - 1] if len(row) >= column else None


def _formula_cells(index: int, formulas: set[str], columns=(KEY, CODE, VALUE, NOTE)) -> list[str]:
    """Return the references of the cells read from this row that hold a formula without a computed value."""
    if not formulas:
        return []
    from openpyxl.utils import get_column_letter

    refs = (f"{get_column_letter(column)}{index}" for column in columns)
    return [ref for ref in refs if ref in formulas]


def _formula_error(title: str, index: int, code: str, cells: list[str]) -> RowError:
    return RowError(title, index, code, _(
        "Cell %(cell)s of the sheet “%(sheet)s” holds a formula without a computed value. Paste the "
        "figures as values (Paste Special → Values), or open the file in Excel or WPS, save it and "
        "upload it again.") % {"cell": "、".join(cells), "sheet": title})


def _refusal(submission, agency_code: str, only, scope, *, texts: bool = False) -> str:
    """Return why the rows of ``agency_code`` may not be imported by this person, or "" when they may.

    The figures sheets and the texts sheet share these checks; ``texts`` words the refusal for text rows.
    """
    if submission is None:
        return _("The agency “%(code)s” is not asked in this round.") % {"code": agency_code or "—"}
    agency = submission.agency
    if only is not None and submission.pk != only.pk:
        message = (_("These texts are of %(agency)s, not of %(expected)s; they were skipped.") if texts
                   else _("This sheet is the form of %(agency)s, not of %(expected)s; it was skipped."))
        return message % {"agency": agency.name, "expected": only.agency.name}
    if not scope.can_write_agency(agency.pk):
        message = (_("You may not enter texts for %(agency)s; the rows were skipped.") if texts
                   else _("You may not enter figures for %(agency)s; the sheet was skipped."))
        return message % {"agency": agency.name}
    if not submission.is_pending:
        return _(
            "The figures of %(agency)s were already %(status)s and cannot be replaced by an upload. Ask the "
            "rule-of-law office to return the submission first.") % {
            "agency": agency.name, "status": submission.get_status_display()}
    return ""


def _parse_sheet(preview, title, rows, submissions, scope, only, pairs, formulas=frozenset()) -> None:
    agency_code = _text(_cell(rows[2], KEY).value) if len(rows) > 2 and _cell(rows[2], KEY) is not None else ""
    submission = submissions.get(agency_code)
    refusal = _refusal(submission, agency_code, only, scope)
    if refusal:
        preview.errors.append(RowError(title, 3, "", refusal))
        return
    agency = submission.agency
    stored = {v.metric.code: v for v in submission.values.select_related("metric")}
    good: dict[str, GoodRow] = {}
    seen: dict[str, int] = {}
    known_codes: set[str] | None = None
    for index, row in enumerate(rows[HEADER_ROW:], start=FIRST_ROW):
        key_cell, code_cell = _cell(row, KEY), _cell(row, CODE)
        code = _text(key_cell.value if key_cell is not None else None) or _text(
            code_cell.value if code_cell is not None else None)
        value_cell, note_cell = _cell(row, VALUE), _cell(row, NOTE)
        raw = value_cell.value if value_cell is not None else None
        raw_note = note_cell.value if note_cell is not None else None
        uncomputed = _formula_cells(index, formulas)
        if uncomputed:
            preview.errors.append(_formula_error(title, index, code, uncomputed))
            continue
        if not code:
            if _text(raw) or _text(raw_note):
                preview.errors.append(RowError(title, index, "", _("This row has no metric code.")))
            continue
        if code in seen:
            preview.errors.append(RowError(title, index, code, _(
                "The metric appears twice in this sheet (first in row %(row)d).") % {"row": seen[code]}))
            continue
        seen[code] = index
        current = stored.get(code)
        if current is None:
            if known_codes is None:  # one query for the sheet, not one per unknown row
                known_codes = set(Metric.objects.values_list("code", flat=True))
            known = code in known_codes
            message = (_("The metric “%(code)s” is not in this agency's form.") if known
                       else _("Unknown metric code “%(code)s”.")) % {"code": code}
            preview.errors.append(RowError(title, index, code, message))
            continue
        metric = current.metric
        try:
            note = clean_note(raw_note) if raw_note is not None else None
            if note == current.note:
                note = None
            if metric.is_derived or metric.source == Metric.Source.COMPUTED:
                typed = parse_value(metric, raw) if _text(raw) else None
                if typed is not None and current.value is not None and typed != current.value:
                    raise ValidationError(_("%(label)s is computed and cannot be typed in.") % {
                        "label": metric.label}, code="read_only")
                if typed is not None and current.value is None:
                    raise ValidationError(_("%(label)s is computed and cannot be typed in.") % {
                        "label": metric.label}, code="read_only")
                value = None
            else:
                percent = bool(value_cell is not None and "%" in (getattr(value_cell, "number_format", "") or ""))
                value = parse_value(metric, raw, percent_cell=percent)
                if value is not None and value == current.value:
                    value = None
        except ValidationError as exc:
            preview.errors.append(RowError(title, index, code, exc.messages[0]))
            continue
        if value is None and note is None:
            continue  # nothing new in this row
        good[code] = GoodRow(title, index, submission.pk, agency.name, code, metric.label, value, note)
    merged = {code: v.value for code, v in stored.items()} | {
        code: row.value for code, row in good.items() if row.value is not None}
    for pair in pairs:
        error = next(iter(check_parts(merged, [pair]).values()), None)
        if error is None or not (pair.codes & set(good)):
            continue
        for code in (*pair.parts, pair.whole):
            row = good.pop(code, None)
            if row is not None:
                preview.errors.append(RowError(title, row.row, code, error.messages[0]))
    preview.rows.extend(sorted(good.values(), key=lambda r: r.row))


def _cell_text(value) -> str:
    """Return a cell of the texts sheet as text: a number or a date the spreadsheet made of it, written out."""
    from datetime import datetime, time

    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date() if value.time() == time() else value.isoformat(sep=" ", timespec="minutes")
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return _text(value)


def _row_error(title: str, index: int, code: str, problem: str, slot: str = "") -> RowError:
    """A texts sheet error whose message names the sheet, the row and (when known) the slot."""
    params = {"sheet": title, "row": index, "slot": slot, "problem": problem}
    message = (_("Sheet “%(sheet)s”, row %(row)d (%(slot)s): %(problem)s") if slot
               else _("Sheet “%(sheet)s”, row %(row)d: %(problem)s")) % params
    return RowError(title, index, code, message)


def _parse_texts_sheet(preview, title, rows, submissions, scope, only, formulas=frozenset()) -> None:
    """Check the rows of the texts sheet agency by agency; each row is good or an error on its own."""
    by_agency: dict[str, list[tuple[int, str, str]]] = {}
    for index, row in enumerate(rows[TEXTS_HEADER_ROW:], start=TEXTS_FIRST_ROW):
        agency_code, code, text = (_cell_text(getattr(_cell(row, column), "value", None))
                                   for column in (AGENCY_KEY, SLOT_KEY, TEXT))
        uncomputed = _formula_cells(index, formulas, (AGENCY_KEY, SLOT_KEY, TEXT))
        if uncomputed:
            preview.errors.append(_formula_error(title, index, code, uncomputed))
        elif not (agency_code and code):
            if text:
                preview.errors.append(_row_error(title, index, code, _(
                    "the row has no text code. Do not change the hidden columns of the sheet.")))
        else:
            by_agency.setdefault(agency_code, []).append((index, code, text))
    for agency_code, entries in by_agency.items():
        submission = submissions.get(agency_code)
        refusal = _refusal(submission, agency_code, only, scope, texts=True)
        if not refusal:
            _parse_agency_texts(preview, title, submission, entries)
        elif any(text for _index, _code, text in entries):
            preview.errors.append(_row_error(title, entries[0][0], "", refusal))


def _parse_agency_texts(preview, title, submission, entries: list[tuple[int, str, str]]) -> None:
    """Add the changed texts of one agency's rows to the preview, and an error for each bad row.

    An empty cell, or the text already stored, changes nothing and is not checked (a form downloaded before
    the agency's topics changed still uploads).
    """
    from fazhi.collection import actions

    asked = set(actions.narrative_slots(submission))
    stored = {(n.topic, n.kind): n.text for n in submission.narratives.all()}
    seen: dict[tuple[str, str], int] = {}
    changed: dict[tuple[str, str], tuple[int, str, str]] = {}
    for index, code, text in entries:
        if not text:
            continue  # an empty cell keeps the stored text
        slot = actions.slot_of(code)
        if slot is None:
            preview.errors.append(_row_error(title, index, code, _(
                "the text code “%(code)s” is unknown. Do not change the hidden columns of the sheet.") % {
                "code": code}))
            continue
        label = actions.slot_label(*slot)
        if slot in seen:
            preview.errors.append(_row_error(title, index, code, _(
                "this text appears twice in the sheet (first in row %(row)d).") % {"row": seen[slot]}, label))
            continue
        seen[slot] = index
        if text == stored.get(slot, ""):
            continue  # nothing new in this row
        if slot not in asked:
            preview.errors.append(_row_error(title, index, code, _(
                "the form of %(agency)s does not ask for this text.") % {"agency": submission.agency.name},
                label))
        else:
            changed[slot] = (index, code, text)
    _cleaned, errors = actions.check_texts(submission, {slot: entry[2] for slot, entry in changed.items()})
    for slot, (index, code, text) in changed.items():
        label = actions.slot_label(*slot)
        problems = errors.get(actions.slot_name(*slot))
        if problems:
            preview.errors.append(_row_error(title, index, code, problems[0].messages[0], label))
        else:
            agency = submission.agency.name
            preview.texts.append(GoodText(title, index, submission.pk, agency, code, *slot, label, text))


def import_rows(preview: ImportPreview, *, by) -> tuple[int, list[RowError]]:
    """Store the good rows (figures and texts) of a checked upload, one save per submission; return (stored, errors).

    A submission whose figures changed state since the check (submitted meanwhile…) is skipped with an error.
    """
    from fazhi.collection.actions import save_values

    grouped: dict[int, list[GoodRow | GoodText]] = defaultdict(list)
    for row in [*preview.rows, *preview.texts]:
        grouped[row.submission_id].append(row)
    stored, errors = 0, []
    for submission_id, rows in grouped.items():
        submission = Submission.objects.select_related("round", "agency").get(pk=submission_id)
        current = {v.metric.code: v.value for v in submission.values.select_related("metric")}
        entries = {row.code: (current.get(row.code) if row.value is None else row.value, row.note)
                   for row in rows if isinstance(row, GoodRow)}
        texts = {(row.topic, row.kind): row.text for row in rows if isinstance(row, GoodText)}
        try:
            save_values(submission, entries, by=by, texts=texts)
        except ValidationError as exc:
            details = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for code, messages in details.items():
                errors.append(RowError(rows[0].sheet, None, code if code != "__all__" else "", "；".join(messages)))
        else:
            stored += len(rows)
    return stored, errors
