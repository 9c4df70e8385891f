"""Map a figure read from a report to the metric of the catalog it states (受理行政复议申请35件 → reconsideration_received).

The catalog is read as a plain file (``fazhi/metrics/data/catalog.json``, the format ``fazhi metrics export
--format json`` writes), so the analyzer stays free of Django; a caller holding an edited catalog (the
app's database) passes its rows to ``MetricMapper``.

How a figure is mapped:

1. Only metrics whose unit is compatible take part: a percentage maps only to a rate, money only to an
   amount, people (人, 名, 人次) only to a metric counted in people, occurrences (次, 场, 期) only to
   occurrences, things (件, 项, 个, 条) only to things (件次 to either); time spans, areas and percentage
   points map to nothing.
2. The catalog's phrases are looked up in the clause before the figure, from the previous figure on (so
   in 人大代表建议108件、政协提案304件 the second figure sees only 政协提案). The nearest phrase wins;
   phrases that overlap it form one group, and the longest of the group is taken, so 负责人出庭应诉案件
   is an appearance, not a plain 应诉案件. When the clause before the figure names nothing, the words right
   after the figure are tried (对7项重大行政决策进行合法性审查).
3. A phrase shared by several metrics (审结 ends a reconsideration and a lawsuit) goes to the one whose own
   words (label, other phrases) appear in the sentence before the figure: the longest piece found wins,
   then the latest; failing that, the first in catalog order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

__all__ = [
    "CatalogMetric",
    "MetricMapper",
    "default_mapper",
    "load_catalog",
    "compatible",
    "map_figure",
    "unit_family",
    "value_in_unit",
]

PERCENT = "percent"
MONEY = "money"
PEOPLE = "people"
ITEMS = "items"  # things counted: 件, 项, 个, 条, 份, 卷…
EVENTS = "events"  # occurrences: 次, 场, 期, 轮…
EITHER = "either"  # 件次: items or events
OTHER = "other"  # time spans, areas, weights, percentage points: no metric counts them

_PEOPLE_UNITS = {"人", "名", "位", "人次"}
_EVENT_UNITS = {"次", "场", "场次", "期", "期次", "轮", "批", "批次", "班次", "个次", "台次", "车次", "架次", "户次", "份次"}
_EITHER_UNITS = {"件次", "件(次)", "件（次）"}
_MONEY_UNITS = {"元", "万元", "亿元", "千元"}
_OTHER_UNITS = {
    "个百分点", "百分点", "天", "日", "个工作日", "工作日", "小时", "分钟", "个月", "年", "亩", "公顷",
    "平方米", "平方公里", "公里", "米", "吨", "分", "级", "届",
}
_MONEY_SCALE = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}

#: How far (characters) a phrase may stand before its figure: 出庭应诉率连续54个月保持100%.
MAX_GAP = 20
#: How far the words after a figure are read when nothing before it names the figure.
AFTER_SPAN = 16
_QUOTES = re.compile(r'[“”‘’"「」『』《》〈〉 \u3000]')
_DIGIT = re.compile(r"\d")
_CLAUSE_END = re.compile(r"[。；;，,：:！？!?\n]")


def _normal(text: str) -> str:
    """Drop quotes and spaces and use ASCII parentheses, in phrases and in text alike (“送法进校园” → 送法进校园)."""
    text = _QUOTES.sub("", text)
    if "（" in text or "）" in text:
        text = text.replace("（", "(").replace("）", ")")
    return text


def unit_family(unit: str) -> str:
    """Return the family of a unit as printed (or as the analyzer reports it: 元 for 196.2万元)."""
    unit = (unit or "").strip()
    if unit == "%":
        return PERCENT
    if unit in _MONEY_UNITS or unit.endswith("元"):
        return MONEY
    if unit in _PEOPLE_UNITS:
        return PEOPLE
    if unit in _OTHER_UNITS:
        return OTHER
    if unit in _EVENT_UNITS:
        return EVENTS
    if unit in _EITHER_UNITS:
        return EITHER
    return ITEMS


def compatible(figure_family: str, metric_family: str) -> bool:
    """Return True when a figure of ``figure_family`` may state a metric of ``metric_family``."""
    if figure_family == EITHER:
        return metric_family in (ITEMS, EVENTS, EITHER)
    if metric_family == EITHER:
        return figure_family in (ITEMS, EVENTS)
    return figure_family == metric_family


def value_in_unit(value: float, unit: str, metric_unit: str) -> float:
    """Return ``value`` (in the analyzer's ``unit``) in the metric's unit: 1962000 元 → 196.2 万元."""
    if unit in _MONEY_SCALE and metric_unit in _MONEY_SCALE:
        return value * _MONEY_SCALE[unit] / _MONEY_SCALE[metric_unit]
    return value


@dataclass(frozen=True)
class CatalogMetric:
    code: str
    label: str
    unit: str
    kind: str
    topic: str
    phrases: tuple[str, ...]
    order: int

    @property
    def family(self) -> str:
        return PERCENT if self.kind == "rate" else unit_family(self.unit)


def _catalog_text() -> str:
    return files("fazhi.metrics").joinpath("data", "catalog.json").read_text(encoding="utf-8")


def load_catalog(entries: list[dict] | None = None) -> list[CatalogMetric]:
    """Return the catalog's metrics (the shipped file unless ``entries`` in its format are given)."""
    entries = json.loads(_catalog_text()) if entries is None else entries
    metrics = []
    for index, entry in enumerate(entries):
        phrases = tuple(_normal(p) for p in entry.get("phrases") or () if p and p.strip())
        metrics.append(CatalogMetric(
            code=entry["code"], label=entry.get("label", ""), unit=entry.get("unit", ""),
            kind=entry.get("kind", "count"), topic=entry.get("topic", ""), phrases=phrases,
            order=entry.get("order", index) if entry.get("order") is not None else index,
        ))
    return sorted(metrics, key=lambda m: m.order)


class MetricMapper:
    """Maps figures to catalog metrics by their phrases (see the module's docstring for the rules)."""

    def __init__(self, entries: list[dict] | None = None):
        self.metrics = load_catalog(entries)
        self.by_code = {m.code: m for m in self.metrics}
        # phrase → metrics (catalog order); phrases indexed by their first character for a quick scan.
        self._owners: dict[str, list[CatalogMetric]] = {}
        for metric in self.metrics:
            for phrase in metric.phrases:
                owners = self._owners.setdefault(phrase, [])
                if metric not in owners:
                    owners.append(metric)
        self._longest = max((len(p) for p in self._owners), default=1)
        # One pattern per family of units, of the phrases some metric of that family owns, longest first:
        # a lookahead finds, at every position, the longest phrase starting there (overlaps included).
        self._patterns: dict[str, re.Pattern] = {}
        for family in (PERCENT, MONEY, PEOPLE, ITEMS, EVENTS, EITHER):
            phrases = sorted(
                (p for p, owners in self._owners.items() if any(compatible(family, m.family) for m in owners)),
                key=len, reverse=True,
            )
            if phrases:
                self._patterns[family] = re.compile("(?=(" + "|".join(map(re.escape, phrases)) + "))")

    # -- public ---------------------------------------------------------------------------------------

    def map(self, before: str, unit: str, *, after: str = "", context: str = "") -> str | None:
        """Return the code of the metric a figure states, or None when nothing in the catalog fits.

        ``before``: the clause before the figure (up to the number); ``after``: what follows the figure
        and its unit, to the end of the clause; ``context``: the sentence before the figure, used to tell
        apart metrics that share a phrase. ``unit`` is the figure's unit (%, 件, 人次, 元…).
        """
        family = unit_family(unit)
        if family == OTHER:
            return None
        before = _normal(before)
        digits = [d.end() for d in _DIGIT.finditer(before)]
        window = before[digits[-1] :] if digits else before
        phrase = self._nearest_before(window, family) or (
            self._nearest_before(before, family) if window != before else None
        )
        if phrase is None and after:
            tail = _CLAUSE_END.split(_normal(after), maxsplit=1)[0]
            tail = _DIGIT.split(tail, maxsplit=1)[0][:AFTER_SPAN]
            phrase = self._nearest_after(tail, family)
        if phrase is None:
            return None
        return self._choose(phrase, family, context or before)

    def metric(self, code: str) -> CatalogMetric | None:
        return self.by_code.get(code)

    # -- internals ------------------------------------------------------------------------------------

    def _occurrences(self, text: str, family: str) -> list[tuple[int, int, str]]:
        pattern = self._patterns.get(family)
        if pattern is None or not text:
            return []
        return [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in pattern.finditer(text)]

    def _nearest_before(self, text: str, family: str) -> str | None:
        text = text[-(MAX_GAP + self._longest) :]
        found = [o for o in self._occurrences(text, family) if len(text) - o[1] <= MAX_GAP]
        if not found:
            return None
        nearest = max(found, key=lambda o: (o[1], o[1] - o[0]))
        group = _overlapping(found, nearest)
        return max(group, key=lambda o: (o[1] - o[0], o[1]))[2]

    def _nearest_after(self, text: str, family: str) -> str | None:
        found = self._occurrences(text, family)
        if not found:
            return None
        nearest = min(found, key=lambda o: (o[0], -(o[1] - o[0])))
        group = _overlapping(found, nearest)
        return max(group, key=lambda o: (o[1] - o[0], -o[0]))[2]

    def _choose(self, phrase: str, family: str, context: str) -> str:
        owners = [m for m in self._owners[phrase] if compatible(family, m.family)]
        if len(owners) == 1:
            return owners[0].code
        context = _normal(context[-120:])
        best, best_score = owners[0], (0, -1)
        for metric in owners:
            score = _cue_score(context, [metric.label, *metric.phrases], phrase)
            if score > best_score:
                best, best_score = metric, score
        return best.code


def _cue_score(context: str, cues: list[str], phrase: str) -> tuple[int, int]:
    """Return (length, position) of the longest piece of a metric's own words found in ``context``.

    The words of the shared ``phrase`` itself tell nothing and are skipped: 法律援助 in 受理法律援助案件…，
    结案 points to legal aid, whereas 案件 alone (a piece of 行政应诉案件) is weaker.
    """
    best = (0, -1)
    for cue in cues:
        cue = cue.replace(phrase, "|")
        n = len(cue)
        for size in range(min(n, 12), max(best[0], 1), -1):
            hit = max((context.rfind(cue[i : i + size]) for i in range(n - size + 1)
                       if "|" not in cue[i : i + size]), default=-1)
            if hit >= 0:
                best = max(best, (size, hit))
                break
    return best


def _overlapping(found: list[tuple[int, int, str]], seed: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """Return the occurrences that overlap ``seed``, directly or through one another."""
    lo, hi = seed[0], seed[1]
    group = [seed]
    changed = True
    while changed:
        changed = False
        for occ in found:
            if occ not in group and occ[0] < hi and occ[1] > lo:
                group.append(occ)
                lo, hi = min(lo, occ[0]), max(hi, occ[1])
                changed = True
    return group


@lru_cache(maxsize=1)
def default_mapper() -> MetricMapper:
    """Return the mapper for the catalog shipped with fazhi (read once per process)."""
    return MetricMapper()


def map_figure(before: str, unit: str, *, after: str = "", context: str = "") -> str | None:
    """Return the metric code of a figure by the shipped catalog (see ``MetricMapper.map``)."""
    return default_mapper().map(before, unit, after=after, context=context)
