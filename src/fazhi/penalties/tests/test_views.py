"""The penalty pages through the scope: the owner keeps the cases and walks every step on the case's page, the office
reads them, the other department and the outsider see nothing anywhere (list, detail, export, step, API) and change
nothing; CSRF enforced; a refusal keeps what was typed and cites its article; Excel in is all or nothing; the public
pages show the published decisions with a citizen masked, and nothing else."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.lists import portal_changed
from fazhi.core.tests.clients import csrf_client
from fazhi.penalties.apps import PORTAL
from fazhi.penalties.models import Case, CaseRecord, DiscretionStandard, LenientItem
from fazhi.penalties.tests.conftest import credit_code

pytestmark = pytest.mark.django_db

DECISION = dict(decision_number="示市监罚〔2026〕1号", facts="经查，当事人销售超过保质期的食品。", legal_basis="《食品安全法》第124条",
                performance="自收到本决定书之日起十五日内缴纳罚款", remedy="六十日内申请行政复议或者六个月内提起行政诉讼")

def person_id() -> str:
    from fazhi.enforcement.demo import id_number

    return id_number(9, date(1990, 1, 1))


@pytest.fixture
def ledger(world, open_case, officers):
    """A case under investigation (with a record), and a citizen's decided, published case."""
    from fazhi.penalties import actions

    pending = open_case(title="隐秘商贸公司销售过期食品案", party_name="隐秘商贸有限公司")
    actions.add_record(pending, by=world.owner, action="inspection", on=date(2026, 3, 3), officers=officers,
                       description="现场检查发现过期食品")
    number = person_id()
    person = open_case(title="王小明销售过期食品案", party_kind="person", party_name="王小明", party_code=number,
                       violation_on=date(2026, 8, 20), discovered_on=date(2026, 8, 30), opened_on=date(2026, 9, 1))
    person = actions.notify_penalty(person, by=world.owner, on=date(2026, 9, 19), penalty_types=["warning"])
    person = actions.receive_notice(person, by=world.owner, on=date(2026, 9, 19))
    facts = f"经查，王小明（身份证号{number}，电话13912345678）销售过期食品。"
    person = actions.decide(person, by=world.owner, on=date(2026, 9, 29), outcome="penalty",
                            **{**DECISION, "facts": facts, "decision_number": "示市监罚〔2026〕9号"})
    person = actions.serve_decision(person, by=world.owner, on=date(2026, 9, 30), method="直接送达")
    person = actions.publish_decision(person, by=world.owner, on=date(2026, 10, 9))
    return {"pending": pending, "person": person}


def shows(response, *words) -> bool:
    body = response.content
    if body[:2] == b"PK":
        sheet = load_workbook(io.BytesIO(body)).active
        body = " ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v).encode()
    return any(w.encode() in body for w in words)


def step_url(case, step: str) -> str:
    return reverse("penalties:case_step", args=[case.pk, step])


def detail_url(case) -> str:
    return reverse("penalties:case_detail", args=[case.pk])


