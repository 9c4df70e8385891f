"""What people do in the advisers ledger: every step is one of these audited actions, refused when the engagement's
term, the order of the steps or the province's rules forbid it.

An agency's advisers and contract reviews are kept by its clerks and by the rule-of-law office of its region
(``scope_for(by).can_write_agency``); leaders and supervisors read them. An opinion links to a record of the adviser's
own agency only (its decisions, normative documents, contract reviews or cases), found by the number or title its page
shows, so a clerk cannot tie it to another agency's record.

Every action is called as ``action(record, by=user, **form.cleaned_data)`` with its form in ``forms.py``; opening a
record as ``engage_adviser(agency=agency, by=user, **form.cleaned_data)`` or ``receive_contract(…)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.advisers.models import Adviser, Attendance, ContractReview, Opinion, contract_review_days
from fazhi.advisers.procedure import DECISIONS, ENGAGEMENT, PROCEDURE, dates_of
from fazhi.audit.actions import record_event
from fazhi.core.ledger import change_record, create_record, transition
from fazhi.ledgers.checks import amount as _amount
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_live, require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due

__all__ = [
    "end_engagement", "engage_adviser", "give_contract_opinion", "receive_contract", "record_attendance",
    "record_opinion", "renew_engagement",
]

S = Adviser.Status
C = ContractReview.Status
SUBJECT = Opinion.Subject


@dataclass(frozen=True)
class Link:
    """A kind of record an opinion may concern: its model and the fields a clerk names it by."""

    label: str | Promise
    model: str
    fields: tuple[str, ...]
    subjects: tuple[str, ...]


#: The records of the adviser's agency an opinion may link to, by ledger (the form's choice).
LINKS = {
    "decisions": Link(gettext_lazy("major decisions"), "decisions.Decision", ("title",), (SUBJECT.DECISION,)),
    "normative": Link(gettext_lazy("normative documents"), "normative.Document", ("number", "title"),
                      (SUBJECT.NORMATIVE,)),
    "contracts": Link(gettext_lazy("contract legality reviews"), "advisers.ContractReview",
                      ("number", "contract_name"), (SUBJECT.CONTRACT,)),
    "reconsideration": Link(gettext_lazy("reconsideration cases"), "reconsideration.Case", ("number",),
                            (SUBJECT.DISPUTE,)),
    "litigation": Link(gettext_lazy("lawsuits"), "litigation.Case", ("number",), (SUBJECT.DISPUTE,)),
    "petitions": Link(gettext_lazy("petitions"), "petitions.Matter", ("number",), (SUBJECT.DISPUTE,)),
    "mediation": Link(gettext_lazy("mediated disputes"), "mediation.Dispute", ("number",), (SUBJECT.DISPUTE,)),
}


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep its "
                                 "advisers and contract reviews."))


def _require_status(record, allowed, step: str, statuses) -> None:
    require_status(record, allowed, PROCEDURE.label(step), statuses, _(
        "%(step)s is recorded while the record is %(allowed)s; it is “%(current)s”."))


def _check(step: str, on: dt.date | None, record, field: str) -> None:
    PROCEDURE.check_date(step, on, dates_of(record), field=field)


def _within_term(adviser: Adviser, on: dt.date, field: str, what: str) -> None:
    """Refuse a date outside the adviser's term (the engagement agreement)."""
    if on > adviser.term_end:
        raise ValidationError({field: _(
            "%(what)s (%(date)s) falls after the adviser's term, which ended on %(end)s (%(source)s): renew the "
            "engagement first, or engage the adviser again.") % {
            "what": what, "date": on.isoformat(), "end": adviser.term_end.isoformat(), "source": ENGAGEMENT}},
            code="outside_term")


# The engagement ---------------------------------------------------------------------------------------------------


