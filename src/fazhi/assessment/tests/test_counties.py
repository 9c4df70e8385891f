"""The supervisor's page of the counties side by side: open, overdue and closed-this-year items per county, as a chart
and a table; a county's office sees only its own county."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from fazhi.assessment import actions
from fazhi.core.tests.clients import csrf_client

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def items(find, requested, office, world):
    """示范县: one open and overdue, one awaiting review, one closed in 2026; 邻水县: one open, not yet due."""
    find()
    requested()
    actions.accept_closing(requested(), by=office, closed_on=D(2026, 11, 5))
    find(agency=world.agency("lsx-sfj"), by=world.admin, assigned_on=D(2026, 12, 1))


def _cells(page: str, code: str) -> tuple[str, ...]:
    row = re.search(rf'<tr data-county="{code}">(.*?)</tr>', page, re.S).group(1)
    return tuple(re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))


def test_the_supervisor_sees_each_county_side_by_side(items, world):
    page = csrf_client(world.supervisor).get(reverse("assessment:counties")).content.decode()
    assert _cells(page, "990102") == ("2", "1", "1")
    assert _cells(page, "990103") == ("1", "0", "0")
    assert 'data-testid="county-chart"' in page and 'role="img"' in page and "<title" in page
    assert page.count('data-series="overdue"') == 2


def test_a_countys_office_sees_only_its_own(items, world):
    page = csrf_client(world.office).get(reverse("assessment:counties")).content.decode()
    assert 'data-county="990102"' in page and 'data-county="990103"' not in page


def test_the_year_asked_for_counts_what_was_closed_in_it(items, world):
    page = csrf_client(world.supervisor).get(reverse("assessment:counties"), {"year": 2025}).content.decode()
    assert _cells(page, "990102") == ("2", "1", "0")


def test_the_list_links_the_page(items, world):
    page = csrf_client(world.supervisor).get(reverse("assessment:list")).content.decode()
    assert reverse("assessment:counties") in page
