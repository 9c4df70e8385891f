"""The procedure's actions: every refused move says why; the happy path; deadlines; after the decision."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.core.ledger import IllegalTransition
from fazhi.decisions import actions
from fazhi.decisions.models import CatalogItem, Decision, Step
from fazhi.decisions.tests.conftest import at, prepare

pytestmark = pytest.mark.django_db


def steps(decision):
    return {s.kind: s for s in Step.objects.filter(decision=decision, round=Decision.objects.get(pk=decision.pk).round)}


def reviewed(decision, world, submitted=date(2026, 3, 6), opinion=date(2026, 3, 9)):
    prepare(decision, world)
    actions.submit_for_legality_review(decision, by=world.owner, submitted_on=submitted)
    actions.record_legality_opinion(decision, by=world.office, opinion="主体适格，程序完备，内容合法。",
                                    opinion_on=opinion, passed=True)


def discussed(decision, world, held=date(2026, 3, 10)):
    reviewed(decision, world)
    actions.record_discussion(decision, by=world.office, meeting="executive", held_on=held, result="approved",
                              dissent="一名成员对实施时间表示保留。", meeting_name="县政府第5次常务会议")


# Refused moves -----------------------------------------------------------------------------------------


def test_decision_cannot_be_taken_before_its_required_steps(decision, world):
    with pytest.raises(IllegalTransition) as exc:
        actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))
    message = exc.value.messages[0]
    assert "cannot be taken before these steps" in message
    for label in ("public participation", "hearing", "expert argumentation", "risk assessment", "legality review",
                  "collective discussion", "report to the Party committee"):
        assert f"“{label}”" in message
    prepare(decision, world)
    with pytest.raises(IllegalTransition) as exc:
        actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))
    assert "“public participation”" not in exc.value.messages[0]
    assert "“legality review”、“collective discussion”、“report to the Party committee”" in exc.value.messages[0]
    assert Decision.objects.get(pk=decision.pk).decided_on is None


@pytest.mark.parametrize("kind, article", [("legality_review", "第25条"), ("discussion", "第30条"),
                                           ("archiving", "第33条")])
def test_some_steps_can_never_be_skipped(decision, world, kind, article):
    with pytest.raises(IllegalTransition) as exc:
        actions.skip_step(decision, kind, by=world.office, reason="不需要")
    assert "can never be skipped" in exc.value.messages[0] and article in exc.value.messages[0]
    assert steps(decision)[kind].status == "pending"


def test_skipping_needs_a_reason(decision, world):
    with pytest.raises(ValidationError) as exc:
        actions.skip_step(decision, "hearing", by=world.owner, reason="  ")
    assert exc.value.message_dict["reason"] == ["Give the reason why “hearing” does not apply."]
    step = actions.skip_step(decision, "hearing", by=world.owner, reason="不涉及特定群体利益")
    assert step.status == "skipped" and step.skip_reason == "不涉及特定群体利益"
    entry = AuditEntry.objects.for_object(decision).filter(action="change", reason="不涉及特定群体利益").get()
    assert entry.changes["step"] == [None, "hearing"]


def test_discussion_cannot_come_before_the_legality_review(decision, world):
    prepare(decision, world)
    with pytest.raises(IllegalTransition) as exc:
        actions.record_discussion(decision, by=world.office, meeting="executive", held_on=date(2026, 3, 9),
                                  result="approved")
    assert exc.value.messages == ["The draft cannot be discussed before its legality review (第25条): send it to "
                                  "the reviewer first."]


def test_review_needs_the_preparatory_steps_first(decision, world):
    actions.record_step(decision, "expert", by=world.owner, done_on=date(2026, 3, 5), form="论证会", experts="甲",
                        opinions="可行")
    with pytest.raises(IllegalTransition) as exc:
        actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 3, 6))
    assert exc.value.messages[0] == ("The draft cannot go to legality review yet: record or skip (with a reason) "
                                     "“public participation”、“hearing”、“risk assessment” first.")


def test_preparatory_steps_are_closed_once_the_draft_is_with_the_reviewer(decision, world):
    prepare(decision, world)
    actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 3, 6))
    with pytest.raises(IllegalTransition, match="already sent for legality review"):
        actions.record_step(decision, "expert", by=world.owner, done_on=date(2026, 3, 9), form="x", experts="y",
                            opinions="z")


def test_only_the_right_body_records_each_step(decision, world):
    prepare(decision, world)
    with pytest.raises(IllegalTransition, match="Only the lead unit"):
        actions.submit_for_legality_review(decision, by=world.colleague, submitted_on=date(2026, 3, 6))
    actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 3, 6))
    with pytest.raises(IllegalTransition) as exc:
        actions.record_legality_opinion(decision, by=world.owner, opinion="合法", opinion_on=date(2026, 3, 9),
                                        passed=True)
    assert exc.value.messages == ["Only the legality reviewer 中共示范县委全面依法治县委员会办公室 may record "
                                  "“legality review”."]
    with pytest.raises(IllegalTransition, match="Only the decision-making body 示范县人民政府"):
        actions.record_discussion(decision, by=world.owner, meeting="executive", held_on=date(2026, 3, 10),
                                  result="approved")


def test_out_of_order_steps_after_the_discussion(decision, world):
    reviewed(decision, world)
    with pytest.raises(IllegalTransition, match="comes after the collective discussion"):
        actions.record_step(decision, "party_report", by=world.office, done_on=date(2026, 3, 10), reference="x")
    with pytest.raises(IllegalTransition, match="published only after it has been taken"):
        actions.record_step(decision, "publication", by=world.office, done_on=date(2026, 3, 10), channel="网站")
    with pytest.raises(IllegalTransition, match="Archive the records after"):
        actions.record_step(decision, "archiving", by=world.owner, done_on=date(2026, 3, 10), reference="x")


def test_hearing_materials_must_be_sent_seven_days_ahead(decision, world):
    with pytest.raises(ValidationError) as exc:
        actions.record_step(decision, "hearing", by=world.owner, done_on=date(2026, 3, 9), place="会议室",
                            participants="代表", record="笔录", materials_sent_on=date(2026, 3, 5))
    assert "at least 7 days before the hearing (第16条)" in exc.value.message_dict["materials_sent_on"][0]


def test_participation_waits_for_the_consultation_feedback(decision, world):
    from fazhi.consultation import actions as consultation_actions

    consultation = actions.open_public_consultation(
        decision, by=world.owner, title="征求意见稿", body="第一条\n\n第二条", opens_on=date(2026, 3, 10),
        closes_on=date(2026, 4, 10))
    decision.refresh_from_db()
    assert decision.status == "participation" and decision.next_deadline == date(2026, 4, 10)
    assert steps(decision)["participation"].status == "in_progress"
    with pytest.raises(IllegalTransition, match="is not finished"):
        actions.record_step(decision, "participation", by=world.owner, done_on=date(2026, 3, 10), methods="网上",
                            adoption="x")
    with at(date(2026, 4, 12)):
        consultation_actions.conclude_consultation(consultation, by=world.owner, feedback="未收到意见。")
        step = actions.record_step(decision, "participation", by=world.owner, done_on=date(2026, 4, 12),
                                   methods="网上公开征求意见", adoption="未收到意见。")
    assert step.status == "done" and step.details["comments"] == 0 and step.details["closes_on"] == "2026-04-10"


def test_short_consultation_needs_a_reason(decision, world):
    with pytest.raises(ValidationError) as exc:
        actions.open_public_consultation(decision, by=world.owner, title="稿", body="正文",
                                         opens_on=date(2026, 3, 10), closes_on=date(2026, 3, 20))
    assert "closes_on" in exc.value.message_dict
    assert steps(decision)["participation"].status == "pending"


# The reviewer's time --------------------------------------------------------------------------------------


def test_seven_working_days_across_spring_festival_2026(world, item):
    """Sent on Friday 2026-02-13: 14 Feb (调休 Saturday) counts, 15–23 Feb are the holiday, 28 Feb (调休) counts:
    the reviewer's seventh working day is Monday 2026-03-02."""
    with at(date(2026, 2, 27)):
        decision = actions.start_decision(None, by=world.owner, agency=world.agency("sfx-scj"),
                                          deciding_body=world.agency("sfx-gov"), year=2026, category="public_policy",
                                          title="春节测试决策", planned_completion=date(2026, 9, 30))
        prepare(decision, world, day=date(2026, 2, 10))
        step = actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 2, 13))
        assert step.due_on == date(2026, 3, 2) and step.details["earliest_discussion"] == "2026-03-02"
        decision.refresh_from_db()
        assert decision.status == "legality_review" and decision.next_deadline == date(2026, 3, 2)
        with pytest.raises(IllegalTransition) as exc:
            actions.record_discussion(decision, by=world.office, meeting="executive", held_on=date(2026, 2, 27),
                                      result="approved")
        assert exc.value.messages == [
            "The legality reviewer has at least 7 working days, until 2026-03-02 (第27条): the draft cannot be "
            "discussed on 2026-02-27 unless the review opinion is in."]
        # The reviewer may finish early; then the meeting need not wait.
        actions.record_legality_opinion(decision, by=world.office, opinion="合法", opinion_on=date(2026, 2, 26),
                                        passed=True)
        actions.record_discussion(decision, by=world.office, meeting="executive", held_on=date(2026, 2, 27),
                                  result="approved")
    assert steps(decision)["discussion"].status == "done"


