"""The demo county's mediated disputes: every state, every kind and type, some late, and the year before's, all
concluded, so that last year's figures come from the ledger; idempotent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fazhi.mediation.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: The statuses of a mediation still under way or an agreement still awaiting performance.
OPEN = {"received", "mediating", "agreed"}


def _dates_in_order(dispute, day: date) -> None:
    """Each step of ``dispute`` on or after the one the law puts before it, and none after ``day``."""
    sessions = sorted(dispute.sessions.values_list("held_on", flat=True))
    concluded = dispute.agreement_on or dispute.ended_on
    steps = [dispute.received_on, *sessions, concluded] if concluded else [dispute.received_on, *sessions]
    assert steps == sorted(steps), dispute
    if dispute.extended_on:
        assert dispute.received_on <= dispute.extended_on <= dispute.mediation_due, dispute
    after = [d for d in (dispute.performed_on, dispute.unperformed_on, dispute.confirmation_applied_on,
                         dispute.return_visit_on) if d]
    assert all(concluded and concluded <= d for d in after), dispute
    ruled = dispute.confirmed_on or dispute.confirmation_refused_on
    if ruled:
        assert dispute.confirmation_applied_on <= ruled <= (dispute.return_visit_on or ruled), dispute
    if dispute.confirmation_applied_on:
        assert dispute.confirmation_applied_on <= dispute.confirmation_due, dispute
    assert max([*steps, *after, ruled or day]) <= day, dispute


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.mediation.demo import EARLIER, PLANS, build_demo_mediation
    from fazhi.mediation.models import Dispute, Session

    plans = [*PLANS, *EARLIER]
    with at(day):
        first = build_demo_mediation()
        second = build_demo_mediation()
    assert first == {"disputes": len(plans), "sessions": sum(p.sessions for p in plans if p.state != "received")}
    assert second == {"disputes": 0, "sessions": 0}
    disputes = list(Dispute.objects.all())
    assert len(disputes) == len(plans) and Session.objects.count() == first["sessions"]
    assert len({(d.agency_id, d.number) for d in disputes}) == len(disputes)
    assert all(str(d.received_on.year) in d.number for d in disputes)
    numbers = [d.confirmation_case_number for d in disputes if d.confirmation_case_number]
    assert len(set(numbers)) == len(numbers)
    assert {d.status for d in disputes} == set(Dispute.Status.values)
    assert {d.organisation_kind for d in disputes} == set(Dispute.OrganisationKind.values)
    assert {d.dispute_type for d in disputes} == set(Dispute.DisputeType.values)
    assert {d.source for d in disputes} == set(Dispute.Source.values)
    assert len({d.agency_id for d in disputes}) >= 10
    assert any(d.concluded_late for d in disputes)  # concluded after its period
    assert any(d.next_deadline and d.next_deadline < day for d in disputes)  # a deadline missed
    assert any(d.extended_until for d in disputes) and any(d.return_visit_on for d in disputes)
    assert {d.confirmed_on is not None for d in disputes} == {True, False}
    assert any(d.confirmation_refused_on for d in disputes)
    assert any(d.confirmation_applied_on and not d.confirmed_on and not d.confirmation_refused_on for d in disputes)
    for dispute in disputes:
        _dates_in_order(dispute, day)
    # Whatever the day, what was received 300 days or more before it is concluded.
    old = [d for d in disputes if d.received_on <= day - timedelta(days=300)]
    assert len(old) >= len(EARLIER) and not {d.status for d in old} & OPEN


@pytest.mark.parametrize("day", [date(2026, 12, 15), date(2026, 11, 20)])
def test_last_years_disputes_are_concluded_and_give_the_ledgers_figures(world, day):
    """The demo's today is in December: its disputes of the year before are all concluded, and the figures last
    year's report takes from the ledger are there; a second run adds nothing."""
    from fazhi.mediation.demo import EARLIER, PLANS, build_demo_mediation
    from fazhi.mediation.models import Dispute
    from fazhi.metrics import registry
    from fazhi.org.models import Agency

    with at(day):
        build_demo_mediation()
        again = build_demo_mediation()
    assert again == {"disputes": 0, "sessions": 0}
    assert Dispute.objects.count() == len(PLANS) + len(EARLIER)
    last = Dispute.objects.filter(received_on__year=day.year - 1)
    assert last.count() >= 15
    assert not set(last.values_list("status", flat=True)) & OPEN
    assert set(last.values_list("status", flat=True)) >= {"performed", "failed", "discontinued"}
    # Most agreed within their period (two continued with the parties' consent), the agreements performed.
    agreed = [d for d in last if d.outcome == "agreement"]
    assert len(agreed) > last.count() / 2 and all(d.performed_on for d in agreed)
    assert sum(not d.concluded_late for d in agreed) > len(agreed) / 2
    assert sum(bool(d.extended_until) and not d.concluded_late for d in agreed) >= 2
    assert any(d.confirmed_on for d in agreed) and any(d.return_visit_on for d in last)
    assert len({d.agency_id for d in last}) >= 10
    assert {d.organisation_kind for d in last} == set(Dispute.OrganisationKind.values)
    ids = list(Agency.objects.filter(code__startswith="sfx-").values_list("pk", flat=True))
    for key in ("mediation.received", "mediation.agreed", "mediation.confirmation_applied", "mediation.amount"):
        assert sum(registry.compute(key, ids, day.year - 1).values()) > 0, key
