"""The catalog's education figures computed from the ledger, and the annual report's education topic drawing on the
body's own records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.education import actions, metrics
from fazhi.education.service import report_material

pytestmark = pytest.mark.django_db

D = date


def test_the_catalog_computes_the_figures_the_ledger_holds(catalog):
    from fazhi.metrics import registry

    for code, key in metrics.METRICS.items():
        assert catalog[code].computed_by == key and catalog[code].source == "computed", code
        assert registry.get(key) is not None


def test_activities_count_in_the_year_they_were_held(department, owner):
    held = actions.plan_activity(agency=department, by=owner, title="宪法进企业", planned_on=D(2026, 12, 3),
                                 place="园区", audience_kind="students", method="lecture",
                                 campaign="constitution_week")
    actions.record_activity_held(held, by=owner, held_on=D(2026, 12, 3), audience_size=120, materials=300)
    actions.plan_activity(agency=department, by=owner, title="计划中", planned_on=D(2026, 12, 20), place="园区",
                          audience_kind="public", method="stall")
    ids = [department.pk]
    assert metrics.activities(ids, 2026) == {department.pk: Decimal(1)}
    assert metrics.audience(ids, 2026) == {department.pk: Decimal(120)}
    assert metrics.materials(ids, 2026) == {department.pk: Decimal(300)}
    assert metrics.lectures(ids, 2026) == metrics.school_events(ids, 2026) == {department.pk: Decimal(1)}
    assert metrics.activities(ids, 2025) == {}


def test_courses_exams_and_registers_count(world, department, township, owner, exam):
    course = actions.plan_course(agency=department, by=owner, title="培训", kind="course", planned_on=D(2026, 6, 1))
    actions.record_course_held(course, by=owner, held_on=D(2026, 6, 1), hours="4", attendees=30)
    exam(held_on=D(2026, 11, 20), takers=40)
    clerk = world.township
    actions.register_literate(agency=township, by=clerk, name="甲", village="东街社区", trained_on=D(2026, 3, 1))
    gone = actions.register_literate(agency=township, by=clerk, name="乙", village="东街社区",
                                     trained_on=D(2026, 3, 1))
    actions.remove_literate(gone, by=clerk, removed_on=D(2026, 5, 1), removal_reason="迁出")
    kept = actions.register_village(agency=township, by=clerk, name="桃园村", level="city", named_year=2024)
    revoked = actions.register_village(agency=township, by=clerk, name="柳林村", level="city", named_year=2022)
    actions.record_village_review(revoked, by=clerk, reviewed_on=D(2026, 5, 1), confirmed=False, review_note="撤销")
    assert metrics.courses([department.pk], 2026) == {department.pk: 1}
    assert metrics.trainees([department.pk], 2026) == {department.pk: 30}
    assert metrics.exam_takers([department.pk], 2026) == {department.pk: 40}
    assert metrics.literates_trained([township.pk], 2026) == {township.pk: 1}
    assert metrics.model_villages([township.pk], 2026) == {township.pk: 1}  # 柳林村's title revoked in 2026
    assert metrics.model_villages([township.pk], 2025) == {township.pk: 2}
    assert kept.status == "named"


def test_the_report_names_the_bodys_own_list_and_campaign_and_nothing_of_others(world, department, owner, drafted):
    record = drafted()
    actions.publish_list(record, by=owner, published_on=D(2026, 3, 2), published_where="网站")
    activity = actions.plan_activity(agency=department, by=owner, title="宪法进企业", planned_on=D(2026, 12, 3),
                                     place="园区", audience_kind="enterprises", method="lecture",
                                     campaign="constitution_week")
    actions.record_activity_held(activity, by=owner, held_on=D(2026, 12, 3), audience_size=120)
    said = report_material(department, 2026)
    assert said[0] == "落实“谁执法谁普法”普法责任制，制定并公布《2026年度普法责任清单》，明确普法任务1项"
    assert said[1] == "围绕国家宪法日和“宪法宣传周”，开展“宪法进企业”等主题普法活动1场"
    assert report_material(world.agency("sfx-jyj"), 2026) == []
    assert report_material(world.agency("sfx-gov"), 2026) == []  # the government's own records only
