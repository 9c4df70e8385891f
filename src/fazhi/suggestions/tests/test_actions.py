"""The steps of an item: who may take them, in which state, and each refusal with the rule it cites."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.suggestions import actions
from fazhi.suggestions.forms import FORMS
from fazhi.suggestions.tests.conftest import message

pytestmark = pytest.mark.django_db

D = date
FORBIDDEN = ("Only the clerks of 示范县市场监督管理局 or the rule-of-law office of its region may keep its deputies' "
             "suggestions and CPPCC proposals.")


def _keywords(function) -> set[str]:
    import inspect

    return {name for name, p in inspect.signature(function).parameters.items()
            if p.kind == inspect.Parameter.KEYWORD_ONLY} - {"by", "agency"}


# -- who may act --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_outsider_is_refused_every_action(world, lead, assign, name):
    item = assign()
    values = {field: None for field in _keywords(getattr(actions, name))}
    with pytest.raises(IllegalTransition) as excinfo:
        if name == "assign_item":
            actions.assign_item(agency=lead, by=world.outsider, **values)
        else:
            getattr(actions, name)(item, by=world.outsider, **values)
    assert excinfo.value.code == "forbidden"
    assert message(excinfo) == FORBIDDEN


def test_another_departments_clerk_is_refused_and_the_office_and_the_administrator_may_act(world, assign):
    item = assign()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_contact(item, by=world.colleague, contacted_on=D(2026, 3, 5), contact_method="phone")
    assert message(excinfo) == FORBIDDEN
    item = actions.record_contact(item, by=world.office, contacted_on=D(2026, 3, 5), contact_method="phone")
    assert item.status == "in_progress"
    item = actions.answer(item, by=world.admin, answered_on=D(2026, 4, 1), answer_category="A", answer_summary="已办")
    assert item.status == "answered"


def test_the_rule_of_law_office_assigns_to_any_agency_of_the_county(world):
    item = actions.assign_item(agency=world.agency("sfx-jyj"), by=world.office, kind="cppcc", raised_during="session",
                               session="政协示范县第十一届委员会第三次会议", number="018", title="关于学前教育的提案",
                               proposer="李某", assigned_on=D(2026, 3, 2))
    assert item.agency == world.agency("sfx-jyj") and item.status == "assigned"
    assert item.next_deadline == item.answer_due == D(2026, 6, 2)


# -- the assignment -----------------------------------------------------------------------------------------------


def test_a_number_is_used_once_per_kind_and_session(assign):
    assign(number="001")
    with pytest.raises(ValidationError) as excinfo:
        assign(number="001")
    assert message(excinfo, "number") == "Number 001 of 示范县第十八届人民代表大会第三次会议 is already in the ledger."
    assert assign(number="001", kind="cppcc").kind == "cppcc"  # a proposal numbers its own series
    assert assign(number="001", session="示范县第十八届人民代表大会第四次会议").number == "001"


def test_an_assignment_is_not_dated_ahead_nor_before_the_2025_amendment_for_a_suggestion(assign):
    with pytest.raises(ValidationError) as excinfo:
        assign(assigned_on=D(2026, 12, 16))
    assert "after today (2026-12-15)" in message(excinfo, "assigned_on")
    with pytest.raises(ValidationError) as excinfo:
        assign(assigned_on=D(2025, 1, 20))
    assert message(excinfo, "assigned_on") == (
        "This ledger counts deputies' suggestions under 代表法 as amended on 2025-03-11 (第51条); a suggestion assigned "
        "on 2025-01-20 fell under the earlier text.")
    assert assign(kind="cppcc", assigned_on=D(2025, 1, 20)).answer_due == D(2025, 4, 20)  # no such limit


def test_an_assignment_names_its_item(assign):
    with pytest.raises(ValidationError) as excinfo:
        assign(title=" ", proposer="", kind="")
    errors = excinfo.value.message_dict
    assert set(errors) == {"title", "proposer", "kind"}


# -- co-handlers --------------------------------------------------------------------------------------------------


def test_a_co_handler_is_another_agency_named_once_after_the_assignment(assign, world, lead):
    item = assign(assigned_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.add_co_handler(item, by=world.owner, co_agency=lead, co_assigned_on=D(2026, 3, 3))
    assert message(excinfo, "co_agency") == "示范县市场监督管理局 leads the item and answers it: it is not its own co-handler."
    with pytest.raises(ValidationError) as excinfo:
        actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 3, 1))
    assert message(excinfo, "co_assigned_on") == (
        "The assignment to a co-handling agency (会办) (2026-03-01) cannot come before the assignment (交办) "
        "(2026-03-02): 本省建议提案办理办法.")
    with pytest.raises(ValidationError) as excinfo:
        actions.add_co_handler(item, by=world.owner, co_assigned_on=D(2026, 3, 3))
    assert message(excinfo, "co_name") == "Name the co-handling agency."
    actions.add_co_handler(item, by=world.owner, co_agency=world.agency("sfx-jyj"), co_assigned_on=D(2026, 3, 3))
    with pytest.raises(ValidationError) as excinfo:
        actions.add_co_handler(item, by=world.owner, co_name="示范县教育局", co_assigned_on=D(2026, 3, 3))
    assert message(excinfo, "co_name") == "示范县教育局 already co-handles this item."


def test_co_handlers_are_added_only_before_the_answer(answered, world):
    item = answered()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 5, 5))
    assert message(excinfo) == (
        "The assignment to a co-handling agency (会办) is recorded while the item is “assigned (交办)”、“being "
        "handled”; it is “answered (答复)”.")


def test_a_co_handlers_opinion_is_named_when_several_are_awaited_and_follows_its_assignment(assign, world):
    item = assign(assigned_on=D(2026, 3, 2))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_co_handler_opinion(item, by=world.owner, opinion_sent_on=D(2026, 3, 10), opinion="同意")
    assert message(excinfo) == "No co-handling agency of this item has an opinion outstanding."
    actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 3, 5))
    actions.add_co_handler(item, by=world.owner, co_name="示范县水务公司", co_assigned_on=D(2026, 3, 3))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_co_handler_opinion(item, by=world.owner, opinion_sent_on=D(2026, 3, 10), opinion="同意")
    assert message(excinfo, "co_name") == (
        "Name the co-handling agency whose opinion this is; awaited: 示范县水务公司、示范县供电公司.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_co_handler_opinion(item, by=world.owner, co_name="示范县供电公司",
                                          opinion_sent_on=D(2026, 3, 4), opinion="同意")
    assert message(excinfo, "opinion_sent_on") == (
        "The co-handling agency's opinion (2026-03-04) cannot come before the assignment to a co-handling agency "
        "(会办) (2026-03-05): 本省建议提案办理办法.")
    co = actions.record_co_handler_opinion(item, by=world.owner, co_name="示范县供电公司",
                                           opinion_sent_on=D(2026, 4, 10), opinion="同意")
    assert co.opinion_sent_on == D(2026, 4, 10) and not co.sent_on_time  # due on 5 April


# -- contact and answer -----------------------------------------------------------------------------------------


def test_the_proposer_is_contacted_before_the_answer_where_the_setting_asks(assign, world, settings):
    item = assign(assigned_on=D(2026, 3, 2))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.answer(item, by=world.owner, answered_on=D(2026, 4, 1), answer_category="A", answer_summary="已办")
    assert excinfo.value.code == "contact_first"
    assert message(excinfo) == (
        "Contact the proposer before answering (沟通; the province's practice, setting "
        "FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER): record the contact first.")
    settings.FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER = False
    item = actions.answer(item, by=world.owner, answered_on=D(2026, 4, 1), answer_category="A", answer_summary="已办")
    assert item.status == "answered" and item.next_deadline is None


def test_contacts_are_recorded_in_order_and_the_answer_follows_them(contacted, world):
    item = contacted(assigned_on=D(2026, 3, 2), days=10)  # contacted on 12 March
    with pytest.raises(ValidationError) as excinfo:
        actions.record_contact(item, by=world.owner, contacted_on=D(2026, 3, 11), contact_method="phone")
    assert message(excinfo, "contacted_on") == (
        "A contact on 2026-03-12 is already recorded: record the contacts in the order they took place.")
    with pytest.raises(ValidationError) as excinfo:
        actions.answer(item, by=world.owner, answered_on=D(2026, 3, 11), answer_category="A", answer_summary="已办")
    assert message(excinfo, "answered_on") == (
        "The answer (答复) (2026-03-11) cannot come before the contact with the proposer (沟通) (2026-03-12): "
        "本省建议提案办理办法.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_contact(item, by=world.owner, contacted_on=D(2026, 3, 20), contact_method="letter")
    assert message(excinfo, "contact_method") == "Say how the proposer was contacted."


def test_the_answer_waits_for_a_co_handlers_opinion_while_its_period_runs(contacted, world):
    item = contacted(assigned_on=D(2026, 3, 2))
    actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 3, 3))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.answer(item, by=world.owner, answered_on=D(2026, 4, 3), answer_category="B", answer_summary="计划解决")
    assert message(excinfo) == (
        "示范县供电公司 may send its co-handling opinion until 2026-04-03 (本省建议提案办理办法): record it before "
        "answering, or answer after that day.")
    item = actions.answer(item, by=world.owner, answered_on=D(2026, 4, 7), answer_category="B", answer_summary="计划解决")
    assert item.status == "answered"


def test_an_answer_has_a_category_and_a_summary_and_a_late_one_is_recorded_as_late(contacted, world):
    item = contacted(assigned_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.answer(item, by=world.owner, answered_on=D(2026, 6, 10), answer_category="D", answer_summary="")
    assert message(excinfo, "answer_category") == "Choose the category of the answer (A, B or C)."
    item = actions.answer(item, by=world.owner, answered_on=D(2026, 6, 10), answer_category="C",
                          answer_summary="留作参考")
    assert item.answered_late and item.answer_due == D(2026, 6, 2)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.answer(item, by=world.owner, answered_on=D(2026, 6, 11), answer_category="A", answer_summary="再答")
    assert "it is “answered (答复)”" in message(excinfo)


def test_a_longer_period_is_approved_before_the_period_ends_and_once(contacted, world):
    item = contacted(assigned_on=D(2026, 3, 2))  # due 2 June
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_answer(item, by=world.owner, extended_on=D(2026, 6, 3), extension_months=2,
                              extension_reason="涉及面广", extension_approver="县政府办公室")
    assert message(excinfo, "extended_on") == (
        "A longer period is approved before the period ends; it ended on 2026-06-02 (代表法 第51条).")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_answer(item, by=world.owner, extended_on=D(2026, 5, 20), extension_months=2,
                              extension_reason="", extension_approver="")
    assert message(excinfo, "extension_reason") == "Say why the item is wide-ranging or difficult to handle (代表法 第51条)."
    item = actions.extend_answer(item, by=world.owner, extended_on=D(2026, 5, 20), extension_months=2,
                                 extension_reason="涉及面广", extension_approver="县政府办公室")
    assert item.answer_due == D(2026, 8, 2)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.extend_answer(item, by=world.owner, extended_on=D(2026, 5, 21), extension_months=1,
                              extension_reason="还要更久", extension_approver="县政府办公室")
    assert message(excinfo) == "The period was already extended on 2026-05-20 by 2 months."


def test_a_suggestion_is_never_extended_past_6_months(contacted, world):
    from fazhi.deadlines.models import ProvincialDeadline

    # A province that (wrongly) entered 4 months for suggestions: 4 + 3 would pass the law's 6 months.
    ProvincialDeadline.objects.create(province="990000", rule_code="deputy.suggestion", length=4,
                                      source="测试", valid_from=D(2025, 3, 11))
    item = contacted(assigned_on=D(2026, 3, 2))
    assert item.answer_due == D(2026, 7, 2) and item.answer_limit == D(2026, 9, 2)
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_answer(item, by=world.owner, extended_on=D(2026, 6, 20), extension_months=3,
                              extension_reason="涉及面广", extension_approver="县政府办公室")
    assert message(excinfo, "extension_months") == (
        "A suggestion is answered 6 months after its assignment at the latest, by 2026-09-02 (代表法 第51条): 3 more "
        "months would run to 2026-10-02.")


# -- feedback, second handling ----------------------------------------------------------------------------------


def test_feedback_follows_the_answer(assign, answered, world):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_feedback(assign(), by=world.owner, feedback="satisfied", feedback_on=D(2026, 5, 1))
    assert message(excinfo) == (
        "The proposer's feedback is recorded while the item is “answered (答复)”; it is “assigned (交办)”.")
    item = answered(assigned_on=D(2026, 3, 2))  # answered 1 May
    with pytest.raises(ValidationError) as excinfo:
        actions.record_feedback(item, by=world.owner, feedback="satisfied", feedback_on=D(2026, 4, 30))
    assert message(excinfo, "feedback_on") == (
        "The proposer's feedback (2026-04-30) cannot come before the answer (答复) (2026-05-01): 本省建议提案办理办法.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_feedback(item, by=world.owner, feedback="satisfied", feedback_on=D(2026, 5, 10),
                                no_rehandling_reason="无")
    assert message(excinfo, "no_rehandling_reason") == (
        "Only an answer rated not satisfied needs a reason for not handling the item again.")
    item = actions.record_feedback(item, by=world.owner, feedback="satisfied", feedback_on=D(2026, 5, 10))
    assert item.status == "rated" and item.latest_feedback == "satisfied" and item.next_deadline is None


def test_only_an_unsatisfied_answer_is_handled_again_and_only_once(rated, world):
    satisfied = rated(feedback="satisfied")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reopen(satisfied, by=world.owner, reopened_on=D(2026, 6, 1))
    assert message(excinfo) == "Only an answer the proposer rated not satisfied is handled again (本省建议提案办理办法)."
    excused = rated(feedback="unsatisfied", no_rehandling_reason="属上级事权，已解释说明。")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reopen(excused, by=world.owner, reopened_on=D(2026, 6, 1))
    assert message(excinfo) == "The item is not to be handled again: 属上级事权，已解释说明。"
    item = rated(feedback="unsatisfied")  # rated on 16 May
    with pytest.raises(ValidationError) as excinfo:
        actions.reopen(item, by=world.owner, reopened_on=D(2026, 5, 15))
    assert message(excinfo, "reopened_on") == (
        "The start of the second handling (2026-05-15) cannot come before the proposer's feedback (2026-05-16): "
        "本省建议提案办理办法.")
    item = actions.reopen(item, by=world.owner, reopened_on=D(2026, 5, 18))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.answer_again(item, by=world.owner, reanswered_on=D(2026, 6, 20), reanswer_category="B",
                             reanswer_summary="计划解决")
    assert message(excinfo) == (
        "Contact the proposer again in the second handling, on or after 2026-05-18, before answering again (沟通; the "
        "province's practice, setting FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER).")
    item = actions.record_contact(item, by=world.owner, contacted_on=D(2026, 5, 25), contact_method="visit")
    item = actions.answer_again(item, by=world.owner, reanswered_on=D(2026, 6, 20), reanswer_category="B",
                                reanswer_summary="计划解决")
    assert item.status == "answered" and item.handled_again
    with pytest.raises(ValidationError) as excinfo:
        actions.record_feedback(item, by=world.owner, feedback="unsatisfied", feedback_on=D(2026, 7, 1))
    assert message(excinfo, "no_rehandling_reason") == (
        "The proposer is not satisfied with the second answer either: an item is handled again once (本省建议提案办理"
        "办法). Say why the request cannot be met.")
    item = actions.record_feedback(item, by=world.owner, feedback="unsatisfied", feedback_on=D(2026, 7, 1),
                                   no_rehandling_reason="受财力限制，已说明。")
    assert item.status == "rated" and item.feedback == "unsatisfied" and item.second_feedback == "unsatisfied"
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reopen(item, by=world.owner, reopened_on=D(2026, 7, 2))
    assert message(excinfo) == (
        "The item was already handled again from 2026-05-18: it is handled again once (本省建议提案办理办法).")


# -- publication and closing ------------------------------------------------------------------------------------


def test_an_unsatisfied_item_is_closed_only_with_the_reason_it_is_not_handled_again(rated, world):
    item = rated(feedback="unsatisfied")  # rated 16 May: the second answer due 16 August
    actions.publish_answer(item, by=world.owner, published_on=D(2026, 5, 20))
    item.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 1))
    assert message(excinfo, "closing_note") == (
        "The proposer was not satisfied with the answer: handle the item again (重新办理) by 2026-08-16, or say in the "
        "closing note why it cannot be (本省建议提案办理办法).")
    item = actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 1), closing_note="所提事项属省级事权。")
    assert item.status == "closed" and item.no_rehandling_reason == "所提事项属省级事权。" and item.next_deadline is None


def test_an_item_without_feedback_or_publication_is_closed_only_with_a_note(answered, rated, world, settings):
    item = answered()
    with pytest.raises(ValidationError) as excinfo:
        actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 1))
    assert message(excinfo, "closing_note") == (
        "No feedback from the proposer is recorded: record it first (征询意见表), or say in the closing note why it did "
        "not come (本省建议提案办理办法).")
    item = rated()
    with pytest.raises(ValidationError) as excinfo:
        actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 1))
    assert message(excinfo, "closing_note") == (
        "The province expects the answer published (setting FAZHI_SUGGESTIONS_PUBLISH_ANSWERS): publish it first, or "
        "say in the closing note why it is not.")
    settings.FAZHI_SUGGESTIONS_PUBLISH_ANSWERS = False
    assert actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 1)).status == "closed"


def test_an_answer_is_published_after_it_once_and_again_after_a_second_answer(answered, world):
    item = answered()  # answered 1 May
    with pytest.raises(ValidationError) as excinfo:
        actions.publish_answer(item, by=world.owner, published_on=D(2026, 4, 30))
    assert message(excinfo, "published_on") == (
        "The publication of the answer (2026-04-30) cannot come before the answer (答复) (2026-05-01): 代表法 第51条；"
        "本省建议提案办理办法.")
    item = actions.publish_answer(item, by=world.owner, published_on=D(2026, 5, 5))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.publish_answer(item, by=world.owner, published_on=D(2026, 5, 6))
    assert message(excinfo) == "The answer was already published on 2026-05-05."
    item = actions.record_feedback(item, by=world.owner, feedback="unsatisfied", feedback_on=D(2026, 5, 10))
    item = actions.reopen(item, by=world.owner, reopened_on=D(2026, 5, 11))
    item = actions.record_contact(item, by=world.owner, contacted_on=D(2026, 5, 12), contact_method="phone")
    item = actions.answer_again(item, by=world.owner, reanswered_on=D(2026, 6, 1), reanswer_category="A",
                                reanswer_summary="已解决")
    item = actions.publish_answer(item, by=world.owner, published_on=D(2026, 6, 2))
    item = actions.record_feedback(item, by=world.owner, feedback="satisfied", feedback_on=D(2026, 6, 10))
    item = actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 12))
    assert item.status == "closed" and item.latest_feedback == "satisfied"
    with pytest.raises(IllegalTransition) as excinfo:
        actions.close_item(item, by=world.owner, closed_on=D(2026, 6, 13))
    assert "it is “closed”" in message(excinfo)


def test_every_step_is_audited(rated, world):
    from fazhi.audit.actions import history_for

    item = rated()
    actions_seen = [entry.action for entry in history_for(item)]
    assert actions_seen.count("transition") == 3 and "create" in actions_seen  # contact, answer, feedback
