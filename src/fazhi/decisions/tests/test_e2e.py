"""A decision walked in the browser: the lead unit's clerk finds the decision in consultation and records why
no hearing is held; the office sees the overdue decision on its home page."""

import pytest

from fazhi.core.tests.browser import log_in
from fazhi.decisions.demo import build_demo_decisions
from fazhi.decisions.models import Decision

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_skips_the_hearing_and_the_office_sees_the_overdue_decision(world, live_server, page):
    build_demo_decisions()
    decision = Decision.objects.get(agency__code="sfx-scj")
    base = live_server.url

    log_in(page, base, "clerk")
    page.goto(f"{base}/decisions/")
    page.get_by_role("link", name=decision.title).click()
    page.wait_for_url(f"{base}/decisions/{decision.pk}/")
    assert page.locator("[data-step=participation]").get_attribute("data-status") == "in_progress"
    form = page.get_by_test_id("form-skip_hearing")
    page.locator("details:has([data-testid=form-skip_hearing]) > summary").click()
    form.locator("textarea").fill("不直接涉及特定群体重大利益，未举行听证")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/decisions/{decision.pk}/")
    hearing = page.locator("[data-step=hearing]")
    assert hearing.get_attribute("data-status") == "skipped"
    assert "未举行听证" in hearing.get_by_test_id("skip-reason").inner_text()
    page.get_by_test_id("logout").click()

    log_in(page, base, "office")
    overdue = Decision.objects.get(agency__code="sfx-yjj")
    row = page.locator(f"a[href='/decisions/{overdue.pk}/']")
    assert row.count() >= 1
    assert "overdue" in (row.first.locator("xpath=ancestor::tr").get_attribute("class") or "")
