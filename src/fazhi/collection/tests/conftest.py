"""Fixtures for the collection tests: a round opened by the county office, frozen in time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fazhi.metrics import registry
from fazhi.org.tests.world import typed

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Metrics of the test round: counts, a rate from its parts, a computed count and a derived rate of computed parts.
METRICS = [
    "reconsideration_received", "reconsideration_decided", "reconsideration_corrected",
    "reconsideration_correction_rate", "pufa_activities", "normative_issued", "normative_filing_rate",
]
TODAY = date(2026, 1, 10)
DUE = date(2026, 1, 20)


def at(day: date, hour: int = 10):
    """Freeze time at ``hour`` o'clock of ``day`` in Shanghai."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads and attachments of these tests go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def check_inline(monkeypatch):
    """Large uploads are checked at once in the tests (no thread); a test of the waiting page turns it off."""
    from fazhi.collection import previews

    monkeypatch.setattr(previews, "START", "inline")


@pytest.fixture
def catalog(catalog):
    """The shipped catalog with the ledgers' figures these tests type in collected (``world.typed``)."""
    return typed(catalog)


@pytest.fixture
def frozen():
    with at(TODAY):
        yield TODAY


@pytest.fixture
def round_(world, catalog, frozen):
    """A round for 2025 asking the owner's and the colleague's departments and 城关镇."""
    from fazhi.collection.actions import open_round

    return open_round(
        world.agency("sfx-office"), 2025, "2025年度法治建设数据报送", DUE, METRICS,
        [world.agency("sfx-scj"), world.agency("sfx-jyj"), world.agency("sfx-t01")], by=world.office,
    )


@pytest.fixture
def owned(round_, world):
    """The owner's submission (县市场监管局)."""
    return round_.submissions.get(agency__code="sfx-scj")


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


FULL = {
    "reconsideration_received": "12", "reconsideration_decided": "10", "reconsideration_corrected": "2",
    "pufa_activities": "30",
}


@pytest.fixture
def without_ledgers():
    """No ledger computations registered (the normative and decisions apps register theirs at start)."""
    saved = {key: registry.get(key) for key in registry.registered()}
    for key in saved:
        registry.unregister(key)
    yield
    for key, computation in saved.items():
        registry.register(key, computation.func, records_url=computation.records_url)
