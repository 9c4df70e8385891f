"""Demo steps the working-day calendar cannot date yet.

The demo dates its records relative to today. From late in a year until the administrator enters the next
year's holiday notice, a record's next step may need a deadline in a year the calendar does not cover. The
real action refuses it (a deadline is never guessed), so that record stops at the step before, as a real
office would find it; the demo goes on with the others and says once, at the end, how many steps were left
undone and how to enter the notice. Nothing here makes an action lenient or invents holidays.

    undone = Counter()
    with calendar_permitting(undone):
        document = actions.submit_for_review(...)  # refused: the record stays where it is
        ...                                        # the rest of its walk is skipped
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import ngettext

from fazhi.clock import CalendarNotCovered


def missing_year(exc: BaseException | None) -> int | None:
    """Return the year the calendar lacks when ``exc`` comes from it, else None.

    Actions turn the clock's error into their own (an IllegalTransition or a ValidationError), some with
    ``from exc`` and some ``from None``; either way Python keeps the original as the cause or the context.
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, CalendarNotCovered):
            return exc.year
        exc = exc.__cause__ or exc.__context__
    return None


@contextmanager
def calendar_permitting(undone: Counter) -> Iterator[None]:
    """Run a record's remaining demo steps; stop quietly at one the calendar cannot date, counting it by year.

    Any other error propagates. The actions compute a deadline before they write (and are atomic), so the
    refused step leaves nothing behind and the steps before it stay done.
    """
    try:
        yield
    except Exception as exc:
        year = missing_year(exc)
        if year is None:
            raise
        undone[year] += 1


def merge(*counters: Counter | None) -> Counter:
    """Add up the undone steps the demo builders return."""
    total: Counter = Counter()
    for counter in counters:
        total.update(counter or {})
    return total


def describe(undone: Counter) -> str | None:
    """Return one line on the steps left undone and how to enter the missing notice, or None if none were."""
    count = sum(undone.values())
    if not count:
        return None
    years = ", ".join(str(year) for year in sorted(undone))
    return ngettext(
        "%(count)d demo step was left undone because the State Council's holiday notice for %(years)s is not in "
        "the working-day calendar; a system administrator enters it on /calendar/ or with `fazhi calendar "
        "import`.",
        "%(count)d demo steps were left undone because the State Council's holiday notice for %(years)s is not "
        "in the working-day calendar; a system administrator enters it on /calendar/ or with `fazhi calendar "
        "import`.",
        count,
    ) % {"count": count, "years": years}

