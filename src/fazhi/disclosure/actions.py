"""What people do with requests for government information: every step is one of these audited actions, refused
when the law forbids it.

The staff of the agency asked keep its requests: its clerks and the rule-of-law office of its region
(``scope_for(by).can_write_agency``). Each action checks the writer, the status (``transition``), the dates against
each other and today (``PROCEDURE``) and the conditions 政府信息公开条例 (2019) sets: the one notice to correct within
7 working days (第30条), the consultations and their 15 working days (第32、34条), the extension of at most 20
working days approved by the head of the disclosure office and told to the requester (第33条第2款), the forms of the
reply (第36、37条, 第35、39条) and the processing fee (第42条). It keeps the clocks on the row, each computed by
``fazhi.ledgers.clock.due`` from the request's own dates (``*_of`` below, which ``procedure.CLOCKS`` names): the notice
to correct, the consulted party's answer and the reply, the correction restarting the reply period and the
consultations pausing it.

Every staff action is called as ``action(request, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the
opening as ``receive_request(agency=agency, by=user, **form.cleaned_data)``. The portal calls ``submit_online``
(no person acting). ``expire(today)`` is the daily job.
"""

from __future__ import annotations

import copy
import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.clock import Extension, Pause, PauseKind
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.disclosure.models import (
    MAX_EXTENSION_DAYS,
    REGULATIONS_IN_FORCE,
    Request,
    mask_id_number,
    new_tracking_code,
    normalise_tracking_code,
    pause_capped,
)
from fazhi.disclosure.procedure import PROCEDURE, dates_of
from fazhi.enforcement.actions import id_number_problem
from fazhi.ledgers.checks import amount, require_status, require_writer
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due

__all__ = [
    "extend", "receive_request", "record_consultation_answer", "record_correction", "record_review_or_suit",
    "reply", "request_correction", "start_consultation", "treat_as_abandoned",
]

S = Request.Status
RT = Request.ReplyType
G = Request.Ground
LAW = "政府信息公开条例"
_DAY = dt.timedelta(days=1)
#: The kinds of review ``record_review_or_suit`` records (第51条).
REVIEW_KINDS = ("reconsideration", "litigation")


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the staff of %(agency)s may change its requests for government "
                                 "information."))


def _require_status(request: Request, allowed, step: str) -> None:
    require_status(request, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the request is %(allowed)s; it is “%(current)s”."))


def _fee(value) -> Decimal | None:
    return amount(value, field="fee", message=_("Give the fee in yuan, such as 100 or 12.50."), below=Decimal("1e8"))


def _check(step: str, on: dt.date | None, request: Request, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(request), **extra}, field=field)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


# The clocks: each computed from the request's own dates (``procedure.CLOCKS`` names them) ------------------------


def correction_notice_due_of(request: Request) -> dt.date | None:
    """第30条: the notice to correct is sent within 7 working days of receipt."""
    if request.received_on is None:
        return None
    return due("disclosure.correction_notice", request.received_on, request.agency).due


def _answer_rule(kind: str) -> str:
    return ("disclosure.third_party_answer" if kind == Request.ConsultationKind.THIRD_PARTY
            else "disclosure.agency_answer")


def answer_due(request: Request, consultation: dict) -> dt.date:
    """第32、34条: the consulted party answers within 15 working days of receiving the letter (of its sending while
    the receipt is not known: the earlier day)."""
    start = dt.date.fromisoformat(consultation.get("delivered_on") or consultation["sent_on"])
    return due(_answer_rule(consultation["kind"]), start, request.agency).due


def consultation_due_of(request: Request) -> dt.date | None:
    """The answer due of the consultation still open (第32、34条), or None."""
    open_one = request.open_consultation
    return answer_due(request, open_one) if open_one else None


def _pauses(request: Request) -> list[Pause]:
    """The reply clock's pauses: the correction restarts it from the corrected request (第30条); each consultation
    stops it from the letter's sending to the answer (第33条第3款), at most until the 15 working days the consulted
    party has end (``FAZHI_DISCLOSURE_PAUSE_CAPPED``); one still open stops it."""
    pauses = []
    if request.correction_requested_on:
        pauses.append(Pause(PauseKind.CORRECTION, request.correction_requested_on, request.corrected_on))
    for item in request.consultations:
        kind = PauseKind.THIRD_PARTY if item["kind"] == Request.ConsultationKind.THIRD_PARTY else PauseKind.OTHER_AGENCY
        start = dt.date.fromisoformat(item["sent_on"])
        end = dt.date.fromisoformat(item["answered_on"]) if item.get("answered_on") else None
        if end is not None and pause_capped():
            end = min(end, answer_due(request, item))
        pauses.append(Pause(kind, start, end, note=item.get("party", "")))
    return pauses


