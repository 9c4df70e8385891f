"""Command line: ``python -m fazhi.analyzer PATH... [--format jsonl|csv|xlsx|table] [--compare] [--jobs N]``.

The same entry point backs ``fazhi analyze``. Messages are plain English with the Chinese alongside,
because this module must not import Django (so it cannot use Django's gettext catalogs) and the people
who run it in batch read either.

Results are written as they come (JSON lines, CSV and the table keep nothing in memory; Excel is written
in openpyxl's write-only mode), so a batch of any size runs in flat memory. ``--compare`` keeps only each
report's metric values.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import functools
import gc
import io
import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path, PurePosixPath

import orjson

from fazhi.analyzer import rx
from fazhi.analyzer.core import analyze_bytes, analyze_path
from fazhi.analyzer.extract import SUPPORTED_SUFFIXES
from fazhi.analyzer.indicators import rule_table
from fazhi.analyzer.metrics import CatalogMappers

FORMATS = ("jsonl", "csv", "xlsx", "table")
COMPARE_FORMATS = ("table", "csv", "xlsx")

#: The columns of ``--format csv``: one row per indicator.
CSV_COLUMNS = ("source", "government", "level", "year", "value", "unit", "label", "metric", "quote", "start", "end")

EPILOG = """\
output formats / 输出格式:
  jsonl  one JSON object per report (LABELING.md shape): source, government, region_code (GB/T 2260),
         level, year, title, evidence{government, year: [start, end] of where they were read},
         sections[heading, level, category, start, end], indicators[value, unit, label, metric,
         quote, start, end], checks[code, passed, reason], errors[code, message], complete (false for
         a partial copy: its unfound parts are "not seen", passed null), partial_reason. Default.
  csv    one row per indicator (figure), UTF-8 with a BOM so that Excel opens it, columns:
         source, government, level, year, value, unit, label, metric, quote, start, end
         (value is the absolute number: 1.87万 -> 18700; start/end index the decoded text).
         A report that failed has no rows; its error is printed on stderr.
  xlsx   an Excel workbook (needs -o PATH) with the sheets "reports" (one row per report: source,
         government, level, year, title, publication date, flags, checks passed/failed, errors),
         "sections", "indicators" and "checks".
  table  one tab-separated line per report, for a quick look.

--compare: one table instead, reports as rows and catalog metrics as columns (only metrics some
  report states), with a "Δ" column of the change on the same body's previous report where there is
  one. Formats: table (tab-separated, the default), csv, xlsx. Rules: see fazhi/analyzer/compare.py.

--explain: instead of the results, every number of each report, one per line: its line:column, the figure
  with ~12 characters of context, ACCEPTED or REJECTED, the rule that decided it and, for a figure taken,
  the catalog metric it maps to and the evidence (the phrase naming what was counted); then the rates
  derived from two counts the report gives (审结 N件 of 受理 M件) where it does not state the rate, marked
  "derived". --format jsonl writes one JSON object per number (and per derived rate) instead.

--evaluate: each report also evaluated on published criteria (fazhi/analyzer/evaluation.py): filed and published
  on time, mandated contents in order, concrete shortcomings, figures for the key indicators, the leaders'
  own acts, figures per 1,000 characters; a score per criterion (or none, with the reason), its evidence spans
  and the weighted total. jsonl: an "evaluation" object on each line; table: a column per criterion; xlsx: a
  sheet "evaluation". Weights and key indicators: FAZHI_REPORT_EVALUATION_WEIGHTS and
  FAZHI_REPORT_EVALUATION_KEY_METRICS, deadlines FAZHI_REPORT_FILING_DAY and FAZHI_REPORT_PUBLICATION_DAY.
  The rules / 规则:
{rules}

