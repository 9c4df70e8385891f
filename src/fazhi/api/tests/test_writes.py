"""Writes through every ledger's API with CSRF enforced, as another system does them (a Bearer token) and as
the workbench's pages do (a session, which must send the CSRF token)."""

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone, translation

from fazhi.collection.models import Submission
from fazhi.consultation.models import Consultation
from fazhi.decisions.models import Decision
from fazhi.normative.models import Document
from fazhi.org.models import ApiToken
from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 2, 10)
METRICS = ["enforcement_officers", "enforcement_officers_certified", "pufa_activities"]


@pytest.fixture(autouse=True)
def frozen(settings):
    settings.LANGUAGE_CODE = "en"
    with (
        translation.override("en"),
        time_machine.travel(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False),
    ):
        yield


class Api:
    """A client of /api/v1 that never skips Django's CSRF check."""

    def __init__(self, token=None, user=None, csrf=False):
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if user is not None:
            self.client.force_login(user)
        if csrf:
            secret = _get_new_csrf_string()
            self.client.cookies[settings.CSRF_COOKIE_NAME] = secret
            self.headers["HTTP_X_CSRFTOKEN"] = secret

    def call(self, method, path, body=None):
        data = json.dumps(body) if body is not None else ""
        return getattr(self.client, method)(f"/api/v1{path}", data=data, content_type="application/json",
                                            **self.headers)

    def get(self, path):
        return self.client.get(f"/api/v1{path}", **self.headers)

    def post(self, path, body=None):
        return self.call("post", path, body)

    def put(self, path, body=None):
        return self.call("put", path, body)

    def patch(self, path, body=None):
        return self.call("patch", path, body)


def token_client(user):
    return Api(token=ApiToken.issue(user, "test")[1])


def ok(response):
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.json()


# Every ledger through a token ----------------------------------------------------------------------------


def test_token_creates_edits_and_moves_a_normative_document(world):
    clerk, office = token_client(world.owner), token_client(world.office)
    made = ok(clerk.post("/normative/documents", {
        "agency": "sfx-scj", "title": "示范县摊位管理办法", "full_text": "第一条 为规范摊位管理，制定本办法。"}))
    assert made["status"] == "drafting"
    changed = ok(clerk.patch(f"/normative/documents/{made['id']}", {"title": "示范县集贸市场摊位管理办法"}))
    assert changed["title"] == "示范县集贸市场摊位管理办法"
    moved = ok(clerk.post(f"/normative/documents/{made['id']}/submit-review", {
        "submitted_on": TODAY.isoformat(), "skip_reason": "内部管理规范，不涉及公众权益。"}))
    assert moved["status"] == "legality_review"
    reviewed = ok(office.post(f"/normative/documents/{made['id']}/review", {
        "passed": True, "opinion": "合法。", "completed_on": TODAY.isoformat()}))
    assert reviewed["review_passed"] is True
    assert Document.objects.get(pk=made["id"]).status == reviewed["status"]


def test_token_starts_changes_and_withdraws_a_decision(world):
    clerk = token_client(world.owner)
    made = ok(clerk.post("/decisions", {
        "agency": "sfx-scj", "deciding_body": "sfx-gov", "year": 2026, "title": "县城农贸市场提升改造方案",
        "category": "public_policy"}))
    assert made["lead_unit"] == "sfx-scj"
    assert ok(clerk.post(f"/decisions/{made['id']}/market", {"concerns_market": True}))["concerns_market"] is True
    withdrawn = ok(clerk.post(f"/decisions/{made['id']}/withdraw", {"reason": "上级政策调整。"}))
    assert withdrawn["withdrawn_reason"] == "上级政策调整。"
    assert Decision.objects.get(pk=made["id"]).withdrawn_at is not None


