"""The leadership ledger on the framework: five lists of one catalogued ledger, their pages, Excel and API, all
through the scope: the outsider and another department see nothing and change nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.leadership.ledger import ALL_PAGES
from fazhi.ledgers.pages import declared

pytestmark = pytest.mark.django_db


def test_every_list_is_declared_mounted_and_in_the_api():
    from fazhi.api.api import api

    keys = {pages.key for pages in declared()}
    assert {pages.key for pages in ALL_PAGES} <= keys
    paths = api.get_openapi_schema()["paths"]
    for pages in ALL_PAGES:
        assert reverse(f"{pages.key}:list").startswith("/leadership/")
        assert f"/api/v1/{pages.key}/records" in paths


def test_the_list_links_the_ledgers_other_lists(world, meeting):
    client = Client()
    client.force_login(world.office)
    page = client.get(reverse("leadership_meetings:list")).content.decode()
    for pages in ALL_PAGES[1:]:
        assert f'href="{reverse(f"{pages.key}:list")}"' in page


def test_the_outsider_sees_nothing_on_the_list_detail_export_and_api(world, meeting, instruction):
    recorded, given = meeting(), instruction()
    client = Client()
    client.force_login(world.outsider)
    for key, record in (("leadership_meetings", recorded), ("leadership_instructions", given)):
        assert record.title not in client.get(reverse(f"{key}:list")).content.decode()
        assert client.get(reverse(f"{key}:detail", args=[record.pk])).status_code == 404
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(client.get(reverse(f"{key}:export")).content)).worksheets[0]
        assert len(list(sheet.values)) == 1  # the header alone
        assert client.get(f"/api/v1/{key}/records").json()["items"] == []
        assert client.get(f"/api/v1/{key}/records/{record.pk}").status_code == 404


def test_the_outsider_cannot_post_a_step_and_the_office_can(world, instruction):
    from fazhi.core.tests.clients import csrf_client

    given = instruction()
    url = reverse("leadership_instructions:action", args=[given.pk, "report_follow_up"])
    data = {"report_follow_up-reported_on": "2026-11-20", "report_follow_up-report": "越权办理"}
    assert csrf_client(world.outsider).post(url, data).status_code in (403, 404)
    assert csrf_client(world.colleague).post(url, data).status_code in (403, 404)
    given.refresh_from_db()
    assert given.status == "open"
    response = csrf_client(world.office).post(url, data)
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.status == "reported" and given.reported_on == date(2026, 11, 20)


def test_a_refused_step_is_shown_at_its_field(world, meeting):
    from fazhi.core.tests.clients import csrf_client

    response = csrf_client(world.office).post(reverse("leadership_meetings:create"), {
        "agency": "sfx-gov", "title": "县政府常务会议", "kind": "standing_committee", "held_on": "2026-06-03",
        "topic": "研究法治", "on_law": "on", "decisions": "通过"})
    assert response.status_code == 422
    assert "does not hold a Party standing committee meeting" in response.content.decode()


def test_the_api_opens_a_record_and_refuses_a_bad_one(world):
    client = Client()
    client.force_login(world.office)
    body = {"agency": "sfx-gov", "title": "法治专题讲座", "kind": "lecture", "held_on": "2026-08-27", "attendees": 80,
            "speaker": "示范大学教授"}
    response = client.post("/api/v1/leadership_study/records", body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["speaker"] == "示范大学教授"
    response = client.post("/api/v1/leadership_study/records", {**body, "speaker": ""},
                           content_type="application/json")
    assert response.status_code == 422


def test_the_excel_import_records_a_shufa_and_its_evaluation(world):
    from openpyxl import load_workbook

    from fazhi.leadership.ledger import SHUFA
    from fazhi.leadership.models import LawReport
    from fazhi.ledgers.excel import FIRST_ROW, save_workbook

    workbook = load_workbook(io.BytesIO(SHUFA.import_template()))
    sheet = workbook.worksheets[0]
    headings = [c.value for c in sheet[3]][1:]
    sheet.cell(row=FIRST_ROW, column=2).value = "sfx-gov"
    values = {"Title": "县长2025年度述法报告", "Post": "县长", "Principal leader": "测试县长",
              "Year reported on": 2025, "Reported on": "2026-01-16", "Form": "meeting", "What was reported": "述法内容",
              "Reports the study and use of law": "是", "Evaluated on": "2026-01-28", "Evaluated by": "县委",
              "Grade": "good"}
    for index, heading in enumerate(headings, start=2):
        name = (heading or "").rstrip(" *").split("：")[-1]
        if name in values:
            sheet.cell(row=FIRST_ROW, column=index).value = values[name]
    result = SHUFA.import_rows(save_workbook(workbook), user=world.office)
    assert result.ok, result.errors
    report = LawReport.objects.get()
    assert report.status == "evaluated" and report.grade == "good"
