"""A member of the public comments on one paragraph of an open draft; the office publishes it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.consultation import actions
from fazhi.core.ledger import create_record
from fazhi.core.tests.sampleledger.models import SampleCase
from fazhi.demo.county import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMENT = "建议第二段明确抽签由公证机构现场监督。"


@pytest.fixture
def open_draft(world, settings):
    settings.FAZHI_CONSULTATION_MIN_SECONDS = 1
    today = timezone.localdate()
    draft = create_record(SampleCase(agency=world.agency("sfx-scj"), title="摊位管理办法（草案）", received_on=today),
                          by=world.owner)
    return actions.open_consultation(
        draft, by=world.owner, kind="decision", title="摊位管理办法（草案）征求意见",
        body="第一条 目的。\n\n第二条 摊位实行公开抽签分配。\n\n第三条 施行日期。",
        opens_on=today, closes_on=today + timedelta(days=30),
    )


def test_public_comment_is_moderated_and_published(world, open_draft, live_server, page):
    base = live_server.url
    # A member of the public, not logged in, finds the open draft on the portal.
    page.goto(f"{base}/consultation/open/")
    page.get_by_role("link", name="摊位管理办法（草案）征求意见").click()
    page.get_by_test_id("comment-on-2").click()
    assert page.input_value("#id_paragraph") == "2"
    page.fill("#id_text", COMMENT)
    page.fill("#id_author_name", "市民李某")
    page.wait_for_timeout(1200)  # reading the draft takes a moment; instant submissions are refused
    page.get_by_test_id("send-comment").click()
    message = page.get_by_test_id("message")
    assert re.search("moderation|审核", message.inner_text())
    assert COMMENT not in page.content()  # not public before moderation

    # The office logs in and publishes it from the moderation queue.
    page.goto(f"{base}/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/consultation/")
    page.get_by_role("link", name="摊位管理办法（草案）征求意见").click()
    assert page.get_by_test_id("pending-count").inner_text() == "1"
    comment = page.locator("#moderation article.comment").first
    assert COMMENT in comment.inner_text()
    comment.locator("[data-testid^=publish-]").click()
    assert page.get_by_test_id("pending-count").inner_text() == "0"
    page.get_by_test_id("logout").click()

    # The public page now shows the comment, on paragraph 2, with the name but not as pending.
    page.goto(f"{base}/consultation/open/{open_draft.pk}/")
    published = page.get_by_test_id("public-comment")
    assert COMMENT in published.inner_text() and "市民李某" in published.inner_text()


def test_a_comment_sent_too_soon_says_why_where_the_reader_is(world, open_draft, live_server, page, settings):
    settings.FAZHI_CONSULTATION_MIN_SECONDS = 30
    page.goto(f"{live_server.url}/consultation/open/")
    page.get_by_role("link", name="摊位管理办法（草案）征求意见").click()
    page.fill("#id_text", COMMENT)
    page.get_by_test_id("send-comment").click()

    errors = page.get_by_test_id("form-errors")
    assert re.search("提交过快.*30秒内|too quickly.*30 seconds", errors.inner_text())
    # Keyboard and screen-reader focus is on the answer, not on <body>.
    page.wait_for_load_state("load")
    assert page.evaluate("() => document.activeElement.dataset.testid") == "form-errors"
    box = errors.bounding_box()  # focusing scrolled the page to the answer, far below the draft's top
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert page.input_value("#id_text") == COMMENT  # what was typed is kept
