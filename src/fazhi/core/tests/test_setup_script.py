"""`make run`'s set-up speaks briefly: a line per step with its nouns, the log-ins, and where the rest went."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from fazhi.conf.env import SETTINGS_HELP

REPO = Path(__file__).resolve().parents[4]


@pytest.mark.slow
def test_setup_prints_a_short_summary_and_keeps_the_rest_in_a_log(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_HELP}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(FAZHI_VAR_DIR=str(tmp_path / "var"), FAZHI=str(Path(os.sys.executable).with_name("fazhi")))

    result = subprocess.run([str(REPO / "scripts" / "setup-data.sh")], env=env, capture_output=True,
                            text=True, timeout=600, check=False)

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) <= 20, result.stdout
    assert "Applying" not in result.stdout and "Operations to perform" not in result.stdout
    assert "migrations applied" in result.stdout
    assert "行政区划（GB/T 2260）：新增3,220个" in result.stdout  # the count with its noun
    assert "director" in result.stdout and "fazhi-demo-2026" in result.stdout
    log = tmp_path / "var" / "log" / "setup.log"
    assert str(log) in result.stdout
    assert "Applying org.0001_initial... OK" in log.read_text()
