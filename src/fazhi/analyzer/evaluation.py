"""Evaluate an analysed report on published criteria: a score per criterion with its evidence, and a weighted total.

In the spirit of the CASS Institute of Law's third-party evaluations of report publication (legal-rules §11.3) and of
the criteria §11.4 lists, a supervisor sees for each 法治政府建设年度报告 whether it was filed and published on time, has
the mandated contents in order, names its shortcomings concretely, gives figures for the key indicators, reports what
the principal leaders themselves did, and uses data. A plain library (no Django): the app passes its settings.

    from fazhi.analyzer.evaluation import evaluate
    evaluation = evaluate(result, text)                  # result: analyze_text(text)
    evaluation["total"], evaluation["criteria"][0]       # {"code", "score", "weight", "reason", "note", ...}

Each criterion gives ``score`` in [0, 1], or None when it cannot be judged (no filing date known, a partial copy that
may hold the part elsewhere…) with ``reason`` saying why; ``evidence``: spans ``{"start", "end", "kind"}`` indexing
``text`` (as the analysis's offsets do); ``details``: the counts the note is made of; ``note``: English / Chinese.
The total is the weighted mean of the criteria judged; ``judged_share`` is the share of the weight they carry, and a
``caveat`` names those that could not be judged.

Weights are versioned by the year reported on (:data:`DEFAULT_WEIGHTS`: a table per first year of use); the setting
``FAZHI_REPORT_EVALUATION_WEIGHTS`` (JSON, :func:`parse_weights`) overrides criteria of a version or adds one. CASS
publishes no weights (UNCONFIRMED: its tables were not seen): these are the platform's own, a setting to change.

How each criterion scores (the patterns are this module's own lists, not a published standard):

* ``filed_on_time`` — the filing date the caller knows (a register of reporting bodies) against the filing day of the
  year after (3月1日, ``FAZHI_REPORT_FILING_DAY``; legal-rules §1.2): 1 on or before it, 0 after. Unknown: not judged.
* ``published_on_time`` — the publication date given by the caller, else the one the page prints (发布时间：…), against
  the publication day (before 4月1日: 3月31日, ``FAZHI_REPORT_PUBLICATION_DAY``; 督察规定 第24条, §1.4): 1 or 0. A text
  printing only its signing date is late when signed after the day (published no earlier), else not judged.
* ``mandated_contents`` — the four required contents of §1.3 (measures, shortcomings, first-responsible duties, next
  year; "other matters" only when there are any): 0.8 × the share present + 0.2 when those present come in the
  order of §1.3. A partial copy missing any: not judged.
* ``shortcomings_concrete`` — each point of the 不足 part (a sentence or an 一是… item) scores 1 when it names a
  figure, a place or body (某镇, 某局) or an example; 0.75 a cause (由于, 原因) without boilerplate; 0.5 a cause with
  boilerplate or a named procedure (行政复议, 规范性文件…) without; 0.25 a named procedure in boilerplate; 0 nothing
  but boilerplate (有待加强, 还有差距, 不够深入…). The score is the mean. No such part: 0 (a partial copy: not judged).
* ``key_figures`` — the share of the key indicators (:data:`DEFAULT_KEY_METRICS`, a setting; an item may name
  alternatives, ``a|b``) the report gives a figure for (stated or derived). A partial copy short of all: not judged.
* ``first_responsible_duties`` — the 第一责任人 part (§1.3 item 3, §8.3): 0.25 for the part, up to 0.5 more for the kinds
  of the leaders' own acts named (meetings chaired or topics studied, study of law, 述法/述职, appearing in court,
  personal instructions and inspections; three kinds or more give it all), 0.25 more when an act is counted (专题研究
  4次). Acts without a leader named (书记, 县长, 主要负责人…) count half. No such part: 0 (partial copy: not judged).
* ``data_density`` — figures stated per 1,000 Chinese characters (明天 2017: few examples; §11.4 item 6) against
  :data:`DENSITY_TARGET`; under :data:`DENSITY_MIN_CHARS` characters: not judged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fazhi.analyzer import rx
from fazhi.analyzer.checks import PLACEHOLDER
from fazhi.analyzer.structure import FIRST_RESPONSIBLE, MEASURES, NEXT_YEAR, OTHER, SHORTCOMINGS


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    checks: str
    source: str


#: The criteria, in the order they are shown. The app names them in the reader's language by ``code``.
CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "filed_on_time", "Filed on time",
        "The date the report was filed with its addressees, against the filing day (3月1日) of the year after.",
        "厅字〔2019〕28号 督察规定; provincial 工作指引 (legal-rules §1.2, §1.7); CASS timeliness (§11.3, §11.4 item 1)",
    ),
    Criterion(
        "published_on_time", "Published on time",
        "The date the report was made public, against the day before 4月1日 of the year after.",
        "督察规定 第24条 (legal-rules §1.4); CASS evaluations of publication (§11.3, §11.4 item 1)",
    ),
    Criterion(
        "mandated_contents", "Mandated contents present and in order",
        "Measures and results, shortcomings and causes, the first-responsible duties and next year's plan are "
        "present, in the order of the rule.",
        "督察规定 (legal-rules §1.3); structural compliance (§11.4 item 3; 明天 2017, §11.1)",
    ),
    Criterion(
        "shortcomings_concrete", "Shortcomings named concretely",
        "The shortcomings name figures, places, bodies, causes or examples, not boilerplate phrases.",
        "legal-rules §1.7; shortcomings section (§11.4 item 4)",
    ),
    Criterion(
        "key_figures", "Figures for the key indicators",
        "The share of the key indicators the report gives a figure for.",
        "示范指标体系 (legal-rules §9.2); use of data (§11.4 item 6)",
    ),
    Criterion(
        "first_responsible_duties", "First-person duty section",
        "The part on the principal leaders' duty as first person responsible says what they did themselves: "
        "meetings chaired, study of law, 述法, court appearances.",
        "督察规定 (legal-rules §1.3 item 3); 第一责任人职责规定 and 述法 (§8.3); §11.4 item 5",
    ),
    Criterion(
        "data_density", "Use of data",
        "Figures stated per 1,000 Chinese characters of the text.",
        "明天 2017: few concrete examples (legal-rules §11.1); use of data and cases (§11.4 item 6)",
    ),
)
CODES: tuple[str, ...] = tuple(c.code for c in CRITERIA)
BY_CODE: dict[str, Criterion] = {c.code: c for c in CRITERIA}

#: Weights by the first year reported on that uses them. 2025, the last year of the 纲要 (2021–2025) and the year the
#: 法治宣传教育法 put leaders' study and use of law into their 年度述职 (legal-rules §8.3), weighs the first-person duty
#: part more and the plain presence of the contents (now routine) less.
DEFAULT_WEIGHTS: dict[int, dict[str, float]] = {
    2024: {
        "filed_on_time": 15, "published_on_time": 15, "mandated_contents": 20, "shortcomings_concrete": 15,
        "key_figures": 15, "first_responsible_duties": 10, "data_density": 10,
    },
    2025: {
        "filed_on_time": 15, "published_on_time": 15, "mandated_contents": 15, "shortcomings_concrete": 15,
        "key_figures": 15, "first_responsible_duties": 15, "data_density": 10,
    },
}

#: The key indicators: one item per area of the demonstration indicator system (legal-rules §9.2); an item is given
#: when the report states a figure for any of its metrics (catalog codes).
DEFAULT_KEY_METRICS: tuple[tuple[str, ...], ...] = (
    ("normative_reviewed", "normative_filed", "normative_filing_rate", "normative_issued"),
    ("decisions_legality_reviews", "decisions_made", "decisions_catalog_items"),
    ("enforcement_cases", "enforcement_penalty_cases", "enforcement_files_reviewed", "enforcement_legal_reviews"),
    ("reconsideration_received", "reconsideration_accepted", "reconsideration_decided",
     "reconsideration_correction_rate"),
    ("litigation_cases", "litigation_concluded", "litigation_loss_rate"),
    ("litigation_leader_appearances", "litigation_leader_appearance_rate"),
    ("disputes_mediated", "disputes_resolved", "disputes_mediation_success_rate"),
    ("leadership_meetings_on_law", "leadership_party_committee_meetings", "leadership_pre_meeting_study",
     "leadership_study_sessions", "education_study_sessions"),
    ("pufa_activities", "pufa_audience"),
    ("disclosure_proactive", "disclosure_requests"),
)

#: Figures per 1,000 Chinese characters that score full marks in ``data_density``, and the length below which the
#: density says nothing.
DENSITY_TARGET = 8.0
DENSITY_MIN_CHARS = 300
#: Evidence spans kept per criterion (the page links them; a report may state a hundred figures).
MAX_EVIDENCE = 40

FILING_DAY = "03-01"
PUBLICATION_DAY = "03-31"

#: The environment variables the command line reads (the app reads the same names through its settings).
ENV_WEIGHTS = "FAZHI_REPORT_EVALUATION_WEIGHTS"
ENV_KEY_METRICS = "FAZHI_REPORT_EVALUATION_KEY_METRICS"
ENV_FILING_DAY = "FAZHI_REPORT_FILING_DAY"
ENV_PUBLICATION_DAY = "FAZHI_REPORT_PUBLICATION_DAY"


class EvaluationSettingError(ValueError):
    """A weight table, key-indicator list or month-day the evaluation cannot use."""


# Settings --------------------------------------------------------------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value  # not NaN


def parse_weights(raw: str | Mapping | None, *, name: str = ENV_WEIGHTS) -> dict[int, dict[str, float]]:
    """Return the weight versions: :data:`DEFAULT_WEIGHTS` with ``raw`` (JSON text or a dict) laid over them.

    ``raw`` maps a year to criteria weights, ``{"2025": {"filed_on_time": 15, …}}``. A year already versioned keeps the
    weights it does not name; a new year starts from the version in force for it. Weight 0 leaves a criterion out
    of the total. Raises :class:`EvaluationSettingError` for text that is not JSON, a key that is not a year, an
    unknown criterion, a weight that is not a number or is negative, and a version whose weights are all zero.
    """
    versions = {year: dict(weights) for year, weights in DEFAULT_WEIGHTS.items()}
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return versions
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise EvaluationSettingError(f"{name} is not JSON: {exc.msg} (at character {exc.pos}).") from None
    if not isinstance(raw, Mapping):
        raise EvaluationSettingError(f'{name} must map years to weights, e.g. {{"2025": {{"filed_on_time": 15}}}}.')
    given: dict[int, dict[str, float]] = {}
    for key, weights in raw.items():
        text = str(key).strip()
        if not (text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100):
            raise EvaluationSettingError(f"{name}: {key!r} is not a year (write the first year reported on, 2025).")
        if not isinstance(weights, Mapping):
            raise EvaluationSettingError(f"{name}: the weights of {text} must be an object of criterion: weight.")
        for code, weight in weights.items():
            if code not in BY_CODE:
                raise EvaluationSettingError(
                    f"{name}: {text} names an unknown criterion {code!r}; the criteria are {', '.join(CODES)}."
                )
            if not _is_number(weight):
                raise EvaluationSettingError(f"{name}: the weight of {code} in {text} is {weight!r}, not a number.")
            if weight < 0:
                raise EvaluationSettingError(f"{name}: the weight of {code} in {text} is negative ({weight}).")
        given[int(text)] = {code: float(weight) for code, weight in weights.items()}
    for year in sorted(given):
        base = versions.get(year) or weights_for(year, versions)[1]
        versions[year] = {**base, **given[year]}
    for year, weights in versions.items():
        if not any(weights.get(code, 0) > 0 for code in CODES):
            raise EvaluationSettingError(f"{name}: every weight of {year} is zero, so no report could be scored.")
    return dict(sorted(versions.items()))


def weights_for(year: int | None, versions: Mapping[int, Mapping[str, float]]) -> tuple[int, dict[str, float]]:
    """Return ``(version, weights)`` in force for reports on ``year``: the latest version from that year or before.

    A year before every version takes the earliest; an unknown year (None) the latest.
    """
    years = sorted(versions)
    if year is None:
        chosen = years[-1]
    else:
        earlier = [v for v in years if v <= year]
        chosen = earlier[-1] if earlier else years[0]
    weights = versions[chosen]
    return chosen, {code: float(weights.get(code, 0)) for code in CODES}


def parse_key_metrics(
    raw: str | Iterable | None, *, known: Iterable[str] | None = None, name: str = ENV_KEY_METRICS
) -> tuple[tuple[str, ...], ...]:
    """Return the key indicators of ``raw``: comma-separated items, each one metric code or alternatives ``a|b``.

    Empty or None: :data:`DEFAULT_KEY_METRICS`. With ``known`` (catalog codes), a code outside it raises
    :class:`EvaluationSettingError`; so does an item with no code or a code given twice.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_KEY_METRICS
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    known_set = set(known) if known is not None else None
    seen: set[str] = set()
    groups = []
    for item in items:
        codes = tuple(c.strip() for c in (item.split("|") if isinstance(item, str) else item) if c.strip())
        if not codes:
            if isinstance(item, str) and not item.strip():
                continue
            raise EvaluationSettingError(f"{name}: an item names no metric.")
        for code in codes:
            if code in seen:
                raise EvaluationSettingError(f"{name}: {code} is named twice.")
            seen.add(code)
            if known_set is not None and code not in known_set:
                raise EvaluationSettingError(f"{name}: {code} is not a metric of the catalog.")
        groups.append(codes)
    if not groups:
        return DEFAULT_KEY_METRICS
    return tuple(groups)


