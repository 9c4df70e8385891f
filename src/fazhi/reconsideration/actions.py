"""What people do with reconsideration cases: every step is one of these audited actions, refused when the law forbids
it.

The staff of the reconsideration body keep its cases: the clerks of the owning agency (the government or its 司法局)
and the rule-of-law office of its region (``scope_for(by).can_write_agency``). Each action checks the writer, the
status (``transition``), the dates against each other and today (``PROCEDURE``), the conditions 行政复议法 (2023) sets
(one correction notice of 第31条, the examination period of 第30条, the simplified procedure's grounds of 第53条, the
hearing of 第50条 and the committee of 第52条, the extension of 第62条, the outcomes of 第63–74条), and keeps the
statutory clocks on the row: the acceptance examination, the correction, the copy and the answer, the decision and
the reply to a recommendation letter, each computed by ``fazhi.ledgers.clock.due`` from the case's own dates
(``*_of`` below, which ``procedure.CLOCKS`` names).

Every action is called as ``action(case, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the opening as
``receive_application(agency=agency, by=user, **form.cleaned_data)``. ``expire(today)`` is the daily job.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.clock import Extension, Pause, PauseKind
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.checks import amount as _amount
from fazhi.ledgers.checks import can_write, require_status, require_writer
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due
from fazhi.reconsideration.models import (
    LAW_IN_FORCE,
    LONG_SUSPENSION_DAYS,
    MAX_EXTENSION_DAYS,
    SIMPLIFIED_AMOUNT,
    Case,
)
from fazhi.reconsideration.procedure import PROCEDURE, dates_of

__all__ = [
    "accept", "can_write", "consult_committee", "decide", "deem_accepted", "expire", "extend", "mark_major",
    "publish_decision", "receive_application", "record_answer", "record_correction", "record_document_review",
    "record_hearing", "record_recommendation_reply", "refuse", "request_correction", "resume", "send_copy",
    "send_recommendation", "suspend", "switch_to_ordinary", "treat_as_withdrawn",
]

S = Case.Status
OUT = Case.Outcome
LAW = "行政复议法"
_DAY = dt.timedelta(days=1)
#: 第41条第5项: the suspensions whose length may end the case.
_LONG_SUSPENSION_GROUNDS = (Case.SuspensionGround.DEATH, Case.SuspensionGround.INCAPACITY,
                            Case.SuspensionGround.SUCCESSOR)


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the staff of %(agency)s may change its reconsideration cases."))


def _require_status(case: Case, allowed, step: str) -> None:
    require_status(case, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the case is %(allowed)s; it is “%(current)s”."))


def _check(step: str, on: dt.date | None, case: Case, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(case), **extra}, field=field)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


# The clocks: each computed from the case's own dates (``procedure.CLOCKS`` names them) ------------------------------


def application_due_of(case: Case) -> dt.date | None:
    """第20条: the last day to apply: 60 days from knowing the act; when the agency did not tell of the right, the
    period runs from learning of it, so the latest day is one year from knowing the act (第20条第3款). Applications
    on acts known before 2024 fall under the old law's period, not computed here."""
    if case.knew_on is None or case.knew_on < LAW_IN_FORCE:
        return None
    rule = "reconsideration.application_uninformed" if case.not_informed else "reconsideration.application"
    return due(rule, case.knew_on, case.agency).due


def acceptance_due_of(case: Case) -> dt.date | None:
    """第30条: 5 working days from receipt; a notice to correct stops them, and they run afresh from the corrected
    materials (第31条第3款); None while the correction is awaited."""
    if case.received_on is None:
        return None
    pauses = []
    if case.correction_requested_on:
        pauses.append(Pause(PauseKind.CORRECTION, case.correction_requested_on, case.corrected_on))
    return due("reconsideration.acceptance", case.received_on, case.agency, pauses=pauses).due


def correction_due_of(case: Case) -> dt.date | None:
    """第31条第2款: 10 working days from the applicant's receipt of the notice (from its sending until that day is
    known)."""
    start = case.correction_received_on or case.correction_requested_on
    return due("reconsideration.correction", start, case.agency).due if start else None


def copy_due_of(case: Case) -> dt.date | None:
    """第48条: 7 working days from acceptance; 第54条: 3 under the simplified procedure."""
    if case.accepted_on is None:
        return None
    rule = "reconsideration.copy_simplified" if case.is_simplified else "reconsideration.copy"
    return due(rule, case.accepted_on, case.agency).due


def answer_due_of(case: Case) -> dt.date | None:
    """第48条: 10 working days from the respondent's receipt of the copy (from its sending until that day is known);
    第54条: 5 under the simplified procedure."""
    start = case.copy_received_on or case.copy_sent_on
    if start is None:
        return None
    rule = "reconsideration.answer_simplified" if case.is_simplified else "reconsideration.answer"
    return due(rule, start, case.agency).due


def _suspension_pauses(case: Case) -> list[Pause]:
    """The suspensions as pauses of the decision clock: from the day of suspension to the day before the
    resumption (the review counts again from the day it resumes); one still running stops the clock."""
    pauses = []
    for start, end, *_rest in case.suspensions:
        first = dt.date.fromisoformat(start)
        if end is None:
            pauses.append(Pause(PauseKind.SUSPENSION, first, None))
            continue
        last = dt.date.fromisoformat(end) - _DAY
        if last >= first:
            pauses.append(Pause(PauseKind.SUSPENSION, first, last))
    return pauses


