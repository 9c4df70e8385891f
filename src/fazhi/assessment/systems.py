"""Indicator systems as versioned data: the files shipped in ``data/systems/`` loaded (``fazhi
load_indicator_systems``, idempotent), an office's workbook imported and a system exported in the same workbook, and
two systems' trees compared side by side.

A system's file is JSON: its metadata (``code``, ``family``, ``name``, ``edition_year``, ``kind``, ``issued_by``,
``has_points``, ``total_points``, ``is_draft``, ``note``, ``region``) and its ``indicators``, nested as printed:
first-level areas holding second-level items holding third-level indicators, each with its ``number`` (一、 / 1. /
（1）), ``title`` and, where it has them, ``points``, ``guidance``, ``metric`` (a code of the metric catalog),
``ledger`` (the key of the ledger whose records serve as evidence) and, for an area, ``category`` (the area a
rectification item found under it is filed in). Where the system carries points, every assessed indicator has its
points, an item's points are its indicators' and the total is theirs.

Loading is by ``code``: a file loaded before and unchanged leaves the system alone; a changed file rebuilds the tree
of a system no body has self-assessed on yet, and leaves one in use as it is (a new edition takes a new code).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.assessment.models import Finding, Indicator, IndicatorSystem

__all__ = [
    "SystemFileError", "compare", "export_workbook", "flatten", "import_workbook", "load_shipped", "load_system",
    "problems_of", "shipped",
]

DATA = ("data", "systems")
_CODE = re.compile(r"^[-a-z0-9_]{1,60}$")
MARKER = "fazhi-indicator-system-v1"


class SystemFileError(Exception):
    """A system's data that cannot be loaded; ``problems`` lists one message per fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def shipped() -> list[dict]:
    """The systems shipped with fazhi, in the order of their files' names."""
    folder = files("fazhi.assessment").joinpath(*DATA)
    return [json.loads(entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".json")]


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite() or number < 0 or number >= Decimal("10000") or number != number.quantize(
            Decimal("0.01")):
        raise ValueError(value)
    return number


def flatten(data: dict) -> list[dict]:
    """The tree of ``data`` as rows in printed order: key (its place, 2.3.1), level, parent key and its fields."""
    rows: list[dict] = []

    def walk(nodes, parent_key: str, level: int):
        for index, node in enumerate(nodes or (), start=1):
            key = f"{parent_key}.{index}" if parent_key else str(index)
            children = node.get("children") or []
            rows.append({"key": key, "parent": parent_key, "level": level, "number": str(node.get("number", "")),
                         "title": str(node.get("title", "")).strip(), "points": node.get("points"),
                         "guidance": str(node.get("guidance", "") or "").strip(),
                         "metric": str(node.get("metric", "") or "").strip(),
                         "ledger": str(node.get("ledger", "") or "").strip(),
                         "category": str(node.get("category", "") or "").strip(), "leaf": not children})
            walk(children, key, level + 1)

    walk(data.get("indicators"), "", 1)
    return rows


def _metric_codes() -> set[str]:
    from fazhi.metrics.catalog import shipped as shipped_metrics
    from fazhi.metrics.models import Metric

    return {entry["code"] for entry in shipped_metrics()} | set(Metric.objects.values_list("code", flat=True))


