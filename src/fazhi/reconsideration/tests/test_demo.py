"""The demo county's reconsideration cases: every state, some late, idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from fazhi.reconsideration.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.reconsideration.demo import EARLIER, PLANS, build_demo_reconsideration
    from fazhi.reconsideration.models import Case

    with at(day):
        first = build_demo_reconsideration()
        second = build_demo_reconsideration()
    assert first["cases"] == len(PLANS) + len(EARLIER) and second["cases"] == 0
    cases = list(Case.objects.all())
    assert len(cases) == len(PLANS) + len(EARLIER)
    assert set(Counter(c.status for c in cases)) == set(Case.Status.values)
    assert {c.outcome for c in cases} >= set(Case.Outcome.values)
    assert any(c.decided_on and c.decision_due and c.decided_on > c.decision_due for c in cases)  # decided late
    assert any(c.next_deadline and c.next_deadline < day for c in cases)  # a deadline missed
    assert any(c.deemed_accepted for c in cases) and any(c.extension_days for c in cases)
    assert any(c.published_on for c in cases) and any(c.recommendation_replied_on for c in cases)
    assert {c.closure for c in cases} >= set(Case.Closure.values)