def reply_due_deadline(request: Request):
    """The reply clock's ``Deadline`` (with its explanation), or None before receipt."""
    if request.received_on is None:
        return None
    extensions = [Extension(request.extension_days, request.extension_reason, request.extension_approver,
                            approved_on=request.extended_on)] if request.extension_days else []
    return due("disclosure.reply", request.received_on, request.agency, pauses=_pauses(request),
               extensions=extensions)


def reply_due_of(request: Request) -> dt.date | None:
    """第33条: 20 working days from receipt, afresh from the corrected request (第30条), plus the approved extension
    (第33条第2款), without the time spent consulting (第33条第3款); None while a correction or a consultation is
    awaited."""
    deadline = reply_due_deadline(request)
    return deadline.due if deadline else None


_CLOCKS = {"correction_notice_due": correction_notice_due_of, "consultation_due": consultation_due_of,
           "reply_due": reply_due_of}


def _with_clocks(request: Request, **values) -> dict:
    """``values`` and every clock of the request as it will be once they are set (the request is left alone)."""
    future = copy.copy(request)
    for name, value in values.items():
        setattr(future, name, value)
    return {**values, **{name: compute(future) for name, compute in _CLOCKS.items()}}


# The request ----------------------------------------------------------------------------------------------------


def _requester(*, requester_name, requester_kind, organisation_kind, requester_address, requester_phone,
               requester_email, id_kind, id_number, description, purpose, channel, id_required: bool) -> dict:
    """The requester's and the request's fields, checked (第29条), the identity number masked."""
    K = Request.RequesterKind
    _required(requester_name=(_text(requester_name), _("Give the requester's name (政府信息公开条例 第29条).")),
              requester_kind=(requester_kind, _("Say whether the requester is a citizen or an organisation.")),
              description=(_text(description), _(
                  "Describe the information asked for: its name, document number or other features that let the "
                  "agency find it (政府信息公开条例 第29条).")),
              channel=(channel, _("Say how the request was made.")))
    _choice(requester_kind, Request.RequesterKind, "requester_kind",
            _("Say whether the requester is a citizen or an organisation."))
    _choice(channel, Request.Channel, "channel", _("Say how the request was made."))
    kind = "" if requester_kind == K.PERSON else _text(organisation_kind)
    if kind:
        _choice(kind, Request.OrganisationKind, "organisation_kind", _("Choose the kind of organisation."))
    address, phone, email = _text(requester_address), _text(requester_phone), _text(requester_email)
    if not (address or phone or email):
        raise ValidationError({"requester_address": _(
            "Give at least one way to reach the requester: an address, a telephone number or an e-mail address "
            "(政府信息公开条例 第29条).")}, code="required")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"requester_email": _("Give a valid e-mail address.")}, code="invalid") from None
    number = "".join(_text(id_number).split()).upper()
    if id_required:
        _required(id_kind=(id_kind, _("Choose the requester's identity document (政府信息公开条例 第29条).")),
                  id_number=(number, _("Give the number of the identity document (政府信息公开条例 第29条).")))
    if number and not id_kind:
        raise ValidationError({"id_kind": _("Say which identity document the number is of.")}, code="required")
    if id_kind:
        _choice(id_kind, Request.IdKind, "id_kind", _("Choose the requester's identity document."))
        _required(id_number=(number, _("Give the number of the identity document.")))
        if id_kind == Request.IdKind.ID_CARD and "*" not in number:
            problem = id_number_problem(number)
            if problem:
                raise ValidationError({"id_number": problem}, code="invalid")
    return {"requester_name": _text(requester_name), "requester_kind": requester_kind, "organisation_kind": kind,
            "requester_address": address, "requester_phone": phone, "requester_email": email,
            "id_kind": id_kind or "", "id_number": mask_id_number(number), "description": _text(description),
            "purpose": _text(purpose), "channel": channel}


