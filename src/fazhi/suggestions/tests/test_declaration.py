"""What the ledger declares for the generic pages, the API and the clock: one form per action whose fields are the
action's keyword arguments, the procedure's steps, the pages' actions; and what the outsider sees of it."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.suggestions import actions, forms
from fazhi.suggestions.ledger import PAGES
from fazhi.suggestions.procedure import PROCEDURE, dates_of

pytestmark = pytest.mark.django_db

D = date


def test_every_public_action_has_its_form_and_the_pages_offer_each():
    assert set(actions.__all__) == set(forms.FORMS)
    assert PAGES.create.run == "fazhi.suggestions.actions.assign_item"
    assert {a.name for a in PAGES.actions} == set(forms.FORMS) - {"assign_item"}
    assert set(PAGES.imported) <= {a.name for a in PAGES.actions}


def test_the_pages_statuses_are_the_models():
    from fazhi.suggestions.models import Item

    for action in PAGES.actions:
        assert set(action.statuses) <= set(Item.Status.values), action.name


def test_filled_forms_run_their_actions(world, lead):
    form = forms.ItemForm({"kind": "cppcc", "raised_during": "interim", "session": "政协示范县第十一届委员会2026年闭会期间",
                           "number": "007", "title": "关于农贸市场的提案", "proposer": "李某", "category": "governance",
                           "assigned_on": "2026-03-02"})
    assert form.is_valid(), form.errors
    item = actions.assign_item(agency=lead, by=world.owner, **form.cleaned_data)
    co = forms.CoHandlerForm({"co_agency": "sfx-jyj", "co_assigned_on": "2026-03-03"})
    assert co.is_valid(), co.errors
    assert actions.add_co_handler(item, by=world.owner, **co.cleaned_data).name == "示范县教育局"
    opinion = forms.CoHandlerOpinionForm({"opinion_sent_on": "2026-03-20", "opinion": "同意"})
    assert opinion.is_valid(), opinion.errors
    actions.record_co_handler_opinion(item, by=world.owner, **opinion.cleaned_data)
    item.refresh_from_db()
    contact = forms.ContactForm({"contacted_on": "2026-03-21", "contact_method": "forum"})
    assert contact.is_valid(), contact.errors
    item = actions.record_contact(item, by=world.owner, **contact.cleaned_data)
    answer = forms.AnswerForm({"answered_on": "2026-04-30", "answer_category": "B", "answer_summary": "列入计划"})
    assert answer.is_valid(), answer.errors
    item = actions.answer(item, by=world.owner, **answer.cleaned_data)
    feedback = forms.FeedbackForm({"feedback": "basically_satisfied", "feedback_on": "2026-05-12"})
    assert feedback.is_valid(), feedback.errors
    item = actions.record_feedback(item, by=world.owner, **feedback.cleaned_data)
    assert item.status == "rated" and item.feedback == "basically_satisfied"


def test_the_procedure_orders_its_steps_and_the_timeline_reads_the_item(world, assign):
    assert PROCEDURE.ledger == "suggestions"
    item = assign(assigned_on=D(2026, 3, 2))
    actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 3, 3))
    item = actions.record_contact(item, by=world.owner, contacted_on=D(2026, 3, 10), contact_method="phone")
    assert [name for name, _day in PROCEDURE.timeline(dates_of(item))] == ["assign", "co_handler", "contact"]


# -- what the outsider sees -----------------------------------------------------------------------------------


def test_the_outsider_sees_nothing_in_the_list_nor_the_detail(world, assign):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    item = assign()
    owner = csrf_client(world.owner).get(reverse("suggestions:list")).content.decode()
    assert f'data-record="{item.pk}"' in owner
    outsider = csrf_client(world.outsider)
    assert f'data-record="{item.pk}"' not in outsider.get(reverse("suggestions:list")).content.decode()
    assert outsider.get(reverse("suggestions:detail", args=[item.pk])).status_code == 404
    response = outsider.post(reverse("suggestions:action", args=[item.pk, "record_contact"]),
                             {"record_contact-contacted_on": "2026-03-05", "record_contact-contact_method": "phone"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "assigned" and item.contacted_on is None


def test_the_owners_page_shows_the_item_and_records_a_step(world, assign):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    item = assign()
    actions.add_co_handler(item, by=world.owner, co_name="示范县供电公司", co_assigned_on=D(2026, 3, 3))
    client = csrf_client(world.owner)
    page = client.get(reverse("suggestions:detail", args=[item.pk])).content.decode()
    assert item.title in page and 'data-testid="form-record_contact"' in page
    assert 'data-testid="child-co_handlers"' in page and "示范县供电公司" in page and "2026-04-03" in page
    response = client.post(reverse("suggestions:action", args=[item.pk, "record_contact"]),
                           {"record_contact-contacted_on": "2026-03-05", "record_contact-contact_method": "phone"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_the_api_shows_the_outsider_nothing_and_refuses_its_steps(world, assign):
    from ninja.testing import TestClient

    from fazhi.ledgers.api import router_for

    item = assign()
    api = TestClient(router_for(PAGES))  # a router of its own: the ledger's may already be mounted
    listed = api.get("/suggestions/records", user=world.owner).json()
    assert item.pk in {row["id"] for row in listed["items"]}
    assert item.pk not in {row["id"] for row in api.get("/suggestions/records", user=world.outsider).json()["items"]}
    assert api.get(f"/suggestions/records/{item.pk}", user=world.outsider).status_code == 404
    refused = api.post(f"/suggestions/records/{item.pk}/record-contact",
                       json={"contacted_on": "2026-03-05", "contact_method": "phone"}, user=world.outsider)
    assert refused.status_code == 404
    opened = api.post("/suggestions/records", json={
        "agency": "sfx-scj", "kind": "deputy", "raised_during": "session", "session": "示范县第十八届人民代表大会第三次会议",
        "number": "099", "title": "接口建议", "proposer": "王某", "assigned_on": "2026-03-02"}, user=world.outsider)
    assert opened.status_code in (403, 404)
    done = api.post(f"/suggestions/records/{item.pk}/record-contact",
                    json={"contacted_on": "2026-03-05", "contact_method": "phone"}, user=world.owner)
    assert done.status_code == 200 and done.json()["status"] == "in_progress"
    early = api.post(f"/suggestions/records/{item.pk}/answer", json={
        "answered_on": "2026-03-01", "answer_category": "A", "answer_summary": "已办"}, user=world.owner)
    assert early.status_code == 422 and "answered_on" in str(early.json())


def _workbook(rows: list[dict]) -> bytes:
    """The import workbook offered for download, filled in with ``rows`` (cells by column key, "answer.answered_on")."""
    import io

    from openpyxl import load_workbook

    from fazhi.ledgers.excel import FIRST_ROW

    keys = [column[0] for column in PAGES.import_columns()]
    workbook = load_workbook(io.BytesIO(PAGES.import_template()))
    sheet = workbook.active
    for offset, cells in enumerate(rows):
        for key, value in cells.items():
            sheet.cell(row=FIRST_ROW + offset, column=2 + keys.index(key), value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_item_handled_before_fazhi_is_imported_with_its_steps_and_a_refused_row_imports_nothing(world):
    from fazhi.suggestions.models import Item

    row = {"agency": "sfx-scj", "assign_item.kind": "deputy", "assign_item.raised_during": "session",
           "assign_item.session": "示范县第十八届人民代表大会第三次会议", "assign_item.number": "031",
           "assign_item.title": "关于规范农贸市场管理的建议", "assign_item.proposer": "冯某",
           "assign_item.assigned_on": "2026年3月2日", "record_contact.contacted_on": "2026-03-20",
           "record_contact.contact_method": "meeting", "answer.answered_on": "2026/5/20",
           "answer.answer_category": "A", "answer.answer_summary": "已采纳", "record_feedback.feedback": "satisfied",
           "record_feedback.feedback_on": "2026-06-01", "publish_answer.published_on": "2026-05-25",
           "close_item.closed_on": "2026-06-05"}
    without_contact = {**row, "assign_item.number": "032", "record_contact.contacted_on": "",
                       "record_contact.contact_method": ""}
    refused = PAGES.import_rows(_workbook([row, without_contact]), user=world.owner)
    assert not refused.ok and not Item.objects.exists()
    assert any("Contact the proposer before answering" in error.message for error in refused.errors), refused.errors
    result = PAGES.import_rows(_workbook([row]), user=world.owner)
    assert result.ok and result.imported == 1
    item = Item.objects.get(number="031")
    assert item.status == "closed" and item.kind == "deputy" and item.answer_due == D(2026, 6, 2)
    assert item.published_on == D(2026, 5, 25) and item.latest_feedback == "satisfied"
