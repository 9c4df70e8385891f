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
the uploaded reports' indicators (their JSON keys only, not the report's text); and stored (``YearFigures``, shared
by the server's processes, warmed by ``fazhi tick``) under a key that changes with the register, the submissions and
the uploaded reports of the year (``year_figures``).
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import NamedTuple

from django.conf import settings
from django.db.models import Q

LEDGER, REPORT = "ledger", "report"
#: How a source is marked in a cell (the Chinese marks are data, the legend says them in words).
MARKS = {LEDGER: "账", REPORT: "报"}


class Figure(NamedTuple):
    """One figure and its source (a tuple: a province's year is tens of thousands of them)."""

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


def _key(year: int, codes: list[str]) -> str:
    return hashlib.sha256(f"{year}|{','.join(codes)}|{_fingerprint(year)}".encode()).hexdigest()[:32]


def compute_year_figures(year: int, codes: list[str]) -> dict[int, dict[str, Figure]]:
    """``{body pk: {code: Figure}}`` of every body of ``year``'s register, worked out from the ledgers and reports."""
    from fazhi.supervision.models import ReportingBody

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
    return out


def _stored(figures: dict[int, dict[str, Figure]]) -> dict:
    """The figures as JSON: ``{pk: [[code, value, "l" or "r", derived], …]}``."""
    return {str(pk): [[code, f.value, f.source[0], f.derived] for code, f in found.items()]
            for pk, found in figures.items()}


def _loaded(stored: dict) -> dict[int, dict[str, Figure]]:
    source = {"l": LEDGER, "r": REPORT}
    return {int(pk): {code: Figure(value, source[flag], derived) for code, value, flag, derived in found}
            for pk, found in stored.items()}


def year_figures(year: int, codes: list[str]) -> dict[int, dict[str, Figure]]:
    """``{body pk: {code: Figure}}`` of every body of ``year``'s register (whoever asks: a figure does not depend
    on who reads it; the caller keeps to the bodies the person sees).

    Kept, for at most ``FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS``, in this process and in the database
    (``YearFigures``, for the server's other processes) under a key that changes with the data behind it; 0 works
    them out on every request."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from fazhi.supervision.models import YearFigures

    seconds = getattr(settings, "FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS", 0)
    if not seconds:
        return compute_year_figures(year, codes)
    key = _key(year, codes)
    kept = _recent.get(key)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    since = timezone.now() - datetime.timedelta(seconds=seconds)
    row = YearFigures.objects.filter(key=key, computed_at__gte=since).values_list("figures", flat=True).first()
    if row is not None:
        found = _loaded(row)
    else:
        found = compute_year_figures(year, codes)
        try:
            with transaction.atomic():
                YearFigures.objects.filter(Q(key=key) | Q(year=year, computed_at__lt=since)).delete()
                YearFigures.objects.create(key=key, year=year, figures=_stored(found))
        except IntegrityError:
            pass  # another process stored the same figures meanwhile
    _keep(key, found, seconds)
    return found


def warm(today=None) -> int:
    """Work out and store the figures of the registers of the last five reporting years, so that the first person
    to open the comparison after a change does not wait for them (a ``fazhi tick`` job); return how many years."""
    from django.utils import timezone

    from fazhi.supervision import rules
    from fazhi.supervision.models import ReportingBody

    if not getattr(settings, "FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS", 0):
        return 0
    last = rules.reporting_year(today or timezone.localdate())
    codes = comparison_codes()
    years = sorted(set(ReportingBody.objects.filter(year__gt=last - 5, year__lte=last + 1).values_list(
        "year", flat=True).distinct()))
    for year in years:
        year_figures(year, codes)
    return len(years)


#: The last figures this process computed or read, by cache key: a province's are thousands of objects, which the
#: cache would unpickle on every request.
_recent: dict[str, tuple[float, dict]] = {}
RECENT = 8


def _keep(key: str, figures: dict, seconds: int) -> None:
    """Keep ``figures`` in the process, out of the garbage collector's way: a province's five years are a few
    hundred thousand objects, which every full collection would walk again (a third of a second, measured in
    ``make bench-supervision``). ``gc.freeze`` moves every object alive now to the permanent generation; figures
    dropped later are still freed (they hold no reference cycles), and this runs only when new figures are kept."""
    _recent.pop(key, None)
    _recent[key] = (time.monotonic() + seconds, figures)
    while len(_recent) > RECENT:
        _recent.pop(next(iter(_recent)))
    gc.freeze()


def rows_for(bodies: list, year: int, codes: list[str]) -> list[Row]:
    """The rows of ``bodies`` (one year's register rows the person sees) with their figures on ``codes``."""
    found = year_figures(year, codes)
    return [Row(body, found.get(body.pk, {})) for body in bodies]
