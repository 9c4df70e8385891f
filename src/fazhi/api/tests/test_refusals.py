"""One rule for refused actions in every router: fields named → 422 (the malformed-body shape), not the
caller's → 403, illegal in the record's state → 409 with the message."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from fazhi.api.refusals import refusal
from fazhi.core.ledger import IllegalTransition
from fazhi.decisions.models import Decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_english(settings):
    settings.LANGUAGE_CODE = "en"
    with (
        translation.override("en"),
        time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False),
    ):
        yield


@pytest.fixture
def decision(world):
    """A decision of the owner's bureau (县市场监管局), just started, outside any catalogue."""
    from fazhi.decisions import actions

    return actions.start_decision(
        None,
        by=world.owner,
        agency=world.agency("sfx-scj"),
        deciding_body=world.agency("sfx-gov"),
        year=2026,
        title="县城农贸市场提升改造方案",
        category="public_policy",
    )


def post(client, user, path, body):
    from django.conf import settings

    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(f"/api/v1{path}", data=json.dumps(body), content_type="application/json")


# The rule on its own -------------------------------------------------------------------------------------


def test_permission_denied_is_403():
    answer = refusal(PermissionDenied())
    assert isinstance(answer, HttpError) and answer.status_code == 403


def test_a_forbidden_code_is_403_with_the_message():
    answer = refusal(IllegalTransition("Only the lead unit may record this.", code="not_allowed"))
    assert answer.status_code == 403 and str(answer) == "Only the lead unit may record this."


def test_an_illegal_move_is_409_with_the_message():
    answer = refusal(IllegalTransition("The draft is already with the reviewer.", code="submitted"))
    assert isinstance(answer, HttpError) and answer.status_code == 409
    assert str(answer) == "The draft is already with the reviewer."
    assert refusal(ValidationError("Nothing was changed.", code="no_change")).status_code == 409


def test_named_fields_become_one_error_each():
    exc = ValidationError({"reason": ["Give the reason.", "Too short."], "__all__": "Not now."})
    answer = refusal(exc)
    assert isinstance(answer, NinjaValidationError)
    assert [(e["loc"], e["msg"]) for e in answer.errors] == [
        (["body", "reason"], "Give the reason."),
        (["body", "reason"], "Too short."),
        (["body"], "Not now."),
    ]


# Through the mounted API ---------------------------------------------------------------------------------


def test_field_refusal_is_422_in_the_malformed_body_shape(client, world, decision):
    refused = post(
        client,
        world.owner,
        f"/decisions/{decision.pk}/steps/risk",
        {"done_on": "2026-03-09", "details": {"assessor": "评估中心", "conclusion": "可控"}},
    )
    malformed = post(client, world.owner, f"/decisions/{decision.pk}/steps/risk", {"details": {}})
    assert refused.status_code == 422 and malformed.status_code == 422
    body, shape = refused.json(), malformed.json()
    assert set(body) == set(shape) == {"detail", "errors"}
    assert body["detail"] == shape["detail"]
    assert {tuple(sorted(e)) for e in body["errors"]} == {tuple(sorted(e)) for e in shape["errors"]}
    assert [(e["field"], e["message"]) for e in body["errors"]] == [("level", "This field is required.")]
    assert Decision.objects.get(pk=decision.pk).status == "drafting"


def test_not_the_callers_to_take_is_403(client, world, decision):
    response = post(
        client,
        world.owner,
        f"/decisions/{decision.pk}/legality-opinion",
        {"opinion": "合法", "opinion_on": "2026-03-09", "passed": True},
    )
    assert response.status_code == 403
    assert "Only the legality reviewer" in response.json()["detail"]


def test_illegal_in_the_records_state_is_409(client, world, decision):
    response = post(client, world.office, f"/decisions/{decision.pk}/decide", {"decided_on": "2026-03-10"})
    assert response.status_code == 409
    assert response.json() == {"detail": response.json()["detail"]}
    assert "cannot be taken before these steps" in response.json()["detail"]
    assert Decision.objects.get(pk=decision.pk).decided_on is None


def test_outsider_still_gets_404(client, world, decision):
    response = post(
        client,
        world.outsider,
        f"/decisions/{decision.pk}/decide",
        {"decided_on": date(2026, 3, 10).isoformat()},
    )
    assert response.status_code == 404
