"""Fixtures for the consultation tests: a draft (a sample ledger record) of the market regulation bureau."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from fazhi.consultation import actions
from fazhi.core.ledger import create_record
from fazhi.core.tests.sampleledger.models import SampleCase

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 3, 10)
BODY = (
    "第一条 为规范本县集贸市场摊位管理，制定本办法。\n\n"
    "第二条 摊位实行公开抽签分配，每两年调整一次。\n\n"
    "第三条 摊位费标准由县市场监管局会同县发改局核定，并向社会公布。"
)


def at(day: date, hour: int = 10, minute: int = 0, tick: bool = False):
    """Travel to ``hour``:``minute`` of ``day`` in Shanghai (time stands still unless ``tick``)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI), tick=tick)


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are asserted in English (the msgids), whatever the catalogs translate them to."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with at(TODAY) as traveller:
        yield traveller


@pytest.fixture
def draft(world):
    """The record consulted on: a draft of the owner's agency (县市场监管局)."""
    return create_record(SampleCase(agency=world.agency("sfx-scj"), title="集贸市场摊位管理办法（草案）",
                                    received_on=date(2026, 3, 1)), by=world.owner)


@pytest.fixture
def consultation(world, draft, frozen):
    """Open from TODAY for 30 days (a major decision's period)."""
    return actions.open_consultation(
        draft, by=world.owner, kind="decision", title="关于《集贸市场摊位管理办法（草案）》公开征求意见",
        body=BODY, opens_on=TODAY, closes_on=date(2026, 4, 9), explanation="起草说明：为解决摊位分配不透明问题。",
    )
