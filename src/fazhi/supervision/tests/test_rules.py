"""The status rule on worked dates (厅字〔2019〕28号: filed by 3月1日, public before 4月1日; settings' defaults)."""

from datetime import date

import pytest

from fazhi.supervision import rules

DUE = rules.Deadlines(filing=date(2026, 3, 1), publication=date(2026, 3, 31))


@pytest.mark.parametrize(("filed", "published", "today", "expected"), [
    (None, None, date(2026, 2, 10), rules.NOT_YET),  # nothing yet, before the filing day
    (None, None, date(2026, 3, 1), rules.NOT_YET),  # the filing day itself still counts
    (None, None, date(2026, 3, 2), rules.MISSING),  # the day after: nothing filed
    (date(2026, 2, 20), None, date(2026, 3, 10), rules.FILED),  # filed on time, publication not due yet
    (date(2026, 3, 1), None, date(2026, 3, 31), rules.FILED),
    (date(2026, 2, 20), None, date(2026, 4, 1), rules.MISSING),  # filed, but not public before 4月1日
    (date(2026, 2, 20), date(2026, 3, 20), date(2026, 12, 1), rules.PUBLISHED),
    (None, date(2026, 3, 20), date(2026, 12, 1), rules.PUBLISHED),  # public on time, filing not recorded
    (date(2026, 3, 5), None, date(2026, 3, 10), rules.LATE),  # filed after 3月1日
    (date(2026, 3, 5), date(2026, 3, 20), date(2026, 12, 1), rules.LATE),
    (date(2026, 2, 20), date(2026, 4, 8), date(2026, 12, 1), rules.LATE),  # published after 3月31日
    (date(2026, 3, 5), None, date(2026, 4, 2), rules.MISSING),  # late filing and no publication: missing wins
])
def test_status_on_worked_dates(filed, published, today, expected):
    assert rules.status_of(filed_on=filed, published_on=published, due=DUE, today=today) == expected


def test_deadlines_follow_the_settings(settings):
    settings.FAZHI_REPORT_FILING_DAY = "02-28"
    settings.FAZHI_REPORT_PUBLICATION_DAY = "03-31"
    due = rules.deadlines(2025)
    assert (due.filing, due.publication) == (date(2026, 2, 28), date(2026, 3, 31))
    assert rules.deadlines(2025, demonstration=True).filing == date(2026, 1, 31)


def test_the_year_being_chased_is_last_year():
    assert rules.reporting_year(date(2026, 12, 7)) == 2025
    assert rules.reporting_year(date(2027, 2, 1)) == 2026
