"""Chinese text renders in a Chinese font, not as boxes (tofu), on the pages a new office opens first.

Chromium draws a character no installed font covers as an empty box, and says nothing. The test asks
chromium, through the DevTools protocol, which platform fonts drew each text node, and requires that the
Chinese characters were drawn by a font that fontconfig lists for Chinese (``fc-list :lang=zh``). It also
keeps a screenshot of each page in ``var/test-results/screens/`` for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from fazhi.demo.county import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

HAN = re.compile(r"[\u3400-\u9fff]")


def chinese_families() -> set[str]:
    """Return the font families fontconfig says cover Chinese (each name a family may go by)."""
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def glyphs_by_family(page, selector: str) -> tuple[str, dict[str, int]]:
    """Return the text of the first element matching ``selector`` and the glyphs each font drew in it.

    Chromium reports the fonts of an element's own text nodes, so the element's descendants are asked too.
    """
    cdp = page.context.new_cdp_session(page)
    drawn: dict[str, int] = {}
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        first = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert first, f"no element matches {selector!r}"
        nodes = [first, *cdp.send("DOM.querySelectorAll", {"nodeId": first, "selector": "*"})["nodeIds"]]
        for node in nodes:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                drawn[font["familyName"]] = drawn.get(font["familyName"], 0) + font["glyphCount"]
    finally:
        cdp.detach()
    return page.locator(selector).first.inner_text(), drawn


def assert_chinese_renders(page, selector: str, families: set[str]) -> None:
    text, fonts = glyphs_by_family(page, selector)
    han = len(HAN.findall(text))
    assert han, f"{selector!r} on {page.url} has no Chinese text to check: {text[:80]!r}"
    drawn = sum(count for family, count in fonts.items() if family in families)
    assert drawn >= han, (
        f"{selector!r} on {page.url}: {han} Chinese characters, but Chinese fonts drew only {drawn} glyphs "
        f"(fonts used: {fonts}). Chinese shows as boxes: install a CJK font (`make setup` does as root; "
        f"otherwise: sudo apt-get install fonts-noto-cjk)."
    )


def screenshot(page, name: str, rootpath: Path) -> None:
    screens = rootpath / "var" / "test-results" / "screens"
    screens.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screens / f"{name}.png"), full_page=False)


def test_first_pages_show_chinese_in_a_chinese_font(committed_year, live_server, page, request):
    from fazhi.reports.models import Report

    families = chinese_families()
    assert families, "fontconfig lists no font for Chinese: install fonts-noto-cjk (make setup does as root)"
    rootpath = Path(request.config.rootpath)

    page.goto("/portal/")
    assert_chinese_renders(page, "h1", families)
    assert_chinese_renders(page, "main", families)
    screenshot(page, "portal", rootpath)

    page.goto("/login/")
    page.fill("#id_username", "director")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert_chinese_renders(page, "main", families)
    assert_chinese_renders(page, "nav", families)
    screenshot(page, "home-director", rootpath)

    page.goto("/normative/")
    assert_chinese_renders(page, "table", families)
    screenshot(page, "normative-list", rootpath)

    report = Report.objects.filter(agency__code="sfx-gov").order_by("-year").first()
    page.goto(f"/reports/{report.pk}/")
    assert_chinese_renders(page, "main", families)
    screenshot(page, "report", rootpath)
