"""Live filtering of the staff list of consultations: htmx gets the rows alone, through the same scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.consultation import actions, views
from fazhi.core.ledger import create_record
from fazhi.core.tests.sampleledger.models import SampleCase

from .conftest import BODY, TODAY

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SCHOOLS = "关于《城区学校学区划分方案（草案）》公开征求意见"


@pytest.fixture
def schools(world, frozen):
    """A consultation of the colleague's agency (县教育局), on a normative document."""
    draft = create_record(SampleCase(agency=world.agency("sfx-jyj"), title="城区学校学区划分方案（草案）",
                                     received_on=date(2026, 3, 1)), by=world.colleague)
    return actions.open_consultation(draft, by=world.colleague, kind="normative", title=SCHOOLS, body=BODY,
                                     opens_on=TODAY, closes_on=date(2026, 3, 31))


def test_htmx_gets_only_the_filtered_rows(client, world, consultation, schools):
    client.force_login(world.office)
    response = client.get(reverse("consultation:list"), {"q": "集贸"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "<html" not in html and 'role="search"' not in html
    assert consultation.title in html and SCHOOLS not in html
    assert "1 consultation" in html
    assert f'{reverse("consultation:export")}?q=%E9%9B%86%E8%B4%B8' in html  # the export follows the filter


def test_a_select_narrows_the_rows_too(client, world, consultation, schools):
    client.force_login(world.office)
    html = client.get(reverse("consultation:list"), {"q": "", "kind": "normative"}, **HTMX).content.decode()
    assert SCHOOLS in html and consultation.title not in html


def test_an_outsider_sees_nothing_of_another_county(client, world, consultation, schools):
    client.force_login(world.outsider)
    html = client.get(reverse("consultation:list"), {"q": "集贸"}, **HTMX).content.decode()
    assert consultation.title not in html and "No consultation matches." in html and "0 consultations" in html
    html = client.get(reverse("consultation:list"), {"status": "open"}, **HTMX).content.decode()
    assert consultation.title not in html and SCHOOLS not in html


def test_without_javascript_the_form_is_a_plain_get_form(client, world, consultation, schools):
    client.force_login(world.office)
    html = client.get(reverse("consultation:list"), {"q": "集贸"}).content.decode()
    assert "<html" in html and 'method="get"' in html and 'hx-target="#consultation-rows"' in html
    assert consultation.title in html and SCHOOLS not in html


def test_the_pages_keep_the_filters(client, world, consultation, schools, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client.force_login(world.office)
    html = client.get(reverse("consultation:list"), {"q": "公开征求意见", "status": "open"}, **HTMX).content.decode()
    assert "2 consultations" in html
    assert 'href="?q=%E5%85%AC%E5%BC%80%E5%BE%81%E6%B1%82%E6%84%8F%E8%A7%81&amp;status=open&amp;page=2"' in html
    second = client.get(reverse("consultation:list"), {"q": "公开征求意见", "status": "open", "page": "2"},
                        **HTMX).content.decode()
    assert (SCHOOLS in html) != (SCHOOLS in second)
