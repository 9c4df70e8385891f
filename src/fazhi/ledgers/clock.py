"""A ledger's statutory deadlines: computed on the working-day calendar of the record's province, stored on the
record, and recomputed when a holiday notice changes the days they were counted over.

A deadline that reaches into a year whose holiday notice is not entered yet (in December, a comment period running
into January) is never refused: it is counted on weekends alone and is provisional (``is_provisional``; the pages
mark it and its explanation says why). Each ledger declares the deadlines it stores in its ``procedure`` module::

    CLOCKS = (
        Clock("penalties.Case", "decision_due", "fazhi.penalties.actions._decision_due", "penalties:case_detail"),
    )

and when a notice is entered, ``recompute`` computes again every stored deadline on or after the first day the
notice changed, saves those that moved, writes each change to the record's audit trail, and tells the staff of the
record's agency.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.utils.module_loading import import_string

from fazhi.core.ledger import IllegalTransition


def due(rule_code: str, start: dt.date, agency, **kwargs):
    """Return the clock's ``Deadline`` of ``rule_code`` from ``start`` in ``agency``'s province, provisional where it
    reaches into a year without a holiday notice; turn the clock's other errors (a rule not in force, an extension
    the law does not allow) into a refusal for the person acting."""
    from fazhi.clock import ExtensionNotAllowed, InvalidPause, PauseNotAllowed, RuleNotInForce, UnknownRule
    from fazhi.deadlines.service import describe_error, due_date

    try:
        return due_date(rule_code, start, province=agency.region.code, provisional=True, **kwargs)
    except (RuleNotInForce, UnknownRule, ExtensionNotAllowed, PauseNotAllowed, InvalidPause) as exc:
        raise IllegalTransition(describe_error(exc), code="clock") from None


def is_provisional(day: dt.date | None) -> bool:
    """Whether a stored deadline on ``day`` is provisional (its year has no holiday notice yet)."""
    from fazhi.deadlines.service import is_provisional as provisional

    return provisional(day)


@dataclass(frozen=True)
class Clock:
    """A statutory date a ledger stores: ``model``'s ``field``, computed by ``compute`` (a dotted path to a function
    of the object returning the date, or None when it no longer applies; it may set fields that follow from the
    date, saved with it). ``record`` is the attribute leading to the ledger record the object belongs to (empty:
    the object is the record), whose next deadline is kept and whose staff are told; ``url`` names its page.
    ``only`` limits the objects recomputed (a queryset filter: those still open)."""

    model: str
    field: str
    compute: str
    url: str
    record: str = ""
    only: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Recomputed:
    """One stored deadline a holiday notice moved."""

    record: object  # the ledger record
    field: str
    label: str  # the deadline's name
    before: dt.date | None
    after: dt.date | None
    url: str


@cache
def clocks() -> tuple[Clock, ...]:
    """Every ledger's stored deadlines, from the ``CLOCKS`` of each catalogued ledger's procedure module."""
    from fazhi.ledgers import catalog

    found: list[Clock] = []
    for ledger in catalog.LEDGERS:
        found.extend(getattr(ledger.module("procedure"), "CLOCKS", ()))
    return tuple(found)


@cache
def clocked_models() -> frozenset[str]:
    """The ledger records whose next deadline is one of their ``CLOCKS`` (a record reached from another object,
    such as a decision's step, may have other dates as its next deadline)."""
    return frozenset(clock.model for clock in clocks() if not clock.record)


def provisional_fields(obj) -> list[str]:
    """The names of ``obj``'s stored deadlines that are provisional (its ledger's ``CLOCKS``), for the API."""
    meta = getattr(obj, "_meta", None)
    fields = _fields_of(meta.label) if meta is not None else ()
    return [name for name in fields if is_provisional(getattr(obj, name))] if fields else []


@cache
def _fields_of(label: str) -> tuple[str, ...]:
    return tuple(clock.field for clock in clocks() if clock.model == label)


def provisional_count() -> dict[int, int]:
    """How many stored deadlines are provisional, by the year without a holiday notice they fall in."""
    from django.apps import apps
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from fazhi.deadlines.service import work_calendar

    calendar = work_calendar()
    first_gap = next(year for year in range(min(calendar.covered_years, default=2000), 3000)
                     if not calendar.covers(year))
    counts: dict[int, int] = defaultdict(int)
    for clock in clocks():
        model = apps.get_model(clock.model)
        rows = model._base_manager.filter(**{f"{clock.field}__gte": dt.date(first_gap, 1, 1)}, **clock.only)
        if any(f.name == "withdrawn_at" for f in model._meta.concrete_fields):
            rows = rows.filter(withdrawn_at__isnull=True)
        for year, count in (rows.annotate(due_year=ExtractYear(clock.field)).values_list("due_year")
                            .annotate(n=Count("pk")).order_by()):
            if not calendar.covers(year):
                counts[year] += count
    return dict(sorted(counts.items()))


def recompute(since: dt.date, *, reason: str, notify: bool = True) -> list[Recomputed]:
    """Compute again every stored deadline on or after ``since`` (the first day a holiday notice changed) and save
    those that moved, each in its record's audit trail with ``reason``; tell the staff of each record's agency.

    A deadline that ends before ``since`` was counted over days the notice did not change, so it stands. Returns
    the deadlines that moved.
    """
    from django.apps import apps
    from django.db import transaction

    from fazhi.audit.actions import record_event

    moved: list[Recomputed] = []
    for clock in clocks():
        model = apps.get_model(clock.model)
        compute = import_string(clock.compute)
        label = str(model._meta.get_field(clock.field).verbose_name)
        rows = model._base_manager.filter(**{f"{clock.field}__gte": since}, **clock.only)
        if any(f.name == "withdrawn_at" for f in model._meta.concrete_fields):
            rows = rows.filter(withdrawn_at__isnull=True)
        for obj in rows.order_by("pk").iterator(chunk_size=500):
            before = getattr(obj, clock.field)
            try:
                after = compute(obj)
            except Exception:  # noqa: BLE001 - a record that cannot be computed again keeps its date
                continue
            after = getattr(after, "due", after)  # a Deadline or a date
            if after == before:
                continue
            with transaction.atomic():
                setattr(obj, clock.field, after)
                obj.save()
                record = _follow(obj, clock.record)
                if hasattr(record, "compute_next_deadline"):
                    record.next_deadline = record.compute_next_deadline()
                    type(record)._base_manager.filter(pk=record.pk).update(next_deadline=record.next_deadline)
                record_event(action="change", target=record, actor=None,
                             changes={clock.field: [before, after]}, reason=reason)
            moved.append(Recomputed(record, clock.field, label, before, after, _url(clock.url, record)))
    if notify and moved:
        _notify(moved, reason)
    return moved


def _follow(obj, path: str):
    for name in filter(None, path.split(".")):
        obj = getattr(obj, name)
    return obj


def _url(name: str, record) -> str:
    from django.urls import reverse

    return reverse(name, args=[record.pk])


def _notify(moved: list[Recomputed], reason: str) -> int:
    """Tell the staff of each record's agency which of its deadlines moved, one notification per record."""
    from django.utils.translation import gettext as _

    from fazhi.core.notifications import NewNotification, notify_many
    from fazhi.core.tick import Responsible

    by_record: dict[tuple, list[Recomputed]] = defaultdict(list)
    for change in moved:
        by_record[(change.record._meta.label, change.record.pk)].append(change)
    responsible = Responsible()
    items = []
    for (label, pk), changes in by_record.items():
        record = changes[0].record
        title = _("Deadline recomputed: %(record)s") % {"record": str(record)[:150]}
        body = "；".join(
            _("%(deadline)s: %(before)s → %(after)s") % {
                "deadline": c.label, "before": c.before.isoformat() if c.before else "—",
                "after": c.after.isoformat() if c.after else "—"}
            for c in changes) + " · " + reason
        key = f"ledgers.recompute:{label}:{pk}:" + ",".join(
            f"{c.field}={c.after.isoformat() if c.after else ''}" for c in changes)
        for user_id in responsible.staff(record.agency_id):
            items.append(NewNotification(user_id=user_id, key=key[:200], title=title, body=body, url=changes[0].url))
    return notify_many(items)
