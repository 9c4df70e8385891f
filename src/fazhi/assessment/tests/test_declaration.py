"""The ledger's declaration: its steps cite their instrument, its clock is one of the framework's, its pages and
import are declared, and its due and overdue items reach the home page's agenda and ``fazhi tick``'s reminders — the
agency's staff, and the office once an item is overdue."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.assessment.ledger import PAGES
from fazhi.assessment.procedure import CLOCKS, PROCEDURE, RULES
from fazhi.ledgers import catalog

D = date


def test_the_ledger_is_catalogued_with_its_procedure_and_clock():
    assert catalog.procedure("assessment") is PROCEDURE
    assert [c.field for c in CLOCKS] == ["deadline"]
    assert all(after.cite for step in PROCEDURE.steps.values() for after in step.after)
    assert PROCEDURE["assign"].after[0].cite == RULES


def test_the_pages_declare_the_uploads_and_the_import():
    multipart = {a.name for a in PAGES.actions if a.multipart}
    assert multipart == {"report_progress", "request_closing"}
    assert PAGES.imported == ("record_plan",)
    assert [r.name for r in PAGES.reports] == ["counties"]


@pytest.mark.django_db
def test_due_and_overdue_items_reach_the_agenda_and_the_reminders(find, world):
    from fazhi.core import agenda
    from fazhi.core.models import Notification
    from fazhi.core.tick import run_tick

    late = find()  # due 14 November: overdue on 15 December
    soon = find(assigned_on=D(2026, 12, 1), deadline_set=D(2026, 12, 18))
    mine = {item.url for item in agenda.items_for(world.owner, D(2026, 12, 15))}
    assert any(f"/assessment/{late.pk}/" in url for url in mine) and any(f"/assessment/{soon.pk}/" in url
                                                                           for url in mine)
    assert any(f"/assessment/{soon.pk}/" in item.url for item in agenda.items_for(world.office, D(2026, 12, 15)))
    assert not agenda.items_for(world.outsider, D(2026, 12, 15))
    run_tick(D(2026, 12, 15))
    owner = set(Notification.objects.filter(user=world.owner).values_list("url", flat=True))
    office = set(Notification.objects.filter(user=world.office).values_list("url", flat=True))
    assert {f"/assessment/{late.pk}/", f"/assessment/{soon.pk}/"} <= owner
    assert f"/assessment/{late.pk}/" in office and f"/assessment/{soon.pk}/" not in office
