"""Part three of a body's annual report (党政主要负责人履行推进法治建设第一责任人职责情况) from its own leadership records.

``part_three(agency, body_kind, year)`` returns, by the point of part three it belongs to, the sentences that name
the body's own meetings on law and their topics, its leaders' study, their 述法 and its evaluation, the duty lists in
force and the instructions followed up. Only the reporting body's records: a joint report of the Party committee and
the government (``joint``) also takes the records of the Party committee of its region, never any other body's.
Official text stays Chinese; the figures themselves come from the catalog (``fazhi.reports.parts``).
"""

from __future__ import annotations

import re

from fazhi.leadership.models import DutyList, Instruction, LawReport, Meeting, StudySession
from fazhi.org.models import Agency

#: The points of part three (``fazhi.reports.parts.DUTIES``) the sentences go under.
RESEARCH, STUDY, SHUFA, SUPERVISE = "带头研究部署法治建设", "带头尊法学法", "带头述法", "带头督促落实"
SHORT = {
    Meeting.Kind.STANDING_COMMITTEE: "常委会会议", Meeting.Kind.EXECUTIVE: "常务会议",
    Meeting.Kind.LAW_COMMITTEE: "依法治县委员会会议", Meeting.Kind.PARTY_GROUP: "党组会议",
    Meeting.Kind.OFFICE: "办公会议", Meeting.Kind.SPECIAL: "专题会议",
}
FORMS = {LawReport.Form.MEETING: "在述法会议上", LawReport.Form.PERFORMANCE: "在年终述职中",
         LawReport.Form.WRITTEN: "以书面形式"}
GRADES = {LawReport.Grade.EXCELLENT: "好", LawReport.Grade.GOOD: "较好", LawReport.Grade.FAIR: "一般",
          LawReport.Grade.POOR: "差"}
MAX_NAMED = 3


def report_bodies(agency: Agency, joint: bool) -> list[int]:
    """The bodies whose records a report states: the reporting body, and for a joint report the Party committee of
    its region."""
    ids = [agency.pk]
    if joint:
        ids += list(Agency.objects.filter(region_id=agency.region_id, kind=Agency.Kind.PARTY_COMMITTEE)
                    .exclude(pk=agency.pk).values_list("pk", flat=True))
    return ids


def _day(day) -> str:
    return f"{day.month}月{day.day}日"


def _first_clause(text: str) -> str:
    return re.split(r"[。；;\n]", text.strip(), maxsplit=1)[0].strip("，, ")


def _quoted(topic: str) -> str:
    topic = topic.strip().strip("。")
    return topic if topic.startswith(("《", "“")) else f"“{topic}”"


def part_three(agency: Agency, body_kind: str, year: int) -> dict[str, list[str]]:
    """Return the sentences of part three drawn from the body's own records of ``year``, by point."""
    ids = report_bodies(agency, body_kind == "joint")
    live = {"agency_id__in": ids, "withdrawn_at__isnull": True}
    found: dict[str, list[str]] = {}

    meetings = list(Meeting.objects.filter(**live, held_on__year=year, on_law=True).order_by("held_on", "pk"))
    if meetings:
        named = []
        for meeting in meetings[:MAX_NAMED]:
            text = f"{_day(meeting.held_on)}，{meeting.title}专题研究{_quoted(meeting.topic)}"
            decided = _first_clause(meeting.decisions)
            named.append(f"{text}，{decided}" if decided else text)
        lead = f"全年召开会议专题研究法治建设{len(meetings)}次，" if len(meetings) > MAX_NAMED else ""
        found[RESEARCH] = [lead + "；".join(named) + "。"]

    sessions = list(StudySession.objects.filter(**live, held_on__year=year).order_by("held_on", "pk"))
    if sessions:
        sentences = []
        titles = []
        for session in sessions:
            if session.kind in (StudySession.Kind.PRE_MEETING, StudySession.Kind.CENTRAL_GROUP):
                title = session.title.strip().strip("。")
                if title not in titles:
                    titles.append(title)
        if titles:
            sentences.append("集中学习了" + "、".join(titles[:4]) + ("等" if len(titles) > 4 else "") + "。")
        lectures = [s for s in sessions if s.kind == StudySession.Kind.LECTURE]
        if lectures:
            lecture = lectures[0]
            more = f"等法治专题讲座{len(lectures)}场" if len(lectures) > 1 else "法治专题讲座"
            sentences.append(f"邀请{lecture.speaker}作{_quoted(lecture.title)}{more}。")
        oaths = [s for s in sessions if s.kind == StudySession.Kind.OATH]
        if oaths:
            sentences.append(f"组织宪法宣誓{len(oaths)}次，{sum(s.attendees for s in oaths)}人次参加。")
        found[STUDY] = sentences

    reports = list(LawReport.objects.filter(**live, year=year).order_by("reported_on", "pk"))
    if reports:
        sentences = []
        for report in reports:
            text = f"{report.post}{report.leader}于{_day(report.reported_on)}{FORMS.get(report.form, '')}述法"
            if report.study_and_use:
                text += "，报告本人学法用法情况"
            if report.grade:
                text += f"，经{report.evaluated_by}评议为“{GRADES[report.grade]}”"
            sentences.append(text + "。")
        found[SHUFA] = sentences

    supervise = []
    for duty_list in DutyList.objects.filter(**live, adopted_on__year=year).order_by("adopted_on", "pk"):
        verb = "修订" if duty_list.version > 1 else "制定"
        supervise.append(f"{verb}{duty_list.post}履行推进法治建设第一责任人职责清单，明确职责{len(duty_list.duties)}项。")
    instructions = list(Instruction.objects.filter(**live, issued_on__year=year))
    if instructions:
        reported = [i for i in instructions if i.status == Instruction.Status.REPORTED]
        on_time = [i for i in reported if not i.late]
        text = f"对法治建设重要事项作出批示{len(instructions)}件"
        if reported and len(on_time) == len(instructions):
            text += "，均按期办结反馈"
        elif reported:
            text += f"，已办结反馈{len(reported)}件，其中按期{len(on_time)}件"
        supervise.append(text + "。")
    if supervise:
        found[SUPERVISE] = supervise
    return found
