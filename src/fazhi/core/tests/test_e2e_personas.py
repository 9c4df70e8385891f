"""Each persona logs in through the browser and sees exactly its scope."""

import re

import pytest

from fazhi.core.tests.browser import log_in
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def listed_agencies(page, base):
    page.goto(f"{base}/org/agencies/?page=1")
    names = set()
    while True:
        names |= set(page.locator("[data-testid=agency-table] tbody td:first-child a").all_inner_texts())
        nxt = page.locator("nav.pagination a", has_text=re.compile("下一页|Next"))
        if nxt.count() == 0:
            return names
        nxt.first.click()
        page.wait_for_load_state()


@pytest.mark.parametrize(
    ("username", "agency_shown", "must_see", "must_not_see"),
    [
        ("clerk", "示范县市场监督管理局", {"示范县市场监督管理局"}, {"示范县教育局", "邻水县司法局"}),
        ("clerk2", "示范县教育局", {"示范县教育局"}, {"示范县市场监督管理局", "邻水县司法局"}),
        ("outsider", "邻水县司法局", {"邻水县司法局"}, {"示范县市场监督管理局", "示范县人民政府"}),
        ("office", "中共示范县委全面依法治县委员会办公室", {"示范县市场监督管理局", "示范县城关镇人民政府"},
         {"邻水县司法局", "示范市人民政府"}),
        ("leader", "示范县人民政府", {"示范县教育局", "示范县红星街道办事处"}, {"邻水县司法局"}),
        ("supervisor", "中共示范市委全面依法治市委员会办公室", {"示范县教育局", "邻水县司法局"}, {"示范市人民政府"}),
    ],
)
def test_persona_sees_exactly_its_scope(world, live_server, page, username, agency_shown, must_see, must_not_see):
    base = live_server.url
    log_in(page, base, username)
    assert page.get_by_test_id("current-agency").inner_text() == agency_shown
    assert page.locator("h1").first.inner_text().startswith("今日待办")
    names = listed_agencies(page, base)
    user = type(world.owner).objects.get(username=username)
    expected = set(scope_for(user).agencies().values_list("name", flat=True))
    assert names == expected
    assert must_see <= names and not (must_not_see & names)


def test_outsider_opening_another_countys_agency_by_url_gets_not_found(world, live_server, page):
    base = live_server.url
    log_in(page, base, "outsider")
    response = page.goto(f"{base}/org/agencies/sfx-scj/")
    assert response.status == 404
    assert "示范县市场监督管理局" not in page.content()


def test_wrong_password_shows_a_chinese_message_and_stays_on_the_form(world, live_server, page):
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.get_by_test_id("login-errors").inner_text()
    assert page.url.startswith(f"{base}/login/")


def test_language_switch_to_english_and_back(world, live_server, page):
    base = live_server.url
    log_in(page, base, "clerk")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("What needs me today")
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("今日待办")


def test_phone_width_keeps_navigation_usable(world, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    base = live_server.url
    log_in(page, base, "office")
    page.get_by_role("link", name="单位").first.click()
    page.wait_for_url(re.compile(r".*/org/agencies/.*"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert Agency.objects.count() > 0
