"""Map a figure read from a report to the metric of the catalog it states (受理行政复议申请35件 → reconsideration_received).

The catalog is read as a plain file (``fazhi/metrics/data/catalog.json``, the format ``fazhi metrics export
--format json`` writes), so the analyzer stays free of Django; a caller holding an edited catalog (the
app's database) passes its rows, as plain dicts of that format, to ``MetricMapper`` or, to map each report
with the metrics in force for its year, to ``CatalogMappers``.

How a figure is mapped:

1. Only metrics whose unit is compatible take part: a percentage maps only to a rate, money only to an
   amount, people (人, 名, 人次) only to a metric counted in people, occurrences (次, 场, 期) only to
   occurrences, things (件, 项, 个, 条) only to things (件次 to either); time spans, areas and percentage
   points map to nothing. Only when no phrase of its own family stands near a figure, one in 次 may state a
   metric counted in 件 (合同合法性审查3次), and one in 件 a metric counted in 人次 (接受群众咨询860件),
   when the phrase is the last word before the figure (信访联席会议3次 counts meetings).
2. The catalog's phrases are looked up in the clause before the figure, from the previous figure on (so
   in 人大代表建议108件、政协提案304件 the second figure sees only 政协提案). The nearest phrase wins;
   phrases that overlap it form one group, and the longest of the group is taken, so 负责人出庭应诉案件
   is an appearance, not a plain 应诉案件. When the clause before the figure names nothing, the words right
   after the figure are tried (up to the next figure, at most ``AFTER_SPAN`` characters, 了 left out: 征求了
   公众意见 is 征求公众意见), and the last phrase there names it: the counted thing comes first and what
   was done with it last (对7项重大行政决策进行合法性审查, 40个村（社区）配备法律顾问). People taking part
   are counted by what they take part in (500名执法人员参加了培训 reads 执法人员培训).
3. A phrase shared by several metrics (审结 ends a reconsideration and a lawsuit) goes to the one whose own
   words (label, other phrases) appear in the sentence before the figure: the longest piece found wins,
   then the latest; failing that, the first in catalog order.
4. The phrase must name what was counted (``explain_with`` returns it as the evidence, 清理规范性文件 for
   清理规范性文件120件). It does not when:
   - a negation or exemption stands before it (28项免予行政强制事项, 不属于中介服务事项154项);
   - another action stands before it that the metric's words do not name (取消政务服务事项18项);
   - another body's meeting stands right before it (党组会专题研究法治 is not the executive meeting's);
   - the figure counts another thing: the noun right after the measure word is a department, unit or place
     followed by 的/均/被… (涉及28个部门的权责清单事项: 28 counts departments; read after the figure, any
     such noun first: 28个部门入驻政务服务中心), or such a noun stands between
     the phrase and the figure (行政权力工作部门和单位共27家); list entries (事项) counted in 项/条/个 where the
     metric counts cases (不予处罚事项291项); lists or systems (事项清单31个); awards (5个单位被评为…);
     party members (党员教育培训); a later item of a list (法律顾问1人、辅助律师3人), unless the metric's
     words name it (进驻中心部门20个、事项242项);
   - the clause joins before it a thing of another metric, in any unit (规范性文件、涉法事务合法性审核594件,
     专家论证和风险评估9件: two at once), or lists another thing after it (审查规范性文件、合同等6件; kinds
     listed before their head noun are one thing: 确认违法、撤销等行政复议决定);
   - a rate shared by metrics whose words the sentence both names (建议…、提案…，办复率100%: two at once);
   - the phrase is a bare verb, rate or amount (清理, 保留, 合格率, 涉案金额) and the sentence names none of
     the metric's own words but names another metric's thing (or the verb is read after the figure:
     开展3轮全覆盖排查); for a rate or an amount, a thing counted in any unit (免罚案件…，涉案金额).
   A bare verb after 其中 with no word of its metric is done to the thing named before 其中, when one metric
   owns that thing (中介服务事项已公布，其中清理规范77项); so are list entries the verb's own metric does not
   count (…，其中…，保留事项66项). Figures counted in 家 (firms, offices) map to no metric of the shipped
   catalog.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files

from fazhi.analyzer import rx

__all__ = [
    "CatalogMappers",
    "CatalogMetric",
    "MetricMapper",
    "default_mapper",
    "in_force",
    "load_catalog",
    "shipped_entries",
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
ORGS = "orgs"  # 家: firms, offices, bodies; no metric of the shipped catalog counts them
OTHER = "other"  # time spans, areas, weights, percentage points: no metric counts them
# Read only when a figure's own family finds no phrase at all (see ``_LOOSER``):
TIMES_AS_CASES = "times_as_cases"  # 审查3次: reviews done, a metric counted in 件
CASES_AS_VISITS = "cases_as_visits"  # 接受咨询860件: consultations, a metric counted in 人次

_PEOPLE_UNITS = {"人", "名", "位", "人次"}
_EVENT_UNITS = {
    "次",
    "场",
    "场次",
    "期",
    "期次",
    "轮",
    "批",
    "批次",
    "班次",
    "个次",
    "台次",
    "车次",
    "架次",
    "户次",
    "份次",
}
_EITHER_UNITS = {"件次", "件(次)", "件（次）"}
_ORG_UNITS = {"家"}
_MONEY_UNITS = {"元", "万元", "亿元", "千元"}
_OTHER_UNITS = {
    "个百分点",
    "百分点",
    "天",
    "日",
    "个工作日",
    "工作日",
    "小时",
    "分钟",
    "个月",
    "年",
    "亩",
    "公顷",
    "平方米",
    "平方公里",
    "公里",
    "米",
    "吨",
    "分",
    "级",
    "届",
}
#: A figure's unit → the looser family tried when no phrase of its own family stands near it.
_LOOSER = {"次": TIMES_AS_CASES, "件": CASES_AS_VISITS}
_LOOSE = frozenset(_LOOSER.values())
_MONEY_SCALE = {"元": 1, "千元": 1_000, "万元": 10_000, "亿元": 100_000_000}

#: How far (characters) a phrase may stand before its figure: 出庭应诉率连续54个月保持100%.
MAX_GAP = 20
#: How far the words after a figure are read when nothing before it names the figure.
AFTER_SPAN = 20
_QUOTES = rx.compile(r'[“”‘’"「」『』《》〈〉 \u3000]')
_DIGIT = rx.compile(r"\d")
_ASCII_DIGITS = "0123456789"
_TO_LAST_DIGIT = rx.compile(r".*\d", re.DOTALL)
_CLAUSE_END = rx.compile(r"[。；;，,：:！？!?\n]")
_NEAREST_CACHE_SIZE = 4096  # texts of at most MAX_GAP + the longest phrase: a few hundred kB at most


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
    if unit in _ORG_UNITS:
        return ORGS
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


def _fits(family: str, metric: CatalogMetric) -> bool:
    """Return True when a figure of ``family`` (a unit family or a looser one) may state ``metric``."""
    if family == TIMES_AS_CASES:
        return metric.unit == "件" and metric.kind != "rate"
    if family == CASES_AS_VISITS:
        return metric.unit == "人次" and metric.kind != "rate"
    return compatible(family, metric.family)


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
    numerator: str | None = None  # a rate's two counts (codes), when the catalog gives its formula
    denominator: str | None = None

    @cached_property
    def words(self) -> str:
        """The metric's own words: its label and phrases, joined by |."""
        return self.label + "|" + "|".join(self.phrases)

    @property
    def family(self) -> str:
        return PERCENT if self.kind == "rate" else unit_family(self.unit)