@pytest.fixture
def consultation(world):
    from fazhi.consultation import actions
    from fazhi.core.ledger import create_record
    from fazhi.core.tests.sampleledger.models import SampleCase

    draft = create_record(SampleCase(agency=world.agency("sfx-scj"), title="摊位管理办法（草案）",
                                     received_on=TODAY), by=world.owner)
    return actions.open_consultation(draft, by=world.owner, kind="decision", title="摊位管理办法征求意见",
                                     body="第一条 示范条文。", opens_on=TODAY, closes_on=TODAY + timedelta(days=30))


def test_token_closes_and_concludes_a_consultation(world, consultation):
    clerk = token_client(world.owner)
    closed = ok(clerk.post(f"/consultations/{consultation.pk}/close", {"reason": "草案撤回修改。"}))
    assert closed["status"] == "closed"
    concluded = ok(clerk.post(f"/consultations/{consultation.pk}/conclude", {"feedback": "未收到意见。"}))
    assert concluded["status"] == Consultation.objects.get(pk=consultation.pk).status != "closed"


@pytest.fixture
def round_(world, catalog):
    """A round asking the owner's agency for ``METRICS``, typed in (``world.typed``: 普法宣传活动 is computed from the
    education ledger where a county keeps it)."""
    from fazhi.collection.actions import open_round
    from fazhi.org.tests.world import typed

    typed(catalog)

    return open_round(world.agency("sfx-office"), 2025, "2025年度数据报送", TODAY + timedelta(days=10), METRICS,
                      [world.agency("sfx-scj")], by=world.office)


def test_token_asks_fills_submits_and_accepts_a_submission(world, round_):
    office, clerk = token_client(world.office), token_client(world.owner)
    asked = ok(office.post(f"/collection/rounds/{round_.pk}/agencies", {"agencies": ["sfx-jyj"]}))
    assert {s["agency_code"] for s in asked["submissions"]} == {"sfx-scj", "sfx-jyj"}
    own = round_.submissions.get(agency__code="sfx-scj")
    values = {"enforcement_officers": {"value": "12"}, "enforcement_officers_certified": {"value": 10},
              "pufa_activities": {"value": "30", "note": "含线上活动。"}}
    saved = ok(clerk.put(f"/collection/submissions/{own.pk}/values", {"values": values}))
    assert {v["code"]: v["value"] for v in saved["values"]}["enforcement_officers"] == "12"
    assert ok(clerk.post(f"/collection/submissions/{own.pk}/submit"))["status"] == "submitted"
    assert ok(office.post(f"/collection/submissions/{own.pk}/accept"))["status"] == "accepted"
    assert Submission.objects.get(pk=own.pk).status == Submission.Status.ACCEPTED


def test_token_opens_writes_and_sends_a_report(world, catalog):
    office = token_client(world.office)
    made = ok(office.post("/reports", {"agency": "sfx-gov", "year": 2025}))
    section = made["parts"][0]["sections"][0]
    written = ok(office.put(f"/reports/{made['id']}/sections/{section['id']}", {"text": "一年来，本县示范推进。"}))
    assert written["parts"][0]["sections"][0]["text"] == "一年来，本县示范推进。"
    due = (TODAY + timedelta(days=7)).isoformat()
    opened = ok(office.post(f"/reports/{made['id']}/steps/open_comments", {"due": due}))
    assert opened["comments_due"] == due
    assert Report.objects.get(pk=made["id"]).status == opened["status"] != "draft"


# The same writes from a browser session ------------------------------------------------------------------


def _document(world):
    from fazhi.normative import actions

    return actions.draft_document(agency=world.agency("sfx-scj"), by=world.owner, title="示范县摊位管理办法",
                                  full_text="第一条 为规范摊位管理，制定本办法。")


