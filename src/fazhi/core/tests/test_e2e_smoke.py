"""The browser plumbing works: Debian's chromium, Playwright, pytest-django's live server, the test database."""

import pytest

pytestmark = pytest.mark.e2e


def test_admin_login_page_renders_in_chinese(live_server, page):
    page.goto("/admin/login/")

    assert "登录" in page.title()  # Django admin's "Log in", in the zh-CN locale the browser asks for
    assert page.locator("input[name=username]").is_visible()


def test_superuser_logs_in_to_admin(live_server, page, django_user_model):
    django_user_model.objects.create_superuser("root-e2e", "root@example.org", "correct horse battery")

    page.goto("/admin/login/")
    page.fill("input[name=username]", "root-e2e")
    page.fill("input[name=password]", "correct horse battery")
    page.click("input[type=submit]")

    page.wait_for_url(f"{live_server.url}/admin/")
    assert "root-e2e" in page.locator("#user-tools").text_content()