@transaction.atomic
def engage_adviser(*, agency, by, name: str, kind: str, engaged_as: str, engaged_from: dt.date | None,
                   engaged_until: dt.date | None, firm: str = "", licence_number: str = "", note: str = "") -> Adviser:
    """Record a legal adviser engaged by ``agency`` for a term, or one of its staff serving as a public-sector lawyer
    with a licence (公职律师证); the home page reminds of the term's end."""
    _require_writer(agency, by)
    _required(name=(_text(name), _("Name the adviser: the person, or the law firm.")),
              kind=(kind, _("Choose the kind: legal adviser or public-sector lawyer.")),
              engaged_as=(engaged_as, _("Say whether a person or a law firm is engaged.")),
              engaged_until=(engaged_until, _("Give the last day of the term.")))
    _choice(kind, Adviser.Kind, "kind", _("Choose the kind: legal adviser or public-sector lawyer."))
    _choice(engaged_as, Adviser.Form, "engaged_as", _("Say whether a person or a law firm is engaged."))
    licence = _text(licence_number).replace(" ", "")
    if kind == Adviser.Kind.PUBLIC_LAWYER:
        if engaged_as != Adviser.Form.PERSON:
            raise ValidationError({"engaged_as": _("A public-sector lawyer is a person holding a licence, not a law firm.")},
                                  code="invalid")
        if not licence:
            raise ValidationError({"licence_number": _(
                "Give the public-sector lawyer's licence number (公职律师证): only a licensed lawyer serves as one.")},
                code="required")
    if licence and not (licence.isascii() and licence.isalnum() and 6 <= len(licence) <= 30):
        raise ValidationError({"licence_number": _(
            "A licence number is 6 to 30 letters and digits, as the licence prints it.")}, code="invalid")
    adviser = Adviser(agency=agency, name=_text(name), kind=kind, engaged_as=engaged_as, firm=_text(firm), licence_number=licence,
                      engaged_from=engaged_from, engaged_until=engaged_until, note=_text(note))
    _check("engage", engaged_from, adviser, "engaged_from")
    if engaged_until <= engaged_from:
        raise ValidationError({"engaged_until": _("The term ends after it starts (%(start)s).") % {
            "start": engaged_from.isoformat()}}, code="date_order")
    overlapping = Adviser.objects.filter(
        agency=agency, name=adviser.name, kind=kind, withdrawn_at__isnull=True, engaged_from__lte=engaged_until).filter(
        Q(ended_on__isnull=True, engaged_until__gte=engaged_from) | Q(ended_on__gte=engaged_from)).first()
    if overlapping is not None:
        raise ValidationError({"name": _(
            "%(name)s is already engaged by this agency from %(start)s to %(end)s: renew that engagement instead.")
            % {"name": adviser.name, "start": overlapping.engaged_from.isoformat(),
               "end": overlapping.term_end.isoformat()}}, code="unique")
    return create_record(adviser, by=by)


def renew_engagement(adviser: Adviser, *, by, renewed_on: dt.date | None, engaged_until: dt.date | None) -> Adviser:
    """Renew the adviser's term before it ends, to a later last day."""
    _require_writer(adviser.agency_id, by)
    _require_status(adviser, [S.ENGAGED], "renew", S)
    _required(engaged_until=(engaged_until, _("Give the last day of the renewed term.")))
    _check("renew", renewed_on, adviser, "renewed_on")
    if renewed_on > adviser.engaged_until:
        raise ValidationError({"renewed_on": _(
            "The term ended on %(end)s: a renewal after it is a new engagement (%(source)s). Record the end, then "
            "engage the adviser again.") % {"end": adviser.engaged_until.isoformat(), "source": ENGAGEMENT}},
            code="late")
    if engaged_until <= adviser.engaged_until:
        raise ValidationError({"engaged_until": _(
            "The term already runs until %(end)s: renew it to a later day.") % {
            "end": adviser.engaged_until.isoformat()}}, code="not_later")
    return change_record(adviser, by=by, renewed_on=renewed_on, engaged_until=engaged_until)


