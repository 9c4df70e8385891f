"""A body's self-assessment (自评): opened with an entry per indicator and its due day, claimed indicator by
indicator, evidenced, submitted, returned, scored by the office alone, published; each refusal with its reason.

Time stands still on 15 December 2026; the assessment of 2026 is due on 31 January 2027 (the setting's default)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.assessment import scoring
from fazhi.assessment.models import IndicatorEntry, SelfAssessment
from fazhi.assessment.tests.conftest import at, entries, message, pdf
from fazhi.core.ledger import IllegalTransition

pytestmark = pytest.mark.django_db

D = date


# Opening and the deadline ------------------------------------------------------------------------------------------


def test_opening_gives_an_entry_per_indicator_and_the_due_day(opened, world):
    record = opened(by=world.owner)
    assert record.status == "draft" and record.agency.code == "sfx-scj"
    assert [e.indicator.number for e in entries(record)] == ["（1）", "（2）", "（3）"]
    assert record.due_on == record.next_deadline == D(2027, 1, 31)
    assert "县市场监管局" in record.title and "2026" in record.title


@pytest.mark.parametrize(("setting", "due"), [("03-15", D(2027, 3, 15)), ("02-29", D(2027, 2, 28))])
def test_the_due_day_is_the_settings_in_the_next_year(opened, settings, setting, due):
    settings.FAZHI_ASSESSMENT_SELF_DUE = setting
    assert opened().due_on == due


def test_the_agenda_reminds_of_the_day_and_turns_it_red(opened, world):
    from fazhi.core.agenda import items_for

    record = opened()
    assert not [i for i in items_for(world.owner, D(2026, 12, 15)) if i.title == record.title]  # 47 days ahead
    soon = [i for i in items_for(world.owner, D(2027, 1, 10)) if i.title == record.title]
    assert soon and soon[0].state == "soon" and soon[0].due == D(2027, 1, 31)
    late = [i for i in items_for(world.owner, D(2027, 2, 2)) if i.title == record.title]
    assert late and late[0].state == "overdue"
    assert not [i for i in items_for(world.colleague, D(2027, 2, 2)) if i.title == record.title]


def test_a_second_self_assessment_on_the_same_system_and_year_is_refused(opened):
    opened()
    with pytest.raises(ValidationError) as refused:
        opened()
    assert "already" in message(refused, "year")


def test_a_year_not_begun_or_before_the_edition_is_refused(opened):
    with pytest.raises(ValidationError) as refused:
        opened(year=2027)
    assert "has not begun" in message(refused, "year")
    with pytest.raises(ValidationError) as refused:
        opened(year=2023)
    assert "issued in 2024" in message(refused, "year")


def test_another_departments_clerk_may_not_open_it(opened, world):
    with pytest.raises(IllegalTransition) as refused:
        opened(by=world.colleague)
    assert refused.value.code == "forbidden"


def test_a_system_of_another_region_is_refused(world):
    from fazhi.assessment.systems import load_system
    from fazhi.assessment.tests.conftest import small_system

    elsewhere = load_system(small_system(code="lsx-own-2026"), source="imported",
                            region=world.agency("lsx-gov").region).system
    with pytest.raises(ValidationError) as refused:
        scoring.open_self_assessment(agency=world.agency("sfx-scj"), by=world.owner, system=elsewhere, year=2026)
    assert "not a system in use" in message(refused, "system")


# The body's claims -------------------------------------------------------------------------------------------------


def test_a_claim_beyond_the_indicators_points_is_refused(opened, world):
    first = entries(opened())[0]
    with pytest.raises(ValidationError) as refused:
        scoring.record_entry(first, by=world.owner, claimed_result="met", claimed_score=Decimal("4.5"))
    assert "from 0 to 4.00" in message(refused, "claimed_score")


def test_not_applicable_says_why_and_carries_no_score(opened, world):
    first = entries(opened())[0]
    with pytest.raises(ValidationError) as refused:
        scoring.record_entry(first, by=world.owner, claimed_result="not_applicable")
    assert "why" in message(refused, "explanation")
    with pytest.raises(ValidationError) as refused:
        scoring.record_entry(first, by=world.owner, claimed_result="not_applicable", claimed_score=Decimal(1),
                             explanation="不承担")
    assert "no score" in message(refused, "claimed_score")


def test_a_system_without_points_takes_no_score(opened, plain, world):
    first = entries(opened(system=plain))[0]
    with pytest.raises(ValidationError) as refused:
        scoring.record_entry(first, by=world.owner, claimed_result="met", claimed_score=Decimal(1))
    assert "carries no points" in message(refused, "claimed_score")


def test_a_colleague_may_not_claim_for_the_body(opened, world):
    with pytest.raises(IllegalTransition) as refused:
        scoring.record_entry(entries(opened())[0], by=world.colleague, claimed_result="met")
    assert refused.value.code == "forbidden"


# Submission ------------------------------------------------------------------------------------------------------


def test_submission_wants_every_indicator_answered_and_scored(opened, world):
    record = opened()
    first, second, third = entries(record)
    scoring.record_entry(first, by=world.owner, claimed_result="met", claimed_score=Decimal(4))
    scoring.record_entry(second, by=world.owner, claimed_result="partly")
    with pytest.raises(IllegalTransition) as refused:
        scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2026, 12, 10))
    text = message(refused)
    assert "（3）主要负责人述法" in text and "（2）文件清理" in text and "（1）" not in text
    assert refused.value.code == "incomplete"


def test_submitted_in_time_it_leaves_the_agenda_and_is_not_late(claimed, world):
    record = scoring.submit_self_assessment(claimed(), by=world.owner, submitted_on=D(2026, 12, 10))
    assert record.status == "submitted" and record.next_deadline is None and not record.submitted_late


def test_submitted_after_the_day_it_is_marked_late(claimed, world):
    record = claimed()
    with at(D(2027, 2, 10)):
        record = scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2027, 2, 9))
    assert record.submitted_late


def test_a_submission_dated_ahead_or_before_the_year_is_refused(claimed, world):
    record = claimed()
    with pytest.raises(ValidationError) as refused:
        scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2026, 12, 16))
    assert "after today" in message(refused, "submitted_on")
    with pytest.raises(ValidationError) as refused:
        scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2025, 12, 31))
    assert "once the year has begun" in message(refused, "submitted_on")


def test_once_submitted_the_claims_are_closed(claimed, world):
    record = scoring.submit_self_assessment(claimed(), by=world.owner, submitted_on=D(2026, 12, 10))
    for change in (lambda e: scoring.record_entry(e, by=world.owner, claimed_result="partly"),
                   lambda e: scoring.attach_evidence(e, by=world.owner, upload=pdf()),
                   lambda e: scoring.link_evidence(e, by=world.owner, source="assessment", record_id=1)):
        with pytest.raises(IllegalTransition) as refused:
            change(entries(record)[0])
        assert refused.value.code == "status"
    with pytest.raises(IllegalTransition):
        scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2026, 12, 11))


# Return ----------------------------------------------------------------------------------------------------------


def test_only_the_office_returns_it_with_its_reasons(claimed, world):
    record = scoring.submit_self_assessment(claimed(), by=world.owner, submitted_on=D(2026, 12, 10))
    with pytest.raises(IllegalTransition) as refused:
        scoring.return_self_assessment(record, by=world.owner, returned_on=D(2026, 12, 12), return_reason="补充")
    assert refused.value.code == "forbidden" and "rule-of-law office" in message(refused)
    with pytest.raises(ValidationError) as refused:
        scoring.return_self_assessment(record, by=world.office, returned_on=D(2026, 12, 12), return_reason=" ")
    assert "revise" in message(refused, "return_reason")
    with pytest.raises(ValidationError) as refused:
        scoring.return_self_assessment(record, by=world.office, returned_on=D(2026, 12, 9), return_reason="补充")
    assert "cannot come before" in message(refused, "returned_on")
    record = scoring.return_self_assessment(record, by=world.office, returned_on=D(2026, 12, 12),
                                            return_reason="补充佐证材料")
    assert record.status == "draft" and record.times_returned == 1 and record.next_deadline == D(2027, 1, 31)


def test_returned_after_the_day_it_needs_a_new_day(claimed, world):
    record = claimed()
    with at(D(2027, 2, 10)):
        record = scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2027, 2, 1))
        with pytest.raises(ValidationError) as refused:
            scoring.return_self_assessment(record, by=world.office, returned_on=D(2027, 2, 5), return_reason="补充")
        assert "2027-01-31" in message(refused, "resubmit_by")
        with pytest.raises(ValidationError) as refused:
            scoring.return_self_assessment(record, by=world.office, returned_on=D(2027, 2, 5), return_reason="补充",
                                           resubmit_by=D(2027, 2, 5))
        assert "after the return" in message(refused, "resubmit_by")
        record = scoring.return_self_assessment(record, by=world.office, returned_on=D(2027, 2, 5),
                                                return_reason="补充", resubmit_by=D(2027, 2, 20))
        assert record.due_on == record.next_deadline == D(2027, 2, 20)
        with pytest.raises(ValidationError) as refused:  # resubmitted before it came back
            scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2027, 2, 4))
        assert "cannot come before" in message(refused, "submitted_on")
        record = scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2027, 2, 8))
        assert record.status == "submitted" and not record.submitted_late


def test_a_published_result_is_never_returned(scored, world):
    record = scored(publish=True)
    with pytest.raises(IllegalTransition) as refused:
        scoring.return_self_assessment(record, by=world.office, returned_on=D(2026, 12, 10), return_reason="重评")
    assert refused.value.code == "status"


# Scoring ---------------------------------------------------------------------------------------------------------


def test_the_departments_clerk_never_scores(claimed, world):
    record = scoring.submit_self_assessment(claimed(), by=world.owner, submitted_on=D(2026, 12, 10))
    with pytest.raises(IllegalTransition) as refused:
        scoring.score_indicator(entries(record)[0], by=world.owner, office_score=Decimal(4))
    assert refused.value.code == "forbidden"
    for step in (lambda: scoring.finish_scoring(record, by=world.owner, scored_on=D(2026, 12, 12)),):
        with pytest.raises(IllegalTransition):
            step()
    assert not IndicatorEntry.objects.exclude(office_score=None).exists()


def test_the_office_scores_once_submitted_within_the_points(claimed, world):
    record = claimed()
    with pytest.raises(IllegalTransition) as refused:
        scoring.score_indicator(entries(record)[0], by=world.office, office_score=Decimal(4))
    assert refused.value.code == "status"
    record = scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2026, 12, 10))
    first = entries(record)[0]
    with pytest.raises(ValidationError) as refused:
        scoring.score_indicator(first, by=world.office, office_score=Decimal(5))
    assert "from 0 to 4.00" in message(refused, "office_score")
    with pytest.raises(ValidationError) as refused:
        scoring.score_indicator(first, by=world.office, office_result="met")
    assert "Give the score" in message(refused, "office_score")
    with pytest.raises(ValidationError) as refused:
        scoring.score_indicator(first, by=world.office, office_result="not_applicable", office_score=Decimal(1))
    assert "no score" in message(refused, "office_score")
    entry = scoring.score_indicator(first, by=world.office, office_score=Decimal("3.5"), office_comment="扣0.5分")
    assert entry.office_score == Decimal("3.5") and entry.scored_by == world.office


def test_a_system_without_points_is_scored_by_finding(claimed, plain, world):
    record = scoring.submit_self_assessment(claimed(system=plain), by=world.owner, submitted_on=D(2026, 12, 10))
    with pytest.raises(ValidationError) as refused:
        scoring.score_indicator(entries(record)[0], by=world.office, office_comment="好")
    assert "finding" in message(refused, "office_result")


def test_finishing_wants_a_score_and_publishing_a_finished_scoring(claimed, world):
    record = scoring.submit_self_assessment(claimed(), by=world.owner, submitted_on=D(2026, 12, 10))
    with pytest.raises(IllegalTransition) as refused:
        scoring.finish_scoring(record, by=world.office, scored_on=D(2026, 12, 12))
    assert refused.value.code == "nothing_scored"
    with pytest.raises(IllegalTransition) as refused:
        scoring.publish_result(record, by=world.office, published_on=D(2026, 12, 12))
    assert refused.value.code == "status"
    scoring.score_indicator(entries(record)[0], by=world.office, office_score=Decimal(4))
    with pytest.raises(ValidationError) as refused:
        scoring.finish_scoring(record, by=world.office, scored_on=D(2026, 12, 9))
    assert "cannot come before" in message(refused, "scored_on")
    record = scoring.finish_scoring(record, by=world.office, scored_on=D(2026, 12, 12))
    with pytest.raises(IllegalTransition) as refused:
        scoring.publish_result(record, by=world.owner, published_on=D(2026, 12, 13))
    assert refused.value.code == "forbidden"
    record = scoring.publish_result(record, by=world.office, published_on=D(2026, 12, 13))
    assert record.status == "published"


def test_a_scored_self_assessment_may_still_be_returned(scored, world):
    record = scoring.return_self_assessment(scored(), by=world.office, returned_on=D(2026, 12, 10),
                                            return_reason="重新核对")
    assert record.status == "draft" and record.scored_on is None


def test_each_step_leaves_its_audit_entry(scored, world):
    from fazhi.audit.actions import history_for

    record = scored(publish=True)
    moves = [e.changes.get("status") for e in history_for(record) if e.action == "transition"]
    assert ["draft", "submitted"] in moves and ["submitted", "scored"] in moves and ["scored", "published"] in moves
    assert history_for(entries(record)[0]).exists()


# Evidence --------------------------------------------------------------------------------------------------------


def test_a_body_links_its_own_records_and_never_another_bodys(opened, find, world):
    record = opened()
    own = find()
    other = find(agency=world.agency("sfx-jyj"))
    first = entries(record)[0]
    link = scoring.link_evidence(first, by=world.owner, source="assessment", record_id=own.pk)
    assert link.label == own.title
    with pytest.raises(ValidationError) as refused:
        scoring.link_evidence(first, by=world.owner, source="assessment", record_id=own.pk)
    assert "already" in message(refused, "record_id")
    for user in (world.owner, world.office):  # the office reads it, but it is not the body's
        with pytest.raises(ValidationError) as refused:
            scoring.link_evidence(first, by=user, source="assessment", record_id=other.pk)
        assert "own" in message(refused, "record_id")
    with pytest.raises(ValidationError):
        scoring.link_evidence(first, by=world.owner, source="nowhere", record_id=own.pk)
    scoring.unlink_evidence(link, by=world.owner)
    assert not first.links.exists()


def test_files_of_evidence_are_attached_to_the_indicator(opened, world):
    from fazhi.audit.actions import attachments_for

    first = entries(opened())[0]
    attachment = scoring.attach_evidence(first, by=world.owner, upload=pdf("整改台账.pdf"), description="台账")
    assert list(attachments_for(first)) == [attachment]
    with pytest.raises(ValidationError):
        scoring.attach_evidence(first, by=world.owner, upload=None)


def test_the_indicators_ledger_suggests_the_bodys_records_of_the_year(opened, find, world):
    from fazhi.assessment.evidence import records, source_of

    record = opened()
    own, other = find(), find(agency=world.agency("sfx-jyj"))
    source = source_of(entries(record)[0].indicator)
    assert source.key == "assessment"
    assert [r.pk for r in records(source, record, world.office)] == [own.pk]
    assert other.pk not in [r.pk for r in records(source, record, world.office)]


# Gaps (示范创建) --------------------------------------------------------------------------------------------------


def test_the_gaps_are_the_indicators_short_or_without_evidence(claimed, plain, find, world):
    record = claimed(system=plain, results=("met", "partly", "not_applicable"))
    first = entries(record)[0]
    scoring.link_evidence(first, by=world.owner, source="assessment", record_id=find().pk)
    found = {entry.indicator.number: why for entry, why in scoring.gaps(record)}
    assert set(found) == {"（2）"}  # met with evidence: no gap; not applicable: none either
    assert found["（2）"] == ["partly met", "no evidence attached or linked"]


def test_a_gap_becomes_a_rectification_item_through_the_ledgers_own_action(claimed, plain, world):
    from fazhi.assessment.models import Rectification

    record = claimed(system=plain, results=("met", "not_met", "met"))
    gap = entries(record)[1]
    with pytest.raises(IllegalTransition) as refused:  # still drafting
        scoring.rectify_gap(gap, by=world.office, inspection_reference="示范创建自评〔2026〕1号",
                            responsible_person="王副局长", assigned_on=D(2026, 12, 14))
    assert refused.value.code == "status"
    record = scoring.submit_self_assessment(record, by=world.owner, submitted_on=D(2026, 12, 10))
    gap = entries(record)[1]
    with pytest.raises(IllegalTransition) as refused:
        scoring.rectify_gap(gap, by=world.owner, inspection_reference="示范创建自评〔2026〕1号",
                            responsible_person="王副局长", assigned_on=D(2026, 12, 14))
    assert refused.value.code == "forbidden"
    item = scoring.rectify_gap(gap, by=world.office, inspection_reference="示范创建自评〔2026〕1号",
                               responsible_person="王副局长", assigned_on=D(2026, 12, 14))
    assert isinstance(item, Rectification) and item.agency.code == "sfx-scj" and item.status == "assigned"
    assert item.inspection.kind == "other" and item.finding.category == "normative" and "文件清理" in item.title
    assert item.inspection.started_on == D(2026, 12, 10) and item.deadline == D(2027, 2, 12)
    gap.refresh_from_db()
    assert gap.rectification == item
    with pytest.raises(IllegalTransition) as refused:
        scoring.rectify_gap(gap, by=world.office, inspection_reference="示范创建自评〔2026〕1号",
                            responsible_person="王副局长", assigned_on=D(2026, 12, 14))
    assert refused.value.code == "duplicate"


def test_the_status_choices_cover_the_pages_actions():
    from fazhi.assessment.ledger import SELF_ASSESSMENTS

    assert set(SELF_ASSESSMENTS.statuses) == set(SelfAssessment.Status.values)
