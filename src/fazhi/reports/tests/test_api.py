"""The JSON API of the annual report: scope, the five contents, the workflow steps and their refusals, exports."""

import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from docx import Document

from fazhi.collection.models import Value
from fazhi.reports import compose
from fazhi.reports.models import Report, ReportDelivery

from .conftest import OVERRIDE, finish_text

pytestmark = pytest.mark.django_db
DAY = "2026-02-10"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the router is called directly, without the locale middleware)."""
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    from ninja.testing import TestClient

    from fazhi.reports.api import router

    return TestClient(router)


def test_list_and_detail_are_scoped(world, gov_report, api):
    rows = api.get("/reports", user=world.office).json()["items"]
    assert [r["id"] for r in rows] == [gov_report.pk] and rows[0]["agency_code"] == "sfx-gov"
    assert rows[0]["status"] == "draft" and rows[0]["filing_due"] == "2026-03-01"
    assert api.get("/reports?status=published", user=world.office).json()["count"] == 0
    assert api.get("/reports?year=2025&agency=sfx-gov", user=world.office).json()["count"] == 1
    assert api.get("/reports?agency=sfx-scj", user=world.office).json()["count"] == 0
    assert api.get("/reports", user=world.outsider).json()["count"] == 0
    assert api.get(f"/reports/{gov_report.pk}", user=world.outsider).status_code == 404
    # A department clerk reads the government's draft only while it is out for comments.
    assert api.get(f"/reports/{gov_report.pk}", user=world.colleague).status_code == 404
    assert api.get(f"/reports/{gov_report.pk}", user=world.supervisor).status_code == 200


def test_detail_lists_the_five_contents_in_order(world, gov_report, api):
    body = api.get(f"/reports/{gov_report.pk}", user=world.office).json()
    assert body["can_edit"] is True and body["can_sign"] is False
    assert [p["part"] for p in body["parts"]] == [1, 2, 3, 4, 5]
    assert [p["heading"] for p in body["parts"]] == [compose.part_heading(n, 2025) for n in range(1, 6)]
    assert all(p["sections"] for p in body["parts"])
    sections = [s for p in body["parts"] for s in p["sections"]]
    assert [s["id"] for s in sections] == list(gov_report.sections.values_list("pk", flat=True))
    assert {s["topic"] for s in body["parts"][0]["sections"]} > {""}
    figures = {f["metric"]: f for s in sections for f in s["figures"]}
    assert figures["reconsideration_received"]["written"].startswith("35")
    assert not any(s["stale"] for s in sections)
    filing, publication = body["deadlines"]
    assert filing == filing | {"kind": "filing", "due": "2026-03-01", "on_time": None, "state": "soon"}
    assert publication["due"] == "2026-03-31" and publication["on_time"] is None
    # A changed figure flags the section that printed it.
    Value.objects.filter(submission__agency__code="sfx-sfj", metric__code="reconsideration_received").update(
        value=Decimal(40))
    body = api.get(f"/reports/{gov_report.pk}", user=world.office).json()
    stale = [s for p in body["parts"] for s in p["sections"] if s["stale"]]
    assert stale and any(f["metric"] == "reconsideration_received" and f["stale"] and f["current"].startswith("40")
                         for s in stale for f in s["figures"])


def _step(api, report, step, user, **payload):
    return api.post(f"/reports/{report.pk}/steps/{step}", user=user, json=payload)


def test_workflow_steps_and_refusals(world, gov_report, api):
    response = _step(api, gov_report, "publish", world.office, published_on=DAY)
    assert response.status_code == 409 and "Cannot move from" in response.json()["detail"]
    response = _step(api, gov_report, "open_comments", world.office, due="2026-02-01")
    assert response.status_code == 409 and "already passed" in response.json()["detail"]
    assert _step(api, gov_report, "open_comments", world.outsider, due="2026-02-17").status_code == 404
    response = _step(api, gov_report, "open_comments", world.office, due="2026-02-17")
    assert response.status_code == 200 and response.json()["status"] == "comments"
    assert response.json()["comments_due"] == "2026-02-17"
    # During the comment period a department of the county reads and comments.
    assert _step(api, gov_report, "comment", world.colleague, text="建议补充教育领域执法数据").status_code == 200
    assert gov_report.comments.get().agency.code == "sfx-jyj"
    response = _step(api, gov_report, "send_for_review", world.office)
    assert response.status_code == 409 and "【待完善】" in response.json()["detail"]
    finish_text(gov_report, world.office)
    response = _step(api, gov_report, "send_for_review", world.office)
    assert response.status_code == 409 and "finding" in response.json()["detail"]  # the reviewer's findings
    assert _step(api, gov_report, "send_for_review", world.office,
                 override_reason=OVERRIDE).json()["status"] == "review"
    response = _step(api, gov_report, "sign_off", world.office, opinion="同意")
    assert response.status_code == 403 and "Only a leader" in response.json()["detail"]
    response = _step(api, gov_report, "sign_off", world.leader, post="县长", opinion="同意")
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert response.json()["signoffs"][0]["post"] == "县长"
    assert _step(api, gov_report, "adopt", world.leader, meeting="县政府第3次常务会议",
                 adopted_on=DAY).status_code == 403
    response = _step(api, gov_report, "adopt", world.office, meeting="县政府第3次常务会议", adopted_on="2026-03-01")
    assert response.status_code == 409 and "future" in response.json()["detail"]
    body = _step(api, gov_report, "adopt", world.office, meeting="县政府第3次常务会议", adopted_on=DAY).json()
    assert body["status"] == "adopted" and body["adopted_meeting"] == "县政府第3次常务会议"
    own = {"kind": "own", "addressee": "中共示范县委", "delivered_on": DAY, "reference": ""}
    response = _step(api, gov_report, "submit", world.office, deliveries=[own])
    assert response.status_code == 409 and "must also deliver" in response.json()["detail"]
    assert not ReportDelivery.objects.exists()
    deliveries = [own, {"kind": "npc", "addressee": "示范县人大常委会", "delivered_on": DAY, "reference": "示政报〔2026〕3号"},
                  {"kind": "upper", "addressee": "中共示范市委 示范市人民政府", "delivered_on": DAY}]
    body = _step(api, gov_report, "submit", world.office, deliveries=deliveries).json()
    assert body["status"] == "submitted" and len(body["deliveries"]) == 3
    assert body["deadlines"][0]["on_time"] is True and body["deadlines"][0]["state"] == "ok"
    assert _step(api, gov_report, "confidentiality", world.office, reviewer="县保密办", opinion="不涉密",
                 cleared_on=DAY).json()["status"] == "cleared"
    body = _step(api, gov_report, "publish", world.office, published_on=DAY, url="https://example.org/r").json()
    assert body["status"] == "published" and body["published_on_time"] is True
    response = _step(api, gov_report, "return_to_draft", world.office, reason="重写")
    assert response.status_code == 409
    assert Report.objects.get(pk=gov_report.pk).status == Report.Status.PUBLISHED


def test_bad_step_input_is_422(world, gov_report, api):
    response = _step(api, gov_report, "open_comments", world.office, due="next week")
    assert response.status_code == 422
    response = _step(api, gov_report, "submit", world.office, deliveries=[{"kind": "nobody", "addressee": "x",
                                                                            "delivered_on": DAY}])
    assert response.status_code == 422


def test_export_docx_opens_with_python_docx(world, gov_report, api):
    response = api.get(f"/reports/{gov_report.pk}/export/docx", user=world.office)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text.replace("\n", "") == gov_report.title  # its lines broken between words
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "存在的不足和原因" in text
    response = api.get(f"/reports/{gov_report.pk}/export/json", user=world.office)
    assert response["Content-Type"] == "application/json" and json.loads(response.content)
    assert api.get(f"/reports/{gov_report.pk}/export/xls", user=world.office).status_code == 404
    assert api.get(f"/reports/{gov_report.pk}/export/docx", user=world.outsider).status_code == 404


def test_mounted_api_with_a_session(world, gov_report, round_2025):
    """Through /api/v1, as mounted, with a session login."""
    client = Client()
    assert client.get("/api/v1/reports").status_code == 401
    client.force_login(world.office)
    body = client.get("/api/v1/reports?year=2025").json()
    assert [r["id"] for r in body["items"]] == [gov_report.pk]
    assert client.get(f"/api/v1/reports/{gov_report.pk}").json()["status"] == "draft"
    county = world.agency("sfx-gov").region.code
    rollup = client.get(f"/api/v1/collection/rollup?year=2025&region={county}").json()
    assert {t["code"]: t["value"] for t in rollup["totals"]}["reconsideration_received"] == "35"
    client.force_login(world.outsider)
    assert client.get(f"/api/v1/reports/{gov_report.pk}").status_code == 404
    assert client.get("/api/v1/reports").json()["count"] == 0


def test_the_office_chooses_the_cited_figures_and_outsiders_cannot(world, gov_report, api):
    section = gov_report.sections.get(topic="disputes")
    path = f"/reports/{gov_report.pk}/sections/{section.pk}/cited"
    chosen = ["reconsideration_decided", "reconsideration_corrected", "reconsideration_correction_rate"]
    for user in (world.outsider, world.colleague):
        assert api.put(path, json={"metrics": chosen}, user=user).status_code == 404
    assert api.put(path, json={"metrics": chosen}, user=world.supervisor).status_code == 403
    gov_report.refresh_from_db()
    assert gov_report.cited is None

    refused = api.put(path, json={"metrics": ["enforcement_cases"]}, user=world.office)
    assert refused.status_code == 409 and "enforcement_cases" in refused.json()["detail"]

    body = api.put(path, json={"metrics": chosen}, user=world.office).json()
    assert set(chosen) <= set(body["cited"]) and "enforcement_cases" in body["cited"]  # other topics keep theirs
    text = next(s["text"] for p in body["parts"] for s in p["sections"] if s["id"] == section.pk)
    assert "纠错率12.1%" in text and "受理行政复议申请" not in text
