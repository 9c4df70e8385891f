"""Questions on last year's figures: what is asked, answering on the form and by API, the refused submit, scope."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.collection import actions
from fazhi.collection.models import Explanation, Submission
from fazhi.collection.questions import Answer, questions_for, unanswered
from fazhi.collection.tests.conftest import DUE
from fazhi.core.tests.clients import csrf_client

pytestmark = pytest.mark.django_db

#: Counts with a rate that is better lower (纠错率), one better higher (调解成功率), a neutral count and a count
#: better lower.
METRICS = [
    "reconsideration_received", "reconsideration_decided", "reconsideration_corrected",
    "reconsideration_correction_rate", "disputes_mediated", "disputes_resolved",
    "disputes_mediation_success_rate", "pufa_activities", "litigation_lost",
]
#: 2024, accepted: correction rate 10 %, pass rate 95 %.
LAST_YEAR = {
    "reconsideration_received": "32", "reconsideration_decided": "20", "reconsideration_corrected": "2",
    "disputes_mediated": "40", "disputes_resolved": "38", "pufa_activities": "50",
    "litigation_lost": "4",
}
#: 2025 as nobody would ask about: every figure within the thresholds.
QUIET = {**LAST_YEAR, "reconsideration_received": "35", "pufa_activities": "60"}


def open_for(world, year, title):
    return actions.open_round(world.agency("sfx-office"), year, title, DUE, METRICS, [world.agency("sfx-scj")],
                              by=world.office).submissions.get()


@pytest.fixture
def this_year(world, catalog, frozen):
    """The owner's 2025 form; its 2024 figures (``LAST_YEAR``) accepted by the office."""
    last = open_for(world, 2024, "2024年度数据报送")
    actions.save_values(last, LAST_YEAR, by=world.owner)
    actions.submit_submission(last, by=world.owner)
    actions.accept_submission(last, by=world.office)
    return open_for(world, 2025, "2025年度数据报送")


def asked(submission):
    return {q.code: q for q in questions_for(submission)}


def test_quiet_figures_raise_no_question(this_year, world):
    """A neutral count up by 20 % and a small base doubling (4 → 8 败诉, better lower) are not asked about."""
    actions.save_values(this_year, {**QUIET, "litigation_lost": "8"}, by=world.owner)
    assert asked(this_year) == {}
    actions.submit_submission(this_year, by=world.owner)
    assert Submission.objects.get(pk=this_year.pk).status == Submission.Status.SUBMITTED


def test_a_swing_is_asked_in_words(this_year, world):
    actions.save_values(this_year, {**QUIET, "reconsideration_received": "60"}, by=world.owner)
    question = asked(this_year)["reconsideration_received"]
    assert question.swing and not question.decline and question.last == 32 and question.value == 60
    assert question.change_percent == Decimal("87.5")
    with translation.override("zh-hans"):
        assert question.text == "行政复议申请由上年的32件增至60件（+87.5%），请确认或说明原因。"
    actions.save_values(this_year, {"reconsideration_received": "15"}, by=world.owner)
    assert asked(this_year)["reconsideration_received"].change_percent == Decimal("-53.1")


def test_a_good_rate_falling_and_a_bad_rate_rising_are_asked(this_year, world):
    figures = {**QUIET, "disputes_resolved": "36", "reconsideration_corrected": "3"}  # 95 → 90 %, 10 → 15 %
    actions.save_values(this_year, figures, by=world.owner)
    questions = asked(this_year)
    assert set(questions) == {"disputes_mediation_success_rate", "reconsideration_correction_rate"}
    assert all(q.decline and not q.swing for q in questions.values())
    with translation.override("zh-hans"):
        assert questions["disputes_mediation_success_rate"].text == (
            "调解成功率由上年的95%降至90%（-5个百分点），请确认或说明原因。")
        assert "由上年的10%增至15%（+5个百分点）" in questions["reconsideration_correction_rate"].text
        assert questions["reconsideration_correction_rate"].reason == "较上年变差"
    # A good rate rising, a bad one falling: good news, not asked.
    actions.save_values(this_year, {"disputes_resolved": "40", "reconsideration_corrected": "1"},
                        by=world.owner)
    assert asked(this_year) == {}


