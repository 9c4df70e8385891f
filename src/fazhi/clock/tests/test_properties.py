"""Properties of working-day arithmetic and due dates, over the whole chinese-calendar range."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.clock import WorkCalendar, compute_deadline, rule_for

CAL = WorkCalendar()
STRICT = WorkCalendar(count_makeup_workdays=False)
# Late enough in 2026 that 40 working days still fall in a covered year.
days = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 10, 31))
calendars = st.sampled_from([CAL, STRICT])


@settings(max_examples=200, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=40), cal=calendars)
def test_add_working_days_lands_on_a_working_day_and_is_monotone(day, n, cal):
    result = cal.add_working_days(day, n)
    assert cal.is_working_day(result)
    assert result > day
    assert cal.add_working_days(day, n + 1) > result
    assert cal.working_days_between(day, result) == n


@settings(max_examples=100, deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=20))
def test_subtracting_undoes_adding_from_a_working_day(day, n):
    start = CAL.next_working_day(day, include=True)
    assert CAL.add_working_days(CAL.add_working_days(start, n), -n) == start


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 9, 30)), cal=calendars)
def test_rolled_over_and_working_day_deadlines_end_on_working_days(day, cal):
    for code in ("reconsideration.decision_simplified", "litigation.defence", "disclosure.reply"):
        deadline = compute_deadline(rule_for(code, on=day), day, cal)
        assert cal.is_working_day(deadline.due)
        assert deadline.due > day


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=dt.date(2022, 5, 1), max_value=dt.date(2026, 9, 30)))
def test_calendar_day_deadlines_are_exact_without_roll_over(day):
    deadline = compute_deadline(rule_for("petition.handling", on=day), day, CAL)
    assert deadline.due == day + dt.timedelta(days=60)
