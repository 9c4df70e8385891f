"""The periods a province sets (a normative document's filing period): set by its rule-of-law office on a page,
applied to the deadlines that start on or after the date given, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core.tests.clients import csrf_client
from fazhi.deadlines.models import ProvincialDeadline
from fazhi.deadlines.service import due_date

pytestmark = pytest.mark.django_db
FORM = {"rule_code": "normative.filing", "length": "15", "source": "示范省行政规范性文件管理办法 第二十条",
        "valid_from": "2026-01-01"}


def test_the_office_sets_the_filing_period_and_the_deadlines_use_it(world):
    before = due_date("normative.filing", date(2026, 3, 2), province="990102").due
    office = csrf_client(world.office)
    page = office.get(reverse("deadlines:periods")).content.decode()
    assert 'data-testid="period-form"' in page and "normative.filing" in page
    response = office.post(reverse("deadlines:periods"), FORM)
    assert response.status_code == 302
    entry = ProvincialDeadline.objects.get()
    assert (entry.province, entry.length) == ("990000", 15)
    assert due_date("normative.filing", date(2026, 3, 2), province="990102").due == date(2026, 3, 17) != before
    # A filing period that started before the date given keeps the length it started with.
    assert (due_date("normative.filing", date(2025, 12, 30), province="990102").due
            == due_date("normative.filing", date(2025, 12, 30)).due)
    assert AuditEntry.objects.filter(action="create", object_id=str(entry.pk)).exists()
    assert "15日" in office.get(reverse("deadlines:periods")).content.decode()


def test_a_bad_length_or_a_missing_source_is_refused_at_its_field_and_nothing_is_saved(world):
    office = csrf_client(world.office)
    response = office.post(reverse("deadlines:periods"), {**FORM, "length": "0", "source": ""})
    assert response.status_code == 400 and not ProvincialDeadline.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"length", "source"}
    office.post(reverse("deadlines:periods"), FORM)
    again = office.post(reverse("deadlines:periods"), {**FORM, "length": "20"})
    assert again.status_code == 400 and "valid_from" in again.context["form"].errors  # a change needs a new date
    assert list(ProvincialDeadline.objects.values_list("length", flat=True)) == [15]


def test_a_department_clerk_reads_the_periods_but_cannot_set_them(world):
    clerk = csrf_client(world.owner)
    page = clerk.get(reverse("deadlines:periods")).content.decode()
    assert 'data-testid="periods"' in page and 'data-testid="period-form"' not in page
    assert clerk.post(reverse("deadlines:periods"), FORM).status_code == 403
    assert not ProvincialDeadline.objects.exists()
