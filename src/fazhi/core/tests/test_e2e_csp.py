"""The pages work under the strict Content-Security-Policy: no violation, and their scripts still run."""

from __future__ import annotations

import contextlib
import re

import pytest

from fazhi.core.tests.browser import log_in
from fazhi.demo.county import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " @" + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo(committed_year):
    """The demo county with a year of activity: every ledger has records, rounds and reports to open."""
    return committed_year


@pytest.fixture
def watched(page):
    """The page, with every CSP violation (event or console message) and script error collected."""
    problems: list[str] = []
    page.add_init_script(WATCH)
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if (msg.type == "error" and "Failed to load resource" not in msg.text)
            or "Content Security Policy" in msg.text else None)
    # A missing file is named by its address (the browser asks for /favicon.ico on its own: not ours).
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def check(where: str) -> None:
        found = list(problems)
        with contextlib.suppress(Exception):  # a page navigating away: its console messages are kept
            found += page.evaluate("window.__violations || []")
        problems.clear()
        assert not found, f"{where}: {found}"

    page.check_csp = check
    return page


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.check_csp(url)


def first_link(page, base, list_url, pattern):
    page.goto(base + list_url)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if re.fullmatch(pattern, href):
            return base + href
    raise AssertionError(f"no link like {pattern} on {list_url}")


def test_office_pages_have_no_csp_violation_and_their_scripts_work(demo, live_server, watched):
    page, base = watched, live_server.url
    visit(page, f"{base}/login/")
    log_in(page, base, "director")
    page.check_csp("home")
    pages = ["/", "/normative/", "/decisions/", "/consultation/", "/reports/", "/collection/", "/collection/rollup/",
             "/metrics/", "/analyzer/", "/org/agencies/", "/org/regions/", "/calendar/",
             "/collection/rounds/new/", "/api/v1/docs"]
    pages.append(first_link(page, base, "/normative/", r"/normative/\d+/"))
    pages.append(first_link(page, base, "/decisions/", r"/decisions/\d+/"))
    pages.append(first_link(page, base, "/reports/", r"/reports/\d+/"))
    pages.append(first_link(page, base, "/collection/", r"/collection/rounds/\d+/"))
    for url in pages:
        visit(page, url if url.startswith("http") else base + url)

    # Live filtering on the normative ledger still narrows the rows (htmx under the policy).
    page.goto(f"{base}/normative/")
    rows = page.locator("tr[data-document]")
    before = rows.count()
    title = rows.first.locator("a").first.inner_text()
    page.locator("#q").press_sequentially(title[:8], delay=30)
    page.wait_for_function("n => document.querySelectorAll('tr[data-document]').length < n", arg=before)
    assert 0 < rows.count() < before
    page.check_csp("live filter")

    # The round form's "select all" box still ticks its group.
    page.goto(f"{base}/collection/rounds/new/")
    box = page.locator("[data-select-all]").first
    group = box.get_attribute("data-select-all")
    members = page.locator(f'input[data-group~="{group}"]')
    box.check()
    assert members.count() > 0 and all(members.nth(i).is_checked() for i in range(members.count()))
    box.uncheck()
    assert not any(members.nth(i).is_checked() for i in range(members.count()))
    page.check_csp("round form")

    # The membership switch (a select that sends its form) still works.
    current = page.get_by_test_id("current-agency").inner_text()
    switch = page.locator("#membership-switch")
    other = switch.locator("option:not([selected])").first.get_attribute("value")
    with page.expect_navigation():
        switch.select_option(other)
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("current-agency").inner_text() != current
    page.check_csp("membership switch")

    # The API docs render their operations.
    page.goto(f"{base}/api/v1/docs")
    # Swagger UI lays out every operation of every ledger before the first shows: on a busy machine that takes long.
    page.wait_for_selector(".opblock", timeout=60_000)
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".opblock-body")
    page.check_csp("API docs")


def test_clerk_form_and_admin_and_portal_have_no_csp_violation(demo, live_server, watched):
    page, base = watched, live_server.url
    log_in(page, base, "clerk")
    submission = first_link(page, base, "/collection/", r"/collection/submissions/\d+/")
    visit(page, submission)
    # The change on last year appears beside a figure as it is typed (collection/figures.js).
    figure = page.locator("#figures input[data-last]:not([data-last=''])").first
    figure.fill("12345")
    cell = page.locator(f'[data-change-for="{figure.get_attribute("id")}"]')
    assert cell.inner_text().startswith("+") or cell.inner_text().startswith("-")
    page.check_csp("figures")
    page.click("[data-testid=logout]")

    log_in_admin = f"{base}/admin/login/"
    visit(page, log_in_admin)
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    for url in ["/admin/", "/admin/org/user/", "/admin/org/user/add/", "/admin/org/loginfailure/",
                "/admin/audit/auditentry/"]:
        visit(page, base + url)
    visit(page, first_link(page, base, "/admin/org/user/", r"/admin/org/user/\d+/change/"))

    for url in ["/portal/", "/normative/library/", "/decisions/public/", "/consultation/open/"]:
        visit(page, base + url)
    visit(page, first_link(page, base, "/portal/", r"/portal/reports/\d+/"))
