"""``fazhi tick``: one pass of the reminder clock (see ``fazhi.core.tick``); run it from a timer or cron.

    fazhi tick                     # today, in the configured time zone
    fazhi tick --dry-run --verbose # say what would be done and list overdue items per office; write nothing
    fazhi tick --today 2026-03-02  # as if it were that day (testing, catching up)
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.tick import run_tick


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value!r}: expected a date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = ("Close consultations whose window passed, notify the people responsible for due and overdue "
            "records (and e-mail them), and print a summary.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Write nothing and send nothing; report only.")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--verbose", action="store_true", help="List the overdue items per rule-of-law office.")

    def handle(self, *args, **options):
        today = _date(options["today"]) if options.get("today") else None
        result = run_tick(today, dry_run=options["dry_run"], verbose=options["verbose"])
        for line in result.lines(verbose=options["verbose"]):
            self.stdout.write(line)
