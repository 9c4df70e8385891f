"""The demo county's petitions: a year of them, every state, some late, two repeats linked; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.petitions.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.petitions.demo import PLANS, build_demo_petitions
    from fazhi.petitions.models import Matter

    with at(day):
        first = build_demo_petitions()
        second = build_demo_petitions()
    assert first == {"matters": len(PLANS)}
    assert second == {"matters": 0}
    matters = list(Matter.objects.all())
    assert len(matters) == len(PLANS)
    assert {m.status for m in matters} == set(Matter.Status.values)
    assert {m.channel for m in matters} >= {"visit", "letter", "online", "phone"}
    assert len({m.agency_id for m in matters}) >= 6
    assert (day - min(m.received_on for m in matters)).days >= 330  # the year up to the day
    assert any(m.replied_late for m in matters)  # answered after its period
    assert any(m.forward_due and m.forwarded_on and m.forwarded_on > m.forward_due for m in matters)
    assert any(m.next_deadline and m.next_deadline < day for m in matters)  # a deadline missed
    assert any(m.extension_days for m in matters) and any(m.is_group_visit for m in matters)
    assert any(m.recheck_hearing_from for m in matters) and any(m.identity_unclear for m in matters)
    repeats = [m for m in matters if m.repeat_of_id]
    assert len(repeats) == 2 and {m.status for m in repeats} == {"accepted", "declined"}
    assert {m.evaluation for m in matters} >= set(Matter.Evaluation.values)


def test_the_demo_does_nothing_without_the_county(db):
    from fazhi.petitions.demo import build_demo_petitions

    assert build_demo_petitions(date(2026, 11, 20)) == {"matters": 0}
