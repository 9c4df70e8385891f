"""The JSON API of data collection: scope, figures with per-metric errors, the steps, the roll-up."""

from decimal import Decimal

import pytest
from django.utils import translation

from fazhi.collection import actions, rollup
from fazhi.collection.models import Submission, Value
from fazhi.collection.tests.conftest import FULL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the router is called directly, without the locale middleware)."""
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    from ninja.testing import TestClient

    from fazhi.collection.api import router

    return TestClient(router)


def accept_all(round_, world):
    for submission in round_.submissions.all():
        actions.save_values(submission, FULL, by=world.office)
        actions.submit_submission(submission, by=world.office)
        actions.accept_submission(submission, by=world.office)


def test_submissions_are_scoped(round_, owned, world, api):
    rows = api.get("/collection/submissions", user=world.owner).json()["items"]
    assert [r["agency_code"] for r in rows] == ["sfx-scj"]
    assert rows[0]["status"] == "draft" and rows[0]["late"] is False and rows[0]["due_date"] == "2026-01-20"
    assert api.get("/collection/submissions?year=2025", user=world.office).json()["count"] == 3
    assert api.get("/collection/submissions?status=accepted", user=world.office).json()["count"] == 0
    assert api.get("/collection/submissions", user=world.outsider).json()["count"] == 0
    assert api.get(f"/collection/submissions/{owned.pk}", user=world.colleague).status_code == 404
    assert api.get(f"/collection/submissions/{owned.pk}", user=world.outsider).status_code == 404
    body = api.get(f"/collection/submissions/{owned.pk}", user=world.owner).json()
    assert body["can_edit"] is True and body["can_review"] is False
    values = {v["code"]: v for v in body["values"]}
    assert set(values) >= {"reconsideration_received", "reconsideration_correction_rate", "pufa_activities"}
    assert values["reconsideration_correction_rate"]["read_only"] is True
    assert values["reconsideration_received"]["read_only"] is False and values["reconsideration_received"]["unit"]
    # Rounds belong to the office: a clerk sees none, the office sees its round with its board.
    assert api.get("/collection/rounds", user=world.owner).json()["count"] == 0
    assert api.get(f"/collection/rounds/{round_.pk}", user=world.outsider).status_code == 404
    detail = api.get(f"/collection/rounds/{round_.pk}?", user=world.office).json()
    assert detail["counts"]["draft"] == 3 and detail["counts"]["accepted"] == 0 and detail["outstanding"] == 3
    assert {s["agency_code"] for s in detail["submissions"]} == {"sfx-scj", "sfx-jyj", "sfx-t01"}
    assert api.get("/collection/rounds?year=2024", user=world.office).json()["count"] == 0
    assert api.get("/collection/rounds?status=open", user=world.office).json()["items"][0]["id"] == round_.pk


def test_save_values_with_one_bad_value_saves_nothing(owned, world, api):
    url = f"/collection/submissions/{owned.pk}/values"
    response = api.put(url, user=world.owner, json={"values": {
        "reconsideration_received": {"value": "12", "note": "全年"},
        "pufa_activities": {"value": "三十", "note": ""},
    }})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["pufa_activities"] and "三十" in errors[0]["message"]
    stored = Value.objects.get(submission=owned, metric__code="reconsideration_received")
    assert stored.value is None and stored.note == ""
    # Numerator above its denominator: the row check names the numerator.
    response = api.put(url, user=world.owner, json={"values": {
        "reconsideration_decided": {"value": "2"}, "reconsideration_corrected": {"value": "5"}}})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reconsideration_corrected"
    response = api.put(url, user=world.owner, json={"values": {
        "reconsideration_received": {"value": "12", "note": "全年"}, "reconsideration_decided": {"value": "10"},
        "reconsideration_corrected": {"value": "2"}}})
    assert response.status_code == 200
    values = {v["code"]: v for v in response.json()["values"]}
    assert values["reconsideration_received"]["value"] == "12" and values["reconsideration_received"]["note"] == "全年"
    assert values["reconsideration_correction_rate"]["value"] == "20"
    # A note alone keeps the stored figure.
    response = api.put(url, user=world.owner, json={"values": {"reconsideration_received": {"note": "含复议"}}})
    values = {v["code"]: v for v in response.json()["values"]}
    assert values["reconsideration_received"] == values["reconsideration_received"] | {"value": "12", "note": "含复议"}
    assert api.put(url, user=world.colleague, json={"values": {}}).status_code == 404
    assert api.put(url, user=world.supervisor, json={"values": {"pufa_activities": {"value": "1"}}}).status_code == 403


def test_submit_accept_and_refusals(owned, world, api):
    base = f"/collection/submissions/{owned.pk}"
    response = api.post(f"{base}/submit", user=world.owner)
    assert response.status_code == 422 and "pufa_activities" in {e["field"] for e in response.json()["errors"]}
    api.put(f"{base}/values", user=world.owner,
            json={"values": {code: {"value": value} for code, value in FULL.items()}})
    response = api.post(f"{base}/submit", user=world.owner)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    response = api.post(f"{base}/accept", user=world.owner)
    assert response.status_code == 403 and "rule-of-law office" in response.json()["detail"]
    response = api.post(f"{base}/accept", user=world.office)
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = api.post(f"{base}/accept", user=world.office)
    assert response.status_code == 409 and response.json()["detail"]
    response = api.post(f"{base}/return", user=world.office, json={"reason": "  "})
    assert response.status_code == 409 and "Say why" in response.json()["detail"]
    response = api.put(f"{base}/values", user=world.owner, json={"values": {"pufa_activities": {"value": "3"}}})
    assert response.status_code == 409 and "Ask the rule-of-law office" in response.json()["detail"]
    response = api.post(f"{base}/return", user=world.office, json={"reason": "普法活动数请核实"})
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert response.json()["return_reason"] == "普法活动数请核实"
    assert Submission.objects.get(pk=owned.pk).status == Submission.Status.RETURNED


def test_rollup_totals_and_scope(round_, world, api):
    accept_all(round_, world)
    county = world.agency("sfx-office").region
    response = api.get(f"/collection/rollup?year=2025&region={county.code}", user=world.supervisor)
    assert response.status_code == 200
    body = response.json()
    expected = {code: value for code, value in rollup.region_totals(2025, county).items() if value is not None}
    assert {t["code"]: Decimal(t["value"]) for t in body["totals"]} == expected
    assert expected["reconsideration_received"] == 36  # 12 from each of three agencies
    totals = {t["code"]: t["value"] for t in body["totals"]}
    assert totals["reconsideration_correction_rate"] == "20"  # recomputed 6 / 30, not averaged
    assert [c["region"]["code"] for c in body["children"]] == list(
        county.children.order_by("code").values_list("code", flat=True))
    # Read-only: the supervisor cannot accept or return.
    owned = round_.submissions.get(agency__code="sfx-scj")
    assert api.post(f"/collection/submissions/{owned.pk}/return", user=world.supervisor,
                    json={"reason": "x"}).status_code == 403
    # A clerk has no roll-up; another county's office cannot read this county.
    assert api.get(f"/collection/rollup?year=2025&region={county.code}", user=world.owner).status_code == 403
    outsider_office = world.outsider
    assert api.get(f"/collection/rollup?year=2025&region={county.code}", user=outsider_office).status_code == 403
    city = county.parent
    assert api.get(f"/collection/rollup?year=2025&region={city.code}", user=world.office).status_code == 404
    response = api.get(f"/collection/rollup/contributions?year=2025&region={county.code}"
                       "&metric=reconsideration_received", user=world.office)
    rows = response.json()["contributions"]
    assert len(rows) == 3 and all(r["value"] == "12" and r["counted"] for r in rows)
    assert response.json()["total"] == "36"
    rate = api.get(f"/collection/rollup/contributions?year=2025&region={county.code}"
                   "&metric=reconsideration_correction_rate", user=world.office).json()
    assert rate["contributions"][0]["numerator"] == "2" and rate["contributions"][0]["denominator"] == "10"
    assert api.get(f"/collection/rollup/contributions?year=2025&region={county.code}&metric=nope",
                   user=world.office).status_code == 404


def test_supervisor_reads_but_cannot_accept(round_, owned, world, api):
    actions.save_values(owned, FULL, by=world.owner)
    actions.submit_submission(owned, by=world.owner)
    assert api.get(f"/collection/submissions/{owned.pk}", user=world.supervisor).status_code == 200
    response = api.post(f"/collection/submissions/{owned.pk}/accept", user=world.supervisor)
    assert response.status_code == 403
    assert Submission.objects.get(pk=owned.pk).status == Submission.Status.SUBMITTED
