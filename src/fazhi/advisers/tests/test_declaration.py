"""What the ledger declares for the generic pages, the API, the agenda and Excel: one form per action whose fields are
the action's keyword arguments, both kinds of record on the pages; and what the owner and the outsider see of them."""

from __future__ import annotations

import io
from datetime import date

import pytest

from fazhi.advisers import actions, forms
from fazhi.advisers.ledger import CONTRACTS, MORE_PAGES, PAGES
from fazhi.advisers.procedure import PROCEDURE, dates_of
from fazhi.core.tests.clients import csrf_client

pytestmark = pytest.mark.django_db

D = date


def _cells(data: bytes) -> set[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return {str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
            for cell in row if cell is not None}


def test_every_action_has_its_form_and_the_pages_offer_each():
    from fazhi.ledgers.pages import declared

    assert set(actions.__all__) == set(forms.FORMS)
    offered = {a.name for pages in (PAGES, CONTRACTS) for a in (pages.create, *pages.actions)}
    assert offered == set(forms.FORMS)
    assert MORE_PAGES == (CONTRACTS,) and {PAGES.key, CONTRACTS.key} <= {p.key for p in declared()}
    assert CONTRACTS.url("list") == "/advisers/contracts/" and PAGES.url("list") == "/advisers/"


def test_filled_forms_run_their_actions_and_the_timeline_reads_them(bureau, owner):
    form = forms.AdviserForm({"name": "周律师", "kind": "public_lawyer", "engaged_as": "person",
                              "licence_number": "13301202110123456", "engaged_from": "2026-01-01",
                              "engaged_until": "2027-12-31"})
    assert form.is_valid(), form.errors
    adviser = actions.engage_adviser(agency=bureau, by=owner, **form.cleaned_data)
    opinion = forms.OpinionForm({"given_on": "2026-04-02", "subject_kind": "other", "subject": "执法文书格式",
                                 "opinion_text": "文书格式符合规定。"})
    assert opinion.is_valid(), opinion.errors
    actions.record_opinion(adviser, by=owner, **opinion.cleaned_data)
    attended = forms.AttendanceForm({"held_on": "2026-05-06", "meeting": "局长办公会议"})
    assert attended.is_valid(), attended.errors
    actions.record_attendance(adviser, by=owner, **attended.cleaned_data)
    assert [n for n, _d in PROCEDURE.timeline(dates_of(adviser))] == ["engage", "opinion", "attendance"]
    contract = forms.ContractForm({"number": "合审〔2026〕50号", "contract_name": "车辆租赁合同", "counterparty": "某汽车租赁公司",
                                   "amount": "12000.50", "received_on": "2026-03-02"})
    assert contract.is_valid(), contract.errors
    review = actions.receive_contract(agency=bureau, by=owner, **contract.cleaned_data)
    verdict = forms.ContractOpinionForm({"verdict": "approve", "opinion_on": "2026-03-05", "reviewer": "周律师"})
    assert verdict.is_valid(), verdict.errors
    review = actions.give_contract_opinion(review, by=owner, **verdict.cleaned_data)
    assert [n for n, _d in PROCEDURE.timeline(dates_of(review))] == ["contract_receive", "contract_opinion"]


def test_the_outsider_sees_nothing_of_either_kind_and_cannot_act(world, engage, receive, owner):
    adviser, review = engage(name="钱律师"), receive()
    outsider, mine = csrf_client(world.outsider), csrf_client(owner)
    for pages, record in ((PAGES, adviser), (CONTRACTS, review)):
        assert f'data-record="{record.pk}"' in mine.get(pages.url("list")).content.decode()
        assert mine.get(pages.url("detail", record.pk)).status_code == 200
        assert f'data-record="{record.pk}"' not in outsider.get(pages.url("list")).content.decode()
        assert outsider.get(pages.url("detail", record.pk)).status_code == 404
    assert "钱律师" in _cells(mine.get(PAGES.url("export")).content)
    assert "钱律师" not in _cells(outsider.get(PAGES.url("export")).content)
    assert review.number not in _cells(outsider.get(CONTRACTS.url("export")).content)
    response = outsider.post(PAGES.url("action", adviser.pk, "record_attendance"),
                             {"record_attendance-held_on": "2026-04-01", "record_attendance-meeting": "会议"})
    assert response.status_code == 404 and not adviser.attendances.exists()
    response = outsider.post(CONTRACTS.url("action", review.pk, "give_contract_opinion"), {
        "give_contract_opinion-verdict": "approve", "give_contract_opinion-opinion_on": "2026-03-05",
        "give_contract_opinion-reviewer": "某人"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == "received"


def test_a_post_without_the_csrf_token_is_refused(engage, owner):
    from django.test import Client

    adviser = engage()
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(PAGES.url("action", adviser.pk, "record_attendance"),
                           {"record_attendance-held_on": "2026-04-01", "record_attendance-meeting": "会议"})
    assert response.status_code == 403 and not adviser.attendances.exists()


def test_the_owner_records_an_opinion_on_the_page_and_a_refusal_stays_at_its_field(engage, receive, owner):
    adviser, review = engage(), receive(number="合审〔2026〕7号")
    client = csrf_client(owner)
    refused = client.post(PAGES.url("action", adviser.pk, "record_opinion"), {
        "record_opinion-given_on": "2026-03-04", "record_opinion-subject_kind": "contract",
        "record_opinion-subject": "检测合同", "record_opinion-opinion_text": "同意",
        "record_opinion-linked_ledger": "contracts", "record_opinion-linked_reference": "合审〔2026〕8号"})
    assert refused.status_code == 422 and "keeps none of its" in refused.content.decode()
    done = client.post(PAGES.url("action", adviser.pk, "record_opinion"), {
        "record_opinion-given_on": "2026-03-04", "record_opinion-subject_kind": "contract",
        "record_opinion-subject": "检测合同", "record_opinion-opinion_text": "同意",
        "record_opinion-linked_ledger": "contracts", "record_opinion-linked_reference": "合审〔2026〕7号"})
    assert done.status_code == 302
    page = client.get(PAGES.url("detail", adviser.pk)).content.decode()
    assert 'data-testid="child-opinions"' in page and "合审〔2026〕7号" in page
    contract_page = client.get(CONTRACTS.url("detail", review.pk)).content.decode()
    assert 'data-testid="form-give_contract_opinion"' in contract_page and "2026-03-11" in contract_page


def test_the_api_shows_the_outsider_nothing_and_refuses_at_the_field(world, bureau, receive, owner):
    from ninja.testing import TestClient

    from fazhi.ledgers.api import router_for

    review = receive()
    api = TestClient(router_for(CONTRACTS))
    assert review.pk in {row["id"] for row in api.get("/contracts/records", user=owner).json()["items"]}
    assert not api.get("/contracts/records", user=world.outsider).json()["items"]
    assert api.get(f"/contracts/records/{review.pk}", user=world.outsider).status_code == 404
    assert api.post(f"/contracts/records/{review.pk}/give-contract-opinion", json={
        "verdict": "approve", "opinion_on": "2026-03-05", "reviewer": "某人"}, user=world.outsider).status_code == 404
    refused = api.post(f"/contracts/records/{review.pk}/give-contract-opinion", json={
        "verdict": "reject", "opinion_on": "2026-03-05", "reviewer": "王律师"}, user=owner)
    assert refused.status_code == 422 and "opinion_text" in str(refused.json())
    made = api.post("/contracts/records", json={"agency": bureau.code, "number": "合审〔2026〕60号",
                                                 "contract_name": "宣传品印制合同", "counterparty": "某印务公司",
                                                 "received_on": "2026-09-24"}, user=owner)
    assert made.status_code == 200 and made.json()["review_due"] == "2026-10-12"
    assert api.post("/contracts/records", json={"agency": bureau.code, "number": "X1", "contract_name": "合同",
                                                "counterparty": "某公司", "received_on": "2026-09-24"},
                    user=world.outsider).status_code in (403, 404)


def test_the_home_agenda_names_reviews_due_and_terms_ending_within_the_setting(engage, receive, owner, settings):
    from fazhi.advisers.tests.conftest import TODAY
    from fazhi.core.agenda import items_for

    soon = receive(received_on=D(2026, 12, 11))  # due Mon 22 December
    late = receive(received_on=D(2026, 11, 2))  # due Wed 11 November: overdue
    ending = engage(name="孙律师", engaged_until=D(2027, 1, 10))  # 26 days ahead
    later = engage(name="吴律师", engaged_until=D(2027, 3, 31))
    items = {item.url: item for item in items_for(owner, TODAY)}
    assert items[CONTRACTS.url("detail", late.pk)].state == "overdue"
    assert CONTRACTS.url("detail", soon.pk) in items
    assert items[PAGES.url("detail", ending.pk)].title == "孙律师"
    assert PAGES.url("detail", later.pk) not in items
    settings.FAZHI_ADVISERS_TERM_REMINDER_DAYS = 10
    assert PAGES.url("detail", ending.pk) not in {item.url for item in items_for(owner, TODAY)}


def test_contracts_reviewed_before_fazhi_are_imported_with_their_opinion(owner):
    from openpyxl import load_workbook

    from fazhi.advisers.models import ContractReview
    from fazhi.ledgers.excel import FIRST_ROW

    keys = [column[0] for column in CONTRACTS.import_columns()]
    workbook = load_workbook(io.BytesIO(CONTRACTS.import_template()))
    rows = [{"agency": "sfx-scj", "receive_contract.number": "合审〔2025〕3号", "receive_contract.contract_name": "办公楼物业合同",
             "receive_contract.counterparty": "某物业公司", "receive_contract.received_on": "2025年9月24日",
             "give_contract_opinion.verdict": "approved with changes", "give_contract_opinion.opinion_on": "2025/10/13",
             "give_contract_opinion.reviewer": "法规股", "give_contract_opinion.opinion_text": "补充服务标准。"},
            {"agency": "lsx-sfj", "receive_contract.number": "邻审1号", "receive_contract.contract_name": "邻县合同",
             "receive_contract.counterparty": "某公司", "receive_contract.received_on": "2025-09-24"}]
    for offset, cells in enumerate(rows):
        for key, value in cells.items():
            workbook.active.cell(row=FIRST_ROW + offset, column=2 + keys.index(key), value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    refused = CONTRACTS.import_rows(buffer.getvalue(), user=owner)
    assert not refused.ok and "not an agency you keep records for" in refused.errors[0].message
    assert not ContractReview.objects.exists()
    workbook.active.delete_rows(FIRST_ROW + 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = CONTRACTS.import_rows(buffer.getvalue(), user=owner)
    assert result.ok and result.imported == 1, result.errors
    review = ContractReview.objects.get()
    # Wed 24 Sep 2025: 25, 26, Sun 28 (调休), 29, 30; 国庆 1–8 Oct off; 9, 10 — due 10 October: the opinion was late.
    assert review.review_due == D(2025, 10, 10) and review.verdict == "changes" and review.was_late