exit status / 退出码: 0 all read, 1 some files failed, 2 bad usage or no input.
"""
EPILOG = EPILOG.replace("{rules}", rule_table())


# Inputs -----------------------------------------------------------------------------------------------


def member_name(info: zipfile.ZipInfo) -> str:
    """Return a zip member's name as its author saw it.

    Archives made on Chinese Windows store names in GBK without the UTF-8 flag, which zipfile reads as
    cp437 (mojibake such as ``╖¿╓╬.txt``); those are decoded again as UTF-8 or GB18030.
    """
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def is_report_member(info: zipfile.ZipInfo) -> bool:
    """Return True for a zip member that may be a report (not a folder, not macOS resource forks)."""
    if info.is_dir():
        return False
    path = PurePosixPath(info.filename)
    if "__MACOSX" in path.parts or path.name.startswith("._"):
        return False
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _path_order(path: Path) -> tuple[str, ...]:
    """The key that sorts paths as ``Path`` objects sort (by their parts, case-folded where the system folds case)."""
    return tuple(map(os.path.normcase, path.parts))


def iter_inputs(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, member)`` for every report: files as given, folders walked, zip archives opened."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            # In the order of the paths' parts (as Path sorts them), each compared once rather than in Python.
            for child in sorted(p.rglob("*"), key=_path_order):
                suffix = child.suffix.lower()
                if suffix == ".zip":
                    if child.is_file():
                        yield from iter_inputs([str(child)])
                elif suffix in SUPPORTED_SUFFIXES and child.is_file():
                    yield str(child), None
        elif p.suffix.lower() == ".zip" and zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                for info in zf.infolist():
                    if is_report_member(info):
                        yield str(p), info.filename
        else:
            yield str(p), None


#: The catalog figures are mapped by in this process: None for the file shipped with fazhi, else the mappers of
#: ``--catalog FILE`` or of the database (``fazhi analyze --catalog-from-db``). Set by :func:`use_catalog`, also
#: as the worker processes' initializer.
_MAPPERS: CatalogMappers | None = None


def use_catalog(entries: list[dict] | None) -> None:
    """Map figures by ``entries`` (catalog.json's format), or by the shipped catalog when None."""
    global _MAPPERS
    _MAPPERS = CatalogMappers(entries) if entries is not None else None


def read_catalog(path: str) -> list[dict]:
    """Return the entries of a catalog file (``fazhi metrics export --format json``); ValueError when unusable."""
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path} is not a JSON catalog ({exc})") from exc
    if not isinstance(entries, list) or not entries or not all(
        isinstance(e, dict) and isinstance(e.get("code"), str) and isinstance(e.get("phrases", []), list)
        for e in entries
    ):
        raise ValueError(f"{path} is not a catalog: expected a list of metrics with code and phrases")
    return entries


def analyze_input(item: tuple[str, str | None], explain: bool = False) -> dict:
    """Analyze one input as yielded by :func:`iter_inputs` (a top-level function, so a process pool can run it)."""
    path, member = item
    if member is None:
        return analyze_path(path, mappers=_MAPPERS, explain=explain)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
        data = zf.read(info)
        name = member_name(info)
    return analyze_bytes(data, name, source=f"{path}!{name}", mappers=_MAPPERS, explain=explain)


@functools.cache
def evaluation_config():
    """The evaluation's configuration, from the environment (read once per process)."""
    from fazhi.analyzer.evaluation import Config

    return Config.from_environ()


def evaluated_input(item: tuple[str, str | None]) -> dict:
    """Analyze one input as :func:`analyze_input` does and add its ``evaluation`` (``--evaluate``).

    The text is extracted once and kept for the evaluation; a file that cannot be read or analysed is left to
    :func:`analyze_input`, so that its error entry is the same as without ``--evaluate``.
    """
    from fazhi.analyzer.core import analyze_text
    from fazhi.analyzer.evaluation import evaluate
    from fazhi.analyzer.extract import extract_bytes, extract_path

    path, member = item
    try:
        if member is None:
            source, ex = path, extract_path(path)
        else:
            with zipfile.ZipFile(path) as zf:
                info = zf.getinfo(member)
                data = zf.read(info)
                name = member_name(info)
            source, ex = f"{path}!{name}", extract_bytes(data, name)
        result = analyze_text(ex.text, source, format=ex.format, encoding=ex.encoding, mappers=_MAPPERS)
        text = ex.text
    except Exception:  # noqa: BLE001 - one bad report must not stop a batch
        result, text = analyze_input(item), ""
    result["evaluation"] = evaluate(result, text, config=evaluation_config())
    return result


