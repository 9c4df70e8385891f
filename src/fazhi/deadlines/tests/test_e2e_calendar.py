"""The administrator pastes the State Council's notice with the page's clutter, sees its months, saves it; then
pastes a supplement and sees only its days change."""

from __future__ import annotations

import pytest

from fazhi.core.tests.browser import log_in
from fazhi.deadlines.models import CalendarYear, HolidayOverride
from fazhi.deadlines.tests.test_published import notice_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

#: Invented for the test: a change to 2026's Labour Day that the State Council never made.
SUPPLEMENT = """网站首页 > 政策文件
关于调整2026年劳动节放假安排的通知
国办发明电〔2026〕99号
2026年劳动节放假调整为：5月1日（周五）至6日（周三）放假调休，共6天。5月9日（周六）上班。
特此通知。"""


def test_the_administrator_enters_a_notice_then_a_supplement(world, live_server, page):
    log_in(page, live_server.url, "admin")

    page.goto("/calendar/")
    page.fill("#id_text", notice_text(2026))
    with page.expect_navigation():
        page.click("button[name=preview]")
    preview = page.get_by_test_id("notice-preview")
    assert "国办发明电〔2025〕7号" in preview.inner_text()
    assert page.get_by_test_id("month-grid").count() == 7
    october = page.get_by_test_id("month-grid").nth(6)
    assert october.locator("td.off").count() == 7 and october.locator("td.on").count() == 1  # 1–7 Oct; Sat 10
    with page.expect_navigation():
        page.click("button[name=save]")
    assert "2026" in page.locator(".messages").inner_text()
    assert CalendarYear.objects.get(year=2026).source == "国办发明电〔2025〕7号"

    page.fill("#id_text", SUPPLEMENT)
    with page.expect_navigation():
        page.click("button[name=preview]")
    assert "Supplement" in page.get_by_test_id("notice-preview").inner_text() or "补充通知" in (
        page.get_by_test_id("notice-preview").inner_text())
    assert page.get_by_test_id("month-grid").count() == 1  # May alone
    assert page.get_by_test_id("notice-replaces").count() == 0  # it adds a day; it takes none from the notice
    with page.expect_navigation():
        page.click("button[name=save]")

    assert HolidayOverride.objects.get(date="2026-05-06").notice.source == "国办发明电〔2026〕99号"
    assert HolidayOverride.objects.get(date="2026-05-01").notice.source == "国办发明电〔2025〕7号"
    assert HolidayOverride.objects.get(date="2026-10-01").notice.source == "国办发明电〔2025〕7号"
    assert CalendarYear.objects.get(year=2026).source == "国办发明电〔2025〕7号"
