"""``fazhi analyze --catalog-from-db PATH...``: the analyzer's command line with the database's catalog.

``fazhi analyze`` without that option never gets here: ``fazhi.__main__`` runs the Django-free command line
(``fazhi.analyzer.cli``) directly, so reading files starts neither Django nor the database.
"""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError

from fazhi.analyzer.cli import EPILOG, add_arguments, run


class Command(BaseCommand):
    help = (
        "Read published annual reports into sections, figures and checks (JSON lines, CSV, Excel or a "
        "table), or compare them (--compare).\n\n" + EPILOG
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        return super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs)

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        catalog = options["catalog"]
        if options["catalog_from_db"]:
            if catalog:
                raise CommandError("give --catalog or --catalog-from-db, not both / 两种指标目录只能选一种", returncode=2)
            from fazhi.analyzer.live_catalog import catalog_entries

            catalog = catalog_entries()
        code = run(
            options["paths"],
            options["format"],
            options["jobs"],
            options["output"],
            False if options["no_progress"] else None,
            stdout=self.stdout._out,
            stderr=self.stderr._out,
            compare=options["compare"],
            catalog=catalog,
            explain=options["explain"],
            evaluate=options["evaluate"],
        )
        if code:
            message = (
                "some reports could not be read / 部分报告未能解析"
                if code == 1
                else "nothing was analysed (see the message above) / 未解析任何报告"
            )
            raise CommandError(message, returncode=code)
