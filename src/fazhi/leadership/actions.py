"""What people do with the leadership ledger: every record and step is one of these audited actions, refused when the
rules on the principal leaders' duty forbid it.

The records of a body (its Party committee, government, department or township) are kept by its clerks and by the
rule-of-law office of its region (``scope_for(by).can_write_agency``); leaders and supervisors read them. Each action
checks the writer, the status, the dates against each other and today (``PROCEDURE``) and what the rules ask: a
meeting is of a kind the body holds, a meeting on law records its decisions, a lecture names its speaker, one duty
list is in force per post and a new one is its next version, one 述法 per post and year, given at the year-end report
and, from 2025-11-01, reporting the study and use of law (法治宣传教育法), an evaluation with its grade, an
instruction followed up by its due day.

Every action is called as ``action(record, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the
opening of a record as ``record_x(agency=agency, by=user, **form.cleaned_data)``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core.ledger import IllegalTransition, create_record, transition
from fazhi.leadership.models import (
    EDUCATION_LAW_IN_FORCE,
    FIRST_YEAR,
    DutyList,
    Instruction,
    LawReport,
    Meeting,
    StudySession,
    shufa_due_of_year,
)
from fazhi.leadership.procedure import DUTY_RULE, PROCEDURE, SHUFA_OPINION, dates_of
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due
from fazhi.org.models import Agency

__all__ = [
    "adopt_duty_list", "evaluate_shufa", "record_instruction", "record_meeting", "record_shufa", "record_study",
    "report_follow_up", "revise_duty_list",
]

EDUCATION_LAW = "法治宣传教育法"
K = Agency.Kind
#: The kinds of body that hold each kind of meeting (a department holds no 常委会, a Party committee no 常务会议).
HELD_BY = {
    Meeting.Kind.STANDING_COMMITTEE: (K.PARTY_COMMITTEE, K.TOWNSHIP),
    Meeting.Kind.EXECUTIVE: (K.GOVERNMENT, K.TOWNSHIP),
    Meeting.Kind.LAW_COMMITTEE: (K.PARTY_COMMITTEE, K.RULE_OF_LAW_OFFICE),
    Meeting.Kind.PARTY_GROUP: (K.DEPARTMENT,),
    Meeting.Kind.OFFICE: (K.DEPARTMENT,),
}


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep the "
                                 "records of its leaders' duties."))


def _check(step: str, on: dt.date | None, record, field: str) -> None:
    PROCEDURE.check_date(step, on, dates_of(record), field=field)


# The clocks: each computed from the record's own dates (``procedure.CLOCKS`` names them) ---------------------------


def follow_up_due_of(instruction: Instruction) -> dt.date | None:
    """The day the follow-up on an instruction is reported by: the day the instruction set, else the local period
    from its issue (the rule ``leadership.instruction_follow_up``, in working days; UNCONFIRMED)."""
    if instruction.due_given:
        return instruction.due_given
    if instruction.issued_on is None:
        return None
    return due("leadership.instruction_follow_up", instruction.issued_on, instruction.agency).due


def unreported_year(duty_list: DutyList) -> int:
    """The earliest year, from the list's adoption, whose 述法 the post's leader has not given."""
    year = duty_list.adopted_on.year
    given = set(LawReport.objects.filter(agency_id=duty_list.agency_id, post=duty_list.post, year__gte=year,
                                         withdrawn_at__isnull=True).values_list("year", flat=True))
    while year in given:
        year += 1
    return year


def shufa_due_of(duty_list: DutyList) -> dt.date | None:
    """The day the post's 述法 of the earliest year without one is due, at the year-end report (2021 opinion; the
    day is the setting ``FAZHI_LEADERSHIP_SHUFA_DUE``, UNCONFIRMED); none once the list is superseded."""
    if duty_list.status != DutyList.Status.CURRENT or duty_list.adopted_on is None:
        return None
    return shufa_due_of_year(unreported_year(duty_list))


def _refresh_shufa_due(agency_id: int, post: str) -> None:
    """Store again the 述法 due of the post's list in force (after a 述法 is recorded)."""
    for duty_list in DutyList.objects.filter(agency_id=agency_id, post=post, status=DutyList.Status.CURRENT,
                                             withdrawn_at__isnull=True):
        day = shufa_due_of(duty_list)
        if day != duty_list.shufa_due:
            DutyList.objects.filter(pk=duty_list.pk).update(shufa_due=day, next_deadline=day)


