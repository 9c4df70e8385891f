"""The demo county's enforcement ledger: every certificate state once, one officer short of hours, idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.enforcement import actions
from fazhi.enforcement.demo import build_demo_enforcement
from fazhi.enforcement.models import Certificate, EnforcementBody, Officer

from .conftest import at

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)


def test_the_demo_builds_once_with_every_state(world):
    with at(DAY):
        first = build_demo_enforcement()
        second = build_demo_enforcement()
    assert first == {"bodies": 4, "officers": 24, "certificates": 24, "trainings": 47, "supervision": 3}
    assert second == {"bodies": 0, "officers": 0, "certificates": 0, "trainings": 0, "supervision": 0}
    # The office's supervision: a complaint concluded, one being handled, a check with one item done, one open.
    from fazhi.enforcement.models import Complaint, RectificationItem

    assert sorted(Complaint.objects.values_list("status", flat=True)) == ["concluded", "handling"]
    assert sorted(RectificationItem.objects.values_list("status", flat=True)) == ["done", "open"]
    assert set(EnforcementBody.objects.values_list("agency__code", flat=True)) == {"sfx-scj", "sfx-zfj", "sfx-jtj"}
    states = [c.state_on(DAY) for c in Certificate.objects.filter(agency__code="sfx-scj")]
    assert sorted(states) == sorted(["valid"] * 3 + ["expiring", "expired", "cancelled", "suspended"])
    renewed = Certificate.objects.get(agency__code="sfx-jtj", replaced_by__isnull=False)
    assert renewed.state_on(DAY) == "expired" and renewed.next_deadline is None
    ids = list(Officer.objects.values_list("pk", flat=True))
    hours = actions.hours_in(ids, DAY.year)
    assert sum(1 for pk in ids if actions.short_of_hours(hours.get(pk))) == 1
    assert Officer.objects.filter(agency__code="sfx-scj", certificates__isnull=True).count() == 1


def test_every_demo_page_renders_for_the_clerk_and_the_office(world, client):
    with at(DAY):
        build_demo_enforcement()
        client.force_login(world.owner)
        mine = Officer.objects.filter(agency__code="sfx-scj")
        for officer in mine:
            assert client.get(reverse("enforcement:officer_detail", args=[officer.pk])).status_code == 200
        for certificate in Certificate.objects.filter(agency__code="sfx-scj"):
            assert client.get(reverse("enforcement:certificate_detail", args=[certificate.pk])).status_code == 200
        home = client.get(reverse("home")).content.decode()
        assert "杨丽华" not in home and "李秀英" in home  # the certificate within its warning period is on the agenda
        client.force_login(world.office)
        page = client.get(reverse("enforcement:officer_list"), {"certificate": "expired"}).content.decode()
        assert "王志强" in page and "张建国" not in page
        for body in EnforcementBody.objects.all():
            assert client.get(reverse("enforcement:body_detail", args=[body.pk])).status_code == 200
