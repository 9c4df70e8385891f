"""The demo county's inspections and rectification: items in every state, one overdue, built once, at any time of
the year (dates counted back from today, none after it)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.assessment.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_one_overdue(world, settings, tmp_path, day):
    from fazhi.assessment.demo import PLANS, build_demo_assessment
    from fazhi.assessment.models import Inspection, Rectification

    with at(day):
        assert build_demo_assessment() == {"items": len(PLANS)}
        assert build_demo_assessment() == {"items": 0}
    items = list(Rectification.objects.all())
    assert {i.status for i in items} == set(Rectification.Status.values)
    assert sum(1 for i in items if i.is_overdue(day)) >= 1
    assert any(i.extended_until for i in items) and any(i.times_returned for i in items)
    assert any(i.closed_late for i in items) and any(i.closed_on and not i.closed_late for i in items)
    assert Inspection.objects.count() == 4
    for item in items:
        dates = [d for d in (item.inspection.started_on, item.inspection.ended_on, item.assigned_on, item.plan_on,
                             item.closing_requested_on, item.closed_on) if d]
        assert dates == sorted(dates) and max(dates) <= day, item


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2027, 1, 3)])
def test_the_demo_self_assessments_build_once_in_every_state(world, settings, tmp_path, day):
    from fazhi.assessment.demo import SELF_PLANS, build_demo_self_assessments
    from fazhi.assessment.models import IndicatorSystem, RankingPublication, SelfAssessment
    from fazhi.assessment.ranking import ranking_rows
    from fazhi.assessment.scoring import gaps
    from fazhi.org.models import Region

    settings.MEDIA_ROOT = str(tmp_path)
    with at(day):
        assert build_demo_self_assessments() == {"self_assessments": len(SELF_PLANS) + 1}
        assert build_demo_self_assessments() == {"self_assessments": 0}
    assert IndicatorSystem.objects.count() == 3
    province = SelfAssessment.objects.filter(system__code="shifan-province-assessment-2024")
    assert {r.status for r in province} == set(SelfAssessment.Status.values)
    assert province.filter(times_returned=1, status="draft").exists()
    assert {r.year for r in SelfAssessment.objects.all()} == {day.year - 1}
    for record in SelfAssessment.objects.all():
        dates = [d for d in (record.submitted_on, record.scored_on, record.published_on) if d]
        assert dates == sorted(dates) and all(d <= day for d in dates), record
    demonstration = SelfAssessment.objects.get(system__code="national-demonstration-2021")
    assert demonstration.status == "submitted" and len(gaps(demonstration)) > 5
    assert demonstration.entries.exclude(rectification=None).count() == 1
    publication = RankingPublication.objects.get()
    assert publication.region.code == "990102" and publication.bodies == "department"
    rows = ranking_rows(world.office, Region.objects.get(code="990102"), province.first().system, day.year - 1,
                        "department", as_office=True)
    ranked = [r for r in rows if r.rank]
    assert len(ranked) == 3 and ranked[0].rank == ranked[1].rank  # 市场监管局 and 司法局 tie
    assert any(c.code == "unscored" for r in ranked for c in r.caveats)
    assert any(c.code == "not_applicable" for r in ranked for c in r.caveats)
