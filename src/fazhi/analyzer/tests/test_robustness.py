"""Damaged copies of a report: mirror-site watermarks, redactions, PDF spacing and hard wraps, page numbers,
full-width digits, other heading styles and orders, a copy without its title. Texts written for the tests."""

import re

import pytest

from fazhi.analyzer import analyze_text
from fazhi.analyzer.clutter import is_clutter_line
from fazhi.analyzer.repair import OffsetMap, repair
from fazhi.analyzer.tests.samples import REPORT


def _top(result):
    return [s["heading"] for s in result["sections"] if s["level"] == 1]


def _figures(result):
    return sorted((i["value"], i["unit"]) for i in result["indicators"])


def _offsets_hold(text, result):
    for ind in result["indicators"]:
        assert text[ind["start"] : ind["end"]] == ind["quote"]
    for sec in result["sections"]:
        assert 0 <= sec["start"] <= sec["heading_end"] <= sec["end"] <= len(text)


CLEAN = analyze_text(REPORT)


# ---------------------------------------------------------------- undamaged texts are read as they stand


def test_clean_text_is_not_repaired():
    assert repair(REPORT) == (REPORT, None, [])
    assert "warnings" not in CLEAN


def test_offset_map_points_back_over_deletions():
    # "ab--cd" with "--" deleted reads "abcd"; the repaired "bc" is "b--c" in the original.
    offsets = OffsetMap([(0, 2), (4, 6)])
    assert [offsets.position(k) for k in range(4)] == [0, 1, 4, 5]
    assert offsets.span(1, 3) == (1, 5)


# ---------------------------------------------------------------- mirror-site watermarks


WATERMARKS = [
    "本文来源：某某政务网",
    "来源：中国某某网 www.example.com",
    "（责任编辑：张三）",
    "扫一扫在手机打开当前页",
    "打印本页 关闭窗口",
    "【字体：大 中 小】",
    "分享到：",
    "http://www.example.gov.cn/art/2025/3/28/art_1234_567890.html",
    "原标题：示范县2024年度法治政府建设情况报告",
    "发布时间：2025-03-28 10:12:33 浏览次数：1234",
    "更多精彩内容请访问某某法治网",
    "文章来源于网络，如有侵权请联系删除",
]


@pytest.mark.parametrize("line", WATERMARKS)
def test_watermark_lines_are_clutter(line):
    assert is_clutter_line(line)


def test_watermark_lines_between_paragraphs_are_ignored():
    lines = REPORT.split("\n")
    damaged = []
    for k, line in enumerate(lines):
        damaged.append(line)
        if 4 <= k < 20:
            damaged.append(WATERMARKS[k % len(WATERMARKS)])
    text = "\n".join(damaged)
    result = analyze_text(text)
    assert _top(result) == _top(CLEAN)
    assert _figures(result) == _figures(CLEAN)
    assert result["flags"] == CLEAN["flags"]


def test_watermarks_glued_to_headings_and_paragraphs_are_cut_off():
    text = (
        REPORT.replace("主要举措和成效\n", "主要举措和成效【打印】【关闭】\n")
        .replace("三、存在的不足和原因\n", "三、存在的不足和原因http://www.example.com/a/1.html\n")
        .replace("以上。\n", "以上。（责任编辑：张三）\n")
        .replace("无。\n", "无。更多精彩内容请访问某某法治网\n")
        .replace("　　（四）加强普法宣传", "扫一扫在手机打开当前页　　（四）加强普法宣传")
    )
    result = analyze_text(text)
    assert _top(result) == _top(CLEAN)
    assert [s["heading"] for s in result["sections"]] == [s["heading"] for s in CLEAN["sections"]]
    assert _figures(result) == _figures(CLEAN)
    assert any("furniture" in w for w in result["warnings"])
    _offsets_hold(text, result)


def test_report_words_about_a_source_are_not_cut():
    # "来源：" after an open clause is the report's own text, not a site's byline.
    text = REPORT.replace("报送备案18件，备案率100%。", "报送备案18件，备案率100%，资金来源：县级财政")
    clean, offsets, _ = repair(text)
    assert offsets is None and clean == text


# ---------------------------------------------------------------- redactions


@pytest.mark.parametrize("mark", ["XX", "××", "**", "＊＊", "X"])
def test_redacted_figure_is_not_reported(mark):
    text = REPORT.replace("受理行政复议申请46件", f"受理行政复议申请{mark}件").replace(
        "示范县坚持", "XX县坚持"
    )
    result = analyze_text(text)
    assert 46 not in [i["value"] for i in result["indicators"]]
    assert not any(
        i["printed"].endswith(mark + "件") or i["label"].endswith("行政复议申请")
        for i in result["indicators"]
    )
    # The other figures of the report are still read.
    assert len(result["indicators"]) == len(CLEAN["indicators"]) - 1