def _next_number(agency, year: int) -> str:
    """The next free number of the pattern in ``agency``'s year (``FAZHI_DISCLOSURE_NUMBER_PATTERN``), the agency's
    row locked so that two requests arriving together do not take the same one."""
    from fazhi.org.models import Agency

    list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk"))
    pattern = str(getattr(settings, "FAZHI_DISCLOSURE_NUMBER_PATTERN", "依申请公开〔{year}〕{seq}号"))
    seq = Request.objects.filter(agency=agency, received_on__year=year).count() + 1
    while True:
        number = pattern.format(year=year, seq=seq)
        if not Request.objects.filter(agency=agency, number=number).exists():
            return number
        seq += 1


def _tracking_code() -> str:
    while True:
        code = new_tracking_code()
        if not Request.objects.filter(tracking_code=code).exists():
            return code


def _build(agency, received_on: dt.date | None, number: str, fields: dict) -> Request:
    if received_on is not None and received_on < REGULATIONS_IN_FORCE:
        raise ValidationError({"received_on": _(
            "This ledger keeps requests under 政府信息公开条例 as revised in 2019, in force from 2019-05-15; a "
            "request received on %(date)s fell under the earlier regulations.") % {"date": received_on.isoformat()}},
            code="law_in_force")
    request = Request(agency=agency, received_on=received_on, **fields)
    _check("receive", received_on, request, "received_on")
    number = _text(number)
    if number and Request.objects.filter(agency=agency, number=number).exists():
        raise ValidationError({"number": _("Request number %(number)s is already used.") % {"number": number}},
                              code="unique")
    request.number = number or _next_number(agency, received_on.year)
    request.tracking_code = _tracking_code()
    for field, value in _with_clocks(request).items():
        setattr(request, field, value)
    return request


@transaction.atomic
def receive_request(*, agency, by, requester_name: str, requester_kind: str, description: str, channel: str,
                    received_on: dt.date | None, number: str = "", organisation_kind: str = "",
                    requester_address: str = "", requester_phone: str = "", requester_email: str = "",
                    id_kind: str = "", id_number: str = "", purpose: str = "") -> Request:
    """Register a request received by ``agency`` (第29条) on the day 第31条 fixes for its channel; the reply period
    of 20 working days starts (第33条). The identity number is kept masked; without a number one is given."""
    _require_writer(agency, by)
    fields = _requester(requester_name=requester_name, requester_kind=requester_kind,
                        organisation_kind=organisation_kind, requester_address=requester_address,
                        requester_phone=requester_phone, requester_email=requester_email, id_kind=id_kind,
                        id_number=id_number, description=description, purpose=purpose, channel=channel,
                        id_required=False)
    return create_record(_build(agency, received_on, number, fields), by=by)


def requests_per_hour() -> int:
    return int(getattr(settings, "FAZHI_DISCLOSURE_REQUESTS_PER_HOUR", 5))


def submit_online(agency, *, requester_name: str, requester_kind: str, description: str, id_kind: str,
                  id_number: str, organisation_kind: str = "", requester_address: str = "",
                  requester_phone: str = "", requester_email: str = "", purpose: str = "",
                  client_hash: str = "") -> Request:
    """Receive a request sent on the portal to ``agency`` (no person acting): its channel is online and it is
    received today, the day the portal confirms it by showing the tracking code (第31条: online, the day both sides
    confirm it). Refused beyond the rate limit of the client (``FAZHI_DISCLOSURE_REQUESTS_PER_HOUR``) and for the
    same request sent twice the same day. The new request carries ``tracking_code`` for the requester."""
    from fazhi.audit.actions import diff, record_event, snapshot

    if not portal_agencies().filter(pk=agency.pk).exists():
        raise ValidationError({"agency": _("This agency does not take requests here.")}, code="not_offered")
    fields = _requester(requester_name=requester_name, requester_kind=requester_kind,
                        organisation_kind=organisation_kind, requester_address=requester_address,
                        requester_phone=requester_phone, requester_email=requester_email, id_kind=id_kind,
                        id_number=id_number, description=description, purpose=purpose,
                        channel=Request.Channel.ONLINE, id_required=True)
    today = timezone.localdate()
    limit = requests_per_hour()
    if client_hash and Request.objects.filter(
            client_hash=client_hash, created_at__gte=timezone.now() - timedelta(hours=1)).count() >= limit:
        raise ValidationError(_("You have sent %(n)d requests within the last hour, the most accepted here. Please "
                                "try again later.") % {"n": limit}, code="rate_limited")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                if Request.objects.filter(agency=agency, received_on=today, channel=Request.Channel.ONLINE,
                                          requester_name=fields["requester_name"],
                                          description=fields["description"]).exists():
                    raise ValidationError({"description": ValidationError(_(
                        "This request was already received today; it is not registered twice. Keep the tracking "
                        "code shown when it was sent."), code="duplicate")})
                request = _build(agency, today, "", {**fields, "client_hash": client_hash})
                request.full_clean()
                request.save()
                record_event(action="create", target=request, actor=None, changes=diff({}, snapshot(request)),
                             reason=_("Sent on the portal."))
                return request
        except IntegrityError:  # the same number or code taken at the same moment: try again
            continue
    raise ValidationError(_("The request could not be registered just now. Please send it again."), code="busy")


