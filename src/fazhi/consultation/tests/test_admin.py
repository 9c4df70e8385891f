"""The system administration: consultations and comments read-only, moderation by audited admin actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.consultation import actions
from fazhi.consultation.models import Comment

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:consultation_comment_changelist"


@pytest.fixture
def comments(consultation):
    return [
        actions.submit_comment(consultation, text="建议摊位抽签全程录像并公开。", client_hash="a", paragraph=2),
        actions.submit_comment(consultation, text="低价出售摊位，请联系某某。", client_hash="b"),
    ]


@pytest.fixture
def admin(client, world):
    client.force_login(world.admin)
    return client


def test_the_changelists_load_for_the_administrator(admin, consultation, comments):
    for name in ("admin:consultation_consultation_changelist", CHANGELIST):
        assert admin.get(reverse(name)).status_code == 200
    html = admin.get(reverse(CHANGELIST), {"status__exact": "pending", "q": "录像"}).content.decode()
    assert "建议摊位抽签全程录像并公开。" in html and "低价出售摊位" not in html
    page = admin.get(reverse("admin:consultation_consultation_change", args=[consultation.pk]))
    assert page.status_code == 200 and "低价出售摊位" in page.content.decode()  # the comments inline
    assert admin.get(reverse("admin:consultation_comment_add")).status_code == 403


def test_the_admin_cannot_edit_a_status_directly(admin, comments):
    first = comments[0]
    admin.post(reverse("admin:consultation_comment_change", args=[first.pk]), {"status": "published"})
    first.refresh_from_db()
    assert first.status == Comment.Status.PENDING


def test_publish_action_moderates_through_the_audited_action(admin, world, comments):
    first, second = comments
    response = admin.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [first.pk]}, follow=True)
    assert response.status_code == 200 and "1 comment published." in response.content.decode()
    first.refresh_from_db()
    assert first.status == Comment.Status.PUBLISHED and first.moderated_at is not None
    entry = AuditEntry.objects.get(action="transition", object_id=str(first.pk), actor=world.admin)
    assert entry.changes == {"status": ["pending", "published"]}
    # Publishing it again is refused by the action, and said; the other comment is untouched.
    response = admin.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [first.pk]}, follow=True)
    assert "already published" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Comment.Status.PENDING


def test_hide_action_asks_for_the_reason_first(admin, world, comments):
    second = comments[1]
    url = reverse(CHANGELIST)
    page = admin.post(url, {"action": "hide", "_selected_action": [second.pk]})
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    second.refresh_from_db()
    assert second.status == Comment.Status.PENDING
    page = admin.post(url, {"action": "hide", "_selected_action": [second.pk], "confirm": "yes", "reason": " "})
    assert "Give the reason for hiding the comment." in page.content.decode()
    admin.post(url, {"action": "hide", "_selected_action": [second.pk], "confirm": "yes", "reason": "广告"})
    second.refresh_from_db()
    assert second.status == Comment.Status.HIDDEN and second.hidden_reason == "广告"
    entry = AuditEntry.objects.get(action="transition", object_id=str(second.pk), actor=world.admin)
    assert entry.reason == "广告"


def test_staff_cannot_reach_the_admin(client, world, comments):
    client.force_login(world.office)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
