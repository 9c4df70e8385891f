"""The demo county's year of activity: rounds with consistent figures, and reports in every state."""

from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.collection.models import Round, Submission, Value
from fazhi.collection.rollup import region_totals
from fazhi.demo.activity import build_activity
from fazhi.metrics.models import Metric
from fazhi.org.models import Region
from fazhi.reports.models import Report

from .conftest import BUILT_ON, at


@pytest.fixture
def demo(built_on, db):
    return built_on


def test_activity_is_built_once(demo):
    assert demo["rounds"] == 3 and demo["reports"] >= 20
    with at(BUILT_ON):
        again = build_activity()
    assert again["rounds"] == again["reports"] == again["documents"] == again["decisions"] == 0
    assert Round.objects.count() == 3


def test_last_years_round_is_finished(demo):
    finished = Round.objects.get(year=2025)
    assert finished.status == Round.Status.CLOSED
    statuses = set(finished.submissions.values_list("status", flat=True))
    assert statuses == {Submission.Status.ACCEPTED}
    assert Value.objects.filter(submission__round=finished).count() > 1000


def test_this_years_round_has_submissions_in_every_state(demo):
    current = Round.objects.get(year=2026)
    assert current.status == Round.Status.OPEN
    statuses = set(current.submissions.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "accepted", "returned"}


def test_numerators_never_exceed_denominators(demo):
    ratios = Metric.objects.filter(aggregation=Metric.Aggregation.RATIO).select_related("numerator", "denominator")
    for submission in Submission.objects.filter(year=2025):
        values = dict(submission.values.values_list("metric__code", "value"))
        for rate in ratios:
            num, den = values.get(rate.numerator.code), values.get(rate.denominator.code)
            if num is not None and den is not None:
                assert num <= den, (submission, rate.code)


def test_no_figure_breaks_a_rule_of_the_catalog(demo):
    from fazhi.collection.validation import check_parts, part_pairs

    # Every year's forms, this year's started ones too: the ledgers' figures and the typed ones agree.
    submissions = Submission.objects.all()
    assert {s.year for s in submissions} >= {2024, 2025, 2026}
    for submission in submissions:
        rules = part_pairs(submission.year)
        values = dict(submission.values.values_list("metric__code", "value"))
        assert check_parts(values, rules) == {}, (submission, check_parts(values, rules))


def test_the_county_s_totals_break_no_rule_either(demo):
    from fazhi.collection.rollup import region_totals
    from fazhi.collection.validation import check_parts, part_pairs

    for year in (2024, 2025):
        totals = region_totals(year, Region.objects.get(code="990102"))
        assert check_parts(totals, part_pairs(year)) == {}, (year, check_parts(totals, part_pairs(year)))


def test_each_body_is_asked_only_what_fits_it_and_states_its_own_meetings(demo):
    from fazhi.collection.rollup import figures_for
    from fazhi.metrics.models import body_kind_of
    from fazhi.org.models import Agency

    for submission in Submission.objects.filter(year=2025).select_related("agency__region"):
        kind = body_kind_of(submission.agency)
        assert all(m.fits(kind) for m in submission.metrics.all()), submission
    county = Agency.objects.get(code="sfx-gov")
    own = figures_for(county, 2025)
    assert 0 < own["leadership_study_sessions"] <= 40  # the county's own 中心组, not every 党组 added up
    assert 0 < own["leadership_party_committee_meetings"] <= 12


def test_county_totals_are_plausible(demo, settings):
    from fazhi.reconsideration.models import Case

    # Last year's reconsideration cases come from the ledger now: a few corrected among many concluded.
    concluded = Case.objects.filter(decided_on__year=2025).exclude(outcome="")
    corrected = concluded.filter(outcome__in=settings.FAZHI_RECONSIDERATION_CORRECTION_OUTCOMES.split(","))
    assert 0 < corrected.count() < concluded.count()
    assert 0 < 100 * corrected.count() / concluded.count() < 30
    totals = region_totals(2025, Region.objects.get(code="990102"))  # and the typed figures add up
    assert totals["pufa_activities"] > 0


def test_reports_in_several_states(demo):
    states = {(r.agency.code, r.year): r.status for r in Report.objects.select_related("agency")}
    assert states[("sfx-gov", 2024)] == Report.Status.PUBLISHED
    assert states[("sfx-gov", 2025)] == Report.Status.DRAFT
    assert states[("sfx-jyj", 2025)] == Report.Status.SUBMITTED
    late = Report.objects.get(agency__code="sfx-sfj", year=2025)
    assert late.status == Report.Status.PUBLISHED and late.published_on.isoformat() == "2026-04-08"


def test_demo_command_reports_what_it_built(db):
    out = StringIO()
    with at(BUILT_ON):
        call_command("demo", "--quiet-logins", stdout=out)
        call_command("demo", "--quiet-logins", stdout=out)
    # November's deadlines that reach into 2027 (no notice shipped for it) are provisional: each run says so once.
    warnings = [line for line in out.getvalue().splitlines() if "fazhi calendar import" in line]
    assert len(warnings) == 2 and all("2027" in line for line in warnings)
    assert Report.objects.filter(year=2025, agency__code="sfx-gov").count() == 1


def test_most_bodies_filed_and_published_on_time(demo):
    reports = Report.objects.filter(year=2025, agency__kind__in=["department", "township"])
    on_time = [r for r in reports if r.status == Report.Status.PUBLISHED and r.published_on.isoformat() <= "2026-03-31"]
    assert len(on_time) >= 18
    assert not Report.objects.filter(year=2025, agency__code__in=["sfx-yjj", "sfx-t09", "sfx-t10"]).exists()


def test_ledger_figures_come_from_the_ledgers(demo):
    """The county keeps its ledgers in fazhi from 2026: that year's computed figures are the ledgers'."""
    from fazhi.metrics import registry

    issued = Value.objects.filter(submission__year=2026, metric__code="normative_issued")
    assert issued.exists() and all(v.computed for v in issued)
    by_agency = dict(issued.values_list("submission__agency_id", "value"))
    expected = registry.compute("normative.issued", list(by_agency), 2026)
    assert by_agency == {pk: value for pk, value in expected.items()}
    assert sum(expected.values()) > 0
    typed = Value.objects.filter(submission__year=2025, metric__code="normative_issued")
    assert typed.exists() and not any(v.computed for v in typed)
