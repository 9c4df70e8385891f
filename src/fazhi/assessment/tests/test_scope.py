"""Who sees what: the owner's clerk and the county's office see the item; a colleague in another department and the
outsider in the next county see nothing on the list, the detail, the export, the API or the counties' page, and
posting without the CSRF token is refused."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from ninja.testing import TestClient
from openpyxl import load_workbook

from fazhi.assessment.ledger import PAGES
from fazhi.core.tests.clients import csrf_client  # noqa: I001
from fazhi.ledgers.api import router_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(find):
    return find(description="行政处罚决定书说理不充分，自由裁量基准未引用")


def test_the_owner_and_the_office_see_the_item(world, item):
    for user in (world.owner, world.office, world.supervisor, world.leader):
        page = csrf_client(user).get(reverse("assessment:list")).content.decode()
        assert f'data-record="{item.pk}"' in page, user
        assert csrf_client(user).get(reverse("assessment:detail", args=[item.pk])).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_others_see_nothing(world, item, who):
    client = csrf_client(getattr(world, who))
    assert f'data-record="{item.pk}"' not in client.get(reverse("assessment:list")).content.decode()
    assert client.get(reverse("assessment:detail", args=[item.pk])).status_code == 404
    sheet = load_workbook(io.BytesIO(client.get(reverse("assessment:export")).content)).active
    assert all("自由裁量基准" not in str(cell.value) for row in sheet.iter_rows() for cell in row)
    api = TestClient(router_for(PAGES))
    user = getattr(world, who)
    assert api.get(f"/assessment/records/{item.pk}", user=user).status_code == 404
    assert api.get("/assessment/records", user=user).json()["items"] == []
    refused = api.post(f"/assessment/records/{item.pk}/record-plan", user=user,
                       json={"plan_on": "2026-09-20", "plan": "方案"})
    assert refused.status_code == 404
    response = client.post(reverse("assessment:action", args=[item.pk, "record_plan"]),
                           {"record_plan-plan_on": "2026-09-20", "record_plan-plan": "方案"})
    assert response.status_code == 404


def test_the_outsider_sees_no_county_but_its_own_on_the_counties_page(world, item):
    page = csrf_client(world.outsider).get(reverse("assessment:counties")).content.decode()
    assert "示范县" not in page and 'data-county="990103"' in page


def test_a_post_without_the_csrf_token_is_refused(world, item):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.post(reverse("assessment:action", args=[item.pk, "record_plan"]),
                           {"record_plan-plan_on": "2026-09-20", "record_plan-plan": "方案"})
    assert response.status_code == 403


def test_the_page_records_a_plan_and_shows_a_refusal_at_its_field(world, item):
    client = csrf_client(world.owner)
    url = reverse("assessment:action", args=[item.pk, "record_plan"])
    refused = client.post(url, {"record_plan-plan_on": "2026-09-01", "record_plan-plan": "方案"})
    assert refused.status_code == 422 and "cannot come before" in refused.content.decode()
    done = client.post(url, {"record_plan-plan_on": "2026-09-20", "record_plan-plan": "方案"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_an_overdue_item_is_red_on_the_list(world, item):
    page = csrf_client(world.owner).get(reverse("assessment:list")).content.decode()  # due 14 November
    assert 'data-testid="overdue"' in page


def test_the_offices_steps_are_not_offered_to_the_departments_clerk(world, requested):
    """Closing, returning and extending are the office's: the clerk's page offers none of them (the action would
    refuse them), nor the recording of a finding on the list; the office's page offers them."""
    item = requested()
    detail = reverse("assessment:detail", args=[item.pk])
    clerk = csrf_client(world.owner).get(detail).content.decode()
    office = csrf_client(world.office).get(detail).content.decode()
    for step in ("accept_closing", "return_item"):
        assert f'data-testid="form-{step}"' in office
        assert f'data-testid="form-{step}"' not in clerk
    assert 'data-testid="new-record"' not in csrf_client(world.owner).get(reverse("assessment:list")).content.decode()
    assert 'data-testid="new-record"' in csrf_client(world.office).get(reverse("assessment:list")).content.decode()


def test_an_open_items_extension_is_the_offices_and_its_progress_the_departments(world, planned):
    item = planned()
    detail = reverse("assessment:detail", args=[item.pk])
    clerk = csrf_client(world.owner).get(detail).content.decode()
    office = csrf_client(world.office).get(detail).content.decode()
    assert 'data-testid="form-extend_deadline"' in office and 'data-testid="form-extend_deadline"' not in clerk
    assert 'data-testid="form-report_progress"' in clerk
