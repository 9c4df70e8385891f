"""The pages and the API through the scope: the owner keeps the ledger, the office reads it, the other department
and the outsider see nothing anywhere (list, detail, export, API) and change nothing, CSRF enforced."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.tests.clients import csrf_client
from fazhi.enforcement import actions
from fazhi.enforcement.models import Certificate, Officer, Training

from .conftest import id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(settings):
    """The pages in English, so that the refusals are matched by their msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def ledger(world, make_officer):
    """An officer of the 市场监管局 with a certificate and a training; its body."""
    officer = make_officer("市场监管局张三")
    actions.record_training(officer, by=world.owner, course="公共法律知识", held_on=date(2026, 3, 1), hours=24)
    return officer


def urls(officer) -> dict[str, list[str]]:
    certificate = officer.certificates.get()
    return {
        "GET": [reverse("enforcement:officer_list"), reverse("enforcement:officer_export"),
                reverse("enforcement:body_list"), reverse("enforcement:officer_detail", args=[officer.pk]),
                reverse("enforcement:certificate_detail", args=[certificate.pk]),
                reverse("enforcement:body_detail", args=[officer.body_id]),
                "/api/v1/enforcement/officers", "/api/v1/enforcement/bodies",
                f"/api/v1/enforcement/officers/{officer.pk}"],
        "POST": [reverse("enforcement:officer_step", args=[officer.pk, "training"]),
                 reverse("enforcement:officer_step", args=[officer.pk, "certificate"]),
                 reverse("enforcement:certificate_step", args=[certificate.pk, "cancel"]),
                 reverse("enforcement:certificate_step", args=[certificate.pk, "suspend"]),
                 reverse("enforcement:body_withdraw", args=[officer.body_id])],
        "API": [f"/api/v1/enforcement/officers/{officer.pk}/certificates",
                f"/api/v1/enforcement/certificates/{certificate.pk}/cancel"],
    }


