"""Walk an uploaded .xlsx once, streaming, and stop at the first limit it passes; nothing is kept but a few refs.

A pure module (no Django). Before openpyxl loads a workbook (it reads the shared strings and styles whole),
``scan_workbook`` checks the zip's directory (``fazhi.core.unpack.check_zip``), then streams the shared
strings and each worksheet's XML: the sheet's declared ``<dimension>`` first, then row by row, counting rows,
columns, cells and characters per cell, and noting the formula cells that carry no computed value. Each
element is dropped once read, so memory stays flat whatever the file declares.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from fazhi.core.unpack import Budget, LimitExceeded, ZipLimits, check_zip

__all__ = ["SheetLimits", "WorkbookScan", "column_number", "scan_workbook"]

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: How many elements are read between two looks at the clock.
_CLOCK_EVERY = 2000


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int


@dataclass
class WorkbookScan:
    """What the scan found: per sheet title, the cells holding a formula without a computed value."""

    formulas_without_value: dict[str, set[str]] = field(default_factory=dict)


def column_number(letters: str) -> int:
    """Return the column number of ``letters`` ("A" → 1, "XFD" → 16384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _split_ref(ref: str) -> tuple[int, int] | None:
    match = _REF.match(ref or "")
    if match is None:
        return None
    return int(match[2]), column_number(match[1])


def scan_workbook(data: bytes, *, zip_limits: ZipLimits, limits: SheetLimits, budget: Budget) -> WorkbookScan:
    """Check an .xlsx against the limits; return what it found, or raise LimitExceeded at the first excess.

    Raises zipfile.BadZipFile (or KeyError, ElementTree.ParseError) for a damaged file.
    """
    fileobj = io.BytesIO(data)
    check_zip(fileobj, zip_limits)
    scan = WorkbookScan()
    with zipfile.ZipFile(fileobj) as archive:
        names = set(archive.namelist())
        long_strings = _long_shared_strings(archive, names, limits.max_cell_chars, budget)
        for title, part in _sheet_parts(archive, names):
            scan.formulas_without_value[title] = _scan_sheet(archive, part, title, limits, long_strings, budget)
    return scan


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    return archive.read(name)  # bounded by check_zip's unpacked limit


def _workbook_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        root = ElementTree.fromstring(_read_small(archive, "_rels/.rels"))
        for rel in root:
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
                return rel.get("Target").lstrip("/")
    return "xl/workbook.xml"


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """Return ``(title, part name)`` of every worksheet, in workbook order."""
    workbook = _workbook_part(archive, names)
    if workbook not in names:
        raise KeyError(workbook)
    folder = posixpath.dirname(workbook)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets = {}
    if rels_name in names:
        for rel in ElementTree.fromstring(_read_small(archive, rels_name)):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[rel.get("Id")] = path
    parts = []
    for element in ElementTree.fromstring(_read_small(archive, workbook)).iter():
        if _local(element.tag) != "sheet":
            continue
        part = targets.get(element.get(f"{{{_REL_NS}}}id"))
        if part in names and "/worksheets/" in f"/{part}":
            parts.append((element.get("name") or part, part))
    return parts


def _long_shared_strings(archive, names, max_chars: int, budget: Budget) -> dict[int, int]:
    """Return ``{index: length}`` of the shared strings longer than ``max_chars``, streaming the part."""
    part = next((n for n in ("xl/sharedStrings.xml", "xl/SharedStrings.xml") if n in names), None)
    if part is None:
        return {}
    long, index, length, seen = {}, 0, 0, 0
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "si":
                    length = 0
                continue
            if name == "t" and element.text:
                length += len(element.text)
            elif name == "si":
                if length > max_chars:
                    long[index] = length
                index += 1
                element.clear()
            seen += 1
            if seen % _CLOCK_EVERY == 0:
                budget.check()
    return long


def _scan_sheet(archive, part: str, title: str, limits: SheetLimits, long_strings: dict[int, int],
                budget: Budget) -> set[str]:
    formulas: set[str] = set()
    rows = cells = 0
    last_row = 0
    cell_ref, cell_type, has_formula, value, inline_chars = "", "", False, None, 0
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "c":
                    cells += 1
                    if cells > limits.max_cells:
                        raise LimitExceeded("cells", cells, limits.max_cells, sheet=title, at_least=True)
                    if cells % _CLOCK_EVERY == 0:
                        budget.check()
                    cell_ref, cell_type = element.get("r") or "", element.get("t") or ""
                    has_formula, value, inline_chars = False, None, 0
                    position = _split_ref(cell_ref)
                    if position is not None and position[1] > limits.max_columns:
                        raise LimitExceeded("columns", position[1], limits.max_columns, sheet=title,
                                            where=cell_ref, at_least=True)
                elif name == "row":
                    rows += 1
                    number = element.get("r")
                    last_row = int(number) if number and number.isdigit() else last_row + 1
                    if last_row > limits.max_rows:
                        raise LimitExceeded("rows", last_row, limits.max_rows, sheet=title, at_least=True)
                elif name == "dimension":
                    _check_dimension(element.get("ref") or "", title, limits)
                continue
            if name == "f":
                has_formula = True
            elif name == "v":
                value = element.text
                if value is not None and len(value) > limits.max_cell_chars:
                    raise LimitExceeded("cell_chars", len(value), limits.max_cell_chars, sheet=title,
                                        where=cell_ref)
            elif name == "t" and element.text:
                inline_chars += len(element.text)
                if inline_chars > limits.max_cell_chars:
                    raise LimitExceeded("cell_chars", inline_chars, limits.max_cell_chars, sheet=title,
                                        where=cell_ref)
            elif name == "c":
                if cell_type == "s" and value is not None and value.strip().isdigit():
                    length = long_strings.get(int(value))
                    if length is not None:
                        raise LimitExceeded("cell_chars", length, limits.max_cell_chars, sheet=title,
                                            where=cell_ref)
                if has_formula and not (value or "").strip() and cell_ref:
                    formulas.add(cell_ref.replace("$", "").upper())
            elif name == "row":
                element.clear()
            elif name == "sheetData":
                break  # what follows the cells (merges, validations, drawings) openpyxl does not read here
    return formulas


def _check_dimension(ref: str, title: str, limits: SheetLimits) -> None:
    """Refuse a sheet whose declared size (``<dimension ref="A1:G4000000"/>``) is past the limits."""
    last = _split_ref(ref.split(":")[-1])
    if last is None:
        return
    row, column = last
    if row > limits.max_rows:
        raise LimitExceeded("rows", row, limits.max_rows, sheet=title)
    if column > limits.max_columns:
        raise LimitExceeded("columns", column, limits.max_columns, sheet=title)
