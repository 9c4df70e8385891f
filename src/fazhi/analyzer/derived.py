"""Rates a report does not state but gives both counts of: 审结30件 of 受理35件 → 审结率; 纠错5件 of 审结30件 → 纠错率.

A catalog rate with a formula (``numerator`` / ``denominator``, both catalog counts: 行政复议纠错率 =
reconsideration_corrected / reconsideration_decided) is derived when

- the report states no figure mapped to the rate itself (a stated rate always wins),
- figures mapped to both counts stand in one paragraph (no line break between them), the first such pair
  in the text, the nearest denominator to the numerator when there are several, and
- the denominator is above zero and not below the numerator.

The rate is ``numerator / denominator × 100`` in per cent, rounded to two decimals, as ``fazhi.collection.rollup``
computes a rate from its parts. Derived rates are listed apart from the stated figures (``derived`` in the
result, each marked ``"derived": true`` with both counts' values and positions as its evidence), so they never
pass for something the report says.
"""

from __future__ import annotations

from fazhi.analyzer.metrics import MetricMapper, default_mapper

__all__ = ["derive_rates"]


def derive_rates(indicators: list[dict], text: str, mapper: MetricMapper | None = None) -> list[dict]:
    """Return the rates derived from ``indicators`` (dicts as ``Indicator.as_dict`` gives them, offsets into
    ``text``), in catalog order (see the module's docstring)."""
    by_metric: dict[str, list[dict]] = {}
    for ind in indicators:
        code = ind.get("metric")
        if code:
            by_metric.setdefault(code, []).append(ind)
    if len(by_metric) < 2:
        return []
    mapper = mapper or default_mapper()
    out = []
    for metric in mapper.formulas:
        if metric.code in by_metric:
            continue
        numerators, denominators = by_metric.get(metric.numerator), by_metric.get(metric.denominator)
        if not numerators or not denominators:
            continue
        pair = _first_pair(numerators, denominators, text)
        if pair is None:
            continue
        num, den = pair
        out.append(
            {
                "metric": metric.code,
                "label": metric.label,
                "value": _rate(num["value"], den["value"]),
                "unit": "%",
                "derived": True,
                "numerator": _evidence(num),
                "denominator": _evidence(den),
                "start": min(num["start"], den["start"]),
                "end": max(num["end"], den["end"]),
            }
        )
    return out


def _first_pair(numerators: list[dict], denominators: list[dict], text: str) -> tuple[dict, dict] | None:
    for num in sorted(numerators, key=lambda i: i["start"]):
        same = [
            den
            for den in denominators
            if den is not num
            and den["value"] > 0
            and num["value"] <= den["value"]
            and "\n" not in text[min(num["start"], den["start"]) : max(num["end"], den["end"])]
        ]
        if same:
            return num, min(same, key=lambda den: abs(den["start"] - num["start"]))
    return None


def _rate(numerator: float, denominator: float) -> float | int:
    value = round(float(numerator) * 100 / float(denominator), 2)
    return int(value) if value.is_integer() else value


def _evidence(ind: dict) -> dict:
    return {
        "metric": ind.get("metric"),
        "value": ind.get("value"),
        "unit": ind.get("unit"),
        "quote": ind.get("quote"),
        "start": ind.get("start"),
        "end": ind.get("end"),
    }