def decision_due_of(case: Case) -> dt.date | None:
    """第62条: 60 days from acceptance (30 under the simplified procedure), plus the approved extension, without the
    suspended days (第39条); None while a suspension runs."""
    if case.accepted_on is None:
        return None
    rule = "reconsideration.decision_simplified" if case.is_simplified else "reconsideration.decision"
    extensions = [Extension(case.extension_days, case.extension_reason, case.extension_approver,
                            approved_on=case.extended_on)] if case.extension_days else []
    return due(rule, case.accepted_on, case.agency, pauses=_suspension_pauses(case), extensions=extensions).due


def recommendation_reply_due_of(case: Case) -> dt.date | None:
    """第76条: 60 days from the letter's receipt (from its sending until that day is known)."""
    start = case.recommendation_received_on or case.recommendation_sent_on
    return due("reconsideration.recommendation_reply", start, case.agency).due if start else None


_CLOCKS = {
    "application_due": application_due_of, "acceptance_due": acceptance_due_of, "correction_due": correction_due_of,
    "copy_due": copy_due_of, "answer_due": answer_due_of, "decision_due": decision_due_of,
    "recommendation_reply_due": recommendation_reply_due_of,
}


def _with_clocks(case: Case, **values) -> dict:
    """``values`` and every clock of the case as it will be once they are set (the case itself is left alone)."""
    future = copy.copy(case)
    for name, value in values.items():
        setattr(future, name, value)
    return {**values, **{name: compute(future) for name, compute in _CLOCKS.items()}}


# The application ------------------------------------------------------------------------------------------------


@transaction.atomic
def receive_application(*, agency, by, number: str, applicant_name: str, applicant_kind: str, act: str,
                        act_category: str, knew_on: dt.date | None, channel: str, received_on: dt.date | None,
                        applicant_contact: str = "", third_parties: str = "", respondent=None,
                        respondent_name: str = "", amount=None, request: str = "", not_informed: bool = False
                        ) -> Case:
    """Register an application (第20–22条) received by the reconsideration body ``agency``; its examination period
    of 5 working days starts (第30条). A late application is registered too: the examination decides on it."""
    _require_writer(agency, by)
    _required(number=(_text(number), _("Give the case number.")),
              applicant_name=(_text(applicant_name), _("Give the applicant's name.")),
              applicant_kind=(applicant_kind, _("Say whether the applicant is a citizen or an organisation.")),
              act=(_text(act), _("Describe the act contested (行政复议法 第11条).")),
              act_category=(act_category, _("Choose the kind of act (行政复议法 第11条).")),
              channel=(channel, _("Say how the application was made (行政复议法 第22条).")))
    _choice(applicant_kind, Case.ApplicantKind, "applicant_kind",
            _("Say whether the applicant is a citizen or an organisation."))
    _choice(act_category, Case.ActCategory, "act_category", _("Choose the kind of act (行政复议法 第11条)."))
    _choice(channel, Case.Channel, "channel", _("Say how the application was made (行政复议法 第22条)."))
    name = _text(respondent_name) or (respondent.name if respondent is not None else "")
    _required(respondent_name=(name, _("Name the respondent, the agency that made the act (行政复议法 第19条).")))
    if received_on is not None and received_on < LAW_IN_FORCE:
        raise ValidationError({"received_on": _(
            "This ledger keeps cases under 行政复议法 as revised in 2023, in force from 2024-01-01 (第90条); an "
            "application received on %(date)s fell under the earlier law.") % {"date": received_on.isoformat()}},
            code="law_in_force")
    case = Case(agency=agency, number=_text(number), applicant_name=_text(applicant_name),
                applicant_kind=applicant_kind, applicant_contact=_text(applicant_contact),
                third_parties=_text(third_parties), respondent=respondent, respondent_name=name, act=_text(act),
                act_category=act_category, amount=_amount(amount), request=_text(request), knew_on=knew_on,
                not_informed=bool(not_informed), channel=channel, received_on=received_on)
    _check("know", knew_on, case, "knew_on")
    _check("receive", received_on, case, "received_on")
    if Case.objects.filter(agency=agency, number=case.number).exists():
        raise ValidationError({"number": _("Case number %(number)s is already used.") % {"number": case.number}},
                              code="unique")
    for field, value in _with_clocks(case).items():
        setattr(case, field, value)
    return create_record(case, by=by)


