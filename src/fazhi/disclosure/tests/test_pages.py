"""The ledger's pages: the staff's generic list, record page and API through the scope (the outsider sees nothing),
the Excel import of an earlier request, and the portal's request and status pages (no log-in, CSRF on).

The pages are mounted by ``tests/urls.py`` while the catalog does not mount them yet."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.core.tests.clients import csrf_client
from fazhi.disclosure import actions
from fazhi.disclosure.forms import issue_token
from fazhi.disclosure.ledger import PAGES
from fazhi.disclosure.models import Request

pytestmark = pytest.mark.django_db

D = date


# -- the staff's pages ---------------------------------------------------------------------------------------------


def test_the_list_and_the_record_show_the_request_to_its_staff_only(world, receive):
    request = receive(requester_name="王某某", description="2025年度食品安全抽检结果")
    owner = csrf_client(world.owner)
    page = owner.get(reverse("disclosure:list")).content.decode()
    assert f'data-record="{request.pk}"' in page
    detail = owner.get(reverse("disclosure:detail", args=[request.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert request.tracking_code in text and "2026-03-30" in text  # the tracking code to give, the reply due
    outsider = csrf_client(world.outsider)
    assert f'data-record="{request.pk}"' not in outsider.get(reverse("disclosure:list")).content.decode()
    assert outsider.get(reverse("disclosure:detail", args=[request.pk])).status_code == 404
    colleague = csrf_client(world.colleague)
    assert f'data-record="{request.pk}"' not in colleague.get(reverse("disclosure:list")).content.decode()


@pytest.mark.parametrize("action", [a.name for a in PAGES.actions])
def test_the_outsider_cannot_act_on_the_page(world, receive, action):
    request = receive()
    response = csrf_client(world.outsider).post(reverse("disclosure:action", args=[request.pk, action]),
                                                {f"{action}-replied_on": "2026-03-20"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "received" and request.replied_on is None


def test_the_outsider_cannot_open_a_request_for_the_owners_agency(world):
    response = csrf_client(world.outsider).post(reverse("disclosure:create"), {
        "agency": "sfx-scj", "requester_name": "某人", "requester_kind": "person", "requester_phone": "123",
        "description": "某信息", "channel": "in_person", "received_on": "2026-11-20"})
    assert response.status_code == 422
    assert not Request.objects.exists()


def test_the_staff_reply_on_the_page_and_a_refusal_keeps_what_was_typed(world, receive):
    request = receive(received_on=D(2026, 3, 2))
    client = csrf_client(world.owner)
    url = reverse("disclosure:action", args=[request.pk, "reply"])
    refused = client.post(url, {"reply-replied_on": "2026-03-20", "reply-reply_type": "not_disclosed",
                                "reply-delivery": "post", "reply-reply_text": "我的理由"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "Choose why the information is withheld (政府信息公开条例 第14–16条)." in page and "我的理由" in page
    done = client.post(url, {"reply-replied_on": "2026-03-20", "reply-reply_type": "not_disclosed",
                             "reply-delivery": "post", "reply-reply_text": "我的理由", "reply-reply_ground": "process"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.reply_ground) == ("replied", "process")


def test_the_api_shows_nothing_to_the_outsider_and_acts_for_the_staff(world, receive):
    from ninja.testing import TestClient

    from fazhi.ledgers.api import router_for

    request = receive(id_kind="id_card", id_number="99010219900101127X")
    api = TestClient(router_for(PAGES))
    listed = api.get("/disclosure/records", user=world.owner).json()
    assert [item["id"] for item in listed["items"]] == [request.pk]
    assert listed["items"][0]["id_number"] == "**************127X"  # never the whole number
    assert api.get("/disclosure/records", user=world.outsider).json()["items"] == []
    assert api.get(f"/disclosure/records/{request.pk}", user=world.outsider).status_code == 404
    refused = api.post(f"/disclosure/records/{request.pk}/reply", user=world.outsider,
                       json={"replied_on": "2026-03-20", "reply_type": "disclosed", "delivery": "post"})
    assert refused.status_code == 404
    opened = api.post("/disclosure/records", user=world.outsider, json={
        "agency": "sfx-scj", "requester_name": "某人", "requester_kind": "person", "requester_phone": "123",
        "description": "某信息", "channel": "in_person", "received_on": "2026-11-20"})
    assert opened.status_code in (403, 404) and Request.objects.count() == 1
    done = api.post(f"/disclosure/records/{request.pk}/reply", user=world.owner,
                    json={"replied_on": "2026-03-20", "reply_type": "disclosed", "delivery": "post"})
    assert done.status_code == 200 and done.json()["status"] == "replied"


def test_an_earlier_request_is_imported_with_its_reply(world):
    from openpyxl import load_workbook

    from fazhi.ledgers.excel import FIRST_ROW, save_workbook

    values = {"agency": "sfx-scj", "receive_request.requester_name": "张某", "receive_request.requester_kind": "person",
              "receive_request.requester_phone": "13900000000", "receive_request.description": "某许可决定",
              "receive_request.channel": "registered_post", "receive_request.received_on": "2025-06-03",
              "reply.replied_on": "2025-06-20", "reply.reply_type": "already_public", "reply.delivery": "post",
              "reply.where_public": "本局门户网站"}
    columns = [column[0] for column in PAGES.import_columns()]
    assert len(columns) <= 50 and set(values) <= set(columns)
    workbook = load_workbook(io.BytesIO(PAGES.import_template()))
    sheet = workbook.active
    for index, key in enumerate(columns, start=2):
        sheet.cell(row=FIRST_ROW, column=index, value=values.get(key))
    result = PAGES.import_rows(save_workbook(workbook), user=world.owner)
    assert result.ok, result.errors
    request = Request.objects.get()
    assert (request.status, request.reply_type, request.received_on) == ("replied", "already_public", D(2025, 6, 3))


# -- the portal ------------------------------------------------------------------------------------------------------


def _public_post(client, **values):
    shown = timezone.now() - timedelta(seconds=30)
    data = {"agency": "sfx-scj", "requester_name": "李某", "requester_kind": "person", "id_kind": "passport",
            "id_number": "E12345678", "requester_email": "li@example.invalid", "description": "本局2025年度行政处罚决定目录",
            "purpose": "", "website": "", "token": issue_token(now=shown), **values}
    return client.post(reverse("disclosure:public_new"), data)


def test_a_request_sent_on_the_portal_is_followed_with_its_tracking_code(world, staff, settings):
    settings.FAZHI_DISCLOSURE_REGION = "990102"
    client = csrf_client()  # nobody logged in
    form = client.get(reverse("disclosure:public_new"))
    assert form.status_code == 200 and "示范县市场监督管理局" in form.content.decode()
    assert "邻水县" not in form.content.decode()  # another county's agencies are not offered
    sent = _public_post(client)
    assert sent.status_code == 302 and "?sent=1" in sent["Location"]
    request = Request.objects.get()
    assert (request.channel, request.received_on, request.agency.code) == ("online", D(2026, 11, 20), "sfx-scj")
    shown = client.get(sent["Location"]).content.decode()
    assert request.tracking_code in shown and request.number in shown and "2026-12-18" in shown
    assert request.tracking_code not in client.get(sent["Location"]).content.decode()  # shown once
    status = client.post(reverse("disclosure:public_status"), {"code": request.tracking_code.lower()})
    page = status.content.decode()
    assert status.status_code == 200
    assert 'data-testid="request-status"' in page and "2026-12-18" in page and "received, being handled" in page
    assert "李某" not in page and "5678" not in page and "li@example.invalid" not in page  # no particulars
    actions.reply(request, by=staff, replied_on=D(2026, 11, 20), reply_type="already_public", delivery="online",
                  where_public="本局门户网站“行政处罚”专栏")
    page = client.post(reverse("disclosure:public_status"), {"code": request.tracking_code}).content.decode()
    assert "already disclosed: told where to find it" in page and "本局门户网站“行政处罚”专栏" in page


def test_a_wrong_tracking_code_learns_nothing(world, receive):
    other = receive(description="别人的申请内容")
    client = csrf_client()
    for code in ("0000-0000-0000-0000", "nonsense", other.tracking_code[:-1] + "0"):
        if code == other.tracking_code:
            continue
        response = client.post(reverse("disclosure:public_status"), {"code": code})
        page = response.content.decode()
        assert response.status_code == 404 and 'data-testid="not-found"' in page
        assert "别人的申请内容" not in page and other.number not in page
    assert client.post(reverse("disclosure:public_status"), {"code": ""}).status_code == 400


def test_the_portal_refuses_a_filled_honeypot_a_hasty_form_and_a_missing_csrf_token(world):
    client = csrf_client()
    trapped = _public_post(client, website="http://spam.example")
    assert trapped.status_code == 400 and "a field that must stay empty was filled in" in trapped.content.decode()
    hasty = _public_post(client, token=issue_token())
    assert hasty.status_code == 400 and "sent too quickly" in hasty.content.decode()
    assert "本局2025年度行政处罚决定目录" in hasty.content.decode()  # what was typed is kept
    bare = Client(enforce_csrf_checks=True).post(reverse("disclosure:public_new"), {"agency": "sfx-scj"})
    assert bare.status_code == 403
    assert not Request.objects.exists()


def test_the_portal_answers_429_beyond_the_rate_limit(world, settings):
    settings.FAZHI_DISCLOSURE_REQUESTS_PER_HOUR = 1
    client = csrf_client()
    assert _public_post(client).status_code == 302
    refused = _public_post(client, description="另一项信息")
    assert refused.status_code == 429 and "within the last hour" in refused.content.decode()


def test_the_portal_pages_render_in_chinese_and_say_when_the_reply_waits_for_a_correction(world, receive, staff):
    from django.utils import translation

    request = receive(received_on=D(2026, 11, 16))
    request = actions.request_correction(request, by=staff, correction_requested_on=D(2026, 11, 17),
                                         correction_items="请写明文件名称", correction_period_ends=D(2026, 12, 1))
    client = csrf_client()
    with translation.override("zh-hans"):
        assert client.get(reverse("disclosure:public_new"), HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 200
        page = client.post(reverse("disclosure:public_status"), {"code": request.tracking_code},
                           HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "请写明文件名称" in page and 'data-testid="correction-ends">2026-12-01' in page
    assert "第30条" in page  # the reply runs afresh from the corrected request