def portal_agencies():
    """The agencies that take requests on the portal: the active governments, departments and townships of the
    region ``FAZHI_DISCLOSURE_REGION`` and the regions below it (all of them when the setting is empty)."""
    from fazhi.org.models import Agency, Region

    kinds = (Agency.Kind.GOVERNMENT, Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP)
    agencies = Agency.objects.filter(is_active=True, kind__in=kinds).select_related("region")
    code = str(getattr(settings, "FAZHI_DISCLOSURE_REGION", "") or "").strip()
    if code:
        region = Region.objects.filter(code=code).first()
        agencies = agencies.filter(region__path__startswith=region.path) if region else agencies.none()
    return agencies.order_by("region__path", "name")


def find_by_tracking_code(code: str) -> Request | None:
    """The request whose tracking code is ``code`` (typed as people type it), or None; withdrawn records are not
    found."""
    normalised = normalise_tracking_code(code)
    if not normalised:
        return None
    return (Request.objects.filter(tracking_code=normalised, withdrawn_at__isnull=True)
            .select_related("agency__region").first())


# Correction (补正, 第30条) -------------------------------------------------------------------------------------------


def request_correction(request: Request, *, by, correction_requested_on: dt.date | None, correction_items: str,
                       correction_period_ends: dt.date | None) -> Request:
    """Ask the requester, once and for every item, to correct an unclear request, within 7 working days of receipt,
    giving a reasonable time to do it (第30条); the reply period waits for the corrected request."""
    _require_writer(request.agency, by)
    _require_status(request, [S.RECEIVED], "correction_request")
    if request.correction_requested_on:
        raise IllegalTransition(_(
            "The requester was already asked to correct the request on %(date)s: the notice is sent once, with every "
            "item (政府信息公开条例 第30条).") % {"date": request.correction_requested_on.isoformat()}, code="once")
    _required(correction_items=(_text(correction_items), _(
        "List every item to correct, all in this one notice (政府信息公开条例 第30条).")),
              correction_period_ends=(correction_period_ends, _(
                  "Give the reasonable time the requester has to correct the request (政府信息公开条例 第30条).")))
    _check("correction_request", correction_requested_on, request, "correction_requested_on")
    if request.correction_notice_due and correction_requested_on > request.correction_notice_due:
        raise ValidationError({"correction_requested_on": _(
            "The notice to correct is sent within 7 working days of receipt (政府信息公开条例 第30条): that period "
            "ended on %(due)s.") % {"due": request.correction_notice_due.isoformat()}}, code="late")
    _check("correction_period", correction_period_ends, request, "correction_period_ends",
           correction_request=correction_requested_on)
    values = _with_clocks(request, correction_requested_on=correction_requested_on,
                          correction_items=_text(correction_items), correction_period_ends=correction_period_ends)
    return transition(request, S.CORRECTING, by=by, allowed_from=[S.RECEIVED], **values)


