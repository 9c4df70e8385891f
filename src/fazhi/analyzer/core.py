"""Analyze one report: metadata, heading tree, mandated contents, indicators and checks, as a plain dict."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from operator import attrgetter
from pathlib import Path

from fazhi.analyzer import rx
from fazhi.analyzer.checks import run_checks
from fazhi.analyzer.completeness import judge
from fazhi.analyzer.derived import derive_rates
from fazhi.analyzer.document import layout
from fazhi.analyzer.extract import ExtractError, extract_bytes, extract_path
from fazhi.analyzer.indicators import find_indicators
from fazhi.analyzer.metadata import read_metadata
from fazhi.analyzer.metrics import MetricMapper
from fazhi.analyzer.repair import OffsetMap, repair
from fazhi.analyzer.structure import (
    FIRST_RESPONSIBLE,
    NEXT_YEAR,
    SHORTCOMINGS,
    find_headings,
    implicit_parts,
)

#: Gives the mapper of a report's year (``metrics.CatalogMappers``).
Mappers = Callable[[int | None], MetricMapper]

_REPORT_WORDS = rx.compile(r"法治|依法行政|依法治|法制")
# A hundred Chinese characters (whitespace is never one, so the text needs no stripping first).
_NEWLINE = rx.compile("\n")
_SPACES = rx.compile(r"\s+")
_HUNDRED_HANZI = rx.compile(r"(?:[^\u4e00-\u9fff]*+[\u4e00-\u9fff]){100}")


def _reads_like_a_report(text: str) -> bool:
    """Return True for a text of 100 Chinese characters or more that names 法治/依法行政 at least twice."""
    if not _HUNDRED_HANZI.match(text):
        return False
    first = _REPORT_WORDS.search(text)
    return first is not None and _REPORT_WORDS.search(text, first.end()) is not None


def _error(source: str, code: str, message: str, **extra) -> dict:
    return {
        "source": source,
        "government": None,
        "region_code": None,
        "level": None,
        "year": None,
        "title": None,
        "sections": [],
        "indicators": [],
        "derived": [],
        "checks": [],
        "errors": [{"code": code, "message": message}],
        "evidence": {"government": None, "year": None},
        **extra,
    }


def analyze_text(
    text: str,
    source: str = "<text>",
    *,
    format: str = "txt",
    encoding: str | None = None,
    mappers: Mappers | None = None,
    explain: bool = False,
) -> dict:
    """Return the analysis of a report's text; offsets (``start``/``end``) index into ``text``.

    Figures are mapped by the shipped catalog, or by ``mappers(year)`` for the year the report names when
    given (``metrics.CatalogMappers``: an edited catalog, the metrics in force that year). A text that does
    not read like a rule-of-law report comes back with an error entry and nothing else.

    ``derived`` lists the rates the report does not state but gives both counts of (审结 of 受理: 审结率), marked
    ``"derived": true`` (see ``fazhi.analyzer.derived``). With ``explain``, ``explanations`` lists every number of
    the text with the rule that accepted or rejected it (see ``fazhi.analyzer.explain``).
    """
    if not text.strip():  # str.strip and the regex \s agree on what is whitespace
        return _error(source, "empty", "the text is empty")
    if not _reads_like_a_report(text):
        return _error(
            source,
            "not_a_report",
            "the text does not read like a rule-of-law annual report (too short or no 法治/依法行政 content)",
        )
    # Damaged copies (glued site furniture, PDF spacing, hard wraps) are read repaired; the offsets given out
    # are mapped back to ``text``. An undamaged text is read as it stands.
    given = text
    text, offsets, repairs = repair(text)
    lay = layout(text)
    meta = read_metadata(text, lay)
    headings = find_headings(text, lay, meta.year)
    implicit = implicit_parts(text, lay, headings, meta.year)
    for part in implicit:
        # Headings inside an unheaded part (its 一是… items) belong to that part.
        for h in headings:
            if part.start <= h.start < part.end and h.level > 1:
                h.category = part.category
    sections = sorted(headings + implicit, key=attrgetter("start", "level"))
    excluded = [(s.start, s.end) for s in sections if s.category == NEXT_YEAR]
    spans = [(ln.cstart, ln.end) for ln in lay.content()]
    mapper = mappers(meta.year) if mappers is not None else None
    indicators = find_indicators(text, spans, excluded, mapper)
    meta_dict = meta.as_dict()
    cats = {s.category for s in sections}
    section_dicts = [s.as_dict() for s in sections]
    indicator_dicts = [i.as_dict() for i in indicators]
    explanations = None
    if explain:
        from fazhi.analyzer.explain import explain_figures

        explanations = [e.as_dict() for e in explain_figures(text, spans, excluded, mapper)]
    completeness = judge(text, lay, sections, meta.signed_date)
    checks = run_checks(text, sections, meta_dict, len(indicators), partial=not completeness["complete"])
    if offsets is not None:
        _map_back(given, offsets, section_dicts, indicator_dicts)
        for item in explanations or ():
            item["start"], item["end"] = offsets.span(item["start"], item["end"])
        meta_dict["evidence"] = {
            key: list(offsets.span(*span)) if span else None for key, span in meta_dict["evidence"].items()
        }
    result = {
        "source": source,
        **meta_dict,
        "format": format,
        "encoding": encoding,
        "length": len(given),
        # A partial copy (a page cut off) cannot show a part absent: its unfound parts are "not seen".
        "complete": completeness["complete"],
        "partial_reason": completeness["partial_reason"],
        "completeness_evidence": completeness["evidence"],
        "flags": {
            "has_first_responsible_section": FIRST_RESPONSIBLE in cats,
            "has_shortcomings_section": SHORTCOMINGS in cats,
            "has_next_year_plan": NEXT_YEAR in cats,
        },
        "sections": section_dicts,
        "indicators": indicator_dicts,
        "derived": derive_rates(indicator_dicts, given, mapper),
        "checks": checks,
        "errors": [],
    }
    if explanations is not None:
        _place(given, explanations)
        _place(given, [part for d in result["derived"] for part in (d["numerator"], d["denominator"])])
        result["explanations"] = explanations
    warnings = []
    if "\ufffd" in given:
        warnings.append("the text has undecodable characters (encoding damage)")
    if repairs:
        warnings.append("the text was repaired before reading: " + "; ".join(repairs))
    if warnings:
        result["warnings"] = warnings
    return result


def _place(text: str, items: list[dict], around: int = 12) -> None:
    """Give each explained number its line and column (from 1) in ``text`` and ~``around`` characters each side."""
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    for item in items:
        start, end = item["start"], item["end"]
        k = bisect_left(breaks, start)
        item["line"] = k + 1
        item["column"] = start - (breaks[k - 1] + 1 if k else 0) + 1
        item["context"] = _SPACES.sub(" ", text[max(0, start - around) : end + around]).strip()


def _map_back(text: str, offsets: OffsetMap, sections: list[dict], indicators: list[dict]) -> None:
    """Move the offsets of an analysis of the repaired text onto the text as given (quotes re-cut from it)."""
    for sec in sections:
        start, heading_end = offsets.span(sec["start"], sec["heading_end"])
        sec["end"] = offsets.span(sec["start"], sec["end"])[1]
        sec["start"], sec["heading_end"] = start, heading_end
    for ind in indicators:
        ind["start"], ind["end"] = offsets.span(ind["start"], ind["end"])
        ind["quote"] = text[ind["start"] : ind["end"]]


def analyze_bytes(
    data: bytes, name: str, source: str | None = None, *, mappers: Mappers | None = None, explain: bool = False
) -> dict:
    """Return the analysis of a file's content; ``name`` gives the type by its suffix (``mappers`` and ``explain``:
    as for :func:`analyze_text`)."""
    source = source or name
    try:
        ex = extract_bytes(data, name)
    except ExtractError as exc:
        return _error(source, exc.code, exc.message)
    return analyze_text(ex.text, source, format=ex.format, encoding=ex.encoding, mappers=mappers, explain=explain)


def analyze_path(path: str | Path, *, mappers: Mappers | None = None, explain: bool = False) -> dict:
    """Return the analysis of the report file at ``path`` (.txt, .html/.htm, .docx, .pdf).

    Never raises for a bad file: the problem is reported in ``errors``.
    """
    source = str(path)
    try:
        ex = extract_path(path)
    except ExtractError as exc:
        return _error(source, exc.code, exc.message)
    try:
        return analyze_text(
            ex.text, source, format=ex.format, encoding=ex.encoding, mappers=mappers, explain=explain
        )
    except Exception as exc:  # noqa: BLE001 - one bad report must not stop a batch
        return _error(source, "internal", f"analysis failed: {type(exc).__name__}: {exc}")
