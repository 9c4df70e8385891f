"""The measures of ``scripts/bench_prose.py`` (``make bench-prose``): how part one of a report is counted, and
how the parts of a real report are found from the analyzer's sections. No database: the script runs the demo."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "bench_prose.py"


@pytest.fixture(name="bench", scope="module")
def bench_fixture():
    spec = importlib.util.spec_from_file_location("bench_prose", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_measure_counts_figures_and_both_semicolons_without_whitespace_or_placeholders(bench):
    prose = bench.measure("2025年，受理申请12件，办结11件；\n　　开展活动30场次; 受众1.2万人次。【待完善】")

    # 12件, 11件, 30场次 and 1.2万人次 are figures, the year is not; "；" and the corpus's half-width ";" both count.
    assert (prose.chars, prose.figures, prose.semicolons) == (38, 4, 2)
    assert prose.figures_per_k == pytest.approx(4000 / 38)
    assert prose.semicolons_per_k == pytest.approx(2000 / 38)
    assert bench.measure("").figures_per_k == 0.0


def test_real_parts_leave_out_titles_and_a_closing_part_of_another_category(bench):
    text = ("一、主要举措和成效\n（一）加强组织领导\n召开会议3次。同时也存在不足：一是力量薄弱。\n"
            "（二）执法工作稳步推进。全年办案12件。\n二、下一步安排\n一是加强培训。\n示范县人民政府")

    def span(heading, category, kind, end_at):
        start = text.index(heading)
        return {"heading": heading, "category": category, "kind": kind, "start": start,
                "heading_end": start + len(heading), "end": text.index(end_at) if end_at else len(text)}

    sections = [
        span("一、主要举措和成效", "measures", "heading", "二、"),
        span("（一）加强组织领导", "measures", "heading", "（二）"),
        span("同时也存在不足", "shortcomings", "paragraph", "\n（二）"),  # inside part one, as the analyzer nests it
        span("（二）执法工作稳步推进。", "measures", "heading", "\n二、"),  # a heading that is a sentence stays
        span("二、下一步安排", "next_year", "heading", "\n示范县"),
        span("一是加强培训。", "next_year", "runin", "\n示范县"),
    ]

    parts = {category: bench.plain(part) for category, part in bench.real_parts(text, sections).items()}

    assert parts == {
        "measures": "召开会议3次。（二）执法工作稳步推进。全年办案12件。",
        "shortcomings": "同时也存在不足：一是力量薄弱。",
        "next_year": "一是加强培训。",
    }


def test_real_parts_of_an_analyzed_report(bench):
    from fazhi.analyzer import analyze_text
    from fazhi.analyzer.tests.samples import REPORT, UNHEADED

    parts = bench.real_parts(REPORT, analyze_text(REPORT)["sections"])
    assert "主要举措和成效" not in parts["measures"]
    assert "全县共受理行政复议申请46件" in parts["measures"]
    assert "县委常委会专题研究法治建设4次" not in parts["measures"]
    assert bench.plain(parts["shortcomings"]) == "一是基层执法力量不足；二是部分单位学法不够深入。"

    # Shortcomings and plans in paragraphs at the end of the last topic leave part one.
    parts = bench.real_parts(UNHEADED, analyze_text(UNHEADED)["sections"])
    assert "抽查案卷320卷" in parts["measures"]
    assert "一是创新举措不多" not in parts["measures"]
    assert "一是创新举措不多" in parts["shortcomings"]


def test_out_of_range_against_the_corpus_range(bench):
    Prose = bench.Prose
    ranges = bench.corpus_range([Prose(1000, 3, 1), Prose(2000, 34, 0), Prose(3000, 30, 6)])

    assert ranges == {"figures": (3.0, 17.0), "semicolons": (0.0, 2.0)}
    assert bench.out_of_range(Prose(1000, 10, 2), ranges) == []
    assert bench.out_of_range(Prose(1000, 18, 0), ranges) == ["figures/1k 18.0 > 17.0"]
    assert bench.out_of_range(Prose(2000, 4, 5), ranges) == ["figures/1k 2.0 < 3.0", "；/1k 2.5 > 2.0"]
    # Compared as printed, to one decimal: 17.04 reads 17.0 and is within.
    assert bench.out_of_range(Prose(100_000, 1704, 0), ranges) == []