def test_a_session_write_without_the_csrf_token_is_refused_and_changes_nothing(world):
    document = _document(world)
    response = Api(user=world.owner).patch(f"/normative/documents/{document.pk}", {"title": "改过的标题"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"] and "X-CSRFToken" in response.json()["detail"]
    assert Document.objects.get(pk=document.pk).title == "示范县摊位管理办法"
    response = Api(user=world.owner).post("/normative/documents", {"agency": "sfx-scj", "title": "另一件"})
    assert response.status_code == 403 and not Document.objects.filter(title="另一件").exists()


def test_a_session_write_with_the_csrf_token_succeeds(world):
    document = _document(world)
    changed = ok(Api(user=world.owner, csrf=True).patch(f"/normative/documents/{document.pk}", {"title": "改过的标题"}))
    assert changed["title"] == Document.objects.get(pk=document.pk).title == "改过的标题"


@pytest.mark.parametrize("ledger", ["normative", "decisions", "consultation", "collection", "reports"])
def test_every_ledgers_writes_need_the_csrf_token_from_a_session(world, catalog, ledger, request):
    """One write per ledger: refused from a session without the CSRF token, taken with it."""
    if ledger == "normative":
        document = _document(world)
        user, path, body = world.owner, f"/normative/documents/{document.pk}/submit-review", {
            "submitted_on": TODAY.isoformat(), "skip_reason": "不涉及公众权益。"}
    elif ledger == "decisions":
        user, path, body = world.owner, "/decisions", {
            "agency": "sfx-scj", "deciding_body": "sfx-gov", "year": 2026, "title": "示范决策",
            "category": "public_policy"}
    elif ledger == "consultation":
        consultation = request.getfixturevalue("consultation")
        user, path, body = world.owner, f"/consultations/{consultation.pk}/close", {"reason": "撤回。"}
    elif ledger == "collection":
        from fazhi.collection.actions import save_values

        own = request.getfixturevalue("round_").submissions.get(agency__code="sfx-scj")
        save_values(own, {code: ("1", "") for code in METRICS}, by=world.owner)
        user, path, body = world.owner, f"/collection/submissions/{own.pk}/submit", None
    else:
        user, path, body = world.office, "/reports", {"agency": "sfx-gov", "year": 2025}
    refused = Api(user=user).post(path, body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    ok(Api(user=user, csrf=True).post(path, body))


# Which credential decides ----------------------------------------------------------------------------------


def test_a_token_request_ignores_the_session_and_its_csrf(world):
    """A token with a session cookie and no CSRF token is the token's request: it acts as the token's person."""
    document = _document(world)
    both = Api(token=ApiToken.issue(world.owner, "test")[1], user=world.office)
    assert ok(both.get("/me"))["username"] == "clerk"
    assert ok(both.patch(f"/normative/documents/{document.pk}", {"title": "用令牌改的"}))["title"] == "用令牌改的"


@pytest.mark.parametrize("state", ["wrong", "expired", "revoked", "inactive", "empty"])
def test_a_bad_token_is_401_even_with_a_session(world, state):
    token, key = ApiToken.issue(world.owner, "test")
    if state == "wrong":
        key = "fz_" + "x" * 43
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    elif state == "inactive":
        type(world.owner).objects.filter(pk=world.owner.pk).update(is_active=False)
    else:
        key = ""
    client = Api(user=world.office, csrf=True)
    client.headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    for response in (client.get("/me"), client.post("/reports", {"agency": "sfx-gov", "year": 2025})):
        assert response.status_code == 401
        assert response.json()["detail"]
    assert not Report.objects.exists()


def test_anonymous_writes_are_401_not_403(world):
    response = Api().post("/reports", {"agency": "sfx-gov", "year": 2025})
    assert response.status_code == 401 and "Bearer" in response.json()["detail"]


def test_a_clerks_token_sees_the_clerks_scope(world):
    own = _document(world)
    from fazhi.normative import actions

    other = actions.draft_document(agency=world.agency("sfx-jyj"), by=world.colleague, title="教育局的文件")
    clerk = token_client(world.owner)
    ids = {row["id"] for row in ok(clerk.get("/normative/documents"))["items"]}
    assert own.pk in ids and other.pk not in ids
    assert clerk.get(f"/normative/documents/{other.pk}").status_code == 404
    refused = clerk.post("/normative/documents", {"agency": "sfx-jyj", "title": "越权起草"})
    assert refused.status_code in (403, 404) and not Document.objects.filter(title="越权起草").exists()
