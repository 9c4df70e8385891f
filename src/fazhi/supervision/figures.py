"""The figures of the register's bodies on the catalog's metrics, each with where it comes from.

Two sources, marked on every figure so that a comparison never hides what it compares:

- ``ledger`` (账): a body in fazhi: the figures of the collection roll-up, the same function a report's figures
  come from (``fazhi.collection.rollup.figures_for``): a government's are its region's totals, a department's its
  own accepted submission (ledger-computed metrics are filled from the ledgers there). Rates are worked out from
  their summed counts, which is the catalog's definition of them, not an estimate.
- ``report`` (报): a body whose published report was uploaded to the analyzer: the metric values read from it
  (``fazhi.analyzer.compare.metric_values``); a rate it does not state but gives both counts of is ``derived`` (*).

A body in fazhi without a ledger figure for a metric falls back to its uploaded report. Everything is read for all
the bodies of a year at once: one roll-up of the region tree, one query over the departments' submissions, one over
the uploaded reports' indicators (their JSON keys only, not the report's text); and kept in the cache under a key
that changes with the register, the submissions and the uploaded reports of the year (``year_figures``).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings

LEDGER, REPORT = "ledger", "report"
#: How a source is marked in a cell (the Chinese marks are data, the legend says them in words).
MARKS = {LEDGER: "账", REPORT: "报"}


@dataclass(frozen=True)
class Figure:
    value: float
    source: str
    derived: bool = False

    @property
    def mark(self) -> str:
        return MARKS[self.source] + ("*" if self.derived else "")


@dataclass
class Row:
    """One body's figures, in the shape ``fazhi.analyzer.ranking.rank`` reads (``values``, ``derived``)."""

    body: object
    figures: dict[str, Figure] = field(default_factory=dict)

    @property
    def values(self) -> dict[str, float]:
        return {code: f.value for code, f in self.figures.items()}

    @property
    def derived(self) -> set[str]:
        return {code for code, f in self.figures.items() if f.derived}


def comparison_codes() -> list[str]:
    """The metric codes the comparison shows: ``FAZHI_SUPERVISION_COMPARISON_METRICS``, else one per key indicator
    of the report evaluation (its rate when it has one)."""
    from fazhi.analyzer.evaluation import parse_key_metrics

    raw = getattr(settings, "FAZHI_SUPERVISION_COMPARISON_METRICS", "") or ""
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    if codes:
        return list(dict.fromkeys(codes))
    groups = parse_key_metrics(getattr(settings, "FAZHI_REPORT_EVALUATION_KEY_METRICS", "") or "")
    return [next((c for c in group if c.endswith("_rate")), group[0]) for group in groups]


