"""The consultation router answers refusals by the API's one rule, as mounted at /api/v1."""

import json

import pytest
from django.conf import settings

from fazhi.consultation import actions
from fazhi.consultation.models import Comment

pytestmark = pytest.mark.django_db


def post(client, user, path, body=None):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def comment(consultation):
    return actions.submit_comment(consultation, text="建议公开摊位费核定依据。", client_hash="a", paragraph=3)


def test_refusals_answer_422_403_and_409(client, world, consultation, comment):
    assert post(client, world.owner, f"/consultations/comments/{comment.pk}/publish").status_code == 200
    again = post(client, world.owner, f"/consultations/comments/{comment.pk}/publish")
    assert again.status_code == 409 and "already" in again.json()["detail"]

    fields = post(
        client,
        world.owner,
        f"/consultations/comments/{comment.pk}/adoption",
        {"adoption": "partly", "reason": ""},
    )
    assert fields.status_code == 422
    assert [e["field"] for e in fields.json()["errors"]] == ["adoption_reason"]
    assert Comment.objects.get(pk=comment.pk).adoption == ""

    read_only = post(client, world.leader, f"/consultations/{consultation.pk}/close", {"reason": "x"})
    assert read_only.status_code == 403
    assert (
        post(client, world.outsider, f"/consultations/{consultation.pk}/close", {"reason": "x"}).status_code
        == 404
    )
