"""Notifications in the system administration: listed, filtered, searched; only "read" may be set."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Notification
from fazhi.core.notifications import notify

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:core_notification_changelist"


@pytest.fixture
def sent(world):
    notify([world.owner.pk], key="k1", title="示范县行政复议案件即将到期", level="warning")
    notify([world.office.pk], key="k2", title="示范县规范性文件备案逾期", level="danger")
    Notification.objects.filter(key="k2").update(emailed_at=timezone.now(), email_error="")
    Notification.objects.filter(key="k1").update(email_error="SMTP 连接被拒绝")
    return {n.key: n for n in Notification.objects.all()}


@pytest.fixture
def admin(client, world):
    client.force_login(world.admin)
    return client


def test_the_changelist_loads_filters_and_searches(admin, sent):
    response = admin.get(reverse(CHANGELIST))
    html = response.content.decode()
    assert response.status_code == 200 and "示范县行政复议案件即将到期" in html and "SMTP 连接被拒绝" in html
    html = admin.get(reverse(CHANGELIST), {"emailed": "yes"}).content.decode()
    assert "示范县规范性文件备案逾期" in html and "示范县行政复议案件即将到期" not in html
    html = admin.get(reverse(CHANGELIST), {"level__exact": "warning"}).content.decode()
    assert "示范县行政复议案件即将到期" in html and "示范县规范性文件备案逾期" not in html
    html = admin.get(reverse(CHANGELIST), {"q": "复议"}).content.decode()
    assert "示范县行政复议案件即将到期" in html and "示范县规范性文件备案逾期" not in html


def test_nothing_can_be_added_or_deleted(admin, sent):
    assert admin.get(reverse("admin:core_notification_add")).status_code == 403
    pk = sent["k1"].pk
    assert admin.post(reverse("admin:core_notification_delete", args=[pk]), {"post": "yes"}).status_code == 403
    assert Notification.objects.filter(pk=pk).exists()


def test_only_the_read_time_can_be_changed(admin, sent):
    one = sent["k1"]
    response = admin.post(reverse("admin:core_notification_change", args=[one.pk]), {
        "read_at_0": "2026-03-10", "read_at_1": "09:30:00", "title": "改过的标题", "email_error": "",
    })
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.read_at is not None and timezone.localtime(one.read_at).date().isoformat() == "2026-03-10"
    assert one.title == "示范县行政复议案件即将到期" and one.email_error == "SMTP 连接被拒绝"
    admin.get(reverse(CHANGELIST))  # shows (and uses up) the "was changed" message, which names the title
    html = admin.get(reverse(CHANGELIST), {"read": "no"}).content.decode()
    assert "示范县规范性文件备案逾期" in html and "示范县行政复议案件即将到期" not in html


def test_mark_read_action(admin, sent):
    admin.post(reverse(CHANGELIST), {"action": "mark_read", "_selected_action": [sent["k2"].pk]})
    assert Notification.objects.get(key="k2").read_at is not None
    assert Notification.objects.get(key="k1").read_at is None