def test_without_the_opinion_the_meeting_waits_even_after_seven_days(decision, world):
    prepare(decision, world, day=date(2026, 2, 12))
    actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 2, 13))
    with pytest.raises(IllegalTransition) as exc:
        actions.record_discussion(decision, by=world.office, meeting="executive", held_on=date(2026, 3, 9),
                                  result="approved")
    assert exc.value.messages == ["The legality review opinion is not in yet: the draft cannot be discussed without "
                                  "it (第25条)."]


def test_review_in_an_uncovered_year_is_provisional_until_the_notice(decision, world):
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.tests.test_notice import NOTICE_2027

    prepare(decision, world)
    with at(date(2026, 12, 30)):
        step = actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 12, 28))
    # 7 working days on weekends alone: 29–31 December, Friday 1 January, then 4–6 January.
    assert step.due_on == date(2027, 1, 6) and step.details["earliest_discussion"] == "2027-01-06"
    with at(date(2026, 12, 31)):
        plan = enter_notice(text=NOTICE_2027, year=2027, source="测试", by=None)
    step = steps(decision)["legality_review"]
    decision.refresh_from_db()
    assert step.due_on == date(2027, 1, 7) and step.details["earliest_discussion"] == "2027-01-07"  # 元旦 is off
    assert [(c.record, c.after) for c in plan.recomputed] == [(decision, date(2027, 1, 7))]