def request_correction(case: Case, *, by, correction_requested_on: dt.date | None, correction_items: str,
                       correction_received_on: dt.date | None = None) -> Case:
    """Ask the applicant, once and for every item, to correct an incomplete application, within the 5 working days
    of the examination (第31条第1款); the applicant has 10 working days from receiving the notice (第31条第2款) and
    the examination stops until the materials arrive."""
    _require_writer(case.agency, by)
    _require_status(case, [S.RECEIVED], "correction_request")
    if case.correction_requested_on:
        raise IllegalTransition(_(
            "The applicant was already asked to correct the application on %(date)s: the notice is sent once, with "
            "every item (行政复议法 第31条第1款).") % {"date": case.correction_requested_on.isoformat()},
            code="once")
    _required(correction_items=(_text(correction_items), _(
        "List every item to correct, all in this one notice (行政复议法 第31条第1款).")))
    _check("correction_request", correction_requested_on, case, "correction_requested_on")
    if case.acceptance_due and correction_requested_on > case.acceptance_due:
        raise ValidationError({"correction_requested_on": _(
            "The notice to correct is sent within 5 working days of receipt (行政复议法 第31条第1款): that period "
            "ended on %(due)s, when the application was deemed accepted (第30条第3款).") % {
            "due": case.acceptance_due.isoformat()}}, code="late")
    if correction_received_on is not None:
        _check("correction_notice_received", correction_received_on, case, "correction_received_on",
               correction_request=correction_requested_on)
    values = _with_clocks(case, correction_requested_on=correction_requested_on,
                          correction_received_on=correction_received_on, correction_items=_text(correction_items))
    return transition(case, S.CORRECTING, by=by, allowed_from=[S.RECEIVED], **values)


def record_correction(case: Case, *, by, corrected_on: dt.date | None, correction_late_reason: str = "") -> Case:
    """Record the corrected materials: the 5 working days of the examination run afresh from them (第31条第3款).
    Materials after the 10 working days need a good cause (第31条第2款)."""
    _require_writer(case.agency, by)
    _require_status(case, [S.CORRECTING], "correction")
    _check("correction", corrected_on, case, "corrected_on")
    reason = _text(correction_late_reason)
    if case.correction_due and corrected_on > case.correction_due and not reason:
        raise ValidationError({"correction_late_reason": _(
            "The materials came on %(date)s, after the time to correct ended on %(due)s (行政复议法 第31条第2款): "
            "give the good cause for which the time was extended, or let the application be treated as "
            "abandoned.") % {"date": corrected_on.isoformat(), "due": case.correction_due.isoformat()}},
            code="late")
    values = _with_clocks(case, corrected_on=corrected_on, correction_late_reason=reason)
    return transition(case, S.RECEIVED, by=by, allowed_from=[S.CORRECTING], **values)


def treat_as_withdrawn(case: Case, *, by, correction_received_on: dt.date | None = None) -> Case:
    """Close an application not corrected in time: without good cause the applicant is taken to have given it up
    (第31条第2款). The 10 working days run from the applicant's receipt of the notice, so that day must be known
    (give it here if it was not recorded with the notice)."""
    _require_writer(case.agency, by)
    _require_status(case, [S.CORRECTING], "abandon")
    values = {}
    if case.correction_received_on is None:
        _required(correction_received_on=(correction_received_on, _(
            "Give the day the applicant received the notice to correct: the 10 working days run from it (行政复议法 "
            "第31条第2款).")))
        _check("correction_notice_received", correction_received_on, case, "correction_received_on")
        values = _with_clocks(case, correction_received_on=correction_received_on)
    correction_due = values.get("correction_due", case.correction_due)
    if timezone.localdate() <= correction_due:
        raise IllegalTransition(_(
            "The applicant may correct the application until %(due)s (行政复议法 第31条第2款): it is treated as "
            "abandoned only after that day.") % {"due": correction_due.isoformat()}, code="too_early")
    return _abandon(case, by=by, **values)


def _abandon(case: Case, *, by, **values) -> Case:
    correction_due = values.get("correction_due", case.correction_due)
    return transition(case, S.CLOSED, by=by, allowed_from=[S.CORRECTING], closed_on=correction_due + _DAY,
                      closure=Case.Closure.ABANDONED, reason=_(
                          "Not corrected by %(due)s: treated as abandoned (行政复议法 第31条第2款).") % {
                          "due": correction_due.isoformat()}, **values)


# The examination: accepted, refused, or deemed accepted ----------------------------------------------------------


def _within_examination(case: Case, on: dt.date, field: str, after: str) -> None:
    if case.acceptance_due and on > case.acceptance_due:
        raise ValidationError({field: _(
            "The examination ended on %(due)s, and the application was deemed accepted that day (行政复议法 第30条"
            "第3款): %(after)s") % {"due": case.acceptance_due.isoformat(), "after": after}}, code="late")


def accept(case: Case, *, by, accepted_on: dt.date | None, procedure: str = Case.Procedure.ORDINARY,
           simplified_ground: str = "", delay_reason: str = "") -> Case:
    """Accept the application within the examination period (第30条), under the ordinary or, on a ground of 第53条,
    the simplified procedure; the copy, the answer and the decision fall due. A late application is accepted only
    with the proper reason for its delay (第20条第2款)."""
    _require_writer(case.agency, by)
    _require_status(case, [S.RECEIVED], "accept")
    _check("accept", accepted_on, case, "accepted_on")
    _within_examination(case, accepted_on, "accepted_on", _("record the deemed acceptance."))
    _choice(procedure, Case.Procedure, "procedure", _("Choose the procedure."))
    reason = _text(delay_reason)
    if case.late_application and not reason:
        raise ValidationError({"delay_reason": _(
            "The application came on %(received)s, after the last day to apply, %(due)s (行政复议法 第20条): give "
            "the proper reason for the delay (第20条第2款), or refuse it (第30条第1款第4项).") % {
            "received": case.received_on.isoformat(), "due": case.application_due.isoformat()}}, code="late")
    ground = ""
    if procedure == Case.Procedure.SIMPLIFIED:
        ground = _simplified_ground(case, simplified_ground)
    values = _with_clocks(case, accepted_on=accepted_on, procedure=procedure, simplified_ground=ground,
                          delay_reason=reason)
    return transition(case, S.ACCEPTED, by=by, allowed_from=[S.RECEIVED], **values)


