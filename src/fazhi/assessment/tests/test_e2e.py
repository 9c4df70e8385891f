"""In the browser: the office records an inspection finding and assigns its rectification to 县市场监管局; the bureau's
clerk draws up the plan, reports progress with a file and asks to close the item with its evidence; the office
reviews the evidence and closes it (销号)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.assessment.models import Rectification
from fazhi.core.tests.browser import log_in, log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _step(page, name: str, values: dict[str, str], files: dict[str, str] | None = None):
    form = page.get_by_test_id(f"form-{name}")
    form.locator("xpath=..").locator("summary").click()
    for field, value in values.items():
        form.locator(f"[name='{name}-{field}']").fill(value)
    for field, path in (files or {}).items():
        form.locator(f"[name='{name}-{field}']").set_input_files(path)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_finding_is_rectified_with_evidence_and_closed_by_the_office(world, live_server, page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    today = timezone.localdate()
    evidence = tmp_path / "整改佐证材料.pdf"
    evidence.write_bytes(PDF)

    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/assessment/new/")
    page.select_option("[name='agency']", "sfx-scj")
    for field, value in {
        "inspection_reference": "示法督〔E2E〕1号", "inspecting_body": "示范县委依法治县办督察组",
        "inspected": "示范县市场监督管理局", "inspection_started_on": (today - timedelta(days=30)).isoformat(),
        "feedback_on": (today - timedelta(days=20)).isoformat(), "basis_article": "第十九条",
        "description": "行政处罚决定书说理不充分", "responsible_person": "王副局长",
        "assigned_on": (today - timedelta(days=15)).isoformat(),
    }.items():
        page.fill(f"[name='{field}']", value)
    page.select_option("[name='inspection_kind']", "special")
    page.select_option("[name='category']", "enforcement")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    item = Rectification.objects.get(inspection_reference="示法督〔E2E〕1号")
    assert item.status == Rectification.Status.ASSIGNED and item.deadline > today
    log_out(page)

    log_in(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/assessment/{item.pk}/")
    _step(page, "record_plan", {"plan_on": (today - timedelta(days=10)).isoformat(),
                                "plan": "逐案复查，修订文书范本，开展专题培训。"})
    _step(page, "report_progress", {"reported_on": (today - timedelta(days=5)).isoformat(),
                                    "progress": "已复查案卷30件，修订范本2个。"}, {"attachment": str(evidence)})
    _step(page, "request_closing", {"requested_on": today.isoformat(), "closing_summary": "文书范本已修订并培训。"},
          {"evidence": str(evidence)})
    item.refresh_from_db()
    assert item.status == Rectification.Status.REQUESTED
    assert "已复查案卷30件" in page.get_by_test_id("child-progress_reports").inner_text()
    log_out(page)

    log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/assessment/{item.pk}/")
    _step(page, "accept_closing", {"closed_on": today.isoformat(), "review_note": "佐证材料齐全，同意销号。"})
    item.refresh_from_db()
    assert item.status == Rectification.Status.CLOSED and item.closed_on == today
    assert page.get_by_test_id("status").inner_text() != ""
