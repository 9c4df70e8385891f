"""The demo county's decisions: every state, idempotent, quick."""

import time
from datetime import date

import pytest

from fazhi.decisions.demo import build_demo_decisions
from fazhi.decisions.models import Catalog, CatalogChange, Decision, Evaluation, Step
from fazhi.decisions.tests.conftest import at

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)


def test_demo_has_every_state_and_is_idempotent(world):
    with at(TODAY):
        started = time.monotonic()
        result = build_demo_decisions(TODAY)
        elapsed = time.monotonic() - started
        assert build_demo_decisions(TODAY) == {"catalogs": 0, "decisions": 0}
    assert result == {"catalogs": 2, "decisions": 9}
    assert elapsed < 5
    catalogs = Catalog.objects.filter(agency__code="sfx-gov").order_by("year")
    assert [(c.year, c.status) for c in catalogs] == [(2025, "published"), (2026, "published")]
    statuses = set(Decision.objects.values_list("status", flat=True))
    assert {"archived", "published", "decided", "suspended", "participation", "legality_review", "discussion",
            "drafting", "expert"} <= statuses
    assert CatalogChange.objects.filter(kind="removed").exists() and CatalogChange.objects.filter(kind="added").exists()
    assert Evaluation.objects.filter(done_on__isnull=False).count() == 1
    overdue = Decision.objects.filter(next_deadline__lt=TODAY)
    assert overdue.count() == 1 and overdue.get().agency.code == "sfx-yjj"
    consulting = Decision.objects.get(agency__code="sfx-scj")
    assert consulting.status == "participation" and consulting.next_deadline == date(2026, 12, 11)
    # Fair-competition reviews: done for last year's marked matters (one after a first review asked for
    # changes), missing for this year's marked one waiting for the meeting, not applicable elsewhere.
    fair = Step.objects.filter(kind="fair_competition")
    done = fair.filter(status="done", decision__concerns_market=True)
    assert done.count() == 2 and all(s.decision.year == 2025 for s in done)
    assert any(s.details.get("earlier") for s in done)
    waiting = Decision.objects.get(status="discussion")
    assert waiting.concerns_market and fair.get(decision=waiting).status == "pending"
    assert not fair.filter(decision__concerns_market=False).exclude(status="skipped").exists()


def test_every_demo_page_renders(world, client, as_user):
    from django.urls import reverse

    with at(TODAY):
        build_demo_decisions(TODAY)
        office = as_user(world.office)
        for decision in Decision.objects.all():
            page = office.get(reverse("decisions:detail", args=[decision.pk]))
            assert page.status_code == 200, decision.title
        for catalog in Catalog.objects.all():
            assert office.get(reverse("decisions:catalog_detail", args=[catalog.pk])).status_code == 200
        list_page = office.get(reverse("decisions:list"), {"overdue": "1"})
        assert [row["agency"] for row in list_page.context["rows"]] == ["示范县应急管理局"]  # named in full, as on every list
        client.logout()
        public = client.get(reverse("decisions:public_list"))
        assert {d.status for d in public.context["page"]} == {"archived", "published", "suspended"}
        assert client.get(reverse("decisions:public_catalog", args=["sfx-gov", 2025])).status_code == 200
        for decision in public.context["page"]:
            assert client.get(reverse("decisions:public_detail", args=[decision.pk])).status_code == 200