def _simplified_ground(case: Case, ground: str) -> str:
    """第53条: the simplified procedure needs one of its grounds, which the case's facts must fit."""
    G = Case.SimplifiedGround
    _required(simplified_ground=(ground, _(
        "Give the ground for the simplified procedure (行政复议法 第53条): an act on the spot, a warning or public "
        "criticism, 3,000 yuan or less, an information disclosure case, or the parties' agreement.")))
    _choice(ground, G, "simplified_ground", _("Give the ground for the simplified procedure (行政复议法 第53条)."))
    if ground == G.SMALL_AMOUNT and (case.amount is None or case.amount > SIMPLIFIED_AMOUNT):
        raise ValidationError({"simplified_ground": _(
            "The amount involved is %(amount)s: the simplified procedure is for 3,000 yuan or less (行政复议法 第53条"
            "第1款第3项).") % {"amount": case.amount if case.amount is not None else "—"}}, code="simplified")
    if ground == G.DISCLOSURE and case.act_category != Case.ActCategory.DISCLOSURE:
        raise ValidationError({"simplified_ground": _(
            "The act contested is not one of government information disclosure (行政复议法 第53条第1款第4项).")},
            code="simplified")
    if ground == G.WARNING and case.act_category != Case.ActCategory.PENALTY:
        raise ValidationError({"simplified_ground": _(
            "A warning or public criticism is an administrative penalty: the act contested is not one (行政复议法 "
            "第53条第1款第2项).")}, code="simplified")
    return ground


def refuse(case: Case, *, by, refused_on: dt.date | None, refusal_ground: str, refusal_reason: str,
           competent_body: str = "") -> Case:
    """Decide not to accept the application (不予受理), within the examination period, with the condition of
    第30条第1款 it does not meet and the reasons; a case of another body's names that body (第30条第2款)."""
    _require_writer(case.agency, by)
    _require_status(case, [S.RECEIVED], "refuse")
    _check("refuse", refused_on, case, "refused_on")
    _within_examination(case, refused_on, "refused_on", _(
        "an application found inadmissible after acceptance is dismissed (驳回申请, 第33条)."))
    _choice(refusal_ground, Case.RefusalGround, "refusal_ground", _(
        "Choose the condition of acceptance the application does not meet (行政复议法 第30条第1款)."))
    _required(refusal_reason=(_text(refusal_reason), _("A refusal gives its reasons (行政复议法 第30条第2款).")))
    body = _text(competent_body)
    if refusal_ground == Case.RefusalGround.JURISDICTION and not body:
        raise ValidationError({"competent_body": _(
            "Name the body competent to hear the case (行政复议法 第30条第2款).")}, code="required")
    values = _with_clocks(case, refused_on=refused_on, refusal_ground=refusal_ground,
                          refusal_reason=_text(refusal_reason), competent_body=body, closed_on=refused_on,
                          closure=Case.Closure.REFUSED)
    return transition(case, S.CLOSED, by=by, allowed_from=[S.RECEIVED], reason=_text(refusal_reason), **values)


def deem_accepted(case: Case, *, by) -> Case:
    """Record that the examination period ended in silence: the application is accepted as of its last day
    (第30条第3款), under the ordinary procedure. The daily job (``expire``) does it for every such case."""
    _require_writer(case.agency, by)
    _require_status(case, [S.RECEIVED], "accept")
    today = timezone.localdate()
    if case.acceptance_due is None or today <= case.acceptance_due:
        raise IllegalTransition(_(
            "The examination runs until %(due)s: an application is deemed accepted only once that period has ended "
            "without a decision (行政复议法 第30条第3款).") % {"due": _iso(case.acceptance_due)}, code="too_early")
    return _deem(case, by=by)


def _deem(case: Case, *, by) -> Case:
    values = _with_clocks(case, accepted_on=case.acceptance_due, deemed_accepted=True,
                          procedure=Case.Procedure.ORDINARY, simplified_ground="")
    return transition(case, S.ACCEPTED, by=by, allowed_from=[S.RECEIVED], reason=_(
        "The examination ended on %(due)s without a decision: deemed accepted (行政复议法 第30条第3款).") % {
        "due": case.acceptance_due.isoformat()}, **values)


# The review -----------------------------------------------------------------------------------------------------