def problems_of(data: dict) -> list[str]:
    """What is wrong with a system's data, one message each (none: it loads)."""
    from fazhi.assessment.evidence import sources

    problems = []
    code = str(data.get("code", ""))
    if not _CODE.match(code):
        problems.append(_("The code “%(code)s” is not a code: lower-case letters, digits and hyphens, up to 60.")
                        % {"code": code})
    if not str(data.get("name", "")).strip():
        problems.append(_("The system has no name."))
    year = data.get("edition_year")
    if not isinstance(year, int) or not 1949 <= year <= 2100:
        problems.append(_("The edition year “%(year)s” is not a year.") % {"year": year})
    if data.get("kind") not in IndicatorSystem.Kind.values:
        problems.append(_("The kind “%(kind)s” is not one of %(kinds)s.") % {
            "kind": data.get("kind"), "kinds": ", ".join(IndicatorSystem.Kind.values)})
    rows = flatten(data)
    if not rows:
        problems.append(_("The system has no indicator."))
    has_points = bool(data.get("has_points"))
    metrics, ledgers = _metric_codes(), set(sources())
    points: dict[str, Decimal | None] = {}
    for row in rows:
        where = f"{row['number']}{row['title'][:30]} ({row['key']})"
        if row["level"] > 3:
            problems.append(_("%(where)s: a system has three levels at most.") % {"where": where})
        if not row["title"]:
            problems.append(_("%(where)s: the indicator has no title.") % {"where": row["key"]})
        if len(row["title"]) > 300 or len(row["number"]) > 20:
            problems.append(_("%(where)s: the title or number is too long.") % {"where": where})
        try:
            points[row["key"]] = _decimal(row["points"])
        except ValueError:
            problems.append(_("%(where)s: “%(points)s” is not a number of points.") % {
                "where": where, "points": row["points"]})
            points[row["key"]] = None
        if row["metric"] and row["metric"] not in metrics:
            problems.append(_("%(where)s: “%(metric)s” is not a metric of the catalog.") % {
                "where": where, "metric": row["metric"]})
        if row["ledger"] and row["ledger"] not in ledgers:
            problems.append(_("%(where)s: “%(ledger)s” is not a ledger.") % {"where": where, "ledger": row["ledger"]})
        if row["category"] and row["category"] not in Finding.Category.values:
            problems.append(_("%(where)s: “%(category)s” is not an area of the rectification ledger.") % {
                "where": where, "category": row["category"]})
        if has_points and row["leaf"] and points[row["key"]] is None:
            problems.append(_("%(where)s: the system carries points, and this indicator has none.") % {"where": where})
    if has_points and rows:
        for row in rows:
            children = [r for r in rows if r["parent"] == row["key"]]
            own = points.get(row["key"])
            if children and own is not None:
                total = sum((points.get(c["key"]) or Decimal(0) for c in children), Decimal(0))
                if total != own:
                    problems.append(_("%(where)s carries %(own)s points, its indicators %(total)s.") % {
                        "where": f"{row['number']}{row['title'][:30]}", "own": own, "total": total})
        total = sum((points.get(r["key"]) or Decimal(0) for r in rows if r["leaf"]), Decimal(0))
        try:
            declared = _decimal(data.get("total_points"))
        except ValueError:
            declared = None
        if declared != total:
            problems.append(_("The total is given as %(declared)s points; the indicators carry %(total)s.") % {
                "declared": data.get("total_points"), "total": total})
    return problems


