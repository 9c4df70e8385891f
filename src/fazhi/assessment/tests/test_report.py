"""Part two of the annual report (存在的不足和原因) names the reporting body's own rectification: the items still open at
the end of the year, the overdue first, and those closed in the year, each by its finding; never another body's."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.assessment import actions
from fazhi.assessment.service import rectification_notes, shortcoming_text
from fazhi.assessment.tests.conftest import at, pdf
from fazhi.reports import compose
from fazhi.reports.models import Part, Report
from fazhi.reports.tests.fixtures_compose import make_report

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture
def year_2025(find, world, office, owner):
    """2025's findings: 县市场监管局 one overdue and one open, 县教育局 one closed in November, one closed in 2024
    (not recent); 邻水县's office one of its own county's."""
    with at(D(2025, 12, 20)):
        common = dict(inspection_started_on=D(2025, 5, 6), feedback_on=D(2025, 5, 20), assigned_on=D(2025, 5, 25),
                      inspection_reference="示法督〔2025〕2号")
        find(description="行政执法案卷中现场检查笔录记录不完整", deadline_set=D(2025, 8, 31), **common)
        find(description="包容审慎监管清单未及时公开", deadline_set=D(2026, 3, 31), **common)
        school = find(agency=world.agency("sfx-jyj"), description="校外培训机构执法检查缺少法制审核",
                      responsible_person="李副局长", **common)
        school = actions.record_plan(school, by=office, plan_on=D(2025, 6, 1), plan="建立法制审核清单。")
        school = actions.request_closing(school, by=office, requested_on=D(2025, 10, 20),
                                         closing_summary="已建立清单。", evidence=pdf())
        actions.accept_closing(school, by=office, closed_on=D(2025, 11, 3))
        old = find(description="行政规范性文件清理不及时", inspection_reference="示法督〔2024〕1号",
                   inspection_started_on=D(2024, 4, 1), feedback_on=D(2024, 4, 10), assigned_on=D(2024, 4, 12))
        old = actions.record_plan(old, by=office, plan_on=D(2024, 4, 20), plan="全面清理。")
        old = actions.request_closing(old, by=office, requested_on=D(2024, 6, 1), closing_summary="已清理。",
                                      evidence=pdf())
        actions.accept_closing(old, by=office, closed_on=D(2024, 6, 5))
        lsx_office = world.agency("lsx-office").memberships.first()
        assert lsx_office is None  # the demo has no office clerk there: the administrator records it
        find(agency=world.agency("lsx-sfj"), by=world.admin, description="邻水县法律援助案件归档不规范", **common)


def test_a_departments_part_two_names_only_its_own_items(year_2025, world):
    text = shortcoming_text(world.agency("sfx-scj"), 2025, region_wide=False)
    assert text.startswith("督察发现问题整改还不够到位。2025年专项督察反馈的问题中，截至年底尚有2项未完成整改，其中1项已超过整改期限")
    assert text.index("现场检查笔录记录不完整”（整改期限8月31日，已逾期）") < text.index("包容审慎监管清单未及时公开")
    assert "校外培训" not in text and "邻水县" not in text and "主要原因是" in text


def test_a_county_report_names_its_departments_items_and_no_other_countys(year_2025, world):
    opened, done = rectification_notes(world.agency("sfx-gov"), 2025, region_wide=True)
    assert [n.agency for n in opened] == ["县市场监管局", "县市场监管局"]
    assert [(n.agency, n.closed_on) for n in done] == [("县教育局", D(2025, 11, 3))]  # not the one closed in 2024
    text = shortcoming_text(world.agency("sfx-gov"), 2025, region_wide=True)
    assert "“校外培训机构执法检查缺少法制审核”（县教育局，11月3日销号）" in text
    assert "法律援助" not in text and "规范性文件清理" not in text


def test_a_body_without_items_gets_no_such_item(year_2025, world):
    assert shortcoming_text(world.agency("sfx-wjj"), 2025, region_wide=False) == ""


def test_an_item_closed_after_the_year_is_still_open_in_that_years_report(year_2025, world, office):
    from fazhi.assessment.models import Rectification

    item = Rectification.objects.get(title__startswith="包容审慎")
    with at(D(2026, 2, 10)):
        item = actions.record_plan(item, by=office, plan_on=D(2026, 1, 5), plan="公开清单。")
        item = actions.request_closing(item, by=office, requested_on=D(2026, 1, 20), closing_summary="已公开。",
                                       evidence=pdf())
        actions.accept_closing(item, by=office, closed_on=D(2026, 2, 1))
    opened, _done = rectification_notes(world.agency("sfx-scj"), 2025, region_wide=False)
    assert len(opened) == 2


def test_the_composer_puts_the_item_first_in_part_two(year_2025, world, catalog):
    report = make_report(world.agency("sfx-scj"), body_kind=Report.BodyKind.DEPARTMENT)
    compose.build_sections(report, by=world.office)
    text = report.sections.get(part=Part.SHORTCOMINGS).text
    assert compose.DRAFT_MARK not in text
    assert "一是督察发现问题整改还不够到位" in text or text.split("：", 1)[1].startswith("督察发现问题整改")
    assert "现场检查笔录记录不完整" in text and "校外培训" not in text
