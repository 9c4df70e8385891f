"""The public portal: published reports only, without a log-in; anything else is 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.reports import actions
from fazhi.reports.models import Report
from fazhi.reports.tests.conftest import OVERRIDE, finish_text

pytestmark = pytest.mark.django_db
DAY = date(2026, 2, 10)


def publish(report, world):
    finish_text(report, world.office)
    actions.send_for_review(report, by=world.office, override_reason=OVERRIDE)
    actions.sign_off(report, by=world.leader)
    actions.adopt(report, by=world.office, meeting="县政府第3次常务会议", adopted_on=DAY)
    rows = [(s.kind, s.addressee, DAY, "") for s in actions.suggested_deliveries(report) if s.required]
    actions.submit_report(report, by=world.office, deliveries=rows)
    actions.clear_confidentiality(report, by=world.office, reviewer="县保密局", opinion="", cleared_on=DAY)
    return actions.publish(report, by=world.office, published_on=DAY)


@pytest.fixture
def published(world, gov_report):
    return publish(gov_report, world)


@pytest.fixture
def draft(world, round_2025, feb_2026):
    return actions.create_report(world.agency("sfx-scj"), 2025, by=world.owner)


def test_home_and_archive_list_published_reports_with_their_date(world, published, draft, client):
    for url in (reverse("portal:home"), reverse("portal:report_archive")):
        html = client.get(url).content.decode()
        assert published.title in html and "2026-02-10" in html
        assert draft.title not in html


def test_archive_filters_by_year_region_and_kind(world, published, client):
    url = reverse("portal:report_archive")
    assert published.title in client.get(url, {"year": 2025, "region": "990102"}).content.decode()
    assert published.title in client.get(url, {"region": "990100", "kind": "government"}).content.decode()
    assert published.title not in client.get(url, {"year": 2024}).content.decode()
    assert published.title not in client.get(url, {"kind": "department"}).content.decode()


def test_published_report_reads_as_html(world, published, client):
    html = client.get(reverse("portal:report_detail", args=[published.pk])).content.decode()
    assert 'data-testid="publication-date"' in html and "2026-02-10" in html
    assert "存在的不足和原因" in html and "<html" in html
    assert reverse("portal:report_download", args=[published.pk, "pdf"]) in html


def test_published_report_downloads_as_docx(world, published, client):
    response = client.get(reverse("portal:report_download", args=[published.pk, "docx"]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]


def test_anything_not_published_is_404(world, published, draft, client):
    assert client.get(reverse("portal:report_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:report_download", args=[draft.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:report_download", args=[published.pk, "json"])).status_code == 404
    Report.objects.filter(pk=published.pk).update(status=Report.Status.CLEARED)
    assert client.get(reverse("portal:report_detail", args=[published.pk])).status_code == 404


def test_each_figure_of_a_published_report_leads_to_its_public_page(world, published, draft, client):
    html = client.get(reverse("portal:report_detail", args=[published.pk])).content.decode()
    page = reverse("portal:report_figure", args=[published.pk, "reconsideration_received"])
    assert f'href="{page}"' in html and "/collection/" not in html  # never the staff's drill-down
    figure = client.get(page).content.decode()
    # 35 applications in 司法局's form (conftest FIGURES_2025): one body's form, traced as such.
    assert 'data-testid="figure-current">35件' in figure and "1个单位数据报送汇总" in figure
    # A rate the text may not state is traced to the figures it divides.
    rate = client.get(reverse("portal:report_figure", args=[published.pk, "reconsideration_correction_rate"]))
    assert rate.status_code == 200 and "÷" in rate.content.decode()
    for url in (reverse("portal:report_figure", args=[draft.pk, "reconsideration_received"]),
                reverse("portal:report_figure", args=[published.pk, "no_such_metric"]),
                reverse("portal:report_annex", args=[draft.pk])):
        assert client.get(url).status_code == 404


def test_a_downloaded_public_copy_links_figures_to_their_public_pages_absolutely(world, published, client, settings):
    from fazhi.reports.export import export_report

    settings.FAZHI_SITE_URL = "https://fazhi.example.gov.cn"
    html = export_report(published, "html", base_url=settings.FAZHI_SITE_URL, public=True).content.decode()
    page = reverse("portal:report_figure", args=[published.pk, "reconsideration_received"])
    assert f'href="https://fazhi.example.gov.cn{page}"' in html and "/collection/" not in html


def test_the_public_downloads_the_annex_as_a_workbook_of_numbers(world, published, client):
    import io

    from openpyxl import load_workbook

    response = client.get(reverse("portal:report_annex", args=[published.pk]))
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "附件：2025年法治政府建设主要数据"
    assert [c.value for c in sheet[3]] == ["指标", "单位", "上年", "本年", "增减", "来源"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["行政复议纠错率"][3] == pytest.approx(12.12, abs=0.01)  # a number, not text
