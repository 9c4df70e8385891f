from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.demo.activity import build_activity
from fazhi.demo.county import DEMO_PASSWORD, PEOPLE, build_demo
from fazhi.ledgers.clock import provisional_count


def provisional_warning() -> str | None:
    """One line on the stored deadlines counted on weekends alone, and how to enter the missing notice; None if
    every stored deadline falls in a year the working-day calendar covers."""
    by_year = provisional_count()
    count = sum(by_year.values())
    if not count:
        return None
    years = ", ".join(str(year) for year in sorted(by_year))
    return ngettext(
        "%(count)d deadline is provisional: the State Council's holiday notice for %(years)s is not in the "
        "working-day calendar, so it is counted on weekends alone. A system administrator enters it on /calendar/ "
        "or with `fazhi calendar import`; the deadline is then recomputed.",
        "%(count)d deadlines are provisional: the State Council's holiday notice for %(years)s is not in the "
        "working-day calendar, so they are counted on weekends alone. A system administrator enters it on "
        "/calendar/ or with `fazhi calendar import`; the deadlines are then recomputed.",
        count,
    ) % {"count": count, "years": years}


class Command(BaseCommand):
    help = "Build the fictional demo county (示范县) and a year of its activity once, and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the log-in table.")

    def handle(self, *args, **options):
        created = build_demo()
        if any(created.values()):
            self.stdout.write(self.style.SUCCESS(
                _("Demo county built: %(regions)d regions, %(agencies)d agencies, %(people)d people.") % created
            ))
        else:
            self.stdout.write(_("Demo county already in place; nothing changed."))
        activity = build_activity()
        if activity["rounds"] or activity["reports"]:
            self.stdout.write(self.style.SUCCESS(
                _("Demo activity built: %(rounds)d collection rounds, %(reports)d annual reports.") % activity
            ))
        provisional = provisional_warning()  # after the demo's records are built: their deadlines are stored
        if provisional:
            self.stdout.write(self.style.WARNING(provisional))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(_("Demo log-ins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for person in PEOPLE:
            self.stdout.write(f"  {person.username:<11} {person.name:<6}  {person.what!s}")
