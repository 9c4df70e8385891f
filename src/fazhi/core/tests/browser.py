"""Helpers for the browser tests: logging in as a demo persona, and axe-core's accessibility checks.

axe-core is the copy bundled with the ``axe-playwright-python`` package (a test dependency); it is injected
through Playwright's ``evaluate``, which the pages' Content-Security-Policy does not govern.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fazhi.demo.county import DEMO_PASSWORD

#: What the product answers for: WCAG 2.1 levels A and AA (GB/T 37668-2019 follows WCAG 2.0 AA).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def log_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the log-in form and wait for the home page."""
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def log_out(page) -> None:
    """Press the header's log-out button."""
    page.get_by_test_id("logout").click()
    page.wait_for_load_state()


@cache
def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it stands; return its WCAG 2.1 A/AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(url: str, violations: list[dict]) -> list[str]:
    """One line per violated rule on the page: how many elements, which (the first three), and the remedy."""
    lines = []
    for rule in violations:
        nodes = rule["nodes"]
        targets = ", ".join(" ".join(str(t) for t in node.get("target", [])) for node in nodes[:3])
        lines.append(f"{url}: {rule['id']} ({rule['impact']}) on {len(nodes)} element(s): {targets}: {rule['help']}")
    return lines
