"""Changes to the working-day calendar: entering a year's holiday notice."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.deadlines.models import CalendarYear, HolidayOverride, ProvincialDeadline
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


def may_set_periods(user, province: str) -> bool:
    """A system administrator, or the staff of a rule-of-law office in ``province``, may set its periods."""
    from fazhi.org.models import Membership

    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.OFFICE, is_active=True,
                                     agency__region__code__startswith=province[:2]).exists()


def set_provincial_period(*, province: str, rule_code: str, length: int, source: str, valid_from: dt.date,
                          by) -> ProvincialDeadline:
    """Record the length a province sets for a deadline whose length is local (a normative document's filing
    period, a comment period), from ``valid_from`` on; earlier start events keep the earlier length. Audited."""
    from fazhi.clock.rules import RULES

    if not may_set_periods(by, province):
        raise PermissionDenied(_("Only the rule-of-law office of the province, or an administrator, may set its "
                                 "deadlines."))
    rule = RULES.get(rule_code)
    errors = {}
    if rule is None or not rule.length_is_local:
        errors["rule_code"] = _("This deadline's length is set by law, not by the province.")
    if not length or length < 1 or length > 366:
        errors["length"] = _("Give a length between 1 and 366.")
    source = (source or "").strip()
    if not source:
        errors["source"] = _("Name the provincial instrument and article that set the length.")
    if valid_from is None:
        errors["valid_from"] = _("Give the date from which the length applies.")
    if errors:
        raise ValidationError(errors)
    if ProvincialDeadline.objects.filter(province=province, rule_code=rule_code, valid_from=valid_from).exists():
        raise ValidationError({"valid_from": _(
            "A length from %(date)s is already recorded; a change takes effect from a later date.") % {
            "date": valid_from.isoformat()}})
    entry = ProvincialDeadline(province=province, rule_code=rule_code, length=length, source=source[:300],
                               valid_from=valid_from)
    entry.full_clean()
    entry.save()
    record_event(action="create", target=entry, actor=by,
                 changes={"length": [None, length], "valid_from": [None, valid_from.isoformat()],
                          "source": [None, entry.source]})
    clear_cache()
    return entry
