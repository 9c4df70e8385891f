"""``fazhi analyze`` is a thin wrapper; it is loaded directly so the test needs neither INSTALLED_APPS nor a DB."""

import io
import json

import pytest
from django.core.management import CommandError, call_command, load_command_class

from fazhi.analyzer.tests.samples import REPORT


def test_analyze_command_writes_json_lines(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = io.StringIO()
    call_command(load_command_class("fazhi.analyzer", "analyze"), str(path), "--no-progress", stdout=out)
    row = json.loads(out.getvalue())
    assert row["government"] == "示范县"


def test_analyze_command_fails_when_a_file_fails(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command(
            load_command_class("fazhi.analyzer", "analyze"),
            str(path),
            "--no-progress",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
