"""The demo county's advisers and contract reviews: every state, nothing dated after today, figures for two years."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fazhi.advisers.demo import build_demo_advisers
from fazhi.advisers.models import Adviser, Attendance, ContractReview, Opinion
from fazhi.advisers.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(world):
    return build_demo_advisers(TODAY)


def test_the_demo_keeps_every_state_and_is_idempotent(demo):
    assert demo["advisers"] == Adviser.objects.count() == 7 and demo["contracts"] == ContractReview.objects.count()
    assert build_demo_advisers(TODAY)["advisers"] == 0
    assert Adviser.objects.filter(status="ended").count() == 1
    assert Adviser.objects.filter(kind="public_lawyer").exclude(licence_number="").count() == 2
    open_reviews = ContractReview.objects.filter(status="received")
    assert open_reviews.filter(next_deadline__lt=TODAY).exists() and open_reviews.filter(next_deadline__gte=TODAY)
    assert any(review.was_late for review in ContractReview.objects.filter(status="reviewed"))
    soon = TODAY + timedelta(days=30)
    assert Adviser.objects.filter(status="engaged", next_deadline__gte=TODAY, next_deadline__lte=soon).exists()


def test_nothing_is_dated_after_today_and_opinions_link_to_their_agencys_records(demo):
    assert not Opinion.objects.filter(given_on__gt=TODAY).exists()
    assert not Attendance.objects.filter(held_on__gt=TODAY).exists()
    assert not ContractReview.objects.filter(opinion_on__gt=TODAY).exists()
    linked = Opinion.objects.exclude(linked_id=None).select_related("adviser")
    assert linked.filter(subject_kind="contract").exists()
    for opinion in linked:
        assert opinion.linked.agency_id == opinion.adviser.agency_id


def test_the_demo_gives_this_years_and_last_years_figures(demo):
    from fazhi.advisers import metrics
    from fazhi.org.models import Agency

    ids = list(Agency.objects.filter(code__startswith="sfx-").values_list("pk", flat=True))
    government = Agency.objects.get(code="sfx-gov").pk
    for year in (TODAY.year, TODAY.year - 1):
        assert sum(metrics.opinions(ids, year).values()) > 0, year
        assert sum(metrics.contracts_reviewed(ids, year).values()) > 0, year
        assert metrics.meetings(ids, year).get(government, 0) > 0, year
        assert metrics.engaged(ids, year).get(government, 0) >= 1, year
        assert sum(metrics.public_lawyers(ids, year).values()) >= 1, year
