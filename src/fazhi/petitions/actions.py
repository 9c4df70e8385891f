"""What people do with petition matters: every step is one of these audited actions, refused when the 信访工作条例
(2022) forbids it.

The matters of an agency are kept by its clerks and by the rule-of-law office of its region
(``scope_for(by).can_write_agency``); leaders and supervisors read them. Each action checks the writer, the status,
the dates against each other and today (``PROCEDURE``) and the conditions the regulations set: the notice within 15
days unless the petitioner cannot be reached (第23条), the objection within 5 working days (第23条), the routing of a
complaint to its legal procedure (第31条), the extension of at most 30 days approved before the period ends and told
to the petitioner (第34条), the review and second review asked for within 30 days (第35–36条), and a request not
taken up again after its second review (第36条). A step taken after its period is recorded as late, not refused:
the ledger keeps what happened. The clocks are computed by ``fazhi.ledgers.clock.due`` from the matter's own dates
(``*_of`` below, which ``procedure.CLOCKS`` names).

Every action is called as ``action(matter, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the
registration as ``register_matter(agency=agency, by=user, **form.cleaned_data)``. ``expire(today)`` is the daily
job.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fazhi.clock import Extension, Pause, PauseKind
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.checks import can_write, require_status, require_writer
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due
from fazhi.petitions.models import (
    MAX_EXTENSION_DAYS,
    REGULATIONS_IN_FORCE,
    Matter,
    close_unchallenged,
    satisfied_evaluations,
)
from fazhi.petitions.procedure import PROCEDURE, dates_of

__all__ = [
    "accept_matter", "can_write", "close_matter", "decide_recheck", "decide_review", "decline_matter", "expire",
    "extend_handling", "forward_matter", "issue_opinion", "notify_petitioner", "object_to_routing",
    "record_evaluation", "record_objection_answer", "record_recheck_hearing", "register_matter", "request_recheck",
    "request_review",
]

S = Matter.Status
_DAY = dt.timedelta(days=1)


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep its "
                                 "petitions."))


def _require_status(matter: Matter, allowed, step: str) -> None:
    require_status(matter, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the matter is %(allowed)s; it is “%(current)s”."))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def _check(step: str, on: dt.date | None, matter: Matter, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(matter), **extra}, field=field)


def _notice(matter: Matter, notified_on: dt.date | None, *, after: dt.date | None = None) -> dict:
    """The written notice given with a routing step (第23条): checked, and returned as the values to store; none when
    the petitioner was already told."""
    if notified_on is None:
        return {}
    if matter.identity_unclear:
        raise ValidationError({"notified_on": _(
            "The petitioner's name or address is unclear: no written notice is sent (Regulations on Petition Work, "
            "Art. 23).")}, code="no_notice")
    if matter.notified_on is not None:
        raise ValidationError({"notified_on": _("The petitioner was already told on %(date)s.") % {
            "date": matter.notified_on.isoformat()}}, code="once")
    _check("notify", notified_on, matter, "notified_on")
    if after is not None and notified_on < after:
        raise ValidationError({"notified_on": _(
            "The petitioner is told where the matter went once it has gone there, on %(date)s or later (Regulations "
            "on Petition Work, Art. 23).") % {"date": after.isoformat()}}, code="date_order")
    return {"notified_on": notified_on}


def _body(name: str, agency, field: str, message: str) -> str:
    """The name of another body (typed, or the agency's)."""
    name = _text(name) or (agency.name if agency is not None else "")
    _required(**{field: (name, message)})
    return name


# The clocks: each computed from the matter's own dates (``procedure.CLOCKS`` names them) ---------------------------


def forward_due_of(matter: Matter) -> dt.date | None:
    """第22条: the matter forwarded or assigned to the competent body within 15 days of receipt."""
    return due("petition.forward", matter.received_on, matter.agency).due if matter.received_on else None


def notice_due_of(matter: Matter) -> dt.date | None:
    """第23条: the petitioner told in writing of the receipt and the route within 15 days of receipt; none when the
    name or address is unclear."""
    if matter.received_on is None or matter.identity_unclear:
        return None
    return due("petition.notify", matter.received_on, matter.agency).due


def objection_due_of(matter: Matter) -> dt.date | None:
    """第23条: a forwarded or assigned matter outside the agency's remit objected to within 5 working days of
    receipt; none for a petition brought by the petitioner."""
    if matter.received_on is None or matter.is_direct:
        return None
    return due("petition.objection", matter.received_on, matter.agency).due


def handling_due_of(matter: Matter) -> dt.date | None:
    """第34条: the handling opinion within 60 days of acceptance, plus the approved extension of at most 30 days."""
    if matter.accepted_on is None:
        return None
    extensions = [Extension(matter.extension_days, matter.extension_reason, matter.extension_approver,
                            approved_on=matter.extended_on)] if matter.extension_days else []
    return due("petition.handling", matter.accepted_on, matter.agency, extensions=extensions).due


def review_request_due_of(matter: Matter) -> dt.date | None:
    """第35条: the petitioner asks for a review within 30 days of receiving the handling opinion (of its issue while
    the receipt is not known)."""
    start = matter.reply_served_on or matter.replied_on
    return due("petition.review_request", start, matter.agency).due if start else None


def review_due_of(matter: Matter) -> dt.date | None:
    """第35条: the review opinion within 30 days of the request."""
    start = matter.review_requested_on
    return due("petition.review", start, matter.agency).due if start else None


def recheck_request_due_of(matter: Matter) -> dt.date | None:
    """第36条: the petitioner asks for a second review within 30 days of receiving the review opinion (of its issue
    while the receipt is not known)."""
    start = matter.review_served_on or matter.reviewed_on
    return due("petition.recheck_request", start, matter.agency).due if start else None


def recheck_due_of(matter: Matter) -> dt.date | None:
    """第36条: the second review opinion within 30 days of the request, the days of its hearing not counted."""
    start = matter.recheck_requested_on
    if start is None:
        return None
    pauses = []
    if matter.recheck_hearing_from:
        pauses.append(Pause(PauseKind.HEARING, matter.recheck_hearing_from, matter.recheck_hearing_to))
    return due("petition.recheck", start, matter.agency, pauses=pauses).due


_CLOCKS = {
    "forward_due": forward_due_of, "notice_due": notice_due_of, "objection_due": objection_due_of,
    "handling_due": handling_due_of, "review_request_due": review_request_due_of, "review_due": review_due_of,
    "recheck_request_due": recheck_request_due_of, "recheck_due": recheck_due_of,
}


def _with_clocks(matter: Matter, **values) -> dict:
    """``values`` and every clock of the matter as it will be once they are set (the matter itself is left alone)."""
    future = copy.copy(matter)
    for name, value in values.items():
        setattr(future, name, value)
    return {**values, **{name: compute(future) for name, compute in _CLOCKS.items()}}


# The registration and the routing ------------------------------------------------------------------------------


@transaction.atomic
def register_matter(*, agency, by, number: str, channel: str, received_via: str, petitioner_name: str, subject: str,
                    category: str, received_on: dt.date | None, forwarded_by: str = "", petitioner_contact: str = "",
                    identity_unclear: bool = False, persons: int | None = None, request: str = "",
                    repeat_of_number: str = "") -> Matter:
    """Register a petition received by ``agency`` (第21条), brought by the petitioner or forwarded or assigned by a
    petition bureau or higher body (第23条); the 15 days to forward it or tell the petitioner start (第22–23条), and
    the 5 working days to object to a forwarded one. A repeated petition names the agency's earlier matter."""
    _require_writer(agency, by)
    _required(number=(_text(number), _("Give the matter's number in the petition register.")),
              channel=(channel, _("Say how the petition came (Regulations on Petition Work, Arts. 17–19).")),
              received_via=(received_via, _("Say whether the petitioner brought it or a body forwarded it.")),
              petitioner_name=(_text(petitioner_name), _("Name the petitioner, or the representatives of a group.")),
              subject=(_text(subject), _("Give the petition's subject.")),
              category=(category, _("Choose the category of the petition (Regulations on Petition Work, Arts. "
                                    "29–31).")))
    _choice(channel, Matter.Channel, "channel", _("Say how the petition came (Regulations on Petition Work, Arts. "
                                                  "17–19)."))
    _choice(received_via, Matter.Route, "received_via", _("Say whether the petitioner brought it or a body forwarded "
                                                          "it."))
    _choice(category, Matter.Category, "category", _("Choose the category of the petition (Regulations on Petition "
                                                     "Work, Arts. 29–31)."))
    if received_via != Matter.Route.DIRECT:
        _required(forwarded_by=(_text(forwarded_by), _("Name the petition bureau or body that forwarded or assigned "
                                                       "the matter.")))
    count = 1 if persons in (None, "") else int(persons)
    if count < 1:
        raise ValidationError({"persons": _("A petition has one petitioner at least.")}, code="invalid")
    if received_on is not None and received_on < REGULATIONS_IN_FORCE:
        raise ValidationError({"received_on": _(
            "This ledger keeps petitions under the Regulations on Petition Work of 2022, in force from 2022-05-01 "
            "(Art. 50); a petition received on %(date)s fell under the earlier regulations.") % {
            "date": received_on.isoformat()}}, code="law_in_force")
    earlier = None
    if _text(repeat_of_number):
        earlier = Matter.objects.filter(agency=agency, number=_text(repeat_of_number),
                                        withdrawn_at__isnull=True).first()
        if earlier is None:
            raise ValidationError({"repeat_of_number": _(
                "%(agency)s has no matter numbered %(number)s: a repeated petition names the agency's own earlier "
                "matter.") % {"agency": agency, "number": _text(repeat_of_number)}}, code="unknown")
    matter = Matter(agency=agency, number=_text(number), channel=channel, received_via=received_via,
                    forwarded_by=_text(forwarded_by) if received_via != Matter.Route.DIRECT else "",
                    petitioner_name=_text(petitioner_name), petitioner_contact=_text(petitioner_contact),
                    identity_unclear=bool(identity_unclear), persons=count, subject=_text(subject), category=category,
                    request=_text(request), received_on=received_on, repeat_of=earlier)
    _check("receive", received_on, matter, "received_on")
    if earlier is not None and earlier.received_on > received_on:
        raise ValidationError({"repeat_of_number": _(
            "Matter %(number)s was received on %(date)s: a petition repeats an earlier one.") % {
            "number": earlier.number, "date": earlier.received_on.isoformat()}}, code="date_order")
    if Matter.objects.filter(agency=agency, number=matter.number).exists():
        raise ValidationError({"number": _("Number %(number)s is already in the agency's register.") % {
            "number": matter.number}}, code="unique")
    for field, value in _with_clocks(matter).items():
        setattr(matter, field, value)
    return create_record(matter, by=by)


def notify_petitioner(matter: Matter, *, by, notified_on: dt.date | None) -> Matter:
    """Record the written notice telling the petitioner that the matter was received and how it will be handled
    (第23条: within 15 days of receipt); none is sent when the name or address is unclear. A notice after its period
    is recorded as late."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.RECEIVED, S.ACCEPTED], "notify")
    if matter.identity_unclear:
        raise IllegalTransition(_(
            "The petitioner's name or address is unclear: no written notice is sent (Regulations on Petition Work, "
            "Art. 23)."), code="no_notice")
    if matter.notified_on is not None:
        raise IllegalTransition(_("The petitioner was already told on %(date)s.") % {
            "date": matter.notified_on.isoformat()}, code="once")
    _check("notify", notified_on, matter, "notified_on")
    return change_record(matter, by=by, notified_on=notified_on)


def object_to_routing(matter: Matter, *, by, objected_on: dt.date | None, objection_reason: str) -> Matter:
    """Object to a matter forwarded or assigned to the agency outside its remit, with the reasons, within 5 working
    days of receiving it (第23条); the matter waits for the forwarding body's answer."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.RECEIVED], "object")
    if matter.is_direct:
        raise IllegalTransition(_(
            "Only a matter forwarded or assigned to the agency is objected to (Regulations on Petition Work, Art. 23): "
            "forward one brought by the petitioner to the competent body instead."), code="direct")
    if matter.objected_on is not None:
        raise IllegalTransition(_(
            "The routing was already objected to on %(date)s and the forwarding body answered on %(answered)s.") % {
            "date": matter.objected_on.isoformat(), "answered": _iso(matter.objection_answered_on)}, code="once")
    _required(objection_reason=(_text(objection_reason), _(
        "Give the detailed reasons the agency is not competent (Regulations on Petition Work, Art. 23).")))
    _check("object", objected_on, matter, "objected_on")
    if matter.objection_due and objected_on > matter.objection_due:
        raise ValidationError({"objected_on": _(
            "The 5 working days to object ended on %(due)s (Regulations on Petition Work, Art. 23): the agency now "
            "handles the matter.") % {"due": matter.objection_due.isoformat()}}, code="late")
    return transition(matter, S.OBJECTED, by=by, allowed_from=[S.RECEIVED], reason=_text(objection_reason),
                      objected_on=objected_on, objection_reason=_text(objection_reason))


def record_objection_answer(matter: Matter, *, by, objection_answered_on: dt.date | None,
                            objection_agreed: bool = False, objection_answer: str = "") -> Matter:
    """Record the forwarding body's answer to the objection: agreed, the materials go back to it and the matter is
    returned; not agreed, the agency takes it up (第23条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.OBJECTED], "objection_answer")
    _check("objection_answer", objection_answered_on, matter, "objection_answered_on")
    target = S.RETURNED if objection_agreed else S.RECEIVED
    return transition(matter, target, by=by, allowed_from=[S.OBJECTED], objection_answered_on=objection_answered_on,
                      objection_agreed=bool(objection_agreed), objection_answer=_text(objection_answer))


def forward_matter(matter: Matter, *, by, forwarded_on: dt.date | None, forward_kind: str, forwarded_to: str = "",
                   forwarded_to_agency=None, notified_on: dt.date | None = None) -> Matter:
    """Forward (转送) or assign (交办) the matter to the competent body (第22条: within 15 days of receipt), telling the
    petitioner where it went (第23条). One forwarded after its period is recorded as late."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.RECEIVED], "forward")
    _choice(forward_kind, Matter.ForwardKind, "forward_kind", _("Say whether the matter is forwarded or assigned "
                                                                "(Regulations on Petition Work, Art. 22)."))
    name = _body(forwarded_to, forwarded_to_agency, "forwarded_to", _("Name the competent body the matter goes to."))
    if forwarded_to_agency is not None and forwarded_to_agency.pk == matter.agency_id:
        raise ValidationError({"forwarded_to_agency": _(
            "A matter is forwarded to another body (Regulations on Petition Work, Art. 22): accept it to handle it "
            "here.")}, code="self")
    _check("forward", forwarded_on, matter, "forwarded_on")
    values = {"forwarded_on": forwarded_on, "forward_kind": forward_kind, "forwarded_to": name,
              "forwarded_to_agency": forwarded_to_agency, **_notice(matter, notified_on, after=forwarded_on)}
    return transition(matter, S.FORWARDED, by=by, allowed_from=[S.RECEIVED], **values)


def decline_matter(matter: Matter, *, by, declined_on: dt.date | None, decline_ground: str, decline_note: str,
                   legal_route: str = "", notified_on: dt.date | None = None) -> Matter:
    """Do not take the matter up as a petition: a complaint or demand belonging to litigation, arbitration,
    reconsideration or another legal procedure is routed there (第31条); a request already through its second review
    is not accepted again (第36条). The petitioner is told why."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.RECEIVED], "decline")
    _choice(decline_ground, Matter.DeclineGround, "decline_ground", _("Say why the matter is not taken up."))
    _required(decline_note=(_text(decline_note), _("Say what the petitioner was told, and where to go.")))
    route = ""
    if decline_ground == Matter.DeclineGround.LEGAL_PROCEDURE:
        if matter.category != Matter.Category.COMPLAINT:
            raise ValidationError({"decline_ground": _(
                "Only a complaint or demand is routed to a legal procedure (Regulations on Petition Work, Art. 31): "
                "handle a suggestion or an accusation, or forward it to the competent body.")}, code="category")
        route = _choice(legal_route, Matter.LegalRoute, "legal_route", _(
            "Choose the legal procedure the matter belongs to (Regulations on Petition Work, Art. 31)."))
    elif not matter.rechecked:
        raise ValidationError({"decline_ground": _(
            "Only a request already through a second review is not taken up again (Regulations on Petition Work, Art. "
            "36): this matter repeats none that was.")}, code="not_rechecked")
    _check("decline", declined_on, matter, "declined_on")
    values = {"declined_on": declined_on, "decline_ground": decline_ground, "legal_route": route,
              "decline_note": _text(decline_note), **_notice(matter, notified_on)}
    return transition(matter, S.DECLINED, by=by, allowed_from=[S.RECEIVED], reason=_text(decline_note), **values)


# Handling ----------------------------------------------------------------------------------------------------


def accept_matter(matter: Matter, *, by, accepted_on: dt.date | None, notified_on: dt.date | None = None) -> Matter:
    """Accept the matter for handling (第23条), telling the petitioner in writing where the notice is due; the
    handling opinion falls due 60 days later (第34条). A repeat of a request already through its second review is not
    accepted (第36条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.RECEIVED], "accept")
    if matter.rechecked:
        earlier = matter.repeat_of
        raise IllegalTransition(_(
            "The same request went through a second review in matter %(number)s: it is not accepted again "
            "(Regulations on Petition Work, Art. 36). Decline it and tell the petitioner why.") % {
            "number": earlier.number if earlier else matter.number}, code="rechecked")
    _check("accept", accepted_on, matter, "accepted_on")
    values = _with_clocks(matter, accepted_on=accepted_on, **_notice(matter, notified_on))
    return transition(matter, S.ACCEPTED, by=by, allowed_from=[S.RECEIVED], **values)


