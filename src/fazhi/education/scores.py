"""An exam's per-person scores read from a workbook: a header row naming 姓名, 单位 and 成绩 (a 是否合格 column
optional), one official a row. Every row is checked before any is kept; the refusals name the row."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.ledgers.excel import cell_text, damaged, refusal_of

#: The headings a column is recognised by (Chinese first, then English), in the workbook's first row.
HEADINGS = {
    "person": ("姓名", "name"),
    "unit": ("单位", "单位及职务", "unit"),
    "score": ("成绩", "分数", "得分", "score"),
    "passed": ("是否合格", "合格", "passed"),
}
MAX_ROWS = 5000


@dataclass(frozen=True)
class Row:
    person: str
    unit: str
    score: Decimal
    passed: bool


def template() -> bytes:
    """A workbook to fill in: the headings and one invented example row."""
    from fazhi.ledgers.excel import Sheet, workbook_bytes

    return workbook_bytes([Sheet("成绩", ["姓名", "单位", "成绩", "是否合格"], iter([["（示例）王某", "某局", 86, "是"]]))])


def read_scores(data: bytes, pass_mark: int) -> list[Row]:
    """The rows of ``data``, or a ValidationError at ``file`` listing every refused row."""
    from openpyxl import load_workbook

    refused = refusal_of(data)
    if refused:
        raise ValidationError({"file": refused}, code="invalid")
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1))
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ValidationError({"file": damaged()}, code="invalid") from None
    if not rows:
        raise ValidationError({"file": _("The workbook is empty.")}, code="invalid")
    header = [cell_text(cell).lower() for cell in rows[0]]
    where = {}
    for key, names in HEADINGS.items():
        for index, heading in enumerate(header):
            if heading in names:
                where[key] = index
                break
    missing = [HEADINGS[key][0] for key in ("person", "score") if key not in where]
    if missing:
        raise ValidationError({"file": _("The first row names the columns; %(missing)s is missing.") % {
            "missing": "、".join(missing)}}, code="invalid")
    found: list[Row] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for number, cells in enumerate(rows[1:], start=2):
        def get(key, cells=cells):
            index = where.get(key)
            return cell_text(cells[index]) if index is not None and index < len(cells) else ""

        person, unit, score_text = get("person"), get("unit"), get("score")
        if not person and not score_text:
            continue
        if not person:
            errors.append(_("Row %(row)d: give the official's name.") % {"row": number})
            continue
        try:
            score = Decimal(score_text).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            score = Decimal(-1)
        if not Decimal(0) <= score <= Decimal(100):
            errors.append(_("Row %(row)d: “%(value)s” is not a score from 0 to 100.") % {
                "row": number, "value": score_text or "—"})
            continue
        if (person, unit) in seen:
            errors.append(_("Row %(row)d: %(person)s appears twice.") % {"row": number, "person": person})
            continue
        seen.add((person, unit))
        verdict = get("passed")
        passed = verdict in ("是", "合格", "yes", "1", "√") if verdict else score >= pass_mark
        found.append(Row(person, unit, score, passed))
    if len(rows) > MAX_ROWS + 1:
        errors.append(_("A workbook holds at most %(count)d scores.") % {"count": MAX_ROWS})
    if errors:
        raise ValidationError({"file": errors[:20]}, code="invalid")
    if not found:
        raise ValidationError({"file": _("The workbook holds no scores.")}, code="invalid")
    return found
