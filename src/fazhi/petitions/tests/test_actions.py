"""The actions along a matter's life, each refusal with its message, who may act, and the daily job."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition, withdraw_record
from fazhi.petitions import actions
from fazhi.petitions.forms import FORMS
from fazhi.petitions.models import Matter
from fazhi.petitions.tests.conftest import message

pytestmark = pytest.mark.django_db

D = date


# -- registration -------------------------------------------------------------------------------------------------


def test_a_group_visit_is_registered_with_its_people(register):
    matter = register(channel="visit", persons=6, petitioner_name="李某等6人")
    assert matter.status == "received" and matter.persons == 6 and matter.is_group_visit
    assert not register(channel="visit", persons=4).is_group_visit
    assert not register(channel="letter", persons=9).is_group_visit  # a joint letter is no visit


def test_the_group_visit_size_is_a_setting(register, settings):
    settings.FAZHI_PETITIONS_GROUP_VISIT_SIZE = 3
    assert register(channel="visit", persons=3).is_group_visit


def test_a_petition_before_the_2022_regulations_is_refused(register):
    with pytest.raises(ValidationError) as excinfo:
        register(received_on=D(2022, 4, 30))
    assert message(excinfo, "received_on") == (
        "This ledger keeps petitions under the Regulations on Petition Work of 2022, in force from 2022-05-01 "
        "(Art. 50); a petition received on 2022-04-30 fell under the earlier regulations.")


def test_a_forwarded_petition_names_who_forwarded_it(register):
    with pytest.raises(ValidationError) as excinfo:
        register(received_via="forwarded", forwarded_by="")
    assert message(excinfo, "forwarded_by") == "Name the petition bureau or body that forwarded or assigned the matter."


def test_the_required_facts_are_named_at_once(register):
    with pytest.raises(ValidationError) as excinfo:
        register(petitioner_name=" ", subject="", category="")
    assert set(excinfo.value.message_dict) == {"petitioner_name", "subject", "category"}


def test_a_number_is_used_once_in_an_agency(register):
    register(number="2026-0100")
    with pytest.raises(ValidationError) as excinfo:
        register(number="2026-0100")
    assert message(excinfo, "number") == "Number 2026-0100 is already in the agency's register."


def test_a_date_after_today_is_refused(register):
    with pytest.raises(ValidationError) as excinfo:
        register(received_on=D(2026, 12, 16))
    assert "after today (2026-12-15)" in message(excinfo, "received_on")


def test_a_repeat_names_an_earlier_matter_of_the_same_agency(register, world):
    earlier = register(number="2026-0001", received_on=D(2026, 3, 2))
    repeat = register(number="2026-0002", received_on=D(2026, 5, 6), repeat_of_number="2026-0001")
    assert repeat.repeat_of == earlier and list(earlier.repeats.all()) == [repeat]
    with pytest.raises(ValidationError) as excinfo:
        register(number="2026-0003", repeat_of_number="2026-0999")
    assert message(excinfo, "repeat_of_number") == (
        "示范县市场监督管理局 has no matter numbered 2026-0999: a repeated petition names the agency's own earlier "
        "matter.")
    with pytest.raises(ValidationError) as excinfo:
        register(number="2026-0004", received_on=D(2026, 2, 1), repeat_of_number="2026-0001")
    assert message(excinfo, "repeat_of_number") == (
        "Matter 2026-0001 was received on 2026-03-02: a petition repeats an earlier one.")


# -- the notice and the objection (第23条) --------------------------------------------------------------------------


def test_the_notice_is_recorded_once_late_or_not(register, world):
    matter = register(received_on=D(2026, 3, 2))
    matter = actions.notify_petitioner(matter, by=world.owner, notified_on=D(2026, 3, 20))  # after 17 Mar: late
    assert matter.notified_on == D(2026, 3, 20) and matter.next_deadline == D(2026, 3, 17)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.notify_petitioner(matter, by=world.owner, notified_on=D(2026, 3, 21))
    assert message(excinfo) == "The petitioner was already told on 2026-03-20."


def test_no_notice_is_sent_to_an_unknown_petitioner(register, world):
    matter = register(identity_unclear=True, petitioner_name="匿名")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.notify_petitioner(matter, by=world.owner, notified_on=D(2026, 3, 3))
    assert message(excinfo) == ("The petitioner's name or address is unclear: no written notice is sent (Regulations "
                                "on Petition Work, Art. 23).")
    with pytest.raises(ValidationError) as excinfo:
        actions.accept_matter(matter, by=world.owner, accepted_on=D(2026, 3, 3), notified_on=D(2026, 3, 3))
    assert "no written notice is sent" in message(excinfo, "notified_on")


def test_a_notice_before_the_receipt_is_refused(register, world):
    matter = register(received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.notify_petitioner(matter, by=world.owner, notified_on=D(2026, 3, 1))
    assert message(excinfo, "notified_on") == (
        "The written notice to the petitioner (2026-03-01) cannot come before the receipt of the petition "
        "(2026-03-02): 信访工作条例 第23条.")


def test_an_objection_within_5_working_days_returns_the_matter_when_the_forwarding_body_agrees(register, world):
    matter = register(received_via="forwarded", received_on=D(2026, 3, 2))
    matter = actions.object_to_routing(matter, by=world.owner, objected_on=D(2026, 3, 9),
                                       objection_reason="属于劳动监察职责。")
    assert matter.status == "objected" and matter.next_deadline is None
    matter = actions.record_objection_answer(matter, by=world.owner, objection_answered_on=D(2026, 3, 12),
                                             objection_agreed=True, objection_answer="同意退回。")
    assert matter.status == "returned" and matter.objection_agreed is True


def test_an_objection_refused_leaves_the_matter_to_the_agency(register, world):
    matter = register(received_via="assigned", received_on=D(2026, 3, 2))
    matter = actions.object_to_routing(matter, by=world.owner, objected_on=D(2026, 3, 3), objection_reason="不属本局。")
    matter = actions.record_objection_answer(matter, by=world.owner, objection_answered_on=D(2026, 3, 6))
    assert matter.status == "received" and matter.objection_agreed is False
    assert matter.next_deadline == D(2026, 3, 17)  # the objection is spent; forward or tell by then
    with pytest.raises(IllegalTransition) as excinfo:
        actions.object_to_routing(matter, by=world.owner, objected_on=D(2026, 3, 6), objection_reason="再议。")
    assert message(excinfo) == ("The routing was already objected to on 2026-03-03 and the forwarding body answered "
                                "on 2026-03-06.")
    matter = actions.accept_matter(matter, by=world.owner, accepted_on=D(2026, 3, 7), notified_on=D(2026, 3, 7))
    assert matter.status == "accepted"


def test_an_objection_after_5_working_days_is_refused(register, world):
    # Received Mon 2 Mar 2026: 3, 4, 5, 6, 9 March; the 10th is too late.
    matter = register(received_via="forwarded", received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.object_to_routing(matter, by=world.owner, objected_on=D(2026, 3, 10), objection_reason="不属本局。")
    assert message(excinfo, "objected_on") == (
        "The 5 working days to object ended on 2026-03-09 (Regulations on Petition Work, Art. 23): the agency now "
        "handles the matter.")


def test_a_petition_brought_directly_is_not_objected_to(register, world):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.object_to_routing(register(), by=world.owner, objected_on=D(2026, 3, 3), objection_reason="不属本局。")
    assert message(excinfo) == (
        "Only a matter forwarded or assigned to the agency is objected to (Regulations on Petition Work, Art. 23): "
        "forward one brought by the petitioner to the competent body instead.")


def test_an_objection_gives_its_reasons(register, world):
    matter = register(received_via="forwarded")
    with pytest.raises(ValidationError) as excinfo:
        actions.object_to_routing(matter, by=world.owner, objected_on=D(2026, 3, 3), objection_reason="")
    assert message(excinfo, "objection_reason") == (
        "Give the detailed reasons the agency is not competent (Regulations on Petition Work, Art. 23).")


# -- forwarding and declining -------------------------------------------------------------------------------------


def test_the_petition_bureau_forwards_a_matter_and_tells_the_petitioner(world, register):
    bureau = world.agency("sfx-xfj")
    matter = register(agency=bureau, by=world.office, received_on=D(2026, 3, 2), channel="visit", persons=2)
    matter = actions.forward_matter(matter, by=world.office, forwarded_on=D(2026, 3, 20), forward_kind="assign",
                                    forwarded_to_agency=world.agency("sfx-scj"), notified_on=D(2026, 3, 20))
    assert matter.status == "forwarded" and matter.forwarded_to == "示范县市场监督管理局"
    assert matter.forwarded_on > matter.forward_due == D(2026, 3, 17)  # late, and recorded so
    assert matter.next_deadline is None


def test_a_matter_is_forwarded_to_another_body_and_the_notice_follows_it(register, world, agency):
    matter = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.forward_matter(matter, by=world.owner, forwarded_on=D(2026, 3, 5), forward_kind="forward",
                               forwarded_to_agency=agency)
    assert message(excinfo, "forwarded_to_agency") == (
        "A matter is forwarded to another body (Regulations on Petition Work, Art. 22): accept it to handle it here.")
    with pytest.raises(ValidationError) as excinfo:
        actions.forward_matter(matter, by=world.owner, forwarded_on=D(2026, 3, 5), forward_kind="forward")
    assert message(excinfo, "forwarded_to") == "Name the competent body the matter goes to."
    with pytest.raises(ValidationError) as excinfo:
        actions.forward_matter(matter, by=world.owner, forwarded_on=D(2026, 3, 5), forward_kind="forward",
                               forwarded_to="示范县人力资源和社会保障局", notified_on=D(2026, 3, 4))
    assert message(excinfo, "notified_on") == (
        "The petitioner is told where the matter went once it has gone there, on 2026-03-05 or later (Regulations "
        "on Petition Work, Art. 23).")


def test_a_complaint_belonging_to_a_legal_procedure_is_routed_there(register, world):
    matter = actions.decline_matter(register(), by=world.owner, declined_on=D(2026, 3, 4),
                                    decline_ground="legal_procedure", legal_route="reconsideration",
                                    decline_note="已告知申请行政复议。", notified_on=D(2026, 3, 4))
    assert matter.status == "declined" and matter.legal_route == "reconsideration" and matter.notified_on


def test_only_a_complaint_is_routed_to_a_legal_procedure(register, world):
    with pytest.raises(ValidationError) as excinfo:
        actions.decline_matter(register(category="suggestion"), by=world.owner, declined_on=D(2026, 3, 4),
                               decline_ground="legal_procedure", legal_route="litigation", decline_note="告知起诉。")
    assert message(excinfo, "decline_ground") == (
        "Only a complaint or demand is routed to a legal procedure (Regulations on Petition Work, Art. 31): handle a "
        "suggestion or an accusation, or forward it to the competent body.")
    with pytest.raises(ValidationError) as excinfo:
        actions.decline_matter(register(), by=world.owner, declined_on=D(2026, 3, 4),
                               decline_ground="legal_procedure", legal_route="", decline_note="告知。")
    assert message(excinfo, "legal_route") == (
        "Choose the legal procedure the matter belongs to (Regulations on Petition Work, Art. 31).")


def test_a_request_is_not_declined_as_rechecked_unless_it_was(register, world):
    with pytest.raises(ValidationError) as excinfo:
        actions.decline_matter(register(), by=world.owner, declined_on=D(2026, 3, 4), decline_ground="rechecked",
                               decline_note="已终结。")
    assert message(excinfo, "decline_ground") == (
        "Only a request already through a second review is not taken up again (Regulations on Petition Work, Art. "
        "36): this matter repeats none that was.")


# -- handling ---------------------------------------------------------------------------------------------------


def test_an_opinion_before_acceptance_or_on_a_matter_not_accepted_is_refused(register, accepted, world):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.issue_opinion(register(), by=world.owner, replied_on=D(2026, 3, 5), reply_outcome="supported",
                              reply_summary="支持。")
    assert message(excinfo) == (
        "The handling opinion is recorded while the matter is “accepted, being handled”; it is “received and "
        "registered”.")
    matter = accepted()
    with pytest.raises(ValidationError) as excinfo:
        actions.issue_opinion(matter, by=world.owner, replied_on=D(2026, 3, 4), reply_outcome="supported",
                              reply_summary="支持。")
    assert message(excinfo, "replied_on") == (
        "The handling opinion (2026-03-04) cannot come before the acceptance (2026-03-05): 信访工作条例 第32、34条.")


def test_an_opinion_states_its_outcome_and_basis(accepted, world):
    matter = accepted()
    with pytest.raises(ValidationError) as excinfo:
        actions.issue_opinion(matter, by=world.owner, replied_on=D(2026, 4, 1), reply_outcome="maybe",
                              reply_summary="x")
    assert message(excinfo, "reply_outcome") == (
        "Choose the handling opinion: support, explanation, no support, or an agreement (Regulations on Petition "
        "Work, Arts. 32–33).")
    with pytest.raises(ValidationError) as excinfo:
        actions.issue_opinion(matter, by=world.owner, replied_on=D(2026, 4, 1), reply_outcome="supported",
                              reply_summary=" ")
    assert message(excinfo, "reply_summary") == (
        "State the request, the facts found, the opinion and its basis (Regulations on Petition Work, Art. 32).")


def test_a_late_opinion_is_recorded_as_late(accepted, world):
    matter = accepted()  # accepted Thu 5 Mar 2026: due Mon 4 May
    matter = actions.issue_opinion(matter, by=world.owner, replied_on=D(2026, 5, 8), reply_outcome="explained",
                                   reply_summary="解释说明。")
    assert matter.status == "replied" and matter.replied_late and matter.handling_due == D(2026, 5, 4)


def test_an_extension_is_approved_once_within_the_period_and_told_to_the_petitioner(accepted, world):
    matter = accepted()  # due Mon 4 May 2026
    kwargs = dict(extension_reason="情况复杂。", extension_approver="局长")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 4, 30), extension_days=31,
                                extension_notified_on=D(2026, 4, 30), **kwargs)
    assert message(excinfo, "extension_days") == "An extension is at most 30 days (Regulations on Petition Work, Art. 34)."
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 5, 5), extension_days=30,
                                extension_notified_on=D(2026, 5, 5), **kwargs)
    assert message(excinfo, "extended_on") == (
        "An extension is approved before the period ends; it ended on 2026-05-04 (Regulations on Petition Work, "
        "Art. 34).")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 4, 30), extension_days=30, **kwargs)
    assert message(excinfo, "extension_notified_on") == (
        "Give the day the petitioner was told of the extension and its reasons (Regulations on Petition Work, "
        "Art. 34).")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 4, 30), extension_days=30,
                                extension_notified_on=D(2026, 4, 29), **kwargs)
    assert "cannot come before the approval of the extension (2026-04-30)" in message(excinfo, "extension_notified_on")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 4, 30), extension_days=20,
                                extension_notified_on=D(2026, 4, 30), extension_reason="", extension_approver="")
    assert set(excinfo.value.message_dict) == {"extension_reason", "extension_approver"}
    matter = actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 4, 30), extension_days=30,
                                     extension_notified_on=D(2026, 5, 2), **kwargs)
    assert matter.handling_due == matter.next_deadline == D(2026, 6, 3)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 5, 20), extension_days=5,
                                extension_notified_on=D(2026, 5, 20), **kwargs)
    assert message(excinfo) == ("The handling period was already extended on 2026-04-30 by 30 days (Regulations on "
                                "Petition Work, Art. 34: once, at most 30 days).")


def test_an_unknown_petitioner_is_not_told_of_the_extension(accepted, world):
    matter = accepted(identity_unclear=True, petitioner_name="匿名")
    matter = actions.extend_handling(matter, by=world.owner, extended_on=D(2026, 4, 30), extension_days=10,
                                     extension_reason="需现场核查。", extension_approver="局长")
    assert matter.handling_due == D(2026, 5, 14)


def test_the_evaluation_is_recorded_once_after_the_opinion(accepted, replied, world):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_evaluation(accepted(), by=world.owner, evaluated_on=D(2026, 4, 1), evaluation="satisfied")
    assert "The petitioner's evaluation is recorded while the matter is" in message(excinfo)
    matter = actions.record_evaluation(replied(), by=world.owner, evaluated_on=D(2026, 4, 20),
                                       evaluation="basically_satisfied")
    assert matter.evaluation == "basically_satisfied" and matter.status == "replied"
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_evaluation(matter, by=world.owner, evaluated_on=D(2026, 4, 21), evaluation="unsatisfied")
    assert message(excinfo) == "The petitioner's evaluation was already recorded on 2026-04-20."


# -- review, second review, and the request not accepted again (第35–36条) -----------------------------------------


def test_a_review_asked_for_after_30_days_is_refused(replied, world):
    matter = replied()  # opinion on Tue 14 Apr 2026, received Fri 17 Apr: until Sun 17 May
    with pytest.raises(ValidationError) as excinfo:
        actions.request_review(matter, by=world.owner, review_requested_on=D(2026, 5, 18), review_body="县政府")
    assert message(excinfo, "review_requested_on") == (
        "The petitioner could ask for a review until 2026-05-17, 30 days after receiving the handling opinion on "
        "2026-04-17 (Regulations on Petition Work, Art. 35): the opinion stands.")


def test_the_review_is_not_by_the_agency_itself(replied, world, agency):
    with pytest.raises(ValidationError) as excinfo:
        actions.request_review(replied(), by=world.owner, review_requested_on=D(2026, 5, 1), review_agency=agency)
    assert message(excinfo, "review_agency") == (
        "The review is by the body above the one that handled the matter (Regulations on Petition Work, Art. 35), "
        "not by 示范县市场监督管理局 itself.")


def test_the_second_review_is_by_the_body_above_the_reviewing_one_and_in_time(reviewed, world):
    matter = reviewed()  # review opinion received on Wed 20 May 2026: until Fri 19 June
    with pytest.raises(ValidationError) as excinfo:
        actions.request_recheck(matter, by=world.owner, recheck_requested_on=D(2026, 6, 1),
                                recheck_body="示范县人民政府")
    assert message(excinfo, "recheck_body") == (
        "The second review is by the body above the reviewing one (Regulations on Petition Work, Art. 36), not by "
        "示范县人民政府.")
    with pytest.raises(ValidationError) as excinfo:
        actions.request_recheck(matter, by=world.owner, recheck_requested_on=D(2026, 6, 20),
                                recheck_body="示范市人民政府")
    assert message(excinfo, "recheck_requested_on") == (
        "The petitioner could ask for a second review until 2026-06-19, 30 days after receiving the review opinion "
        "on 2026-05-20 (Regulations on Petition Work, Art. 36): the review opinion stands.")


def test_the_second_review_ends_the_matter_and_its_repeat_is_not_accepted_again(reviewed, register, world):
    matter = reviewed()
    matter = actions.request_recheck(matter, by=world.owner, recheck_requested_on=D(2026, 6, 10),
                                     recheck_body="示范市人民政府")
    matter = actions.record_recheck_hearing(matter, by=world.owner, recheck_hearing_from=D(2026, 6, 20),
                                            recheck_hearing_to=D(2026, 6, 22))
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_recheck_hearing(matter, by=world.owner, recheck_hearing_from=D(2026, 6, 25),
                                       recheck_hearing_to=D(2026, 6, 25))
    assert message(excinfo) == "The hearing was already recorded, from 2026-06-20 to 2026-06-22."
    with pytest.raises(ValidationError) as excinfo:
        actions.decide_recheck(matter, by=world.owner, rechecked_on=D(2026, 6, 21), recheck_outcome="upheld",
                               recheck_summary="维持。")
    assert "cannot come before the end of the hearing of the second review (2026-06-22)" in message(
        excinfo, "rechecked_on")
    matter = actions.decide_recheck(matter, by=world.owner, rechecked_on=D(2026, 7, 8), recheck_outcome="upheld",
                                    recheck_summary="维持复查意见。")
    assert matter.status == "closed" and matter.closed_on == D(2026, 7, 8) and matter.next_deadline is None
    repeat = register(number="2026-0900", received_on=D(2026, 9, 1), repeat_of_number=matter.number)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.accept_matter(repeat, by=world.owner, accepted_on=D(2026, 9, 2))
    assert message(excinfo) == (
        f"The same request went through a second review in matter {matter.number}: it is not accepted again "
        "(Regulations on Petition Work, Art. 36). Decline it and tell the petitioner why.")
    repeat = actions.decline_matter(repeat, by=world.owner, declined_on=D(2026, 9, 2), decline_ground="rechecked",
                                    decline_note="已复核终结，不再受理。", notified_on=D(2026, 9, 2))
    assert repeat.status == "declined"
    again = register(number="2026-0901", received_on=D(2026, 10, 1), repeat_of_number="2026-0900")
    assert again.rechecked  # through the chain of repeats


# -- closing and the daily job -------------------------------------------------------------------------------------


def test_a_matter_is_closed_while_the_review_time_runs_only_when_satisfied_or_with_a_note(replied, world):
    matter = replied()  # review time until Sun 17 May 2026
    with pytest.raises(ValidationError) as excinfo:
        actions.close_matter(matter, by=world.owner, closed_on=D(2026, 5, 1))
    assert message(excinfo, "closing_note") == (
        "The petitioner may ask for a review until 2026-05-17 (Regulations on Petition Work, Art. 35): close the "
        "matter after that day or once the petitioner is satisfied, or say in the closing note why now.")
    closed = actions.close_matter(matter, by=world.owner, closed_on=D(2026, 5, 1), closing_note="信访人撤回。")
    assert closed.status == "closed"
    satisfied = actions.record_evaluation(replied(), by=world.owner, evaluated_on=D(2026, 4, 20),
                                          evaluation="satisfied")
    assert actions.close_matter(satisfied, by=world.owner, closed_on=D(2026, 4, 20)).status == "closed"
    after = actions.close_matter(replied(), by=world.owner, closed_on=D(2026, 5, 18))
    assert after.status == "closed"


def test_a_reviewed_matter_waits_for_the_second_review_time(reviewed, world):
    matter = reviewed()
    with pytest.raises(ValidationError) as excinfo:
        actions.close_matter(matter, by=world.owner, closed_on=D(2026, 6, 1))
    assert "may ask for a second review until 2026-06-19 (Regulations on Petition Work, Art. 36)" in message(
        excinfo, "closing_note")
    assert actions.close_matter(matter, by=world.owner, closed_on=D(2026, 6, 20)).status == "closed"


def test_the_daily_job_closes_what_the_petitioner_let_lapse(replied, reviewed, accepted, settings):
    lapsed = replied()  # review time ended Sun 17 May 2026
    lapsed_review = reviewed()  # second review time ended Fri 19 June 2026
    open_ = replied(received_on=D(2026, 11, 1), served=None)  # opinion on 14 Dec, review time running
    accepted()
    today = D(2026, 12, 15)
    settings.FAZHI_PETITIONS_CLOSE_UNCHALLENGED = False
    assert actions.expire(today) == 0
    settings.FAZHI_PETITIONS_CLOSE_UNCHALLENGED = True
    assert actions.expire(today, dry_run=True) == 2
    assert actions.expire(today) == 2
    assert actions.expire(today) == 0  # a second pass the same day changes nothing
    lapsed.refresh_from_db()
    lapsed_review.refresh_from_db()
    open_.refresh_from_db()
    assert (lapsed.status, lapsed.closed_on) == ("closed", D(2026, 5, 18))
    assert "the handling opinion stands (Regulations on Petition Work, Art. 35)" in lapsed.closing_note
    assert (lapsed_review.status, lapsed_review.closed_on) == ("closed", D(2026, 6, 20))
    assert open_.status == "replied"


def test_the_job_is_registered_with_the_tick():
    from fazhi.core import tick

    assert "petitions.expire" in tick._jobs


# -- who may act ------------------------------------------------------------------------------------------------


def _blank_arguments(function) -> dict:
    return {p.name: None for p in inspect.signature(function).parameters.values()
            if p.kind == p.KEYWORD_ONLY and p.name not in ("by", "agency")}


@pytest.mark.parametrize("name", sorted(set(FORMS) - {"register_matter"}))
@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_a_person_outside_the_agency_is_refused_every_step(register, world, name, who):
    matter = register()
    function = getattr(actions, name)
    with pytest.raises(IllegalTransition) as excinfo:
        function(matter, by=getattr(world, who), **_blank_arguments(function))
    assert excinfo.value.code == "forbidden"
    assert message(excinfo) == ("Only the clerks of 示范县市场监督管理局 or the rule-of-law office of its region may "
                                "keep its petitions.")
    matter.refresh_from_db()
    assert matter.status == "received"


def test_a_person_outside_the_agency_cannot_register_for_it(world, agency):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.register_matter(agency=agency, by=world.outsider,
                                **_blank_arguments(actions.register_matter))
    assert excinfo.value.code == "forbidden"
    assert not Matter.objects.exists()


def test_the_rule_of_law_office_keeps_the_agencys_matters(register, world):
    matter = actions.accept_matter(register(), by=world.office, accepted_on=D(2026, 3, 3), notified_on=D(2026, 3, 3))
    assert matter.status == "accepted"


def test_a_withdrawn_matter_is_not_changed(register, world):
    matter = withdraw_record(register(), by=world.owner, reason="重复登记")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.accept_matter(matter, by=world.owner, accepted_on=D(2026, 3, 3))
    assert message(excinfo) == "This record was withdrawn and can no longer be changed."


def test_every_step_is_in_the_audit_trail(accepted, world):
    from fazhi.audit.actions import history_for

    matter = accepted()
    actions_seen = [entry.action for entry in history_for(matter)]
    assert "create" in actions_seen and "transition" in actions_seen
