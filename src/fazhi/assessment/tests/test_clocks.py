"""Worked examples for the rectification deadline across 2026's holidays, and its changes.

The office sets a day when it assigns a finding, or the default period runs: FAZHI_ASSESSMENT_RECTIFICATION_DAYS
calendar days from the assignment (the rule ``assessment.rectification``; UNCONFIRMED nationally, 60 by default). The
start day is not counted. Whether an administrative period's last day rolls over past a holiday is unconfirmed
(legal-rules §13 item 9): it stays put unless FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is on, and then moves to the next
working day, a make-up working day (调休) counting as one.
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.assessment import actions
from fazhi.assessment.tests.conftest import at, message

pytestmark = pytest.mark.django_db

D = date


@pytest.mark.parametrize(("assigned", "days", "plain", "rolled"), [
    # 60 days from Mon 15 September 2026: Sat 14 November; rolled over, Mon 16 November.
    (D(2026, 9, 15), 60, D(2026, 11, 14), D(2026, 11, 16)),
    # 30 days from Tue 1 September: Thu 1 October, National Day (off 1–7 Oct); rolled over, Thu 8 October.
    (D(2026, 9, 1), 30, D(2026, 10, 1), D(2026, 10, 8)),
    # 30 days from Fri 21 August: Sun 20 September, a make-up working day (调休): it stays put either way.
    (D(2026, 8, 21), 30, D(2026, 9, 20), D(2026, 9, 20)),
    # 10 days from Thu 5 February: Sun 15 February, the first day of 春节 (off 15–23 Feb); rolled over, Tue 24.
    (D(2026, 2, 5), 10, D(2026, 2, 15), D(2026, 2, 24)),
    # 30 days from Wed 1 April: Fri 1 May, Labour Day (off 1–5 May); rolled over, Wed 6 May.
    (D(2026, 4, 1), 30, D(2026, 5, 1), D(2026, 5, 6)),
])
def test_the_default_period_ends_so_many_days_later_and_rolls_over_only_with_the_setting(
        find, settings, assigned, days, plain, rolled):
    settings.FAZHI_ASSESSMENT_RECTIFICATION_DAYS = days
    with at(D(2026, 12, 15)):
        item = find(inspection_started_on=D(2026, 1, 5), feedback_on=D(2026, 1, 20), assigned_on=assigned)
    assert item.deadline == item.next_deadline == plain
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    assert actions.deadline_of(item) == rolled


def test_the_default_period_explains_its_setting(bureau):
    deadline = actions.default_deadline(D(2026, 9, 15), bureau)
    assert deadline.due == D(2026, 11, 14)
    assert "FAZHI_ASSESSMENT_RECTIFICATION_DAYS" in str(deadline.explain("en"))


def test_a_day_set_by_the_office_is_kept_whatever_the_calendar(find, settings):
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = True
    item = find(deadline_set=D(2026, 10, 1))
    assert item.deadline == D(2026, 10, 1) and actions.deadline_of(item) == D(2026, 10, 1)


def test_an_item_past_its_deadline_is_overdue_until_closing_is_requested(planned, owner):
    from fazhi.assessment.tests.conftest import pdf

    item = planned()  # due 14 November
    assert item.is_overdue(D(2026, 12, 15)) and not item.is_overdue(D(2026, 11, 14))
    item = actions.request_closing(item, by=owner, requested_on=D(2026, 12, 1), closing_summary="已完成",
                                   evidence=pdf())
    assert not item.is_overdue(D(2026, 12, 15)) and item.next_deadline is None


def test_a_longer_period_moves_the_deadline(planned, office):
    with at(D(2026, 11, 10)):
        item = actions.extend_deadline(planned(), by=office, extended_on=D(2026, 11, 10),
                                       extended_until=D(2026, 12, 31), extension_reason="涉及系统改造。")
    assert item.deadline == item.next_deadline == D(2026, 12, 31) and not item.is_overdue(D(2026, 12, 15))


def test_a_longer_period_is_approved_before_the_deadline_unless_the_setting_allows(planned, office, settings):
    item = planned()  # due 14 November
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.extend_deadline(item, by=office, extended_on=D(2026, 12, 1), extended_until=D(2026, 12, 31),
                                extension_reason="涉及系统改造。")
    assert "passed on 2026-11-14" in message(excinfo, "extended_on")
    settings.FAZHI_ASSESSMENT_EXTEND_BEFORE_DEADLINE = False
    item = actions.extend_deadline(item, by=office, extended_on=D(2026, 12, 1), extended_until=D(2026, 12, 31),
                                   extension_reason="涉及系统改造。")
    assert item.deadline == D(2026, 12, 31)


def test_a_longer_period_ends_later_and_only_the_office_approves_it(planned, office, owner):
    item = planned()
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.extend_deadline(item, by=office, extended_on=D(2026, 11, 1), extended_until=D(2026, 11, 10),
                                extension_reason="x")
    assert "2026-11-14 already" in message(excinfo, "extended_until")
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.extend_deadline(item, by=office, extended_on=D(2026, 11, 1), extended_until=D(2026, 12, 1),
                                extension_reason="")
    assert "needs longer" in message(excinfo, "extension_reason")
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.extend_deadline(item, by=owner, extended_on=D(2026, 11, 1), extended_until=D(2026, 12, 1),
                                extension_reason="x")
    assert "rule-of-law office's to record" in message(excinfo)


def test_a_holiday_notice_recomputes_the_default_deadline(find, settings):
    """The stored deadline is one of the ledger's CLOCKS: computed again by the framework from the item."""
    from fazhi.ledgers.clock import clocks

    assert any(c.model == "assessment.Rectification" and c.field == "deadline" for c in clocks())
    item = find(inspection_started_on=D(2026, 8, 1), feedback_on=D(2026, 8, 20), assigned_on=D(2026, 9, 1))
    settings.FAZHI_ASSESSMENT_RECTIFICATION_DAYS = 30
    assert actions.deadline_of(item) == D(2026, 10, 1)