def _catalog_text() -> str:
    return files("fazhi.metrics").joinpath("data", "catalog.json").read_text(encoding="utf-8")


def shipped_entries() -> list[dict]:
    """Return the catalog shipped with fazhi as plain dicts (the entries of catalog.json)."""
    return json.loads(_catalog_text())


def load_catalog(entries: list[dict] | None = None) -> list[CatalogMetric]:
    """Return the catalog's metrics (the shipped file unless ``entries`` in its format are given)."""
    entries = json.loads(_catalog_text()) if entries is None else entries
    metrics = []
    for index, entry in enumerate(entries):
        phrases = tuple(_normal(p) for p in entry.get("phrases") or () if p and p.strip())
        metrics.append(
            CatalogMetric(
                code=entry["code"],
                label=entry.get("label", ""),
                unit=entry.get("unit", ""),
                kind=entry.get("kind", "count"),
                topic=entry.get("topic", ""),
                phrases=phrases,
                order=entry.get("order", index) if entry.get("order") is not None else index,
                numerator=entry.get("numerator") or None,
                denominator=entry.get("denominator") or None,
            )
        )
    return sorted(metrics, key=lambda m: m.order)


class MetricMapper:
    """Maps figures to catalog metrics by their phrases (see the module's docstring for the rules)."""

    def __init__(self, entries: list[dict] | None = None):
        self.metrics = load_catalog(entries)
        self.by_code = {m.code: m for m in self.metrics}
        #: The rates with a formula of two catalog counts, in catalog order (``fazhi.analyzer.derived``).
        self.formulas = [m for m in self.metrics if m.numerator and m.denominator]
        # phrase → metrics (catalog order); phrases indexed by their first character for a quick scan.
        self._owners: dict[str, list[CatalogMetric]] = {}
        for metric in self.metrics:
            for phrase in metric.phrases:
                owners = self._owners.setdefault(phrase, [])
                if metric not in owners:
                    owners.append(metric)
        self._longest = max((len(p) for p in self._owners), default=1)
        # One pattern per family of units, of the phrases some metric of that family owns: at every position
        # where a phrase may begin (a character class the regex engine skips to), a lookahead over the
        # phrases arranged as a trie finds the longest phrase starting there (overlaps included).
        self._patterns: dict[str, re.Pattern] = {}
        for family in (PERCENT, MONEY, PEOPLE, ITEMS, EVENTS, EITHER, ORGS, TIMES_AS_CASES, CASES_AS_VISITS):
            phrases = [p for p, owners in self._owners.items() if any(_fits(family, m) for m in owners)]
            if phrases:
                self._patterns[family] = _phrase_pattern(phrases)
        # Remembered as they are met, all bounded by the catalog (and a few hundred units):
        self._families: dict[str, str] = {}  # unit → family
        self._candidates: dict[tuple[str, str], list[CatalogMetric]] = {}  # phrase, family → its owners there
        self._cues: dict[tuple[str, str], tuple[_Cue, ...]] = {}  # metric, phrase → words (see _cue_score)
        self._cue_grams: dict[tuple[str, str], re.Pattern | None] = {}  # phrase, family → the owners' bigrams
        self._nearest: dict[tuple[str, str], str | None] = {}  # text, family → nearest phrase (bounded)
        self._explained: dict[tuple[str, str, str], tuple[str | None, str | None]] = {}  # clause → answer
        # Clauses whose answer reads the sentence before the figure (审结 of a reconsideration or of a lawsuit),
        # and their answers by that sentence with its digits made one the catalog never uses (see explain_with).
        self._contextual: set[tuple[str, str, str]] = set()
        self._by_context: dict[tuple[tuple[str, str, str], str], tuple[str | None, str | None]] = {}
        words = [w for m in self.metrics for w in (m.label, _normal(m.label), *m.phrases)]
        used = {ch for w in words for ch in w if ch in _ASCII_DIGITS}
        spare = next((d for d in _ASCII_DIGITS if d not in used), None)
        self._blank_digits = (
            str.maketrans(_ASCII_DIGITS, spare * len(_ASCII_DIGITS))
            if spare is not None and not any(w in _ASCII_DIGITS for w in words if len(w) == 1)
            else None
        )
        # The catalog's pairs of characters with a digit (12, 5热 of 12345热线): a sentence holding none of them
        # (quotes and spaces left out) reads the same whatever its digits.
        digit_pairs = sorted({w[i : i + 2] for w in words for i in range(len(w) - 1) if used & set(w[i : i + 2])})
        self._digit_pairs = rx.compile("|".join(map(re.escape, digit_pairs))) if digit_pairs else None

    # -- public ---------------------------------------------------------------------------------------

    def map(self, before: str, unit: str, *, after: str = "", context: str = "") -> str | None:
        """Return the code of the metric a figure states, or None when nothing in the catalog fits.

        ``before``: the clause before the figure (up to the number); ``after``: what follows the figure
        and its unit, to the end of the clause; ``context``: the sentence before the figure, used to tell
        apart metrics that share a phrase. ``unit`` is the figure's unit (%, 件, 人次, 元…).
        """
        return self.map_with(before, unit, after, lambda: context)

    def map_with(self, before: str, unit: str, after: str, context: Callable[[], str]) -> str | None:
        """Return what ``map`` returns, calling ``context()`` for the context only when it is needed."""
        return self.explain_with(before, unit, after, context)[0]

    def explain_with(
        self, before: str, unit: str, after: str, context: Callable[[], str]
    ) -> tuple[str | None, str | None]:
        """Return the metric's code and the counted phrase that names it (the evidence), or (None, None)."""
        # The clauses around figures recur (审结…件, 受理行政复议申请…件): answers that did not read the
        # context are remembered, boundedly.
        key = (before, unit, _CLAUSE_END.split(after, maxsplit=1)[0] if after else "")
        found = self._explained.get(key)
        if found is not None:
            return found
        if key in self._contextual:
            sentence = context()
            if self._digit_pairs is None or not self._digit_pairs.search(_normal(sentence)):
                # The sentences before figures recur too, but for their figures (受理…35件，审结…). What the answer
                # reads in the sentence is its length and where the catalog's words stand in it (with quotes and
                # spaces left out); those hold no digit here, nor the one the digits are made: the answer is the
                # same for every sentence that differs only by its digits, and remembered by them made one.
                by_context = (key, sentence.translate(self._blank_digits))
                found = self._by_context.get(by_context)
                if found is None:
                    found = self._explain(before, unit, key[2], lambda: sentence)
                    if len(self._by_context) >= _NEAREST_CACHE_SIZE:
                        self._by_context.clear()
                    self._by_context[by_context] = found
                return found
            return self._explain(before, unit, key[2], lambda: sentence)
        read = []

        def reading() -> str:
            read.append(True)
            return context()

        found = self._explain(before, unit, key[2], reading)
        if not read:
            if len(self._explained) >= _NEAREST_CACHE_SIZE:
                self._explained.clear()
            self._explained[key] = found
        elif self._blank_digits is not None:
            if len(self._contextual) >= _NEAREST_CACHE_SIZE:
                self._contextual.clear()
            self._contextual.add(key)
        return found

    def _explain(
        self, before: str, unit: str, after: str, context: Callable[[], str]
    ) -> tuple[str | None, str | None]:
        family = self._families.get(unit)
        if family is None:
            family = unit_family(unit)
            if len(self._families) < 512:
                self._families[unit] = family
        if family == OTHER:
            return None, None
        found = self._read(before, unit, after, context, family)
        if found is None and unit in _LOOSER:
            found = self._read(before, unit, after, context, _LOOSER[unit])
        return found or (None, None)

    def _read(
        self, before: str, unit: str, after: str, context: Callable[[], str], family: str
    ) -> tuple[str | None, str | None] | None:
        """Return what ``_explain`` returns for a figure of ``family``, or None when no phrase of it is near."""
        raw_before = before
        before = _normal(before)
        tail = _normal(after) if after else ""
        head = _head_noun(tail)
        last_digit = _TO_LAST_DIGIT.match(before)
        window = before[last_digit.end() :] if last_digit else before
        phrase = self._nearest_before(window, family) or (
            self._nearest_before(before, family) if window != before else None
        )
        later = None
        if phrase is not None and window != before and not window.endswith(phrase):
            item = _LATER_ITEM.search(window)
            if item is not None:
                # 法律顾问1人、辅助律师3人: the figure counts the item after the 、, which is the metric's only when
                # its words name it (进驻服务中心部门20个、事项242项).
                later = item.group(0)[1:]
                if not any(later in m.words for m in self._owners[phrase] if _fits(family, m)):
                    return None, None
        if phrase is not None:
            pos = before.rfind(phrase)
            counted = before[pos:] if later is None else phrase + "…" + later
            lead = before[max(0, pos - 10) : pos]
            verbs_from = -8
            strict = False
            if family in _LOOSE and not _trim_counted(counted).endswith(phrase):
                return None, None  # 信访联席会议3次: meetings, not 信访 cases counted in times
            if self._covers_two(before, pos, phrase, family):
                return None, None  # 规范性文件、涉法事务合法性审核594件: one figure for two metrics
            listed = _LIST_AFTER.search(_trim_counted(counted), len(phrase)) if later is None else None
            if listed is not None and not any(listed.group(1) in m.words for m in self._owners[phrase]):
                return None, None  # 审查规范性文件、合同等6件: the figure counts another thing too
        else:
            if not tail or family in _LOOSE:
                return None
            if head is None:
                # 28个部门入驻政务服务中心: the figure counts the departments that did it.
                first = _SUBJECT_FIRST.match(tail)
                head = first.group(1) if first else None
            if "了" in tail:
                tail = _LE.sub("", tail)  # 征求了公众意见 is 征求公众意见
            joined = _TAKE_PART.search(tail) if family == PEOPLE else None
            phrase = None
            if joined is not None:
                # 500名执法人员参加培训: the people are counted as taking part in what follows 参加 (执法人员培训);
                # failing a phrase there, the words as written are read (参加考试).
                taking_part = tail[: joined.start()][-AFTER_SPAN // 2 :] + _OCCASION.sub(
                    "", tail[joined.end() :]
                )
                taking_part = _DIGIT.split(taking_part, maxsplit=1)[0][:AFTER_SPAN]
                phrase = self._nearest_after(taking_part, family)
                if phrase is not None:
                    tail = taking_part
            if phrase is None:
                tail = _DIGIT.split(tail, maxsplit=1)[0][:AFTER_SPAN]
                phrase = self._nearest_after(tail, family)
            if phrase is None:
                return None
            pos = before_len = len(before)
            counted = tail.rstrip("、")
            # The whole clause leads to a phrase read after the figure (取消了…等5个单位6项行政权力).
            lead = before[max(0, before_len - 12) :] + tail[: tail.rfind(phrase)]
            verbs_from = 0
            strict = True  # a bare verb after the figure (开展3轮全覆盖排查) names nothing by itself
        owners = self._candidates.get((phrase, family))
        if owners is None:
            owners = self._candidates[phrase, family] = [m for m in self._owners[phrase] if _fits(family, m)]
        if len(owners) == 1:
            metric = owners[0]
            if _generic(phrase):
                # A bare verb or rate (清理, 保留, 合格率) names the metric only when its own words are about.
                sentence = _normal(context() or raw_before)
                sentence = sentence[: max(0, len(sentence) - len(before) + pos)] + "|" + tail
                if not self._has_cue(metric, phrase, sentence) and (
                    strict or self._names_other(sentence, family, [metric])
                ):
                    # 中介服务事项…，其中清理规范77项: the bare verb is done to the thing named before 其中.
                    whole = self._whole_named(sentence, family) if not strict else None
                    if whole is None:
                        return None, None
                    metric, counted = whole[0], whole[1] + "…" + counted
                    phrase = whole[1]
        else:
            sentence = context() or raw_before
            if _generic(phrase):
                cut = _normal(sentence)
                cut = cut[: max(0, len(cut) - len(before) + pos)] + "|" + tail
                cued = sum(self._has_cue(m, phrase, cut) for m in owners)
                if not cued and (strict or self._names_other(cut, family, owners)):
                    return None, None
                if cued > 1 and phrase.endswith("率"):
                    return None, None  # 建议108件、提案304件，办复率100%: one rate of two things
            metric = self.by_code[self._choose(phrase, family, sentence or before)]
        if _NEGATION.search(lead):
            return None, None
        if _blocked(metric, phrase, counted, lead[verbs_from:], head, tail, unit):
            # 中介服务事项…，其中…，保留事项66项: list entries kept are of the thing named before 其中.
            whole = self._whole_named(_normal(context() or raw_before), family) if _generic(phrase) else None
            if whole is None or whole[0] is metric:
                return None, None
            metric, counted = whole[0], whole[1] + "…" + counted
            if _blocked(metric, whole[1], counted, lead[verbs_from:], head, tail, unit):
                return None, None
        return metric.code, _trim_counted(counted)

    def _covers_two(self, before: str, pos: int, phrase: str, family: str) -> bool:
        """Return True when the clause names, joined by 、/和/及 before ``phrase``, a thing of another metric."""
        last_digit = _TO_LAST_DIGIT.match(before, 0, pos)
        seg = before[last_digit.end() if last_digit else 0 : pos]
        if not _JOINED.search(seg):
            return False
        owners = set(self._owners[phrase])
        # Things counted in another unit count too (专家论证和风险评估9件), but not their bare verbs.
        for fam in self._patterns:
            for _start, _end, other in self._occurrences(seg, fam):
                if fam != family and _generic(other):
                    continue
                if not owners.intersection(self._owners[other]) and not set(self._owners[other]) <= owners:
                    return True
        return False

    def _whole_named(self, sentence: str, family: str) -> tuple[CatalogMetric, str] | None:
        """Return the metric and phrase of the thing named last before a 其中 in ``sentence`` (the whole of which
        the clause gives a part), when one metric owns it."""
        cut = sentence.rfind("其中")
        if cut < 0:
            return None
        found = [o for o in self._occurrences(sentence[:cut], family) if not _generic(o[2])]
        if not found:
            return None
        other = max(found, key=lambda o: (o[1], o[1] - o[0]))[2]
        owners = [m for m in self._owners[other] if _fits(family, m)]
        return (owners[0], other) if len(owners) == 1 else None

    def _names_other(self, sentence: str, family: str, owners: list[CatalogMetric]) -> bool:
        """Return True when ``sentence`` holds a phrase (not a bare verb or rate) of none of ``owners``."""
        # A rate is of the thing the sentence counts (法治考试…，合格率100%): phrases of counts name other things too.
        # So is an amount (免罚案件…件，涉案金额…).
        families = (family, ITEMS, EVENTS, PEOPLE) if family in (PERCENT, MONEY) else (family,)
        for fam in families:
            for _start, _end, other in self._occurrences(sentence, fam):
                if not _generic(other) and not any(m in owners for m in self._owners[other]):
                    return True
        return False

    def _has_cue(self, metric: CatalogMetric, phrase: str, sentence: str) -> bool:
        """Return True when a piece (two characters or more) of the metric's own words, other than ``phrase``,
        is in ``sentence``."""
        if not sentence:
            return False
        for cue in self._metric_cues(metric, phrase):
            for piece in cue.text.split("|"):
                for i in range(len(piece) - 1):
                    gram = piece[i : i + 2]
                    if gram not in _WEAK_CUES and gram in sentence:
                        return True
        return False

    def metric(self, code: str) -> CatalogMetric | None:
        return self.by_code.get(code)

    # -- internals ------------------------------------------------------------------------------------

    def _occurrences(self, text: str, family: str) -> list[tuple[int, int, str]]:
        pattern = self._patterns.get(family)
        if pattern is None or not text:
            return []
        return [(m.start(), m.start() + len(p), p) for m in pattern.finditer(text) for p in (m.group(1),)]

    def _nearest_before(self, text: str, family: str) -> str | None:
        pattern = self._patterns.get(family)
        if pattern is None or not text:
            return None
        text = text[-(MAX_GAP + self._longest) :]
        # The words before figures recur (审结, 办结率, 受理行政复议申请): remember the answers, boundedly.
        key = (text, family)
        if key in self._nearest:
            return self._nearest[key]
        if len(self._nearest) >= _NEAREST_CACHE_SIZE:
            self._nearest.clear()
        phrase = self._nearest[key] = self._find_nearest_before(text, pattern)
        return phrase

    def _find_nearest_before(self, text: str, pattern: re.Pattern) -> str | None:
        limit = len(text) - MAX_GAP  # a phrase must end at most MAX_GAP characters before the figure
        found = []
        for m in pattern.finditer(text):
            phrase = m.group(1)
            end = m.start() + len(phrase)
            if end >= limit:
                found.append((m.start(), end, phrase))
        if len(found) <= 1:
            return found[0][2] if found else None
        # The nearest: the latest end, then the longest (no two occurrences start at the same place).
        nearest = found[0]
        for occ in found:
            if occ[1] > nearest[1] or (occ[1] == nearest[1] and occ[0] < nearest[0]):
                nearest = occ
        group = _overlapping(found, nearest)
        return max(group, key=lambda o: (o[1] - o[0], o[1]))[2]

    def _nearest_after(self, text: str, family: str) -> str | None:
        found = self._occurrences(text, family)
        if not found:
            return None
        # After the figure the counted thing comes first and what was done with it last (7项重大行政决策进行
        # 合法性审查, 40个村（社区）配备法律顾问): the last phrase names the figure.
        last = max(found, key=lambda o: (o[1], -o[0]))
        group = _overlapping(found, last)
        return max(group, key=lambda o: (o[1] - o[0], o[1]))[2]

    def _choose(self, phrase: str, family: str, context: str) -> str:
        owners = self._candidates.get((phrase, family))
        if owners is None:
            owners = self._candidates[phrase, family] = [m for m in self._owners[phrase] if _fits(family, m)]
        if len(owners) == 1:
            return owners[0].code
        context = _normal(context[-120:])
        # Every piece of two characters or more found in the context is made of bigrams of the context; only
        # those of the owners' words matter.
        cues = [self._metric_cues(metric, phrase) for metric in owners]
        grams_pattern = self._cue_grams.get((phrase, family))
        if grams_pattern is None:
            grams = {g for metric_cues in cues for cue in metric_cues for g in cue.bigram_set}
            grams_pattern = self._cue_grams[phrase, family] = (
                _phrase_pattern(sorted(grams)) if grams else None
            )
        grams = {m.group(1) for m in grams_pattern.finditer(context)} if grams_pattern is not None else set()
        best, best_score = owners[0], (0, -1)
        for metric, metric_cues in zip(owners, cues, strict=True):
            score = _cue_score_indexed(context, grams, metric_cues)
            if score > best_score:
                best, best_score = metric, score
        return best.code

    def _metric_cues(self, metric: CatalogMetric, phrase: str) -> tuple[_Cue, ...]:
        key = (metric.code, phrase)
        cues = self._cues.get(key)
        if cues is None:  # bounded: one entry per metric and phrase of the catalog
            cues = self._cues[key] = tuple(
                _Cue.of(cue.replace(phrase, "|")) for cue in (metric.label, *metric.phrases)
            )
        return cues