def digest_of(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


@dataclass
class Loaded:
    system: IndicatorSystem
    outcome: str  # "created", "updated", "unchanged", "in use"


def _region(code: str):
    from fazhi.org.models import Region

    return Region.objects.filter(code=code).first() if code else None


@transaction.atomic
def load_system(data: dict, *, source: str = IndicatorSystem.Source.SHIPPED, by=None, region=None) -> Loaded:
    """Create or update the system of ``data`` (all or nothing: ``SystemFileError`` names every fault)."""
    problems = problems_of(data)
    if problems:
        raise SystemFileError(problems)
    digest = digest_of(data)
    region = region if region is not None else _region(str(data.get("region", "") or ""))
    values = {
        "family": str(data.get("family", "") or ""), "name": str(data["name"]).strip(),
        "edition_year": data["edition_year"], "kind": data["kind"], "issued_by": str(data.get("issued_by", "")),
        "has_points": bool(data.get("has_points")),
        "total_points": _decimal(data.get("total_points")) if data.get("has_points") else None,
        "is_draft": bool(data.get("is_draft")), "note": str(data.get("note", "") or ""), "source": source,
    }
    system = IndicatorSystem.objects.select_for_update().filter(code=data["code"]).first()
    if system is not None and system.digest == digest:
        if region is not None and system.region_id is None:
            system.region = region  # the region came into being after the first load (the demo province)
            system.save(update_fields=["region"])
        return Loaded(system, "unchanged")
    if system is not None and system.self_assessments.exists():
        return Loaded(system, "in use")
    outcome = "updated" if system is not None else "created"
    if system is None:
        system = IndicatorSystem(code=data["code"], created_by=by)
    for name, value in values.items():
        setattr(system, name, value)
    system.region = region
    system.digest = digest
    system.full_clean()
    system.save()
    system.indicators.all().delete()
    by_key: dict[str, Indicator] = {}
    rows = list(enumerate(flatten(data), start=1))
    for level in sorted({row["level"] for _position, row in rows}):  # a level at a time: its parents have ids
        made = Indicator.objects.bulk_create([
            Indicator(system=system, parent=by_key.get(row["parent"]), key=row["key"], level=row["level"],
                      number=row["number"], position=position, title=row["title"], points=_decimal(row["points"]),
                      guidance=row["guidance"], metric_code=row["metric"], ledger=row["ledger"],
                      category=row["category"], is_leaf=row["leaf"])
            for position, row in rows if row["level"] == level])
        by_key.update({indicator.key: indicator for indicator in made})
    return Loaded(system, outcome)


def load_shipped() -> list[Loaded]:
    """Load every system shipped with fazhi (idempotent)."""
    return [load_system(data) for data in shipped()]


# The office's workbook ---------------------------------------------------------------------------------------------


def columns() -> list[tuple[str, str, int, bool]]:
    """The workbook's columns from B: (field, heading, width, required)."""
    return [
        ("level", _("Level (1, 2 or 3)"), 10, True),
        ("number", _("Number as printed"), 12, False),
        ("title", _("Indicator"), 50, True),
        ("points", _("Points"), 10, False),
        ("guidance", _("Evidence guidance"), 40, False),
        ("metric", _("Metric code"), 24, False),
        ("ledger", _("Ledger"), 16, False),
    ]


def template_bytes() -> bytes:
    """The workbook an office fills in to import a system's tree."""
    from fazhi.ledgers.excel import FIRST_ROW, template

    return template(MARKER, str(_("Indicators")), str(_("Indicator system: import")), _(
        "One indicator per row from row %(row)d, in the order of the printed table: a first-level area (level 1), "
        "then its second-level items (level 2), each followed by its third-level indicators (level 3). Points only "
        "where the system carries them; a metric code from the metric catalog and a ledger key where the records "
        "of a ledger serve as evidence.") % {"row": FIRST_ROW}, columns())


def export_workbook(system: IndicatorSystem) -> bytes:
    """The system's tree in the import workbook (so that an export edited and uploaded again imports)."""
    from openpyxl import load_workbook

    from fazhi.ledgers.excel import FIRST_ROW, put_cell, save_workbook

    workbook = load_workbook(io.BytesIO(template_bytes()))
    ws = workbook.active
    put_cell(ws, 1, 2, system.name)
    for offset, indicator in enumerate(system.indicators.order_by("position")):
        values = [indicator.level, indicator.number, indicator.title,
                  float(indicator.points) if indicator.points is not None else None, indicator.guidance,
                  indicator.metric_code, indicator.ledger]
        for column, value in enumerate(values, start=2):
            put_cell(ws, FIRST_ROW + offset, column, value)
    return save_workbook(workbook)


@dataclass
class Imported:
    system: IndicatorSystem | None = None
    result: object = None  # fazhi.ledgers.excel.ImportResult
    problems: list[str] = field(default_factory=list)


def import_workbook(data: bytes, meta: dict, *, by, region=None) -> Imported:
    """Import a system from the office's workbook (``data``) with its metadata (``meta``: the import form's
    values): every row checked, nothing stored while one is wrong."""
    from fazhi.ledgers.excel import ImportResult, cell_text, read_rows, row_error

    result = ImportResult()
    cols = columns()
    rows = read_rows(data, MARKER, len(cols), result, _(
        "This workbook is not the indicator system workbook. Download the workbook, fill it in and upload that "
        "file."))
    outcome = Imported(result=result)
    if result.fatal:
        return outcome
    roots: list[dict] = []
    stack: list[dict] = []
    for index, cells in rows:
        texts = {name: cell_text(value) for (name, *_rest), value in zip(cols, cells, strict=True)}
        level = texts["level"]
        if level not in ("1", "2", "3"):
            result.errors.append(row_error(cols, index, "level", _("Give the level as 1, 2 or 3.")))
            continue
        level = int(level)
        if level > len(stack) + 1:
            result.errors.append(row_error(cols, index, "level", _(
                "A level-%(level)d indicator comes under a level-%(parent)d one: give the rows in the order of the "
                "printed table.") % {"level": level, "parent": level - 1}))
            continue
        if not texts["title"]:
            result.errors.append(row_error(cols, index, "title", _("Give the indicator's title.")))
            continue
        try:
            _decimal(texts["points"])
        except ValueError:
            result.errors.append(row_error(cols, index, "points", _("Give the points as a number, such as 2.5.")))
            continue
        node = {"number": texts["number"], "title": texts["title"], "points": texts["points"] or None,
                "guidance": texts["guidance"], "metric": texts["metric"], "ledger": texts["ledger"], "children": []}
        del stack[level - 1:]
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)
    if result.errors:
        return outcome
    payload = {**meta, "indicators": roots}
    if meta.get("total_points") is not None:
        payload["total_points"] = str(meta["total_points"])
    existing = IndicatorSystem.objects.filter(code=meta["code"]).first()
    if existing is not None and (existing.source != IndicatorSystem.Source.IMPORTED
                                 or existing.self_assessments.exists()):
        outcome.problems = [_(
            "The code %(code)s is an edition already in use or shipped with fazhi: give the new edition a code of "
            "its own.") % {"code": meta["code"]}]
        return outcome
    try:
        loaded = load_system(payload, source=IndicatorSystem.Source.IMPORTED, by=by, region=region)
    except SystemFileError as exc:
        outcome.problems = exc.problems
        return outcome
    outcome.system = loaded.system
    result.imported = loaded.system.indicators.count()
    return outcome


