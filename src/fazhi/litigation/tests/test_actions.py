"""A lawsuit's legal steps on worked examples: the 15-day defence across 国庆 2025 and 春节 2026 with its roll-over
(行政诉讼法 第67条, 第101条 → 民事诉讼法 第85条), late evidence (第34、36条), the head's appearance and its excuses
(2020年规定 第2、6–9条), the judgment and the appeal periods of 第85条, finality, closing, and the suggestions' replies."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.litigation import actions
from fazhi.litigation.tests.conftest import TODAY, messages

pytestmark = pytest.mark.django_db


def heard(world, register, *, served_on=date(2026, 9, 1), hearing_on=date(2026, 10, 20), **values):
    """A case defended on time and heard with its head in court."""
    case = register(served_on=served_on, **values)
    case = actions.file_defence(case, by=world.owner, defence_filed_on=served_on, evidence="处罚决定书、询问笔录")
    actions.record_hearing(case, by=world.owner, held_on=hearing_on, head_appeared=True, head_name="李某",
                           head_post="副局长", head_role="deputy")
    case.refresh_from_db()
    return case


def judged(world, register, outcome="revoked", *, given=date(2026, 11, 2), served=date(2026, 11, 3), **values):
    case = heard(world, register, **values)
    return actions.record_judgment(case, by=world.owner, concluded_on=given, outcome=outcome,
                                   judgment_served_on=served)


# Registering and the defence (行政诉讼法 第67条) ----------------------------------------------------------------------


def test_the_defence_is_due_15_days_after_the_papers(register):
    case = register(served_on=date(2026, 9, 1))
    # Tue 1 Sep 2026 not counted; day 15 is Wed 16 Sep, a working day.
    assert case.defence_due == case.next_deadline == date(2026, 9, 16)
    assert case.status == "served"


def test_the_defence_rolls_over_national_day_2025(register):
    # Received Tue 16 Sep 2025: 17–30 Sep are days 1–14, Wed 1 Oct is day 15, inside the 1–8 Oct holiday: the
    # deadline is the first day after it, Thu 9 Oct (民事诉讼法 第85条).
    assert register(served_on=date(2025, 9, 16)).defence_due == date(2025, 10, 9)


def test_the_defence_rolls_over_the_spring_festival_2026(register):
    # Received Fri 6 Feb 2026: day 15 is Sat 21 Feb, inside the 15–23 Feb holiday: Tue 24 Feb.
    assert register(served_on=date(2026, 2, 6)).defence_due == date(2026, 2, 24)
    # Received Thu 29 Jan 2026: day 15 is Fri 13 Feb, an ordinary working day before the holiday.
    assert register(served_on=date(2026, 1, 29)).defence_due == date(2026, 2, 13)


def test_a_last_day_on_the_make_up_saturday_before_the_spring_festival(register, settings):
    # Received Fri 30 Jan 2026: day 15 is Sat 14 Feb, a make-up working day: no roll-over.
    assert register(served_on=date(2026, 1, 30)).defence_due == date(2026, 2, 14)
    # Where make-up days are not counted as working days it is a rest day, then the holiday: Tue 24 Feb.
    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = False
    assert register(served_on=date(2026, 1, 30)).defence_due == date(2026, 2, 24)


def test_an_appeal_to_answer_is_due_15_days_after_its_copy(register):
    # 民事诉讼法 第174条 through 行政诉讼法 第101条; Mon 22 Sep 2025: day 15 is Tue 7 Oct, in the holiday: Thu 9 Oct.
    case = register(instance="second", court_level="intermediate", court="示范市中级人民法院",
                    number="(2025)示01行终8号", earlier_number="(2025)示0102行初3号", served_on=date(2025, 9, 22))
    assert case.defence_due == date(2025, 10, 9)
    # The appellant answers no appeal; a retrial under the second-instance procedure has no defence period.
    own = register(instance="second", court_level="intermediate", court="示范市中级人民法院", number="(2025)示01行终9号",
                   earlier_number="(2025)示0102行初4号", agency_appealed=True, served_on=date(2025, 9, 22))
    assert own.defence_due is None and own.next_deadline is None
    retrial = register(instance="retrial", earlier_number="(2024)示0102行初1号", number="(2026)示0102行再1号")
    assert retrial.defence_due is None
    first_procedure = register(instance="retrial", earlier_number="(2024)示0102行初2号", number="(2026)示0102行再2号",
                               retrial_at_first_instance=True)
    assert first_procedure.defence_due == date(2026, 9, 16)


def test_registering_refuses_missing_facts_a_future_day_and_a_number_used_twice(register):
    with pytest.raises(ValidationError) as excinfo:
        register(number=" ", court="", plaintiff_name="")
    assert set(messages(excinfo)) == {"number", "court", "plaintiff_name"}
    with pytest.raises(ValidationError) as excinfo:
        register(served_on=date(2026, 11, 21))
    assert "after today" in messages(excinfo)["served_on"][0]
    register(number="(2026)示0102行初99号")
    with pytest.raises(ValidationError) as excinfo:
        register(number="(2026)示0102行初99号")
    assert "already registered" in messages(excinfo)["number"][0]
    with pytest.raises(ValidationError) as excinfo:
        register(instance="second")
    assert "earlier case" in messages(excinfo)["earlier_number"][0]
    with pytest.raises(ValidationError) as excinfo:
        register(court_level="county")
    assert "court_level" in messages(excinfo)


def test_joint_defendants_each_register_the_same_court_case(world, register):
    # 行政诉讼法 第26条第2款: the original agency and the reconsideration body are sued together.
    register(number="(2026)示01行初5号")
    assert register(number="(2026)示01行初5号", agency=world.agency("sfx-gov"), by=world.office)


def test_a_defence_on_time_moves_the_case_on(world, register):
    case = register()
    case = actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 9, 16), evidence="证据目录")
    assert case.status == "defending" and case.next_deadline is None


def test_a_late_defence_needs_the_reason_and_the_courts_leave(world, register):
    case = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 9, 17), evidence="证据目录")
    message = messages(excinfo)["defence_late_reason"][0]
    assert "2026-09-16" in message and "第34条第2款" in message and "第36条第1款" in message
    case = actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 9, 17), evidence="证据目录",
                                defence_late_reason="因不可抗力，经法院准许延期提供")
    assert case.defence_late_reason


def test_the_defence_needs_its_evidence_comes_after_the_papers_and_is_filed_once(world, register):
    case = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 9, 5), evidence="")
    assert "第34条" in messages(excinfo)["evidence"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 8, 31), evidence="证据")
    assert "行政诉讼法 第67条" in messages(excinfo)["defence_filed_on"][0]
    case = actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 9, 5), evidence="证据")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.file_defence(case, by=world.owner, defence_filed_on=date(2026, 9, 6), evidence="证据")
    assert "filed once" in excinfo.value.messages[0]


# Hearings: the head in court (行政诉讼法 第3条第3款; 2020年规定) --------------------------------------------------------


def test_a_head_who_appeared_is_named_with_post_and_kind(world, register):
    case = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 9), head_appeared=True)
    errors = messages(excinfo)
    assert "第6条" in errors["head_name"][0] and "第6条" in errors["head_post"][0]
    assert "2020年规定 第2条" in errors["head_role"][0]
    hearing = actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 9), head_appeared=True,
                                     head_name="王某", head_post="局长", head_role="principal",
                                     absence_reason="accident")
    assert hearing.absence_reason == ""  # a head in court needs no excuse
    case.refresh_from_db()
    assert case.status == "heard"


def test_a_head_who_did_not_appear_gives_a_reason_of_article_8_and_its_proof(world, register):
    case = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 9), staff_appeared="法规股王某")
    errors = messages(excinfo)
    assert "2020年规定 第8条" in errors["absence_reason"][0] and "2020年规定 第9条" in errors["absence_proof"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 9), absence_reason="holiday",
                               absence_proof="说明")
    assert "第8条" in messages(excinfo)["absence_reason"][0]
    hearing = actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 9), staff_appeared="法规股王某",
                                     absence_reason="official_duty", absence_proof="县政府会议通知，加盖印章")
    assert not hearing.head_appeared and hearing.absence_reason == "official_duty"


def test_one_appearance_per_instance_suffices_unless_the_court_calls_the_head_again(world, register):
    # 2020年规定 第7条
    case = heard(world, register)
    assert actions.record_hearing(case, by=world.owner, held_on=date(2026, 10, 27), staff_appeared="王某")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_hearing(case, by=world.owner, held_on=date(2026, 11, 3), staff_appeared="王某",
                               head_notified=True)
    assert "第8条" in messages(excinfo)["absence_reason"][0]
    assert case.hearings.count() == 2


def test_a_hearing_comes_after_the_papers_and_before_the_judgment(world, register):
    case = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.record_hearing(case, by=world.owner, held_on=date(2026, 8, 30), head_appeared=True, head_name="王某",
                               head_post="局长", head_role="principal")
    assert "行政诉讼法 第67条" in messages(excinfo)["held_on"][0]
    case = judged(world, register)
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_hearing(case, by=world.owner, held_on=date(2026, 11, 5), head_appeared=True, head_name="王某",
                               head_post="局长", head_role="principal")
    assert "until the judgment" in excinfo.value.messages[0]


# The judgment and the appeal (行政诉讼法 第85条) ----------------------------------------------------------------------


def test_a_judgment_opens_a_15_day_appeal_period_from_its_service(world, register):
    case = judged(world, register, given=date(2026, 11, 2), served=date(2026, 11, 3))
    # Tue 3 Nov not counted; day 15 is Wed 18 Nov.
    assert case.status == "concluded" and case.appeal_due == case.next_deadline == date(2026, 11, 18)
    assert case.is_lost and not case.is_won


def test_an_appeal_period_rolls_over_the_spring_festival(world, register):
    # Judgment served Mon 2 Feb 2026: day 15 is Tue 17 Feb, inside 15–23 Feb: Tue 24 Feb.
    case = heard(world, register, served_on=date(2025, 11, 3), hearing_on=date(2025, 12, 10))
    case = actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 1, 30), outcome="rejected",
                                   judgment_served_on=date(2026, 2, 2))
    assert case.appeal_due == date(2026, 2, 24) and case.is_won


def test_a_ruling_dismissing_the_suit_is_appealed_within_10_days(world, register):
    # Ruling served Mon 22 Sep 2025: day 10 is Thu 2 Oct, inside 1–8 Oct: Thu 9 Oct.
    case = register(served_on=date(2025, 8, 20))
    case = actions.record_judgment(case, by=world.owner, concluded_on=date(2025, 9, 19), outcome="dismissed",
                                   judgment_served_on=date(2025, 9, 22))
    assert case.appeal_due == date(2025, 10, 9)
    # Served Mon 9 Feb 2026: day 10 is Thu 19 Feb, inside 15–23 Feb: Tue 24 Feb.
    other = register(served_on=date(2026, 1, 5))
    other = actions.record_judgment(other, by=world.owner, concluded_on=date(2026, 2, 6), outcome="dismissed",
                                    judgment_served_on=date(2026, 2, 9))
    assert other.appeal_due == date(2026, 2, 24)


def test_without_its_service_the_period_counts_from_the_judgments_day(world, register):
    case = heard(world, register)
    case = actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 11, 2), outcome="rejected")
    assert case.appeal_due == date(2026, 11, 17)


def test_a_judgment_cannot_precede_the_last_hearing_nor_its_service_the_judgment(world, register):
    case = heard(world, register, hearing_on=date(2026, 10, 20))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 10, 19), outcome="rejected")
    assert "行政诉讼法 第80条" in messages(excinfo)["concluded_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 10, 22), outcome="rejected",
                                judgment_served_on=date(2026, 10, 21))
    assert "第80条" in messages(excinfo)["judgment_served_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 10, 22), outcome="won")
    assert "outcome" in messages(excinfo)


def test_the_agencys_late_appeal_needs_a_reason_the_plaintiffs_is_recorded(world, register):
    case = judged(world, register)  # appeal due 2026-11-18
    with pytest.raises(ValidationError) as excinfo:
        actions.record_appeal(case, by=world.owner, appealed_on=date(2026, 11, 19), appellant="agency")
    message = messages(excinfo)["appeal_late_reason"][0]
    assert "2026-11-18" in message and "行政诉讼法 第85条" in message and "民事诉讼法 第86条" in message
    late = actions.record_appeal(case, by=world.owner, appealed_on=date(2026, 11, 19), appellant="agency",
                                 appeal_late_reason="因突发疫情耽误，已申请顺延并获准许")
    assert late.status == "appealed" and late.next_deadline is None
    other = judged(world, register)
    assert actions.record_appeal(other, by=world.owner, appealed_on=date(2026, 11, 19), appellant="plaintiff")


def test_an_appeal_on_time_and_only_once(world, register):
    case = judged(world, register)
    case = actions.record_appeal(case, by=world.owner, appealed_on=date(2026, 11, 10), appellant="agency")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_appeal(case, by=world.owner, appealed_on=date(2026, 11, 11), appellant="plaintiff")
    assert "once" in excinfo.value.messages[0]
    with pytest.raises(ValidationError) as excinfo:
        actions.record_appeal(judged(world, register), by=world.owner, appealed_on=date(2026, 11, 1),
                              appellant="agency")
    assert "第85条" in messages(excinfo)["appealed_on"][0]


@pytest.mark.parametrize(("values", "outcome", "cite"), [
    ({"instance": "second", "court_level": "intermediate", "earlier_number": "(2026)示0102行初1号"}, "rejected",
     "行政诉讼法 第7条"),
    ({"court_level": "supreme", "court": "最高人民法院"}, "rejected", "民事诉讼法 第158条"),
    ({"instance": "retrial", "earlier_number": "(2024)示0102行初1号"}, "revoked", "行政诉讼法 第7条"),
    ({}, "mediated", "行政诉讼法 第60条"),
    ({}, "withdrawn_corrected", "行政诉讼法 第62条"),
])
def test_no_appeal_lies_from_a_final_judgment_a_mediation_or_a_withdrawal(world, register, values, outcome, cite):
    case = register(**values)
    case = actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 11, 2), outcome=outcome)
    assert case.appeal_due is None and case.next_deadline is None
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_appeal(case, by=world.owner, appealed_on=date(2026, 11, 5), appellant="agency")
    assert cite in excinfo.value.messages[0]


def test_a_retrial_under_the_first_instance_procedure_may_be_appealed(world, register):
    case = register(instance="retrial", earlier_number="(2024)示0102行初1号", retrial_at_first_instance=True)
    case = actions.record_judgment(case, by=world.owner, concluded_on=date(2026, 11, 2), outcome="revoked",
                                   judgment_served_on=date(2026, 11, 3))
    assert case.appeal_due == date(2026, 11, 18)
    assert actions.record_appeal(case, by=world.owner, appealed_on=date(2026, 11, 10), appellant="agency")


# Closing ---------------------------------------------------------------------------------------------------------


def test_a_case_closes_only_once_its_judgment_took_effect(world, register):
    case = judged(world, register)  # appeal due 2026-11-18
    with pytest.raises(ValidationError) as excinfo:
        actions.close_case(case, by=world.owner, closed_on=date(2026, 11, 18))
    message = messages(excinfo)["closed_on"][0]
    assert "2026-11-18" in message and "行政诉讼法 第85条" in message
    case = actions.close_case(case, by=world.owner, closed_on=date(2026, 11, 19), closing_note="判决生效")
    assert case.status == "closed" and case.next_deadline is None


def test_an_appealed_or_unappealable_case_closes_at_once(world, register):
    case = actions.record_appeal(judged(world, register), by=world.owner, appealed_on=date(2026, 11, 5),
                                 appellant="plaintiff")
    assert actions.close_case(case, by=world.owner, closed_on=date(2026, 11, 6)).status == "closed"
    mediated = actions.record_judgment(register(), by=world.owner, concluded_on=date(2026, 11, 2), outcome="mediated")
    assert actions.close_case(mediated, by=world.owner, closed_on=date(2026, 11, 2)).status == "closed"


def test_a_case_not_yet_judged_is_not_closed(world, register):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.close_case(register(), by=world.owner, closed_on=date(2026, 11, 2))
    assert "after its judgment" in excinfo.value.messages[0]


# Judicial and procuratorial suggestions ---------------------------------------------------------------------------


def test_a_suggestion_without_a_date_takes_the_provinces_period(world, register):
    case = register()
    suggestion = actions.receive_suggestion(case, by=world.owner, kind="procuratorate", issuer="示范县人民检察院",
                                            number="示检行建〔2026〕1号", received_on=date(2026, 9, 10),
                                            content="建议依法履职")
    # Two months from Thu 10 Sep 2026 (民法典 第202条): Tue 10 Nov; the UNCONFIRMED default, no province set.
    assert suggestion.reply_due == date(2026, 11, 10) and not suggestion.reply_due_stated
    case.refresh_from_db()
    assert case.next_deadline == date(2026, 9, 16)  # the defence comes first


def test_the_province_sets_the_reply_period(world, register):
    from fazhi.deadlines.actions import set_provincial_period

    set_provincial_period(province=world.agency("sfx-scj").region.code[:2] + "0000",
                          rule_code="litigation.judicial_suggestion_reply", length=1, source="本省司法建议办理规定第5条",
                          valid_from=date(2026, 1, 1), by=world.admin)
    suggestion = actions.receive_suggestion(register(), by=world.owner, kind="court", issuer="示范县人民法院",
                                            received_on=date(2026, 9, 10), content="建议规范执法程序")
    assert suggestion.reply_due == date(2026, 10, 10)


def test_the_letters_own_date_rules_and_the_nearest_reply_is_the_next_deadline(world, register):
    case = actions.file_defence(register(), by=world.owner, defence_filed_on=date(2026, 9, 10), evidence="证据")
    suggestion = actions.receive_suggestion(case, by=world.owner, kind="court", issuer="示范县人民法院",
                                            number="示法司建〔2026〕3号", received_on=date(2026, 10, 8),
                                            content="建议加强证据审查", reply_by=date(2026, 10, 30))
    assert suggestion.reply_due == date(2026, 10, 30) and suggestion.reply_due_stated
    case.refresh_from_db()
    assert case.next_deadline == date(2026, 10, 30)
    actions.reply_suggestion(case, by=world.owner, replied_on=date(2026, 11, 2), reply_summary="已整改并书面回复")
    suggestion.refresh_from_db()
    case.refresh_from_db()
    assert suggestion.replied_on == date(2026, 11, 2) and not suggestion.replied_on_time
    assert case.next_deadline is None


def test_a_suggestion_is_refused_without_its_facts_or_with_a_reply_date_before_receipt(world, register):
    case = register()
    with pytest.raises(ValidationError) as excinfo:
        actions.receive_suggestion(case, by=world.owner, kind="court", issuer="", received_on=date(2026, 9, 10),
                                   content="")
    assert set(messages(excinfo)) == {"issuer", "content"}
    with pytest.raises(ValidationError) as excinfo:
        actions.receive_suggestion(case, by=world.owner, kind="court", issuer="示范县人民法院",
                                   received_on=date(2026, 9, 10), content="建议", reply_by=date(2026, 9, 9))
    assert "2026-09-09" in messages(excinfo)["reply_by"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.receive_suggestion(case, by=world.owner, kind="police", issuer="某", received_on=date(2026, 9, 10),
                                   content="建议")
    assert "kind" in messages(excinfo)


def test_the_reply_names_its_suggestion_when_several_wait(world, register):
    case = register()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.reply_suggestion(case, by=world.owner, replied_on=date(2026, 10, 1), reply_summary="回复")
    assert "No suggestion" in excinfo.value.messages[0]
    for number in ("示法司建〔2026〕1号", "示检行建〔2026〕2号"):
        actions.receive_suggestion(case, by=world.owner, kind="court", issuer="示范县人民法院", number=number,
                                   received_on=date(2026, 9, 10), content="建议")
    with pytest.raises(ValidationError) as excinfo:
        actions.reply_suggestion(case, by=world.owner, replied_on=date(2026, 10, 1), reply_summary="回复")
    assert "示检行建〔2026〕2号" in messages(excinfo)["suggestion_number"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.reply_suggestion(case, by=world.owner, suggestion_number="示检行建〔2026〕2号",
                                 replied_on=date(2026, 9, 9), reply_summary="回复")
    assert "第96条第4项" in messages(excinfo)["replied_on"][0]
    reply = actions.reply_suggestion(case, by=world.owner, suggestion_number="示检行建〔2026〕2号",
                                     replied_on=date(2026, 10, 1), reply_summary="回复")
    assert reply.replied_on_time


# Who may act ------------------------------------------------------------------------------------------------------


@pytest.fixture
def cases_in_every_state(world, register):
    """A case of the owner's agency ready for each action."""
    served = register()
    defending = actions.file_defence(register(), by=world.owner, defence_filed_on=date(2026, 9, 5), evidence="证据")
    concluded = judged(world, register, outcome="rejected", given=date(2026, 10, 26), served=date(2026, 10, 27))
    with_suggestion = register()
    actions.receive_suggestion(with_suggestion, by=world.owner, kind="court", issuer="示范县人民法院",
                               received_on=date(2026, 9, 10), content="建议")
    return {"served": served, "defending": defending, "concluded": concluded, "suggestion": with_suggestion}


