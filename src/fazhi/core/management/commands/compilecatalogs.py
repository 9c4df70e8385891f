"""``fazhi compilecatalogs``: compile fazhi's translation catalogs (``*.po``) to ``*.mo`` with polib.

Unlike Django's ``compilemessages`` it needs no system gettext, so ``make setup`` works on a bare machine.
A catalog whose ``.mo`` is newer than its ``.po`` is left alone unless ``--force`` is given.
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import fazhi


def default_locale_dirs() -> list[Path]:
    """Return ``LOCALE_PATHS`` and every ``locale/`` directory inside the fazhi package, without repeats."""
    candidates = [Path(p) for p in settings.LOCALE_PATHS]
    package_dir = Path(fazhi.__file__).resolve().parent
    candidates += sorted(p for p in package_dir.rglob("locale") if p.is_dir())
    seen: set[Path] = set()
    found = []
    for path in candidates:
        resolved = path.resolve()
        if resolved not in seen and resolved.is_dir():
            seen.add(resolved)
            found.append(resolved)
    return found


def compile_catalog(po_path: Path, *, force: bool = False) -> bool:
    """Write the ``.mo`` beside ``po_path``; return False when it was already up to date.

    Fuzzy and untranslated entries are left out, as ``msgfmt`` does.
    """
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    try:
        catalog = polib.pofile(str(po_path))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{po_path}: {exc}") from exc
    partial = mo_path.with_name(mo_path.name + ".partial")
    catalog.save_as_mofile(str(partial))
    os.replace(partial, mo_path)  # a reader never sees half a catalog
    return True


class Command(BaseCommand):
    help = "Compile fazhi's translation catalogs (*.po) to *.mo with polib; no system gettext needed."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path,
            help="Directories to search for *.po (default: LOCALE_PATHS and each locale/ in the fazhi package).",
        )
        parser.add_argument("--force", action="store_true", help="Compile even catalogs whose .mo is newer.")

    def handle(self, *args, paths: list[Path], force: bool = False, **options):
        directories = paths or default_locale_dirs()
        for directory in directories:
            if not directory.is_dir():
                raise CommandError(f"{directory} is not a directory.")
        compiled = current = 0
        for directory in directories:
            for po_path in sorted(directory.rglob("*.po")):
                if compile_catalog(po_path, force=force):
                    compiled += 1
                    if options["verbosity"] >= 2:
                        self.stdout.write(f"compiled {po_path}")
                else:
                    current += 1
        if options["verbosity"] >= 1:
            self.stdout.write(f"Translation catalogs: {compiled} compiled, {current} already up to date.")
