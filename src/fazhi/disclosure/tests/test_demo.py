"""The demo county's requests for government information: every state and kind of reply, some late, a full previous
year all handled with some carried over into this year, idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from fazhi.disclosure.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18), date(2025, 10, 3)])
def test_the_demo_builds_once_with_every_state_and_reply_and_some_late(world, day):
    from fazhi.disclosure.demo import CARRIED, EARLIER, PLANS, build_demo_disclosure
    from fazhi.disclosure.models import Request

    with at(day):
        first = build_demo_disclosure()
        second = build_demo_disclosure()
    assert first["requests"] == len(PLANS) + len(EARLIER) + len(CARRIED) + 1 and second["requests"] == 0
    requests = list(Request.objects.all())
    assert len(requests) == first["requests"]
    assert {r.status for r in requests} == set(Request.Status.values)
    assert {r.reply_type for r in requests} >= set(Request.ReplyType.values)
    assert any(r.replied_late for r in requests)  # replied late
    assert any(r.next_deadline and r.next_deadline < day for r in requests)  # a deadline missed
    assert any(r.consultations for r in requests) and any(r.extension_days for r in requests)
    assert any(r.fee for r in requests) and any(r.channel == "online" for r in requests)
    assert any(r.reconsideration_filed_on for r in requests) and any(r.litigation_filed_on for r in requests)


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 12, 7), date(2026, 12, 31)])
def test_last_year_is_a_full_handled_year_with_rich_annual_tables(world, day):
    """Built in the weeks the demo is shown, last year's requests are all handled, spread over a few agencies,
    and the annual disclosure tables of last year have figures in many rows, some carried over to this year."""
    from fazhi.disclosure.annual import GROUPS, RESULTS, requests_table, reviews_table
    from fazhi.disclosure.demo import AGENCIES, build_demo_disclosure
    from fazhi.disclosure.models import Request
    from fazhi.disclosure.procedure import dates_of
    from fazhi.org.models import Agency

    last = day.year - 1
    with at(day):
        build_demo_disclosure()
        count = Request.objects.count()
        assert build_demo_disclosure() == {"requests": 0}
    assert Request.objects.count() == count  # running it again adds nothing

    requests = list(Request.objects.select_related("agency"))
    numbers = [(r.agency_id, r.number) for r in requests]
    assert len(set(numbers)) == len(numbers) and all(str(r.received_on.year) in r.number for r in requests)
    for r in requests:  # every step dated by today, the steps in order
        dates = {step: on for step, on in dates_of(r).items() if on and step != "correction_period"}
        assert max(dates.values()) <= day, r.number
        assert all(on >= r.received_on for on in dates.values()), r.number
        if r.replied_on:
            assert r.replied_on >= max(on for step, on in dates.items() if step not in (
                "reply", "reconsideration", "litigation")), r.number

    earlier = [r for r in requests if r.received_on.year == last]
    assert 15 <= len(earlier) <= 30
    assert all(r.status in (Request.Status.REPLIED, Request.Status.ABANDONED) for r in earlier)
    by_agency = Counter(r.agency.code for r in earlier)
    assert 3 <= len(by_agency) <= 6
    assert sum(r.status == Request.Status.ABANDONED for r in earlier) >= 1
    assert sum(bool(r.extension_days) for r in earlier) >= 2

    busiest = Agency.objects.get(code=by_agency.most_common(1)[0][0])
    rows = {row.key: row.counts.get("total", 0) for row in requests_table(busiest, last)}
    assert rows["received"] > 0 and rows["results_total"] > 0 and rows["carried_out"] > 0
    this_year = {row.key: row.counts.get("total", 0) for row in requests_table(busiest, day.year)}
    assert this_year["carried_in"] == rows["carried_out"]
    assert not Request.objects.filter(received_on__year=last - 1).exists()  # the year before holds nothing
    results = [key for key, _label, _level, _matches in RESULTS
               if rows[key] and key not in GROUPS and key != "results_total"]
    assert len(results) >= 3, rows
    assert rows["received"] + rows["carried_in"] == rows["results_total"] + rows["carried_out"]

    reviews = [reviews_table(agency, last) for agency in Agency.objects.filter(code__in=AGENCIES)]
    assert any(part["total"] for table in reviews for part in table.values())
