"""The Excel form carries the narrative material: a "文字材料" sheet downloaded prefilled, read back on upload."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.collection import actions, excel
from fazhi.collection.models import Narrative, Value
from fazhi.core.tests.clients import csrf_client
from fazhi.metrics.models import Topic

pytestmark = pytest.mark.django_db

PRACTICE = "全面推行行政执法公示制度，执法信息在县政务网统一公示；开展执法案卷评查两次，整改问题十二项。"
PLAN = "明年重点推进“双随机、一公开”监管全覆盖，\n并加强基层执法人员法律培训。"
PROBLEM = "基层执法力量不足，部分乡镇无专职执法人员。"


def texts_sheet(workbook):
    [sheet] = [ws for ws in workbook.worksheets if ws["A1"].value == excel.TEXTS_MARKER]
    return sheet


def slot_rows(sheet) -> dict[tuple[str, str], int]:
    """Return ``{(agency code, slot code): row}`` of the texts sheet."""
    return {(sheet.cell(row, excel.AGENCY_KEY).value, sheet.cell(row, excel.SLOT_KEY).value): row
            for row in range(excel.TEXTS_FIRST_ROW, sheet.max_row + 1)}


def fill_texts(data: bytes, texts: dict, figures: dict | None = None) -> bytes:
    """Type ``texts`` (``{(agency code, slot code): cell value}``) into the texts sheet, a new row for a slot
    it does not have, and ``figures`` (``{metric code: value}``) into the first sheet."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = texts_sheet(workbook)
    rows = slot_rows(sheet)
    for (agency_code, code), value in texts.items():
        row = rows.get((agency_code, code))
        if row is None:
            row = sheet.max_row + 1
            sheet.cell(row, excel.AGENCY_KEY, agency_code)
            sheet.cell(row, excel.SLOT_KEY, code)
        sheet.cell(row, excel.TEXT, value)
    first = workbook.worksheets[0]
    keys = {first.cell(row, excel.KEY).value: row for row in range(excel.FIRST_ROW, first.max_row + 1)}
    for code, value in (figures or {}).items():
        first.cell(keys[code], excel.VALUE, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, submission, data):
    url = reverse("collection:submission_upload", args=[submission.pk])
    return client.post(url, {"file": SimpleUploadedFile("form.xlsx", data)})


def practice_code(submission) -> str:
    """The slot code of the first 主要做法和成效 the form asks."""
    topic, kind = actions.narrative_slots(submission)[0]
    return actions.slot_name(topic, kind)


def texts_of(submission) -> dict[str, str]:
    return {actions.slot_name(n.topic, n.kind): n.text for n in Narrative.objects.filter(submission=submission)}


