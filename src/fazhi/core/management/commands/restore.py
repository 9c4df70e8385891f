"""``fazhi restore ARCHIVE``: restore a ``fazhi backup`` archive, then check the counts and the audit chain.

Exit status 0 when everything was restored and checks out, 1 when the row counts differ from the
manifest or the audit chain does not verify (the data is restored all the same: look before using it).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.core.backup import BackupError, restore_backup

from ._progress import progress_for


class Command(BaseCommand):
    @property
    def help(self):
        return _("Restore a backup made by fazhi backup: the database, the attachments and the audit anchor file; "
                 "then verify the row counts and the audit chain.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("The .tar.gz written by fazhi backup."))
        parser.add_argument(
            "--force", action="store_true",
            help=_("Replace a database that holds data and a non-empty FAZHI_MEDIA_ROOT."),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("Do not show a progress bar."))

    def handle(self, *args, archive, force=False, no_progress=False, **options):
        try:
            report = restore_backup(archive, force=force, progress=progress_for(no_progress))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = report.manifest
        self.stdout.write(_("Restored the backup of %(created)s (fazhi %(version)s, %(vendor)s).") % {
            "created": manifest["created"], "version": manifest["fazhi_version"],
            "vendor": manifest["database"]["vendor"]})
        for path in report.moved_aside:
            self.stdout.write(_("What was there before is kept at %(path)s.") % {"path": path})
        failed = False
        if report.counts_differ:
            failed = True
            for table, (expected, now) in sorted(report.counts_differ.items()):
                self.stdout.write(self.style.ERROR(
                    _("Table %(table)s has %(now)s rows; the backup recorded %(expected)s.") % {
                        "table": table, "now": "—" if now is None else now, "expected": expected}))
        else:
            self.stdout.write(_("Row counts match the manifest (%(tables)d tables).") % {
                "tables": len(manifest["counts"])})
        if report.pending_migrations:
            self.stdout.write(self.style.WARNING(_(
                "The restored database is older than this fazhi: run fazhi migrate, then fazhi audit verify.")))
        elif report.audit_problems:
            failed = True
            for problem in report.audit_problems:
                self.stdout.write(self.style.ERROR(problem.message))
        else:
            self.stdout.write(self.style.SUCCESS(_("Audit chain verified: %(count)d entries intact.") % {
                "count": report.audit_count}))
        if failed:
            self.stderr.write(_("The restore finished, but the checks above failed."))
            sys.exit(1)
