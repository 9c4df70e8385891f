"""What people do with mediated disputes: every step is one of these audited actions, refused when 人民调解法 or the
province's practice forbids it.

The disputes of an owning agency (a township, a department, the 司法局 for the people's mediation committees) are kept
by its clerks and by the rule-of-law office of its region (``scope_for(by).can_write_agency``); leaders and
supervisors read them. Each action checks the writer, the status, the dates against each other and today
(``PROCEDURE``) and the conditions the law sets: a referral names who referred (第18条), an outcome follows the
recorded sessions (第27条), a written agreement says when it is performed (第29条), a failed mediation tells the
parties of the other channels (第26条), judicial confirmation is applied for within 30 days of the agreement taking
effect (第33条). The clocks are computed by ``fazhi.ledgers.clock.due`` from the dispute's own dates (``*_of`` below,
which ``procedure.CLOCKS`` names).

Every action is called as ``action(dispute, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the
receipt as ``receive_dispute(agency=agency, by=user, **form.cleaned_data)``.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit.actions import record_event
from fazhi.clock import add_months
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.checks import amount as _amount
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due
from fazhi.mediation.models import (
    LAW_IN_FORCE,
    Dispute,
    Session,
    confirmation_written_only,
    continuation_months,
)
from fazhi.mediation.procedure import LOCAL, PROCEDURE, dates_of

__all__ = [
    "extend_mediation", "receive_dispute", "record_agreement", "record_confirmation_application",
    "record_confirmation_ruling", "record_failure", "record_nonperformance", "record_performance",
    "record_return_visit", "record_session", "record_withdrawal",
]

S = Dispute.Status
OUT = Dispute.Outcome
SRC = Dispute.Source
#: The sources that name who referred the dispute.
REFERRALS = (SRC.COURT, SRC.POLICE, SRC.PETITION, SRC.AGENCY)


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep its "
                                 "mediated disputes."))


def _require_status(dispute: Dispute, allowed, step: str) -> None:
    require_status(dispute, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the dispute is %(allowed)s; it is “%(current)s”."))


def _check(step: str, on: dt.date | None, dispute: Dispute, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(dispute), **extra}, field=field)


def _has_sessions(dispute: Dispute) -> bool:
    return dispute.pk is not None and dispute.sessions.exists()


# The clocks: each computed from the dispute's own dates (``procedure.CLOCKS`` names them) ---------------------------


def period_end_of(dispute: Dispute) -> dt.date | None:
    """The end of the mediation period from acceptance: the province's length (one month by default, 司法部令第75号
    第33条; UNCONFIRMED local practice)."""
    if dispute.received_on is None:
        return None
    return due("mediation.period", dispute.received_on, dispute.agency).due


def mediation_due_of(dispute: Dispute) -> dt.date | None:
    """The day the mediation is to end by: the day both parties agreed to continue it to, else the end of its
    period."""
    return dispute.extended_until or period_end_of(dispute)


def confirmation_due_of(dispute: Dispute) -> dt.date | None:
    """人民调解法 第33条: the last day both parties may apply for judicial confirmation, 30 days from the agreement
    taking effect, a last day on a holiday moved to the next working day (民事诉讼法 第85条)."""
    if dispute.agreement_on is None:
        return None
    return due("mediation.judicial_confirmation", dispute.agreement_on, dispute.agency).due


_CLOCKS = {"mediation_due": mediation_due_of, "confirmation_due": confirmation_due_of}


def _with_clocks(dispute: Dispute, **values) -> dict:
    """``values`` and every clock of the dispute as it will be once they are set (the dispute is left alone)."""
    future = copy.copy(dispute)
    for name, value in values.items():
        setattr(future, name, value)
    return {**values, **{name: compute(future) for name, compute in _CLOCKS.items()}}


# The receipt and the sessions -------------------------------------------------------------------------------------


@transaction.atomic
def receive_dispute(*, agency, by, number: str, organisation: str, organisation_kind: str, parties: str,
                    party_count: int | None, dispute_type: str, summary: str, source: str,
                    received_on: dt.date | None, referred_by: str = "", screening: str = "", mediators: str = "",
                    amount=None) -> Dispute:
    """Register a dispute received for mediation by ``agency``'s mediation organisation: on a party's application or
    of the organisation's own accord (人民调解法 第17条), or sent by a court or the police (第18条) or another office;
    its mediation period starts."""
    _require_writer(agency, by)
    _required(number=(_text(number), _("Give the dispute's number.")),
              organisation=(_text(organisation), _("Name the organisation that mediates.")),
              organisation_kind=(organisation_kind, _("Choose the kind of mediation.")),
              parties=(_text(parties), _("Name the parties.")),
              dispute_type=(dispute_type, _("Choose the type of dispute.")),
              summary=(_text(summary), _(
                  "State the main facts and what is disputed (People's Mediation Law, Art. 29).")),
              source=(source, _("Say how the dispute came to mediation.")))
    _choice(organisation_kind, Dispute.OrganisationKind, "organisation_kind", _("Choose the kind of mediation."))
    _choice(dispute_type, Dispute.DisputeType, "dispute_type", _("Choose the type of dispute."))
    _choice(source, SRC, "source", _("Say how the dispute came to mediation."))
    try:
        count = int(party_count)
    except (TypeError, ValueError):
        count = 0
    if count < 2:
        raise ValidationError({"party_count": _("A dispute has two parties at least.")}, code="invalid")
    if source in REFERRALS and not _text(referred_by):
        message = (_("Name the court or police station that sent the dispute to mediation (People's Mediation Law, "
                     "Art. 18).")
                   if source in (SRC.COURT, SRC.POLICE) else _("Name the office that sent the dispute to mediation."))
        raise ValidationError({"referred_by": message}, code="required")
    if source == SRC.SCREENING and not _text(screening):
        raise ValidationError({"screening": _("Name the screening campaign (排查) that found the dispute.")},
                              code="required")
    if received_on is not None and received_on < LAW_IN_FORCE:
        raise ValidationError({"received_on": _(
            "This ledger keeps disputes mediated under the People's Mediation Law, in force from 2011-01-01 "
            "(Art. 35); a dispute received on %(date)s fell before it.") % {"date": received_on.isoformat()}},
            code="law_in_force")
    dispute = Dispute(agency=agency, number=_text(number), organisation=_text(organisation),
                      organisation_kind=organisation_kind, mediators=_text(mediators), parties=_text(parties),
                      party_count=count, dispute_type=dispute_type, summary=_text(summary), amount=_amount(amount),
                      source=source, referred_by=_text(referred_by), screening=_text(screening),
                      received_on=received_on)
    _check("receive", received_on, dispute, "received_on")
    if Dispute.objects.filter(agency=agency, number=dispute.number).exists():
        raise ValidationError({"number": _("Number %(number)s is already in the ledger.") % {
            "number": dispute.number}}, code="unique")
    for field, value in _with_clocks(dispute).items():
        setattr(dispute, field, value)
    return create_record(dispute, by=by)


@transaction.atomic
def record_session(dispute: Dispute, *, by, held_on: dt.date | None, session_note: str) -> Session:
    """Record a mediation session and what happened at it, as the mediators must (人民调解法 第27条); the dispute is
    then being mediated. Sessions are recorded until the mediation ends."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, Dispute.OPEN_STATUSES, "session")
    _required(session_note=(_text(session_note), _(
        "Say what happened at the session (People's Mediation Law, Art. 27: the mediators record the mediation).")))
    PROCEDURE.check_date("session", held_on, dates_of(dispute), field="held_on")
    session = Session(dispute=dispute, held_on=held_on, note=_text(session_note), created_by=by)
    session.full_clean()
    session.save()
    record_event(action="change", target=dispute, actor=by, changes={"session": [None, {
        "held_on": held_on, "note": session.note}]})
    if dispute.status == S.RECEIVED:
        transition(dispute, S.MEDIATING, by=by, allowed_from=[S.RECEIVED])
    return session