def test_failed_review_returns_the_draft_for_revision(decision, world):
    prepare(decision, world)
    actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 3, 6))
    actions.record_legality_opinion(decision, by=world.office, opinion="缺少上位法依据。", opinion_on=date(2026, 3, 9),
                                    passed=False)
    review = steps(decision)["legality_review"]
    assert review.status == "pending" and review.details["earlier"][0]["opinion"] == "缺少上位法依据。"
    decision.refresh_from_db()
    assert decision.status == "legality_review"
    with pytest.raises(IllegalTransition, match="before its legality review"):
        actions.record_discussion(decision, by=world.office, meeting="executive", held_on=date(2026, 3, 10),
                                  result="approved")
    step = actions.submit_for_legality_review(decision, by=world.owner, submitted_on=date(2026, 3, 10))
    assert step.status == "in_progress" and step.details["earlier"]


# The whole procedure ----------------------------------------------------------------------------------


def test_the_whole_procedure_in_order(decision, world, item):
    discussed(decision, world)
    with pytest.raises(IllegalTransition, match="第31条"):  # never skipped
        actions.skip_step(decision, "party_report", by=world.office, reason="已在县委常委会专题汇报")
    with pytest.raises(ValidationError, match="第31条"):  # dated before the discussion (2026-03-10)
        actions.record_step(decision, "party_report", by=world.office, done_on=date(2026, 3, 9), reference="请示")
    actions.record_step(decision, "party_report", by=world.office, done_on=date(2026, 3, 10), reference="请示")
    decision = actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10),
                                     document_number="示政发〔2026〕5号")
    assert decision.status == "decided" and decision.next_deadline is None
    assert CatalogItem.objects.get(pk=item.pk).status == "completed"
    with pytest.raises(IllegalTransition, match="already taken"):
        actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))
    actions.record_step(decision, "publication", by=world.office, done_on=date(2026, 3, 10), channel="县政府门户网站",
                        url="https://www.example.gov.cn/1.html")
    decision.refresh_from_db()
    assert decision.status == "published" and decision.published_on == date(2026, 3, 10)
    actions.record_step(decision, "archiving", by=world.owner, done_on=date(2026, 3, 10), reference="档案1")
    decision.refresh_from_db()
    assert decision.status == "archived"
    assert steps(decision)["discussion"].details["dissent"] == "一名成员对实施时间表示保留。"
    assert AuditEntry.objects.for_object(decision).filter(action="transition").count() >= 6


