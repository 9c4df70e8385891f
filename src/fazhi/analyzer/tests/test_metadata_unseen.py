"""Who reports on which year, in the shapes real reports take beyond the development set: townships and their joint
issuers, a township's county named as its own, openings without a title, the year from a subtitle or a notice.

The sentences are written for these tests: invented places (青山县, 白沙镇, 河西街道) and real region names from the
registry (罗田县, 英山县, 麻城市) used only as registry examples, with invented report text.
"""

from __future__ import annotations

import pytest

from fazhi.analyzer import analyze_text
from fazhi.analyzer.bodies import Context, find_township_county, parse_name
from fazhi.analyzer.tests.samples import REPORT

# The sample report's parts, without its title, opening sentence and signature date.
PARTS = REPORT[REPORT.index("　　一、") :].replace("2025年1月20日", "")

# Report text long enough to put a signature beyond the opening that is read for names.
FILLER = "　　全镇持续推进依法行政，不断完善工作机制，落实各项制度要求。\n" * 60


def _analyze(head: str) -> dict:
    return analyze_text(head + PARTS, source="r.txt")


def _meta(head: str) -> tuple:
    result = _analyze(head)
    return result["government"], result["level"], result["region_code"]


def _meta_of(text: str) -> tuple:
    result = analyze_text(text, source="r.txt")
    return result["government"], result["level"], result["region_code"]


def _evidence(result: dict, text: str, key: str) -> str | None:
    span = result["evidence"][key]
    return text[span[0] : span[1]] if span else None


# ---------------------------------------------------------------- a township's own name shapes


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("中共白沙镇委员会 白沙镇人民政府", "白沙镇人民政府"),
        ("白沙镇党委 白沙镇人民政府", "白沙镇人民政府"),
        ("白沙镇党委、镇政府", "白沙镇人民政府"),
        ("河西街道党工委 河西街道办事处", "河西街道办事处"),
        ("河西街道党工委、办事处", "河西街道办事处"),
        ("中共白沙镇委员会", "白沙镇人民政府"),
        ("白沙瑶族乡人民政府", "白沙瑶族乡人民政府"),
    ],
)
def test_a_townships_party_committee_and_government_together_is_the_township(raw, unit):
    p = parse_name(raw)
    assert (p.places, p.form, p.unit) == ((), "township", unit)


@pytest.mark.parametrize("raw", ["各乡镇", "乡镇街道", "镇街"])
def test_a_countys_townships_together_are_no_township(raw):
    p = parse_name(raw)
    assert p is None or p.form != "township"


def test_an_opening_about_every_township_names_no_body():
    assert _meta("　　2023年，各乡镇法治政府建设取得新成效。\n")[0] is None


def test_two_different_townships_together_are_no_body():
    assert parse_name("白沙镇党委 东湖镇人民政府") is None


def test_a_townships_office_is_a_department():
    p = parse_name("白沙镇综合行政执法办公室")
    assert (p.form, p.unit) == ("department", "白沙镇综合行政执法办公室")


def test_a_joint_township_title_is_a_township():
    head = "中共白沙镇委员会 白沙镇人民政府关于2023年度法治政府建设情况的报告\n　　2023年，白沙镇坚持依法行政。\n"
    assert _meta(head) == ("白沙镇人民政府", "township", None)


def test_a_joint_subdistrict_title_is_a_township():
    head = "河西街道党工委 河西街道办事处关于2023年度法治政府建设情况的报告\n　　2023年，河西街道坚持依法行政。\n"
    assert _meta(head) == ("河西街道办事处", "township", None)


@pytest.mark.parametrize(
    ("opening", "government"),
    [
        ("　　2023年，河西街道党工委、办事处坚持依法行政。\n", "河西街道办事处"),
        ("　　2023年，白沙镇党委、镇政府坚持依法行政。\n", "白沙镇人民政府"),
        ("　　2023年，白沙镇法治政府建设取得新成效。\n", "白沙镇人民政府"),
        ("　　一年来，河西街道办事处在区委、区政府的正确领导下，坚持依法行政。\n", "河西街道办事处"),
    ],
)
def test_a_township_opening_without_a_title(opening, government):
    assert _meta(opening) == (government, "township", None)


# ---------------------------------------------------------------- a township's county, where named as its own


def test_a_township_in_the_county_whose_committee_leads_it():
    head = (
        "白沙镇2023年法治政府建设工作报告\n　　2023年，在罗田县委、县政府的坚强领导下，白沙镇坚持依法行政。\n"
    )
    assert _meta(head) == ("黄冈市罗田县白沙镇人民政府", "township", "421123")