def evaluated_input_line(item: tuple[str, str | None]) -> tuple[bool, bytes | str]:
    """:func:`analyze_input_line` with the evaluation."""
    result = evaluated_input(item)
    return bool(result.get("errors")), result_line(result)


#: Below this many reports a batch is read in this process: starting workers costs more than it saves.
PARALLEL_FROM = 16


def default_jobs(count: int) -> int:
    """Return the worker processes for ``count`` reports when ``--jobs`` is not given: every CPU for a batch."""
    return (os.cpu_count() or 1) if count >= PARALLEL_FROM else 1


#: The standard library's encoder, for what orjson refuses: compact, as orjson writes, made once and without looking
#: for cycles (a result is plain data, made afresh for each report).
_encode_line = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def result_line(result: dict) -> bytes | str:
    """Return ``result`` as a JSON line in UTF-8, by orjson (five times faster than the standard library, a ninth
    of a batch's time). What orjson refuses (a lone surrogate, an integer beyond 64 bits) is written by the standard
    library; a line that is then no valid UTF-8 comes as a str, for the output to write or refuse as it does any
    text."""
    try:
        return orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE)
    except (orjson.JSONEncodeError, TypeError):
        line = _encode_line(result) + "\n"
        try:
            return line.encode("utf-8")
        except UnicodeEncodeError:
            return line


def analyze_input_line(item: tuple[str, str | None]) -> tuple[bool, bytes | str]:
    """Return ``(failed, JSON line)`` of one input: the worker encodes, so the parent only writes (bytes come from a
    worker as they are, where a str is encoded for the way and decoded again)."""
    result = analyze_input(item)
    return bool(result.get("errors")), result_line(result)


def _results(items: list[tuple[str, str | None]], jobs: int, work: Callable = analyze_input) -> Iterator:
    """Yield ``work(item)`` for every item, in order: in this process, or in ``jobs`` worker processes."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield work(item)
        return
    import multiprocessing  # here: one file needs no pool, nor its import time
    from concurrent.futures import ProcessPoolExecutor

    # The first report is read here, before the workers start: what reading builds on first use (the catalog's
    # mappers, the country's regions, remembered answers) is then theirs too where they are forked from this process,
    # instead of being built again in each. Forked, they also have the catalog this process maps by.
    yield work(items[0])
    items = items[1:]
    forked = multiprocessing.get_start_method() == "fork"
    if forked:
        # What was built (the modules, their patterns, the places of the country, the catalog's phrases) lives as
        # long as the workers: out of the garbage collector's rounds, which would walk it all again in each.
        gc.freeze()
    entries = _MAPPERS.entries if _MAPPERS is not None and not forked else None
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=None if forked else use_catalog, initargs=() if forked else (entries,)
    ) as pool:
        yield from pool.map(work, items, chunksize=max(1, min(16, len(items) // (jobs * 4) or 1)))


# Small helpers shared by the writers ---------------------------------------------------------------------


def _yn(value) -> str:
    return "-" if value is None else ("yes" if value else "no")


def _errors_text(result: dict) -> str:
    return "; ".join(f"{e.get('code')}: {e.get('message')}" for e in result.get("errors") or [])


def check_counts(result: dict) -> tuple[int, int]:
    """Return (passed, failed) of a result's checks; a check that could not be judged counts as neither."""
    checks = result.get("checks") or []
    return sum(1 for c in checks if c.get("passed") is True), sum(1 for c in checks if c.get("passed") is False)


