"""The demo county's petitions: this year's in every state, some late, two repeats linked; last year's all
concluded, the ledger's figures for that year filled; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.petitions.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.petitions.demo import EARLIER, PLANS, build_demo_petitions
    from fazhi.petitions.models import Matter

    with at(day):
        first = build_demo_petitions()
        second = build_demo_petitions()
    assert first == {"matters": len(PLANS) + len(EARLIER)}
    assert second == {"matters": 0}
    everything = list(Matter.objects.all())
    assert len(everything) == len(PLANS) + len(EARLIER)
    # This year's matters, as they were (last year's are received on other days).
    days = {plan.days_ago for plan in PLANS}
    assert not days & {plan.days_ago for plan in EARLIER}
    matters = [m for m in everything if (day - m.received_on).days in days]
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


@pytest.mark.parametrize("day", [date(2026, 12, 7), date(2026, 11, 20)])
def test_last_years_matters_are_concluded_and_fill_last_years_figures(world, day):
    from fazhi.metrics import registry
    from fazhi.org.models import Agency
    from fazhi.petitions.demo import build_demo_petitions
    from fazhi.petitions.metrics import COMPUTATIONS
    from fazhi.petitions.models import Matter
    from fazhi.petitions.procedure import dates_of

    with at(day):
        first = build_demo_petitions()
        count = Matter.objects.count()
        assert build_demo_petitions() == {"matters": 0}  # a second run adds nothing
    assert first == {"matters": count} and Matter.objects.count() == count
    last = day.year - 1
    earlier = list(Matter.objects.filter(received_on__year=last))
    assert len(earlier) >= 15
    assert {m.status for m in earlier} <= set(Matter.FINAL_STATUSES)  # nothing left open
    assert {m.status for m in earlier} >= {"closed", "forwarded", "declined"}
    assert any(m.extension_days for m in earlier) and any(m.is_group_visit for m in earlier)
    assert any(m.review_requested_on for m in earlier) and any(m.recheck_requested_on for m in earlier)
    assert any(m.repeat_of_id for m in earlier)
    evaluations = [m.evaluation for m in earlier if m.evaluation]
    assert 2 * sum(e in ("satisfied", "basically_satisfied") for e in evaluations) > len(evaluations)
    for matter in Matter.objects.all():
        assert matter.number.startswith(f"{matter.received_on.year}-"), matter.number
        assert all(d <= day for d in dates_of(matter).values() if d), matter.number
    ids = list(Agency.objects.filter(code__startswith="sfx-").values_list("pk", flat=True))
    keys = ["petitions.accepted", "petitions.visitors", "petitions.closed_on_time"]
    assert set(keys) <= set(COMPUTATIONS)
    figures = {key: sum(registry.compute(key, ids, last).values()) for key in keys}
    assert all(figures.values()), figures
    assert figures["petitions.closed_on_time"] <= figures["petitions.accepted"]


def test_the_demo_does_nothing_without_the_county(db):
    from fazhi.petitions.demo import build_demo_petitions

    assert build_demo_petitions(date(2026, 11, 20)) == {"matters": 0}
