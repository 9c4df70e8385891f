"""Fixtures of the mediation tests: English messages, time standing still on 15 December 2026 in Shanghai (``at`` to
move it), and makers of disputes received by 城关镇 (the township's people's mediation committee, kept by its clerk, the
owner here) and taken along their steps.

The calendars (legal-rules §10): 2025 春节 off 1-28 … 2-4, make-up working days 1-26 and 2-8; 国庆 and 中秋 off 10-1 …
10-8, make-up working days 9-28 and 10-11. 2026 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 中秋
9-25 … 9-27; 国庆 10-1 … 10-7, make-up working days 9-20 and 10-10. The mediation period is in months (民法典 第202条)
and an administrative one, so a last day on a holiday stays put unless FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is on; the
30 days to apply for judicial confirmation follow 民事诉讼法 第85条 and move past a holiday.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
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


@pytest.fixture(autouse=True)
def practice(settings):
    """The settings' defaults, whatever the environment says."""
    settings.FAZHI_MEDIATION_CONTINUATION_MONTHS = 1
    settings.FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY = True
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = False


@pytest.fixture
def owner(world):
    """The township clerk of 城关镇, who keeps its committee's disputes."""
    return world.township


@pytest.fixture
def township(world):
    """示范县城关镇人民政府, the owning agency of 城关镇人民调解委员会."""
    return world.agency("sfx-t01")


@pytest.fixture
def receive(township, owner):
    """Record a dispute received on 2 March 2026 by default; keyword arguments override the defaults."""
    from fazhi.mediation import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=township, by=owner, number=f"城调〔2026〕{next(serial)}号", organisation="城关镇人民调解委员会",
                      organisation_kind="peoples", parties="张某某、李某", party_count=2, dispute_type="neighbourhood",
                      summary="两家因院墙排水问题发生争执。", source="application", received_on=date(2026, 3, 2),
                      mediators="调解员甲")
        fields.update(values)
        return actions.receive_dispute(**fields)

    return make


@pytest.fixture
def mediated(receive, owner):
    """A dispute received on ``received_on`` with a session ``days`` later (3 by default)."""
    from fazhi.mediation import actions
    from fazhi.mediation.models import Dispute

    def make(days: int = 3, **values):
        dispute = receive(**values)
        actions.record_session(dispute, by=owner, held_on=dispute.received_on + timedelta(days=days),
                               session_note="听取双方陈述。")
        return Dispute.objects.get(pk=dispute.pk)

    return make


@pytest.fixture
def agreed(mediated, owner):
    """A mediated dispute whose written agreement took effect ``days`` after receipt (10 by default), to be
    performed 30 days later; ``confirmation_intended`` by default."""
    from fazhi.mediation import actions

    def make(days: int = 10, agreement_form: str = "written", confirmation_intended: bool = True, **values):
        dispute = mediated(**values)
        agreement_on = dispute.received_on + timedelta(days=days)
        written = agreement_form == "written"
        return actions.record_agreement(
            dispute, by=owner, agreement_on=agreement_on, agreement_form=agreement_form,
            agreement_summary="一方赔偿对方损失并修缮排水沟。", confirmation_intended=confirmation_intended,
            performance_due=agreement_on + timedelta(days=30) if written else None)

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