def extend_handling(matter: Matter, *, by, extended_on: dt.date | None, extension_days: int | None,
                    extension_reason: str, extension_approver: str,
                    extension_notified_on: dt.date | None = None) -> Matter:
    """Give a complex matter longer, once and by at most 30 days, approved by the head of the agency before the 60
    days end, the petitioner told of the reasons (第34条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.ACCEPTED], "extend")
    if matter.extension_days:
        raise IllegalTransition(_(
            "The handling period was already extended on %(date)s by %(days)s days (Regulations on Petition Work, "
            "Art. 34: once, at most 30 days).") % {"date": _iso(matter.extended_on), "days": matter.extension_days},
            code="once")
    try:
        days = int(extension_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError({"extension_days": _(
            "An extension is at most 30 days (Regulations on Petition Work, Art. 34).")}, code="max_extension")
    _required(extension_reason=(_text(extension_reason), _(
                  "Say why the matter is too complex to answer in 60 days (Regulations on Petition Work, Art. 34).")),
              extension_approver=(_text(extension_approver), _(
                  "Name the head of the agency who approved the extension (Regulations on Petition Work, Art. 34).")))
    _check("extend", extended_on, matter, "extended_on")
    if matter.handling_due and extended_on > matter.handling_due:
        raise ValidationError({"extended_on": _(
            "An extension is approved before the period ends; it ended on %(due)s (Regulations on Petition Work, "
            "Art. 34).") % {"due": matter.handling_due.isoformat()}}, code="late")
    if not matter.identity_unclear:
        _required(extension_notified_on=(extension_notified_on, _(
            "Give the day the petitioner was told of the extension and its reasons (Regulations on Petition Work, "
            "Art. 34).")))
    if extension_notified_on is not None:
        _check("extension_notice", extension_notified_on, matter, "extension_notified_on", extend=extended_on)
    return change_record(matter, by=by, **_with_clocks(
        matter, extended_on=extended_on, extension_days=days, extension_reason=_text(extension_reason),
        extension_approver=_text(extension_approver), extension_notified_on=extension_notified_on))


def issue_opinion(matter: Matter, *, by, replied_on: dt.date | None, reply_outcome: str, reply_summary: str,
                  reply_served_on: dt.date | None = None) -> Matter:
    """Record the written handling opinion (信访处理意见书: support, explanation or no support, 第32条; or the
    mediation or settlement agreement, 第33条); one after its period is recorded as late (第34条). The petitioner's 30
    days to ask for a review run from its receipt (第35条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.ACCEPTED], "reply")
    _choice(reply_outcome, Matter.ReplyOutcome, "reply_outcome", _(
        "Choose the handling opinion: support, explanation, no support, or an agreement (Regulations on Petition "
        "Work, Arts. 32–33)."))
    _required(reply_summary=(_text(reply_summary), _(
        "State the request, the facts found, the opinion and its basis (Regulations on Petition Work, Art. 32).")))
    _check("reply", replied_on, matter, "replied_on")
    if reply_served_on is not None:
        _check("reply_served", reply_served_on, matter, "reply_served_on", reply=replied_on)
    values = _with_clocks(matter, replied_on=replied_on, reply_outcome=reply_outcome,
                          reply_summary=_text(reply_summary), reply_served_on=reply_served_on)
    return transition(matter, S.REPLIED, by=by, allowed_from=[S.ACCEPTED], **values)