# Duty lists -------------------------------------------------------------------------------------------------------


def _duty_values(title: str, post: str, leader: str, items: str) -> dict:
    _required(title=(_text(title), _("Give the list's title.")),
              post=(_text(post), _("Name the principal leader's post (县委书记, 县长, 局长…).")),
              leader=(_text(leader), _("Name the leader holding the post.")),
              items=(_text(items), _("List the duties, one a line (%(source)s).") % {"source": DUTY_RULE}))
    return {"title": _text(title), "post": _text(post), "leader": _text(leader), "items": _text(items)}


@transaction.atomic
def adopt_duty_list(*, agency, by, title: str, post: str, leader: str, adopted_on: dt.date | None,
                    items: str) -> DutyList:
    """Record the first duty list of a principal leader's post (第一责任人职责清单, 2016 rule); a post whose list is in
    force gets a new version from that list's page."""
    _require_writer(agency, by)
    values = _duty_values(title, post, leader, items)
    current = DutyList.objects.filter(agency=agency, post=values["post"], status=DutyList.Status.CURRENT,
                                      withdrawn_at__isnull=True).first()
    if current is not None:
        raise ValidationError({"post": _(
            "A duty list of %(post)s is in force (version %(version)d, adopted %(date)s): adopt its new version from "
            "its page, so that the earlier one stays in the ledger.") % {
            "post": current.post, "version": current.version, "date": current.adopted_on.isoformat()}},
            code="in_force")
    duty_list = DutyList(agency=agency, adopted_on=adopted_on, **values)
    _check("adopt", adopted_on, duty_list, "adopted_on")
    duty_list.version = 1 + max(DutyList.objects.filter(agency=agency, post=values["post"])
                                .values_list("version", flat=True), default=0)
    duty_list.shufa_due = shufa_due_of(duty_list)
    return create_record(duty_list, by=by)


@transaction.atomic
def revise_duty_list(duty_list: DutyList, *, by, adopted_on: dt.date | None, leader: str, items: str,
                     title: str = "") -> DutyList:
    """Adopt the next version of a duty list: it comes into force and supersedes this one, which stays in the ledger
    with the day it was superseded (2016 rule on the principal leaders' duty)."""
    _require_writer(duty_list.agency_id, by)
    require_status(duty_list, [DutyList.Status.CURRENT], PROCEDURE.label("supersede"), DutyList.Status, _(
        "%(step)s is recorded on the version %(allowed)s; this one is “%(current)s”."))
    values = _duty_values(title or duty_list.title, duty_list.post, leader, items)
    _check("supersede", adopted_on, duty_list, "adopted_on")
    newer = DutyList(agency=duty_list.agency, adopted_on=adopted_on, version=duty_list.version + 1, **values)
    newer.shufa_due = shufa_due_of(newer)
    newer = create_record(newer, by=by)
    transition(duty_list, DutyList.Status.SUPERSEDED, by=by, allowed_from=[DutyList.Status.CURRENT],
               superseded_on=adopted_on, superseded_by=newer, shufa_due=None)
    return newer


# Meetings and study -----------------------------------------------------------------------------------------------


