"""The draft from the bodies' words to "ready for review", in the browser.

A department's clerk writes what the bureau did with its figures; the office accepts the form; the director
composes the county's report, finds the bureau's words in it, chooses the figures a topic cites, revises the
shortcomings and the plans the reviewer will not pass as drafted, and sends the report to the leaders.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in, log_out
from fazhi.reports.models import Part, Report

from .conftest import make_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRACTICE = "推行执法检查“扫码入企”，检查人员、事项和结果企业当场可查"


def _save_section(page, section, text):
    page.get_by_test_id(f"edit-{section.pk}").click()
    form = page.get_by_test_id(f"section-form-{section.pk}")
    form.locator("textarea").fill(text)
    form.locator("button[type=submit]").click()
    page.get_by_test_id(f"section-{section.pk}").get_by_text(text[:12]).wait_for()


def test_clerk_writes_office_composes_chooses_figures_and_sends_for_review(world, catalog, live_server, page):
    from fazhi.collection.models import Submission

    base = live_server.url
    round_ = make_round(world, catalog)
    round_.status, round_.due_date = round_.Status.OPEN, timezone.localdate() + timedelta(days=10)
    round_.save(update_fields=["status", "due_date"])
    submission = Submission.objects.get(agency__code="sfx-scj", year=2025)
    submission.status = Submission.Status.DRAFT
    submission.save(update_fields=["status"])
    submission_url = f"{base}/collection/submissions/{submission.pk}/"

    # The bureau's clerk writes what was done on enforcement, beside the figures, and hands the form in.
    log_in(page, base, "clerk")
    page.goto(submission_url)
    page.fill("#text-practice-enforcement", PRACTICE + "。")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.SUBMITTED
    log_out(page)

    # The office accepts it.
    log_in(page, base, "office")
    page.goto(submission_url)
    page.get_by_test_id("accept").click()
    page.wait_for_load_state()
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.ACCEPTED
    log_out(page)

    # The director composes the county's report: the bureau's words are in it, named as the bureau's.
    log_in(page, base, "director")
    page.goto(f"{base}/reports/new/")
    page.select_option("#id_agency", label="示范县人民政府（示范县）")
    page.fill("#id_year", "2025")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    report = Report.objects.get(agency__code="sfx-gov", year=2025)
    enforcement = report.sections.get(topic="enforcement")
    assert "县市场监管局" + PRACTICE in page.get_by_test_id(f"section-{enforcement.pk}").inner_text()

    # Chooses the figures the enforcement topic cites: the files reviewed only (30 卷), not the cases.
    cite = page.get_by_test_id(f"cite-{enforcement.pk}")
    cite.locator("summary").click()
    for box in cite.locator("input[type=checkbox]").all():
        box.set_checked(box.get_attribute("value") == "enforcement_files_reviewed")
    with page.expect_navigation():
        cite.locator("button[type=submit]").click()
    text = page.get_by_test_id(f"section-{enforcement.pk}").inner_text()
    assert "评查行政执法案卷30卷" in text and "办理行政执法案件" not in text
    annex = page.get_by_test_id("annex").inner_text()
    assert "行政执法案件" in annex and "136" in annex  # 120 + 16, now in the annex table

    # The reviewer will not pass the shortcomings and the plans as fazhi drafted them, nor a drafting prompt (the
    # county recorded no leadership figures of its own): the director writes them.
    assert page.locator('[data-finding="unedited"]').count() == 2
    for part, words in ((Part.SHORTCOMINGS, "一是乡镇合法性审核力量不足，二是执法文书不够规范。"),
                        (Part.FIRST_RESPONSIBLE, "县政府主要负责人带头学法，主持研究法治政府建设重要事项。"),
                        (Part.NEXT_YEAR, "一是配齐审核人员，二是推行执法文书范本，三是开展案卷交叉评查。")):
        _save_section(page, report.sections.get(part=part, order=0), words)
    page.reload()
    assert page.locator('[data-finding="unedited"], [data-finding="placeholder"]').count() == 0

    # Whatever the reviewer still says is answered with a reason, and the report goes to the leaders.
    form = page.get_by_test_id("form-send_for_review")
    if form.locator("textarea, input[name=override_reason]").count():
        form.locator("textarea, input[name=override_reason]").first.fill("其余意见已逐条研究，保留现有表述。")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".messages li.error").count() == 0, page.locator(".messages").inner_text()
    assert Report.objects.get(pk=report.pk).status == Report.Status.REVIEW
