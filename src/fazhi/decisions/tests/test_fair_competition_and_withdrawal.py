"""The fair-competition review (公平竞争审查) before the collective discussion where the decision concerns
market entities' economic activity, and withdrawing a decision before it is taken (actions, page, API)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja.testing import TestClient

from fazhi.api.api import api as mounted
from fazhi.consultation.models import Consultation
from fazhi.core.ledger import IllegalTransition
from fazhi.decisions import actions
from fazhi.decisions.models import CatalogChange, CatalogItem, Decision, Step
from fazhi.decisions.tests.conftest import prepare

pytestmark = pytest.mark.django_db

REVIEW = {"conclusion": "passes", "reviewer": "县市场监管局会同承办单位", "opinion": "未发现排除、限制竞争的内容。"}


def fair(decision):
    return Step.objects.get(decision=decision, round=1, kind="fair_competition")


def reviewed(decision, world):
    prepare(decision, world)
    actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 3, 6))
    actions.record_legality_opinion(decision, by=world.office, opinion="合法。", opinion_on=date(2026, 3, 9),
                                    passed=True)


def discuss(decision, world):
    return actions.record_discussion(decision, by=world.office, meeting="executive", held_on=date(2026, 3, 10),
                                     result="approved")


def taken(decision, world):
    reviewed(decision, world)
    discuss(decision, world)
    actions.record_step(decision, "party_report", by=world.office, done_on=date(2026, 3, 10), reference="县委专题汇报")
    return actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))


# Fair-competition review --------------------------------------------------------------------------------


def test_without_the_mark_the_review_does_not_apply_and_is_not_missing(decision, world):
    step = fair(decision)
    assert step.status == "skipped" and "does not concern market entities' economic activity" in step.skip_reason
    assert Decision.objects.get(pk=decision.pk).status == "drafting"
    with pytest.raises(IllegalTransition) as exc:
        actions.record_step(decision, "fair_competition", by=world.owner, done_on=date(2026, 3, 9), **REVIEW)
    assert exc.value.code == "not_applicable"
    reviewed(decision, world)
    assert discuss(decision, world).status == "done"
    with pytest.raises(IllegalTransition) as exc:  # the decision still waits for its Party report, not for this
        actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))
    assert "“report to the Party committee”" in exc.value.messages[0]
    assert "fair-competition" not in exc.value.messages[0]


def test_marked_decision_is_not_discussed_before_a_passing_review(decision, world):
    decision = actions.mark_market_activity(decision, by=world.owner, concerns_market=True)
    assert decision.concerns_market and fair(decision).status == "pending"
    assert decision.status == "drafting"
    with pytest.raises(IllegalTransition) as exc:
        actions.skip_step(decision, "fair_competition", by=world.owner, reason="不需要")
    assert "not skipped by hand" in exc.value.messages[0]
    reviewed(decision, world)
    assert Decision.objects.get(pk=decision.pk).status == "discussion"
    with pytest.raises(IllegalTransition) as exc:
        discuss(decision, world)
    assert "“fair-competition review”" in exc.value.messages[0] and exc.value.code == "fair_competition_missing"

    with pytest.raises(ValidationError) as exc:
        actions.record_step(decision, "fair_competition", by=world.owner, done_on=date(2026, 3, 9),
                            conclusion="maybe", reviewer="", opinion="x")
    assert set(exc.value.message_dict) == {"conclusion", "reviewer"}
    with pytest.raises(IllegalTransition) as exc:
        actions.record_step(decision, "fair_competition", by=world.colleague, done_on=date(2026, 3, 9), **REVIEW)
    assert exc.value.code == "not_allowed"

    actions.record_step(decision, "fair_competition", by=world.owner, done_on=date(2026, 3, 8),
                        **{**REVIEW, "conclusion": "needs_changes", "opinion": "第三条限定本地经营者，需修改。"})
    assert fair(decision).status == "in_progress"
    with pytest.raises(IllegalTransition) as exc:
        discuss(decision, world)
    assert "needs changes" in exc.value.messages[0] and "2026-03-08" in exc.value.messages[0]
    with pytest.raises(IllegalTransition) as exc:
        actions.mark_market_activity(decision, by=world.owner, concerns_market=False)
    assert exc.value.code == "review_recorded"

    actions.record_step(decision, "fair_competition", by=world.owner, done_on=date(2026, 3, 9), **REVIEW)
    step = fair(decision)
    assert step.status == "done" and step.done_on == date(2026, 3, 9)
    assert step.details["conclusion"] == "passes" and step.details["earlier"][0]["conclusion"] == "needs_changes"
    assert discuss(decision, world).status == "done"
    with pytest.raises(IllegalTransition):
        actions.mark_market_activity(decision, by=world.owner, concerns_market=False)


def test_the_mark_can_be_removed_before_a_review_is_recorded(decision, world):
    actions.mark_market_activity(decision, by=world.owner, concerns_market=True)
    actions.mark_market_activity(decision, by=world.owner, concerns_market=False)
    assert fair(decision).status == "skipped" and not Decision.objects.get(pk=decision.pk).concerns_market


# Withdrawal --------------------------------------------------------------------------------------------


def test_withdrawing_removes_the_catalogue_matter_with_a_recorded_change(decision, world, item):
    from fazhi.consultation import actions as consultation_actions

    consultation = actions.open_public_consultation(
        decision, by=world.owner, title="征求意见", body="第一条", opens_on=date(2026, 3, 10),
        closes_on=date(2026, 4, 10))
    with pytest.raises(ValidationError) as exc:
        actions.withdraw_decision(decision, by=world.owner, reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(IllegalTransition) as exc:
        actions.withdraw_decision(decision, by=world.colleague, reason="不再需要")
    assert exc.value.code == "not_allowed"

    actions.withdraw_decision(decision, by=world.owner, reason="上级已出台统一政策，本县不再单独决策。")
    decision.refresh_from_db()
    assert decision.is_withdrawn and decision.withdrawn_reason.startswith("上级已出台")
    assert CatalogItem.objects.get(pk=item.pk).status == "removed"
    change = CatalogChange.objects.get(item=item)
    assert change.kind == "removed" and change.reason == decision.withdrawn_reason
    assert change.approved_on == date(2026, 3, 10)
    assert Consultation.objects.get(pk=consultation.pk).is_withdrawn
    assert consultation_actions.consultation_for(decision) is None
    with pytest.raises(IllegalTransition) as exc:
        actions.withdraw_decision(decision, by=world.owner, reason="再次")
    assert exc.value.code == "already_withdrawn"


def test_a_decision_taken_cannot_be_withdrawn(decision, world, item):
    decision = taken(decision, world)
    with pytest.raises(IllegalTransition) as exc:
        actions.withdraw_decision(decision, by=world.owner, reason="不再需要")
    assert "can no longer be withdrawn" in exc.value.messages[0] and "2026-03-10" in exc.value.messages[0]
    assert not Decision.objects.get(pk=decision.pk).is_withdrawn
    assert CatalogItem.objects.get(pk=item.pk).status == "completed"


# Pages -------------------------------------------------------------------------------------------------


def detail(decision):
    return reverse("decisions:detail", args=[decision.pk])


def act(decision, action):
    return reverse("decisions:act", args=[decision.pk, action])


def test_withdraw_through_the_page(decision, world, as_user, catalog):
    client = as_user(world.owner)
    page = client.get(detail(decision))
    assert "withdraw" in page.context["step_forms"] and 'data-testid="withdraw"' in page.content.decode()
    response = client.post(act(decision, "withdraw"), {"withdraw-reason": "不再需要"})
    assert response.status_code == 200 and response.context["step_forms"]["withdraw"].errors["confirm"]
    assert not Decision.objects.get(pk=decision.pk).is_withdrawn
    response = client.post(act(decision, "withdraw"), {"withdraw-reason": "", "withdraw-confirm": "on"})
    assert response.status_code == 200 and response.context["step_forms"]["withdraw"].errors["reason"]

    for outsider in (world.outsider, world.colleague):
        response = as_user(outsider).post(act(decision, "withdraw"), {"withdraw-reason": "x", "withdraw-confirm": "on"})
        assert response.status_code == 404
    response = as_user(world.leader).post(act(decision, "withdraw"), {"withdraw-reason": "x", "withdraw-confirm": "on"})
    assert response.status_code == 403
    assert not Decision.objects.get(pk=decision.pk).is_withdrawn

    client = as_user(world.owner)
    response = client.post(act(decision, "withdraw"), {"withdraw-reason": "并入全县统一方案", "withdraw-confirm": "on"})
    assert response.status_code == 302
    page = client.get(detail(decision))
    html = page.content.decode()
    assert 'data-testid="withdrawn"' in html and "并入全县统一方案" in html and page.context["step_forms"] == {}
    assert list(client.get(reverse("decisions:list")).context["page"]) == []
    catalogue = as_user(world.office).get(reverse("decisions:catalog_detail", args=[catalog.pk]))
    assert [c.reason for c in catalogue.context["changes"]] == ["并入全县统一方案"]


def test_withdraw_after_the_decision_is_refused_on_the_page(decision, world, as_user):
    decision = taken(decision, world)
    client = as_user(world.office)
    assert "withdraw" not in client.get(detail(decision)).context["step_forms"]
    response = client.post(act(decision, "withdraw"), {"withdraw-reason": "不再需要", "withdraw-confirm": "on"})
    assert response.status_code == 200
    errors = response.context["step_forms"]["withdraw"].non_field_errors()
    assert "can no longer be withdrawn" in errors[0]
    assert not Decision.objects.get(pk=decision.pk).is_withdrawn


def test_fair_competition_through_the_page(decision, world, as_user):
    client = as_user(world.owner)
    forms = client.get(detail(decision)).context["step_forms"]
    assert "mark_market" in forms and "record_fair_competition" not in forms
    response = client.post(act(decision, "mark_market"), {"mark_market-concerns_market": "on"})
    assert response.status_code == 302
    page = client.get(detail(decision))
    assert "record_fair_competition" in page.context["step_forms"]
    assert "fair-competition review" in " ".join(str(m) for m in page.context["missing"])
    reviewed(decision, world)
    response = as_user(world.office).post(act(decision, "discussion"), {
        "discussion-meeting": "executive", "discussion-held_on": "2026-03-10", "discussion-result": "approved"})
    assert response.status_code == 200
    assert "“fair-competition review”" in response.context["step_forms"]["discussion"].non_field_errors()[0]
    response = client.post(act(decision, "record_fair_competition"), {
        "record_fair_competition-done_on": "2026-03-09", "record_fair_competition-conclusion": "passes",
        "record_fair_competition-reviewer": "县市场监管局", "record_fair_competition-opinion": "符合公平竞争要求。"})
    assert response.status_code == 302
    html = client.get(detail(decision)).content.decode()
    assert 'data-step="fair_competition" data-status="done"' in html and "符合公平竞争要求。" in html


# API ---------------------------------------------------------------------------------------------------


def test_api_marks_reviews_and_withdraws(decision, world):
    api = TestClient(mounted)
    response = api.post(f"/decisions/{decision.pk}/market", json={"concerns_market": True}, user=world.owner)
    assert response.status_code == 200 and response.json()["concerns_market"] is True
    response = api.post(f"/decisions/{decision.pk}/steps/fair_competition",
                        json={"done_on": "2026-03-09", "details": REVIEW}, user=world.owner)
    steps = {s["kind"]: s for s in response.json()["steps"]}
    assert response.status_code == 200 and steps["fair_competition"]["status"] == "done"
    response = api.post(f"/decisions/{decision.pk}/withdraw", json={"reason": ""}, user=world.owner)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    response = api.post(f"/decisions/{decision.pk}/withdraw", json={"reason": "不再需要"}, user=world.leader)
    assert response.status_code == 403
    response = api.post(f"/decisions/{decision.pk}/withdraw", json={"reason": "不再需要"}, user=world.owner)
    assert response.status_code == 200 and response.json()["withdrawn_reason"] == "不再需要"
