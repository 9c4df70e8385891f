"""Every step of a finding's rectification, and every refusal with its message: the office records and assigns the
finding, the bureau plans, reports progress and asks to close it with evidence, the office closes or returns it."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.assessment import actions
from fazhi.assessment.models import Finding, Inspection, Rectification
from fazhi.assessment.tests.conftest import message, pdf
from fazhi.audit.actions import attachments_for
from fazhi.core.ledger import IllegalTransition

pytestmark = pytest.mark.django_db

D = date
S = Rectification.Status


# -- recording and assigning a finding -------------------------------------------------------------------------------


def test_a_finding_is_recorded_with_its_inspection_and_assigned_with_the_default_period(find, office):
    item = find()
    assert item.status == S.ASSIGNED and item.agency.code == "sfx-scj"
    assert item.deadline == item.next_deadline == D(2026, 11, 14)  # 60 days from 15 September
    inspection = item.inspection
    assert inspection.agency.code == "sfx-office" and inspection.kind == Inspection.Kind.SPECIAL
    assert inspection.basis.endswith("第十九条") and item.finding.number == 1
    second = find(description="行政执法公示信息更新不及时")
    assert second.inspection == inspection and second.finding.number == 2
    assert Inspection.objects.count() == 1 and Finding.objects.count() == 2


def test_the_office_may_set_its_own_deadline(find):
    assert find(deadline_set=D(2026, 10, 31)).deadline == D(2026, 10, 31)


def test_only_the_office_records_a_finding(find, owner):
    with pytest.raises(IllegalTransition) as excinfo:
        find(by=owner)
    assert "rule-of-law office" in message(excinfo) and "厅字〔2019〕28号" in message(excinfo)


def test_an_outsider_cannot_record_a_finding_for_the_county(find, world):
    with pytest.raises(IllegalTransition):
        find(by=world.outsider)


@pytest.mark.parametrize(("field", "values", "words"), [
    ("inspection_reference", {"inspection_reference": " "}, "reference number"),
    ("inspecting_body", {"inspecting_body": ""}, "Name the body that inspected"),
    ("inspected", {"inspected": ""}, "agency or region inspected"),
    ("description", {"description": ""}, "Describe the problem"),
    ("responsible_person", {"responsible_person": ""}, "person answerable"),
    ("category", {"category": "nonsense"}, "area of the problem"),
    ("inspection_kind", {"inspection_kind": "nonsense"}, "kind of inspection"),
    ("inspection_started_on", {"inspection_started_on": D(2019, 1, 2)}, "in force from 2019-04-15"),
    ("inspection_started_on", {"inspection_started_on": D(2026, 12, 20)}, "after today"),
    ("feedback_on", {"feedback_on": D(2026, 8, 30)}, "cannot come before"),
    ("assigned_on", {"assigned_on": D(2026, 9, 5)}, "cannot come before"),
    ("assigned_on", {"assigned_on": None}, "Give the date"),
    ("deadline_set", {"deadline_set": D(2026, 9, 15)}, "comes after the assignment"),
])
def test_a_finding_is_refused_at_its_field(find, field, values, words):
    with pytest.raises(Exception) as excinfo:  # noqa: PT011 - ValidationError or IllegalTransition
        find(**values)
    assert words in message(excinfo, field)


def test_an_inspection_is_found_again_only_with_the_same_details(find):
    find()
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        find(inspection_kind="field")
    assert "示法督〔2026〕3号" in message(excinfo, "inspection_reference")


# -- the bureau's rectification --------------------------------------------------------------------------------------


def test_the_plan_moves_the_item_into_rectification(planned):
    item = planned()
    assert item.status == S.IN_PROGRESS and item.plan_on == D(2026, 9, 20)


def test_a_plan_is_refused_without_text_or_before_the_assignment(find, owner):
    item = find()
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.record_plan(item, by=owner, plan_on=D(2026, 9, 20), plan=" ")
    assert "measures" in message(excinfo, "plan")
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.record_plan(item, by=owner, plan_on=D(2026, 9, 14), plan="方案")
    assert "cannot come before" in message(excinfo, "plan_on")


def test_a_colleague_in_another_department_cannot_report(find, world):
    item = find()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_plan(item, by=world.colleague, plan_on=D(2026, 9, 20), plan="方案")
    assert "Only the clerks of" in message(excinfo)


def test_progress_is_reported_with_its_file(find, owner):
    item = find()
    report = actions.report_progress(item, by=owner, reported_on=D(2026, 10, 9), progress="已复查案卷30件。",
                                     attachment=pdf("进展.pdf"))
    item.refresh_from_db()
    assert item.status == S.IN_PROGRESS and report.attachment_name == "进展.pdf"
    assert [a.original_name for a in attachments_for(item)] == ["进展.pdf"]


def test_progress_is_refused_without_text_or_after_closing_is_requested(requested, owner):
    item = requested()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.report_progress(item, by=owner, reported_on=D(2026, 11, 2), progress="x")
    assert "“closing requested (申请销号)”" in message(excinfo)


def test_progress_needs_its_text(find, owner):
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.report_progress(find(), by=owner, reported_on=D(2026, 10, 9), progress="")
    assert "what has been done" in message(excinfo, "progress")


def test_closing_is_requested_with_evidence(requested):
    item = requested()
    assert item.status == S.REQUESTED and item.next_deadline is None and not item.is_overdue()
    assert [a.original_name for a in attachments_for(item)] == ["整改佐证.pdf"]


def test_closing_needs_the_plan_first(find, owner):
    item = find()
    actions.report_progress(item, by=owner, reported_on=D(2026, 10, 9), progress="已部署。")
    item.refresh_from_db()
    with pytest.raises(IllegalTransition) as excinfo:
        actions.request_closing(item, by=owner, requested_on=D(2026, 11, 1), closing_summary="完成", evidence=pdf())
    assert "plan (整改方案) before" in message(excinfo)


def test_closing_needs_evidence(planned, owner):
    item = planned()
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.request_closing(item, by=owner, requested_on=D(2026, 11, 1), closing_summary="完成")
    assert "整改佐证材料" in message(excinfo, "evidence")


def test_closing_may_rest_on_files_attached_before(planned, owner):
    item = planned()
    actions.report_progress(item, by=owner, reported_on=D(2026, 10, 9), progress="已修订范本。", attachment=pdf())
    item = actions.request_closing(item, by=owner, requested_on=D(2026, 11, 1), closing_summary="完成")
    assert item.status == S.REQUESTED


def test_closing_refuses_an_executable_as_evidence(planned, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.request_closing(planned(), by=owner, requested_on=D(2026, 11, 1), closing_summary="完成",
                                evidence=SimpleUploadedFile("a.exe", b"MZ..."))
    assert ".exe" in message(excinfo, "evidence")


def test_closing_is_not_requested_before_the_plan_date(planned, owner):
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.request_closing(planned(), by=owner, requested_on=D(2026, 9, 18), closing_summary="完成",
                                evidence=pdf())
    assert "cannot come before" in message(excinfo, "requested_on")


# -- the office's review ---------------------------------------------------------------------------------------------


def test_the_office_closes_the_item(requested, office):
    item = actions.accept_closing(requested(), by=office, closed_on=D(2026, 11, 5), review_note="佐证充分。")
    assert item.status == S.CLOSED and item.closed_on == D(2026, 11, 5) and not item.closed_late


def test_the_bureau_cannot_close_its_own_item(requested, owner):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.accept_closing(requested(), by=owner, closed_on=D(2026, 11, 5))
    assert "rule-of-law office's to record" in message(excinfo)


def test_an_item_is_closed_only_once_closing_is_requested(planned, office):
    with pytest.raises(IllegalTransition) as excinfo:
        actions.accept_closing(planned(), by=office, closed_on=D(2026, 11, 5))
    assert "“closing requested (申请销号)”" in message(excinfo)


def test_an_item_is_not_closed_before_the_request(requested, office):
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.accept_closing(requested(), by=office, closed_on=D(2026, 10, 30))
    assert "cannot come before" in message(excinfo, "closed_on")


def test_a_returned_item_needs_new_evidence(requested, office, owner):
    item = actions.return_item(requested(), by=office, returned_on=D(2026, 11, 6), return_reason="缺少培训签到表。")
    assert item.status == S.IN_PROGRESS and item.times_returned == 1 and item.next_deadline == item.deadline
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.request_closing(item, by=owner, requested_on=D(2026, 11, 8), closing_summary="补充")
    assert "returned on 2026-11-06" in message(excinfo, "evidence")
    item = actions.request_closing(item, by=owner, requested_on=D(2026, 11, 8), closing_summary="补充",
                                   evidence=pdf("签到表.pdf"))
    assert item.status == S.REQUESTED


def test_a_return_needs_its_reasons(requested, office):
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        actions.return_item(requested(), by=office, returned_on=D(2026, 11, 6), return_reason="")
    assert "not accepted" in message(excinfo, "return_reason")


def test_only_the_office_returns_an_item(requested, owner):
    with pytest.raises(IllegalTransition):
        actions.return_item(requested(), by=owner, returned_on=D(2026, 11, 6), return_reason="x")


def test_a_closed_item_takes_no_more_steps(requested, office, owner):
    item = actions.accept_closing(requested(), by=office, closed_on=D(2026, 11, 5))
    with pytest.raises(IllegalTransition):
        actions.record_plan(item, by=owner, plan_on=D(2026, 11, 6), plan="x")
    with pytest.raises(IllegalTransition):
        actions.return_item(item, by=office, returned_on=D(2026, 11, 6), return_reason="x")


def test_a_withdrawn_item_takes_no_step(find, office, owner):
    from fazhi.core.ledger import withdraw_record

    item = withdraw_record(find(), by=office, reason="重复登记")
    with pytest.raises(IllegalTransition) as excinfo:
        actions.record_plan(item, by=owner, plan_on=D(2026, 9, 20), plan="x")
    assert "withdrawn" in message(excinfo)