def record_evaluation(matter: Matter, *, by, evaluated_on: dt.date | None, evaluation: str,
                      evaluation_note: str = "") -> Matter:
    """Record the petitioner's evaluation of the handling (第21条: satisfied, basically satisfied or not), once."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, Matter.AFTER_REPLY, "evaluate")
    if matter.evaluation:
        raise IllegalTransition(_("The petitioner's evaluation was already recorded on %(date)s.") % {
            "date": _iso(matter.evaluated_on)}, code="once")
    _choice(evaluation, Matter.Evaluation, "evaluation", _(
        "Choose the petitioner's evaluation: satisfied, basically satisfied or not satisfied."))
    _check("evaluate", evaluated_on, matter, "evaluated_on")
    return change_record(matter, by=by, evaluated_on=evaluated_on, evaluation=evaluation,
                         evaluation_note=_text(evaluation_note))


# Review and second review ---------------------------------------------------------------------------------------


def _other_body(matter: Matter, agency, field: str, message: str) -> None:
    if agency is not None and agency.pk == matter.agency_id:
        raise ValidationError({field: message % {"agency": agency}}, code="self")


def request_review(matter: Matter, *, by, review_requested_on: dt.date | None, review_body: str = "",
                   review_agency=None) -> Matter:
    """Record the petitioner's request for a review (复查) by the body above the handling agency, made within 30 days
    of receiving the handling opinion; the review opinion is due 30 days later (第35条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.REPLIED], "review_request")
    name = _body(review_body, review_agency, "review_body", _("Name the body reviewing the handling opinion."))
    _other_body(matter, review_agency, "review_agency", _(
        "The review is by the body above the one that handled the matter (Regulations on Petition Work, Art. 35), "
        "not by %(agency)s itself."))
    _check("review_request", review_requested_on, matter, "review_requested_on")
    if matter.review_request_due and review_requested_on > matter.review_request_due:
        raise ValidationError({"review_requested_on": _(
            "The petitioner could ask for a review until %(due)s, 30 days after receiving the handling opinion on "
            "%(served)s (Regulations on Petition Work, Art. 35): the opinion stands.") % {
            "due": matter.review_request_due.isoformat(),
            "served": _iso(matter.reply_served_on or matter.replied_on)}}, code="late")
    values = _with_clocks(matter, review_requested_on=review_requested_on, review_body=name,
                          review_agency=review_agency)
    return transition(matter, S.UNDER_REVIEW, by=by, allowed_from=[S.REPLIED], **values)