def test_submit_is_refused_until_every_question_is_answered(this_year, world):
    figures = {**QUIET, "reconsideration_received": "60", "reconsideration_corrected": "3"}
    actions.save_values(this_year, figures, by=world.owner)
    with pytest.raises(ValidationError) as refused, translation.override("zh-hans"):
        actions.submit_submission(this_year, by=world.owner)
    errors = refused.value.message_dict
    assert set(errors) == {"__all__", "reconsideration_received", "reconsideration_correction_rate"}
    assert "行政复议申请、行政复议纠错率" in errors["__all__"][0]
    actions.answer_questions(this_year, {"reconsideration_received": Answer(confirmed=True)}, by=world.owner)
    with pytest.raises(ValidationError) as refused:
        actions.submit_submission(this_year, by=world.owner)
    assert set(refused.value.message_dict) == {"__all__", "reconsideration_correction_rate"}
    actions.answer_questions(this_year, {"reconsideration_correction_rate": Answer(text="新增两件撤销决定")},
                             by=world.owner)
    assert unanswered(this_year) == []
    actions.submit_submission(this_year, by=world.owner)
    assert Submission.objects.get(pk=this_year.pk).status == Submission.Status.SUBMITTED
    changes = [e.changes for e in AuditEntry.objects.filter(object_id=str(this_year.pk), action="change")]
    assert {"reconsideration_received.confirmed": [False, True]}.items() <= {
        k: v for c in changes for k, v in c.items()}.items()
    assert any(c.get("reconsideration_correction_rate.explanation") == ["", "新增两件撤销决定"] for c in changes)


def test_a_changed_figure_is_asked_again_and_saving_is_never_refused(this_year, world):
    actions.save_values(this_year, {**QUIET, "reconsideration_received": "60"}, by=world.owner)
    actions.answer_questions(this_year, {"reconsideration_received": Answer(confirmed=True, asked="60")},
                             by=world.owner)
    assert unanswered(this_year) == []
    # The clerk types another figure: saved all the same, and the old answer no longer counts.
    assert actions.save_values(this_year, {"reconsideration_received": "70"}, by=world.owner) == 1
    (question,) = unanswered(this_year)
    assert question.value == 70 and question.earlier.value == 60 and not question.answered
    with pytest.raises(ValidationError):
        actions.submit_submission(this_year, by=world.owner)
    # An answer about the figure the clerk saw before is not taken for the new one.
    with pytest.raises(ValidationError) as refused:
        actions.answer_questions(this_year, {"reconsideration_received": Answer(confirmed=True, asked="60")},
                                 by=world.owner)
    assert refused.value.error_dict["reconsideration_received"][0].code == "figure_changed"
    # Back to a quiet figure: the question no longer arises, the stale answer is ignored.
    actions.save_values(this_year, {"reconsideration_received": "35"}, by=world.owner)
    assert unanswered(this_year) == [] and Explanation.objects.filter(submission=this_year).count() == 1
    with pytest.raises(ValidationError) as refused:
        actions.answer_questions(this_year, {"reconsideration_received": Answer(confirmed=True)}, by=world.owner)
    assert refused.value.error_dict["reconsideration_received"][0].code == "not_asked"
    actions.submit_submission(this_year, by=world.owner)


def test_the_clerk_answers_beside_the_figure_and_the_office_reads_it(this_year, world, client):
    url = reverse("collection:submission_detail", args=[this_year.pk])
    posted = {f"value-{code}": raw for code, raw in {**QUIET, "reconsideration_received": "60"}.items()}
    client.force_login(world.owner)
    assert client.post(url, {**posted, "action": "save"}).status_code == 302  # saving is never refused
    html = client.get(url).content.decode()
    assert 'data-testid="questions-summary"' in html and 'data-testid="question-reconsideration_received"' in html
    assert 'name="asked-reconsideration_received" value="60"' in html
    assert "行政复议申请由上年的32件增至60件（+87.5%），请确认或说明原因。" in html
    response = client.post(url, {**posted, "action": "submit"})
    assert response.status_code == 400 and "行政复议申请" in response.context["non_field_errors"][0]
    assert Submission.objects.get(pk=this_year.pk).status == Submission.Status.DRAFT
    too_long = client.post(url, {**posted, "asked-reconsideration_received": "60",
                                 "explain-reconsideration_received": "长" * 501, "action": "save"})
    assert too_long.status_code == 400 and too_long.context["errors"]["explain-reconsideration_received"]
    answer = {"asked-reconsideration_received": "60", "explain-reconsideration_received": "新设复议窗口，申请增多",
              "confirm-reconsideration_received": "1"}
    assert client.post(url, {**posted, **answer, "action": "submit"}).status_code == 302
    assert Submission.objects.get(pk=this_year.pk).status == Submission.Status.SUBMITTED
    client.force_login(world.office)
    html = client.get(url).content.decode()
    assert 'data-testid="review-questions"' in html and "新设复议窗口，申请增多" in html
    assert 'data-testid="answer-reconsideration_received"' in html and 'name="confirm-' not in html


