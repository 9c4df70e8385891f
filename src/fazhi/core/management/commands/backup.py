"""``fazhi backup [PATH]``: the database, the attachments and the audit anchor file in one .tar.gz."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.core.backup import BackupError, _stamp, create_backup

from ._progress import progress_for


class Command(BaseCommand):
    @property
    def help(self):
        return _("Back up the database, the attachments (FAZHI_MEDIA_ROOT) and the audit anchor file into one "
                 "archive (.tar.gz).")

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?",
            help=_("Archive to write, or a directory for it (default: FAZHI_VAR_DIR/backups/)."),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("Do not show a progress bar."))

    def handle(self, *args, path=None, no_progress=False, **options):
        name = f"fazhi-backup-{_stamp()}.tar.gz"
        target = Path(path) if path else Path(settings.VAR_DIR) / "backups" / name
        if target.is_dir():
            target = target / name
        try:
            manifest = create_backup(target, progress=progress_for(no_progress))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        audit = manifest["audit"]
        rows = sum(manifest["counts"].values())
        self.stdout.write(self.style.SUCCESS(_("Backup written to %(path)s.") % {"path": target}))
        self.stdout.write(_(
            "Database: %(vendor)s, %(tables)d tables, %(rows)d rows; attachments: %(files)d files; audit chain "
            "up to entry #%(seq)s."
        ) % {"vendor": manifest["database"]["vendor"], "tables": len(manifest["counts"]), "rows": rows,
             "files": manifest["media_files"], "seq": audit["last_sequence"] if audit else 0})

