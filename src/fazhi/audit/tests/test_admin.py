"""The admin shows the audit trail and attachments read-only."""

import pytest
from django.urls import reverse

from fazhi.audit.actions import record_event
from fazhi.audit.models import AuditEntry
from fazhi.audit.verify import verify_chain
from fazhi.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, record):
    admin = User.objects.create_superuser("root", password="root-pass-123456")
    client.force_login(admin)
    record_event(action="change", target=record, actor=admin, changes={"name": ["a", "b"]}, reason="更正")
    return client


def test_changelist_and_detail_are_readable(admin_client):
    html = admin_client.get(reverse("admin:audit_auditentry_changelist"), {"q": "山西"}).content.decode()
    assert "山西省" in html
    entry = AuditEntry.objects.get(action="change")
    response = admin_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert response.status_code == 200 and "更正" in response.content.decode()
    assert admin_client.get(reverse("admin:audit_attachment_changelist")).status_code == 200


def test_nothing_can_be_added_changed_or_deleted(admin_client):
    entry = AuditEntry.objects.get(action="change")
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert admin_client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    admin_client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"reason": "x"})
    assert AuditEntry.objects.get(pk=entry.pk).reason == "更正"
    assert verify_chain() == []
