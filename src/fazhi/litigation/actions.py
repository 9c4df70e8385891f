"""What people do with the agency's lawsuits: every step is one of these audited actions, refused when the law
forbids it.

The agency's clerks and the rule-of-law office of its region (which coordinates the government's defence) keep its
cases (``scope_for(by).can_write_agency``); leaders and supervisors read them. Each action checks the status, the
dates against each other and today (``PROCEDURE``), the conditions the law sets (the defence period of 第67条 and
the late evidence of 第34、36条, the head's appearance and its excuses under the 2020年规定 第2、7、8、9条, the finality
of 第7条 and the appeal periods of 第85条), and keeps the clocks on the row: the defence (第67条, or 民事诉讼法 第174条
for the answer to an appeal), the appeal (第85条) and the reply to each suggestion (the letter's date, or the
province's period).

Each function takes the record (or, to register a case, its ``agency``), ``by`` the person acting, and keyword
arguments named as the fields of its form in ``forms.py``: ``action(case, by=user, **form.cleaned_data)``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.core.ledger import IllegalTransition, create_record, transition
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_live as _require_live
from fazhi.ledgers.checks import require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due
from fazhi.litigation.models import Case, Hearing, Suggestion
from fazhi.litigation.procedure import PROCEDURE, dates_of

__all__ = [
    "close_case", "file_defence", "receive_suggestion", "record_appeal", "record_hearing", "record_judgment",
    "register_case", "reply_suggestion",
]

S = Case.Status
OUT = Case.Outcome
LAW = "行政诉讼法"
RULES_2020 = "2020年规定"


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency_id: int, by) -> None:
    require_writer(agency_id, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep "
                                    "its litigation cases."))


def _check(step: str, on: dt.date | None, case: Case, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(case), **extra}, field=field)


def _refresh_deadline(case: Case) -> dt.date | None:
    """Store the case's next deadline after a change to its suggestions; return the one it had."""
    before = case.next_deadline
    case.next_deadline = case.compute_next_deadline()
    Case.objects.filter(pk=case.pk).update(next_deadline=case.next_deadline)
    return before


# The stored deadlines, computed from the record (``procedure.CLOCKS`` computes them again when a holiday notice
# changes their days).


def defence_due_of(case: Case) -> dt.date | None:
    """Return the last day of the defence: 15 days from the complaint's copy (行政诉讼法 第67条), or, in a second
    instance the agency did not bring, from the appeal's copy (民事诉讼法 第174条 through 第101条); a retrial under
    the second-instance procedure and an appeal the agency brought have none."""
    if case.served_on is None:
        return None
    if case.instance == Case.Instance.FIRST or (case.instance == Case.Instance.RETRIAL
                                                 and case.retrial_at_first_instance):
        rule = "litigation.defence"
    elif case.instance == Case.Instance.SECOND and not case.agency_appealed:
        rule = "litigation.appeal_reply"
    else:
        return None
    return due(rule, case.served_on, case.agency).due


def appeal_due_of(case: Case) -> dt.date | None:
    """Return the last day to appeal (第85条): 15 days from the judgment's service, 10 from an appealable ruling's,
    counted from the day given when the service is not recorded (never later than the true last day)."""
    if not case.appealable or case.concluded_on is None:
        return None
    if case.outcome in Case.JUDGMENTS:
        rule = "litigation.appeal_judgment"
    elif case.outcome in Case.APPEALABLE_RULINGS:
        rule = "litigation.appeal_ruling"
    else:
        return None
    return due(rule, case.judgment_served_on or case.concluded_on, case.agency).due


def reply_due_of(suggestion: Suggestion) -> dt.date | None:
    """Return the last day to answer a suggestion: the day its letter sets, else the province's period from its
    receipt (no national period: UNCONFIRMED)."""
    if suggestion.reply_due_stated:
        return suggestion.reply_due
    rule = ("litigation.judicial_suggestion_reply" if suggestion.kind == Suggestion.Kind.COURT
            else "litigation.procuratorial_suggestion_reply")
    return due(rule, suggestion.received_on, suggestion.case.agency).due


# Registering the suit and the defence -------------------------------------------------------------------------


