"""How the report prints its figures: numbers, units, the change on last year, and clauses from the catalog.

Pure helpers (no queries): the composer and the exports share them, so a figure reads the same in the
editor, in the DOCX and in the PDF. Official text generated here is data, not UI, and stays Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")

#: Leadership figures that part 3 (第一责任人) states, from the body's own records, rather than part 1: 常委会,
#: 常务会议, 听取汇报, 学法, 述法 (``fazhi.reports.parts.DUTIES``).
FIRST_RESPONSIBLE_METRICS = ("leadership_party_committee_meetings", "leadership_meetings_on_law",
                             "leadership_reports_heard", "leadership_study_sessions", "leadership_pre_meeting_study",
                             "leaders_shufa")


def plain_number(value: Decimal | int | float | str) -> str:
    """Return a figure as printed: no exponent, no trailing zeros (35, 1.5, 12000)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def rate_number(value: Decimal | int | float | str) -> str:
    """Return a rate in per cent as printed: one decimal, dropped when zero (12.1, 100)."""
    return plain_number(Decimal(str(value)).quantize(ONE_DECIMAL, ROUND_HALF_UP))


def round_count(value: Decimal | int | float | str) -> str:
    """Return a count as reports print it: exact below 10,000, above in 万 to one decimal (8.2万余, 12万).

    余 ("and more") marks a figure rounded down; a whole number of 万 is printed without it.
    """
    number = Decimal(str(value))
    if number < 10000:
        return plain_number(number)
    tenths = (number / 1000).to_integral_value(rounding="ROUND_FLOOR")
    return f"{plain_number(tenths / 10)}万" + ("余" if tenths * 1000 != number else "")


@dataclass(frozen=True)
class MetricInfo:
    """What the composer needs of a catalog metric (a plain copy: cheap to pass around and test)."""

    code: str
    label: str
    unit: str
    topic: str
    sentence: str
    is_rate: bool
    numerator: str | None = None
    denominator: str | None = None
    order: int = 0
    aggregation: str = "sum"
    better: str = ""
    source: str = "collected"  # "computed": counted from a ledger
    computed_by: str = ""  # the ledger's computation (normative.issued), when computed

    @classmethod
    def of(cls, metric, order: int = 0, words: dict | None = None) -> MetricInfo:
        """Copy ``metric``; ``words`` fill its sentence's {whole}, {level} and {meeting} for the reporting body."""
        sentence = metric.sentence or ""
        for name, word in (words or {}).items():
            sentence = sentence.replace(f"{{{name}}}", word)
        return cls(
            code=metric.code, label=metric.label, unit=metric.unit, topic=metric.topic,
            sentence=sentence, is_rate=metric.is_rate,
            numerator=metric.numerator.code if metric.numerator_id else None,
            denominator=metric.denominator.code if metric.denominator_id else None, order=order,
            aggregation=metric.aggregation, better=metric.better, source=metric.source,
            computed_by=metric.computed_by,
        )

    def number(self, value) -> str:
        return rate_number(value) if self.is_rate else (round_count(value) if self.unit != "万元" else plain_number(value))

    def display(self, value) -> str:
        """Return the figure as it appears in the clause: the number and the word right after it (35件, 5名)."""
        number = self.number(value)
        pattern = self.sentence or "{value}{unit}"
        after = pattern.split("{value}", 1)[1] if "{value}" in pattern else "{unit}"
        if after.startswith("{unit}"):
            return number + self.unit
        word = re.match(r"(个百分点|人次|件次|[\u4e00-\u9fff%])", after)
        return number + (word.group(1) if word else "")

    def clause(self, value) -> str:
        """Return the clause stating the figure, from the catalog's sentence pattern."""
        pattern = self.sentence or f"{self.label}{{value}}{{unit}}"
        if "{value}" not in pattern:
            pattern = f"{pattern}{{value}}{{unit}}"
        return pattern.replace("{value}", self.number(value)).replace("{unit}", self.unit)


@dataclass(frozen=True)
class Change:
    """A figure's change on last year, as a reader weighs it: ``size`` in percentage points for a rate, in per cent
    of last year's figure for a count or amount (None on a base of 0), rounded to one decimal."""

    value: Decimal
    previous: Decimal
    is_rate: bool

    @property
    def amount(self) -> Decimal:
        return self.value - self.previous

    @property
    def size(self) -> Decimal | None:
        if self.is_rate:
            return self.amount.quantize(ONE_DECIMAL, ROUND_HALF_UP)
        if self.previous == 0:
            return None
        return (self.amount * 100 / self.previous).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def change_of(info: MetricInfo, value, previous) -> Change | None:
    """Return the figure's change on last year, or None when either year's figure is missing."""
    if value is None or previous is None:
        return None
    return Change(Decimal(str(value)), Decimal(str(previous)), info.is_rate)


def change_phrase(info: MetricInfo, value, previous) -> str:
    """Return the change on last year as official text: 同比增长9.4%, 较上年提高2.1个百分点, 与上年持平.

    Empty when last year's figure is missing (or zero, for a count: no meaningful percentage).
    """
    change = change_of(info, value, previous)
    size = None if change is None else change.size
    if size is None:
        return ""
    if size == 0:
        return "与上年持平"
    if info.is_rate:
        return f"较上年{'提高' if size > 0 else '降低'}{plain_number(abs(size))}个百分点"
    return f"同比{'增长' if size > 0 else '下降'}{plain_number(abs(size))}%"


def figure_entry(info: MetricInfo, value, previous=None, change: str = "") -> dict:
    """Return the record of a printed figure stored in ``ReportSection.figures``, with the change on last
    year as the text says it ("" where it does not)."""
    return {
        "metric": info.code,
        "value": plain_number(value),
        "display": info.display(value),
        "label": info.label,
        "unit": info.unit,
        "previous": None if previous is None else plain_number(previous),
        "change": change,
    }
