"""The demo in a year whose holiday notice is not entered yet: every record reaches its planned state, its
deadlines in that year are provisional (weekends alone), and the command says so once and what to enter."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from fazhi.deadlines.actions import enter_notice
from fazhi.deadlines.service import clear_cache
from fazhi.decisions.models import Decision
from fazhi.demo.management.commands import demo as demo_command
from fazhi.ledgers.clock import clocks, provisional_count
from fazhi.normative.demo import ORDER, SPECS
from fazhi.normative.models import Document

from .conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: A date the shipped calendar (chinese-calendar, to 2026) does not cover.
UNCOVERED = date(2027, 3, 15)
#: Invented for the test: NOT the State Council's 2027 schedule.
TEST_NOTICE = """
元旦 2027-01-01 放假
春节 2027-02-06 至 2027-02-12 放假
春节 2027-02-20 上班
清明节 2027-04-05 放假
劳动节 2027-05-01 至 2027-05-03 放假
端午节 2027-06-09 放假
中秋节 2027-09-15 放假
国庆节 2027-10-01 至 2027-10-05 放假
"""
#: The command's line on provisional deadlines, in English.
PROVISIONAL = re.compile(r"(\d+) deadlines? (?:is|are) provisional: the State Council's holiday notice for (.+?) "
                         r"is not in the working-day calendar")


def _run_demo(day: date) -> str:
    out = StringIO()
    with at(day), translation.override("en"):
        call_command("demo", "--quiet-logins", stdout=out)
    return out.getvalue()


def _stored_deadlines_in(year: int) -> int:
    """How many deadlines the ledgers store in ``year``, whatever their record's state."""
    return sum(apps.get_model(clock.model)._base_manager.filter(**{f"{clock.field}__year": year}).count()
               for clock in clocks())


@pytest.fixture
def fresh_calendar():
    """The calendar is cached per process: forget the test notice, which the rollback leaves cached."""
    clear_cache()
    yield
    clear_cache()


def test_demo_in_an_uncovered_year_completes_and_says_its_deadlines_are_provisional(fresh_calendar):
    output = _run_demo(UNCOVERED)

    lines = [line for line in output.splitlines() if PROVISIONAL.search(line)]
    assert len(lines) == 1, output
    found = PROVISIONAL.match(lines[0])
    assert found and int(found.group(1)) > 0
    assert "2027" in found.group(2).split(", ")
    assert "/calendar/" in lines[0] and "fazhi calendar import" in lines[0]
    assert int(found.group(1)) == sum(provisional_count().values())
    # Nothing waits for the notice: every document reached its planned state, last year's decisions are taken.
    documents = {d.title: d for d in Document.objects.all()}
    assert set(documents) == {spec.title for spec in SPECS}
    short = [spec.title for spec in SPECS if spec.target in ORDER and documents[spec.title].status in ORDER
             and ORDER.index(documents[spec.title].status) < ORDER.index(spec.target)]
    assert short == []
    assert Document.objects.filter(status=Document.Status.IN_FORCE).exists()
    assert Decision.objects.filter(status="archived").exists()
    # Their deadlines in 2027 are stored, counted on weekends alone until the notice is entered.
    assert _stored_deadlines_in(2027) > 0
    assert 2027 in provisional_count()


def test_no_deadline_is_provisional_once_the_years_notice_is_entered(fresh_calendar):
    with at(date(2026, 12, 1)):
        enter_notice(year=2027, source="测试用节假日安排（虚构）", text=TEST_NOTICE, by=None)

    output = _run_demo(date(2027, 1, 15))

    assert not PROVISIONAL.search(output) and "provisional" not in output
    assert provisional_count() == {}
    statuses = set(Document.objects.values_list("status", flat=True))
    assert {"legality_review", "deliberation", "deliberated", "registered", "published", "in_force"} <= statuses


def test_the_line_names_every_missing_year(monkeypatch):
    monkeypatch.setattr(demo_command, "provisional_count", lambda: {})
    assert demo_command.provisional_warning() is None
    monkeypatch.setattr(demo_command, "provisional_count", lambda: {2027: 3, 2028: 1})
    with translation.override("en"):
        line = demo_command.provisional_warning()
    assert line.startswith("4 deadlines are provisional") and "for 2027, 2028 is not" in line
    monkeypatch.setattr(demo_command, "provisional_count", lambda: {2027: 1})
    with translation.override("en"):
        assert demo_command.provisional_warning().startswith("1 deadline is provisional")


def test_the_demo_moves_with_the_calendar(fresh_calendar):
    """Built in June 2027 the demo collects 2027's figures and reports on 2026, not on 2025."""
    from fazhi.collection.models import Round
    from fazhi.demo.activity import current_year
    from fazhi.reports.models import Report

    assert current_year(date(2027, 3, 31)) == 2026 and current_year(date(2027, 4, 1)) == 2027
    _run_demo(date(2027, 6, 10))
    assert dict(Round.objects.values_list("year", "status")) == {2025: "closed", 2026: "closed", 2027: "open"}
    assert Round.objects.get(year=2027).due_date == date(2028, 1, 15)
    county = Report.objects.get(agency__code="sfx-gov", year=2026)
    assert county.status == "draft"
    published = Report.objects.get(agency__code="sfx-scj", year=2026)
    assert published.status == "published" and published.published_on == date(2027, 3, 20)
    assert Report.objects.get(agency__code="sfx-gov", year=2025).status == "published"
    assert not Report.objects.filter(year=2024).exists()