def decide_review(matter: Matter, *, by, reviewed_on: dt.date | None, review_outcome: str, review_summary: str,
                  review_served_on: dt.date | None = None) -> Matter:
    """Record the review opinion (第35条); one after its 30 days is recorded as late. The petitioner's 30 days to ask
    for a second review run from its receipt (第36条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.UNDER_REVIEW], "review")
    _choice(review_outcome, Matter.ReviewOutcome, "review_outcome", _("Choose the outcome of the review."))
    _required(review_summary=(_text(review_summary), _("Summarise the review opinion and its reasons.")))
    _check("review", reviewed_on, matter, "reviewed_on")
    if review_served_on is not None:
        _check("review_served", review_served_on, matter, "review_served_on", review=reviewed_on)
    values = _with_clocks(matter, reviewed_on=reviewed_on, review_outcome=review_outcome,
                          review_summary=_text(review_summary), review_served_on=review_served_on)
    return transition(matter, S.REVIEWED, by=by, allowed_from=[S.UNDER_REVIEW], **values)


def request_recheck(matter: Matter, *, by, recheck_requested_on: dt.date | None, recheck_body: str = "",
                    recheck_agency=None) -> Matter:
    """Record the petitioner's request for a second review (复核) by the body above the reviewing one, made within 30
    days of receiving the review opinion; its opinion is due 30 days later, a hearing's days not counted (第36条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.REVIEWED], "recheck_request")
    name = _body(recheck_body, recheck_agency, "recheck_body", _("Name the body of the second review."))
    message = _("The second review is by the body above the reviewing one (Regulations on Petition Work, Art. 36), "
                "not by %(agency)s.")
    _other_body(matter, recheck_agency, "recheck_agency", message)
    if (recheck_agency is not None and recheck_agency.pk == matter.review_agency_id) or name == matter.review_body:
        raise ValidationError({"recheck_body": message % {"agency": name}}, code="same_body")
    _check("recheck_request", recheck_requested_on, matter, "recheck_requested_on")
    if matter.recheck_request_due and recheck_requested_on > matter.recheck_request_due:
        raise ValidationError({"recheck_requested_on": _(
            "The petitioner could ask for a second review until %(due)s, 30 days after receiving the review opinion "
            "on %(served)s (Regulations on Petition Work, Art. 36): the review opinion stands.") % {
            "due": matter.recheck_request_due.isoformat(),
            "served": _iso(matter.review_served_on or matter.reviewed_on)}}, code="late")
    values = _with_clocks(matter, recheck_requested_on=recheck_requested_on, recheck_body=name,
                          recheck_agency=recheck_agency)
    return transition(matter, S.UNDER_RECHECK, by=by, allowed_from=[S.REVIEWED], **values)


