"""Fixtures of the leadership tests: English messages, time standing still on 15 December 2026 in Shanghai (``at`` to
move it), the county's bodies (the Party committee, the government, a bureau) and makers of their records, kept by the
rule-of-law office's clerk.

The calendars (legal-rules §10): 2026 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 中秋 9-25 … 9-27;
国庆 10-1 … 10-7, make-up working days 9-20 and 10-10. An instruction's follow-up is due 15 working days after it
unless it sets a day (the rule leadership.instruction_follow_up, its length the province's).
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
    settings.FAZHI_LEADERSHIP_SHUFA_DUE = "01-31"


@pytest.fixture
def office(world):
    return world.office


@pytest.fixture
def party(world):
    return world.agency("sfx-party")


@pytest.fixture
def government(world):
    return world.agency("sfx-gov")


@pytest.fixture
def bureau(world):
    return world.agency("sfx-scj")


@pytest.fixture
def meeting(party, office):
    """Record a meeting of the county Party committee's standing committee; keyword arguments override."""
    from fazhi.leadership import actions

    def make(**values):
        fields = dict(agency=party, by=office, title="县委常委会2026年第7次会议", kind="standing_committee",
                      held_on=date(2026, 6, 3), topic="研究全县法治建设工作要点", decisions="审议通过工作要点。",
                      on_law=True)
        fields.update(values)
        return actions.record_meeting(**fields)

    return make


@pytest.fixture
def study(government, office):
    from fazhi.leadership import actions

    def make(**values):
        fields = dict(agency=government, by=office, title="中华人民共和国行政复议法", kind="pre_meeting",
                      held_on=date(2026, 4, 9), attendees=17, meeting="县政府第12次常务会议")
        fields.update(values)
        return actions.record_study(**fields)

    return make


@pytest.fixture
def duty_list(government, office):
    from fazhi.leadership import actions

    def make(**values):
        fields = dict(agency=government, by=office, title="县长履行推进法治建设第一责任人职责清单", post="县长",
                      leader="测试县长", adopted_on=date(2025, 2, 20), items="主持研究法治建设\n带头学法")
        fields.update(values)
        return actions.adopt_duty_list(**fields)

    return make


@pytest.fixture
def shufa(government, office):
    from fazhi.leadership import actions

    def make(**values):
        fields = dict(agency=government, by=office, title="县长2025年度述法报告", post="县长", leader="测试县长",
                      year=2025, reported_on=date(2026, 1, 16), form="meeting",
                      summary="报告履行法治建设职责和学法用法情况。", study_and_use=True)
        fields.update(values)
        return actions.record_shufa(**fields)

    return make


@pytest.fixture
def instruction(government, office):
    from fazhi.leadership import actions

    def make(**values):
        fields = dict(agency=government, by=office, title="关于规范涉企检查的批示", leader="测试县长", post="县长",
                      issued_on=date(2026, 11, 2), text="请司法局牵头研究。")
        fields.update(values)
        return actions.record_instruction(**fields)

    return make
