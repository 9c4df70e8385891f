"""Fixtures of the register's tests: the demo city's register for 2025, built from the org tree."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.org.models import Agency, Membership, Region, User

SHANGHAI = ZoneInfo("Asia/Shanghai")
CITY = "990100"


def at(day: date, hour: int = 10):
    """A time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def city_register(world):
    from fazhi.supervision.actions import build_register

    build_register(Region.objects.get(code=CITY), 2025)
    return world


@pytest.fixture
def other_city_supervisor(world):
    """The supervisor of a neighbouring city (990200), which has a county of its own."""
    province = Region.objects.get(code="990000")
    city = Region.objects.create(code="990200", name="邻市", level=Region.Level.CITY, parent=province)
    Region.objects.create(code="990201", name="邻市甲县", level=Region.Level.COUNTY, parent=city)
    office = Agency.objects.create(code="ls-office", name="中共邻市委全面依法治市委员会办公室",
                                   kind=Agency.Kind.RULE_OF_LAW_OFFICE, region=city)
    user = User.objects.create_user("other-supervisor", password="x")
    Membership.objects.create(user=user, agency=office, role=Membership.Role.SUPERVISOR)
    return user


@pytest.fixture
def data(city_register, catalog):
    """The city's register with the comparison's figures (``test_dashboards.build_data``), on 2026-12-07."""
    from django.test import override_settings

    from .test_dashboards import CODES, TODAY, build_data

    world = city_register
    outside = build_data(world, catalog)
    with override_settings(FAZHI_SUPERVISION_COMPARISON_METRICS=CODES, FAZHI_SUPERVISION_FIGURES_CACHE_SECONDS=0), \
            at(TODAY):
        yield world, outside


def make_report(agency, year=2025, **dates):
    from fazhi.reports.models import Report

    return Report.objects.create(agency=agency, year=year, title=f"{agency.name}{year}年法治政府建设年度报告",
                                 issuer=agency.name, body_kind="department", **dates)
