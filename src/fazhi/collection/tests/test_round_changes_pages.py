"""Pages and API endpoints that change who fills what: the office only, refusals shown, the clerk's form follows."""

import pytest
from django.urls import reverse
from django.utils import translation

from fazhi.collection import actions
from fazhi.collection.models import Submission, Value
from fazhi.collection.tests.conftest import FULL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    from ninja.testing import TestClient

    from fazhi.collection.api import router

    return TestClient(router)


def codes_of(submission):
    return set(Value.objects.filter(submission=submission).values_list("metric__code", flat=True))


def urls(round_, owned):
    return [
        reverse("collection:round_add_agencies", args=[round_.pk]),
        reverse("collection:round_add_metrics", args=[round_.pk]),
        reverse("collection:submission_metrics", args=[owned.pk]),
    ]


def test_the_pages_are_the_offices(round_, owned, world, as_user):
    for url in urls(round_, owned):
        assert as_user(world.office).get(url).status_code == 200
    for url in urls(round_, owned):
        # The clerk sees their own submission but may not change what it asks; the round is not theirs.
        assert as_user(world.owner).get(url).status_code in (403, 404)
        assert as_user(world.owner).post(url, {}).status_code in (403, 404)
        assert as_user(world.outsider).get(url).status_code == 404
    assert (
        as_user(world.owner).get(reverse("collection:submission_metrics", args=[owned.pk])).status_code == 403
    )
    board = as_user(world.office).get(reverse("collection:round_detail", args=[round_.pk])).content.decode()
    assert 'data-testid="add-agencies"' in board and 'data-testid="metrics-sfx-scj"' in board


def test_office_adds_a_township_through_the_page(round_, world, catalog, as_user):
    client = as_user(world.office)
    url = reverse("collection:round_add_agencies", args=[round_.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "东关镇" in html and "城关镇" not in html.split('data-testid="add-agencies-form"')[1]
    township = world.agency("sfx-t02")
    default = set(page.context["form"].fields["metrics_township"].initial)
    assert default == set(round_.submissions.get(agency__code="sfx-t01").metrics.values_list("pk", flat=True))
    bad = client.post(url, {"agencies": [township.pk]})  # no metric ticked for townships
    assert bad.status_code == 400 and bad.context["form"].errors["metrics_township"]
    response = client.post(
        url, {"agencies": [township.pk], "metrics_township": [catalog["pufa_activities"].pk]}
    )
    assert response.status_code == 302
    assert codes_of(Submission.objects.get(agency=township)) == {"pufa_activities"}


def test_removing_an_entered_figure_through_the_page_asks_for_confirmation(owned, world, catalog, as_user):
    actions.save_values(owned, {"pufa_activities": "30"}, by=world.owner)
    client = as_user(world.office)
    url = reverse("collection:submission_metrics", args=[owned.pk])
    pufa = catalog["pufa_activities"].pk
    refused = client.post(url, {"remove": [pufa]})
    assert refused.status_code == 400
    assert "30" in refused.content.decode() and refused.context["confirm"] is True
    assert "pufa_activities" in codes_of(owned)
    done = client.post(
        url,
        {
            "remove": [pufa],
            "add": [catalog["disputes_mediated"].pk],
            "remove_anyway": "on",
            "reason": "由司法局报送",
        },
    )
    assert done.status_code == 302
    form = as_user(world.owner).get(reverse("collection:submission_detail", args=[owned.pk])).content.decode()
    assert 'id="value-disputes_mediated"' in form and 'id="value-pufa_activities"' not in form


def test_a_handed_in_form_shows_return_it_first(owned, world, as_user):
    actions.save_values(owned, FULL, by=world.office)
    actions.submit_submission(owned, by=world.office)
    page = as_user(world.office).get(reverse("collection:submission_metrics", args=[owned.pk]))
    assert 'data-testid="not-changeable"' in page.content.decode()
    assert 'data-testid="submission-metrics-form"' not in page.content.decode()


def test_office_adds_a_metric_to_the_departments_through_the_page(round_, owned, world, catalog, as_user):
    response = as_user(world.office).post(
        reverse("collection:round_add_metrics", args=[round_.pk]),
        {"metrics": [catalog["disputes_mediated"].pk], "kinds": ["department"], "reason": ""},
    )
    assert response.status_code == 302
    assert "disputes_mediated" in codes_of(owned)
    assert "disputes_mediated" not in codes_of(round_.submissions.get(agency__code="sfx-t01"))


# API ---------------------------------------------------------------------------------------------------


def test_api_adds_agencies_for_the_office_only(round_, world, api):
    url = f"/collection/rounds/{round_.pk}/agencies"
    assert api.post(url, json={"agencies": ["sfx-t02"]}, user=world.owner).status_code in (403, 404)
    assert api.post(url, json={"agencies": ["sfx-t02"]}, user=world.outsider).status_code == 404
    assert api.post(url, json={"agencies": ["lsx-sfj"]}, user=world.office).status_code == 422
    assert api.post(url, json={"agencies": ["sfx-jyj"]}, user=world.office).status_code == 409
    response = api.post(
        url,
        json={"agencies": ["sfx-t02", "sfx-sfj"], "metrics": {"sfx-sfj": ["pufa_activities"]}},
        user=world.office,
    )
    assert response.status_code == 200
    assert {s["agency_code"] for s in response.json()["submissions"]} >= {"sfx-t02", "sfx-sfj"}
    assert codes_of(Submission.objects.get(agency__code="sfx-sfj")) == {"pufa_activities"}
    assert codes_of(Submission.objects.get(agency__code="sfx-t02")) == codes_of(
        round_.submissions.get(agency__code="sfx-t01")
    )


def test_api_changes_a_forms_metrics_with_the_refusals(owned, world, api):
    actions.save_values(owned, {"pufa_activities": "30"}, by=world.owner)
    url = f"/collection/submissions/{owned.pk}/metrics"
    assert api.post(url, json={"remove": ["pufa_activities"]}, user=world.owner).status_code == 403
    assert api.post(url, json={"remove": ["pufa_activities"]}, user=world.outsider).status_code == 404
    refused = api.post(url, json={"remove": ["pufa_activities"]}, user=world.office)
    assert refused.status_code == 409 and "30" in refused.json()["detail"]
    done = api.post(
        url,
        json={
            "remove": ["pufa_activities"],
            "add": ["disputes_mediated"],
            "remove_anyway": True,
            "reason": "由司法局报送",
        },
        user=world.office,
    )
    assert done.status_code == 200
    codes = {v["code"] for v in done.json()["values"]}
    assert "disputes_mediated" in codes and "pufa_activities" not in codes


def test_api_adds_a_metric_to_the_round(round_, owned, world, api):
    colleague = round_.submissions.get(agency__code="sfx-jyj")
    actions.save_values(colleague, FULL, by=world.office)
    actions.submit_submission(colleague, by=world.office)
    url = f"/collection/rounds/{round_.pk}/metrics"
    assert api.post(url, json={"metrics": ["disputes_mediated"]}, user=world.owner).status_code in (403, 404)
    response = api.post(
        url, json={"metrics": ["disputes_mediated"], "kinds": ["department"]}, user=world.office
    )
    assert response.status_code == 200
    body = response.json()
    assert (
        body["changed"] == ["sfx-scj"] and body["skipped"] == ["sfx-jyj"] and body["round"]["id"] == round_.pk
    )
