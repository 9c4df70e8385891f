"""In the browser: the office adds a township to an open round and removes a metric the clerk already filled
(confirm + reason); the clerk's form then shows the right rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.collection import actions
from fazhi.collection.models import Submission
from fazhi.collection.tests.test_e2e_round import log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_changes_who_fills_what_in_an_open_round(world, catalog, live_server, page):
    base = live_server.url
    round_ = actions.open_round(
        world.agency("sfx-office"),
        timezone.localdate().year - 1,
        "年度法治建设数据报送",
        timezone.localdate() + timedelta(days=20),
        [],
        {
            world.agency("sfx-scj"): ["pufa_activities", "reconsideration_received"],
            world.agency("sfx-t01"): ["disputes_mediated"],
        },
        by=world.office,
    )
    scj = round_.submissions.get(agency__code="sfx-scj")
    actions.save_values(scj, {"pufa_activities": ("30", "含送法进企业")}, by=world.owner)

    # The office adds 东关镇: it gets what the round asks of townships.
    log_in(page, base, "office")
    page.goto(f"{base}/collection/rounds/{round_.pk}/")
    page.get_by_test_id("add-agencies").click()
    page.get_by_test_id("agency-sfx-t02").check()
    page.get_by_test_id("add-agencies-submit").click()
    page.wait_for_url(f"**/collection/rounds/{round_.pk}/")
    assert page.get_by_test_id("board-row-sfx-t02").is_visible()

    # It removes 普法 from the market regulator's form: refused first, naming the figure; then confirmed.
    page.get_by_test_id("metrics-sfx-scj").click()
    page.check("#remove-pufa_activities")
    page.get_by_test_id("change-metrics-submit").click()
    assert "30" in page.get_by_test_id("metrics-errors").inner_text()
    page.check("#remove-anyway")
    page.fill("#remove-reason", "普法活动改由县司法局统一报送")
    page.get_by_test_id("change-metrics-submit").click()
    page.wait_for_url(f"**/collection/submissions/{scj.pk}/")

    # The new township's form asks what 城关镇's does.
    township = Submission.objects.get(agency__code="sfx-t02")
    page.goto(f"{base}/collection/submissions/{township.pk}/")
    assert page.get_by_test_id("row-disputes_mediated").is_visible()
    assert page.get_by_test_id("row-pufa_activities").count() == 0
    log_out(page)

    # The clerk's form no longer asks for 普法; the other figure is still there to fill.
    log_in(page, base, "clerk")
    page.goto(f"{base}/collection/submissions/{scj.pk}/")
    assert page.get_by_test_id("row-reconsideration_received").is_visible()
    assert page.locator("#value-pufa_activities").count() == 0
    page.fill("#value-reconsideration_received", "4")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("submission-status").inner_text() in ("已报送", "submitted")
