"""Each metric fits some kinds of body and adds up by its rule: a body's own meetings are its own, never a sum."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.collection import rollup
from fazhi.collection.actions import change_submission_metrics, fill_values, open_round
from fazhi.collection.models import Submission
from fazhi.collection.tests.conftest import DUE
from fazhi.metrics.models import BodyKind, Metric, body_kind_of
from fazhi.org.models import Agency, Region

pytestmark = pytest.mark.django_db

STUDY, MEETINGS, PUFA = "leadership_study_sessions", "leadership_meetings_on_law", "pufa_activities"
# 县政府 9 own study sessions and 5 常务会议; 市场监管局 4 and 城关镇 3 of their own; 普法 summed as ever.
FIGURES = {"sfx-gov": {STUDY: 9, MEETINGS: 5, PUFA: 2}, "sfx-scj": {STUDY: 4, PUFA: 10},
           "sfx-t01": {STUDY: 3, PUFA: 7}}


@pytest.fixture
def filled(world, catalog, frozen):
    round_ = open_round(world.agency("sfx-office"), 2025, "示范县", DUE, [STUDY, MEETINGS, PUFA],
                        [world.agency(code) for code in FIGURES], by=world.office)
    for submission in round_.submissions.select_related("agency"):
        fill_values(submission, FIGURES[submission.agency.code])
    round_.submissions.update(status=Submission.Status.ACCEPTED)
    return round_


def test_body_kinds_follow_the_agency_and_its_region():
    county = Region(name="示范县", level=Region.Level.COUNTY)
    assert body_kind_of(Agency(kind=Agency.Kind.GOVERNMENT, region=county)) == BodyKind.COUNTY
    assert body_kind_of(Agency(kind=Agency.Kind.RULE_OF_LAW_OFFICE, region=county)) == BodyKind.COUNTY
    assert body_kind_of(Agency(kind=Agency.Kind.DEPARTMENT, region=county)) == BodyKind.DEPARTMENT
    assert body_kind_of(Agency(kind=Agency.Kind.GOVERNMENT,
                               region=Region(name="示范市", level=Region.Level.CITY))) == BodyKind.CITY
    town = Region(name="城关镇", level=Region.Level.TOWNSHIP)
    assert body_kind_of(Agency(kind=Agency.Kind.TOWNSHIP, region=town)) == BodyKind.TOWNSHIP
    street = Region(name="东城街道", level=Region.Level.TOWNSHIP)
    assert body_kind_of(Agency(kind=Agency.Kind.TOWNSHIP, region=street)) == BodyKind.SUBDISTRICT


def test_a_body_is_asked_only_for_the_metrics_that_fit_it(filled):
    asked = {s.agency.code: set(s.metrics.values_list("code", flat=True)) for s in filled.submissions.all()}
    assert asked["sfx-gov"] == {STUDY, MEETINGS, PUFA}
    assert asked["sfx-scj"] == {STUDY, PUFA}  # a department holds no 常务会议
    assert asked["sfx-t01"] == {STUDY, PUFA}


def test_adding_a_metric_that_does_not_fit_is_refused_with_its_name(filled, world):
    submission = filled.submissions.get(agency__code="sfx-scj")
    submission.status = Submission.Status.DRAFT
    submission.save()
    with pytest.raises(ValidationError) as refused:
        change_submission_metrics(submission, by=world.office, add=[MEETINGS])
    assert "常务会议研究法治工作" in str(refused.value) and refused.value.code == "unfit"
    assert not submission.metrics.filter(code=MEETINGS).exists()


def test_own_figures_are_the_body_s_own_and_sums_are_sums(filled, world):
    county = world.agency("sfx-gov")
    figures = rollup.figures_for(county, 2025)
    assert figures[STUDY] == 9  # not 9 + 4 + 3
    assert figures[MEETINGS] == 5
    assert figures[PUFA] == 19
    assert rollup.figures_for(world.agency("sfx-scj"), 2025)[STUDY] == 4
    assert rollup.figures_for(world.agency("sfx-t01"), 2025)[STUDY] == 3
    tree = rollup.tree_totals(2025, county.region.parent)
    assert tree[county.region.path][STUDY] == 9 and tree[county.region.path][PUFA] == 19
    assert STUDY not in tree.get(county.region.parent.path, {})  # the city's own figure is the city's to give
    assert tree[county.region.parent.path][PUFA] == 19
    town = world.agency("sfx-t01").region
    assert tree[town.path][STUDY] == 3
    assert rollup.own_totals(2025, county.region)[county.region.path][STUDY] == 9


def test_a_max_metric_takes_the_largest_figure_below(filled, world):
    Metric.objects.filter(code=PUFA).update(aggregation=Metric.Aggregation.MAX)
    county = world.agency("sfx-gov").region
    assert rollup.figures_for(world.agency("sfx-gov"), 2025)[PUFA] == Decimal(10)
    assert rollup.tree_totals(2025, county.parent)[county.parent.path][PUFA] == Decimal(10)


def test_the_drill_down_of_an_own_figure_lists_the_bodies_that_make_it(filled, world):
    county = world.agency("sfx-gov").region
    rows = rollup.contributions(2025, county, STUDY)
    assert [(r.agency_code, r.value) for r in rows] == [("sfx-gov", 9)]
    assert sum(r.value for r in rollup.contributions(2025, county, PUFA)) == 19
