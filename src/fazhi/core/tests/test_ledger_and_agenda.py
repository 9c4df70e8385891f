"""The shared ledger shape: guarded transitions, withdrawal, audit entries, and the home-page agenda."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core import agenda
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition, withdraw_record
from fazhi.core.tests.sampleledger.models import SampleCase

pytestmark = pytest.mark.django_db


def entries_for(record):
    return list(AuditEntry.objects.filter(object_id=str(record.pk)).order_by("sequence"))


def test_create_keeps_the_deadline_and_writes_an_audit_entry(world, sample_cases):
    case = sample_cases["owner"]
    assert case.next_deadline == date(2026, 10, 31)
    [entry] = entries_for(case)
    assert entry.action == "create" and entry.actor == world.owner


def test_create_refused_outside_the_scope(world):
    with pytest.raises(IllegalTransition):
        create_record(SampleCase(agency=world.agency("sfx-scj"), title="x", received_on=date(2026, 1, 5)),
                      by=world.colleague)
    assert not SampleCase.objects.exists()


def test_transition_moves_state_clears_deadline_and_audits(world, sample_cases):
    case = transition(sample_cases["owner"], SampleCase.Status.DECIDED, by=world.owner,
                      allowed_from=[SampleCase.Status.OPEN])
    assert case.status == "decided" and case.next_deadline is None
    last = entries_for(case)[-1]
    assert last.action == "transition" and last.changes["status"] == ["open", "decided"]


def test_illegal_transition_is_refused_with_a_message_and_nothing_changes(world, sample_cases):
    case = transition(sample_cases["owner"], "decided", by=world.owner, allowed_from=["open"])
    count = len(entries_for(case))
    with pytest.raises(IllegalTransition) as excinfo:
        transition(case, "decided", by=world.owner, allowed_from=["open"])
    assert "Open" in str(excinfo.value.messages[0]) or "只能" in excinfo.value.messages[0]
    case.refresh_from_db()
    assert case.status == "decided" and len(entries_for(case)) == count


def test_change_records_old_and_new_values(world, sample_cases):
    case = change_record(sample_cases["owner"], by=world.owner, title="renamed")
    assert entries_for(case)[-1].changes["title"] == ["owner-case", "renamed"]


def test_records_are_withdrawn_with_a_reason_never_deleted(world, sample_cases):
    case = sample_cases["owner"]
    with pytest.raises(IllegalTransition):
        case.delete()
    with pytest.raises(IllegalTransition):
        withdraw_record(case, by=world.owner, reason="  ")
    withdraw_record(case, by=world.owner, reason="登记错误，重复录入")
    case.refresh_from_db()
    assert case.is_withdrawn and case.next_deadline is None
    assert entries_for(case)[-1].reason == "登记错误，重复录入"
    with pytest.raises(IllegalTransition):
        change_record(case, by=world.owner, title="again")


def test_agenda_lists_due_and_overdue_items_by_scope(world, sample_cases):
    today = date(2026, 10, 28)  # owner's and colleague's cases are due 2026-10-31
    owner_items = agenda.items_for(world.owner, today)
    assert [i.title for i in owner_items] == ["owner-case"]
    assert owner_items[0].state == "soon" and owner_items[0].days_left == 3
    assert {i.title for i in agenda.items_for(world.office, today)} == {"owner-case", "colleague-case"}
    assert agenda.items_for(world.leader, today) == []  # not yet overdue, and leaders act on nothing
    later = today + timedelta(days=10)
    leader_items = agenda.items_for(world.leader, later)
    assert {i.title for i in leader_items} == {"owner-case", "colleague-case"}
    assert all(i.state == "overdue" and i.days_late == 7 for i in leader_items)
    # The outsider's own items only (its county's reminders, such as Constitution Week's, may come too).
    outsider_titles = {i.title for i in agenda.items_for(world.outsider, later)}
    assert "outsider-case" in outsider_titles and not outsider_titles & {"owner-case", "colleague-case"}


def test_home_page_shows_overdue_items_in_red(world, sample_cases, client):
    client.force_login(world.owner)
    with time_machine.travel(date(2026, 11, 5), tick=False):
        html = client.get(reverse("home")).content.decode()
    assert 'data-testid="agenda-overdue"' in html and "owner-case" in html and "colleague-case" not in html
    assert "天" in html


def test_tally_counts_overdue_per_agency_for_the_office(world, sample_cases, client):
    client.force_login(world.office)
    with time_machine.travel(date(2026, 11, 5), tick=False):
        html = client.get(reverse("home")).content.decode()
    assert 'data-testid="agenda-tally"' in html and "示范县教育局" in html


def test_tally_sorts_most_overdue_first():
    items = [
        agenda.AgendaItem("L", "a", date(2026, 1, 1), "overdue", "甲局", "/a", -3, "示范县"),
        agenda.AgendaItem("L", "b", date(2026, 1, 1), "overdue", "乙局", "/b", -3, "邻水县"),
        agenda.AgendaItem("L", "c", date(2026, 1, 1), "overdue", "乙局", "/c", -3, "邻水县"),
        agenda.AgendaItem("L", "d", date(2026, 2, 1), "soon", "甲局", "/d", 3, "示范县"),
    ]
    assert agenda.tally(items, "agency") == [("乙局", 2, 0), ("甲局", 1, 1)]
    assert agenda.tally(items, "region") == [("邻水县", 2, 0), ("示范县", 1, 1)]
