"""``fazhi analyze PATH...``: a thin wrapper around the Django-free analyzer command line."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from fazhi.analyzer.cli import add_arguments, run


class Command(BaseCommand):
    help = "Read published annual reports into sections, figures and checks (JSON lines or a table)."

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
        )
        if code:
            raise CommandError("some reports could not be read / 部分报告未能解析", returncode=code)
