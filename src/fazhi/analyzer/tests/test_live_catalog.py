"""In the app, figures are mapped with the catalog the administrator keeps, and only to metrics in force."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.analyzer.live_catalog import catalog_mappers
from fazhi.analyzer.metrics import CatalogMappers, default_mapper, shipped_entries
from fazhi.analyzer.models import AnalyzedReport
from fazhi.analyzer.tests.samples import REPORT
from fazhi.analyzer.tests.test_pages import LAST_YEAR, txt, upload, urlpatterns  # noqa: F401

COMPLIANCE = REPORT.replace("取消证明事项23项，", "取消证明事项23项，全年办理涉企合规指导事项25件，")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def metric_of(report: AnalyzedReport, value, unit: str = "件"):
    found = [
        i.get("metric") for i in report.result["indicators"] if i["value"] == value and i["unit"] == unit
    ]
    assert len(found) == 1, found
    return found[0]


# The library: a catalog given as plain dicts, mapped per year ---------------------------------------------


def test_mappers_offer_the_metrics_in_force_for_the_year():
    entries = shipped_entries()
    mappers = CatalogMappers(entries)
    codes = {year: {m.code for m in mappers.for_year(year).metrics} for year in (2017, 2022, 2024, None)}
    # 疫情防控法律服务 is not reported from 2023 on; 行政复议调解和解结案 only from 2024 on.
    assert "epidemic_legal_services" in codes[2022] and "epidemic_legal_services" not in codes[2024]
    assert "reconsideration_mediated" in codes[2024] and "reconsideration_mediated" not in codes[2022]
    # Years before the catalog's first (2021) read as that year: an old report still states its figures.
    assert codes[2017] == codes[2022] and "reconsideration_received" in codes[2017]
    assert "epidemic_legal_services" not in codes[None] and "reconsideration_mediated" in codes[None]
    assert {m.code for m in mappers.all.metrics} == {e["code"] for e in entries}  # for naming stored codes
    assert mappers.for_year(2022) is mappers.for_year(2021)  # the same metrics, one mapper
    assert mappers(2024).map("全年受理行政复议申请", "件") == default_mapper().map(
        "全年受理行政复议申请", "件"
    )


# The app: the database's catalog ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_phrase_added_in_the_admin_maps_a_figure_the_shipped_catalog_does_not(world, catalog, client):
    client.force_login(world.supervisor)
    upload(client, "before", txt("示范县.txt", COMPLIANCE))
    assert metric_of(AnalyzedReport.objects.get(), 25) is None  # the shipped catalog has no such phrase

    metric = catalog["functions_business_complaints"]
    metric.phrases = [*metric.phrases, "涉企合规指导"]
    metric.save()
    upload(client, "after", txt("示范县.txt", COMPLIANCE))
    report = AnalyzedReport.objects.get(batch__name="after")
    assert metric_of(report, 25) == "functions_business_complaints"
    assert metric_of(report, 46) == "reconsideration_received"  # the rest as before

    # The report's page names the metric by the live catalog's label.
    metric.label = "涉企服务事项（已改名）"
    metric.save()
    html = client.get(reverse("analyzer:report_detail", args=[report.pk])).content.decode()
    assert "涉企服务事项（已改名）" in html


@pytest.mark.django_db
def test_a_metric_retired_before_the_report_year_is_not_mapped(world, catalog, client):
    metric = catalog["reconsideration_received"]
    metric.retired_year = 2024  # not reported from 2024 on
    metric.save()
    client.force_login(world.supervisor)
    upload(client, "two years", txt("示范县2023.txt", LAST_YEAR), txt("示范县2024.txt", REPORT))
    reports = {r.year: r for r in AnalyzedReport.objects.all()}
    assert metric_of(reports[2023], 40) == "reconsideration_received"  # still in force in 2023
    assert metric_of(reports[2024], 46) != "reconsideration_received"
    assert metric_of(reports[2024], 41) == "reconsideration_decided"  # other metrics unaffected


@pytest.mark.django_db
def test_the_mappers_are_rebuilt_only_when_the_catalog_changes(catalog):
    first = catalog_mappers()
    assert catalog_mappers() is first
    metric = catalog["reconsideration_received"]
    metric.phrases = [*metric.phrases, "新收复议案件"]
    metric.save()
    second = catalog_mappers()
    assert second is not first and second.all.map("新收复议案件", "件") == "reconsideration_received"


@pytest.mark.django_db
def test_without_a_loaded_catalog_the_shipped_one_is_used():
    assert {m.code for m in catalog_mappers().all.metrics} == {m.code for m in default_mapper().metrics}
