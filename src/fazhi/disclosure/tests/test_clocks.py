"""Worked examples for every clock a request stores, across 春节 and 国庆 of 2025 and 2026 and their 调休 days
(conftest's calendar).

Each expected date is counted by hand in the comment above it. 政府信息公开条例 writes its periods in working days
(个工作日); day 1 is the working day after the event, and a 调休 make-up Saturday or Sunday is a working day
(``FAZHI_COUNT_MAKEUP_WORKDAYS``, legal-rules §10).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from fazhi.core.ledger import IllegalTransition
from fazhi.disclosure import actions
from fazhi.disclosure.procedure import CLOCKS
from fazhi.disclosure.tests.conftest import at, message

pytestmark = pytest.mark.django_db

D = date


# -- the reply: 20 working days (第33条第2款) ---------------------------------------------------------------------------


def test_the_reply_is_due_in_20_working_days_across_spring_festival_2026(receive):
    # Received Thu 5 Feb 2026: 6 Feb (1); 9–13 (6); Sat 14, a make-up day (7); 15–23 off; 24–27 (11); Sat 28 (12);
    # 2–6 Mar (17); 9, 10, Wed 11 Mar (20).
    request = receive(received_on=D(2026, 2, 5))
    assert request.reply_due == request.next_deadline == D(2026, 3, 11)


def test_the_reply_is_due_in_20_working_days_across_spring_festival_2025(receive):
    # Received Mon 20 Jan 2025: 21–24 (4); Sun 26, a make-up day (5); 27 (6); 28 Jan – 4 Feb off; 5, 6, 7 (9);
    # Sat 8 Feb, a make-up day (10); 10–14 (15); 17–21 (20): Fri 21 Feb.
    request = receive(received_on=D(2025, 1, 20))
    assert request.reply_due == D(2025, 2, 21)


def test_the_reply_is_due_in_20_working_days_across_national_day_2025(receive):
    # Received Fri 19 Sep 2025: 22–26 (5); Sun 28, a make-up day (6); 29, 30 (8); 1–8 Oct off; 9, 10 (10); Sat 11,
    # a make-up day (11); 13–17 (16); 20–23 (20): Thu 23 Oct.
    request = receive(received_on=D(2025, 9, 19))
    assert request.reply_due == D(2025, 10, 23)


def test_the_reply_is_due_in_20_working_days_across_mid_autumn_and_national_day_2026(receive):
    # Received Mon 21 Sep 2026: 22–24 (3); 25–27 中秋 off; 28–30 (6); 1–7 Oct off; 8, 9 (8); Sat 10, a make-up
    # day (9); 12–16 (14); 19–23 (19); Mon 26 Oct (20).
    request = receive(received_on=D(2026, 9, 21))
    assert request.reply_due == D(2026, 10, 26)


# -- the notice to correct: 7 working days (第30条) -------------------------------------------------------------------


def test_the_notice_to_correct_is_due_in_7_working_days_across_national_day_2026(receive):
    # Received Tue 29 Sep 2026: Wed 30 (1); 1–7 Oct off; 8 (2), 9 (3), Sat 10 make-up (4), 12 (5), 13 (6), Wed 14 (7).
    request = receive(received_on=D(2026, 9, 29))
    assert request.correction_notice_due == D(2026, 10, 14)
    assert request.next_deadline == request.reply_due  # an optional step: never the next deadline


def test_the_notice_to_correct_is_due_in_7_working_days_across_spring_festival_2025(receive):
    # Received Fri 24 Jan 2025: Sun 26 make-up (1), 27 (2); 28 Jan – 4 Feb off; 5 (3), 6 (4), 7 (5), Sat 8 make-up
    # (6), Mon 10 Feb (7).
    request = receive(received_on=D(2025, 1, 24))
    assert request.correction_notice_due == D(2025, 2, 10)


def test_a_correction_stops_the_reply_and_it_runs_afresh_from_the_corrected_request(receive, staff):
    request = receive(received_on=D(2026, 2, 9))
    request = actions.request_correction(request, by=staff, correction_requested_on=D(2026, 2, 11),
                                         correction_items="请写明文件名称", correction_period_ends=D(2026, 3, 2))
    assert request.status == "correcting" and request.reply_due is None  # it waits for the correction
    assert request.next_deadline == D(2026, 3, 2)  # the end of the time to correct
    request = actions.record_correction(request, by=staff, corrected_on=D(2026, 2, 24))
    # Afresh from Tue 24 Feb: 25–27 (3), Sat 28 make-up (4), 2–6 Mar (9), 9–13 (14), 16–20 (19), Mon 23 Mar (20).
    assert request.status == "received"
    assert request.reply_due == request.next_deadline == D(2026, 3, 23)


# -- consultations: 15 working days to answer (第32、34条), not counted in the reply (第33条第3款) -------------------


def test_the_third_partys_answer_is_due_in_15_working_days_of_its_receipt(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="third_party",
                                         consulted_party="示范县某食品有限公司", consultation_sent_on=D(2026, 3, 9),
                                         consultation_delivered_on=D(2026, 3, 10))
    # From Tue 10 Mar: 11–13 (3), 16–20 (8), 23–27 (13), 30, Tue 31 Mar (15).
    assert request.status == "consulting"
    assert request.consultation_due == request.next_deadline == D(2026, 3, 31)
    assert request.reply_due is None  # paused while the third party is consulted


def test_another_agencys_answer_is_due_in_15_working_days_across_national_day_2025(receive, staff):
    with at(D(2025, 9, 25)):
        request = receive(received_on=D(2025, 9, 22))
        request = actions.start_consultation(request, by=staff, consultation_kind="other_agency",
                                             consulted_party="示范县发展和改革局", consultation_sent_on=D(2025, 9, 24))
    # From Wed 24 Sep 2025 (the receipt not known): 25, 26 (2), Sun 28 make-up (3), 29, 30 (5); 1–8 Oct off; 9, 10
    # (7), Sat 11 make-up (8), 13–17 (13), 20, Tue 21 Oct (15).
    assert request.consultation_due == D(2025, 10, 21)


def test_the_consultation_is_not_counted_in_the_reply_period(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="third_party",
                                         consulted_party="示范县某食品有限公司", consultation_sent_on=D(2026, 3, 9))
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 20),
                                                 consultation_opinion="objection", consultation_note="涉及商业秘密")
    # 3–6 Mar (4), Mon 9 (5: the day the letter goes out still counts, FAZHI_PAUSE_START_DAY_COUNTS); 10–20 Mar
    # not counted; 23–27 (10), 30 Mar – 3 Apr (15); 4–6 Apr 清明 off; 7–10 (19), Mon 13 Apr (20).
    assert request.status == "received"
    assert request.reply_due == request.next_deadline == D(2026, 4, 13)
    assert request.consultations[0]["opinion"] == "objection"


def test_without_the_first_day_of_the_consultation_the_reply_is_a_day_later(receive, staff, settings):
    settings.FAZHI_PAUSE_START_DAY_COUNTS = False
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="third_party",
                                         consulted_party="某公司", consultation_sent_on=D(2026, 3, 9))
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 20),
                                                 consultation_opinion="consent")
    assert request.reply_due == D(2026, 4, 14)  # 9 March is not counted either


def test_the_pause_ends_with_the_parties_15_working_days_unless_the_setting_says_otherwise(receive, staff, settings):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="third_party", consulted_party="某公司",
                                         consultation_sent_on=D(2026, 3, 9), consultation_delivered_on=D(2026, 3, 10))
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 4, 10),
                                                 consultation_opinion="no_answer")
    # The answer was due Tue 31 Mar: the pause ends then. 3–6, 9 Mar (5); 1–3 Apr (8); 7–10 (12); 13–17 (17);
    # 20–22 (20): Wed 22 Apr.
    assert request.reply_due == D(2026, 4, 22)
    settings.FAZHI_DISCLOSURE_PAUSE_CAPPED = False
    # Until the silence was recorded, Fri 10 Apr: 13–17 (10), 20–24 (15), 27–30 (19); 1–5 May off; Wed 6 May (20).
    assert actions.reply_due_of(request) == D(2026, 5, 6)


# -- the extension: at most 20 working days (第33条第2款) --------------------------------------------------------------


def test_an_extension_adds_working_days_after_the_period(receive, staff):
    request = receive(received_on=D(2025, 9, 19))
    with at(D(2025, 10, 20)):
        request = actions.extend(request, by=staff, extended_on=D(2025, 10, 20), extension_days=10,
                                 extension_reason="需调取档案", extension_approver="政务公开办主任",
                                 extension_notified_on=D(2025, 10, 20))
    # The 20 days end Thu 23 Oct 2025; 10 more: 24 (1), 27–31 (6), 3–6 Nov (10): Thu 6 Nov.
    assert request.reply_due == request.next_deadline == D(2025, 11, 6)


def test_the_longest_extension_is_20_working_days(receive, staff):
    request = receive(received_on=D(2026, 2, 2))
    # 20 days end Fri 6 Mar (春节 and its two make-up Saturdays); 20 more: 9 Mar – 3 Apr, before 清明.
    with at(D(2026, 3, 5)):
        with pytest.raises(ValidationError) as excinfo:
            actions.extend(request, by=staff, extended_on=D(2026, 3, 5), extension_days=21, extension_reason="档案多",
                           extension_approver="主任", extension_notified_on=D(2026, 3, 5))
        assert message(excinfo, "extension_days") == (
            "An extension is at most 20 working days (政府信息公开条例 第33条第2款).")
        request = actions.extend(request, by=staff, extended_on=D(2026, 3, 5), extension_days=20,
                                 extension_reason="档案多", extension_approver="主任",
                                 extension_notified_on=D(2026, 3, 5))
        assert request.reply_due == D(2026, 4, 3)
        with pytest.raises(IllegalTransition) as excinfo:
            actions.extend(request, by=staff, extended_on=D(2026, 3, 5), extension_days=1, extension_reason="再延",
                           extension_approver="主任", extension_notified_on=D(2026, 3, 5))
    assert message(excinfo) == ("The reply period was already extended on 2026-03-05 by 20 working days "
                                "(政府信息公开条例 第33条第2款: at most 20 working days).")


def test_an_extension_during_a_consultation_counts_once_the_answer_comes(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="third_party", consulted_party="某公司",
                                         consultation_sent_on=D(2026, 3, 9))
    request = actions.extend(request, by=staff, extended_on=D(2026, 3, 12), extension_days=5,
                             extension_reason="第三方意见较多", extension_approver="主任",
                             extension_notified_on=D(2026, 3, 13))
    assert request.reply_due is None  # still paused
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 20),
                                                 consultation_opinion="consent")
    # 13 Apr as above, then 5 more: 14–17 (4), Mon 20 Apr (5).
    assert request.reply_due == D(2026, 4, 20)


# -- the stored clocks -------------------------------------------------------------------------------------------------


def test_every_stored_clock_is_computed_again_to_the_same_date(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="other_agency",
                                         consulted_party="示范县财政局", consultation_sent_on=D(2026, 3, 4))
    assert {c.field for c in CLOCKS} == {"correction_notice_due", "consultation_due", "reply_due"}
    for clock in CLOCKS:
        model = apps.get_model(clock.model)
        assert model._meta.get_field(clock.field).get_internal_type() == "DateField"
        assert import_string(clock.compute)(request) == getattr(request, clock.field), clock.field
        model.objects.filter(**clock.only).exists()  # a filter the model understands
        assert clock.url == "disclosure:detail"


def test_the_reply_due_explains_itself(receive, staff):
    request = receive(received_on=D(2026, 3, 2))
    request = actions.start_consultation(request, by=staff, consultation_kind="third_party", consulted_party="某公司",
                                         consultation_sent_on=D(2026, 3, 9))
    request = actions.record_consultation_answer(request, by=staff, consultation_answered_on=D(2026, 3, 20),
                                                 consultation_opinion="consent")
    explained = actions.reply_due_deadline(request).explain("zh")
    assert "第三十三条" in explained and "2026年4月13日" in explained


def test_a_reply_reaching_into_a_year_without_a_notice_is_provisional_and_recomputed_on_the_notice(
        receive, monkeypatch):
    """The holiday notice moves a stored deadline through ``procedure.CLOCKS`` (the ledger is not in the catalog's
    ``LEDGERS`` yet, nor its pages mounted: both are stood in for here)."""
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.service import is_provisional
    from fazhi.deadlines.tests.test_notice import NOTICE_2027
    from fazhi.ledgers import clock

    with at(D(2026, 12, 15)):
        request = receive(received_on=D(2026, 12, 14))
    # On weekends alone: 15–18 Dec (4), 21–25 (9), 28–31 (13), Fri 1 Jan (14, a guess), 4–8 (19), Mon 11 Jan (20).
    assert request.reply_due == request.next_deadline == D(2027, 1, 11) and is_provisional(request.reply_due)
    monkeypatch.setattr(clock, "clocks", lambda: CLOCKS)
    monkeypatch.setattr(clock, "_url", lambda name, record: f"/disclosure/{record.pk}/")
    with at(D(2026, 12, 16)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试用2027年节假日安排（虚构）", by=None)
    request.refresh_from_db()
    # The notice (invented for the tests) takes 1 January off: Tue 12 January is the twentieth working day.
    assert request.reply_due == request.next_deadline == D(2027, 1, 12)
    assert ("reply_due", D(2027, 1, 11), D(2027, 1, 12)) in [(c.field, c.before, c.after) for c in plan.recomputed]