# Scope ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_others_see_nothing_and_change_nothing(world, ledger, who):
    client = csrf_client(getattr(world, who))
    pending = ledger["pending"]
    for url in [reverse("penalties:case_list"), reverse("penalties:case_export"),
                reverse("penalties:case_list") + "?q=隐秘", reverse("penalties:discretion_list"),
                reverse("penalties:lenient_list")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not shows(response, "隐秘商贸", "王小明", "示市监立"), url
    for case in (pending, ledger["person"]):
        assert client.get(detail_url(case)).status_code == 404
        assert client.get(f"/api/v1/penalty-cases/{case.pk}").status_code == 404
    data = {"investigation_ended_on": "2026-11-20", "dropped_on": "2026-11-20", "drop_reason": "越权"}
    for step in ("end-investigation", "drop", "record", "nonsense"):
        assert client.post(step_url(pending, step), data).status_code == 404, step
    pending.refresh_from_db()
    assert pending.status == "investigating" and pending.investigation_ended_on is None
    assert client.post(reverse("penalties:case_create"), {"number": "越权-1"}).status_code == 403
    assert not Case.objects.filter(number="越权-1").exists()


def test_posts_need_the_csrf_token(world, ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    pending = ledger["pending"]
    response = client.post(step_url(pending, "end-investigation"), {"investigation_ended_on": "2026-11-20"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.investigation_ended_on is None


def test_the_office_reads_but_does_not_keep_the_cases(world, ledger):
    client = csrf_client(world.office)
    pending = ledger["pending"]
    page = client.get(detail_url(pending)).content.decode()
    assert "隐秘商贸公司销售过期食品案" in page and "现场检查发现过期食品" in page
    assert 'data-testid="form-' not in page
    response = client.post(step_url(pending, "end-investigation"), {"investigation_ended_on": "2026-11-20"})
    assert response.status_code == 403
    assert "隐秘商贸公司" in client.get(reverse("penalties:case_list")).content.decode()


# The list and the export ------------------------------------------------------------------------------------------


def test_the_list_filters_counts_and_colours_the_deadline(world, ledger, open_case, monkeypatch,
                                                          django_assert_max_num_queries):
    client = csrf_client(world.owner)
    url = reverse("penalties:case_list")
    page = client.get(url).content.decode()
    assert "Cases: 2" in page and "隐秘商贸公司销售过期食品案" in page and "王小明销售过期食品案" in page
    # Filed 2026-03-02: the 90-day limit (第60条) passed on 2026-05-31.
    row = page.split(f'data-case="{ledger["pending"].pk}"')[1].split("</tr>")[0]
    assert "2026-05-31" in row and 'data-testid="overdue"' in row and "第60条" in row
    assert "隐秘" not in client.get(url, {"status": "decided"}).content.decode()
    assert "王小明" not in client.get(url, {"q": "隐秘"}).content.decode()
    assert "Cases: 1" in client.get(url, {"overdue": "1"}).content.decode()
    assert "Cases: 0" in client.get(url, {"year": "2020"}).content.decode()
    assert "Cases: 0" in client.get(url, {"procedure": "simplified"}).content.decode()
    assert "Cases: 1" in client.get(url, {"outcome": "penalty"}).content.decode()
    assert "Cases: 2" in client.get(url, {"agency": "sfx-scj", "body": ledger["pending"].body_id}).content.decode()
    assert "Cases: 2" in client.get(url, {"year": "abc", "status": "nonsense"}).content.decode()  # ignored
    monkeypatch.setattr("fazhi.penalties.views.COUNT_CAP", 1)
    monkeypatch.setattr("fazhi.penalties.views.PAGE_SIZE", 1)
    page = client.get(url).content.decode()
    assert "More than 1 cases" in page and "page=2" in page
    # No query per row: the page costs the same with more cases.
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for serial in range(5):
        open_case(number=f"多-{serial}")
    monkeypatch.setattr("fazhi.penalties.views.PAGE_SIZE", 50)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_export_holds_the_filtered_cases(world, ledger):
    client = csrf_client(world.owner)
    response = client.get(reverse("penalties:case_export"), {"status": "investigating"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Case number" and len(rows) == 2 and rows[1][1] == "隐秘商贸公司销售过期食品案"
    assert "张执法、李执法" in rows[1]


# The steps ----------------------------------------------------------------------------------------------------------


def test_the_owner_walks_every_step_on_the_page(world, open_case, officers, body):
    client = csrf_client(world.owner)
    case = open_case(violation_on=date(2026, 8, 20), discovered_on=date(2026, 8, 30), opened_on=date(2026, 9, 1))
    page = client.get(detail_url(case)).content.decode()
    assert "2026-11-30" in page and "第60条" in page  # 90 days from 2026-09-01
    for slug in ("record", "end-investigation", "major", "notify", "discussion", "extend", "pause", "decide",
                 "drop", "submit-review"):
        assert f'data-testid="form-{slug}"' in page, slug
    assert 'data-testid="form-serve"' not in page and 'data-testid="form-publish"' not in page

    def post(step, data, status=302):
        response = client.post(step_url(case, step), data)
        assert response.status_code == status, (step, response.content.decode()[-3000:])
        case.refresh_from_db()
        return response

    scan = SimpleUploadedFile("笔录.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")
    post("record", {"action": "seizure", "on": "2026-09-02", "officers": [o.pk for o in officers],
                    "description": "扣押过期食品20箱", "av_reference": "记录仪A03-01", "file": scan})
    record = CaseRecord.objects.get(case=case)
    page = client.get(detail_url(case)).content.decode()
    assert "扣押过期食品20箱" in page and "记录仪A03-01" in page and "笔录.pdf" in page and "张执法、李执法" in page
    post("end-investigation", {"investigation_ended_on": "2026-09-20"})
    post("notify", {"notified_on": "2026-09-25", "penalty_types": ["fine"], "fine": "200000"})
    assert case.status == "notified" and case.hearing_right and "large_fine" in case.major_categories
    post("receive-notice", {"notice_received_on": "2026-09-28"})
    assert case.hearing_request_due == date(2026, 10, 10)
    post("statement", {"statement": "当事人称系初次违法"})
    post("request-hearing", {"hearing_requested_on": "2026-09-29"})
    post("notify-hearing", {"hearing_notified_on": "2026-09-30"})
    post("hearing", {"hearing_on": "2026-10-15", "hearing_chair": "赵主持", "hearing_record": "听证笔录"})
    post("major", {"major_categories": ["complex"], "complex_case": "on"})
    assert {"complex", "large_fine", "heard"} <= set(case.major_categories) and case.complex_case
    post("submit-review", {"review_submitted_on": "2026-10-16"})
    post("review", {"reviewed_on": "2026-10-17", "reviewer": "法制员陈某", "reviewer_qualification": "A2018110001",
                    "review_result": "passed", "review_opinion": "同意"})
    post("discussion", {"discussed_on": "2026-10-18", "discussion_record": "局务会议纪要"})
    post("extend", {"extension_days": "30", "extension_reason": "案情复杂", "extension_approver": "局长王某"})
    post("pause", {"start": "2026-10-01", "end": "2026-10-05", "reason": "检测鉴定"})
    assert case.decision_due == date(2026, 11, 30) + timedelta(days=35)
    post("decide", {"decided_on": "2026-10-20", "outcome": "penalty", **DECISION})
    assert case.status == "decided" and case.decision_number == DECISION["decision_number"]
    post("serve", {"served_on": "2026-10-21", "service_method": "直接送达"})
    post("publish", {"published_on": "2026-10-22"})
    post("execute", {"executed_on": "2026-10-25", "execution": "当事人缴纳罚款"})
    post("close", {"closed_on": "2026-10-30"})
    assert case.status == "closed" and case.is_public_on(date(2026, 11, 20))
    post("revoke", {"revoked_on": "2026-11-16", "revocation": "revoked", "revocation_reason": "复议撤销"})
    post("withdraw", {"publication_withdrawn_on": "2026-11-18"})
    assert not case.is_public_on(date(2026, 11, 20))
    page = client.get(detail_url(case)).content.decode()
    for text in ("赵主持", "法制员陈某", "局务会议纪要", "直接送达", "复议撤销", "当事人称系初次违法", "检测鉴定"):
        assert text in page, text
    assert "History" in page and record.description in page

    dropped = open_case()
    response = client.post(step_url(dropped, "drop"), {"dropped_on": "2026-11-20", "drop_reason": "违法事实不成立"})
    assert response.status_code == 302
    dropped.refresh_from_db()
    assert dropped.status == "dropped"


def test_a_refused_step_keeps_the_input_and_cites_the_article(world, open_case):
    client = csrf_client(world.owner)
    standard = DiscretionStandard.objects.create(
        agency=world.agency("sfx-scj"), domain="食品", code="SP-01", violation="销售过期食品", legal_basis="食品安全法",
        circumstance="一般", fine_min=5000, fine_max=20000)
    case = open_case()
    response = client.post(step_url(case, "notify"), {"notified_on": "2026-09-25", "penalty_types": ["fine"],
                                                      "fine": "30000", "discretion": standard.pk})
    page = response.content.decode()
    assert response.status_code == 400 and "第34条" in page and "SP-01" in page
    assert 'value="30000"' in page and 'id="id_notify_discretion_reason_error"' in page
    case.refresh_from_db()
    assert case.status == "investigating" and case.notified_on is None
    # A penalty without notice: refused as a whole, with 第44、62条 above the form.
    response = client.post(step_url(case, "decide"), {"decided_on": "2026-04-01", "outcome": "penalty", **DECISION})
    page = response.content.decode()
    assert response.status_code == 400 and "第44、62条" in page and DECISION["facts"] in page
    # A seizure with no audio-video record (118号), and a record with a program attached: nothing stored.
    response = client.post(step_url(case, "record"), {"action": "seizure", "on": "2026-03-03",
                                                      "officers": [o.pk for o in case.officers.all()],
                                                      "description": "扣押"})
    assert response.status_code == 400 and "118号" in response.content.decode()
    program = SimpleUploadedFile("run.exe", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(step_url(case, "record"), {"action": "inspection", "on": "2026-03-03",
                                                      "officers": [o.pk for o in case.officers.all()],
                                                      "description": "检查", "file": program})
    assert response.status_code == 400 and not case.records.exists()


def test_filing_and_on_the_spot_through_the_forms(world, body, officers):
    from fazhi.enforcement import actions as enforcement
    from fazhi.enforcement.demo import id_number

    client = csrf_client(world.owner)
    other = enforcement.register_body(agency=world.agency("sfx-scj"), by=world.owner, name="示范县市场监管稽查大队",
                                      kind="statutory", legal_basis="《行政处罚法》", domains="稽查")
    stranger = enforcement.register_officer(body=other, by=world.owner, name="孙稽查",
                                            id_number=id_number(50, date(1980, 1, 1)), position="科员")
    enforcement.issue_certificate(stranger, by=world.owner, number="9901000050", area="示范县", domain="市场监督管理",
                                  issued_on=date(2024, 1, 2), valid_until=date(2029, 12, 31), issuer="示范省司法厅")
    uncertified = enforcement.register_officer(body=body, by=world.owner, name="无证者",
                                               id_number=id_number(51, date(1980, 1, 1)), position="科员")
    page = client.get(reverse("penalties:case_create"), {"body": body.pk}).content.decode()
    assert "张执法" in page and "孙稽查" not in page and "无证者" not in page
    data = {"body": body.pk, "number": "示市监立〔2026〕77号", "title": "某公司未公示营业执照案", "party_kind": "organisation",
            "party_name": "某公司", "party_code": credit_code(), "party_address": "人民路2号",
            "violation_on": "2026-11-01", "discovered_on": "2026-11-02", "opened_on": "2026-11-03",
            "officers": [officers[0].pk, stranger.pk]}
    response = client.post(reverse("penalties:case_create"), data)  # another body's officer: not offered
    assert response.status_code == 400 and 'id="id_officers_error"' in response.content.decode()
    response = client.post(reverse("penalties:case_create"), {**data, "officers": [officers[0].pk]})
    assert response.status_code == 400 and "第42条" in response.content.decode()
    assert uncertified.pk  # never offered
    response = client.post(reverse("penalties:case_create"), {**data, "officers": [o.pk for o in officers]})
    case = Case.objects.get(number="示市监立〔2026〕77号")
    assert response.status_code == 302 and response["Location"] == detail_url(case)
    spot = {"body": body.pk, "number": "示市监当〔2026〕1号", "title": "占道经营", "party_kind": "person",
            "party_name": "李某", "on": "2026-11-20", "officers": [o.pk for o in officers], "penalty_types": ["fine"],
            "fine": "201", "facts": "占道经营", "legal_basis": "某条例第X条", "remedy": "依法申请复议或者诉讼"}
    response = client.post(reverse("penalties:on_the_spot"), spot)
    assert response.status_code == 400 and "第51条" in response.content.decode() and 'value="201"' in response.content.decode()
    response = client.post(reverse("penalties:on_the_spot"), {**spot, "fine": "200"})
    assert response.status_code == 302
    assert Case.objects.get(number="示市监当〔2026〕1号").status == "served"


def test_discretion_standards_and_lenient_lists(world, open_case):
    client = csrf_client(world.owner)
    agency = world.agency("sfx-scj")
    response = client.post(reverse("penalties:discretion_create"), {
        "agency": agency.pk, "domain": "食品", "code": "SP-02", "violation": "销售过期食品", "legal_basis": "食品安全法",
        "circumstance": "一般", "fine_min": "20000", "fine_max": "5000"})
    assert response.status_code == 400 and not DiscretionStandard.objects.exists()
    response = client.post(reverse("penalties:discretion_create"), {
        "agency": agency.pk, "domain": "食品", "code": "SP-02", "violation": "销售过期食品", "legal_basis": "食品安全法",
        "circumstance": "一般", "fine_min": "5000", "fine_max": "20000"})
    assert response.status_code == 302
    standard = DiscretionStandard.objects.get(code="SP-02")
    assert "SP-02" in client.get(reverse("penalties:discretion_list")).content.decode()
    response = client.post(reverse("penalties:lenient_create"), {
        "agency": agency.pk, "kind": "first", "domain": "广告", "code": "GG-3", "violation": "未标明广告标识",
        "legal_basis": "广告法", "conditions": "首次、危害轻微、及时改正"})
    assert response.status_code == 302
    item = LenientItem.objects.get(code="GG-3")
    assert "未标明广告标识" in client.get(reverse("penalties:public_lenient")).content.decode()
    case = open_case()
    page = client.get(detail_url(case)).content.decode()
    # Offered in the notice and the decision.
    assert "SP-02 销售过期食品（一般）</option>" in page and "GG-3 未标明广告标识</option>" in page
    response = client.post(step_url(case, "decide"), {"decided_on": "2026-04-01", "outcome": "first_violation",
                                                      "lenient_item": item.pk, **DECISION})
    assert response.status_code == 302
    # Out of force: no longer offered, kept where cited.
    outsider = csrf_client(world.outsider)
    assert outsider.post(reverse("penalties:lenient_retire", args=[item.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("penalties:lenient_retire", args=[item.pk]), {"reason": "清单修订"}).status_code == 302
    assert client.post(reverse("penalties:discretion_retire", args=[standard.pk]),
                       {"reason": "基准修订"}).status_code == 302
    item.refresh_from_db()
    standard.refresh_from_db()
    assert not item.active and not standard.active
    assert "未标明广告标识" not in client.get(reverse("penalties:public_lenient")).content.decode()
    page = client.get(detail_url(open_case())).content.decode()
    assert "SP-02 销售过期食品（一般）</option>" not in page and "GG-3 未标明广告标识</option>" not in page


# Excel in ---------------------------------------------------------------------------------------------------------


def workbook(rows) -> SimpleUploadedFile:
    from fazhi.penalties import excel

    book = load_workbook(io.BytesIO(excel.template()))
    sheet = book.active
    for index, row in enumerate(rows, start=excel.FIRST_ROW):
        for column, value in enumerate(row, start=2):
            sheet.cell(row=index, column=column).value = value
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("cases.xlsx", buffer.getvalue())


def row(number, **values):
    data = {"number": number, "title": "某公司销售过期食品案", "party_kind": "法人或者其他组织", "party_name": "某公司",
            "party_code": credit_code(), "party_address": "人民路1号", "domain": "食品", "violation_on": "2026-10-01",
            "discovered_on": "2026-10-02", "opened_on": "2026/10/03", "officers": "9901000001、李执法",
            "outcome": None, "decision_number": None, "decided_on": None, "penalty_types": None, "fine": None,
            "confiscation": None, "served_on": None, "published_on": None, "lenient_item": None}
    data.update(values)
    return list(data.values())


def test_import_is_all_or_nothing_with_each_rows_errors(world, body, officers):
    client = csrf_client(world.owner)
    url = reverse("penalties:case_import")
    assert client.get(url).status_code == 200
    template = client.get(reverse("penalties:import_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = workbook([row("导-1"), row("导-2", party_kind="外星人", opened_on="明天"), row("导-1"),
                    row("导-4", officers="张执法"), row("导-5", violation_on="2023-01-01")])
    response = client.post(url, {"body": body.pk, "file": bad})
    page = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    assert 'data-row="5" data-column="D"' in page and 'data-row="5" data-column="K"' in page
    assert 'data-row="6" data-column="B"' in page and "already on row 4" in page
    assert 'data-row="7" data-column="L"' in page and "第42条" in page
    assert 'data-row="8" data-column="J"' in page and "第36条" in page
    assert "Nothing was imported" in page
    good = workbook([row("导-1"), row("导-2", party_kind="公民", party_name="王小明", party_code=person_id())])
    response = client.post(url, {"body": body.pk, "file": good})
    assert response.status_code == 200 and 'data-testid="import-summary"' in response.content.decode()
    assert Case.objects.count() == 2
    assert Case.objects.get(number="导-2").party_code.startswith("**************")


def test_import_enters_cases_decided_before_fazhi_with_their_service_and_publication(world, body, officers):
    from fazhi.audit.models import AuditEntry

    client = csrf_client(world.owner)
    url = reverse("penalties:case_import")
    decided = {"outcome": "给予处罚", "decision_number": "示市监罚〔2026〕88号", "decided_on": "2026-10-20",
               "penalty_types": "警告、罚款、没收违法所得", "fine": 5000, "confiscation": "1200.50",
               "served_on": "2026-10-22", "published_on": "2026-10-25"}
    bad = workbook([
        row("导-1", **{**decided, "outcome": "罚了"}),
        row("导-2", **{**decided, "decision_number": "示市监罚〔2026〕89号", "decided_on": "2026-10-01"}),
        row("导-3", **{**decided, "decision_number": "示市监罚〔2026〕90号", "fine": None}),
        row("导-4", served_on="2026-10-22"),
        row("导-5", **{**decided, "decision_number": "示市监罚〔2026〕91号", "penalty_types": "打板子"}),
        row("导-6", outcome="首违不罚", decision_number="示市监不罚〔2026〕2号", decided_on="2026-10-18",
            lenient_item="SW-99"),
    ])
    response = client.post(url, {"body": body.pk, "file": bad})
    page = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    assert 'data-row="4" data-column="M"' in page  # an outcome no one knows
    assert 'data-row="5" data-column="O"' in page and "第57条" in page  # decided before it was filed
    assert 'data-row="6" data-column="Q"' in page  # a fine without its amount
    assert 'data-row="7" data-column="M"' in page and 'data-row="7" data-column="O"' in page  # served, not decided
    assert 'data-row="8" data-column="P"' in page and "打板子" in page
    assert 'data-row="9" data-column="U"' in page and "第33条" in page  # no such item on the agency's list
    from fazhi.penalties import actions

    item = actions.add_lenient_item(agency=body.agency, by=world.owner, kind="first", domain="食品", code="SW-01",
                                    violation="首次销售标签不全的食品", legal_basis="食品安全法",
                                    conditions="首次、危害后果轻微、及时改正")
    good = workbook([
        row("导-1"),
        row("导-2", **decided),
        row("导-3", outcome="移送司法机关", decided_on="2026-10-15"),
        row("导-4", outcome="首违不罚", decision_number="示市监不罚〔2026〕1号", decided_on="2026-10-18",
            lenient_item="SW-01"),
    ])
    response = client.post(url, {"body": body.pk, "file": good})
    assert response.status_code == 200 and Case.objects.count() == 4
    assert Case.objects.get(number="导-1").status == Case.Status.INVESTIGATING
    penalty = Case.objects.get(number="导-2")
    assert penalty.status == Case.Status.SERVED and penalty.fine == 5000
    assert set(penalty.penalty_types) == {"warning", "fine", "confiscation"} and penalty.confiscation == Decimal("1200.50")
    assert penalty.decided_on == date(2026, 10, 20)
    assert penalty.published_on == date(2026, 10, 25) and penalty.publication_due == date(2026, 10, 29)
    assert penalty.takedown_on is not None and penalty.is_public_on(date(2026, 11, 1))
    entry = AuditEntry.objects.filter(object_id=str(penalty.pk), action="transition").earliest("sequence")
    assert "paper file" in entry.reason
    assert Case.objects.get(number="导-3").status == Case.Status.CLOSED
    lenient = Case.objects.get(number="导-4")
    assert lenient.status == Case.Status.DECIDED and lenient.outcome == Case.Outcome.FIRST_VIOLATION
    assert lenient.publication_due is not None and lenient.published_on is None  # still to publish, in fazhi
    assert lenient.lenient_item == item  # the item of the list it applied (第33条), as on the page


def test_import_refuses_a_gbk_csv_and_a_damaged_file_and_other_departments(world, body, officers):
    client = csrf_client(world.owner)
    url = reverse("penalties:case_import")
    csv = SimpleUploadedFile("cases.csv", "案件编号,案件名称\n导-1,某案\n".encode("gbk"))
    response = client.post(url, {"body": body.pk, "file": csv})
    assert response.status_code == 400 and "CSV" in response.content.decode()
    damaged = SimpleUploadedFile("cases.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50)
    response = client.post(url, {"body": body.pk, "file": damaged})
    assert response.status_code == 400 and "damaged" in response.content.decode()
    assert not Case.objects.exists()
    outsider = csrf_client(world.colleague)
    response = outsider.post(url, {"body": body.pk, "file": workbook([row("导-9")])})
    assert response.status_code == 403 and not Case.objects.exists()


# The public pages -------------------------------------------------------------------------------------------------


def test_the_public_pages_show_published_decisions_with_a_citizen_masked(world, ledger):
    client = Client()
    person, pending = ledger["person"], ledger["pending"]
    number = person_id()
    response = client.get(reverse("penalties:public_list"))
    page = response.content.decode()
    assert response.status_code == 200 and "示市监罚〔2026〕9号" in page and "王**" in page and "Decisions: 1" in page
    detail = client.get(reverse("penalties:public_detail", args=[person.pk]))
    for body in (page, detail.content.decode()):
        assert "王小明" not in body and number not in body and "13912345678" not in body
        assert number[-4:] in body and "139****5678" in body and "示范县市场监督管理局" in body
        for private in ("张执法", "李执法", "示范县人民路1号", "隐秘"):
            assert private not in body, private
    assert detail.status_code == 200 and "warning" in detail.content.decode()
    # A citizen's name finds nothing; the decision's number does.
    assert "Decisions: 0" in client.get(reverse("penalties:public_list"), {"q": "王小明"}).content.decode()
    assert "Decisions: 1" in client.get(reverse("penalties:public_list"), {"q": "罚〔2026〕9"}).content.decode()
    assert "Decisions: 0" in client.get(reverse("penalties:public_list"), {"year": "2025"}).content.decode()
    # Not published, withdrawn or expired: not on the portal.
    assert client.get(reverse("penalties:public_detail", args=[pending.pk])).status_code == 404
    Case.objects.filter(pk=person.pk).update(takedown_on=date(2026, 11, 20))
    portal_changed(PORTAL)  # update() sends no signal; the product changes cases by saving them
    assert client.get(reverse("penalties:public_detail", args=[person.pk])).status_code == 404
    assert "Decisions: 0" in client.get(reverse("penalties:public_list")).content.decode()
    Case.objects.filter(pk=person.pk).update(takedown_on=date(2028, 10, 9), publication_withdrawn_on=date(2026, 11, 1))
    assert client.get(reverse("penalties:public_detail", args=[person.pk])).status_code == 404
    portal = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("penalties:public_list")}"' in portal


def test_the_portal_list_reads_the_ledger_once_a_minute_and_at_once_after_a_change(world, ledger, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, url = Client(), reverse("penalties:public_list")
    assert "示市监罚〔2026〕9号" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).content.decode()
    assert "示市监罚〔2026〕9号" in page and "Decisions: 1" in page
    assert '<tr data-decision="' in page and "&lt;tr" not in page  # the kept rows are still HTML, not text
    assert not [q for q in again.captured_queries if "penalties_case" in q["sql"]]
    # Another language is kept apart: its labels are its own.
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Decisions: 1" not in chinese and "示市监罚〔2026〕9号" in chinese
    # Saving a case (here: its publication withdrawn) shows at once.
    person = ledger["person"]
    person.publication_withdrawn_on = date(2026, 11, 1)
    person.save()
    assert "Decisions: 0" in client.get(url).content.decode()
    # Turned off, every visit reads the ledger.
    settings.FAZHI_PORTAL_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as off:
        client.get(url)
    assert [q for q in off.captured_queries if "penalties_case" in q["sql"]]


def test_the_workbench_links_the_ledger(world, client, body):
    client.force_login(world.owner)
    assert f'href="{reverse("penalties:case_list")}"' in client.get(reverse("home")).content.decode()
    page = client.get(reverse("penalties:case_list")).content.decode()
    for name in ("case_create", "on_the_spot", "discretion_list", "lenient_list", "case_import", "case_export",
                 "public_list"):
        assert f'href="{reverse(f"penalties:{name}")}' in page, name
    # The office reads the ledger but keeps no body's cases: no link to a form it may not use.
    client.force_login(world.office)
    page = client.get(reverse("penalties:case_list")).content.decode()
    for name in ("case_create", "on_the_spot", "case_import"):
        assert f'href="{reverse(f"penalties:{name}")}"' not in page, name