@transaction.atomic
def register_case(*, agency, by, number: str, court: str, court_level: str, instance: str, cause: str,
                  act_category: str, plaintiff_name: str, plaintiff_kind: str, served_on: dt.date | None,
                  act: str = "", earlier_number: str = "", reconsideration_ref: str = "",
                  retrial_at_first_instance: bool = False, agency_appealed: bool = False) -> Case:
    """Register a suit against ``agency`` on the day its papers arrived; the defence falls due 15 days later
    (行政诉讼法 第67条)."""
    _require_writer(agency.pk, by)
    _required(number=(_text(number), _("Give the court's case number.")),
              court=(_text(court), _("Name the court.")),
              cause=(_text(cause), _("Give the cause of action (案由).")),
              plaintiff_name=(_text(plaintiff_name), _("Name the plaintiff.")))
    _choice(court_level, Case.CourtLevel, "court_level", _("Choose the level of the court."))
    _choice(instance, Case.Instance, "instance", _("Choose the instance."))
    _choice(act_category, Case.ActCategory, "act_category", _("Choose the kind of act sued."))
    _choice(plaintiff_kind, Case.PlaintiffKind, "plaintiff_kind", _("Choose the kind of plaintiff."))
    if instance != Case.Instance.FIRST and not _text(earlier_number):
        raise ValidationError({"earlier_number": _(
            "A second instance or a retrial continues an earlier case: give its number.")}, code="required")
    case = Case(agency=agency, number=_text(number), court=_text(court), court_level=court_level, instance=instance,
                retrial_at_first_instance=bool(retrial_at_first_instance) and instance == Case.Instance.RETRIAL,
                agency_appealed=bool(agency_appealed) and instance == Case.Instance.SECOND,
                earlier_number=_text(earlier_number), cause=_text(cause), act_category=act_category, act=_text(act),
                plaintiff_name=_text(plaintiff_name), plaintiff_kind=plaintiff_kind,
                reconsideration_ref=_text(reconsideration_ref), served_on=served_on)
    _check("served", served_on, case, "served_on")
    if Case.objects.filter(agency=agency, court=case.court, number=case.number).exists():
        raise ValidationError({"number": _("Case %(number)s of %(court)s is already registered.") % {
            "number": case.number, "court": case.court}}, code="unique")
    case.defence_due = defence_due_of(case)
    return create_record(case, by=by)


def file_defence(case: Case, *, by, defence_filed_on: dt.date | None, evidence: str,
                 defence_late_reason: str = "") -> Case:
    """Record the defence, with the evidence and the normative documents the act relied on (第34、67条); one filed
    after its 15 days needs the reason and the court's permission (第34条第2款、第36条第1款)."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    if case.status != S.SERVED:
        raise IllegalTransition(_("The defence is filed once, while the case awaits it."), code="status")
    _required(evidence=(_text(evidence), _(
        "List the evidence and the normative documents submitted (行政诉讼法 第34条、第67条).")))
    _check("defence", defence_filed_on, case, "defence_filed_on")
    reason = _text(defence_late_reason)
    if case.defence_due and defence_filed_on > case.defence_due and not reason:
        raise ValidationError({"defence_late_reason": _(
            "The defence was due on %(due)s (行政诉讼法 第67条): evidence given late without a proper reason counts "
            "as none (第34条第2款). Give the reason and the court's permission to submit it later (第36条第1款).") % {
            "due": case.defence_due.isoformat()}}, code="late")
    return transition(case, S.DEFENDING, by=by, allowed_from=[S.SERVED], defence_filed_on=defence_filed_on,
                      evidence=_text(evidence), defence_late_reason=reason)


# The hearing ------------------------------------------------------------------------------------------------------


@transaction.atomic
def record_hearing(case: Case, *, by, held_on: dt.date | None, head_appeared: bool = False, head_name: str = "",
                   head_post: str = "", head_role: str = "", staff_appeared: str = "", head_notified: bool = False,
                   absence_reason: str = "", absence_proof: str = "", note: str = "") -> Hearing:
    """Record a hearing and who appeared for the agency (行政诉讼法 第3条第3款). A head who appeared is named with
    the post (2020年规定 第2、6条); a head who did not gives a reason of 第8条 with its proof (第9条), unless a head
    already appeared at an earlier hearing of this instance and the court did not call one again (第7条)."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    if case.status not in Case.OPEN_STATUSES:
        raise IllegalTransition(_("Hearings are recorded until the judgment or ruling is given."), code="status")
    _check("hearing", held_on, case, "held_on")
    head_appeared, head_notified = bool(head_appeared), bool(head_notified)
    values = {"head_name": "", "head_post": "", "head_role": "", "absence_reason": "", "absence_proof": ""}
    if head_appeared:
        _required(head_name=(_text(head_name), _("Name the head who appeared (2020年规定 第6条).")),
                  head_post=(_text(head_post), _("Give the post of the head who appeared (2020年规定 第6条).")),
                  head_role=(head_role, _(
                      "Say which kind of head appeared: principal, deputy or leader in charge (2020年规定 第2条).")))
        _choice(head_role, Hearing.HeadRole, "head_role", _(
            "Say which kind of head appeared: principal, deputy or leader in charge (2020年规定 第2条)."))
        values |= {"head_name": _text(head_name), "head_post": _text(head_post), "head_role": head_role}
    else:
        appeared_before = case.hearings.filter(head_appeared=True).exists()
        if head_notified or not appeared_before or absence_reason:
            _required(absence_reason=(absence_reason, _(
                "The head did not appear: give the reason (2020年规定 第8条: force majeure, accident, official duty "
                "nobody else can perform, or another proper reason).")),
                      absence_proof=(_text(absence_proof), _(
                          "Describe the proof given to the court, sealed by the agency or signed by its principal "
                          "head (2020年规定 第9条).")))
            _choice(absence_reason, Hearing.AbsenceReason, "absence_reason", _(
                "The head did not appear: give the reason (2020年规定 第8条: force majeure, accident, official duty "
                "nobody else can perform, or another proper reason)."))
            values |= {"absence_reason": absence_reason, "absence_proof": _text(absence_proof)}
    hearing = Hearing(case=case, held_on=held_on, head_notified=head_notified, head_appeared=head_appeared,
                      staff_appeared=_text(staff_appeared), note=_text(note), created_by=by, **values)
    hearing.full_clean()
    hearing.save()
    if case.status != S.HEARD:
        transition(case, S.HEARD, by=by, allowed_from=Case.OPEN_STATUSES)
    record_event(action="change", target=case, actor=by, changes={"hearing": [None, {
        "held_on": held_on, "head_appeared": head_appeared, "head": hearing.head_name,
        "staff": hearing.staff_appeared, "absence_reason": hearing.absence_reason}]})
    return hearing


