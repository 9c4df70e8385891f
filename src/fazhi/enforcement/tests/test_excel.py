"""Excel in and out: the import saves every row or none, naming each refused row and column; odd files are refused."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.enforcement import excel
from fazhi.enforcement.models import Certificate, Officer

from .conftest import id_number

pytestmark = pytest.mark.django_db
BODY = "示范县市场监督管理局"


def workbook(user, rows) -> bytes:
    """The downloaded template, filled in with ``rows`` from row 4 (columns B on)."""
    wb = load_workbook(io.BytesIO(excel.template_workbook(user)))
    ws = wb.active
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=2):
            ws.cell(row=excel.FIRST_ROW + offset, column=column, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(name, serial, *, certificate=True, **changes):
    values = [name, "男", id_number(serial), "科员", BODY, "0990-1234567"]
    if certificate:
        values += [f"C{serial:05d}", "示范县", "市场监督管理", date(2024, 3, 1), "2029-02-28", "示范省司法厅"]
    for index, value in changes.items():
        values[int(index[1:])] = value
    return values


def test_a_good_workbook_imports_every_officer_and_certificate(world, body):
    data = workbook(world.owner, [row("张三", 1), row("李四", 2, certificate=False), row("王五", 3)])
    result = excel.import_workbook(data, user=world.owner)
    assert result.ok and (result.officers, result.certificates) == (3, 2)
    assert set(Officer.objects.values_list("name", flat=True)) == {"张三", "李四", "王五"}
    c = Certificate.objects.get(number="C00003")
    assert (c.issued_on, c.valid_until, c.officer.name) == (date(2024, 3, 1), date(2029, 2, 28), "王五")
    assert AuditEntry.objects.filter(action="create").count() >= 5 + 1  # three officers, two certificates, the body


def test_a_bad_row_saves_nothing_and_names_its_row_and_column(world, body):
    wrong_id = id_number(2)[:17] + ("0" if id_number(2)[17] != "0" else "1")
    rows = [row("张三", 1), row("李四", 2, c2=wrong_id), row("王五", 3, c9="2026年13月1日"),
            row("赵六", 4, c6="C00001")]  # the certificate number of row 4 again
    result = excel.import_workbook(workbook(world.owner, rows), user=world.owner)
    assert not result.ok and Officer.objects.count() == 0 and Certificate.objects.count() == 0
    found = {(e.row, e.column, e.heading) for e in result.errors}
    assert found == {(5, "D", "Identity card number"), (6, "K", "Issued on"), (7, "H", "Certificate number")}
    messages = {e.row: e.message for e in result.errors}
    assert "does not match" in messages[5] and "is not a date" in messages[6] and "already recorded" in messages[7]


def test_an_incomplete_certificate_and_an_unknown_body_are_named(world, body):
    rows = [row("张三", 1, c7=""), row("李四", 2, c4="不存在的执法主体")]
    result = excel.import_workbook(workbook(world.owner, rows), user=world.owner)
    assert {(e.row, e.column) for e in result.errors} == {(4, "I"), (5, "F")}
    # Another department's clerk may not register officers for the 市场监管局's body.
    result = excel.import_workbook(workbook(world.owner, [row("张三", 1)]), user=world.colleague)
    assert [(e.row, e.column) for e in result.errors] == [(4, "F")] and not Officer.objects.exists()


@pytest.mark.parametrize(("data", "why"), [
    ("姓名,身份证号\n张三,990102198506010011\n".encode("gbk"), "looks like a CSV or text file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel file (.xls)"),
    (bytes(range(256)) * 8, "not an Excel .xlsx file"),
    (b"PK\x03\x04" + b"\x07" * 200, "may be damaged"),
    (b"", "The file is empty."),
])
def test_odd_files_are_refused_as_a_whole(world, body, data, why):
    result = excel.import_workbook(data, user=world.owner)
    assert why in result.fatal and not result.errors and not Officer.objects.exists()


def test_a_workbook_that_is_not_the_template_is_refused(world, body):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "姓名"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert "not the officers' import workbook" in excel.import_workbook(buffer.getvalue(), user=world.owner).fatal


def test_the_import_page_downloads_the_template_and_reports_row_and_column(world, body, client):
    client.force_login(world.owner)
    template = client.get(reverse("enforcement:import_template"))
    assert template.status_code == 200 and template["Content-Type"] == excel.XLSX_TYPE
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == excel.MARKER
    bad = workbook(world.owner, [row("张三", 1, c1="女人")])
    response = client.post(reverse("enforcement:officer_import"),
                           {"file": SimpleUploadedFile("officers.xlsx", bad)})
    page = response.content.decode()
    assert response.status_code == 400 and 'data-row="4" data-column="C"' in page and not Officer.objects.exists()
    csv = SimpleUploadedFile("officers.csv", "姓名,身份证号\n张三,1\n".encode("gbk"))
    response = client.post(reverse("enforcement:officer_import"), {"file": csv})
    assert response.status_code == 400 and "looks like a CSV or text file" in response.content.decode()
    good = workbook(world.owner, [row("张三", 1), row("李四", 2)])
    response = client.post(reverse("enforcement:officer_import"), {"file": SimpleUploadedFile("o.xlsx", good)})
    assert response.status_code == 200 and 'data-testid="import-summary"' in response.content.decode()
    assert Officer.objects.count() == 2 and Certificate.objects.count() == 2


def test_the_export_lists_the_filtered_officers_and_is_audited(world, make_officer, client):
    make_officer("张三")
    make_officer("李四", valid_until=None)
    client.force_login(world.owner)
    response = client.get(reverse("enforcement:officer_export"), {"certificate": "none"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["李四"]
    entry = AuditEntry.objects.filter(action="export").last()
    assert entry.changes == {"enforcement.officers": [None, {"certificate": "none"}]}
