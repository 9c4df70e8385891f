"""A department clerk drafts a normative document; the office reviews, registers, publishes and files it.

The clock is set to 20 November 2026 (time-machine moves it for the live server's thread too): the review's
deadline must fall in a year the holiday table covers, whatever day the suite runs. A document published in
September and never filed shows red on the office's home page.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.demo.county import DEMO_PASSWORD
from fazhi.normative.models import Document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _november_2026():
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def log_in(page, username):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def log_out(page):
    page.get_by_test_id("logout").click()
    page.wait_for_load_state()


def do_step(page, name):
    form = page.get_by_test_id(f"form-{name}")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".messages li.error").count() == 0, page.locator(".messages").inner_text()


def test_clerk_drafts_office_reviews_registers_publishes_and_files(world, make_document, live_server, page):
    overdue = make_document("published", title="示范县逾期未备案办法", start=date(2026, 9, 1))
    assert overdue.filings.get().due_on == date(2026, 10, 10)

    # The market regulation bureau's clerk drafts the document.
    log_in(page, "clerk")
    page.goto("/normative/new/")
    page.fill("#id_title", "示范县广告招牌设置管理办法")
    page.fill("#id_full_text", "第一条 为规范广告招牌设置，制定本办法。\n第二条 本办法自发布之日起施行。")
    page.fill("#id_interpretation", "一、制定背景：规范城区广告招牌。")
    with page.expect_navigation():
        page.get_by_test_id("document-form").locator("button[type=submit]").click()
    doc = Document.objects.get(title="示范县广告招牌设置管理办法")
    assert page.get_by_test_id("document-title").inner_text() == doc.title
    page.get_by_test_id("form-submit_review").locator("textarea").fill("本办法为内部管理规范，不涉及公众权利义务。")
    do_step(page, "submit_review")
    assert page.get_by_test_id("form-review").count() == 0  # the clerk does not review
    log_out(page)

    # The county office reviews, records the deliberation, registers, publishes and files it.
    log_in(page, "office")
    page.goto(f"/normative/{doc.pk}/")
    form = page.get_by_test_id("form-review")
    form.locator("input[name=passed][value=yes]").check()
    form.locator("textarea[name=opinion]").fill("制定主体适格，程序合法，同意提交集体审议。")
    do_step(page, "review")
    page.get_by_test_id("form-deliberate").locator("input[name=meeting]").fill("县市场监管局2026年第9次局务会议")
    do_step(page, "deliberate")
    do_step(page, "register")
    assert page.get_by_test_id("document-number").inner_text() == "示范规〔2026〕002号"  # after the overdue one
    page.get_by_test_id("form-publish").locator("input[name=channel]").fill("示范县人民政府门户网站")
    do_step(page, "publish")
    assert page.get_by_test_id("filings").locator("tr[data-filing=own_government]").count() == 1
    with page.expect_navigation():
        page.get_by_test_id("form-file-own_government").locator("button[type=submit]").click()
    doc.refresh_from_db()
    assert doc.status == Document.Status.IN_FORCE and doc.filings.get().filed_on is not None

    # The public library shows it, with its number, text and interpretation.
    page.goto("/normative/library/?q=广告招牌")
    with page.expect_navigation():
        page.get_by_test_id("library").get_by_role("link", name=doc.title).click()
    assert page.get_by_test_id("public-number").inner_text() == "示范规〔2026〕002号"
    assert "现行有效" in page.get_by_test_id("public-status").inner_text()
    assert "规范城区广告招牌" in page.get_by_test_id("public-interpretation").inner_text()

    # The never-filed document is red on the office's home page.
    page.goto("/")
    row = page.get_by_test_id("agenda-overdue").locator("tr.overdue", has_text="示范县逾期未备案办法")
    assert row.count() == 1
    assert row.locator(".badge.red").count() == 1
