"""The education ledger's actions: each step recorded and audited, each refusal a message at its field citing the
rule, and what another county's clerk may not do."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.education import actions
from fazhi.education.models import Activity, Exam, LegalLiterate, ResponsibilityList
from fazhi.education.tests.conftest import message

pytestmark = pytest.mark.django_db

D = date


# Responsibility lists ---------------------------------------------------------------------------------------------


def test_one_list_a_year_for_an_agency(drafted):
    drafted()
    with pytest.raises(ValidationError) as refused:
        drafted(items=0, title="另一份清单")
    assert "already has its list for 2026" in message(refused, "year")


def test_a_list_for_a_year_before_the_responsibility_system_is_refused(drafted):
    with pytest.raises(ValidationError) as refused:
        drafted(year=2016, items=0, drafted_on=D(2016, 1, 5))
    assert "from 2017" in message(refused, "year")


def test_a_list_is_not_published_without_its_duties(drafted, owner):
    record = drafted(items=0)
    with pytest.raises(IllegalTransition) as refused:
        actions.publish_list(record, by=owner, published_on=D(2026, 3, 1), published_where="门户网站")
    assert "published with its duties" in message(refused) and "谁执法谁普法" in message(refused)


def test_publication_before_the_drafting_is_refused_citing_the_rule(drafted, owner):
    record = drafted()
    with pytest.raises(ValidationError) as refused:
        actions.publish_list(record, by=owner, published_on=D(2026, 1, 5), published_where="门户网站")
    text = message(refused, "published_on")
    assert "cannot come before the drafting of the responsibility list (2026-01-10)" in text and "2017" in text


def test_a_publication_dated_after_today_is_refused(drafted, owner):
    record = drafted()
    with pytest.raises(ValidationError) as refused:
        actions.publish_list(record, by=owner, published_on=D(2026, 12, 16), published_where="门户网站")
    assert "after today" in message(refused, "published_on")


def test_the_review_comes_at_the_years_end(drafted, owner):
    record = actions.publish_list(drafted(), by=owner, published_on=D(2026, 3, 2), published_where="门户网站")
    with pytest.raises(ValidationError) as refused:
        actions.review_list(record, by=owner, reviewed_on=D(2026, 11, 30), review_summary="完成")
    assert "from 2026-12-01" in message(refused, "reviewed_on")
    record = actions.review_list(record, by=owner, reviewed_on=D(2026, 12, 1), review_summary="完成九项")
    assert record.status == ResponsibilityList.Status.REVIEWED


def test_a_drafted_list_cannot_be_reviewed(drafted, owner):
    with pytest.raises(IllegalTransition) as refused:
        actions.review_list(drafted(), by=owner, reviewed_on=D(2026, 12, 10), review_summary="完成")
    assert "while the record is “published”" in message(refused)


def test_a_duty_needs_what_whom_and_who(drafted, owner):
    with pytest.raises(ValidationError) as refused:
        actions.add_list_item(drafted(items=0), by=owner, matter=" ", audience="", responsible_unit="")
    assert set(refused.value.message_dict) == {"matter", "audience", "responsible_unit"}


def test_the_outsider_cannot_open_a_list_for_the_county(world, department):
    with pytest.raises(IllegalTransition) as refused:
        actions.open_list(agency=department, by=world.outsider, year=2026, title="清单", drafted_on=D(2026, 1, 5))
    assert "Only the clerks of" in message(refused)


def test_the_colleague_cannot_add_to_anothers_list(world, drafted):
    with pytest.raises(IllegalTransition):
        actions.add_list_item(drafted(), by=world.colleague, matter="甲", audience="乙", responsible_unit="丙")


# Activities -------------------------------------------------------------------------------------------------------


def _plan(department, owner, **values):
    fields = dict(agency=department, by=owner, title="宪法进企业", planned_on=D(2026, 12, 4), place="县市场监管局",
                  audience_kind="enterprises", method="lecture", campaign="constitution_day")
    fields.update(values)
    return actions.plan_activity(**fields)


def test_an_activity_of_a_campaign_falls_within_its_days(department, owner):
    with pytest.raises(ValidationError) as refused:
        _plan(department, owner, planned_on=D(2026, 12, 5))
    text = message(refused, "planned_on")
    assert "from 2026-12-04 to 2026-12-04" in text and "国家宪法日" in text
    with pytest.raises(ValidationError) as refused:
        _plan(department, owner, campaign="constitution_week", planned_on=D(2026, 11, 30))
    assert "2026-12-01 to 2026-12-07" in message(refused, "planned_on")


def test_an_activity_is_planned_ahead_and_held_with_its_audience(department, owner):
    activity = _plan(department, owner)
    with pytest.raises(ValidationError) as refused:
        actions.record_activity_held(activity, by=owner, held_on=D(2026, 12, 4), audience_size=None)
    assert "how many people" in message(refused, "audience_size")
    activity = actions.record_activity_held(activity, by=owner, held_on=D(2026, 12, 4), audience_size=120,
                                            materials=300, summary="讲解宪法")
    assert activity.status == Activity.Status.HELD and activity.audience_size == 120


def test_a_held_activity_is_not_dated_outside_its_campaign(department, owner):
    activity = _plan(department, owner, campaign="constitution_week", planned_on=D(2026, 12, 2))
    with pytest.raises(ValidationError) as refused:
        actions.record_activity_held(activity, by=owner, held_on=D(2026, 12, 8), audience_size=50)
    assert "Constitution Week" in message(refused, "held_on")


def test_an_online_activity_states_its_reach(department, owner):
    activity = _plan(department, owner, method="online", campaign="", planned_on=D(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        actions.record_activity_held(activity, by=owner, held_on=D(2026, 6, 1), audience_size=None)
    assert "reach" in message(refused, "online_reach")


def test_a_cancelled_activity_cannot_be_held(department, owner):
    activity = _plan(department, owner, campaign="", planned_on=D(2026, 6, 1))
    activity = actions.cancel_activity(activity, by=owner, cancelled_on=D(2026, 5, 30), cancel_reason="天气")
    with pytest.raises(IllegalTransition) as refused:
        actions.record_activity_held(activity, by=owner, held_on=D(2026, 6, 1), audience_size=20)
    assert "“cancelled”" in message(refused)


# Registers --------------------------------------------------------------------------------------------------------


def test_a_literate_is_certified_after_the_training_and_only_once_on_the_register(world, township):
    clerk = world.township
    literate = actions.register_literate(agency=township, by=clerk, name="李某某", village="城关镇东街社区",
                                         trained_on=D(2026, 5, 10))
    with pytest.raises(ValidationError) as refused:
        actions.register_literate(agency=township, by=clerk, name="李某某", village="城关镇东街社区",
                                  trained_on=D(2026, 6, 1))
    assert "already on the register" in message(refused, "name")
    with pytest.raises(ValidationError) as refused:
        actions.certify_literate(literate, by=clerk, certificate="FL-001", certified_on=D(2026, 5, 1))
    assert "cannot come before the training of the legal literate" in message(refused, "certified_on")
    literate = actions.certify_literate(literate, by=clerk, certificate="FL-001", certified_on=D(2026, 5, 20))
    literate = actions.remove_literate(literate, by=clerk, removed_on=D(2026, 11, 1), removal_reason="外出务工")
    assert literate.status == LegalLiterate.Status.REMOVED


def test_a_model_village_is_reviewed_after_it_was_named(world, township):
    clerk = world.township
    village = actions.register_village(agency=township, by=clerk, name="城关镇桃园村", level="provincial",
                                       named_year=2024, named_by="省司法厅文件")
    with pytest.raises(ValidationError) as refused:
        actions.register_village(agency=township, by=clerk, name="城关镇桃园村", level="provincial", named_year=2025)
    assert "already on the register" in message(refused, "name")
    with pytest.raises(ValidationError) as refused:
        actions.record_village_review(village, by=clerk, reviewed_on=D(2023, 6, 1), confirmed=True, review_note="好")
    assert "named in 2024" in message(refused, "reviewed_on")
    village = actions.record_village_review(village, by=clerk, reviewed_on=D(2026, 6, 1), confirmed=False,
                                            review_note="发生重大信访事件")
    assert village.status == "revoked"


# Courses and exams ------------------------------------------------------------------------------------------------


def test_a_course_is_held_with_its_hours_and_attendance(department, owner):
    course = actions.plan_course(agency=department, by=owner, title="民法典专题培训", kind="course",
                                 planned_on=D(2026, 6, 10))
    with pytest.raises(ValidationError) as refused:
        actions.record_course_held(course, by=owner, held_on=D(2026, 6, 10), hours="0", attendees=30)
    assert "hours" in message(refused, "hours")
    course = actions.record_course_held(course, by=owner, held_on=D(2026, 6, 10), hours="3", attendees=30)
    actions.record_attendance(course, by=owner, person="王某", unit="执法大队")
    with pytest.raises(ValidationError) as refused:
        actions.record_attendance(course, by=owner, person="王某", unit="执法大队")
    assert "already on the attendance list" in message(refused, "person")
    with pytest.raises(ValidationError) as refused:
        actions.record_attendance(course, by=owner, person="赵某", attended_hours="4")
    assert "lasted 3.0 hours" in message(refused, "attended_hours")


def test_the_exams_passes_never_exceed_its_takers(exam, owner):
    held = exam(held_on=D(2026, 11, 20), takers=40)
    with pytest.raises(ValidationError) as refused:
        actions.record_scores(held, by=owner, scored_on=D(2026, 11, 25), passed=41, average_score="80")
    assert "41 passed, but 40 sat the exam" in message(refused, "passed")
    with pytest.raises(ValidationError) as refused:
        actions.record_scores(held, by=owner, scored_on=D(2026, 11, 25), passed=38, average_score="101")
    assert "from 0 to 100" in message(refused, "average_score")
    with pytest.raises(ValidationError) as refused:
        actions.record_scores(held, by=owner, scored_on=D(2026, 11, 19), passed=38, average_score="80")
    assert "cannot come before the exam (2026-11-20)" in message(refused, "scored_on")
    scored = actions.record_scores(held, by=owner, scored_on=D(2026, 11, 25), passed=38, average_score="86.5")
    assert scored.status == Exam.Status.SCORED and scored.next_deadline is None


def test_a_scheduled_exam_has_no_scores(exam, owner):
    with pytest.raises(IllegalTransition) as refused:
        actions.record_scores(exam(), by=owner, scored_on=D(2026, 11, 25), passed=1, average_score="80")
    assert "“held, scores awaited”" in message(refused)


def _scores(rows, header=("姓名", "单位", "成绩")) -> io.BytesIO:
    from fazhi.ledgers.excel import Sheet, workbook_bytes

    upload = io.BytesIO(workbook_bytes([Sheet("成绩", list(header), iter(rows))]))
    upload.name = "scores.xlsx"
    return upload


def test_scores_imported_from_excel_make_the_results(exam, owner):
    held = exam(held_on=D(2026, 11, 20), takers=3)
    scored = actions.import_scores(held, by=owner, scored_on=D(2026, 11, 24),
                                   file=_scores([["王某", "执法大队", 92], ["李某", "办公室", 58.5], ["张某", "", "75"]]))
    assert (scored.status, scored.takers, scored.passed, str(scored.average_score)) == ("scored", 3, 2, "75.17")
    assert scored.scores.count() == 3


def test_a_workbook_with_a_wrong_row_imports_nothing(exam, owner):
    held = exam(held_on=D(2026, 11, 20))
    with pytest.raises(ValidationError) as refused:
        actions.import_scores(held, by=owner, scored_on=D(2026, 11, 24),
                              file=_scores([["王某", "执法大队", 92], ["李某", "办公室", "缺考"], ["", "", 70]]))
    text = message(refused, "file")
    assert "Row 3: “缺考” is not a score" in text and "Row 4: give the official's name" in text
    held.refresh_from_db()
    assert held.status == "held" and not held.scores.exists()
    with pytest.raises(ValidationError) as refused:
        actions.import_scores(held, by=owner, scored_on=D(2026, 11, 24), file=_scores([["王某", 90]],
                                                                                      header=("姓名", "单位")))
    assert "成绩 is missing" in message(refused, "file")
