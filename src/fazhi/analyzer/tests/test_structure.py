from fazhi.analyzer import analyze_text
from fazhi.analyzer.tests.samples import REPORT, UNHEADED


def _sections(text):
    return analyze_text(text, source="sample.txt")["sections"]


def test_top_level_headings_in_order():
    top = [s["heading"] for s in _sections(REPORT) if s["level"] == 1]
    assert top == [
        "一、2024年推进法治政府建设的主要举措和成效",
        "二、党政主要负责人履行推进法治建设第一责任人职责情况",
        "三、存在的不足和原因",
        "四、2025年工作安排",
        "五、其他需要报告的情况",
    ]


def test_five_mandated_parts_are_categorised():
    cats = [s["category"] for s in _sections(REPORT) if s["level"] == 1]
    assert cats == ["measures", "first_responsible", "shortcomings", "next_year", "other"]


def test_heading_levels_and_run_in_lead_ins():
    secs = _sections(REPORT)
    by_heading = {s["heading"]: s for s in secs}
    # A run-in heading ends before the 。 that closes it; a run-in lead-in keeps its sentence whole.
    assert by_heading["（一）依法全面履行政府职能"]["level"] == 2
    assert by_heading["1.健全重大行政决策程序"]["level"] == 3
    runin = by_heading["一是深化“放管服”改革。"]
    assert runin["kind"] == "runin" and runin["level"] == 3
    assert by_heading["二是规范行政审批。"]["level"] == 3


def test_section_spans_index_the_text():
    for s in _sections(REPORT):
        assert REPORT[s["start"] : s["heading_end"]] == s["heading"]
        assert s["start"] < s["end"] <= len(REPORT)


def test_unheaded_shortcomings_and_plan_paragraphs_are_found():
    result = analyze_text(UNHEADED, source="unheaded.txt")
    assert result["flags"] == {
        "has_first_responsible_section": False,
        "has_shortcomings_section": True,
        "has_next_year_plan": True,
    }
    assert [s["heading"] for s in result["sections"] if s["level"] == 1] == [
        "一、强化组织领导，法治建设持续推进",
        "二、严格规范执法，执法质量稳步提升",
    ]


def test_first_responsible_in_a_paragraph_is_not_a_section():
    text = UNHEADED.replace("召开专题会议5次", "党政主要负责人履行第一责任人职责，召开专题会议5次")
    assert analyze_text(text)["flags"]["has_first_responsible_section"] is False


def test_metadata():
    r = analyze_text(REPORT, source="sample.txt")
    assert (r["government"], r["level"], r["year"]) == ("示范县", "county", 2024)
    assert r["title"] == "示范县2024年度法治政府建设情况报告"
    assert r["publication_date"] == "2025-03-10"
    assert r["signed_date"] == "2025-01-20"


def test_levels_of_government():
    from fazhi.analyzer.metadata import classify_level

    assert classify_level("示范省", "") == "province"
    assert classify_level("重庆市", "") == "province"
    assert classify_level("示范县司法局", "") == "department"
    assert classify_level("示范县城关镇人民政府", "") == "township"
    assert classify_level("示范区新华街道办事处", "") == "township"
    assert classify_level("中共示范县委 示范县人民政府", "") == "county"
    assert classify_level("示范市", UNHEADED) == "city"
    assert classify_level("示范市", "全市各乡镇、镇街均已建立机构，乡镇政府…") == "county"


def test_checks_carry_reasons():
    checks = {c["code"]: c for c in analyze_text(REPORT)["checks"]}
    assert checks["mandated_contents"]["passed"] is True
    assert checks["published_on_time"]["passed"] is True
    assert checks["title_names_year"]["passed"] is True
    unheaded = {c["code"]: c for c in analyze_text(UNHEADED)["checks"]}
    assert unheaded["has_first_responsible"]["passed"] is False
    assert "第一责任人" in unheaded["mandated_contents"]["reason"]
