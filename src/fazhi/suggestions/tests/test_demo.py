"""The demo county's suggestions and proposals: every state, both kinds, some late, one handled again; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.suggestions.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.suggestions.demo import PLANS, build_demo_suggestions
    from fazhi.suggestions.models import CoHandler, Item

    with at(day):
        first = build_demo_suggestions()
        second = build_demo_suggestions()
    assert first == {"items": len(PLANS), "co_handlers": sum(1 for p in PLANS if p.co_handler)}
    assert second == {"items": 0, "co_handlers": 0}
    items = list(Item.objects.all())
    assert len(items) == len(PLANS) and CoHandler.objects.count() == first["co_handlers"]
    assert {i.status for i in items} == set(Item.Status.values)
    assert {i.kind for i in items} == set(Item.Kind.values)
    assert len({i.agency_id for i in items}) >= 6
    assert any(i.answered_late for i in items)  # answered after its period
    assert any(i.next_deadline and i.next_deadline < day for i in items)  # a deadline missed
    assert any(i.reanswered_on and i.second_feedback for i in items)  # not satisfied, then answered again
    assert any(i.extension_months for i in items) and any(i.published_on for i in items)
    assert CoHandler.objects.filter(opinion_sent_on__isnull=True).exists()
    assert {i.latest_feedback for i in items} >= set(Item.Feedback.values)
