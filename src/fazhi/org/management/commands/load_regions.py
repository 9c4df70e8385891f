"""``fazhi load_regions``: load China's provinces, cities and counties and the shipped townships, or a deployment's
townships.

Without options both shipped files are loaded (as ``make setup`` does): the country file, then the townships
(乡镇/街道, about 38,000). ``--no-townships`` loads the country file only; ``--file`` loads another country file and
nothing else; ``--townships FILE`` loads a deployment's own township file.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.org.regions import TOWNSHIP_FILE, RegionFileError, load_regions, load_townships


class Command(BaseCommand):
    @property
    def help(self):  # a property so that it is translated when asked for, not at import
        return _(
            "Load China's provinces, cities and counties (GB/T 2260) shipped with fazhi, "
            "or a deployment's township file. Running it again only applies the differences."
        )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--townships", metavar="FILE",
            help=_(
                "Load townships from this CSV file (columns code,name,parent_code; 9-digit codes). "
                "Load the country file first."
            ),
        )
        source.add_argument(
            "--file", metavar="FILE",
            help=_(
                "Load this country file instead of the shipped one (columns code,name,level,parent_code)."
            ),
        )
        parser.add_argument(
            "--no-townships", action="store_true",
            help=_("Load the country file only, without the shipped townships."),
        )
        parser.add_argument(
            "--skip-errors", action="store_true",
            help=_("With --townships: load the good rows and report the bad ones."),
        )

    def handle(self, *args, townships=None, file=None, skip_errors=False, no_townships=False, **options):
        if skip_errors and not townships:
            raise CommandError(_("--skip-errors only applies with --townships."))
        if townships:
            self._load(townships, lambda: load_townships(townships, skip_errors=skip_errors, stdout=self.stdout),
                       kind=_("Townships"), own_townships=True)
            return
        self._load(file, lambda: load_regions(file, stdout=self.stdout), kind=_("Regions (GB/T 2260)"))
        if not (file or no_townships):
            # The shipped townships, after the counties they belong to.
            self._load(TOWNSHIP_FILE, lambda: load_townships(stdout=self.stdout), kind=_("Townships"))

    def _load(self, path, load, *, kind: str, own_townships: bool = False):
        """Run ``load`` and report its result (``own_townships``: a deployment's township file)."""
        try:
            result = load()
        except OSError as exc:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        except RegionFileError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            if own_townships:
                message = _("%(count)d row(s) have errors; nothing was loaded. "
                            "Fix the file, or pass --skip-errors to load the other rows.")
            else:
                message = _("%(count)d row(s) have errors; nothing was loaded.")
            raise CommandError(message % {"count": len(exc.errors)}) from exc
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            self.stderr.write(self.style.WARNING(
                _("Skipped %(count)d row(s) with errors.") % {"count": len(result.errors)}
            ))
        self.stdout.write(self.style.SUCCESS(
            _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
                "kind": kind, "created": f"{result.created:,}", "updated": f"{result.updated:,}",
                "unchanged": f"{result.unchanged:,}",
            }
        ))