def indicator_row(result: dict, ind: dict) -> list:
    """Return one CSV row (``CSV_COLUMNS``) for an indicator of ``result``."""
    return [
        result.get("source"), result.get("government"), result.get("level"), result.get("year"),
        ind.get("value"), ind.get("unit"), ind.get("label"), ind.get("metric"), ind.get("quote"),
        ind.get("start"), ind.get("end"),
    ]


_ILLEGAL_XML = rx.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_row(sheet, values: Iterable) -> list:
    """Return cells for ``sheet.append``: text kept as text (never read as a formula), control characters dropped."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, _ILLEGAL_XML.sub("", value))
            cell.data_type = "s"  # "=…" in a report is text, not a formula
            row.append(cell)
        else:
            row.append(value)
    return row


# Writers: start, add one result at a time, close ------------------------------------------------------------


class _TextWriter:
    def __init__(self, out):
        self.out = out

    def close(self) -> None:
        pass


class TableWriter(_TextWriter):
    HEADER = ("source", "government", "level", "year", "headings", "first_resp", "shortcomings", "next_year",
              "indicators", "errors")

    def __init__(self, out):
        super().__init__(out)
        out.write("\t".join(self.HEADER) + "\n")

    def add(self, r: dict) -> None:
        flags = r.get("flags") or {}
        top = sum(1 for s in r.get("sections") or [] if s.get("level") == 1 and s.get("kind") == "heading")
        cells = [
            r.get("source"), r.get("government") or "-", r.get("level") or "-", r.get("year") or "-", top,
            _yn(flags.get("has_first_responsible_section")), _yn(flags.get("has_shortcomings_section")),
            _yn(flags.get("has_next_year_plan")), len(r.get("indicators") or []), _errors_text(r) or "-",
        ]
        self.out.write("\t".join(str(x) for x in cells) + "\n")


class EvaluatedTableWriter(TableWriter):
    """``--evaluate``: the table with the total, the share of the weight judged and each criterion's score (0-100)."""

    def __init__(self, out):
        from fazhi.analyzer.evaluation import CODES

        self.HEADER = (*TableWriter.HEADER, "evaluation", "judged", *CODES)
        super().__init__(out)

    def add(self, r: dict) -> None:
        from fazhi.analyzer.evaluation import CODES, sheet_row

        out, self.out = self.out, io.StringIO()
        try:
            super().add(r)  # the plain table's cells, then the evaluation's
            head = self.out.getvalue().rstrip("\n")
        finally:
            self.out = out
        row = sheet_row(r, r.get("evaluation") or {})
        scores = dict(zip(CODES, row[4 : 4 + len(CODES)], strict=True))
        cells = [row[-3], row[-2], *(scores[code] for code in CODES)]
        out.write(head + "\t" + "\t".join("-" if v is None else f"{v:g}" for v in cells) + "\n")


class CsvWriter(_TextWriter):
    """One row per indicator, UTF-8 with a BOM; failed reports are named on ``stderr``."""

    def __init__(self, out, stderr):
        super().__init__(out)
        self.stderr = stderr
        out.write("\ufeff")
        self.writer = csv.writer(out)
        self.writer.writerow(CSV_COLUMNS)

    def add(self, result: dict) -> None:
        if result.get("errors"):
            self.stderr.write(f"{result.get('source')}: {_errors_text(result)}\n")
        for ind in result.get("indicators") or []:
            self.writer.writerow(["" if v is None else v for v in indicator_row(result, ind)])


