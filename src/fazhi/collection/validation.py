"""Check collected figures, per field and per row, with messages that say what is wrong.

Per field (``parse_value``): a number (full-width digits and thousands separators are accepted, a unit
is not), not negative, a count without decimals, at most two decimals otherwise, a typed rate between 0
and 100. Per row (``check_parts``): a numerator never above its denominator (纠错 ≤ 审结), for every
rate the catalog defines from two parts. The same checks serve the web form and the Excel upload.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.metrics.models import Metric

__all__ = ["MAX_NOTE", "Pair", "check_parts", "clean_note", "parse_value", "part_pairs"]

MAX_NOTE = 1000
MAX_VALUE = Decimal("99999999999999")  # 14 digits before the point: Value.value holds 16 with 2 decimals
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


def _display(raw) -> str:
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:40] + "…"


def parse_value(metric: Metric, raw, *, percent_cell: bool = False) -> Decimal | None:
    """Return ``raw`` as the metric's value (None when empty), or raise ValidationError with a code.

    ``percent_cell``: the number comes from a spreadsheet cell formatted as a percentage (0.85 is 85 %).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": raw}, code="not_a_number")
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = _SPACES.sub("", unicodedata.normalize("NFKC", str(raw)))
        if not text:
            return None
        if metric.is_rate and text.endswith("%"):
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                _("“%(value)s” is not a number. Type digits only, without the unit.") % {"value": _display(raw)},
                code="not_a_number",
            )
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": _display(raw)}, code="not_a_number")
    if percent_cell and metric.is_rate:
        number = number * 100
    number = number.normalize()
    if number < 0:
        message = {
            Metric.Kind.COUNT: _("A count cannot be negative."),
            Metric.Kind.AMOUNT: _("An amount cannot be negative."),
        }.get(metric.kind, _("A rate cannot be negative."))
        raise ValidationError(message, code="negative")
    if metric.is_rate and number > 100:
        raise ValidationError(
            _("%(value)s%% is not a rate: a rate lies between 0 and 100%%.") % {"value": _plain(number)},
            code="rate_range",
        )
    if abs(number) > MAX_VALUE:
        raise ValidationError(_("The number is too large."), code="too_large")
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if metric.kind == Metric.Kind.COUNT and decimals:
        raise ValidationError(
            _("A count is a whole number: “%(value)s” has decimals.") % {"value": _display(raw)},
            code="not_whole",
        )
    if decimals > 2:
        raise ValidationError(_("At most two decimals are allowed."), code="too_many_decimals")
    return number.quantize(Decimal(1)) if decimals == 0 else number


def clean_note(raw) -> str:
    """Return the note stripped, or raise ValidationError when it is too long."""
    note = "" if raw is None else str(raw).strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            _("The note is too long: at most %(n)d characters.") % {"n": MAX_NOTE}, code="note_too_long",
        )
    return note


@dataclass(frozen=True)
class Pair:
    """A part and its whole: the numerator and denominator of a rate in the catalog."""

    part: str
    whole: str
    part_label: str
    whole_label: str


def part_pairs(year: int | None = None) -> list[Pair]:
    """Return every (numerator, denominator) pair the catalog defines, for the year when given."""
    metrics = Metric.objects.filter(numerator__isnull=False, denominator__isnull=False)
    if year is not None:
        metrics = metrics.for_year(year)
    rows = metrics.values_list("numerator__code", "denominator__code", "numerator__label", "denominator__label")
    return list({(p, w): Pair(p, w, pl, wl) for p, w, pl, wl in rows}.values())


def check_parts(values: dict[str, Decimal | None], pairs: list[Pair]) -> dict[str, ValidationError]:
    """Return ``{numerator code: error}`` for each numerator above its denominator in ``values``."""
    errors: dict[str, ValidationError] = {}
    for pair in pairs:
        part, whole = values.get(pair.part), values.get(pair.whole)
        if part is None or whole is None or part <= whole:
            continue
        errors.setdefault(pair.part, ValidationError(
            _("%(part)s (%(part_value)s) cannot be more than %(whole)s (%(whole_value)s).") % {
                "part": pair.part_label, "part_value": _plain(part),
                "whole": pair.whole_label, "whole_value": _plain(whole),
            },
            code="numerator_above_denominator",
        ))
    return errors


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"
