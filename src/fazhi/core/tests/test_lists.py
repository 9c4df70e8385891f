"""Capped counts: a list counts no further than its cap, and remembers for a minute that a query went past it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core.lists import OVER_CAP_SECONDS, capped_count, capped_page
from fazhi.org.models import User

pytestmark = pytest.mark.django_db


def _people(n: int, start: int = 0) -> None:
    User.objects.bulk_create([User(username=f"cap-{i:03d}") for i in range(start, start + n)])


def _named():
    return User.objects.filter(username__startswith="cap-")


def test_a_small_result_is_counted_exactly_every_time():
    _people(2)
    assert capped_count(_named(), 3) == (2, False)
    _people(1, start=2)
    assert capped_count(_named(), 3) == (3, False)
    assert capped_count(_named().filter(pk__in=[]), 3) == (0, False)  # a query that cannot match asks nothing


def test_past_the_cap_is_remembered_for_a_minute_then_counted_again():
    _people(5)
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC), tick=False) as clock:
        assert capped_count(_named(), 3) == (3, True)
        _named().filter(username__gte="cap-001").delete()  # down to one row
        with CaptureQueriesContext(connection) as queries:
            assert capped_count(_named(), 3) == (3, True)
        assert len(queries) == 0
        # Another query (another filter, another scope) is its own.
        assert capped_count(_named().filter(username="cap-000"), 3) == (1, False)
        clock.shift(OVER_CAP_SECONDS + 1)
        assert capped_count(_named(), 3) == (1, False)


def test_a_page_that_is_not_full_needs_no_count():
    _people(4)
    with CaptureQueriesContext(connection) as queries:
        page = capped_page(_named().order_by("username"), ("username",), 2, 3, 1000)
    assert [row[0] for row in page.rows] == ["cap-003"] and (page.count, page.more, page.has_next) == (4, False, False)
    assert len(queries) == 1
    full = capped_page(_named().order_by("username"), ("username",), 1, 3, 1000)
    assert (full.count, full.more, full.has_next, full.has_previous) == (4, False, True, False)
