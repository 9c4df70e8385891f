"""``fazhi calendar status`` and ``fazhi calendar import FILE``: the working-day calendar from the terminal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.clock.calendar import year_span
from fazhi.deadlines import actions
from fazhi.deadlines.coverage import calendar_gap
from fazhi.deadlines.models import CalendarYear
from fazhi.deadlines.notice import parse_notice
from fazhi.deadlines.service import work_calendar


class Command(BaseCommand):
    help = "Show which years the working-day calendar covers, or enter a year's holiday notice from a text file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Covered years and whether next year's notice is missing.")
        load = sub.add_parser("import", help="Enter a holiday notice typed one arrangement per line.")
        load.add_argument("file", help="UTF-8 text: e.g. “春节 2月6日 至 2月13日 放假”, one line each.")
        load.add_argument("--year", type=int, required=True)
        load.add_argument("--source", required=True, help="The notice's title or number.")
        load.add_argument("--published", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")
        load.add_argument("--check", action="store_true", help="Check the file and show the result; store nothing.")

    def handle(self, *args, action, **options):
        if action == "status":
            return self._status()
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(_("%(path)s: no such file.") % {"path": path}) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(path)s is not UTF-8 text; save it as UTF-8.") % {"path": path}) from None
        notice = parse_notice(text, options["year"])
        if notice.errors:
            raise CommandError("\n".join([_("%(path)s: nothing stored.") % {"path": path}, *notice.errors]))
        for name, off, work, first, last in notice.summary():
            self.stdout.write(f"{name}  {first:%m-%d}–{last:%m-%d}  " + _("%(off)d off, %(work)d make-up working")
                              % {"off": off, "work": work})
        for warning in notice.warnings:
            self.stderr.write(warning)
        if options["check"]:
            self.stdout.write(_("Checked; nothing stored (--check)."))
            return
        try:
            actions.enter_notice(year=options["year"], source=options["source"], text=text,
                                 published_on=options["published"], by=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(_("The holiday notice for %(year)d is in the calendar.") % {"year": options["year"]})

    def _status(self):
        calendar = work_calendar()
        entered = {entry.year: entry.source for entry in CalendarYear.objects.all()}
        self.stdout.write(_("Covered: %(years)s") % {"years": year_span(calendar.covered_years)})
        for year in sorted(entered):
            self.stdout.write(f"  {year}: {entered[year]}")
        gap = calendar_gap(timezone.localdate())
        if gap is not None:
            self.stdout.write(_("Missing: the %(year)d holiday notice.") % {"year": gap.year})