def parse_month_day(raw: str, *, name: str = "month-day") -> tuple[int, int]:
    """Return ``(month, day)`` of an ``MM-DD`` text such as ``03-01``; :class:`EvaluationSettingError` when unusable."""
    try:
        month, day = (int(part) for part in str(raw).strip().split("-"))
        dt.date(2024, month, day)  # a leap year: 02-29 is a day
    except ValueError:
        raise EvaluationSettingError(f"{name}={raw!r}: expected MM-DD, e.g. 03-01.") from None
    return month, day


@dataclass(frozen=True)
class Config:
    """What an evaluation is made with: the weight versions, the key indicators and the two deadlines' month-day."""

    weights: Mapping[int, Mapping[str, float]] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    key_metrics: tuple[tuple[str, ...], ...] = DEFAULT_KEY_METRICS
    filing_day: tuple[int, int] = (3, 1)
    publication_day: tuple[int, int] = (3, 31)

    @classmethod
    def from_values(
        cls,
        weights: str | Mapping | None = None,
        key_metrics: str | Iterable | None = None,
        filing_day: str = FILING_DAY,
        publication_day: str = PUBLICATION_DAY,
        *,
        known_metrics: Iterable[str] | None = None,
    ) -> Config:
        """Return the configuration of settings' values; :class:`EvaluationSettingError` names the one unusable."""
        return cls(
            weights=parse_weights(weights),
            key_metrics=parse_key_metrics(key_metrics, known=known_metrics),
            filing_day=parse_month_day(filing_day or FILING_DAY, name=ENV_FILING_DAY),
            publication_day=parse_month_day(publication_day or PUBLICATION_DAY, name=ENV_PUBLICATION_DAY),
        )

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Config:
        """Return the configuration of the environment variables the app's settings read (for the command line)."""
        env = os.environ if environ is None else environ
        return cls.from_values(
            env.get(ENV_WEIGHTS), env.get(ENV_KEY_METRICS), env.get(ENV_FILING_DAY) or FILING_DAY,
            env.get(ENV_PUBLICATION_DAY) or PUBLICATION_DAY,
        )


