"""The demo county's requests for government information: every state and kind of reply, some late, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.disclosure.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18), date(2025, 10, 3)])
def test_the_demo_builds_once_with_every_state_and_reply_and_some_late(world, day):
    from fazhi.disclosure.demo import EARLIER, PLANS, build_demo_disclosure
    from fazhi.disclosure.models import Request

    with at(day):
        first = build_demo_disclosure()
        second = build_demo_disclosure()
    assert first["requests"] == len(PLANS) + len(EARLIER) + 1 and second["requests"] == 0
    requests = list(Request.objects.all())
    assert len(requests) == first["requests"]
    assert {r.status for r in requests} == set(Request.Status.values)
    assert {r.reply_type for r in requests} >= set(Request.ReplyType.values)
    assert any(r.replied_late for r in requests)  # replied late
    assert any(r.next_deadline and r.next_deadline < day for r in requests)  # a deadline missed
    assert any(r.consultations for r in requests) and any(r.extension_days for r in requests)
    assert any(r.fee for r in requests) and any(r.channel == "online" for r in requests)
    assert any(r.reconsideration_filed_on for r in requests) and any(r.litigation_filed_on for r in requests)
