"""Fixtures of the reconsideration tests: English messages, time standing still on a day of 2026 (``at`` to move it),
the county government as the reconsideration body kept by the rule-of-law office's clerk, and case makers.

2026's calendar (legal-rules §10): 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 清明 4-4 … 4-6;
劳动节 5-1 … 5-5, make-up Saturday 5-9; 中秋 9-25 … 9-27; 国庆 10-1 … 10-7, make-up Sunday 9-20 and Saturday 10-10.
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


@pytest.fixture
def body(world):
    """示范县人民政府, the reconsideration body."""
    return world.agency("sfx-gov")


@pytest.fixture
def staff(world):
    """The rule-of-law office's clerk, who keeps the government's cases (its reconsideration organ)."""
    return world.office


@pytest.fixture
def receive(world, body, staff):
    """Register an application with sensible defaults; keyword arguments override them."""
    from fazhi.reconsideration import actions

    serial = count(1)

    def make(**values):
        received = values.get("received_on", date(2026, 3, 2))
        fields = dict(agency=body, by=staff, number=f"示府复〔2026〕{next(serial)}号", applicant_name="王某某",
                      applicant_kind="person", applicant_contact="示范县城关镇人民路1号",
                      respondent=world.agency("sfx-scj"), act="示市监罚〔2026〕1号行政处罚决定", act_category="penalty",
                      amount=None, request="请求撤销该处罚决定。", knew_on=received, channel="in_person",
                      received_on=received)
        fields.update(values)
        return actions.receive_application(**fields)

    return make


@pytest.fixture
def accepted(receive, staff):
    """A case received and accepted on the given days (2 and 3 March 2026 by default)."""
    from fazhi.reconsideration import actions

    def make(received_on=date(2026, 3, 2), accepted_on=date(2026, 3, 3), procedure="ordinary",
             simplified_ground="", **values):
        case = receive(received_on=received_on, **values)
        return actions.accept(case, by=staff, accepted_on=accepted_on, procedure=procedure,
                              simplified_ground=simplified_ground)

    return make


@pytest.fixture
def answered(accepted, staff):
    """An accepted case whose copy went out the next day and whose answer came a week later."""
    from datetime import timedelta

    from fazhi.reconsideration import actions

    def make(**values):
        case = accepted(**values)
        case = actions.send_copy(case, by=staff, copy_sent_on=case.accepted_on + timedelta(days=1))
        return actions.record_answer(case, by=staff, answer_received_on=case.accepted_on + timedelta(days=8))

    return make
