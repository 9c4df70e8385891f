"""Fixtures of the penalty-case tests: frozen time on 2026-11-20, English
messages, the 市场监管局's enforcement body with two certified officers, and a case opener with defaults."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield TODAY


@pytest.fixture
def body(world):
    from fazhi.enforcement import actions

    return actions.register_body(agency=world.agency("sfx-scj"), by=world.owner, name="示范县市场监督管理局",
                                 kind="statutory", legal_basis="《中华人民共和国行政处罚法》", domains="市场监管")


@pytest.fixture
def officers(world, body):
    from fazhi.enforcement import actions
    from fazhi.enforcement.demo import id_number

    made = []
    for serial, name in enumerate(["张执法", "李执法"], start=1):
        officer = actions.register_officer(body=body, by=world.owner, name=name,
                                           id_number=id_number(serial, date(1985, 6, 1)), position="科员")
        actions.issue_certificate(officer, by=world.owner, number=f"99010{serial:05d}", area="示范县",
                                  domain="市场监督管理", issued_on=date(2024, 1, 2), valid_until=date(2029, 12, 31),
                                  issuer="示范省司法厅")
        made.append(officer)
    return made


ORG_CODE = "91990102MA0000000"  # completed with its check character below


def credit_code(first17: str = ORG_CODE) -> str:
    from fazhi.penalties.models import _CREDIT_CHARS, _CREDIT_WEIGHTS

    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return first17 + _CREDIT_CHARS[(31 - total % 31) % 31]


@pytest.fixture
def open_case(world, body, officers):
    from fazhi.penalties import actions

    serial = iter(range(1, 100))

    def make(**values):
        fields = dict(body=body, by=world.owner, number=f"示市监立〔2026〕{next(serial)}号", title="某商贸公司销售过期食品案",
                      party_kind="organisation", party_name="示范县某商贸有限公司", party_code=credit_code(),
                      party_address="示范县人民路1号", violation_on=date(2026, 2, 20), discovered_on=date(2026, 3, 1),
                      opened_on=date(2026, 3, 2), officers=officers)
        fields.update(values)
        return actions.open_case(**fields)

    return make
