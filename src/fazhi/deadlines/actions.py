"""Changes to the working-day calendar: entering a year's holiday notice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.deadlines.models import CalendarYear, HolidayNotice, HolidayOverride, ProvincialDeadline
from fazhi.deadlines.notice import Notice, parse_notice
from fazhi.deadlines.service import clear_cache


@dataclass(frozen=True)
class DayChange:
    """One day a notice would change: what the holiday table holds (None: nothing) and what it would hold."""

    date: dt.date
    before: tuple[str, str, str] | None  # kind, holiday, the notice that set it
    after: tuple[str, str] | None  # kind, holiday; None: the day goes back to an ordinary one


@dataclass
class NoticePlan:
    """What entering a notice would do: the days it sets, and those it changes that another notice set."""

    notice: Notice
    year: int | None
    source: str
    days: dict[dt.date, tuple[str, str]] = field(default_factory=dict)
    changes: list[DayChange] = field(default_factory=list)
    stored: bool = False
    recomputed: list = field(default_factory=list)  # the stored deadlines the notice moved (ledgers.clock)

    @property
    def replaces(self) -> list[DayChange]:
        """The changes to days already set: they need the clerk's confirmation (``replace``)."""
        return [c for c in self.changes if c.before is not None]


def plan_notice(*, text: str, year: int | None = None, source: str = "") -> NoticePlan:
    """Read a notice and work out, against the holiday table, every day it would set or change. Stores nothing.

    An annual notice sets its festivals: the days an earlier annual notice of its year set and it does not are
    taken back. A supplement changes only the days it names; an extension (延长…假期至) makes days off of the days
    from its festival's last day off to the day it names. Days of other notices are never touched otherwise.
    """
    notice = parse_notice(text, year)
    plan = NoticePlan(notice=notice, year=notice.year, source=(source or "").strip() or notice.source)
    if notice.errors:
        return plan
    wanted = {d.date: (d.kind, d.name[:50]) for d in notice.days}
    for festival, last in notice.extensions.items():
        days_off = sorted(HolidayOverride.objects.filter(name=festival, kind=HolidayOverride.Kind.HOLIDAY,
                                                         date__year=notice.year).values_list("date", flat=True))
        if not days_off:
            notice.errors.append(_("The extension of %(festival)s needs %(year)d's notice entered first.")
                                 % {"festival": festival, "year": notice.year})
            return plan
        day = days_off[-1] + dt.timedelta(days=1)
        while day <= last:
            wanted[day] = (HolidayOverride.Kind.HOLIDAY, festival)
            day += dt.timedelta(days=1)
    taken_back: set[dt.date] = set()
    if notice.kind == HolidayNotice.Kind.ANNUAL:
        earlier = Q(notice__year=notice.year, notice__kind=HolidayNotice.Kind.ANNUAL)
        covered = CalendarYear.objects.filter(year=notice.year).first()
        if covered is not None:  # days entered before notices were kept: known by the year's source
            earlier |= Q(notice__isnull=True, source=covered.source)
        taken_back = set(HolidayOverride.objects.filter(earlier).values_list("date", flat=True)) - set(wanted)
    held = {o.date: o for o in HolidayOverride.objects.filter(date__in=[*wanted, *taken_back]).select_related("notice")}
    for day in sorted({*wanted, *taken_back}):
        before = held.get(day)
        after = wanted.get(day)
        was = (before.kind, before.name, before.notice.source if before.notice else before.source) if before else None
        if was is not None and after is not None and was[:2] == after:
            continue
        plan.changes.append(DayChange(day, was, after))
    plan.days = wanted
    return plan


def enter_notice(*, text: str, year: int | None = None, source: str = "", published_on: dt.date | None = None,
                 replace: bool = False, by) -> NoticePlan:
    """Store a holiday notice in the holiday table, all or nothing (see ``plan_notice``).

    Only a system administrator may. A notice that changes days another notice set needs ``replace`` (the page's
    confirmation, the command's ``--replace``); entering the same notice again changes nothing. A complete annual
    notice declares its year covered. Each day remembers the notice that set it; the audit trail keeps the days it
    replaced. The ledgers' stored deadlines on or after the first day it changes are then computed again and their
    owners told (``plan.recomputed``). Raises ValidationError naming every problem.
    """
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator may enter a holiday notice."))
    plan = plan_notice(text=text, year=year, source=source)
    notice = plan.notice
    if notice.errors:
        raise ValidationError({"text": notice.errors})
    if not plan.source:
        raise ValidationError({"source": _("Name the notice, e.g. 国办发明电〔2026〕X号.")})
    if plan.replaces and not replace:
        raise ValidationError({"text": [_("The notice changes %(count)d days another notice set (%(days)s); "
                                          "confirm to replace them.")
                                        % {"count": len(plan.replaces),
                                           "days": ", ".join(c.date.isoformat() for c in plan.replaces[:10])}]})
    with transaction.atomic():
        entry, created = HolidayNotice.objects.get_or_create(
            year=notice.year, kind=notice.kind, source=plan.source[:200], defaults={"published_on": published_on})
        for change in plan.changes:
            if change.after is None:
                HolidayOverride.objects.filter(date=change.date).delete()
            else:
                HolidayOverride.objects.update_or_create(date=change.date, defaults={
                    "kind": change.after[0], "name": change.after[1], "source": plan.source[:200], "notice": entry})
        if notice.kind == HolidayNotice.Kind.ANNUAL:
            CalendarYear.objects.update_or_create(
                year=notice.year, defaults={"source": plan.source[:200], "published_on": published_on})
        off = sum(1 for kind, _name in plan.days.values() if kind == HolidayOverride.Kind.HOLIDAY)
        record_event(
            action="create" if created else "change",
            target=entry,
            actor=by,
            changes={
                "days_off": [None, off],
                "makeup_workdays": [None, len(plan.days) - off],
                "replaced_days": [[f"{c.date.isoformat()} {c.before[0]} {c.before[1]} ({c.before[2]})"
                                   for c in plan.replaces] or None, None],
                "changed_days": [None, len(plan.changes)],
            },
            reason=_("Holiday notice for %(year)d entered.") % {"year": notice.year},
        )
    plan.stored = True
    clear_cache()  # the holiday table is cached per process
    since = [c.date for c in plan.changes]
    if notice.kind == HolidayNotice.Kind.ANNUAL:  # the year is covered now: its provisional deadlines are not
        since.append(dt.date(notice.year, 1, 1))
    if since:
        from fazhi.ledgers.clock import recompute

        plan.recomputed = recompute(min(since), reason=_("Holiday notice entered: %(source)s.")
                                    % {"source": plan.source})
    return plan


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