class ExplainTextWriter(_TextWriter):
    """``--explain``: one line per number of each report, then the derived rates (see ``EPILOG``)."""

    def add(self, r: dict) -> None:
        write = self.out.write
        what = " ".join(str(x) for x in (r.get("government"), r.get("year")) if x)
        write(f"== {r.get('source')}" + (f" ({what})" if what else "") + " ==\n")
        for e in r.get("explanations") or []:
            verdict = "ACCEPTED" if e["accepted"] else "REJECTED"
            line = (
                f"{e['line']}:{e['column']}\t{e['printed']}\t…{e['context']}…\t{verdict}\t{e['rule']}: "
                f"{e['description']} / {e['description_zh']}"
            )
            if e["accepted"]:
                line += f"\tmetric: {e['metric'] or 'none'}"
                if e.get("counted"):
                    line += f" (counted: {e['counted']})"
            write(line + "\n")
        for d in r.get("derived") or []:
            write(f"DERIVED\t{d['metric']} {d['label']} = {d['value']}%\t{_derived_evidence(d)}\n")
        write("\n")


class ExplainJsonlWriter(_TextWriter):
    """``--explain --format jsonl``: one JSON object per number, then one per derived rate (``"derived": true``)."""

    def add(self, r: dict) -> None:
        source = r.get("source")
        for e in r.get("explanations") or []:
            self.out.write(json.dumps({"source": source, **e}, ensure_ascii=False) + "\n")
        for d in r.get("derived") or []:
            self.out.write(json.dumps({"source": source, **d}, ensure_ascii=False) + "\n")


def _derived_evidence(d: dict) -> str:
    num, den = d["numerator"], d["denominator"]
    def at(part: dict) -> str:
        where = f"{part['line']}:{part['column']}" if "line" in part else f"offset {part['start']}"
        return f"{part['metric']} {part['value']} ({part['quote']}, at {where})"

    return f"derived / 推算: {at(num)} / {at(den)}"


class XlsxWriter:
    """An Excel workbook in write-only mode: sheets reports, sections, indicators, checks."""

    REPORTS = ("source", "government", "level", "year", "title", "publication date", "first-responsible part",
               "shortcomings part", "next-year plan", "checks passed", "checks failed", "failed checks",
               "figures", "errors")
    SECTIONS = ("source", "heading", "level", "category", "kind", "start", "end")
    INDICATORS = (*CSV_COLUMNS[:5], "unit", "printed", "approx", "label", "metric", "quote", "start", "end")
    CHECKS = ("source", "check", "passed", "reason")

    def __init__(self, target, workbook=None):
        """Write to ``target`` (a path or binary file); ``workbook``: a write-only workbook to add the sheets to."""
        if workbook is None:
            from openpyxl import Workbook  # optional: the plain library imports without openpyxl

            workbook = Workbook(write_only=True)
        self.target = target
        self.workbook = workbook
        self.sheets = {}
        for name, header, widths in (
            ("reports", self.REPORTS, (30, 18, 10, 8, 40, 14)),
            ("sections", self.SECTIONS, (30, 50)),
            ("indicators", self.INDICATORS, (30, 18, 10, 8, 12, 8, 12, 8, 24, 30, 40)),
            ("checks", self.CHECKS, (30, 24, 8, 60)),
        ):
            sheet = self.workbook.create_sheet(name)
            sheet.freeze_panes = "B2"
            for index, width in enumerate(widths):
                sheet.column_dimensions[chr(ord("A") + index)].width = width
            sheet.append(list(header))
            self.sheets[name] = sheet

    def add(self, r: dict) -> None:
        source = r.get("source")
        flags = r.get("flags") or {}
        passed, failed = check_counts(r)
        failed_codes = ", ".join(c.get("code") for c in r.get("checks") or [] if c.get("passed") is False)
        self._append("reports", [
            source, r.get("government"), r.get("level"), r.get("year"), r.get("title"), r.get("publication_date"),
            _yn(flags.get("has_first_responsible_section")) if flags else None,
            _yn(flags.get("has_shortcomings_section")) if flags else None,
            _yn(flags.get("has_next_year_plan")) if flags else None,
            passed, failed, failed_codes or None, len(r.get("indicators") or []), _errors_text(r) or None,
        ])
        for s in r.get("sections") or []:
            self._append("sections", [source, s.get("heading"), s.get("level"), s.get("category"), s.get("kind"),
                                      s.get("start"), s.get("end")])
        for i in r.get("indicators") or []:
            self._append("indicators", [
                source, r.get("government"), r.get("level"), r.get("year"), i.get("value"), i.get("unit"),
                i.get("printed"), _yn(i.get("approx")), i.get("label"), i.get("metric"), i.get("quote"),
                i.get("start"), i.get("end"),
            ])
        for c in r.get("checks") or []:
            self._append("checks", [source, c.get("code"), _yn(c.get("passed")), c.get("reason")])

    def _append(self, name: str, values: list) -> None:
        sheet = self.sheets[name]
        sheet.append(xlsx_row(sheet, values))

    def close(self) -> None:
        self.workbook.save(self.target)


