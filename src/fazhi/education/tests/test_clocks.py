"""The education ledger's clocks on worked examples: the year's list due on the setting's day (a day off moved to the
next working day, a make-up working day kept), its year-end review, and an exam's scores due 10 working days after
it, holidays skipped and make-up working days counted; a clock reaching into a year without a holiday notice is
provisional. All three are declared in ``CLOCKS``."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.education import actions
from fazhi.education.models import ResponsibilityList
from fazhi.education.tests.conftest import at

pytestmark = pytest.mark.django_db

D = date


def _due(year: int) -> date:
    return actions.publication_due_of(ResponsibilityList(year=year))


def test_the_list_is_due_on_the_settings_day_of_its_year(drafted):
    record = drafted(items=0)
    # 2026-03-31 is a Tuesday: no move.
    assert record.publication_due == record.next_deadline == D(2026, 3, 31)
    assert record.review_due == D(2026, 12, 31)


def test_a_due_day_in_the_national_day_holiday_moves_to_the_first_working_day_after_it(settings):
    settings.FAZHI_EDUCATION_LIST_DUE = "10-01"
    assert _due(2026) == D(2026, 10, 8)  # 10-1 … 10-7 off


def test_a_due_day_on_a_make_up_working_saturday_stays(settings):
    settings.FAZHI_EDUCATION_LIST_DUE = "10-10"
    assert _due(2026) == D(2026, 10, 10)  # Saturday, worked in place of a holiday


def test_a_due_day_on_an_ordinary_sunday_moves_to_monday(settings):
    settings.FAZHI_EDUCATION_LIST_DUE = "03-29"
    assert _due(2026) == D(2026, 3, 30)


def test_february_29_in_a_common_year_is_the_28th(settings):
    settings.FAZHI_EDUCATION_LIST_DUE = "02-29"
    assert _due(2027) == D(2027, 3, 1)  # 2027-02-28 is a Sunday; 2027 has no notice yet, so weekends alone


def test_the_scores_are_due_10_working_days_after_the_exam_across_national_day(exam):
    # Tuesday 29 September: 9-30 (1); 10-1 … 10-7 off; 10-8 (2), 10-9 (3), Saturday 10-10 worked (4); 10-12 … 10-16
    # (5–9); Monday 10-19 (10).
    held = exam(held_on=D(2026, 9, 29))
    assert held.scores_due == held.next_deadline == D(2026, 10, 19)


def test_the_scores_clock_follows_the_setting(exam, settings):
    settings.FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS = 3
    held = exam(held_on=D(2026, 9, 29))
    assert held.scores_due == D(2026, 10, 9)


def test_a_clock_reaching_into_a_year_without_a_notice_is_provisional(exam):
    from fazhi.ledgers.clock import is_provisional

    with_notice = exam(held_on=D(2026, 12, 14))
    # Monday 14 December: 12-15 … 12-18 (4), 12-21 … 12-25 (9), Monday 12-28 (10).
    assert with_notice.scores_due == D(2026, 12, 28) and not is_provisional(with_notice.scores_due)
    with at(D(2026, 12, 29)):
        late = exam(held_on=D(2026, 12, 28))
    # 12-29 … 12-31 (3), then 2027 on weekends alone: 1-1 (4), 1-4 … 1-8 (9), Monday 1-11 (10).
    assert late.scores_due == D(2027, 1, 11) and is_provisional(late.scores_due)


def test_the_clocks_are_declared_and_recomputed_by_the_framework():
    from fazhi.ledgers.clock import clocks

    declared = {(c.model, c.field) for c in clocks() if c.model.startswith("education.")}
    assert declared == {("education.ResponsibilityList", "publication_due"),
                        ("education.ResponsibilityList", "review_due"), ("education.Exam", "scores_due")}


def test_next_deadline_follows_the_lists_steps(drafted, owner):
    record = drafted()
    record = actions.publish_list(record, by=owner, published_on=D(2026, 3, 20), published_where="局门户网站")
    assert record.next_deadline == D(2026, 12, 31)
    record = actions.review_list(record, by=owner, reviewed_on=D(2026, 12, 10), review_summary="全部完成")
    assert record.next_deadline is None
