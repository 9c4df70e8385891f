"""A round walked in the browser: office opens it, the clerk fills (one bad value), submits, is returned,
resubmits, the office accepts, and the roll-up shows the total."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_round_from_opening_to_rollup(world, catalog, live_server, page):
    base = live_server.url
    year = timezone.localdate().year - 1
    due = (timezone.localdate() + timedelta(days=20)).isoformat()

    # The office opens a round for two departments.
    log_in(page, base, "office")
    page.goto(f"{base}/collection/rounds/new/")
    page.fill("#id_title", "年度法治建设数据报送")
    page.fill("#id_due_date", due)
    for code in ("reconsideration_correction_rate", "pufa_activities"):
        page.check(f"input[name=metrics][value='{catalog[code].pk}']")
    for code in ("sfx-scj", "sfx-jyj"):
        page.check(f"input[name=agencies][value='{world.agency(code).pk}']")
    page.get_by_test_id("open-round-submit").click()
    page.wait_for_url("**/collection/rounds/*/")
    assert page.get_by_test_id("round-title").inner_text().startswith("年度法治建设数据报送")
    assert "2" in page.get_by_test_id("count-grey").inner_text()
    log_out(page)

    # The clerk fills the form with one bad value: the error sits next to the field, the rest is kept.
    log_in(page, base, "clerk")
    page.goto(f"{base}/collection/")
    page.get_by_test_id("own-submissions").get_by_role("link").first.click()
    page.fill("#value-reconsideration_decided", "10")
    page.fill("#value-reconsideration_corrected", "15")
    page.fill("#value-pufa_activities", "36")
    page.fill("input[name=note-pufa_activities]", "含送法进企业")
    page.get_by_test_id("save-draft").click()
    error = page.get_by_test_id("error-reconsideration_corrected")
    assert "15" in error.inner_text() and "10" in error.inner_text()
    assert page.input_value("#value-reconsideration_decided") == "10"
    assert page.input_value("#value-pufa_activities") == "36"
    assert page.input_value("input[name=note-pufa_activities]") == "含送法进企业"
    page.fill("#value-reconsideration_corrected", "2")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("submission-status").inner_text() in ("已报送", "submitted")
    submission_url = page.url
    log_out(page)

    # The office returns it with a reason.
    log_in(page, base, "office")
    page.goto(submission_url)
    page.fill("#return-reason", "纠错件数与复议台账不一致，请核对")
    page.get_by_test_id("return").click()
    page.wait_for_load_state()
    log_out(page)

    # The clerk sees the reason and their figures, corrects, resubmits.
    log_in(page, base, "clerk")
    page.goto(submission_url)
    assert page.get_by_test_id("return-reason").inner_text() == "纠错件数与复议台账不一致，请核对"
    assert page.input_value("#value-reconsideration_decided") == "10"
    assert page.input_value("#value-reconsideration_corrected") == "2"
    page.fill("#value-reconsideration_corrected", "3")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    log_out(page)

    # The office accepts; the roll-up shows the county's total and the rate from its parts.
    log_in(page, base, "office")
    page.goto(submission_url)
    page.get_by_test_id("accept").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("submission-status").inner_text() in ("已采纳", "accepted")
    page.goto(f"{base}/collection/rollup/?year={year}")
    row = page.get_by_test_id("rollup-pufa_activities")
    assert row.locator("td[data-column=total]").inner_text().strip() == "36"
    rate = page.get_by_test_id("rollup-reconsideration_correction_rate").locator("td[data-column=total]")
    assert "30" in rate.inner_text() and "3/10" in rate.inner_text()