def _generic(phrase: str) -> bool:
    """Return True for a bare verb or rate (清理, 保留, 合格率): it names a metric only with the metric's own words
    nearby."""
    return (
        len(phrase) <= 2
        or (len(phrase) == 3 and phrase.endswith("率"))
        or _AMOUNT_OF.fullmatch(phrase) is not None
    )


#: Amounts that do not name what they are of (涉案金额, 标的额): the sentence must name the metric's thing.
_AMOUNT_OF = rx.compile(r"(?:涉案|涉及|涉诉)?(?:金额|标的额?)")
#: Words that say the thing was not done or is exempt (免予行政强制事项, 不属于中介服务事项): no metric counts it.
_NEGATION = rx.compile(r"(免予|免于|不予|不属于|不列入|不纳入|无需|不再|不需)[\u4e00-\u9fff]{0,6}$")
#: What was done with the thing, when the metric names another action: 取消政务服务事项 is not 政务服务事项.
_OTHER_ACTIONS = ("取消", "精简", "削减", "压减", "减少", "学习", "解读", "宣传")
#: Nouns of other things counted: departments, units, places (涉及28个部门, 14个镇街均已建立…).
_OTHER_SUBJECTS = ("部门", "单位", "企业", "机构", "镇街", "乡镇", "街道", "村", "社区", "党员")
_HEAD = rx.compile(
    r"^(?:余|多|以上|左右)?(部门|单位|企业|机构|镇街|乡镇|街道|村|社区|党员)(?:的|均|都|全部|已|共|被)"
)
_SUBJECT_FIRST = rx.compile(r"^(?:余|多)?(部门|单位|企业|机构|镇街|乡镇|街道|村|社区|党员)")
#: A meeting body right before the phrase: a phrase of one body's meetings does not count another's.
_MEETING = rx.compile(r"(党组会|常委会|办公会|联席会)议?$")
#: Another thing listed after the phrase (…文件、合同等6件).
_LIST_AFTER = rx.compile(r"、((?:(?!等)[\u4e00-\u9fff]){2,})等?$")
_LIST_UNITS = frozenset({"项", "条", "个"})
#: Nouns of what holds the things (政务服务事项清单31个 counts lists, not items).
_CONTAINER_NOUNS = ("清单", "目录", "平台", "制度", "机制")
_ACTIONS_RE = rx.compile("|".join(_OTHER_ACTIONS))
_AWARD = rx.compile(r"获评|评为|荣获|获得|授予")
#: Words too common to tell a metric apart (集中清理, 全面清理).
_WEAK_CUES = frozenset(
    {"集中", "全面", "继续", "开展", "完成", "工作", "情况", "行政", "事项", "案件", "规范", "服务", "管理", "建设", "法治",
     "依法", "政府", "部门", "单位", "办理", "组织", "全市", "全县", "全区", "审批", "清单", "制度", "受理"}
)  # fmt: skip
#: People taking part: 200名干部参加（了）2024年度学法考试 reads as 干部学法考试.
_TAKE_PART = rx.compile(r"参加|参与")
_LE = rx.compile(r"了(?!解)")
_OCCASION = rx.compile(r"^(?:\d{4}年度?|此次|本次|该次|这次|各类|各项)+")
_JOINED = rx.compile(r"[、和及与]")
_LATER_ITEM = rx.compile(r"[、和及][\u4e00-\u9fff]{2,}")
_COUNTED_FILLER = rx.compile(r"(?:共计|合计|总计|累计|共|达到|达|为|计|约|近|逾|超过|了)+$")


