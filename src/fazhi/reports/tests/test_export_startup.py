"""What `fazhi report export` loads before it exports.

No timings here (speed is `make bench-report`'s): only that the start-up leaves out what no export needs
(the URL conf with the API's schemas, django-ninja and pydantic, WeasyPrint, openpyxl, the analyzer), and that
the DOCX, charts included, is written without WeasyPrint or openpyxl.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from fazhi.reports.tests.fixtures_compose import composed_fixture, county_report_fixture  # noqa: F401

# Loaded only by the formats that need them, or (the URL conf) by a web request.
HEAVY = ("weasyprint", "openpyxl", "pandas", "fazhi.conf.urls", "fazhi.api.api", "ninja", "pydantic",
         "fazhi.analyzer.core")

PROBE = textwrap.dedent(f"""
    import sys

    import django

    django.setup()
    from django.core.management import load_command_class
    from django.core.management.base import ALL_CHECKS

    command = load_command_class("fazhi.reports", "report")
    # The checks `fazhi report export` runs first, chosen as BaseCommand.execute chooses them.
    tags = command.requires_system_checks
    if tags == ALL_CHECKS:
        command.check()
    elif tags:
        command.check(tags=tags)
    from fazhi.reports.export import document, docx, html, json, pdf  # noqa: F401 (every format's module)

    print(" ".join(m for m in {HEAVY!r} if m in sys.modules) or "-")
""")


def test_the_export_command_starts_without_the_url_conf_or_the_drawing_and_pdf_libraries():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fazhi.conf.settings"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["-"], f"imported at start: {result.stdout.strip()}"


@pytest.mark.django_db
def test_a_docx_with_its_charts_needs_neither_weasyprint_nor_openpyxl(composed, monkeypatch):
    from fazhi.reports.export import export_report

    for heavy in ("weasyprint", "openpyxl"):
        monkeypatch.setitem(sys.modules, heavy, None)  # importing it now raises ImportError
    exported = export_report(composed.report, "docx")
    assert exported.content.count(b"word/charts/chart") >= 2  # the native charts are there
