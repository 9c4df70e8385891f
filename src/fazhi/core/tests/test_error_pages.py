"""Errors answer in fazhi's own layout and the reader's language, never with Django's debug pages."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from fazhi.core.tests.test_settings_env import fazhi

pytestmark = pytest.mark.django_db


def zh_client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_debug_pages_are_off_unless_a_developer_asks(tmp_path):
    shell = "from django.conf import settings; print(settings.DEBUG)"

    assert fazhi("shell", "-c", shell, tmp_path=tmp_path).stdout.split()[-1] == "False"
    assert fazhi("shell", "-c", shell, env={"DEBUG": "true"}, tmp_path=tmp_path).stdout.split()[-1] == "True"


def test_not_found_is_a_chinese_page_in_the_layout_without_url_patterns(world):
    from fazhi.reports.actions import create_report

    report = create_report(world.agency("sfx-gov"), 2025, by=world.office)

    response = zh_client(world.outsider).get(f"/reports/{report.pk}/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "不在您可以查看的范围内" in body
    assert 'class="sidenav"' in body  # the workbench's own layout, with its navigation
    assert "urlpatterns" not in body.lower() and "URLconf" not in body


def test_forbidden_says_what_the_person_may_do_instead(world):
    response = zh_client(world.owner).get("/collection/rollup/")

    assert response.status_code == 403
    body = response.content.decode()
    assert "您无权打开此页面" in body
    assert 'href="/"' in body and "回到今日待办" in body
    assert len(body) > 1000  # the page, not a bare "403 Forbidden"


def test_forbidden_for_anonymous_offers_log_in_and_the_portal(world):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())

    body = response.content.decode()
    assert response.status_code == 403
    assert "/login/?next=/somewhere/" in body and "/portal/" in body


@override_settings(ROOT_URLCONF="fazhi.core.tests.boom_urls")
def test_server_error_is_a_chinese_page_that_keeps_the_traceback_out():
    response = zh_client().get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错了" in body and "已保存的内容不受影响" in body
    assert "RuntimeError" not in body and "Traceback" not in body


def test_bad_request_is_a_chinese_page():
    response = zh_client().get("/", HTTP_HOST="not-an-allowed-host.example")

    assert response.status_code == 400
    assert "无法处理此请求" in response.content.decode()


def test_navigation_offers_the_roll_up_only_to_who_may_open_it(world):
    clerk_home = zh_client(world.owner).get("/").content.decode()
    office_home = zh_client(world.office).get("/").content.decode()

    assert "/collection/rollup/" not in clerk_home
    assert "/collection/rollup/" in office_home
    assert zh_client(world.office).get("/collection/rollup/").status_code == 200
