"""The steps of a reconsideration case: who may take them, in which state, and each refusal with its article."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.reconsideration import actions
from fazhi.reconsideration.forms import FORMS
from fazhi.reconsideration.tests.conftest import at

pytestmark = pytest.mark.django_db

D = date


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)


def _keywords(function) -> set[str]:
    return {name for name, p in inspect.signature(function).parameters.items()
            if p.kind == inspect.Parameter.KEYWORD_ONLY} - {"by", "agency"}


# -- the contract with the generic pages and API ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORMS))
def test_each_form_cleans_exactly_the_actions_keyword_arguments(name):
    form = FORMS[name]()
    assert set(form.fields) == _keywords(getattr(actions, name)), name
    assert type(form).__name__.endswith("Form")


def test_the_application_form_cleans_into_the_opening(world, body, staff):
    from fazhi.reconsideration.forms import ApplicationForm

    form = ApplicationForm({
        "number": "示府复〔2026〕9号", "applicant_name": "王某某", "applicant_kind": "person", "respondent": "sfx-scj",
        "act": "示市监罚〔2026〕1号", "act_category": "penalty", "knew_on": "2026-03-01", "channel": "online",
        "received_on": "2026-03-02", "amount": "2000"})
    assert form.is_valid(), form.errors
    case = actions.receive_application(agency=body, by=staff, **form.cleaned_data)
    assert case.respondent == world.agency("sfx-scj") and case.respondent_name == "示范县市场监督管理局"
    assert case.status == "received" and not case.not_informed


# -- who may act --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_outsider_is_refused_every_action(world, body, receive, name):
    case = receive()
    values = {field: None for field in _keywords(getattr(actions, name))}
    with pytest.raises(IllegalTransition) as excinfo:
        if name == "receive_application":
            actions.receive_application(agency=body, by=world.outsider, **values)
        else:
            getattr(actions, name)(case, by=world.outsider, **values)
    assert excinfo.value.code == "forbidden"
    assert "Only the staff of 示范县人民政府 may change its reconsideration cases." in message(excinfo)


def test_a_department_clerk_is_refused_and_the_office_and_the_administrator_may_act(world, receive):
    case = receive()
    with pytest.raises(IllegalTransition):
        actions.accept(case, by=world.owner, accepted_on=D(2026, 3, 3))
    with pytest.raises(IllegalTransition):
        actions.accept(case, by=world.colleague, accepted_on=D(2026, 3, 3))
    assert actions.accept(case, by=world.admin, accepted_on=D(2026, 3, 3)).status == "accepted"


# -- the application ----------------------------------------------------------------------------------------------


def test_an_application_needs_a_respondent_and_the_2023_law(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(respondent=None, respondent_name="")
    assert "(行政复议法 第19条)" in message(excinfo, "respondent_name")
    with pytest.raises(ValidationError) as excinfo:
        receive(received_on=D(2023, 12, 29), knew_on=D(2023, 12, 1))
    assert "in force from 2024-01-01 (第90条)" in message(excinfo, "received_on")


def test_an_application_is_not_dated_before_the_act_was_known_nor_ahead_of_today(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(knew_on=D(2026, 3, 5), received_on=D(2026, 3, 2))
    assert "行政复议法 第20条" in message(excinfo, "received_on")
    with pytest.raises(ValidationError) as excinfo:
        receive(received_on=D(2026, 12, 16), knew_on=D(2026, 12, 1))
    assert "after today (2026-12-15)" in message(excinfo, "received_on")


def test_a_case_number_is_used_once(receive):
    receive(number="示府复〔2026〕1号")
    with pytest.raises(ValidationError) as excinfo:
        receive(number="示府复〔2026〕1号")
    assert "already used" in message(excinfo, "number")


# -- correction (第31条) ------------------------------------------------------------------------------------------


def test_the_notice_to_correct_is_sent_once_within_the_examination(receive, staff):
    case = receive(received_on=D(2026, 3, 2))  # examined until Mon 9 March
    with pytest.raises(ValidationError) as excinfo:
        actions.request_correction(case, by=staff, correction_requested_on=D(2026, 3, 10), correction_items="补充")
    assert "(行政复议法 第31条第1款)" in message(excinfo, "correction_requested_on")
    assert "2026-03-09" in message(excinfo, "correction_requested_on")
    with pytest.raises(ValidationError) as excinfo:
        actions.request_correction(case, by=staff, correction_requested_on=D(2026, 3, 3), correction_items=" ")
    assert "第31条第1款" in message(excinfo, "correction_items")
    case = actions.request_correction(case, by=staff, correction_requested_on=D(2026, 3, 3), correction_items="补充")
    case = actions.record_correction(case, by=staff, corrected_on=D(2026, 3, 5))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.request_correction(case, by=staff, correction_requested_on=D(2026, 3, 6), correction_items="再补充")
    assert "the notice is sent once, with every item (行政复议法 第31条第1款)" in message(excinfo)


def test_materials_after_the_time_to_correct_need_a_good_cause(receive, staff):
    case = receive(received_on=D(2026, 3, 2))
    case = actions.request_correction(case, by=staff, correction_requested_on=D(2026, 3, 3), correction_items="补充",
                                      correction_received_on=D(2026, 3, 4))  # 10 working days: until 18 March
    with pytest.raises(ValidationError) as excinfo:
        actions.record_correction(case, by=staff, corrected_on=D(2026, 3, 19))
    assert "after the time to correct ended on 2026-03-18 (行政复议法 第31条第2款)" in message(
        excinfo, "correction_late_reason")
    case = actions.record_correction(case, by=staff, corrected_on=D(2026, 3, 19), correction_late_reason="住院治疗")
    assert case.status == "received" and case.acceptance_due == D(2026, 3, 26)


def test_an_application_not_corrected_in_time_is_treated_as_abandoned(receive, staff):
    case = receive(received_on=D(2026, 3, 2))
    case = actions.request_correction(case, by=staff, correction_requested_on=D(2026, 3, 3), correction_items="补充")
    with pytest.raises(ValidationError) as excinfo:
        actions.treat_as_withdrawn(case, by=staff)
    assert "(行政复议法 第31条第2款)" in message(excinfo, "correction_received_on")
    with at(D(2026, 3, 18)), pytest.raises(IllegalTransition) as excinfo:
        actions.treat_as_withdrawn(case, by=staff, correction_received_on=D(2026, 3, 4))
    assert "may correct the application until 2026-03-18 (行政复议法 第31条第2款)" in message(excinfo)
    with at(D(2026, 3, 19)):
        case = actions.treat_as_withdrawn(case, by=staff, correction_received_on=D(2026, 3, 4))
    assert (case.status, case.closure, case.closed_on) == ("closed", "abandoned", D(2026, 3, 19))
    assert case.next_deadline is None


# -- acceptance, refusal, deemed acceptance (第30条) ----------------------------------------------------------------


def test_acceptance_and_refusal_are_within_the_5_working_days(receive, staff):
    case = receive(received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 10))
    assert "deemed accepted that day (行政复议法 第30条第3款)" in message(excinfo, "accepted_on")
    with pytest.raises(ValidationError) as excinfo:
        actions.refuse(case, by=staff, refused_on=D(2026, 3, 10), refusal_ground="scope", refusal_reason="不属于")
    assert "dismissed (驳回申请, 第33条)" in message(excinfo, "refused_on")
    with pytest.raises(ValidationError) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 1))
    assert "cannot come before the receipt of the application (2026-03-02): 行政复议法 第30条" in message(
        excinfo, "accepted_on")


def test_a_refusal_gives_its_reasons_and_names_the_competent_body(receive, staff):
    case = receive()
    with pytest.raises(ValidationError) as excinfo:
        actions.refuse(case, by=staff, refused_on=D(2026, 3, 4), refusal_ground="late", refusal_reason="")
    assert "(行政复议法 第30条第2款)" in message(excinfo, "refusal_reason")
    with pytest.raises(ValidationError) as excinfo:
        actions.refuse(case, by=staff, refused_on=D(2026, 3, 4), refusal_ground="jurisdiction", refusal_reason="市管")
    assert "(行政复议法 第30条第2款)" in message(excinfo, "competent_body")
    case = actions.refuse(case, by=staff, refused_on=D(2026, 3, 4), refusal_ground="jurisdiction",
                          refusal_reason="市管", competent_body="示范市人民政府")
    assert (case.status, case.closure, case.next_deadline) == ("closed", "refused", None)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 4))
    assert "while the case is “application received (under examination)”" in message(excinfo)


def test_a_late_application_is_accepted_only_with_the_reason_for_its_delay(receive, staff):
    case = receive(knew_on=D(2026, 1, 5), received_on=D(2026, 3, 9))  # the last day was 6 March
    assert case.late_application
    with pytest.raises(ValidationError) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 10))
    assert "after the last day to apply, 2026-03-06 (行政复议法 第20条)" in message(excinfo, "delay_reason")
    case = actions.accept(case, by=staff, accepted_on=D(2026, 3, 10), delay_reason="住院治疗，障碍消除后继续计算")
    assert case.status == "accepted"


def test_the_simplified_procedure_needs_a_ground_of_article_53(receive, staff):
    case = receive(amount=5000)
    with pytest.raises(ValidationError) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 3), procedure="simplified")
    assert "(行政复议法 第53条)" in message(excinfo, "simplified_ground")
    with pytest.raises(ValidationError) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 3), procedure="simplified",
                       simplified_ground="small_amount")
    assert "3,000 yuan or less (行政复议法 第53条第1款第3项)" in message(excinfo, "simplified_ground")
    with pytest.raises(ValidationError) as excinfo:
        actions.accept(case, by=staff, accepted_on=D(2026, 3, 3), procedure="simplified",
                       simplified_ground="disclosure")
    assert "(行政复议法 第53条第1款第4项)" in message(excinfo, "simplified_ground")
    small = receive(amount=3000)
    small = actions.accept(small, by=staff, accepted_on=D(2026, 3, 3), procedure="simplified",
                           simplified_ground="small_amount")
    assert small.is_simplified and small.decision_due == D(2026, 4, 2)  # 30 days


def test_an_application_is_deemed_accepted_once_the_examination_ends_in_silence(receive, staff):
    case = receive(received_on=D(2026, 9, 29))  # examined until Mon 12 October
    with at(D(2026, 10, 12)), pytest.raises(IllegalTransition) as excinfo:
        actions.deem_accepted(case, by=staff)
    assert "runs until 2026-10-12" in message(excinfo) and "(行政复议法 第30条第3款)" in message(excinfo)
    with at(D(2026, 10, 13)):
        case = actions.deem_accepted(case, by=staff)
    assert (case.status, case.accepted_on, case.deemed_accepted) == ("accepted", D(2026, 10, 12), True)
    assert case.decision_due == D(2026, 12, 11)  # 60 days from 12 October


def test_the_daily_job_deems_accepted_and_closes_the_abandoned_once(receive, staff):
    silent = receive(received_on=D(2026, 3, 2))  # until 9 March
    waiting = receive(received_on=D(2026, 3, 2))
    waiting = actions.request_correction(waiting, by=staff, correction_requested_on=D(2026, 3, 3),
                                         correction_items="补充", correction_received_on=D(2026, 3, 4))  # to 18 March
    unknown = receive(received_on=D(2026, 3, 2))
    actions.request_correction(unknown, by=staff, correction_requested_on=D(2026, 3, 3), correction_items="补充")
    assert actions.expire(D(2026, 3, 9)) == 0
    assert actions.expire(D(2026, 3, 19), dry_run=True) == 2
    with at(D(2026, 3, 19)):
        assert actions.expire(D(2026, 3, 19)) == 2
        assert actions.expire(D(2026, 3, 19)) == 0
    silent.refresh_from_db()
    waiting.refresh_from_db()
    unknown.refresh_from_db()
    assert (silent.status, silent.accepted_on, silent.deemed_accepted) == ("accepted", D(2026, 3, 9), True)
    assert (waiting.status, waiting.closure) == ("closed", "abandoned")
    assert unknown.status == "correcting"  # the receipt of its notice is not known: the staff decide


def test_the_daily_job_is_registered():
    from fazhi.core import tick

    assert "reconsideration.expire" in tick._jobs


# -- the review ---------------------------------------------------------------------------------------------------


def test_only_a_simplified_case_is_switched_with_the_heads_approval(accepted, staff):
    case = accepted()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.switch_to_ordinary(case, by=staff, switched_on=D(2026, 3, 4), switch_reason="复杂",
                                   switch_approver="科长")
    assert "(行政复议法 第55条)" in message(excinfo)
    simple = accepted(procedure="simplified", simplified_ground="consent")
    with pytest.raises(ValidationError) as excinfo:
        actions.switch_to_ordinary(simple, by=staff, switched_on=D(2026, 3, 4), switch_reason="复杂",
                                   switch_approver="")
    assert "(行政复议法 第55条)" in message(excinfo, "switch_approver")
    simple = actions.switch_to_ordinary(simple, by=staff, switched_on=D(2026, 3, 4), switch_reason="复杂",
                                        switch_approver="科长")
    assert simple.procedure == "ordinary" and simple.decision_due == D(2026, 5, 6)  # 60 days from 3 March


def test_the_answer_follows_the_copy(accepted, staff):
    case = accepted()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_answer(case, by=staff, answer_received_on=D(2026, 3, 5))
    assert "(行政复议法 第48条)" in message(excinfo)
    case = actions.send_copy(case, by=staff, copy_sent_on=D(2026, 3, 4))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_answer(case, by=staff, answer_received_on=D(2026, 3, 3))
    assert "行政复议法 第48条" in message(excinfo, "answer_received_on")
    with pytest.raises(IllegalTransition):
        actions.send_copy(case, by=staff, copy_sent_on=D(2026, 3, 5))


def test_a_major_case_leaves_the_simplified_procedure_and_needs_its_reasons(accepted, staff):
    simple = accepted(procedure="simplified", simplified_ground="consent")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.mark_major(simple, by=staff, hearing_required=True, hearing_required_reason="复杂")
    assert "(行政复议法 第53条)" in message(excinfo) and "第55条" in message(excinfo)
    case = accepted()
    with pytest.raises(ValidationError) as excinfo:
        actions.mark_major(case, by=staff, hearing_required=True, committee_required=True)
    assert "(行政复议法 第50条)" in message(excinfo, "hearing_required_reason")
    assert "(行政复议法 第52条)" in message(excinfo, "committee_required_reason")


def test_a_hearing_is_announced_5_working_days_before(accepted, staff):
    case = accepted(received_on=D(2026, 9, 25), accepted_on=D(2026, 9, 28))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_hearing(case, by=staff, hearing_notified_on=D(2026, 9, 29), hearing_held_on=D(2026, 10, 10),
                               hearing_record="记录")
    assert "notified on 2026-09-29, it may be held from 2026-10-12" in message(excinfo, "hearing_held_on")
    assert "(行政复议法 第51条第1款)" in message(excinfo, "hearing_held_on")
    case = actions.record_hearing(case, by=staff, hearing_notified_on=D(2026, 9, 29), hearing_held_on=D(2026, 10, 12),
                                  hearing_record="记录")
    assert case.hearing_held_on == D(2026, 10, 12)


def test_a_suspension_needs_a_ground_and_resumes_only_a_suspended_case(accepted, staff):
    case = accepted()
    with pytest.raises(ValidationError) as excinfo:
        actions.suspend(case, by=staff, suspended_on=D(2026, 3, 5), suspension_ground="boredom", suspension_reason="x")
    assert "(行政复议法 第39条第1款)" in message(excinfo, "suspension_ground")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.resume(case, by=staff, resumed_on=D(2026, 3, 6))
    assert "while the case is “review suspended (中止)”" in message(excinfo)
    case = actions.suspend(case, by=staff, suspended_on=D(2026, 3, 5), suspension_ground="other_case",
                           suspension_reason="待另案审结")
    case = actions.resume(case, by=staff, resumed_on=D(2026, 3, 16))
    with pytest.raises(ValidationError) as excinfo:
        actions.suspend(case, by=staff, suspended_on=D(2026, 3, 12), suspension_ground="other_case",
                        suspension_reason="再次中止")
    assert "last resumed on 2026-03-16" in message(excinfo, "suspended_on")


def test_an_extension_is_once_at_most_30_days_before_the_period_ends_and_never_simplified(accepted, staff):
    case = accepted()  # decision due 6 May 2026
    with pytest.raises(ValidationError) as excinfo:
        actions.extend(case, by=staff, extended_on=D(2026, 4, 20), extension_days=31, extension_reason="复杂",
                       extension_approver="负责人")
    assert "at most 30 days (行政复议法 第62条第1款)" in message(excinfo, "extension_days")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend(case, by=staff, extended_on=D(2026, 4, 20), extension_days=20, extension_reason="",
                       extension_approver="负责人")
    assert "(行政复议法 第62条第1款)" in message(excinfo, "extension_reason")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend(case, by=staff, extended_on=D(2026, 5, 7), extension_days=20, extension_reason="复杂",
                       extension_approver="负责人")
    assert "it ended on 2026-05-06 (行政复议法 第62条第1款)" in message(excinfo, "extended_on")
    case = actions.extend(case, by=staff, extended_on=D(2026, 4, 20), extension_days=30, extension_reason="复杂",
                          extension_approver="负责人")
    assert case.decision_due == D(2026, 6, 1)  # day 60 was Sat 2 May (in 劳动节); 30 more from it: Mon 1 June
    with pytest.raises(IllegalTransition) as excinfo:
        actions.extend(case, by=staff, extended_on=D(2026, 4, 21), extension_days=1, extension_reason="复杂",
                       extension_approver="负责人")
    assert "already extended on 2026-04-20 by 30 days" in message(excinfo)
    simple = accepted(procedure="simplified", simplified_ground="consent")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.extend(simple, by=staff, extended_on=D(2026, 3, 20), extension_days=10, extension_reason="复杂",
                       extension_approver="负责人")
    assert "are not extended (行政复议法 第62条第2款)" in message(excinfo)


def test_an_incidental_review_is_recorded_with_its_forwarding(accepted, staff):
    case = accepted()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_document_review(case, by=staff, reviewed_document="示范县某规范性文件",
                                       document_forwarded_on=D(2026, 3, 5))
    assert "(行政复议法 第56条)" in message(excinfo, "document_forwarded_to")
    case = actions.record_document_review(case, by=staff, reviewed_document="示范县某规范性文件",
                                          document_forwarded_on=D(2026, 3, 5), document_forwarded_to="示范市人民政府")
    assert case.document_forwarded_to == "示范市人民政府"


# -- the decision -------------------------------------------------------------------------------------------------


def _decide(case, staff, outcome="upheld", on=date(2026, 4, 20), **values):
    fields = dict(decided_on=on, outcome=outcome, decision_number=f"示府复决{case.pk}号", reasoning="事实清楚")
    fields.update(values)
    return actions.decide(case, by=staff, **fields)


def test_a_decision_on_the_merits_waits_for_the_copy_and_the_answer(accepted, staff):
    case = accepted()
    with pytest.raises(IllegalTransition) as excinfo:
        _decide(case, staff, "revoked")
    assert "before deciding (行政复议法 第48条)" in message(excinfo)
    case = actions.send_copy(case, by=staff, copy_sent_on=D(2026, 3, 4))  # answer due 18 March
    with pytest.raises(ValidationError) as excinfo:
        _decide(case, staff, "revoked", on=D(2026, 3, 18))
    assert "may answer until 2026-03-18 (行政复议法 第48条)" in message(excinfo, "decided_on")
    with pytest.raises(IllegalTransition) as excinfo:
        _decide(case, staff, "upheld", on=D(2026, 3, 19))
    assert "cannot be upheld (行政复议法 第70条)" in message(excinfo)
    case = _decide(case, staff, "revoked", on=D(2026, 3, 19))  # no answer: the act has no evidence (第70条)
    assert (case.status, case.outcome) == ("decided", "revoked")


def test_a_decision_waits_for_the_hearing_and_the_committee(answered, staff):
    case = answered()
    case = actions.mark_major(case, by=staff, hearing_required=True, hearing_required_reason="复杂",
                              committee_required=True, committee_required_reason="专业性强")
    with pytest.raises(IllegalTransition) as excinfo:
        _decide(case, staff)
    assert "(行政复议法 第50条)" in message(excinfo)
    case = actions.record_hearing(case, by=staff, hearing_notified_on=D(2026, 3, 16), hearing_held_on=D(2026, 3, 23),
                                  hearing_record="记录")
    with pytest.raises(IllegalTransition) as excinfo:
        _decide(case, staff)
    assert "(行政复议法 第52条)" in message(excinfo)
    case = actions.consult_committee(case, by=staff, committee_consulted_on=D(2026, 4, 1), committee_opinion="同意")
    with pytest.raises(ValidationError) as excinfo:
        _decide(case, staff, on=D(2026, 3, 31))
    assert "the consultation of the reconsideration committee (2026-04-01): 行政复议法 第52条" in message(
        excinfo, "decided_on")
    assert _decide(case, staff).status == "decided"


def test_an_outcome_fits_the_kind_of_act(answered, staff):
    penalty = answered()
    with pytest.raises(ValidationError) as excinfo:
        _decide(penalty, staff, "performance")
    assert "(行政复议法 第66、71条)" in message(excinfo, "outcome")
    with pytest.raises(ValidationError) as excinfo:
        _decide(penalty, staff, "request_rejected")
    assert "(行政复议法 第69条)" in message(excinfo, "outcome")
    duty = answered(act_category="non_performance")
    assert _decide(duty, staff, "performance").outcome == "performance"


def test_a_suspended_review_ends_only_by_agreement_or_termination(answered, staff):
    case = answered()
    case = actions.suspend(case, by=staff, suspended_on=D(2026, 3, 20), suspension_ground="mediation",
                           suspension_reason="双方同意调解")
    with pytest.raises(IllegalTransition) as excinfo:
        _decide(case, staff, "revoked")
    assert "resume it before deciding (行政复议法 第39条)" in message(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        _decide(case, staff, "mediated", reasoning="")
    assert "(行政复议法 第73条)" in message(excinfo, "reasoning")
    case = _decide(case, staff, "mediated", reasoning="退还一半罚款")
    assert (case.status, case.outcome) == ("decided", "mediated")
    assert case.suspensions[-1][1] == "2026-04-20"  # the suspension ends with the agreement
    with pytest.raises(IllegalTransition) as excinfo:
        actions.publish_decision(case, by=staff, published_on=D(2026, 4, 21))
    assert "(行政复议法 第79条)" in message(excinfo)


def test_a_settlement_and_a_termination_close_the_case(answered, staff):
    settled = _decide(answered(), staff, "settled", reasoning="")
    assert (settled.status, settled.closure, settled.closed_on) == ("closed", "settled", D(2026, 4, 20))
    case = answered()
    with pytest.raises(ValidationError) as excinfo:
        _decide(case, staff, "terminated", reasoning="")
    assert "(行政复议法 第41条)" in message(excinfo, "termination_ground")
    case = actions.suspend(case, by=staff, suspended_on=D(2026, 3, 20), suspension_ground="death",
                           suspension_reason="申请人死亡，近亲属尚未确定是否参加")
    with pytest.raises(ValidationError) as excinfo:
        _decide(case, staff, "terminated", on=D(2026, 5, 18), termination_ground="long_suspension")
    assert "suspended only since 2026-03-20" in message(excinfo, "termination_ground")
    assert "(行政复议法 第41条第5项)" in message(excinfo, "termination_ground")
    case = _decide(case, staff, "terminated", on=D(2026, 5, 19), termination_ground="long_suspension")
    assert (case.status, case.closure, case.termination_ground) == ("closed", "terminated", "long_suspension")


def test_a_decision_number_is_used_once_and_a_late_decision_is_recorded(answered, staff):
    first = _decide(answered(), staff, decision_number="示府复决1号")
    with pytest.raises(ValidationError) as excinfo:
        _decide(answered(), staff, decision_number="示府复决1号")
    assert "already used" in message(excinfo, "decision_number")
    late = _decide(answered(), staff, on=D(2026, 5, 20), decision_number="示府复决2号")
    assert late.decided_on > late.decision_due == D(2026, 5, 6)
    assert first.decided_on <= first.decision_due


def test_a_decision_is_published_once_and_a_letter_answered_once(answered, staff):
    case = _decide(answered(), staff, "revoked")
    case = actions.publish_decision(case, by=staff, published_on=D(2026, 4, 22))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.publish_decision(case, by=staff, published_on=D(2026, 4, 23))
    assert "already published on 2026-04-22" in message(excinfo)
    with pytest.raises(IllegalTransition):
        actions.record_recommendation_reply(case, by=staff, recommendation_replied_on=D(2026, 5, 1),
                                            recommendation_reply="已整改")
    with pytest.raises(ValidationError) as excinfo:
        actions.send_recommendation(case, by=staff, recommendation_sent_on=D(2026, 4, 22),
                                    recommendation_addressee="示范县市场监督管理局", recommendation="")
    assert "(行政复议法 第76条)" in message(excinfo, "recommendation")
    case = actions.send_recommendation(case, by=staff, recommendation_sent_on=D(2026, 4, 22),
                                       recommendation_addressee="示范县市场监督管理局", recommendation="规范取证")
    assert case.next_deadline == case.recommendation_reply_due == D(2026, 6, 22)  # day 60, Sun 21 June, is in 端午 (19–21 June)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.send_recommendation(case, by=staff, recommendation_sent_on=D(2026, 4, 23),
                                    recommendation_addressee="示范县市场监督管理局", recommendation="再次")
    assert "already sent on 2026-04-22" in message(excinfo)
    case = actions.record_recommendation_reply(case, by=staff, recommendation_replied_on=D(2026, 6, 1),
                                               recommendation_reply="已整改")
    assert case.next_deadline is None


def test_every_change_is_audited(answered, staff):
    from fazhi.audit.actions import history_for

    case = _decide(answered(), staff)
    assert len(history_for(case)) >= 5  # opened, accepted, copy, answer, decided
