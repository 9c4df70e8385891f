"""``fazhi metrics load/export``: files that Excel opens and that load back into an empty database."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook

from fazhi.metrics.catalog import FIELDS, export_rows, shipped, to_csv
from fazhi.metrics.models import Metric


@pytest.fixture(autouse=True)
def _english():
    """These tests match the English messages; the catalog would otherwise show them in Chinese."""
    with translation.override("en"):
        yield

pytestmark = pytest.mark.django_db


def _rows():
    return sorted(export_rows(), key=lambda row: row["code"])


def test_json_export_loads_back_into_an_empty_database(catalog, tmp_path):
    Metric.objects.filter(code="pufa_audience").update(phrases=["受教育群众", "覆盖群众"], description="本地说明")
    before = _rows()
    path = tmp_path / "catalog.json"
    call_command("metrics", "export", "--format", "json", "-o", str(path))
    Metric.objects.filter(kind="rate").delete()  # the rates first: their parts are protected
    Metric.objects.all().delete()
    out = io.StringIO()
    call_command("metrics", "load", "--file", str(path), stdout=out)
    assert f"{len(before)} metrics created" in out.getvalue()
    assert _rows() == before


def test_load_command_is_idempotent_and_update_overwrites(catalog):
    Metric.objects.filter(code="legal_aid_cases").update(label="法援案件")
    out = io.StringIO()
    call_command("metrics", "load", stdout=out)
    assert "0 metrics created, 0 updated" in out.getvalue()
    assert Metric.objects.get(code="legal_aid_cases").label == "法援案件"
    call_command("metrics", "load", "--update", stdout=out)
    assert Metric.objects.get(code="legal_aid_cases").label == "法律援助案件"


def test_xlsx_export_has_a_header_and_one_metric_per_row(catalog, tmp_path):
    path = tmp_path / "catalog.xlsx"
    call_command("metrics", "export", "--format", "xlsx", "--year", "2022", "-o", str(path))
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] in ("Code", "代码") and len(header) == len(FIELDS)
    in_force = Metric.objects.for_year(2022)
    assert len(body) == in_force.count()
    by_code = {row[0]: dict(zip(FIELDS, row, strict=True)) for row in body}
    rate = by_code["reconsideration_correction_rate"]
    assert (rate["numerator"], rate["denominator"], rate["unit"]) == (
        "reconsideration_corrected", "reconsideration_decided", "%")
    assert "epidemic_legal_services" in by_code and "reconsideration_mediated" not in by_code
    assert "受理行政复议" in by_code["reconsideration_received"]["phrases"]


def test_csv_export_starts_with_a_bom(catalog, tmp_path):
    path = tmp_path / "catalog.csv"
    call_command("metrics", "export", "--format", "csv", "-o", str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == Metric.objects.count() + 1
    assert any(row[0] == "reconsideration_received" and row[1] == "行政复议申请" for row in rows)


def test_a_bad_file_is_refused_with_its_faults_and_nothing_changes(catalog, tmp_path):
    entries = shipped()
    entries[3]["label"] = "改了名字"
    entries[4]["unit"] = ""
    entries[6]["numerator"] = "missing_metric"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("metrics", "load", "--update", "--file", str(path))
    message = str(caught.value)
    assert "nothing was changed" in message and "entry 5 (" in message and "unit" in message
    assert Metric.objects.get(code=entries[3]["code"]).label != "改了名字"


def test_a_file_that_is_not_json_is_named(tmp_path, db):
    path = tmp_path / "bad.json"
    path.write_text('[{"code": "x",}]', encoding="utf-8")
    with pytest.raises(CommandError, match=r"not valid JSON at line 1"):
        call_command("metrics", "load", "--file", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("metrics", "load", "--file", str(tmp_path / "missing.json"))


def test_every_export_carries_how_a_metric_adds_up_and_whom_it_fits(catalog):
    rows = {row["code"]: row for row in export_rows()}
    meetings = rows["leadership_meetings_on_law"]
    assert meetings["aggregation"] == "own" and meetings["applies_to"] == ["province", "city", "county"]
    assert rows["pufa_activities"]["applies_to"] == []
    table = list(csv.reader(io.StringIO(to_csv(list(rows.values())).lstrip("\ufeff"))))
    header = table[0]
    line = next(r for r in table if r[0] == "leadership_meetings_on_law")
    assert line[header.index("Applies to")] == "provincial government；city government；county or district government"
    assert line[header.index("Aggregation")].startswith("the reporting body's own figure")