DEFAULT_CONFIG = Config()


# Helpers ---------------------------------------------------------------------------------------------------------


def _outcome(score: float | None, reason: str, note: str, details: dict | None = None, evidence=()) -> dict:
    return {
        "score": None if score is None else round(max(0.0, min(1.0, score)), 4),
        "reason": reason,
        "note": note,
        "details": details or {},
        "evidence": list(evidence)[:MAX_EVIDENCE],
    }


def _span(start: int, end: int, kind: str) -> dict:
    return {"start": start, "end": end, "kind": kind}


def _iso(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[units] if units else "")


def _date_pattern(date: dt.date) -> re.Pattern:
    """A pattern of ``date`` as pages print it: 2025-03-10, 2025/3/10, 2025年3月10日, 二〇二五年三月十日."""
    y, m, d = date.year, date.month, date.day
    arabic = rf"{y}\s*[-/.年]\s*0?{m}\s*[-/.月]\s*0?{d}(?!\d)(?:\s*日)?"
    year_cn = "".join(f"[{_CN_DIGITS[int(c)]}{'○零O' if c == '0' else ''}]" for c in str(y))
    chinese = rf"{year_cn}\s*年\s*{_cn_number(m)}\s*月\s*{_cn_number(d)}\s*日"
    return rx.compile(f"{arabic}|{chinese}")


