"""Fixtures of the file review tests: frozen time on 2026-12-10, English messages, two departments' enforcement
bodies with certified officers, closed penalty cases made through the penalties actions, and a campaign."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 10)
DECISION = dict(facts="经查，当事人销售超过保质期的食品。", legal_basis="《食品安全法》第124条",
                performance="自收到本决定书之日起十五日内履行", remedy="六十日内申请行政复议或者六个月内提起行政诉讼")


def at(day: date, hour: int = 10):
    """Freeze time at ``hour`` o'clock of ``day`` in Shanghai."""
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


def _body(world, user, code: str, name: str):
    from fazhi.enforcement import actions

    return actions.register_body(agency=world.agency(code), by=user, name=name, kind="statutory",
                                 legal_basis="《中华人民共和国行政处罚法》", domains="行政处罚")


def _officers(user, body, first_serial: int) -> list:
    from fazhi.enforcement import actions
    from fazhi.enforcement.demo import id_number

    made = []
    for offset, name in enumerate(["甲执法", "乙执法"]):
        serial = first_serial + offset
        officer = actions.register_officer(body=body, by=user, name=f"{body.name[:3]}{name}",
                                           id_number=id_number(serial, date(1985, 6, 1)), position="科员")
        actions.issue_certificate(officer, by=user, number=f"9901{serial:06d}", area="示范县", domain="行政执法",
                                  issued_on=date(2024, 1, 2), valid_until=date(2029, 12, 31), issuer="示范省司法厅")
        made.append(officer)
    return made


@pytest.fixture
def body(world):
    """The 市场监管局's enforcement body (the owner's department), with two certified officers."""
    made = _body(world, world.owner, "sfx-scj", "示范县市场监督管理局")
    made.team = _officers(world.owner, made, 1)
    return made


@pytest.fixture
def other_body(world):
    """The 教育局's enforcement body (the colleague's department), with two certified officers."""
    made = _body(world, world.colleague, "sfx-jyj", "示范县教育局")
    made.team = _officers(world.colleague, made, 11)
    return made


@pytest.fixture
def director(world):
    from fazhi.org.models import User

    return User.objects.get(username="director")


_serials = count(1)


def make_case(body, by, *, opened_on: date = date(2026, 3, 2), closed_on: date | None = date(2026, 10, 30)):
    """A penalty case of ``body`` taken through the penalties actions: filed, notified of a warning, decided,
    served, carried out and (unless ``closed_on`` is None) closed."""
    from fazhi.penalties import actions

    serial = next(_serials)
    case = actions.open_case(body=body, by=by, number=f"测立〔{opened_on.year}〕{serial}号", title=f"测试案件{serial}",
                             party_kind="organisation", party_name=f"示范县测试商贸有限公司{serial}",
                             party_address="示范县人民路1号", violation_on=opened_on - timedelta(days=10),
                             discovered_on=opened_on - timedelta(days=1), opened_on=opened_on, officers=body.team)
    case = actions.notify_penalty(case, by=by, on=opened_on + timedelta(days=8), penalty_types=["warning"])
    case = actions.receive_notice(case, by=by, on=case.notified_on)
    case = actions.decide(case, by=by, on=opened_on + timedelta(days=18), outcome="penalty",
                          decision_number=f"测罚〔{opened_on.year}〕{serial}号", **DECISION)
    case = actions.serve_decision(case, by=by, on=opened_on + timedelta(days=19), method="直接送达")
    case = actions.record_execution(case, by=by, on=opened_on + timedelta(days=20), execution="已履行")
    if closed_on is not None:
        case = actions.close_case(case, by=by, on=closed_on)
    return case


@pytest.fixture
def closed_cases(world):
    """Return a function closing ``n`` cases of a body (by its own clerk)."""

    def make(body, n: int, **kwargs) -> list:
        by = world.owner if body.agency.code == "sfx-scj" else world.colleague
        return [make_case(body, by, **kwargs) for _ in range(n)]

    return make


@pytest.fixture
def open_campaign(world):
    """Return a function opening a 2026 campaign of the county office over ``bodies``."""
    from fazhi.filereview import actions

    def make(bodies, **values):
        fields = dict(office=world.agency("sfx-office"), by=world.office, year=2026, title="2026年度案卷评查",
                      bodies=bodies, opened_on=date(2026, 12, 1)) | values
        return actions.open_campaign(**fields)

    return make


@pytest.fixture
def reviewing(world, director, body, other_body, closed_cases, open_campaign):
    """A campaign under review over both bodies: 4 closed cases of the 市场监管局 (3 drawn) and 2 of the 教育局 (both
    drawn), reviewed by the office's two staff."""
    from fazhi.filereview import actions

    closed_cases(body, 4)
    closed_cases(other_body, 2)
    campaign = open_campaign([body, other_body])
    actions.draw_sample(campaign, by=world.office, on=date(2026, 12, 2), seed="5eed")
    actions.assign_reviewers(campaign, by=world.office, reviewers=[world.office, director])
    return actions.start_review(campaign, by=world.office, on=date(2026, 12, 3))


def full_marks(campaign, **changes) -> dict:
    """Every item of the campaign's rubric at its maximum, with ``changes`` by item id."""
    lines = {item.pk: {"points": item.max_score, "note": "", "failed": False} for item in campaign.rubric.items.all()}
    for pk, change in changes.items():
        lines[int(pk)] = lines[int(pk)] | change
    return lines


def item(campaign, *, veto: bool | None = None, section: str | None = None):
    """The first rubric item (by position) with these properties."""
    items = campaign.rubric.ordered_items()
    return next(i for i in items if (veto is None or i.veto == veto) and (section is None or i.section == section))


def score_all(campaign, by, *, on: date = date(2026, 12, 5), fail: set[int] = frozenset()) -> None:
    """Score every live file of the campaign at full marks; the files ``fail`` (ids) fail a veto item and get a
    rectification item."""
    from fazhi.filereview import actions

    veto = item(campaign, veto=True)
    for file in campaign.files.filter(withdrawn_at__isnull=True).order_by("pk"):
        changes = {veto.pk: {"points": 0, "failed": True, "note": "主要证据不足"}} if file.pk in fail else {}
        actions.score_file(file, by=by, on=on, lines=full_marks(campaign, **{str(k): v for k, v in changes.items()}))
        if file.pk in fail:
            actions.order_rectification(file, by=by, description="补强证据，开展同类案件自查")
