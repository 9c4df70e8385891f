"""``fazhi analyze --format csv|xlsx``: the same figures as the JSON lines, in shapes a spreadsheet opens."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from openpyxl import load_workbook

from fazhi.analyzer.cli import CSV_COLUMNS, member_name, run
from fazhi.analyzer.tests.samples import REPORT, UNHEADED


def _files(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(UNHEADED, encoding="gbk")
    (tmp_path / "empty.txt").write_bytes(b"")
    return [str(tmp_path / n) for n in ("a.txt", "b.txt", "empty.txt")]


def _run(paths, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = run(paths, *args, progress=False, stdout=out, stderr=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_csv_rows_equal_the_json_lines_indicators(tmp_path):
    paths = _files(tmp_path)
    code, jsonl, _ = _run(paths, "jsonl")
    assert code == 1  # the empty file failed
    expected = []
    for line in jsonl.splitlines():
        r = json.loads(line)
        for i in r["indicators"]:
            expected.append([r["source"], r["government"], r["level"], r["year"], i["value"], i["unit"],
                             i["label"], i["metric"], i["quote"], i["start"], i["end"]])
    assert len(expected) > 20

    code, text, err = _run(paths, "csv")
    assert code == 1 and "empty.txt" in err
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == CSV_COLUMNS
    as_text = [["" if v is None else str(v) for v in row] for row in expected]
    assert rows[1:] == as_text


def test_csv_to_a_file_keeps_quotes_with_commas(tmp_path):
    text = REPORT.replace("审结41件", "审结41件，其中维持30件")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    code, _, _ = _run([str(tmp_path / "r.txt")], "csv", output=str(out))
    assert code == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert any(r["metric"] == "reconsideration_received" and r["value"] == "46" for r in rows)
    assert all(r["government"] == "示范县" and r["year"] == "2024" for r in rows)


def test_xlsx_needs_an_output_file(tmp_path):
    code, out, err = _run(_files(tmp_path)[:1], "xlsx")
    assert code == 2 and out == "" and "-o" in err


def test_xlsx_has_four_sheets_and_reopens(tmp_path):
    paths = _files(tmp_path)
    target = tmp_path / "out.xlsx"
    code, _, _ = _run(paths, "xlsx", output=str(target))
    assert code == 1
    book = load_workbook(target)
    assert book.sheetnames == ["reports", "sections", "indicators", "checks"]
    reports = list(book["reports"].iter_rows(values_only=True))
    header = reports[0]
    assert header[:6] == ("source", "government", "level", "year", "title", "publication date")
    rows = {r[0].rsplit("/", 1)[-1]: dict(zip(header, r, strict=True)) for r in reports[1:]}
    assert rows["a.txt"]["government"] == "示范县" and rows["a.txt"]["year"] == 2024
    assert rows["a.txt"]["publication date"] == "2025-03-10" and rows["a.txt"]["checks passed"] >= 8
    assert rows["empty.txt"]["errors"].startswith("empty")
    _, jsonl, _ = _run(paths, "jsonl")
    figures = sum(len(json.loads(line)["indicators"]) for line in jsonl.splitlines())
    indicators = list(book["indicators"].iter_rows(values_only=True))
    assert len(indicators) - 1 == figures
    first = dict(zip(indicators[0], indicators[1], strict=True))
    assert first["value"] == 125000 and first["printed"] == "12.5万件"
    checks = list(book["checks"].iter_rows(values_only=True))
    assert ("mandated_contents", "yes") in {(c[1], c[2]) for c in checks}


def test_xlsx_keeps_text_that_looks_like_a_formula(tmp_path):
    from fazhi.analyzer.cli import XlsxWriter

    target = tmp_path / "f.xlsx"
    writer = XlsxWriter(str(target))
    writer.add({"source": "=HYPERLINK(\"x\")\x01", "sections": [], "indicators": [], "checks": [],
                "errors": [{"code": "empty", "message": "the file is empty"}]})
    writer.close()
    cell = load_workbook(target)["reports"]["A2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


def test_zip_member_names_from_chinese_windows(tmp_path):
    class GbkName(zipfile.ZipInfo):
        """A member named the way Chinese Windows stores it: GBK bytes, no UTF-8 flag."""

        def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own hook
            return "示范县报告.txt".encode("gbk"), self.flag_bits & ~0x800

    archive = tmp_path / "r.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(GbkName("x.txt"), REPORT)
    with zipfile.ZipFile(archive) as zf:
        assert member_name(zf.infolist()[0]) == "示范县报告.txt"
    code, text, _ = _run([str(archive)], "jsonl")
    assert code == 0 and json.loads(text)["source"].endswith("r.zip!示范县报告.txt")


def test_module_entry_point_writes_csv(tmp_path):
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "fazhi.analyzer", "--format", "csv", str(tmp_path / "a.txt")],
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8-sig").splitlines()[0] == ",".join(CSV_COLUMNS)


def test_json_lines_to_a_file_are_those_written_as_text(tmp_path, monkeypatch):
    from fazhi.analyzer import cli

    for name, text in (("a.txt", REPORT), ("b.txt", UNHEADED), ("c.txt", "")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")]
    out = io.StringIO()
    assert run(paths, "jsonl", stdout=out, stderr=io.StringIO(), progress=False) == 1
    target = tmp_path / "out.jsonl"
    assert run(paths, "jsonl", output=str(target), stdout=io.StringIO(), stderr=io.StringIO(), progress=False) == 1
    assert target.read_text(encoding="utf-8") == out.getvalue()
    assert [json.loads(line)["source"] for line in out.getvalue().splitlines()] == paths
    # A line that is no valid UTF-8 (a lone surrogate) comes as text, written as text where text is written.
    monkeypatch.setattr(cli, "analyze_input", lambda item: {"source": item[0], "title": "\udc80", "errors": []})
    failed, line = cli.analyze_input_line((paths[0], None))
    assert not failed and line == json.dumps({"source": paths[0], "title": "\udc80", "errors": []}, ensure_ascii=False,
                                             separators=(",", ":")) + "\n"
    out = io.StringIO()
    assert run(paths[:1], "jsonl", stdout=out, stderr=io.StringIO(), progress=False) == 0
    assert out.getvalue() == line
    # A figure beyond 64 bits, which orjson refuses, is written by the standard library, in the same compact form.
    monkeypatch.setattr(cli, "analyze_input", lambda item: {"source": item[0], "value": 10**30, "errors": []})
    failed, line = cli.analyze_input_line((paths[0], None))
    assert line == json.dumps({"source": paths[0], "value": 10**30, "errors": []}, ensure_ascii=False,
                              separators=(",", ":")).encode() + b"\n"
    monkeypatch.setattr(cli, "analyze_input", lambda item: {"source": item[0], "value": 12, "errors": []})
    assert cli.analyze_input_line((paths[0], None))[1] == json.dumps(
        {"source": paths[0], "value": 12, "errors": []}, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