def test_planned_completion_is_the_deadline_until_decided_and_follows_catalogue_changes(decision, world, item):
    assert Decision.objects.get(pk=decision.pk).next_deadline == date(2026, 9, 30)
    actions.change_catalog_item(item, by=world.office, reason="顺延", approved_on=date(2026, 3, 9),
                                planned_completion=date(2026, 11, 30))
    assert Decision.objects.get(pk=decision.pk).next_deadline == date(2026, 11, 30)


# After the decision ------------------------------------------------------------------------------------


@pytest.fixture
def taken(decision, world):
    discussed(decision, world)
    actions.record_step(decision, "party_report", by=world.office, done_on=date(2026, 3, 10), reference="请示")
    return actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))


def test_evaluation_not_by_the_pre_decision_assessor(taken, world):
    evaluation = actions.schedule_evaluation(taken, by=world.office, scheduled_on=date(2026, 12, 1))
    assert Decision.objects.get(pk=taken.pk).next_deadline == date(2026, 12, 1)
    with pytest.raises(ValidationError) as exc:
        actions.record_evaluation(evaluation, by=world.office, evaluator="示范县 社会稳定风险评估中心",
                                  findings="良好", recommendation="continue", done_on=date(2026, 3, 10))
    assert exc.value.message_dict["evaluator"] == [
        "示范县社会稳定风险评估中心 did the pre-decision assessment of this decision and may not evaluate it (第36条)."]
    actions.record_evaluation(evaluation, by=world.office, evaluator="示范大学公共管理学院", findings="良好",
                              recommendation="continue", done_on=date(2026, 3, 10))
    assert Decision.objects.get(pk=taken.pk).next_deadline is None


def test_suspend_and_resume_with_reasons(taken, world):
    with pytest.raises(ValidationError):
        actions.suspend_decision(taken, by=world.office, reason="", on=date(2026, 3, 10))
    with pytest.raises(IllegalTransition, match="Only the decision-making body"):
        actions.suspend_decision(taken, by=world.owner, reason="x", on=date(2026, 3, 10))
    decision = actions.suspend_decision(taken, by=world.office, reason="情况紧急", on=date(2026, 3, 10))
    assert decision.status == "suspended"
    with pytest.raises(IllegalTransition, match="suspended"):
        actions.record_step(decision, "publication", by=world.office, done_on=date(2026, 3, 10), channel="网站")
    decision = actions.resume_decision(decision, by=world.office, reason="风险消除", on=date(2026, 3, 10))
    assert decision.status == "decided" and decision.adjustments.count() == 2


