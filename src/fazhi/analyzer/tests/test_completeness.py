"""Whole reports and partial copies: a page cut off shows its unfound parts as not seen, never as absent; the
mirror site's clutter is cut from titles. The texts are invented (青山县, 东湖区) with invented figures."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.urls import reverse

from fazhi.analyzer import analyze_text
from fazhi.analyzer.clutter import clean_title
from fazhi.analyzer.models import AnalyzedReport
from fazhi.analyzer.tests.test_pages import txt
from fazhi.analyzer.tests.test_pages import urlpatterns as urlpatterns  # noqa: PLC0414 - the pages, mounted

TITLE = "青山县2023年度法治政府建设情况报告"
OPENING = f"""{TITLE}
　　2023年，青山县坚持以习近平法治思想为指导，统筹推进法治政府建设各项工作，现将有关情况报告如下：
"""
PART_ONE = """　　一、推进法治政府建设的主要举措和成效
　　（一）深化政务服务改革。全县办理政务服务事项8.2万件，办件满意率达到99.1%。清理证明事项17项，审批时限平均压缩一半。
　　（二）规范行政执法行为。组织执法案卷评查两次，评查案卷210卷，合格率97%。开展执法人员轮训五期，参训640人次。
　　（三）推进矛盾纠纷化解。全年受理行政复议申请37件，审结35件；人民调解组织调解纠纷1300余件。
"""
PART_TWO = """　　二、党政主要负责人履行推进法治建设第一责任人职责情况
　　县委、县政府主要负责同志带头学法，县政府常务会议会前学法9次，专题研究法治政府建设工作3次。
"""
SHORTCOMINGS = """　　三、存在的不足和原因
　　一是乡镇执法人员数量偏少，专业背景薄弱；二是部分部门重大决策程序执行不够严格，合法性审查流于形式。
"""
PLAN = """　　四、2024年工作安排
　　（一）加强执法队伍建设。全年组织执法培训不少于6次，推动乡镇综合执法规范运行。
　　（二）严格落实重大行政决策程序，全面推行合法性审查目录管理，确保各项决策于法有据。
"""
SIGNATURE = """　　　　　　　　　　　　　　　　青山县人民政府
　　　　　　　　　　　　　　　　2024年2月18日
"""
WHOLE = OPENING + PART_ONE + PART_TWO + SHORTCOMINGS + PLAN + SIGNATURE


def checks(result: dict) -> dict:
    return {c["code"]: c for c in result["checks"]}


def test_a_whole_report_is_complete():
    result = analyze_text(WHOLE)
    assert result["complete"] is True and result["partial_reason"] is None
    assert all(checks(result)[f"has_{code}"]["passed"] for code in ("measures", "shortcomings", "next_year"))


def test_a_whole_report_without_signature_closes_with_its_plan():
    result = analyze_text(OPENING + PART_ONE + PART_TWO + SHORTCOMINGS + PLAN)
    assert result["complete"] is True
    assert "no_closing" not in result["completeness_evidence"]
    with_annex = analyze_text(
        OPENING + PART_ONE + PART_TWO + SHORTCOMINGS + PLAN + "附件：青山县2023年度行政执法数据统计表\n"
    )
    assert with_annex["complete"] is True


def test_a_copy_cut_after_part_one_is_partial_and_its_other_parts_not_seen():
    result = analyze_text(OPENING + PART_ONE)
    assert result["complete"] is False
    assert {"no_closing", "short", "early_last_part"} <= set(result["completeness_evidence"])
    assert "shorter than a whole report" in result["partial_reason"]
    found = checks(result)
    assert found["has_measures"]["passed"] is True
    for code in ("shortcomings", "first_responsible", "next_year"):
        assert found[f"has_{code}"]["passed"] is None
        assert "节选文本中未见" in found[f"has_{code}"]["reason"]
        assert "not seen in this partial copy" in found[f"has_{code}"]["reason"]
    mandated = found["mandated_contents"]
    assert mandated["passed"] is None and "节选文本中未见" in mandated["reason"]
    assert (
        "存在的不足和原因" in mandated["reason"]
        and "下一年度推进法治政府建设的主要安排" in mandated["reason"]
    )
    assert found["shortcomings_concrete"]["passed"] is None
    for check in found.values():
        assert "缺少" not in check["reason"] and "missing" not in check["reason"]
        assert "absent" not in check["reason"]


def test_a_text_ending_mid_sentence_is_partial():
    cut = OPENING + PART_ONE + PART_TWO + SHORTCOMINGS[: SHORTCOMINGS.index("严格")]  # "…执行不够"
    result = analyze_text(cut)
    assert result["complete"] is False
    assert "ends_mid_sentence" in result["completeness_evidence"]
    assert "middle of a sentence" in result["partial_reason"] and "句中截断" in result["partial_reason"]
    found = checks(result)
    assert found["has_shortcomings"]["passed"] is True  # what the copy shows is judged as usual
    assert found["has_next_year"]["passed"] is None


def test_a_text_ending_at_a_heading_is_partial():
    result = analyze_text(OPENING + PART_ONE + PART_TWO + "　　三、存在的不足和原因\n")
    assert result["complete"] is False and "ends_at_heading" in result["completeness_evidence"]


def test_a_page_that_says_it_continues_is_partial():
    result = analyze_text(
        OPENING + PART_ONE + PART_TWO + "　　三、存在的不足和原因\n　　一是乡镇执法人员……\n阅读全文\n"
    )
    assert result["complete"] is False and "cut_marker" in result["completeness_evidence"]
    assert checks(result)["has_next_year"]["passed"] is None


def test_a_whole_report_lacking_its_shortcomings_part_has_it_absent():
    text = OPENING + PART_ONE + PART_TWO + PLAN.replace("四、", "三、") + SIGNATURE
    result = analyze_text(text)
    assert result["complete"] is True
    found = checks(result)
    assert found["has_shortcomings"]["passed"] is False and "未见" in found["has_shortcomings"]["reason"]
    assert "节选" not in found["has_shortcomings"]["reason"]
    assert found["mandated_contents"]["passed"] is False and "缺少" in found["mandated_contents"]["reason"]


def test_a_long_report_ending_cleanly_without_a_closing_is_whole():
    # Eight parts of measures only, ending on a full sentence: a whole report that lacks the later parts.
    topics = [
        "依法全面履行政府职能",
        "完善依法行政制度体系",
        "推进科学民主依法决策",
        "严格规范公正文明执法",
        "强化行政权力制约监督",
        "依法化解矛盾纠纷",
        "提升依法行政能力",
        "加强法治宣传教育",
    ]
    numerals = "一二三四五六七八"
    parts = []
    for k, topic in enumerate(topics, 1):
        parts.append(f"　　{numerals[k - 1]}、{topic}\n")
        for j in range(1, 4):
            parts.append(
                f"　　东湖区围绕{topic}开展专项工作，全年组织相关培训{k + j}次，参训人员{(k + j) * 30}人次，"
                f"办理相关事项{(k + j) * 12}件，群众满意率达到9{j}%，工作机制不断健全。\n"
            )
    result = analyze_text("东湖区2023年法治政府建设情况报告\n" + "".join(parts))
    assert result["complete"] is True and result["completeness_evidence"] == ["no_closing"]
    assert checks(result)["has_shortcomings"]["passed"] is False


@pytest.mark.parametrize(
    "dirty",
    [
        f"{TITLE}_青山新闻网",
        f"{TITLE} - 青山县人民政府网",
        f"{TITLE}|青山县政府门户网站",
        f"{TITLE}-青山县人民政府",
        f"{TITLE}_青山网_青山客户端",
        f"【转载】{TITLE}",
        f"原标题：{TITLE}",
        f"青山新闻网 - {TITLE}",
        f"{TITLE}（转载）",
        f"{TITLE} 来源：青山县司法局 发布时间：2024-02-20",
        f"{TITLE} 2024-02-20 09:30 浏览次数：105",
        f"{TITLE} 字号：大 中 小 打印本页",
        f"{TITLE}【打印】【关闭】",
    ],
)
def test_mirror_site_clutter_is_cut_from_titles(dirty):
    assert clean_title(dirty) == TITLE


@pytest.mark.parametrize(
    "title",
    [
        "东湖区人民政府关于2023年法治政府建设情况的报告",
        "中共东湖区委 东湖区人民政府关于2023年度法治建设工作情况的报告",
        "青山县人民政府 2023年度法治政府建设情况报告",
        "青山县教育局关于大中小学法治教育工作情况的报告",
        "青山县交通运输局2023年度法治政府建设工作总结",
    ],
)
def test_genuine_titles_are_kept_whole(title):
    assert clean_title(title) == title


def test_a_mirror_copy_is_read_without_the_site_in_its_title():
    page = (
        f"首页 > 信息公开\n{TITLE}_青山新闻网\n发布时间：2024-02-20 来源：青山县司法局\n"
        + WHOLE[len(TITLE) + 1 :]
    )
    result = analyze_text(page)
    assert result["title"] == TITLE and result["government"].endswith("青山县")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_report_page_marks_a_partial_copy(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(world.supervisor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("analyzer:batch_create"),
            {"name": "b", "files": [txt("节选.txt", OPENING + PART_ONE), txt("全文.txt", WHOLE)]},
        )
    cut = AnalyzedReport.objects.get(source_name="节选.txt")
    whole = AnalyzedReport.objects.get(source_name="全文.txt")
    assert cut.partial and not whole.partial
    html = client.get(
        reverse("analyzer:report_detail", args=[cut.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="report-partial"' in html
    assert "much shorter than a whole report" in html
    assert 'data-content="measures" data-present="yes"' in html
    assert 'data-content="shortcomings" data-present="unseen"' in html and "not seen (partial copy)" in html
    assert 'data-content="shortcomings" data-present="no"' not in html
    assert "Not seen in this partial copy: " in html and "Missing:" not in html
    html = client.get(reverse("analyzer:report_detail", args=[whole.pk])).content.decode()
    assert 'data-testid="report-partial"' not in html and 'data-present="unseen"' not in html
    batch = client.get(reverse("analyzer:batch_detail", args=[cut.batch_id])).content.decode()
    assert 'class="content unseen"' in batch
