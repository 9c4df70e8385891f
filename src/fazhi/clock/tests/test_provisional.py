"""A deadline reaching into a year without a holiday notice: refused by the calendar itself, given provisionally by
its provisional view, counted on weekends alone and saying so."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.clock import CalendarNotCovered, HolidayTable, WorkCalendar
from fazhi.clock.compute import compute_deadline
from fazhi.clock.rules import rule_for

D = dt.date
#: chinese-calendar's years only: 2027 has no notice.
CALENDAR = WorkCalendar()
RULE = rule_for("disclosure.reply", on=D(2026, 12, 1))


def test_the_calendar_refuses_a_year_it_does_not_cover():
    assert not CALENDAR.covers(2027)
    with pytest.raises(CalendarNotCovered):
        compute_deadline(RULE, D(2026, 12, 21), CALENDAR)


def test_the_provisional_view_counts_the_year_on_weekends_alone_and_says_so():
    # Mon 21 Dec 2026: 22–31 Dec are 8 working days; then 2027 on weekends alone: 1 Jan (a Friday, no New Year's
    # Day yet) is day 9, 4–8 Jan 10–14, 11–15 Jan 15–19, Mon 18 Jan day 20.
    deadline = compute_deadline(RULE, D(2026, 12, 21), CALENDAR.provisional())

    assert deadline.due == D(2027, 1, 18)
    assert deadline.provisional and deadline.provisional_years == {2027}
    assert "暂定：2027年的节假日安排尚未录入" in deadline.explain("zh")
    assert "Provisional: the holiday notice for 2027 has not been entered" in deadline.explain("en")


def test_a_deadline_within_covered_years_is_not_provisional():
    deadline = compute_deadline(RULE, D(2026, 3, 2), CALENDAR.provisional())

    assert not deadline.provisional and "暂定" not in deadline.explain("zh")


def test_once_the_notice_is_in_the_same_start_gives_the_real_due_date():
    # An invented 2027 notice: 1–3 Jan off. The same start then ends a working day later, on Tuesday 19 Jan.
    entered = HolidayTable.build("holiday table", [2027], [(D(2027, 1, day), "holiday", "元旦") for day in (1, 2, 3)])
    calendar = WorkCalendar([entered])

    deadline = compute_deadline(RULE, D(2026, 12, 21), calendar.provisional())

    assert deadline.due == D(2027, 1, 19) and not deadline.provisional


def test_each_view_records_its_own_guesses():
    first, second = CALENDAR.provisional(), CALENDAR.provisional()
    compute_deadline(RULE, D(2026, 12, 21), first)

    assert first.guessed_years == {2027} and second.guessed_years == set()
    assert not hasattr(CALENDAR, "guessed_years")
