"""The composer states for each body only the metrics that fit it, in that body's own words."""

import pytest

from fazhi.reports import compose
from fazhi.reports.models import Report
from fazhi.reports.tests.fixtures_compose import make_report, make_submissions

pytestmark = pytest.mark.django_db

VALUES = {
    2025: {
        "sfx-gov": {"leadership_meetings_on_law": 5, "education_villages": 40},
        "sfx-scj": {"enforcement_officers": 86, "leadership_meetings_on_law": 7, "decisions_adviser_meetings": 6},
        # A township's form should not hold 常务会议; a figure entered anyway is never printed for it.
        "sfx-t01": {"education_villages": 12, "leadership_meetings_on_law": 4, "enforcement_officers": 9,
                    "decisions_adviser_meetings": 3},
    },
    2024: {},
}


def _text(report) -> str:
    compose.build_sections(report, by=None)
    return "\n".join(report.sections.values_list("text", flat=True))


@pytest.fixture
def bodies(world, catalog):
    make_submissions(world, catalog, VALUES)
    return world


def test_a_township_is_told_in_its_own_words_and_never_of_a_state_council_meeting(bodies):
    text = _text(make_report(bodies.agency("sfx-t01"), body_kind=Report.BodyKind.TOWNSHIP))
    assert "全镇共有村（社区）12个" in text
    assert "全镇持证行政执法人员9" in text
    assert "法律顾问列席镇长办公会议3" in text
    assert "常务会议研究" not in text and "政府常务会议" not in text


def test_a_department_says_全局_and_its_own_meeting(bodies):
    text = _text(make_report(bodies.agency("sfx-scj"), body_kind=Report.BodyKind.DEPARTMENT))
    assert "全局持证行政执法人员86" in text
    assert "法律顾问列席局长办公会议6" in text
    assert "常务会议研究法治" not in text  # 7 entered, but a department holds no 常务会议
    assert "共有村（社区）" not in text


def test_the_county_states_its_own_meetings_and_its_villages(bodies):
    text = _text(make_report(bodies.agency("sfx-gov")))
    assert "政府常务会议专题研究法治政府建设工作5次" in text  # its own 5, not 5 + 7 + 4
    assert "全县共有村（社区）40个" in text  # its own count, not 40 + 12


def test_a_townships_part_three_is_its_own_leadership_records_only(world, catalog):
    from fazhi.reports.models import Part

    make_submissions(world, catalog, {
        2025: {"sfx-gov": {"leadership_study_sessions": 6, "leaders_shufa": 4},
               "sfx-t01": {"leadership_study_sessions": 3, "leaders_shufa": 2, "litigation_leader_appearances": 1},
               "sfx-t02": {"leadership_study_sessions": 7, "leaders_shufa": 5},
               "sfx-sfj": {"litigation_leader_appearances": 6}},
        2024: {},
    })
    report = make_report(world.agency("sfx-t01"), body_kind=Report.BodyKind.TOWNSHIP)
    compose.build_sections(report, by=None)
    first = report.sections.get(part=Part.FIRST_RESPONSIBLE)
    assert "学法3次" in first.text and "2名党政主要负责人" in first.text and "出庭应诉1件" in first.text
    for other in ("6次", "7次", "9次", "16次", "4名", "5名", "11名", "7件"):
        assert other not in first.text, other
    assert {f["metric"]: f["value"] for f in first.figures} == {
        "leadership_study_sessions": "3", "leaders_shufa": "2", "litigation_leader_appearances": "1"}
    assert "常务会议" not in first.text and "常委会" not in first.text
