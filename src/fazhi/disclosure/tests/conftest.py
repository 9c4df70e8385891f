"""Fixtures of the disclosure tests: English messages, time standing still on Friday 20 November 2026 in Shanghai
(``at`` to move it), the owner's agency (县市场监管局) asked, its clerk keeping its requests, and a request maker.

The shipped calendar (legal-rules §10): 2025 春节 off 1-28 … 2-4, make-up Sunday 1-26 and Saturday 2-8; 劳动节 5-1 …
5-5; 国庆 and 中秋 10-1 … 10-8, make-up Sunday 9-28 and Saturday 10-11. 2026 春节 off 2-15 … 2-23, make-up Saturdays
2-14 and 2-28; 清明 4-4 … 4-6; 劳动节 5-1 … 5-5, make-up Saturday 5-9; 中秋 9-25 … 9-27; 国庆 10-1 … 10-7, make-up
Sunday 9-20 and Saturday 10-10.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 20)


def at(day: date, hour: int = 10):
    """Return a time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen():
    with at(TODAY):
        yield TODAY


@pytest.fixture
def agency(world):
    """示范县市场监督管理局, the agency asked."""
    return world.agency("sfx-scj")


@pytest.fixture
def staff(world):
    """The clerk of the agency asked, who keeps its requests."""
    return world.owner


@pytest.fixture
def receive(agency, staff):
    """Register a request with sensible defaults; keyword arguments override them."""
    from fazhi.disclosure import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=agency, by=staff, number=f"示市监公开〔2026〕{next(serial)}号", requester_name="王某某",
                      requester_kind="person", requester_address="示范县城关镇人民路1号", requester_phone="13800000000",
                      description="2025年度食品安全抽检结果", channel="in_person", received_on=date(2026, 3, 2))
        fields.update(values)
        return actions.receive_request(**fields)

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
