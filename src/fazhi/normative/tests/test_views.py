"""The ledger's pages: scoped reads (owner, colleague, outsider), thin steps, export, the public library."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from fazhi.normative import actions
from fazhi.normative.models import Document

from .conftest import at

pytestmark = pytest.mark.django_db
S = Document.Status


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def detail(doc):
    return reverse("normative:detail", args=[doc.pk])


def test_pages_need_a_log_in(world, client):
    response = client.get(reverse("normative:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_owner_colleague_and_outsider(world, make_document, as_user, client):
    doc = make_document("drafting", title="市场监管局办法")
    assert as_user(world.owner).get(detail(doc)).status_code == 200
    assert "市场监管局办法" in client.get(reverse("normative:list")).content.decode()
    client.logout()
    assert as_user(world.colleague).get(detail(doc)).status_code == 404
    assert "市场监管局办法" not in client.get(reverse("normative:list")).content.decode()
    assert client.get(reverse("normative:edit", args=[doc.pk])).status_code == 404
    client.logout()
    assert as_user(world.outsider).get(detail(doc)).status_code == 404
    response = client.post(reverse("normative:step", args=[doc.pk, "submit_review"]),
                           {"submitted_on": "2026-03-02", "skip_reason": "x"})
    assert response.status_code == 404
    client.logout()
    # The leader reads but may not edit.
    assert as_user(world.leader).get(detail(doc)).status_code == 200
    assert client.get(reverse("normative:edit", args=[doc.pk])).status_code == 403


def test_list_filters_and_pages_without_n_plus_one(world, make_document, as_user):
    for i in range(3):
        make_document("drafting", title=f"草案{i}")
    published = make_document("published", title="已发布办法")
    client = as_user(world.office)
    html = client.get(reverse("normative:list"), {"status": "published"}).content.decode()
    assert "已发布办法" in html and "草案0" not in html
    html = client.get(reverse("normative:list"), {"q": published.number}).content.decode()
    assert "已发布办法" in html and "草案1" not in html
    html = client.get(reverse("normative:list"), {"agency": "sfx-jyj"}).content.decode()
    assert "No document matches." in html
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("normative:list"))
    for i in range(5):
        make_document("drafting", title=f"更多草案{i}")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("normative:list"))
    assert len(more.captured_queries) == len(few.captured_queries)


def test_overdue_filter_and_red_row(world, make_document, as_user):
    with at(date(2026, 3, 20)):
        doc = make_document("published", title="逾期未备案办法")
    with at(date(2026, 5, 1)):
        client = as_user(world.office)
        html = client.get(reverse("normative:list"), {"overdue": "1"}).content.decode()
        assert "逾期未备案办法" in html and 'class="overdue"' in html
        page = client.get(detail(doc)).content.decode()
        assert 'data-testid="overdue"' in page
        home = client.get(reverse("home")).content.decode()
        assert "逾期未备案办法" in home and 'data-testid="agenda-overdue"' in home


def test_the_steps_through_the_pages(world, as_user, client):
    with at(date(2026, 3, 2)):
        owner = as_user(world.owner)
        response = owner.post(reverse("normative:create"), {
            "agency": world.agency("sfx-scj").pk, "title": "示范县页面办法", "kind": "department",
            "full_text": "第一条 正文。", "interpretation": "解读。",
        })
        doc = Document.objects.get(title="示范县页面办法")
        assert response.status_code == 302 and response["Location"] == detail(doc)
        # Refused: no comment and no reason. What was typed stays.
        response = owner.post(reverse("normative:step", args=[doc.pk, "submit_review"]),
                              {"submitted_on": "2026-03-02", "skip_reason": ""})
        assert response.status_code == 400
        assert "Publish the draft for public comment first" in response.content.decode()
        owner.post(reverse("normative:step", args=[doc.pk, "submit_review"]),
                   {"submitted_on": "2026-03-02", "skip_reason": "内部管理"})
        doc.refresh_from_db()
        assert doc.status == S.LEGALITY_REVIEW
        assert 'data-testid="form-review"' not in owner.get(detail(doc)).content.decode()
        client.logout()
        office = as_user(world.office)
        assert 'data-testid="form-review"' in office.get(detail(doc)).content.decode()
        office.post(reverse("normative:step", args=[doc.pk, "review"]),
                    {"passed": "yes", "opinion": "同意", "completed_on": "2026-03-02"})
        office.post(reverse("normative:step", args=[doc.pk, "deliberate"]),
                    {"meeting": "局务会议", "deliberated_on": "2026-03-02"})
        response = office.post(reverse("normative:step", args=[doc.pk, "register"]), {"registered_on": "2026-03-02"},
                               follow=True)
        assert "registered as 示范规〔2026〕001号" in response.content.decode()
        step = {"published_on": "2026-03-02", "channel": "县政府网站", "effective_from": "2026-03-02",
                "interpretation": "解读。"}
        refused = office.post(reverse("normative:step", args=[doc.pk, "publish"]), step).content.decode()
        assert "2026-04-01" in refused  # in force on publication: the page asks for the reason, nothing is lost
        doc.refresh_from_db()
        assert doc.status == S.REGISTERED
        office.post(reverse("normative:step", args=[doc.pk, "publish"]), {**step, "early_effect_reason": "急需施行"})
        doc.refresh_from_db()
        assert doc.status == S.PUBLISHED
        filing = doc.filings.get()
        response = office.post(reverse("normative:filing_record", args=[filing.pk]),
                               {f"filing-{filing.pk}-filed_on": "2026-03-02", f"filing-{filing.pk}-receipt": "R1"})
        assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.status == S.IN_FORCE


def test_export_has_the_filtered_rows(world, make_document, as_user):
    from openpyxl import load_workbook

    make_document("published", title="导出办法")
    make_document("drafting", title="不导出草案")
    response = as_user(world.office).get(reverse("normative:export"), {"status": "published"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["导出办法"]


def test_outsider_export_is_empty(world, make_document, as_user):
    from openpyxl import load_workbook

    make_document("published", title="导出办法")
    response = as_user(world.outsider).get(reverse("normative:export"))
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 1


def test_the_public_library_shows_only_published_documents(world, make_document, client):
    published = make_document("published", title="公开的办法")
    draft = make_document("registered", title="未公开的办法")
    html = client.get(reverse("normative:public_library")).content.decode()
    assert "公开的办法" in html and "未公开的办法" not in html
    assert f'<td data-testid="valid-until">{published.valid_until:%Y-%m-%d}</td>' in html  # how long it is in force
    page = client.get(reverse("normative:public_detail", args=[published.pk])).content.decode()
    assert published.number in page and "第一条" in page and "制定背景" in page and "in force (现行有效)" in page
    assert client.get(reverse("normative:public_detail", args=[draft.pk])).status_code == 404
    html = client.get(reverse("normative:public_library"), {"status": "abolished"}).content.decode()
    assert "公开的办法" not in html
    html = client.get(reverse("normative:public_library"), {"q": "公开", "year": 2026, "agency": "sfx-scj",
                                                            "status": "valid"}).content.decode()
    assert "公开的办法" in html


def test_public_library_shows_the_end_of_a_document(world, make_document, client):
    doc = make_document("in_force", title="将废止的办法")
    actions.abolish_document(doc, by=world.owner, on=date(2026, 4, 1), reason="已不适应")
    html = client.get(reverse("normative:public_library"), {"status": "abolished"}).content.decode()
    assert "将废止的办法" in html and "abolished (已废止)" in html


def test_cleanup_pages(world, make_document, as_user, client):
    doc = make_document("in_force", title="清理对象办法")
    office = as_user(world.office)
    response = office.post(reverse("normative:cleanup_create"), {
        "office": world.agency("sfx-office").pk, "title": "2026年清理", "opened_on": "2026-04-01",
        "covers_until": "2026-03-31", "due_on": "2026-05-31"})
    assert response.status_code == 302
    cleanup_url = response["Location"]
    proposal = doc.cleanup_proposals.get()
    client.logout()
    owner = as_user(world.owner)
    assert "清理对象办法" in owner.get(cleanup_url).content.decode()
    owner.post(reverse("normative:cleanup_propose", args=[proposal.pk]),
               {f"p{proposal.pk}-choice": "abolish", f"p{proposal.pk}-reason": "已过时"})
    client.logout()
    assert as_user(world.colleague).get(cleanup_url).status_code == 404
    client.logout()
    office = as_user(world.office)
    office.post(reverse("normative:cleanup_decide", args=[proposal.pk]), {
        f"d{proposal.pk}-choice": "abolish", f"d{proposal.pk}-reason": "已过时", f"d{proposal.pk}-decided_on": "2026-04-10"})
    office.post(cleanup_url + "publish/", {"published_on": "2026-04-20"})
    doc.refresh_from_db()
    assert doc.status == S.ABOLISHED
    client.logout()
    public = client.get(reverse("normative:public_cleanups")).content.decode()
    assert "2026年清理" in public
    cleanup_pk = proposal.cleanup_id
    page = client.get(reverse("normative:public_cleanup", args=[cleanup_pk])).content.decode()
    assert "清理对象办法" in page


def test_a_comment_period_that_has_ended_shows_as_closed_not_overdue(world):
    from fazhi.core import agenda

    with at(date(2026, 3, 1)):
        doc = actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范县征求意见办法",
                                     full_text="第一条 示范。")
        actions.open_public_comment(doc, by=world.owner, opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 12))
    client = Client()
    client.force_login(world.owner)
    with at(date(2026, 3, 20)):
        page = client.get(reverse("normative:detail", args=[doc.pk])).content.decode()
        rows = client.get(reverse("normative:list")).context["rows"]
        overdue = client.get(reverse("normative:list"), {"overdue": "1"}).context["rows"]
        items = [i for provider in agenda._providers for i in provider(world.owner, date(2026, 3, 20))]
    assert 'class="next-deadline closed"' in page
    assert [r["state"] for r in rows if r["pk"] == doc.pk] == ["closed"]
    assert doc.pk not in [r["pk"] for r in overdue]
    assert "示范县征求意见办法" not in [i.title for i in items]  # no reminder that it is overdue


def test_the_filing_register_counts_the_years_filings_and_exports_them(world, make_document):
    import io

    from openpyxl import load_workbook

    from fazhi.core.tests.clients import csrf_client

    on_time = make_document("in_force", title="按时备案的办法")  # published 2026-03-11, filed 3 days later
    waiting = make_document("published", title="尚未备案的办法")
    with at(date(2026, 12, 1)):
        office = csrf_client(world.office)
        page = office.get(reverse("normative:filing_register"), {"year": 2026})
        export = office.get(reverse("normative:filing_register_export"), {"year": 2026})
        outsider = csrf_client(world.outsider)
        hidden = outsider.get(reverse("normative:filing_register"), {"year": 2026}).content.decode()
        hidden_export = outsider.get(reverse("normative:filing_register_export"), {"year": 2026})
    figures = page.context["figures"]
    assert figures["due"] == 2 and figures["on_time"] == 1 and figures["overdue"] == 1 and figures["late"] == 0
    html = page.content.decode()
    assert "按时备案的办法" in html and "尚未备案的办法" in html and on_time.number in html
    sheets = load_workbook(io.BytesIO(export.content))
    rows = list(sheets.worksheets[0].values)
    assert rows[0][:4] == ("Number", "Document title", "Issuing agency", "Filed with")
    assert sorted(r[1] for r in rows[1:]) == sorted([on_time.title, waiting.title])
    assert dict(sheets.worksheets[1].values)["Not filed, overdue"] == 1
    assert "按时备案的办法" not in hidden  # another county's office sees none of it
    assert len(list(load_workbook(io.BytesIO(hidden_export.content)).worksheets[0].values)) == 1  # the header


def test_the_legality_review_is_issued_as_a_numbered_opinion_letter(world, make_document):
    import io

    from docx import Document as Docx

    from fazhi.core.tests.clients import csrf_client

    first = make_document("legality_review", title="示范县甲办法")
    second = make_document("legality_review", title="示范县乙办法")
    actions.record_review(first, by=world.office, passed=True, opinion="制定主体适格。\n程序合法。",
                          completed_on=date(2026, 3, 5), signatory="李主任")
    second = actions.record_review(second, by=world.office, passed=False, opinion="第三条缺少上位法依据。",
                                   completed_on=date(2026, 3, 6))
    first.refresh_from_db()
    assert (first.review_number, second.review_number) == ("示范法审〔2026〕1号", "示范法审〔2026〕2号")
    assert second.review_signatory == str(world.office)  # the reviewer signs when no one else is named
    owner = csrf_client(world.owner)
    page = owner.get(reverse("normative:detail", args=[first.pk])).content.decode()
    assert reverse("normative:review_opinion", args=[first.pk]) in page
    response = owner.get(reverse("normative:review_opinion", args=[first.pk]))
    texts = [p.text for p in Docx(io.BytesIO(response.content)).paragraphs]
    assert texts[:2] == ["关于《示范县甲办法》的合法性审核意见书", "示范法审〔2026〕1号"]
    assert "制定主体适格。" in texts and "程序合法。" in texts and "签发人：李主任" in texts
    assert any(t.startswith("审核结论：通过") for t in texts)
    assert csrf_client(world.outsider).get(reverse("normative:review_opinion", args=[first.pk])).status_code == 404
    drafting = make_document("drafting", title="示范县丙办法")
    assert owner.get(reverse("normative:review_opinion", args=[drafting.pk])).status_code == 404
