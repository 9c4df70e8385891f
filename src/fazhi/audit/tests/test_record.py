"""record_event, history_for, snapshot and diff; who and where from the request context."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from fazhi.audit.actions import diff, history_for, record_event, snapshot
from fazhi.audit.context import acting_as, client_ip, current_actor, current_ip
from fazhi.audit.middleware import AuditContextMiddleware
from fazhi.audit.models import AuditEntry
from fazhi.audit.verify import verify_chain
from fazhi.org.models import Agency, Region

pytestmark = pytest.mark.django_db


def test_unknown_action_is_refused(record):
    with pytest.raises(ValueError):
        record_event(action="approve", target=record)


def test_unsaved_target_is_refused():
    with pytest.raises(ValueError):
        record_event(action="create", target=Region(code="1", name="x", level="county"))


def test_system_event_has_no_actor():
    entry = record_event(action="other", reason="清理任务")
    assert entry.actor is None and entry.actor_repr == "" and entry.ip is None


def test_explicit_actor_and_ip_win_over_the_context(clerk, other, record):
    with acting_as(other, ip="10.0.0.1"):
        entry = record_event(action="change", target=record, actor=clerk, ip="192.168.1.9")
    assert entry.actor == clerk and entry.ip == "192.168.1.9"


def test_anonymous_user_is_no_actor(record):
    assert record_event(action="other", target=record, actor=AnonymousUser()).actor is None


def test_changes_are_stored_json_safe_and_still_verify(record):
    entry = record_event(action="change", target=record, changes={
        "amount": [Decimal("1.50"), Decimal("2")], "due": [dt.date(2025, 3, 1), None],
        "at": [None, dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)], "agency": [None, record],
    })
    assert entry.changes == {
        "amount": ["1.50", "2"], "due": ["2025-03-01", None], "at": [None, "2025-03-01T08:30:00+00:00"],
        "agency": [None, record.pk],
    }
    assert AuditEntry.objects.get(pk=entry.pk).changes == entry.changes
    assert verify_chain() == []


def test_ipv6_addresses_verify(record):
    record_event(action="other", ip="2001:DB8:0:0::1")
    record_event(action="other", ip="::ffff:10.0.0.1")
    assert verify_chain() == []


def test_history_for_returns_the_objects_entries_in_order(clerk, record):
    other_region = Region.objects.create(code="150000", name="内蒙古自治区", level="province")
    record_event(action="create", target=record, actor=clerk)
    record_event(action="create", target=other_region, actor=clerk)
    record_event(action="transition", target=record, actor=clerk, changes={"status": ["a", "b"]})
    assert [e.action for e in history_for(record)] == ["create", "transition"]
    assert [e.action for e in history_for(other_region)] == ["create"]


def test_snapshot_and_diff(record):
    agency = Agency.objects.create(code="sx-sfj", name="山西省司法厅", kind="department", region=record)
    before = snapshot(agency)
    assert before["region"] == record.pk and before["name"] == "山西省司法厅" and before["is_active"] is True
    agency.name, agency.is_active = "山西省司法厅（改）", False
    after = snapshot(agency)
    assert diff(before, after) == {"name": ["山西省司法厅", "山西省司法厅（改）"], "is_active": [True, False]}
    assert diff(before, before) == {}
    assert diff({"a": 1}, {"b": 2}) == {"a": [1, None], "b": [None, 2]}


def test_snapshot_never_copies_the_password_hash(clerk):
    values = snapshot(clerk)
    assert "password" not in values and values["username"] == "clerk"
    assert snapshot(clerk, fields=["username", "last_login"]) == {"username": "clerk", "last_login": None}


# Context and middleware.


def test_acting_as_sets_and_restores_the_context(clerk):
    assert current_actor() is None and current_ip() is None
    with acting_as(clerk, ip="10.0.0.7"):
        assert current_actor() == clerk and current_ip() == "10.0.0.7"
    assert current_actor() is None and current_ip() is None


def test_middleware_binds_the_requests_user_and_address(clerk, record):
    seen = {}

    def view(request):
        seen["actor"], seen["ip"] = current_actor(), current_ip()
        record_event(action="change", target=record)
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    request.user = clerk
    AuditContextMiddleware(view)(request)
    assert seen == {"actor": clerk, "ip": "203.0.113.5"}
    entry = AuditEntry.objects.get()
    assert entry.actor == clerk and entry.ip == "203.0.113.5"
    assert current_actor() is None  # unbound after the response


def test_middleware_unbinds_even_when_the_view_fails(clerk):
    def view(request):
        raise RuntimeError

    request = RequestFactory().get("/")
    request.user = clerk
    with pytest.raises(RuntimeError):
        AuditContextMiddleware(view)(request)
    assert current_actor() is None


def test_x_forwarded_for_is_ignored_unless_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "10.0.0.1"
    settings.FAZHI_TRUST_X_FORWARDED_FOR = True
    assert client_ip(request) == "198.51.100.7"  # the proxy's own entry, not the client's claim


def test_garbage_addresses_are_dropped(settings):
    settings.FAZHI_TRUST_X_FORWARDED_FOR = True
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(request) == "10.0.0.1"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="")) is None
