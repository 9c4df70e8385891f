"""Fixtures of the assessment tests: English messages, time standing still on 15 December 2026 in Shanghai (``at`` to
move it), and makers of findings the county's rule-of-law office assigns to 县市场监管局 (the owner's agency) and
of items taken along their steps.

2026's calendar (legal-rules §10): 春节 off 2-15 … 2-23, make-up working Saturdays 2-14 and 2-28; 劳动节 5-1 … 5-5,
make-up Saturday 5-9; 中秋 9-25 … 9-27; 国庆 10-1 … 10-7, make-up working days 9-20 and 10-10. The default
rectification period is in calendar days and an administrative one, so a last day on a holiday stays put unless
FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES is on.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 15)


def at(day: date, hour: int = 10):
    """Return a time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def pdf(name: str = "整改佐证.pdf") -> SimpleUploadedFile:
    """A small PDF to attach as evidence."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
           b"trailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


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
def practice(settings, tmp_path):
    """The settings' defaults, whatever the environment says; uploads in a temporary folder."""
    settings.FAZHI_ASSESSMENT_RECTIFICATION_DAYS = 60
    settings.FAZHI_ASSESSMENT_EXTEND_BEFORE_DEADLINE = True
    settings.FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES = False
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def office(world):
    """The county's rule-of-law office clerk, who records findings and reviews their rectification."""
    return world.office


@pytest.fixture
def owner(world):
    """The clerk of 县市场监管局, who reports on its rectification."""
    return world.owner


@pytest.fixture
def bureau(world):
    return world.agency("sfx-scj")


@pytest.fixture
def find(bureau, office):
    """Record a finding of inspection 示法督〔2026〕3号 (started 1 September, fed back 10 September), assigned to
    县市场监管局 on 15 September 2026 with the default period; keyword arguments override the defaults."""
    from fazhi.assessment import actions

    serial = count(1)

    def make(**values):
        fields = dict(agency=bureau, by=office, inspection_reference="示法督〔2026〕3号", inspection_kind="special",
                      inspecting_body="示范县委依法治县办督察组", inspected="示范县市场监督管理局",
                      inspection_started_on=date(2026, 9, 1), feedback_on=date(2026, 9, 10), basis_article="第十九条",
                      category="enforcement", description=f"行政处罚决定书说理不充分（第{next(serial)}项）",
                      responsible_person="王副局长", assigned_on=date(2026, 9, 15))
        fields.update(values)
        return actions.record_finding(**fields)

    return make


@pytest.fixture
def planned(find, owner):
    """A finding whose plan was drawn up 5 days after its assignment."""
    from datetime import timedelta

    from fazhi.assessment import actions

    def make(**values):
        item = find(**values)
        return actions.record_plan(item, by=owner, plan_on=item.assigned_on + timedelta(days=5),
                                   plan="逐案复查，修订文书范本，开展专题培训。")

    return make


@pytest.fixture
def requested(planned, owner):
    """A planned item whose closing was requested with evidence on ``on`` (1 November 2026 by default)."""
    from fazhi.assessment import actions

    def make(on: date = date(2026, 11, 1), **values):
        item = planned(**values)
        return actions.request_closing(item, by=owner, requested_on=on, closing_summary="已完成文书范本修订并培训。",
                                       evidence=pdf())

    return make


def message(excinfo, field: str | None = None) -> str:
    """The refusal's message (at ``field`` for a field error), joined."""
    error = excinfo.value
    if field is not None:
        return " ".join(error.message_dict[field])
    return " ".join(error.messages)
