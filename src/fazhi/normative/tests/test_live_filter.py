"""Live filtering of the ledger and of the public library: htmx gets the rows alone, through the same scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from fazhi.demo.county import DEMO_PASSWORD
from fazhi.normative import views

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english(request):
    """The pages in English (the msgids), except for the browser test, which reads no words."""
    if request.node.get_closest_marker("e2e") is None:
        request.getfixturevalue("settings").LANGUAGE_CODE = "en"


def rows_of(html: str) -> int:
    return len(re.findall(r"<tr class=\"[a-z]*\" data-document=", html))


@pytest.mark.django_db
class TestStaffList:
    def test_htmx_gets_only_the_filtered_rows(self, world, make_document, client):
        make_document("drafting", title="示范县集贸市场管理办法")
        make_document("drafting", title="示范县户外广告设置办法")
        client.force_login(world.owner)
        response = client.get(reverse("normative:list"), {"q": "集贸"}, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html and 'data-testid="filters"' not in html  # the rows partial, not the page
        assert "示范县集贸市场管理办法" in html and "示范县户外广告设置办法" not in html
        assert "1 document" in html
        # The export link in the partial carries the filter, so it exports what is shown.
        assert f'{reverse("normative:export")}?q=%E9%9B%86%E8%B4%B8' in html
        assert "HX-Request" in response["Vary"]

    def test_a_select_narrows_the_rows_too(self, world, make_document, client):
        make_document("drafting", title="示范县起草中办法")
        make_document("published", title="示范县已发布办法")
        client.force_login(world.office)
        html = client.get(reverse("normative:list"), {"q": "", "status": "published"}, **HTMX).content.decode()
        assert "示范县已发布办法" in html and "示范县起草中办法" not in html

    def test_an_outsider_sees_nothing_of_another_county(self, world, make_document, client):
        make_document("drafting", title="示范县集贸市场管理办法")
        client.force_login(world.outsider)
        html = client.get(reverse("normative:list"), {"q": "集贸"}, **HTMX).content.decode()
        assert "示范县集贸市场管理办法" not in html and "No document matches." in html and "0 documents" in html
        # Not by the agency filter either: the partial goes through the same scoped query.
        html = client.get(reverse("normative:list"), {"agency": "sfx-scj"}, **HTMX).content.decode()
        assert "示范县集贸市场管理办法" not in html

    def test_without_javascript_the_form_is_a_plain_get_form(self, world, make_document, client):
        make_document("drafting", title="示范县集贸市场管理办法")
        make_document("drafting", title="示范县户外广告设置办法")
        client.force_login(world.owner)
        html = client.get(reverse("normative:list"), {"q": "集贸"}).content.decode()
        assert "<html" in html and 'method="get"' in html and 'hx-get="/normative/"' in html
        assert 'value="集贸"' in html and 'hx-push-url="true"' in html
        assert "示范县集贸市场管理办法" in html and "示范县户外广告设置办法" not in html

    def test_a_history_restore_gets_the_whole_page(self, world, client):
        client.force_login(world.owner)
        html = client.get(reverse("normative:list"), {"q": "x"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true",
                          **HTMX).content.decode()
        assert "<html" in html

    def test_the_pages_keep_the_filters(self, world, make_document, client, monkeypatch):
        monkeypatch.setattr(views, "PAGE_SIZE", 2)
        for i in range(3):
            make_document("drafting", title=f"示范县集贸办法{i}")
        make_document("drafting", title="示范县其他办法")
        client.force_login(world.owner)
        html = client.get(reverse("normative:list"), {"q": "集贸"}, **HTMX).content.decode()
        assert rows_of(html) == 2 and "3 documents" in html
        assert 'href="?q=%E9%9B%86%E8%B4%B8&amp;page=2"' in html
        html = client.get(reverse("normative:list"), {"q": "集贸", "page": "2"}, **HTMX).content.decode()
        assert rows_of(html) == 1 and "示范县其他办法" not in html

    def test_the_count_stops_at_the_cap(self, world, make_document, client, monkeypatch):
        monkeypatch.setattr(views, "COUNT_CAP", 2)
        for i in range(3):
            make_document("drafting", title=f"示范县办法{i}")
        client.force_login(world.owner)
        html = client.get(reverse("normative:list"), **HTMX).content.decode()
        assert "More than 2 documents" in html


@pytest.mark.django_db
def test_the_public_library_filters_live_too(world, make_document, client):
    make_document("published", title="示范县已发布集贸办法")
    make_document("published", title="示范县已发布广告办法")
    make_document("drafting", title="示范县集贸草案")
    response = client.get(reverse("normative:public_library"), {"q": "集贸"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="library"' in html
    assert "示范县已发布集贸办法" in html and "示范县已发布广告办法" not in html
    assert "示范县集贸草案" not in html  # never a draft, whatever the words
    assert "1 document" in html
    page = client.get(reverse("normative:public_library"), {"q": "集贸"}).content.decode()
    assert "htmx" in page and 'hx-target="#library-rows"' in page and "示范县已发布集贸办法" in page


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_typing_in_the_search_box_narrows_the_rows_without_a_page_load(world, make_document, live_server, page):
    for title in ("示范县集贸市场管理办法", "示范县户外广告设置办法", "示范县网络交易监督办法"):
        make_document("drafting", title=title)
    page.goto("/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    page.goto("/normative/")
    rows = page.get_by_test_id("document-table").locator("tbody tr[data-document]")
    assert rows.count() == 3
    page.evaluate("window.notReloaded = true")  # gone if the browser loads a new page
    page.locator("#q").press_sequentially("集贸", delay=50)
    # A function, not an expression: Playwright evaluates a bare expression with eval(), which the
    # Content-Security-Policy refuses.
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=document-table] tbody tr[data-document]').length === 1")
    page.wait_for_url("**/normative/?q=%E9%9B%86%E8%B4%B8*")
    assert "示范县集贸市场管理办法" in rows.first.inner_text()
    assert page.evaluate("window.notReloaded") is True
    # "1 document" or "共1件文件": the count, whichever language the page is in
    assert re.findall(r"\d+", page.get_by_test_id("result-count").inner_text()) == ["1"]