def extend_mediation(dispute: Dispute, *, by, extended_on: dt.date | None, extended_until: dt.date | None,
                     extension_reason: str) -> Dispute:
    """Continue a mediation beyond its period, once, both parties agreeing before it ends, at most
    ``FAZHI_MEDIATION_CONTINUATION_MONTHS`` past its end (a provincial rule's practice; UNCONFIRMED)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, Dispute.OPEN_STATUSES, "extend")
    months = continuation_months()
    if not months:
        raise IllegalTransition(_(
            "A mediation is not continued beyond its period here (setting FAZHI_MEDIATION_CONTINUATION_MONTHS is 0): "
            "end it, or record the agreement late."), code="no_continuation")
    if dispute.extended_until:
        raise IllegalTransition(_("The parties already agreed on %(date)s to continue the mediation until "
                                  "%(until)s.") % {"date": dispute.extended_on.isoformat() if dispute.extended_on
                                                   else "—", "until": dispute.extended_until.isoformat()},
                                code="once")
    _required(extended_until=(extended_until, _("Give the day the parties agreed to continue the mediation until.")),
              extension_reason=(_text(extension_reason), _(
                  "Say why the mediation continues; both parties must agree to it (%(source)s).") % {
                  "source": LOCAL}))
    _check("extend", extended_on, dispute, "extended_on")
    end = period_end_of(dispute)
    if extended_on > end:
        raise ValidationError({"extended_on": _(
            "The parties agree to continue the mediation before its period ends; it ended on %(due)s "
            "(%(source)s).") % {"due": end.isoformat(), "source": LOCAL}}, code="late")
    if extended_until <= end:
        raise ValidationError({"extended_until": _(
            "The period runs until %(due)s: continue the mediation to a later day.") % {"due": end.isoformat()}},
            code="not_later")
    limit = add_months(end, months)
    if extended_until > limit:
        raise ValidationError({"extended_until": ngettext(
            "A mediation is continued to %(limit)s at the latest, %(months)d month after its period ends (setting "
            "FAZHI_MEDIATION_CONTINUATION_MONTHS; local practice).",
            "A mediation is continued to %(limit)s at the latest, %(months)d months after its period ends (setting "
            "FAZHI_MEDIATION_CONTINUATION_MONTHS; local practice).", months) % {
            "limit": limit.isoformat(), "months": months}}, code="limit")
    return change_record(dispute, by=by, **_with_clocks(dispute, extended_on=extended_on, extended_until=extended_until,
                                                         extension_reason=_text(extension_reason)))


# The outcome ------------------------------------------------------------------------------------------------------


def record_agreement(dispute: Dispute, *, by, agreement_on: dt.date | None, agreement_form: str,
                     agreement_summary: str, performance_due: dt.date | None = None,
                     confirmation_intended: bool = False) -> Dispute:
    """Record the agreement the parties reached (调解成功), written or oral, on the day it took effect (人民调解法
    第29、30条), after the recorded sessions (第27条); a written one says when it is performed (第29条). Its 30 days
    for judicial confirmation start (第33条). One reached after the period is recorded as late."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, Dispute.OPEN_STATUSES, "agreement")
    _choice(agreement_form, Dispute.AgreementForm, "agreement_form", _(
        "Say whether the agreement is written (调解协议书) or oral (People's Mediation Law, Art. 28)."))
    written = agreement_form == Dispute.AgreementForm.WRITTEN
    summary_message = (
        _("State what the parties agreed and how and when it is performed (People's Mediation Law, Art. 29).")
        if written else
        _("Record what the parties agreed: the mediator records an oral agreement (People's Mediation Law, Art. 28)."))
    _required(agreement_summary=(_text(agreement_summary), summary_message))
    if written and performance_due is None:
        raise ValidationError({"performance_due": _(
            "A written agreement states when it is performed (People's Mediation Law, Art. 29): give the day.")},
            code="required")
    _check("agreement", agreement_on, dispute, "agreement_on")
    if performance_due is not None and performance_due < agreement_on:
        raise ValidationError({"performance_due": _(
            "The agreement is performed on or after the day it takes effect, %(date)s.") % {
            "date": agreement_on.isoformat()}}, code="date_order")
    if confirmation_intended and not written and confirmation_written_only():
        raise ValidationError({"confirmation_intended": _(
            "Judicial confirmation is sought for a written agreement (调解协议书) here (setting "
            "FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY): record the agreement as written, or leave confirmation "
            "aside.")}, code="written_only")
    if not _has_sessions(dispute):
        raise IllegalTransition(_(
            "Record the mediation session at which the parties agreed first (People's Mediation Law, Art. 27: the "
            "mediators record the mediation)."), code="session_first")
    values = _with_clocks(dispute, outcome=OUT.AGREEMENT, agreement_on=agreement_on, agreement_form=agreement_form,
                          agreement_summary=_text(agreement_summary), performance_due=performance_due,
                          confirmation_intended=bool(confirmation_intended))
    return transition(dispute, S.AGREED, by=by, allowed_from=Dispute.OPEN_STATUSES, **values)