def test_the_form_has_a_texts_sheet_with_each_slot_the_stored_text_and_hidden_locked_codes(owned, world, as_user):
    actions.save_values(owned, {}, by=world.owner, texts={("", "problem"): PROBLEM})
    response = as_user(world.owner).get(reverse("collection:submission_download", args=[owned.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.worksheets[0]["A1"].value == excel.MARKER  # the figures come first, as before
    sheet = workbook.worksheets[-1]
    assert sheet.title == "文字材料" and sheet["A1"].value == excel.TEXTS_MARKER
    rows = slot_rows(sheet)
    slots = actions.narrative_slots(owned)
    assert list(rows) == [("sfx-scj", actions.slot_name(*slot)) for slot in slots]
    problem = rows[("sfx-scj", "text-problem")]
    assert sheet.cell(problem, excel.TEXT).value == PROBLEM
    assert sheet.cell(problem, excel.KIND).value == "存在的问题" and sheet.cell(problem, excel.TOPIC).value == "—"
    practice = rows[("sfx-scj", practice_code(owned))]
    assert sheet.cell(practice, excel.TOPIC).value == Topic(slots[0][0]).label
    assert sheet.cell(practice, excel.KIND).value == "主要做法和成效"
    assert sheet.cell(practice, excel.AGENCY).value == "示范县市场监督管理局"
    assert sheet.cell(practice, excel.TEXT).value is None
    # Codes hidden and locked, only the text open, wrapped and wide enough to write paragraphs in.
    assert sheet.column_dimensions["A"].hidden and sheet.column_dimensions["B"].hidden and sheet.protection.sheet
    assert all(sheet.cell(practice, column).protection.locked for column in (excel.SLOT_KEY, excel.KIND))
    text = sheet.cell(practice, excel.TEXT)
    assert text.protection.locked is False and text.alignment.wrap_text
    assert sheet.column_dimensions["F"].width >= 80 and sheet.row_dimensions[practice].height >= 90
    assert "Alt+Enter" in sheet["C2"].value and "4000" in sheet["C2"].value


def test_the_round_form_has_one_texts_sheet_with_every_agency(round_):
    data = excel.build_workbook(round_.submissions.select_related("agency", "round").order_by("agency__code"))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert [ws["A1"].value for ws in workbook.worksheets].count(excel.TEXTS_MARKER) == 1
    agencies = {agency for agency, _code in slot_rows(workbook.worksheets[-1])}
    assert agencies == {"sfx-jyj", "sfx-scj", "sfx-t01"}


def test_round_trip_download_fill_upload_check_and_import(owned, world):
    actions.save_values(owned, {}, by=world.owner, texts={("", "problem"): PROBLEM})
    client = csrf_client(world.owner)
    data = client.get(reverse("collection:submission_download", args=[owned.pk])).content
    practice = practice_code(owned)
    filled = fill_texts(data, {("sfx-scj", practice): PRACTICE, ("sfx-scj", "text-plan"): PLAN,
                               ("sfx-scj", "text-problem"): None},  # emptied: keeps the stored text
                        figures={"pufa_activities": 30})
    response = upload(client, owned, filled)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.errors and [r.code for r in preview.rows] == ["pufa_activities"]
    assert {t.code: t.text for t in preview.texts} == {practice: PRACTICE, "text-plan": PLAN}
    html = response.content.decode()
    assert 'data-testid="import-texts"' in html and "下一步打算" in html and "导入3行有效数据" in html
    assert not Narrative.objects.filter(kind="plan").exists()  # nothing stored before confirming

    assert client.post(reverse("collection:import_confirm", args=[response.context["token"]])).status_code == 302
    assert texts_of(owned) == {practice: PRACTICE, "text-plan": PLAN, "text-problem": PROBLEM}
    assert Value.objects.get(submission=owned, metric__code="pufa_activities").value == 30
    entry = AuditEntry.objects.filter(action="change", object_id=str(owned.pk)).latest("sequence")
    assert entry.changes["text.plan"] == ["", PLAN] and "pufa_activities.value" in entry.changes
    # Downloaded again, the form shows what was imported.
    again = openpyxl.load_workbook(io.BytesIO(excel.build_workbook([owned])))
    sheet = texts_sheet(again)
    assert sheet.cell(slot_rows(sheet)[("sfx-scj", "text-plan")], excel.TEXT).value == PLAN


def test_a_text_over_the_limit_is_refused_naming_sheet_row_and_slot_and_the_rest_imports(owned, world):
    data = excel.build_workbook([owned])
    sheet = texts_sheet(openpyxl.load_workbook(io.BytesIO(data)))
    plan_row = slot_rows(sheet)[("sfx-scj", "text-plan")]
    filled = fill_texts(data, {("sfx-scj", "text-plan"): "字" * 4001, ("sfx-scj", "text-problem"): PROBLEM},
                        figures={"pufa_activities": 12})
    preview = excel.parse_workbook(filled, round_=owned.round, user=world.owner, only=owned)
    [error] = preview.errors
    assert (error.sheet, error.row, error.code) == ("文字材料", plan_row, "text-plan")
    assert error.message.startswith(f"工作表“文字材料”第{plan_row}行（下一步打算）：内容过长：4001字，最多4000字。")
    assert [t.code for t in preview.texts] == ["text-problem"]
    assert [r.code for r in preview.rows] == ["pufa_activities"]
    stored, errors = excel.import_rows(preview, by=world.owner)
    assert stored == 2 and not errors
    assert texts_of(owned) == {"text-problem": PROBLEM}
    assert Value.objects.get(submission=owned, metric__code="pufa_activities").value == 12


def test_unknown_codes_slots_not_asked_and_numbers_or_dates_in_the_text(owned, world):
    asked = {topic for topic, _kind in actions.narrative_slots(owned) if topic}
    not_asked = next(t for t in Topic.values if t not in asked)
    data = excel.build_workbook([owned])
    filled = fill_texts(data, {
        ("sfx-scj", "text-nothing"): "随手写的一段话。",
        ("sfx-scj", f"text-practice-{not_asked}"): PRACTICE,
        ("sfx-scj", "text-honour"): date(2025, 3, 1),  # Excel made a date of 2025/3/1
        ("sfx-scj", "text-plan"): 2026.0,
        ("sfx-scj", "text-innovation"): 3.5,
    })
    preview = excel.parse_workbook(filled, round_=owned.round, user=world.owner, only=owned)
    messages = {e.code: e.message for e in preview.errors}
    assert set(messages) == {"text-nothing", f"text-practice-{not_asked}"}
    assert "第" in messages["text-nothing"] and "未知的栏目代码“text-nothing”" in messages["text-nothing"]
    assert f"（{Topic(not_asked).label}：主要做法和成效）" in messages[f"text-practice-{not_asked}"]
    assert "示范县市场监督管理局的报表不要求填写这一栏目" in messages[f"text-practice-{not_asked}"]
    assert {t.code: t.text for t in preview.texts} == {
        "text-honour": "2025-03-01", "text-plan": "2026", "text-innovation": "3.5"}


def test_a_workbook_without_the_texts_sheet_still_imports_its_figures(owned, world):
    workbook = openpyxl.load_workbook(io.BytesIO(excel.build_workbook([owned])))
    workbook.remove(texts_sheet(workbook))
    figures = workbook.worksheets[0]
    for row in range(excel.FIRST_ROW, figures.max_row + 1):
        if figures.cell(row, excel.KEY).value == "pufa_activities":
            figures.cell(row, excel.VALUE, 18)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = excel.parse_workbook(buffer.getvalue(), round_=owned.round, user=world.owner, only=owned)
    assert not preview.fatal and not preview.errors and not preview.texts
    assert excel.import_rows(preview, by=world.owner) == (1, [])
    assert Value.objects.get(submission=owned, metric__code="pufa_activities").value == 18


def test_only_those_who_may_change_a_form_import_its_texts(round_, owned, world):
    colleague_form = round_.submissions.get(agency__code="sfx-jyj")
    data = excel.build_workbook(round_.submissions.select_related("agency", "round"))
    filled = fill_texts(data, {("sfx-jyj", "text-plan"): PLAN, ("sfx-scj", "text-plan"): PLAN})
    for user in (world.outsider, world.colleague):  # another county; another department
        response = upload(csrf_client(user), owned, filled)
        assert response.status_code == 404
    # The owner uploading the office's workbook: their own text is read, the colleague's refused.
    preview = excel.parse_workbook(filled, round_=round_, user=world.owner, only=owned)
    assert [(t.agency, t.code) for t in preview.texts] == [("示范县市场监督管理局", "text-plan")]
    assert any("示范县教育局" in e.message and e.sheet == "文字材料" for e in preview.errors)
    preview = excel.parse_workbook(filled, round_=round_, user=world.owner)
    assert any("您无权填报示范县教育局的文字材料" in e.message for e in preview.errors)
    excel.import_rows(preview, by=world.owner)
    assert texts_of(owned) == {"text-plan": PLAN} and not texts_of(colleague_form)
    # The office may fill both.
    preview = excel.parse_workbook(filled, round_=round_, user=world.office)
    assert {t.agency for t in preview.texts} == {"示范县教育局"}  # the owner's text is already stored
    excel.import_rows(preview, by=world.office)
    assert texts_of(colleague_form) == {"text-plan": PLAN}


def test_texts_of_a_submitted_form_are_refused(owned, world):
    from fazhi.collection.tests.conftest import FULL

    actions.save_values(owned, FULL, by=world.owner)
    actions.submit_submission(owned, by=world.owner)
    filled = fill_texts(excel.build_workbook([owned]), {("sfx-scj", "text-plan"): PLAN})
    preview = excel.parse_workbook(filled, round_=owned.round, user=world.office)
    assert not preview.texts and any("已报送" in e.message for e in preview.errors if e.sheet == "文字材料")


def test_a_large_upload_checked_off_the_request_shows_and_imports_its_texts(owned, world, settings):
    settings.FAZHI_EXCEL_INLINE_KB = 1  # the form of the test round counts as large; checked at once (conftest)
    client = csrf_client(world.owner)
    data = client.get(reverse("collection:submission_download", args=[owned.pk])).content
    response = upload(client, owned, fill_texts(data, {("sfx-scj", "text-plan"): PLAN}))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert [t.text for t in page.context["preview"].texts] == [PLAN]
    token = response["Location"].rstrip("/").split("/")[-2]
    client.post(reverse("collection:import_confirm", args=[token]))
    assert texts_of(owned) == {"text-plan": PLAN}
