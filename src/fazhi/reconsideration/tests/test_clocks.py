"""Worked examples for every clock a case stores, across 春节 and 国庆 2026 and their 调休 days (conftest's calendar).

Each expected date is counted by hand in the comment above it. Working days start the day after the event
(行政复议法 第88条第2款); the 60- and 30-day periods are calendar days that roll over a last day in a holiday to the
first day after it (第88条第1款, 民事诉讼法 第85条).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import NoReverseMatch, reverse

from fazhi.reconsideration import actions
from fazhi.reconsideration.tests.conftest import at

pytestmark = pytest.mark.django_db

D = date


# -- application (第20条) -----------------------------------------------------------------------------------------


def test_the_time_to_apply_is_60_days_rolled_over_national_day(receive):
    # Knew Mon 3 Aug 2026: Aug 4–31 (28), September (58), Oct 1–2 (60); Fri 2 Oct is in 国庆, so Thu 8 Oct.
    case = receive(knew_on=D(2026, 8, 3), received_on=D(2026, 9, 1))
    assert case.application_due == D(2026, 10, 8)
    assert not case.late_application


def test_not_told_of_the_right_the_time_to_apply_is_at_most_a_year(receive):
    # 第20条第3款: knew of the act on 2 March 2025, never told of the right: the latest day is 2 March 2026.
    case = receive(knew_on=D(2025, 3, 2), received_on=D(2026, 2, 27), not_informed=True)
    assert case.application_due == D(2026, 3, 2) and not case.late_application
    late = receive(knew_on=D(2025, 3, 2), received_on=D(2026, 2, 27))
    # Told of it: Mar 3–31 (29), April (59), Thu 1 May 2025 (60), in 劳动节 (1–5 May 2025): Tue 6 May.
    assert late.application_due == D(2025, 5, 6) and late.late_application


# -- acceptance examination (第30条) and correction (第31条) -------------------------------------------------------


def test_the_examination_takes_5_working_days_across_national_day(receive):
    # Received Tue 29 Sep 2026: Wed 30 (1); 1–7 Oct off; Thu 8 (2); Fri 9 (3); Sat 10, a make-up day (4); Mon 12 (5).
    case = receive(received_on=D(2026, 9, 29))
    assert case.acceptance_due == case.next_deadline == D(2026, 10, 12)


def test_a_correction_stops_the_examination_and_it_runs_afresh_from_the_materials(receive, staff):
    # Received Mon 9 Feb 2026, the notice to correct sent Wed 11 Feb, received by the applicant Thu 12 Feb.
    case = receive(received_on=D(2026, 2, 9))
    assert case.acceptance_due == D(2026, 2, 14)  # 10, 11, 12, 13 Feb and Saturday 14, a make-up working day
    case = actions.request_correction(case, by=staff, correction_requested_on=D(2026, 2, 11),
                                      correction_items="补充身份证明", correction_received_on=D(2026, 2, 12))
    # 10 working days from Thu 12 Feb: 13 (1), Sat 14 (2), 15–23 off, 24–27 (6), Sat 28 (7), 2–4 Mar (10).
    assert case.status == "correcting"
    assert case.correction_due == case.next_deadline == D(2026, 3, 4)
    assert case.acceptance_due is None  # the examination waits for the materials
    case = actions.record_correction(case, by=staff, corrected_on=D(2026, 2, 13))
    # Afresh from Fri 13 Feb: Sat 14 (1); 15–23 off; Tue 24 (2), 25 (3), 26 (4), Fri 27 (5).
    assert case.status == "received"
    assert case.acceptance_due == case.next_deadline == D(2026, 2, 27)


def test_the_correction_counts_from_the_notice_until_its_receipt_is_known(receive, staff):
    case = receive(received_on=D(2026, 2, 9))
    case = actions.request_correction(case, by=staff, correction_requested_on=D(2026, 2, 11),
                                      correction_items="补充身份证明")
    # From Wed 11 Feb: 12, 13, 14 (3), 24–27 (7), 28 (8), 2, 3 Mar (10).
    assert case.correction_due == D(2026, 3, 3)


# -- copy and answer (第48、54条) ------------------------------------------------------------------------------------


def test_the_copy_is_due_7_working_days_after_acceptance(accepted):
    # Accepted Mon 28 Sep 2026: 29 (1), 30 (2); 1–7 Oct off; 8 (3), 9 (4), Sat 10 make-up (5), 12 (6), Tue 13 (7).
    case = accepted(received_on=D(2026, 9, 25), accepted_on=D(2026, 9, 28))
    assert case.copy_due == D(2026, 10, 13)
    assert case.next_deadline == D(2026, 10, 13)  # before the decision (60 days)


def test_the_simplified_copy_is_due_in_3_working_days_on_a_make_up_saturday(accepted):
    # Accepted Wed 30 Sep 2026 (a disclosure case): Thu 8 Oct (1), Fri 9 (2), Sat 10 make-up (3).
    case = accepted(received_on=D(2026, 9, 29), accepted_on=D(2026, 9, 30), procedure="simplified",
                    simplified_ground="disclosure", act_category="disclosure")
    assert case.copy_due == D(2026, 10, 10)


def test_the_answer_is_due_10_working_days_after_the_respondent_receives_the_copy(accepted, staff):
    case = accepted(received_on=D(2026, 2, 9), accepted_on=D(2026, 2, 10))
    case = actions.send_copy(case, by=staff, copy_sent_on=D(2026, 2, 11), copy_received_on=D(2026, 2, 12))
    # From Thu 12 Feb: 13 (1), Sat 14 (2); 15–23 off; 24–27 (6), Sat 28 (7), Mon 2 – Wed 4 Mar (10).
    assert case.answer_due == case.next_deadline == D(2026, 3, 4)


def test_the_simplified_answer_is_due_in_5_working_days(accepted, staff):
    case = accepted(received_on=D(2026, 2, 9), accepted_on=D(2026, 2, 10), procedure="simplified",
                    simplified_ground="consent")
    case = actions.send_copy(case, by=staff, copy_sent_on=D(2026, 2, 11))
    # From Wed 11 Feb (the receipt not known): 12 (1), 13 (2), Sat 14 (3), 24 (4), Wed 25 (5).
    assert case.answer_due == D(2026, 2, 25)


# -- decision (第62条), suspension (第39条), extension --------------------------------------------------------------


def test_the_decision_is_due_60_days_after_acceptance_rolled_over_national_day(accepted):
    # Accepted Mon 3 Aug 2026: day 60 is Fri 2 Oct, in 国庆: the first day after it, Thu 8 Oct.
    case = accepted(received_on=D(2026, 7, 31), accepted_on=D(2026, 8, 3))
    assert case.decision_due == D(2026, 10, 8)


def test_the_simplified_decision_is_due_in_30_days(accepted):
    # Accepted Tue 1 Sep 2026: day 30 is Thu 1 Oct, in 国庆: Thu 8 Oct.
    case = accepted(received_on=D(2026, 8, 31), accepted_on=D(2026, 9, 1), procedure="simplified",
                    simplified_ground="consent")
    assert case.decision_due == D(2026, 10, 8)


def test_the_simplified_decision_rolls_over_spring_festival(accepted):
    # Accepted Tue 20 Jan 2026: day 30 is Thu 19 Feb, in 春节 (15–23 Feb): Tue 24 Feb.
    case = accepted(received_on=D(2026, 1, 19), accepted_on=D(2026, 1, 20), procedure="simplified",
                    simplified_ground="consent")
    assert case.decision_due == D(2026, 2, 24)


def test_the_suspended_days_are_not_counted(accepted, staff):
    case = accepted(received_on=D(2026, 2, 27), accepted_on=D(2026, 3, 2))
    assert case.decision_due == D(2026, 5, 6)  # day 60 is Fri 1 May, in 劳动节 (1–5 May): Wed 6 May
    case = actions.suspend(case, by=staff, suspended_on=D(2026, 3, 10), suspension_ground="mediation",
                           suspension_reason="双方同意调解")
    assert case.status == "suspended" and case.decision_due is None  # stopped while suspended
    case = actions.resume(case, by=staff, resumed_on=D(2026, 3, 20))
    # 10–19 March are not counted, so day 60 is the 70th: Mar 3–31 (29), April (59), May 1–11 (70): Mon 11 May.
    assert case.status == "accepted" and case.decision_due == D(2026, 5, 11)
    assert case.next_deadline == case.copy_due == D(2026, 3, 11)  # the copy, still to send, comes first
    assert case.suspensions == [["2026-03-10", "2026-03-20", "mediation", "双方同意调解"]]


def test_an_extension_adds_at_most_30_days_to_the_ordinary_period(accepted, staff):
    case = accepted(received_on=D(2026, 7, 31), accepted_on=D(2026, 8, 3))
    with at(D(2026, 9, 20)):
        case = actions.extend(case, by=staff, extended_on=D(2026, 9, 20), extension_days=30,
                              extension_reason="案情复杂", extension_approver="复议机构负责人")
    # The 60 days end on Fri 2 Oct; 30 more from it end on Sun 1 Nov, rolled over to Mon 2 Nov.
    assert case.decision_due == D(2026, 11, 2)


# -- hearing notice (第51条), recommendation letter (第76条) ---------------------------------------------------------


def test_a_hearing_is_held_5_working_days_after_its_notice(accepted):
    case = accepted(received_on=D(2026, 9, 25), accepted_on=D(2026, 9, 28))
    # Notified Tue 29 Sep: Wed 30 (1); 8 (2), 9 (3), Sat 10 make-up (4), Mon 12 Oct (5).
    assert actions.earliest_hearing(case, D(2026, 9, 29)) == D(2026, 10, 12)


def test_the_reply_to_a_recommendation_letter_is_due_60_days_after_its_receipt(answered, staff):
    case = answered(received_on=D(2026, 7, 28), accepted_on=D(2026, 7, 29))
    case = actions.send_recommendation(case, by=staff, recommendation_sent_on=D(2026, 7, 31),
                                       recommendation_addressee="示范县市场监督管理局", recommendation="规范取证",
                                       recommendation_received_on=D(2026, 8, 3))
    # From Mon 3 Aug: day 60 is Fri 2 Oct, in 国庆: Thu 8 Oct.
    assert case.recommendation_reply_due == D(2026, 10, 8)


# -- the stored clocks ------------------------------------------------------------------------------------------


def test_every_stored_clock_is_computed_again_to_the_same_date(answered, staff):
    from django.apps import apps
    from django.utils.module_loading import import_string

    from fazhi.reconsideration.procedure import CLOCKS

    case = answered(received_on=D(2026, 7, 28), accepted_on=D(2026, 7, 29))
    case = actions.send_recommendation(case, by=staff, recommendation_sent_on=D(2026, 7, 31),
                                       recommendation_addressee="示范县市场监督管理局", recommendation="规范取证")
    assert {c.field for c in CLOCKS} == {"application_due", "acceptance_due", "correction_due", "copy_due",
                                         "answer_due", "decision_due", "recommendation_reply_due"}
    for clock in CLOCKS:
        model = apps.get_model(clock.model)
        assert model._meta.get_field(clock.field).get_internal_type() == "DateField"
        assert import_string(clock.compute)(case) == getattr(case, clock.field), clock.field
        model.objects.filter(**clock.only).exists()  # a filter the model understands
    try:
        reverse(CLOCKS[0].url, args=[1])
    except NoReverseMatch:
        pytest.skip("the ledger's generic pages are not mounted yet (reconsideration:detail)")


def test_the_next_deadline_follows_the_case(accepted, staff):
    case = accepted(received_on=D(2026, 3, 2), accepted_on=D(2026, 3, 3))
    assert case.next_deadline == case.copy_due == D(2026, 3, 12)  # 4–6, 9–12 March: 7 working days
    case = actions.send_copy(case, by=staff, copy_sent_on=D(2026, 3, 4))
    assert case.next_deadline == case.answer_due == D(2026, 3, 18)  # 5, 6, 9–13, 16–18 March
    case = actions.record_answer(case, by=staff, answer_received_on=D(2026, 3, 16))
    assert case.next_deadline == case.decision_due == D(2026, 5, 6)  # day 60 is 2 May, in 劳动节: 6 May
    case = actions.decide(case, by=staff, decided_on=D(2026, 4, 20), outcome="upheld", decision_number="示府复决1号",
                          reasoning="事实清楚")
    assert case.next_deadline is None


def test_a_deadline_in_a_year_without_a_notice_is_provisional_and_recomputed_on_the_notice(receive, monkeypatch):
    """The holiday notice moves a stored deadline through ``procedure.CLOCKS`` (the ledger is not in the catalog's
    ``LEDGERS`` yet, nor its pages mounted: both are stood in for here)."""
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.service import is_provisional
    from fazhi.deadlines.tests.test_notice import NOTICE_2027
    from fazhi.ledgers import clock
    from fazhi.reconsideration.procedure import CLOCKS

    with at(D(2026, 12, 28)):
        case = receive(received_on=D(2026, 12, 28))
    # On weekends alone: Tue 29, Wed 30, Thu 31 December, Fri 1 January (a guess), Mon 4 January.
    assert case.acceptance_due == case.next_deadline == D(2027, 1, 4) and is_provisional(case.acceptance_due)
    monkeypatch.setattr(clock, "clocks", lambda: CLOCKS)
    monkeypatch.setattr(clock, "_url", lambda name, record: f"/reconsideration/{record.pk}/")
    with at(D(2026, 12, 29)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试用2027年节假日安排（虚构）", by=None)
    case.refresh_from_db()
    # The notice (invented for the tests) takes 1 January off: Tue 5 January is the fifth working day.
    assert case.acceptance_due == case.next_deadline == D(2027, 1, 5)
    assert [(c.field, c.before, c.after) for c in plan.recomputed] == [
        ("acceptance_due", D(2027, 1, 4), D(2027, 1, 5))]
