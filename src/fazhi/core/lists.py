"""List pages that filter as you type (htmx): one rule for rendering the rows alone, and for display choices
kept per person."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeData

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


def capped_count(qs, cap: int) -> tuple[int, bool]:
    """Return how many rows match, counting no further than ``cap``, and whether there are more: a list says "more
    than 1,000" rather than count a whole ledger on every request."""
    found = qs.order_by()[:cap + 1].count()
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
