"""Fixtures of the advisers tests: English messages, time standing still on 15 December 2026 in Shanghai (``at`` to
move it), and makers of advisers and contract reviews kept by 县市场监管局 (its clerk, the owner here).

The calendars (legal-rules §10): 2025 春节 off 1-28 … 2-4, make-up working days 1-26 and 2-8; 国庆 and 中秋 off 10-1 …
10-8, make-up working days 9-28 and 10-11. 2026 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 中秋
9-25 … 9-27; 国庆 10-1 … 10-7, make-up working days 9-20 and 10-10.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 15)


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


@pytest.fixture(autouse=True)
def practice(settings):
    """The settings' defaults, whatever the environment says."""
    settings.FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS = 7
    settings.FAZHI_ADVISERS_TERM_REMINDER_DAYS = 30
    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = True


@pytest.fixture
def owner(world):
    """The clerk of 县市场监管局, who keeps its advisers and contract reviews."""
    return world.owner


@pytest.fixture
def bureau(world):
    """示范县市场监督管理局, the owning agency."""
    return world.agency("sfx-scj")


@pytest.fixture
def engage(bureau, owner):
    """Engage an adviser for 2026 by default; keyword arguments override the defaults."""
    from fazhi.advisers import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=bureau, by=owner, name=f"顾问{next(serial)}号律师", kind="adviser", engaged_as="person",
                      firm="示范律师事务所", engaged_from=date(2026, 1, 1), engaged_until=date(2026, 12, 31))
        fields.update(values)
        return actions.engage_adviser(**fields)

    return make


@pytest.fixture
def receive(bureau, owner):
    """Register a contract received for review on 2 March 2026 by default."""
    from fazhi.advisers import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=bureau, by=owner, number=f"合审〔2026〕{next(serial)}号", contract_name="食品检测服务采购合同",
                      counterparty="某检测技术有限公司", received_on=date(2026, 3, 2), amount="86000")
        fields.update(values)
        return actions.receive_contract(**fields)

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
