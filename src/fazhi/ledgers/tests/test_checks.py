"""The small checks the ledgers' actions share (``fazhi.ledgers.checks``): who may write, whether the status allows a
step, and the typed values; shown on a mediated dispute of 城关镇 (unsaved) and the demo county's personas."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from fazhi.core.ledger import IllegalTransition
from fazhi.ledgers import checks
from fazhi.mediation.models import Dispute
from fazhi.mediation.procedure import PROCEDURE

S = Dispute.Status
PATTERN = "%(step)s is recorded while the dispute is %(allowed)s; it is “%(current)s”."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_every_required_field_left_empty_is_named_at_once():
    with pytest.raises(ValidationError) as info:
        checks.required(number=(checks.text("  "), "Give the number."), parties=(None, "Name the parties."),
                        summary=(checks.text(" 两家争执。 "), "State the facts."), mediators=([], "Name them."))
    assert info.value.message_dict == {"number": ["Give the number."], "parties": ["Name the parties."],
                                       "mediators": ["Name them."]}


def test_a_value_outside_the_choices_is_refused_at_its_field():
    assert checks.choice("neighbourhood", Dispute.DisputeType, "dispute_type", "Choose.") == "neighbourhood"
    with pytest.raises(ValidationError) as info:
        checks.choice("quarrel", Dispute.DisputeType, "dispute_type", "Choose the type of dispute.")
    assert info.value.message_dict == {"dispute_type": ["Choose the type of dispute."]}


def test_an_amount_is_in_yuan_to_the_fen():
    assert checks.amount("1,250.50") == Decimal("1250.50") and checks.amount("") is None
    with pytest.raises(ValidationError) as info:
        checks.amount("12.345")
    assert info.value.message_dict == {"amount": ["Give an amount in yuan, such as 5000 or 1250.50."]}
    with pytest.raises(ValidationError) as info:
        checks.amount("100", field="fee", message="Too much.", below=Decimal("100"))
    assert info.value.message_dict == {"fee": ["Too much."]}


def test_a_withdrawn_record_is_refused_whatever_its_status():
    dispute = Dispute(status=S.MEDIATING, withdrawn_at=timezone.now())
    with pytest.raises(IllegalTransition) as info:
        checks.require_status(dispute, (S.MEDIATING,), PROCEDURE.label("session"), S, PATTERN)
    assert info.value.code == "withdrawn"
    assert info.value.message == "This record was withdrawn and can no longer be changed."


def test_a_status_refusal_names_the_step_the_statuses_allowed_and_the_current_one():
    dispute = Dispute(status=S.FAILED)
    checks.require_status(Dispute(status=S.RECEIVED), (S.RECEIVED, S.MEDIATING), PROCEDURE.label("session"), S,
                          PATTERN)
    with pytest.raises(IllegalTransition) as info:
        checks.require_status(dispute, (S.RECEIVED, S.MEDIATING), PROCEDURE.label("session"), S, PATTERN)
    assert info.value.code == "status"
    assert info.value.message == ("The latest mediation session is recorded while the dispute is “received (受理)”、"
                                  "“being mediated”; it is “mediation failed (调解不成)”.")


def test_an_outsider_is_refused_naming_the_agency_given_or_its_id(world):
    township = world.agency("sfx-t01")
    assert checks.can_write(world.township, township) and checks.can_write(world.admin, township.pk)
    checks.require_writer(township, world.township, "Only the clerks of %(agency)s.")
    for agency in (township, township.pk):
        with pytest.raises(IllegalTransition) as info:
            checks.require_writer(agency, world.outsider, "Only the clerks of %(agency)s.")
        assert info.value.code == "forbidden"
        assert info.value.message == f"Only the clerks of {township}."
