"""Worked examples for the consultation and legality-review periods (legal-rules §2.2, §3.2, §3.4)."""

import datetime as dt

from fazhi.clock import compute_deadline
from fazhi.clock.calendar import WorkCalendar
from fazhi.clock.rules import rule_for

CALENDAR = WorkCalendar()  # chinese-calendar; 调休 working days count (the default)


def _due(code, start, **kw):
    return compute_deadline(rule_for(code, start), start, CALENDAR, **kw).due


def test_normative_comment_period_is_seven_working_days_across_national_day():
    # Draft published Monday 2025-09-29 (not counted); 09-30 is day 1, 10-01..10-08 are off, then 10-09,
    # 10-10, Saturday 10-11 (调休 working day), 10-13, 10-14 and 10-15 is the seventh working day.
    assert _due("consultation.normative", dt.date(2025, 9, 29)) == dt.date(2025, 10, 15)


def test_market_related_comment_period_is_thirty_calendar_days():
    assert _due("consultation.market", dt.date(2026, 3, 2)) == dt.date(2026, 4, 1)


def test_decision_comment_period_cites_article_15():
    rule = rule_for("consultation.decision", dt.date(2026, 3, 2))
    assert rule.article == 15 and rule.length == 30
    assert _due("consultation.decision", dt.date(2026, 3, 2)) == dt.date(2026, 4, 1)


def test_decision_legality_review_gets_seven_working_days_over_spring_festival():
    # Submitted Friday 2026-02-13; Saturday 02-14 (调休) is day 1, 02-15..02-23 are off, 02-24..02-27 are days
    # 2-5, Saturday 02-28 (调休) day 6, Monday 03-02 day 7: the reviewer has until then.
    assert _due("decision.legality_review", dt.date(2026, 2, 13)) == dt.date(2026, 3, 2)


def test_normative_legality_review_length_is_provincial():
    rule = rule_for("normative.legality_review", dt.date(2026, 3, 2))
    assert rule.length_is_local and rule.length == 15
    assert _due("normative.legality_review", dt.date(2026, 3, 2), length_override=5) == dt.date(2026, 3, 9)
