"""A clerk looks up the catalog for an earlier year in the browser and downloads it for Excel."""

import pytest
from openpyxl import load_workbook

from fazhi.demo.county import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_browses_the_catalog_by_year_and_downloads_it(live_server, page, world, catalog, tmp_path):
    page.goto("/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto("/metrics/")
    assert page.locator("[data-testid=metrics-disputes]").get_by_text("reconsideration_correction_rate").is_visible()
    page.select_option("#year", "2022")  # submits the form on change
    page.wait_for_url("**/metrics/?year=2022**")
    assert page.get_by_text("epidemic_legal_services").is_visible()
    assert page.get_by_text("reconsideration_mediated").count() == 0

    with page.expect_download() as download:
        page.click("[data-testid=download-xlsx]")
    path = tmp_path / "catalog.xlsx"
    download.value.save_as(path)
    codes = [row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    assert "epidemic_legal_services" in codes and "reconsideration_mediated" not in codes

    page.click("text=litigation_loss_rate")
    assert "行政诉讼败诉率" in page.locator("[data-testid=metric-label]").inner_text()
