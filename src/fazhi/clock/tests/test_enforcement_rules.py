"""The clocks of administrative enforcement, on worked examples across 春节 and 国庆 2026.

2026's calendar: 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 中秋 off 9-25 … 9-27; 国庆 off
10-1 … 10-7, make-up working Saturday 10-10. Working-day periods start the day after the event (行政处罚法 第85条:
its 二日、三日、五日、七日 are working days).
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.clock import WorkCalendar, compute_deadline, rule_for

D = dt.date
CAL = WorkCalendar()


def due(code: str, start: dt.date) -> dt.date:
    return compute_deadline(rule_for(code, on=start), start, CAL).due


@pytest.mark.parametrize(("code", "start", "expected", "counted"), [
    # 国办发〔2018〕118号: a penalty decided on Thursday 2-12 is published by 2-28: 2-13, 2-14 (make-up), then
    # 2-24 … 2-27 after 春节, and the make-up Saturday 2-28 as the seventh.
    ("enforcement.publication_penalty", D(2026, 2, 12), D(2026, 2, 28), 7),
    # Another decision on Monday 9-28: 9-29, 9-30, 10-8, 10-9, 10-10 (make-up), then three weeks to 10-30.
    ("enforcement.publication", D(2026, 9, 28), D(2026, 10, 30), 20),
    # 第64条: notice received 9-29, a hearing asked for by 10-12 (9-30, 10-8, 10-9, 10-10, 10-12).
    ("penalty.hearing_request", D(2026, 9, 29), D(2026, 10, 12), 5),
    # 第64条: notified 2-11, the hearing is held on 2-27 at the earliest.
    ("penalty.hearing_notice", D(2026, 2, 11), D(2026, 2, 27), 7),
    # 第61条: decided on Friday 2-13 without the party: served by 3-2.
    ("penalty.service", D(2026, 2, 13), D(2026, 3, 2), 7),
    # 第48条: revoked on 9-30, the published decision is withdrawn by 10-10 (10-8, 10-9, 10-10).
    ("penalty.withdrawal", D(2026, 9, 30), D(2026, 10, 10), 3),
])
def test_working_day_clocks_skip_the_holidays_and_count_make_up_saturdays(code, start, expected, counted):
    assert due(code, start) == expected
    assert CAL.working_days_between(start, expected) == counted  # the same count, by another way


def test_the_case_limit_is_90_calendar_days_and_the_limitation_two_or_five_years():
    assert due("penalty.decision", D(2026, 1, 5)) == D(2026, 4, 5)  # 第60条: holidays are not skipped
    assert due("penalty.limitation", D(2024, 2, 29)) == D(2026, 2, 28)  # 第36条; 民法典 第202条: no 2-29 in 2026
    assert due("penalty.limitation_serious", D(2021, 8, 31)) == D(2026, 8, 31)


def test_each_clock_cites_its_instrument_and_article():
    for code, article in (("penalty.hearing_request", "第六十四条"), ("penalty.withdrawal", "第四十八条"),
                          ("penalty.limitation", "第三十六条")):
        assert article in compute_deadline(rule_for(code, on=D(2026, 3, 2)), D(2026, 3, 2), CAL).explain("zh")
    assert "国办发〔2018〕118号" in compute_deadline(
        rule_for("enforcement.publication", on=D(2026, 3, 2)), D(2026, 3, 2), CAL).explain("zh")
