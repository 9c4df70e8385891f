"""The annex table: every figure of the year that the text does not state.

Part one cites a few figures a topic (``prose``); the rest are not lost but listed here, one row a metric in
the catalog's order, with last year's value, the change and where the figure comes from (指标, 单位, 上年,
本年, 增减, 来源). The report's page shows it under the draft and every export carries it after the
signature, as the 附件 of the 公文. Figures are exact in the table (8.2万余 is the text's way, not a table's).
Official text here is data, not UI, and stays Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fazhi.reports.figures import MetricInfo, plain_number, rate_number

__all__ = ["COLUMNS", "Row", "annex_rows", "annex_title"]

COLUMNS = ("指标", "单位", "上年", "本年", "增减", "来源")
NONE = "—"


@dataclass(frozen=True)
class Row:
    metric: str
    label: str
    unit: str
    previous: str
    current: str
    change: str
    source: str

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
    if value is None or previous is None:
        return NONE
    value, previous = Decimal(str(value)), Decimal(str(previous))
    if info.is_rate:
        points = (value - previous).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return "持平" if points == 0 else f"{'+' if points > 0 else '-'}{plain_number(abs(points))}个百分点"
    if previous == 0:
        return NONE
    share = ((value - previous) * 100 / previous).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return "持平" if share == 0 else f"{'+' if share > 0 else '-'}{plain_number(abs(share))}%"


def _source(info: MetricInfo, infos: dict[str, MetricInfo], region_wide: bool) -> str:
    if info.is_rate and info.numerator in infos and info.denominator in infos:
        return f"{infos[info.numerator].label}÷{infos[info.denominator].label}"
    if info.aggregation == "own" or not region_wide:
        way = "本级" if region_wide else "本单位"
        return f"{way}台账统计" if info.source == "computed" else f"{way}填报"
    if info.source == "computed":
        return "各单位台账统计汇总"
    return "各单位填报汇总"


def annex_rows(report, ctx) -> list[Row]:
    """Return the rows of the annex: the year's figures with a value that no section of ``report`` states.

    ``ctx``: the report's ``compose.Context`` (its catalog, this year's and last year's figures).
    """
    from fazhi.collection.rollup import speaks_for_region

    stated = {figure["metric"] for section in report.sections.all() for figure in section.figures}
    region_wide = speaks_for_region(report.agency)
    rows = []
    for code, info in sorted(ctx.infos.items(), key=lambda item: item[1].order):
        value = ctx.current.get(code)
        if value is None or code in stated:
            continue
        previous = ctx.previous.get(code)
        rows.append(Row(code, info.label, info.unit, _number(info, previous), _number(info, value),
                        _change(info, value, previous), _source(info, ctx.infos, region_wide)))
    return rows
