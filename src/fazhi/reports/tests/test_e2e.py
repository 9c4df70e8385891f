"""The office director walks the county government's 2025 report from draft to the public portal.

Real dates (the live server runs in another thread): the 2025 report is filed after 3月1日 when this test
runs in late 2026, so the page shows it as late, which is what the office should see.
"""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in, log_out
from fazhi.reports.models import Report, ReportSection

from .conftest import make_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIVE_CONTENTS = ["主要举措和成效", "存在的不足和原因", "党政主要负责人履行推进法治建设第一责任人职责情况",
                 "推进法治政府建设的主要安排", "其他需要报告的情况"]


def do_step(page, name):
    """Submit the step's form and wait for the detail page to come back."""
    form = page.get_by_test_id(f"form-{name}")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".messages li.error").count() == 0, page.locator(".messages").inner_text()


def in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return -1 not in positions and positions == sorted(positions)


def test_director_walks_the_report_to_the_portal_and_downloads_it(world, catalog, live_server, page):
    from fazhi.collection.rollup import region_totals
    from fazhi.reports import review
    from fazhi.reports.compose import DRAFT_MARK
    from fazhi.reports.figures import plain_number

    base = live_server.url
    make_round(world, catalog)
    county = world.agency("sfx-gov").region
    received = region_totals(2025, county)["reconsideration_received"]
    assert received == 35
    received = plain_number(received)

    # The director creates the county government's 2025 report.
    log_in(page, base, "director")
    page.goto("/reports/new/")
    page.select_option("#id_agency", label="示范县人民政府（示范县）")
    page.fill("#id_year", "2025")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    report = Report.objects.get(agency__code="sfx-gov", year=2025)
    assert page.get_by_test_id("report-title").inner_text() == "示范县人民政府关于2025年法治政府建设情况的报告"
    assert page.locator(f'[data-metric="reconsideration_received"]:has-text("{received}件")').count() >= 1

    # Edits every section that still holds a drafting prompt, and revises fazhi's drafts of the shortcomings and
    # next year's plans (the reviewer names them), in place (htmx).
    assert page.locator('[data-finding="unedited"]').count() == 2
    unfinished = list(ReportSection.objects.filter(report=report, text__contains=DRAFT_MARK))
    unfinished += [s for s in review.unedited(report.sections.all()) if s not in unfinished]
    assert len(unfinished) >= 2
    for index, section in enumerate(unfinished):
        page.get_by_test_id(f"edit-{section.pk}").click()
        form = page.get_by_test_id(f"section-form-{section.pk}")
        form.locator("textarea").fill(f"第{index + 1}段：一是基层法治力量仍显薄弱；二是执法规范化水平有待提升。")
        form.locator("button[type=submit]").click()
        page.get_by_test_id(f"section-{section.pk}").get_by_text(f"第{index + 1}段").wait_for()
    assert not ReportSection.objects.filter(report=report, text__contains=DRAFT_MARK).exists()

    # Departments' comments, then the leaders' review.
    page.reload()
    do_step(page, "open_comments")
    # The reviewer's findings stay beside the draft; sending on needs a reason.
    assert page.get_by_test_id("review-findings").count() == 1
    page.get_by_test_id("form-send_for_review").get_by_label("保留审读意见的理由").fill("测试文本，审读意见另行处理。")
    do_step(page, "send_for_review")
    assert Report.objects.get(pk=report.pk).status == Report.Status.REVIEW
    log_out(page)

    # The county leader signs off.
    log_in(page, base, "leader")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_test_id("form-sign_off").locator("textarea").fill("同意报送。")
    do_step(page, "sign_off")
    assert page.get_by_test_id("signoffs").inner_text().startswith("赵国强")
    log_out(page)

    # The director records adoption, submission, confidentiality review and publication.
    log_in(page, base, "director")
    page.goto(f"/reports/{report.pk}/")
    page.get_by_test_id("form-adopt").locator("input[name=meeting]").fill("县政府第21次常务会议")
    do_step(page, "adopt")
    do_step(page, "submit")  # the addressees come prefilled from the agency tree
    deliveries = page.get_by_test_id("deliveries").inner_text()
    assert "中共示范县委员会" in deliveries and "示范县人民代表大会常务委员会" in deliveries
    page.get_by_test_id("form-confidentiality").locator("input[name=reviewer]").fill("县委保密办")
    do_step(page, "confidentiality")
    page.get_by_test_id("form-publish").locator("input[name=url]").fill("https://www.example.org/sfx/fzzf2025")
    do_step(page, "publish")
    report.refresh_from_db()
    today = timezone.localdate()
    assert report.status == Report.Status.PUBLISHED and report.published_on == today
    # Filed after 3月1日 2026: the page says so, in red.
    assert page.get_by_test_id("filed-flag").locator(".badge.red").count() == 1

    # The portal's archive lists it with its publication date.
    page.goto("/portal/reports/")
    # Published after 4月1日 of the year after the one reported on: marked as late.
    assert page.get_by_test_id(f"published-on-{report.pk}").inner_text().startswith(today.isoformat())
    assert page.get_by_test_id(f"published-late-{report.pk}").count() == 1
    assert report.title in page.get_by_test_id("archive").inner_text()

    # The director downloads the DOCX and the PDF from the detail page; both state the contents and figures.
    page.goto(f"/reports/{report.pk}/")
    with page.expect_download() as info:
        page.get_by_test_id("download-docx").click()
    docx_bytes = open(info.value.path(), "rb").read()  # noqa: SIM115
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    pdf_bytes = open(info.value.path(), "rb").read()  # noqa: SIM115

    import docx
    import pypdf

    document = docx.Document(io.BytesIO(docx_bytes))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    assert in_order(docx_text, FIVE_CONTENTS)
    assert f"受理行政复议申请{received}件" in docx_text

    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages)
    pdf_text = re.sub(r"\s+", "", pdf_text)
    assert in_order(pdf_text, FIVE_CONTENTS)
    assert f"受理行政复议申请{received}件" in pdf_text
