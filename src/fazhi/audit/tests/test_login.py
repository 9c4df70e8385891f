"""Log-ins, log-outs and failed log-ins are audited; the password never is."""

import json

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.audit.verify import verify_chain
from fazhi.org.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def person(db):
    return User.objects.create_user("wangwu", password=PASSWORD, display_name="王五")


def everything_stored():
    return json.dumps(list(AuditEntry.objects.values()), default=str, ensure_ascii=False)


def test_log_in_and_out_are_recorded(client, person):
    response = client.post(reverse("login"), {"username": "wangwu", "password": PASSWORD}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.9.8.7")
    login, logout = AuditEntry.objects.order_by("sequence")
    assert (login.action, login.actor, login.ip, login.object_id) == ("login", person, "10.9.8.7", str(person.pk))
    assert (logout.action, logout.actor) == ("logout", person)
    assert PASSWORD not in everything_stored()
    assert verify_chain() == []


def test_failed_log_in_records_the_name_tried_but_not_the_password(client, person):
    client.post(reverse("login"), {"username": "wangwu", "password": "wrong-secret-77"}, REMOTE_ADDR="10.9.8.7")
    entry = AuditEntry.objects.get()
    assert entry.action == "login_failed" and entry.actor is None and entry.ip == "10.9.8.7"
    assert entry.changes == {"username": [None, "wangwu"]} and entry.object_id == str(person.pk)
    assert "wrong-secret-77" not in everything_stored()


def test_failed_log_in_for_an_unknown_name(person):
    assert authenticate(username="nobody", password="guess-123456") is None
    entry = AuditEntry.objects.get()
    assert entry.action == "login_failed" and entry.content_type is None
    assert entry.changes == {"username": [None, "nobody"]}
    assert "guess-123456" not in everything_stored()
