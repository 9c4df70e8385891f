"""A deadline reaching into a year without a holiday notice: given provisionally, marked wherever it is shown,
computed again when the notice is entered, and its owners told (issue 16, item 6)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.core.ledger import withdraw_record
from fazhi.core.models import Notification
from fazhi.deadlines.actions import enter_notice
from fazhi.deadlines.service import is_provisional
from fazhi.deadlines.tests.test_notice import NOTICE_2027
from fazhi.ledgers.clock import clocks, provisional_count, recompute
from fazhi.normative import actions
from fazhi.normative.tests.conftest import at

pytestmark = pytest.mark.django_db

#: NOTICE_2027 is invented for the tests (NOT the State Council's 2027 schedule); its 元旦 takes Friday 1 January
#: 2027 off, so a count of working days over it ends a day later than on weekends alone.
SOURCE = "测试用2027年节假日安排（虚构）"


def _submitted(world, day: date):
    """A document of the owner's agency sent to legality review (15 working days, the guideline's bound) on ``day``."""
    with at(day):
        document = actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范县测试管理办法",
                                          kind="department", full_text="第一条 测试。", interpretation="测试解读。")
        return actions.submit_for_review(document, by=world.owner, submitted_on=day, skip_reason="内部管理规范")


def test_every_declared_clock_names_a_date_field_a_computation_and_a_page():
    from django.utils.module_loading import import_string

    assert {(c.model, c.field) for c in clocks()} >= {
        ("normative.Document", "review_due"), ("penalties.Case", "decision_due"),
        ("inspections.Inspection", "publication_due"), ("decisions.Step", "due_on"),
        ("consultation.Consultation", "closes_on")}
    for clock in clocks():
        model = apps.get_model(clock.model)
        assert model._meta.get_field(clock.field).get_internal_type() == "DateField", clock
        assert callable(import_string(clock.compute)), clock
        assert reverse(clock.url, args=[1])
        for name in clock.only:
            model.objects.filter(**{name: clock.only[name]}).exists()  # a filter the model understands


def test_a_review_reaching_into_an_unannounced_year_is_provisional_and_recomputed_on_the_notice(world, client):
    document = _submitted(world, date(2026, 12, 21))
    # 15 working days from Monday 21 December on weekends alone: 4 in the week, 5 the next (to Friday 1 January),
    # 5 more to Friday 8 January, the last on Monday 11 January.
    assert document.review_due == document.next_deadline == date(2027, 1, 11)
    assert is_provisional(document.review_due)
    assert provisional_count() == {2027: 1}

    with at(date(2026, 12, 22)), translation.override("zh-hans"):
        client.force_login(world.owner)
        response = client.get(reverse("normative:detail", args=[document.pk]))
        assert response.status_code == 200, response
        page = response.content.decode()
        listed = client.get(reverse("normative:list")).content.decode()
    assert page.count('data-testid="provisional"') == 2  # the next deadline and the review's due date
    assert "暂定" in page
    assert 'data-testid="provisional"' in listed

    with at(date(2026, 12, 23)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source=SOURCE, by=None)
    document.refresh_from_db()
    assert document.review_due == document.next_deadline == date(2027, 1, 12)  # 元旦 is not a working day
    assert [(c.record.pk, c.field, c.before, c.after) for c in plan.recomputed] == [
        (document.pk, "review_due", date(2027, 1, 11), date(2027, 1, 12))]
    entry = AuditEntry.objects.filter(object_id=str(document.pk), content_type__model="document").latest("sequence")
    assert entry.changes == {"review_due": ["2027-01-11", "2027-01-12"]} and SOURCE in entry.reason
    told = Notification.objects.get(user=world.owner, key__startswith="ledgers.recompute:normative.Document")
    assert "2027-01-11 → 2027-01-12" in told.body and told.url == reverse("normative:detail", args=[document.pk])
    assert not Notification.objects.filter(user=world.outsider, key__startswith="ledgers.recompute").exists()
    assert provisional_count() == {}

    with at(date(2026, 12, 23)), translation.override("zh-hans"):
        client.force_login(world.owner)
        page = client.get(reverse("normative:detail", args=[document.pk])).content.decode()
    assert 'data-testid="provisional"' not in page

    with at(date(2026, 12, 24)):
        again = enter_notice(text=NOTICE_2027, year=2027, source=SOURCE, by=None)
    assert again.changes == [] and again.recomputed == []


def test_a_supplement_moves_only_the_deadlines_counted_over_its_days(world):
    early = _submitted(world, date(2026, 3, 2))  # ends in March, before the day the supplement changes
    late = _submitted(world, date(2026, 4, 20))  # runs over 1–5 May
    before_early, before_late = early.review_due, late.review_due
    # Invented one-off holiday: Thursday 30 April 2026 becomes a day off.
    with at(date(2026, 4, 21)):
        plan = enter_notice(text="经批准，测试纪念日：4月30日（周四）放假1天。", year=2026, source="测试用补充通知（虚构）",
                            by=None)
    assert plan.notice.kind == "supplement"
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.review_due == before_early
    assert before_late < late.review_due <= before_late + timedelta(days=3)  # one working day later
    assert [c.record.pk for c in plan.recomputed] == [late.pk]


def test_recompute_leaves_withdrawn_and_closed_records_alone(world):
    document = _submitted(world, date(2026, 12, 21))
    with at(date(2026, 12, 22)):
        withdraw_record(document, by=world.owner, reason="测试撤回")
    assert recompute(date(2027, 1, 1), reason="test") == []


def test_the_command_lists_the_deadlines_it_recomputed(world, tmp_path):
    document = _submitted(world, date(2026, 12, 21))
    path = tmp_path / "2027.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")
    out = StringIO()
    with at(date(2026, 12, 23)), translation.override("en"):
        call_command("calendar", "import", str(path), "--year", "2027", "--source", SOURCE, stdout=out)
    text = out.getvalue()
    assert "1 deadline computed again on the new days" in text
    assert f"{document} · " in text and "2027-01-11 → 2027-01-12" in text


def test_the_commands_json_names_what_moved(world, tmp_path):
    _submitted(world, date(2026, 12, 21))
    path = tmp_path / "2027.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")
    out = StringIO()
    with at(date(2026, 12, 23)):
        call_command("calendar", "import", str(path), "--year", "2027", "--source", SOURCE, "--format", "json",
                     stdout=out)
    result = json.loads(out.getvalue())
    assert [(r["before"], r["after"]) for r in result["recomputed"]] == [("2027-01-11", "2027-01-12")]


def test_the_api_names_the_provisional_deadlines(world):
    from ninja.testing import TestClient

    from fazhi.normative.api import router

    api = TestClient(router)
    document = _submitted(world, date(2026, 12, 21))
    with at(date(2026, 12, 22)):
        answer = api.get(f"/normative/documents/{document.pk}", user=world.owner).json()
    assert answer["review_due"] == "2027-01-11" and answer["provisional_deadlines"] == ["review_due"]
    with at(date(2026, 12, 23)):
        enter_notice(text=NOTICE_2027, year=2027, source=SOURCE, by=None)
        answer = api.get(f"/normative/documents/{document.pk}", user=world.owner).json()
    assert answer["review_due"] == "2027-01-12" and answer["provisional_deadlines"] == []
