"""Root fixtures for every test of fazhi.

Browser tests (marker ``e2e``) drive Debian's chromium through Playwright's sync API: ``browser`` starts one
chromium per test process, ``page`` gives each test a fresh context (its own cookies and storage) at
1366×768 with the zh-CN locale. When the test also asks for ``live_server``, the page's base URL is the live
server's, so ``page.goto("/admin/login/")`` works. A failed browser test leaves a screenshot in
``var/test-results/``.

Playwright's bundled driver is used; its own browser downloads are never needed (nor possible here).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest

# The demo county and its personas (owner, colleague, outsider…), for every app's tests.
from fazhi.org.tests.world import catalog, committed_year, demo_year, sample_cases, world  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _audit_anchor_file(settings, tmp_path_factory):
    """Give each test its own audit anchor file: the file outlives a rolled-back test's entries, and an anchor
    of another test's chain would read as entries removed."""
    import uuid

    settings.FAZHI_AUDIT_ANCHOR_FILE = str(tmp_path_factory.getbasetemp() / "audit-anchors" / f"{uuid.uuid4().hex}.jsonl")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Drop the cached working-day calendar and Django's cache after each test: a rolled-back holiday notice
    sends no signal, and what is cached per person would outlive the test's rows."""
    yield
    from django.core.cache import cache

    from fazhi.deadlines.service import clear_cache
    from fazhi.org import identity

    clear_cache()
    identity.forget()
    cache.clear()  # display choices kept per person (e.g. the ledger list's filters): ids recur across tests


CHROMIUM = os.environ.get("FAZHI_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium keeps calling Google's hosts, which a closed network refuses, slowly.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
DEFAULT_TIMEOUT_MS = 15_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run browser tests after all others (a stable sort, after pytest-django's own reordering).

    Once Playwright's sync API has started, an asyncio event loop stays set on the thread, and tests that
    run after it in the same process see an "async context"; ``make test`` runs them in a separate process,
    this keeps a plain ``pytest`` run safe too. Within each half, the tests marked ``slow`` come first: parallel
    workers start on the longest tests and end together rather than wait for one of them.
    """
    items.sort(key=lambda item: (item.get_closest_marker("e2e") is not None,
                                 item.get_closest_marker("slow") is None))
    if os.environ.get("FAZHI_DATABASE_TESTS_ONLY") == "1":
        # The PostgreSQL run (`make test-postgres`): a test that opens no database there would only repeat
        # the SQLite run. Subprocess tests of commands set up their own SQLite database, so they count as free.
        free = [item for item in items if not _uses_the_database(item)]
        if free:
            config.hook.pytest_deselected(items=free)
            items[:] = [item for item in items if _uses_the_database(item)]


#: Fixtures through which a test reaches the test database (pytest-django's, directly or through others).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _uses_the_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)  # read by ``page`` for the screenshot of a failure
    return report


@pytest.fixture(scope="session")
def browser():
    """Return Debian's chromium, launched headless through Playwright, shared by the tests of this process."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}, and it is missing. "
            "Run `make test`, which installs it (as root), or: "
            "sudo apt-get update && sudo apt-get install -y chromium chromium-driver",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop set on this thread; Django then refuses ORM calls from the
    # test ("async context") unless told that this is safe, which it is: the test itself is synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        # launch() gives chromium a fresh temporary user data directory and removes it on close.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:
        playwright.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}", pytrace=False)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, request):
    """Return a page in a fresh browser context: 1366×768, locale zh-CN, time zone Asia/Shanghai."""
    base_url = request.getfixturevalue("live_server").url if "live_server" in request.fixturenames else None
    context = browser.new_context(
        viewport=VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai", base_url=base_url
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        results = Path(request.config.rootpath) / "var" / "test-results"
        results.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        with contextlib.suppress(Exception):  # a failed screenshot must not hide the test's own failure
            page.screenshot(path=str(results / f"{name}.png"), full_page=True)
    context.close()


def pytest_terminal_summary(terminalreporter):
    """Repeat the scope suite's count (``record_property("scope_suite", …)``) at the end of the run, also
    from xdist workers, whose own output pytest does not show."""
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "scope_suite" and getattr(report, "when", "call") == "call":
                    terminalreporter.write_line(value)
