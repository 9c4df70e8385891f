"""Consultation actions: the legal minimum periods, closing, moderation, adoption and the feedback."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.consultation import actions
from fazhi.consultation.models import Comment, Consultation
from fazhi.core.ledger import IllegalTransition

from .conftest import BODY, TODAY, at

pytestmark = pytest.mark.django_db


def open_(draft, by, kind, opens_on, closes_on, **extra):
    return actions.open_consultation(draft, by=by, kind=kind, title="征求意见稿", body=BODY, opens_on=opens_on,
                                     closes_on=closes_on, **extra)


def entries(obj, **filters):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk),
                                     **filters).order_by("sequence")


def comment(consultation, text, client="client-a", paragraph=None):
    return actions.submit_comment(consultation, text=text, client_hash=client, paragraph=paragraph)


# Minimum periods --------------------------------------------------------------------------------------


def test_normative_period_is_seven_working_days_across_national_day_2025(world, draft):
    # Opens Monday 29 September 2025: 30 Sep, then 1–8 October are holidays; Saturday 11 October is a
    # make-up working day. Seven working days end on Wednesday 15 October.
    assert actions.earliest_close("normative", date(2025, 9, 29)) == date(2025, 10, 15)
    with at(date(2025, 9, 29)), pytest.raises(ValidationError) as excinfo:
        open_(draft, world.owner, "normative", date(2025, 9, 29), date(2025, 10, 14))
    assert "2025-10-15" in excinfo.value.message_dict["closes_on"][0]
    assert not Consultation.objects.exists()
    with at(date(2025, 9, 29)):
        consultation = open_(draft, world.owner, "normative", date(2025, 9, 29), date(2025, 10, 15))
    assert consultation.status == Consultation.Status.OPEN and consultation.next_deadline == date(2025, 10, 15)


@pytest.mark.parametrize(("kind", "earliest"), [("market", date(2026, 4, 9)), ("decision", date(2026, 4, 9))])
def test_market_and_decision_periods_are_thirty_days(world, draft, frozen, kind, earliest):
    assert actions.earliest_close(kind, TODAY) == earliest
    with pytest.raises(ValidationError) as excinfo:
        open_(draft, world.owner, kind, TODAY, date(2026, 4, 8))
    assert "2026-04-09" in excinfo.value.messages[0]
    assert open_(draft, world.owner, kind, TODAY, earliest).closes_on == earliest


def test_a_shorter_period_needs_its_reason_and_keeps_it(world, draft, frozen):
    with pytest.raises(ValidationError):
        open_(draft, world.owner, "decision", TODAY, date(2026, 3, 20), shortened_reason="   ")
    consultation = open_(draft, world.owner, "decision", TODAY, date(2026, 3, 20),
                         shortened_reason="防汛应急需要，经县政府同意缩短征求意见期")
    assert consultation.shortened_reason.startswith("防汛应急")
    entry = entries(consultation, action="create").get()
    assert entry.actor == world.owner


def test_a_reason_given_for_a_full_period_is_not_kept(world, draft, frozen):
    consultation = open_(draft, world.owner, "decision", TODAY, date(2026, 4, 30), shortened_reason="不需要")
    assert consultation.shortened_reason == ""


def test_a_period_reaching_into_an_unannounced_year_is_lengthened_to_the_minimum_by_its_notice(world, draft):
    from fazhi.deadlines.actions import enter_notice
    from fazhi.deadlines.tests.test_notice import NOTICE_2027

    region = draft.agency.region.code
    with at(date(2026, 12, 24)):
        provisional = actions.earliest_close("normative", date(2026, 12, 28), region_code=region)
        consultation = open_(draft, world.owner, "normative", date(2026, 12, 28), provisional)
    assert provisional.year == 2027
    with at(date(2026, 12, 25)):
        enter_notice(text=NOTICE_2027, year=2027, source="测试", by=None)
    consultation.refresh_from_db()
    assert consultation.closes_on == actions.earliest_close("normative", date(2026, 12, 28), region_code=region)
    assert consultation.closes_on > provisional  # 元旦 is not a working day: the minimum ends later


def test_period_cannot_end_before_it_starts_and_needs_a_text(world, draft, frozen):
    with pytest.raises(ValidationError) as excinfo:
        actions.open_consultation(draft, by=world.owner, kind="decision", title="", body="", opens_on=TODAY,
                                  closes_on=date(2026, 3, 1))
    assert set(excinfo.value.message_dict) == {"title", "body", "closes_on"}


def test_only_the_drafting_agency_opens_and_only_one_at_a_time(world, draft, consultation):
    with pytest.raises(IllegalTransition, match="2026-04-09"):
        open_(draft, world.owner, "decision", TODAY, date(2026, 4, 30))
    consultation.status = Consultation.Status.CLOSED
    consultation.save()
    with pytest.raises(IllegalTransition):
        open_(draft, world.colleague, "decision", TODAY, date(2026, 4, 30))


# Closing ----------------------------------------------------------------------------------------------


def test_closing_early_needs_a_reason(world, consultation):
    with pytest.raises(IllegalTransition, match="2026-04-09"):
        actions.close_consultation(consultation, by=world.owner)
    closed = actions.close_consultation(consultation, by=world.owner, reason="草案撤回重新起草")
    assert closed.status == Consultation.Status.CLOSED and closed.next_deadline is None


def test_close_expired_closes_only_windows_that_passed_and_only_once(world, consultation):
    assert actions.close_expired(date(2026, 4, 9)) == 0
    assert actions.close_expired(date(2026, 4, 10), dry_run=True) == 1
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    assert actions.close_expired(date(2026, 4, 10)) == 1
    assert actions.close_expired(date(2026, 4, 10)) == 0
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED
    last = entries(consultation).last()
    assert last.action == "transition" and last.actor is None and "2026-04-09" in last.reason


def test_an_outsider_cannot_close(world, consultation):
    with pytest.raises(IllegalTransition):
        actions.close_consultation(consultation, by=world.outsider, reason="x")


# Comments, moderation, adoption -----------------------------------------------------------------------


def test_comment_is_held_for_moderation_and_published_by_the_office(world, consultation):
    c = comment(consultation, "建议摊位抽签过程全程录像并公开。", paragraph=2)
    assert c.status == Comment.Status.PENDING and c.paragraph == 2 and c.client_hash == "client-a"
    published = actions.publish_comment(c, by=world.office)
    assert published.status == Comment.Status.PUBLISHED and published.moderated_at is not None
    entry = entries(c, action="transition").get()
    assert entry.actor == world.office and entry.changes["status"] == ["pending", "published"]


def test_hiding_needs_a_reason(world, consultation):
    c = comment(consultation, "广告：低价出租摊位，电话123")
    with pytest.raises(ValidationError):
        actions.hide_comment(c, by=world.owner, reason=" ")
    hidden = actions.hide_comment(c, by=world.owner, reason="广告信息")
    assert hidden.status == Comment.Status.HIDDEN and hidden.hidden_reason == "广告信息"


def test_moderation_is_refused_outside_the_agency(world, consultation):
    c = comment(consultation, "意见")
    for person in (world.colleague, world.outsider):
        with pytest.raises(IllegalTransition):
            actions.publish_comment(c, by=person)
    c.refresh_from_db()
    assert c.status == Comment.Status.PENDING


def test_comments_refused_with_nothing_stored(world, consultation):
    comment(consultation, "建议  增加\n残疾人优先摊位。")
    with pytest.raises(ValidationError, match="already received"):
        comment(consultation, "建议 增加 残疾人优先摊位。", client="client-b")
    with pytest.raises(ValidationError, match="5000"):
        comment(consultation, "长" * 5001)
    with pytest.raises(ValidationError):
        comment(consultation, "第九段的意见", paragraph=9)
    assert Comment.objects.count() == 1


def test_rate_limit_per_client_and_consultation(world, consultation, settings, frozen):
    settings.FAZHI_CONSULTATION_COMMENTS_PER_HOUR = 2
    comment(consultation, "意见一")
    comment(consultation, "意见二")
    with pytest.raises(ValidationError, match="2") as excinfo:
        comment(consultation, "意见三")
    assert excinfo.value.code == "rate_limited"
    comment(consultation, "另一位市民的意见", client="client-b")
    frozen.shift(3601)
    comment(consultation, "意见三")
    assert Comment.objects.count() == 4


def test_no_comment_outside_the_window(world, consultation):
    with at(date(2026, 4, 10)), pytest.raises(ValidationError, match="2026-04-09"):
        comment(consultation, "晚到的意见")
    assert not Comment.objects.exists()


def test_adoption_needs_a_published_comment_and_a_reason_unless_adopted(world, consultation):
    c = comment(consultation, "建议摊位费按季度缴纳。")
    with pytest.raises(IllegalTransition, match="publish"):
        actions.record_adoption(c, "adopted", by=world.owner)
    actions.publish_comment(c, by=world.owner)
    with pytest.raises(ValidationError):
        actions.record_adoption(c, "not_adopted", "", by=world.owner)
    with pytest.raises(ValidationError):
        actions.record_adoption(c, "maybe", "", by=world.owner)
    c = actions.record_adoption(c, "partly", "按半年缴纳，兼顾管理成本", by=world.owner)
    assert (c.adoption, c.adoption_reason) == ("partly", "按半年缴纳，兼顾管理成本")
    entry = entries(c, action="change").get()
    assert entry.changes["adoption"] == ["", "partly"]


# Feedback ---------------------------------------------------------------------------------------------


def test_conclude_is_refused_until_the_window_closed_and_every_comment_is_handled(world, consultation):
    first = comment(consultation, "建议一")
    second = comment(consultation, "建议二", client="client-b")
    with pytest.raises(IllegalTransition, match="2026-04-09"):
        actions.conclude_consultation(consultation, by=world.owner, feedback="采纳情况")
    with at(date(2026, 4, 12)):
        with pytest.raises(IllegalTransition, match="moderation"):
            actions.conclude_consultation(consultation, by=world.owner, feedback="采纳情况")
        actions.publish_comment(first, by=world.owner)
        actions.hide_comment(second, by=world.owner, reason="与草案无关")
        with pytest.raises(IllegalTransition, match="adoption"):
            actions.conclude_consultation(consultation, by=world.owner, feedback="采纳情况")
        with pytest.raises(ValidationError):
            actions.conclude_consultation(consultation, by=world.owner, feedback="  ")
        actions.record_adoption(first, "adopted", by=world.owner)
        done = actions.conclude_consultation(consultation, by=world.owner, feedback="共收到意见2条，采纳1条。")
    assert done.status == Consultation.Status.CONCLUDED and done.concluded_on == date(2026, 4, 12)
    assert done.feedback == "共收到意见2条，采纳1条。"
    with at(date(2026, 4, 13)), pytest.raises(IllegalTransition):
        actions.record_adoption(first, "not_adopted", "改变主意", by=world.owner)


def test_consultation_for_and_done(world, draft, consultation):
    assert actions.consultation_for(draft) == consultation
    assert actions.consultation_done(draft) is False
    with at(date(2026, 4, 10)):
        actions.conclude_consultation(consultation, by=world.office, feedback="未收到意见。")
    assert actions.consultation_done(draft) is True
    other = type(draft).objects.create(agency=draft.agency, title="另一草案", received_on=TODAY)
    assert actions.consultation_for(other) is None and actions.consultation_done(other) is False


def test_a_consultation_cut_short_does_not_count_and_the_feedback_is_dated(world, consultation):
    """Opened 2026-03-10 for 30 days (until 2026-04-09): closed on 03-20 with a reason given only then."""
    with at(date(2026, 3, 20)):
        closed = actions.close_consultation(consultation, by=world.owner, reason="领导要求尽快出台")
    assert closed.closed_on == date(2026, 3, 20) and closed.ended_on == date(2026, 3, 20)
    assert actions.cut_short(closed) == date(2026, 4, 9)
    with translation.override("en"), pytest.raises(IllegalTransition, match="第15条") as info:
        actions.require_full_period(closed)
    assert info.value.code == "cut_short" and "2026-04-09" in str(info.value.messages)
    # The feedback: after the day it closed, never ahead of today; stored as given.
    with at(date(2026, 3, 25)):
        with pytest.raises(ValidationError, match="2026-03-26"):
            actions.conclude_consultation(closed, by=world.owner, feedback="未收到意见。",
                                          published_on=date(2026, 3, 26))
        done = actions.conclude_consultation(closed, by=world.owner, feedback="未收到意见。",
                                             published_on=date(2026, 3, 21))
    assert done.concluded_on == date(2026, 3, 21)


def test_a_consultation_run_to_its_end_counts(world, consultation):
    assert actions.close_expired(date(2026, 4, 10)) == 1
    consultation.refresh_from_db()
    assert consultation.closed_on == date(2026, 4, 9) and actions.cut_short(consultation) is None
    actions.require_full_period(consultation)  # nothing to refuse
    with at(date(2026, 4, 12)), pytest.raises(ValidationError, match="2026-04-09"):
        actions.conclude_consultation(consultation, by=world.owner, feedback="x", published_on=date(2026, 4, 9))