def test_redacted_place_name_in_title_is_still_a_county():
    text = REPORT.replace("示范县2024年度法治政府建设情况报告", "XX县2024年度法治政府建设情况报告")
    result = analyze_text(text)
    assert result["government"] == "XX县" and result["level"] == "county" and result["year"] == 2024


# ---------------------------------------------------------------- PDF spacing


def test_letter_spaced_line_is_read():
    line = "　　全县共受理行政复议申请46件，审结41件。"
    spaced = "　　" + " ".join("全县共受理行政复议申请46件，审结41件。")
    text = REPORT.replace("　　（三）化解矛盾纠纷。", spaced + "\n　　（三）化解矛盾纠纷。")
    assert line not in text
    result = analyze_text(text)
    found = [i for i in result["indicators"] if i["start"] < text.index("（三）化解")]
    assert [(i["value"], i["unit"]) for i in found][-2:] == [(46, "件"), (41, "件")]
    assert found[-2]["quote"].replace(" ", "").endswith("申请46件")
    _offsets_hold(text, result)


def test_spaces_around_numbers_are_closed():
    text = REPORT.replace("受理行政复议申请46件", "受理行政复议申请 46 件").replace("审结41件", "审结 41件")
    result = analyze_text(text)
    assert _figures(result) == _figures(CLEAN)
    quote = next(i["quote"] for i in result["indicators"] if i["value"] == 46)
    assert "46 件" in quote
    _offsets_hold(text, result)


def test_spaced_date_is_left_alone():
    # A year's spacing is not a figure's: "2025 年" keeps its space, and no repair is made.
    text = REPORT.replace("2025年1月20日", "2025 年1月20日")
    assert repair(text)[1] is None


# ---------------------------------------------------------------- PDF hard wraps and page numbers


