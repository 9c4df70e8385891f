"""Excel in and out: an import saves every row or none, naming each refused row and column in the reader's
language; odd files (a GBK CSV, a damaged workbook) are refused as a whole; exports are scoped and audited."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.inspections import excel
from fazhi.inspections.models import Entity, Inspector

from .conftest import credit_code

pytestmark = pytest.mark.django_db


def workbook(template: bytes, rows) -> bytes:
    """The downloaded template, filled in with ``rows`` from row 4 (columns B on)."""
    wb = load_workbook(io.BytesIO(template))
    ws = wb.active
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=2):
            ws.cell(row=excel.FIRST_ROW + offset, column=column, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def entity(serial, risk="高", **changes):
    values = [f"企业{serial}", credit_code(serial), f"示范县城关镇{serial}号", "食品销售", risk]
    for index, value in changes.items():
        values[int(index[1:])] = value
    return values


def test_a_good_workbook_imports_every_entity(world, body):
    rows = [entity(1, "高"), entity(2, "较高风险"), entity(3, "一般"), entity(4, "low risk"), entity(5, "medium-high")]
    result = excel.import_entities(workbook(excel.entity_template(), rows), user=world.owner, agency=body.agency)
    assert result.ok and result.imported == 5
    assert dict(Entity.objects.values_list("name", "risk")) == {
        "企业1": "high", "企业2": "medium_high", "企业3": "medium", "企业4": "low", "企业5": "medium_high"}


def test_a_bad_row_saves_nothing_and_names_its_row_and_column(world, body):
    from fazhi.inspections import actions

    actions.register_entity(agency=body.agency, by=world.owner, name="已有", credit_code=credit_code(9),
                            address="某地", domain="食品", risk="low")
    wrong = credit_code(2)[:17] + ("0" if credit_code(2)[17] != "0" else "1")
    rows = [entity(1), entity(2, c1=wrong), entity(3, "极高"), entity(4, c1=credit_code(1)), entity(9),
            entity(5, c0="")]
    result = excel.import_entities(workbook(excel.entity_template(), rows), user=world.owner, agency=body.agency)
    assert not result.ok and result.imported == 0 and Entity.objects.count() == 1
    found = {(e.row, e.column, e.heading) for e in result.errors}
    assert found == {(5, "C", "Unified social credit code"), (6, "F", "Risk level"),
                     (7, "C", "Unified social credit code"), (8, "C", "Unified social credit code"),
                     (9, "B", "Name of the entity")}
    messages = {e.row: e.message for e in result.errors}
    assert "does not match" in messages[5] and "高, 较高, 一般 or 低" in messages[6]
    assert "already on row 4 of this file" in messages[7] and "already in the directory" in messages[8]


def test_the_messages_are_in_the_reader_s_language(world, body):
    from django.utils import translation

    with translation.override("zh-hans"):
        result = excel.import_entities(b"\xd0\xcf\x11\xe0" + b"\0" * 64, user=world.owner, agency=body.agency)
    with translation.override("en"):
        english = excel.import_entities(b"\xd0\xcf\x11\xe0" + b"\0" * 64, user=world.owner, agency=body.agency)
    assert "old Excel file (.xls)" in english.fatal
    assert "旧版Excel文件" in result.fatal and "old Excel" not in result.fatal


@pytest.mark.parametrize(("data", "why"), [
    ("名称,统一社会信用代码,风险等级\n示范县某某公司,91350100M000100Y43,高\n".encode("gbk"),
     "looks like a CSV or text file"),
    (b"PK\x03\x04" + b"\x07" * 200, "may be damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Excel file (.xls)"),
    (b"", "The file is empty."),
])
def test_odd_files_are_refused_as_a_whole(world, body, data, why):
    result = excel.import_entities(data, user=world.owner, agency=body.agency)
    assert why in result.fatal and not result.errors and not Entity.objects.exists()


def test_a_workbook_that_is_not_the_template_or_is_empty_is_refused(world, body):
    result = excel.import_entities(excel.inspector_template(), user=world.owner, agency=body.agency)
    assert "not the entities' import workbook" in result.fatal
    result = excel.import_entities(excel.entity_template(), user=world.owner, agency=body.agency)
    assert "holds no row" in result.fatal


def test_another_department_may_not_import_into_the_directory(world, body):
    data = workbook(excel.entity_template(), [entity(1)])
    result = excel.import_entities(data, user=world.colleague, agency=body.agency)
    assert "may not change the directory" in result.fatal and not Entity.objects.exists()


def test_inspectors_are_imported_by_certificate_number_or_none_are(world, make_officer):
    a = make_officer("张三", pool=False)
    b = make_officer("李四", pool=False)
    number_a, number_b = a.certificates.get().number, b.certificates.get().number
    bad = workbook(excel.inspector_template(), [[number_a, "张三"], ["NO-SUCH", ""], [number_b, "王五"]])
    result = excel.import_inspectors(bad, user=world.owner)
    assert {(e.row, e.column) for e in result.errors} == {(5, "B"), (6, "C")} and not Inspector.objects.exists()
    assert "held by 李四, not 王五" in [e.message for e in result.errors if e.row == 6][0]
    good = workbook(excel.inspector_template(), [[number_a, "张三"], [number_b, ""]])
    result = excel.import_inspectors(good, user=world.owner)
    assert result.ok and result.imported == 2
    assert set(Inspector.objects.values_list("officer__name", flat=True)) == {"张三", "李四"}
    again = excel.import_inspectors(good, user=world.owner)
    assert [(e.row, e.column) for e in again.errors] == [(4, "B"), (5, "B")]  # already in the directory
    other = excel.import_inspectors(good, user=world.colleague)  # not their officers
    assert {e.row for e in other.errors} == {4, 5} and Inspector.objects.count() == 2


def test_the_import_pages_download_the_template_and_report_rows(world, body, client):
    client.force_login(world.owner)
    template = client.get(reverse("inspections:entity_template"))
    assert template.status_code == 200 and template["Content-Type"] == excel.XLSX_TYPE
    assert load_workbook(io.BytesIO(template.content)).active["A1"].value == excel.ENTITY_MARKER
    bad = workbook(template.content, [entity(1, "极高")])
    response = client.post(reverse("inspections:entity_import"),
                           {"agency": body.agency.pk, "file": SimpleUploadedFile("e.xlsx", bad)})
    assert response.status_code == 400 and 'data-row="4" data-column="F"' in response.content.decode()
    csv = SimpleUploadedFile("e.csv", "名称,代码\n某公司,1\n".encode("gbk"))
    response = client.post(reverse("inspections:entity_import"), {"agency": body.agency.pk, "file": csv})
    assert response.status_code == 400 and "looks like a CSV or text file" in response.content.decode()
    good = workbook(template.content, [entity(1), entity(2)])
    response = client.post(reverse("inspections:entity_import"),
                           {"agency": body.agency.pk, "file": SimpleUploadedFile("e.xlsx", good)})
    assert response.status_code == 200 and 'data-testid="import-summary"' in response.content.decode()
    assert Entity.objects.count() == 2
    assert client.get(reverse("inspections:inspector_template")).status_code == 200
    client.force_login(world.office)  # reads the region, keeps no directory
    response = client.post(reverse("inspections:entity_import"),
                           {"agency": body.agency.pk, "file": SimpleUploadedFile("e.xlsx", good)})
    assert response.status_code == 403


def test_the_exports_are_filtered_scoped_and_audited(world, body, make_entities, client):
    make_entities(2, "high", prefix="高企")
    make_entities(1, "low", prefix="低企")
    client.force_login(world.owner)
    response = client.get(reverse("inspections:entity_export"), {"risk": "high"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["高企1", "高企2"]
    entry = AuditEntry.objects.filter(action="export").last()
    assert entry.changes == {"inspections.entities": [None, {"risk": "high"}]}
    response = client.get(reverse("inspections:inspection_export"), {"year": 2026})
    assert response.status_code == 200 and response["Content-Disposition"].startswith(
        'attachment; filename="inspections-2026-05-20')
