"""``fazhi analyze`` as a user runs it: a process that starts no Django, maps by the catalog asked for, and
reads a batch on every CPU."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command, load_command_class

from fazhi.analyzer import cli
from fazhi.analyzer.metrics import shipped_entries
from fazhi.analyzer.tests.samples import REPORT

#: A figure no metric of the shipped catalog counts (涉企合规指导 is not one of its phrases).
COMPLIANCE = REPORT.replace("取消证明事项23项，", "取消证明事项23项，全年办理涉企合规指导事项25件，")


def _metric_of(row: dict, value, unit: str = "件"):
    found = [i.get("metric") for i in row["indicators"] if i["value"] == value and i["unit"] == unit]
    assert len(found) == 1, found
    return found[0]


def _catalog_with_phrase(tmp_path, phrase: str):
    entries = shipped_entries()
    for entry in entries:
        if entry["code"] == "functions_business_complaints":
            entry["phrases"] = [*entry["phrases"], phrase]
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def test_fazhi_analyze_starts_no_django(tmp_path):
    path = tmp_path / "示范县.txt"
    path.write_text(REPORT, encoding="utf-8")
    probe = (
        "import sys\n"
        "from fazhi.__main__ import main\n"
        "try:\n"
        f"    main(['analyze', '--no-progress', {str(path)!r}])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print(code, sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    row = json.loads(done.stdout)
    assert row["government"] == "示范县" and row["indicators"]
    assert done.stderr.strip() == "0 []"


def test_a_catalog_file_maps_figures_the_shipped_catalog_does_not(tmp_path):
    report = tmp_path / "示范县.txt"
    report.write_text(COMPLIANCE, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run([str(report)], None, 1, "-", False, out, err) == 0
    assert _metric_of(json.loads(out.getvalue()), 25) is None

    catalog = _catalog_with_phrase(tmp_path, "涉企合规指导")
    out = io.StringIO()
    assert cli.run([str(report)], None, 1, "-", False, out, err, catalog=str(catalog)) == 0
    assert _metric_of(json.loads(out.getvalue()), 25) == "functions_business_complaints"
    # The next run in the same process without the option maps by the shipped catalog again.
    out = io.StringIO()
    cli.run([str(report)], None, 1, "-", False, out, err)
    assert _metric_of(json.loads(out.getvalue()), 25) is None


@pytest.mark.parametrize("start", ["fork", "other"])
def test_worker_processes_map_by_the_same_catalog(tmp_path, monkeypatch, start):
    # Forked workers have the catalog of the process they are forked from; others are given it as they start.
    if start == "other":
        monkeypatch.setattr("multiprocessing.get_start_method", lambda allow_none=False: "spawn")
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(cli.PARALLEL_FROM):
        (folder / f"{i:02d}.txt").write_text(COMPLIANCE.replace("示范县", f"示范{i}县"), encoding="utf-8")
    catalog = _catalog_with_phrase(tmp_path, "涉企合规指导")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run([str(folder)], None, 2, "-", False, out, err, catalog=str(catalog)) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["government"] for r in rows] == [f"示范{i}县" for i in range(cli.PARALLEL_FROM)]
    assert {_metric_of(r, 25) for r in rows} == {"functions_business_complaints"}


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "cannot read"),
        ("{not json", "not a JSON catalog"),
        ('{"code": "x"}', "not a catalog"),
        ('[{"label": "no code"}]', "not a catalog"),
    ],
)
def test_an_unusable_catalog_file_is_refused_before_any_report_is_read(tmp_path, content, said):
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    catalog = tmp_path / "catalog.json"
    if content is not None:
        catalog.write_text(content, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run([str(report)], None, 1, "-", False, out, err, catalog=str(catalog)) == 2
    assert said in err.getvalue() and "指标目录" in err.getvalue()
    assert out.getvalue() == ""


def test_a_batch_is_read_on_every_cpu_unless_told(monkeypatch):
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 4)
    assert cli.default_jobs(1) == 1
    assert cli.default_jobs(cli.PARALLEL_FROM - 1) == 1
    assert cli.default_jobs(cli.PARALLEL_FROM) == 4


def test_the_database_catalog_is_asked_for_by_name(tmp_path, capsys):
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    # Without Django the option is refused with the command that has it.
    assert cli.main(["--catalog-from-db", str(report)]) == 2
    assert "fazhi analyze --catalog-from-db" in capsys.readouterr().err


@pytest.mark.django_db
def test_fazhi_analyze_catalog_from_db_maps_by_the_admins_phrases(tmp_path, catalog):
    report = tmp_path / "示范县.txt"
    report.write_text(COMPLIANCE, encoding="utf-8")
    metric = catalog["functions_business_complaints"]
    metric.phrases = [*metric.phrases, "涉企合规指导"]
    metric.save()
    command = load_command_class("fazhi.analyzer", "analyze")
    out = io.StringIO()
    call_command(command, str(report), "--no-progress", "--catalog-from-db", stdout=out)
    assert _metric_of(json.loads(out.getvalue()), 25) == "functions_business_complaints"
    with pytest.raises(CommandError, match="not both"):
        call_command(command, str(report), "--catalog-from-db", "--catalog", "x.json", stdout=io.StringIO())
