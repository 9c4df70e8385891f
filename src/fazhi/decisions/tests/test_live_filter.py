"""Live filtering of the decision list: htmx gets the rows alone, through the same scoped query."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.decisions import actions, views

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
MARKET = "县城农贸市场提升改造方案"
SCHOOLS = "县城区义务教育学校布局调整规划"


@pytest.fixture
def both(decision, item, world):
    """The owner's decision on the market, and the colleague's on the schools."""
    other = actions.start_decision(item.catalog.items.get(agency__code="sfx-jyj"), by=world.colleague)
    assert decision.title == MARKET and other.title == SCHOOLS
    return decision, other


def test_htmx_gets_only_the_filtered_rows(both, world, as_user):
    response = as_user(world.office).get(reverse("decisions:list"), {"q": "农贸"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "<html" not in html and 'data-testid="filters"' not in html
    assert MARKET in html and SCHOOLS not in html
    assert "1 decision" in html
    assert f'{reverse("decisions:export")}?q=%E5%86%9C%E8%B4%B8' in html  # the export follows the filter


def test_a_select_narrows_the_rows_too(both, world, as_user):
    html = as_user(world.office).get(reverse("decisions:list"), {"q": "", "agency": "sfx-jyj"}, **HTMX).content.decode()
    assert SCHOOLS in html and MARKET not in html


def test_an_outsider_sees_nothing_of_another_county(both, world, as_user):
    client = as_user(world.outsider)
    html = client.get(reverse("decisions:list"), {"q": "农贸"}, **HTMX).content.decode()
    assert MARKET not in html and "No decision matches." in html and "0 decisions" in html
    html = client.get(reverse("decisions:list"), {"agency": "sfx-scj"}, **HTMX).content.decode()
    assert MARKET not in html and SCHOOLS not in html


def test_a_colleague_sees_only_their_own_agency(both, world, as_user):
    html = as_user(world.colleague).get(reverse("decisions:list"), **HTMX).content.decode()
    assert SCHOOLS in html and MARKET not in html


def test_without_javascript_the_form_is_a_plain_get_form(both, world, as_user):
    html = as_user(world.office).get(reverse("decisions:list"), {"q": "农贸"}).content.decode()
    assert "<html" in html and 'method="get"' in html and 'hx-target="#decision-rows"' in html
    assert MARKET in html and SCHOOLS not in html


def test_the_pages_keep_the_filters(both, world, as_user, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    client = as_user(world.office)
    html = client.get(reverse("decisions:list"), {"year": "2026", "q": "县城"}, **HTMX).content.decode()
    assert "2 decisions" in html
    assert 'href="?year=2026&amp;q=%E5%8E%BF%E5%9F%8E&amp;page=2"' in html
    second = client.get(reverse("decisions:list"), {"year": "2026", "q": "县城", "page": "2"}, **HTMX).content.decode()
    assert (MARKET in html) != (MARKET in second) and (SCHOOLS in html) != (SCHOOLS in second)
