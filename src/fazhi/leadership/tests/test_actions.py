"""The leadership ledger's actions: each record and step, and each refusal with its message at its field."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.core.ledger import IllegalTransition
from fazhi.leadership import actions
from fazhi.leadership.models import DutyList, Instruction, LawReport

pytestmark = pytest.mark.django_db


def _refusal(exc, field: str) -> str:
    return " ".join(exc.value.message_dict[field])


# Meetings and study -----------------------------------------------------------------------------------------------


def test_a_standing_committee_meeting_on_law_is_recorded_with_an_audit_entry(meeting, party):
    from fazhi.audit.models import AuditEntry

    recorded = meeting()
    assert recorded.agency == party and recorded.on_law and recorded.status == "held"
    assert AuditEntry.objects.filter(action="create", object_id=str(recorded.pk)).exists()


def test_a_meeting_of_a_kind_the_body_does_not_hold_is_refused_at_the_kind(meeting, government):
    with pytest.raises(ValidationError) as exc:
        meeting(agency=government)
    assert "示范县人民政府 does not hold a Party standing committee meeting" in _refusal(exc, "kind")


def test_a_meeting_on_law_records_its_decisions(meeting):
    with pytest.raises(ValidationError) as exc:
        meeting(decisions="  ")
    assert "Record what the meeting decided on the rule of law (党政主要负责人履行推进法治建设第一责任人职责规定)" in _refusal(
        exc, "decisions")
    assert meeting(decisions="", on_law=False).decisions == ""


def test_a_meeting_cannot_be_dated_ahead(meeting):
    with pytest.raises(ValidationError) as exc:
        meeting(held_on=date(2026, 12, 16))
    assert "after today (2026-12-15)" in _refusal(exc, "held_on")


def test_the_outsider_and_another_departments_clerk_may_not_record_a_meeting(meeting, world, bureau):
    for person in (world.outsider, world.colleague):
        with pytest.raises(IllegalTransition) as exc:
            meeting(by=person)
        assert "may keep the records of its leaders' duties" in exc.value.messages[0]
    assert meeting(agency=bureau, by=world.owner, kind="office", title="局长办公会议").agency == bureau


def test_a_lecture_names_its_speaker_and_a_study_before_a_meeting_its_meeting(study):
    with pytest.raises(ValidationError) as exc:
        study(kind="lecture", speaker="")
    assert _refusal(exc, "speaker") == "Name the lecture's speaker."
    with pytest.raises(ValidationError) as exc:
        study(meeting="")
    assert "Name the meeting the study opened" in _refusal(exc, "meeting")
    with pytest.raises(ValidationError) as exc:
        study(attendees=0)
    assert "one at least" in _refusal(exc, "attendees")
    assert study(kind="central_group", meeting="").kind == "central_group"


# Duty lists -------------------------------------------------------------------------------------------------------


def test_a_new_version_supersedes_the_list_in_force_and_keeps_it(duty_list, office):
    first = duty_list()
    assert first.version == 1 and first.status == DutyList.Status.CURRENT
    second = actions.revise_duty_list(first, by=office, adopted_on=date(2026, 3, 1), leader="新任县长",
                                      items="主持研究法治建设\n带头学法\n每季度听取汇报")
    first.refresh_from_db()
    assert second.version == 2 and second.status == DutyList.Status.CURRENT and len(second.duties) == 3
    assert first.status == DutyList.Status.SUPERSEDED and first.superseded_on == date(2026, 3, 1)
    assert first.superseded_by == second and first.next_deadline is None
    assert DutyList.objects.filter(post="县长").count() == 2


def test_a_second_list_for_a_post_in_force_is_refused(duty_list):
    duty_list()
    with pytest.raises(ValidationError) as exc:
        duty_list(adopted_on=date(2026, 1, 5))
    assert "A duty list of 县长 is in force (version 1, adopted 2025-02-20)" in _refusal(exc, "post")


def test_a_new_version_comes_after_the_one_it_supersedes(duty_list, office):
    first = duty_list()
    with pytest.raises(ValidationError) as exc:
        actions.revise_duty_list(first, by=office, adopted_on=date(2025, 2, 20), leader="县长", items="一项")
    assert "must come after the adoption of the duty list (2025-02-20): 党政主要负责人履行推进法治建设第一责任人职责规定" in _refusal(
        exc, "adopted_on")


def test_a_superseded_version_is_not_revised(duty_list, office):
    first = duty_list()
    actions.revise_duty_list(first, by=office, adopted_on=date(2026, 3, 1), leader="县长", items="一项")
    first.refresh_from_db()
    with pytest.raises(IllegalTransition) as exc:
        actions.revise_duty_list(first, by=office, adopted_on=date(2026, 4, 1), leader="县长", items="两项")
    assert "is recorded on the version “in force”; this one is “superseded by a later version”" in exc.value.messages[0]


# 述法 --------------------------------------------------------------------------------------------------------------


def test_a_shufa_is_recorded_evaluated_and_clears_the_lists_shufa_due(duty_list, shufa, office):
    listed = duty_list()
    assert listed.shufa_due == listed.next_deadline == date(2026, 1, 31)  # the 述法 on 2025
    report = shufa()
    listed.refresh_from_db()
    assert listed.shufa_due == date(2027, 1, 31) and report.due_on == date(2026, 1, 31) and not report.late
    evaluated = actions.evaluate_shufa(report, by=office, evaluated_on=date(2026, 1, 28),
                                       evaluated_by="县委全面依法治县委员会", grade="excellent")
    assert evaluated.status == LawReport.Status.EVALUATED and evaluated.grade == "excellent"


def test_one_shufa_per_post_and_year(shufa):
    shufa()
    with pytest.raises(ValidationError) as exc:
        shufa(reported_on=date(2026, 1, 20))
    assert _refusal(exc, "year") == "The 述法 of 县长 on 2025 is already in the ledger."


def test_a_shufa_is_given_in_its_year_or_early_the_next(shufa):
    with pytest.raises(ValidationError) as exc:
        shufa(year=2024, reported_on=date(2026, 1, 16))
    assert "A 述法 on 2024 is given at that year's year-end report, in 2024 or early 2025" in _refusal(
        exc, "reported_on")


def test_from_november_2025_a_shufa_reports_the_study_and_use_of_law(shufa):
    with pytest.raises(ValidationError) as exc:
        shufa(study_and_use=False)
    assert "From 2025-11-01 the 法治宣传教育法" in _refusal(exc, "study_and_use")
    assert not shufa(year=2024, reported_on=date(2025, 1, 20), study_and_use=False).study_and_use


def test_a_shufa_after_its_due_day_is_late(shufa):
    assert shufa(reported_on=date(2026, 2, 10)).late


def test_the_evaluation_comes_after_the_shufa_once_with_its_grade(shufa, office):
    report = shufa()
    with pytest.raises(ValidationError) as exc:
        actions.evaluate_shufa(report, by=office, evaluated_on=date(2026, 1, 10), evaluated_by="县委", grade="good")
    assert "cannot come before the 述法 at the year-end report (2026-01-16)" in _refusal(exc, "evaluated_on")
    with pytest.raises(ValidationError) as exc:
        actions.evaluate_shufa(report, by=office, evaluated_on=date(2026, 1, 20), evaluated_by="县委", grade="fair")
    assert _refusal(exc, "evaluation") == "Say what the evaluation found wanting."
    with pytest.raises(ValidationError) as exc:
        actions.evaluate_shufa(report, by=office, evaluated_on=date(2026, 1, 20), evaluated_by="", grade="")
    assert set(exc.value.message_dict) == {"evaluated_by", "grade"}
    report = actions.evaluate_shufa(report, by=office, evaluated_on=date(2026, 1, 20), evaluated_by="县委",
                                    grade="good")
    with pytest.raises(IllegalTransition) as exc:
        actions.evaluate_shufa(report, by=office, evaluated_on=date(2026, 1, 21), evaluated_by="县委", grade="good")
    assert "it is “evaluated (述法评议)”" in exc.value.messages[0]


# Instructions -----------------------------------------------------------------------------------------------------


def test_an_instruction_is_followed_up_by_the_day_it_set(instruction, office):
    given = instruction(due_given=date(2026, 11, 30))
    assert given.follow_up_due == given.next_deadline == date(2026, 11, 30)
    done = actions.report_follow_up(given, by=office, reported_on=date(2026, 11, 27), report="已研究落实。")
    assert done.status == Instruction.Status.REPORTED and done.next_deadline is None and not done.late


def test_a_follow_up_after_its_due_day_is_late_and_an_open_one_overdue(instruction, office):
    from fazhi.leadership.ledger import INSTRUCTIONS

    late = instruction(due_given=date(2026, 11, 20))
    assert late.next_deadline < date(2026, 12, 15)  # overdue while open
    assert INSTRUCTIONS.filtered(office, {"q": "", "agency": "", "year": None, "status": "", "overdue": True},
                                 date(2026, 12, 15)).filter(pk=late.pk).exists()
    done = actions.report_follow_up(late, by=office, reported_on=date(2026, 12, 1), report="已办理。")
    assert done.late


def test_the_follow_up_refusals(instruction, office):
    with pytest.raises(ValidationError) as exc:
        instruction(due_given=date(2026, 11, 2))
    assert _refusal(exc, "due_given") == "The follow-up is due after the instruction, 2026-11-02."
    given = instruction()
    with pytest.raises(ValidationError) as exc:
        actions.report_follow_up(given, by=office, reported_on=date(2026, 11, 1), report="已办理。")
    assert "cannot come before the instruction (批示) (2026-11-02): 本地领导批示件督查督办规定" in _refusal(exc, "reported_on")
    with pytest.raises(ValidationError) as exc:
        actions.report_follow_up(given, by=office, reported_on=date(2026, 11, 10), report="")
    assert _refusal(exc, "report") == "Say what was done on the instruction."
    actions.report_follow_up(given, by=office, reported_on=date(2026, 11, 10), report="已办理。")
    with pytest.raises(IllegalTransition):
        actions.report_follow_up(given, by=office, reported_on=date(2026, 11, 11), report="再次办理。")