@transaction.atomic
def record_meeting(*, agency, by, title: str, kind: str, held_on: dt.date | None, topic: str, decisions: str = "",
                   on_law: bool = False, chaired_by: str = "", minutes_number: str = "") -> Meeting:
    """Record a meeting of the body's leaders that studied the rule of law: the standing committee, the executive
    meeting, the rule-of-law committee, a Party group or office meeting, a special meeting (2016 rule on the principal
    leaders' duty). A meeting that studied the rule of law as its topic records what it decided."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Name the meeting as its minutes do (县委常委会2026年第5次会议).")),
              kind=(kind, _("Choose the kind of meeting.")),
              topic=(_text(topic), _("Give the topic the meeting studied.")))
    _choice(kind, Meeting.Kind, "kind", _("Choose the kind of meeting."))
    held_by = HELD_BY.get(kind)
    if held_by and agency.kind not in held_by:
        raise ValidationError({"kind": _(
            "%(agency)s does not hold a %(kind)s: record the meeting for the body that held it.") % {
            "agency": agency.name, "kind": Meeting.Kind(kind).label}}, code="kind")
    if on_law and not _text(decisions):
        raise ValidationError({"decisions": _(
            "Record what the meeting decided on the rule of law (%(source)s): part three of the annual report states "
            "it.") % {"source": DUTY_RULE}}, code="required")
    meeting = Meeting(agency=agency, title=_text(title), kind=kind, held_on=held_on, topic=_text(topic),
                      decisions=_text(decisions), on_law=bool(on_law), chaired_by=_text(chaired_by),
                      minutes_number=_text(minutes_number))
    _check("meeting", held_on, meeting, "held_on")
    return create_record(meeting, by=by)


@transaction.atomic
def record_study(*, agency, by, title: str, kind: str, held_on: dt.date | None, attendees: int | None,
                 speaker: str = "", meeting: str = "") -> StudySession:
    """Record a session in which the body's leaders studied law: before a meeting, in the central study group, at a
    lecture, or by taking the constitutional oath (legal-rules §8.3)."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Say what was studied.")), kind=(kind, _("Choose the kind of study.")))
    _choice(kind, StudySession.Kind, "kind", _("Choose the kind of study."))
    if kind == StudySession.Kind.LECTURE and not _text(speaker):
        raise ValidationError({"speaker": _("Name the lecture's speaker.")}, code="required")
    if kind == StudySession.Kind.PRE_MEETING and not _text(meeting):
        raise ValidationError({"meeting": _("Name the meeting the study opened (会前学法).")}, code="required")
    try:
        count = int(attendees)
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        raise ValidationError({"attendees": _("Give how many leaders attended: one at least.")}, code="invalid")
    session = StudySession(agency=agency, title=_text(title), kind=kind, held_on=held_on, speaker=_text(speaker),
                           attendees=count, meeting=_text(meeting))
    _check("study", held_on, session, "held_on")
    return create_record(session, by=by)


