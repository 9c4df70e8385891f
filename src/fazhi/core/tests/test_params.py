"""The views' query parameters: a bad value is the view's default, never a 500."""

import pytest
from django.test import RequestFactory

from fazhi.core import params

HOSTILE = ["99999999999999999999", "-57", "65537", "0", "1e5", "abc", "\x00", "a\x00b", "x" * 5000, "٣", "²",
           "%00", "\x1b", "-", ""]
PAGES = [
    "/org/agencies/", "/org/regions/", "/metrics/", "/metrics/export/", "/collection/", "/collection/rollup/",
    "/reports/", "/portal/", "/portal/reports/", "/consultation/open/", "/consultation/",
    "/consultation/export.xlsx", "/normative/", "/normative/export.xlsx", "/normative/library/", "/decisions/",
    "/decisions/export.xlsx", "/decisions/catalogs/", "/decisions/public/", "/decisions/public/catalogs/",
    "/calendar/", "/notifications/",
]
NAMES = ["year", "page", "q", "agency", "status", "kind", "region", "parent", "include", "own", "format",
         "overdue", "step", "category", "unread", "metric"]


def get(query: dict):
    return RequestFactory().get("/", query)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_bad_year_or_page_is_the_default(value):
    assert params.year(get({"year": value}), default=2025) == 2025
    assert params.page(get({"page": value})) == 1 or value == "65537"


def test_good_values_are_read():
    request = get({"year": "2025", "page": "3", "q": "  摊位  ", "n": "-5"})
    assert params.year(request) == 2025
    assert params.page(request) == 3
    assert params.text(request, "q") == "摊位"
    assert params.integer(request, "n", low=-10, high=10) == -5
    assert params.integer(request, "n", low=0, high=10, default=7) == 7


def test_a_text_too_long_or_with_control_characters_is_the_default():
    assert params.text(get({"q": "x" * 101}), "q") == ""
    assert params.text(get({"q": "摊\x00位"}), "q") == ""
    assert params.text(get({"q": "摊\t位"}), "q") == ""
    assert params.text(get({"q": "摊位"}), "q", default="-") == "摊位"


@pytest.mark.parametrize("path", PAGES)
def test_every_list_page_survives_hostile_query_parameters(world, client, path):
    client.force_login(world.office)
    for name in NAMES:
        for value in ("99999999999999999999", "-57", "65537", "abc", "a\x00b", "x" * 5000):
            response = client.get(path, {name: value})
            assert response.status_code < 500, (path, name, value)


def test_a_control_character_in_a_page_query_is_a_bad_request_in_the_layout(world, client):
    client.force_login(world.office)

    response = client.get("/org/agencies/", {"q": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "无法处理此请求" in response.content.decode()
    assert client.get("/org/agencies/", {"q": "a\tb"}).status_code == 400
    assert client.get("/org/agencies/", {"q": "示范"}).status_code == 200
