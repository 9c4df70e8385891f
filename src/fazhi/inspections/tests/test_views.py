"""The pages and the API through the scope: the owner keeps the ledger, the office reads it, the other department
and the outsider see nothing anywhere (list, detail, export, API) and change nothing; CSRF enforced; the public
pages show the published results and no personal data."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.tests.clients import csrf_client
from fazhi.inspections import actions
from fazhi.inspections.models import AnnualPlan, Draw, Entity, Inspection, InspectionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world, item, team, make_entities, settings):
    """A plan, a directory of four entities, a recusal, a draw of all four; one result recorded and published."""
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = "high=100,medium_high=0,medium=0,low=0"
    entities = make_entities(4, "high", prefix="隐秘企业")
    plan = actions.draw_up_plan(agency=item.agency, by=world.owner, year=2026, items=[item], batches=2)
    actions.record_recusal(agency=item.agency, by=world.owner, officer=team[0], entity=entities[0], reason="亲属任职")
    draw = actions.draw_inspections(agency=item.agency, by=world.owner, item=item, plan=plan,
                                    drawn_on=date(2026, 5, 18), seed="5eedc0de9f3")
    inspections = list(draw.inspections.order_by("pk"))
    recorded = actions.record_result(inspections[0], by=world.owner, inspected_on=date(2026, 5, 19),
                                     result="corrected", result_note="负责人张某某当场承认问题")
    actions.publish_result(recorded, by=world.owner, on=date(2026, 5, 20))
    return {"draw": draw, "plan": plan, "item": item, "entity": entities[0], "inspections": inspections,
            "recusal": entities[0].recusals.get()}


def urls(ledger) -> dict[str, list[str]]:
    draw, inspection = ledger["draw"], ledger["inspections"][1]
    return {
        "GET": [reverse("inspections:draw_list"), reverse("inspections:item_list"), reverse("inspections:plan_list"),
                reverse("inspections:entity_list"), reverse("inspections:inspector_list"),
                reverse("inspections:recusal_list"), reverse("inspections:inspection_list"),
                reverse("inspections:entity_export"), reverse("inspections:inspection_export"),
                reverse("inspections:draw_detail", args=[draw.pk]),
                reverse("inspections:item_detail", args=[ledger["item"].pk]),
                reverse("inspections:plan_detail", args=[ledger["plan"].pk]),
                reverse("inspections:entity_detail", args=[ledger["entity"].pk]),
                reverse("inspections:inspection_detail", args=[inspection.pk]),
                "/api/v1/inspections/items", "/api/v1/inspections/entities", "/api/v1/inspections/plans",
                "/api/v1/inspections/draws", "/api/v1/inspections/inspections",
                f"/api/v1/inspections/draws/{draw.pk}", f"/api/v1/inspections/inspections/{inspection.pk}"],
        "POST": [reverse("inspections:draw_redraw", args=[draw.pk]),
                 reverse("inspections:item_retire", args=[ledger["item"].pk]),
                 reverse("inspections:plan_file", args=[ledger["plan"].pk]),
                 reverse("inspections:entity_risk", args=[ledger["entity"].pk]),
                 reverse("inspections:inspection_step", args=[inspection.pk, "result"]),
                 reverse("inspections:recusal_lift", args=[ledger["recusal"].pk])],
        "API": [f"/api/v1/inspections/draws/{draw.pk}/redraw",
                f"/api/v1/inspections/inspections/{inspection.pk}/result",
                f"/api/v1/inspections/inspections/{inspection.pk}/publish"],
    }


def shows(response, *words) -> bool:
    body = response.content
    if body[:2] == b"PK":
        sheet = load_workbook(io.BytesIO(body)).active
        body = " ".join(str(v) for r in sheet.iter_rows(values_only=True) for v in r if v).encode()
    return any(w.encode() in body for w in words)


@pytest.mark.parametrize("who", ["outsider", "colleague"])
def test_others_see_nothing_and_change_nothing(world, ledger, who):
    client = csrf_client(getattr(world, who))
    found = urls(ledger)
    for url in found["GET"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not shows(response, "隐秘企业", "食品经营者监督检查", "5eedc0de9f3", "张三"), url
        if url.rstrip("/").rsplit("/", 1)[-1].isdigit():
            assert response.status_code == 404, url
    data = {"on": "2026-05-20", "reason": "越权", "risk": "low", "inspected_on": "2026-05-20", "result": "no_problem",
            "filed_on": "2026-05-20", "filed_with": "市局"}
    for url in found["POST"]:
        assert client.post(url, data).status_code == 404, url
    for url in found["API"]:
        assert client.post(url, data, content_type="application/json").status_code == 404, url
    response = client.post("/api/v1/inspections/draws", {"agency": "sfx-scj", "item": ledger["item"].pk,
                                                         "drawn_on": "2026-05-20"}, content_type="application/json")
    assert response.status_code == 404
    assert Draw.objects.count() == 1 and ledger["draw"].inspections.filter(status="planned").count() == 3
    ledger["entity"].refresh_from_db()
    assert ledger["entity"].risk == "high" and AnnualPlan.objects.get().status == "draft"


def test_posts_need_the_csrf_token(world, ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    draw = ledger["draw"]
    assert client.post(reverse("inspections:draw_redraw", args=[draw.pk]), {"reason": "重抽"}).status_code == 403
    response = client.post(f"/api/v1/inspections/draws/{draw.pk}/redraw", {"reason": "重抽"},
                           content_type="application/json")
    assert response.status_code == 403
    draw.refresh_from_db()
    assert draw.status == Draw.Status.DRAWN and Draw.objects.count() == 1


def test_the_office_reads_but_does_not_keep_the_ledger(world, ledger):
    client = csrf_client(world.office)
    draw = ledger["draw"]
    page = client.get(reverse("inspections:draw_detail", args=[draw.pk])).content.decode()
    assert "隐秘企业" in page and "5eedc0de9f3" in page and 'data-testid="form-redraw"' not in page
    assert client.post(reverse("inspections:draw_redraw", args=[draw.pk]), {"reason": "重抽"}).status_code == 403
    response = client.post(f"/api/v1/inspections/draws/{draw.pk}/redraw", {"reason": "重抽"},
                           content_type="application/json")
    assert response.status_code == 403 and "Only the clerks" in response.json()["detail"]


def test_the_owner_walks_the_pages(world, ledger, body):
    client = csrf_client(world.owner)
    for url in urls(ledger)["GET"]:
        assert client.get(url).status_code == 200, url
    draw = ledger["draw"]
    page = client.get(reverse("inspections:draw_detail", args=[draw.pk])).content.decode()
    assert 'data-testid="seed">5eedc0de9f3<' in page and "Repeated from its seed and snapshots: the same result." in page
    response = client.post(reverse("inspections:draw_redraw", args=[draw.pk]), {"reason": ""})
    assert response.status_code == 400 and 'data-testid="form-redraw"' in response.content.decode()
    pending = ledger["inspections"][1]
    url = reverse("inspections:inspection_step", args=[pending.pk, "result"])
    response = client.post(url, {"inspected_on": "2026-05-21", "result": "no_problem"})
    assert response.status_code == 400 and "after today (2026-05-20)" in response.content.decode()
    response = client.post(url, {"inspected_on": "2026-05-20", "result": "no_problem"})
    assert response.status_code == 302
    detail = client.get(reverse("inspections:inspection_detail", args=[pending.pk])).content.decode()
    assert 'data-testid="next-deadline"' in detail and "2026-06-17" in detail  # 20 working days, 端午 6-19 later
    response = client.post(reverse("inspections:entity_create"), {
        "agency": body.agency.pk, "name": "新企业", "credit_code": "91350100M000100Y44", "address": "某地",
        "domain": "食品", "risk": "low"})
    assert response.status_code == 400 and "GB 32100-2015" in response.content.decode()
    response = client.post(reverse("inspections:entity_create"), {
        "agency": body.agency.pk, "name": "新企业", "credit_code": "91350100M000100Y43", "address": "某地",
        "domain": "食品", "risk": "low"})
    assert response.status_code == 302 and Entity.objects.filter(name="新企业").exists()
    response = client.post(reverse("inspections:item_create"), {
        "agency": body.agency.pk, "body": body.pk, "name": "特种设备检查", "legal_basis": "《特种设备安全法》",
        "matter": "使用登记", "method": "on_site"})
    assert response.status_code == 302 and InspectionItem.objects.filter(name="特种设备检查").exists()
    response = client.post(reverse("inspections:draw_redraw", args=[draw.pk]), {"reason": "名录有误"})
    assert response.status_code == 400  # a result is recorded: the draw stands
    assert "Results of this draw are recorded" in response.content.decode()


def test_the_api_draws_redraws_records_and_publishes(world, item, team, make_entities, settings):
    settings.FAZHI_INSPECTION_SAMPLING_PERCENT = "high=100,medium_high=0,medium=0,low=0"
    make_entities(3, "high")
    client = csrf_client(world.owner)
    response = client.post("/api/v1/inspections/draws", {"agency": "sfx-scj", "item": item.pk,
                                                         "drawn_on": "2026-05-21"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "drawn_on"
    response = client.post("/api/v1/inspections/draws", {"agency": "sfx-scj", "item": item.pk,
                                                         "drawn_on": "2026-05-19"}, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and len(body["result"]) == 3 and body["reproduced"] is True
    assert body["entities_drawn_from"] == 3 and len(body["seed"]) == 16
    response = client.post(f"/api/v1/inspections/draws/{body['id']}/redraw", {}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    response = client.post(f"/api/v1/inspections/draws/{body['id']}/redraw", {"reason": "名录漏录企业"},
                           content_type="application/json")
    new = response.json()
    assert response.status_code == 200 and new["redraw_reason"] == "名录漏录企业" and new["id"] != body["id"]
    old = client.get(f"/api/v1/inspections/draws/{body['id']}").json()
    assert old["status"] == "superseded" and old["superseded_by_id"] == new["id"]
    inspection = Inspection.objects.filter(draw_id=new["id"]).first()
    url = f"/api/v1/inspections/inspections/{inspection.pk}"
    response = client.post(f"{url}/result", {"inspected_on": "2026-05-20", "result": "nothing"},
                           content_type="application/json")
    assert response.status_code == 422
    response = client.post(f"{url}/result", {"inspected_on": "2026-05-20", "result": "no_problem"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["publication_due"] == "2026-06-17"
    response = client.post(f"{url}/publish", {"on": "2026-05-19"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "on"
    response = client.post(f"{url}/publish", {"on": "2026-05-20"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = client.post(f"{url}/publish", {"on": "2026-05-20"}, content_type="application/json")
    assert response.status_code == 409
    rows = client.get("/api/v1/inspections/inspections?status=published").json()
    assert rows["count"] == 1 and rows["items"][0]["credit_code"] == inspection.entity.credit_code
    response = client.post("/api/v1/inspections/entities", {"agency": "sfx-scj", "name": "新企业",
                                                           "credit_code": "91350100M000100Y44", "address": "某地",
                                                           "domain": "食品", "risk": "low"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "credit_code"


def test_the_public_pages_show_results_and_items_and_no_personal_data(world, ledger, team):
    client = Client()
    page = client.get(reverse("inspections:public_results")).content.decode()
    published = ledger["inspections"][0]
    assert published.entity.name in page and published.entity.credit_code in page
    assert "食品经营者监督检查" in page and "problems found, ordered to correct" in page and "2026-05-19" in page
    for private in ("张三", "李四", "王五", "张某某", "亲属任职", "5eedc0de9f3", published.entity.address):
        assert private not in page, private
    for pending in ledger["inspections"][1:]:
        assert pending.entity.name not in page  # not published: not public
    items = client.get(reverse("inspections:public_items")).content.decode()
    assert "食品经营者监督检查" in items and "《中华人民共和国食品安全法》" in items and "示范县市场监督管理局" in items
    assert not any(name in items for name in ("张三", "李四", "王五"))
    portal = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("inspections:public_results")}"' in portal


def test_the_workbench_links_the_ledger(world, client):
    client.force_login(world.owner)
    assert f'href="{reverse("inspections:draw_list")}"' in client.get(reverse("home")).content.decode()
