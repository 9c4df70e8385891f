"""The checks' reasons on the report page, in the reader's language (the library's own reasons are bilingual)."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from fazhi.analyzer import analyze_text
from fazhi.analyzer.models import AnalyzedReport
from fazhi.analyzer.tests.samples import REPORT
from fazhi.analyzer.tests.test_pages import txt
from fazhi.analyzer.tests.test_pages import urlpatterns as urlpatterns  # noqa: PLC0414 - the pages, mounted
from fazhi.analyzer.views import check_reason

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# A report without a shortcomings part, without a plan, published late, with an undated title.
LATE = (
    REPORT.replace("示范县2024年度法治政府建设情况报告", "示范县法治政府建设情况报告")
    .replace("发布时间：2025-03-10", "发布时间：2025-05-06")
    .replace("三、存在的不足和原因", "三、其他工作情况")
    .replace("一是基层执法力量不足；二是部分单位学法不够深入。", "全县法治工作平稳推进。")
    .replace("四、2025年工作安排", "四、法治宣传")
    .replace(
        "（一）持续推进依法决策。力争规范性文件备案率保持100%，全年组织培训不少于10次。", "宣传工作有序开展。"
    )
)


def _reasons(text: str, language: str) -> dict[str, str]:
    result = analyze_text(text)
    with translation.override(language):
        return {c["code"]: check_reason(c, result) for c in result["checks"]}


def test_reasons_in_english():
    ok = _reasons(REPORT, "en")
    assert ok["mandated_contents"] == "All mandated contents are present."
    assert ok["has_first_responsible"] == "Found in the report."
    assert ok["shortcomings_concrete"] == "The shortcomings are named one by one."
    assert ok["published_on_time"] == "Published 2025-03-10, due by 2025-04-01."
    assert ok["title_names_year"] == "The title names the year."
    assert ok["no_placeholder"] == "No drafting prompt or placeholder is left in the text."
    assert ok["has_figures"] == f"{len(analyze_text(REPORT)['indicators'])} figures stated."
    late = _reasons(LATE, "en")
    assert late["mandated_contents"] == "Missing: Shortcomings and causes, Next year's plan."
    assert late["has_shortcomings"] == "Not found in the report."
    assert late["shortcomings_concrete"] == "The report has no part on shortcomings to judge."
    assert late["published_on_time"] == "Published 2025-05-06, after the deadline of 2025-04-01."
    assert late["title_names_year"] == "The title names no year."
    for reason in [*ok.values(), *late.values()]:
        assert " / " not in reason and not any("\u4e00" <= ch <= "\u9fff" for ch in reason)


def test_reasons_in_chinese():
    ok = _reasons(REPORT, "zh-hans")
    assert ok["mandated_contents"] == "法定内容齐全。"
    assert ok["has_first_responsible"] == "报告中已载明。"
    assert ok["published_on_time"] == "发布于2025-03-10，应于2025-04-01前公开。"
    assert ok["title_names_year"] == "标题载明年度。"
    late = _reasons(LATE, "zh-hans")
    assert late["mandated_contents"] == "缺少：存在的不足和原因、下一年度工作安排。"
    assert late["published_on_time"] == "发布于2025-05-06，晚于2025-04-01的公开期限。"
    assert late["shortcomings_concrete"] == "报告无存在问题部分，无法判断。"


def test_unknown_check_keeps_the_library_reason():
    check = {"code": "some_new_check", "passed": True, "reason": "as the library says / 如库所述"}
    assert check_reason(check, {}) == "as the library says / 如库所述"


def test_report_page_shows_reasons_in_the_readers_language(world, client):
    client.force_login(world.supervisor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("analyzer:batch_create"), {"name": "b", "files": [txt("示范县.txt", LATE)]})
    report = AnalyzedReport.objects.get()
    url = reverse("analyzer:report_detail", args=[report.pk])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Published 2025-05-06, after the deadline of 2025-04-01." in english
    assert "发布于2025-05-06，晚于2025-04-01的公开期限。" in chinese
    # The library's bilingual text is not shown.
    for html in (english, chinese):
        assert "应于2025年4月1日前公开" not in html and "not found / " not in html


def test_a_placeholder_shortcomings_part_does_not_pass_as_concrete():
    from fazhi.analyzer import analyze_text
    from fazhi.reports.compose import DRAFT_MARK

    start = REPORT.index("　　三、存在的不足和原因")
    end = REPORT.index("　　四、")
    placeholder = f"　　三、存在的不足和原因\n　　{DRAFT_MARK}对照法治政府建设要求，还存在一些不足：一是……；二是……。请逐条写明存在的不足及其原因。\n"
    checks = {c["code"]: c for c in analyze_text(REPORT[:start] + placeholder + REPORT[end:])["checks"]}
    assert checks["shortcomings_concrete"]["passed"] is False
    assert checks["no_placeholder"]["passed"] is False and DRAFT_MARK in checks["no_placeholder"]["reason"]
    assert {c["code"]: c for c in analyze_text(REPORT)["checks"]}["no_placeholder"]["passed"] is True
