"""Part one's sentences on legal advisers, public-sector lawyers and contract review (发挥法律顾问和公职律师作用): the
reporting body's own figures, as the advisers ledger computes them, never the sum of the bodies below it."""

from __future__ import annotations

import pytest

from fazhi.reports import compose
from fazhi.reports.models import Report
from fazhi.reports.tests.fixtures_compose import YEAR, make_report, make_submissions

pytestmark = pytest.mark.django_db

#: The county government's own advisers, the 司法局's and a township's, with the figures their ledgers give.
VALUES = {
    YEAR: {
        "sfx-gov": {"decisions_adviser_opinions": 12, "decisions_adviser_meetings": 6,
                    "decisions_contracts_reviewed": 9, "education_legal_advisers": 2},
        "sfx-sfj": {"decisions_adviser_opinions": 30, "decisions_contracts_reviewed": 20,
                    "education_legal_advisers": 1, "education_public_lawyers": 3},
        "sfx-t01": {"decisions_adviser_opinions": 5, "education_legal_advisers": 1, "education_public_lawyers": 1},
    },
    YEAR - 1: {"sfx-gov": {"decisions_adviser_opinions": 10}, "sfx-sfj": {"decisions_adviser_opinions": 25}},
}


@pytest.fixture
def submitted(world, catalog):
    make_submissions(world, catalog, VALUES)
    return world


def test_the_county_states_its_own_advisers_work_and_the_regions_public_lawyers(submitted):
    report = make_report(submitted.agency("sfx-gov"))
    compose.build_sections(report, by=submitted.office)
    decisions = report.sections.get(topic="decisions")
    assert "发挥法律顾问和公职律师作用" in decisions.text or "提升涉法事务办理质量" in decisions.text
    # 12 of the government's own advisers, not 12 + 30 + 5; 9 contracts, not 29; 6 meetings.
    assert "法律顾问出具法律意见12件" in decisions.text and "47件" not in decisions.text
    assert "审查政府合同9件" in decisions.text and "29件" not in decisions.text
    assert "法律顾问列席政府常务会议6次" in decisions.text
    by_code = {f["metric"]: f for f in decisions.figures}
    assert by_code["decisions_adviser_opinions"]["own"] is True
    assert by_code["decisions_adviser_opinions"]["previous"] == "10"  # its own last year, not 35
    assert not any(state.stale for state in compose.figure_states(decisions))
    education = report.sections.get(topic="education")
    # The region's public-sector lawyers (3 + 1): its sentence speaks of the whole county.
    assert "全县共有公职律师4名" in education.text
    assert "聘请常年法律顾问2名" in education.text


def test_a_new_figure_of_the_bodys_own_marks_the_sentence_stale_and_updates_it(submitted):
    from fazhi.collection.models import Value

    report = make_report(submitted.agency("sfx-gov"))
    compose.build_sections(report, by=submitted.office)
    decisions = report.sections.get(topic="decisions")
    Value.objects.filter(submission__agency__code="sfx-sfj", metric__code="decisions_adviser_opinions",
                         submission__year=YEAR).update(value=31)
    assert not any(state.stale for state in compose.figure_states(decisions))  # another body's figure
    Value.objects.filter(submission__agency__code="sfx-gov", metric__code="decisions_adviser_opinions",
                         submission__year=YEAR).update(value=14)
    assert [s.metric for s in compose.figure_states(decisions) if s.stale] == ["decisions_adviser_opinions"]
    decisions = compose.update_figures(decisions, by=submitted.office)
    assert "法律顾问出具法律意见14件" in decisions.text


def test_a_department_states_its_own_advisers_work(submitted):
    report = make_report(submitted.agency("sfx-sfj"), body_kind=Report.BodyKind.DEPARTMENT)
    compose.build_sections(report, by=submitted.office)
    decisions = report.sections.get(topic="decisions")
    assert "法律顾问出具法律意见30件" in decisions.text and "审查政府合同20件" in decisions.text
