"""Shared by the benchmarks: Django on a fresh database (a temporary SQLite file, or DATABASE_URL emptied)."""

from __future__ import annotations

import os


def setup_django(var_dir: str) -> None:
    """Configure Django with ``var_dir`` for files, and bring an empty database to the latest migration."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.conf.settings")
    os.environ["FAZHI_VAR_DIR"] = var_dir
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ.get("DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
