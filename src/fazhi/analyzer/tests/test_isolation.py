"""The analyzer is a plain library: importing and running it must not import Django."""

import subprocess
import sys

CODE = """
import sys
sys.modules["django"] = None  # any import of django now fails
import fazhi.analyzer
from fazhi.analyzer import analyze_text, cli, __main__  # noqa: F401
from fazhi.analyzer.tests.samples import REPORT
result = analyze_text(REPORT, source="x.txt")
assert result["government"] == "示范县", result
"""


def test_analyzer_imports_and_runs_without_django():
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_module_entry_point(tmp_path):
    from fazhi.analyzer.tests.samples import REPORT

    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "fazhi.analyzer", "--format", "table", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "示范县" in result.stdout