def _head_noun(tail: str) -> str | None:
    """Return the noun the measure word counts when the figure stands before it (60个部门…), if it is one of
    the other things counted (departments, units, places), else None."""
    m = _HEAD.match(tail)
    return m.group(1) if m else None


def _blocked(
    metric: CatalogMetric, phrase: str, counted: str, lead: str, head: str | None, tail: str, unit: str
) -> bool:
    """Return True when the counted phrase does not state ``metric`` though it holds one of its phrases.

    - another action right before it that the metric's words do not name (取消政务服务事项, 学习…规章);
    - another thing counted: a department or unit the figure stands before (28个部门的…) or between the phrase
      and the figure (行政权力工作部门和单位共27家); list entries (事项) counted in 项/条/个 where the metric
      counts cases or documents; a list or system (事项清单31个); an award (被评为, 获评); party members.
    (Negations are read by the caller, over the whole lead.)
    """
    words = metric.words
    if head is not None and head not in words:
        return True  # 28个部门的权责清单事项: the figure counts the departments
    meeting = _MEETING.search(lead)
    if meeting is not None and meeting.group(1) not in words:
        return True  # 党组会专题研究法治4次: not the government's executive meeting the metric counts
    if _ACTIONS_RE.search(lead) and any(verb in lead and verb not in words for verb in _OTHER_ACTIONS):
        return True
    if _AWARD.search(tail, 0, 8) or _AWARD.search(counted):
        return True  # 5个单位被评为…, 1件案卷获评优秀: an award, not the thing the metric counts
    trimmed = _trim_counted(counted)
    if (
        unit != "项"
        and trimmed.endswith(_CONTAINER_NOUNS)
        and any(trimmed.endswith(n) and n not in metric.label for n in _CONTAINER_NOUNS)
    ):
        return True
    if "党员" in lead and "党" not in words:
        return True  # 党员教育培训: party members' training, not the government's
    rest = trimmed[len(phrase) :] if trimmed.startswith(phrase) else trimmed
    if rest.endswith(_OTHER_SUBJECTS):
        last_digit = _TO_LAST_DIGIT.match(rest)
        rest = rest[last_digit.end() :] if last_digit else rest
        if any(rest.endswith(noun) and noun not in words for noun in _OTHER_SUBJECTS):
            return True
    # 不予处罚事项291项: entries of a list (counted in 项, 条, 个), not the cases a metric counts (事项25件 are cases).
    return unit in _LIST_UNITS and "事项" in counted and "事项" not in words and "事项" not in phrase


