"""Load China's administrative divisions (GB/T 2260) into :class:`~fazhi.org.models.Region`.

Two kinds of file are loaded:

* the country file shipped in ``data/regions_gbt2260.csv`` (provinces, cities and counties;
  columns ``code,name,level,parent_code``), see ``data/SOURCE.md``;
* a township file (乡镇/街道; columns ``code,name,parent_code``) with 9-digit codes (12-digit
  codes ending in ``000`` are accepted and shortened to 9 digits): the one shipped in
  ``data/townships.csv.gz``, or a deployment's own. A file may be gzip-compressed.

Both loads are idempotent upserts by code: a second run with the same file changes nothing.
Regions are never deleted, since agencies and ledgers refer to them.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.org import identity
from fazhi.org.models import Region

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRY_FILE = DATA_DIR / "regions_gbt2260.csv"
TOWNSHIP_FILE = DATA_DIR / "townships.csv.gz"

Level = Region.Level
# Plain strings as keys: a TextChoices member does not hash like its value.
LEVEL_RANK = {Level.PROVINCE.value: 0, Level.CITY.value: 1, Level.COUNTY.value: 2, Level.TOWNSHIP.value: 3}
COUNTRY_COLUMNS = ("code", "name", "level", "parent_code")
TOWNSHIP_COLUMNS = ("code", "name", "parent_code")
NAME_MAX_LENGTH = Region._meta.get_field("name").max_length
BATCH_SIZE = 500


class RegionSpec(NamedTuple):
    """One region as a file describes it."""

    code: str
    name: str
    level: str
    parent_code: str  # "" for a province


@dataclass(frozen=True)
class RowError:
    """A problem with one row of a file; ``row`` is the line number in the file (the header is line 1)."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)  # rows skipped with ``skip_errors``


class RegionFileError(ValueError):
    """A file has errors; nothing was loaded."""

    def __init__(self, path, errors: list[RowError]):
        self.path = path
        self.errors = errors
        super().__init__("\n".join([str(path), *map(str, errors)]))


