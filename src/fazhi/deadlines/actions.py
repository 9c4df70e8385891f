"""Changes to the working-day calendar: entering a year's holiday notice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.deadlines.models import CalendarYear, HolidayOverride
from fazhi.deadlines.notice import Notice, parse_notice
from fazhi.deadlines.service import clear_cache


def enter_notice(*, year: int, source: str, text: str, published_on: dt.date | None = None, by) -> Notice:
    """Store a year's holiday notice in the holiday table and declare the year covered, all or nothing.

    Only a system administrator may. Entering a year again replaces its days: the notice is the authority,
    and a corrected notice (更正) replaces the first. Raises ValidationError naming every bad line.
    """
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator may enter a holiday notice."))
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": _("Name the notice, e.g. 国办发明电〔2026〕X号.")})
    notice = parse_notice(text, year)
    if notice.errors:
        raise ValidationError({"text": notice.errors})
    with transaction.atomic():
        previous = CalendarYear.objects.filter(year=year).first()
        low, high = min(d.date for d in notice.days), max(d.date for d in notice.days)
        replaced = HolidayOverride.objects.filter(
            date__gte=min(low, dt.date(year, 1, 1)), date__lte=max(high, dt.date(year, 12, 31))
        )
        replaced_count = replaced.count()
        replaced.delete()
        HolidayOverride.objects.bulk_create(
            HolidayOverride(date=d.date, kind=d.kind, name=d.name[:50], source=source[:200]) for d in notice.days
        )
        entry, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source[:200], "published_on": published_on}
        )
        off = sum(1 for d in notice.days if d.kind == "holiday")
        record_event(
            action="change" if previous else "create",
            target=entry,
            actor=by,
            changes={
                "source": [previous.source if previous else None, entry.source],
                "days_off": [None, off],
                "makeup_workdays": [None, len(notice.days) - off],
                "replaced_days": [replaced_count, None],
            },
            reason=_("Holiday notice for %(year)d entered.") % {"year": year},
        )
    clear_cache()  # bulk writes send no signals
    return notice
