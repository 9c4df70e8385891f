"""A supervisor reads a report's evaluation and follows a piece of evidence: the words light up in the text."""

from __future__ import annotations

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.analyzer import actions
from fazhi.analyzer.tests.test_evaluation import BOILERPLATE
from fazhi.analyzer.tests.test_pages import urlpatterns  # noqa: F401 - the pages, mounted or not
from fazhi.demo.county import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_following_evidence_lights_up_its_words(world, live_server, page):
    batch = actions.create_batch(
        agency=world.agency("sfs-office"), name="2024年度", by=world.supervisor,
        files=[SimpleUploadedFile("明理县.txt", BOILERPLATE.encode("utf-8"), content_type="text/plain")],
    )
    actions.process_batch(batch)
    report = batch.reports.get()

    page.goto("/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"/analyzer/reports/{report.pk}/")

    table = page.get_by_test_id("evaluation")
    assert table.locator("tr[data-criterion]").count() == 7
    link = table.locator('tr[data-criterion="shortcomings_concrete"] a.ev-boilerplate').first
    assert link.inner_text() == "还不够"
    assert page.locator(".analyzer-text .ev-on").count() == 0
    link.click()
    lit = page.locator(".analyzer-text .evidence.ev-on")
    lit.first.wait_for()
    assert "".join(lit.all_inner_texts()) == "还不够"
    assert lit.first.is_visible()
    if os.environ.get("FAZHI_SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["FAZHI_SCREENSHOT_DIR"], "evaluation.png"), full_page=True)
    # Another piece of evidence: the first goes dark, the other lights up.
    table.locator('tr[data-criterion="published_on_time"] a').first.click()
    page.wait_for_function("document.querySelector('.analyzer-text .ev-on').textContent === '2025-03-10'")
    assert "".join(page.locator(".analyzer-text .ev-on").all_inner_texts()) == "2025-03-10"