def record_failure(dispute: Dispute, *, by, ended_on: dt.date | None, referred_to: str,
                   ending_reason: str) -> Dispute:
    """End a mediation that failed (调解不成), after the recorded sessions, having told the parties of the channel
    left to them: arbitration, an administrative body or the courts (人民调解法 第26条)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, Dispute.OPEN_STATUSES, "failure")
    _choice(referred_to, Dispute.Channel, "referred_to", _(
        "Say which channel the parties were told of: a lawsuit, arbitration, an administrative body or another "
        "(People's Mediation Law, Art. 26)."))
    _required(ending_reason=(_text(ending_reason), _("Say why the mediation failed.")))
    _check("failure", ended_on, dispute, "ended_on")
    if not _has_sessions(dispute):
        raise IllegalTransition(_(
            "Record the sessions held before ending the mediation as failed (People's Mediation Law, Arts. 26–27); a "
            "party who refuses mediation ends it at their wish (Art. 17)."), code="session_first")
    return transition(dispute, S.FAILED, by=by, allowed_from=Dispute.OPEN_STATUSES, outcome=OUT.FAILED,
                      ended_on=ended_on, referred_to=referred_to, ending_reason=_text(ending_reason))


def record_withdrawal(dispute: Dispute, *, by, ended_on: dt.date | None, ending_reason: str) -> Dispute:
    """End the mediation at a party's wish: a party refused it, withdrew the application or asked to end it
    (人民调解法 第17、23条)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, Dispute.OPEN_STATUSES, "withdrawal")
    _required(ending_reason=(_text(ending_reason), _(
        "Say which party refused or ended the mediation (People's Mediation Law, Arts. 17 and 23).")))
    _check("withdrawal", ended_on, dispute, "ended_on")
    return transition(dispute, S.DISCONTINUED, by=by, allowed_from=Dispute.OPEN_STATUSES, outcome=OUT.WITHDRAWN,
                      ended_on=ended_on, ending_reason=_text(ending_reason))


