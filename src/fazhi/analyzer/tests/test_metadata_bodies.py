"""Who reports on which year: the body named anywhere in the opening, resolved against the shipped regions.

The sentences are written for these tests: real region names from the registry, invented report text.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from fazhi.analyzer import analyze_text
from fazhi.analyzer.bodies import Context, Mention, parse_name, resolve
from fazhi.analyzer.clutter import clean_title
from fazhi.analyzer.places import place_short_form, registry
from fazhi.analyzer.tests.samples import REPORT

# The sample report's parts, without its title and opening sentence.
PARTS = REPORT[REPORT.index("　　一、") :]


def _analyze(head: str) -> dict:
    return analyze_text(head + PARTS, source="r.txt")


def _evidence(result: dict, text: str, key: str) -> str | None:
    span = result["evidence"][key]
    return text[span[0] : span[1]] if span else None


# ---------------------------------------------------------------- the regions file


def test_the_registry_gives_full_names_with_parents():
    reg = registry()
    (jinghai,) = reg.by_name["静海区"]
    assert (jinghai.code, reg.full_name(jinghai)) == ("120118", "天津市静海区")  # a municipality's county
    (luotian,) = reg.by_name["罗田县"]
    assert reg.full_name(luotian) == "黄冈市罗田县"  # a county with its city
    (yiwu,) = reg.by_name["义乌市"]
    assert yiwu.level == "county" and reg.full_name(yiwu) == "浙江省义乌市"  # a county-level city in its province
    (gansu,) = reg.by_name["甘肃省"]
    assert reg.full_name(gansu) == "甘肃省"
    assert len(reg.by_name["朝阳区"]) == 2
    assert "市辖区" not in reg.by_name and "县" not in reg.by_name  # placeholders are never a place's name


@pytest.mark.parametrize(
    ("name", "short"),
    [("静海区", "静海"), ("新疆维吾尔自治区", "新疆"), ("西藏自治区", "西藏"), ("恩施土家族苗族自治州", "恩施"),
     ("浦东新区", "浦东"), ("大兴安岭地区", "大兴安岭")],
)
def test_short_names(name, short):
    assert place_short_form(name) == short


def test_the_registry_is_read_without_django():
    code = (
        "import sys\n"
        "sys.modules['django'] = None\n"
        "from fazhi.analyzer.places import registry\n"
        "assert registry().by_name['静海区'][0].code == '120118'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- names taken apart


@pytest.mark.parametrize(
    ("raw", "places", "anonymous", "form", "unit"),
    [
        ("天津市静海区", ("天津市", "静海区"), None, "government", ""),
        ("罗田县人民政府", ("罗田县",), None, "government", "人民政府"),
        ("中共青岛市交通运输局党组", ("青岛市",), None, "department", "交通运输局"),
        ("甘肃省委、省政府", ("甘肃省",), None, "joint", ""),
        ("中共罗田县委 罗田县人民政府", ("罗田县",), None, "joint", ""),
        ("区政府", (), "区", "government", "政府"),
        ("我市", (), "市", "government", ""),
        ("市生态环境局党组", (), "市", "department", "生态环境局"),
        ("周溪乡", (), None, "township", "周溪乡人民政府"),
        ("汉台区七里街道办事处", ("汉台区",), None, "township", "七里街道办事处"),
        ("虹桥街道", (), None, "township", "虹桥街道办事处"),
        ("东区街道", (), None, "township", "东区街道办事处"),  # not the registry's 东区
    ],
)
def test_parse_name(raw, places, anonymous, form, unit):
    p = parse_name(raw)
    assert (p.places, p.anonymous, p.form, p.unit) == (places, anonymous, form, unit)


@pytest.mark.parametrize("raw", ["有关情况", "各项工作", "法治建设", "我局", "本委"])
def test_words_that_are_no_body_are_not_taken_for_one(raw):
    assert parse_name(raw) is None


def test_a_market_bureau_is_not_an_anonymous_city():
    p = parse_name("市场监督管理局")
    assert (p.places, p.anonymous, p.form, p.unit) == ((), None, "department", "市场监督管理局")


def test_resolve_prefers_a_named_mention_to_an_anonymous_one():
    ctx = Context([(0, "2022年，全省法治政府建设取得新成效。")])
    body = resolve([Mention("全省", 0, 2), Mention("甘肃省", 10, 13)], ctx)
    assert (body.government, body.level, body.region_code, body.span) == ("甘肃省人民政府", "province", "620000", (10, 13))


# ---------------------------------------------------------------- government, level, region code


def test_a_title_named_county_is_resolved_to_its_full_name():
    head = "静海区2023年度法治政府建设情况报告\n　　2023年，静海区坚持依法行政。\n"
    result = _analyze(head)
    assert (result["government"], result["level"], result["region_code"]) == ("天津市静海区人民政府", "county", "120118")
    assert _evidence(result, head + PARTS, "government") == "静海区"


def test_a_place_outside_the_registry_is_kept_as_written():
    result = _analyze("示范县2023年度法治政府建设情况报告\n　　2023年，示范县坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("示范县", "county", None)


def test_a_county_level_city_is_a_county_in_its_province():
    result = _analyze("义乌市2022年度法治政府建设情况报告\n　　2022年，义乌市坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("浙江省义乌市人民政府", "county", "330782")


def test_an_ambiguous_name_is_kept_as_written_without_a_parent():
    result = _analyze("朝阳区2023年度法治政府建设情况报告\n　　2023年，朝阳区坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("朝阳区", "county", None)


def test_an_ambiguous_name_is_resolved_by_a_parent_named_in_the_opening():
    result = _analyze(
        "朝阳区2023年度法治政府建设情况报告\n　　2023年，在长春市委、市政府的坚强领导下，朝阳区坚持依法行政。\n"
    )
    assert (result["government"], result["region_code"]) == ("长春市朝阳区人民政府", "220104")


def test_a_joint_report_of_the_party_committee_and_the_government_is_the_place():
    head = "　　2023年，甘肃省委、省政府坚持以习近平法治思想为指导，推进法治政府建设。\n"
    result = _analyze(head)
    assert (result["government"], result["level"], result["region_code"]) == ("甘肃省", "province", "620000")
    assert _evidence(result, head + PARTS, "government") == "甘肃省委、省政府"


def test_a_title_naming_a_place_and_an_opening_naming_both_committees_is_joint():
    result = _analyze("2023年度甘肃省法治政府建设情况报告\n　　2023年，省委、省政府坚持依法行政。\n")
    assert (result["government"], result["level"]) == ("甘肃省", "province")


def test_a_title_naming_the_government_stays_the_government():
    result = _analyze("甘肃省人民政府关于2023年度法治政府建设情况的报告\n　　2023年，省委、省政府坚持依法行政。\n")
    assert (result["government"], result["level"]) == ("甘肃省人民政府", "province")


def test_a_joint_title_of_a_county():
    result = _analyze("中共罗田县委 罗田县人民政府关于2023年度法治政府建设情况的报告\n　　2023年，罗田县坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("黄冈市罗田县", "county", "421123")


def test_an_autonomous_region_named_only_by_its_kind_and_a_set_phrase():
    result = _analyze("　　2022年，自治区党委、自治区人民政府坚持依法行政，建设法治广西。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("广西壮族自治区", "province", "450000")


def test_a_department_keeps_its_parent_place():
    head = "兰州市司法局关于2023年法治政府建设情况的报告\n　　2023年，市司法局坚持依法行政。\n"
    result = _analyze(head)
    assert (result["government"], result["level"], result["region_code"]) == ("兰州市司法局", "department", "620100")


def test_a_departments_party_group_above_the_title_names_the_department():
    head = "中共株洲市生态环境局党组\n2023年度法治政府建设情况报告\n　　2023年，市生态环境局党组坚持依法行政。\n"
    result = _analyze(head)
    assert (result["government"], result["level"], result["region_code"]) == ("株洲市生态环境局", "department", "430200")
    assert _evidence(result, head + PARTS, "government") == "中共株洲市生态环境局党组"


def test_an_anonymous_department_is_placed_by_the_opening():
    result = _analyze("市司法局2023年度法治政府建设情况报告\n　　2023年，绵阳市司法局坚持依法行政。\n")
    assert (result["government"], result["level"]) == ("绵阳市司法局", "department")


def test_a_report_as_sentence_names_body_and_year():
    head = "　　根据上级要求，现将岳池县司法局2022年度法治政府建设工作报告如下：\n"
    result = _analyze(head)
    text = head + PARTS
    assert (result["government"], result["level"], result["year"]) == ("广安市岳池县司法局", "department", 2022)
    assert _evidence(result, text, "government") == "岳池县司法局"
    assert _evidence(result, text, "year") == "2022年度"


def test_we_the_city_is_resolved_by_the_city_the_opening_names():
    head = "　　2023年，我市坚持以习近平法治思想为指导，全力打造法治洛阳，法治政府建设取得新成效。\n"
    result = _analyze(head)
    assert (result["government"], result["level"], result["region_code"]) == ("洛阳市人民政府", "city", "410300")
    assert _evidence(result, head + PARTS, "government") == "洛阳"


def test_a_short_name_inside_a_common_phrase_is_not_a_place():
    # 长治 is 长治市's short name, but "社会长治久安" says nothing of it.
    result = _analyze("　　2022年，我市坚持依法行政，保障社会长治久安。\n")
    assert result["government"] is None and result["region_code"] is None


def test_an_anonymous_body_with_no_place_named_keeps_only_its_level():
    result = _analyze("　　2022年，我区坚持依法行政，法治建设取得新成效。\n")
    assert (result["government"], result["level"], result["region_code"]) == (None, "county", None)


def test_we_the_township_is_a_township_without_a_name():
    result = _analyze("　　2023年，我镇坚持依法行政，法治建设取得新成效。\n")
    assert (result["government"], result["level"], result["region_code"]) == (None, "township", None)


def test_the_opening_subject_after_clauses_of_leadership():
    result = _analyze("　　2023年，在市委、市政府的坚强领导下，在区人大的监督下，区政府坚持依法行政，奋力建设新江岸。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("武汉市江岸区人民政府", "county", "420102")


# ---------------------------------------------------------------- townships


def test_a_township_whose_county_the_opening_names():
    result = _analyze("　　2023年，在罗田县委、县政府的正确领导下，白庙河镇坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == (
        "黄冈市罗田县白庙河镇人民政府", "township", "421123")


# 云溪湾镇 is invented: the country's township list does not hold it.


def test_a_township_without_its_county_keeps_its_own_name():
    result = _analyze("　　一年来，云溪湾镇在县委、县政府的正确领导下，坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == ("云溪湾镇人民政府", "township", None)


def test_a_township_without_its_county_in_the_country_list_is_placed_by_it():
    result = _analyze("　　一年来，白庙河镇在县委、县政府的正确领导下，坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == (
        "黄冈市罗田县白庙河镇人民政府", "township", "421123")


def test_a_township_between_two_counties_named_gets_neither():
    result = _analyze("　　2023年，云溪湾镇坚持依法行政，学习罗田县、英山县的经验。\n")
    assert (result["government"], result["region_code"]) == ("云溪湾镇人民政府", None)


def test_a_subdistrict_in_a_full_title():
    result = _analyze("上海市浦东新区花木街道2023年度法治政府建设情况报告\n　　2023年，花木街道坚持依法行政。\n")
    assert (result["government"], result["level"], result["region_code"]) == (
        "上海市浦东新区花木街道办事处", "township", "310115")


# ---------------------------------------------------------------- titles and their clutter


def test_mirror_clutter_before_a_title_glued_to_its_text():
    head = "范文之家—全网资源每日更新www.example.com甘肃省人民政府关于2023年度法治政府建设情况的报告2023年，省政府坚持依法行政。\n"
    result = _analyze(head)
    assert result["title"] == "甘肃省人民政府关于2023年度法治政府建设情况的报告"
    assert (result["government"], result["level"], result["year"]) == ("甘肃省人民政府", "province", 2023)
    assert _evidence(result, head + PARTS, "government") == "甘肃省人民政府"


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("某某网—全网资源每日更新www.example.com示范县2023年度法治政府建设情况报告", "示范县2023年度法治政府建设情况报告"),
        ("示范县关于2023年法治政府建设情况的报告-某某娱乐网", "示范县关于2023年法治政府建设情况的报告"),
        ("示范县2023年度法治政府建设情况报告_某某文库", "示范县2023年度法治政府建设情况报告"),
        ("示范县2023年度法治政府建设情况报告【打印】【关闭】", "示范县2023年度法治政府建设情况报告"),
        ("示范县2023年度法治政府建设情况报告", "示范县2023年度法治政府建设情况报告"),
        ("示范县2023—2024年法治政府建设情况", "示范县2023—2024年法治政府建设情况"),  # a dash inside stays
    ],
)
def test_clean_title(title, clean):
    assert clean_title(title) == clean


# ---------------------------------------------------------------- the year and the evidence


def test_the_year_reported_on_not_the_year_of_publication():
    head = "发布时间：2024-03-01\n　　为推进依法行政，现将罗田县2023年度法治政府建设情况报告如下：\n"
    result = _analyze(head)
    assert result["year"] == 2023
    assert _evidence(result, head + PARTS, "year") == "2023年度"


def test_a_year_inside_a_cited_document_is_not_the_year_reported():
    head = "　　根据《关于做好2023年度法治政府建设情况报告工作的通知》，现将云溪湾镇2024年法治政府建设工作报告如下：\n"
    result = _analyze(head)
    assert result["year"] == 2024 and result["government"] == "云溪湾镇人民政府"


def test_the_opening_year():
    head = "　　2021年，罗田县坚持依法行政。\n"
    result = _analyze(head)
    assert result["year"] == 2021 and _evidence(result, head + PARTS, "year") == "2021年"


def test_evidence_indexes_the_text_as_given_after_a_repair():
    head = "【打印】【关闭】2024年，静海区坚持依法行政，现将有关情况报告如下：\n"
    text = head + PARTS
    result = analyze_text(text)
    assert any("repaired" in w for w in result.get("warnings", []))
    assert _evidence(result, text, "government") == "静海区" and _evidence(result, text, "year") == "2024年"


def test_the_output_has_region_code_and_evidence_and_an_error_has_them_empty():
    result = analyze_text("")
    assert result["region_code"] is None and result["evidence"] == {"government": None, "year": None}
    assert list(_analyze("示范县2023年度法治政府建设情况报告\n").keys())[:4] == ["source", "title", "government", "region_code"]
