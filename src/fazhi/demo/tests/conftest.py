"""Demo tests build the county at a fixed date: the demo dates its records relative to today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.org.tests.world import year_for_a_module

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A day of the year the demo's plans are written for (rounds for 2024-2026, reports for 2024-2025).
BUILT_ON = date(2026, 11, 20)


def at(day: date, hour: int = 10):
    """Return a time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(scope="module")
def built_on(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county and its year of activity built on ``BUILT_ON``, once per module and worker; what
    ``build_activity`` returned. Tests ask for ``db`` too: each rolls back what it changes."""
    with year_for_a_module(django_db_blocker, tmp_path_factory, at(BUILT_ON), key=f"at {BUILT_ON}") as built:
        yield built
