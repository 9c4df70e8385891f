"""``--compare``: reports as rows, catalog metrics as columns, the change on the same body's year before."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from fazhi.analyzer import analyze_text
from fazhi.analyzer.cli import run
from fazhi.analyzer.compare import compare, metric_values
from fazhi.analyzer.tests.samples import REPORT, UNHEADED


def year_before(text: str, **figures: str) -> str:
    """Return the sample report moved one year back (2024 → 2023, plans 2025 → 2024), figures replaced."""
    text = text.replace("2024", "@@").replace("2025", "2024").replace("@@", "2023")
    for old, new in figures.items():
        text = text.replace(old, new)
    return text


LAST_YEAR = year_before(REPORT, **{"受理行政复议申请46件": "受理行政复议申请40件", "受教育群众约3.6万人次": "受教育群众约3万人次",
                                   "纠错率由12%下降至8.5%": "纠错率由15%下降至12%"})
RECEIVED = "行政复议申请 (reconsideration_received)"


def _write(tmp_path):
    (tmp_path / "2024.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "2023.txt").write_text(LAST_YEAR, encoding="utf-8")
    (tmp_path / "city.txt").write_text(UNHEADED, encoding="utf-8")
    return [str(tmp_path / n) for n in ("2024.txt", "2023.txt", "city.txt")]


def test_one_value_per_metric_the_result_of_a_before_after_pair():
    values = metric_values(analyze_text(REPORT))
    assert values["reconsideration_received"] == 46
    assert values["reconsideration_correction_rate"] == 8.5  # 由12%下降至8.5%: the year's result
    assert values["pufa_audience"] == 36000


def test_the_first_statement_wins():
    text = REPORT.replace("受教育群众约3.6万人次。", "受教育群众约3.6万人次。全县共受理行政复议申请50件。")
    assert metric_values(analyze_text(text))["reconsideration_received"] == 46


def test_change_on_the_year_before_for_the_same_body():
    table = compare([analyze_text(REPORT, "2024.txt"), analyze_text(LAST_YEAR, "2023.txt"),
                     analyze_text(UNHEADED, "city.txt")])
    # By body (code point order: 县 U+53BF before 市 U+5E02), then year.
    assert [(r.government, r.year) for r in table.rows] == [("示范县", 2023), ("示范县", 2024), ("示范市", 2023)]
    old, new, city = table.rows
    assert new.base is old and old.base is None and city.base is None
    assert new.changes["reconsideration_received"] == 6
    assert new.changes["pufa_audience"] == 6000
    assert new.changes["reconsideration_correction_rate"] == -3.5  # percentage points
    assert "reconsideration_received" not in old.changes
    header = table.header()
    at = header.index(RECEIVED)
    assert header[at + 1] == "Δ " + RECEIVED
    cells = table.cells(new)
    assert cells[at] == 46 and cells[at + 1] == 6 and cells[5] == 2023  # compared with 2023
    # Only metrics some report states are columns, in catalog order.
    codes = [c.code for c in table.columns]
    assert "reconsideration_received" in codes and "litigation_cases" not in codes


def test_the_nearest_earlier_year_is_the_base_and_failed_reports_come_last():
    two_back = (REPORT.replace("2024", "@@").replace("2025", "2023").replace("@@", "2022")
                .replace("受理行政复议申请46件", "受理行政复议申请30件"))
    table = compare([{"source": "bad.txt", "errors": [{"code": "empty", "message": "the file is empty"}]},
                     analyze_text(REPORT, "2024.txt"), analyze_text(two_back, "2022.txt")])
    assert [r.source for r in table.rows] == ["2022.txt", "2024.txt", "bad.txt"]
    assert table.rows[1].base_year == 2022 and table.rows[1].changes["reconsideration_received"] == 16
    assert table.rows[2].errors == ["empty: the file is empty"] and table.rows[2].values == {}


def test_cli_compare_table_csv_and_xlsx(tmp_path):
    paths = _write(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert run(paths, None, progress=False, stdout=out, stderr=err, compare=True) == 0
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    header = lines[0]
    rows = {cells[0].rsplit("/", 1)[-1]: dict(zip(header, cells, strict=True)) for cells in lines[1:]}
    assert rows["2024.txt"][RECEIVED] == "46" and rows["2024.txt"]["Δ " + RECEIVED] == "6"
    assert rows["2024.txt"]["compared with / 对比年度"] == "2023" and rows["2023.txt"]["Δ " + RECEIVED] == ""

    out = io.StringIO()
    assert run(paths, "csv", progress=False, stdout=out, stderr=io.StringIO(), compare=True) == 0
    assert out.getvalue().startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.getvalue()[1:])))
    assert {r["Δ " + RECEIVED] for r in rows} == {"", "6"}

    target = tmp_path / "c.xlsx"
    assert run(paths, "xlsx", output=str(target), progress=False, stdout=io.StringIO(), stderr=io.StringIO(),
               compare=True) == 0
    book = load_workbook(target)
    assert book.sheetnames == ["comparison", "metrics"]
    sheet = list(book["comparison"].iter_rows(values_only=True))
    at = sheet[0].index(RECEIVED)
    assert [r[at + 1] for r in sheet[1:]] == [None, 6, None]
    assert ("reconsideration_received", "行政复议申请", "件") in set(book["metrics"].iter_rows(values_only=True))


def test_cli_compare_refuses_json_lines(tmp_path):
    err = io.StringIO()
    assert run(_write(tmp_path), "jsonl", progress=False, stdout=io.StringIO(), stderr=err, compare=True) == 2
    assert "--compare" in err.getvalue()
