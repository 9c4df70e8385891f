"""List pages that filter as you type (htmx): one rule for rendering the rows alone, and for display choices
kept per person."""

from __future__ import annotations

import hashlib
import html
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeData
from django.utils.translation import get_language

#: How long display choices (a filter's options, whether to show a button) are kept per person.
CHOICES_SECONDS = 300


def rows_only(request) -> bool:
    """Whether htmx asked for the rows alone (live filtering); a history restore wants the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_list(request, page_template: str, rows_template: str, context: dict):
    """Render the whole list page, or only its rows for htmx; the two share one query and one context."""
    response = render(request, rows_template if rows_only(request) else page_template, context)
    patch_vary_headers(response, ("HX-Request",))  # one URL, two bodies: caches must tell them apart
    return response


def per_person(request, name: str, compute: Callable[[], Any]) -> Any:
    """Return ``compute()``, kept for the person and their current role for ``CHOICES_SECONDS``.

    For display only (a filter's options, whether to offer a button): every query and action checks the
    scope itself, so a choice a few minutes old never shows or allows what the person may not see.
    """
    membership = getattr(request, "membership", None)
    key = f"lists:{name}:{request.user.pk}:{membership.pk if membership else 0}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CHOICES_SECONDS)
    return value


def portal_page(name: str, parts: tuple, compute: Callable[[], Any]) -> Any:
    """Return ``compute()`` for a public list's page, kept ``FAZHI_PORTAL_CACHE_SECONDS`` under ``name`` and
    ``parts`` (the parsed filters and page: never the raw query, which anyone may vary), the language and the day.

    What the public reads is the same for every visitor, so the portal reads it once a minute rather than once a
    visit. ``portal_changed(name)``, called when the ledger changes, starts afresh at once.
    """
    seconds = settings.FAZHI_PORTAL_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    stamp = cache.get(f"portal:{name}:stamp", 0)
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20]
    key = f"portal:{name}:{stamp}:{get_language()}:{timezone.localdate().isoformat()}:{digest}"
    value = cache.get(key)
    if value is None or value[0] != parts:  # the parts themselves stored too: a hash may collide
        value = (parts, compute())
        cache.set(key, value, seconds)
    return value[1]


def portal_changed(name: str) -> None:
    """Start the portal's pages of ``name`` afresh (see ``portal_page``)."""
    cache.set(f"portal:{name}:stamp", uuid.uuid4().hex, None)  # not the time: a test's clock may stand still


#: How long a list remembers that a query matched more rows than its cap (see ``capped_count``).
OVER_CAP_SECONDS = 60


def capped_count(qs, cap: int) -> tuple[int, bool]:
    """Return how many rows match, counting no further than ``cap``, and whether there are more: a list says "more
    than 1,000" rather than count a whole ledger on every request.

    That a query (its SQL and parameters: the scope, the filters, today) matched more than ``cap`` rows is kept for
    ``OVER_CAP_SECONDS``: it stays true as rows come and go by the handful, and a big ledger's lists then count
    only what is small, whose number a person reads and expects exact.
    """
    query = qs.order_by()
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:
        return 0, False
    key = "lists:over-cap:" + hashlib.sha1(repr((cap, sql, params)).encode(), usedforsecurity=False).hexdigest()
    if cache.get(key):
        return cap, True
    found = query[:cap + 1].count()
    if found > cap:
        cache.set(key, True, OVER_CAP_SECONDS)
    return min(found, cap), found > cap


@dataclass
class CappedPage:
    """One page of a list that counts no further than a cap (see ``capped_page``)."""

    rows: list
    number: int
    has_next: bool
    count: int
    more: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def capped_page(qs, columns: tuple[str, ...], number: int, size: int, cap: int) -> CappedPage:
    """Return page ``number`` of ``qs`` (ordered) as tuples of ``columns``, with the capped count of its rows.

    The page is read first, one row more than it shows: when that row is missing the page is the last one, and the
    count is known without asking the database (a search that finds a few documents, the last page) — the same
    number ``capped_count`` would give.
    """
    offset = (number - 1) * size
    rows = list(qs.values_list(*columns)[offset: offset + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    if not has_next and (rows or offset == 0):
        total = offset + len(rows)
        count, more = min(total, cap), total > cap
    else:
        count, more = capped_count(qs, cap)
    return CappedPage(rows, number, has_next, count, more)


def text(value) -> str:
    """``value`` escaped for HTML, as ``{{ value }}`` would show it, for rows built in Python (cheaper than
    ``format_html`` per cell); text already marked safe is kept."""
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def labels(choices) -> dict[str, str]:
    """A choices' labels by value in the current language, escaped once per request rather than once per row."""
    return {value: text(label) for value, label in choices}


def deadline(day) -> str:
    """A statutory deadline's date for a page, ``—`` when there is none, marked provisional when its year has no
    holiday notice yet: it was counted on weekends alone and is computed again when the notice is entered
    (``fazhi.ledgers.clock``)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext, pgettext

    from fazhi.deadlines.service import is_provisional

    if not day:
        return "—"
    if not is_provisional(day):
        return day.isoformat()
    reason = gettext(
        "Provisional: the State Council's holiday notice for %(year)d is not in the working-day calendar yet, so "
        "this deadline is counted on weekends alone; it is computed again when the notice is entered.") % {
        "year": day.year}
    return format_html('{} <span class="badge grey" title="{}" data-testid="provisional">{}</span>',
                       day.isoformat(), reason, pgettext("deadline", "provisional"))
