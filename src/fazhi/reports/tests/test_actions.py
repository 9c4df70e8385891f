"""The annual report's workflow actions: each happy path, and each refused move with its message."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from fazhi.audit.models import AuditEntry
from fazhi.core import agenda
from fazhi.core.ledger import IllegalTransition
from fazhi.reports import actions
from fazhi.reports.models import Part, Report, ReportDelivery, ReportSignoff

from .conftest import OVERRIDE, at, finish_text

pytestmark = pytest.mark.django_db
S = Report.Status
D = ReportDelivery.Kind
DAY = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(call, *args, **kwargs) -> IllegalTransition:
    with pytest.raises(IllegalTransition) as info:
        call(*args, **kwargs)
    return info.value


def message(exc) -> str:
    return " ".join(exc.messages)


def deliveries_for(report, day=DAY):
    return [(s.kind, s.addressee or "某单位", day, "") for s in actions.suggested_deliveries(report) if s.required]


def walk(report, world, to: str):
    """Move the report along the workflow up to ``to`` the way the office and the leader do."""
    steps = [
        (S.COMMENTS, lambda r: actions.open_comments(r, by=world.office, due=DAY + timedelta(days=7))),
        (S.REVIEW, lambda r: (finish_text(r, world.office),
                              actions.send_for_review(r, by=world.office, override_reason=OVERRIDE))[1]),
        (S.SIGNED, lambda r: actions.sign_off(r, by=world.leader, post="县长").report),
        (S.ADOPTED, lambda r: actions.adopt(r, by=world.office, meeting="县政府第3次常务会议", adopted_on=DAY)),
        (S.SUBMITTED, lambda r: actions.submit_report(r, by=world.office, deliveries=deliveries_for(r))),
        (S.CLEARED, lambda r: actions.clear_confidentiality(r, by=world.office, reviewer="县保密局",
                                                            opinion="不涉密", cleared_on=DAY)),
        (S.PUBLISHED, lambda r: actions.publish(r, by=world.office, published_on=DAY,
                                                url="https://example.org/report")),
    ]
    for status, step in steps:
        step(report)
        report.refresh_from_db()
        if status == to:
            return report
    raise AssertionError(to)


# Creating ---------------------------------------------------------------------------------------------


def test_create_report_defaults_from_the_government(world, gov_report):
    report = gov_report
    assert report.body_kind == Report.BodyKind.GOVERNMENT
    assert report.issuer == "示范县人民政府"
    assert report.title == "示范县人民政府关于2025年法治政府建设情况的报告"
    assert report.status == S.DRAFT and report.next_deadline == date(2026, 3, 1)
    assert [p for p in Part.values if report.sections.filter(part=p).exists()] == Part.values
    assert AuditEntry.objects.filter(action="create", object_id=str(report.pk)).exists()


def test_joint_report_prints_party_committee_and_government(world, round_2025, feb_2026):
    report = actions.create_report(world.agency("sfx-gov"), 2025, by=world.office, body_kind="joint")
    assert report.issuer == "中共示范县委 示范县人民政府"
    assert report.title.startswith("中共示范县委 示范县人民政府关于2025年")


def test_department_report_by_its_own_clerk(world, round_2025, feb_2026):
    report = actions.create_report(world.agency("sfx-scj"), 2025, by=world.owner, demonstration=True)
    assert report.body_kind == Report.BodyKind.DEPARTMENT and report.issuer == "示范县市场监督管理局"
    assert report.next_deadline == date(2026, 1, 31)  # a demonstration area files by the end of January


def test_create_refuses_a_body_that_does_not_report(world, round_2025, feb_2026):
    exc = refused(actions.create_report, world.agency("sfx-office"), 2025, by=world.office)
    assert "is not a reporting body" in message(exc)


def test_create_refuses_a_second_report_for_the_year(world, gov_report):
    exc = refused(actions.create_report, world.agency("sfx-gov"), 2025, by=world.office)
    assert "already has a report for 2025" in message(exc)


def test_create_refuses_a_year_not_yet_ended(world, round_2025, feb_2026):
    exc = refused(actions.create_report, world.agency("sfx-gov"), 2026, by=world.office)
    assert "has not ended" in message(exc)


def test_outsider_cannot_create_a_report_for_the_county(world, round_2025, feb_2026):
    exc = refused(actions.create_report, world.agency("sfx-gov"), 2025, by=world.outsider)
    assert "may not create records" in message(exc)
    assert not Report.objects.exists()


# Text -------------------------------------------------------------------------------------------------


def test_edit_section_is_audited(world, gov_report):
    section = gov_report.sections.get(part=Part.SHORTCOMINGS, order=0)
    actions.edit_section(section, "一是执法规范化水平仍需提升。", world.office)
    section.refresh_from_db()
    assert section.text == "一是执法规范化水平仍需提升。" and section.updated_by == world.office
    entry = AuditEntry.objects.filter(object_id=str(section.pk), action="change").get()
    assert entry.changes["text"][1] == "一是执法规范化水平仍需提升。"


def test_another_department_cannot_edit_the_governments_report(world, gov_report):
    section = gov_report.sections.first()
    exc = refused(actions.edit_section, section, "改写", world.colleague)
    assert "Only the rule-of-law office" in message(exc)


def test_text_is_locked_after_sign_off(world, gov_report):
    walk(gov_report, world, S.SIGNED)
    exc = refused(actions.edit_section, gov_report.sections.first(), "晚了", world.office)
    assert "Return it to drafting first" in message(exc)


def test_regenerate_replaces_edited_text_with_generated_figures(world, gov_report):
    section = gov_report.sections.exclude(topic="").get(topic="disputes")
    actions.edit_section(section, "手工改写。", world.office)
    actions.regenerate_section(section, by=world.office)
    section.refresh_from_db()
    assert "35件" in section.text


# Comments ---------------------------------------------------------------------------------------------


def test_open_comments_and_a_department_comments(world, gov_report):
    report = actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 17))
    assert report.status == S.COMMENTS and report.comments_due == date(2026, 2, 17)
    comment = actions.add_comment(report, by=world.owner, text="建议补充市场监管执法数据。")
    assert comment.agency.code == "sfx-scj"
    actions.respond_comment(comment, by=world.office, response="已采纳。")
    comment.refresh_from_db()
    assert comment.response == "已采纳。" and comment.resolved_at is not None


def test_comments_due_date_in_the_past_is_refused(world, gov_report):
    exc = refused(actions.open_comments, gov_report, by=world.office, due=date(2026, 2, 1))
    assert "has already passed" in message(exc)


def test_outsider_cannot_comment(world, gov_report):
    report = actions.open_comments(gov_report, by=world.office, due=date(2026, 2, 17))
    exc = refused(actions.add_comment, report, by=world.outsider, text="意见")
    assert "Only bodies in 示范县 may comment" in message(exc)


def test_comment_outside_the_comment_period_is_refused(world, gov_report):
    exc = refused(actions.add_comment, gov_report, by=world.owner, text="意见")
    assert "only while the draft is out for comments" in message(exc)


def test_open_comments_from_review_is_refused(world, gov_report):
    walk(gov_report, world, S.REVIEW)
    exc = refused(actions.open_comments, gov_report, by=world.office, due=date(2026, 2, 17))
    assert exc.code == "illegal_transition" and "allowed only from" in message(exc)


# Review and sign-off -----------------------------------------------------------------------------------


def test_review_needs_the_drafting_prompts_replaced(world, gov_report):
    exc = refused(actions.send_for_review, gov_report, by=world.office)
    assert exc.code == "unfinished" and "【待完善】" in message(exc)


def test_review_needs_shortcomings_and_first_responsible_written(world, gov_report):
    finish_text(gov_report, world.office)
    for section in gov_report.sections.filter(part=Part.SHORTCOMINGS):
        actions.edit_section(section, "", world.office)
    exc = refused(actions.send_for_review, gov_report, by=world.office)
    assert exc.code == "empty_parts" and "Shortcomings" in message(exc)


def test_sign_off_by_the_county_leader(world, gov_report):
    walk(gov_report, world, S.REVIEW)
    signoff = actions.sign_off(gov_report, by=world.leader, opinion="同意。")
    gov_report.refresh_from_db()
    assert gov_report.status == S.SIGNED and signoff.post == "县长"
    exc = refused(actions.sign_off, gov_report, by=world.leader)
    assert "already signed off" in message(exc)


@pytest.mark.parametrize("who", ["office", "supervisor", "owner"])
def test_sign_off_by_a_non_leader_is_refused(world, gov_report, who):
    walk(gov_report, world, S.REVIEW)
    exc = refused(actions.sign_off, gov_report, by=getattr(world, who))
    assert exc.code == "not_leader" and "Only a leader of 示范县" in message(exc)
    assert not ReportSignoff.objects.exists()


def test_sign_off_before_review_is_refused(world, gov_report):
    exc = refused(actions.sign_off, gov_report, by=world.leader)
    assert exc.code == "illegal_transition"


def test_return_to_draft_clears_sign_offs(world, gov_report):
    walk(gov_report, world, S.SIGNED)
    exc = refused(actions.return_to_draft, gov_report, by=world.office, reason=" ")
    assert "Give the reason" in message(exc)
    report = actions.return_to_draft(gov_report, by=world.office, reason="数据需更新")
    assert report.status == S.DRAFT and not report.signoffs.exists()
    assert AuditEntry.objects.filter(object_id=str(report.pk), reason="数据需更新").exists()


def test_return_to_draft_from_draft_is_refused(world, gov_report):
    exc = refused(actions.return_to_draft, gov_report, by=world.office, reason="x")
    assert exc.code == "illegal_transition"


# Adoption --------------------------------------------------------------------------------------------------


def test_adopt_records_meeting_and_date(world, gov_report):
    report = walk(gov_report, world, S.ADOPTED)
    assert report.adopted_meeting == "县政府第3次常务会议" and report.adopted_on == DAY and report.dated == DAY


def test_adoption_in_the_future_or_before_sign_off_is_refused(world, gov_report):
    walk(gov_report, world, S.SIGNED)
    exc = refused(actions.adopt, gov_report, by=world.office, meeting="常务会议", adopted_on=DAY + timedelta(days=1))
    assert "cannot be in the future" in message(exc)
    exc = refused(actions.adopt, gov_report, by=world.office, meeting="常务会议", adopted_on=DAY - timedelta(days=1))
    assert "cannot be before the sign-off" in message(exc)
    exc = refused(actions.adopt, gov_report, by=world.office, meeting="", adopted_on=DAY)
    assert "Name the meeting" in message(exc)


def test_adoption_before_sign_off_is_refused(world, gov_report):
    walk(gov_report, world, S.REVIEW)
    exc = refused(actions.adopt, gov_report, by=world.office, meeting="常务会议", adopted_on=DAY)
    assert exc.code == "illegal_transition"


def test_leader_cannot_record_the_adoption(world, gov_report):
    walk(gov_report, world, S.SIGNED)
    exc = refused(actions.adopt, gov_report, by=world.leader, meeting="常务会议", adopted_on=DAY)
    assert exc.code == "not_allowed"


# Submission ----------------------------------------------------------------------------------------------


def test_suggested_addressees_of_the_county_government(world, gov_report):
    found = {s.kind: s for s in actions.suggested_deliveries(gov_report)}
    assert found[D.OWN].addressee == "中共示范县委员会" and found[D.OWN].required
    assert found[D.PEOPLES_CONGRESS].addressee == "示范县人民代表大会常务委员会"
    assert found[D.UPPER].addressee == "示范市人民政府"
    assert found[D.COPY].addressee == "中共示范市委全面依法治市委员会办公室" and not found[D.COPY].required


def test_suggested_addressees_of_a_department(world, round_2025, feb_2026):
    report = actions.create_report(world.agency("sfx-scj"), 2025, by=world.owner)
    found = {s.kind: s.addressee for s in actions.suggested_deliveries(report)}
    assert found == {
        D.OWN: "中共示范县委员会、示范县人民政府",
        D.UPPER_DEPARTMENT: "示范市市场监督管理局",
        D.COPY: "中共示范县委全面依法治县委员会办公室",
    }


def test_submission_needs_every_addressee(world, gov_report):
    walk(gov_report, world, S.ADOPTED)
    exc = refused(actions.submit_report, gov_report, by=world.office,
                  deliveries=[(D.OWN, "中共示范县委员会", DAY, "")])
    assert exc.code == "addressee_missing"
    assert "standing committee of the people's congress" in message(exc)
    assert not gov_report.deliveries.exists()


def test_submission_records_deliveries_and_files_on_time(world, gov_report):
    walk(gov_report, world, S.ADOPTED)
    rows = deliveries_for(gov_report)
    rows[0] = (rows[0][0], rows[0][1], DAY - timedelta(days=0), "示政报〔2026〕3号")
    report = actions.submit_report(gov_report, by=world.office, deliveries=rows)
    assert report.status == S.SUBMITTED and report.submitted_on == DAY
    assert report.deliveries.count() == 3 and report.filed_on_time is True
    assert report.next_deadline == date(2026, 3, 31)  # publication is what remains


def test_delivery_before_adoption_is_refused(world, gov_report):
    walk(gov_report, world, S.ADOPTED)
    rows = deliveries_for(gov_report, DAY - timedelta(days=2))
    exc = refused(actions.submit_report, gov_report, by=world.office, deliveries=rows)
    assert "cannot be before the adoption date" in message(exc)


def test_submission_before_adoption_is_refused(world, gov_report):
    exc = refused(actions.submit_report, gov_report, by=world.office, deliveries=deliveries_for(gov_report))
    assert exc.code == "illegal_transition"


def test_late_filing_is_flagged(world, gov_report):
    walk(gov_report, world, S.SIGNED)
    with at(date(2026, 3, 5)):
        report = actions.adopt(gov_report, by=world.office, meeting="常务会议", adopted_on=date(2026, 3, 4))
        report = actions.submit_report(report, by=world.office, deliveries=deliveries_for(report, date(2026, 3, 5)))
    assert report.filed_on_time is False


# Confidentiality review and publication -------------------------------------------------------------------


def test_confidentiality_review_needs_a_reviewer_and_the_submission(world, gov_report):
    walk(gov_report, world, S.ADOPTED)
    exc = refused(actions.clear_confidentiality, gov_report, by=world.office, reviewer="县保密局", opinion="",
                  cleared_on=DAY)
    assert exc.code == "illegal_transition"
    walk_on = actions.submit_report(gov_report, by=world.office, deliveries=deliveries_for(gov_report))
    exc = refused(actions.clear_confidentiality, walk_on, by=world.office, reviewer="", opinion="", cleared_on=DAY)
    assert "Name who carried out" in message(exc)


def test_publish_closes_every_deadline(world, gov_report):
    report = walk(gov_report, world, S.PUBLISHED)
    assert report.published_on == DAY and report.published_url == "https://example.org/report"
    assert report.next_deadline is None and report.published_on_time is True


def test_publish_before_the_confidentiality_review_is_refused(world, gov_report):
    walk(gov_report, world, S.SUBMITTED)
    exc = refused(actions.publish, gov_report, by=world.office, published_on=DAY)
    assert exc.code == "illegal_transition" and "confidentiality review passed" in message(exc)


def test_publication_date_in_the_future_is_refused(world, gov_report):
    walk(gov_report, world, S.CLEARED)
    exc = refused(actions.publish, gov_report, by=world.office, published_on=DAY + timedelta(days=3))
    assert "cannot be in the future" in message(exc)


def test_publication_after_the_deadline_is_late(world, gov_report):
    walk(gov_report, world, S.CLEARED)
    with at(date(2026, 4, 2)):
        report = actions.publish(gov_report, by=world.office, published_on=date(2026, 4, 1))
    assert report.published_on_time is False


# Agenda ----------------------------------------------------------------------------------------------------


def test_office_agenda_warns_within_the_window(world, gov_report):
    items = [i for i in agenda.items_for(world.office, DAY) if i.ledger == "Annual reports"]
    assert [(i.title, i.due, i.state) for i in items] == [(gov_report.title, date(2026, 3, 1), "soon")]
    assert items[0].url == f"/reports/{gov_report.pk}/"


def test_agenda_is_quiet_before_the_window(world, gov_report):
    assert not [i for i in agenda.items_for(world.office, date(2026, 1, 15)) if i.ledger == "Annual reports"]


def test_agenda_shows_the_overdue_report_to_office_and_leader(world, gov_report):
    day = date(2026, 3, 5)
    for user in (world.office, world.leader):
        items = [i for i in agenda.items_for(user, day) if i.ledger == "Annual reports"]
        assert [(i.state, i.days_late) for i in items] == [("overdue", 4)]
    assert not [i for i in agenda.items_for(world.outsider, day) if i.ledger == "Annual reports"]


def test_township_reports_one_level_up_with_a_copy(world, round_2025, feb_2026):
    report = actions.create_report(world.agency("sfx-t01"), 2025, by=world.township)
    assert report.body_kind == Report.BodyKind.TOWNSHIP
    found = {s.kind: s for s in actions.suggested_deliveries(report)}
    assert found[D.UPPER].addressee == "中共示范县委员会、示范县人民政府" and found[D.UPPER].required
    assert found[D.COPY].addressee == "中共示范县委全面依法治县委员会办公室" and found[D.COPY].required
    assert not found[D.PEOPLES_CONGRESS].required
