"""The leadership ledger's clocks on worked examples: an instruction's follow-up in working days over 国庆 and its
调休 and over 春节, the day it sets instead, the 述法 due from the setting, and a holiday notice moving them."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.leadership.models import shufa_due_of_year

pytestmark = pytest.mark.django_db


def test_follow_up_over_the_national_day_counts_the_make_up_saturday(instruction):
    # Issued on 中秋, Friday 25 September 2026 (off 9-25 … 9-27), the count starts the day after: working days 28,
    # 29, 30 Sep; 国庆 off 1 … 7 Oct; 8, 9, 10 (the make-up Saturday), 12 … 16, 19 … 22 Oct: the 15th is 22 October.
    given = instruction(issued_on=date(2026, 9, 25))
    assert given.follow_up_due == date(2026, 10, 22)


def test_follow_up_over_the_spring_festival_counts_the_make_up_saturdays(instruction):
    # Issued Tuesday 10 February 2026: 11, 12, 13, 14 (make-up Saturday) Feb; 24, 25, 26, 27, 28 (make-up Saturday);
    # 2, 3, 4, 5, 6 Mar; 9 Mar is the 15th working day.
    given = instruction(issued_on=date(2026, 2, 10))
    assert given.follow_up_due == date(2026, 3, 9)


def test_the_day_the_instruction_sets_is_kept(instruction):
    assert instruction(issued_on=date(2026, 9, 25), due_given=date(2026, 10, 9)).follow_up_due == date(2026, 10, 9)


def test_the_shufa_due_is_the_setting_of_the_year_after(settings):
    assert shufa_due_of_year(2025) == date(2026, 1, 31)
    settings.FAZHI_LEADERSHIP_SHUFA_DUE = "12-31"
    assert shufa_due_of_year(2025) == date(2026, 12, 31)


def test_the_clocks_are_declared_and_recomputed(instruction):
    from fazhi.leadership.actions import follow_up_due_of
    from fazhi.ledgers.clock import clocks

    declared = {(c.model, c.field) for c in clocks()}
    assert {("leadership.Instruction", "follow_up_due"), ("leadership.DutyList", "shufa_due")} <= declared
    given = instruction(issued_on=date(2026, 11, 2))
    assert follow_up_due_of(given) == given.follow_up_due == date(2026, 11, 23)