# After the agreement ---------------------------------------------------------------------------------------------


def record_performance(dispute: Dispute, *, by, performed_on: dt.date | None, performance_note: str = "") -> Dispute:
    """Record that the agreement was performed, as the committee follows it up (人民调解法 第31条); also after it
    was found not performed."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, [S.AGREED, S.UNPERFORMED], "performance")
    _check("performance", performed_on, dispute, "performed_on")
    return transition(dispute, S.PERFORMED, by=by, allowed_from=[S.AGREED, S.UNPERFORMED], performed_on=performed_on,
                      performance_note=_text(performance_note))


def record_nonperformance(dispute: Dispute, *, by, unperformed_on: dt.date | None, unperformed_note: str) -> Dispute:
    """Record that a party did not perform the agreement and what the parties were told: a lawsuit on it (人民调解法
    第32条), or the court's enforcement of a confirmed agreement (第33条第2款)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, [S.AGREED], "nonperformance")
    _required(unperformed_note=(_text(unperformed_note), _(
        "Say what the parties were told: a lawsuit on the agreement (People's Mediation Law, Art. 32), or "
        "enforcement by the court once it is confirmed (Art. 33(2)).")))
    _check("nonperformance", unperformed_on, dispute, "unperformed_on")
    return transition(dispute, S.UNPERFORMED, by=by, allowed_from=[S.AGREED], unperformed_on=unperformed_on,
                      unperformed_note=_text(unperformed_note))