def comparison_metrics(year: int, codes: Iterable[str] | None = None) -> list:
    """The catalog's metrics of ``codes`` (default :func:`comparison_codes`) in force in ``year``, in that order."""
    from fazhi.metrics.models import Metric

    codes = list(codes if codes is not None else comparison_codes())
    found = {m.code: m for m in Metric.objects.for_year(year).filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def _number(value) -> float | None:
    if value is None:
        return None
    number = round(float(value), 6)
    return int(number) if number.is_integer() else number


def _common_path(paths: list[str]) -> str:
    parts = [p.strip("/").split("/") for p in paths]
    common = []
    for segment in zip(*parts, strict=False):
        if len(set(segment)) != 1:
            break
        common.append(segment[0])
    return "/" + "/".join(common) + "/" if common else ""


def ledger_figures(bodies: Iterable, year: int) -> dict[int, dict[str, float]]:
    """``{body pk: {code: value}}`` of the bodies in fazhi (each with ``pk``, ``agency_id``, ``agency_kind`` and
    ``agency_path``, its agency's region path), from the collection roll-up."""
    from fazhi.collection import rollup
    from fazhi.org.models import Region

    governments, departments = [], []
    for body in bodies:
        if body.agency_id is None:
            continue
        speaks = rollup.speaks_for_region(SimpleNamespace(kind=body.agency_kind))
        (governments if speaks else departments).append(body)
    out: dict[int, dict[str, float]] = {}
    if departments:
        values = rollup.agencies_values(year, {b.agency_id for b in departments})
        for body in departments:
            out[body.pk] = values.get(body.agency_id, {})
    if governments:
        by_top: dict[str, list] = defaultdict(list)
        for body in governments:
            by_top[body.agency_path.strip("/").split("/")[0]].append(body)
        for group in by_top.values():
            root = Region.objects.get(path=_common_path([b.agency_path for b in group]))
            totals = rollup.tree_totals(year, root)
            for body in group:
                out[body.pk] = totals.get(body.agency_path, {})
    return {pk: {code: _number(v) for code, v in values.items() if v is not None} for pk, values in out.items()}


def report_figures(analyzed_ids: Iterable[int]) -> dict[int, tuple[dict[str, float], set[str]]]:
    """``{analysed report pk: (values, derived codes)}`` read from the uploaded reports."""
    from fazhi.analyzer.compare import metric_values
    from fazhi.analyzer.live_catalog import catalog_mappers
    from fazhi.analyzer.models import AnalyzedReport

    ids = [i for i in set(analyzed_ids) if i]
    if not ids:
        return {}
    mapper = catalog_mappers().all
    out = {}
    rows = AnalyzedReport.objects.filter(pk__in=ids, status=AnalyzedReport.Status.ANALYSED).values_list(
        "pk", "result__indicators", "result__derived")
    for pk, indicators, derived_rates in rows:
        derived: set[str] = set()
        values = metric_values({"indicators": indicators or [], "derived": derived_rates or []}, mapper, derived)
        out[pk] = (values, derived)
    return out


def merge(codes: Iterable[str], ledger: dict[str, float] | None, reported: tuple | None) -> dict[str, Figure]:
    """One body's figures on ``codes``: the ledger's first, else its report's."""
    values, derived = reported or ({}, set())
    out = {}
    for code in codes:
        if ledger and ledger.get(code) is not None:
            out[code] = Figure(ledger[code], LEDGER)
        elif values.get(code) is not None:
            out[code] = Figure(values[code], REPORT, code in derived)
    return out


def _fingerprint(year: int) -> str:
    """What the year's figures depend on, in one query: its register rows, the counted submissions and their
    values, the uploaded reports (a change to any of them makes a new cache key)."""
    from django.db.models import Count, Max, Sum

    from fazhi.analyzer.models import AnalyzedReport
    from fazhi.collection.models import Submission, Value
    from fazhi.supervision.models import ReportingBody

    bodies = ReportingBody.objects.filter(year=year).aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at"))
    submissions = Submission.objects.filter(year=year).aggregate(n=Count("pk"), at=Max("updated_at"))
    values = Value.objects.filter(submission__year=year).aggregate(n=Count("pk"), at=Max("updated_at"),
                                                                   total=Sum("value"))
    reports = AnalyzedReport.objects.filter(register_bodies__year=year).aggregate(n=Count("pk"), top=Max("pk"))
    return "|".join(str(v) for part in (bodies, submissions, values, reports) for v in part.values())


def year_figures(year: int, codes: list[str]) -> dict[int, dict[str, Figure]]:
    """``{body pk: {code: Figure}}`` of every body of ``year``'s register (whoever asks: a figure does not depend
    on who reads it; the caller keeps to the bodies the person sees). Kept in the cache for
    ``FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS`` under a key that changes with the data behind it."""
    from django.core.cache import cache

    from fazhi.supervision.models import ReportingBody

    seconds = getattr(settings, "FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS", 0)
    key = ""
    if seconds:
        digest = hashlib.sha256(f"{year}|{','.join(codes)}|{_fingerprint(year)}".encode()).hexdigest()[:32]
        key = f"supervision-figures:{digest}"
        kept = _recent.get(key)
        if kept is not None and kept[0] > time.monotonic():
            return kept[1]
        found = cache.get(key)
        if found is not None:
            _keep(key, found, seconds)
            return found
    bodies = [SimpleNamespace(pk=pk, agency_id=agency_id, agency_kind=kind, agency_path=path, analyzed_id=analyzed)
              for pk, agency_id, kind, path, analyzed in ReportingBody.objects.filter(year=year).values_list(
                  "pk", "agency_id", "agency__kind", "agency__region__path", "analyzed_id")]
    ledger = ledger_figures(bodies, year)
    reported = report_figures(b.analyzed_id for b in bodies)
    out = {}
    for body in bodies:
        found = merge(codes, ledger.get(body.pk), reported.get(body.analyzed_id))
        if found:
            out[body.pk] = found
    if key:
        cache.set(key, out, seconds)
        _keep(key, out, seconds)
    return out


#: The last figures this process computed or read, by cache key: a province's are thousands of objects, which the
#: cache would unpickle on every request.
_recent: dict[str, tuple[float, dict]] = {}
RECENT = 8


def _keep(key: str, figures: dict, seconds: int) -> None:
    _recent.pop(key, None)
    _recent[key] = (time.monotonic() + seconds, figures)
    while len(_recent) > RECENT:
        _recent.pop(next(iter(_recent)))


def rows_for(bodies: list, year: int, codes: list[str]) -> list[Row]:
    """The rows of ``bodies`` (one year's register rows the person sees) with their figures on ``codes``."""
    found = year_figures(year, codes)
    return [Row(body, found.get(body.pk, {})) for body in bodies]
