"""Fixtures of the suggestions tests: English messages, time standing still on 15 December 2026 in Shanghai (``at``
to move it), and makers of items assigned to 县市场监管局 (the owner's agency) and taken along their steps.

2026's calendar (legal-rules §10): 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 清明 4-4 … 4-6;
劳动节 5-1 … 5-5, make-up Saturday 5-9; 国庆 10-1 … 10-7. Periods in months end on the corresponding day (民法典
第202条) and, the roll-over of administrative periods being unconfirmed, stay there unless the setting says so.
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
DEPUTIES = "示范县第十八届人民代表大会第三次会议"
CPPCC = "政协示范县第十一届委员会第三次会议"


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
    """The settings' defaults, whatever the environment says: contact first, answers published."""
    settings.FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER = True
    settings.FAZHI_SUGGESTIONS_PUBLISH_ANSWERS = True
    settings.FAZHI_SUGGESTIONS_SATISFIED_FEEDBACK = ["satisfied", "basically_satisfied"]
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = False


@pytest.fixture
def lead(world):
    """示范县市场监督管理局, the lead agency the owner (its clerk) keeps the items of."""
    return world.agency("sfx-scj")


@pytest.fixture
def assign(world, lead):
    """Record an item assigned to the lead agency (a deputy's suggestion of the session on 2 March 2026 by default);
    keyword arguments override the defaults."""
    from fazhi.suggestions import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=lead, by=world.owner, kind="deputy", raised_during="session",
                      session=DEPUTIES if values.get("kind", "deputy") == "deputy" else CPPCC,
                      number=f"{next(serial):03d}", title="关于加强校园周边食品安全监管的建议", proposer="王某某",
                      co_proposers="李某、赵某某", category="social", summary="建议加强检查。",
                      assigned_by="示范县人民政府办公室", assigned_on=date(2026, 3, 2))
        fields.update(values)
        return actions.assign_item(**fields)

    return make


@pytest.fixture
def contacted(assign, world):
    """An item assigned on ``assigned_on`` whose proposer was contacted ``days`` later (10 by default)."""
    from datetime import timedelta

    from fazhi.suggestions import actions

    def make(days: int = 10, **values):
        item = assign(**values)
        return actions.record_contact(item, by=world.owner, contacted_on=item.assigned_on + timedelta(days=days),
                                      contact_method="meeting")

    return make


@pytest.fixture
def answered(contacted, world):
    """An item contacted after 10 days and answered after ``days`` (60 by default), category A."""
    from datetime import timedelta

    from fazhi.suggestions import actions

    def make(days: int = 60, **values):
        item = contacted(**values)
        return actions.answer(item, by=world.owner, answered_on=item.assigned_on + timedelta(days=days),
                              answer_category="A", answer_summary="已采纳并落实。")

    return make


@pytest.fixture
def rated(answered, world):
    """An answered item the proposer rated ``feedback`` 15 days after the answer."""
    from datetime import timedelta

    from fazhi.suggestions import actions

    def make(feedback: str = "satisfied", no_rehandling_reason: str = "", **values):
        item = answered(**values)
        return actions.record_feedback(item, by=world.owner, feedback=feedback,
                                       feedback_on=item.answered_on + timedelta(days=15),
                                       no_rehandling_reason=no_rehandling_reason)

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
