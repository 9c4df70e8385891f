"""``fazhi tick`` and ``fazhi worker``: reminders once, overdue to the office, dry run, concurrency, e-mail."""

import io
import os
import signal
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.utils import translation

from fazhi.consultation.models import Consultation
from fazhi.core import agenda
from fazhi.core.models import Notification, TickRun
from fazhi.core.tests.sampleledger.models import SampleCase
from fazhi.core.tick import run_tick

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SOON = date(2026, 10, 28)  # the sample cases are due on 2026-10-31
LATE = date(2026, 11, 2)
#: The queries of a tick besides one per agenda: its log, the jobs, the calendar, the people to notify, the
#: notifications written in batches, the years of the registers whose comparison figures to warm.
JOB_QUERIES = 24


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.FAZHI_CALENDAR_WARN_FROM = "12-31"  # keep the holiday-notice reminder (deadlines) out of the counts
    with translation.override("en"):
        yield


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, tzinfo=SHANGHAI), tick=False)


def keys_of(user):
    return sorted(Notification.objects.filter(user=user).values_list("key", flat=True))


def test_due_soon_notifies_the_agency_staff_once(world, sample_cases):
    with at(SOON):
        result = run_tick(SOON)
        assert (result.yellow, result.red, result.notified) == (3, 0, 3)
        again = run_tick(SOON)
    assert again.notified == 0 and Notification.objects.count() == 3
    case = sample_cases["owner"]
    assert keys_of(world.owner) == [f"sampleledger.samplecase:{case.pk}:2026-10-31:yellow"]
    note = Notification.objects.get(user=world.owner)
    assert note.level == "warning" and note.url == f"/sample/{case.pk}/" and "owner-case" in note.title
    assert "2026-10-31" in note.body and "3 days left" in note.body
    assert keys_of(world.office) == [] and keys_of(world.leader) == []
    assert TickRun.objects.count() == 2 and TickRun.objects.first().summary["notified"] == 0


def test_overdue_also_notifies_the_nearest_office(world, sample_cases):
    with at(LATE):
        result = run_tick(LATE, verbose=True)
    assert (result.yellow, result.red) == (0, 3)
    owner_case, colleague_case = sample_cases["owner"], sample_cases["colleague"]
    assert keys_of(world.office) == sorted(
        f"sampleledger.samplecase:{c.pk}:2026-10-31:red" for c in (owner_case, colleague_case))
    assert Notification.objects.filter(user=world.office, level="danger").count() == 2
    assert "2 days late" in Notification.objects.filter(user=world.office).first().body
    # The neighbouring county's case goes to its clerk; its office has nobody, and supervisors are not offices.
    assert len(keys_of(world.outsider)) == 1 and keys_of(world.supervisor) == []
    office_name = world.agency("sfx-office").name
    assert {r.title for r in result.overdue_by_office[office_name]} == {"owner-case", "colleague-case"}


def test_a_deadline_that_turns_red_notifies_again(world, sample_cases):
    with at(SOON):
        run_tick(SOON)
    with at(LATE):
        run_tick(LATE)
    assert [k.rsplit(":", 1)[1] for k in keys_of(world.owner)] == ["red", "yellow"]


def test_dry_run_writes_nothing(world, sample_cases):
    expired = _expired_consultation(world, sample_cases["owner"])
    with at(LATE):
        result = run_tick(LATE, dry_run=True)
    assert result.notified == 7 and result.jobs["consultation.close_expired"] == 1
    assert not Notification.objects.exists() and not TickRun.objects.exists() and mail.outbox == []
    expired.refresh_from_db()
    assert expired.status == Consultation.Status.OPEN


def test_tick_closes_consultations_whose_window_passed(world, sample_cases):
    expired = _expired_consultation(world, sample_cases["owner"])
    with at(LATE):
        result = run_tick(LATE)
    expired.refresh_from_db()
    assert expired.status == Consultation.Status.CLOSED and result.jobs["consultation.close_expired"] == 1