def record_correction(request: Request, *, by, corrected_on: dt.date | None, correction_late_reason: str = ""
                      ) -> Request:
    """Record the corrected request: the 20 working days of the reply run afresh from it (第30条). A correction
    after the time given needs a good cause."""
    _require_writer(request.agency, by)
    _require_status(request, [S.CORRECTING], "correction")
    _check("correction", corrected_on, request, "corrected_on")
    reason = _text(correction_late_reason)
    if request.correction_period_ends and corrected_on > request.correction_period_ends and not reason:
        raise ValidationError({"correction_late_reason": _(
            "The corrected request came on %(date)s, after the time to correct ended on %(due)s (政府信息公开条例 "
            "第30条): give the good cause for the delay, or take the request as given up.") % {
            "date": corrected_on.isoformat(), "due": request.correction_period_ends.isoformat()}}, code="late")
    values = _with_clocks(request, corrected_on=corrected_on, correction_late_reason=reason)
    return transition(request, S.RECEIVED, by=by, allowed_from=[S.CORRECTING], **values)


def treat_as_abandoned(request: Request, *, by) -> Request:
    """Close a request not corrected within the time given: without good cause the requester is taken to have
    given it up and it is no longer processed (第30条). The daily job (``expire``) does it for every such request."""
    _require_writer(request.agency, by)
    _require_status(request, [S.CORRECTING], "abandon")
    if timezone.localdate() <= request.correction_period_ends:
        raise IllegalTransition(_(
            "The requester may correct the request until %(due)s (政府信息公开条例 第30条): it is taken as given up "
            "only after that day.") % {"due": request.correction_period_ends.isoformat()}, code="too_early")
    return _abandon(request, by=by)


def _abandon(request: Request, *, by) -> Request:
    ends = request.correction_period_ends
    return transition(request, S.ABANDONED, by=by, allowed_from=[S.CORRECTING], closed_on=ends + _DAY, reason=_(
        "Not corrected by %(due)s: taken as given up and no longer processed (政府信息公开条例 第30条).") % {
        "due": ends.isoformat()})


# Consultations (征求意见, 第32、34条): a pause of the reply period (第33条第3款) -------------------------------------------


def start_consultation(request: Request, *, by, consultation_kind: str, consulted_party: str,
                       consultation_sent_on: dt.date | None, consultation_delivered_on: dt.date | None = None
                       ) -> Request:
    """Consult a third party whose interests disclosure may harm (第32条) or another agency that made the
    information (第34条); it answers within 15 working days of receiving the letter, and the reply period stops
    meanwhile (第33条第3款). One consultation at a time: name every party asked together in it."""
    _require_writer(request.agency, by)
    _require_status(request, [S.RECEIVED], "consult")
    _choice(consultation_kind, Request.ConsultationKind, "consultation_kind",
            _("Say whether a third party (第32条) or another agency (第34条) is consulted."))
    _required(consulted_party=(_text(consulted_party), _("Name the party consulted.")))
    _check("consult", consultation_sent_on, request, "consultation_sent_on")
    if consultation_delivered_on is not None:
        _check("consult_received", consultation_delivered_on, request, "consultation_delivered_on",
               consult=consultation_sent_on, consult_received=None)
    item = {"kind": consultation_kind, "party": _text(consulted_party), "sent_on": consultation_sent_on.isoformat(),
            "delivered_on": consultation_delivered_on.isoformat() if consultation_delivered_on else None,
            "answered_on": None, "opinion": "", "note": ""}
    values = _with_clocks(request, consultations=[*request.consultations, item])
    return transition(request, S.CONSULTING, by=by, allowed_from=[S.RECEIVED], **values)


def record_consultation_answer(request: Request, *, by, consultation_answered_on: dt.date | None,
                               consultation_opinion: str, consultation_note: str = "") -> Request:
    """Record the consulted party's view, or its silence once its 15 working days have ended (a third party's
    silence leaves the decision to the agency, 第32条; another agency's counts as consent, 第34条); the reply period
    runs on."""
    _require_writer(request.agency, by)
    _require_status(request, [S.CONSULTING], "consultation_answer")
    current = request.open_consultation
    if current is None:  # pragma: no cover - a consulting request has one open
        raise IllegalTransition(_("No consultation awaits an answer."), code="order")
    _choice(consultation_opinion, Request.Opinion, "consultation_opinion", _("Choose the view of the party consulted."))
    _check("consultation_answer", consultation_answered_on, request, "consultation_answered_on")
    deadline = answer_due(request, current)
    if consultation_opinion == Request.Opinion.NO_ANSWER and consultation_answered_on <= deadline:
        article = "第32条" if current["kind"] == Request.ConsultationKind.THIRD_PARTY else "第34条"
        raise ValidationError({"consultation_answered_on": _(
            "%(party)s may answer until %(due)s (政府信息公开条例 %(article)s): record its silence after that day.") % {
            "party": current["party"], "due": deadline.isoformat(), "article": article}}, code="too_early")
    consultations = [dict(item) for item in request.consultations]
    consultations[request.consultations.index(current)] |= {
        "answered_on": consultation_answered_on.isoformat(), "opinion": consultation_opinion,
        "note": _text(consultation_note)}
    values = _with_clocks(request, consultations=consultations)
    return transition(request, S.RECEIVED, by=by, allowed_from=[S.CONSULTING], **values)