# Reading --------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without a BOM), falling back to GB 18030 for files saved by Excel."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _read_rows(path, columns: tuple[str, ...]) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """Return ``(line number, {column: value})`` for each non-blank row, and row errors.

    A header row naming the columns is optional; without one the columns are taken in order.
    Missing trailing cells read as empty; extra columns are an error without a header and
    ignored with one.
    """
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":  # gzip
        data = gzip.decompress(data)
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, errors = [], []
    order: list[str] | None = None
    for cells in reader:
        line = reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if order is None:
            header = [c.lower() for c in cells]
            if header[0] == "code":
                missing = [c for c in columns if c not in header]
                if missing:
                    errors.append(RowError(line, _("the header lacks the column(s) %(columns)s") % {
                        "columns": ", ".join(missing)}))
                    return [], errors
                order = header
                continue
            order = list(columns)
        if order == list(columns) and len(cells) > len(columns):
            errors.append(RowError(line, _("expected %(expected)d columns (%(columns)s), found %(found)d") % {
                "expected": len(columns), "columns": ", ".join(columns), "found": len(cells)}))
            continue
        values = dict(zip(order, cells, strict=False))
        rows.append((line, {c: values.get(c, "") for c in columns}))
    return rows, errors


def _check_name(name: str) -> str | None:
    if not name:
        return _("the name is empty")
    if len(name) > NAME_MAX_LENGTH:
        return _("the name is longer than %(max)d characters") % {"max": NAME_MAX_LENGTH}
    return None


def read_country_file(path=None) -> list[RegionSpec]:
    """Parse and check a country file; raise :class:`RegionFileError` listing every bad row."""
    path = COUNTRY_FILE if path is None else Path(path)
    rows, errors = _read_rows(path, COUNTRY_COLUMNS)
    specs: dict[str, tuple[int, RegionSpec]] = {}
    for line, row in rows:
        spec = RegionSpec(row["code"], row["name"], row["level"].lower(), row["parent_code"])
        problem = None
        if not (len(spec.code) == 6 and spec.code.isdigit()):
            problem = _("the code %(code)s is not 6 digits") % {"code": spec.code or '""'}
        elif spec.level not in (Level.PROVINCE.value, Level.CITY.value, Level.COUNTY.value):
            problem = _("the level %(level)s is not one of province, city, county") % {
                "level": spec.level or '""'}
        elif spec.code in specs:
            problem = _("the code %(code)s appears again (first on row %(row)d)") % {
                "code": spec.code, "row": specs[spec.code][0]}
        elif spec.level == Level.PROVINCE and spec.parent_code:
            problem = _("a province must not have a parent code")
        elif spec.level == Level.PROVINCE and not spec.code.endswith("0000"):
            problem = _("a province code must end in 0000")
        elif spec.level == Level.CITY and not spec.code.endswith("00"):
            problem = _("a city code must end in 00")
        elif spec.level != Level.PROVINCE and spec.parent_code[:2] != spec.code[:2]:
            problem = _("the parent code %(parent)s is not in the same province as %(code)s") % {
                "parent": spec.parent_code or '""', "code": spec.code}
        else:
            problem = _check_name(spec.name)
        if problem:
            errors.append(RowError(line, problem))
        else:
            specs[spec.code] = (line, spec)
    for line, spec in specs.values():
        if not spec.parent_code:
            continue
        parent = specs.get(spec.parent_code)
        if parent is None:
            errors.append(RowError(line, _("the parent %(parent)s of %(code)s is not in the file") % {
                "parent": spec.parent_code, "code": spec.code}))
        elif LEVEL_RANK[parent[1].level] >= LEVEL_RANK[spec.level]:
            errors.append(RowError(line, _("the parent %(parent)s is not at a higher level than %(code)s") % {
                "parent": spec.parent_code, "code": spec.code}))
    if errors:
        raise RegionFileError(path, sorted(errors, key=lambda e: e.row))
    return [spec for _line, spec in specs.values()]


def read_township_file(path) -> tuple[list[RegionSpec], list[RowError]]:
    """Parse and check a township file against the regions in the database.

    Return the good rows and the errors. A township's parent must be a county, or a city
    that has no counties (东莞市, 中山市, 儋州市, 嘉峪关市); its code starts with the parent's code.
    """
    rows, errors = _read_rows(path, TOWNSHIP_COLUMNS)
    levels = dict(Region.objects.filter(level__in=[Level.CITY, Level.COUNTY]).values_list("code", "level"))
    cities_with_counties = set(
        Region.objects.filter(level=Level.COUNTY, parent__isnull=False).values_list("parent__code", flat=True)
    )
    seen: dict[str, int] = {}
    specs = []
    for line, row in rows:
        code, name, parent_code = row["code"], row["name"], row["parent_code"]
        problem = None
        if not (code.isdigit() and len(code) in (9, 12)):
            problem = _("the code %(code)s is not 9 or 12 digits") % {"code": code or '""'}
        elif len(code) == 12 and not code.endswith("000"):
            problem = _("the 12-digit code %(code)s does not end in 000, so it is not a township") % {
                "code": code}
        if problem is None:
            code = code[:9]
            parent_code = parent_code or code[:6]
            parent_level = levels.get(parent_code)
            if not (parent_code.isdigit() and len(parent_code) == 6):
                problem = _("the parent code %(parent)s is not 6 digits") % {"parent": parent_code}
            elif code in seen:
                problem = _("the code %(code)s appears again (first on row %(row)d)") % {
                    "code": code, "row": seen[code]}
            elif parent_level is None:
                problem = _("the parent county %(parent)s does not exist; load the country file first") % {
                    "parent": parent_code}
            elif parent_level == Level.CITY and parent_code in cities_with_counties:
                problem = _("the parent %(parent)s is a city with counties; give the county instead") % {
                    "parent": parent_code}
            elif not code.startswith(parent_code):
                problem = _("the code %(code)s does not start with its parent's code %(parent)s") % {
                    "code": code, "parent": parent_code}
            else:
                problem = _check_name(name)
        if problem:
            errors.append(RowError(line, problem))
        else:
            seen[code] = line
            specs.append(RegionSpec(code, name, Level.TOWNSHIP.value, parent_code))
    return specs, errors


# Loading --------------------------------------------------------------------------------------


def _progress(iterable, *, total: int, stdout, desc: str):
    """Wrap ``iterable`` in a tqdm progress bar when ``stdout`` is a terminal."""
    if stdout is None or not getattr(stdout, "isatty", lambda: False)():
        return iterable
    from tqdm import tqdm

    # Django's OutputWrapper appends a newline to every write; tqdm needs the raw stream.
    stream = getattr(stdout, "_out", stdout)
    return tqdm(iterable, total=total, desc=desc, file=stream, unit=_("rows"), leave=False)


def _assign_missing_pks(objs: list[Region]) -> None:
    """Set primary keys after bulk_create on databases that do not return them."""
    missing = {o.code: o for o in objs if o.pk is None}
    if missing:
        codes = list(missing)
        for start in range(0, len(codes), BATCH_SIZE):
            chunk = codes[start:start + BATCH_SIZE]
            for code, pk in Region.objects.filter(code__in=chunk).values_list("code", "pk"):
                missing[code].pk = pk


def _repair_paths() -> int:
    """Recompute every path from the parent links; return how many changed.

    Needed when a region moved or got a new code path: its descendants that are not in
    the loaded file (e.g. townships) keep a stale path otherwise.
    """
    nodes = list(Region.objects.values_list("pk", "parent_id", "code", "path"))
    children = defaultdict(list)
    for node in nodes:
        children[node[1]].append(node)
    stale = []
    stack = [(node, "/") for node in children[None]]
    while stack:
        (pk, _parent, code, path), prefix = stack.pop()
        wanted = f"{prefix}{code}/"
        if path != wanted:
            stale.append(Region(pk=pk, path=wanted))
        stack.extend((child, wanted) for child in children[pk])
    Region.objects.bulk_update(stale, ["path"], batch_size=BATCH_SIZE)
    return len(stale)


def _upsert(specs: list[RegionSpec], *, stdout=None, desc: str = "") -> LoadResult:
    """Create or update ``specs`` by code, parents first; parents must exist or be in ``specs``."""
    result = LoadResult()
    specs = sorted(specs, key=lambda s: (LEVEL_RANK[s.level], s.code))
    # Plain tuples, not model instances: building ~40,000 of those would take most of a reload's time.
    existing = {
        code: (pk, name, level, parent_id, path)
        for pk, code, name, level, parent_id, path in Region.objects.values_list(
            "pk", "code", "name", "level", "parent_id", "path"
        )
    }
    known = {code: (row[0], row[4]) for code, row in existing.items()}  # code -> (pk, path) for the children
    moved = False
    with transaction.atomic():
        for rank in sorted({LEVEL_RANK[s.level] for s in specs}):
            batch = [s for s in specs if LEVEL_RANK[s.level] == rank]
            to_create, to_update = [], []
            for spec in _progress(batch, total=len(batch), stdout=stdout, desc=desc):
                parent_id, parent_path = known[spec.parent_code] if spec.parent_code else (None, "/")
                path = f"{parent_path}{spec.code}/"
                row = existing.get(spec.code)
                if row is None:
                    to_create.append(Region(code=spec.code, name=spec.name, level=spec.level,
                                            parent_id=parent_id, path=path))
                elif row[1:] == (spec.name, spec.level, parent_id, path):
                    result.unchanged += 1
                else:
                    moved = moved or row[4] != path
                    to_update.append(Region(pk=row[0], code=spec.code, name=spec.name, level=spec.level,
                                            parent_id=parent_id, path=path))
                    known[spec.code] = (row[0], path)
            # bulk_create/bulk_update skip Region.save(), so the paths above are set by hand.
            Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            _assign_missing_pks(to_create)
            known.update((r.code, (r.pk, r.path)) for r in to_create)
            Region.objects.bulk_update(to_update, ["name", "level", "parent", "path"], batch_size=BATCH_SIZE)
            result.created += len(to_create)
            result.updated += len(to_update)
        if moved:
            _repair_paths()
        if result.updated or moved:
            identity.changed()  # bulk_update sends no signal; a region's path decides who reads what
    return result


def load_regions(path=None, *, stdout=None) -> LoadResult:
    """Load the country file (the shipped GB/T 2260 list unless ``path`` is given).

    Raise :class:`RegionFileError` without loading anything if the file has errors.
    """
    specs = read_country_file(path)
    return _upsert(specs, stdout=stdout, desc=_("Regions"))


def load_townships(csv_path=None, *, skip_errors: bool = False, stdout=None) -> LoadResult:
    """Load a township file: the shipped one (``data/townships.csv.gz``) unless ``csv_path`` is given.

    If rows have errors, raise :class:`RegionFileError` and load nothing, unless ``skip_errors``:
    then load the good rows and return the errors in ``LoadResult.errors``.
    """
    csv_path = TOWNSHIP_FILE if csv_path is None else csv_path
    specs, errors = read_township_file(csv_path)
    if errors and not skip_errors:
        raise RegionFileError(csv_path, errors)
    result = _upsert(specs, stdout=stdout, desc=_("Townships"))
    result.errors = errors
    return result
