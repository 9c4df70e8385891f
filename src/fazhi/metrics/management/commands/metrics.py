"""``fazhi metrics load`` puts the catalog in the database; ``fazhi metrics export`` writes it to a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from fazhi.metrics.catalog import (
    CatalogError,
    catalog_queryset,
    export_rows,
    load_catalog,
    read_catalog_file,
    to_csv,
    to_json,
    to_xlsx,
)


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a real str, translated when the command runs
        return _("Load the metric catalog into the database (load) or write it to a file (export).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{load,export}")
        load = sub.add_parser(
            "load",
            help=_("Create the catalog's metrics that are missing; existing ones keep their edits unless --update."),
        )
        load.add_argument(
            "--file", metavar="PATH",
            help=_("A catalog in JSON (as written by “export --format json”) instead of the shipped one."),
        )
        load.add_argument(
            "--update", action="store_true",
            help=_("Also overwrite existing metrics with the file's definitions (drops edits made in the admin)."),
        )
        export = sub.add_parser("export", help=_("Write the catalog to a CSV, Excel or JSON file."))
        export.add_argument("--format", choices=["csv", "xlsx", "json"], default="json", help=_("File format."))
        export.add_argument("--year", type=int, metavar="YYYY", help=_("Only the metrics in force in this year."))
        export.add_argument("-o", "--output", required=True, metavar="PATH", help=_("The file to write."))

    def handle(self, *args, subcommand, **options):
        if subcommand == "load":
            return self.load(options)
        return self.export(options)

    def load(self, options):
        try:
            entries = read_catalog_file(options["file"]) if options["file"] else None
            created, updated = load_catalog(entries, update=options["update"])
        except CatalogError as exc:
            raise CommandError(
                _("The catalog was not loaded (nothing was changed):") + "\n  " + "\n  ".join(exc.problems)
            ) from None
        self.stdout.write(self.style.SUCCESS(
            _("Catalog loaded: %(created)d metrics created, %(updated)d updated.")
            % {"created": created, "updated": updated}
        ))

    def export(self, options):
        rows = export_rows(catalog_queryset(options["year"]))
        path = Path(options["output"])
        fmt = options["format"]
        try:
            if fmt == "xlsx":
                path.write_bytes(to_xlsx(rows))
            else:
                # The CSV carries its own BOM (see to_csv); plain UTF-8 for JSON.
                path.write_text(to_csv(rows) if fmt == "csv" else to_json(rows), encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(_("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from None
        self.stdout.write(self.style.SUCCESS(
            _("%(count)d metrics written to %(path)s.") % {"count": len(rows), "path": path}
        ))