def _find_date(text: str, date: dt.date, last: bool = False) -> tuple[int, int] | None:
    found = [m.span() for m in _date_pattern(date).finditer(text)]
    if not found:
        return None
    return found[-1] if last else found[0]


_BYLINE = rx.compile(r"(?:发布|印发|成文|公开)?(?:时间|日期)\s*[:：]\s*")


def _printed_date(text: str, date: dt.date) -> tuple[int, int] | None:
    """The span of ``date`` printed as the page's date (发布时间：…), or None."""
    pattern = _date_pattern(date)
    for m in _BYLINE.finditer(text):
        found = pattern.match(text, m.end())
        if found:
            return found.span()
    return None


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def _valid(section: dict, length: int) -> bool:
    start, end = section.get("start"), section.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def _part_spans(result: dict, text: str, category: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` in the parts of ``category``: their headings and other parts nested in them left out."""
    sections = [s for s in result.get("sections") or [] if _valid(s, len(text))]
    mine = [s for s in sections if s.get("category") == category]
    if not mine:
        return []
    spans = _merged((s["start"], s["end"]) for s in mine)
    cuts = []
    tops = [s for s in mine if not any(o is not s and o["start"] <= s["start"] and s["end"] <= o["end"]
                                       and (o["start"], o["end"]) != (s["start"], s["end"]) for o in mine)]
    for s in tops:
        end = s.get("heading_end")
        if s.get("kind") == "heading" and isinstance(end, int) and s["start"] < end <= s["end"]:
            cuts.append((s["start"], end))
    for s in sections:
        if s.get("category") != category and any(a <= s["start"] and s["end"] <= b for a, b in spans):
            cuts.append((s["start"], s["end"]))
    out = []
    for a, b in spans:
        pos = a
        for c, d in _merged(cuts):
            if d <= pos or c >= b:
                continue
            if c > pos:
                out.append((pos, c))
            pos = max(pos, d)
        if pos < b:
            out.append((pos, b))
    return out


_HANZI = rx.compile(r"[\u4e00-\u9fff]")
_LINE = rx.compile(r"[^\n]+")
# An item's number at the start of a line or after a clause: 一是, （一）, 1., 一、.
_ITEM = rx.compile(
    r"(?:^|(?<=[。；;：:，,]))[\s　]*(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|[一二三四五六七八九十]+、)",
    re.M,
)


def _points(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The points of the stretches: each numbered item (一是…, （一）…), else each paragraph, of six Chinese characters
    or more. The words before a line's first item (存在以下问题：) are a lead-in, not a point."""
    points = []
    for a, b in spans:
        for line in _LINE.finditer(text, a, b):
            items = list(_ITEM.finditer(text, line.start(), line.end()))
            if items:
                ends = [m.start() for m in items[1:]] + [line.end()]
                pieces = [(m.end(), end) for m, end in zip(items, ends, strict=True)]
            else:
                pieces = [line.span()]
            for start, end in pieces:
                if len(_HANZI.findall(PLACEHOLDER.sub("", text[start:end]))) >= 6:
                    points.append((start, end))
    return points


# Criteria --------------------------------------------------------------------------------------------------------


def _deadline(year: int | None, month_day: tuple[int, int]) -> dt.date | None:
    return dt.date(year + 1, *month_day) if isinstance(year, int) else None


def _filed(result: dict, text: str, filed_on, deadline: dt.date | None, config: Config) -> dict:
    filed = _iso(filed_on)
    if filed is None:
        return _outcome(None, "filing_date_unknown",
                        "no filing date is known: the published text does not say when it was filed / 未知报送日期")
    deadline = deadline or _deadline(result.get("year"), config.filing_day)
    if deadline is None:
        return _outcome(None, "year_unknown", "the year reported on is not known / 未识别报告年度",
                        {"date": filed.isoformat()})
    details = {"date": filed.isoformat(), "deadline": deadline.isoformat(), "days_late": (filed - deadline).days}
    if filed <= deadline:
        return _outcome(1.0, "on_time", f"filed {filed}, due by {deadline} / 按时报送", details)
    return _outcome(0.0, "late", f"filed {filed}, {details['days_late']} days after {deadline} / 逾期报送", details)


def _published(result: dict, text: str, published_on, deadline: dt.date | None, config: Config) -> dict:
    year = result.get("year")
    deadline = deadline or _deadline(year, config.publication_day)
    given = _iso(published_on)
    printed = _iso(result.get("publication_date"))
    signed = _iso(result.get("signed_date"))
    evidence = []
    if given is not None:
        date, source = given, "given"
    elif printed is not None and (printed != signed or _printed_date(text, printed)):
        date, source = printed, "printed"
        span = _printed_date(text, printed) or _find_date(text, printed)
        if span:
            evidence.append(_span(*span, "date"))
    elif printed is not None or signed is not None:
        date, source = signed or printed, "signed"
        span = _find_date(text, date, last=True)
        if span:
            evidence.append(_span(*span, "date"))
    else:
        return _outcome(None, "publication_date_unknown", "no publication date is printed or known / 未载明发布日期")
    if deadline is None:
        return _outcome(None, "year_unknown", "the year reported on is not known / 未识别报告年度",
                        {"date": date.isoformat(), "source": source}, evidence)
    details = {"date": date.isoformat(), "deadline": deadline.isoformat(), "source": source,
               "days_late": (date - deadline).days}
    if source == "signed":
        if date > deadline:
            return _outcome(0.0, "signed_late", f"signed {date}, after {deadline}: published late / 落款日期已逾期",
                            details, evidence)
        return _outcome(None, "signed_only",
                        f"only the signing date ({date}) is printed; when it was published is not known / "
                        "仅载明落款日期，发布日期未知", details, evidence)
    if date <= deadline:
        return _outcome(1.0, "on_time", f"published {date}, due by {deadline} / 按时公开", details, evidence)
    return _outcome(0.0, "late", f"published {date}, {details['days_late']} days after {deadline} / 逾期公开",
                    details, evidence)


#: The contents in the order of legal-rules §1.3; the first four are required, "other matters" only when there are.
ORDER = (MEASURES, SHORTCOMINGS, FIRST_RESPONSIBLE, NEXT_YEAR, OTHER)
REQUIRED = ORDER[:4]


def _first_position(sections: list[dict], category: str) -> tuple[int, dict] | None:
    mine = [s for s in sections if s.get("category") == category and isinstance(s.get("start"), int)]
    if not mine:
        return None
    tops = [s for s in mine if s.get("level") == 1 and s.get("kind") != "runin"] or mine
    first = min(tops, key=lambda s: s["start"])
    return first["start"], first


def _contents(result: dict, text: str, config: Config) -> dict:
    sections = result.get("sections") or []
    found = {cat: pos for cat in ORDER if (pos := _first_position(sections, cat)) is not None}
    present = [cat for cat in REQUIRED if cat in found]
    missing = [cat for cat in REQUIRED if cat not in found]
    evidence = []
    for cat in ORDER:
        if cat in found:
            sec = found[cat][1]
            end = sec.get("heading_end") if isinstance(sec.get("heading_end"), int) else sec.get("end")
            if isinstance(end, int) and sec["start"] < end:
                evidence.append(_span(sec["start"], min(end, sec["start"] + 60), "heading"))
    placed = sorted(found, key=lambda cat: found[cat][0])
    out_of_order = None
    for i, cat in enumerate(placed):
        later = [c for c in placed[i + 1:] if ORDER.index(c) < ORDER.index(cat)]
        if later:
            out_of_order = [later[0], cat]  # later[0] should come before cat
            break
    details = {"present": present, "missing": missing, "out_of_order": out_of_order, "other": OTHER in found}
    if missing and result.get("complete") is False:
        return _outcome(None, "unseen", "not seen in this partial copy: " + ", ".join(missing) + " / 节选文本中未见",
                        details, evidence)
    score = 0.8 * len(present) / len(REQUIRED) + (0.2 if out_of_order is None else 0.0)
    if missing:
        note = "missing: " + ", ".join(missing) + " / 缺少法定内容"
        reason = "missing"
    elif out_of_order:
        note = f"{out_of_order[0]} comes after {out_of_order[1]} / 顺序与规定不一致"
        reason = "out_of_order"
    else:
        note = "all required contents, in order / 法定内容齐全且顺序一致"
        reason = "complete"
    if missing and out_of_order:
        note += f"; {out_of_order[0]} comes after {out_of_order[1]}"
    return _outcome(score, reason, note, details, evidence)


_FIGURE = rx.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|个百分点|余?(?:件|个|项|人|名|次|家|起|宗|万|亿|元|天|卷|份|条|批|所|户|场|期))"
    r"|[一二三四五六七八九十两百千]+(?:件|名|宗|卷|份|条|所|户|场|期|人次|个百分点)"
)
_PLACE = rx.compile(r"([\u4e00-\u9fff]{2,3})(?:镇|乡|街道)(?![镇街村级干部政府])")
_BODY = rx.compile(r"([\u4e00-\u9fff]{2,6}?)(?<![格布大结当时])(?:局|委员会|管委会)(?![面限部势])")
_GENERIC_CHARS = set("各部分个别少数基层有关相关全本该等乡镇村些其多县市区")
_GENERIC_LEADS = ("部分", "个别", "有关", "相关", "各个", "少数", "基层", "其他", "一些", "多个", "全县", "全市", "全区")
_EXAMPLE = rx.compile(r"例如|比如|譬如|为例|案例|典型案件")
_CAUSE = rx.compile(r"原因|由于|因为|导致|造成|致使|源于|根源|究其")
_PROCEDURE = rx.compile(
    r"行政复议|行政诉讼|行政应诉|败诉|纠错|规范性文件|重大行政决策|合法性审[核查]|执法案卷|案卷评查|备案审查|听证|"
    r"出庭应诉|政府信息公开|依申请公开|信访|行政处罚|行政许可|行政强制|行政检查|证明事项|执法证|法律顾问|公职律师|"
    r"权责清单|双随机"
)
#: Phrases that say nothing particular: a shortcoming made only of them is boilerplate.
BOILERPLATE = rx.compile(
    r"还有(?:一定|一些|较大)?差距|仍有差距|存在差距|差距|不够平衡|不平衡不充分|发展不平衡|"
    r"有待(?:进一步)?(?:加强|提高|提升|完善|改进|深化|增强|健全|规范|落实)|"
    r"(?:仍需|仍然需要|还需|需要)(?:进一步)?(?:加强|提升|提高|完善|深化|增强|改进)|"
    r"不够(?:高|强|深入|到位|完善|健全|全面|扎实|规范|有力|明显|突出|充分|细致|广泛)|"
    r"还不够|不到位|不强|不高|不够|意识(?:淡薄|不强|薄弱)|认识不(?:足|到位|深)|重视程度不够|"
    r"能力(?:不足|不强|偏弱|有待)|水平(?:不高|有待|参差不齐)|力度(?:不够|不大|偏弱)|相对滞后|有所欠缺|"
    r"短板弱项|存在短板|薄弱环节|比较薄弱|较为薄弱|薄弱|形式单一|方式单一|创新不足|举措不多|亮点不多|"
    r"成效不明显|效果不明显|不够理想|仍然存在|一定程度上|个别|少数|部分(?:单位|部门|干部|乡镇|领导|人员|地方)|"
    r"不足"
)


def _named(pattern: re.Pattern, text: str, start: int, end: int):
    for m in pattern.finditer(text, start, end):
        name = m.group(1)
        generic = set(name) <= _GENERIC_CHARS or name.startswith(_GENERIC_LEADS) or name[0] in "各该本其"
        if not (generic or set(name) & set("我乡镇的")):
            return m
    return None


def _strong(text: str, start: int, end: int):
    """The first cue of a specific point: a figure, a named place or body, an example."""
    return (
        _FIGURE.search(text, start, end)
        or _named(_PLACE, text, start, end)
        or _named(_BODY, text, start, end)
        or _EXAMPLE.search(text, start, end)
    )


def _shortcomings(result: dict, text: str, config: Config) -> dict:
    spans = _part_spans(result, text, SHORTCOMINGS)
    if not spans:
        if result.get("complete") is False:
            return _outcome(None, "unseen", "no part on shortcomings in this partial copy / 节选文本中未见问题部分")
        return _outcome(0.0, "no_part", "the report has no part on shortcomings / 未报告存在的不足")
    points = _points(text, spans)
    if not points:
        return _outcome(0.0, "empty", "the part on shortcomings names nothing / 问题部分无实际内容",
                        {"points": 0, "specific": 0, "boilerplate": 0})
    total = 0.0
    specific = boiler_only = 0
    evidence = []
    for a, b in points:
        strong = _strong(text, a, b)
        cause = _CAUSE.search(text, a, b)
        named = _PROCEDURE.search(text, a, b)
        boiler = BOILERPLATE.search(text, a, b)
        if strong:
            score = 1.0
            specific += 1
            evidence.append(_span(*strong.span(), "specific"))
        elif cause and not boiler:
            score = 0.75
            specific += 1
            evidence.append(_span(*cause.span(), "specific"))
        elif cause or (named and not boiler):
            score = 0.5
        elif named:
            score = 0.25
        else:
            score = 0.0
            if boiler:
                boiler_only += 1
        if boiler and not strong:
            evidence.append(_span(*boiler.span(), "boilerplate"))
        total += score
    details = {"points": len(points), "specific": specific, "boilerplate": boiler_only}
    note = (f"{specific} of {len(points)} points name specifics (figures, places, causes, examples); "
            f"{boiler_only} are boilerplate only / 具体{specific}条，共{len(points)}条，套话{boiler_only}条")
    evidence.sort(key=lambda e: e["start"])
    return _outcome(total / len(points), "judged", note, details, evidence)


def _key_figures(result: dict, text: str, config: Config) -> dict:
    groups = config.key_metrics
    if not groups:
        return _outcome(None, "no_key_metrics", "no key indicators are set / 未设定关键指标")
    first: dict[str, dict] = {}
    for item in result.get("indicators") or []:
        code = item.get("metric")
        if code and code not in first:
            first[code] = item
    derived = {d.get("metric") for d in result.get("derived") or [] if d.get("metric")}
    given, missing, evidence = [], [], []
    for group in groups:
        hit = next((c for c in group if c in first or c in derived), None)
        if hit is None:
            missing.append(group[0])
            continue
        given.append(hit)
        item = first.get(hit)
        if item and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
            evidence.append(_span(item["start"], item["end"], "figure"))
    details = {"given": given, "missing": missing, "count": len(given), "total": len(groups)}
    note = f"{len(given)} of {len(groups)} key indicators given / 关键指标{len(given)}/{len(groups)}项"
    if missing:
        note += "; missing: " + ", ".join(missing)
    if missing and result.get("complete") is False:
        return _outcome(None, "unseen", note + " (partial copy: the rest may be in the part not copied)",
                        details, evidence)
    evidence.sort(key=lambda e: e["start"])
    return _outcome(len(given) / len(groups), "judged", note, details, evidence)


#: The principal leaders' own acts (legal-rules §8.3), by kind.
ACTS = {
    "meetings": rx.compile(
        r"主持(?:召开)?[^。；，]{0,16}?(?:会议|常务会|常委会|专题会)|召开[^。；，]{0,16}?(?:常务会议|常委会会议|专题会议|"
        r"委员会会议|推进会|部署会)|专题研究|研究部署|听取[^。；]{0,16}?汇报|审议[^。；，]{0,10}?(?:方案|文件|报告|规划)"
    ),
    "study": rx.compile(r"学法|集体学习|专题学习|中心组[^。；，]{0,4}学习|法治讲座|专题讲座|宪法宣誓|法治课"),
    "shufa": rx.compile(r"述法|述职"),
    "court": rx.compile(r"出庭应诉|出庭"),
    "instructions": rx.compile(r"亲自|带头|批示|督办|督导|督察|调研|包案|签批|审签|约谈"),
}
_LEADER = rx.compile(
    r"书记|县长|市长|区长|州长|省长|镇长|乡长|旗长|主任|局长|厅长|主要负责(?:人|同志)|主要领导|一把手|党政正职|负责同志"
)
_COUNTED = rx.compile(r"\d+\s*(?:次|场|期|人次|件|个|项|批|篇)|[一二三四五六七八九十两]+(?:次|场|期)")
_CLAUSE = rx.compile(r"[^。；，,;\n]+")


def _first_responsible(result: dict, text: str, config: Config) -> dict:
    spans = _part_spans(result, text, FIRST_RESPONSIBLE)
    if not spans:
        if result.get("complete") is False:
            return _outcome(None, "unseen", "no first-responsible part in this partial copy / 节选文本中未见第一责任人部分")
        return _outcome(0.0, "no_part", "the report has no part on the first-responsible duties / 未报告第一责任人职责")
    kinds: dict[str, tuple[int, int]] = {}
    counted = None
    leader = None
    for a, b in spans:
        leader = leader or _LEADER.search(text, a, b)
        for clause in _CLAUSE.finditer(text, a, b):
            for kind, pattern in ACTS.items():
                m = pattern.search(text, clause.start(), clause.end())
                if m is None:
                    continue
                kinds.setdefault(kind, m.span())
                if counted is None:
                    figure = _COUNTED.search(text, clause.start(), clause.end())
                    if figure:
                        counted = (min(m.start(), figure.start()), max(m.end(), figure.end()))
    acts = [kind for kind in ACTS if kind in kinds]
    evidence = [_span(*kinds[kind], "act") for kind in acts]
    if counted:
        evidence.append(_span(*counted, "act"))
    evidence.sort(key=lambda e: (e["start"], e["end"]))
    extra = 0.5 * min(len(acts), 3) / 3 + (0.25 if counted else 0.0)
    if leader is None:
        extra /= 2
    details = {"acts": acts, "counted": counted is not None, "leader_named": leader is not None}
    if not acts:
        return _outcome(0.25, "generic", "the part names none of the leaders' own acts / 仅有原则性表述", details)
    note = "acts named: " + ", ".join(acts) + ("; counted" if counted else "")
    if leader is None:
        note += "; no leader named"
    return _outcome(0.25 + extra, "judged", note + " / 列明主要负责人履职行为", details, evidence)


def _density(result: dict, text: str, config: Config) -> dict:
    chars = len(_HANZI.findall(text))
    figures = result.get("indicators") or []
    if chars < DENSITY_MIN_CHARS:
        return _outcome(None, "too_short", f"{chars} Chinese characters: too short to judge / 文本过短",
                        {"chars": chars, "figures": len(figures)})
    per_thousand = len(figures) * 1000 / chars
    details = {"figures": len(figures), "chars": chars, "per_thousand": round(per_thousand, 2),
               "target": DENSITY_TARGET}
    evidence = [_span(i["start"], i["end"], "figure") for i in figures
                if isinstance(i.get("start"), int) and isinstance(i.get("end"), int)]
    note = (f"{len(figures)} figures in {chars} characters: {per_thousand:.1f} per 1,000 (full marks at "
            f"{DENSITY_TARGET:g}) / 每千字数据{per_thousand:.1f}项")
    return _outcome(per_thousand / DENSITY_TARGET, "judged", note, details, evidence)


# The evaluation --------------------------------------------------------------------------------------------------


def evaluate(
    result: dict,
    text: str,
    *,
    filed_on: dt.date | str | None = None,
    published_on: dt.date | str | None = None,
    filing_deadline: dt.date | None = None,
    publication_deadline: dt.date | None = None,
    config: Config = DEFAULT_CONFIG,
) -> dict:
    """Return the evaluation of an analysed report (``result`` of ``analyze_text(text)``; offsets index ``text``).

    ``filed_on`` and ``published_on`` are dates the caller knows (a register of reporting bodies); without them filing
    is not judged and publication is judged on the date the page prints. ``filing_deadline`` replaces the filing day
    of the year after (a 示范 place files by the end of January, legal-rules §1.2); ``publication_deadline`` likewise.
    """
    year = result.get("year") if isinstance(result.get("year"), int) else None
    version, weights = weights_for(year, config.weights)
    if result.get("errors"):
        outcomes = {
            code: _outcome(None, "not_read", "the report could not be read / 报告未能解析") for code in CODES
        }
    else:
        outcomes = {
            "filed_on_time": _filed(result, text, filed_on, filing_deadline, config),
            "published_on_time": _published(result, text, published_on, publication_deadline, config),
            "mandated_contents": _contents(result, text, config),
            "shortcomings_concrete": _shortcomings(result, text, config),
            "key_figures": _key_figures(result, text, config),
            "first_responsible_duties": _first_responsible(result, text, config),
            "data_density": _density(result, text, config),
        }
    criteria = []
    for criterion in CRITERIA:
        outcome = outcomes[criterion.code]
        criteria.append({"code": criterion.code, "label": criterion.label, "weight": weights[criterion.code],
                         **outcome})
    return {"version": version, "year": year, "criteria": criteria, **total_of(criteria)}


def total_of(criteria: list[dict]) -> dict:
    """Return the weighted mean of the judged criteria, the share of the weight judged and a caveat for the rest."""
    weight = sum(c["weight"] for c in criteria if c["weight"] > 0)
    judged = [c for c in criteria if c["score"] is not None and c["weight"] > 0]
    judged_weight = sum(c["weight"] for c in judged)
    unjudged = [c["code"] for c in criteria if c["score"] is None and c["weight"] > 0]
    total = sum(c["score"] * c["weight"] for c in judged) / judged_weight if judged_weight else None
    share = judged_weight / weight if weight else 0.0
    caveat = None
    if unjudged:
        caveat = (f"judged on {share:.0%} of the weight: {', '.join(unjudged)} could not be judged / "
                  f"仅按{share:.0%}的权重评分")
    return {
        "total": None if total is None else round(total, 4),
        "judged_weight": judged_weight,
        "weight": weight,
        "judged_share": round(share, 4),
        "unjudged": unjudged,
        "caveat": caveat,
    }


def summary(evaluation: dict) -> dict:
    """Return the evaluation without its evidence and notes: the scores a table or a sheet shows."""
    return {
        **{k: v for k, v in evaluation.items() if k != "criteria"},
        "scores": {c["code"]: c["score"] for c in evaluation["criteria"]},
    }


#: The columns of the sheet "evaluation" (``fazhi analyze --evaluate --format xlsx``, the app's batch export).
SHEET_COLUMNS = ("source", "government", "year", "weights version", *CODES, "total", "judged share", "not judged")


def sheet_row(result: dict, evaluation: dict, name=str) -> list:
    """Return one report's row of the sheet "evaluation": scores and total out of 100, the share judged in per cent.

    ``evaluation`` is :func:`evaluate`'s or :func:`summary`'s; ``name`` names a criterion in the not-judged column.
    """
    scores = evaluation.get("scores") or {c["code"]: c["score"] for c in evaluation.get("criteria") or []}

    def hundred(value):
        return None if value is None else round(value * 100, 1)

    return [
        result.get("source"), result.get("government"), result.get("year"), evaluation.get("version"),
        *(hundred(scores.get(code)) for code in CODES),
        hundred(evaluation.get("total")), hundred(evaluation.get("judged_share")),
        ", ".join(name(code) for code in evaluation.get("unjudged") or []) or None,
    ]