def end_engagement(adviser: Adviser, *, by, ended_on: dt.date | None, end_reason: str) -> Adviser:
    """Record the end of the engagement: at the term's end, or earlier (the agreement ended, the licence withdrawn)."""
    _require_writer(adviser.agency_id, by)
    _require_status(adviser, [S.ENGAGED], "end", S)
    _required(end_reason=(_text(end_reason), _("Say why the engagement ended.")))
    _check("end", ended_on, adviser, "ended_on")
    if ended_on > adviser.engaged_until:
        raise ValidationError({"ended_on": _(
            "The term ran until %(end)s: the engagement ended on that day at the latest; renew it if the adviser "
            "served on.") % {"end": adviser.engaged_until.isoformat()}}, code="after_term")
    return transition(adviser, S.ENDED, by=by, allowed_from=[S.ENGAGED], ended_on=ended_on,
                      end_reason=_text(end_reason))


# What the adviser does ---------------------------------------------------------------------------------------------


def _linked(adviser: Adviser, subject_kind: str, ledger: str, reference: str):
    """The record of the adviser's agency that ``reference`` names in ``ledger``, or None when none is named."""
    reference = _text(reference)
    if not ledger and not reference:
        return None
    if not ledger:
        raise ValidationError({"linked_ledger": _("Choose the ledger the record concerned is kept in.")},
                              code="required")
    link = LINKS.get(ledger)
    if link is None:
        raise ValidationError({"linked_ledger": _("Choose the ledger the record concerned is kept in.")},
                              code="invalid")
    if subject_kind not in link.subjects:
        raise ValidationError({"linked_ledger": _(
            "An opinion on %(subject)s links to a record of that kind, not to %(ledger)s.") % {
            "subject": SUBJECT(subject_kind).label, "ledger": link.label}}, code="mismatch")
    if not reference:
        raise ValidationError({"linked_reference": _(
            "Give the number or title of the record concerned, as its page shows it.")}, code="required")
    model = apps.get_model(link.model)
    match = Q()
    for name in link.fields:
        match |= Q(**{name: reference})
    found = list(model.objects.filter(match, agency_id=adviser.agency_id, withdrawn_at__isnull=True)[:2])
    if not found:
        raise ValidationError({"linked_reference": _(
            "%(agency)s keeps none of its %(ledger)s under “%(reference)s”: an opinion links to the agency's own "
            "records, named as their page shows them.") % {
            "agency": adviser.agency, "ledger": link.label, "reference": reference}}, code="not_found")
    if len(found) > 1:
        raise ValidationError({"linked_reference": _(
            "More than one of the agency's %(ledger)s is called “%(reference)s”: give its number.") % {
            "ledger": link.label, "reference": reference}}, code="ambiguous")
    return found[0]


@transaction.atomic
def record_opinion(adviser: Adviser, *, by, given_on: dt.date | None, subject_kind: str, subject: str,
                   opinion_text: str, linked_ledger: str = "", linked_reference: str = "") -> Opinion:
    """Record a legal opinion the adviser gave within its term: on a major decision (its legality review hears the
    advisers, 重大行政决策程序暂行条例 第25–28条), a normative document, a contract, a dispute or other legal affairs;
    linked, where fazhi keeps it, to the record of the adviser's agency it concerns."""
    _require_writer(adviser.agency_id, by)
    require_live(adviser)
    _choice(subject_kind, SUBJECT, "subject_kind", _("Choose what the opinion is on."))
    _required(subject=(_text(subject), _("Say what the opinion is on.")),
              opinion_text=(_text(opinion_text), _("Give the opinion, or its conclusion.")))
    _check("opinion", given_on, adviser, "given_on")
    _within_term(adviser, given_on, "given_on", _("The opinion"))
    target = _linked(adviser, subject_kind, linked_ledger, linked_reference)
    if subject_kind == SUBJECT.DECISION and target is None:
        raise ValidationError({"linked_reference": _(
            "Link the major decision the opinion is on: its legality review hears the advisers' opinions (%(source)s)."
        ) % {"source": DECISIONS}}, code="required")
    opinion = Opinion(adviser=adviser, given_on=given_on, subject_kind=subject_kind, subject=_text(subject),
                      text=_text(opinion_text), created_by=by)
    if target is not None:
        opinion.linked_type = ContentType.objects.get_for_model(target)
        opinion.linked_id = target.pk
        opinion.linked_label = f"{target._meta.verbose_name}：{target}"[:250]
    opinion.full_clean()
    opinion.save()
    record_event(action="change", target=adviser, actor=by, changes={"opinion": [None, {
        "given_on": given_on, "subject": opinion.subject, "linked": opinion.linked_label}]})
    return opinion


