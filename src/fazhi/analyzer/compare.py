"""Compare analysed reports: one row per report, one column per catalog metric, and the change per body.

A plain library like the rest of the analyzer (no Django): ``fazhi analyze --compare`` and the app's
batch page build the same table with :func:`compare`.

The rules, so that a figure in the table can always be traced back to the report:

- **Columns** are the catalog metrics (in catalog order) for which at least one report states a value;
  the header is the metric's Chinese label with its code, e.g. ``受理行政复议申请 (reconsideration_received)``.
- **One value per report and metric.** A report often states a metric more than once (in the summary and
  again in its section). The value taken is the *first* statement in the text, because reports lead with
  the year's headline figure; except that when one fragment states the metric twice, as a before/after
  pair (纠错率由12%下降至8.5%), the *later* value of that fragment is taken: it is the year's result, the
  earlier one is the comparison. Money is converted to the metric's unit (1962000 元 → 196.2 万元).
- **Derived rates.** A rate the report does not state but gives both counts of (纠错5件 of 审结40件 → 纠错率
  12.5%) is filled in from the result's ``derived`` list (see fazhi/analyzer/derived.py) and marked: the row's
  ``derived`` names those metrics, the text and CSV tables print the value followed by ``*`` (推算), and the
  Excel workbook lists them in a "derived" sheet. A stated rate always wins.
- **Change on the year before.** Reports are grouped by body: the issuing government or body as named
  (繁峙县, 中共XX县委 XX县人民政府), compared without spaces. For a report of year *N* the base is the same
  body's report of the nearest earlier year in the set (normally *N*-1; the base year is printed, so a
  gap of two years is visible). The change is ``value - base value`` (for a rate, in percentage points),
  given in a "Δ" column right after the metric's column, which exists only for metrics with at least one
  change. When a body has two reports for the same year, the first one (in row order) is the base.
- **Row order**: by body, then year, then source; reports whose body or year could not be read come last,
  in input order.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from fazhi.analyzer.metrics import CatalogMetric, MetricMapper, default_mapper, value_in_unit

__all__ = ["Column", "Comparison", "Row", "compare", "metric_values", "write_csv", "write_tsv", "write_xlsx"]

#: The fixed columns before the metrics, as (key, header).
LEAD = (
    ("source", "source / 文件"),
    ("government", "government / 主体"),
    ("region_code", "region code / 区划代码"),
    ("level", "level / 层级"),
    ("year", "year / 年度"),
    ("base_year", "compared with / 对比年度"),
)


@dataclass
class Column:
    """A metric column of the table."""

    metric: CatalogMetric
    has_change: bool = False

    @property
    def code(self) -> str:
        return self.metric.code

    @property
    def header(self) -> str:
        return f"{self.metric.label} ({self.metric.code})"

    @property
    def change_header(self) -> str:
        return f"Δ {self.metric.label} ({self.metric.code})"


@dataclass
class Row:
    """One report: its metric values and, when the same body reported an earlier year, the changes."""

    source: str
    government: str | None
    level: str | None
    year: int | None
    title: str | None = None
    values: dict[str, float] = field(default_factory=dict)
    changes: dict[str, float] = field(default_factory=dict)
    base: Row | None = None
    errors: list[str] = field(default_factory=list)
    ref: Any = None  # whatever the caller passed along (the app: its AnalyzedReport)
    region_code: str | None = None
    derived: set[str] = field(default_factory=set)  # metrics whose value is derived from two counts

    @property
    def body(self) -> str | None:
        return body_key(self.government)

    @property
    def base_year(self) -> int | None:
        return self.base.year if self.base is not None else None


@dataclass
class Comparison:
    """The table: ``rows`` in display order and the metric ``columns`` some report has a value for."""

    columns: list[Column]
    rows: list[Row]

    def header(self) -> list[str]:
        out = [h for _, h in LEAD]
        for col in self.columns:
            out.append(col.header)
            if col.has_change:
                out.append(col.change_header)
        return out

    def cells(self, row: Row) -> list:
        """Return the row's cells in header order: numbers as numbers, a missing value as None."""
        out: list = [row.source, row.government, row.region_code, row.level, row.year, row.base_year]
        for col in self.columns:
            out.append(row.values.get(col.code))
            if col.has_change:
                out.append(row.changes.get(col.code))
        return out

    def records(self) -> Iterable[list]:
        for row in self.rows:
            yield self.cells(row)

    def text_records(self) -> Iterable[list[str]]:
        """Return the rows' cells as text, a derived value followed by ``*`` (see the module's rules)."""
        for row in self.rows:
            cells = [_text(c) for c in self.cells(row)]
            if row.derived:
                k = len(LEAD)
                for col in self.columns:
                    if col.code in row.derived:
                        cells[k] += "*"
                    k += 2 if col.has_change else 1
            yield cells


def body_key(government: str | None) -> str | None:
    """Return the key under which two reports are taken to come from the same body (spaces ignored)."""
    if not government:
        return None
    key = "".join(government.split())
    return key or None


def _clean(value: float) -> float | int:
    """Round away float noise (0.1 + 0.2) and give whole numbers as int."""
    value = round(float(value), 6)
    return int(value) if value.is_integer() else value


