"""The demo county's lawsuits: every state, some late, second instances and suggestions, built once."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from fazhi.litigation.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state(world, day):
    from fazhi.litigation.demo import PLANS, build_demo_litigation
    from fazhi.litigation.models import Case, Hearing, Suggestion

    with at(day):
        first = build_demo_litigation()
        second = build_demo_litigation()
    appealed = sum(1 for plan in PLANS if plan.state == "appealed")
    assert first["cases"] == len(PLANS) + appealed == Case.objects.count()
    assert first["hearings"] == Hearing.objects.count() > 0
    assert first["suggestions"] == Suggestion.objects.count() == sum(1 for plan in PLANS if plan.suggestion)
    assert second == {"cases": 0, "hearings": 0, "suggestions": 0}

    assert set(Counter(Case.objects.values_list("status", flat=True))) == set(Case.Status.values)
    cases = list(Case.objects.all())
    assert any(c.next_deadline and c.next_deadline < day for c in cases)  # something is overdue
    assert any(c.defence_late_reason for c in cases)
    assert {c.instance for c in cases} == {"first", "second"}
    assert {c.outcome for c in cases} >= {"rejected", "revoked", "withdrawn_corrected", "mediated", "dismissed"}
    assert Hearing.objects.filter(head_appeared=False).exists() and Hearing.objects.filter(head_appeared=True).exists()
    replies = Suggestion.objects.filter(replied_on__isnull=False)
    assert any(s.replied_on_time for s in replies) and any(not s.replied_on_time for s in replies)
    assert Suggestion.objects.filter(replied_on__isnull=True, reply_due__lt=day).exists()
    assert Case.objects.filter(agency__code="sfx-gov", court_level="intermediate").exists()
