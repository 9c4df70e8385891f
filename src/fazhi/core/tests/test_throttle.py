"""Log-in protection: a delay per client address, a lock per account only from many addresses."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.core import throttle
from fazhi.core.tick import run_tick
from fazhi.demo.county import DEMO_PASSWORD
from fazhi.org.models import LoginFailure, User

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER_DESK = "198.51.100.7"
START = datetime(2026, 5, 6, 1, 0, tzinfo=UTC)


def attempt(client, username, password, address=ATTACKER, url="login", **extra):
    return client.post(reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_failures_over_five_accounts_then_the_right_admin_password_is_refused(world, client):
    for _ in range(6):
        for username in ["director", "office", "clerk", "clerk2", "township"]:
            attempt(client, username, "guess-" + username)
    response = attempt(client, "admin", DEMO_PASSWORD)
    html = response.content.decode()
    assert not logged_in(client)
    assert "本网络地址登录失败次数过多" in html and "后再试" in html
    # Only the address pays: nobody's account is locked.
    assert not User.objects.filter(locked_until__isnull=False).exists()
    # Tries refused while the address waits are not even checked, so not counted.
    assert LoginFailure.objects.filter(address=ATTACKER).count() == 10


def test_the_django_admin_log_in_is_throttled_too(world, client):
    for _ in range(10):
        attempt(client, "admin", "guess", url="admin:login")
    html = attempt(client, "admin", DEMO_PASSWORD, url="admin:login").content.decode()
    assert not logged_in(client)
    assert "本网络地址登录失败次数过多" in html


def test_a_stranger_from_one_address_cannot_lock_out_the_real_user(world, client):
    for _ in range(60):
        attempt(client, "clerk", "guessing")
    assert not User.objects.get(username="clerk").is_locked
    response = attempt(client, "clerk", DEMO_PASSWORD, address=OWNER_DESK)
    assert response.status_code == 302 and logged_in(client)


@override_settings(FAZHI_LOGIN_MAX_FAILURES=8, FAZHI_LOGIN_LOCK_MIN_ADDRESSES=4)
def test_a_distributed_attack_locks_the_account_and_is_audited(world, client):
    for i in range(8):
        attempt(client, "clerk", "guessing", address=f"192.0.2.{i % 4 + 1}")
    clerk = User.objects.get(username="clerk")
    assert clerk.is_locked
    html = attempt(client, "clerk", DEMO_PASSWORD, address=OWNER_DESK).content.decode()
    assert not logged_in(client) and "锁定" in html
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCOUNT_LOCKED)
    assert entry.object_id == str(clerk.pk) and entry.actor is None
    assert entry.changes["failures"] == [None, 8] and entry.changes["addresses"] == [None, 4]


@override_settings(FAZHI_LOGIN_MAX_FAILURES=4, FAZHI_LOGIN_LOCK_MIN_ADDRESSES=2)
def test_the_owners_log_in_starts_the_account_count_again(world, client):
    attempt(client, "clerk", "guessing", address="192.0.2.1")
    attempt(client, "clerk", "guessing", address="192.0.2.2")
    attempt(client, "clerk", DEMO_PASSWORD, address=OWNER_DESK)
    client.logout()
    attempt(client, "clerk", "guessing", address="192.0.2.3")
    attempt(client, "clerk", "guessing", address="192.0.2.4")
    assert not User.objects.get(username="clerk").is_locked


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=3, FAZHI_LOGIN_ADDRESS_DELAY_SECONDS=30,
                   FAZHI_LOGIN_ADDRESS_MAX_DELAY_MINUTES=3, FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES=60)
def test_the_wait_grows_with_each_failure_is_capped_and_expires(world, client):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            attempt(client, "clerk", "guessing")
        assert throttle.wait_for(ATTACKER).seconds == 30
        html = attempt(client, "clerk", DEMO_PASSWORD).content.decode()
        assert not logged_in(client) and "请等待 30 秒后再试" in html  # a right password waits too
        waits = []
        for _ in range(4):
            clock.shift(throttle.wait_for(ATTACKER).seconds)
            assert not throttle.wait_for(ATTACKER)
            attempt(client, "clerk", "guessing")
            waits.append(throttle.wait_for(ATTACKER).seconds)
        assert waits == [60, 120, 180, 180]  # doubles, up to FAZHI_LOGIN_ADDRESS_MAX_DELAY_MINUTES
        assert "请等待 3 分钟后再试" in attempt(client, "clerk", DEMO_PASSWORD).content.decode()
        clock.shift(timedelta(seconds=179))
        assert throttle.wait_for(ATTACKER).seconds == 1
        assert not logged_in(client)
        clock.shift(timedelta(seconds=1))
        response = attempt(client, "clerk", DEMO_PASSWORD)
        assert response.status_code == 302 and logged_in(client)


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=2, FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES=60)
def test_failures_older_than_the_window_no_longer_count(world, client):
    with time_machine.travel(START, tick=False) as clock:
        attempt(client, "clerk", "guessing")
        clock.shift(timedelta(minutes=61))
        attempt(client, "clerk", "guessing")
        assert not throttle.wait_for(ATTACKER)


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=2)
def test_the_start_of_a_wait_is_audited_once_not_every_refused_try(world, client):
    attempt(client, "nobody-by-this-name", "guessing")
    attempt(client, "clerk", "guessing")
    for _ in range(5):
        attempt(client, "clerk", DEMO_PASSWORD)
    throttled = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_THROTTLED)
    assert throttled.count() == 1
    entry = throttled.get()
    assert entry.ip == ATTACKER and entry.actor is None
    assert entry.changes["address"] == [None, ATTACKER] and entry.changes["wait_seconds"] == [None, 30]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() == 2


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=2, FAZHI_TRUST_X_FORWARDED_FOR=True)
def test_behind_a_trusted_proxy_the_forwarded_address_counts(world, client):
    for _ in range(2):
        attempt(client, "clerk", "guessing", address="10.0.0.2", HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}")
    assert throttle.wait_for(ATTACKER) and not throttle.wait_for("10.0.0.2")
    response = attempt(client, "clerk", DEMO_PASSWORD, address="10.0.0.2", HTTP_X_FORWARDED_FOR=OWNER_DESK)
    assert response.status_code == 302


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=2, FAZHI_TRUST_X_FORWARDED_FOR=False)
def test_a_forged_forwarded_header_does_not_escape_the_wait(world, client):
    for i in range(2):
        attempt(client, "clerk", "guessing", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    response = attempt(client, "clerk", DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 200 and not logged_in(client)


def test_an_ipv6_client_counts_as_its_network():
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    elsewhere = factory.get("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert throttle.address_key(one) == throttle.address_key(other) == "2001:db8:1:2::/64"
    assert throttle.address_key(elsewhere) != throttle.address_key(one)
    assert throttle.address_key(factory.get("/", REMOTE_ADDR="::ffff:192.0.2.5")) == "192.0.2.5"
    assert throttle.address_key(None) == ""


def test_wait_text_in_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert throttle.wait_text(45) == "45 秒"
        assert throttle.wait_text(61) == "2 分钟"


@override_settings(FAZHI_LOGIN_ADDRESS_WINDOW_MINUTES=60, FAZHI_LOGIN_ACCOUNT_WINDOW_MINUTES=1440,
                   FAZHI_LOGIN_FAILURES_KEPT=3)
def test_tick_deletes_old_failures_and_keeps_the_table_bounded(world):
    now = datetime.now(UTC)
    LoginFailure.objects.create(address="192.0.2.1", at=now - timedelta(minutes=1441))
    for minutes in range(5):
        LoginFailure.objects.create(address="192.0.2.2", at=now - timedelta(minutes=minutes))
    assert throttle.cleanup(dry_run=True) == 3
    assert LoginFailure.objects.count() == 6
    result = run_tick()
    assert result.jobs["org.login_failures_cleanup"] == 3
    assert sorted(LoginFailure.objects.values_list("at", flat=True)) == [
        now - timedelta(minutes=m) for m in (2, 1, 0)]


@override_settings(FAZHI_LOGIN_MAX_FAILURES=4, FAZHI_LOGIN_LOCK_MIN_ADDRESSES=2)
def test_the_administrators_unlock_starts_the_account_count_again(world, client):
    for i in range(4):
        attempt(client, "clerk", "guessing", address=f"192.0.2.{i % 2 + 1}")
    clerk = User.objects.get(username="clerk")
    assert clerk.is_locked
    client.force_login(world.admin)
    client.post(reverse("admin:org_user_changelist"), {"action": "unlock", "_selected_action": [clerk.pk]})
    client.logout()
    clerk.refresh_from_db()
    assert not clerk.is_locked and not LoginFailure.objects.filter(account=clerk).exists()
    attempt(client, "clerk", "guessing", address="192.0.2.3")
    assert not User.objects.get(username="clerk").is_locked


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=2)
def test_an_api_token_is_not_held_up_by_its_addresss_wait(world, client):
    from fazhi.org.models import ApiToken

    for _ in range(2):
        attempt(client, "clerk", "guessing")
    assert throttle.wait_for(ATTACKER)
    _token, key = ApiToken.issue(world.owner, "省平台对接")
    response = client.get("/api/v1/agencies", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 200