def switch_to_ordinary(case: Case, *, by, switched_on: dt.date | None, switch_reason: str,
                       switch_approver: str) -> Case:
    """Move a simplified case to the ordinary procedure, approved by the head of the organ (第55条); its periods
    become the ordinary ones (第48、62条)."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "switch")
    if not case.is_simplified:
        raise IllegalTransition(_("Only a case under the simplified procedure is switched to the ordinary one "
                                  "(行政复议法 第55条)."), code="not_simplified")
    _required(switch_reason=(_text(switch_reason), _("Say why the simplified procedure does not fit the case "
                                                     "(行政复议法 第55条).")),
              switch_approver=(_text(switch_approver), _("Name the head of the organ who approved the switch "
                                                         "(行政复议法 第55条).")))
    _check("switch", switched_on, case, "switched_on")
    return change_record(case, by=by, **_with_clocks(
        case, procedure=Case.Procedure.ORDINARY, switched_on=switched_on, switch_reason=_text(switch_reason),
        switch_approver=_text(switch_approver)))


def send_copy(case: Case, *, by, copy_sent_on: dt.date | None, copy_received_on: dt.date | None = None) -> Case:
    """Send the copy of the application to the respondent (第48条: 7 working days from acceptance; 第54条: 3); its
    answer is due 10 (5) working days after it receives the copy."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "copy")
    if case.copy_sent_on:
        raise IllegalTransition(_("The copy was already sent on %(date)s.") % {"date": case.copy_sent_on.isoformat()},
                                code="once")
    _check("copy", copy_sent_on, case, "copy_sent_on")
    if copy_received_on is not None:
        _check("copy_received", copy_received_on, case, "copy_received_on", copy=copy_sent_on)
    return change_record(case, by=by, **_with_clocks(case, copy_sent_on=copy_sent_on,
                                                        copy_received_on=copy_received_on))


def record_answer(case: Case, *, by, answer_received_on: dt.date | None) -> Case:
    """Record the respondent's written answer with its evidence and bases (第48条)."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "answer")
    if case.copy_sent_on is None:
        raise IllegalTransition(_("Send the copy of the application to the respondent first (行政复议法 第48条)."),
                                code="order")
    if case.answer_received_on:
        raise IllegalTransition(_("The answer was already recorded on %(date)s.") % {
            "date": case.answer_received_on.isoformat()}, code="once")
    _check("answer", answer_received_on, case, "answer_received_on")
    return change_record(case, by=by, **_with_clocks(case, answer_received_on=answer_received_on))


def mark_major(case: Case, *, by, hearing_required: bool = False, hearing_required_reason: str = "",
               committee_required: bool = False, committee_required_reason: str = "") -> Case:
    """Say whether the case must be heard (a major, difficult or complex case: 第50条) and put to the
    reconsideration committee (第52条), with the reasons; the decision waits for them."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "hearing")
    hearing_reason, committee_reason = _text(hearing_required_reason), _text(committee_required_reason)
    reasons = {}
    if hearing_required:
        reasons["hearing_required_reason"] = (hearing_reason, _(
            "Say why the case is major, difficult or complex (行政复议法 第50条)."))
    if committee_required:
        reasons["committee_required_reason"] = (committee_reason, _(
            "Say why the committee is consulted (行政复议法 第52条)."))
    _required(**reasons)
    if case.is_simplified and (hearing_required or committee_required):
        raise IllegalTransition(_(
            "A major, difficult or complex case does not take the simplified procedure (行政复议法 第53条): switch it "
            "to the ordinary procedure first (第55条)."), code="simplified")
    return change_record(case, by=by, hearing_required=bool(hearing_required),
                         hearing_required_reason=hearing_reason if hearing_required else "",
                         committee_required=bool(committee_required),
                         committee_required_reason=committee_reason if committee_required else "")


def earliest_hearing(case: Case, notified_on: dt.date) -> dt.date:
    """第51条第1款: the parties are told 5 working days before the hearing; the first day it may be held."""
    return due("reconsideration.hearing_notice", notified_on, case.agency).due


def record_hearing(case: Case, *, by, hearing_notified_on: dt.date | None, hearing_held_on: dt.date | None,
                   hearing_record: str) -> Case:
    """Record the hearing (第50条), announced in writing 5 working days before it (第51条第1款), with its record."""
    _require_writer(case.agency, by)
    _require_status(case, [S.ACCEPTED], "hearing")
    if case.hearing_held_on:
        raise IllegalTransition(_("The hearing was already recorded on %(date)s.") % {
            "date": case.hearing_held_on.isoformat()}, code="once")
    _required(hearing_record=(_text(hearing_record), _("Give the hearing record (行政复议法 第50条).")))
    _check("hearing_notice", hearing_notified_on, case, "hearing_notified_on")
    _check("hearing", hearing_held_on, case, "hearing_held_on", hearing_notice=hearing_notified_on)
    earliest = earliest_hearing(case, hearing_notified_on)
    if hearing_held_on < earliest:
        raise ValidationError({"hearing_held_on": _(
            "The parties are told of a hearing 5 working days before it (行政复议法 第51条第1款): notified on "
            "%(sent)s, it may be held from %(earliest)s.") % {"sent": hearing_notified_on.isoformat(),
                                                           "earliest": earliest.isoformat()}}, code="too_early")
    return change_record(case, by=by, hearing_notified_on=hearing_notified_on, hearing_held_on=hearing_held_on,
                         hearing_record=_text(hearing_record))


