"""The JSON API of the ledger: list and detail through the scope, the steps with their refusals."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.normative.models import Document

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """A test client on the router (this django-ninja mounts a router once per API, so this is safe)."""
    from ninja.testing import TestClient

    from fazhi.normative.api import router

    return TestClient(router)


def test_list_is_scoped(world, make_document, api):
    mine = make_document("drafting", title="市场监管局草案")
    make_document("drafting", agency="sfx-jyj", title="教育局草案")
    titles = {row["title"] for row in api.get("/normative/documents", user=world.owner).json()["items"]}
    assert titles == {"市场监管局草案"}
    titles = {row["title"] for row in api.get("/normative/documents", user=world.office).json()["items"]}
    assert titles == {"市场监管局草案", "教育局草案"}
    assert api.get("/normative/documents", user=world.outsider).json()["count"] == 0
    assert api.get(f"/normative/documents/{mine.pk}", user=world.outsider).status_code == 404
    assert api.get(f"/normative/documents/{mine.pk}", user=world.colleague).status_code == 404
    body = api.get(f"/normative/documents/{mine.pk}", user=world.owner).json()
    assert body["status"] == "drafting" and body["agency_code"] == "sfx-scj" and body["filings"] == []


def test_list_filters(world, make_document, api):
    make_document("published", title="已发布")
    make_document("drafting", title="草案")
    rows = api.get("/normative/documents?status=published", user=world.office).json()["items"]
    assert [r["title"] for r in rows] == ["已发布"] and rows[0]["number"] == "示范规〔2026〕001号"


def test_steps_and_refusals(world, make_document, api):
    doc = make_document("legality_review")
    response = api.post(f"/normative/documents/{doc.pk}/review", user=world.owner,
                        json={"passed": True, "opinion": "同意", "completed_on": "2026-03-05"})
    assert response.status_code == 403 and ("rule-of-law office" in response.json()["detail"]
                                            or "依法治理办公室" in response.json()["detail"])
    response = api.post(f"/normative/documents/{doc.pk}/publish", user=world.office,
                        json={"published_on": "2026-03-10", "channel": "网站", "effective_from": "2026-03-10"})
    assert response.status_code == 409
    assert "passed the legality review and been deliberated" in response.json()["detail"]
    response = api.post(f"/normative/documents/{doc.pk}/review", user=world.office,
                        json={"passed": True, "opinion": "同意", "completed_on": "2026-03-05"})
    assert response.status_code == 200 and response.json()["status"] == "deliberation"
    api.post(f"/normative/documents/{doc.pk}/deliberate", user=world.owner,
             json={"meeting": "局务会议", "deliberated_on": "2026-03-06"})
    body = api.post(f"/normative/documents/{doc.pk}/register", user=world.office,
                    json={"registered_on": "2026-03-06"}).json()
    assert body["number"] == "示范规〔2026〕001号"
    response = api.post(f"/normative/documents/{doc.pk}/file", user=world.owner,
                        json={"addressee_kind": "own_government", "filed_on": "2026-03-07"})
    assert response.status_code == 409 and "before it is published" in response.json()["detail"]
    response = api.post(f"/normative/documents/{doc.pk}/publish", user=world.office,
                        json={"published_on": "2026-03-07", "channel": "网站", "effective_from": "2026-03-07"})
    assert response.status_code == 422  # in force on publication: the reason is asked for, at its field
    body = str(response.json())
    assert "early_effect_reason" in body and "2026-04-06 at the earliest" in body
    api.post(f"/normative/documents/{doc.pk}/publish", user=world.office,
             json={"published_on": "2026-03-07", "channel": "网站", "effective_from": "2026-03-07",
                   "early_effect_reason": "涉及重大公共利益，需立即施行"})
    with at(date(2026, 3, 9)):
        body = api.post(f"/normative/documents/{doc.pk}/file", user=world.owner,
                        json={"addressee_kind": "own_government", "filed_on": "2026-03-08", "receipt": "R"}).json()
    assert body["status"] == Document.Status.IN_FORCE and body["filings"][0]["late"] is False
    assert api.post(f"/normative/documents/{doc.pk}/register", user=world.outsider,
                    json={"registered_on": "2026-03-06"}).status_code == 404
