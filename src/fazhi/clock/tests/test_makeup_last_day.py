"""A deadline whose last day is a make-up working day says so, and names the notice that made it one."""

from __future__ import annotations

import datetime as dt

from fazhi.clock import HolidayTable, WorkCalendar
from fazhi.clock.compute import compute_deadline
from fazhi.clock.rules import rule_for

D = dt.date


def test_the_shipped_data_is_named_as_the_source():
    # 20 working days from Mon 26 Jan 2026 end on Saturday 28 Feb, a make-up working day after 春节.
    deadline = compute_deadline(rule_for("disclosure.reply", on=D(2026, 1, 26)), D(2026, 1, 26), WorkCalendar())

    assert deadline.due == D(2026, 2, 28)
    assert "该日为春节调休上班日，依软件内置的国务院办公厅节假日安排。" in deadline.explain("zh")
    assert "It is a make-up working day (Spring Festival), set by the State Council's holiday notices shipped" in (
        deadline.explain("en"))


def test_an_entered_notice_is_named_by_its_number():
    # An invented 2031 in which Saturday 8 Feb is a make-up working day of 春节 (1 to 7 Feb off).
    rows = [(D(2031, 2, day), "holiday", "春节", "国办发明电〔2030〕9号") for day in range(1, 8)]
    rows.append((D(2031, 2, 8), "workday", "春节", "国办发明电〔2030〕9号"))
    calendar = WorkCalendar([HolidayTable.build("holiday table", [2031], rows)])
    start = D(2031, 1, 27)  # Monday, not counted: 28–31 Jan are four working days, Saturday 8 Feb the fifth
    rule = rule_for("disclosure.reply", on=D(2026, 1, 1))

    deadline = compute_deadline(rule, start, calendar, length_override=5, length_source="测试")

    assert deadline.due == D(2031, 2, 8)
    assert "该日为春节调休上班日，依国办发明电〔2030〕9号。" in deadline.explain("zh")


def test_an_ordinary_last_day_says_nothing_of_make_up_days():
    deadline = compute_deadline(rule_for("disclosure.reply", on=D(2026, 3, 2)), D(2026, 3, 2), WorkCalendar())

    assert "调休上班日，依" not in deadline.explain("zh") and "It is a make-up" not in deadline.explain("en")
