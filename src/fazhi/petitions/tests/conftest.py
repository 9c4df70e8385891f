"""Fixtures of the petitions tests: English messages, time standing still on Tuesday 15 December 2026 in Shanghai
(``at`` to move it), the owner's agency (县市场监管局) whose clerk keeps its petitions, and makers of matters taken
along their steps.

The shipped calendar (legal-rules §10): 2025 春节 off 1-28 … 2-4, make-up Sunday 1-26 and Saturday 2-8; 国庆 and
中秋 10-1 … 10-8, make-up Sunday 9-28 and Saturday 10-11. 2026 春节 off 2-15 … 2-23, make-up Saturdays 2-14 and 2-28;
清明 4-4 … 4-6; 劳动节 5-1 … 5-5, make-up Saturday 5-9; 中秋 9-25 … 9-27; 国庆 10-1 … 10-7, make-up Sunday 9-20 and
Saturday 10-10. The regulations' 15, 30 and 60 days are calendar days; the 5 days to object are working days (legal-rules
§0). Whether a calendar period ending on a rest day rolls over is unconfirmed (§13 item 9): it stays put unless
FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
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
    settings.FAZHI_PETITIONS_SATISFIED_EVALUATIONS = ["satisfied", "basically_satisfied"]
    settings.FAZHI_PETITIONS_GROUP_VISIT_SIZE = 5
    settings.FAZHI_PETITIONS_CLOSE_UNCHALLENGED = True
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = False
    settings.FAZHI_COUNT_MAKEUP_WORKDAYS = True


@pytest.fixture
def agency(world):
    """示范县市场监督管理局, whose clerk (the owner) keeps its petitions."""
    return world.agency("sfx-scj")


@pytest.fixture
def register(world, agency):
    """Register a matter in the owner's agency (a letter brought directly on Monday 2 March 2026 by default);
    keyword arguments override the defaults."""
    from fazhi.petitions import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=agency, by=world.owner, number=f"2026-{next(serial):04d}", channel="letter",
                      received_via="direct", petitioner_name="王某某", subject="反映超市销售过期食品",
                      category="complaint", received_on=date(2026, 3, 2), petitioner_contact="城关镇某路",
                      request="请求依法查处。")
        if values.get("received_via", "direct") != "direct":
            fields["forwarded_by"] = "示范县信访局"
        fields.update(values)
        return actions.register_matter(**fields)

    return make


@pytest.fixture
def accepted(register, world):
    """A matter registered and accepted ``days`` later (3 by default), the petitioner told the same day."""
    from fazhi.petitions import actions

    def make(days: int = 3, **values):
        matter = register(**values)
        on = matter.received_on + timedelta(days=days)
        return actions.accept_matter(matter, by=world.owner, accepted_on=on,
                                     notified_on=None if matter.identity_unclear else on)

    return make


@pytest.fixture
def replied(accepted, world):
    """An accepted matter answered ``days`` after its acceptance (40 by default), the opinion received 3 days later."""
    from fazhi.petitions import actions

    def make(days: int = 40, outcome: str = "not_supported", served: int | None = 3, **values):
        matter = accepted(**values)
        on = matter.accepted_on + timedelta(days=days)
        return actions.issue_opinion(matter, by=world.owner, replied_on=on, reply_outcome=outcome,
                                     reply_summary="经调查，诉求缺乏依据。",
                                     reply_served_on=None if served is None else on + timedelta(days=served))

    return make


@pytest.fixture
def reviewed(replied, world):
    """A replied matter whose petitioner asked for a review 10 days after receiving the opinion, reviewed 20 days
    later (the opinion received 3 days after)."""
    from fazhi.petitions import actions

    def make(**values):
        matter = replied(**values)
        asked = matter.reply_served_on + timedelta(days=10)
        matter = actions.request_review(matter, by=world.owner, review_requested_on=asked,
                                        review_body="示范县人民政府")
        on = asked + timedelta(days=20)
        return actions.decide_review(matter, by=world.owner, reviewed_on=on, review_outcome="upheld",
                                     review_summary="维持原处理意见。", review_served_on=on + timedelta(days=3))

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
