"""Whether the working-day calendar knows the years deadlines are about to reach.

The State Council General Office publishes the next year's holiday notice in November as a rule
(legal-rules §10). From ``FAZHI_CALENDAR_WARN_FROM`` (MM-DD, default 11-01) the administrator and the
rule-of-law offices are told when next year is not yet in the holiday table: from then on a deadline of
a few weeks can already reach into it. In a year the table does not cover, every working-day deadline is
provisional (counted on weekends alone until the notice is entered), which is an emergency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from fazhi.deadlines.service import work_calendar


@dataclass(frozen=True)
class CalendarGap:
    year: int
    urgent: bool  # True when the missing year is the current one


def _warn_from(year: int) -> dt.date:
    month, day = (int(part) for part in str(settings.FAZHI_CALENDAR_WARN_FROM).split("-"))
    return dt.date(year, month, day)


def calendar_gap(today: dt.date) -> CalendarGap | None:
    """Return the year the holiday table lacks and that deadlines are reaching, or None."""
    calendar = work_calendar()
    if not calendar.covers(today.year):
        return CalendarGap(today.year, urgent=True)
    if today >= _warn_from(today.year) and not calendar.covers(today.year + 1):
        return CalendarGap(today.year + 1, urgent=False)
    return None


def notify_gap(today: dt.date, dry_run: bool = False) -> int:
    """Tell every system administrator, once per missing year, that the holiday table needs a notice.

    A job of ``fazhi tick``; returns how many notifications are new.
    """
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from fazhi.core.models import Notification
    from fazhi.core.notifications import NewNotification, notify_many

    gap = calendar_gap(today)
    if gap is None:
        return 0
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True)
    title = _("Enter the %(year)d holiday notice") % {"year": gap.year}
    if gap.urgent:
        body = _("Every working-day deadline in %(year)d is provisional, counted on weekends alone, until the State "
                 "Council's holiday notice for it is in the calendar.") % {"year": gap.year}
    else:
        body = _("Working-day deadlines that reach into %(year)d are provisional, counted on weekends alone, until "
                 "the State Council's holiday notice for it is in the calendar.") % {"year": gap.year}
    level = Notification.Level.DANGER if gap.urgent else Notification.Level.WARNING
    key = f"deadlines.calendar:{gap.year}:{'red' if gap.urgent else 'yellow'}"
    return notify_many(
        (NewNotification(user_id=pk, key=key, title=title, body=body, url=reverse("deadlines:calendar"), level=level)
         for pk in admins),
        dry_run=dry_run,
    )
