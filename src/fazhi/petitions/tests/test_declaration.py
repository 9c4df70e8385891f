"""What the ledger declares for the generic pages, the API and the clock: one form per action whose fields are the
action's keyword arguments, the procedure's steps, the pages' actions; and what the owner and the outsider see of it.
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.petitions import actions, forms
from fazhi.petitions.ledger import PAGES
from fazhi.petitions.models import Matter
from fazhi.petitions.procedure import CLOCKS, PROCEDURE, dates_of

pytestmark = pytest.mark.django_db

D = date


def test_every_public_action_has_its_form_and_the_pages_offer_each():
    assert set(actions.__all__) - set(forms.FORMS) == {"can_write", "expire"}
    assert set(forms.FORMS) <= set(actions.__all__)
    assert PAGES.create.run == "fazhi.petitions.actions.register_matter"
    assert {a.name for a in PAGES.actions} == set(forms.FORMS) - {"register_matter"}
    assert set(PAGES.imported) <= {a.name for a in PAGES.actions}


def test_the_pages_statuses_are_the_models():
    for action in PAGES.actions:
        assert action.statuses and set(action.statuses) <= set(Matter.Status.values), action.name
    assert set(PAGES.closed_statuses) == {"forwarded", "returned", "declined", "closed"}


def test_every_clock_is_a_stored_date_computed_by_an_action_function():
    from django.utils.module_loading import import_string

    for clock in CLOCKS:
        field = Matter._meta.get_field(clock.field)
        assert not field.editable and callable(import_string(clock.compute)), clock.field
        assert set(clock.only) and all(key.split("__")[0] in {f.name for f in Matter._meta.fields}
                                       for key in clock.only)


def test_filled_forms_run_their_actions(world, agency):
    form = forms.RegisterForm({"number": "2026-0042", "channel": "visit", "received_via": "forwarded",
                               "forwarded_by": "示范县信访局", "petitioner_name": "李某等", "persons": "7",
                               "subject": "反映集贸市场管理问题", "category": "complaint", "received_on": "2026-03-02"})
    assert form.is_valid(), form.errors
    matter = actions.register_matter(agency=agency, by=world.owner, **form.cleaned_data)
    assert matter.is_group_visit and matter.objection_due == D(2026, 3, 9)
    accept = forms.AcceptForm({"accepted_on": "2026-03-04", "notified_on": "2026-03-04"})
    assert accept.is_valid(), accept.errors
    matter = actions.accept_matter(matter, by=world.owner, **accept.cleaned_data)
    extend = forms.ExtendForm({"extended_on": "2026-04-20", "extension_days": "15", "extension_reason": "需联合调查",
                               "extension_approver": "局长", "extension_notified_on": "2026-04-21"})
    assert extend.is_valid(), extend.errors
    matter = actions.extend_handling(matter, by=world.owner, **extend.cleaned_data)
    opinion = forms.OpinionForm({"replied_on": "2026-05-15", "reply_outcome": "supported",
                                 "reply_summary": "诉求合理，予以支持。"})
    assert opinion.is_valid(), opinion.errors
    matter = actions.issue_opinion(matter, by=world.owner, **opinion.cleaned_data)
    evaluation = forms.EvaluationForm({"evaluation": "satisfied", "evaluated_on": "2026-05-25"})
    assert evaluation.is_valid(), evaluation.errors
    matter = actions.record_evaluation(matter, by=world.owner, **evaluation.cleaned_data)
    close = forms.CloseForm({"closed_on": "2026-05-26"})
    assert close.is_valid(), close.errors
    matter = actions.close_matter(matter, by=world.owner, **close.cleaned_data)
    assert matter.status == "closed" and not matter.replied_late


def test_the_forms_check_types_and_bounds():
    assert not forms.ExtendForm({"extended_on": "2026-04-20", "extension_days": "31", "extension_reason": "x",
                                 "extension_approver": "y"}).is_valid()
    assert not forms.RegisterForm({"number": "1", "channel": "pigeon", "received_via": "direct",
                                   "petitioner_name": "x", "subject": "y", "category": "complaint",
                                   "received_on": "2026-03-02"}).is_valid()


def test_the_procedure_orders_its_steps_and_the_timeline_reads_the_matter(world, register):
    assert PROCEDURE.ledger == "petitions"
    matter = register(received_on=D(2026, 3, 2))
    matter = actions.accept_matter(matter, by=world.owner, accepted_on=D(2026, 3, 4), notified_on=D(2026, 3, 3))
    assert [name for name, _day in PROCEDURE.timeline(dates_of(matter))] == ["receive", "notify", "accept"]


# -- the pages and the API --------------------------------------------------------------------------------------


def test_the_outsider_sees_nothing_in_the_list_nor_the_detail(world, register):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    matter = register()
    owner = csrf_client(world.owner).get(reverse("petitions:list")).content.decode()
    assert f'data-record="{matter.pk}"' in owner
    for who in (world.outsider, world.colleague):
        client = csrf_client(who)
        assert f'data-record="{matter.pk}"' not in client.get(reverse("petitions:list")).content.decode()
        assert client.get(reverse("petitions:detail", args=[matter.pk])).status_code == 404
    exported = csrf_client(world.outsider).get(reverse("petitions:export"))
    assert exported.status_code == 200 and matter.subject.encode() not in exported.content


@pytest.mark.parametrize("action", [a.name for a in PAGES.actions])
def test_the_outsider_cannot_act_on_the_page(world, register, action):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    matter = register()
    response = csrf_client(world.outsider).post(reverse("petitions:action", args=[matter.pk, action]),
                                                {f"{action}-accepted_on": "2026-03-04"})
    assert response.status_code == 404
    matter.refresh_from_db()
    assert matter.status == "received" and matter.accepted_on is None


def test_the_outsider_cannot_register_for_the_owners_agency(world):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    response = csrf_client(world.outsider).post(reverse("petitions:create"), {
        "agency": "sfx-scj", "number": "2026-0001", "channel": "letter", "received_via": "direct",
        "petitioner_name": "某人", "subject": "某事", "category": "complaint", "received_on": "2026-11-20"})
    assert response.status_code in (403, 422)
    assert not Matter.objects.exists()


def test_the_owners_page_shows_the_matter_and_records_a_step(world, register):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    earlier = register(number="2026-0001")
    matter = register(number="2026-0002", received_on=D(2026, 4, 1), repeat_of_number="2026-0001")
    client = csrf_client(world.owner)
    page = client.get(reverse("petitions:detail", args=[earlier.pk])).content.decode()
    assert earlier.subject in page and 'data-testid="form-accept_matter"' in page
    assert 'data-testid="child-repeats"' in page and "2026-0002" in page
    response = client.post(reverse("petitions:action", args=[matter.pk, "accept_matter"]),
                           {"accept_matter-accepted_on": "2026-04-02", "accept_matter-notified_on": "2026-04-02"})
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.status == "accepted" and matter.handling_due == D(2026, 6, 1)
    refused = client.post(reverse("petitions:action", args=[matter.pk, "extend_handling"]), {
        "extend_handling-extended_on": "2026-05-01", "extend_handling-extension_days": "30",
        "extend_handling-extension_reason": "复杂", "extend_handling-extension_approver": "局长"})
    assert refused.status_code == 422
    assert "Give the day the petitioner was told of the extension" in refused.content.decode()


def test_the_owner_registers_a_matter_on_the_page(world):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    response = csrf_client(world.owner).post(reverse("petitions:create"), {
        "agency": "sfx-scj", "number": "2026-0077", "channel": "online", "received_via": "direct",
        "petitioner_name": "赵某", "subject": "反映价格欺诈", "category": "accusation", "received_on": "2026-12-01"})
    assert response.status_code == 302
    matter = Matter.objects.get(number="2026-0077")
    assert matter.persons == 1 and matter.notice_due == D(2026, 12, 16)


def test_the_api_shows_the_outsider_nothing_and_refuses_its_steps(world, register):
    from ninja.testing import TestClient

    from fazhi.ledgers.api import router_for

    matter = register()
    api = TestClient(router_for(PAGES))  # a router of its own: the ledger's may already be mounted
    listed = api.get("/petitions/records", user=world.owner).json()
    assert matter.pk in {row["id"] for row in listed["items"]}
    assert matter.pk not in {row["id"] for row in api.get("/petitions/records", user=world.outsider).json()["items"]}
    assert api.get(f"/petitions/records/{matter.pk}", user=world.outsider).status_code == 404
    for action in PAGES.actions:
        refused = api.post(f"/petitions/records/{matter.pk}/{action.name.replace('_', '-')}", json={},
                           user=world.outsider)
        assert refused.status_code in (404, 422), action.name  # never 200: unseen, or its payload refused first
    refused = api.post(f"/petitions/records/{matter.pk}/accept-matter", json={"accepted_on": "2026-03-04"},
                       user=world.outsider)
    assert refused.status_code == 404
    opened = api.post("/petitions/records", json={
        "agency": "sfx-scj", "number": "2026-0099", "channel": "letter", "received_via": "direct",
        "petitioner_name": "王某", "subject": "接口信访", "category": "complaint", "received_on": "2026-03-02"},
        user=world.outsider)
    assert opened.status_code in (403, 404)
    done = api.post(f"/petitions/records/{matter.pk}/accept-matter",
                    json={"accepted_on": "2026-03-04", "notified_on": "2026-03-04"}, user=world.owner)
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    assert done.json()["handling_due"] == "2026-05-03"
    early = api.post(f"/petitions/records/{matter.pk}/issue-opinion", json={
        "replied_on": "2026-03-01", "reply_outcome": "supported", "reply_summary": "支持"}, user=world.owner)
    assert early.status_code == 422 and "replied_on" in str(early.json())
    matter.refresh_from_db()
    assert matter.status == "accepted"


def _workbook(rows: list[dict]) -> bytes:
    """The import workbook offered for download, filled in with ``rows`` (cells by column key)."""
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


def test_a_matter_handled_before_fazhi_is_imported_with_its_steps_and_a_refused_row_imports_nothing(world):
    row = {"agency": "sfx-scj", "register_matter.number": "2025-0031", "register_matter.channel": "letter (来信)",
           "register_matter.received_via": "direct", "register_matter.petitioner_name": "冯某",
           "register_matter.subject": "反映农贸市场管理", "register_matter.category": "complaint",
           "register_matter.received_on": "2025年9月1日", "accept_matter.accepted_on": "2025-09-03",
           "accept_matter.notified_on": "2025-09-03", "issue_opinion.replied_on": "2025/10/20",
           "issue_opinion.reply_outcome": "supported", "issue_opinion.reply_summary": "已整改",
           "record_evaluation.evaluation": "satisfied", "record_evaluation.evaluated_on": "2025-10-25",
           "close_matter.closed_on": "2025-12-01"}
    too_late = {**row, "register_matter.number": "2025-0032", "register_matter.received_on": "2022-04-01"}
    refused = PAGES.import_rows(_workbook([row, too_late]), user=world.owner)
    assert not refused.ok and not Matter.objects.exists()
    assert any("in force from 2022-05-01" in error.message for error in refused.errors), refused.errors
    result = PAGES.import_rows(_workbook([row]), user=world.owner)
    assert result.ok and result.imported == 1
    matter = Matter.objects.get(number="2025-0031")
    assert matter.status == "closed" and matter.handling_due == D(2025, 11, 2) and matter.evaluation == "satisfied"
