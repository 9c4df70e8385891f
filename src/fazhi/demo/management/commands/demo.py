from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fazhi.demo.activity import build_activity
from fazhi.demo.county import DEMO_PASSWORD, PEOPLE, build_demo
from fazhi.demo.gaps import describe


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
        undone = describe(activity["undone"])
        if undone:
            self.stdout.write(self.style.WARNING(undone))
        if options["quiet_logins"]:
            return
        self.stdout.write("")
        self.stdout.write(_("Demo log-ins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for person in PEOPLE:
            self.stdout.write(f"  {person.username:<11} {person.name:<6}  {person.what!s}")
