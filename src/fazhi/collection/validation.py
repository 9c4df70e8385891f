"""Check collected figures, per field and per row, with messages that say what is wrong.

Per field (``parse_value``): a number (full-width digits and thousands separators are accepted, a unit
is not), not negative, a count without decimals, at most two decimals otherwise, a typed rate between 0
and 100. Per row (``check_parts``): the rules between figures the catalog declares: a numerator never above
its denominator (纠错 ≤ 审结), parts never above their whole (胜诉 + 败诉 ≤ 审结), a breakdown adding up to its
total (废止 + 修改 + 保留 = 清理). The same checks serve the web form and the Excel upload.
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
    """A rule between figures the catalog declares: the parts never add up to more than the whole.

    From a rate's numerator and denominator (纠错 ≤ 审结), from a metric's ``bounds`` (胜诉 + 败诉 ≤ 审结), and
    ``exact`` from a metric's ``breakdown`` (废止 + 修改 + 保留 = 清理).
    """

    parts: tuple[str, ...]
    whole: str
    part_labels: tuple[str, ...]
    whole_label: str
    exact: bool = False

    @property
    def codes(self) -> set[str]:
        return {*self.parts, self.whole}


def part_pairs(year: int | None = None) -> list[Pair]:
    """Return every rule between figures the catalog defines (for the metrics in force in ``year``, if given)."""
    metrics = Metric.objects.all() if year is None else Metric.objects.for_year(year)
    labels = dict(metrics.values_list("code", "label"))
    rules: dict[tuple, Pair] = {}
    rows = metrics.filter(numerator__isnull=False, denominator__isnull=False).values_list(
        "numerator__code", "denominator__code")
    for part, whole in rows:
        if part in labels and whole in labels:
            rules[((part,), whole)] = Pair((part,), whole, (labels[part],), labels[whole])
    for whole, bounds, breakdown in metrics.values_list("code", "bounds", "breakdown"):
        for group in bounds or []:
            parts = tuple(c for c in group if c in labels)
            if parts:
                rules.setdefault((parts, whole), Pair(parts, whole, tuple(labels[c] for c in parts), labels[whole]))
        parts = tuple(c for c in breakdown or [] if c in labels)
        if parts and len(parts) == len(breakdown):
            rules[(parts, whole, "=")] = Pair(parts, whole, tuple(labels[c] for c in parts), labels[whole], exact=True)
    return list(rules.values())


def check_parts(values: dict[str, Decimal | None], pairs: list[Pair]) -> dict[str, ValidationError]:
    """Return ``{code: error}`` for each rule ``values`` break, keyed by the first part the values hold."""
    errors: dict[str, ValidationError] = {}
    for pair in pairs:
        whole = values.get(pair.whole)
        given = [values[c] for c in pair.parts if values.get(c) is not None]
        if whole is None or not given or (pair.exact and len(given) < len(pair.parts)):
            continue
        total = sum(given, Decimal(0))
        if (total == whole) if pair.exact else (total <= whole):
            continue
        names = "、".join(pair.part_labels)
        numbers = {"part": names, "part_value": _plain(total), "whole": pair.whole_label,
                   "whole_value": _plain(whole)}
        if pair.exact:
            message, code = _("%(part)s add up to %(part_value)s, not to %(whole)s (%(whole_value)s).") % numbers, \
                "breakdown_mismatch"
        elif len(pair.parts) > 1:
            message, code = _("%(part)s together (%(part_value)s) cannot be more than %(whole)s "
                              "(%(whole_value)s).") % numbers, "parts_above_whole"
        else:
            message, code = _("%(part)s (%(part_value)s) cannot be more than %(whole)s "
                              "(%(whole_value)s).") % numbers, "numerator_above_denominator"
        key = next(c for c in pair.parts if values.get(c) is not None)
        errors.setdefault(key, ValidationError(message, code=code))
    return errors


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"