def _trim_counted(counted: str) -> str:
    """Return the counted phrase without the words that lead to the figure (共, 累计, 达…)."""
    return _COUNTED_FILLER.sub("", counted) or counted


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
            hit = max(
                (
                    context.rfind(cue[i : i + size])
                    for i in range(n - size + 1)
                    if "|" not in cue[i : i + size]
                ),
                default=-1,
            )
            if hit >= 0:
                best = max(best, (size, hit))
                break
    return best


@dataclass(frozen=True, eq=False)
class _Cue:
    """A metric's words with the shared phrase blanked out as ``|``, and where each of its bigrams stands
    (bigrams across a ``|`` left out)."""

    text: str
    positions: dict[str, tuple[int, ...]]
    bigram_set: frozenset[str]
    repeated: frozenset[str]  # bigrams that follow themselves (助助 in 助助助)

    @classmethod
    def of(cls, text: str) -> _Cue:
        bigrams = [None if "|" in text[i : i + 2] else text[i : i + 2] for i in range(len(text) - 1)]
        positions: dict[str, list[int]] = {}
        for i, g in enumerate(bigrams):
            if g is not None:
                positions.setdefault(g, []).append(i)
        repeated = frozenset(
            g for g, h in zip(bigrams, bigrams[1:], strict=False) if g is not None and g == h
        )
        return cls(text, {g: tuple(p) for g, p in positions.items()}, frozenset(positions), repeated)