class EvaluatedXlsxWriter(XlsxWriter):
    """``--evaluate``: the workbook with a sheet "evaluation", one row per report (``evaluation.sheet_row``).

    ``header`` names its columns (the app's in the reader's language), ``name`` the criteria not judged.
    """

    def __init__(self, target, workbook=None, header=None, name=str):
        from fazhi.analyzer.evaluation import SHEET_COLUMNS

        super().__init__(target, workbook)
        sheet = self.workbook.create_sheet("evaluation")
        sheet.freeze_panes = "B2"
        for index, width in enumerate((30, 18, 8, 10)):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.append(list(header or SHEET_COLUMNS))
        self.sheets["evaluation"] = sheet
        self.name = name

    def add(self, r: dict) -> None:
        from fazhi.analyzer.evaluation import sheet_row

        super().add(r)
        if r.get("evaluation") is not None:
            self._append("evaluation", sheet_row(r, r["evaluation"], self.name))


# Command line --------------------------------------------------------------------------------------------


def build_parser(prog: str = "python -m fazhi.analyzer") -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog=prog,
        description="Read published 法治政府建设年度报告 (.txt, .html, .docx, .pdf, folders, zips) into "
        "sections, figures and checks. / 解析法治政府建设年度报告。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(ap)
    return ap


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files, folders or .zip archives / 报告文件、文件夹或压缩包",
    )
    ap.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format: jsonl (default), csv (one row per figure), xlsx (needs -o), table; "
        "with --compare: table (default), csv, xlsx / 输出格式",
    )
    ap.add_argument(
        "--compare",
        action="store_true",
        help="one table: reports as rows, catalog metrics as columns, change on the body's previous year "
        "/ 对比表：每份报告一行，每项指标一列，并列出同一主体较上一年度的变化",
    )
    ap.add_argument(
        "--jobs",
        type=int,
        default=None,
        help=f"worker processes (default: one per CPU from {PARALLEL_FROM} reports on, else 1) / 并行进程数",
    )
    ap.add_argument(
        "--catalog",
        metavar="FILE",
        help="map figures by this catalog (fazhi metrics export --format json) instead of the one shipped with "
        "fazhi / 按指定的指标目录文件对应指标",
    )
    ap.add_argument(
        "--catalog-from-db",
        action="store_true",
        help="map figures by the catalog as kept in fazhi's database (starts Django; only as `fazhi analyze`) "
        "/ 按数据库中的指标目录对应指标",
    )
    ap.add_argument(
        "--explain",
        action="store_true",
        help="for every number in the reports: accepted or rejected as a result, by which rule, the metric it "
        "maps to and why, and the rates derived from two counts (text; --format jsonl for JSON lines); the "
        "rules are listed below / 逐个数字说明是否计为成果、依据哪条规则、对应哪项指标",
    )
    ap.add_argument(
        "--evaluate",
        action="store_true",
        help="also evaluate each report on published criteria (timeliness, mandated contents, concrete "
        "shortcomings, key figures, the leaders' own acts, use of data): jsonl, table or xlsx / 按公开标准评价每份报告",
    )
    ap.add_argument("--output", "-o", default="-", help="output file (default stdout) / 输出文件")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar / 不显示进度条")


