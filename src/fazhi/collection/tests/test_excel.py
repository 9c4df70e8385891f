"""The Excel round trip: download, fill with openpyxl, upload, per-row errors, import the good rows only."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from fazhi.collection import actions, excel
from fazhi.collection.models import Value
from fazhi.collection.tests.conftest import FULL


@pytest.fixture(autouse=True)
def _english():
    """These tests match the English messages; the catalog would otherwise show them in Chinese."""
    with translation.override("en"):
        yield

pytestmark = pytest.mark.django_db


def rows_by_code(sheet):
    return {sheet.cell(row, excel.KEY).value: row for row in range(excel.FIRST_ROW, sheet.max_row + 1)}


def fill(data: bytes, figures: dict, sheet_name=None, notes=None) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
    rows = rows_by_code(sheet)
    for code, value in figures.items():
        if code in rows:
            sheet.cell(rows[code], excel.VALUE, value)
        else:  # a row the form does not have
            row = sheet.max_row + 1
            sheet.cell(row, excel.KEY, code)
            sheet.cell(row, excel.VALUE, value)
    for code, note in (notes or {}).items():
        sheet.cell(rows[code], excel.NOTE, note)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, url, data, name="form.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def stored(submission):
    return {v.metric.code: v.value for v in Value.objects.filter(submission=submission).select_related("metric")}


def test_download_has_codes_in_a_hidden_locked_column_and_last_year(owned, world, as_user):
    response = as_user(world.owner).get(reverse("collection:submission_download", args=[owned.pk]))
    assert response.status_code == 200 and response["Content-Type"] == excel.XLSX_TYPE
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == excel.MARKER and sheet["A3"].value == "sfx-scj"
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    rows = rows_by_code(sheet)
    row = rows["reconsideration_received"]
    assert sheet.cell(row, excel.CODE).value == "reconsideration_received"
    assert sheet.cell(row, excel.LABEL).value == "行政复议申请" and sheet.cell(row, excel.UNIT).value == "件"
    assert sheet.cell(row, excel.VALUE).protection.locked is False
    assert sheet.cell(row, excel.KEY).protection.locked is True
    assert sheet.cell(rows["normative_issued"], excel.VALUE).protection.locked is True


def test_upload_reports_per_row_errors_and_imports_only_good_rows(owned, world, as_user):
    client = as_user(world.owner)
    data = client.get(reverse("collection:submission_download", args=[owned.pk])).content
    filled = fill(data, {"reconsideration_received": 12, "reconsideration_decided": "十", "pufa_activities": -3,
                         "reconsideration_corrected": 2, "no_such_metric": 4},
                  notes={"reconsideration_received": "含线上申请3件"})
    response = upload(client, reverse("collection:submission_upload", args=[owned.pk]), filled)
    assert response.status_code == 200
    preview = response.context["preview"]
    errors = {(e.code, e.row is not None) for e in preview.errors}
    assert ("reconsideration_decided", True) in errors and ("pufa_activities", True) in errors
    assert ("no_such_metric", True) in errors
    assert {r.code for r in preview.rows} == {"reconsideration_received", "reconsideration_corrected"}
    html = response.content.decode()
    assert "no_such_metric" in html and "十" in html
    assert stored(owned)["reconsideration_received"] is None  # nothing imported before confirming
    confirm = client.post(reverse("collection:import_confirm", args=[response.context["token"]]))
    assert confirm.status_code == 302
    values = stored(owned)
    assert values["reconsideration_received"] == 12 and values["reconsideration_corrected"] == 2
    assert values["reconsideration_decided"] is None and values["pufa_activities"] is None
    assert Value.objects.get(submission=owned, metric__code="reconsideration_received").note == "含线上申请3件"
    # The token is used up.
    assert client.post(reverse("collection:import_confirm", args=[response.context["token"]])).status_code == 404


def test_a_numerator_above_its_denominator_refuses_both_rows(round_, owned, world):
    data = excel.build_workbook([owned])
    filled = fill(data, {"reconsideration_decided": 3, "reconsideration_corrected": 5, "pufa_activities": 2})
    preview = excel.parse_workbook(filled, round_=round_, user=world.owner, only=owned)
    assert {r.code for r in preview.rows} == {"pufa_activities"}
    assert {e.code for e in preview.errors} == {"reconsideration_decided", "reconsideration_corrected"}
    assert "5" in preview.errors[0].message


def test_office_uploads_the_whole_round_and_a_clerk_only_their_own(round_, owned, world):
    data = excel.build_workbook(round_.submissions.select_related("agency", "round"))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    names = {ws["A3"].value: ws.title for ws in workbook.worksheets}
    filled = fill(data, {"pufa_activities": 9}, sheet_name=names["sfx-scj"])
    filled = fill(filled, {"pufa_activities": 4}, sheet_name=names["sfx-jyj"])
    preview = excel.parse_workbook(filled, round_=round_, user=world.office)
    assert {(r.agency, r.code) for r in preview.rows} == {("示范县市场监督管理局", "pufa_activities"),
                                                          ("示范县教育局", "pufa_activities")}
    stored_rows, errors = excel.import_rows(preview, by=world.office)
    assert stored_rows == 2 and not errors
    colleague = round_.submissions.get(agency__code="sfx-jyj")
    assert stored(colleague)["pufa_activities"] == 4
    # The owner uploading the same workbook: the other agencies' sheets are refused, theirs is read.
    preview = excel.parse_workbook(filled, round_=round_, user=world.owner, only=owned)
    refused = {e.sheet for e in preview.errors}
    assert names["sfx-jyj"] in refused and names["sfx-t01"] in refused and names["sfx-scj"] not in refused
    preview = excel.parse_workbook(filled, round_=round_, user=world.owner)
    assert any("教育局" in e.message for e in preview.errors if e.sheet == names["sfx-jyj"])


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "empty"),
    ("指标代码,本年数值\npufa_activities,3\n".encode("gbk"), "CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04 broken zip", "damaged"),
    (b"\x89PNG\r\n\x1a\n\0\0\0", "not an Excel"),
])
def test_files_that_are_not_xlsx_get_a_clear_error(round_, world, content, expected):
    preview = excel.parse_workbook(content, round_=round_, user=world.owner)
    assert expected in preview.fatal and not preview.rows


def test_a_foreign_workbook_is_refused(round_, world):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "随便一张表"
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = excel.parse_workbook(buffer.getvalue(), round_=round_, user=world.owner)
    assert "No sheet" in preview.fatal


def test_upload_of_a_bad_file_through_the_page_shows_the_message(owned, world, as_user):
    client = as_user(world.owner)
    response = upload(client, reverse("collection:submission_upload", args=[owned.pk]),
                      "a,b\n1,2\n".encode("gbk"), name="form.csv")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "CSV" in page


def test_upload_into_a_submitted_form_is_refused(owned, world, as_user):
    actions.save_values(owned, FULL, by=world.owner)
    actions.submit_submission(owned, by=world.owner)
    data = excel.build_workbook([owned])
    client = as_user(world.owner)
    response = upload(client, reverse("collection:submission_upload", args=[owned.pk]),
                      fill(data, {"pufa_activities": 99}))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert any("示范县市场监督管理局" in str(m) and m.level_tag == "error" for m in page.context["messages"])
    assert stored(owned)["pufa_activities"] == Decimal(30)
    preview = excel.parse_workbook(fill(data, {"pufa_activities": 99}), round_=owned.round, user=world.office)
    assert not preview.rows and preview.errors[0].row == 3
