"""What the ledger declares for the generic pages, the API and the clock: one form per action whose fields are the
action's keyword arguments, the procedure's steps, the pages' actions; and what the owner and the outsider see of it
on the pages and in the API."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.mediation import actions, forms
from fazhi.mediation.ledger import PAGES
from fazhi.mediation.procedure import PROCEDURE, dates_of

pytestmark = pytest.mark.django_db

D = date


def test_every_public_action_has_its_form_and_the_pages_offer_each():
    assert set(actions.__all__) == set(forms.FORMS)
    assert PAGES.create.run == "fazhi.mediation.actions.receive_dispute"
    assert {a.name for a in PAGES.actions} == set(forms.FORMS) - {"receive_dispute"}
    assert set(PAGES.imported) <= {a.name for a in PAGES.actions}


def test_the_pages_statuses_are_the_models():
    from fazhi.mediation.models import Dispute

    for action in PAGES.actions:
        assert set(action.statuses) <= set(Dispute.Status.values), action.name
    assert set(PAGES.closed_statuses) == set(Dispute.ENDED_STATUSES)


def test_filled_forms_run_their_actions(township, owner):
    form = forms.DisputeForm({"number": "城调〔2026〕88号", "organisation": "城关镇人民调解委员会",
                              "organisation_kind": "peoples", "parties": "张某、李某", "party_count": "2",
                              "dispute_type": "family", "summary": "赡养纠纷", "source": "police",
                              "referred_by": "城关派出所", "amount": "1200.50", "received_on": "2026-03-02"})
    assert form.is_valid(), form.errors
    dispute = actions.receive_dispute(agency=township, by=owner, **form.cleaned_data)
    session = forms.SessionForm({"held_on": "2026-03-03", "session_note": "听取陈述"})
    assert session.is_valid(), session.errors
    actions.record_session(dispute, by=owner, **session.cleaned_data)
    dispute.refresh_from_db()
    agreement = forms.AgreementForm({"agreement_on": "2026-03-05", "agreement_form": "written",
                                     "agreement_summary": "按月给付赡养费", "performance_due": "2026-03-31",
                                     "confirmation_intended": "on"})
    assert agreement.is_valid(), agreement.errors
    dispute = actions.record_agreement(dispute, by=owner, **agreement.cleaned_data)
    applied = forms.ConfirmationApplicationForm({"confirmation_applied_on": "2026-03-10",
                                                 "confirmation_court": "示范县人民法院"})
    assert applied.is_valid(), applied.errors
    dispute = actions.record_confirmation_application(dispute, by=owner, **applied.cleaned_data)
    ruling = forms.ConfirmationRulingForm({"ruling": "confirmed", "ruled_on": "2026-03-20"})
    assert ruling.is_valid(), ruling.errors
    dispute = actions.record_confirmation_ruling(dispute, by=owner, **ruling.cleaned_data)
    assert dispute.status == "agreed" and dispute.confirmed_on == D(2026, 3, 20) and dispute.amount == 1200.5


def test_the_procedure_orders_its_steps_and_the_timeline_reads_the_dispute(agreed, owner):
    assert PROCEDURE.ledger == "mediation"
    dispute = agreed(days=10)
    dispute = actions.record_performance(dispute, by=owner, performed_on=D(2026, 3, 20))
    assert [name for name, _day in PROCEDURE.timeline(dates_of(dispute))] == [
        "receive", "session", "agreement", "performance"]


# -- the pages ----------------------------------------------------------------------------------------------------


def _cells(data: bytes) -> set[str]:
    """Every cell's text in an exported workbook."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return {str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None}


def test_the_outsider_sees_nothing_in_the_list_nor_the_detail_and_cannot_act(world, receive, owner):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    dispute = receive()
    mine = csrf_client(owner).get(reverse("mediation:list")).content.decode()
    assert f'data-record="{dispute.pk}"' in mine
    outsider = csrf_client(world.outsider)
    assert f'data-record="{dispute.pk}"' not in outsider.get(reverse("mediation:list")).content.decode()
    assert outsider.get(reverse("mediation:detail", args=[dispute.pk])).status_code == 404
    response = outsider.post(reverse("mediation:action", args=[dispute.pk, "record_session"]),
                             {"record_session-held_on": "2026-03-05", "record_session-session_note": "调解"})
    assert response.status_code == 404
    assert dispute.number in _cells(csrf_client(owner).get(reverse("mediation:export")).content)
    assert dispute.number not in _cells(outsider.get(reverse("mediation:export")).content)
    dispute.refresh_from_db()
    assert dispute.status == "received" and not dispute.sessions.exists()


