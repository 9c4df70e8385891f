"""``fazhi analyze --evaluate``: the evaluation on each JSON line, in the table and as an Excel sheet."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from fazhi.analyzer.cli import evaluation_config, run
from fazhi.analyzer.evaluation import CODES, SHEET_COLUMNS
from fazhi.analyzer.tests.test_evaluation import BOILERPLATE, GOOD


@pytest.fixture(autouse=True)
def fresh_config(monkeypatch):
    for name in ("FAZHI_REPORT_EVALUATION_WEIGHTS", "FAZHI_REPORT_EVALUATION_KEY_METRICS",
                 "FAZHI_REPORT_FILING_DAY", "FAZHI_REPORT_PUBLICATION_DAY"):
        monkeypatch.delenv(name, raising=False)
    evaluation_config.cache_clear()
    yield
    evaluation_config.cache_clear()


def _files(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "boiler.txt").write_text(BOILERPLATE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return [str(tmp_path / n) for n in ("good.txt", "boiler.txt", "empty.txt")]


def _run(paths, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = run(paths, *args, progress=False, stdout=out, stderr=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_each_json_line_carries_its_evaluation_and_the_default_output_does_not(tmp_path):
    paths = _files(tmp_path)
    code, plain, _ = _run(paths, "jsonl")
    code_evaluated, evaluated, _ = _run(paths, "jsonl", evaluate=True)
    assert code == code_evaluated == 1  # the empty file failed either way
    plain_lines = [json.loads(line) for line in plain.splitlines()]
    lines = [json.loads(line) for line in evaluated.splitlines()]
    assert all("evaluation" not in r for r in plain_lines)
    # The analysis is the same; the evaluation is added.
    assert [{k: v for k, v in r.items() if k != "evaluation"} for r in lines] == plain_lines
    good, boiler, empty = (r["evaluation"] for r in lines)
    assert good["total"] == 1.0 and good["unjudged"] == ["filed_on_time"]
    short = next(c for c in boiler["criteria"] if c["code"] == "shortcomings_concrete")
    assert short["score"] == 0.0 and short["evidence"]
    start, end = short["evidence"][0]["start"], short["evidence"][0]["end"]
    assert BOILERPLATE[start:end] == "还不够"  # offsets into the file's text
    assert empty["total"] is None and {c["reason"] for c in empty["criteria"]} == {"not_read"}


def test_a_zip_member_is_evaluated_on_its_own_text(tmp_path):
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("reports/good.txt", GOOD)
    code, text, _ = _run([str(archive)], "jsonl", evaluate=True)
    (line,) = [json.loads(x) for x in text.splitlines()]
    assert code == 0 and line["source"].endswith("!reports/good.txt") and line["evaluation"]["total"] == 1.0


def test_the_table_has_a_column_per_criterion(tmp_path):
    code, text, _ = _run(_files(tmp_path)[:2], "table", evaluate=True)
    header, good, boiler = (line.split("\t") for line in text.splitlines())
    assert code == 0 and header[-len(CODES) - 2 :] == ["evaluation", "judged", *CODES]
    row = dict(zip(header, good, strict=True))
    assert row["evaluation"] == "100" and row["judged"] == "85" and row["filed_on_time"] == "-"
    assert dict(zip(header, boiler, strict=True))["shortcomings_concrete"] == "0"
    # Without --evaluate the table stays as it was.
    _, plain, _ = _run(_files(tmp_path)[:2], "table")
    assert plain.splitlines()[0].split("\t")[-1] == "errors"


def test_the_workbook_gets_a_sheet_evaluation(tmp_path):
    out = tmp_path / "out.xlsx"
    code, _, _ = _run(_files(tmp_path), "xlsx", output=str(out), evaluate=True)
    book = load_workbook(out)
    assert code == 1 and book.sheetnames[-1] == "evaluation"
    rows = list(book["evaluation"].iter_rows(values_only=True))
    assert rows[0] == SHEET_COLUMNS and len(rows) == 4
    good = dict(zip(SHEET_COLUMNS, rows[1], strict=True))
    assert good["total"] == 100 and good["judged share"] == 85 and good["not judged"] == "filed_on_time"
    assert good["published_on_time"] == 100 and good["weights version"] == 2024 and good["year"] == 2024


def test_evaluate_refuses_csv_compare_and_explain(tmp_path):
    paths = _files(tmp_path)
    for args, kwargs in (
        (("csv",), {}), ((None,), {"compare": True}), ((None,), {"explain": True}),
    ):
        code, _, err = _run(paths, *args, evaluate=True, **kwargs)
        assert code == 2 and "--evaluate" in err


def test_unusable_weights_in_the_environment_stop_before_any_report(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_REPORT_EVALUATION_WEIGHTS", '{"2025": {"filed_on_time": -5}}')
    code, out, err = _run(_files(tmp_path), "jsonl", evaluate=True)
    assert code == 2 and not out and "negative" in err


def test_weights_from_the_environment_are_used(tmp_path, monkeypatch):
    monkeypatch.setenv("FAZHI_REPORT_EVALUATION_WEIGHTS", '{"2024": {"shortcomings_concrete": 85}}')
    code, text, _ = _run(_files(tmp_path)[1:2], "jsonl", evaluate=True)
    evaluation = json.loads(text)["evaluation"]
    weights = {c["code"]: c["weight"] for c in evaluation["criteria"]}
    assert code == 0 and weights["shortcomings_concrete"] == 85 and weights["published_on_time"] == 15
