"""In the browser, the city supervisor's year: uploads a batch of reports; the one the analyzer names attaches
itself to the county government, the unnamed one is assigned by hand to a body outside fazhi; sorts the
comparison by an indicator, filters it and opens that body's trend chart; shares the county government's evaluation
with the county. The county's director finds it on the home page and answers; the supervisor reads the answer and
closes it."""

from __future__ import annotations

import io
import zipfile

import pytest

from fazhi.analyzer import actions as analyzer
from fazhi.analyzer.models import AnalyzedReport, Batch
from fazhi.analyzer.tests.samples import REPORT
from fazhi.core.tests.browser import log_in, log_out
from fazhi.supervision.models import Feedback, ReportingBody

from .test_dashboards import CODES, RATE, build_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: The sample report, a year on: the county's 2025 report, filed and published in 2026.
COUNTY_2025 = REPORT.replace("2025", "2026").replace("2024", "2025")
#: A department's report that names no body: no title line, "我局" throughout.
UNNAMED = """　　2025年，我局认真落实法治政府建设各项部署，坚持依法行政，现将有关情况报告如下：
　　一、主要举措和成效
　　全年主动公开政府信息150条，开展普法活动9场，办结行政复议案件10件，纠错1件，纠错率10%。
　　二、存在的不足和原因
　　一是执法人员培训不够；二是信息化水平不高。
　　三、下一步工作安排
　　继续加强执法队伍建设。
"""


def _batch_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("示范县2025年度报告.txt", COUNTY_2025)
        zf.writestr("某局报告.txt", UNNAMED)
    return buffer.getvalue()


def test_the_supervisors_year_from_upload_to_the_countys_answer(city_register, catalog, settings, live_server, page,
                                                                 tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FAZHI_SUPERVISION_COMPARISON_METRICS = CODES
    settings.FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS = 0
    monkeypatch.setattr(analyzer, "START", "off")  # the test runs the analysis itself while the page polls
    outside = build_data(city_register, catalog)
    outside.analyzed = None  # 邻水县农业农村局's 2025 report is the one to be uploaded
    outside.save(update_fields=["analyzed"])
    government = ReportingBody.objects.get(year=2025, agency__code="sfx-gov")

    # 1. The batch: uploaded, analysed, the named report attached by itself.
    log_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/analyzer/")
    page.fill("#id_name", "2025年度各地报告")
    page.set_input_files("#id_files", files=[{"name": "reports.zip", "mimeType": "application/zip",
                                              "buffer": _batch_zip()}])
    page.get_by_test_id("upload-submit").click()
    page.wait_for_url("**/analyzer/batches/*/")
    analyzer.process_batch(Batch.objects.get(name="2025年度各地报告"))
    page.get_by_test_id("report-table").wait_for()
    county = AnalyzedReport.objects.get(source_name__endswith="示范县2025年度报告.txt")
    unnamed = AnalyzedReport.objects.get(source_name__endswith="某局报告.txt")
    government.refresh_from_db()
    assert government.analyzed_id == county.pk
    assert not unnamed.government and not ReportingBody.objects.filter(analyzed=unnamed).exists()

    # 2. The unnamed report, assigned by hand: found by name among the register's bodies.
    with page.expect_navigation():
        page.get_by_test_id("report-table").get_by_role("link", name="某局报告.txt").click()
    assign = page.get_by_test_id("register-assign")
    assign.locator("#assign-q").fill("农业农村")
    with page.expect_navigation():
        assign.get_by_role("button", name="搜索").click()
    page.select_option("#assign-body", value=str(outside.pk))
    with page.expect_navigation():
        page.get_by_test_id("assign-submit").click()
    assert "邻水县农业农村局" in page.get_by_test_id("register-assign").inner_text()
    outside.refresh_from_db()
    assert outside.analyzed_id == unnamed.pk

    # 3. The comparison, sorted by an indicator, filtered, and a body's trend chart.
    page.goto(f"{live_server.url}/supervision/comparison/?year=2025&metric={RATE}")
    page.locator("[data-testid=distribution-chart] svg").wait_for()
    rows = page.locator("#comparison-table tbody tr")

    def first():
        return rows.first.locator("th").inner_text()

    assert first() == "示范县司法局"  # ranked first: the lowest correction rate
    heading = page.locator("#comparison-table th[data-metric=pufa_activities]").get_by_role("button")
    heading.click()  # smallest first: 城关镇's 3
    assert first() == "示范县城关镇人民政府"
    heading.click()  # largest first
    assert page.locator("#comparison-table th[aria-sort=descending]").count() == 1
    assert first() == "示范县人民政府"
    page.get_by_test_id("comparison-filter").fill("邻水县农业农村局")
    assert page.locator("#comparison-table tbody tr:not([hidden])").count() == 1
    page.get_by_role("link", name="邻水县农业农村局").click()
    page.wait_for_url("**/trend/**")
    page.locator("[data-testid=trend-chart] svg").wait_for()
    assert page.locator("[data-testid=trend-chart] svg path").count() >= 1
    assert "报" in page.get_by_test_id("trend").locator("tr[data-year='2025']").inner_text()
    assert "报*" in page.get_by_test_id("trend").locator("tr[data-year='2024']").inner_text()

    # 4. The county government's evaluation, shared with the county.
    page.goto(f"{live_server.url}/analyzer/reports/{county.pk}/")
    share = page.get_by_test_id("share-evaluation")
    share.locator("textarea[name='text']").fill("存在问题部分过于原则，请逐项说明。")
    with page.expect_navigation():
        share.get_by_test_id("share-submit").click()
    feedback = Feedback.objects.get()
    assert feedback.body_id == government.pk
    assert page.url.endswith(f"/supervision/feedback/{feedback.pk}/")
    assert page.get_by_test_id("feedback-evaluation").locator("tbody tr").count() == len(
        feedback.evaluation["criteria"])
    log_out(page)

    # 5. The county's director sees it on the home page and answers.
    log_in(page, live_server.url, "director")
    to_answer = page.get_by_test_id("feedback-to-answer")
    assert feedback.title in to_answer.inner_text()
    with page.expect_navigation():
        to_answer.get_by_role("link", name=feedback.title).click()
    assert "存在问题部分过于原则" in page.get_by_test_id("feedback-text").inner_text()
    page.fill("#answer-text", "已责成县司法局补充具体事例和数据。")
    with page.expect_navigation():
        page.get_by_test_id("answer-submit").click()
    assert "已责成县司法局" in page.get_by_test_id("feedback-answer").inner_text()
    log_out(page)

    # 6. The supervisor reads the answer and closes the feedback.
    log_in(page, live_server.url, "supervisor")
    answered = page.get_by_test_id("feedback-answered")
    with page.expect_navigation():
        answered.get_by_role("link", name=feedback.title).click()
    assert "已责成县司法局" in page.get_by_test_id("feedback-answer").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("feedback-close").click()
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.CLOSED
