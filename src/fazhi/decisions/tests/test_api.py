"""The decisions API: scoped lists and details, and the procedure's refusals by the API's one rule (409 with
the message, 403 not the caller's, 422 naming the fields)."""

from datetime import date

import pytest
from ninja.testing import TestClient

from fazhi.api.api import api as mounted
from fazhi.decisions.tests.conftest import prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """The router as mounted at /api/v1, so refusals answer through the API's handlers."""
    return TestClient(mounted)


def test_list_and_detail_are_scoped(api, decision, world):
    assert [d["id"] for d in api.get("/decisions", user=world.owner).json()["items"]] == [decision.pk]
    assert api.get("/decisions", user=world.colleague).json()["items"] == []
    assert api.get("/decisions", user=world.outsider).json()["count"] == 0
    assert api.get("/decisions?agency=sfx-scj&year=2026", user=world.office).json()["count"] == 1
    assert api.get("/decisions?status=decided", user=world.office).json()["count"] == 0
    body = api.get(f"/decisions/{decision.pk}", user=world.owner).json()
    assert body["lead_unit"] == "sfx-scj" and body["deciding_body"] == "sfx-gov"
    assert [s["kind"] for s in body["steps"]][:2] == ["participation", "hearing"]
    assert "legality_review" in body["missing_before_decision"]
    assert api.get(f"/decisions/{decision.pk}", user=world.outsider).status_code == 404


def test_refusals_answer_409_with_the_message(api, decision, world):
    response = api.post(f"/decisions/{decision.pk}/decide", json={"decided_on": "2026-03-10"}, user=world.office)
    assert response.status_code == 409 and "cannot be taken before these steps" in response.json()["detail"]
    response = api.post(f"/decisions/{decision.pk}/steps/legality_review/skip", json={"reason": "无"},
                        user=world.owner)
    assert response.status_code == 409 and "can never be skipped" in response.json()["detail"]
    response = api.post(f"/decisions/{decision.pk}/steps/hearing/skip", json={"reason": "x"}, user=world.outsider)
    assert response.status_code == 404
    response = api.post(f"/decisions/{decision.pk}/steps/risk", json={"done_on": "2026-03-09", "details": {
        "assessor": "评估中心", "conclusion": "可控"}}, user=world.owner)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["level"]


def test_the_procedure_through_the_api(api, decision, world):
    prepare(decision, world)
    response = api.post(f"/decisions/{decision.pk}/legality-review", json={"submitted_on": "2026-03-06"},
                        user=world.owner)
    assert response.status_code == 200 and response.json()["status"] == "legality_review"
    response = api.post(f"/decisions/{decision.pk}/legality-opinion",
                        json={"opinion": "合法", "opinion_on": "2026-03-09", "passed": True}, user=world.owner)
    assert response.status_code == 403
    api.post(f"/decisions/{decision.pk}/legality-opinion",
             json={"opinion": "合法", "opinion_on": "2026-03-09", "passed": True}, user=world.office)
    response = api.post(f"/decisions/{decision.pk}/discussion", json={
        "meeting": "executive", "held_on": "2026-03-10", "result": "approved", "dissent": "无"}, user=world.office)
    assert response.status_code == 200 and response.json()["status"] == "party_report"
    response = api.post(f"/decisions/{decision.pk}/steps/party_report/skip", json={"reason": "已专题汇报"},
                        user=world.office)
    assert response.status_code == 409 and "第31条" in response.json()["detail"]  # never skipped
    response = api.post(f"/decisions/{decision.pk}/steps/party_report", user=world.office,
                        json={"done_on": "2026-03-09", "details": {"reference": "县委常委会专题汇报"}})
    assert response.status_code == 422 and "2026-03-10" in str(response.json())  # before the discussion
    api.post(f"/decisions/{decision.pk}/steps/party_report", user=world.office,
             json={"done_on": "2026-03-10", "details": {"reference": "县委常委会专题汇报"}})
    response = api.post(f"/decisions/{decision.pk}/decide", json={"decided_on": "2026-03-10"}, user=world.office)
    assert response.status_code == 200 and response.json()["decided_on"] == str(date(2026, 3, 10))


def test_catalogues(api, catalog, world):
    rows = api.get("/decision-catalogs", user=world.owner).json()["items"]
    assert [r["id"] for r in rows] == [catalog.pk]
    assert api.get("/decision-catalogs", user=world.outsider).json()["items"] == []
    body = api.get(f"/decision-catalogs/{catalog.pk}", user=world.colleague).json()
    assert [i["name"] for i in body["items"]] == ["县城农贸市场提升改造方案", "县城区义务教育学校布局调整规划"]
