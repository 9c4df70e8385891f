"""System checks of the calendar settings (``fazhi check`` and every start)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_calendar_warn_from(app_configs=None, **kwargs):
    value = str(getattr(settings, "FAZHI_CALENDAR_WARN_FROM", "11-01"))
    try:
        month, day = (int(part) for part in value.split("-"))
        dt.date(2001, month, day)  # not a leap year: 02-29 is refused
    except ValueError:
        return [Error(f"FAZHI_CALENDAR_WARN_FROM must be a day as MM-DD, e.g. 11-01; it is {value!r}.",
                      id="fazhi.deadlines.E001")]
    return []
