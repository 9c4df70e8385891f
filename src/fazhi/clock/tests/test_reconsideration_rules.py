"""The clocks of administrative reconsideration after the application's examination (行政复议法 2023), on worked
examples across 春节 and 国庆 2026.

2026's calendar: 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 国庆 off 10-1 … 10-7, make-up
Saturday 10-10. 第88条第2款: the law's 三日、五日、七日、十日 are working days; longer periods are calendar days rolled
over a last day in a holiday (第88条第1款, 民事诉讼法 第85条).
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.clock import RULES, Unit, WorkCalendar, compute_deadline, rule_for
from fazhi.clock.rules import RuleNotInForce

D = dt.date
CAL = WorkCalendar()


def due(code: str, start: dt.date) -> dt.date:
    return compute_deadline(rule_for(code, on=start), start, CAL).due


@pytest.mark.parametrize(("code", "start", "expected", "counted"), [
    # 第48条: accepted Monday 9-28, the copy goes out by 10-13: 9-29, 9-30, 10-8, 10-9, 10-10 (make-up), 10-12, 10-13.
    ("reconsideration.copy", D(2026, 9, 28), D(2026, 10, 13), 7),
    # 第54条: a simplified case accepted Wednesday 9-30: 10-8, 10-9 and the make-up Saturday 10-10.
    ("reconsideration.copy_simplified", D(2026, 9, 30), D(2026, 10, 10), 3),
    # 第48条: the copy received Thursday 2-12, the answer by 3-4: 2-13, 2-14 (make-up), 2-24 … 2-27, 2-28 (make-up),
    # 3-2, 3-3, 3-4.
    ("reconsideration.answer", D(2026, 2, 12), D(2026, 3, 4), 10),
    # 第54条: received Wednesday 2-11, a simplified answer by 2-25: 2-12, 2-13, 2-14 (make-up), 2-24, 2-25.
    ("reconsideration.answer_simplified", D(2026, 2, 11), D(2026, 2, 25), 5),
    # 第31条第2款: the notice to correct received Tuesday 2-10, the materials by 3-2.
    ("reconsideration.correction", D(2026, 2, 10), D(2026, 3, 2), 10),
    # 第51条第1款: told of the hearing on Tuesday 9-29, it is held from 10-12 (9-30, 10-8, 10-9, 10-10, 10-12).
    ("reconsideration.hearing_notice", D(2026, 9, 29), D(2026, 10, 12), 5),
])
def test_working_day_clocks_skip_the_holidays_and_count_make_up_days(code, start, expected, counted):
    assert due(code, start) == expected
    assert CAL.working_days_between(start, expected) == counted  # the same count, by another way


def test_the_reply_to_a_recommendation_letter_is_60_days_rolled_over_national_day():
    # 第76条: received Monday 8-3: day 60 is Friday 10-2, in 国庆, so the first day after it, Thursday 10-8.
    deadline = compute_deadline(rule_for("reconsideration.recommendation_reply", on=D(2026, 8, 3)), D(2026, 8, 3), CAL)
    assert deadline.base_due == D(2026, 10, 2) and deadline.due == D(2026, 10, 8)


def test_an_applicant_not_told_of_the_right_has_at_most_a_year():
    # 第20条第3款: one year from knowing the act's content, counted in months (民法典 第202条).
    assert due("reconsideration.application_uninformed", D(2025, 3, 2)) == D(2026, 3, 2)
    assert due("reconsideration.application_uninformed", D(2024, 2, 29)) == D(2025, 2, 28)


@pytest.mark.parametrize(("code", "article", "paragraph", "length", "unit"), [
    ("reconsideration.application_uninformed", 20, 3, 12, Unit.MONTH),
    ("reconsideration.correction", 31, 2, 10, Unit.WORKING_DAY),
    ("reconsideration.copy", 48, None, 7, Unit.WORKING_DAY),
    ("reconsideration.answer", 48, None, 10, Unit.WORKING_DAY),
    ("reconsideration.copy_simplified", 54, 1, 3, Unit.WORKING_DAY),
    ("reconsideration.answer_simplified", 54, 1, 5, Unit.WORKING_DAY),
    ("reconsideration.hearing_notice", 51, 1, 5, Unit.WORKING_DAY),
    ("reconsideration.recommendation_reply", 76, None, 60, Unit.CALENDAR_DAY_ROLLOVER),
])
def test_each_rule_cites_the_2023_law_and_starts_with_it(code, article, paragraph, length, unit):
    rule = RULES[code]
    assert (rule.instrument.code, rule.article, rule.paragraph) == ("admin_reconsideration_law_2023", article,
                                                                    paragraph)
    assert (rule.length, rule.unit, rule.valid_from) == (length, unit, D(2024, 1, 1))
    assert rule.max_extension is None
    with pytest.raises(RuleNotInForce):
        rule_for(code, on=D(2023, 12, 31))
    deadline = compute_deadline(rule, D(2026, 3, 2), CAL)
    assert "行政复议法" in deadline.explain("zh") and deadline.explain("en")
