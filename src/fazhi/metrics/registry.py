"""Ledger computations that fill catalog metrics (``Metric.source == computed``).

A ledger app registers, in its ``AppConfig.ready()``::

    registry.register("normative.issued", count_issued, records_url=issued_url)

``func(agency_ids, year)`` returns ``{agency_id: value}`` for the agencies asked about (an agency with
nothing to count may be left out: it counts 0). ``records_url(agency, year)`` links to the records behind
the figure. The collection app fills computed metrics through ``compute()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Computation", "compute", "get", "register", "registered", "unregister"]


@dataclass(frozen=True)
class Computation:
    key: str
    func: Callable[[list[int], int], dict[int, Decimal | int]]
    records_url: Callable[[object, int], str] | None = None


_computations: dict[str, Computation] = {}


def register(key: str, func, *, records_url=None) -> Computation:
    computation = Computation(key, func, records_url)
    _computations[key] = computation
    return computation


def unregister(key: str) -> None:
    _computations.pop(key, None)


def get(key: str) -> Computation | None:
    return _computations.get(key)


def registered() -> list[str]:
    return sorted(_computations)


def compute(key: str, agency_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """Return ``{agency_id: value}`` for every agency asked about; 0 where the ledger holds nothing."""
    computation = _computations[key]
    ids = list(agency_ids)
    found = computation.func(ids, year)
    return {agency_id: Decimal(found.get(agency_id, 0)) for agency_id in ids}
