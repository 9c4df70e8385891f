"""The demo county's inspections and rectification: items in every state, one overdue, built once, at any time of
the year (dates counted back from today, none after it)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.assessment.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_one_overdue(world, settings, tmp_path, day):
    from fazhi.assessment.demo import PLANS, build_demo_assessment
    from fazhi.assessment.models import Inspection, Rectification

    with at(day):
        assert build_demo_assessment() == {"items": len(PLANS)}
        assert build_demo_assessment() == {"items": 0}
    items = list(Rectification.objects.all())
    assert {i.status for i in items} == set(Rectification.Status.values)
    assert sum(1 for i in items if i.is_overdue(day)) >= 1
    assert any(i.extended_until for i in items) and any(i.times_returned for i in items)
    assert any(i.closed_late for i in items) and any(i.closed_on and not i.closed_late for i in items)
    assert Inspection.objects.count() == 4
    for item in items:
        dates = [d for d in (item.inspection.started_on, item.inspection.ended_on, item.assigned_on, item.plan_on,
                             item.closing_requested_on, item.closed_on) if d]
        assert dates == sorted(dates) and max(dates) <= day, item