def _cue_score_indexed(context: str, grams: set[str], cues: tuple[_Cue, ...]) -> tuple[int, int]:
    """Return what ``_cue_score`` returns, looking only at the pieces of each cue made of bigrams of the context.

    A piece that has a bigram the context lacks (or that spans the blanked phrase) cannot be found there, so
    it is skipped without a search; the result is the same.
    """
    best = (0, -1)
    for cue in cues:
        if min(len(cue.text), 12) <= max(best[0], 1) or cue.bigram_set.isdisjoint(grams):
            continue  # no piece longer than the best so far, or none found in the context
        shared = cue.bigram_set & grams
        if len(shared) == 1 and not (shared & cue.repeated):
            # Only pieces of two characters, all this bigram, can be found: the same answer, faster.
            if best[0] < 2:
                best = max(best, (2, context.rfind(next(iter(shared)))))
            continue
        # Runs of consecutive bigrams found in the context: (first character, length in characters).
        positions = sorted(p for g in shared for p in cue.positions[g])
        runs = []
        r0 = previous = positions[0]
        for p in positions[1:]:
            if p != previous + 1:
                runs.append((r0, previous - r0 + 2))
                r0 = p
            previous = p
        runs.append((r0, previous - r0 + 2))
        text = cue.text
        top = min(len(text), 12, max(length for _, length in runs))
        for size in range(top, max(best[0], 1), -1):
            hit = -1
            for r0, length in runs:
                for i in range(r0, r0 + length - size + 1):
                    found = context.rfind(text[i : i + size])
                    if found > hit:
                        hit = found
            if hit >= 0:
                best = max(best, (size, hit))
                break
    return best


