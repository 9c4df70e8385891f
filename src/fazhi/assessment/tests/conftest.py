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


# Self-assessments ------------------------------------------------------------------------------------------------


def small_system(**values) -> dict:
    """A small system of our own: two areas, three indicators with points (10 in all); the first indicator's evidence
    is kept in the rectification ledger."""
    data = {"code": "test-county-2026", "family": "test-county", "name": "测试县考核指标", "edition_year": 2024,
            "kind": "other", "has_points": True, "total_points": "10", "indicators": [
                {"number": "一、", "title": "制度建设", "points": "6", "category": "normative", "children": [
                    {"number": "（1）", "title": "督察问题整改到位", "points": "4", "ledger": "assessment",
                     "metric": "supervision_rectification_rate"},
                    {"number": "（2）", "title": "文件清理", "points": "2"}]},
                {"number": "二、", "title": "组织领导", "points": "4", "category": "leadership", "children": [
                    {"number": "（3）", "title": "主要负责人述法", "points": "4"}]}]}
    data.update(values)
    return data


def plain_system() -> dict:
    """The same without points: a demonstration system."""
    data = small_system(code="test-demonstration-2026", name="测试示范指标", kind="demonstration", has_points=False,
                        total_points=None)
    for area in data["indicators"]:
        area.pop("points")
        for leaf in area["children"]:
            leaf.pop("points")
    return data


@pytest.fixture
def pointed(world):
    from fazhi.assessment.systems import load_system

    return load_system(small_system()).system


@pytest.fixture
def plain(world):
    from fazhi.assessment.systems import load_system

    return load_system(plain_system()).system


@pytest.fixture
def opened(pointed, world):
    """Open a self-assessment of ``code``'s agency (县市场监管局 by default) on the points system for 2026."""
    from fazhi.assessment import scoring

    def make(code: str = "sfx-scj", system=None, year: int = 2026, by=None):
        return scoring.open_self_assessment(agency=world.agency(code), by=by or world.office,
                                            system=system or pointed, year=year)

    return make


def entries(record) -> list:
    return list(record.entries.select_related("indicator").order_by("indicator__position"))


@pytest.fixture
def claimed(opened, world):
    """A self-assessment with every indicator claimed: results and scores given (default: all met, full points)."""
    from fazhi.assessment import scoring

    def make(code: str = "sfx-scj", results=("met", "met", "met"), scores=None, system=None, by=None):
        record = opened(code, system=system, by=by)
        for entry, result, score in zip(entries(record), results, scores or [None] * 3, strict=True):
            if score is None and result in ("met", "partly") and entry.indicator.points is not None:
                score = entry.indicator.points if result == "met" else entry.indicator.points / 2
            scoring.record_entry(entry, by=by or world.office, claimed_result=result, claimed_score=score,
                                 explanation="不适用的理由" if result == "not_applicable" else "已落实")
        record.refresh_from_db()
        return record

    return make


@pytest.fixture
def scored(claimed, world):
    """A self-assessment on 2026 submitted on 1 December 2026, scored by the office with ``office``'s scores (default:
    the claims; "skip" leaves one unscored), finished on 5 December (and published on the 8th with ``publish``)."""
    from datetime import date

    from fazhi.assessment import scoring

    def make(code: str = "sfx-scj", results=("met", "met", "met"), office=None, publish=False, finish=True,
             system=None, by=None):
        by = by or world.office
        record = claimed(code, results=results, system=system, by=by)
        record = scoring.submit_self_assessment(record, by=by, submitted_on=date(2026, 12, 1))
        for entry, value in zip(entries(record), office or [e.claimed_score for e in entries(record)], strict=True):
            if value == "skip":
                continue
            if entry.claimed_result == "not_applicable":
                scoring.score_indicator(entry, by=by, office_result="not_applicable")
            elif record.system.has_points:
                scoring.score_indicator(entry, by=by, office_result=entry.claimed_result, office_score=value,
                                        office_comment="")
            else:
                scoring.score_indicator(entry, by=by, office_result=value or entry.claimed_result)
        if finish:
            record = scoring.finish_scoring(record, by=by, scored_on=date(2026, 12, 5))
        if publish:
            record = scoring.publish_result(record, by=by, published_on=date(2026, 12, 8))
        return record

    return make