def record_recheck_hearing(matter: Matter, *, by, recheck_hearing_from: dt.date | None,
                           recheck_hearing_to: dt.date | None) -> Matter:
    """Record the hearing held in the second review: its days are not counted in the 30 (第36条)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.UNDER_RECHECK], "recheck_hearing")
    if matter.recheck_hearing_from is not None:
        raise IllegalTransition(_("The hearing was already recorded, from %(start)s to %(end)s.") % {
            "start": matter.recheck_hearing_from.isoformat(), "end": _iso(matter.recheck_hearing_to)}, code="once")
    _check("recheck_hearing", recheck_hearing_from, matter, "recheck_hearing_from")
    _check("recheck_hearing_end", recheck_hearing_to, matter, "recheck_hearing_to",
           recheck_hearing=recheck_hearing_from)
    return change_record(matter, by=by, **_with_clocks(matter, recheck_hearing_from=recheck_hearing_from,
                                                       recheck_hearing_to=recheck_hearing_to))


def decide_recheck(matter: Matter, *, by, rechecked_on: dt.date | None, recheck_outcome: str,
                   recheck_summary: str) -> Matter:
    """Record the second review opinion, which ends the matter: the same request is not accepted again (第36条); one
    after its period is recorded as late."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.UNDER_RECHECK], "recheck")
    _choice(recheck_outcome, Matter.ReviewOutcome, "recheck_outcome", _("Choose the outcome of the second review."))
    _required(recheck_summary=(_text(recheck_summary), _("Summarise the second review opinion and its reasons.")))
    _check("recheck", rechecked_on, matter, "rechecked_on")
    return transition(matter, S.CLOSED, by=by, allowed_from=[S.UNDER_RECHECK], reason=_(
        "Second review concluded: the same request is not accepted again (Regulations on Petition Work, Art. 36)."),
        rechecked_on=rechecked_on, recheck_outcome=recheck_outcome, recheck_summary=_text(recheck_summary),
        closed_on=rechecked_on)


