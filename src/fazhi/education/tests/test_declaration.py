"""What the ledger declares for the generic pages, the API and Excel, and what the owner and the outsider see of it:
the lists, records, exports, actions, API and the reminders on the home page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.tests.clients import csrf_client
from fazhi.education import actions
from fazhi.education.ledger import ALL, EXAMS, PAGES
from fazhi.education.tests.conftest import at

pytestmark = pytest.mark.django_db

D = date


def test_every_kind_of_record_is_declared_and_each_list_links_the_others():
    from fazhi.ledgers.pages import declared

    keys = {pages.key for pages in declared()}
    assert {pages.key for pages in ALL} <= keys
    for pages in ALL:
        assert len(pages.related) == len(ALL) - 1
        assert reverse(f"{pages.key}:list").startswith("/education/")


def test_the_outsider_sees_nothing_of_the_records_and_cannot_act(world, drafted, owner, exam):
    from openpyxl import load_workbook

    record = drafted()
    held = exam(held_on=D(2026, 11, 20))
    mine, outsider = csrf_client(owner), csrf_client(world.outsider)
    for pages, obj in ((PAGES, record), (EXAMS, held)):
        assert f'data-record="{obj.pk}"' in mine.get(reverse(f"{pages.key}:list")).content.decode()
        assert f'data-record="{obj.pk}"' not in outsider.get(reverse(f"{pages.key}:list")).content.decode()
        assert outsider.get(reverse(f"{pages.key}:detail", args=[obj.pk])).status_code == 404
        exported = load_workbook(io.BytesIO(outsider.get(reverse(f"{pages.key}:export")).content)).active
        assert all(obj.title not in [str(c) for c in row] for row in exported.iter_rows(values_only=True))
    response = outsider.post(reverse("education:action", args=[record.pk, "publish_list"]), {
        "publish_list-published_on": "2026-03-02", "publish_list-published_where": "网站"})
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.status == "drafted"
    study = outsider.get(reverse("education_exams:study_record") + "?agency=sfx-scj")
    assert study.status_code == 404 or "sfx-scj" not in study.content.decode()


def test_the_owner_records_a_step_on_the_page_and_a_refusal_stays_at_its_field(drafted, owner):
    record = drafted()
    client = csrf_client(owner)
    refused = client.post(reverse("education:action", args=[record.pk, "publish_list"]), {
        "publish_list-published_on": "2026-01-02", "publish_list-published_where": "门户网站"})
    assert refused.status_code == 422 and "cannot come before the drafting" in refused.content.decode()
    done = client.post(reverse("education:action", args=[record.pk, "publish_list"]), {
        "publish_list-published_on": "2026-03-02", "publish_list-published_where": "门户网站"})
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.status == "published"
    page = client.get(reverse("education:detail", args=[record.pk])).content.decode()
    assert 'data-testid="child-items"' in page and "食品安全法宣传0" in page


def test_scores_are_imported_on_the_exams_page(exam, owner):
    from fazhi.ledgers.excel import Sheet, workbook_bytes

    held = exam(held_on=D(2026, 11, 20))
    upload = io.BytesIO(workbook_bytes([Sheet("成绩", ["姓名", "单位", "成绩"], iter([["王某", "局机关", 90]]))]))
    upload.name = "scores.xlsx"
    response = csrf_client(owner).post(reverse("education_exams:action", args=[held.pk, "import_scores"]), {
        "import_scores-scored_on": "2026-11-25", "import_scores-file": upload})
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.takers, held.passed) == ("scored", 1, 1)
    study = csrf_client(owner).get(reverse("education_exams:study_record") + "?agency=sfx-scj&year=2026")
    assert "王某" in study.content.decode()


def test_the_api_shows_the_outsider_nothing_and_the_owner_acts(world, department, owner, drafted):
    from ninja.testing import TestClient

    from fazhi.ledgers.api import router_for

    record = drafted()
    api = TestClient(router_for(PAGES))
    assert record.pk in {row["id"] for row in api.get("/education/records", user=owner).json()["items"]}
    assert record.pk not in {row["id"] for row in
                             api.get("/education/records", user=world.outsider).json()["items"]}
    assert api.get(f"/education/records/{record.pk}", user=world.outsider).status_code == 404
    assert api.post(f"/education/records/{record.pk}/publish-list", json={
        "published_on": "2026-03-02", "published_where": "网站"}, user=world.outsider).status_code == 404
    early = api.post(f"/education/records/{record.pk}/publish-list", json={
        "published_on": "2026-01-02", "published_where": "网站"}, user=owner)
    assert early.status_code == 422 and "published_on" in str(early.json())
    done = api.post(f"/education/records/{record.pk}/publish-list", json={
        "published_on": "2026-03-02", "published_where": "网站"}, user=owner)
    assert done.status_code == 200 and done.json()["status"] == "published"


def test_an_activity_held_before_fazhi_is_imported_with_its_step(owner):
    from openpyxl import load_workbook

    from fazhi.education.ledger import ACTIVITIES
    from fazhi.education.models import Activity
    from fazhi.ledgers.excel import FIRST_ROW

    keys = [column[0] for column in ACTIVITIES.import_columns()]
    workbook = load_workbook(io.BytesIO(ACTIVITIES.import_template()))
    row = {"agency": "sfx-scj", "plan_activity.title": "宪法进市场", "plan_activity.planned_on": "2026-12-02",
           "plan_activity.place": "农贸市场", "plan_activity.audience_kind": "enterprises",
           "plan_activity.method": "stall", "plan_activity.campaign": "constitution_week",
           "record_activity_held.held_on": "2026-12-02", "record_activity_held.audience_size": 80}
    for key, value in row.items():
        workbook.active.cell(row=FIRST_ROW, column=2 + keys.index(key), value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = ACTIVITIES.import_rows(buffer.getvalue(), user=owner)
    assert result.ok, result.errors
    assert Activity.objects.get(title="宪法进市场").status == "held"


def test_the_home_page_reminds_of_a_missing_list_and_of_constitution_week(world, department, owner):
    from fazhi.core.agenda import items_for

    with at(D(2025, 6, 1)):
        actions.open_list(agency=department, by=owner, year=2025, title="2025年度清单", drafted_on=D(2025, 1, 5))
    with at(D(2026, 3, 10)):
        titles = [item.title for item in items_for(owner, D(2026, 3, 10))]
        assert "No responsibility list for 2026 yet" in titles
        assert not any("Constitution Week" in t for t in titles)
    titles = [item.title for item in items_for(owner, D(2026, 11, 20))]
    assert "Constitution Week 2026-12-01–2026-12-07: 0 activities planned" in titles
    assert not any("Constitution Week" in item.title for item in items_for(world.leader, D(2026, 11, 20)))


def test_an_overdue_draft_is_on_the_agenda(drafted, owner):
    from fazhi.core.agenda import items_for

    record = drafted()
    items = [item for item in items_for(owner, D(2026, 4, 2)) if item.title == record.title]
    assert items and items[0].state == "overdue" and items[0].due == D(2026, 3, 31)
