"""The demo city's register: bodies in the statuses a past year can have, bodies outside fazhi with uploaded
reports (one left to be assigned by hand), a reminder sent and logged, and the supervisor's home page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.core.tests.clients import csrf_client
from fazhi.demo.activity import current_year
from fazhi.supervision import rules
from fazhi.supervision.demo import build_demo_register
from fazhi.supervision.models import ReportingBody

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _statuses(year):
    rows = rules.annotate_status(ReportingBody.objects.filter(year=year), year, timezone.localdate())
    return dict(rows.values_list("name", "status"))


def test_the_demo_register(demo_year, db):
    year = current_year() - 1
    statuses = _statuses(year)
    assert {rules.PUBLISHED, rules.LATE, rules.MISSING} <= set(statuses.values())
    assert statuses["示范县司法局"] == rules.LATE  # published after 3月31日
    assert statuses["示范县人民政府"] == rules.MISSING  # still a draft
    assert statuses["邻水县人民政府"] == rules.PUBLISHED  # in fazhi, its dates typed in
    outside = {b.name: b for b in ReportingBody.objects.filter(year=year, agency__isnull=True)}
    assert outside["邻水县教育局"].analyzed is not None and statuses["邻水县教育局"] == rules.LATE
    assert outside["邻水县卫生健康局"].analyzed is not None and statuses["邻水县卫生健康局"] == rules.PUBLISHED
    assert outside["邻水县农业农村局"].analyzed is None  # its report names no body: to be assigned by hand
    assert statuses["示范县医疗保障局"] == rules.PUBLISHED
    assert set(_statuses(year + 1).values()) <= {rules.NOT_YET, rules.MISSING}
    gov = ReportingBody.objects.get(year=year, agency__code="sfx-gov")
    assert gov.reminder_count == 1 and gov.reminded_by.username == "supervisor"
    assert any(e.changes.get("reminder_count") == [0, 1] for e in AuditEntry.objects.for_object(gov))
    again = build_demo_register()
    assert again == {"bodies": 4, "uploaded": 0, "reminded": 0}  # idempotent (the four are found, not made)
    assert ReportingBody.objects.filter(year=year, name="邻水县教育局").count() == 1


def test_the_supervisors_home_page_shows_the_missing_and_late(demo_year, db):
    home = csrf_client(demo_year.supervisor).get("/")
    panel = home.context["register"]
    assert panel["missing"] >= 3 and panel["late"] >= 2
    page = home.content.decode()
    assert 'data-testid="register-panel"' in page and "示范县司法局" in page