def consult_committee(case: Case, *, by, committee_consulted_on: dt.date | None, committee_opinion: str) -> Case:
    """Record the advisory opinion of the reconsideration committee (第52条)."""
    _require_writer(case.agency, by)
    _require_status(case, [S.ACCEPTED], "committee")
    _required(committee_opinion=(_text(committee_opinion), _(
        "Give the committee's advisory opinion (行政复议法 第52条).")))
    _check("committee", committee_consulted_on, case, "committee_consulted_on")
    return change_record(case, by=by, committee_consulted_on=committee_consulted_on,
                         committee_opinion=_text(committee_opinion))


def suspend(case: Case, *, by, suspended_on: dt.date | None, suspension_ground: str, suspension_reason: str) -> Case:
    """Suspend the review on a ground of 第39条第1款, the parties told in writing; the decision period stops until
    it resumes."""
    _require_writer(case.agency, by)
    _require_status(case, [S.ACCEPTED], "suspend")
    _choice(suspension_ground, Case.SuspensionGround, "suspension_ground",
            _("Choose the ground of suspension (行政复议法 第39条第1款)."))
    _required(suspension_reason=(_text(suspension_reason), _(
        "Give the facts of the ground; the parties are told in writing (行政复议法 第39条).")))
    _check("suspend", suspended_on, case, "suspended_on")
    last = case.suspensions[-1] if case.suspensions else None
    if last and last[1] and suspended_on < dt.date.fromisoformat(last[1]):
        raise ValidationError({"suspended_on": _(
            "The review last resumed on %(date)s: a new suspension comes after it.") % {"date": last[1]}},
            code="date_order")
    suspensions = [*case.suspensions, [suspended_on.isoformat(), None, suspension_ground, _text(suspension_reason)]]
    values = _with_clocks(case, suspensions=suspensions)
    return transition(case, S.SUSPENDED, by=by, allowed_from=[S.ACCEPTED], reason=_text(suspension_reason), **values)


def resume(case: Case, *, by, resumed_on: dt.date | None) -> Case:
    """Resume the suspended review once its ground ends (第39条); the decision period runs on from that day."""
    _require_writer(case.agency, by)
    _require_status(case, [S.SUSPENDED], "resume")
    _check("resume", resumed_on, case, "resumed_on")
    suspensions = [list(item) for item in case.suspensions]
    if suspensions and suspensions[-1][1] is None:
        suspensions[-1][1] = resumed_on.isoformat()
    values = _with_clocks(case, suspensions=suspensions)
    return transition(case, S.ACCEPTED, by=by, allowed_from=[S.SUSPENDED], **values)


def extend(case: Case, *, by, extended_on: dt.date | None, extension_days: int | None, extension_reason: str,
           extension_approver: str) -> Case:
    """Extend the ordinary decision period of a complex case, once and by at most 30 days, approved by the head of
    the organ before it ends (第62条第1款); the simplified period is not extended."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "extend")
    if case.is_simplified:
        raise IllegalTransition(_(
            "The 30 days of the simplified procedure are not extended (行政复议法 第62条第2款): switch the case to "
            "the ordinary procedure first (第55条)."), code="simplified")
    if case.extension_days:
        raise IllegalTransition(_(
            "The period was already extended on %(date)s by %(days)s days (行政复议法 第62条第1款: at most 30 "
            "days).") % {"date": _iso(case.extended_on), "days": case.extension_days}, code="once")
    try:
        days = int(extension_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError({"extension_days": _(
            "An extension is at most 30 days (行政复议法 第62条第1款).")}, code="max_extension")
    _required(extension_reason=(_text(extension_reason), _(
        "Say why the case is too complex to decide within the period (行政复议法 第62条第1款).")),
              extension_approver=(_text(extension_approver), _(
                  "Name the head of the organ who approved the extension (行政复议法 第62条第1款).")))
    _check("extend", extended_on, case, "extended_on")
    if case.decision_due and extended_on > case.decision_due:
        raise ValidationError({"extended_on": _(
            "An extension is approved before the period ends; it ended on %(due)s (行政复议法 第62条第1款).") % {
            "due": case.decision_due.isoformat()}}, code="late")
    return change_record(case, by=by, **_with_clocks(
        case, extended_on=extended_on, extension_days=days, extension_reason=_text(extension_reason),
        extension_approver=_text(extension_approver)))


def record_document_review(case: Case, *, by, reviewed_document: str, document_forwarded_on: dt.date | None = None,
                           document_forwarded_to: str = "") -> Case:
    """Record the applicant's request for incidental review of a normative document (第13条) and, when this body
    has no power over it, its forwarding to the body that has (第56条)."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "document_forward")
    _required(reviewed_document=(_text(reviewed_document), _(
        "Name the normative document to review (行政复议法 第13条).")))
    forwarded_to = _text(document_forwarded_to)
    if document_forwarded_on is not None or forwarded_to:
        _required(document_forwarded_to=(forwarded_to, _(
            "Name the body the review was forwarded to (行政复议法 第56条).")),
                  document_forwarded_on=(document_forwarded_on, _("Give the day the review was forwarded.")))
        _check("document_forward", document_forwarded_on, case, "document_forwarded_on")
    return change_record(case, by=by, reviewed_document=_text(reviewed_document),
                         document_forwarded_on=document_forwarded_on, document_forwarded_to=forwarded_to)


