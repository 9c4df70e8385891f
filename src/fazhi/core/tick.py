"""One pass of the reminder clock (``fazhi tick``, run by ``fazhi worker`` at an interval).

1. Jobs apps register (``register_job``): e.g. consultation closes the comment windows that have passed.
2. For every agenda provider with a model (``fazhi.core.agenda``), the records whose ``next_deadline`` is
   within the provider's horizon ("yellow") or passed ("red") notify the people responsible: the agency's
   own staff (clerks, and office members of an office's own records), and for overdue ones the nearest
   rule-of-law office above the record's region.
3. The new notifications are e-mailed (``fazhi.core.notifications.send_emails``).

Idempotent: a notification's key names the record, its deadline and its colour, unique per person, so a
second pass the same day creates nothing and a deadline that moves or turns red notifies again. Safe when
two passes run at once (unique constraint with ``ignore_conflicts``, row locks with ``skip_locked``). Fast
over many records: grouped queries, rows in batches, no query per record.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.core import agenda
from fazhi.core.models import Notification, TickRun
from fazhi.core.notifications import NewNotification, notify_many, send_emails
from fazhi.org.models import Agency, Membership

__all__ = ["Job", "TickResult", "register_job", "run_tick", "unregister_job"]

log = logging.getLogger(__name__)

#: ``job(today, dry_run) -> int``: how many things it did (or would do).
Job = Callable[[date, bool], int]
_jobs: dict[str, tuple[str, Job]] = {}

YELLOW, RED = "yellow", "red"
_PK_PLACEHOLDER = 987654321987


def register_job(name: str, job: Job, *, label: str = "") -> None:
    """Run ``job`` in every tick, before the reminders (an app calls this in its AppConfig.ready())."""
    _jobs[name] = (label or name, job)


def unregister_job(name: str) -> None:
    _jobs.pop(name, None)


@dataclass(frozen=True)
class DueRecord:
    ledger: str
    model_label: str
    pk: int
    title: str
    agency_id: int
    next_deadline: date
    state: str
    url: str


@dataclass
class TickResult:
    today: date
    dry_run: bool
    jobs: dict[str, int] = field(default_factory=dict)
    yellow: int = 0
    red: int = 0
    notified: int = 0
    emailed: int = 0
    #: office agency name -> overdue records it was told about
    overdue_by_office: dict[str, list[DueRecord]] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"jobs": self.jobs, "yellow": self.yellow, "red": self.red, "notified": self.notified,
                "emailed": self.emailed}

    def lines(self, *, verbose: bool = False) -> list[str]:
        prefix = _("[dry run] ") if self.dry_run else ""
        lines = [prefix + _("Deadlines checked on %(today)s.") % {"today": self.today.isoformat()}]
        for name, count in self.jobs.items():
            lines.append(f"  {_jobs.get(name, (name,))[0]}: {count}")
        lines.append("  " + _("%(yellow)d record(s) due soon, %(red)d overdue.") % {
            "yellow": self.yellow, "red": self.red})
        lines.append("  " + (_("%(n)d notification(s) would be created.") if self.dry_run
                             else _("%(n)d new notification(s).")) % {"n": self.notified})
        lines.append("  " + (_("%(n)d person(s) would be e-mailed.") if self.dry_run
                             else _("%(n)d e-mail(s) sent.")) % {"n": self.emailed})
        if verbose:
            for office, records in sorted(self.overdue_by_office.items()):
                lines.append(ngettext("%(office)s: %(n)d overdue item", "%(office)s: %(n)d overdue items",
                                      len(records)) % {"office": office, "n": len(records)})
                for record in sorted(records, key=lambda r: (r.next_deadline, r.ledger, r.pk)):
                    days = (self.today - record.next_deadline).days
                    lines.append("  " + _("%(due)s (%(days)d days late) · %(ledger)s · %(title)s") % {
                        "due": record.next_deadline.isoformat(), "days": days, "ledger": record.ledger,
                        "title": record.title})
        return lines


# Who is responsible -----------------------------------------------------------------------------------


class Responsible:
    """Who to tell about a record of an agency, from three grouped queries made once per tick."""

    def __init__(self):
        self.agencies = {
            pk: (path, name)
            for pk, path, name in Agency.objects.values_list("pk", "region__path", "name")
        }
        self.own_staff: dict[int, set[int]] = defaultdict(set)
        self.offices: dict[str, dict[int, str]] = defaultdict(dict)  # region path -> {user id: office name}
        memberships = Membership.objects.filter(
            is_active=True, user__is_active=True, agency__is_active=True,
            role__in=[Membership.Role.CLERK, Membership.Role.OFFICE],
        ).values_list("user_id", "agency_id", "role", "agency__region__path", "agency__name")
        for user_id, agency_id, role, path, agency_name in memberships:
            self.own_staff[agency_id].add(user_id)
            if role == Membership.Role.OFFICE:
                self.offices[path][user_id] = agency_name
        self._nearest: dict[str, dict[int, str]] = {}

    def staff(self, agency_id: int) -> set[int]:
        return self.own_staff.get(agency_id, set())

    def office_of(self, agency_id: int) -> dict[int, str]:
        """Return the members of the nearest rule-of-law office at or above the agency's region."""
        path = self.agencies.get(agency_id, ("", ""))[0]
        if path not in self._nearest:
            found: dict[int, str] = {}
            parts = [p for p in path.split("/") if p]
            while parts:
                candidate = "/" + "/".join(parts) + "/"
                if candidate in self.offices:
                    found = self.offices[candidate]
                    break
                parts.pop()
            self._nearest[path] = found
        return self._nearest[path]


