"""Worked examples for every clock a matter stores, on the shipped calendar of 2025–2026 (see conftest).

The regulations' 15, 30 and 60 days are calendar days: the holidays inside them count, and a last day on a rest day
stays put unless FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is on (legal-rules §10, §13 item 9). The 5 days to object are
working days: the holidays are left out and a 调休 working weekend day counts, unless FAZHI_COUNT_MAKEUP_WORKDAYS is
off.
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.petitions import actions
from fazhi.petitions.tests.conftest import at

pytestmark = pytest.mark.django_db

D = date


# -- the 15 days to forward and to tell the petitioner (第22–23条) ------------------------------------------------


def test_the_15_days_from_a_saturday_in_january_end_on_the_first_day_of_the_spring_festival(register):
    # Received Sat 31 Jan 2026: 1–15 Feb is 15 days, ending on Sun 15 Feb, the first day of 春节 (15–23 Feb).
    matter = register(received_on=D(2026, 1, 31))
    assert matter.forward_due == matter.notice_due == matter.next_deadline == D(2026, 2, 15)
    assert matter.objection_due is None  # brought by the petitioner: nothing to object to


def test_the_roll_over_setting_moves_them_past_the_spring_festival(register, settings):
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    matter = register(received_on=D(2026, 1, 31))
    assert matter.forward_due == matter.notice_due == D(2026, 2, 24)  # the first working day after 15–23 Feb


def test_the_15_days_from_late_september_2025_end_inside_the_national_day_break(register, settings):
    # Received Sat 20 Sep 2025: 21–30 Sep is 10 days, 1–5 Oct the other 5: Sun 5 Oct, inside 1–8 Oct.
    assert register(received_on=D(2025, 9, 20)).forward_due == D(2025, 10, 5)
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert register(received_on=D(2025, 9, 20)).forward_due == D(2025, 10, 9)


def test_no_notice_is_due_when_the_name_or_address_is_unclear(register):
    matter = register(received_on=D(2026, 3, 2), identity_unclear=True, petitioner_name="匿名")
    assert matter.notice_due is None and matter.forward_due == matter.next_deadline == D(2026, 3, 17)


# -- the 5 working days to object (第23条) --------------------------------------------------------------------------


def test_the_objection_counts_the_make_up_saturday_of_the_national_day_2026(register):
    # Received Mon 28 Sep 2026: Tue 29 (1), Wed 30 (2), 1–7 Oct off, Thu 8 (3), Fri 9 (4), Sat 10, a make-up working
    # day (5).
    matter = register(received_on=D(2026, 9, 28), received_via="forwarded")
    assert matter.objection_due == matter.next_deadline == D(2026, 10, 10)
    assert matter.forward_due == D(2026, 10, 13)


def test_without_make_up_days_the_objection_runs_to_the_monday(register, settings):
    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = False
    assert register(received_on=D(2026, 9, 28), received_via="assigned").objection_due == D(2026, 10, 12)


def test_the_objection_skips_the_spring_festival_2026(register):
    # Received Thu 12 Feb 2026: Fri 13 (1), Sat 14 make-up (2), 15–23 off, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    assert register(received_on=D(2026, 2, 12), received_via="forwarded").objection_due == D(2026, 2, 26)


def test_the_objection_skips_the_spring_festival_2025_and_counts_its_make_up_sunday(register):
    # Received Fri 24 Jan 2025: Sat 25 rest, Sun 26 make-up (1), Mon 27 (2), 28 Jan–4 Feb off, Wed 5 (3), Thu 6 (4),
    # Fri 7 (5).
    assert register(received_on=D(2025, 1, 24), received_via="forwarded").objection_due == D(2025, 2, 7)


# -- the 60 days of handling and the extension (第34条) ------------------------------------------------------------


def test_sixty_days_from_acceptance_count_the_spring_festival_as_calendar_days(accepted):
    # Received Fri 2 Jan 2026, accepted Mon 5 Jan: 6–31 Jan is 26 days, February 28 (54), 1–6 Mar: Fri 6 Mar.
    matter = accepted(received_on=D(2026, 1, 2))
    assert matter.accepted_on == D(2026, 1, 5)
    assert matter.handling_due == matter.next_deadline == D(2026, 3, 6)
    assert matter.forward_due == D(2026, 1, 17)  # no longer the matter's concern once accepted


def test_sixty_days_ending_in_the_national_day_break_stay_put_unless_the_setting_rolls_them(accepted, settings):
    # Accepted Tue 4 Aug 2026: 5–31 Aug is 27 days, September 30 (57), 1–3 Oct: Sat 3 Oct, inside 1–7 Oct.
    assert accepted(received_on=D(2026, 8, 1)).handling_due == D(2026, 10, 3)
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert accepted(received_on=D(2026, 8, 1)).handling_due == D(2026, 10, 8)


def test_the_extension_adds_at_most_30_days(accepted, world):
    # Accepted Sun 10 Aug 2025: 60 days end Thu 9 Oct; 30 more end Sat 8 Nov (a weekend, not rolled over).
    with at(D(2025, 10, 1)):
        matter = accepted(received_on=D(2025, 8, 7))
        assert matter.handling_due == D(2025, 10, 9)
        matter = actions.extend_handling(matter, by=world.owner, extended_on=D(2025, 9, 30), extension_days=30,
                                         extension_reason="涉及多个部门", extension_approver="局长",
                                         extension_notified_on=D(2025, 10, 1))
    assert matter.handling_due == matter.next_deadline == D(2025, 11, 8)


def test_a_matter_accepted_in_december_runs_into_an_unannounced_year(accepted):
    from fazhi.ledgers.clock import is_provisional

    matter = accepted(received_on=D(2026, 11, 28))  # accepted Tue 1 Dec: 60 days end Sat 30 Jan 2027
    assert matter.handling_due == D(2027, 1, 30)
    assert is_provisional(matter.handling_due)


# -- the review and the second review (第35–36条) -----------------------------------------------------------------


def test_the_time_to_ask_for_a_review_runs_from_the_receipt_of_the_opinion_across_the_spring_festival(replied):
    # Accepted Sat 13 Dec 2025, answered Thu 22 Jan 2026, received Sun 25 Jan: 26–31 Jan is 6 days, 1–24 Feb the
    # other 24: Tue 24 Feb, the first working day after the break.
    matter = replied(received_on=D(2025, 12, 10))
    assert (matter.replied_on, matter.reply_served_on) == (D(2026, 1, 22), D(2026, 1, 25))
    assert matter.review_request_due == D(2026, 2, 24)
    assert matter.next_deadline is None  # the petitioner's period, not the agency's


def test_without_the_receipt_the_time_runs_from_the_issue(replied):
    matter = replied(received_on=D(2025, 12, 10), served=None)
    assert matter.review_request_due == D(2026, 2, 21)  # from Thu 22 Jan: Sat 21 Feb, inside the break


def test_the_review_and_its_opinion(replied, world):
    # The request on Mon 2 Mar 2026: 30 days end Wed 1 Apr.
    matter = replied(received_on=D(2026, 1, 5))
    matter = actions.request_review(matter, by=world.owner, review_requested_on=D(2026, 3, 2),
                                    review_body="示范县人民政府")
    assert matter.review_due == matter.next_deadline == D(2026, 4, 1)
    matter = actions.decide_review(matter, by=world.owner, reviewed_on=D(2026, 3, 30), review_outcome="upheld",
                                   review_summary="维持。", review_served_on=D(2026, 9, 15))
    # The second review asked for within 30 days of Tue 15 Sep 2026: 16–30 Sep is 15, 1–15 Oct the rest: Thu 15 Oct.
    assert matter.recheck_request_due == D(2026, 10, 15) and matter.next_deadline is None


def test_the_review_opinion_due_in_the_national_day_break_2025(replied, world):
    # Asked for on Thu 4 Sep 2025: 5–30 Sep is 26 days, 1–4 Oct the rest: Sat 4 Oct, inside 1–8 Oct.
    matter = replied(received_on=D(2025, 7, 1))
    matter = actions.request_review(matter, by=world.owner, review_requested_on=D(2025, 9, 4),
                                    review_body="示范县人民政府")
    assert matter.review_due == D(2025, 10, 4)


def test_the_hearing_of_the_second_review_is_not_counted(reviewed, world):
    matter = reviewed(received_on=D(2026, 1, 10))  # the review opinion received on Mon 30 Mar
    matter = actions.request_recheck(matter, by=world.owner, recheck_requested_on=D(2026, 4, 1),
                                     recheck_body="示范市人民政府")
    assert matter.recheck_due == matter.next_deadline == D(2026, 5, 1)  # 2–30 Apr is 29 days, 1 May the 30th
    # Hearing 10–14 Apr: five days not counted, so Wed 6 May (the Labour Day days count as calendar days).
    matter = actions.record_recheck_hearing(matter, by=world.owner, recheck_hearing_from=D(2026, 4, 10),
                                            recheck_hearing_to=D(2026, 4, 14))
    assert matter.recheck_due == matter.next_deadline == D(2026, 5, 6)


def test_the_next_deadline_is_the_nearest_of_those_open(register, world):
    # Forwarded and received on Wed 30 Sep 2026: the objection by the fifth working day after the break, the
    # forwarding and the notice 15 calendar days on; the objection comes first, and stays first once told.
    matter = register(received_on=D(2026, 9, 30), received_via="forwarded")
    assert matter.objection_due == D(2026, 10, 13)  # 8, 9, 10 (make-up), 12, 13
    assert matter.forward_due == matter.notice_due == D(2026, 10, 15)
    assert matter.next_deadline == D(2026, 10, 13)
    matter = actions.notify_petitioner(matter, by=world.owner, notified_on=D(2026, 10, 9))
    assert matter.next_deadline == D(2026, 10, 13)
