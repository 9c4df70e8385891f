"""The demo county's mediated disputes: every state, every kind and type, some late; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.mediation.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.mediation.demo import PLANS, build_demo_mediation
    from fazhi.mediation.models import Dispute, Session

    with at(day):
        first = build_demo_mediation()
        second = build_demo_mediation()
    assert first == {"disputes": len(PLANS), "sessions": sum(p.sessions for p in PLANS if p.state != "received")}
    assert second == {"disputes": 0, "sessions": 0}
    disputes = list(Dispute.objects.all())
    assert len(disputes) == len(PLANS) and Session.objects.count() == first["sessions"]
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
    assert all(d.received_on <= day for d in disputes)
