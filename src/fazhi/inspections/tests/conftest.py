"""Fixtures of the random-inspection tests: English messages, frozen time, the 市场监管局's body, officers with
certificates in its directory of inspectors, an item and a directory of entities."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 5, 20)


def at(day: date, hour: int = 10):
    """Freeze time at ``hour`` o'clock of ``day`` in Shanghai."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def id_number(serial: int) -> str:
    """A valid identity number of the fictional region 990102 (GB 11643-1999 check character)."""
    from fazhi.enforcement.demo import id_number as make

    return make(serial, date(1985, 6, 1))


def credit_code(serial: int) -> str:
    """A valid unified social credit code of the fictional region 990102 (GB 32100-2015 check character)."""
    from fazhi.inspections.models import credit_check_character

    first17 = f"91990102{serial:09d}"
    return first17 + credit_check_character(first17)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(settings):
    """Messages are matched in English (the msgids), on the pages too; the screens default to Chinese."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def frozen():
    with at(TODAY):
        yield TODAY


@pytest.fixture
def agency(world):
    return world.agency("sfx-scj")


@pytest.fixture
def body(world, frozen, agency):
    """The 市场监管局's enforcement body, registered by its clerk (the owner)."""
    from fazhi.enforcement import actions

    return actions.register_body(agency=agency, by=world.owner, name="示范县市场监督管理局", kind="statutory",
                                 legal_basis="《中华人民共和国行政处罚法》", domains="市场监管")


@pytest.fixture
def make_officer(world, body):
    """Return a function registering an officer of ``body`` with a certificate valid until ``valid_until`` and
    putting them in the directory of inspectors (``pool=False``: not)."""
    from fazhi.enforcement import actions as enforcement
    from fazhi.inspections import actions

    serials = iter(range(1, 500))

    def make(name="张三", *, valid_until: date | None = date(2029, 12, 31), issued_on=date(2024, 1, 2),
             pool: bool = True):
        serial = next(serials)
        officer = enforcement.register_officer(body=body, by=world.owner, name=name, id_number=id_number(serial),
                                               position="科员")
        if valid_until is not None:
            enforcement.issue_certificate(officer, by=world.owner, number=f"9901{serial:06d}", area="示范县",
                                          domain="市场监督管理", issued_on=issued_on, valid_until=valid_until,
                                          issuer="示范省司法厅")
        if pool:
            actions.add_inspector(agency=body.agency, by=world.owner, officer=officer, on=date(2026, 1, 5))
        return officer

    return make


@pytest.fixture
def item(world, body):
    from fazhi.inspections import actions

    return actions.register_item(agency=body.agency, by=world.owner, body=body, name="食品经营者监督检查",
                                 legal_basis="《中华人民共和国食品安全法》", matter="进货查验、贮存条件")


@pytest.fixture
def make_entities(world, body):
    """Return a function putting ``n`` entities of a risk level in the 市场监管局's directory."""
    from fazhi.inspections import actions

    serials = iter(range(1, 5000))

    def make(n: int, risk: str = "high", *, prefix: str = "企业"):
        made = []
        for _index in range(n):
            serial = next(serials)
            made.append(actions.register_entity(
                agency=body.agency, by=world.owner, name=f"{prefix}{serial}", credit_code=credit_code(serial),
                address=f"示范县城关镇{serial}号", domain="食品销售", risk=risk))
        return made

    return make


@pytest.fixture
def team(make_officer):
    """Three officers with valid certificates, in the directory of inspectors."""
    return [make_officer(name) for name in ("张三", "李四", "王五")]
