"""Load the catalog (``data/catalog.json`` or a file in its format) into the database, and export it.

``load_catalog()`` creates the metrics that are missing and, with ``update=True``, overwrites the fields of
existing ones with the file's; without it, what the administrator edited in the admin is kept. A load is
all or nothing: every entry is checked first, and one bad entry leaves the database as it was, with a
``CatalogError`` that names each bad entry and what is wrong with it.

``export_rows()`` gives the catalog back in the same format, so ``fazhi metrics export --format json``
writes a file that ``fazhi metrics load --file`` reads.
"""

from __future__ import annotations

import csv
import io
import json
import re
from importlib.resources import files
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.metrics.models import BodyKind, Metric, Topic

__all__ = [
    "CatalogError", "FIELDS", "catalog_queryset", "export_rows", "load_catalog", "read_catalog_file", "shipped",
    "to_csv", "to_json", "to_xlsx",
]

CATALOG_FILE = "catalog.json"
FIELDS = [
    "code", "label", "label_en", "unit", "kind", "topic", "aggregation", "applies_to", "bounds", "breakdown", "better",
    "source",
    "computed_by",
    "numerator", "denominator", "phrases", "sentence", "description", "introduced_year", "retired_year", "order",
]
REQUIRED = ("code", "label", "unit", "kind", "topic")
_CODE = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
_LINKS = ("numerator", "denominator")


class CatalogError(Exception):
    """A catalog file or entry that cannot be loaded; ``problems`` lists one message per fault."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def shipped() -> list[dict]:
    """Return the catalog entries shipped with fazhi, in order."""
    return json.loads(files("fazhi.metrics").joinpath("data", CATALOG_FILE).read_text(encoding="utf-8"))


def read_catalog_file(path: str | Path) -> list[dict]:
    """Return the entries of a catalog file in the JSON format of ``data/catalog.json``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogError([_("%(path)s: no such file.") % {"path": path}]) from None
    except UnicodeDecodeError:
        raise CatalogError([_("%(path)s: not a UTF-8 text file (a catalog is JSON, as written by "
                              "“fazhi metrics export --format json”).") % {"path": path}]) from None
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError([_("%(path)s: not valid JSON at line %(line)s, column %(column)s: %(error)s.")
                            % {"path": path, "line": exc.lineno, "column": exc.colno, "error": exc.msg}]) from None
    if not isinstance(entries, list):
        raise CatalogError([_("%(path)s: a catalog is a JSON list of metrics, one object per metric.")
                            % {"path": path}])
    return entries


def _where(index: int, entry) -> str:
    code = entry.get("code") if isinstance(entry, dict) else None
    return (_("entry %(number)s (%(code)s)") % {"number": index + 1, "code": code} if code
            else _("entry %(number)s") % {"number": index + 1})