def test_major_adjustment_repeats_the_procedure(taken, world, item):
    decision = actions.adjust_decision(taken, by=world.office, reason="实施条件发生重大变化", on=date(2026, 3, 10),
                                       major=True)
    assert decision.status == "drafting" and decision.round == 2
    assert CatalogItem.objects.get(pk=item.pk).status == "started"
    fresh = steps(decision)
    assert all(s.status == "pending" for k, s in fresh.items() if k != "fair_competition")
    assert fresh["fair_competition"].status == "skipped"  # not marked as concerning market activity
    assert Step.objects.filter(decision=decision, round=1, kind="decision", status="done").exists()
    with pytest.raises(IllegalTransition, match="cannot be taken before"):
        actions.take_decision(decision, by=world.office, decided_on=date(2026, 3, 10))


# The catalogue -----------------------------------------------------------------------------------------


def test_catalogue_workflow(world, frozen):
    gov = world.agency("sfx-gov")
    catalog = actions.create_catalog(gov, 2027, by=world.office)
    assert catalog.title == "示范县人民政府2027年度重大行政决策事项目录"
    with pytest.raises(IllegalTransition, match="already has a catalogue"):
        actions.create_catalog(gov, 2027, by=world.office)
    with pytest.raises(IllegalTransition, match="You may not propose matters for 示范县教育局"):
        actions.propose_item(catalog, by=world.owner, agency=world.agency("sfx-jyj"), name="x",
                             category="other", planned_completion=date(2027, 6, 30))
    first = actions.propose_item(catalog, by=world.owner, agency=world.agency("sfx-scj"), name="甲事项",
                                 category="public_policy", planned_completion=date(2027, 6, 30))
    second = actions.propose_item(catalog, by=world.colleague, agency=world.agency("sfx-jyj"), name="乙事项",
                                  category="development_plan", planned_completion=date(2027, 9, 30))
    with pytest.raises(IllegalTransition, match="Only 示范县人民政府 may change"):
        actions.include_item(first, by=world.owner)
    with pytest.raises(IllegalTransition, match="Include or decline every proposed matter first: 甲事项、乙事项"):
        actions.approve_catalog(catalog, by=world.office, approved_on=date(2026, 3, 1))
    with pytest.raises(IllegalTransition, match="before the Party committee has agreed"):
        actions.publish_catalog(catalog, by=world.office, published_on=date(2026, 3, 1), channel="网站")
    actions.include_item(first, by=world.office)
    with pytest.raises(ValidationError):
        actions.decline_item(second, by=world.office, reason="")
    actions.decline_item(second, by=world.office, reason="不属于重大行政决策事项")
    actions.approve_catalog(catalog, by=world.office, approved_on=date(2026, 3, 1))
    with pytest.raises(IllegalTransition, match="record a change to the published catalogue"):
        actions.propose_item(catalog, by=world.owner, agency=world.agency("sfx-scj"), name="丙",
                             category="other", planned_completion=date(2027, 6, 30))
    with pytest.raises(ValidationError):
        actions.publish_catalog(catalog, by=world.office, published_on=date(2026, 2, 1), channel="网站")
    actions.publish_catalog(catalog, by=world.office, published_on=date(2026, 3, 5), channel="网站")
    first.refresh_from_db()
    assert first.number == 1 and first.status == "listed"
    added = actions.add_catalog_item(catalog, by=world.office, agency=world.agency("sfx-jyj"), name="丁事项",
                                     category="other", planned_completion=date(2027, 12, 1), reason="县委部署",
                                     approved_on=date(2026, 3, 8))
    assert added.number == 2 and added.status == "listed"
    with pytest.raises(ValidationError):
        actions.remove_catalog_item(added, by=world.office, reason=" ", approved_on=date(2026, 3, 9))
    actions.remove_catalog_item(added, by=world.office, reason="不再实施", approved_on=date(2026, 3, 9))
    kinds = list(catalog.changes.values_list("kind", "item__name"))
    assert kinds == [("added", "丁事项"), ("removed", "丁事项")]
    with pytest.raises(IllegalTransition, match="listed in an approved catalogue"):
        actions.start_decision(CatalogItem.objects.get(pk=added.pk), by=world.colleague)
