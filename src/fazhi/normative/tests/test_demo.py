"""The demo county's normative documents: every state, late and overdue filings, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.normative.demo import SPECS, build_demo_normative
from fazhi.normative.models import Cleanup, Document

from .conftest import at

pytestmark = pytest.mark.django_db


def test_demo_builds_every_state_once(world):
    with at(date(2026, 11, 20)):
        first = build_demo_normative()
        second = build_demo_normative()
    assert first["documents"] == len(SPECS) and second["documents"] == 0
    assert Document.objects.count() == len(SPECS)
    statuses = set(Document.objects.values_list("status", flat=True))
    assert statuses == set(Document.Status.values)
    assert first["late_filings"] >= 3
    overdue = Document.objects.filter(status=Document.Status.PUBLISHED, next_deadline__lt=date(2026, 11, 20))
    assert overdue.count() == 2
    assert Cleanup.objects.filter(status=Cleanup.Status.PUBLISHED).count() == 1
    assert Cleanup.objects.filter(status=Cleanup.Status.OPEN).count() == 1
    numbers = list(Document.objects.exclude(number="").order_by("series", "sequence")
                   .values_list("series", "sequence"))
    for series in {s for s, _ in numbers}:  # per region and year: 1, 2, 3… without gaps
        seqs = [n for s, n in numbers if s == series]
        assert seqs == list(range(1, len(seqs) + 1))


def test_every_demo_page_renders(world, client):
    from django.urls import reverse

    with at(date(2026, 11, 20)):
        build_demo_normative()
        client.force_login(world.office)
        for pk in Document.objects.values_list("pk", flat=True):
            assert client.get(reverse("normative:detail", args=[pk])).status_code == 200
        for cleanup in Cleanup.objects.all():
            assert client.get(reverse("normative:cleanup_detail", args=[cleanup.pk])).status_code == 200
        home = client.get(reverse("home")).content.decode()
        assert "示范县城市公共交通运营补贴办法" in home and "示范县应急物资储备管理办法" in home  # overdue
        client.logout()
        library = client.get(reverse("normative:public_library")).content.decode()
        assert "已废止" in library or "abolished" in library
        assert "个体工商户扶持办法" not in library  # still a draft
        published = Cleanup.objects.get(status=Cleanup.Status.PUBLISHED)
        page = client.get(reverse("normative:public_cleanup", args=[published.pk])).content.decode()
        assert "示范县农村公路养护管理办法" in page