# Closing ------------------------------------------------------------------------------------------------------


def close_matter(matter: Matter, *, by, closed_on: dt.date | None, closing_note: str = "") -> Matter:
    """Close a matter answered by its handling or review opinion. While the petitioner may still ask for a review
    (第35条) or a second review (第36条), it is closed only on a satisfied evaluation (the setting) or with a closing
    note saying why (the petitioner withdrew, for instance)."""
    _require_writer(matter.agency_id, by)
    _require_status(matter, [S.REPLIED, S.REVIEWED], "close")
    _check("close", closed_on, matter, "closed_on")
    note = _text(closing_note)
    window = matter.review_request_due if matter.status == S.REPLIED else matter.recheck_request_due
    if window and closed_on <= window and matter.evaluation not in satisfied_evaluations() and not note:
        message = (_("The petitioner may ask for a review until %(due)s (Regulations on Petition Work, Art. 35): close "
                     "the matter after that day or once the petitioner is satisfied, or say in the closing note why "
                     "now.") if matter.status == S.REPLIED else
                   _("The petitioner may ask for a second review until %(due)s (Regulations on Petition Work, Art. 36): "
                     "close the matter after that day or once the petitioner is satisfied, or say in the closing note "
                     "why now."))
        raise ValidationError({"closing_note": message % {"due": window.isoformat()}}, code="window_open")
    return transition(matter, S.CLOSED, by=by, allowed_from=[S.REPLIED, S.REVIEWED], closed_on=closed_on,
                      closing_note=note)