def metric_values(
    result: dict, mapper: MetricMapper | None = None, derived: set[str] | None = None
) -> dict[str, float]:
    """Return ``{metric code: value}`` of one analysis result, one value per metric (see the module's rules).

    Rates the report does not state are taken from its ``derived`` list; their codes are added to ``derived``
    when a set is given.
    """
    mapper = mapper or default_mapper()
    chosen: dict[str, dict] = {}
    for ind in sorted(result.get("indicators") or [], key=lambda i: (i.get("start") or 0, i.get("end") or 0)):
        code = ind.get("metric")
        value = ind.get("value")
        if not code or value is None or mapper.metric(code) is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            continue
        first = chosen.get(code)
        if first is None:
            chosen[code] = ind
        elif (first.get("start"), first.get("end")) == (ind.get("start"), ind.get("end")):
            chosen[code] = ind  # the later value of a before/after fragment is the year's result
    out = {}
    for code, ind in chosen.items():
        metric = mapper.metric(code)
        out[code] = _clean(value_in_unit(float(ind["value"]), ind.get("unit") or "", metric.unit))
    for rate in result.get("derived") or []:
        code, value = rate.get("metric"), rate.get("value")
        if code and code not in out and value is not None and mapper.metric(code) is not None:
            out[code] = _clean(value)
            if derived is not None:
                derived.add(code)
    return out


def _row(result: dict, ref: Any, mapper: MetricMapper) -> Row:
    errors = [f"{e.get('code')}: {e.get('message')}" for e in result.get("errors") or []]
    derived: set[str] = set()
    return Row(
        source=str(result.get("source") or ""),
        government=result.get("government"),
        region_code=result.get("region_code") or None,
        level=result.get("level"),
        year=result.get("year") if isinstance(result.get("year"), int) else None,
        title=result.get("title"),
        values={} if errors else metric_values(result, mapper, derived),
        errors=errors,
        ref=ref,
        derived=derived,
    )


def compare(
    results: Iterable[dict], *, refs: Iterable[Any] | None = None, mapper: MetricMapper | None = None
) -> Comparison:
    """Return the comparison table of analysis results (dicts as ``analyze_path`` returns them).

    ``refs``, when given, runs parallel to ``results`` and is kept on each row as ``row.ref``. Only the
    metric values of each result are kept, so a long batch can be streamed through.
    """
    mapper = mapper or default_mapper()
    ref_iter = iter(refs) if refs is not None else None
    rows = [_row(result, next(ref_iter) if ref_iter is not None else None, mapper) for result in results]

    known = [r for r in rows if r.body and r.year is not None]
    unknown = [r for r in rows if not (r.body and r.year is not None)]
    known.sort(key=lambda r: (r.body, r.year, r.source))

    # Base: the same body's nearest earlier year; the first row of that year.
    by_body: dict[str, dict[int, Row]] = {}
    for r in known:
        by_body.setdefault(r.body, {}).setdefault(r.year, r)
    for r in known:
        earlier = [y for y in by_body[r.body] if y < r.year]
        if not earlier:
            continue
        base = by_body[r.body][max(earlier)]
        r.base = base
        r.changes = {
            code: _clean(value - base.values[code]) for code, value in r.values.items() if code in base.values
        }

    rows = known + unknown
    present = {code for r in rows for code in r.values}
    changed = {code for r in rows for code in r.changes}
    columns = [Column(m, has_change=m.code in changed) for m in mapper.metrics if m.code in present]
    return Comparison(columns=columns, rows=rows)


# Writers --------------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    return str(value)


def write_tsv(comparison: Comparison, out: IO[str]) -> None:
    """Write the table as tab-separated text (a missing value is empty)."""
    out.write("\t".join(comparison.header()) + "\n")
    for cells in comparison.text_records():
        out.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells) + "\n")


def write_csv(comparison: Comparison, out: IO[str], *, bom: bool = True) -> None:
    """Write the table as CSV, UTF-8 with a BOM (so that Excel reads the Chinese) unless ``bom=False``."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(comparison.header())
    for cells in comparison.text_records():
        writer.writerow(cells)


def comparison_sheet(workbook, comparison: Comparison, title: str = "comparison"):
    """Add the table as a sheet of an openpyxl ``workbook`` (normal or write-only) and return the sheet."""
    from fazhi.analyzer.cli import xlsx_row

    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "E2"
    for index, width in enumerate((28, 18, 10, 8, 10), start=1):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.append(xlsx_row(sheet, comparison.header()))
    for cells in comparison.records():
        sheet.append(xlsx_row(sheet, cells))
    return sheet


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def write_xlsx(comparison: Comparison, target) -> None:
    """Write the table to an Excel workbook at ``target`` (a path or a binary file object).

    Sheets: "comparison" (the table), "metrics" (code, label, unit of each column) and, when some value is
    derived from two counts, "derived" (source, code, value of each).
    """
    from openpyxl import Workbook

    from fazhi.analyzer.cli import xlsx_row

    workbook = Workbook(write_only=True)
    comparison_sheet(workbook, comparison)
    legend = workbook.create_sheet("metrics")
    legend.append(["code / 代码", "label / 名称", "unit / 单位"])
    for col in comparison.columns:
        legend.append(xlsx_row(legend, [col.code, col.metric.label, col.metric.unit]))
    if any(row.derived for row in comparison.rows):
        sheet = workbook.create_sheet("derived")
        sheet.append(["source / 文件", "code / 代码", "value / 推算值"])
        for row in comparison.rows:
            for code in sorted(row.derived):
                sheet.append(xlsx_row(sheet, [row.source, code, row.values.get(code)]))
    workbook.save(target)
