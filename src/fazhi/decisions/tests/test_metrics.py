"""The decisions.* computations of the metric catalog, on the demo county's year."""

from datetime import date

import pytest

from fazhi.decisions.demo import build_demo_decisions
from fazhi.decisions.tests.conftest import at
from fazhi.metrics import registry
from fazhi.org.models import Agency

pytestmark = pytest.mark.django_db

CODES = ["sfx-zfj", "sfx-jyj", "sfx-fgj", "sfx-nyj", "sfx-zjj", "sfx-scj", "sfx-wjj", "sfx-jtj"]


@pytest.fixture
def demo(world):
    with at(date(2026, 11, 20)):
        build_demo_decisions(date(2026, 11, 20))
    return {a.code: a.pk for a in Agency.objects.filter(code__in=CODES)}


def values(key, ids, year):
    found = registry.compute(key, ids.values(), year)
    return {code: int(found[pk]) for code, pk in ids.items() if found[pk]}


def test_every_decisions_metric_is_registered():
    expected = {"made", "catalog_items", "completed", "consultations", "comments_received", "comments_adopted",
                "hearings", "expert_reviews", "risk_assessments", "legality_reviews", "collective_discussions",
                "post_evaluations"}
    assert {k.split(".", 1)[1] for k in registry.registered() if k.startswith("decisions.")} == expected


def test_last_year_figures(demo):
    four = {"sfx-zfj": 1, "sfx-jyj": 1, "sfx-fgj": 1, "sfx-nyj": 1}
    assert values("decisions.made", demo, 2025) == four
    assert values("decisions.catalog_items", demo, 2025) == four  # the removed matter is not counted
    assert values("decisions.completed", demo, 2025) == four
    assert values("decisions.consultations", demo, 2025) == {"sfx-zfj": 1, "sfx-jyj": 1, "sfx-fgj": 1}
    assert values("decisions.comments_received", demo, 2025) == {"sfx-zfj": 3, "sfx-jyj": 3, "sfx-fgj": 3}
    assert values("decisions.comments_adopted", demo, 2025) == {"sfx-zfj": 2, "sfx-jyj": 2, "sfx-fgj": 2}
    assert values("decisions.hearings", demo, 2025) == {"sfx-zfj": 1, "sfx-fgj": 1}
    for key in ("expert_reviews", "risk_assessments", "legality_reviews", "collective_discussions"):
        assert values(f"decisions.{key}", demo, 2025) == four
    assert values("decisions.post_evaluations", demo, 2025) == {"sfx-zfj": 1}


def test_this_year_counts_only_what_happened_this_year(demo):
    assert values("decisions.made", demo, 2026) == {}
    assert values("decisions.consultations", demo, 2026) == {"sfx-scj": 1}
    assert values("decisions.legality_reviews", demo, 2026) == {"sfx-wjj": 1}  # 县交通局's review is still running
    computation = registry.get("decisions.hearings")
    url = computation.records_url(Agency.objects.get(code="sfx-fgj"), 2025)
    assert url == "/decisions/?agency=sfx-fgj&year=2025&step=hearing"
