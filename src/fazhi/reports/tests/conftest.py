"""Fixtures of the annual report's tests: an accepted collection round for 2025 in the demo county."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: Invented figures for 2025, per submitting agency; the county report states their totals.
FIGURES_2025 = {
    "sfx-sfj": {"reconsideration_received": 35, "reconsideration_decided": 33, "reconsideration_corrected": 4,
                "litigation_cases": 20, "litigation_leader_appearances": 19, "pufa_activities": 50},
    "sfx-scj": {"enforcement_cases": 120, "enforcement_files_reviewed": 30, "normative_issued": 3},
    "sfx-jyj": {"enforcement_cases": 16, "normative_issued": 2, "pufa_activities": 12},
    "sfx-t01": {"disputes_mediated": 80, "disputes_resolved": 78},
}


def at(day: date, hour: int = 10):
    """Return a time-machine traveller to ``day`` in Shanghai, the clock standing still."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)



@pytest.fixture
def catalog(catalog):
    """The shipped catalog with the ledgers' figures these tests type in collected (``world.typed``)."""
    from fazhi.org.tests.world import typed

    return typed(catalog)

def make_round(world, catalog, year: int = 2025, figures: dict | None = None):
    """Create a closed round for ``year`` in the demo county with accepted submissions and their values."""
    from fazhi.collection.models import Round, Submission, Value

    county = world.agency("sfx-gov").region
    office = world.agency("sfx-office")
    round_ = Round.objects.create(agency=office, region=county, year=year, title=f"{year}年度法治政府建设数据报送",
                                  due_date=date(year + 1, 1, 20), status=Round.Status.CLOSED)
    figures = FIGURES_2025 if figures is None else figures
    round_.metrics.set([catalog[code] for values in figures.values() for code in values])
    for code, values in figures.items():
        submission = Submission.objects.create(round=round_, agency=world.agency(code), year=year,
                                               status=Submission.Status.ACCEPTED)
        submission.metrics.set([catalog[c] for c in values])
        Value.objects.bulk_create(
            Value(submission=submission, metric=catalog[c], value=Decimal(v)) for c, v in values.items()
        )
    return round_


@pytest.fixture
def round_2025(world, catalog):
    return make_round(world, catalog)


@pytest.fixture
def feb_2026():
    """Stand on 2026-02-10: inside the 30-day warning window of the 2026-03-01 filing deadline."""
    with at(date(2026, 2, 10)) as traveller:
        yield traveller


@pytest.fixture
def gov_report(world, round_2025, feb_2026):
    """The county government's 2025 report, created by the office."""
    from fazhi.reports.actions import create_report

    return create_report(world.agency("sfx-gov"), 2025, by=world.office)


#: The reason a test gives for sending a report on despite the reviewer's findings (its text is test text).
OVERRIDE = "测试文本，审读意见另行处理。"


def finish_text(report, by):
    """Replace every drafting prompt and revise fazhi's drafts of parts two and four, as the staff would
    before review."""
    from fazhi.reports.actions import DRAFT_MARK, edit_section
    from fazhi.reports.review import unedited

    revise = set(unedited(report.sections.all()))
    for section in report.sections.all():
        if DRAFT_MARK in section.text or not section.text.strip() or section in revise:
            edit_section(section, f"{section.title}：测试用文字，已按要求完善。", by)
