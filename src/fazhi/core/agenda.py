""""What needs me today": due and overdue items gathered from every ledger that registers here.

A ledger registers a provider once (in its AppConfig.ready()):

    agenda.register(LedgerAgenda(Document, label=_("Normative documents"), url_name="normative:detail"))

The home page asks ``items_for(user, today)``; each provider answers through the organisation scope.
Items a person may act on come when due within the horizon; a read-only person (leader, supervisor)
sees what is overdue in the regions they watch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from fazhi.org.scope import scope_for

__all__ = ["AgendaItem", "LedgerAgenda", "items_for", "providers", "register", "tally", "unregister"]


@dataclass(frozen=True)
class AgendaItem:
    ledger: str
    title: str
    due: date
    state: str  # "overdue", "today", "soon"
    agency: str
    url: str
    days_left: int
    region: str = ""
    #: Counted on weekends alone: its year has no holiday notice yet (``fazhi.ledgers.clock``).
    provisional: bool = False

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)

    @property
    def sort_key(self):
        return (self.due, self.ledger, self.title)


Provider = Callable[[object, date], Iterable[AgendaItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def providers() -> list[Provider]:
    """Return the registered providers; ``fazhi tick`` reminds people of the records of those with a model."""
    return list(_providers)


def state_of(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "soon"


class LedgerAgenda:
    """Agenda provider for a ``LedgerRecord`` model, answering through the scope."""

    def __init__(self, model, *, label: str | Promise, url_name: str, title_field: str = "title",
                 horizon_days: int | Callable[[], int] = 7, limit: int = 200, lapses: Q | None = None):
        """``lapses``: the records whose date, once passed, is over rather than missed (a comment period's end):
        never shown or reminded as overdue. ``horizon_days`` may be a function, read on each call (a setting)."""
        self.model = model
        self.lapses = lapses
        self.label = label
        self.url_name = url_name
        self.title_field = title_field
        self._horizon = horizon_days
        self.limit = limit

    @property
    def horizon_days(self) -> int:
        """Days ahead the agenda shows and reminds of a record's deadline."""
        return self._horizon() if callable(self._horizon) else self._horizon

    def records_due(self, until: date):
        """Return the records of every agency (no scope: for ``fazhi tick``) due on or before ``until``.

        The reminders of ``fazhi tick`` go to the people responsible for these. A subclass may narrow the
        records (as ``__call__`` does for the home page) or ``select_related`` what its title needs.
        """
        return self._live(self.model.objects.filter(
            withdrawn_at__isnull=True, next_deadline__isnull=False, next_deadline__lte=until,
        ), timezone.localdate())

    def _live(self, qs, today: date):
        """``qs`` without the records whose date has lapsed (``lapses``)."""
        return qs if self.lapses is None else qs.exclude(self.lapses & Q(next_deadline__lt=today))

    def __call__(self, user, today: date) -> list[AgendaItem]:
        scope = scope_for(user)
        if scope.is_empty:
            return []
        base = self._live(self.model.objects.filter(withdrawn_at__isnull=True, next_deadline__isnull=False), today)
        horizon = today + timedelta(days=self.horizon_days)
        if scope.writes_what_it_reads:
            # What the person may act on due within the horizon, the overdue among it included: one plain query.
            rows = scope.visible(base, self.model.scope_field).filter(next_deadline__lte=horizon)
        else:
            actionable = scope.editable(base, self.model.scope_field).filter(next_deadline__lte=horizon)
            overdue_seen = scope.visible(base, self.model.scope_field).filter(next_deadline__lt=today)
            rows = actionable | overdue_seen
        rows = rows.select_related("agency__region").order_by("next_deadline", "pk")[: self.limit]
        return [
            AgendaItem(
                ledger=str(self.label),
                title=str(getattr(row, self.title_field)),
                due=row.next_deadline,
                state=state_of(row.next_deadline, today),
                agency=str(row.agency),
                region=row.agency.region.name,
                url=reverse(self.url_name, args=[row.pk]),
                days_left=(row.next_deadline - today).days,
            )
            for row in rows
        ]


def tally(items: Iterable[AgendaItem], key: str) -> list[tuple[str, int, int]]:
    """Count overdue and pending items per agency or region (``key``), most overdue first."""
    counts: dict[str, list[int]] = {}
    for item in items:
        row = counts.setdefault(getattr(item, key), [0, 0])
        row[0 if item.state == "overdue" else 1] += 1
    return sorted(((name, o, p) for name, (o, p) in counts.items()), key=lambda r: (-r[1], -r[2], r[0]))


def items_for(user, today: date) -> list[AgendaItem]:
    """Return every ledger's due and overdue items the person should see, soonest first."""
    from fazhi.deadlines.service import is_provisional
    from fazhi.ledgers.clock import clocked_models

    items: list[AgendaItem] = []
    clocked = clocked_models()
    for provider in _providers:
        found = provider(user, today)
        model = getattr(provider, "model", None)
        if model is not None and model._meta.label in clocked:
            found = [replace(item, provisional=True) if is_provisional(item.due) else item for item in found]
        items.extend(found)
    return sorted(items, key=lambda item: item.sort_key)
