"""axe-core finds no WCAG 2.1 A/AA violation on any kind of page the public and the main staff personas open.

The pages are not a hand-kept list: the link checker's crawl (as the persona, through Django's test client)
finds every page the persona can reach, and one address of each kind (URL name, with and without a query)
is opened in chromium and checked by axe-core, after the page's scripts have run: each kind once, as the first of
the personas (the public, the director, the clerk, the supervisor) who reaches it.
"""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.tests.browser import axe_violations, describe_violations, log_in
from fazhi.core.tests.crawl import crawl, url_name

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.slow]


#: Pages the product serves but does not write: the API's Swagger UI is django-ninja's, reached from the
#: API token page for developers.
NOT_OURS = {"api-1:openapi-view"}


def kinds_of_page(client: Client, start: str) -> list[str]:
    """One address of each kind of HTML page the client's person reaches from ``start``."""
    kinds: dict[tuple, str] = {}
    for visit in crawl(client, start, per_name=1).visits:
        if visit.status == 200 and "text/html" in visit.content_type and url_name(visit.url) not in NOT_OURS:
            kinds.setdefault(kind_of(visit.url), visit.url)
    return list(kinds.values())


def check(page, base: str, urls: list[str]) -> list[str]:
    problems = []
    for url in urls:
        page.goto(f"{base}{url}")
        page.wait_for_load_state()
        problems += describe_violations(url, axe_violations(page))
    return problems


@pytest.fixture
def demo(committed_year):
    return committed_year


#: The public, then the staff whose pages differ most: the office's director, a department's clerk, and the
#: city's supervisor. One test each, so that parallel workers share them; each kind of page is checked once, as the
#: first of them who reaches it.
PERSONAS = [None, "director", "clerk", "supervisor"]


def _kinds(username: str | None) -> dict[tuple, str]:
    from fazhi.org.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    found = kinds_of_page(client, "/" if username else "/portal/")
    return {kind_of(url): url for url in found + ([] if username else ["/login/"])}


def kind_of(url: str) -> tuple:
    return url_name(url), "?" in url


@pytest.mark.parametrize("username", PERSONAS, ids=lambda name: name or "public")
def test_every_kind_of_page_passes_axe(demo, live_server, browser, username, capsys):
    from fazhi.conftest import VIEWPORT

    mine = _kinds(username)
    assert len(mine) > (10 if username else 3), f"the crawl as {username or 'the public'} found only {mine}"
    for earlier in PERSONAS[:PERSONAS.index(username)]:
        for kind in _kinds(earlier):
            mine.pop(kind, None)
    urls = list(mine.values())
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        if username:
            log_in(page, live_server.url, username)
        problems = check(page, live_server.url, urls)
    finally:
        context.close()
    with capsys.disabled():
        print(f"\naxe as {username or 'the public'}: {len(urls)} kinds of page checked (not already checked as an "
              "earlier persona)")
    assert not problems, f"{len(problems)} accessibility violations:\n" + "\n".join(problems[:80])


def test_axe_catches_a_violation(demo, live_server, page):
    """The check itself works: an image without a text alternative and an unlabelled field are reported."""
    page.goto(f"{live_server.url}/portal/")
    page.evaluate(
        "() => { const m = document.querySelector('main');"
        " m.insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\"><input type=\"text\">'); }"
    )
    rules = {rule["id"] for rule in axe_violations(page)}
    assert {"image-alt", "label"} <= rules
