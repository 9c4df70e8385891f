"""A supervisor uploads a zip of two reports, watches the analysis progress, then opens a report: figures marked,
five contents."""

from __future__ import annotations

import io
import zipfile

import pytest

from fazhi.analyzer import actions
from fazhi.analyzer.models import Batch
from fazhi.analyzer.tests.samples import REPORT
from fazhi.analyzer.tests.test_pages import urlpatterns  # noqa: F401 - the pages, mounted or not
from fazhi.demo.county import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_supervisor_uploads_a_zip_and_reads_a_report(world, live_server, page, monkeypatch):
    # The upload is left queued (no thread): the test runs the analysis itself while the page polls.
    monkeypatch.setattr(actions, "START", "off")
    assert DEMO_PASSWORD == "fazhi-demo-2026"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("示范县.txt", REPORT)
        zf.writestr("样板县.txt", REPORT.replace("示范县", "样板县").replace("受理行政复议申请46件", "受理行政复议申请60件"))

    page.goto("/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto("/analyzer/")
    page.fill("#id_name", "2024年度各县报告")
    page.set_input_files(
        "#id_files",
        files=[{"name": "reports.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}],
    )
    page.get_by_test_id("upload-submit").click()
    page.wait_for_url("**/analyzer/batches/*/")
    assert page.get_by_test_id("batch-name").inner_text().startswith("2024年度各县报告")

    # Under way: a progress bar, labelled, at 0 of 2, refreshed every two seconds; no results yet.
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("max") == "2" and bar.get_attribute("value") == "0"
    assert "0 / 2" in page.locator(f"#{bar.get_attribute('aria-labelledby')}").inner_text()
    assert page.get_by_test_id("report-row").count() == 0
    with page.expect_response(lambda r: r.url.endswith("/progress/")):
        pass  # a poll just answered: the next is two seconds away
    actions.process_batch(Batch.objects.get())
    # The next poll finds the batch done and reloads the page with the results.
    page.get_by_test_id("report-table").wait_for()
    assert page.get_by_test_id("batch-state").get_attribute("data-status") == "done"
    assert page.get_by_role("progressbar").count() == 0
    rows = page.get_by_test_id("report-row")
    assert rows.count() == 2
    assert page.locator("[data-testid=report-row][data-status=analysed]").count() == 2
    assert "样板县" in page.get_by_test_id("comparison").inner_text()

    # The comparison sorts on a click of a metric's heading, smallest first, then largest first; a filter narrows it.
    def first_body():
        return page.locator("#comparison-table tbody tr").first.locator("th").inner_text()

    heading = page.locator("#comparison-table th[data-metric=reconsideration_received]").first.get_by_role("button")
    heading.click()
    assert first_body().startswith("示范县")
    heading.click()
    assert first_body().startswith("样板县")
    assert page.locator("#comparison-table th[aria-sort=descending]").count() == 1
    page.get_by_test_id("comparison-filter").fill("示范")
    assert page.locator("#comparison-table tbody tr:not([hidden])").count() == 1
    page.get_by_test_id("comparison-filter").fill("")

    # Ranked by the same metric: a bar chart drawn by ECharts (served by the app), the same figures in a table.
    page.select_option("#rank-by", "reconsideration_received")
    page.get_by_test_id("rank-form").get_by_role("button").click()
    page.wait_for_url("**rank=reconsideration_received**")
    page.locator("[data-testid=ranking-chart] svg").wait_for()
    assert page.locator("[data-testid=ranking-chart] svg text", has_text="样板县").count() >= 1
    ranked = page.get_by_test_id("ranking").locator("tbody tr")
    assert ranked.first.locator("th").inner_text() == "样板县" and ranked.first.locator("td").first.inner_text() == "1"

    page.get_by_role("link", name="reports.zip!示范县.txt").click()
    page.wait_for_url("**/analyzer/reports/*/")
    mark = page.locator("mark[data-metric=reconsideration_received]")
    assert mark.inner_text() == "全县共受理行政复议申请46件"
    assert "reconsideration_received" in mark.get_attribute("title")
    contents = page.get_by_test_id("contents").locator("li")
    assert contents.count() == 5
    assert page.locator("[data-testid=contents] li[data-present=yes]").count() == 5
    # The outline leads to the heading in the text.
    link = page.get_by_test_id("outline").get_by_role("link", name="三、存在的不足和原因")
    anchor = link.get_attribute("href")
    link.click()
    assert page.url.endswith(anchor)
    assert page.locator(f"[data-testid=report-text] {anchor}").count() == 1
