"""The advisers ledger's actions: each step, and each refusal with its message at its field."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.advisers import actions
from fazhi.advisers.models import Adviser, ContractReview, Opinion
from fazhi.advisers.tests.conftest import message
from fazhi.core.ledger import IllegalTransition

pytestmark = pytest.mark.django_db

D = date


# -- the engagement -------------------------------------------------------------------------------------------------


def test_an_adviser_is_engaged_for_a_term_whose_end_is_its_next_deadline(engage):
    adviser = engage()
    assert adviser.status == Adviser.Status.ENGAGED
    assert adviser.next_deadline == adviser.engaged_until == D(2026, 12, 31)


def test_a_public_sector_lawyer_needs_a_licence_and_is_a_person(engage):
    with pytest.raises(ValidationError) as excinfo:
        engage(kind="public_lawyer", licence_number="")
    assert "licence number" in message(excinfo, "licence_number")
    with pytest.raises(ValidationError) as excinfo:
        engage(kind="public_lawyer", engaged_as="firm", licence_number="13301202110123456")
    assert "not a law firm" in message(excinfo, "engaged_as")
    lawyer = engage(kind="public_lawyer", licence_number="1330 1202 1101 23456")
    assert lawyer.licence_number == "13301202110123456"


def test_a_licence_number_is_letters_and_digits(engage):
    with pytest.raises(ValidationError) as excinfo:
        engage(licence_number="证号-12")
    assert "6 to 30 letters and digits" in message(excinfo, "licence_number")


def test_a_term_ends_after_it_starts_and_starts_by_today(engage):
    with pytest.raises(ValidationError) as excinfo:
        engage(engaged_from=D(2026, 6, 1), engaged_until=D(2026, 6, 1))
    assert "ends after it starts" in message(excinfo, "engaged_until")
    with pytest.raises(ValidationError) as excinfo:
        engage(engaged_from=D(2027, 1, 1), engaged_until=D(2027, 12, 31))
    assert "after today" in message(excinfo, "engaged_from")


def test_the_same_adviser_is_not_engaged_twice_over_the_same_days(engage):
    engage(name="李律师")
    with pytest.raises(ValidationError) as excinfo:
        engage(name="李律师", engaged_from=D(2026, 6, 1), engaged_until=D(2027, 5, 31))
    assert "already engaged" in message(excinfo, "name")
    engage(name="李律师", kind="public_lawyer", licence_number="A1234567")  # another kind is another role


def test_a_renewal_comes_before_the_term_ends_and_runs_to_a_later_day(engage, owner):
    adviser = engage(engaged_until=D(2026, 6, 30))
    with pytest.raises(ValidationError) as excinfo:
        actions.renew_engagement(adviser, by=owner, renewed_on=D(2026, 7, 2), engaged_until=D(2027, 6, 30))
    assert "new engagement" in message(excinfo, "renewed_on")
    with pytest.raises(ValidationError) as excinfo:
        actions.renew_engagement(adviser, by=owner, renewed_on=D(2026, 6, 20), engaged_until=D(2026, 6, 30))
    assert "later day" in message(excinfo, "engaged_until")
    adviser = actions.renew_engagement(adviser, by=owner, renewed_on=D(2026, 6, 20), engaged_until=D(2027, 6, 30))
    assert adviser.next_deadline == D(2027, 6, 30)


def test_an_engagement_ends_with_a_reason_within_its_term_and_only_once(engage, owner):
    adviser = engage()
    with pytest.raises(ValidationError) as excinfo:
        actions.end_engagement(adviser, by=owner, ended_on=D(2026, 11, 30), end_reason="")
    assert "why the engagement ended" in message(excinfo, "end_reason")
    adviser = actions.end_engagement(adviser, by=owner, ended_on=D(2026, 11, 30), end_reason="聘任协议提前解除")
    assert adviser.status == Adviser.Status.ENDED and adviser.next_deadline is None
    with pytest.raises(IllegalTransition) as excinfo:
        actions.end_engagement(adviser, by=owner, ended_on=D(2026, 12, 1), end_reason="再次解除")
    assert "engagement ended" in message(excinfo)


def test_an_engagement_cannot_end_before_an_opinion_it_gave(engage, owner):
    adviser = engage()
    actions.record_opinion(adviser, by=owner, given_on=D(2026, 5, 6), subject_kind="other", subject="行政处罚裁量基准",
                           opinion_text="建议细化裁量档次。")
    with pytest.raises(ValidationError) as excinfo:
        actions.end_engagement(adviser, by=owner, ended_on=D(2026, 5, 1), end_reason="解除")
    assert "法律顾问聘任协议" in message(excinfo, "ended_on")


# -- opinions and meetings ------------------------------------------------------------------------------------------


def test_an_opinion_falls_within_the_term(engage, owner):
    adviser = engage(engaged_from=D(2025, 1, 1), engaged_until=D(2025, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_opinion(adviser, by=owner, given_on=D(2026, 1, 5), subject_kind="other", subject="某事项",
                               opinion_text="意见")
    assert "after the adviser's term" in message(excinfo, "given_on")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_opinion(adviser, by=owner, given_on=D(2024, 12, 5), subject_kind="other", subject="某事项",
                               opinion_text="意见")
    assert "cannot come before" in message(excinfo, "given_on")


def test_an_opinion_links_to_a_contract_review_of_the_same_agency(engage, receive, owner):
    adviser = engage()
    review = receive(number="合审〔2026〕9号")
    opinion = actions.record_opinion(adviser, by=owner, given_on=D(2026, 3, 4), subject_kind="contract",
                                     subject="检测服务合同", opinion_text="建议补充违约责任条款。",
                                     linked_ledger="contracts", linked_reference="合审〔2026〕9号")
    assert opinion.linked == review and "合审〔2026〕9号" in opinion.linked_label
    assert Opinion.objects.get(pk=opinion.pk).linked == review


def test_an_opinion_cannot_link_to_another_agencys_record(engage, owner, world):
    from fazhi.advisers.actions import receive_contract

    theirs = receive_contract(agency=world.agency("lsx-sfj"), by=world.outsider, number="邻审〔2026〕1号",
                              contract_name="邻县合同", counterparty="某公司", received_on=D(2026, 3, 2))
    adviser = engage()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_opinion(adviser, by=owner, given_on=D(2026, 3, 4), subject_kind="contract", subject="邻县合同",
                               opinion_text="意见", linked_ledger="contracts", linked_reference=theirs.number)
    assert "keeps none of its" in message(excinfo, "linked_reference")
    assert not Opinion.objects.exists()


def test_an_opinion_links_only_to_a_record_of_its_subjects_kind(engage, owner):
    adviser = engage()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_opinion(adviser, by=owner, given_on=D(2026, 3, 4), subject_kind="normative", subject="某文件",
                               opinion_text="意见", linked_ledger="mediation", linked_reference="调〔2026〕1号")
    assert "links to a record of that kind" in message(excinfo, "linked_ledger")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_opinion(adviser, by=owner, given_on=D(2026, 3, 4), subject_kind="normative", subject="某文件",
                               opinion_text="意见", linked_ledger="normative")
    assert "number or title" in message(excinfo, "linked_reference")


def test_an_opinion_on_a_major_decision_names_the_decision(engage, owner):
    adviser = engage()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_opinion(adviser, by=owner, given_on=D(2026, 3, 4), subject_kind="decision", subject="某决策",
                               opinion_text="意见")
    assert "重大行政决策程序暂行条例" in message(excinfo, "linked_reference")


def test_an_opinion_links_to_a_major_decision_of_the_agency(engage, owner, bureau):
    from fazhi.decisions.models import Decision

    decision = Decision.objects.filter(agency=bureau, withdrawn_at__isnull=True).first()
    if decision is None:
        pytest.skip("the demo county's bureau has no decision")
    adviser = engage()
    opinion = actions.record_opinion(adviser, by=owner, given_on=D(2026, 3, 4), subject_kind="decision",
                                     subject=decision.title, opinion_text="程序合法。", linked_ledger="decisions",
                                     linked_reference=decision.title)
    assert opinion.linked == decision


def test_attendance_names_the_meeting_and_falls_within_the_term(engage, owner):
    adviser = engage()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_attendance(adviser, by=owner, held_on=D(2026, 4, 1), meeting=" ")
    assert "Name the meeting" in message(excinfo, "meeting")
    actions.record_attendance(adviser, by=owner, held_on=D(2026, 4, 1), meeting="局长办公会议")
    assert adviser.attendances.count() == 1


# -- who may act ----------------------------------------------------------------------------------------------------


def test_only_the_agencys_clerks_and_office_keep_its_advisers(engage, world, bureau):
    adviser = engage()
    for person in (world.colleague, world.outsider, world.leader):
        with pytest.raises(IllegalTransition) as excinfo:
            actions.record_attendance(adviser, by=person, held_on=D(2026, 4, 1), meeting="办公会议")
        assert "Only the clerks of" in message(excinfo)
        with pytest.raises(IllegalTransition):
            actions.engage_adviser(agency=bureau, by=person, name="某律师", kind="adviser", engaged_as="person",
                                   engaged_from=D(2026, 1, 1), engaged_until=D(2026, 12, 31))
    actions.record_attendance(adviser, by=world.office, held_on=D(2026, 4, 1), meeting="办公会议")


# -- contract review ------------------------------------------------------------------------------------------------


def test_a_contract_received_for_review_is_due_in_seven_working_days(receive):
    review = receive(received_on=D(2026, 3, 2))  # Monday: 3, 4, 5, 6, 9, 10, 11 March
    assert review.review_due == review.next_deadline == D(2026, 3, 11)
    assert review.amount == 86000


def test_a_review_number_is_unique_in_the_agency(receive):
    receive(number="合审〔2026〕1号")
    with pytest.raises(ValidationError) as excinfo:
        receive(number="合审〔2026〕1号")
    assert "already in the ledger" in message(excinfo, "number")


def test_a_contract_needs_its_name_and_other_party_and_a_sum_in_yuan(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(contract_name="", counterparty="")
    assert set(excinfo.value.message_dict) == {"contract_name", "counterparty"}
    with pytest.raises(ValidationError) as excinfo:
        receive(amount="八万")
    assert "amount in yuan" in message(excinfo, "amount")


def test_an_opinion_asking_for_changes_says_which(receive, owner):
    review = receive()
    with pytest.raises(ValidationError) as excinfo:
        actions.give_contract_opinion(review, by=owner, verdict="changes", opinion_on=D(2026, 3, 6), reviewer="王律师")
    assert "what must change" in message(excinfo, "opinion_text")
    with pytest.raises(ValidationError) as excinfo:
        actions.give_contract_opinion(review, by=owner, verdict="approve", opinion_on=D(2026, 3, 1), reviewer="王律师")
    assert "cannot come before" in message(excinfo, "opinion_on")
    review = actions.give_contract_opinion(review, by=owner, verdict="approve", opinion_on=D(2026, 3, 6),
                                           reviewer="王律师")
    assert review.status == ContractReview.Status.REVIEWED and review.next_deadline is None and not review.was_late
    with pytest.raises(IllegalTransition) as excinfo:
        actions.give_contract_opinion(review, by=owner, verdict="reject", opinion_on=D(2026, 3, 7), reviewer="王律师",
                                      opinion_text="不予通过")
    assert "opinion given" in message(excinfo)


def test_an_opinion_after_the_due_day_is_late(receive, owner):
    review = receive(received_on=D(2026, 3, 2))
    review = actions.give_contract_opinion(review, by=owner, verdict="reject", opinion_on=D(2026, 3, 12),
                                           reviewer="王律师", opinion_text="合同主体不适格。")
    assert review.was_late
