"""The figures of the register's bodies on the catalog's metrics, each with where it comes from.

Two sources, marked on every figure so that a comparison never hides what it compares:

- ``ledger`` (账): a body in fazhi: the figures of the collection roll-up, the same function a report's figures
  come from (``fazhi.collection.rollup.figures_for``): a government's are its region's totals, a department's its
  own accepted submission (ledger-computed metrics are filled from the ledgers there). Rates are worked out from
  their summed counts, which is the catalog's definition of them, not an estimate.
- ``report`` (报): a body whose published report was uploaded to the analyzer: the metric values read from it
  (``fazhi.analyzer.compare.metric_values``); a rate it does not state but gives both counts of is ``derived`` (*).

A body in fazhi without a ledger figure for a metric falls back to its uploaded report. Everything is read for all
the bodies at once: one roll-up of the region tree, one query over the departments' submissions, one over the
uploaded reports' indicators (their JSON keys only, not the report's text).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    """``{body pk: {code: value}}`` of the bodies in fazhi (``agency`` loaded), from the collection roll-up."""
    from fazhi.collection import rollup
    from fazhi.org.models import Region

    governments, departments = [], []
    for body in bodies:
        if body.agency_id is None:
            continue
        (governments if rollup.speaks_for_region(body.agency) else departments).append(body)
    out: dict[int, dict[str, float]] = {}
    if departments:
        values = rollup.agencies_values(year, {b.agency_id for b in departments})
        for body in departments:
            out[body.pk] = values.get(body.agency_id, {})
    if governments:
        by_top: dict[str, list] = defaultdict(list)
        for body in governments:
            by_top[body.agency.region.path.strip("/").split("/")[0]].append(body)
        for group in by_top.values():
            root = Region.objects.get(path=_common_path([b.agency.region.path for b in group]))
            totals = rollup.tree_totals(year, root)
            for body in group:
                out[body.pk] = totals.get(body.agency.region.path, {})
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


def rows_for(bodies: list, year: int, codes: list[str]) -> list[Row]:
    """The figures of ``bodies`` (one year's register rows, ``agency__region`` loaded) on ``codes``."""
    ledger = ledger_figures(bodies, year)
    reported = report_figures(b.analyzed_id for b in bodies)
    return [Row(body, merge(codes, ledger.get(body.pk), reported.get(body.analyzed_id))) for body in bodies]
