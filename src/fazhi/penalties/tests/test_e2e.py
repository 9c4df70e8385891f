"""Enforcement walked in the browser: the office registers an officer and issues the certificate; a department
clerk draws entities at random and sees the seed and the recusals; the office scores a sampled case file."""

import re
from datetime import date, timedelta

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


def _step(page, slug: str, fill: dict | None = None, check: tuple = ()):
    """Open a step's panel on the case page, fill it and save it."""
    form = page.get_by_test_id(f"form-{slug}")
    page.locator(f"details:has([data-testid=form-{slug}]) > summary").click()
    for name, value in (fill or {}).items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    for name, value in check:
        form.locator(f"[name={name}][value={value}]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_major_case_is_refused_without_legal_review_then_decided_and_published_masked(ledgers, live_server, page):
    from django.utils import timezone

    from fazhi.penalties.models import Case

    base = live_server.url
    today = timezone.localdate()
    body = EnforcementBody.objects.filter(agency__code="sfx-scj", entrusted_by__isnull=True).order_by("pk").first()
    officers = [str(pk) for pk in Officer.objects.filter(body=body, withdrawn_at__isnull=True)
                .order_by("pk").values_list("pk", flat=True)]
    log_in(page, base, "clerk")
    page.goto(f"{base}/penalties/new/?body={body.pk}")
    page.select_option("#id_body", value=str(body.pk))
    page.fill("#id_number", "示市监立〔2026〕E2E号")
    page.fill("#id_title", "张某某销售过期食品案")
    page.select_option("#id_party_kind", value="person")
    page.fill("#id_party_name", "张某某")
    page.fill("#id_party_code", id_number(902, date(1980, 3, 4)))
    page.fill("#id_party_address", "示范县人民路8号")
    page.fill("#id_violation_on", (today - timedelta(days=20)).isoformat())
    page.fill("#id_discovered_on", (today - timedelta(days=10)).isoformat())
    page.select_option("#id_officers", value=officers[:2])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    case = Case.objects.get(number="示市监立〔2026〕E2E号")
    assert page.url == f"{base}/penalties/{case.pk}/"

    _step(page, "record", {"action": "evidence", "description": "现场检查，提取过期食品样品3件。"})
    assert "现场检查" in page.get_by_test_id("records").inner_text()
    _step(page, "end-investigation")
    _step(page, "major", check=(("major_categories", "public_interest"),))
    _step(page, "notify", {"fine": "5000"}, check=(("penalty_types", "fine"),))
    _step(page, "receive-notice")
    decision = {"decision_number": "示市监罚〔2026〕E2E号", "facts": "当事人销售超过保质期的食品。",
                "legal_basis": "《中华人民共和国食品安全法》第一百二十四条。", "performance": "自收到决定书之日起十五日内缴纳罚款。",
                "remedy": "可自收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。"}
    _step(page, "decide", {"outcome": "penalty", **decision})
    # Refused: a major case without a passed legal review (第58条); what was typed is kept.
    assert "第58条" in page.locator("main").inner_text()
    assert page.get_by_test_id("form-decide").locator("[name=facts]").input_value() == decision["facts"]
    case.refresh_from_db()
    assert case.status == Case.Status.NOTIFIED and not case.decided_on

    page.goto(f"{base}/penalties/{case.pk}/")
    _step(page, "submit-review")
    _step(page, "review", {"reviewer": "李法制", "reviewer_qualification": "A20161100000001", "review_result": "passed",
                           "review_opinion": "事实清楚，证据确凿，适用依据正确，程序合法。"})
    _step(page, "decide", {"outcome": "penalty", **decision})
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.publication_due is not None
    _step(page, "publish")
    case.refresh_from_db()
    assert case.published_on == today and case.published_on <= case.publication_due  # within its 7 working days
    log_out(page)

    # The portal shows the decision with the person's name and identity number masked.
    page.goto(f"{base}/penalties/public/")
    table = page.get_by_test_id("public-decisions").inner_text()
    assert "示市监罚〔2026〕E2E号" in table and "张**" in table and "张某某" not in table
    page.get_by_role("link", name="示市监罚〔2026〕E2E号").click()
    detail = page.locator("main").inner_text()
    assert "张**" in detail and "张某某" not in detail and id_number(902, date(1980, 3, 4)) not in detail
