"""The demo county's penalty cases: every state in each of the three departments, late and missed publications,
idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state(world, day):
    from fazhi.enforcement.demo import build_demo_enforcement
    from fazhi.penalties.demo import PLANS, build_demo_penalties
    from fazhi.penalties.models import Case

    with time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        build_demo_enforcement()
        first = build_demo_penalties()
        second = build_demo_penalties()
    assert first["cases"] == 3 * len(PLANS)
    assert second["cases"] == 0
    for code in ("sfx-scj", "sfx-zfj", "sfx-jtj"):
        states = Counter(Case.objects.filter(agency__code=code).values_list("status", flat=True))
        assert set(states) == set(Case.Status.values), (code, states)
    cases = Case.objects.all()
    late = [c for c in cases if c.published_on and c.publication_due and c.published_on > c.publication_due]
    missed = [c for c in cases if c.published_on is None and c.publication_due and c.publication_due < day]
    assert late and missed
    assert any(c.is_public_on(day) for c in cases) and any(c.publication_withdrawn_on for c in cases)
    assert cases.filter(review_result="passed").exists() and cases.filter(outcome="first_violation").exists()
    assert cases.filter(procedure="simplified").exists()
