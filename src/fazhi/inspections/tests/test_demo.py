"""The demo county's random inspections: a directory of 40, a plan, a draw with its seed and a recusal, results
(one published late), idempotent; every page renders."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.enforcement.demo import build_demo_enforcement
from fazhi.inspections import actions
from fazhi.inspections.demo import SEED, build
from fazhi.inspections.models import AnnualPlan, Draw, Entity, Inspection, Recusal

from .conftest import at

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


@pytest.fixture
def demo(world):
    with at(DAY):
        build_demo_enforcement()
        return build()


def test_the_demo_builds_once(demo):
    assert demo["entities"] == 40 and demo["items"] == 3 and demo["draws"] == 1 and demo["inspectors"] == 8
    with at(DAY):
        assert build()["entities"] == 0
    assert Entity.objects.count() == 40 and Recusal.objects.count() == 1
    assert AnnualPlan.objects.get().status == AnnualPlan.Status.FILED


def test_the_demo_draw_repeats_and_its_results_are_published_one_late(demo):
    draw = Draw.objects.get()
    assert draw.seed == SEED and len(draw.result) == 2 + 1 + 1 + 1  # 30 % of 6, 10 % of 8, 2 % of 14, 1 % of 12
    with at(DAY):
        assert actions.verify_draw(draw).reproduced
    recusal = Recusal.objects.get()
    assert all(recusal.officer_id not in row["officers"] for row in draw.result if row["entity"] == recusal.entity_id)
    drawn = Inspection.objects.filter(draw=draw)
    assert drawn.filter(status="published").count() == 4 and drawn.filter(status="planned").count() == 1
    late = [i for i in drawn.filter(status="published") if i.published_late()]
    assert len(late) == 1
    assert Inspection.objects.filter(draw__isnull=True, kind="complaint").count() == 1


def test_every_demo_page_renders(demo, world, client):
    with at(DAY):
        client.force_login(world.owner)
        for name in ("draw_list", "item_list", "plan_list", "entity_list", "inspector_list", "recusal_list",
                     "inspection_list"):
            assert client.get(reverse(f"inspections:{name}")).status_code == 200, name
        for inspection in Inspection.objects.all():
            assert client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).status_code == 200
        page = client.get(reverse("inspections:draw_detail", args=[Draw.objects.get().pk])).content.decode()
        assert SEED in page and "the same result" in page
        late = client.get(reverse("inspections:inspection_list"), {"late": "1"}).content.decode()
        assert "published late" in late
        public = client.get(reverse("inspections:public_results")).content.decode()
        assert "Results: 4" in public
