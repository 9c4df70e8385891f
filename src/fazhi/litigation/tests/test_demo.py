"""The demo county's lawsuits: every state, some late, second instances and suggestions, last year's closed cases
for last year's report, built once."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from fazhi.litigation.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state(world, day):
    from fazhi.litigation.demo import EARLIER, PLANS, build_demo_litigation
    from fazhi.litigation.models import Case, Hearing, Suggestion

    plans = [*PLANS, *EARLIER]
    with at(day):
        first = build_demo_litigation()
        rows = (Case.objects.count(), Hearing.objects.count(), Suggestion.objects.count())
        second = build_demo_litigation()
    appealed = sum(1 for plan in plans if plan.state == "appealed" or plan.second)
    assert first["cases"] == len(plans) + appealed == Case.objects.count()
    assert first["hearings"] == Hearing.objects.count() > 0
    assert first["suggestions"] == Suggestion.objects.count() == sum(1 for plan in plans if plan.suggestion)
    assert second == {"cases": 0, "hearings": 0, "suggestions": 0}
    assert (Case.objects.count(), Hearing.objects.count(), Suggestion.objects.count()) == rows
    numbers = list(Case.objects.values_list("court", "number"))
    assert len(numbers) == len(set(numbers))

    assert set(Counter(Case.objects.values_list("status", flat=True))) == set(Case.Status.values)
    cases = list(Case.objects.all())
    assert any(c.next_deadline and c.next_deadline < day for c in cases)  # something is overdue
    assert any(c.defence_late_reason for c in cases)
    assert {c.instance for c in cases} == {"first", "second"}
    assert {c.outcome for c in cases} >= {"rejected", "revoked", "withdrawn_corrected", "mediated", "dismissed"}
    assert Hearing.objects.filter(head_appeared=False).exists() and Hearing.objects.filter(head_appeared=True).exists()
    replies = Suggestion.objects.filter(replied_on__isnull=False)
    assert any(s.replied_on_time for s in replies) and any(not s.replied_on_time for s in replies)
    assert Suggestion.objects.filter(replied_on__isnull=True, reply_due__lt=day).exists()
    assert Case.objects.filter(agency__code="sfx-gov", court_level="intermediate").exists()
    for case in cases:  # every step in order, none after today
        steps = [case.served_on, case.defence_filed_on, *case.hearings.values_list("held_on", flat=True),
                 case.concluded_on, case.judgment_served_on, case.appealed_on, case.closed_on]
        known = [step for step in steps if step is not None]
        assert known == sorted(known) and known[-1] <= day, case.number


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 12, 31)])
def test_last_years_cases_are_closed_and_fill_last_years_figures(world, day):
    """The year before's cases give last year's report its figures from the ledger (cases, concluded, won, lost,
    heads in court), keeping the catalog's rules agency by agency in both years (审结, 负责人出庭 ≤ 应诉案件)."""
    from fazhi.litigation import metrics
    from fazhi.litigation.demo import EARLIER, build_demo_litigation
    from fazhi.litigation.models import Case

    with at(day):
        build_demo_litigation()
        again = build_demo_litigation()
    assert again == {"cases": 0, "hearings": 0, "suggestions": 0}
    last = day.year - 1
    earlier = Case.objects.filter(plaintiff_name__in={plan.plaintiff for plan in EARLIER})
    assert earlier.count() == len(EARLIER) + sum(1 for plan in EARLIER if plan.second)
    assert {c.status for c in earlier} == {Case.Status.CLOSED}
    assert {c.served_on.year for c in earlier} == {c.concluded_on.year for c in earlier} == {last}
    assert {c.instance for c in earlier} == {"first", "second"}
    assert {c.outcome for c in earlier} >= {"rejected", "upheld", "withdrawn", "revoked", "unlawful", "perform"}
    assert any(h.head_appeared for c in earlier for h in c.hearings.all())
    assert any(not h.head_appeared for c in earlier for h in c.hearings.all())

    agencies = sorted(set(Case.objects.values_list("agency_id", flat=True)))
    figures = {key: func(agencies, last) for key, func in metrics.COMPUTATIONS.items()}
    for key in ("litigation.cases", "litigation.concluded", "litigation.won", "litigation.lost",
                "litigation.head_appearances"):
        assert sum(figures[key].values()) > 0, key
    assert sum(figures["litigation.won"].values()) > 2 * sum(figures["litigation.lost"].values())
    for year in (last, day.year):
        cases = metrics.cases(agencies, year)
        for part in (metrics.concluded, metrics.head_appearances):
            for agency, value in part(agencies, year).items():
                assert value <= cases.get(agency, 0), (part.__name__, year, agency)
