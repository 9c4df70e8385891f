"""Fixtures of the composer's and exports' tests: a county report built from accepted submissions.

Test modules import ``county_report_fixture`` and ``composed_fixture``; the fixtures are named
``county_report`` and ``composed``.

Two departments (司法局, 市场监管局) and two townships (城关镇, 东关镇) of the demo county report known
values for 2025 and 2024, so the rolled-up figures are known: e.g. 35 reconsideration applications
(20 + 15, up 9.4% on 32), 33 decided, 4 corrected, a correction rate of 12.1% (4 / 33).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from fazhi.collection.models import Round, Submission, Value
from fazhi.reports.models import Report

YEAR = 2025

#: The county government states its own meetings and study sessions (aggregation "own"); a department's and a
#: township's own study sessions are theirs, never added into the county's.
VALUES = {
    YEAR: {
        "sfx-gov": {"leadership_study_sessions": 6, "leadership_meetings_on_law": 5},
        "sfx-sfj": {
            "reconsideration_received": 20, "reconsideration_decided": 19, "reconsideration_corrected": 3,
            "litigation_cases": 6, "litigation_leader_appearances": 6, "leadership_study_sessions": 4,
            "leaders_shufa": 3, "normative_issued": 8, "normative_reviewed": 8,
            "normative_filed": 7, "pufa_activities": 30, "pufa_audience": 12000,
        },
        "sfx-scj": {
            "reconsideration_received": 15, "reconsideration_decided": 14, "reconsideration_corrected": 1,
            "enforcement_cases": 120, "enforcement_files_reviewed": 40, "litigation_cases": 4,
            "litigation_leader_appearances": 3, "disclosure_requests": 9,
        },
        "sfx-t01": {"disputes_mediated": 80, "disputes_resolved": 76, "pufa_activities": 12,
                    "leadership_study_sessions": 2},
        "sfx-t02": {"disputes_mediated": 45, "disputes_resolved": 41, "pufa_activities": 8},
    },
    YEAR - 1: {
        "sfx-gov": {"leadership_study_sessions": 4},
        "sfx-sfj": {"reconsideration_received": 18, "reconsideration_decided": 17, "reconsideration_corrected": 2,
                    "pufa_activities": 25, "leadership_study_sessions": 4},
        "sfx-scj": {"reconsideration_received": 14, "reconsideration_decided": 13, "reconsideration_corrected": 2,
                    "enforcement_cases": 100},
        "sfx-t01": {"disputes_mediated": 70},
        "sfx-t02": {"disputes_mediated": 40},
    },
}


@dataclass
class CountyReport:
    report: Report
    world: object
    catalog: dict

    def value(self, agency_code: str, metric: str, year: int = YEAR) -> Value:
        return Value.objects.get(submission__agency__code=agency_code, submission__year=year, metric__code=metric)


def make_submissions(world, catalog, values=VALUES) -> None:
    """Create a round per year and one accepted submission per agency with the given values."""
    office = world.agency("sfx-office")
    for year, by_agency in values.items():
        round_ = Round.objects.create(
            agency=office, region=office.region, year=year, title=f"{year}年度法治政府建设数据报送",
            due_date=date(year + 1, 1, 15), status=Round.Status.CLOSED,
        )
        for code, figures in by_agency.items():
            submission = Submission.objects.create(round=round_, agency=world.agency(code), status="accepted")
            Value.objects.bulk_create(
                Value(submission=submission, metric=catalog[metric], value=Decimal(value))
                for metric, value in figures.items()
            )


def make_report(agency, *, year=YEAR, body_kind=Report.BodyKind.GOVERNMENT, issuer=None) -> Report:
    from fazhi.reports.compose import report_title

    issuer = issuer or agency.name
    return Report.objects.create(
        agency=agency, year=year, issuer=issuer, title=report_title(issuer, year), body_kind=body_kind,
        dated=date(year + 1, 2, 20),
    )


@pytest.fixture(name="county_report")
def county_report_fixture(world, catalog) -> CountyReport:
    """The county government's 2025 report (no sections yet) over the known submissions."""
    make_submissions(world, catalog)
    return CountyReport(make_report(world.agency("sfx-gov")), world, catalog)


@pytest.fixture(name="composed")
def composed_fixture(county_report) -> CountyReport:
    """The county report with its outline built by the office."""
    from fazhi.reports.compose import build_sections

    build_sections(county_report.report, by=county_report.world.office)
    return county_report