def _phrase_pattern(phrases: list[str]) -> re.Pattern:
    """Return a pattern whose matches (one character each) mark where a phrase starts; group 1 is the longest
    phrase starting there.

    The phrases form a trie, so that the engine follows one path per position; the leading character class
    lets it skip to the next possible start.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    first = "".join(sorted(re.escape(ch) for ch in trie if ch))
    if "" in trie or not first:  # an empty phrase matches everywhere
        return rx.compile("(?=(" + build(trie) + "))", re.DOTALL)
    return rx.compile(f"[{first}](?<=(?=({build(trie)})).)", re.DOTALL)


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


def in_force(entry: dict, year: int | None, first_year: int | None = None) -> bool:
    """Return True when a catalog entry (a dict of catalog.json) is reported for ``year``.

    Like the app's ``Metric.in_force``: introduced by ``year`` and not retired on or before it. ``year``
    None (a report that names no year) takes every metric not retired. Years before ``first_year`` (the
    catalog's first reporting year) are read as that year: the catalog starts with the platform, the
    figures it names are older, and a 2017 report still states 行政复议 cases.
    """
    retired = entry.get("retired_year")
    if year is None:
        return retired is None
    if first_year is not None:
        year = max(year, first_year)
    introduced = entry.get("introduced_year")
    return (introduced is None or introduced <= year) and (retired is None or retired > year)


class CatalogMappers:
    """The mappers of one catalog (plain dicts in the format of catalog.json), one per reporting year.

    ``for_year(year)`` (or calling the object) offers only the metrics in force that year; ``all`` knows
    every metric, retired ones included, for naming a code stored earlier. Mappers are built when first
    asked for and shared by the years whose metrics are the same.
    """

    def __init__(self, entries: list[dict]):
        self.entries = [dict(entry) for entry in entries]
        self.all = MetricMapper(self.entries)
        self.first_year = min(
            (e["introduced_year"] for e in self.entries if isinstance(e.get("introduced_year"), int)),
            default=None,
        )
        self._mappers: dict[tuple[str, ...], MetricMapper] = {}

    def for_year(self, year: int | None) -> MetricMapper:
        """Return the mapper of the metrics in force for ``year`` (see ``in_force``)."""
        entries = [e for e in self.entries if in_force(e, year, self.first_year)]
        if len(entries) == len(self.entries):
            return self.all
        key = tuple(e["code"] for e in entries)
        mapper = self._mappers.get(key)
        if mapper is None:
            mapper = self._mappers[key] = MetricMapper(entries)
        return mapper

    __call__ = for_year


@lru_cache(maxsize=1)
def default_mapper() -> MetricMapper:
    """Return the mapper for the catalog shipped with fazhi (read once per process)."""
    return MetricMapper()


def map_figure(before: str, unit: str, *, after: str = "", context: str = "") -> str | None:
    """Return the metric code of a figure by the shipped catalog (see ``MetricMapper.map``)."""
    return default_mapper().map(before, unit, after=after, context=context)
