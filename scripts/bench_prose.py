#!/usr/bin/env python3
"""Measure the demo's annual reports as prose against real ones (issue: the demo's reports read like real
ones; run by `make bench-prose`).

    bench_prose.py [--year YEAR] [--department CODE] [--township CODE]

Builds the demo county in a fresh temporary SQLite database (`fazhi migrate`, `fazhi demo`) and takes the
demo's reports on last year (2025 when run in 2026) of the county government, a department (default the
司法局, sfx-sfj) and a township (default 城关镇, sfx-t01), composing one where the demo made none. For each
it measures part one (主要举措和成效): characters (whitespace and drafting placeholders left out, as the
reviewer counts them), figures per 1,000 characters (``fazhi.reports.review.FIGURE``), "；" per 1,000
characters and in all; the length of each of the mandated parts one to four; and the reviewer's findings
by code (``fazhi.reports.review.findings``).

It measures the same on the real reports of the development corpus (read from ../shared/corpus/dev at run
time, never copied), whose parts it finds with the analyzer's structure detection (``fazhi.analyzer``):
part one is the text under the headings of the "measures" category, less any part of another category
inside them and less the headings that are titles ("一、……", "（一）……" without a stop), since the composer
prints its headings as section titles and not in the text. Semicolons are "；" and ";" (the corpus's copies
have half-width punctuation). Without the corpus it uses the ranges documented in ``fazhi.reports.review``.

Prints a table of both and the corpus's min–max range, and exits 1 when a demo report's part one is
outside that range on figures or "；" per 1,000 characters, or the reviewer finds a part missing or thin.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"

#: The analyzer's categories of the mandated parts one to four, in the order of ``Part``.
CATEGORIES = ("measures", "shortcomings", "first_responsible", "next_year")
#: Findings that fail the benchmark: a mandated part the report lacks or says in a sentence.
FAILING = ("missing_part", "thin_part")
#: What ends a sentence: a heading ending in one runs into its paragraph or is a list item, not a title.
STOPS = ("。", "；", ";", "！", "!", "？", "?")


def documented_range() -> dict[str, tuple[float, float]]:
    """The ranges ``fazhi.reports.review`` documents as what a real report stays within, for a run without
    the corpus: ``DENSITY`` figures and at most ``SEMICOLONS`` semicolons per 1,000 characters of part one."""
    from fazhi.reports.review import DENSITY, SEMICOLONS

    return {"figures": DENSITY, "semicolons": (0.0, SEMICOLONS)}


@dataclass(frozen=True)
class Prose:
    """What part one of a report is like: its length and how many figures and "；" it holds."""

    chars: int
    figures: int
    semicolons: int

    @property
    def figures_per_k(self) -> float:
        return self.figures * 1000 / self.chars if self.chars else 0.0

    @property
    def semicolons_per_k(self) -> float:
        return self.semicolons * 1000 / self.chars if self.chars else 0.0


def plain(text: str) -> str:
    """Return ``text`` as the reviewer counts it: no whitespace, no drafting placeholders (【待完善】, XX…)."""
    from fazhi.analyzer.checks import PLACEHOLDER

    return re.sub(r"\s", "", PLACEHOLDER.sub("", text))


def measure(text: str) -> Prose:
    """Measure a part one's text: characters, figures (the reviewer's ``FIGURE``) and semicolons.

    A semicolon is "；" or ";": the corpus's copies have their punctuation folded to half width (",", ";").
    """
    from fazhi.reports.review import FIGURE

    text = plain(text)
    return Prose(len(text), len(FIGURE.findall(text)), text.count("；") + text.count(";"))


def real_parts(text: str, sections: list[dict]) -> dict[str, str]:
    """Return the text of each mandated content of a real report, by the analyzer's category.

    ``sections``: the analyzer's sections of ``text`` (``analyze_text(text)["sections"]``), nested by their
    spans. Each character belongs to the innermost section around it, so a part of another category inside
    a "measures" section (a closing paragraph on shortcomings) leaves part one. Headings that are titles
    (no stop at their end: "一、主要举措和成效", "（一）加强组织领导") are left out, as the composer prints its
    headings as section titles and not in the text; headings that are sentences ("（一）组织领导不断加强。"
    running into their paragraph, a list item "1、……。") and run-in lead-ins (一是……。) stay in the prose.
    Text outside every section (title, preamble, signature) belongs to none.
    """
    owner: list[str | None] = [None] * len(text)
    for section in sorted(sections, key=lambda s: (s["start"], -s["end"])):
        owner[section["start"]:section["end"]] = [section["category"]] * (section["end"] - section["start"])
    for section in sections:
        start, end = section["start"], section["heading_end"]
        if section["kind"] == "heading" and not text[start:end].rstrip().endswith(STOPS):
            owner[start:end] = [None] * (end - start)
    parts: dict[str, list[str]] = {}
    for char, category in zip(text, owner, strict=True):
        if category is not None:
            parts.setdefault(category, []).append(char)
    return {category: "".join(chars) for category, chars in parts.items()}


def corpus_range(measured: list[Prose]) -> dict[str, tuple[float, float]]:
    """Return the min–max range of figures and "；" per 1,000 characters over real reports' parts one."""
    return {
        "figures": (min(p.figures_per_k for p in measured), max(p.figures_per_k for p in measured)),
        "semicolons": (min(p.semicolons_per_k for p in measured), max(p.semicolons_per_k for p in measured)),
    }