# The daily job --------------------------------------------------------------------------------------------------


def expire(today: dt.date, *, dry_run: bool = False) -> int:
    """Close the matters whose petitioner let the 30 days to ask for a review (第35条) or a second review (第36条)
    end before ``today``: the opinion stands; return how many (would be) closed. Nothing when the setting
    ``FAZHI_PETITIONS_CLOSE_UNCHALLENGED`` is off. Each matter is closed under a row lock, one another pass holds is
    skipped, and a second run the same day closes nothing."""
    if not close_unchallenged():
        return 0
    lapsed = (Matter.objects.filter(withdrawn_at__isnull=True)
              .filter(Q(status=S.REPLIED, review_request_due__lt=today)
                      | Q(status=S.REVIEWED, recheck_request_due__lt=today))
              .order_by("pk").values_list("pk", "status"))
    if dry_run:
        return lapsed.count()
    closed = 0
    for pk, status in list(lapsed):
        with transaction.atomic():
            row = (Matter.objects.select_for_update(skip_locked=True).select_related("agency__region")
                   .filter(pk=pk, status=status).first())
            if row is None:
                continue  # another pass has it, or it moved on
            _lapse(row)
            closed += 1
    return closed


def _lapse(matter: Matter) -> Matter:
    if matter.status == S.REPLIED:
        last, reason = matter.review_request_due, _(
            "No review was asked for by %(due)s: the handling opinion stands (Regulations on Petition Work, Art. 35).")
    else:
        last, reason = matter.recheck_request_due, _(
            "No second review was asked for by %(due)s: the review opinion stands (Regulations on Petition Work, "
            "Art. 36).")
    reason = reason % {"due": last.isoformat()}
    return transition(matter, S.CLOSED, by=None, allowed_from=[S.REPLIED, S.REVIEWED], reason=reason,
                      closed_on=last + _DAY, closing_note=reason)
