"""The steps of a mediated dispute: who may take them, in which state, and each refusal with the rule it cites."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.mediation import actions
from fazhi.mediation.forms import FORMS
from fazhi.mediation.models import Dispute
from fazhi.mediation.tests.conftest import message

pytestmark = pytest.mark.django_db

D = date
FORBIDDEN = ("Only the clerks of 示范县城关镇人民政府 or the rule-of-law office of its region may keep its mediated "
             "disputes.")


def _keywords(function) -> set[str]:
    import inspect

    return {name for name, p in inspect.signature(function).parameters.items()
            if p.kind == inspect.Parameter.KEYWORD_ONLY} - {"by", "agency"}


# -- who may act --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_outsider_is_refused_every_action(world, township, receive, name):
    dispute = receive()
    values = {field: None for field in _keywords(getattr(actions, name))}
    with pytest.raises(IllegalTransition) as excinfo:
        if name == "receive_dispute":
            actions.receive_dispute(agency=township, by=world.outsider, **values)
        else:
            getattr(actions, name)(dispute, by=world.outsider, **values)
    assert excinfo.value.code == "forbidden"
    assert message(excinfo) == FORBIDDEN
    dispute.refresh_from_db()
    assert dispute.status == "received" and not dispute.sessions.exists()


def test_other_clerks_are_refused_and_the_office_and_the_administrator_may_act(world, receive):
    dispute = receive()
    for clerk in (world.owner, world.colleague):  # the clerks of two county departments
        with pytest.raises(IllegalTransition) as excinfo:
            actions.record_session(dispute, by=clerk, held_on=D(2026, 3, 3), session_note="听取陈述")
        assert message(excinfo) == FORBIDDEN
    actions.record_session(dispute, by=world.office, held_on=D(2026, 3, 3), session_note="听取陈述")
    dispute.refresh_from_db()
    assert dispute.status == "mediating"
    dispute = actions.record_withdrawal(dispute, by=world.admin, ended_on=D(2026, 3, 4), ending_reason="申请人撤回")
    assert dispute.status == "discontinued"


def test_the_sfj_keeps_the_committees_of_the_county_and_a_department_its_own(world):
    sfj = world.agency("sfx-sfj")
    dispute = actions.receive_dispute(
        agency=sfj, by=world.office, number="医调〔2026〕1号", organisation="示范县医疗纠纷人民调解委员会",
        organisation_kind="industry", parties="陈某、某医院", party_count=2, dispute_type="medical",
        summary="术后并发症赔偿争议。", source="application", received_on=D(2026, 3, 2), amount="120,000")
    assert dispute.agency == sfj and dispute.amount == 120000 and dispute.mediation_due == D(2026, 4, 2)
    consumer = actions.receive_dispute(
        agency=world.agency("sfx-scj"), by=world.owner, number="消调〔2026〕1号", organisation="消费纠纷调解室",
        organisation_kind="administrative", parties="吕某、某商店", party_count=2, dispute_type="consumer",
        summary="冰箱质量问题。", source="agency", referred_by="示范县消费者协会", received_on=D(2026, 3, 2))
    assert consumer.status == "received"


def test_a_withdrawn_record_is_no_longer_changed(receive, owner):
    from fazhi.core.ledger import withdraw_record

    dispute = withdraw_record(receive(), by=owner, reason="重复登记")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_session(dispute, by=owner, held_on=D(2026, 3, 3), session_note="听取陈述")
    assert message(excinfo) == "This record was withdrawn and can no longer be changed."


# -- the receipt --------------------------------------------------------------------------------------------------


def test_a_received_dispute_has_its_mediation_period(receive):
    dispute = receive(received_on=D(2026, 3, 2))
    assert dispute.status == "received" and dispute.number == "城调〔2026〕1号"
    assert dispute.mediation_due == dispute.next_deadline == D(2026, 4, 2)
    assert dispute.confirmation_due is None and dispute.outcome == ""


def test_a_number_is_used_once_per_agency(world, receive):
    receive(number="城调〔2026〕7号")
    with pytest.raises(ValidationError) as excinfo:
        receive(number="城调〔2026〕7号")
    assert message(excinfo, "number") == "Number 城调〔2026〕7号 is already in the ledger."
    other = receive(number="城调〔2026〕7号", agency=world.agency("sfx-t02"), by=world.office)
    assert other.agency.code == "sfx-t02"


def test_a_receipt_names_what_it_must_at_once(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(number=" ", organisation="", parties="", summary=" ", dispute_type="", source="",
                organisation_kind="")
    assert excinfo.value.message_dict == {
        "number": ["Give the dispute's number."], "organisation": ["Name the organisation that mediates."],
        "organisation_kind": ["Choose the kind of mediation."], "parties": ["Name the parties."],
        "dispute_type": ["Choose the type of dispute."],
        "summary": ["State the main facts and what is disputed (People's Mediation Law, Art. 29)."],
        "source": ["Say how the dispute came to mediation."]}


def test_a_dispute_has_two_parties_at_least(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(party_count=1)
    assert message(excinfo, "party_count") == "A dispute has two parties at least."
    assert receive(party_count=13, parties="何某等12名工人、某建筑公司").party_count == 13


def test_a_referral_names_who_referred_and_a_screening_its_campaign(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(source="court")
    assert message(excinfo, "referred_by") == (
        "Name the court or police station that sent the dispute to mediation (People's Mediation Law, Art. 18).")
    with pytest.raises(ValidationError) as excinfo:
        receive(source="petition", referred_by=" ")
    assert message(excinfo, "referred_by") == "Name the office that sent the dispute to mediation."
    with pytest.raises(ValidationError) as excinfo:
        receive(source="screening")
    assert message(excinfo, "screening") == "Name the screening campaign (排查) that found the dispute."
    assert receive(source="police", referred_by="城关派出所").referred_by == "城关派出所"
    assert receive(source="screening", screening="2026年春节前矛盾纠纷集中排查").source == "screening"


def test_a_receipt_is_not_dated_ahead_nor_before_the_law(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(received_on=D(2026, 12, 16))
    assert message(excinfo, "received_on") == (
        "The receipt of the dispute (受理) cannot be dated 2026-12-16, after today (2026-12-15): record a step once "
        "it has taken place.")
    with pytest.raises(ValidationError) as excinfo:
        receive(received_on=D(2010, 12, 31))
    assert message(excinfo, "received_on") == (
        "This ledger keeps disputes mediated under the People's Mediation Law, in force from 2011-01-01 (Art. 35); a "
        "dispute received on 2010-12-31 fell before it.")


def test_an_amount_is_in_yuan(receive):
    with pytest.raises(ValidationError) as excinfo:
        receive(amount="一万")
    assert message(excinfo, "amount") == "Give an amount in yuan, such as 5000 or 1250.50."


# -- the sessions -------------------------------------------------------------------------------------------------


def test_a_session_is_recorded_after_the_receipt_with_what_happened(receive, owner):
    dispute = receive(received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_session(dispute, by=owner, held_on=D(2026, 3, 1), session_note="听取陈述")
    assert message(excinfo, "held_on") == (
        "The latest mediation session (2026-03-01) cannot come before the receipt of the dispute (受理) (2026-03-02): "
        "人民调解法 第17条.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_session(dispute, by=owner, held_on=D(2026, 3, 3), session_note=" ")
    assert message(excinfo, "session_note") == (
        "Say what happened at the session (People's Mediation Law, Art. 27: the mediators record the mediation).")
    session = actions.record_session(dispute, by=owner, held_on=D(2026, 3, 2), session_note="当天调解")
    dispute.refresh_from_db()
    assert dispute.status == "mediating" and session.created_by == owner
    actions.record_session(dispute, by=owner, held_on=D(2026, 3, 9), session_note="第二次调解")
    dispute.refresh_from_db()
    assert dispute.status == "mediating" and dispute.sessions.count() == 2
    assert dispute.next_deadline == D(2026, 4, 2)


def test_no_session_after_the_mediation_ended(agreed, owner):
    dispute = agreed()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_session(dispute, by=owner, held_on=D(2026, 3, 20), session_note="再次调解")
    assert message(excinfo) == (
        "The latest mediation session is recorded while the dispute is “received (受理)”、“being mediated”; it is "
        "“agreement reached, awaiting performance”.")


# -- continuing beyond the period ---------------------------------------------------------------------------------


def test_both_parties_agree_to_continue_before_the_period_ends_once_and_within_the_setting(mediated, owner):
    dispute = mediated(received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 4, 3), extended_until=D(2026, 4, 20),
                                 extension_reason="双方同意")
    assert message(excinfo, "extended_on") == (
        "The parties agree to continue the mediation before its period ends; it ended on 2026-04-02 "
        "(本省人民调解期限规定).")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 3, 25), extended_until=D(2026, 4, 2),
                                 extension_reason="双方同意")
    assert message(excinfo, "extended_until") == (
        "The period runs until 2026-04-02: continue the mediation to a later day.")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 3, 25), extended_until=D(2026, 5, 3),
                                 extension_reason="双方同意")
    assert message(excinfo, "extended_until") == (
        "A mediation is continued to 2026-05-02 at the latest, 1 month after its period ends (setting "
        "FAZHI_MEDIATION_CONTINUATION_MONTHS; local practice).")
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 3, 25), extended_until=None,
                                 extension_reason="")
    assert excinfo.value.message_dict == {
        "extended_until": ["Give the day the parties agreed to continue the mediation until."],
        "extension_reason": ["Say why the mediation continues; both parties must agree to it (本省人民调解期限规定)."]}
    dispute = actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 4, 2), extended_until=D(2026, 5, 2),
                                       extension_reason="待伤情鉴定后再议")
    assert dispute.mediation_due == dispute.next_deadline == D(2026, 5, 2)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 4, 20), extended_until=D(2026, 5, 10),
                                 extension_reason="再延")
    assert message(excinfo) == "The parties already agreed on 2026-04-02 to continue the mediation until 2026-05-02."


def test_the_setting_sets_how_long_and_whether_a_mediation_continues(mediated, owner, settings):
    settings.FAZHI_MEDIATION_CONTINUATION_MONTHS = 2
    dispute = mediated(received_on=D(2026, 3, 2))
    with pytest.raises(ValidationError) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 3, 25), extended_until=D(2026, 6, 3),
                                 extension_reason="双方同意")
    assert "to 2026-06-02 at the latest, 2 months after" in message(excinfo, "extended_until")
    settings.FAZHI_MEDIATION_CONTINUATION_MONTHS = 0
    with pytest.raises(IllegalTransition) as excinfo:
        actions.extend_mediation(dispute, by=owner, extended_on=D(2026, 3, 25), extended_until=D(2026, 4, 20),
                                 extension_reason="双方同意")
    assert message(excinfo) == (
        "A mediation is not continued beyond its period here (setting FAZHI_MEDIATION_CONTINUATION_MONTHS is 0): end "
        "it, or record the agreement late.")


# -- the outcome --------------------------------------------------------------------------------------------------


def test_an_agreement_follows_a_recorded_session(receive, mediated, owner):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_agreement(receive(), by=owner, agreement_on=D(2026, 3, 5), agreement_form="oral",
                                 agreement_summary="握手言和")
    assert message(excinfo) == ("Record the mediation session at which the parties agreed first (People's Mediation "
                                "Law, Art. 27: the mediators record the mediation).")
    dispute = mediated(days=3)  # a session on 5 March
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 4), agreement_form="oral",
                                 agreement_summary="握手言和")
    assert message(excinfo, "agreement_on") == (
        "The mediation agreement taking effect (2026-03-04) cannot come before the latest mediation session "
        "(2026-03-05): 人民调解法 第22、28条.")
    dispute = actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 5), agreement_form="oral",
                                       agreement_summary="握手言和")
    assert dispute.status == "agreed" and dispute.outcome == "agreement" and not dispute.concluded_late
    assert dispute.confirmation_due == D(2026, 4, 7)  # 30 days: Sat 4 April, 清明 (4–6 April) → Tue 7 April
    assert dispute.next_deadline is None  # no performance date, no confirmation sought


def test_a_written_agreement_says_when_it_is_performed(mediated, owner):
    dispute = mediated()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="written",
                                 agreement_summary="赔偿2000元")
    assert message(excinfo, "performance_due") == (
        "A written agreement states when it is performed (People's Mediation Law, Art. 29): give the day.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="written",
                                 agreement_summary="赔偿2000元", performance_due=D(2026, 3, 9))
    assert message(excinfo, "performance_due") == (
        "The agreement is performed on or after the day it takes effect, 2026-03-10.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="written",
                                 agreement_summary=" ", performance_due=D(2026, 3, 31))
    assert message(excinfo, "agreement_summary") == (
        "State what the parties agreed and how and when it is performed (People's Mediation Law, Art. 29).")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="oral",
                                 agreement_summary="")
    assert message(excinfo, "agreement_summary") == (
        "Record what the parties agreed: the mediator records an oral agreement (People's Mediation Law, Art. 28).")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="signed",
                                 agreement_summary="赔偿")
    assert message(excinfo, "agreement_form") == (
        "Say whether the agreement is written (调解协议书) or oral (People's Mediation Law, Art. 28).")
    dispute = actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="written",
                                       agreement_summary="赔偿2000元", performance_due=D(2026, 3, 31),
                                       confirmation_intended=True)
    # The confirmation is due Thu 9 April; the performance, 31 March, comes first.
    assert (dispute.confirmation_due, dispute.next_deadline) == (D(2026, 4, 9), D(2026, 3, 31))


def test_judicial_confirmation_of_an_oral_agreement_follows_the_setting(mediated, owner, settings):
    dispute = mediated()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="oral",
                                 agreement_summary="握手言和", confirmation_intended=True)
    assert message(excinfo, "confirmation_intended") == (
        "Judicial confirmation is sought for a written agreement (调解协议书) here (setting "
        "FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY): record the agreement as written, or leave confirmation aside.")
    settings.FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY = False
    dispute = actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 3, 10), agreement_form="oral",
                                       agreement_summary="握手言和", confirmation_intended=True)
    assert dispute.next_deadline == dispute.confirmation_due == D(2026, 4, 9)
    dispute = actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 3, 20),
                                                      confirmation_court="示范县人民法院")
    assert dispute.next_deadline is None


def test_an_agreement_after_the_period_is_recorded_as_late(mediated, owner):
    dispute = mediated()
    dispute = actions.record_agreement(dispute, by=owner, agreement_on=D(2026, 4, 3), agreement_form="oral",
                                       agreement_summary="握手言和")
    assert dispute.concluded_late and dispute.concluded_on == D(2026, 4, 3)


def test_a_failed_mediation_tells_the_parties_of_a_channel_after_the_sessions(receive, mediated, owner):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_failure(receive(), by=owner, ended_on=D(2026, 3, 5), referred_to="litigation",
                               ending_reason="分歧大")
    assert message(excinfo) == ("Record the sessions held before ending the mediation as failed (People's Mediation "
                                "Law, Arts. 26–27); a party who refuses mediation ends it at their wish (Art. 17).")
    dispute = mediated()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_failure(dispute, by=owner, ended_on=D(2026, 3, 20), referred_to="", ending_reason="")
    assert message(excinfo, "referred_to") == (
        "Say which channel the parties were told of: a lawsuit, arbitration, an administrative body or another "
        "(People's Mediation Law, Art. 26).")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_failure(dispute, by=owner, ended_on=D(2026, 3, 20), referred_to="arbitration", ending_reason="")
    assert message(excinfo, "ending_reason") == "Say why the mediation failed."
    dispute = actions.record_failure(dispute, by=owner, ended_on=D(2026, 3, 20), referred_to="arbitration",
                                     ending_reason="双方对补偿数额分歧大")
    assert (dispute.status, dispute.outcome, dispute.next_deadline) == ("failed", "failed", None)


def test_a_party_may_end_the_mediation_at_any_time_before_its_outcome(receive, agreed, owner):
    dispute = receive()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_withdrawal(dispute, by=owner, ended_on=D(2026, 3, 3), ending_reason=" ")
    assert message(excinfo, "ending_reason") == (
        "Say which party refused or ended the mediation (People's Mediation Law, Arts. 17 and 23).")
    dispute = actions.record_withdrawal(dispute, by=owner, ended_on=D(2026, 3, 3), ending_reason="一方拒绝调解")
    assert (dispute.status, dispute.outcome, dispute.next_deadline) == ("discontinued", "withdrawn", None)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_withdrawal(agreed(), by=owner, ended_on=D(2026, 3, 20), ending_reason="反悔")
    assert message(excinfo) == (
        "The end of the mediation at a party's wish is recorded while the dispute is “received (受理)”、“being "
        "mediated”; it is “agreement reached, awaiting performance”.")


# -- the agreement's performance ----------------------------------------------------------------------------------


def test_the_performance_follows_the_agreement(receive, agreed, owner):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_performance(receive(), by=owner, performed_on=D(2026, 3, 20))
    assert message(excinfo) == (
        "The performance of the agreement is recorded while the dispute is “agreement reached, awaiting "
        "performance”、“agreement not performed”; it is “received (受理)”.")
    dispute = agreed(days=10)  # in force 12 March
    with pytest.raises(ValidationError) as excinfo:
        actions.record_performance(dispute, by=owner, performed_on=D(2026, 3, 11))
    assert message(excinfo, "performed_on") == (
        "The performance of the agreement (2026-03-11) cannot come before the mediation agreement taking effect "
        "(2026-03-12): 人民调解法 第31条.")
    dispute = actions.record_performance(dispute, by=owner, performed_on=D(2026, 3, 30), performance_note="已赔偿")
    assert dispute.status == "performed" and dispute.next_deadline is None


def test_an_agreement_not_performed_says_what_the_parties_were_told_and_may_still_be_performed(agreed, owner):
    dispute = agreed(days=10)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_nonperformance(dispute, by=owner, unperformed_on=D(2026, 4, 20), unperformed_note="")
    assert message(excinfo, "unperformed_note") == (
        "Say what the parties were told: a lawsuit on the agreement (People's Mediation Law, Art. 32), or enforcement "
        "by the court once it is confirmed (Art. 33(2)).")
    dispute = actions.record_nonperformance(dispute, by=owner, unperformed_on=D(2026, 4, 20),
                                            unperformed_note="已告知可起诉")
    assert dispute.status == "unperformed" and dispute.next_deadline is None
    dispute = actions.record_performance(dispute, by=owner, performed_on=D(2026, 5, 6))
    assert dispute.status == "performed" and dispute.unperformed_on == D(2026, 4, 20)


# -- judicial confirmation ----------------------------------------------------------------------------------------


def test_judicial_confirmation_is_applied_for_within_30_days_once_and_at_a_court(agreed, owner):
    dispute = agreed(days=10)  # in force Thu 12 March: the 30 days end on Sat 11 April, moved to Mon 13 April
    assert dispute.confirmation_due == D(2026, 4, 13)
    assert dispute.next_deadline == dispute.performance_due == D(2026, 4, 11)  # the earlier of the two
    with pytest.raises(ValidationError) as excinfo:
        actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 4, 14),
                                                confirmation_court="示范县人民法院")
    assert message(excinfo, "confirmation_applied_on") == (
        "Both parties apply within 30 days of the agreement taking effect, by 2026-04-13 (People's Mediation Law, "
        "Art. 33): an application on 2026-04-14 is out of time; a dispute over the agreement goes to court (Art. 32).")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 3, 11),
                                                confirmation_court="示范县人民法院")
    assert message(excinfo, "confirmation_applied_on") == (
        "The application for judicial confirmation (司法确认) (2026-03-11) cannot come before the mediation agreement "
        "taking effect (2026-03-12): 人民调解法 第33条.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 4, 13),
                                                confirmation_court="")
    assert message(excinfo, "confirmation_court") == (
        "Name the court the parties applied to (Civil Procedure Law, Art. 205).")
    dispute = actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 4, 13),
                                                      confirmation_court="示范县人民法院")
    assert dispute.next_deadline == D(2026, 4, 11)  # the performance date alone
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 4, 13),
                                                confirmation_court="示范县人民法院")
    assert message(excinfo) == "The parties already applied for judicial confirmation on 2026-04-13."


def test_an_oral_agreement_is_not_confirmed_while_the_setting_asks_for_a_written_one(agreed, owner):
    dispute = agreed(agreement_form="oral", confirmation_intended=False)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 3, 20),
                                                confirmation_court="示范县人民法院")
    assert message(excinfo) == (
        "The agreement is oral: judicial confirmation is applied for with a written agreement (调解协议书) here "
        "(setting FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY).")


def test_the_courts_ruling_follows_the_application_once_and_a_dismissal_gives_reasons(agreed, owner):
    dispute = agreed(days=10)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_confirmation_ruling(dispute, by=owner, ruling="confirmed", ruled_on=D(2026, 4, 1))
    assert message(excinfo) == "Record the application for judicial confirmation first."
    dispute = actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 3, 20),
                                                      confirmation_court="示范县人民法院")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_confirmation_ruling(dispute, by=owner, ruling="confirmed", ruled_on=D(2026, 3, 19))
    assert message(excinfo, "ruled_on") == (
        "The court's ruling on judicial confirmation (2026-03-19) cannot come before the application for judicial "
        "confirmation (司法确认) (2026-03-20): 民事诉讼法 第206条.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_confirmation_ruling(dispute, by=owner, ruling="refused", ruled_on=D(2026, 4, 1))
    assert message(excinfo, "confirmation_note") == (
        "Give the court's reasons: the parties may then change the agreement or reach a new one through mediation, "
        "or sue (People's Mediation Law, Art. 33(3)).")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_confirmation_ruling(dispute, by=owner, ruling="maybe", ruled_on=D(2026, 4, 1))
    assert message(excinfo, "ruling") == "Choose the court's ruling: confirmed, or dismissed."
    dispute = actions.record_confirmation_ruling(dispute, by=owner, ruling="confirmed", ruled_on=D(2026, 4, 1),
                                                 confirmation_case_number="（2026）示民特12号")
    assert dispute.confirmed_on == D(2026, 4, 1) and dispute.confirmation_refused_on is None
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_confirmation_ruling(dispute, by=owner, ruling="refused", ruled_on=D(2026, 4, 2),
                                           confirmation_note="无效")
    assert message(excinfo) == "The court's ruling was already recorded on 2026-04-01."


def test_a_ruling_is_recorded_after_the_performance_too(agreed, owner):
    dispute = agreed(days=10)
    dispute = actions.record_confirmation_application(dispute, by=owner, confirmation_applied_on=D(2026, 3, 20),
                                                      confirmation_court="示范县人民法院")
    dispute = actions.record_performance(dispute, by=owner, performed_on=D(2026, 3, 25))
    dispute = actions.record_confirmation_ruling(dispute, by=owner, ruling="refused", ruled_on=D(2026, 4, 3),
                                                 confirmation_note="协议内容超出当事人处分范围")
    assert dispute.status == "performed" and dispute.confirmation_refused_on == D(2026, 4, 3)


# -- the return visit ---------------------------------------------------------------------------------------------


def test_a_return_visit_follows_the_outcome_once(receive, mediated, agreed, owner):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_return_visit(receive(), by=owner, return_visit_on=D(2026, 3, 20), return_visit_note="稳定")
    assert "it is “received (受理)”" in message(excinfo)
    failed = actions.record_failure(mediated(), by=owner, ended_on=D(2026, 3, 20), referred_to="litigation",
                                    ending_reason="分歧大")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_return_visit(failed, by=owner, return_visit_on=D(2026, 3, 19), return_visit_note="已起诉")
    assert message(excinfo, "return_visit_on") == (
        "The return visit (回访) (2026-03-19) cannot come before the end of the failed mediation (2026-03-20): 人民调解法 "
        "第26条.")
    actions.record_return_visit(failed, by=owner, return_visit_on=D(2026, 4, 20), return_visit_note="已起诉，未激化")
    dispute = agreed()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_return_visit(dispute, by=owner, return_visit_on=D(2026, 4, 20), return_visit_note=" ")
    assert message(excinfo, "return_visit_note") == "Say what the return visit found."
    dispute = actions.record_return_visit(dispute, by=owner, return_visit_on=D(2026, 4, 20), return_visit_note="稳定")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_return_visit(dispute, by=owner, return_visit_on=D(2026, 4, 21), return_visit_note="稳定")
    assert message(excinfo) == "The return visit was already recorded on 2026-04-20."
    assert dispute.status == "agreed"


def test_every_step_is_audited(agreed, owner):
    from fazhi.audit.actions import history_for

    dispute = agreed()
    dispute = actions.record_performance(dispute, by=owner, performed_on=D(2026, 4, 1))
    seen = [entry.action for entry in history_for(dispute)]
    assert "create" in seen and seen.count("transition") == 3  # mediating, agreed, performed
    changes = [entry.changes for entry in history_for(dispute) if entry.action == "change"]
    assert any("session" in change for change in changes)
    assert Dispute.objects.get(pk=dispute.pk).status == "performed"
