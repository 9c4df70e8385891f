"""The annex table: every figure of the year that the text does not state.

Part one cites a few figures a topic (``prose``); the rest are not lost but listed here, one row a metric in
the catalog's order, with last year's value, the change and where the figure comes from (指标, 单位, 上年,
本年, 增减, 来源). The report's page shows it under the draft and every export carries it after the
signature, as the 附件 of the 公文. Figures are exact in the table (8.2万余 is the text's way, not a table's).
Official text here is data, not UI, and stays Chinese.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from fazhi.reports.figures import MetricInfo, change_of, plain_number, rate_number

__all__ = ["COLUMNS", "Row", "annex_rows", "annex_title", "annex_workbook", "trace"]

COLUMNS = ("指标", "单位", "上年", "本年", "增减", "来源")
NONE = "—"


@dataclass(frozen=True)
class Row:
    """One figure of the annex, as printed (strings) and as numbers (for a spreadsheet)."""

    metric: str
    label: str
    unit: str
    previous: str
    current: str
    change: str
    source: str
    previous_value: Decimal | None = None
    current_value: Decimal | None = None

    @property
    def cells(self) -> tuple[str, ...]:
        return self.label, self.unit, self.previous, self.current, self.change, self.source


def annex_title(year: int) -> str:
    return f"{year}年法治政府建设主要数据"


def _number(info: MetricInfo, value) -> str:
    if value is None:
        return NONE
    return rate_number(value) if info.is_rate else plain_number(value)


def _change(info: MetricInfo, value, previous) -> str:
    """The change on last year as a table shows it: +9.4%, -3个百分点, 持平; a dash without a base."""
    change = change_of(info, value, previous)
    size = None if change is None else change.size
    if size is None:
        return NONE
    if size == 0:
        return "持平"
    return f"{'+' if size > 0 else '-'}{plain_number(abs(size))}{'个百分点' if info.is_rate else '%'}"


def _ledger(info: MetricInfo) -> str:
    """The ledger a computed figure is counted from, by name: 规范性文件台账."""
    from django.apps import apps
    from django.utils import translation

    label = info.computed_by.split(".", 1)[0]
    with translation.override("zh-hans"):
        try:
            return f"{apps.get_app_config(label).verbose_name}台账"
        except LookupError:
            return "台账"


def _source(info: MetricInfo, infos: dict[str, MetricInfo], region_wide: bool, bodies: int | None) -> str:
    """Where a figure comes from, so that it can be traced on paper: the ledger it is counted from, how many
    bodies' forms it adds up, or the two figures a rate is computed from."""
    if info.is_rate and info.numerator in infos and info.denominator in infos:
        return f"{infos[info.numerator].label}÷{infos[info.denominator].label}"
    if info.aggregation == "own" or not region_wide:
        way = "本级" if region_wide else "本单位"
        return f"{way}{_ledger(info)}统计" if info.source == "computed" else f"{way}数据报送"
    if info.source == "computed":
        return f"{bodies}个单位{_ledger(info)}统计汇总" if bodies else f"{_ledger(info)}统计汇总"
    return f"{bodies}个单位数据报送汇总" if bodies else "各单位数据报送汇总"


def annex_rows(report, ctx) -> list[Row]:
    """Return the rows of the annex: the year's figures with a value that no section of ``report`` states.

    ``ctx``: the report's ``compose.Context`` (its catalog, this year's and last year's figures).
    """
    stated = {figure["metric"] for section in report.sections.all() for figure in section.figures}
    codes = [code for code, info in sorted(ctx.infos.items(), key=lambda item: item[1].order)
             if ctx.current.get(code) is not None and code not in stated]
    return _rows(report, ctx, codes)


def trace(report, ctx, code: str) -> Row | None:
    """Return one figure of the report as the annex would list it (stated in the text or not), or None."""
    if code not in ctx.infos or ctx.current.get(code) is None:
        return None
    return _rows(report, ctx, [code])[0]


def _rows(report, ctx, codes: list[str]) -> list[Row]:
    from fazhi.collection.rollup import contributor_counts, speaks_for_region

    region_wide = speaks_for_region(report.agency)
    bodies = contributor_counts(report.year, report.agency.region) if region_wide else {}
    rows = []
    for code in codes:
        info, value, previous = ctx.infos[code], ctx.current[code], ctx.previous.get(code)
        rows.append(Row(code, info.label, info.unit, _number(info, previous), _number(info, value),
                        _change(info, value, previous), _source(info, ctx.infos, region_wide, bodies.get(code)),
                        None if previous is None else Decimal(str(previous)), Decimal(str(value))))
    return rows


def annex_workbook(report, rows: list[Row]) -> bytes:
    """Return the annex as an Excel workbook: the same table, figures as numbers a spreadsheet can add up."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "附件"
    sheet.append([f"附件：{annex_title(report.year)}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(name="黑体", size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([report.issuer or report.agency.name])
    sheet.append(list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.label, row.unit, _cell(row.previous_value), _cell(row.current_value), row.change,
                      row.source])
    thin = Side(style="thin")
    for line in sheet.iter_rows(min_row=3, max_row=sheet.max_row):
        for cell in line:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for letter, width in zip("ABCDEF", (34, 8, 12, 12, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Decimal | None):
    """A number for the spreadsheet: whole numbers as int, others as float; None as an empty cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
