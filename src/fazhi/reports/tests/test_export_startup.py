"""What `fazhi report export` loads before it exports, and the charts it keeps on disk for the next process.

No timings here (speed is `make bench-report`'s): only that the start-up leaves out what no export needs
(the URL conf with the API's schemas, matplotlib, WeasyPrint, openpyxl), and that a chart drawn once is read
back, byte for byte, by the next export of the same figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from fazhi.reports.export import charts
from fazhi.reports.figures import MetricInfo

# Loaded only by the formats that need them, or (the URL conf) by a web request.
HEAVY = ("matplotlib", "weasyprint", "openpyxl", "pandas", "fazhi.conf.urls", "fazhi.api.api")

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


INFO = MetricInfo(code="a", label="受理调解申请", unit="件", topic="mediation", sentence="", is_rate=False)
ROWS = [("东城街道", Decimal(30)), ("南山镇", Decimal("7.5")), ("西河乡", Decimal(2))]


@pytest.fixture
def chart_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path / "cache" / "charts"


def test_a_chart_drawn_once_is_read_back_from_disk_byte_for_byte(chart_dir, monkeypatch):
    data = charts.township_data(2, INFO, ROWS)
    drawn = charts.draw(data)
    assert drawn.png.startswith(b"\x89PNG")
    assert [p.name.split("-")[0] for p in chart_dir.glob("*.png")] == ["township"]
    assert charts.DRAW["township"](data).png == drawn.png  # the same figures draw the same picture

    monkeypatch.setitem(charts.DRAW, "township", lambda data: pytest.fail("drawn again"))
    assert charts.draw(data) == drawn


def test_other_figures_are_drawn_afresh(chart_dir, monkeypatch):
    drawn = []

    def fake(data):
        drawn.append(data)
        return charts.Chart(data, b"\x89PNG\r\n\x1a\n" + repr(data.rows).encode())

    monkeypatch.setitem(charts.DRAW, "township", fake)
    first = charts.draw(charts.township_data(2, INFO, ROWS))
    changed = charts.draw(charts.township_data(2, INFO, [("东城街道", Decimal(31)), *ROWS[1:]]))
    assert len(drawn) == 2 and first.png != changed.png
    assert len(list(chart_dir.glob("*.png"))) == 2
    charts.draw(charts.township_data(2, INFO, ROWS))
    assert len(drawn) == 2  # the first figures again: read from disk


def test_a_cache_that_cannot_be_written_only_costs_a_drawing(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path / "a-file"
    settings.VAR_DIR.write_text("not a directory")
    monkeypatch.setitem(charts.DRAW, "township", lambda data: charts.Chart(data, b"\x89PNG\r\n\x1a\nfake"))
    assert charts.draw(charts.township_data(2, INFO, ROWS)).png == b"\x89PNG\r\n\x1a\nfake"
