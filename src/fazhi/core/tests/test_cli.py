"""The ``fazhi`` command: Django's manage.py with fazhi's settings and fazhi's own commands."""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.conf.env import SETTINGS_HELP

PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"

msgid "Deadline"
msgstr "期限"

#, fuzzy
msgid "Overdue"
msgstr "逾期"

msgid "%(n)d day"
msgid_plural "%(n)d days"
msgstr[0] "%(n)d 日"
'''


def run_fazhi(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run the ``fazhi`` console script (``python -m fazhi`` where it is not installed) in a clean env."""
    script = Path(sys.executable).with_name("fazhi")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "fazhi"]
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_HELP}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["FAZHI_VAR_DIR"] = str(tmp_path)
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True, timeout=120)


def test_help_lists_fazhis_commands(tmp_path):
    result = run_fazhi("--help", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    for command in ("compilecatalogs", "settings", "migrate", "runserver"):
        assert command in result.stdout
    assert "[core]" in result.stdout


def test_check_passes(tmp_path):
    result = run_fazhi("check", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_lists_every_variable_with_its_default_and_help():
    out = StringIO()

    call_command("settings", stdout=out)

    text = out.getvalue()
    for doc in SETTINGS_HELP.values():
        assert doc.name in text
        assert doc.help in text
    assert "FAZHI_UPLOAD_MAX_MB (default: 20)" in text


def test_settings_markdown_is_a_table_per_group_without_machine_paths():
    out = StringIO()

    call_command("settings", "--markdown", stdout=out)

    text = out.getvalue()
    assert "| Variable | Default | Meaning |" in text
    assert "| `FAZHI_UPLOAD_MAX_MB` | `20` |" in text
    assert "| `FAZHI_VAR_DIR` | `<checkout>/var` |" in text
    assert str(Path(__file__).resolve().parents[4]) not in text


def _catalog(tmp_path: Path) -> Path:
    po = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return po


def test_compilecatalogs_writes_a_mo_that_gettext_reads(tmp_path):
    po = _catalog(tmp_path)

    call_command("compilecatalogs", str(tmp_path / "locale"), stdout=StringIO())

    with po.with_suffix(".mo").open("rb") as mo:
        translations = gettext.GNUTranslations(mo)
    assert translations.gettext("Deadline") == "期限"
    assert translations.gettext("Overdue") == "Overdue"  # fuzzy entries are left out, as msgfmt does
    assert translations.ngettext("%(n)d day", "%(n)d days", 3) == "%(n)d 日"


def test_compilecatalogs_skips_a_catalog_whose_mo_is_newer(tmp_path):
    po = _catalog(tmp_path)
    mo = po.with_suffix(".mo")
    call_command("compilecatalogs", str(tmp_path / "locale"), stdout=StringIO())
    later = time.time() + 60
    os.utime(mo, (later, later))
    out = StringIO()

    call_command("compilecatalogs", str(tmp_path / "locale"), stdout=out)

    assert "0 compiled, 1 already up to date" in out.getvalue()
    assert mo.stat().st_mtime == later


def test_compilecatalogs_compiles_again_when_the_po_changes(tmp_path):
    po = _catalog(tmp_path)
    call_command("compilecatalogs", str(tmp_path / "locale"), stdout=StringIO())
    po.write_text(PO.replace("期限", "时限"), encoding="utf-8")
    later = time.time() + 60
    os.utime(po, (later, later))

    call_command("compilecatalogs", str(tmp_path / "locale"), stdout=StringIO())

    with po.with_suffix(".mo").open("rb") as mo:
        assert gettext.GNUTranslations(mo).gettext("Deadline") == "时限"


def test_compilecatalogs_names_a_broken_catalog(tmp_path):
    po = _catalog(tmp_path)
    po.write_text('msgid "Deadline"\nmsgstr "期限"\nthis is not a catalog line\n', encoding="utf-8")

    with pytest.raises(CommandError, match="line 3") as excinfo:
        call_command("compilecatalogs", str(tmp_path / "locale"), stdout=StringIO())

    assert str(po) in str(excinfo.value)
    assert not po.with_suffix(".mo").exists()
