"""``fazhi calendar status``, ``fazhi calendar import FILE`` and ``fazhi calendar days``: the working-day calendar
from the terminal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.clock.calendar import year_span
from fazhi.deadlines import actions, published
from fazhi.deadlines.coverage import calendar_gap
from fazhi.deadlines.models import CalendarYear, HolidayOverride
from fazhi.deadlines.service import work_calendar


class Command(BaseCommand):
    help = ("Show which years the working-day calendar covers, enter a holiday notice from a file, or list the days "
            "entered.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Covered years and whether next year's notice is missing.")
        load = sub.add_parser("import", help="Enter a holiday notice: the page as published, or typed one "
                                             "arrangement per line.")
        load.add_argument("file", help="The notice as text (UTF-8, GBK or Big5): copied from gov.cn, or typed "
                                       "“春节 2月6日 至 2月13日 放假”, one line each.")
        load.add_argument("--year", type=int, default=None,
                          help="The notice's year; read from the notice if not given, and must agree with it.")
        load.add_argument("--source", default="", help="The notice's number or title; read from it if not given.")
        load.add_argument("--published", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")
        load.add_argument("--check", action="store_true", help="Check the file and show the result; store nothing.")
        load.add_argument("--replace", action="store_true",
                          help="Replace the days another notice set, where this notice changes them.")
        load.add_argument("--format", choices=["text", "json"], default="text")
        days = sub.add_parser("days", help="The days the holiday table holds for a year, each with its notice.")
        days.add_argument("--year", type=int, required=True)
        days.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, **options):
        if action == "status":
            return self._status()
        if action == "days":
            return self._days(options["year"], options["format"])
        return self._import(Path(options["file"]), options)

    def _import(self, path: Path, options):
        try:
            text = published.decode(path.read_bytes())
        except FileNotFoundError:
            raise CommandError(_("%(path)s: no such file.") % {"path": path}) from None
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        plan = actions.plan_notice(text=text, year=options["year"], source=options["source"])
        notice = plan.notice
        if notice.errors:
            raise CommandError("\n".join([_("%(path)s: nothing stored.") % {"path": path}, *notice.errors]))
        as_json = options["format"] == "json"
        if not as_json:
            self._describe(plan)
        if not options["check"]:
            try:
                plan = actions.enter_notice(text=text, year=options["year"], source=options["source"],
                                            published_on=options["published"], replace=options["replace"], by=None)
            except ValidationError as exc:
                raise CommandError("\n".join([_("%(path)s: nothing stored.") % {"path": path}, *exc.messages,
                                              _("Run again with --replace to replace them.")
                                              if plan.replaces else ""]).strip()) from None
        if as_json:
            days = [{"date": day.isoformat(), "status": kind, "holiday": name}
                    for day, (kind, name) in sorted(plan.days.items())]
            recomputed = [{"record": str(c.record), "deadline": c.label, "before": c.before and c.before.isoformat(),
                           "after": c.after and c.after.isoformat()} for c in plan.recomputed]
            self.stdout.write(json.dumps({"year": plan.year, "kind": notice.kind, "source": plan.source,
                                          "days": days, "warnings": notice.warnings, "recomputed": recomputed},
                                         ensure_ascii=False))
            return
        for warning in notice.warnings:
            self.stderr.write(warning)
        if options["check"]:
            self.stdout.write(_("Checked; nothing stored (--check)."))
        elif not plan.changes:
            self.stdout.write(_("The notice is in the calendar already; nothing changed."))
        else:
            self.stdout.write(_("The holiday notice for %(year)d is in the calendar (%(count)d days changed).")
                              % {"year": plan.year, "count": len(plan.changes)})
            self._recomputed(plan.recomputed)

    def _recomputed(self, recomputed):
        if not recomputed:
            return
        self.stdout.write(ngettext(
            "%(count)d deadline computed again on the new days; the staff of its agency were told:",
            "%(count)d deadlines computed again on the new days; the staff of their agencies were told:",
            len(recomputed)) % {"count": len(recomputed)})
        for change in recomputed:
            self.stdout.write(f"  {change.record} · {change.label}: "
                              f"{change.before.isoformat() if change.before else '—'} → "
                              f"{change.after.isoformat() if change.after else '—'}")

    def _describe(self, plan):
        notice = plan.notice
        kind = _("annual notice") if notice.kind == "annual" else _("supplement")
        self.stdout.write(f"{plan.year} · {kind} · {plan.source or '—'}")
        for name, off, work, first, last in notice.summary():
            self.stdout.write(f"{name}  {first:%m-%d}–{last:%m-%d}  " + _("%(off)d off, %(work)d make-up working")
                              % {"off": off, "work": work})
        for festival, last in notice.extensions.items():
            self.stdout.write(_("%(festival)s extended to %(date)s") % {"festival": festival,
                                                                        "date": last.isoformat()})
        for change in plan.replaces:
            before = f"{change.before[0]} {change.before[1]} ({change.before[2]})"
            after = f"{change.after[0]} {change.after[1]}" if change.after else _("an ordinary day")
            self.stdout.write(_("Changes %(date)s: %(before)s → %(after)s")
                              % {"date": change.date.isoformat(), "before": before, "after": after})

    def _days(self, year: int, fmt: str):
        rows = HolidayOverride.objects.filter(date__gte=dt.date(year - 1, 12, 20), date__lte=dt.date(year, 12, 31))
        rows = [row for row in rows.select_related("notice").order_by("date")
                if row.date.year == year or (row.notice is not None and row.notice.year == year)]
        entry = CalendarYear.objects.filter(year=year).first()
        days = [{"date": row.date.isoformat(), "status": row.kind, "holiday": row.name,
                 "source": row.notice.source if row.notice else row.source} for row in rows]
        if fmt == "json":
            self.stdout.write(json.dumps({"year": year, "covered": entry is not None,
                                          "source": entry.source if entry else "", "days": days},
                                         ensure_ascii=False))
            return
        for day in days:
            self.stdout.write(f"{day['date']}  {day['status']:8}  {day['holiday']}  {day['source']}")

    def _status(self):
        calendar = work_calendar()
        entered = {entry.year: entry.source for entry in CalendarYear.objects.all()}
        self.stdout.write(_("Covered: %(years)s") % {"years": year_span(calendar.covered_years)})
        for year in sorted(entered):
            self.stdout.write(f"  {year}: {entered[year]}")
        gap = calendar_gap(timezone.localdate())
        if gap is not None:
            self.stdout.write(_("Missing: the %(year)d holiday notice.") % {"year": gap.year})