# The judgment, the appeal, the closing ---------------------------------------------------------------------------


def record_judgment(case: Case, *, by, concluded_on: dt.date | None, outcome: str,
                    judgment_served_on: dt.date | None = None, judgment_summary: str = "") -> Case:
    """Record the judgment or ruling that ends the instance (第69–78条, 第62条, 第60条); where an appeal lies, its
    period runs from the service (第85条)."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    if case.status not in Case.OPEN_STATUSES:
        raise IllegalTransition(_("The judgment or ruling of this instance is already recorded."), code="status")
    _choice(outcome, OUT, "outcome", _("Choose the outcome of the judgment or ruling."))
    _check("judgment", concluded_on, case, "concluded_on")
    if judgment_served_on is not None:
        _check("judgment_served", judgment_served_on, case, "judgment_served_on", judgment=concluded_on)
    case.outcome, case.concluded_on, case.judgment_served_on = outcome, concluded_on, judgment_served_on
    return transition(case, S.CONCLUDED, by=by, allowed_from=Case.OPEN_STATUSES, concluded_on=concluded_on,
                      outcome=outcome, judgment_served_on=judgment_served_on,
                      judgment_summary=_text(judgment_summary), appeal_due=appeal_due_of(case))


def _not_appealable(case: Case) -> str:
    if case.court_level == Case.CourtLevel.SUPREME:
        return _("A judgment of the Supreme People's Court takes effect at once: no appeal lies (民事诉讼法 第158条, "
                 "through 行政诉讼法 第101条).")
    if case.is_final_instance:
        return _("This instance's judgment is final (行政诉讼法 第7条: two instances; 民事诉讼法 第182、218条): apply "
                 "for a retrial instead (行政诉讼法 第90条).")
    if case.outcome == OUT.MEDIATED:
        return _("A mediation agreement takes effect once both parties sign for it: it is not appealed (行政诉讼法 "
                 "第60条; 民事诉讼法 第100条).")
    return _("A ruling allowing the plaintiff to withdraw is not appealed (行政诉讼法 第62条; 民事诉讼法 第157条, "
             "through 第101条).")


def record_appeal(case: Case, *, by, appealed_on: dt.date | None, appellant: str,
                  appeal_late_reason: str = "") -> Case:
    """Record an appeal against the judgment or ruling (第85条): the agency's own only within its period, unless the
    court extends it for a proper reason (民事诉讼法 第86条, through 第101条)."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    if case.status != S.CONCLUDED:
        raise IllegalTransition(_("An appeal follows the judgment or ruling, once."), code="status")
    _choice(appellant, Case.Appellant, "appellant", _("Say who appealed."))
    if not case.appealable:
        raise IllegalTransition(_not_appealable(case), code="not_appealable")
    _check("appeal", appealed_on, case, "appealed_on")
    reason = _text(appeal_late_reason)
    late = case.appeal_due is not None and appealed_on > case.appeal_due
    if late and appellant == Case.Appellant.AGENCY and not reason:
        raise ValidationError({"appeal_late_reason": _(
            "The appeal period ended on %(due)s (行政诉讼法 第85条): an appeal after it needs the court's leave to "
            "extend the period for a proper reason (民事诉讼法 第86条, through 行政诉讼法 第101条). Give the reason.") % {
            "due": case.appeal_due.isoformat()}}, code="late")
    return transition(case, S.APPEALED, by=by, allowed_from=[S.CONCLUDED], appealed_on=appealed_on,
                      appellant=appellant, appeal_late_reason=reason)


