"""``fazhi load_indicator_systems``: load the indicator systems shipped with fazhi (``assessment/data/systems``) or
given as files in their JSON format; idempotent (``fazhi.assessment.systems``)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.assessment.systems import SystemFileError, load_system, shipped


class Command(BaseCommand):
    help = ("Load the indicator systems shipped with fazhi, or those of the JSON files given; a system loaded before "
            "and unchanged is left alone, one a body has self-assessed on is never changed.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="JSON files of systems (default: the shipped ones).")

    def handle(self, *args, **options):
        try:
            found = [json.loads(Path(name).read_text(encoding="utf-8")) for name in options["files"]] or shipped()
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        for data in found:
            try:
                loaded = load_system(data)
            except SystemFileError as exc:
                raise CommandError(_("%(code)s was not loaded:\n%(problems)s") % {
                    "code": data.get("code", "?"), "problems": "\n".join(exc.problems)}) from None
            outcome = {"created": _("loaded"), "updated": _("updated"), "unchanged": _("unchanged"),
                       "in use": _("in use, left as it is")}[loaded.outcome]
            self.stdout.write(_("%(code)s: %(outcome)s, %(count)d indicators.") % {
                "code": loaded.system.code, "outcome": outcome, "count": loaded.system.indicators.count()})