# The decision ---------------------------------------------------------------------------------------------------


def _merits_gates(case: Case, outcome: str, decided_on: dt.date) -> None:
    """Refuse a decision on the merits the review is not ready for: the copy and the answer (第48、70条), the
    hearing (第50条), the committee (第52条), and an outcome the kind of act does not fit (第66、69、71条)."""
    if case.copy_sent_on is None:
        raise IllegalTransition(_(
            "Send the copy of the application to the respondent before deciding (行政复议法 第48条)."),
            code="copy_required")
    if case.answer_received_on is None and case.answer_due and decided_on <= case.answer_due:
        raise ValidationError({"decided_on": _(
            "The respondent may answer until %(due)s (行政复议法 第48条): decide on its answer or after that day.") % {
            "due": case.answer_due.isoformat()}}, code="answer_period")
    if outcome == OUT.UPHELD and case.answer_received_on is None:
        raise IllegalTransition(_(
            "The respondent gave no answer: its act is taken to have no evidence or basis and cannot be upheld "
            "(行政复议法 第70条)."), code="no_answer")
    if case.hearing_required and case.hearing_held_on is None:
        raise IllegalTransition(_(
            "This case is heard before it is decided (行政复议法 第50条): record the hearing first."),
            code="hearing_required")
    if case.committee_required and case.committee_consulted_on is None:
        raise IllegalTransition(_(
            "The reconsideration committee's advisory opinion comes before the decision (行政复议法 第52条)."),
            code="committee_required")
    if outcome == OUT.PERFORMANCE and case.act_category not in Case.DUTY_CATEGORIES:
        raise ValidationError({"outcome": _(
            "An order to perform fits a duty not performed or an agreement (行政复议法 第66、71条), not “%(kind)s”.") % {
            "kind": Case.ActCategory(case.act_category).label}}, code="outcome")
    if outcome == OUT.REQUEST_REJECTED and (case.act_category not in Case.DUTY_CATEGORIES
                                            or case.act_category == Case.ActCategory.AGREEMENT):
        raise ValidationError({"outcome": _(
            "The request is rejected where the respondent had no such duty or had already performed it (行政复议法 "
            "第69条); an act that was made is upheld (第68条).")}, code="outcome")


def _long_suspension(case: Case, decided_on: dt.date) -> None:
    """第41条第5项: a suspension on the grounds of 第39条第1款第1、2、4项 for 60 days, its cause remaining."""
    last = case.suspensions[-1] if case.suspensions else None
    if last is None or last[1] is not None or last[2] not in _LONG_SUSPENSION_GROUNDS:
        raise ValidationError({"termination_ground": _(
            "The review is not suspended on the death or incapacity of the applicant or the end of the applicant "
            "organisation (行政复议法 第41条第5项, 第39条第1款第1、2、4项).")}, code="termination")
    since = dt.date.fromisoformat(last[0])
    if (decided_on - since).days < LONG_SUSPENSION_DAYS:
        raise ValidationError({"termination_ground": _(
            "The review has been suspended only since %(since)s: the case ends after 60 days of suspension (行政复议法 "
            "第41条第5项).") % {"since": since.isoformat()}}, code="termination")


@transaction.atomic
def decide(case: Case, *, by, decided_on: dt.date | None, outcome: str, decision_number: str, reasoning: str = "",
           termination_ground: str = "") -> Case:
    """Conclude the case: a decision on the merits (第63–69条), a dismissal of the application (第33条), a mediation
    document (第73条), the withdrawal after a settlement (第74条) or a termination (第41条). A decision after its
    deadline is recorded as late; a suspended review is concluded only by the parties' agreement or a termination."""
    _require_writer(case.agency, by)
    _require_status(case, Case.REVIEW_STATUSES, "decision")
    _choice(outcome, OUT, "outcome", _("Choose the outcome of the case."))
    if case.status == S.SUSPENDED and outcome not in Case.AGREED_OUTCOMES:
        raise IllegalTransition(_(
            "The review is suspended: resume it before deciding (行政复议法 第39条); while it is suspended only a "
            "mediation, a settlement or a termination concludes it."), code="suspended")
    number = _text(decision_number)
    text = _text(reasoning)
    _required(decision_number=(number, _("Give the number of the decision or document.")))
    if outcome not in Case.CLOSING_OUTCOMES:
        message = (_("State what the parties agreed (行政复议法 第73条).") if outcome == OUT.MEDIATED
                   else _("State the facts and reasons of the decision."))
        _required(reasoning=(text, message))
    ground = ""
    if outcome == OUT.TERMINATED:
        ground = _choice(termination_ground, Case.TerminationGround, "termination_ground",
                         _("Choose the ground of termination (行政复议法 第41条)."))
    _check("decision", decided_on, case, "decided_on")
    if outcome in Case.MERITS_OUTCOMES and case.status == S.ACCEPTED:
        _merits_gates(case, outcome, decided_on)
    if ground == Case.TerminationGround.LONG_SUSPENSION:
        _long_suspension(case, decided_on)
    if Case.objects.filter(agency_id=case.agency_id, decision_number=number).exclude(pk=case.pk).exists():
        raise ValidationError({"decision_number": _("Decision number %(number)s is already used.") % {
            "number": number}}, code="unique")
    values = {"decided_on": decided_on, "outcome": outcome, "decision_number": number, "reasoning": text,
              "termination_ground": ground}
    if case.open_suspension is not None:  # the review ends with the agreement or the termination
        values["suspensions"] = [*case.suspensions[:-1], [*case.suspensions[-1][:1], decided_on.isoformat(),
                                                          *case.suspensions[-1][2:]]]
    target = S.DECIDED
    if outcome in Case.CLOSING_OUTCOMES:
        target = S.CLOSED
        values |= {"closed_on": decided_on,
                   "closure": Case.Closure.SETTLED if outcome == OUT.SETTLED else Case.Closure.TERMINATED}
    return transition(case, target, by=by, allowed_from=Case.REVIEW_STATUSES, **_with_clocks(case, **values))