def close_case(case: Case, *, by, closed_on: dt.date | None, closing_note: str = "") -> Case:
    """Close the case once its judgment took effect (the appeal period ended unheeded, 第85条) or its appeal was
    decided."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    if case.status not in (S.CONCLUDED, S.APPEALED):
        raise IllegalTransition(_("A case is closed after its judgment or ruling."), code="status")
    _check("close", closed_on, case, "closed_on")
    if case.status == S.CONCLUDED and case.appeal_due is not None and closed_on <= case.appeal_due:
        raise ValidationError({"closed_on": _(
            "The judgment takes effect only when its appeal period ends on %(due)s without an appeal (行政诉讼法 "
            "第85条): close the case after that day, or record the appeal.") % {"due": case.appeal_due.isoformat()}},
            code="appeal_period")
    return transition(case, S.CLOSED, by=by, allowed_from=[S.CONCLUDED, S.APPEALED], closed_on=closed_on,
                      closing_note=_text(closing_note))


# Judicial and procuratorial suggestions ---------------------------------------------------------------------------


@transaction.atomic
def receive_suggestion(case: Case, *, by, kind: str, issuer: str, received_on: dt.date | None, content: str,
                       number: str = "", reply_by: dt.date | None = None) -> Suggestion:
    """Record a judicial suggestion (司法建议, 第96条第4项; 2020年规定 第12条) or a procuratorial one (检察建议, 第25条
    第4款) about the case; its reply falls due on the day the letter sets (``reply_by``), else after the province's
    period."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    _choice(kind, Suggestion.Kind, "kind", _("Say whether a court or a procuratorate made the suggestion."))
    _required(issuer=(_text(issuer), _("Name the court or procuratorate that made the suggestion.")),
              content=(_text(content), _("Summarise what the suggestion asks of the agency.")))
    _check("suggestion", received_on, case, "received_on")
    if reply_by is not None and reply_by < received_on:
        raise ValidationError({"reply_by": _("The reply date the letter sets (%(date)s) cannot come before its "
                                             "receipt (%(received)s).") % {
            "date": reply_by.isoformat(), "received": received_on.isoformat()}}, code="date_order")
    suggestion = Suggestion(case=case, kind=kind, issuer=_text(issuer), number=_text(number), received_on=received_on,
                            content=_text(content), reply_due=reply_by, reply_due_stated=reply_by is not None,
                            created_by=by)
    suggestion.reply_due = reply_due_of(suggestion)
    suggestion.full_clean()
    suggestion.save()
    before = _refresh_deadline(case)
    record_event(action="change", target=case, actor=by, changes={
        "suggestion": [None, {"kind": kind, "issuer": suggestion.issuer, "number": suggestion.number,
                              "received_on": received_on, "reply_due": suggestion.reply_due}],
        **({"next_deadline": [before, case.next_deadline]} if before != case.next_deadline else {})})
    return suggestion


@transaction.atomic
def reply_suggestion(case: Case, *, by, replied_on: dt.date | None, reply_summary: str,
                     suggestion_number: str = "") -> Suggestion:
    """Record the reply to one of the case's suggestions, named by its document number (or the only one awaiting a
    reply); a late reply is recorded as late."""
    _require_writer(case.agency_id, by)
    _require_live(case)
    waiting = list(case.suggestions.filter(replied_on__isnull=True).order_by("received_on", "pk"))
    number = _text(suggestion_number)
    chosen = [s for s in waiting if s.number == number] if number else waiting
    if len(chosen) != 1:
        if not waiting:
            raise IllegalTransition(_("No suggestion of this case awaits a reply."), code="status")
        numbers = "、".join(s.number or str(s) for s in waiting)
        raise ValidationError({"suggestion_number": _(
            "Give the document number of the suggestion answered; awaiting a reply: %(numbers)s.") % {
            "numbers": numbers}}, code="ambiguous")
    suggestion = chosen[0]
    _required(reply_summary=(_text(reply_summary), _("Summarise the reply: what the agency did about the "
                                                     "suggestion.")))
    _check("suggestion_reply", replied_on, case, "replied_on", suggestion=suggestion.received_on)
    suggestion.replied_on, suggestion.reply_summary = replied_on, _text(reply_summary)
    suggestion.full_clean()
    suggestion.save(update_fields=["replied_on", "reply_summary"])
    before = _refresh_deadline(case)
    record_event(action="change", target=case, actor=by, changes={
        "suggestion_reply": [None, {"number": suggestion.number, "replied_on": replied_on,
                                    "on_time": suggestion.replied_on_time}],
        **({"next_deadline": [before, case.next_deadline]} if before != case.next_deadline else {})})
    return suggestion
