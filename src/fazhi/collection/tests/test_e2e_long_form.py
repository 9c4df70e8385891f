"""A long figures form in the browser: its buttons and its parts are in a keyboard's reach (WCAG 2.4.1, 2.4.3)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.core.tests.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_TABS = 40  # from the address bar to the save button, past the header and the side navigation


def test_a_long_form_keeps_save_and_its_parts_within_reach(world, catalog, live_server, page):
    from fazhi.collection.actions import open_round
    from fazhi.metrics.models import Metric

    year = timezone.localdate().year - 1
    round_ = open_round(world.agency("sfx-office"), year, "全部指标报送", timezone.localdate() + timedelta(days=20),
                        list(Metric.objects.for_year(year)),
                        [world.agency("sfx-scj")], by=world.office)
    submission = round_.submissions.get()
    base = live_server.url
    log_in(page, base, "clerk")
    page.goto(f"{base}/collection/submissions/{submission.pk}/")
    inputs = page.locator("#figures input:not([type=hidden])").count()
    assert inputs > 60, inputs  # a form long enough to matter

    page.locator("body").focus()
    tabs = 0
    while page.evaluate("document.activeElement.dataset.testid") != "save-draft":
        tabs += 1
        assert tabs <= MAX_TABS, f"save draft not reached in {MAX_TABS} Tab presses ({inputs} fields in the form)"
        page.keyboard.press("Tab")
    print(f"save draft reached in {tabs} Tab presses; the form has {inputs} fields")

    # Each part of the form is a link away; following it puts the part on screen, below the bar.
    links = page.get_by_test_id("section-index").get_by_role("link")
    assert links.count() >= 4
    last = links.nth(links.count() - 1)
    name = last.inner_text()
    last.focus()
    page.keyboard.press("Enter")
    target = page.locator(f"#topic-{links.count()}")
    page.screenshot(path="var/test-results/screens/long-form-section.png")
    heading = target.locator("caption, h2").first  # a table of figures, or the narrative material
    assert heading.inner_text() == name
    bar = page.get_by_test_id("form-bar").bounding_box()
    caption = heading.bounding_box()
    assert caption["y"] >= bar["y"] + bar["height"] - 1, (caption, bar)  # not hidden under the bar
    assert 0 <= bar["y"] < 5  # the buttons stayed on screen
    # The next Tab goes into that part, not back to the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.getElementById('topic-{links.count()}').contains(document.activeElement)")

    # And back to the top again.
    page.locator(".to-top a").last.click()
    assert page.evaluate("document.activeElement.id") == "figures"
