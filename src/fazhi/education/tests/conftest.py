"""Fixtures of the education tests: English messages, time standing still on 15 December 2026 in Shanghai (``at`` to
move it), and makers of records of 县市场监管局 (kept by its clerk, the owner) and of 城关镇 (its clerk).

The calendars (legal-rules §10): 2026 国庆 10-1 … 10-7 off, make-up working days 9-20 (Sunday) and 10-10 (Saturday);
2026 春节 2-15 … 2-23 off, make-up working Saturdays 2-14 and 2-28.
"""

from __future__ import annotations

from datetime import date, datetime
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
    settings.FAZHI_EDUCATION_LIST_DUE = "03-31"
    settings.FAZHI_EDUCATION_LIST_REVIEW_DUE = "12-31"
    settings.FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS = 10
    settings.FAZHI_EDUCATION_EXAM_PASS_MARK = 60


@pytest.fixture
def owner(world):
    """The clerk of 县市场监管局 (sfx-scj)."""
    return world.owner


@pytest.fixture
def department(world):
    return world.agency("sfx-scj")


@pytest.fixture
def township(world):
    return world.agency("sfx-t01")


@pytest.fixture
def drafted(department, owner):
    """The department's list for ``year`` (2026), drafted on 10 January, with one duty unless ``items=0``."""
    from fazhi.education import actions

    def make(year: int = 2026, items: int = 1, **values):
        fields = dict(agency=department, by=owner, year=year, title=f"{year}年度普法责任清单",
                      drafted_on=date(year, 1, 10))
        fields.update(values)
        record = actions.open_list(**fields)
        for n in range(items):
            actions.add_list_item(record, by=owner, matter=f"食品安全法宣传{n}", audience="食品经营者",
                                  responsible_unit="食品经营安全监督管理科", timing="全年")
        return record

    return make


@pytest.fixture
def exam(department, owner):
    """An exam scheduled for 20 November 2026; ``held`` on a day with ``takers``."""
    from fazhi.education import actions

    def make(held_on: date | None = None, takers: int = 40, **values):
        fields = dict(agency=department, by=owner, title="2026年度学法考试", scheduled_on=date(2026, 11, 20))
        fields.update(values)
        record = actions.schedule_exam(**fields)
        if held_on is not None:
            record = actions.record_exam_held(record, by=owner, held_on=held_on, takers=takers)
        return record

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
