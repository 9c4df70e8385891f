"""The clock is a plain library: importing it must not import Django."""

import subprocess
import sys

CODE = """
import sys
sys.modules["django"] = None  # any import of django now fails
import datetime as dt
import fazhi.clock
from fazhi.clock import WorkCalendar, compute_deadline, rule_for
from fazhi.clock import explain, _text  # noqa: F401
deadline = compute_deadline(rule_for("disclosure.reply"), dt.date(2026, 2, 2), WorkCalendar())
assert deadline.due == dt.date(2026, 3, 6), deadline.due
deadline.explain("zh"); deadline.explain("en")
"""


def test_clock_imports_and_runs_without_django():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_fresh_import_leaves_django_unloaded():
    code = "import sys, fazhi.clock, fazhi.clock.explain; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