def out_of_range(prose: Prose, ranges: dict[str, tuple[float, float]]) -> list[str]:
    """Return what of a part one lies outside ``ranges`` ("figures/1k 21.3 > 17.0"), rounded as printed."""
    out = []
    for name, label, value in (("figures", "figures/1k", prose.figures_per_k),
                               ("semicolons", "；/1k", prose.semicolons_per_k)):
        low, high = ranges[name]
        value, low, high = round(value, 1), round(low, 1), round(high, 1)
        if value < low:
            out.append(f"{label} {value:.1f} < {low:.1f}")
        elif value > high:
            out.append(f"{label} {value:.1f} > {high:.1f}")
    return out


# The table ----------------------------------------------------------------------------------------------------

NAME_WIDTH = 34


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` columns of a terminal, where a Chinese character takes two."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


HEADER = (f"{pad('', NAME_WIDTH)} {'chars':>6} {'fig/1k':>7} {'；/1k':>5} {'；':>3}  "
          f"{'parts 1–4 (chars)':<23}  findings")


def row(name: str, prose: Prose, lengths: list[int], findings: str) -> str:
    parts = " ".join(f"{n:>5}" for n in lengths)
    return (f"{pad(name, NAME_WIDTH)} {prose.chars:>6} {prose.figures_per_k:>7.1f} {prose.semicolons_per_k:>6.1f} "
            f"{prose.semicolons:>4}  {parts:<23}  {findings}")


# The real reports ---------------------------------------------------------------------------------------------


def real_reports(corpus: Path) -> list[tuple[str, Prose, list[int]]]:
    """Measure the corpus's reports: (name, part one, lengths of parts one to four); [] without a corpus."""
    import json

    from fazhi.analyzer import analyze_text

    if not corpus.is_dir():
        return []
    gold = {}
    if (corpus / "gold.jsonl").is_file():
        for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                row_ = json.loads(line)
                gold[row_["file"]] = f"{row_['government'].split(' ')[0]} {row_['year']}"
    measured = []
    for path in sorted(corpus.glob("*.txt")):
        print(f"analyzing {path.name}", file=sys.stderr)
        text = path.read_text(encoding="utf-8")
        parts = real_parts(text, analyze_text(text, source=path.name).get("sections", []))
        if not parts.get("measures"):
            print(f"  {path.name}: no part one found, left out", file=sys.stderr)
            continue
        name = f"{path.name[:3]} {gold.get(path.name, path.stem)}"
        measured.append((name, measure(parts["measures"]), [len(plain(parts.get(c, ""))) for c in CATEGORIES]))
    return measured


# The demo's reports -------------------------------------------------------------------------------------------


def demo_reports(year: int, codes: list[str]):
    """Return the demo's reports of ``year`` by the agencies ``codes``, composing those the demo has not."""
    from fazhi.org.models import Agency, User
    from fazhi.reports import actions
    from fazhi.reports.models import Report

    director = User.objects.get(username="director")
    reports = []
    for code in codes:
        agency = Agency.objects.get(code=code)
        report = Report.objects.filter(agency=agency, year=year).first()
        if report is None:
            print(f"composing the {year} report of {agency.name}", file=sys.stderr)
            report = actions.create_report(agency, year, by=director)
        reports.append(report)
    return reports


def measure_report(report) -> tuple[Prose, list[int], list[str], list[int]]:
    """Return a report's part one, its parts' lengths, the reviewer's finding codes and the parts the demo
    edited after composing (text no longer fazhi's draft)."""
    from fazhi.reports import review
    from fazhi.reports.models import Part

    sections = list(report.sections.all())
    texts = {part: "".join(s.text for s in sections if s.part == part) for part in Part.values}
    edited = sorted({s.part for s in sections
                     if s.generated_text.strip() and s.text.strip() != s.generated_text.strip()})
    lengths = [len(plain(texts[part])) for part in Part.values[:4]]
    codes = [f.code for f in review.findings(report)]
    return measure(texts[Part.MEASURES]), lengths, codes, edited


def by_code(codes: list[str]) -> str:
    from collections import Counter

    return ", ".join(f"{code}×{n}" if n > 1 else code for code, n in Counter(codes).items()) or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, help="the reports' year (default: the demo's last year, 2025 in 2026)")
    parser.add_argument("--department", default="sfx-sfj", help="the department's agency code (default sfx-sfj)")
    parser.add_argument("--township", default="sfx-t01", help="the township's agency code (default sfx-t01)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the real reports (default {CORPUS})")
    args = parser.parse_args()
    # Always a throwaway SQLite file: this benchmark needs no PostgreSQL, and must not empty a DATABASE_URL.
    os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-db-") as var_dir:
        # Imported here, so that the tests import this module without scripts/ on the path.
        from benchdb import setup_django

        print("migrating a fresh database", file=sys.stderr)
        setup_django(var_dir)
        try:
            return run(args)
        finally:
            from django.db import connections

            connections.close_all()


def run(args) -> int:
    from django.core.management import call_command

    from fazhi.demo.activity import current_year
    from fazhi.reports.models import Part

    print("building the demo county (fazhi demo)", file=sys.stderr)
    call_command("demo", quiet_logins=True, stdout=sys.stderr)
    year = args.year or current_year() - 1

    real = real_reports(args.corpus)
    if real:
        ranges = corpus_range([prose for _name, prose, _lengths in real])
        source = f"the {len(real)} real reports in {args.corpus}"
    else:
        ranges = documented_range()
        source = "the ranges documented in fazhi.reports.review"
        print(f"{args.corpus} is absent or holds no report: using the ranges documented in fazhi.reports.review "
              f"(DENSITY, SEMICOLONS)")

    print(f"\nPart one (主要举措和成效) of the demo's {year} reports against {source}; characters without "
          f"whitespace; parts' lengths: {', '.join(f'{n} {Part(n).label}' for n in Part.values[:4])}.\n")
    print(HEADER)
    failed = []
    for report in demo_reports(year, ["sfx-gov", args.department, args.township]):
        prose, lengths, codes, edited = measure_report(report)
        name = f"{report.agency.name} ({report.get_status_display()})"
        note = f"; parts {', '.join(map(str, edited))} edited by the demo" if edited else ""
        print(row(name, prose, lengths, by_code(codes) + note))
        misses = out_of_range(prose, ranges) + [code for code in codes if code in FAILING]
        if misses:
            failed.append(f"{report.agency.name}: {'; '.join(misses)}")
    if real:
        print(f"\nreal reports ({args.corpus})")
        for name, prose, lengths in real:
            print(row(name, prose, lengths, "—"))
    (f_low, f_high), (s_low, s_high) = ranges["figures"], ranges["semicolons"]
    print(f"\nrange{' (documented)' if not real else ''}: figures/1k {f_low:.1f}–{f_high:.1f}, "
          f"；/1k {s_low:.1f}–{s_high:.1f}")
    if real:
        counts = [prose.semicolons for _name, prose, _lengths in real]
        chars = [prose.chars for _name, prose, _lengths in real]
        print(f"       ； in part one {min(counts)}–{max(counts)}, part one {min(chars)}–{max(chars)} characters")
    if failed:
        print("TARGET MISSED:\n  " + "\n  ".join(failed))
        return 1
    print("OK: every demo report's part one is within the range, and no part is missing or thin")
    return 0


if __name__ == "__main__":
    sys.exit(main())