@transaction.atomic
def record_attendance(adviser: Adviser, *, by, held_on: dt.date | None, meeting: str) -> Attendance:
    """Record the adviser's attendance at a meeting of the agency (列席会议), within its term."""
    _require_writer(adviser.agency_id, by)
    require_live(adviser)
    _required(meeting=(_text(meeting), _("Name the meeting.")))
    _check("attendance", held_on, adviser, "held_on")
    _within_term(adviser, held_on, "held_on", _("The meeting"))
    attendance = Attendance(adviser=adviser, held_on=held_on, meeting=_text(meeting), created_by=by)
    attendance.full_clean()
    attendance.save()
    record_event(action="change", target=adviser, actor=by, changes={"attendance": [None, {
        "held_on": held_on, "meeting": attendance.meeting}]})
    return attendance


# Contract review ---------------------------------------------------------------------------------------------------


def review_due_of(review: ContractReview) -> dt.date | None:
    """The last day of the contract's legality review: the province's working days from receipt (the day of receipt
    not counted; a make-up working day counts as the setting says), else FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS
    (UNCONFIRMED nationally)."""
    if review.received_on is None:
        return None
    return due("advisers.contract_review", review.received_on, review.agency, default_length=(
        contract_review_days(), "FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS")).due


@transaction.atomic
def receive_contract(*, agency, by, number: str, contract_name: str, counterparty: str,
                     received_on: dt.date | None, amount=None, submitted_by: str = "") -> ContractReview:
    """Register a contract ``agency`` is to sign, received for legality review; its time in working days starts
    (the province's rules, ``CONTRACT_RULE``; UNCONFIRMED nationally)."""
    _require_writer(agency, by)
    _required(number=(_text(number), _("Give the review's number.")),
              contract_name=(_text(contract_name), _("Name the contract.")),
              counterparty=(_text(counterparty), _("Name the other party to the contract.")))
    review = ContractReview(agency=agency, number=_text(number), contract_name=_text(contract_name),
                            counterparty=_text(counterparty), amount=_amount(amount),
                            submitted_by=_text(submitted_by), received_on=received_on)
    _check("contract_receive", received_on, review, "received_on")
    if ContractReview.objects.filter(agency=agency, number=review.number).exists():
        raise ValidationError({"number": _("Number %(number)s is already in the ledger.") % {
            "number": review.number}}, code="unique")
    review.review_due = review_due_of(review)
    return create_record(review, by=by)


def give_contract_opinion(review: ContractReview, *, by, verdict: str, opinion_on: dt.date | None, reviewer: str,
                          opinion_text: str = "") -> ContractReview:
    """Record the review's opinion: approved, approved with the changes it lists, or not approved with its reasons.
    One given after the review was due is recorded, and counted, as late."""
    _require_writer(review.agency_id, by)
    _require_status(review, [C.RECEIVED], "contract_opinion", C)
    _choice(verdict, ContractReview.Verdict, "verdict", _(
        "Choose the opinion: approved, approved with changes, or not approved."))
    _required(reviewer=(_text(reviewer), _("Name the reviewer.")))
    if verdict != ContractReview.Verdict.APPROVE and not _text(opinion_text):
        raise ValidationError({"opinion_text": _(
            "Say what must change in the contract, or why it is not approved.")}, code="required")
    _check("contract_opinion", opinion_on, review, "opinion_on")
    return transition(review, C.REVIEWED, by=by, allowed_from=[C.RECEIVED], verdict=verdict, opinion_on=opinion_on,
                      reviewer=_text(reviewer), opinion_text=_text(opinion_text))

