"""``fazhi analyze PATH...``: a thin wrapper around the Django-free analyzer command line."""

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
        code = run(
            options["paths"],
            options["format"],
            options["jobs"],
            options["output"],
            False if options["no_progress"] else None,
            stdout=self.stdout._out,
            stderr=self.stderr._out,
            compare=options["compare"],
            explain=options["explain"],
        )
        if code:
            message = (
                "some reports could not be read / 部分报告未能解析"
                if code == 1
                else "nothing was analysed (see the message above) / 未解析任何报告"
            )
            raise CommandError(message, returncode=code)
