"""Staff pages and API: scope, moderation, adoption, feedback, Excel exports."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.consultation import actions
from fazhi.consultation.models import Comment, Consultation

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(consultation):
    """Two comments from the public, awaiting moderation (one starts with "=" like a spreadsheet formula)."""
    return [
        actions.submit_comment(consultation, text="建议公开摊位费核定依据。", client_hash="a", paragraph=3,
                               author_name="赵先生", contact="13900000000"),
        actions.submit_comment(consultation, text="=HYPERLINK(\"http://evil.example\")", client_hash="b"),
    ]


def test_list_and_detail_are_scoped(client, world, consultation):
    for person in (world.owner, world.office, world.leader, world.supervisor):
        client.force_login(person)
        assert consultation.title in client.get(reverse("consultation:list")).content.decode()
        assert client.get(reverse("consultation:detail", args=[consultation.pk])).status_code == 200
    for person in (world.outsider, world.colleague):
        client.force_login(person)
        assert consultation.title not in client.get(reverse("consultation:list")).content.decode()
        assert client.get(reverse("consultation:detail", args=[consultation.pk])).status_code == 404
        assert client.get(reverse("consultation:comments_export", args=[consultation.pk])).status_code == 404


def test_staff_pages_need_a_log_in(client, consultation):
    response = client.get(reverse("consultation:detail", args=[consultation.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_office_moderates_from_the_queue(client, world, comments):
    first, second = comments
    client.force_login(world.office)
    detail = reverse("consultation:detail", args=[first.consultation_id])
    response = client.get(detail)
    assert [c.pk for c in response.context["pending"]] == [first.pk, second.pk]
    assert "13900000000" in response.content.decode()  # staff see the contact
    client.post(reverse("consultation:comment_publish", args=[first.pk]))
    response = client.post(reverse("consultation:comment_hide", args=[second.pk]), {"reason": ""}, follow=True)
    assert "reason" in " ".join(str(m) for m in response.context["messages"])
    client.post(reverse("consultation:comment_hide", args=[second.pk]), {"reason": "与草案无关的链接"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Comment.Status.PUBLISHED and second.status == Comment.Status.HIDDEN
    assert second.hidden_reason == "与草案无关的链接"


def test_read_only_and_outsiders_cannot_moderate(client, world, comments):
    first = comments[0]
    client.force_login(world.leader)
    assert client.post(reverse("consultation:comment_publish", args=[first.pk])).status_code == 403
    client.force_login(world.outsider)
    assert client.post(reverse("consultation:comment_publish", args=[first.pk])).status_code == 404
    first.refresh_from_db()
    assert first.status == Comment.Status.PENDING


def test_adoption_and_conclusion_through_the_pages(client, world, consultation, comments):
    first, second = comments
    client.force_login(world.owner)
    actions.publish_comment(first, by=world.owner)
    actions.hide_comment(second, by=world.owner, reason="疑似恶意链接")
    response = client.post(reverse("consultation:comment_adoption", args=[first.pk]),
                           {"adoption": "not_adopted", "reason": ""}, follow=True)
    assert "not (fully) adopted" in " ".join(str(m) for m in response.context["messages"])
    client.post(reverse("consultation:comment_adoption", args=[first.pk]), {"adoption": "adopted", "reason": ""})
    first.refresh_from_db()
    assert first.adoption == "adopted"
    with at(date(2026, 4, 10)):
        client.force_login(world.owner)  # a month later: a new session
        response = client.get(reverse("consultation:detail", args=[consultation.pk]))
        assert response.context["can_conclude"] is True
        client.post(reverse("consultation:conclude", args=[consultation.pk]), {"feedback": "采纳1条：公开核定依据。"})
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CONCLUDED and consultation.feedback.startswith("采纳1条")


def test_close_early_needs_a_reason_on_the_page(client, world, consultation):
    client.force_login(world.office)
    response = client.post(reverse("consultation:close", args=[consultation.pk]), {"reason": ""}, follow=True)
    assert "2026-04-09" in " ".join(str(m) for m in response.context["messages"])
    client.post(reverse("consultation:close", args=[consultation.pk]), {"reason": "草案撤回"})
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_comments_export_reopens_with_every_comment_as_text(client, world, consultation, comments):
    client.force_login(world.owner)
    response = client.get(reverse("consultation:comments_export", args=[consultation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == consultation.title
    rows = [[cell.value for cell in row] for row in ws.iter_rows(min_row=5)]
    assert len(rows) == 2
    assert rows[0][2] == 3 and rows[0][4] == "赵先生" and rows[0][5] == "13900000000"
    assert "摊位费已按成本核定" not in str(rows) and rows[0][6] == "建议公开摊位费核定依据。"
    formula_cell = ws.cell(row=6, column=7)
    assert formula_cell.data_type == "s" and formula_cell.value.startswith("=HYPERLINK")
    assert AuditEntry.objects.filter(action="export", object_id=str(consultation.pk),
                                     content_type__model="consultation").exists()


def test_list_export_follows_the_filters(client, world, consultation, comments):
    client.force_login(world.office)
    response = client.get(reverse("consultation:export") + "?status=open")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A5"].value == consultation.title and ws["G5"].value == 2
    response = client.get(reverse("consultation:export") + "?status=concluded")
    assert load_workbook(io.BytesIO(response.content)).active["A5"].value is None


@pytest.mark.urls("fazhi.consultation.tests.api_urls")
def test_api_lists_scoped_and_moderates(client, world, consultation, comments):
    first = comments[0]
    client.force_login(world.office)
    data = client.get("/api/v1/consultations").json()
    assert [item["id"] for item in data["items"]] == [consultation.pk]
    detail = client.get(f"/api/v1/consultations/{consultation.pk}").json()
    assert detail["comments"]["pending"] == 2 and len(detail["paragraphs"]) == 3
    response = client.post(f"/api/v1/consultations/comments/{first.pk}/publish", content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = client.post(f"/api/v1/consultations/comments/{first.pk}/publish", content_type="application/json")
    assert response.status_code == 409
    response = client.post(f"/api/v1/consultations/comments/{first.pk}/adoption", {"adoption": "partly", "reason": ""},
                           content_type="application/json")
    assert response.status_code == 422
    response = client.post(f"/api/v1/consultations/{consultation.pk}/conclude", {"feedback": "x"},
                           content_type="application/json")
    assert response.status_code == 409 and "2026-04-09" in response.json()["detail"]
    client.force_login(world.outsider)
    assert client.get("/api/v1/consultations").json()["items"] == []
    assert client.get(f"/api/v1/consultations/{consultation.pk}").status_code == 404
    assert client.post(f"/api/v1/consultations/comments/{first.pk}/hide", {"reason": "x"},
                       content_type="application/json").status_code == 404
    client.force_login(world.leader)
    assert client.post(f"/api/v1/consultations/comments/{first.pk}/hide", {"reason": "x"},
                       content_type="application/json").status_code == 403