def test_an_answer_to_a_figure_changed_in_the_same_post_is_not_taken(this_year, world, client):
    url = reverse("collection:submission_detail", args=[this_year.pk])
    actions.save_values(this_year, {**QUIET, "reconsideration_received": "60"}, by=world.owner)
    client.force_login(world.owner)
    client.post(url, {"value-reconsideration_received": "90", "asked-reconsideration_received": "60",
                      "confirm-reconsideration_received": "1", "action": "save"})
    assert [q.value for q in unanswered(this_year)] == [90]


def test_the_api_lists_questions_takes_answers_and_refuses_the_submit(this_year, world):
    from ninja.testing import TestClient

    from fazhi.collection.api import router

    api, base = TestClient(router), f"/collection/submissions/{this_year.pk}"
    actions.save_values(this_year, {**QUIET, "reconsideration_received": "60"}, by=world.owner)
    with translation.override("en"):
        (question,) = api.get(base, user=world.owner).json()["questions"]
        assert question["code"] == "reconsideration_received" and question["swing"] is True
        assert question["last_year"] == "32" and question["value"] == "60" and question["change_percent"] == "87.5"
        assert question["answered"] is False
        refused = api.post(f"{base}/submit", user=world.owner)
        assert refused.status_code == 422
        assert {e["field"] for e in refused.json()["errors"]} == {None, "reconsideration_received"}
        stale = api.put(f"{base}/explanations", json={"answers": {"reconsideration_received": {
            "confirmed": True, "value": "59"}}}, user=world.owner)
        assert stale.status_code == 422
        body = api.put(f"{base}/explanations", json={"answers": {"reconsideration_received": {
            "text": "新设复议窗口", "value": 60}}}, user=world.owner).json()
        assert body["questions"][0]["answered"] is True and body["questions"][0]["explanation"] == "新设复议窗口"
        assert api.post(f"{base}/submit", user=world.owner).json()["status"] == "submitted"
        assert api.put(f"{base}/explanations", json={"answers": {}}, user=world.owner).status_code == 409


def test_nobody_else_reads_or_answers_the_questions(this_year, world):
    actions.save_values(this_year, {**QUIET, "reconsideration_received": "60"}, by=world.owner)
    page = reverse("collection:submission_detail", args=[this_year.pk])
    api = f"/api/v1/collection/submissions/{this_year.pk}"
    answer = {"asked-reconsideration_received": "60", "confirm-reconsideration_received": "1", "action": "save"}
    body = '{"answers": {"reconsideration_received": {"confirmed": true}}}'
    for user in (world.outsider, world.colleague):
        client = csrf_client(user)
        assert client.get(page).status_code == 404
        assert client.post(page, answer).status_code == 404
        assert client.get(api).status_code == 404
        assert client.put(f"{api}/explanations", body, content_type="application/json").status_code == 404
    # Reading but not writing: the county's leader sees the question, cannot answer it.
    leader = csrf_client(world.leader)
    assert "行政复议申请" in leader.get(page).content.decode()
    assert leader.post(page, answer).status_code == 403
    assert leader.put(f"{api}/explanations", body, content_type="application/json").status_code == 403
    assert not Explanation.objects.exists() and len(unanswered(this_year)) == 1
    # The owner's own session, CSRF checked, answers.
    assert csrf_client(world.owner).put(f"{api}/explanations", body, content_type="application/json").status_code == 200
    assert unanswered(this_year) == []