# Records due ------------------------------------------------------------------------------------------


def _url_maker(url_name: str) -> Callable[[int], str]:
    try:
        template = reverse(url_name, args=[_PK_PLACEHOLDER])
    except NoReverseMatch:
        log.warning("Agenda url %s does not take one argument; reminders carry no link.", url_name)
        return lambda pk: ""
    return lambda pk: template.replace(str(_PK_PLACEHOLDER), str(pk))


def _is_concrete(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).concrete and not model._meta.get_field(name).is_relation
    except Exception:  # a property, not a field
        return False


def due_records(provider, today: date) -> Iterator[DueRecord]:
    """Yield the records of one agenda provider due within its horizon or overdue, in batches."""
    model = provider.model
    horizon = getattr(provider, "horizon_days", 7)
    qs = provider.records_due(today + timedelta(days=horizon)) if hasattr(provider, "records_due") else \
        model.objects.filter(withdrawn_at__isnull=True, next_deadline__lte=today + timedelta(days=horizon))
    title_field = getattr(provider, "title_field", "title")
    url_for = _url_maker(provider.url_name)
    ledger = str(provider.label)
    model_label = model._meta.label_lower
    if _is_concrete(model, title_field):
        rows = qs.order_by("pk").values_list("pk", "agency_id", "next_deadline", title_field).iterator(chunk_size=2000)
    else:
        related = [f.name for f in model._meta.concrete_fields
                   if f.is_relation and not f.null and isinstance(f, models.ForeignKey) and f.name != "agency"]
        rows = ((r.pk, r.agency_id, r.next_deadline, getattr(r, title_field, str(r)))
                for r in qs.select_related(*related).order_by("pk").iterator(chunk_size=2000))
    for pk, agency_id, deadline, title in rows:
        yield DueRecord(ledger=ledger, model_label=model_label, pk=pk, title=str(title), agency_id=agency_id,
                        next_deadline=deadline, state=RED if deadline < today else YELLOW, url=url_for(pk))


def _messages(record: DueRecord, today: date, agency_name: str) -> tuple[str, str, str]:
    title = f"{record.ledger}: {record.title}"
    days = (record.next_deadline - today).days
    if record.state == RED:
        body = ngettext("Overdue since %(date)s (%(n)d day late) · %(agency)s",
                        "Overdue since %(date)s (%(n)d days late) · %(agency)s", -days)
        return title, body % {"date": record.next_deadline.isoformat(), "n": -days, "agency": agency_name}, \
            Notification.Level.DANGER
    if days == 0:
        body = _("Due today (%(date)s) · %(agency)s")
    else:
        body = ngettext("Due on %(date)s (%(n)d day left) · %(agency)s",
                        "Due on %(date)s (%(n)d days left) · %(agency)s", days)
    return title, body % {"date": record.next_deadline.isoformat(), "n": days, "agency": agency_name}, \
        Notification.Level.WARNING


def _reminders(today: date, result: TickResult, collect: bool) -> Iterator[NewNotification]:
    responsible = Responsible()
    for provider in agenda.providers():
        if getattr(provider, "model", None) is None:
            continue
        for record in due_records(provider, today):
            if record.state == RED:
                result.red += 1
            else:
                result.yellow += 1
            agency_name = responsible.agencies.get(record.agency_id, ("", ""))[1]
            title, body, level = _messages(record, today, agency_name)
            key = f"{record.model_label}:{record.pk}:{record.next_deadline.isoformat()}:{record.state}"
            users = set(responsible.staff(record.agency_id))
            if record.state == RED:
                office = responsible.office_of(record.agency_id)
                users |= set(office)
                for office_name in set(office.values()) if collect else ():
                    result.overdue_by_office.setdefault(office_name, []).append(record)
            for user_id in users:
                yield NewNotification(user_id=user_id, key=key, title=title, body=body, url=record.url, level=level)


# The pass ---------------------------------------------------------------------------------------------


def run_tick(today: date | None = None, *, dry_run: bool = False, verbose: bool = False) -> TickResult:
    """Run the jobs, notify who must act on due and overdue records, e-mail them; return what happened.

    With ``dry_run`` nothing is written and nobody is e-mailed; the result says what would have been done.
    With ``verbose`` the result lists the overdue records per rule-of-law office.
    """
    today = today or timezone.localdate()
    result = TickResult(today=today, dry_run=dry_run)
    run = None if dry_run else TickRun.objects.create(today=today)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            for name, (_label, job) in list(_jobs.items()):
                result.jobs[name] = job(today, dry_run)
            result.notified = notify_many(_reminders(today, result, verbose), dry_run=dry_run)
            result.emailed = send_emails(dry_run=dry_run)
    except Exception as exc:
        if run is not None:
            TickRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), summary=result.summary(),
                                                     error=repr(exc)[:2000])
        raise
    if run is not None:
        TickRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), summary=result.summary())
    return result
