"""Command line: ``python -m fazhi.analyzer PATH... [--format jsonl|table] [--jobs N]``.

The same entry point backs ``fazhi analyze``. Messages are plain English with the Chinese alongside,
because this module must not import Django (so it cannot use Django's gettext catalogs) and the people
who run it in batch read either.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fazhi.analyzer.core import analyze_bytes, analyze_path
from fazhi.analyzer.extract import SUPPORTED_SUFFIXES

FORMATS = ("jsonl", "table")


def iter_inputs(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, member)`` for every report: files as given, folders walked, zip archives opened."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and (
                    child.suffix.lower() in SUPPORTED_SUFFIXES or child.suffix.lower() == ".zip"
                ):
                    yield from iter_inputs([str(child)])
        elif p.suffix.lower() == ".zip" and zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                for info in zf.infolist():
                    if not info.is_dir() and Path(info.filename).suffix.lower() in SUPPORTED_SUFFIXES:
                        yield str(p), info.filename
        else:
            yield str(p), None


def analyze_input(item: tuple[str, str | None]) -> dict:
    """Analyze one input as yielded by :func:`iter_inputs` (a top-level function, so a process pool can run it)."""
    path, member = item
    if member is None:
        return analyze_path(path)
    with zipfile.ZipFile(path) as zf:
        data = zf.read(member)
    return analyze_bytes(data, member, source=f"{path}!{member}")


def _table_header() -> str:
    return "\t".join(
        [
            "source",
            "government",
            "level",
            "year",
            "headings",
            "first_resp",
            "shortcomings",
            "next_year",
            "indicators",
            "errors",
        ]
    )


def _table_row(r: dict) -> str:
    flags = r.get("flags") or {}
    top = sum(1 for s in r.get("sections") or [] if s.get("level") == 1 and s.get("kind") == "heading")

    def yn(v):
        return "-" if v is None else ("yes" if v else "no")

    return "\t".join(
        str(x)
        for x in [
            r.get("source"),
            r.get("government") or "-",
            r.get("level") or "-",
            r.get("year") or "-",
            top,
            yn(flags.get("has_first_responsible_section")),
            yn(flags.get("has_shortcomings_section")),
            yn(flags.get("has_next_year_plan")),
            len(r.get("indicators") or []),
            "; ".join(f"{e['code']}: {e['message']}" for e in r.get("errors") or []) or "-",
        ]
    )


def _results(items: list[tuple[str, str | None]], jobs: int) -> Iterator[dict]:
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield analyze_input(item)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(analyze_input, items, chunksize=max(1, min(64, len(items) // (jobs * 4) or 1)))


def build_parser(prog: str = "python -m fazhi.analyzer") -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog=prog,
        description="Read published 法治政府建设年度报告 (.txt, .html, .docx, .pdf, folders, zips) into "
        "sections, figures and checks. / 解析法治政府建设年度报告。",
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
        "--format", choices=FORMATS, default="jsonl", help="output format (default jsonl) / 输出格式"
    )
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1) / 并行进程数")
    ap.add_argument("--output", "-o", default="-", help="output file (default stdout) / 输出文件")
    ap.add_argument("--no-progress", action="store_true", help="no progress bar / 不显示进度条")


def run(
    paths: list[str],
    fmt: str = "jsonl",
    jobs: int = 1,
    output: str = "-",
    progress: bool | None = None,
    stdout=None,
    stderr=None,
) -> int:
    """Analyze ``paths`` and write the results; return 0 when every report was read, 1 when any failed."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    items = list(iter_inputs(paths))
    if not items:
        stderr.write("no input files / 没有可读取的文件\n")
        return 2
    jobs = max(1, min(jobs, os.cpu_count() or 1, len(items)))
    if progress is None:
        progress = stderr.isatty() and len(items) > 1
    out = stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    failed = 0
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), file=stderr, unit="report", desc="analyzing / 解析")
    try:
        if fmt == "table":
            out.write(_table_header() + "\n")
        for result in _results(items, jobs):
            if result.get("errors"):
                failed += 1
            if fmt == "jsonl":
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                out.write(_table_row(result) + "\n")
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        if out is not stdout:
            out.close()
        else:
            out.flush()
    if failed:
        stderr.write(f"{failed} of {len(items)} file(s) failed / {len(items)}个文件中{failed}个未能解析\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run(args.paths, args.format, args.jobs, args.output, False if args.no_progress else None)