def publish_decision(case: Case, *, by, published_on: dt.date | None) -> Case:
    """Publish the decision as the act contested was published (第79条); a mediation document is not."""
    _require_writer(case.agency, by)
    if not case.publishable:
        raise IllegalTransition(_(
            "Only a reconsideration decision is published (行政复议法 第79条), not a mediation document or a case "
            "closed without one."), code="not_publishable")
    if case.published_on:
        raise IllegalTransition(_("The decision was already published on %(date)s.") % {
            "date": case.published_on.isoformat()}, code="once")
    _check("publication", published_on, case, "published_on")
    return change_record(case, by=by, published_on=published_on)


# The recommendation letter (行政复议意见书) --------------------------------------------------------------------------


def send_recommendation(case: Case, *, by, recommendation_sent_on: dt.date | None, recommendation_addressee: str,
                        recommendation: str, recommendation_received_on: dt.date | None = None) -> Case:
    """Send a recommendation letter to the respondent or another lower agency about an unlawful or improper act found
    while handling the case (第76条); the addressee reports its correction within 60 days of receiving it."""
    _require_writer(case.agency, by)
    _require_status(case, [S.ACCEPTED, S.SUSPENDED, S.DECIDED], "recommendation")
    if case.recommendation_sent_on:
        raise IllegalTransition(_("A recommendation letter was already sent on %(date)s.") % {
            "date": case.recommendation_sent_on.isoformat()}, code="once")
    _required(recommendation_addressee=(_text(recommendation_addressee), _("Name the agency the letter is sent to.")),
              recommendation=(_text(recommendation), _(
                  "Say which act is unlawful or improper and what is to be corrected (行政复议法 第76条).")))
    _check("recommendation", recommendation_sent_on, case, "recommendation_sent_on")
    if recommendation_received_on is not None:
        _check("recommendation_received", recommendation_received_on, case, "recommendation_received_on",
               recommendation=recommendation_sent_on)
    return change_record(case, by=by, **_with_clocks(
        case, recommendation_sent_on=recommendation_sent_on, recommendation_received_on=recommendation_received_on,
        recommendation_addressee=_text(recommendation_addressee), recommendation=_text(recommendation)))


def record_recommendation_reply(case: Case, *, by, recommendation_replied_on: dt.date | None,
                                recommendation_reply: str) -> Case:
    """Record the addressee's report of its correction (第76条)."""
    _require_writer(case.agency, by)
    if case.recommendation_sent_on is None or case.recommendation_replied_on:
        raise IllegalTransition(_("Record a reply once a recommendation letter is sent, and only once."),
                                code="order")
    _required(recommendation_reply=(_text(recommendation_reply), _("Say what the addressee reported it corrected.")))
    _check("recommendation_reply", recommendation_replied_on, case, "recommendation_replied_on")
    return change_record(case, by=by, recommendation_replied_on=recommendation_replied_on,
                         recommendation_reply=_text(recommendation_reply))


# The daily job --------------------------------------------------------------------------------------------------


def expire(today: dt.date, *, dry_run: bool = False) -> int:
    """Deem accepted the applications whose examination ended before ``today`` in silence (第30条第3款), and close
    those not corrected within 10 working days of the applicant's receipt of the notice (第31条第2款; where that
    receipt is not recorded the staff close the case themselves, ``treat_as_withdrawn``); return how many (would be)
    changed. One query finds both; each case is then changed under a row lock, one another pass holds is skipped, and
    a second run the same day changes nothing."""
    due = (Case.objects.filter(withdrawn_at__isnull=True)
           .filter(Q(status=S.RECEIVED, acceptance_due__lt=today)
                   | Q(status=S.CORRECTING, correction_received_on__isnull=False, correction_due__lt=today))
           .order_by("pk").values_list("pk", "status"))
    if dry_run:
        return due.count()
    changed = 0
    for pk, status in list(due):
        with transaction.atomic():
            row = (Case.objects.select_for_update(skip_locked=True).select_related("agency__region")
                   .filter(pk=pk, status=status).first())
            if row is None:
                continue  # another pass has it, or it moved on
            (_deem if status == S.RECEIVED else _abandon)(row, by=None)
            changed += 1
    return changed
