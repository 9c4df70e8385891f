"""In the browser, a member of the public asks an agency for information on the portal, the agency's clerk replies
within the 20 working days, and the requester sees the reply with the tracking code; a wrong code learns nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in
from fazhi.disclosure.models import Request

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _id_number(body: str = "11010519800101123") -> str:
    """An invented resident identity number with its check character (GB 11643: ISO 7064 MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def test_a_request_from_the_portal_is_answered_in_time_and_the_requester_sees_it(world, live_server, page, settings):
    settings.FAZHI_DISCLOSURE_MIN_SECONDS = 0  # the browser fills the form faster than a person
    page.goto(f"{live_server.url}/disclosure/public/new/")
    form = page.get_by_test_id("disclosure-request-form")
    form.locator("[name=agency]").select_option("sfx-scj")
    form.locator("[name=description]").fill("请公开本县2025年食品安全抽检结果汇总表。")
    form.locator("[name=requester_name]").fill("测试公民")
    form.locator("[name=requester_kind]").select_option("person")
    form.locator("[name=id_kind]").select_option("id_card")
    form.locator("[name=id_number]").fill(_id_number())
    form.locator("[name=requester_phone]").fill("13800000000")
    with page.expect_navigation():
        page.get_by_test_id("send-request").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    request = Request.objects.get(requester_name="测试公民")
    assert request.channel == "online" and request.received_on == timezone.localdate() and request.reply_due

    log_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/disclosure/{request.pk}/")
    reply = page.get_by_test_id("form-reply")
    reply.locator("xpath=..").locator("summary").click()
    reply.locator("[name='reply-replied_on']").fill(timezone.localdate().isoformat())
    reply.locator("[name='reply-reply_type']").select_option("disclosed")
    reply.locator("[name='reply-delivery']").select_option("online")
    reply.locator("[name='reply-reply_text']").fill("已通过本系统提供抽检结果汇总表。")
    with page.expect_navigation():
        reply.locator("button[type=submit]").click()
    request.refresh_from_db()
    assert request.status == Request.Status.REPLIED and request.replied_on <= request.reply_due

    page.context.clear_cookies()  # the requester, not logged in
    page.goto(f"{live_server.url}/disclosure/public/status/")
    page.get_by_test_id("tracking-form").locator("[name=code]").fill(code)
    with page.expect_navigation():
        page.get_by_test_id("look-up").click()
    assert page.get_by_test_id("reply").count() == 1
    assert page.get_by_test_id("replied-on").inner_text().strip() == request.replied_on.isoformat()
    assert "测试公民" not in page.content()  # the requester's particulars are never shown here

    page.get_by_test_id("tracking-form").locator("[name=code]").fill("AAAA-BBBB-CCCC-DDDD")
    with page.expect_navigation():
        page.get_by_test_id("look-up").click()
    assert page.get_by_test_id("not-found").count() == 1 and page.get_by_test_id("reply").count() == 0