def run(
    paths: list[str],
    fmt: str | None = None,
    jobs: int | None = None,
    output: str = "-",
    progress: bool | None = None,
    stdout=None,
    stderr=None,
    *,
    compare: bool = False,
    catalog: str | list[dict] | None = None,
    explain: bool = False,
    evaluate: bool = False,
) -> int:
    """Analyze ``paths`` and write the results; return 0 when every report was read, 1 when any failed, 2 on bad usage.

    ``catalog`` is a catalog file's path or its entries (the shipped catalog when None); ``jobs`` None picks
    :func:`default_jobs`.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    # The catalog's mappers are built once, here: a file they cannot be built from is refused before any report.
    try:
        entries = read_catalog(catalog) if isinstance(catalog, str) else catalog
    except ValueError as exc:
        stderr.write(f"{exc} / 指标目录文件无法使用\n")
        return 2
    try:
        use_catalog(entries)
    except (KeyError, TypeError, ValueError) as exc:
        stderr.write(f"{catalog if isinstance(catalog, str) else 'the catalog'} is not a catalog: "
                     f"{type(exc).__name__}: {exc} / 指标目录文件无法使用\n")
        return 2
    if explain and (compare or fmt not in (None, "jsonl", "table")):
        stderr.write("--explain writes text or jsonl, without --compare / --explain 只能输出文本或 jsonl\n")
        return 2
    fmt = fmt or ("table" if compare or explain else "jsonl")
    if evaluate and (compare or explain or fmt == "csv"):
        stderr.write("--evaluate writes jsonl, table or xlsx, without --compare or --explain "
                     "/ --evaluate 只能输出 jsonl、table 或 xlsx\n")
        return 2
    if evaluate:
        from fazhi.analyzer.evaluation import EvaluationSettingError

        try:
            evaluation_config()
        except EvaluationSettingError as exc:
            stderr.write(f"{exc} / 评价设置无法使用\n")
            return 2
    if compare and fmt not in COMPARE_FORMATS:
        stderr.write(f"--compare writes table, csv or xlsx, not {fmt} / 对比表只能输出 table、csv 或 xlsx\n")
        return 2
    if fmt == "xlsx" and output == "-":
        stderr.write("xlsx needs an output file: add -o PATH.xlsx / xlsx 格式须用 -o 指定输出文件\n")
        return 2
    items = list(iter_inputs(paths))
    if not items:
        stderr.write("no input files / 没有可读取的文件\n")
        return 2
    jobs = max(1, min(default_jobs(len(items)) if jobs is None else jobs, os.cpu_count() or 1, len(items)))
    if progress is None:
        progress = stderr.isatty() and len(items) > 1

    out = stdout
    if output != "-" and fmt != "xlsx":
        try:
            out = open(output, "w", encoding="utf-8", newline="" if fmt == "csv" else None)  # noqa: SIM115
        except OSError as exc:
            stderr.write(f"cannot write {output}: {exc.strerror} / 无法写入输出文件\n")
            return 2
    failed = 0
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), file=stderr, unit="report", desc="analyzing / 解析")
    try:
        if compare:
            failed = _run_compare(_results(items, jobs), fmt, out, output, bar)
        elif explain:
            failed = _run_explain(_results(items, jobs, partial(analyze_input, explain=True)), fmt, out, bar, stderr)
        elif fmt == "jsonl":
            # A file of ours, opened in UTF-8 with "\n" written as it is, takes the lines' bytes as they come.
            binary = out is not stdout and os.linesep == "\n"
            failed = _run_lines(
                _results(items, jobs, evaluated_input_line if evaluate else analyze_input_line), out, bar, binary
            )
        elif evaluate:
            failed = _run_stream(_results(items, jobs, evaluated_input), fmt, out, output, bar, stderr, True)
        else:
            failed = _run_stream(_results(items, jobs), fmt, out, output, bar, stderr)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python's exit flush from failing again.
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        stderr.write(f"cannot write {output}: {exc.strerror or exc} / 无法写入输出文件\n")
        return 2
    finally:
        if bar is not None:
            bar.close()
        with contextlib.suppress(BrokenPipeError):
            if out is not stdout:
                out.close()
            else:
                out.flush()
    if failed:
        stderr.write(f"{failed} of {len(items)} file(s) failed / {len(items)}个文件中{failed}个未能解析\n")
        return 1
    return 0


def _run_stream(results: Iterator[dict], fmt: str, out, output: str, bar, stderr, evaluate: bool = False) -> int:
    if fmt == "xlsx":
        writer = EvaluatedXlsxWriter(output) if evaluate else XlsxWriter(output)
    elif fmt == "csv":
        writer = CsvWriter(out, stderr)
    else:
        writer = EvaluatedTableWriter(out) if evaluate else TableWriter(out)
    failed = 0
    for result in results:
        if result.get("errors"):
            failed += 1
        writer.add(result)
        if bar is not None:
            bar.update(1)
    writer.close()
    return failed


def _run_explain(results: Iterator[dict], fmt: str, out, bar, stderr) -> int:
    writer = ExplainJsonlWriter(out) if fmt == "jsonl" else ExplainTextWriter(out)
    failed = 0
    for result in results:
        if result.get("errors"):
            failed += 1
            stderr.write(f"{result.get('source')}: {_errors_text(result)}\n")
        writer.add(result)
        if bar is not None:
            bar.update(1)
    return failed


def _run_lines(lines: Iterator[tuple[bool, bytes | str]], out, bar, binary: bool = False) -> int:
    """Write the lines of :func:`analyze_input_line`: through ``out``'s buffer when ``binary`` (``out`` is a UTF-8
    text file that writes "\n" as it is), else as text."""
    failed = 0
    write_bytes = out.buffer.write if binary else None
    for did_fail, line in lines:
        failed += did_fail
        if isinstance(line, str):
            out.write(line)
            if binary:
                out.flush()  # before the next bytes, behind this text
        elif write_bytes is not None:
            write_bytes(line)
        else:
            out.write(line.decode("utf-8"))
        if bar is not None:
            bar.update(1)
    return failed


def _run_compare(results: Iterator[dict], fmt: str, out, output: str, bar) -> int:
    from fazhi.analyzer.compare import compare, write_csv, write_tsv, write_xlsx

    counter = {"failed": 0}

    def counted():
        for result in results:
            if result.get("errors"):
                counter["failed"] += 1
            if bar is not None:
                bar.update(1)
            yield result

    table = compare(counted())
    if fmt == "xlsx":
        write_xlsx(table, output)
    elif fmt == "csv":
        write_csv(table, out)
    else:
        write_tsv(table, out)
    return counter["failed"]


def main(argv: list[str] | None = None, prog: str = "python -m fazhi.analyzer") -> int:
    args = build_parser(prog).parse_args(argv)
    # A command of its own: the modules loaded so far live as long as it does, and an analysis makes many small
    # objects and few cycles, so the cyclic collector is asked to look less often (worker processes inherit it).
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    if args.catalog_from_db:
        sys.stderr.write(
            "--catalog-from-db reads fazhi's database: run it as `fazhi analyze --catalog-from-db` "
            "/ 按数据库指标目录解析须使用 fazhi analyze\n"
        )
        return 2
    return run(
        args.paths,
        args.format,
        args.jobs,
        args.output,
        False if args.no_progress else None,
        compare=args.compare,
        catalog=args.catalog,
        explain=args.explain,
        evaluate=args.evaluate,
    )
