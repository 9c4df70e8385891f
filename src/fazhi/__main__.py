"""The ``fazhi`` command: Django's manage.py with fazhi's settings (``fazhi migrate``, ``fazhi demo``…)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["analyze"] and "--catalog-from-db" not in args:
        # The analyzer is a plain library: reading files needs neither Django nor the database, and starting
        # them would take most of a one-file run. Only ``--catalog-from-db`` goes through the management command.
        from fazhi.analyzer.cli import main as analyze

        sys.exit(analyze(args[1:], prog="fazhi analyze"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.conf.settings")
    from django.core.exceptions import ImproperlyConfigured

    from fazhi.conf.env import ImproperlyConfiguredEnv

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["fazhi", *args])
    except (ImproperlyConfigured, ImproperlyConfiguredEnv) as exc:
        sys.stderr.write(f"fazhi: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
