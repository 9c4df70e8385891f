"""Rank the reports of a comparison on one metric, with the caveats a reader must see beside each place.

Plain Python (no Django), like the rest of the analyzer. A ranking is only as fair as its figures, so each entry
says what weakens it:

- ``missing``: the report gives no figure for the metric; it is listed after the ranked ones, unranked (a report
  that is silent is not last, it is unknown);
- ``derived``: the figure is a rate worked out from two counts the report gives, not stated by it;
- ``tie``: the same figure as another report, so the same place (competition ranking: 1, 2, 2, 4);
- ``neutral``: the catalog does not say whether more is better, so the order is by size only.

``better`` is the catalog's word for the metric: ``higher``, ``lower`` or anything else (neutral: ranked highest
first, every entry marked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: The caveats, in the order they are shown.
CAVEATS = ("missing", "derived", "tie", "neutral")


@dataclass
class Entry:
    """One report's place: ``rank`` None when it has no figure."""

    row: Any
    value: float | None
    rank: int | None = None
    caveats: list[str] = field(default_factory=list)


def rank(rows: Iterable[Any], code: str, better: str = "higher") -> list[Entry]:
    """Return the rows (``compare.Row``-like: ``values``, ``derived``) ranked on ``code``: ranked entries first, best
    first, then the unranked ones in their given order."""
    entries = [Entry(row, row.values.get(code)) for row in rows]
    known = [e for e in entries if e.value is not None]
    known.sort(key=lambda e: e.value, reverse=better != "lower")
    counts: dict[float, int] = {}
    for entry in known:
        counts[entry.value] = counts.get(entry.value, 0) + 1
    place = 0
    previous = None
    for index, entry in enumerate(known, start=1):
        if entry.value != previous:
            place, previous = index, entry.value
        entry.rank = place
        if code in getattr(entry.row, "derived", ()):
            entry.caveats.append("derived")
        if counts[entry.value] > 1:
            entry.caveats.append("tie")
        if better not in ("higher", "lower"):
            entry.caveats.append("neutral")
    missing = [e for e in entries if e.value is None]
    for entry in missing:
        entry.caveats.append("missing")
    return known + missing
