"""The demo county's suggestions and proposals: every state, both kinds, some late, one handled again; last year's all
answered and counted by the catalog's computations; idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.suggestions.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.mark.parametrize("day", [date(2026, 11, 20), date(2026, 2, 18)])
def test_the_demo_builds_once_with_every_state_and_some_late(world, day):
    from fazhi.suggestions.demo import EARLIER, PLANS, build_demo_suggestions
    from fazhi.suggestions.models import CoHandler, Item

    with at(day):
        first = build_demo_suggestions()
        second = build_demo_suggestions()
    plans = [*PLANS, *EARLIER]
    assert first == {"items": len(plans), "co_handlers": sum(1 for p in plans if p.co_handler)}
    assert second == {"items": 0, "co_handlers": 0}
    items = list(Item.objects.all())
    assert len(items) == len(plans) and CoHandler.objects.count() == first["co_handlers"]
    assert {i.status for i in items} == set(Item.Status.values)
    assert {i.kind for i in items} == set(Item.Kind.values)
    assert len({i.agency_id for i in items}) >= 6
    assert any(i.answered_late for i in items)  # answered after its period
    assert any(i.next_deadline and i.next_deadline < day for i in items)  # a deadline missed
    assert any(i.reanswered_on and i.second_feedback for i in items)  # not satisfied, then answered again
    assert any(i.extension_months for i in items) and any(i.published_on for i in items)
    assert CoHandler.objects.filter(opinion_sent_on__isnull=True).exists()
    assert {i.latest_feedback for i in items} >= set(Item.Feedback.values)


DATES = ("assigned_on", "extended_on", "contacted_on", "answered_on", "feedback_on", "reopened_on", "reanswered_on",
         "second_feedback_on", "published_on", "closed_on")


@pytest.mark.parametrize("day", [date(2026, 12, 7), date(2026, 11, 20), date(2027, 2, 10)])
def test_last_years_items_are_all_answered_rated_and_counted(world, day):
    from fazhi.org.models import Agency
    from fazhi.suggestions.demo import EARLIER, build_demo_suggestions
    from fazhi.suggestions.metrics import COMPUTATIONS
    from fazhi.suggestions.models import Item

    with at(day):
        build_demo_suggestions()
    year = day.year - 1
    earlier = list(Item.objects.filter(title__in=[p.title for p in EARLIER]))
    assert len(earlier) == len(EARLIER)
    assert {i.assigned_on.year for i in earlier} == {year}
    assert {i.kind for i in earlier} == set(Item.Kind.values)
    assert all(i.answered_on and i.status == Item.Status.CLOSED for i in earlier)
    assert 1 <= sum(i.answered_late for i in earlier) <= 2  # most on time
    assert all(i.latest_feedback for i in earlier)  # every one rated
    again = [i for i in earlier if i.handled_again]
    assert len(again) == 1 and again[0].feedback == "unsatisfied"
    assert again[0].reanswered_on and again[0].second_feedback
    assert sum(i.latest_feedback in ("satisfied", "basically_satisfied") for i in earlier) == len(EARLIER)
    assert any(i.co_handlers.exists() for i in earlier)
    for item in earlier:  # every step on or before today (and within last year), in order
        dates = [getattr(item, field) for field in DATES if getattr(item, field)]
        assert max(dates) <= day and all(d.year == year for d in dates)
        assert item.assigned_on <= item.answered_on <= item.feedback_on <= item.closed_on
        assert item.published_on is None or item.answered_on <= item.published_on <= item.closed_on
        if item.handled_again:  # the second contact replaces the first
            assert (item.feedback_on <= item.reopened_on <= item.contacted_on <= item.reanswered_on
                    <= item.second_feedback_on <= item.closed_on)
        else:
            assert item.assigned_on <= item.contacted_on <= item.answered_on
    assert len({(i.kind, i.session, i.number) for i in Item.objects.all()}) == Item.objects.count()

    county = list(Agency.objects.filter(code__startswith="sfx-").values_list("pk", flat=True))
    figures = {key: sum(compute(county, year).values()) for key, compute in COMPUTATIONS.items()}
    zero = {key for key, value in figures.items() if not value}
    # One item was handled again: the other kind has none.
    assert zero <= {"suggestions.handled_again.deputy", "suggestions.handled_again.cppcc"} and len(zero) <= 1
    assert figures["suggestions.received.deputy"] >= sum(p.kind == "deputy" for p in EARLIER)
    assert figures["suggestions.received.cppcc"] >= sum(p.kind == "cppcc" for p in EARLIER)


def test_last_years_items_join_a_county_built_before_them(world):
    """A county whose demo has this year's items only gets last year's, numbered after those already in the
    ledger; then nothing more."""
    from fazhi.suggestions import demo
    from fazhi.suggestions.models import Item

    with at(date(2026, 2, 18)):  # this year's items reach back into last year's sessions
        plans, demo.EARLIER = demo.EARLIER, []
        try:
            demo.build_demo_suggestions()
        finally:
            demo.EARLIER = plans
        before = Item.objects.count()
        added = demo.build_demo_suggestions()
        again = demo.build_demo_suggestions()
    assert added["items"] == len(demo.EARLIER) and Item.objects.count() == before + len(demo.EARLIER)
    assert again == {"items": 0, "co_handlers": 0}
    assert len({(i.kind, i.session, i.number) for i in Item.objects.all()}) == Item.objects.count()
