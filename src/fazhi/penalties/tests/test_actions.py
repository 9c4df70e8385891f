"""The penalty case's legal steps on worked examples: the limitation, the officers, the notice and hearing periods,
the legal review and discussion gates, the contents of the decision, the 90-day limit, service, publication across
春节 and 国庆, take-down and withdrawal."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.penalties.tests.conftest import TODAY, credit_code

pytestmark = pytest.mark.django_db


def field_errors(excinfo) -> dict:
    return excinfo.value.message_dict


# Filing ----------------------------------------------------------------------------------------------------------


def test_filing_sets_the_90_day_limit_of_article_60(open_case):
    case = open_case()
    # 2026-03-02 + 90 calendar days (the filing day not counted) = 2026-05-31.
    assert case.decision_due == date(2026, 5, 31) and case.next_deadline == date(2026, 5, 31)
    assert case.status == "investigating" and case.officers.count() == 2


def test_an_extension_and_an_excluded_pause_move_the_limit(world, open_case):
    from fazhi.penalties import actions

    case = open_case()
    case = actions.extend_period(case, by=world.owner, days=30, reason="案情复杂，依规定延长", approver="局长王某")
    assert case.decision_due == date(2026, 6, 30)
    case = actions.pause_period(case, by=world.owner, start=date(2026, 4, 1), end=date(2026, 4, 10), reason="检测鉴定")
    assert case.decision_due == date(2026, 7, 10)  # ten days not counted


def test_the_limitation_of_article_36_refuses_a_late_discovery_unless_serious(open_case):
    with pytest.raises(ValidationError) as excinfo:
        open_case(violation_on=date(2024, 3, 1), discovered_on=date(2026, 3, 2), opened_on=date(2026, 3, 2))
    message = field_errors(excinfo)["discovered_on"][0]
    assert "2026-03-01" in message and "第36条" in message
    # The same day is within the period; a serious violation has five years.
    assert open_case(violation_on=date(2024, 3, 1), discovered_on=date(2026, 3, 1), opened_on=date(2026, 3, 2))
    assert open_case(violation_on=date(2024, 3, 1), discovered_on=date(2026, 3, 2), opened_on=date(2026, 3, 2),
                     serious_harm=True)


def test_a_continuing_violation_counts_from_its_end(open_case):
    case = open_case(violation_on=date(2023, 1, 1), violation_ended_on=date(2025, 1, 1), discovered_on=date(2026, 3, 1))
    assert case.limitation_start == date(2025, 1, 1)


def test_filing_needs_two_officers_with_valid_certificates(open_case, officers):
    with pytest.raises(ValidationError) as excinfo:
        open_case(officers=officers[:1])
    assert "第42条" in field_errors(excinfo)["officers"][0]
    assert open_case(officers=officers[:1], sole_officer_basis="某法律第X条允许一名执法人员")


def test_dates_are_held_against_each_other_and_today(open_case):
    with pytest.raises(ValidationError) as excinfo:
        open_case(discovered_on=date(2026, 3, 5), opened_on=date(2026, 3, 2))
    assert "第54条" in field_errors(excinfo)["opened_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        open_case(opened_on=date(2026, 11, 24))
    assert "after today" in field_errors(excinfo)["opened_on"][0]


def test_the_party_code_is_checked_and_a_citizens_kept_masked(open_case):
    from fazhi.enforcement.demo import id_number

    with pytest.raises(ValidationError) as excinfo:
        open_case(party_code=credit_code()[:-1] + ("0" if credit_code()[-1] != "0" else "1"))
    assert "GB 32100-2015" in field_errors(excinfo)["party_code"][0]
    case = open_case(party_kind="person", party_name="王小明", party_code=id_number(7, date(1990, 1, 1)))
    assert case.party_code.startswith("**************") and len(case.party_code) == 18


def test_a_case_number_is_used_once_per_agency(open_case):
    open_case(number="示市监立〔2026〕100号")
    with pytest.raises(ValidationError) as excinfo:
        open_case(number="示市监立〔2026〕100号")
    assert "already used" in field_errors(excinfo)["number"][0]


# Records ---------------------------------------------------------------------------------------------------------


def test_a_seizure_needs_its_audio_video_record(world, open_case, officers):
    from fazhi.penalties import actions

    case = open_case()
    with pytest.raises(ValidationError) as excinfo:
        actions.add_record(case, by=world.owner, action="seizure", on=date(2026, 3, 3), officers=officers,
                           description="扣押过期食品20箱")
    assert "118号" in field_errors(excinfo)["av_reference"][0]
    record = actions.add_record(case, by=world.owner, action="seizure", on=date(2026, 3, 3), officers=officers,
                                description="扣押过期食品20箱", av_reference="记录仪A03-20260303-01")
    assert record.officers.count() == 2
    # A questioning needs no recording by default, but it is a setting.
    actions.add_record(case, by=world.owner, action="questioning", on=date(2026, 3, 4), officers=officers,
                       description="询问笔录")


# Notice, hearing ----------------------------------------------------------------------------------------------


def notified(world, open_case, **values):
    from fazhi.penalties import actions

    case = open_case(violation_on=date(2026, 8, 20), discovered_on=date(2026, 8, 30), opened_on=date(2026, 9, 1))
    assert case.decision_due == date(2026, 11, 30)
    penalty = {"penalty_types": ["fine"], "fine": "20000"} | values
    case = actions.notify_penalty(case, by=world.owner, on=date(2026, 9, 25), **penalty)
    return actions.receive_notice(case, by=world.owner, on=date(2026, 9, 28))


def test_the_hearing_request_period_runs_5_working_days_across_guoqing(world, open_case):
    case = notified(world, open_case, fine="200000")
    # Received Mon 2026-09-28: 09-29, 09-30, (国庆 10-01…10-07), 10-08, 10-09, 10-10 (a Saturday worked) = 5.
    assert case.hearing_right and case.hearing_request_due == date(2026, 10, 10)
    assert case.next_deadline == date(2026, 10, 10)


def test_a_small_fine_gives_no_hearing_right(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="2000")
    assert not case.hearing_right and case.hearing_request_due is None
    with pytest.raises(IllegalTransition, match="第63条"):
        actions.request_hearing(case, by=world.owner, on=date(2026, 9, 29))


def test_a_late_hearing_request_is_refused(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="200000")
    with pytest.raises(ValidationError) as excinfo:
        actions.request_hearing(case, by=world.owner, on=date(2026, 10, 12))
    assert "2026-10-10" in field_errors(excinfo)["hearing_requested_on"][0]


def test_the_hearing_is_held_7_working_days_after_its_notice_by_a_chair_who_did_not_investigate(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="200000")
    case = actions.request_hearing(case, by=world.owner, on=date(2026, 9, 29))
    case = actions.notify_hearing(case, by=world.owner, on=date(2026, 9, 30))
    # Notified 09-30: 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15 → held from 10-15.
    assert actions.earliest_hearing(case) == date(2026, 10, 15)
    with pytest.raises(ValidationError) as excinfo:
        actions.hold_hearing(case, by=world.owner, on=date(2026, 10, 14), chair="赵主持", record="听证笔录")
    assert "2026-10-15" in field_errors(excinfo)["hearing_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        actions.hold_hearing(case, by=world.owner, on=date(2026, 10, 15), chair="张执法", record="听证笔录")
    assert "第64条第4项" in field_errors(excinfo)["hearing_chair"][0]
    case = actions.hold_hearing(case, by=world.owner, on=date(2026, 10, 15), chair="赵主持", record="听证笔录")
    assert "heard" in case.major_categories  # 第58条第1款第2项


# The decision's gates -----------------------------------------------------------------------------------------


DECISION = dict(decision_number="示市监罚〔2026〕1号", facts="经查，当事人销售超过保质期的食品。", legal_basis="《食品安全法》第124条",
                performance="自收到本决定书之日起十五日内缴纳罚款", remedy="六十日内申请行政复议或者六个月内提起行政诉讼")


def test_a_penalty_without_notice_is_refused(world, open_case):
    from fazhi.penalties import actions

    case = open_case()
    with pytest.raises(IllegalTransition, match="第44、62条"):
        actions.decide(case, by=world.owner, on=date(2026, 4, 1), outcome="penalty", **DECISION)


def test_a_decision_within_the_hearing_request_period_is_refused(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="200000", penalty_types=["fine"])
    case = actions.mark_major(case, by=world.owner, categories=[])
    case = actions.submit_for_review(case, by=world.owner, on=date(2026, 10, 12))
    case = actions.record_review(case, by=world.owner, on=date(2026, 10, 12), reviewer="法制员陈某",
                                 qualification="A20181100000001", result="passed", opinion="同意")
    with pytest.raises(ValidationError) as excinfo:
        actions.decide(case, by=world.owner, on=date(2026, 10, 10), outcome="penalty", **DECISION)
    assert "2026-10-10" in field_errors(excinfo)["decided_on"][0]
    assert actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", **DECISION).status == "decided"


def test_a_major_case_without_a_passed_legal_review_is_refused(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="60000")  # at or above the organisation threshold of 50,000
    assert case.major_categories == ["large_fine"]
    with pytest.raises(IllegalTransition) as excinfo:
        actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", **DECISION)
    assert "第58条" in excinfo.value.messages[0]
    case = actions.submit_for_review(case, by=world.owner, on=date(2026, 10, 9))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_review(case, by=world.owner, on=date(2026, 10, 9), reviewer="法制员陈某", qualification="",
                              result="passed", opinion="同意")
    assert "reviewer_qualification" in field_errors(excinfo)
    case = actions.record_review(case, by=world.owner, on=date(2026, 10, 9), reviewer="法制员陈某",
                                 qualification="A20181100000001", result="returned", opinion="证据不足，补充调查")
    with pytest.raises(IllegalTransition, match="第58条"):
        actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", **DECISION)
    case = actions.submit_for_review(case, by=world.owner, on=date(2026, 10, 10))
    case = actions.record_review(case, by=world.owner, on=date(2026, 10, 10), reviewer="法制员陈某",
                                 qualification="A20181100000001", result="passed", opinion="同意")
    case = actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", **DECISION)
    assert case.status == "decided"


def test_a_fine_outside_the_discretion_range_needs_a_reason_and_the_review(world, open_case):
    from fazhi.penalties import actions
    from fazhi.penalties.models import DiscretionStandard

    standard = DiscretionStandard.objects.create(
        agency=world.agency("sfx-scj"), domain="食品", code="SP-01", violation="销售过期食品", legal_basis="食品安全法",
        circumstance="一般", fine_min=Decimal(5000), fine_max=Decimal(20000))
    case = open_case()
    with pytest.raises(ValidationError) as excinfo:
        actions.notify_penalty(case, by=world.owner, on=date(2026, 9, 25), penalty_types=["fine"], fine="30000",
                               discretion=standard)
    assert "SP-01" in field_errors(excinfo)["discretion_reason"][0]
    case = actions.notify_penalty(case, by=world.owner, on=date(2026, 9, 25), penalty_types=["fine"], fine="30000",
                                  discretion=standard, discretion_reason="多次违法，从重处罚")
    assert "discretion" in case.major_categories  # the legal review sees the departure


def test_a_complex_case_needs_its_collective_discussion(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="3000")
    case = actions.mark_major(case, by=world.owner, categories=[], complex_case=True)
    with pytest.raises(IllegalTransition, match="第57条"):
        actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", **DECISION)
    case = actions.record_discussion(case, by=world.owner, on=date(2026, 10, 9), record="局务会议纪要")
    assert actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", **DECISION)


def test_the_decision_names_what_article_59_requires(world, open_case):
    from fazhi.penalties import actions

    case = notified(world, open_case, fine="3000")
    with pytest.raises(ValidationError) as excinfo:
        actions.decide(case, by=world.owner, on=date(2026, 10, 12), outcome="penalty", decision_number="X1")
    assert {"facts", "legal_basis", "remedy", "performance"} <= set(field_errors(excinfo))


def test_a_first_violation_cites_its_list_item(world, open_case):
    from fazhi.penalties import actions
    from fazhi.penalties.models import LenientItem

    item = LenientItem.objects.create(agency=world.agency("sfx-scj"), kind="first", domain="广告", code="GG-3",
                                      violation="未标明广告标识", legal_basis="广告法", conditions="首次、危害轻微、及时改正")
    case = open_case()
    with pytest.raises(ValidationError) as excinfo:
        actions.decide(case, by=world.owner, on=date(2026, 4, 1), outcome="first_violation", **DECISION)
    assert "第33条" in field_errors(excinfo)["lenient_item"][0]
    case = actions.decide(case, by=world.owner, on=date(2026, 4, 1), outcome="first_violation", lenient_item=item,
                          **DECISION)
    assert case.is_lenient and case.lenient_item == item
    # Not penalised is another enforcement decision: 20 working days to publish. 04-01 → 04-30 (清明 04-04…04-06,
    # 劳动节 not reached).
    assert case.publication_due == date(2026, 4, 30)


# Publication, service, closing --------------------------------------------------------------------------------


def decided(world, open_case, on, **values):
    from fazhi.penalties import actions

    case = open_case(**values)
    case = actions.notify_penalty(case, by=world.owner, on=on - timedelta(days=10), penalty_types=["warning"])
    case = actions.receive_notice(case, by=world.owner, on=case.notified_on)
    return actions.decide(case, by=world.owner, on=on, outcome="penalty", **DECISION)


def test_publication_within_7_working_days_across_guoqing(world, open_case):
    case = decided(world, open_case, date(2026, 9, 29))
    # 09-30, (国庆), 10-08, 10-09, 10-10 (Saturday worked), 10-12, 10-13, 10-14 = 7 working days.
    assert case.publication_due == date(2026, 10, 14)
    # Absent party: served within 7 working days (第61条), the same count.
    assert case.service_due == date(2026, 10, 14) and case.next_deadline == date(2026, 10, 14)


def test_publication_within_7_working_days_across_chunjie(world, open_case):
    case = decided(world, open_case, date(2026, 2, 10), violation_on=date(2025, 12, 1),
                   discovered_on=date(2026, 1, 2), opened_on=date(2026, 1, 5))
    # 02-11, 02-12, 02-13, 02-14 (Saturday worked), (春节 02-15…02-23), 02-24, 02-25, 02-26.
    assert case.publication_due == date(2026, 2, 26)


def test_publish_take_down_revoke_and_withdraw(world, open_case):
    from fazhi.penalties import actions

    case = decided(world, open_case, date(2026, 9, 29))
    with pytest.raises(IllegalTransition, match="Only a published decision"):
        actions.withdraw_publication(case, by=world.owner, on=date(2026, 10, 20))
    case = actions.serve_decision(case, by=world.owner, on=date(2026, 9, 30), method="直接送达")
    case = actions.publish_decision(case, by=world.owner, on=date(2026, 10, 9))
    assert case.takedown_on == date(2031, 10, 9) and case.next_deadline is None  # an organisation: five years
    assert case.is_public_on(date(2026, 10, 9)) and not case.is_public_on(date(2031, 10, 9))
    case = actions.revoke_decision(case, by=world.owner, on=date(2026, 11, 16), kind="revoked",
                                   reason="行政复议决定撤销")
    assert case.withdrawal_due == date(2026, 11, 19) and case.next_deadline == date(2026, 11, 19)
    case = actions.withdraw_publication(case, by=world.owner, on=date(2026, 11, 18))
    assert not case.is_public_on(TODAY) and case.next_deadline is None


def test_a_citizens_decision_comes_down_after_two_years_and_is_masked(world, open_case):
    from fazhi.enforcement.demo import id_number
    from fazhi.penalties import actions

    number = id_number(9, date(1990, 1, 1))
    case = decided(world, open_case, date(2026, 9, 29), party_kind="person", party_name="王小明",
                   party_code=number)
    case = actions.publish_decision(case, by=world.owner, on=date(2026, 10, 9))
    assert case.takedown_on == date(2028, 10, 9)
    assert actions.public_party(case)[0] == "王**"
    text = actions.public_text(case, f"王小明（身份证号{number}，电话13912345678）销售过期食品")
    assert "王小明" not in text and number not in text and "13912345678" not in text and "王**" in text


def test_serve_execute_and_close_in_order(world, open_case):
    from fazhi.penalties import actions

    case = decided(world, open_case, date(2026, 9, 29))
    with pytest.raises(IllegalTransition):
        actions.close_case(case, by=world.owner, on=date(2026, 10, 30))
    with pytest.raises(ValidationError) as excinfo:
        actions.serve_decision(case, by=world.owner, on=date(2026, 9, 28), method="直接送达")
    assert "第61条" in field_errors(excinfo)["served_on"][0]
    case = actions.serve_decision(case, by=world.owner, on=date(2026, 9, 30), method="直接送达")
    with pytest.raises(IllegalTransition, match="carried out"):
        actions.close_case(case, by=world.owner, on=date(2026, 10, 30))
    case = actions.record_execution(case, by=world.owner, on=date(2026, 10, 15), execution="当事人缴纳罚款")
    case = actions.close_case(case, by=world.owner, on=date(2026, 10, 30))
    assert case.status == "closed" and case.next_deadline == date(2026, 10, 14)  # publication still owed


def test_on_the_spot_within_the_limits_of_article_51(world, body, officers):
    from fazhi.penalties import actions

    common = dict(body=body, by=world.owner, title="当场处罚", party_kind="person", party_name="李某", on=date(2026, 11, 2),
                  officers=officers, facts="占道经营", legal_basis="某条例第X条", remedy="依法申请复议或者诉讼")
    with pytest.raises(ValidationError) as excinfo:
        actions.decide_on_the_spot(number="当-1", penalty_types=["fine"], fine="201", **common)
    assert "200" in field_errors(excinfo)["fine"][0] and "第51条" in field_errors(excinfo)["fine"][0]
    case = actions.decide_on_the_spot(number="当-2", penalty_types=["fine"], fine="200", **common)
    assert case.status == "served" and case.procedure == "simplified" and case.publication_due is None


def test_a_decision_refers_a_suspected_crime_and_closes(world, open_case):
    from fazhi.penalties import actions

    case = actions.decide(open_case(), by=world.owner, on=date(2026, 4, 1), outcome="referred", facts="涉嫌犯罪")
    assert case.status == "closed" and case.closed_on == date(2026, 4, 1) and case.publication_due is None


def test_another_department_may_not_act(world, open_case):
    from fazhi.penalties import actions

    case = open_case()
    with pytest.raises(IllegalTransition, match="Only the clerks"):
        actions.end_investigation(case, by=world.outsider, on=date(2026, 3, 5))
