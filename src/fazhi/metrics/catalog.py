"""Load the shipped catalog (``data/catalog.json``) into the database, and export it.

``load_catalog()`` creates the metrics that are missing and, with ``update=True``, overwrites shipped
fields of existing ones; without it, what the administrator edited in the admin is kept.
"""

from __future__ import annotations

import json
from importlib.resources import files

from django.db import transaction

from fazhi.metrics.models import Metric

CATALOG_FILE = "catalog.json"
FIELDS = [
    "code", "label", "label_en", "unit", "kind", "topic", "aggregation", "source", "computed_by",
    "numerator", "denominator", "phrases", "sentence", "description", "introduced_year", "retired_year", "order",
]


def shipped() -> list[dict]:
    """Return the catalog entries shipped with fazhi, in order."""
    return json.loads(files("fazhi.metrics").joinpath("data", CATALOG_FILE).read_text(encoding="utf-8"))


@transaction.atomic
def load_catalog(entries: list[dict] | None = None, *, update: bool = False) -> tuple[int, int]:
    """Create missing metrics (and update existing ones when asked); return (created, updated)."""
    entries = shipped() if entries is None else entries
    created = updated = 0
    pending_links = []
    for index, entry in enumerate(entries):
        values = {k: v for k, v in entry.items() if k not in ("code", "numerator", "denominator")}
        values.setdefault("order", index)
        metric = Metric.objects.filter(code=entry["code"]).first()
        if metric is None:
            metric = Metric.objects.create(code=entry["code"], **values)
            created += 1
        elif update:
            for name, value in values.items():
                setattr(metric, name, value)
            metric.save()
            updated += 1
        else:
            continue
        if entry.get("numerator") or entry.get("denominator"):
            pending_links.append((metric, entry.get("numerator"), entry.get("denominator")))
    by_code = {m.code: m for m in Metric.objects.all()}
    for metric, numerator, denominator in pending_links:
        metric.numerator = by_code[numerator] if numerator else None
        metric.denominator = by_code[denominator] if denominator else None
        metric.full_clean()
        metric.save()
    return created, updated


def export_rows(queryset=None) -> list[dict]:
    """Return the catalog as plain rows (the format of ``data/catalog.json``)."""
    queryset = Metric.objects.select_related("numerator", "denominator") if queryset is None else queryset
    rows = []
    for metric in queryset:
        row = {name: getattr(metric, name) for name in FIELDS if name not in ("numerator", "denominator")}
        row["numerator"] = metric.numerator.code if metric.numerator_id else None
        row["denominator"] = metric.denominator.code if metric.denominator_id else None
        rows.append({name: row[name] for name in FIELDS})
    return rows
