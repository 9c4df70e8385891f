"""The demo county's leadership records: a year of meetings, study, duty lists, 述法 and instructions; idempotent."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_builds_once_with_every_kind_of_record(world):
    from fazhi.leadership.demo import build_demo_leadership
    from fazhi.leadership.models import DutyList, Instruction, LawReport, Meeting, StudySession

    assert build_demo_leadership()["meetings"] > 10
    assert set(Meeting.objects.values_list("kind", flat=True)) >= {"standing_committee", "executive", "law_committee"}
    assert set(StudySession.objects.values_list("kind", flat=True)) == {"pre_meeting", "central_group", "lecture",
                                                                         "oath"}
    assert DutyList.objects.filter(status="superseded").count() == 1
    assert set(LawReport.objects.values_list("status", flat=True)) == {"reported", "evaluated"}
    assert Instruction.objects.filter(status="open").count() == 1
    assert any(i.late for i in Instruction.objects.all())
    overdue = DutyList.objects.get(agency__code="sfx-jyj")
    assert overdue.next_deadline and overdue.next_deadline.year == 2026  # last year's 述法 missing
    assert build_demo_leadership() == {"meetings": 0}