# 述法 --------------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_shufa(*, agency, by, title: str, post: str, leader: str, year: int | None, reported_on: dt.date | None,
                 form: str, summary: str, study_and_use: bool = False) -> LawReport:
    """Record a principal leader's 述法 on a year, given at the year-end performance report (2021 opinion); from
    2025-11-01 it reports how the leader studied and used law (法治宣传教育法). One per post and year; given after
    its due day it is recorded as late."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Give the report's title.")),
              post=(_text(post), _("Name the principal leader's post.")),
              leader=(_text(leader), _("Name the leader who reported.")),
              year=(year, _("Give the year reported on.")),
              form=(form, _("Choose how the leader reported.")),
              summary=(_text(summary), _("Say what the leader reported: the duties performed, the study and use of "
                                         "law, the problems and the next steps.")))
    _choice(form, LawReport.Form, "form", _("Choose how the leader reported."))
    if year < FIRST_YEAR:
        raise ValidationError({"year": _("The ledger keeps 述法 from %(year)d, after the 2016 rule on the principal "
                                         "leaders' duty.") % {"year": FIRST_YEAR}}, code="invalid")
    report = LawReport(agency=agency, title=_text(title), post=_text(post), leader=_text(leader), year=year,
                       reported_on=reported_on, form=form, summary=_text(summary), study_and_use=bool(study_and_use))
    _check("shufa", reported_on, report, "reported_on")
    if reported_on.year not in (year, year + 1):
        raise ValidationError({"reported_on": _(
            "A 述法 on %(year)d is given at that year's year-end report, in %(year)d or early %(next)d (%(source)s); "
            "%(date)s is not.") % {"year": year, "next": year + 1, "date": reported_on.isoformat(),
                                   "source": SHUFA_OPINION}}, code="year")
    if reported_on >= EDUCATION_LAW_IN_FORCE and not study_and_use:
        raise ValidationError({"study_and_use": _(
            "From %(date)s the %(law)s has how leading officials study and use law go into their annual report: the "
            "述法 reports it.") % {"date": EDUCATION_LAW_IN_FORCE.isoformat(), "law": EDUCATION_LAW}},
            code="education_law")
    if LawReport.objects.filter(agency=agency, post=report.post, year=year, withdrawn_at__isnull=True).exists():
        raise ValidationError({"year": _("The 述法 of %(post)s on %(year)d is already in the ledger.") % {
            "post": report.post, "year": year}}, code="unique")
    report.due_on = shufa_due_of_year(year)
    report = create_record(report, by=by)
    _refresh_shufa_due(agency.pk, report.post)
    return report


def evaluate_shufa(report: LawReport, *, by, evaluated_on: dt.date | None, evaluated_by: str, grade: str,
                   evaluation: str = "") -> LawReport:
    """Record the evaluation of a 述法 (述法评议) with its grade, after the 述法 (2021 opinion; local practice)."""
    _require_writer(report.agency_id, by)
    require_status(report, [LawReport.Status.REPORTED], PROCEDURE.label("evaluation"), LawReport.Status, _(
        "%(step)s is recorded while the 述法 is %(allowed)s; it is “%(current)s”."))
    _required(evaluated_by=(_text(evaluated_by), _("Name the body that evaluated the 述法.")),
              grade=(grade, _("Choose the grade the evaluation gave.")))
    _choice(grade, LawReport.Grade, "grade", _("Choose the grade the evaluation gave."))
    if grade in (LawReport.Grade.FAIR, LawReport.Grade.POOR) and not _text(evaluation):
        raise ValidationError({"evaluation": _("Say what the evaluation found wanting.")}, code="required")
    _check("evaluation", evaluated_on, report, "evaluated_on")
    return transition(report, LawReport.Status.EVALUATED, by=by, allowed_from=[LawReport.Status.REPORTED],
                      evaluated_on=evaluated_on, evaluated_by=_text(evaluated_by), grade=grade,
                      evaluation=_text(evaluation))


# Instructions (批示) -----------------------------------------------------------------------------------------------


@transaction.atomic
def record_instruction(*, agency, by, title: str, leader: str, issued_on: dt.date | None, text: str, post: str = "",
                       due_given: dt.date | None = None) -> Instruction:
    """Record a principal leader's instruction (批示) on the rule of law; its follow-up is due by the day it sets,
    else within the local period (the rule ``leadership.instruction_follow_up``)."""
    _require_writer(agency, by)
    _required(title=(_text(title), _("Say what the instruction is about.")),
              leader=(_text(leader), _("Name the leader who gave the instruction.")),
              text=(_text(text), _("Copy the instruction.")))
    instruction = Instruction(agency=agency, title=_text(title), leader=_text(leader), post=_text(post),
                              issued_on=issued_on, text=_text(text), due_given=due_given)
    _check("instruction", issued_on, instruction, "issued_on")
    if due_given is not None and due_given <= issued_on:
        raise ValidationError({"due_given": _("The follow-up is due after the instruction, %(date)s.") % {
            "date": issued_on.isoformat()}}, code="date_order")
    instruction.follow_up_due = follow_up_due_of(instruction)
    return create_record(instruction, by=by)


def report_follow_up(instruction: Instruction, *, by, reported_on: dt.date | None, report: str) -> Instruction:
    """Record the report on what was done on the instruction, after it (the local rules on following up a leader's
    instruction); one after its due day stays marked late."""
    _require_writer(instruction.agency_id, by)
    require_status(instruction, [Instruction.Status.OPEN], PROCEDURE.label("follow_up"), Instruction.Status, _(
        "%(step)s is recorded while the instruction is %(allowed)s; it is “%(current)s”."))
    if instruction.reported_on:
        raise IllegalTransition(_("The follow-up was already reported on %(date)s.") % {
            "date": instruction.reported_on.isoformat()}, code="once")
    _required(report=(_text(report), _("Say what was done on the instruction.")))
    _check("follow_up", reported_on, instruction, "reported_on")
    return transition(instruction, Instruction.Status.REPORTED, by=by, allowed_from=[Instruction.Status.OPEN],
                      reported_on=reported_on, report=_text(report))
