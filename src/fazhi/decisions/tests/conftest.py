"""Fixtures for the decisions tests: the county government's published catalogue and a decision, in frozen time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 3, 10)


def at(day: date, hour: int = 10):
    """Freeze time at ``hour`` o'clock of ``day`` in Shanghai."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English (the screens speak Chinese by default once translated)."""
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with at(TODAY):
        yield TODAY


@pytest.fixture
def as_user(client):
    from django.conf import settings

    def login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client
    return login


@pytest.fixture
def catalog(world, frozen):
    """The county government's 2026 catalogue, published, with one matter of the owner's bureau (县市场监管局)
    and one of the colleague's (县教育局).

    Named ``catalog`` on purpose: these tests do not need the metric catalog fixture of the same name.
    """
    from fazhi.decisions import actions

    gov = world.agency("sfx-gov")
    cat = actions.create_catalog(gov, 2026, by=world.office)
    item = actions.propose_item(cat, by=world.owner, agency=world.agency("sfx-scj"), name="县城农贸市场提升改造方案",
                                category="public_policy", planned_completion=date(2026, 9, 30))
    other = actions.propose_item(cat, by=world.colleague, agency=world.agency("sfx-jyj"),
                                 name="县城区义务教育学校布局调整规划", category="development_plan",
                                 planned_completion=date(2026, 11, 30))
    actions.include_item(item, by=world.office)
    actions.include_item(other, by=world.office)
    actions.approve_catalog(cat, by=world.office, approved_on=date(2026, 2, 27), reference="县委常委会2026年第3次会议")
    actions.publish_catalog(cat, by=world.office, published_on=date(2026, 3, 2), channel="示范县人民政府门户网站",
                            url="https://www.example.gov.cn/zdjc/2026")
    cat.refresh_from_db()
    return cat


@pytest.fixture
def item(catalog):
    return catalog.items.get(agency__code="sfx-scj")


@pytest.fixture
def decision(item, world):
    """A decision started by the owner on the market-regulation matter."""
    from fazhi.decisions import actions

    return actions.start_decision(item, by=world.owner, summary="对县城农贸市场进行提升改造。")


def prepare(decision, world, day=date(2026, 3, 5)):
    """Skip participation and hearing, record expert argumentation and risk assessment (owner)."""
    from fazhi.decisions import actions

    actions.skip_step(decision, "participation", by=world.owner, reason="测试：以座谈会方式听取意见，另行记录")
    actions.skip_step(decision, "hearing", by=world.owner, reason="不涉及特定群体重大利益，未举行听证")
    actions.record_step(decision, "expert", by=world.owner, done_on=day, form="论证会", experts="甲教授\n乙律师",
                        opinions="方案总体可行。", organiser="县市场监管局")
    actions.record_step(decision, "risk", by=world.owner, done_on=day, assessor="示范县社会稳定风险评估中心",
                        conclusion="风险可控。", level="low")