def test_email_is_sent_once_per_person_as_a_digest(world, sample_cases):
    for person, address in ((world.owner, "owner@example.org"), (world.office, "office@example.org")):
        person.email = address
        person.save(update_fields=["email"])
    with at(LATE):
        result = run_tick(LATE)
        run_tick(LATE)
    assert result.emailed == 2 and len(mail.outbox) == 2
    to_office = next(m for m in mail.outbox if m.to == ["office@example.org"])
    assert "2 new notifications" in to_office.subject and "owner-case" in to_office.body
    assert not Notification.objects.filter(user__in=[world.owner, world.office], emailed_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.colleague, emailed_at__isnull=True).exists()  # no address


def test_a_failing_mail_server_is_recorded_and_retried(world, sample_cases, settings):
    world.owner.email = "owner@example.org"
    world.owner.save(update_fields=["email"])
    settings.EMAIL_BACKEND = "fazhi.core.tests.test_tick.FailingBackend"
    with at(SOON):
        assert run_tick(SOON).emailed == 0
        note = Notification.objects.get(user=world.owner)
        assert note.emailed_at is None and "refused" in note.email_error
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert run_tick(SOON).emailed == 1
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_error == ""


def test_the_command_prints_a_summary_and_the_overdue_list_per_office(world, sample_cases):
    out = io.StringIO()
    with at(LATE):
        call_command("tick", "--today", "2026-11-02", "--verbose", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "[dry run]" in text and "2026-11-02" in text
    assert world.agency("sfx-office").name in text and "owner-case" in text
    assert not Notification.objects.exists()


def test_queries_do_not_grow_with_the_records(world, django_assert_max_num_queries):
    agency = world.agency("sfx-scj")
    SampleCase.objects.bulk_create([
        SampleCase(agency=agency, title=f"case {n}", received_on=date(2026, 9, 1), next_deadline=date(2026, 10, 31))
        for n in range(120)
    ])
    # Registered jobs add a few constant queries (the holiday-notice reminder, the analyzer's queue, the audit
    # anchor, clean-up of old failed log-ins, lapsed normative documents, petitions past their review time…) and
    # each agenda one: its due records.
    agendas = sum(1 for provider in agenda.providers() if getattr(provider, "model", None) is not None)
    with at(LATE), django_assert_max_num_queries(JOB_QUERIES + agendas):
        result = run_tick(LATE)
    assert result.red == 120 and result.notified == 360  # the clerk and the two office members


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_do_not_duplicate(world, sample_cases):
    for person in (world.owner, world.office):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    results = []
    with at(LATE):
        if connection.vendor == "postgresql":
            barrier = threading.Barrier(2)

            def run():
                try:
                    barrier.wait()
                    results.append(run_tick(LATE))
                finally:
                    connections.close_all()

            threads = [threading.Thread(target=run) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:  # SQLite serialises writers: two passes one after the other
            results = [run_tick(LATE), run_tick(LATE)]
    assert len(results) == 2
    assert Notification.objects.count() == 7
    assert sorted(len(m.to) for m in mail.outbox) == [1, 1] and len(mail.outbox) == 2


def test_worker_once_runs_one_tick(world, sample_cases):
    out = io.StringIO()
    with at(SOON):
        call_command("worker", "--once", stdout=out)
    assert TickRun.objects.count() == 1 and Notification.objects.count() == 3
    assert "2026-10-28" in out.getvalue()


def test_worker_stops_cleanly_on_sigterm(world):
    timer = threading.Timer(0.5, os.kill, args=(os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        call_command("worker", "--interval", "3600")
    finally:
        timer.cancel()
    assert TickRun.objects.count() == 1 and TickRun.objects.get().finished_at is not None
    assert signal.getsignal(signal.SIGTERM) is not None


def _expired_consultation(world, case):
    from fazhi.consultation import actions

    with at(date(2026, 9, 28)):
        return actions.open_consultation(case, by=world.owner, kind="decision", title="过期的征求意见",
                                         body="正文", opens_on=date(2026, 9, 28), closes_on=date(2026, 10, 28))


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server refused the connection")


def test_old_notifications_are_not_emailed(world, sample_cases):
    world.owner.email = "owner@example.org"
    world.owner.save(update_fields=["email"])
    with at(SOON):
        run_tick(SOON, dry_run=False)
    Notification.objects.update(emailed_at=None)
    with at(SOON + timedelta(days=2)):
        from fazhi.core.notifications import send_emails

        mail.outbox.clear()
        assert send_emails() == 0
