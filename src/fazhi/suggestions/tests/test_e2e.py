"""In the browser, the lead agency's clerk contacts the deputy, answers the suggestion in time and records the
deputy's rating; the item leaves the agency's open deadlines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in
from fazhi.suggestions import actions
from fazhi.suggestions.models import Item

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _step(page, name: str, values: dict[str, str], select: dict[str, str]):
    form = page.get_by_test_id(f"form-{name}")
    form.locator("xpath=..").locator("summary").click()
    for field, value in values.items():
        form.locator(f"[name='{name}-{field}']").fill(value)
    for field, value in select.items():
        form.locator(f"[name='{name}-{field}']").select_option(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_deputys_suggestion_is_answered_and_rated(world, live_server, page):
    today = timezone.localdate()
    item = actions.assign_item(
        agency=world.agency("sfx-scj"), by=world.office, kind="deputy", raised_during="session",
        session="示范县第十八届人民代表大会第三次会议", number="E2E-1", title="关于加强农贸市场食品安全监管的建议",
        proposer="测试代表", assigned_on=today - timedelta(days=30))
    assert item.answer_due > today

    log_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/suggestions/{item.pk}/")
    _step(page, "record_contact", {"contacted_on": (today - timedelta(days=10)).isoformat()},
          {"contact_method": "meeting"})
    _step(page, "answer", {"answered_on": (today - timedelta(days=5)).isoformat(),
                           "answer_summary": "已将农贸市场纳入年度重点检查范围，每月开展抽检。"},
          {"answer_category": "A"})
    _step(page, "record_feedback", {"feedback_on": today.isoformat()}, {"feedback": "satisfied"})

    item.refresh_from_db()
    assert item.status == Item.Status.RATED and item.feedback == "satisfied"
    assert item.answered_on <= item.answer_due
    assert "测试代表" in page.get_by_test_id("facts").inner_text()
    page.goto(f"{live_server.url}/suggestions/?q=农贸市场")
    assert page.locator(f"tr[data-record='{item.pk}']").count() == 1