def test_the_owners_page_shows_the_dispute_and_records_a_step(receive, owner):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client

    dispute = receive()
    client = csrf_client(owner)
    page = client.get(reverse("mediation:detail", args=[dispute.pk])).content.decode()
    assert "城关镇人民调解委员会" in page and 'data-testid="form-record_session"' in page
    response = client.post(reverse("mediation:action", args=[dispute.pk, "record_session"]),
                           {"record_session-held_on": "2026-03-05", "record_session-session_note": "第一次调解"})
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == "mediating"
    page = client.get(reverse("mediation:detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="child-sessions"' in page and "第一次调解" in page
    refused = client.post(reverse("mediation:action", args=[dispute.pk, "record_agreement"]), {
        "record_agreement-agreement_on": "2026-03-04", "record_agreement-agreement_form": "oral",
        "record_agreement-agreement_summary": "握手言和"})
    assert refused.status_code == 422
    assert "cannot come before the latest mediation session" in refused.content.decode()


def test_the_owner_opens_a_dispute_on_the_page(township, owner):
    from django.urls import reverse

    from fazhi.core.tests.clients import csrf_client
    from fazhi.mediation.models import Dispute

    response = csrf_client(owner).post(reverse("mediation:create"), {
        "agency": township.code, "number": "城调〔2026〕90号", "organisation": "城关镇人民调解委员会",
        "organisation_kind": "peoples", "parties": "王某、赵某", "party_count": "2", "dispute_type": "land",
        "summary": "宅基地界址争议", "source": "screening", "screening": "2026年秋季矛盾纠纷排查",
        "received_on": "2026-09-01"})
    assert response.status_code == 302
    dispute = Dispute.objects.get(number="城调〔2026〕90号")
    assert dispute.agency == township and dispute.mediation_due == D(2026, 10, 1)


def test_the_api_shows_the_outsider_nothing_and_refuses_its_steps(world, township, receive, owner):
    from ninja.testing import TestClient

    from fazhi.ledgers.api import router_for

    dispute = receive()
    api = TestClient(router_for(PAGES))  # a router of its own: the ledger's may already be mounted
    listed = api.get("/mediation/records", user=owner).json()
    assert dispute.pk in {row["id"] for row in listed["items"]}
    assert dispute.pk not in {row["id"] for row in api.get("/mediation/records", user=world.outsider).json()["items"]}
    assert api.get(f"/mediation/records/{dispute.pk}", user=world.outsider).status_code == 404
    refused = api.post(f"/mediation/records/{dispute.pk}/record-session",
                       json={"held_on": "2026-03-05", "session_note": "调解"}, user=world.outsider)
    assert refused.status_code == 404
    opened = api.post("/mediation/records", json={
        "agency": township.code, "number": "城调〔2026〕99号", "organisation": "城关镇人民调解委员会",
        "organisation_kind": "peoples", "parties": "甲、乙", "party_count": 2, "dispute_type": "other",
        "summary": "接口登记", "source": "application", "received_on": "2026-03-02"}, user=world.outsider)
    assert opened.status_code in (403, 404)
    done = api.post(f"/mediation/records/{dispute.pk}/record-session",
                    json={"held_on": "2026-03-05", "session_note": "调解"}, user=owner)
    assert done.status_code == 200 and done.json()["status"] == "mediating"
    early = api.post(f"/mediation/records/{dispute.pk}/record-agreement", json={
        "agreement_on": "2026-03-04", "agreement_form": "oral", "agreement_summary": "和解"}, user=owner)
    assert early.status_code == 422 and "agreement_on" in str(early.json())
    made = api.post("/mediation/records", json={
        "agency": township.code, "number": "城调〔2026〕99号", "organisation": "城关镇人民调解委员会",
        "organisation_kind": "peoples", "parties": "甲、乙", "party_count": 2, "dispute_type": "other",
        "summary": "接口登记", "source": "application", "received_on": "2026-03-02"}, user=owner)
    assert made.status_code == 200 and made.json()["mediation_due"] == "2026-04-02"


def _workbook(rows: list[dict]) -> bytes:
    """The import workbook offered for download, filled in with ``rows`` (cells by column key, such as
    "record_session.held_on")."""
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


def test_a_dispute_mediated_before_fazhi_is_imported_with_its_steps_and_a_refused_row_imports_nothing(owner):
    from fazhi.mediation.models import Dispute

    row = {"agency": "sfx-t01", "receive_dispute.number": "城调〔2026〕31号",
           "receive_dispute.organisation": "城关镇人民调解委员会", "receive_dispute.organisation_kind": "peoples",
           "receive_dispute.parties": "冯某、陈某", "receive_dispute.party_count": 2,
           "receive_dispute.dispute_type": "neighbourhood", "receive_dispute.summary": "排水纠纷",
           "receive_dispute.source": "application", "receive_dispute.received_on": "2026年3月2日",
           "record_session.held_on": "2026-03-04", "record_session.session_note": "调解一次",
           "record_agreement.agreement_on": "2026/3/6", "record_agreement.agreement_form": "written",
           "record_agreement.agreement_summary": "修缮排水沟", "record_agreement.performance_due": "2026-03-31",
           "record_confirmation_application.confirmation_applied_on": "2026-03-20",
           "record_confirmation_application.confirmation_court": "示范县人民法院",
           "record_performance.performed_on": "2026-03-28", "record_return_visit.return_visit_on": "2026-04-15",
           "record_return_visit.return_visit_note": "稳定"}
    without_session = {**row, "receive_dispute.number": "城调〔2026〕32号", "record_session.held_on": "",
                       "record_session.session_note": ""}
    refused = PAGES.import_rows(_workbook([row, without_session]), user=owner)
    assert not refused.ok and not Dispute.objects.exists()
    assert any("Record the mediation session at which the parties agreed first" in error.message
               for error in refused.errors), refused.errors
    result = PAGES.import_rows(_workbook([row]), user=owner)
    assert result.ok and result.imported == 1
    dispute = Dispute.objects.get(number="城调〔2026〕31号")
    assert dispute.status == "performed" and dispute.confirmation_due == D(2026, 4, 7)
    assert dispute.sessions.count() == 1 and dispute.return_visit_on == D(2026, 4, 15)
