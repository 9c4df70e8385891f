"""Demo tests build the county at a fixed date: the demo dates its records relative to today."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: A day of the year the demo's plans are written for (rounds for 2024-2026, reports for 2024-2025).
BUILT_ON = date(2026, 11, 20)


def at(day: date, hour: int = 10):
    """Return a time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)
