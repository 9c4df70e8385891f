"""Log in and out, wrong passwords, lock-out, forced password change, admin for administrators only."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from fazhi.demo.county import DEMO_PASSWORD
from fazhi.org.models import User

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_demo_clerk_logs_in_to_home(world, client):
    response = post_login(client, "clerk", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    html = client.get(reverse("home")).content.decode()
    assert "示范县市场监督管理局" in html


def test_wrong_password_says_so_in_chinese_and_changes_nothing(world, client):
    response = post_login(client, "clerk", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码错误" in html
    assert "_auth_user_id" not in client.session
    user = User.objects.get(username="clerk")
    assert user.check_password(DEMO_PASSWORD) and not user.is_locked


def test_english_when_chosen(world, client):
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = post_login(client, "clerk", "wrong").content.decode()
    assert "The user name or password is wrong" in html


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3, FAZHI_LOGIN_LOCK_MIN_ADDRESSES=3, FAZHI_LOGIN_LOCKOUT_MINUTES=15)
def test_account_locks_after_failures_from_many_addresses_even_for_the_right_password(world, client):
    for address in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]:
        client.post(reverse("login"), {"username": "clerk", "password": "wrong-password"}, REMOTE_ADDR=address)
    html = client.post(reverse("login"), {"username": "clerk", "password": DEMO_PASSWORD},
                       REMOTE_ADDR="198.51.100.7").content.decode()
    assert "账户" in html and "锁定" in html
    assert "_auth_user_id" not in client.session
    assert User.objects.get(username="clerk").is_locked


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3, FAZHI_LOGIN_LOCK_MIN_ADDRESSES=3)
def test_failures_from_one_address_do_not_lock_the_account(world, client):
    for _ in range(3):
        post_login(client, "clerk", "wrong-password")
    assert not User.objects.get(username="clerk").is_locked


@override_settings(FAZHI_LOGIN_ADDRESS_FAILURES=5)
def test_warning_before_the_address_must_wait(world, client):
    post_login(client, "clerk", "wrong-password")
    html = post_login(client, "clerk", "wrong-password").content.decode()
    assert "还可尝试 3 次" in html


def test_success_resets_the_failure_count(world, client):
    post_login(client, "clerk", "wrong-password")
    post_login(client, "clerk", DEMO_PASSWORD)
    assert User.objects.get(username="clerk").failed_login_count == 0


def test_password_set_by_administrator_must_be_changed_first(world, client):
    user = User.objects.get(username="clerk2")
    user.must_change_password = True
    user.save()
    post_login(client, "clerk2", DEMO_PASSWORD)
    response = client.get(reverse("org:agency_list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    response = client.post(reverse("password_change"), {
        "old_password": DEMO_PASSWORD, "new_password1": "Shifan-county-2026!", "new_password2": "Shifan-county-2026!",
    })
    assert response.status_code == 302
    assert not User.objects.get(username="clerk2").must_change_password
    assert client.get(reverse("org:agency_list")).status_code == 200


def test_admin_password_form_sets_must_change(world):
    from fazhi.org.admin import SetByAdminPasswordForm

    user = User.objects.get(username="clerk")
    form = SetByAdminPasswordForm(user, {"password1": "Set-by-admin-2026", "password2": "Set-by-admin-2026"})
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert user.must_change_password and user.check_password("Set-by-admin-2026")


def test_django_admin_is_for_system_administrators_only(world, client):
    client.force_login(world.office)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(world.admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_session_expires_after_inactivity_and_activity_keeps_it_alive(world, client, settings):
    from datetime import UTC, datetime, timedelta

    import time_machine
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 480 * 60
    start = datetime(2026, 5, 6, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(world.owner)
        client.get(reverse("home"))
        key = client.session.session_key
        first = Session.objects.get(session_key=key).expire_date
        assert first == start + timedelta(minutes=480)
        clock.shift(timedelta(seconds=30))  # within a minute: no write
        client.get(reverse("home"))
        assert Session.objects.get(session_key=key).expire_date == first
        clock.shift(timedelta(minutes=10))  # working on: the expiry moves with the activity
        client.get(reverse("home"))
        assert Session.objects.get(session_key=key).expire_date == start + timedelta(minutes=490, seconds=30)
        clock.shift(timedelta(minutes=481))  # idle beyond the limit: logged out
        response = client.get(reverse("home"))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_logout(world, client):
    client.force_login(world.owner)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_switching_to_a_role_one_does_not_hold_is_refused(world, client):
    from fazhi.org.models import Membership

    client.force_login(world.owner)
    foreign = Membership.objects.get(user=world.outsider)
    client.post(reverse("switch_membership"), {"membership": foreign.pk})
    assert client.session.get("fazhi_membership") is None


def test_switching_between_ones_own_roles(world, client):
    director = User.objects.get(username="director")
    second = director.memberships.get(agency__code="sfx-sfj")
    client.force_login(director)
    client.post(reverse("switch_membership"), {"membership": second.pk, "next": "https://evil.example/"})
    html = client.get(reverse("home")).content.decode()
    assert client.session["fazhi_membership"] == second.pk
    assert "示范县司法局" in html


def test_broadest_role_is_the_default(world, client):
    client.force_login(User.objects.get(username="director"))
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="current-agency">中共示范县委全面依法治县委员会办公室<' in html