def record_confirmation_application(dispute: Dispute, *, by, confirmation_applied_on: dt.date | None,
                                    confirmation_court: str) -> Dispute:
    """Record the parties' joint application to the court for judicial confirmation (司法确认), within 30 days of the
    agreement taking effect (人民调解法 第33条; 民事诉讼法 第205条)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, [S.AGREED, S.UNPERFORMED], "confirmation_application")
    if dispute.confirmation_applied_on:
        raise IllegalTransition(_("The parties already applied for judicial confirmation on %(date)s.") % {
            "date": dispute.confirmation_applied_on.isoformat()}, code="once")
    if not dispute.is_written and confirmation_written_only():
        raise IllegalTransition(_(
            "The agreement is oral: judicial confirmation is applied for with a written agreement (调解协议书) here "
            "(setting FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY)."), code="written_only")
    _required(confirmation_court=(_text(confirmation_court), _(
        "Name the court the parties applied to (Civil Procedure Law, Art. 205).")))
    _check("confirmation_application", confirmation_applied_on, dispute, "confirmation_applied_on")
    if dispute.confirmation_due and confirmation_applied_on > dispute.confirmation_due:
        raise ValidationError({"confirmation_applied_on": _(
            "Both parties apply within 30 days of the agreement taking effect, by %(due)s (People's Mediation Law, "
            "Art. 33): an application on %(date)s is out of time; a dispute over the agreement goes to court "
            "(Art. 32).") % {
            "due": dispute.confirmation_due.isoformat(), "date": confirmation_applied_on.isoformat()}},
            code="late")
    return change_record(dispute, by=by, confirmation_applied_on=confirmation_applied_on,
                         confirmation_court=_text(confirmation_court))


def record_confirmation_ruling(dispute: Dispute, *, by, ruling: str, ruled_on: dt.date | None,
                               confirmation_case_number: str = "", confirmation_note: str = "") -> Dispute:
    """Record the court's ruling on the application: the agreement confirmed valid, and so enforceable, or the
    application dismissed or the agreement found invalid, the reasons given (人民调解法 第33条; 民事诉讼法
    第206条)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, Dispute.AGREED_STATUSES, "confirmation_ruling")
    if dispute.confirmation_applied_on is None:
        raise IllegalTransition(_("Record the application for judicial confirmation first."), code="order")
    if dispute.ruled:
        raise IllegalTransition(_("The court's ruling was already recorded on %(date)s.") % {
            "date": (dispute.confirmed_on or dispute.confirmation_refused_on).isoformat()}, code="once")
    _choice(ruling, Dispute.Ruling, "ruling", _("Choose the court's ruling: confirmed, or dismissed."))
    note = _text(confirmation_note)
    if ruling == Dispute.Ruling.REFUSED and not note:
        raise ValidationError({"confirmation_note": _(
            "Give the court's reasons: the parties may then change the agreement or reach a new one through "
            "mediation, or sue (People's Mediation Law, Art. 33(3)).")}, code="required")
    _check("confirmation_ruling", ruled_on, dispute, "ruled_on")
    confirmed = ruling == Dispute.Ruling.CONFIRMED
    return change_record(dispute, by=by, confirmed_on=ruled_on if confirmed else None,
                         confirmation_refused_on=None if confirmed else ruled_on,
                         confirmation_case_number=_text(confirmation_case_number), confirmation_note=note)


def record_return_visit(dispute: Dispute, *, by, return_visit_on: dt.date | None, return_visit_note: str) -> Dispute:
    """Record the return visit to the parties after the mediation (回访): whether the agreement holds and is
    performed (人民调解法 第31条), or whether a failed dispute is settling or rising (第25条)."""
    _require_writer(dispute.agency_id, by)
    _require_status(dispute, [*Dispute.AGREED_STATUSES, S.FAILED], "return_visit")
    if dispute.return_visit_on:
        raise IllegalTransition(_("The return visit was already recorded on %(date)s.") % {
            "date": dispute.return_visit_on.isoformat()}, code="once")
    _required(return_visit_note=(_text(return_visit_note), _("Say what the return visit found.")))
    _check("return_visit", return_visit_on, dispute, "return_visit_on")
    return change_record(dispute, by=by, return_visit_on=return_visit_on, return_visit_note=_text(return_visit_note))
