"""Fixtures of the enforcement tests: frozen time, the 市场监管局's body and officers with certificates."""

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
def body(world, frozen):
    """The 市场监管局's enforcement body, registered by its clerk (the owner)."""
    from fazhi.enforcement import actions

    return actions.register_body(agency=world.agency("sfx-scj"), by=world.owner, name="示范县市场监督管理局",
                                 kind="statutory", legal_basis="《中华人民共和国行政处罚法》", domains="市场监管")


@pytest.fixture
def make_officer(world, body):
    """Return a function registering an officer of ``body``, with a certificate valid until ``valid_until``."""
    from fazhi.enforcement import actions

    serials = iter(range(1, 500))

    def make(name="张三", *, valid_until: date | None = date(2029, 12, 31), issued_on=date(2024, 1, 2),
             number=None, by=None):
        serial = next(serials)
        officer = actions.register_officer(body=body, by=by or world.owner, name=name, id_number=id_number(serial),
                                           position="科员")
        if valid_until is not None:
            actions.issue_certificate(officer, by=by or world.owner, number=number or f"9901{serial:06d}",
                                      area="示范县", domain="市场监督管理", issued_on=issued_on,
                                      valid_until=valid_until, issuer="示范省司法厅")
        return officer

    return make