def test_a_township_in_the_county_whose_plan_it_follows():
    head = "　　根据《罗田县2023年法治政府建设工作要点》，现将白沙镇2023年法治政府建设情况报告如下：\n"
    result = _analyze(head)
    assert (result["government"], result["year"]) == ("黄冈市罗田县白沙镇人民政府", 2023)
    assert _evidence(result, head + PARTS, "government") == "白沙镇"


def test_a_township_in_a_county_level_city_is_in_its_province():
    head = "　　2023年，在麻城市委、市政府的坚强领导下，白沙镇坚持依法行政。\n"
    assert _meta(head) == ("湖北省麻城市白沙镇人民政府", "township", "421181")


def test_a_township_on_its_countys_site_is_in_that_county():
    head = "罗田县人民政府网\n首页 > 乡镇动态\n白沙镇2023年法治政府建设工作报告\n　　2023年，白沙镇坚持依法行政。\n"
    assert _meta(head) == ("黄冈市罗田县白沙镇人民政府", "township", "421123")


def test_a_township_whose_byline_names_its_county():
    head = "白沙镇2023年法治政府建设工作报告\n发布时间：2024-01-10 来源：罗田县人民政府\n　　2023年，白沙镇坚持依法行政。\n"
    assert _meta(head) == ("黄冈市罗田县白沙镇人民政府", "township", "421123")


def test_a_township_takes_its_county_from_a_signature_naming_it_in_full():
    text = (
        "白沙镇2023年法治政府建设工作报告\n　　2023年，白沙镇坚持依法行政。\n"
        + PARTS
        + FILLER
        + "罗田县白沙镇人民政府\n2024年1月5日\n"
    )
    result = analyze_text(text)
    assert (result["government"], result["level"], result["region_code"]) == (
        "黄冈市罗田县白沙镇人民政府",
        "township",
        "421123",
    )
    assert _evidence(result, text, "government") == "罗田县白沙镇人民政府"


def test_a_signature_of_another_township_changes_nothing():
    text = (
        "白沙镇2023年法治政府建设工作报告\n　　2023年，白沙镇坚持依法行政。\n"
        + PARTS
        + FILLER
        + "罗田县东湖镇人民政府\n2024年1月5日\n"
    )
    assert _meta_of(text) == ("白沙镇人民政府", "township", None)


def test_a_county_named_for_its_example_is_not_the_townships():
    head = (
        "白沙镇人民政府关于2023年法治政府建设工作情况的报告\n"
        "　　2023年，在县委、县政府的坚强领导下，我镇坚持依法行政，学习英山县经验。\n"
    )
    assert _meta(head) == ("白沙镇人民政府", "township", None)


def test_two_counties_named_as_the_townships_own_give_neither():
    ctx = Context([(0, "在罗田县委领导下，学习英山县委的做法。")])
    assert find_township_county(ctx, "白沙镇人民政府") is None


def test_the_page_furniture_is_read_only_when_the_opening_names_no_county():
    ctx = Context([(0, "在罗田县委领导下，白沙镇坚持依法行政。")], head=[(100, "英山县人民政府网")])
    region, span = find_township_county(ctx, "白沙镇人民政府")
    assert (region.name, span) == ("罗田县", (1, 4))


def test_a_county_right_before_the_township_is_its_county():
    ctx = Context([(0, "罗田县白沙镇全年办理案件若干。")])
    region, _span = find_township_county(ctx, "白沙镇人民政府")
    assert region.code == "421123"


# ---------------------------------------------------------------- openings without a title


@pytest.mark.parametrize(
    ("opening", "government", "level"),
    [
        ("　　2017年，湖北省法治政府建设取得新进展。\n", "湖北省人民政府", "province"),
        ("　　2017年，罗田县人民政府把法治政府建设摆在突出位置。\n", "黄冈市罗田县人民政府", "county"),
        ("　　2017年，罗田县抢抓机遇，推进法治政府建设。\n", "黄冈市罗田县人民政府", "county"),
        ("　　过去的一年，罗田县坚持依法行政。\n", "黄冈市罗田县人民政府", "county"),
        ("　　2023年，全县上下坚持依法行政，建设法治罗田。\n", "黄冈市罗田县人民政府", "county"),
    ],
)
def test_the_opening_subject_in_more_shapes(opening, government, level):
    assert _meta(opening)[:2] == (government, level)


