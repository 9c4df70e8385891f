"""A township's report that never names its county, placed by the country's township list (``places.townships``).

The sentences are written for these tests. The township and county names are real ones from the shipped list, used
only as registry examples: 青石岭镇 and 月亮湾街道 are the only townships of their name; 甘棠街道 (九江市浔阳区,
三门峡市陕州区), 张华镇 (德州市平原县, 广元市旺苍县) and 黄山头镇 (荆州市公安县, 常德市安乡县) are each two. 云溪湾镇 is invented.
"""

from __future__ import annotations

import pytest

from fazhi.analyzer import analyze_text, places
from fazhi.analyzer.bodies import Context, find_township
from fazhi.analyzer.tests.samples import REPORT

PARTS = REPORT[REPORT.index("　　一、") :].replace("2025年1月20日", "")


def _analyze(head: str) -> dict:
    return analyze_text(head + PARTS, source="r.txt")


def _meta(head: str) -> tuple:
    result = _analyze(head)
    return result["government"], result["level"], result["region_code"]


# ---------------------------------------------------------------- the list


def test_the_list_finds_a_townships_every_namesake():
    found = places.townships().named("张华镇")
    assert sorted((t.code, t.parent_code, t.level) for t in found) == [
        ("371426106", "371426", "township"),
        ("510821105", "510821", "township"),
    ]
    assert places.townships().named("甘棠街道办事处") == places.townships().named("甘棠街道")
    assert places.townships().named("云溪湾镇") == []


def test_find_township_without_clues_leaves_namesakes_apart():
    ctx = Context([(0, "　　2023年，张华镇坚持依法行政。")])
    assert find_township(ctx, "张华镇人民政府") is None
    township, county = find_township(Context([(0, "　　2023年，青石岭镇坚持依法行政。")]), "青石岭镇人民政府")
    assert (township.code, county.name) == ("210881112", "盖州市")


# ---------------------------------------------------------------- a township alone of its name


def test_a_unique_township_gets_its_full_name():
    head = "　　2023年，青石岭镇在市委、市政府的坚强领导下，全面推进依法行政，法治建设取得新成效。\n"
    result = _analyze(head)
    assert (result["government"], result["level"], result["region_code"]) == (
        "辽宁省盖州市青石岭镇人民政府",
        "township",
        "210881",
    )
    start, end = result["evidence"]["government"]
    assert (head + PARTS)[start:end] == "青石岭镇"


def test_a_subdistrict_office_gets_its_full_name():
    head = (
        "月亮湾街道办事处关于2023年度法治政府建设情况的报告\n"
        "　　2023年，在县委、县政府的正确领导下，月亮湾街道办事处坚持依法行政。\n"
    )
    assert _meta(head) == ("驻马店市新蔡县月亮湾街道办事处", "township", "411729")


def test_a_township_not_in_the_list_keeps_its_own_name():
    assert _meta("　　2023年，云溪湾镇坚持依法行政，法治建设取得新成效。\n") == (
        "云溪湾镇人民政府",
        "township",
        None,
    )


# ---------------------------------------------------------------- namesakes


def test_a_township_two_counties_share_is_left_without_a_county():
    assert _meta("　　2023年，甘棠街道在区委、区政府的正确领导下，坚持依法行政。\n") == (
        "甘棠街道办事处",
        "township",
        None,
    )


@pytest.mark.parametrize(
    ("opening", "government", "code"),
    [
        # its county, named in passing (not as the body's own: find_township_county leaves it)
        (
            "　　2023年，甘棠街道坚持依法行政，为浔阳区高质量发展提供坚实法治保障。\n",
            "九江市浔阳区甘棠街道办事处",
            "360403",
        ),
        # its city
        (
            "　　2023年，甘棠街道坚持依法行政，主动融入三门峡市发展大局。\n",
            "三门峡市陕州区甘棠街道办事处",
            "411203",
        ),
        # its province, in full
        (
            "　　2023年，张华镇坚持依法行政，为建设更高水平的法治山东省贡献力量。\n",
            "德州市平原县张华镇人民政府",
            "371426",
        ),
        # its province, by its short name
        (
            "　　2023年，张华镇坚持依法行政，奋力谱写四川发展新篇章。\n",
            "广元市旺苍县张华镇人民政府",
            "510821",
        ),
        # the county outweighs a province named too
        (
            "　　2023年，张华镇坚持依法行政，学习山东先进经验，服务旺苍县发展。\n",
            "广元市旺苍县张华镇人民政府",
            "510821",
        ),
    ],
)
def test_a_township_two_counties_share_is_placed_by_the_place_the_opening_names(opening, government, code):
    assert _meta(opening) == (government, "township", code)


def test_a_countys_short_name_places_a_township_only_in_a_set_phrase():
    assert _meta("　　2023年，甘棠街道坚持依法行政，奋力建设法治浔阳。\n")[2] == "360403"
    # 公安 is 公安县's short name, and the police too.
    assert _meta("　　2023年，黄山头镇坚持依法行政，联合公安、司法所开展普法宣传。\n") == (
        "黄山头镇人民政府",
        "township",
        None,
    )


def test_a_township_two_counties_share_is_placed_by_the_pages_breadcrumb():
    head = "首页 > 德州市 > 乡镇动态\n张华镇2023年法治政府建设工作报告\n　　2023年，张华镇坚持依法行政。\n"
    assert _meta(head) == ("德州市平原县张华镇人民政府", "township", "371426")


def test_a_township_whose_namesakes_places_are_both_named_stays_without_a_county():
    opening = "　　2023年，甘棠街道坚持依法行政，学习九江市、三门峡市的经验做法。\n"
    assert _meta(opening) == ("甘棠街道办事处", "township", None)


# ---------------------------------------------------------------- counties, and what a county report costs


def test_a_county_report_is_never_a_township():
    head = "平原县2023年法治政府建设情况报告\n　　2023年，平原县坚持依法行政，指导张华镇等各乡镇推进基层法治建设。\n"
    assert _meta(head) == ("德州市平原县人民政府", "county", "371426")


def test_a_county_report_does_not_read_the_township_list():
    places.townships.cache_clear()
    try:
        _analyze(
            "平原县2023年法治政府建设情况报告\n　　2023年，平原县坚持依法行政，各乡镇法治建设取得新成效。\n"
        )
        assert places.townships.cache_info().currsize == 0
        _analyze("　　2023年，青石岭镇坚持依法行政。\n")
        assert places.townships.cache_info().currsize == 1
    finally:
        places.townships.cache_clear()


# ---------------------------------------------------------------- many namesakes (城关镇: some 88 across the country)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("　　2023年，城关镇在清水河县委、县政府的领导下，坚持依法行政。\n", ("呼和浩特市清水河县城关镇人民政府", "150124")),
        ("　　2023年，城关镇坚持依法行政，服务兴和县发展大局。\n", ("乌兰察布市兴和县城关镇人民政府", "150924")),
        ("　　2023年，城关镇坚持依法行政，建设法治兴和。\n", ("乌兰察布市兴和县城关镇人民政府", "150924")),
        ("　　2023年，城关镇坚持依法行政。\n", ("城关镇人民政府", None)),
    ],
)
def test_a_township_of_many_namesakes_is_placed_by_its_county_named(opening, expected):
    government, level, code = _meta(opening)
    assert (government, code) == expected and level == "township"
