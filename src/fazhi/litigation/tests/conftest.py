"""Fixtures of the litigation tests: frozen time on 2026-11-20 in Shanghai, English messages, and a case register
with defaults (a first-instance suit against the owner's agency, 县市场监管局)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

TODAY = date(2026, 11, 20)
SHANGHAI = ZoneInfo("Asia/Shanghai")


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
def register(world):
    """Return a function registering a suit against the owner's agency (overrides by keyword)."""
    from fazhi.litigation import actions

    serial = iter(range(1, 1000))

    def make(**values):
        fields = dict(agency=world.agency("sfx-scj"), by=world.owner, number=f"(2026)示0102行初{next(serial)}号",
                      court="示范县人民法院", court_level="basic", instance="first", cause="不服食品安全行政处罚",
                      act_category="penalty", plaintiff_name="示范县某商贸有限公司", plaintiff_kind="organisation",
                      served_on=date(2026, 9, 1))
        fields.update(values)
        return actions.register_case(**fields)

    return make


def messages(excinfo) -> dict:
    """The field errors of a refusal, by field."""
    return excinfo.value.message_dict
