"""The ledgers' endpoints, as mounted at /api/v1, answer through the scope (session or token)."""

import pytest
from django.test import Client

from fazhi.normative import actions
from fazhi.org.models import ApiToken

TEXT = "第一条 为规范示范管理，制定本办法。\n\n第二条 本办法自发布之日起施行。"


@pytest.fixture
def document(world):
    return actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范县示范管理办法",
                                  kind="department", full_text=TEXT, interpretation="解读")


def _titles(response):
    assert response.status_code == 200, response.content
    body = response.json()
    return [row["title"] for row in (body["items"] if isinstance(body, dict) else body)]


def test_normative_documents_by_session_are_scoped(world, document):
    client = Client()
    client.force_login(world.owner)
    assert "示范县示范管理办法" in _titles(client.get("/api/v1/normative/documents"))
    assert client.get(f"/api/v1/normative/documents/{document.pk}").status_code == 200
    client.force_login(world.outsider)
    assert _titles(client.get("/api/v1/normative/documents")) == []
    assert client.get(f"/api/v1/normative/documents/{document.pk}").status_code == 404


def test_ledgers_answer_a_token_and_refuse_without_one(world, document):
    _, key = ApiToken.issue(world.office, name="省平台对接")
    client = Client()
    assert client.get("/api/v1/normative/documents").status_code == 401
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert "示范县示范管理办法" in _titles(client.get("/api/v1/normative/documents", **auth))
    for path in ("/api/v1/decisions", "/api/v1/decision-catalogs", "/api/v1/consultations"):
        assert client.get(path, **auth).status_code == 200, path
    assert client.get("/api/v1/openapi.json").status_code in (200, 401)
