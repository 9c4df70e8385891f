"""Roll-up up the region tree: sums, rates from summed parts (never averaged), drill-down."""

from decimal import Decimal

import pytest

from fazhi.collection import rollup
from fazhi.collection.actions import fill_values, open_round
from fazhi.collection.models import Submission
from fazhi.collection.tests.conftest import DUE
from fazhi.org.models import Region

pytestmark = pytest.mark.django_db

CODES = ["reconsideration_correction_rate", "pufa_activities"]
# agency: (decided, corrected, pufa). Rates: 10 %, 50 %, 0 % in 示范县; 20 % in 邻水县.
FIGURES = {"sfx-scj": (10, 1, 5), "sfx-t01": (2, 1, 7), "sfx-t02": (8, 0, 1), "lsx-sfj": (30, 6, 4)}


@pytest.fixture
def tree(world, catalog, frozen):
    home = open_round(world.agency("sfx-office"), 2025, "示范县", DUE, CODES,
                      [world.agency(c) for c in ("sfx-scj", "sfx-t01", "sfx-t02", "sfx-jyj")], by=world.office)
    neighbour = open_round(world.agency("lsx-office"), 2025, "邻水县", DUE, CODES, [world.agency("lsx-sfj")],
                           by=world.admin)
    for round_ in (home, neighbour):
        for submission in round_.submissions.select_related("agency"):
            decided, corrected, pufa = FIGURES.get(submission.agency.code, (100, 100, 100))
            fill_values(submission, {"reconsideration_decided": decided, "reconsideration_corrected": corrected,
                                     "pufa_activities": pufa})
    # Everyone is accepted but the education bureau, whose draft must not count.
    Submission.objects.exclude(agency__code="sfx-jyj").update(status=Submission.Status.ACCEPTED)
    return {code: Region.objects.get(code=code) for code in ("990000", "990100", "990102", "990103", "990102001")}


def test_township_county_city_province_sums(tree):
    totals = rollup.tree_totals(2025, tree["990000"])
    assert totals[tree["990102001"].path]["reconsideration_decided"] == 2
    assert totals[tree["990102"].path]["reconsideration_decided"] == 20
    assert totals[tree["990102"].path]["pufa_activities"] == 13
    assert totals[tree["990100"].path]["reconsideration_decided"] == 50
    assert totals[tree["990000"].path]["reconsideration_corrected"] == 8


def test_rates_are_recomputed_from_summed_parts_not_averaged(tree):
    totals = rollup.tree_totals(2025, tree["990000"])
    county = totals[tree["990102"].path]["reconsideration_correction_rate"]
    # The average of the three rates (10 %, 50 %, 0 %) would be 20 %; 2 corrected of 20 decided is 10 %.
    assert county == Decimal("10.00")
    # City: (2 + 6) / (20 + 30) = 16 %, not the mean of 10 % and 20 %.
    assert totals[tree["990100"].path]["reconsideration_correction_rate"] == Decimal("16.00")
    assert rollup.region_totals(2025, tree["990102"])["reconsideration_correction_rate"] == Decimal("10.00")


def test_region_totals_match_the_tree_and_leave_drafts_out(tree):
    county = rollup.region_totals(2025, tree["990102"])
    assert county["reconsideration_decided"] == 20  # the education bureau's draft (100) is not counted
    with_drafts = rollup.region_totals(2025, tree["990102"], statuses=tuple(Submission.Status.values))
    assert with_drafts["reconsideration_decided"] == 120


def test_own_level_totals_leave_the_townships_out(tree):
    own = rollup.own_totals(2025, tree["990102"])
    assert own[tree["990102"].path]["reconsideration_decided"] == 10
    assert own[tree["990102001"].path]["reconsideration_correction_rate"] == Decimal("50.00")


def test_tree_totals_take_two_queries_whatever_the_size(tree, django_assert_num_queries):
    with django_assert_num_queries(2):  # the grouped figures, then the catalog's rates
        rollup.tree_totals(2025, tree["990000"])


def test_drill_down_lists_who_contributed_with_parts(tree):
    rows = rollup.contributions(2025, tree["990102"], "reconsideration_correction_rate")
    by_code = {r.agency_code: r for r in rows}
    assert set(by_code) == {"sfx-scj", "sfx-t01", "sfx-t02"}
    assert by_code["sfx-t01"].value == Decimal("50.00")
    assert (by_code["sfx-t01"].numerator, by_code["sfx-t01"].denominator) == (1, 2)
    assert rows[0].agency_code == "sfx-t01"  # largest first
    own = rollup.contributions(2025, tree["990102"], "pufa_activities", own_only=True)
    assert [r.agency_code for r in own] == ["sfx-scj"]
    everyone = rollup.contributions(2025, tree["990102"], "pufa_activities", statuses=tuple(Submission.Status.values))
    draft = next(r for r in everyone if r.agency_code == "sfx-jyj")
    assert draft.status == "draft" and not draft.counted


def test_figures_for_a_government_are_its_region_and_for_a_department_its_own(tree, world):
    assert rollup.figures_for(world.agency("sfx-gov"), 2025)["reconsideration_decided"] == 20
    assert rollup.figures_for(world.agency("sfx-scj"), 2025)["reconsideration_decided"] == 10