# Extension (延期, 第33条第2款) -----------------------------------------------------------------------------------------


def extend(request: Request, *, by, extended_on: dt.date | None, extension_days: int | None, extension_reason: str,
           extension_approver: str, extension_notified_on: dt.date | None) -> Request:
    """Extend the reply period, once and by at most 20 working days, with the approval of the head of the
    disclosure office before the period ends, the requester told (第33条第2款)."""
    _require_writer(request.agency, by)
    _require_status(request, Request.HANDLING_STATUSES, "extend")
    if request.extension_days:
        raise IllegalTransition(_(
            "The reply period was already extended on %(date)s by %(days)s working days (政府信息公开条例 第33条第2款: "
            "at most 20 working days).") % {"date": _iso(request.extended_on), "days": request.extension_days},
            code="once")
    try:
        days = int(extension_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError({"extension_days": _(
            "An extension is at most 20 working days (政府信息公开条例 第33条第2款).")}, code="max_extension")
    _required(extension_reason=(_text(extension_reason), _("Say why the reply needs more time.")),
              extension_approver=(_text(extension_approver), _(
                  "Name the head of the disclosure office who approved the extension (政府信息公开条例 第33条第2款).")),
              extension_notified_on=(extension_notified_on, _(
                  "Give the day the requester was told of the extension (政府信息公开条例 第33条第2款).")))
    _check("extend", extended_on, request, "extended_on")
    _check("extension_notice", extension_notified_on, request, "extension_notified_on", extend=extended_on)
    if request.reply_due and extended_on > request.reply_due:
        raise ValidationError({"extended_on": _(
            "An extension is approved before the reply period ends; it ended on %(due)s (政府信息公开条例 第33条"
            "第2款).") % {"due": request.reply_due.isoformat()}}, code="late")
    return change_record(request, by=by, **_with_clocks(
        request, extended_on=extended_on, extension_days=days, extension_reason=_text(extension_reason),
        extension_approver=_text(extension_approver), extension_notified_on=extension_notified_on))


# The reply (答复, 第33、36、37条) -----------------------------------------------------------------------------------


def _reply_fields(reply_type: str, ground: str, text: str, where: str, competent: str) -> str:
    """Refuse a reply without what its type needs (第36、37条, 第35、39条); return its ground."""
    grounds = Request.REPLY_GROUNDS.get(reply_type)
    if ground and (grounds is None or ground not in grounds):
        raise ValidationError({"reply_ground": _("“%(ground)s” is not a ground of the reply “%(reply)s”.") % {
            "ground": G(ground).label if ground in G.values else ground, "reply": RT(reply_type).label}},
            code="invalid")
    needs: dict = {}
    if reply_type == RT.ALREADY_PUBLIC:
        needs["where_public"] = (where, _("Say where the information was disclosed and how to find it "
                                          "(政府信息公开条例 第36条第1项)."))
    elif reply_type in (RT.NOT_DISCLOSED, RT.PARTLY_DISCLOSED):
        article = "第36条第3项" if reply_type == RT.NOT_DISCLOSED else "第37条"
        needs["reply_ground"] = (ground, _("Choose why the information is withheld (政府信息公开条例 第14–16条)."))
        needs["reply_text"] = (text, _("Give the reasons for withholding the information (政府信息公开条例 "
                                       "%(article)s).") % {"article": article})
    elif reply_type == RT.NOT_OURS:
        needs["competent_agency"] = (competent, _(
            "Name the agency responsible for the information and its contact, or say it cannot be determined "
            "(政府信息公开条例 第36条第5项)."))
        needs["reply_text"] = (text, _("Give the reasons why the information is not this agency's to disclose "
                                       "(政府信息公开条例 第36条第5项)."))
    elif reply_type == RT.OTHER_REGIME:
        needs["reply_text"] = (text, _("Name the law or regulation under which the information is obtained "
                                       "(政府信息公开条例 第36条第7项)."))
    elif reply_type == RT.NOT_PROCESSED:
        needs["reply_ground"] = (ground, _("Choose why the request is not processed (政府信息公开条例 第35、39条)."))
        needs["reply_text"] = (text, _("Give the reasons the requester is told (政府信息公开条例 第35、39条)."))
    _required(**needs)
    if reply_type == RT.NOT_EXIST and not ground:
        return G.NOT_HELD
    return ground


@transaction.atomic
def reply(request: Request, *, by, replied_on: dt.date | None, reply_type: str, delivery: str,
          reply_ground: str = "", reply_text: str = "", where_public: str = "", competent_agency: str = "",
          fee=None) -> Request:
    """Reply to the request in one of the forms of 第36条, a partial disclosure (第37条) or a refusal to process
    (第35、39条), with what that form needs; a processing fee goes only with information provided (第42条). A reply
    after its deadline is recorded as late."""
    _require_writer(request.agency, by)
    if request.status == S.CONSULTING:
        current = request.open_consultation or {}
        raise IllegalTransition(_(
            "%(party)s is being consulted: record its view, or its silence once its 15 working days end, before "
            "replying (政府信息公开条例 第32、34条).") % {"party": current.get("party", "—")}, code="consulting")
    _require_status(request, [S.RECEIVED], "reply")
    _choice(reply_type, RT, "reply_type", _("Choose the reply (政府信息公开条例 第36条)."))
    _choice(delivery, Request.Delivery, "delivery", _("Say how the reply was delivered."))
    text, where, competent = _text(reply_text), _text(where_public), _text(competent_agency)
    ground = _reply_fields(reply_type, reply_ground, text, where, competent)
    amount = _fee(fee)
    if amount and reply_type not in Request.PROVIDING_TYPES:
        raise ValidationError({"fee": _(
            "A processing fee is charged only for information provided (政府信息公开条例 第42条).")}, code="fee")
    _check("reply", replied_on, request, "replied_on")
    values = _with_clocks(request, replied_on=replied_on, reply_type=reply_type, reply_ground=ground,
                          reply_text=text, where_public=where, competent_agency=competent, delivery=delivery,
                          fee=amount)
    return transition(request, S.REPLIED, by=by, allowed_from=[S.RECEIVED], **values)


def record_review_or_suit(request: Request, *, by, review_kind: str, filed_on: dt.date | None,
                          review_outcome: str) -> Request:
    """Record that the requester applied for reconsideration of the reply or sued over it (第51条), and its result
    when known, for the annual disclosure report's table (第50条); recorded again, the result is updated."""
    _require_writer(request.agency, by)
    _require_status(request, [S.REPLIED, S.ABANDONED], review_kind if review_kind in REVIEW_KINDS else "reply")
    if review_kind not in REVIEW_KINDS:
        raise ValidationError({"review_kind": _("Say whether it is a reconsideration or a lawsuit.")}, code="invalid")
    _choice(review_outcome, Request.ReviewOutcome, "review_outcome", _("Choose the result, or “not concluded yet”."))
    _check(review_kind, filed_on, request, "filed_on")
    return change_record(request, by=by, **{f"{review_kind}_filed_on": filed_on,
                                            f"{review_kind}_outcome": review_outcome})


# The daily job --------------------------------------------------------------------------------------------------


def expire(today: dt.date, *, dry_run: bool = False) -> int:
    """Close the requests whose time to correct ended before ``today`` without the corrected request (第30条);
    return how many (would be) closed. Each is closed under a row lock, one another pass holds is skipped, and a
    second run the same day closes nothing."""
    lapsed = (Request.objects.filter(withdrawn_at__isnull=True, status=S.CORRECTING,
                                     correction_period_ends__lt=today)
              .order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return lapsed.count()
    closed = 0
    for pk in list(lapsed):
        with transaction.atomic():
            row = (Request.objects.select_for_update(skip_locked=True).select_related("agency__region")
                   .filter(pk=pk, status=S.CORRECTING).first())
            if row is None:
                continue
            _abandon(row, by=None)
            closed += 1
    return closed