def _check_entries(entries: list) -> list[str]:
    """Return the problems of the entries that can be told without the database (one message each)."""
    problems = []
    seen: dict[str, int] = {}
    choices = {"kind": Metric.Kind.values, "topic": Topic.values, "aggregation": Metric.Aggregation.values,
               "better": Metric.Better.values,
               "source": Metric.Source.values}
    for index, entry in enumerate(entries):
        where = _where(index, entry)
        if not isinstance(entry, dict):
            problems.append(_("%(where)s: not an object with the metric's fields.") % {"where": where})
            continue
        unknown = sorted(set(entry) - set(FIELDS))
        if unknown:
            problems.append(_("%(where)s: unknown field(s) %(fields)s; the fields are %(known)s.")
                            % {"where": where, "fields": ", ".join(unknown), "known": ", ".join(FIELDS)})
        for name in REQUIRED:
            if entry.get(name) in (None, ""):
                problems.append(_("%(where)s: “%(field)s” is missing.") % {"where": where, "field": name})
        code = entry.get("code")
        if isinstance(code, str) and code:
            if not _CODE.match(code):
                problems.append(_("%(where)s: the code may hold only letters, digits, “_” and “-” "
                                  "(at most 60).") % {"where": where})
            if code in seen:
                problems.append(_("%(where)s: the code %(code)s is already used by entry %(number)s.")
                                % {"where": where, "code": code, "number": seen[code] + 1})
            seen.setdefault(code, index)
        for name, allowed in choices.items():
            value = entry.get(name)
            if value not in (None, "") and value not in allowed:
                problems.append(_("%(where)s: %(field)s “%(value)s” is not one of %(allowed)s.")
                                % {"where": where, "field": name, "value": value, "allowed": ", ".join(allowed)})
        phrases = entry.get("phrases", [])
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            problems.append(_("%(where)s: “phrases” must be a list of words.") % {"where": where})
        kinds = entry.get("applies_to") or []
        if not isinstance(kinds, list) or not set(kinds) <= set(BodyKind.values):
            problems.append(_("%(where)s: “applies_to” must be a list of body kinds among %(allowed)s.")
                            % {"where": where, "allowed": ", ".join(BodyKind.values)})
        for name in ("introduced_year", "retired_year", "order"):
            value = entry.get(name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                problems.append(_("%(where)s: “%(field)s” must be a whole number.") % {"where": where, "field": name})
    return problems


def _values(entry: dict, index: int) -> dict:
    values = {k: v for k, v in entry.items() if k not in ("code", *_LINKS)}
    for name in ("label_en", "computed_by", "sentence", "description"):
        if values.get(name) is None:
            values[name] = ""
    values.setdefault("phrases", [])
    values["applies_to"] = values.get("applies_to") or []
    values["bounds"] = values.get("bounds") or []
    values["breakdown"] = values.get("breakdown") or []
    values["better"] = values.get("better") or ""
    values.setdefault("introduced_year", 2021)
    values.setdefault("retired_year", None)
    if values.get("order") is None:
        values["order"] = index + 1
    if not values.get("source"):
        values["source"] = Metric.Source.COMPUTED if values.get("computed_by") else Metric.Source.COLLECTED
    if not values.get("aggregation"):
        if values.get("kind") == Metric.Kind.RATE:
            values["aggregation"] = Metric.Aggregation.RATIO if entry.get("numerator") else Metric.Aggregation.NONE
        else:
            values["aggregation"] = Metric.Aggregation.SUM
    return values


@transaction.atomic
def load_catalog(entries: list[dict] | None = None, *, update: bool = False) -> tuple[int, int]:
    """Create missing metrics (and update existing ones when asked); return (created, updated).

    Raises ``CatalogError`` listing every bad entry; nothing is written then.
    """
    entries = shipped() if entries is None else entries
    if not isinstance(entries, list):
        raise CatalogError([_("A catalog is a list of metrics, one object per metric.")])
    problems = _check_entries(entries)
    if problems:
        raise CatalogError(problems)
    existing = {m.code: m for m in Metric.objects.all()}
    known_codes = set(existing) | {e["code"] for e in entries}
    for index, entry in enumerate(entries):
        for name in _LINKS:
            if entry.get(name) and entry[name] not in known_codes:
                problems.append(_("%(where)s: the %(field)s %(code)s is not a metric of the catalog.")
                                % {"where": _where(index, entry), "field": name, "code": entry[name]})
        named = [c for group in entry.get("bounds") or [] if isinstance(group, list) for c in group]
        named += [c for c in entry.get("breakdown") or [] if isinstance(c, str)]
        for code in named:
            if code not in known_codes:
                problems.append(_("%(where)s: the rule names %(code)s, which is not a metric of the catalog.")
                                % {"where": _where(index, entry), "code": code})
    if problems:
        raise CatalogError(problems)

    created = updated = 0
    touched: list[tuple[int, dict, Metric]] = []
    for index, entry in enumerate(entries):
        values = _values(entry, index)
        metric = existing.get(entry["code"])
        if metric is None:
            metric = Metric(code=entry["code"], **values)
            metric.save()
            existing[metric.code] = metric
            created += 1
        elif update:
            before = {name: getattr(metric, name) for name in values}
            before.update({name: getattr(metric, f"{name}_id") for name in _LINKS})
            for name, value in values.items():
                setattr(metric, name, value)
            metric.save()
            touched.append((index, entry, metric))
            metric._before = before  # compared once the links are set
            continue
        else:
            continue
        touched.append((index, entry, metric))

    for index, entry, metric in touched:
        for name in _LINKS:
            code = entry.get(name)
            setattr(metric, name, existing[code] if code else None)
        try:
            metric.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = "" if field == "__all__" else f"{field}: "
                problems.extend(f"{_where(index, entry)}: {label}{message}" for message in messages)
            continue
        metric.save()
        before = getattr(metric, "_before", None)
        if before is not None:
            after = {name: getattr(metric, name) for name in before if name not in _LINKS}
            after.update({name: getattr(metric, f"{name}_id") for name in _LINKS})
            updated += after != before
    if problems:
        raise CatalogError(problems)
    return created, updated


def catalog_queryset(year: int | None = None):
    """Return the metrics (in force in ``year`` when given) in the report's topic order."""
    queryset = Metric.objects.select_related("numerator", "denominator")
    if year is not None:
        queryset = queryset.for_year(year)
    return queryset.in_topic_order()


def export_rows(queryset=None) -> list[dict]:
    """Return the catalog as plain rows (the format of ``data/catalog.json``)."""
    queryset = catalog_queryset() if queryset is None else queryset
    rows = []
    for metric in queryset:
        row = {name: getattr(metric, name) for name in FIELDS if name not in _LINKS}
        row["numerator"] = metric.numerator.code if metric.numerator_id else None
        row["denominator"] = metric.denominator.code if metric.denominator_id else None
        rows.append({name: row[name] for name in FIELDS})
    return rows


# -- file formats ---------------------------------------------------------------------------------------

PHRASE_SEPARATOR = "；"


def _table_header() -> list[str]:
    names = {
        "code": _("Code"), "label": _("Label (Chinese)"), "label_en": _("Label (English)"), "unit": _("Unit"),
        "kind": _("Kind"), "topic": _("Topic"), "aggregation": _("Aggregation"),
        "applies_to": _("Applies to"), "bounds": _("Upper bound of"), "breakdown": _("Breakdown"),
        "better": _("Better when"), "source": _("Source"),
        "computed_by": _("Computed by"), "numerator": _("Numerator"), "denominator": _("Denominator"),
        "phrases": _("Phrases"), "sentence": _("Sentence pattern"), "description": _("Description"),
        "introduced_year": _("First reporting year"), "retired_year": _("Retired from year"), "order": _("Order"),
    }
    return [names[name] for name in FIELDS]


def _table_rows(rows: list[dict]) -> list[list]:
    displays = {
        "kind": dict(Metric.Kind.choices), "topic": dict(Topic.choices),
        "aggregation": dict(Metric.Aggregation.choices),
        "better": dict(Metric.Better.choices), "source": dict(Metric.Source.choices),
    }
    kinds = dict(BodyKind.choices)
    table = []
    for row in rows:
        line = []
        for name in FIELDS:
            value = row[name]
            if name in displays:
                value = str(displays[name].get(value, value))
            elif name == "phrases":
                value = PHRASE_SEPARATOR.join(value)
            elif name == "bounds":
                value = PHRASE_SEPARATOR.join("+".join(group) for group in value)
            elif name == "breakdown":
                value = "+".join(value)
            elif name == "applies_to":
                value = PHRASE_SEPARATOR.join(str(kinds.get(kind, kind)) for kind in value) or _("every kind")
            line.append("" if value is None else value)
        table.append(line)
    return table


def to_json(rows: list[dict]) -> str:
    """Return the rows as the JSON of ``data/catalog.json`` (readable by ``load_catalog``)."""
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: list[dict]) -> str:
    """Return the rows as CSV with a header row, starting with a BOM so that Excel reads the Chinese."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(_table_header())
    writer.writerows(_table_rows(rows))
    return out.getvalue()


def to_xlsx(rows: list[dict], *, title: str | None = None) -> bytes:
    """Return the rows as an Excel workbook: a bold, frozen header row, then one metric per row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = (title or _("Metric catalog"))[:31]
    sheet.append(_table_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in _table_rows(rows):
        sheet.append(line)
    sheet.freeze_panes = "B2"
    widths = {"code": 34, "label": 26, "label_en": 36, "phrases": 48, "sentence": 40, "description": 30}
    for column, name in enumerate(FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(name, 14)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
