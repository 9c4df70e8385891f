"""Enforcement walked in the browser: the office registers an officer and issues the certificate; a department
clerk draws entities at random and sees the seed and the recusals; the office scores a sampled case file."""

import re
from datetime import date

import pytest

from fazhi.core.tests.browser import log_in, log_out
from fazhi.enforcement.demo import build_demo_enforcement, id_number
from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.filereview.demo import build as build_demo_filereview
from fazhi.filereview.models import ReviewFile
from fazhi.inspections.demo import build as build_demo_inspections
from fazhi.inspections.models import Draw, Recusal
from fazhi.penalties.demo import build_demo_penalties

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ledgers(world):
    build_demo_enforcement()
    build_demo_inspections()
    build_demo_penalties()
    build_demo_filereview()
    return world


def test_the_office_registers_an_officer_and_issues_the_certificate(ledgers, live_server, page):
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/enforcement/officers/new/")
    body = EnforcementBody.objects.filter(agency__code="sfx-scj", entrusted_by__isnull=True).order_by("pk").first()
    page.select_option("#id_body", value=str(body.pk))
    page.fill("#id_name", "新执法员")
    page.fill("#id_id_number", id_number(901, date(1990, 5, 6)))
    page.fill("#id_position", "科员")
    page.locator("main button[type=submit]").click()
    officer = Officer.objects.get(name="新执法员")
    page.wait_for_url(f"{base}/enforcement/officers/{officer.pk}/")
    form = page.get_by_test_id("form-certificate")
    if not form.is_visible():
        page.locator("details:has([data-testid=form-certificate]) > summary").click()
    form.locator("[name=number]").fill("99019990001")
    form.locator("[name=area]").fill("示范县")
    form.locator("[name=domain]").fill("市场监督管理")
    form.locator("[name=valid_until]").fill("2030-12-31")
    form.locator("[name=issuer]").fill("示范省司法厅")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}/enforcement/officers/{officer.pk}/")
    assert "99019990001" in page.locator("main").inner_text()
    assert officer.certificates.filter(number="99019990001").exists()


def test_a_random_draw_shows_its_seed_and_recusals(ledgers, live_server, page):
    base = live_server.url
    log_in(page, base, "clerk")
    page.goto(f"{base}/inspections/draws/new/")
    page.select_option("#id_item", index=1)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{base}/inspections/draws/\d+/$"))
    draw = Draw.objects.order_by("-pk").first()
    assert page.get_by_test_id("seed").inner_text() == str(draw.seed)
    assert len(draw.recusals_snapshot) >= 1
    assert page.get_by_test_id("recusal-count").inner_text() == str(len(draw.recusals_snapshot))
    officer_id, entity_id = draw.recusals_snapshot[0]
    recusal = Recusal.objects.get(officer_id=officer_id, entity_id=entity_id)
    row = page.get_by_test_id("recusals").locator("tbody tr").first.inner_text()
    assert recusal.officer.name in row and recusal.entity.name in row
    assert page.get_by_test_id("verification").locator(".badge.green").count() == 1
    log_out(page)


def test_the_office_scores_a_sampled_file(ledgers, live_server, page):
    base = live_server.url
    file = ReviewFile.objects.filter(scores__isnull=True, campaign__status="reviewing").order_by("pk").first()
    log_in(page, base, "office")
    page.goto(f"{base}/filereview/files/{file.pk}/")
    page.get_by_test_id("score").click()
    page.wait_for_url(f"{base}/filereview/files/{file.pk}/score/")
    page.locator("[data-testid=score-form] textarea").last.fill("案卷材料齐全，程序合法。")
    page.locator("[data-testid=score-form] button[type=submit]").click()
    page.wait_for_url(f"{base}/filereview/files/{file.pk}/")
    file.refresh_from_db()
    assert file.total is not None
    assert page.get_by_test_id("total").inner_text().startswith(str(file.total).rstrip("0").rstrip("."))