def shows(response, *words) -> bool:
    body = response.content
    if body[:2] == b"PK":
        sheet = load_workbook(io.BytesIO(body)).active
        body = " ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v).encode()
    return any(w.encode() in body for w in words)


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_others_see_nothing_and_change_nothing(world, ledger, who):
    user = getattr(world, who)
    client = csrf_client(user)
    found = urls(ledger)
    for url in found["GET"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not shows(response, "市场监管局张三", "9901000001", "示范县市场监督管理局"), url
        if url.rstrip("/").rsplit("/", 1)[-1].isdigit():  # a record named by its id
            assert response.status_code == 404, url
    data = {"on": "2026-05-20", "reason": "越权", "course": "x", "held_on": "2026-05-20", "hours": "1",
            "number": "X1", "area": "a", "domain": "d", "issued_on": "2026-05-20", "valid_until": "2030-01-01",
            "issuer": "i"}
    for url in found["POST"]:
        assert client.post(url, data).status_code == 404, url
    for url in found["API"]:
        response = client.post(url, data, content_type="application/json")
        assert response.status_code == 404, url
    response = client.post("/api/v1/enforcement/officers", {"body": ledger.body_id, "name": "x",
                                                            "id_number": id_number(9), "position": "x"},
                           content_type="application/json")
    assert response.status_code == 404
    certificate = ledger.certificates.get()
    assert certificate.status == Certificate.Status.VALID and Training.objects.count() == 1
    assert Officer.objects.count() == 1


def test_posts_need_the_csrf_token(world, ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    certificate = ledger.certificates.get()
    url = reverse("enforcement:certificate_step", args=[certificate.pk, "cancel"])
    assert client.post(url, {"on": "2026-05-20", "reason": "调离"}).status_code == 403
    response = client.post(f"/api/v1/enforcement/certificates/{certificate.pk}/cancel",
                           {"on": "2026-05-20", "reason": "调离"}, content_type="application/json")
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_the_office_keeps_the_officers_and_a_leader_only_reads(world, ledger):
    client = csrf_client(world.leader)
    page = client.get(reverse("enforcement:officer_detail", args=[ledger.pk]))
    assert page.status_code == 200 and "市场监管局张三" in page.content.decode()
    assert 'data-testid="form-certificate"' not in page.content.decode()
    assert client.get(reverse("enforcement:officer_list")).status_code == 200
    certificate = ledger.certificates.get()
    response = client.post(reverse("enforcement:certificate_step", args=[certificate.pk, "cancel"]),
                           {"on": "2026-05-20", "reason": "调离"})
    assert response.status_code == 403
    response = client.post(f"/api/v1/enforcement/certificates/{certificate.pk}/cancel",
                           {"on": "2026-05-20", "reason": "调离"}, content_type="application/json")
    assert response.status_code == 403 and "Only the clerks" in response.json()["detail"]
    # The rule-of-law office (司法行政) keeps the county's officers and their certificates.
    client = csrf_client(world.office)
    page = client.get(reverse("enforcement:officer_detail", args=[ledger.pk])).content.decode()
    assert 'data-testid="form-certificate"' in page
    response = client.post(reverse("enforcement:certificate_step", args=[certificate.pk, "cancel"]),
                           {"on": "2026-05-20", "reason": "调离"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.CANCELLED


def test_the_owner_registers_an_officer_issues_a_certificate_and_cancels_it_on_the_pages(world, body):
    client = csrf_client(world.owner)
    response = client.post(reverse("enforcement:officer_create"), {
        "body": body.pk, "name": "李四", "gender": "female", "id_number": id_number(5), "position": "科员"})
    officer = Officer.objects.get(name="李四")
    assert response.status_code == 302 and response["Location"] == reverse("enforcement:officer_detail",
                                                                            args=[officer.pk])
    response = client.post(reverse("enforcement:officer_step", args=[officer.pk, "certificate"]), {
        "number": "9901-77", "area": "示范县", "domain": "市场监督管理", "issued_on": "2026-05-01",
        "valid_until": "2026-05-01", "issuer": "示范省司法厅"})
    assert response.status_code == 400 and "must come after the issue of the certificate" in response.content.decode()
    client.post(reverse("enforcement:officer_step", args=[officer.pk, "certificate"]), {
        "number": "9901-77", "area": "示范县", "domain": "市场监督管理", "issued_on": "2026-05-01",
        "valid_until": "2031-04-30", "issuer": "示范省司法厅"})
    certificate = officer.certificates.get()
    page = client.get(reverse("enforcement:certificate_detail", args=[certificate.pk])).content.decode()
    assert 'data-testid="form-cancel"' in page and "2031-03-01" in page  # the warning period's start
    url = reverse("enforcement:certificate_step", args=[certificate.pk, "cancel"])
    response = client.post(url, {"on": "2026-05-20", "reason": ""})
    assert response.status_code == 400 and 'data-testid="form-cancel"' in response.content.decode()
    response = client.post(url, {"on": "2026-05-21", "reason": "调离"})
    assert response.status_code == 400 and "after today (2026-05-20)" in response.content.decode()
    assert client.post(url, {"on": "2026-05-20", "reason": "调离"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.CANCELLED


def test_the_list_filters_by_words_body_and_certificate_state(world, make_officer):
    make_officer("有效甲")
    make_officer("将到期乙", valid_until=date(2026, 6, 30))
    make_officer("已过期丙", issued_on=date(2021, 1, 1), valid_until=date(2026, 1, 1))
    make_officer("无证丁", valid_until=None)
    client = csrf_client(world.office)

    def names(**query):
        page = client.get(reverse("enforcement:officer_list"), query).content.decode()
        return {n for n in ("有效甲", "将到期乙", "已过期丙", "无证丁") if n in page}

    assert names() == {"有效甲", "将到期乙", "已过期丙", "无证丁"}
    assert names(certificate="valid") == {"有效甲", "将到期乙"}
    assert names(certificate="expiring") == {"将到期乙"}
    assert names(certificate="expired") == {"已过期丙"}
    assert names(certificate="none") == {"已过期丙", "无证丁"}
    assert names(q="将到期") == {"将到期乙"} and names(q="9901000001") == {"有效甲"}
    assert names(agency="sfx-jyj") == set()
    page = client.get(reverse("enforcement:officer_list"), HTTP_HX_REQUEST="true").content.decode()
    assert "<form" not in page and "Officers: 4" in page  # the rows alone, for htmx
    detail = client.get(reverse("enforcement:officer_detail",
                                args=[Officer.objects.get(name="有效甲").pk])).content.decode()
    assert 'data-testid="short"' in detail  # no training yet: short of the year's minimum


def test_the_api_lists_and_shows_officers_and_issues_and_cancels_certificates(world, ledger):
    client = csrf_client(world.owner)
    rows = client.get("/api/v1/enforcement/officers?certificate=valid").json()
    assert rows["count"] == 1 and rows["items"][0]["certificate_state"] == "valid"
    body = client.get(f"/api/v1/enforcement/officers/{ledger.pk}").json()
    assert body["training_hours_this_year"] == "24.0" and body["certificates"][0]["holder"] == "市场监管局张三"
    assert body["id_number"].startswith("*" * 14)
    response = client.post("/api/v1/enforcement/officers", {"body": ledger.body_id, "name": "李四",
                                                            "id_number": id_number(8), "position": "科员"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["certificate_state"] == "none"
    officer_id = response.json()["id"]
    response = client.post(f"/api/v1/enforcement/officers/{officer_id}/certificates", {
        "number": "API-1", "area": "示范县", "domain": "市场监督管理", "issued_on": "2026-05-02",
        "valid_until": "2026-05-01", "issuer": "示范省司法厅"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "valid_until"
    certificate = ledger.certificates.get()
    response = client.post(f"/api/v1/enforcement/certificates/{certificate.pk}/cancel", {"on": "2026-05-20"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    response = client.post(f"/api/v1/enforcement/certificates/{certificate.pk}/cancel",
                           {"on": "2026-05-20", "reason": "调离"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    response = client.post(f"/api/v1/enforcement/certificates/{certificate.pk}/cancel",
                           {"on": "2026-05-20", "reason": "调离"}, content_type="application/json")
    assert response.status_code == 409
    assert client.get("/api/v1/enforcement/bodies").json()["items"][0]["name"] == "示范县市场监督管理局"


def test_the_list_costs_the_same_queries_for_three_officers_or_thirty(world, make_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = csrf_client(world.owner)
    for index in range(3):
        make_officer(f"甲{index}")
    client.get(reverse("enforcement:officer_list"))  # the session and the filters' choices, kept a while
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("enforcement:officer_list"))
    for index in range(27):
        make_officer(f"乙{index}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("enforcement:officer_list"))
    assert "Officers: 30" in page.content.decode() and len(many) == len(few)