STEPS = {
    "file_defence": ("served", {"defence_filed_on": date(2026, 9, 5), "evidence": "证据"}),
    "record_hearing": ("defending", {"held_on": date(2026, 10, 9), "head_appeared": True, "head_name": "王某",
                                     "head_post": "局长", "head_role": "principal"}),
    "record_judgment": ("defending", {"concluded_on": date(2026, 10, 9), "outcome": "rejected"}),
    "record_appeal": ("concluded", {"appealed_on": date(2026, 11, 2), "appellant": "agency"}),
    "close_case": ("concluded", {"closed_on": date(2026, 11, 20)}),
    "receive_suggestion": ("served", {"kind": "court", "issuer": "示范县人民法院", "received_on": date(2026, 9, 10),
                                      "content": "建议"}),
    "reply_suggestion": ("suggestion", {"replied_on": date(2026, 10, 1), "reply_summary": "回复"}),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_the_outsider_and_the_colleague_are_refused_every_step_the_office_may_take_it(world, cases_in_every_state,
                                                                                     name):
    state, values = STEPS[name]
    case = cases_in_every_state[state]
    action = getattr(actions, name)
    for stranger in (world.outsider, world.colleague):
        with pytest.raises(IllegalTransition) as excinfo:
            action(case, by=stranger, **values)
        assert excinfo.value.code == "forbidden" and "示范县市场监督管理局" in excinfo.value.messages[0]
    assert action(case, by=world.office, **values)


def test_the_outsider_cannot_register_a_case_for_the_owners_agency(world, register):
    with pytest.raises(IllegalTransition) as excinfo:
        register(by=world.outsider)
    assert "Only the clerks of 示范县市场监督管理局" in excinfo.value.messages[0]


def test_every_step_is_audited(world, register):
    from fazhi.audit.models import AuditEntry

    case = judged(world, register)
    entries = AuditEntry.objects.filter(object_id=str(case.pk), content_type__app_label="litigation",
                                        content_type__model="case").order_by("sequence")
    # Registered; defence filed; heard (the move, then the hearing itself); judgment.
    assert [e.action for e in entries] == ["create", "transition", "transition", "change", "transition"]
    assert entries[3].changes["hearing"][1]["head"] == "李某"
    assert entries[4].changes["status"] == ["heard", "concluded"]


def test_today_is_the_frozen_day():
    from django.utils import timezone

    assert timezone.localdate() == TODAY
