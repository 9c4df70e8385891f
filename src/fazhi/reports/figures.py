"""How the report prints its figures: numbers, units, the change on last year, and clauses from the catalog.

Pure helpers (no queries): the composer and the exports share them, so a figure reads the same in the
editor, in the DOCX and in the PDF. Official text generated here is data, not UI, and stays Chinese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")

#: Leadership figures that part 3 (第一责任人) states rather than part 1: 常务会议, 学法, 述法.
FIRST_RESPONSIBLE_METRICS = ("leadership_meetings_on_law", "leadership_study_sessions", "leaders_shufa")


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
        )

    def number(self, value) -> str:
        return rate_number(value) if self.is_rate else plain_number(value)

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


def change_phrase(info: MetricInfo, value, previous) -> str:
    """Return the change on last year as official text: 同比增长9.4%, 较上年提高2.1个百分点, 与上年持平.

    Empty when last year's figure is missing (or zero, for a count: no meaningful percentage).
    """
    if value is None or previous is None:
        return ""
    value, previous = Decimal(str(value)), Decimal(str(previous))
    if info.is_rate:
        points = (value - previous).quantize(ONE_DECIMAL, ROUND_HALF_UP)
        if points == 0:
            return "与上年持平"
        word = "提高" if points > 0 else "降低"
        return f"较上年{word}{plain_number(abs(points))}个百分点"
    if previous == 0:
        return ""
    percent = ((value - previous) * 100 / previous).quantize(ONE_DECIMAL, ROUND_HALF_UP)
    if percent == 0:
        return "与上年持平"
    word = "增长" if percent > 0 else "下降"
    return f"同比{word}{plain_number(abs(percent))}%"


def families(infos: list[MetricInfo]) -> list[list[MetricInfo]]:
    """Group a topic's metrics for writing: a rate with its denominator and numerator, the rest alone.

    审结33件，纠错4件，纠错率12.1% reads as one family; families keep the catalog's order.
    """
    by_code = {info.code: info for info in infos}
    taken: set[str] = set()
    groups: list[list[MetricInfo]] = []
    for info in infos:
        if info.is_rate:
            members = [by_code[c] for c in (info.denominator, info.numerator) if c in by_code and c not in taken]
            members.append(info)
            taken.update(m.code for m in members)
            groups.append(members)
    for info in infos:
        if info.code not in taken:
            groups.append([info])
    return sorted(groups, key=lambda group: min(m.order for m in group))


def figure_entry(info: MetricInfo, value, previous=None, *, with_change: bool = False) -> dict:
    """Return the record of a printed figure stored in ``ReportSection.figures``."""
    return {
        "metric": info.code,
        "value": plain_number(value),
        "display": info.display(value),
        "label": info.label,
        "unit": info.unit,
        "previous": None if previous is None else plain_number(previous),
        "change": change_phrase(info, value, previous) if with_change else "",
    }


FAMILIES_PER_SENTENCE = 4
#: A count or amount that changed by this share or more states its change wherever it stands.
NOTABLE_CHANGE = Decimal("0.5")


def _notable(value, previous) -> bool:
    if value is None or not previous:
        return False
    value, previous = Decimal(str(value)), Decimal(str(previous))
    return abs(value - previous) >= abs(previous) * NOTABLE_CHANGE


def write_figures(infos: list[MetricInfo], current: dict, previous: dict, *, lead: str = "全年") -> tuple[str, list]:
    """Return (sentence, figures) stating every figure of ``infos`` that has a value, or ("", []) for none.

    Counts and amounts of zero are left out.

    Families are joined by "；", clauses within a family by "，". The change on last year is stated where a
    reader looks for it, not after every number: for each rate, for the first figure of each sentence, and
    for any figure that changed by half or more (``NOTABLE_CHANGE``). Every figure keeps last year's value
    in ``figures`` whether its change is written or not.
    """
    parts: list[str] = []
    figures: list[dict] = []
    for family in families(infos):
        clauses = []
        leads_sentence = len(parts) % FAMILIES_PER_SENTENCE == 0
        for info in family:
            value = current.get(info.code)
            # Nothing to report: a missing figure, or a count of none ("制发规范性文件0件" reads as an error).
            if value is None or (not info.is_rate and value == 0):
                continue
            last = previous.get(info.code)
            with_change = info.is_rate or (
                len(family) == 1 and (leads_sentence or _notable(value, last))
            )
            entry = figure_entry(info, value, last, with_change=with_change)
            clauses.append(info.clause(value) + (f"，{entry['change']}" if entry["change"] else ""))
            figures.append(entry)
        if clauses:
            parts.append("，".join(clauses))
    if not parts:
        return "", []
    # At most four families to a sentence: a topic with many figures reads as several sentences, not one.
    sentences = ["；".join(parts[i:i + FAMILIES_PER_SENTENCE]) for i in range(0, len(parts), FAMILIES_PER_SENTENCE)]
    return f"{lead}{'。'.join(sentences)}。", figures
