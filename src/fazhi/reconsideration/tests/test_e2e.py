"""In the browser, the office registers an application, asks for a correction (补正), records it, accepts the case,
sends the copy, records the answer and decides; a date out of order is refused at its field and nothing typed is
lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in
from fazhi.reconsideration.models import Case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _step(page, name: str, values: dict[str, str], *, select: dict[str, str] | None = None):
    """Open the step's form on the record's page, fill it in and save it."""
    form = page.get_by_test_id(f"form-{name}")
    details = form.locator("xpath=ancestor::details[1]")
    if details.get_attribute("open") is None:  # a refused step comes back open, with its errors
        details.locator("summary").click()
    for field, value in values.items():
        form.locator(f"[name='{name}-{field}']").fill(value)
    for field, value in (select or {}).items():
        form.locator(f"[name='{name}-{field}']").select_option(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_case_is_accepted_after_correction_and_decided(world, live_server, page):
    today = timezone.localdate()
    received = today - timedelta(days=40)
    day = received.isoformat
    log_in(page, live_server.url, "office")

    page.goto("/reconsideration/")
    page.get_by_test_id("new-record").click()
    form = page.get_by_test_id("create-form")
    form.locator("[name=agency]").select_option("sfx-gov")  # the county government, the reconsideration body
    form.locator("[name=number]").fill("示府复〔2026〕901号")
    form.locator("[name=applicant_name]").fill("测试申请人")
    form.locator("[name=applicant_kind]").select_option("person")
    form.locator("[name=respondent_name]").fill("示范县市场监督管理局")
    form.locator("[name=act]").fill("示市监罚〔2026〕1号行政处罚决定（罚款2000元）")
    form.locator("[name=act_category]").select_option("penalty")
    form.locator("[name=knew_on]").fill((received - timedelta(days=10)).isoformat())
    form.locator("[name=channel]").select_option("in_person")
    form.locator("[name=received_on]").fill(day())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    case = Case.objects.get(number="示府复〔2026〕901号")
    assert page.get_by_test_id("status").inner_text().strip()

    _step(page, "request_correction", {"correction_requested_on": (received + timedelta(days=1)).isoformat(),
                                       "correction_items": "补充提交处罚决定书复印件。",
                                       "correction_received_on": (received + timedelta(days=2)).isoformat()})
    case.refresh_from_db()
    assert case.status == Case.Status.CORRECTING

    # A correction dated before it was asked for is refused at its field; the page keeps the form open.
    _step(page, "record_correction", {"corrected_on": received.isoformat()})
    assert page.locator("[data-testid=form-record_correction] .field-error").count() >= 1
    case.refresh_from_db()
    assert case.status == Case.Status.CORRECTING

    _step(page, "record_correction", {"corrected_on": (received + timedelta(days=5)).isoformat()})
    _step(page, "accept", {"accepted_on": (received + timedelta(days=6)).isoformat()})
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED and case.decision_due

    _step(page, "send_copy", {"copy_sent_on": (received + timedelta(days=7)).isoformat(),
                              "copy_received_on": (received + timedelta(days=8)).isoformat()})
    _step(page, "record_answer", {"answer_received_on": (received + timedelta(days=12)).isoformat()})
    _step(page, "decide", {"decided_on": (received + timedelta(days=20)).isoformat(),
                           "decision_number": "示府复决〔2026〕901号", "reasoning": "事实清楚，证据确凿，适用依据正确。"},
          select={"outcome": "upheld"})
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.outcome == "upheld"
    assert "示府复决〔2026〕901号" in page.get_by_test_id("facts").inner_text()
    assert page.get_by_test_id("timeline").locator("li").count() >= 6

    page.goto("/reconsideration/?q=测试申请人")
    assert page.locator(f"tr[data-record='{case.pk}']").count() == 1
