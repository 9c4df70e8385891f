"""Worked examples of the contract review's clock (``advisers.contract_review``) across the holidays of 2025 and 2026.

The time is the province's, in working days from the day after receipt; where the province sets none, the setting
FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS (7 by default) stands in (UNCONFIRMED nationally: legal-rules.md names no time
limit). A make-up working day (调休) counts as a working day while FAZHI_COUNT_MAKEUP_WORKDAYS is on (legal-rules §10,
§13 item 9).
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.advisers import actions

pytestmark = pytest.mark.django_db

D = date


@pytest.mark.parametrize(("received", "due_on"), [
    # Mon 2 Mar 2026: 3, 4, 5, 6, 9, 10, 11 March.
    (D(2026, 3, 2), D(2026, 3, 11)),
    # Fri 13 Feb 2026: Sat 14 (调休), then 春节 15–23 off; 24, 25, 26, 27, Sat 28 (调休), Mon 2 March.
    (D(2026, 2, 13), D(2026, 3, 2)),
    # Thu 24 Sep 2026: Fri 25 to Sun 27 中秋 off; 28, 29, 30; 国庆 1–7 off; 8, 9, Sat 10 (调休), Mon 12 October.
    (D(2026, 9, 24), D(2026, 10, 12)),
    # Fri 24 Jan 2025: Sun 26 (调休), Mon 27; 春节 28 Jan – 4 Feb off; 5, 6, 7, Sat 8 (调休), Mon 10 February.
    (D(2025, 1, 24), D(2025, 2, 10)),
])
def test_the_review_is_due_seven_working_days_after_receipt(receive, received, due_on):
    review = receive(received_on=received)
    assert review.review_due == review.next_deadline == due_on


def test_without_make_up_days_the_spring_festival_review_ends_later(receive, settings):
    from fazhi.deadlines.service import clear_cache

    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = False
    clear_cache()
    try:
        # Fri 13 Feb 2026: 24, 25, 26, 27 February, 2, 3, 4 March.
        assert receive(received_on=D(2026, 2, 13)).review_due == D(2026, 3, 4)
    finally:
        settings.FAZHI_COUNT_MAKEUP_WORKDAYS = True
        clear_cache()


def test_the_setting_and_then_the_province_set_the_length(receive, settings, bureau):
    from fazhi.deadlines.models import ProvincialDeadline
    from fazhi.deadlines.service import clear_cache, province_of

    settings.FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS = 5
    assert receive(received_on=D(2026, 3, 2)).review_due == D(2026, 3, 9)  # 3, 4, 5, 6, 9 March
    ProvincialDeadline.objects.create(province=province_of(bureau.region.code), rule_code="advisers.contract_review",
                                      length=10, source="某省行政机关合同管理办法（虚构）第12条",
                                      valid_from=D(2020, 1, 1))
    clear_cache()
    assert receive(received_on=D(2026, 3, 2)).review_due == D(2026, 3, 16)


def test_the_explanation_cites_the_setting_standing_in_for_the_province(receive, bureau):
    from fazhi.advisers.models import contract_review_days
    from fazhi.deadlines.service import due_date, explain

    deadline = due_date("advisers.contract_review", D(2026, 3, 2), province=bureau.region.code,
                        default_length=(contract_review_days(), "FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS"))
    assert deadline.due == D(2026, 3, 11)
    assert "FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS" in explain(deadline)


def test_the_stored_clock_is_computed_again_to_the_same_date(receive):
    from django.apps import apps
    from django.urls import reverse
    from django.utils.module_loading import import_string

    from fazhi.advisers.procedure import CLOCKS

    review = receive(received_on=D(2026, 9, 24))
    assert [(c.model, c.field) for c in CLOCKS] == [("advisers.ContractReview", "review_due")]
    clock = CLOCKS[0]
    assert not apps.get_model(clock.model)._meta.get_field(clock.field).editable
    assert import_string(clock.compute)(review) == review.review_due
    assert reverse(clock.url, args=[review.pk]) == f"/advisers/contracts/{review.pk}/"


def test_a_review_running_into_an_unannounced_year_is_provisional_and_moves_with_the_notice(receive):
    from fazhi.advisers.tests.conftest import at
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.tests.test_notice import NOTICE_2027
    from fazhi.ledgers.clock import is_provisional

    # Wed 23 Dec 2026: 24, 25, 28, 29, 30, 31 December, Fri 1 January 2027 while 2027 has no notice.
    with at(D(2026, 12, 23)):
        review = receive(received_on=D(2026, 12, 23))
    assert review.review_due == D(2027, 1, 1) and is_provisional(review.review_due)
    with at(D(2026, 12, 24)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试用2027年节假日安排（虚构）", by=None)
    review.refresh_from_db()
    # The (invented) notice takes 1–3 January 2027 off: the seventh working day is Mon 4 January.
    assert review.review_due == review.next_deadline == D(2027, 1, 4)
    assert any(c.record.pk == review.pk and c.field == "review_due" for c in plan.recomputed)
    assert actions.review_due_of(review) == D(2027, 1, 4)