# Two systems side by side ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    left: Indicator | None
    right: Indicator | None
    how: str  # "metric", "title" or "" (only in one)


_NOISE = re.compile(r"[\s，。、；：,.;:（）()“”\"'《》]")


def _plain(title: str) -> str:
    return _NOISE.sub("", title)


def compare(left: IndicatorSystem, right: IndicatorSystem) -> list[Pair]:
    """The two trees side by side: each indicator of ``left`` in its order with the indicator of ``right`` at the
    same level that reads the same metric (else bears the same title), then those of ``right`` left unmatched."""
    lefts = list(left.indicators.order_by("position"))
    rights = list(right.indicators.order_by("position"))
    taken: set[int] = set()
    matches: dict[int, tuple[Indicator, str]] = {}
    for how, key in (("metric", lambda i: i.metric_code), ("title", lambda i: _plain(i.title))):
        index: dict[tuple, Indicator] = {}
        for indicator in rights:
            value = key(indicator)
            if value and indicator.pk not in taken:
                index.setdefault((indicator.level, value), indicator)
        for indicator in lefts:
            if indicator.pk in matches:
                continue
            found = index.get((indicator.level, key(indicator))) if key(indicator) else None
            if found is not None and found.pk not in taken:
                matches[indicator.pk] = (found, how)
                taken.add(found.pk)
    pairs = [Pair(i, *matches[i.pk]) if i.pk in matches else Pair(i, None, "") for i in lefts]
    pairs += [Pair(None, i, "") for i in rights if i.pk not in taken]
    return pairs


def shape(system: IndicatorSystem) -> dict[int, int]:
    """How many indicators the system has at each level."""
    from django.db.models import Count

    return dict(system.indicators.values_list("level").annotate(n=Count("pk")).order_by("level"))
