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