def _hard_wrap(text, width=28, page_every=12, page="— {n} —"):
    """Wrap the body's paragraphs at ``width`` characters, with a page number every ``page_every`` lines."""
    out = []
    for line in text.split("\n"):
        if line.startswith("　　") and len(line) > width:
            out.extend(line[k : k + width] for k in range(0, len(line), width))
        else:
            out.append(line)
    paged = []
    for k, line in enumerate(out, start=1):
        paged.append(line)
        if k % page_every == 0:
            paged.append(page.format(n=k // page_every))
    return "\n".join(paged)


@pytest.mark.parametrize("page", ["— {n} —", "-{n}-", "第{n}页 共5页", "{n}"])
def test_hard_wrapped_report_reads_like_the_original(page):
    text = _hard_wrap(REPORT, page=page)
    assert text.count("\n") > REPORT.count("\n") + 10
    result = analyze_text(text)
    assert [re.sub(r"\s", "", h) for h in _top(result)] == _top(CLEAN)
    assert _figures(result) == _figures(CLEAN)
    assert result["flags"] == CLEAN["flags"]
    _offsets_hold(text, result)


def test_hard_wrapped_heading_is_one_heading():
    heading = "　　（五）坚持严格规范公正文明执法，全面推行行政执法三项制度，执法质量稳步提升"
    text = REPORT.replace(
        "　　二、党政主要负责人", heading + "\n　　执法案卷评查合格率96%。\n　　二、党政主要负责人"
    )
    wrapped = _hard_wrap(text)
    assert heading not in wrapped
    result = analyze_text(wrapped)
    second = [s for s in result["sections"] if s["level"] == 2 and s["heading"].startswith("（五）")]
    assert [s["heading"] for s in second] == [heading.strip()]
    span = wrapped[second[0]["start"] : second[0]["heading_end"]]
    assert span.startswith("（五）") and span.endswith("稳步提升") and "\n" in span


def test_number_cut_by_a_wrap_is_one_figure():
    line = next(ln for ln in REPORT.split("\n") if "申请46件" in ln)
    text = _hard_wrap(REPORT, width=line.index("46") + 1)  # the wrap falls between 4 and 6
    assert "申请4\n6件" in text
    result = analyze_text(text)
    assert 46 in [i["value"] for i in result["indicators"]]
    assert 6 not in [i["value"] for i in result["indicators"]]  # not "6件" from the second line


@pytest.mark.parametrize("page", ["— 3 —", "-3-", "- 3 -", "第3页 共8页", "3/8"])
def test_page_number_lines_are_clutter(page):
    assert is_clutter_line(page)
    text = REPORT.replace("　　（四）加强普法宣传", page + "\n　　（四）加强普法宣传")
    assert _figures(analyze_text(text)) == _figures(CLEAN)


# ---------------------------------------------------------------- digits and punctuation


def test_full_width_digits_and_separators():
    text = (
        REPORT.replace("受理行政复议申请46件", "受理行政复议申请４６件")
        .replace("调解纠纷2100余件", "调解纠纷2,100余件")
        .replace("受教育群众约3.6万人次", "受教育群众约３.６万余人次")
        .replace("群众满意率达到99.6%", "群众满意率达到９９.６％")
    )
    values = {i["value"] for i in analyze_text(text)["indicators"]}
    assert {46, 2100, 36000, 99.6} <= values


# ---------------------------------------------------------------- layout variants


def test_part_numbered_headings():
    text = REPORT
    for cn in "一二三四五":
        text = text.replace(f"　　{cn}、", f"　　第{cn}部分　", 1)
    result = analyze_text(text)
    assert [h.split("　")[0] for h in _top(result)] == [
        "第一部分",
        "第二部分",
        "第三部分",
        "第四部分",
        "第五部分",
    ]
    assert [s["category"] for s in result["sections"] if s["level"] == 1] == [
        "measures", "first_responsible", "shortcomings", "next_year", "other",
    ]  # fmt: skip


def test_unnumbered_headings_are_the_top_level():
    text = REPORT
    for cn in "一二三四五":
        text = text.replace(f"　　{cn}、", "　　", 1)
    result = analyze_text(text)
    assert _top(result) == [h[2:] for h in _top(CLEAN)]
    assert result["flags"] == CLEAN["flags"]
    # The signature (an office, a date) is not a heading.
    assert not any("人民政府" in h or "日" in h[-1:] for h in _top(result))


def test_shortcomings_part_first_with_its_own_plan_paragraph():
    text = """示范区2024年度法治政府建设情况报告
　　2024年，示范区扎实推进法治政府建设，现将有关情况报告如下。
　　一、存在的问题和不足
　　对照上级要求，我区法治政府建设仍有短板：一是基层执法力量薄弱；二是法治宣传针对性不强。
　　下一步，我们将继续加强执法队伍建设，努力推动法治政府建设再上新台阶。
　　二、主要举措和成效
　　全年审核规范性文件18件，办理行政复议案件32件，开展普法活动60场次。
　　三、法治队伍建设
　　组织执法人员培训5期，参训人员820人次，评查执法案卷300卷。
　　四、法治保障
　　法律顾问列席区政府常务会议12次，提出法律意见45条，审查合同36份。
"""
    result = analyze_text(text)
    assert result["flags"]["has_shortcomings_section"] and result["flags"]["has_next_year_plan"]


def test_numbered_heading_is_not_taken_for_a_missing_title():
    # A copy cut at the top: the title and the first lines are gone.
    text = REPORT[REPORT.index("　　2024年，示范县") :]
    result = analyze_text(text)
    assert result["title"] is None
    assert result["government"] == "示范县" and result["level"] == "county" and result["year"] == 2024
    assert _top(result) == _top(CLEAN)


def test_a_title_broken_after_its_issuer_is_read_whole():
    # A 公文 title set in two lines: the issuer's name, then "关于…的报告".
    text = REPORT.replace("示范县2024年度法治政府建设情况报告", "示范县人民政府\n关于2024年度法治政府建设情况的报告", 1)
    result = analyze_text(text)
    assert result["title"] == "示范县人民政府关于2024年度法治政府建设情况的报告"
    assert result["government"] == "示范县人民政府" and result["level"] == "county" and result["year"] == 2024
    assert _top(result) == _top(CLEAN)


@pytest.mark.parametrize(
    ("title", "government", "level"),
    [
        (
            "中共示范县委 示范县人民政府关于2024年度法治政府建设情况的报告",
            "中共示范县委 示范县人民政府",
            "county",
        ),
        ("示范县司法局2024年度法治政府建设工作情况报告", "示范县司法局", "department"),
        ("示范县城关镇人民政府2024年法治政府建设工作报告", "示范县城关镇人民政府", "township"),
    ],
)
def test_issuers(title, government, level):
    result = analyze_text(REPORT.replace("示范县2024年度法治政府建设情况报告", title))
    assert result["government"] == government and result["level"] == level and result["year"] == 2024


def test_encoding_damage_in_a_few_places_keeps_figures():
    text = REPORT.replace("依法全面履行", "依法\ufffd面履行").replace("加强法律顾问", "加强·¨ÂÉ顾问")
    result = analyze_text(text)
    assert _figures(result) == _figures(CLEAN)
    assert any("undecodable" in w for w in result["warnings"])