def test_a_report_as_sentence_alone_is_not_taken_for_a_title():
    result = _analyze("　　现将罗田县司法局2023年法治政府建设情况报告如下。\n")
    assert (result["government"], result["level"], result["year"]) == (
        "黄冈市罗田县司法局",
        "department",
        2023,
    )


def test_a_joint_issuer_line_above_the_title():
    head = "中共罗田县委 罗田县人民政府\n关于2023年度法治政府建设情况的报告\n　　2023年，全县坚持依法行政。\n"
    assert _meta(head) == ("黄冈市罗田县", "county", "421123")


def test_a_date_before_the_title_on_its_line_is_not_the_body():
    result = _analyze("2024-03-05 罗田县2023年法治政府建设年度报告\n　　2023年，罗田县坚持依法行政。\n")
    assert (result["government"], result["year"]) == ("黄冈市罗田县人民政府", 2023)


# ---------------------------------------------------------------- the year reported on


def test_the_year_from_a_subtitle_under_the_title():
    result = _analyze("关于青山县法治政府建设情况的报告\n（2023年度）\n　　青山县坚持依法行政。\n")
    assert result["year"] == 2023


def test_the_year_from_the_notice_asking_for_the_report():
    head = "青山县法治政府建设工作情况报告\n　　根据《关于做好2023年度法治政府建设情况报告工作的通知》要求，现将有关情况报告如下：\n"
    result = _analyze(head)
    assert result["year"] == 2023 and _evidence(result, head + PARTS, "year") == "2023"


def test_a_plan_named_in_a_notice_is_not_a_report():
    head = "青山县法治政府建设工作情况报告\n发布时间：2024-02-01\n　　对照《2024年全县法治政府建设工作要点》，一年来青山县坚持依法行政。\n"
    assert _analyze(head)["year"] == 2023


def test_the_year_before_publication_and_this_year_for_a_report_saying_so():
    last = "青山县法治政府建设工作情况报告\n发布时间：2024-02-01\n　　一年来，青山县坚持依法行政。\n"
    this = "青山县法治政府建设工作情况报告\n发布时间：2023-12-20\n　　今年以来，青山县坚持依法行政。\n"
    assert (_analyze(last)["year"], _analyze(this)["year"]) == (2023, 2023)


def test_this_year_early_in_the_next_year_is_not_the_year_reported():
    head = "青山县法治政府建设工作情况报告\n发布时间：2024-02-01\n　　一年来青山县坚持依法行政，今年是攻坚之年。\n"
    assert _analyze(head)["year"] == 2023


def test_the_last_resort_is_a_year_named_outside_a_cited_document_and_a_period():
    head = (
        "青山县关于法治政府建设工作的报告\n"
        "　　根据《法治政府建设实施纲要（2021—2025年）》，青山县坚持依法行政，2023年共召开专题会议3次。\n"
    )
    assert _analyze(head)["year"] == 2023


def test_the_first_headings_year_is_read_when_nothing_before_it_names_one():
    # The sample's first heading is "一、2024年推进法治政府建设的主要举措和成效".
    assert _analyze("青山县关于法治政府建设工作的报告\n　　青山县坚持依法行政。\n")["year"] == 2024


def test_no_year_anywhere_is_none():
    text = "青山县关于法治政府建设工作的报告\n　　青山县坚持依法行政，全面推进法治建设。\n　　一、主要举措\n　　加强领导。\n"
    assert analyze_text(text)["year"] is None


# ---------------------------------------------------------------- bodies at their level


def test_a_prefectures_administrative_office_is_a_city_government():
    head = "大兴安岭地区行政公署2023年法治政府建设情况报告\n　　2023年，全区坚持依法行政。\n"
    assert _meta(head) == ("大兴安岭地区行政公署", "city", "232700")


@pytest.mark.parametrize("short", ["发改委", "卫健委"])
def test_a_departments_short_name_ending_in_wei_is_a_department(short):
    assert _meta(f"　　2023年，罗田县{short}坚持依法行政。\n") == (
        f"黄冈市罗田县{short}",
        "department",
        "421123",
    )


def test_a_countys_party_committee_alone_is_no_department():
    p = parse_name("罗田县委")
    assert p is None or p.form != "department"


def test_the_opening_sentence_below_a_sites_menu_words():
    head = "首页\n政务公开\n法规文件\n规划计划\n统计信息\n　　2023年，罗田县坚持以习近平法治思想为指导，推进法治政府建设。\n"
    assert _meta(head) == ("黄冈市罗田县人民政府", "county", "421123")


def test_a_redacted_county_in_the_opening_is_a_county():
    assert _meta("　　2023年，XX县坚持依法行政。\n") == ("XX县", "county", None)
