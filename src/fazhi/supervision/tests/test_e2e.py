"""In the browser: the city supervisor opens the county government's uploaded report, shares its evaluation with
the county; the county's director finds it on the home page, reads it and answers; the supervisor reads the answer."""

from __future__ import annotations

import pytest

from fazhi.core.tests.browser import log_in, log_out
from fazhi.org.models import Region, User
from fazhi.supervision import actions as register
from fazhi.supervision.models import Feedback, ReportingBody

from .test_feedback import analyzed_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_supervisor_shares_an_evaluation_and_the_county_answers(world, live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    register.build_register(Region.objects.get(code="990100"), 2025)
    body = ReportingBody.objects.get(year=2025, agency__code="sfx-gov")
    report = analyzed_report()
    register.assign(body, report, by=User.objects.get(username="supervisor"))

    log_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/analyzer/reports/{report.pk}/")
    share = page.get_by_test_id("share-evaluation")
    share.locator("textarea[name='text']").fill("存在问题部分过于原则，请逐项说明。")
    with page.expect_navigation():
        share.get_by_test_id("share-submit").click()
    feedback = Feedback.objects.get()
    assert page.url.endswith(f"/supervision/feedback/{feedback.pk}/")
    assert page.get_by_test_id("feedback-evaluation").locator("tbody tr").count() == len(
        feedback.evaluation["criteria"])
    log_out(page)

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

    log_in(page, live_server.url, "supervisor")
    answered = page.get_by_test_id("feedback-answered")
    with page.expect_navigation():
        answered.get_by_role("link", name=feedback.title).click()
    assert "已责成县司法局" in page.get_by_test_id("feedback-answer").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("feedback-close").click()
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.CLOSED
