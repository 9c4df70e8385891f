"""Part one's education topic draws on the education ledger: the computed figures of the body's own activities and
courses, and a sentence naming its own responsibility list and campaign — never another body's."""

from datetime import date

import pytest

from fazhi.reports import compose
from fazhi.reports.models import Report
from fazhi.reports.tests.conftest import at
from fazhi.reports.tests.fixtures_compose import make_report, make_submissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world):
    """县市场监管局's 2025 list, published, and a Constitution Week lecture; 县教育局's own activity."""
    from fazhi.education import actions

    clerk, office = world.owner, world.office
    with at(date(2025, 12, 20)):
        record = actions.open_list(agency=world.agency("sfx-scj"), by=clerk, year=2025, title="2025年度普法责任清单",
                                   drafted_on=date(2025, 1, 6))
        actions.add_list_item(record, by=clerk, matter="食品安全法", audience="经营者", responsible_unit="食品股")
        actions.publish_list(record, by=clerk, published_on=date(2025, 3, 3), published_where="门户网站")
        lecture = actions.plan_activity(agency=world.agency("sfx-scj"), by=clerk, title="宪法进企业",
                                        planned_on=date(2025, 12, 3), place="园区", audience_kind="enterprises",
                                        method="lecture", campaign="constitution_week")
        actions.record_activity_held(lecture, by=clerk, held_on=date(2025, 12, 3), audience_size=150)
        other = actions.plan_activity(agency=world.agency("sfx-jyj"), by=office, title="校园法治剧场",
                                      planned_on=date(2025, 12, 4), place="一中", audience_kind="students",
                                      method="performance", campaign="constitution_day")
        actions.record_activity_held(other, by=office, held_on=date(2025, 12, 4), audience_size=900)


def _education(report) -> str:
    compose.build_sections(report, by=None)
    return report.sections.get(part=1, topic="education").text


def test_a_departments_education_topic_names_its_own_list_and_campaign(world, catalog, ledger):
    from fazhi.education.metrics import METRICS
    from fazhi.metrics import registry

    department = world.agency("sfx-scj")
    # The figures the ledger computes, handed in as the department's (the catalog here has them typed).
    figures = {code: registry.compute(METRICS[code], [department.pk], 2025).get(department.pk)
               for code in ("pufa_activities", "pufa_audience")}
    make_submissions(world, catalog, {2025: {"sfx-scj": {k: v for k, v in figures.items() if v is not None}}})
    text = _education(make_report(department, body_kind=Report.BodyKind.DEPARTMENT))
    assert "制定并公布《2025年度普法责任清单》" in text
    assert "宪法进企业" in text and "校园法治剧场" not in text  # the other department's activity is not its own
    assert "150" in text  # the computed audience


def test_the_county_report_never_speaks_of_a_departments_activity_as_its_own(world, catalog, ledger):
    make_submissions(world, catalog, {2025: {"sfx-gov": {"pufa_activities": 2}}})
    compose.build_sections(make_report(world.agency("sfx-gov")), by=None)
    text = "\n".join(Report.objects.get(agency__code="sfx-gov").sections.values_list("text", flat=True))
    assert "宪法进企业" not in text and "普法责任清单》" not in text
