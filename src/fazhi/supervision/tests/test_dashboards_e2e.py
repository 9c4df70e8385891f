"""In the browser: the supervisor sorts the comparison by an indicator and opens a body's trend chart."""

from __future__ import annotations

import pytest

from fazhi.demo.county import DEMO_PASSWORD

from .test_dashboards import CODES, RATE, build_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_supervisor_sorts_the_comparison_and_opens_a_trend(city_register, catalog, settings, live_server, page):
    settings.FAZHI_SUPERVISION_COMPARISON_METRICS = CODES
    settings.FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS = 0
    build_data(city_register, catalog)
    page.goto("/login/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"/supervision/comparison/?year=2025&metric={RATE}")
    page.locator("[data-testid=distribution-chart] svg").wait_for()
    rows = page.locator("#comparison-table tbody tr")
    assert rows.first.locator("th").inner_text() == "示范县司法局"  # ranked first: the lowest correction rate

    def first():
        return rows.first.locator("th").inner_text()

    heading = page.locator("#comparison-table th[data-metric=pufa_activities]").get_by_role("button")
    heading.click()  # smallest first: 城关镇's 3
    assert first() == "示范县城关镇人民政府"
    heading.click()  # largest first: the county's 15
    assert first() == "示范县人民政府"
    assert page.locator("#comparison-table th[aria-sort=descending]").count() == 1
    page.get_by_test_id("comparison-filter").fill("邻水县农业农村局")
    assert page.locator("#comparison-table tbody tr:not([hidden])").count() == 1

    page.get_by_role("link", name="邻水县农业农村局").click()
    page.wait_for_url("**/trend/**")
    page.locator("[data-testid=trend-chart] svg").wait_for()
    assert page.locator("[data-testid=trend-chart] svg path").count() >= 1
    assert "报*" in page.get_by_test_id("trend").locator("tr[data-year='2025']").inner_text()
