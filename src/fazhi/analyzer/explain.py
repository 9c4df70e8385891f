"""Why each number of a report is, or is not, a result: the rule (``indicators.RULES``) that decided it.

Used by ``python -m fazhi.analyzer --explain`` only, so none of this runs in a plain analysis. The figure
grammar (``indicators._accept``) names the rule that accepted or rejected each number it sees; the numbers it
never sees (no measure word after them, dates, document numbers, ages, list numbering, numbers outside the
report's paragraphs or in next year's plan) are named by a second, slower pass over every run of digits and
over the Chinese numerals that number a list (一、, （二）, 三是) or name an ordinal (第四, 三中全会). Other
Chinese numerals are words (统一, 进一步, 十分) and are not listed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from fazhi.analyzer import rx
from fazhi.analyzer.indicators import (
    _CIRCLE_AFTER,
    _PATTERN,
    _RANGE_SIGNS,
    _RANK,
    _YEAR_NUMBER,
    RULES,
    _accept,
    _Bounds,
    _is_excluded,
    _ranking,
)
from fazhi.analyzer.metrics import MetricMapper, default_mapper
from fazhi.analyzer.numbers import normalize_digits

__all__ = ["Explanation", "explain_figures"]


@dataclass
class Explanation:
    """One number of the text and the rule that decided it; ``start``/``end`` bound the number itself."""

    start: int
    end: int
    printed: str  # the figure as printed: the number with its measure word when it has one
    rule: str
    value: float | int | None = None
    unit: str | None = None
    label: str | None = None
    metric: str | None = None
    counted: str | None = None  # the mapping's evidence: the phrase naming what the figure counts

    @property
    def accepted(self) -> bool:
        return RULES[self.rule][0]

    def as_dict(self) -> dict:
        ok, en, zh = RULES[self.rule]
        return {
            "start": self.start,
            "end": self.end,
            "printed": self.printed,
            "accepted": ok,
            "rule": self.rule,
            "description": en,
            "description_zh": zh,
            "value": self.value,
            "unit": self.unit,
            "label": self.label,
            "metric": self.metric,
            "counted": self.counted,
        }


_CN = "零〇一二两三四五六七八九十百千"
_DIGITS = rx.compile(r"\d+(?:[.,]\d+)*")
# Chinese numerals that are numbers and not words: list numbering and ordinals.
_CN_NUMBERS = rx.compile(
    rf"(?<=第)[{_CN}]+|(?<=[（(])[{_CN}]+(?=[）)])|(?<![\u4e00-\u9fff])[{_CN}]+(?=是)|[{_CN}]+(?=中全会)"
    rf"|(?<![^\n \t\u3000])[{_CN}]+(?=、)"  # 一、 at the start of a line
)
_DOC_YEAR_OPEN = frozenset("〔[［【")
_DOC_YEAR_CLOSE = frozenset("〕]］】")
_DOC_BEFORE = rx.compile(r"[〕\]］】]\s*$|第$")
_DATE = rx.compile(r"(?:19|20)\d\d[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?!\d)")
# A day named by its date (“3·15”消费者权益日, 12.4国家宪法日) or a time of day (16:46).
_DAY = rx.compile(r"\d{1,2}[.·▪•]\d{1,2}(?!\d)[”’\"]?[\u4e00-\u9fff]{0,8}日|\d{1,2}[:：]\d\d(?:[:：]\d\d)?(?!\d)")
_DAY_MARKS = frozenset(".·▪•:：")
_AGE_AFTER = rx.compile(r"周?岁")
_LIST_AFTER = frozenset("、.．)）")
_LEAD_SPACE = rx.compile(r"[ \t\u3000（(]*")


def explain_figures(
    text: str,
    spans: list[tuple[int, int]],
    excluded: list[tuple[int, int]],
    mapper: MetricMapper | None = None,
) -> list[Explanation]:
    """Return an explanation for every number of ``text``, in text order (see the module's docstring).

    ``spans`` and ``excluded`` are those given to ``find_indicators``: the report's paragraph lines and the
    ranges (next year's plan) left out.
    """
    s = normalize_digits(text)
    mapper = mapper or default_mapper()
    found: dict[int, Explanation] = {}  # by the number's start
    rs = s[::-1]
    for lo, hi in spans:
        bounds = _Bounds(s, lo, hi, rs)
        for m in _PATTERN.finditer(s, lo, hi):
            num_start, num_end = m.span("pnum") if m.group("pnum") is not None else (m.start(), m.start("numend"))
            printed = text[m.start() : m.end()]
            if excluded and _is_excluded(m.start(), excluded):
                found[num_start] = Explanation(num_start, num_end, printed, "next_year_plan")
                continue
            why: list[str] = []
            indicators = _accept(s, text, bounds, m, mapper, why)
            if not indicators:
                found[num_start] = Explanation(num_start, num_end, printed, why[0] if why else "no_unit")
                continue
            ind = indicators[0]
            found[num_start] = Explanation(
                num_start, num_end, printed, why[0], ind.value, ind.unit, ind.label, ind.metric, ind.counted
            )
        if s.find("第", lo, hi) >= 0:
            for m in _RANK.finditer(s, lo, hi):
                if excluded and _is_excluded(m.start(), excluded):
                    continue
                ind = _ranking(s, text, bounds, m)
                if ind is not None:
                    found[ind.number_start] = Explanation(
                        ind.number_start, ind.number_end, ind.printed, "rank", ind.value, ind.unit, ind.label
                    )
    covered = sorted((e.start, e.end) for e in found.values())
    starts = [a for a, _ in covered]
    span_starts = [a for a, _ in spans]
    for m in (*_DIGITS.finditer(s), *_CN_NUMBERS.finditer(s)):
        a, b = m.span()
        k = bisect_right(starts, a) - 1
        if k >= 0 and covered[k][0] <= a < covered[k][1]:
            continue  # read by the figure grammar
        k = bisect_left(starts, b)
        if k < len(starts) and starts[k] < b:
            continue
        rule = _leftover_rule(s, a, b, spans, span_starts, excluded)
        found[a] = Explanation(a, b, text[a:b], rule)
    return [found[k] for k in sorted(found)]


def _leftover_rule(
    s: str, a: int, b: int, spans: list[tuple[int, int]], span_starts: list[int], excluded: list[tuple[int, int]]
) -> str:
    """Return the rule of a number the figure grammar did not read (it has no measure word after it)."""
    raw = s[a:b]
    prev = s[a - 1 : a]
    after = s[b : b + 2]
    first = after[:1]
    if (prev in _DOC_YEAR_OPEN or _YEAR_NUMBER.fullmatch(raw)) and first in _DOC_YEAR_CLOSE:
        return "document_number"  # the year of 〔2023〕15号
    if first == "号" and _DOC_BEFORE.search(s, max(0, a - 3), a):
        return "document_number"
    if first == "日" and s.startswith(("日内", "日之内", "日以内"), b):
        return "target_after"  # 15日内备案: a time limit
    if first in ("年", "月", "日") or prev in ("年", "月") or (first == "号" and prev == "月"):
        return "date_or_year"
    if _DAY.match(s, a) or _DAY.match(s, max(0, a - 3), b + 10) and prev in _DAY_MARKS:
        return "date_or_year"  # “12·4”国家宪法日, 12:30
    date = _DATE.search(s, max(0, a - 8), min(len(s), b + 6))
    if date is not None and date.start() <= a and b <= date.end():
        return "date_or_year"  # 2024-03-10, 2024.3.10
    if _YEAR_NUMBER.fullmatch(raw) and (not first or first in "-./—至到、）)" or first.isspace()):
        return "date_or_year"
    if first == "号":
        return "document_number"
    if prev in "+＋" or first in "+＋" or (first in _RANGE_SIGNS and s[b + 1 : b + 2].isdigit()):
        return "range"  # “2+2+1”机制, 1-2人
    if _CIRCLE_AFTER.match(s, b, b + 12):
        return "slogan"  # “31证合一”
    if _AGE_AFTER.match(after):
        return "age"
    line_start = s.rfind("\n", 0, a) + 1
    lead = _LEAD_SPACE.match(s, line_start, a)
    if (lead and lead.end() == a and first in _LIST_AFTER) or first == "是" or (prev in "（(" and first in "）)"):
        return "list_number"
    if prev == "第" or after.startswith("中全"):
        return "ordinal"
    if excluded and _is_excluded(a, excluded):
        return "next_year_plan"
    k = bisect_right(span_starts, a) - 1
    if k < 0 or not (spans[k][0] <= a < spans[k][1]):
        return "not_body"
    return "no_unit"
