"""In the browser, the rule-of-law office records a meeting of the county Party committee's standing committee that
studied law-based government; the joint annual report's part three (the draft) then names that meeting."""

from __future__ import annotations

import pytest

from fazhi.core.tests.browser import log_in
from fazhi.leadership.models import Meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TOPIC = "研究部署测试县法治政府建设年度重点任务"


def test_a_standing_committee_meeting_on_law_shows_up_in_part_three(world, live_server, page):
    from fazhi.metrics.catalog import load_catalog
    from fazhi.reports import actions
    from fazhi.reports.models import Part

    load_catalog()
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/leadership/meetings/")
    page.get_by_test_id("new-record").click()
    page.locator("[name='agency']").select_option("sfx-party")
    page.fill("[name='title']", "县委常委会2025年第9次会议")
    page.locator("[name='kind']").select_option("standing_committee")
    page.fill("[name='held_on']", "2025-06-18")
    page.fill("[name='topic']", TOPIC)
    page.locator("[name='on_law']").check()
    page.fill("[name='decisions']", "审议通过年度重点任务分工方案。")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    meeting = Meeting.objects.get(topic=TOPIC)
    assert meeting.agency.code == "sfx-party" and meeting.on_law
    assert TOPIC in page.get_by_test_id("facts").inner_text()

    report = actions.create_report(world.agency("sfx-gov"), 2025, by=world.office, body_kind="joint")
    section = report.sections.get(part=Part.FIRST_RESPONSIBLE, order=0)
    page.goto(f"{base}/reports/{report.pk}/")
    text = page.get_by_test_id(f"section-{section.pk}").inner_text()
    assert f"6月18日，县委常委会2025年第9次会议专题研究“{TOPIC}”" in text
