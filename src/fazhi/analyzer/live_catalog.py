"""The metric catalog as the administrator keeps it (``fazhi.metrics.models.Metric``), for the app's analyses.

The library maps figures by the catalog file shipped with fazhi (the CLI and ``make bench-analyzer`` stay
so); in the app a phrase added in the admin, or a metric retired from a year on, must count. This module
reads the Metric rows as plain dicts of the file's format and hands them to ``metrics.CatalogMappers``.
"""

from __future__ import annotations

import hashlib
import json
import threading

from fazhi.analyzer.metrics import CatalogMappers, shipped_entries

#: The Metric fields the mapper reads, as catalog.json names them.
FIELDS = ("code", "label", "unit", "kind", "topic", "phrases", "order", "introduced_year", "retired_year")

_lock = threading.Lock()
_cached: tuple[str, CatalogMappers] | None = None


def catalog_entries() -> list[dict]:
    """Return the database's metrics as catalog entries; the shipped catalog while none is loaded yet."""
    from fazhi.metrics.models import Metric

    entries = [dict(row) for row in Metric.objects.order_by("order", "code").values(*FIELDS)]
    if not entries:
        # A fresh installation before `fazhi metrics load`: the file the database would be loaded from.
        entries = shipped_entries()
    return entries


def catalog_mappers() -> CatalogMappers:
    """Return the mappers of the live catalog, rebuilt only when the catalog changed (one query per call).

    The key is a digest of the rows themselves, so any edit in the admin (a phrase, a retirement year)
    is seen by the next batch, in every process, without a timestamp on the metrics.
    """
    global _cached
    entries = catalog_entries()
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    with _lock:
        if _cached is not None and _cached[0] == digest:
            return _cached[1]
    mappers = CatalogMappers(entries)
    with _lock:
        _cached = (digest, mappers)
    return mappers
