"""What people do with the enforcement ledger (行政执法): every change is one of these audited actions.

Who may act: the agency's own clerks keep its bodies, officers, certificates and trainings (and the system
administrator); the rule-of-law office of the region and the leaders read them (``fazhi.org.scope``).

Supervision (行政执法监督, 行政处罚法 第75条) is the other way round: the rule-of-law office of the region records
the complaints about a department's enforcement and its checks of it, and handles them; the department reads those
about itself (a complainant masked) and records the completion of its rectification items.

Other enforcement steps (an inspection, a case) ask ``require_assignable(officers, on)`` before they let
officers act: at least two, each with a certificate valid that day (行政处罚法 第42条).

A refusal is a ``ValidationError`` naming the field (``{field: message}``) or an ``IllegalTransition`` saying
why the move is not allowed now; the messages cite the instrument and article where there is one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit.actions import diff, record_event, snapshot
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.enforcement.models import (
    Certificate,
    CertificateState,
    Complaint,
    EnforcementBody,
    Officer,
    RectificationItem,
    SupervisionCheck,
    Training,
    id_number_problem,
    mask_contact,
    mask_id_number,
    mask_name,
    training_hours,
)
from fazhi.enforcement.procedure import PROCEDURE, complaint_dates, dates_of
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

__all__ = [
    "accept_complaint", "add_rectification_item", "best_certificates", "best_of", "can_rectify", "can_supervise",
    "can_keep_officers", "can_write", "cancel_certificate", "close_check", "complainant_of", "complete_rectification",
    "conclude_complaint", "hours_in", "issue_certificate", "offices_for", "record_check", "record_complaint",
    "record_training", "register_body", "register_officer", "reinstate_certificate", "require_assignable",
    "set_body_disclosure", "shows_complainant", "supervised_agencies", "suspend_certificate", "withdraw_body",
]

B = EnforcementBody
C = Certificate.Status
#: 行政处罚法 第42条: at least two officers with enforcement qualification, unless a law provides otherwise.
ARTICLE_42 = "行政处罚法 第42条"
_PHONE = re.compile(r"^[0-9+()\- ]{3,20}$")


# Who may act ------------------------------------------------------------------------------------------------


def can_write(user, agency: Agency | int) -> bool:
    """Return True when ``user`` keeps ``agency``'s enforcement ledger: one of its clerks, or the administrator.

    The rule-of-law office reads the region's ledgers but does not keep a department's officers.
    """
    scope = scope_for(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return scope.is_admin or agency_id in scope.write_agencies


def can_keep_officers(user, agency: Agency | int) -> bool:
    """Return True when ``user`` keeps ``agency``'s officers and their certificates: its clerks, and the rule-of-law
    office of its region, which (as the government's 司法行政部门) registers officers and issues, suspends and cancels
    their enforcement certificates (legal-rules §4.2). The office does not keep a department's bodies or cases."""
    if can_write(user, agency):
        return True
    if not isinstance(agency, Agency):
        agency = Agency.objects.select_related("region").filter(pk=agency).first()
    return agency is not None and can_supervise(user, agency)


def _require_officer_keeper(agency: Agency | int, by) -> None:
    if not can_keep_officers(by, agency):
        name = agency.name if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
        raise IllegalTransition(_("Only the clerks of %(agency)s or the rule-of-law office of its region may keep "
                                  "its officers and their certificates.") % {"agency": name}, code="forbidden")


def _require_writer(agency: Agency | int, by) -> None:
    if not can_write(by, agency):
        name = agency.name if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
        raise IllegalTransition(_("Only the clerks of %(agency)s may change its enforcement ledger.")
                                % {"agency": name}, code="forbidden")


def _text(value) -> str:
    return (value or "").strip()


def _required(values: dict[str, str], messages: dict[str, str]) -> None:
    """Refuse, naming every field left empty at once."""
    missing = {name: messages[name] for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing, code="required")


# Enforcement bodies ----------------------------------------------------------------------------------------


def register_body(*, agency: Agency, by, name: str, kind: str, legal_basis: str, domains: str,
                  entrusted_by: EnforcementBody | None = None, procedures: str = "",
                  remedies: str = "") -> EnforcementBody:
    """Register an enforcement body of ``agency``; an entrusted organisation names the body that entrusted it.

    ``procedures`` and ``remedies`` are published with the body on the portal (国办发〔2018〕118号, 事前公开).
    """
    _require_writer(agency, by)
    name, legal_basis, domains = _text(name), _text(legal_basis), _text(domains)
    _required({"name": name, "legal_basis": legal_basis, "domains": domains}, {
        "name": _("Give the name of the enforcement body."),
        "legal_basis": _("Give the laws, regulations or rules the body's powers rest on."),
        "domains": _("Give the matters the body enforces."),
    })
    if kind not in B.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of body.")}, code="invalid")
    if kind == B.Kind.ENTRUSTED:
        if entrusted_by is None:
            raise ValidationError({"entrusted_by": _(
                "An entrusted organisation enforces in the name of the administrative body that entrusted it in "
                "writing: name that body (行政处罚法 第20条).")}, code="required")
        if (entrusted_by.kind != B.Kind.STATUTORY or entrusted_by.status != B.Status.ACTIVE
                or entrusted_by.is_withdrawn or not scope_for(by).can_read_agency(entrusted_by.agency_id)):
            raise ValidationError({"entrusted_by": _(
                "Only an active administrative body can entrust an organisation, and an entrusted organisation "
                "cannot entrust another (行政处罚法 第20条).")}, code="invalid")
    elif entrusted_by is not None:
        raise ValidationError({"entrusted_by": _("Only an entrusted organisation names the body that entrusted it.")},
                              code="invalid")
    if EnforcementBody.objects.filter(agency=agency, name=name, status=B.Status.ACTIVE,
                                      withdrawn_at__isnull=True).exists():
        raise ValidationError({"name": _("%(agency)s already has an enforcement body named “%(name)s”.")
                               % {"agency": agency.name, "name": name}}, code="duplicate")
    return create_record(EnforcementBody(agency=agency, name=name, kind=kind, legal_basis=legal_basis,
                                         domains=domains, entrusted_by=entrusted_by, procedures=_text(procedures),
                                         remedies=_text(remedies)), by=by)


def set_body_disclosure(body: EnforcementBody, *, by, procedures: str, remedies: str) -> EnforcementBody:
    """Change the procedures and the remedies the portal publishes with an active body (国办发〔2018〕118号)."""
    _require_writer(body.agency_id, by)
    if body.status != B.Status.ACTIVE:
        raise IllegalTransition(_("“%(body)s” is no longer an enforcement body: its disclosure is no longer "
                                  "published.") % {"body": body.name}, code="body_withdrawn")
    return change_record(body, by=by, procedures=_text(procedures), remedies=_text(remedies))


def withdraw_body(body: EnforcementBody, *, by, on: dt.date, reason: str) -> EnforcementBody:
    """Record that the body is no longer an enforcement body (its powers moved or ended), from ``on``."""
    _require_writer(body.agency_id, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason why the body no longer enforces.")})
    PROCEDURE.check_date("withdraw_body", on, {}, field="on")
    return transition(body, B.Status.WITHDRAWN, by=by, allowed_from=[B.Status.ACTIVE], reason=reason, ended_on=on,
                      end_reason=reason)


# Officers ----------------------------------------------------------------------------------------------------


def register_officer(*, body: EnforcementBody, by, name: str, id_number: str, position: str, gender: str = "",
                     phone: str = "") -> Officer:
    """Register an officer of ``body``; only the last four characters of the identity card number are kept."""
    _require_officer_keeper(body.agency_id, by)
    if body.status != B.Status.ACTIVE or body.is_withdrawn:
        raise ValidationError({"body": _("“%(body)s” is no longer an enforcement body.") % {"body": body.name}},
                              code="body_withdrawn")
    name, position, phone, id_number = _text(name), _text(position), _text(phone), _text(id_number).upper()
    _required({"name": name, "id_number": id_number, "position": position}, {
        "name": _("Give the officer's name."),
        "id_number": _("Give the officer's identity card number."),
        "position": _("Give the officer's position."),
    })
    problem = id_number_problem(id_number)
    if problem:
        raise ValidationError({"id_number": problem}, code="invalid")
    if gender not in Officer.Gender.values:
        raise ValidationError({"gender": _("Choose male, female or leave it empty.")}, code="invalid")
    if phone and not _PHONE.match(phone):
        raise ValidationError({"phone": _("A telephone number holds digits, spaces, +, - and brackets only.")},
                              code="invalid")
    masked = mask_id_number(id_number)
    if Officer.objects.filter(agency_id=body.agency_id, name=name, id_number=masked,
                              withdrawn_at__isnull=True).exists():
        raise ValidationError({"id_number": _("%(name)s with this identity card number is already an officer of "
                                              "%(agency)s.") % {"name": name, "agency": body.agency.name}},
                              code="duplicate")
    return create_record(Officer(agency_id=body.agency_id, body=body, name=name, gender=gender, id_number=masked,
                                 position=position, phone=phone), by=by)


# Certificates ----------------------------------------------------------------------------------------------


def issue_certificate(officer: Officer, *, by, number: str, area: str, domain: str, issued_on: dt.date,
                      valid_until: dt.date, issuer: str) -> Certificate:
    """Record a certificate issued to ``officer``; it renews the officer's earlier one of the same category."""
    _require_officer_keeper(officer.agency_id, by)
    if officer.is_withdrawn:
        raise IllegalTransition(_("This officer's record was withdrawn."), code="withdrawn")
    if officer.body.status != B.Status.ACTIVE:
        raise IllegalTransition(_("“%(body)s” is no longer an enforcement body: no certificate can be issued for it.")
                                % {"body": officer.body.name}, code="body_withdrawn")
    number, area, domain, issuer = _text(number), _text(area), _text(domain), _text(issuer)
    _required({"number": number, "area": area, "domain": domain, "issuer": issuer}, {
        "number": _("Give the certificate number."),
        "area": _("Give the enforcement area."),
        "domain": _("Give the enforcement category."),
        "issuer": _("Give the issuing authority."),
    })
    PROCEDURE.check_date("issue", issued_on, {}, field="issued_on")
    if valid_until is None:
        raise ValidationError({"valid_until": _("Give the last day of validity.")}, code="required")
    PROCEDURE.check_date("expiry", valid_until, {"issue": issued_on}, field="valid_until")
    taken = ValidationError({"number": _("The certificate number %(number)s is already recorded.")
                             % {"number": number}}, code="duplicate")
    if Certificate.objects.filter(number=number).exists():
        raise taken
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: another clerk may record the same number at the same time
                certificate = create_record(Certificate(
                    agency_id=officer.agency_id, officer=officer, number=number, area=area, domain=domain,
                    issued_on=issued_on, valid_until=valid_until, issuer=issuer), by=by)
        except IntegrityError:
            raise taken from None
        same = officer.certificates.filter(status=C.VALID, domain=domain, withdrawn_at__isnull=True).exclude(
            pk=certificate.pk)
        for old in same.filter(replaced_by__isnull=True, valid_until__lte=valid_until):
            change_record(old, by=by, replaced_by=certificate)
        later = same.filter(valid_until__gt=valid_until).order_by("-valid_until").first()
        if later is not None:  # an older certificate recorded after its renewal: renewed already, no reminder
            certificate = change_record(certificate, by=by, replaced_by=later)
    return certificate


def suspend_certificate(certificate: Certificate, *, by, on: dt.date, reason: str) -> Certificate:
    """Suspend (暂扣) a valid certificate from ``on``, with the reason; its holder may not enforce meanwhile."""
    _require_officer_keeper(certificate.agency_id, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for suspending the certificate.")})
    PROCEDURE.check_date("suspend", on, dates_of(certificate), field="on")
    if on is not None and on > certificate.valid_until:
        raise ValidationError({"on": _("The certificate expired on %(date)s: cancel it rather than suspend it.")
                               % {"date": certificate.valid_until.isoformat()}}, code="expired")
    return transition(certificate, C.SUSPENDED, by=by, allowed_from=[C.VALID], reason=reason, suspended_on=on,
                      status_reason=reason)


def reinstate_certificate(certificate: Certificate, *, by, on: dt.date, reason: str = "") -> Certificate:
    """Return a suspended certificate to its holder from ``on``."""
    _require_officer_keeper(certificate.agency_id, by)
    PROCEDURE.check_date("reinstate", on, dates_of(certificate), field="on")
    return transition(certificate, C.VALID, by=by, allowed_from=[C.SUSPENDED], reason=_text(reason),
                      suspended_on=None, status_reason="")


def cancel_certificate(certificate: Certificate, *, by, on: dt.date, reason: str) -> Certificate:
    """Cancel (注销) a certificate from ``on``, with the reason: not before its issue (or suspension), nor ahead."""
    _require_officer_keeper(certificate.agency_id, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for cancelling the certificate.")})
    PROCEDURE.check_date("cancel", on, dates_of(certificate), field="on")
    return transition(certificate, C.CANCELLED, by=by, allowed_from=[C.VALID, C.SUSPENDED], reason=reason,
                      cancelled_on=on, status_reason=reason)


def best_of(certificates: Iterable[Certificate], day: dt.date) -> Certificate | None:
    """Return the certificate that speaks for its holder on ``day``: the valid one lasting longest; else the latest
    issued, whose state says why the holder has none."""
    best = None
    for certificate in certificates:
        if best is None:
            best = certificate
            continue
        valid, best_valid = certificate.is_valid_on(day), best.is_valid_on(day)
        if valid != best_valid:
            best = certificate if valid else best
        elif valid and certificate.valid_until != best.valid_until:
            best = certificate if certificate.valid_until > best.valid_until else best
        elif (certificate.issued_on, certificate.pk) > (best.issued_on, best.pk):
            best = certificate
    return best


def best_certificates(officer_ids: Iterable[int], day: dt.date) -> dict[int, Certificate]:
    """Return, per officer, the certificate that speaks for them on ``day`` (``best_of``; one query)."""
    by_officer: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.filter(officer_id__in=list(officer_ids), withdrawn_at__isnull=True):
        by_officer.setdefault(certificate.officer_id, []).append(certificate)
    return {officer_id: best_of(found, day) for officer_id, found in by_officer.items()}


def why_not_valid(certificate: Certificate | None, day: dt.date) -> str:
    """Say why an officer holds no certificate valid on ``day``, from the certificate that speaks for them."""
    if certificate is None:
        return _("holds no enforcement certificate")
    state = certificate.state_on(day)
    params = {"number": certificate.number}
    if state == CertificateState.EXPIRED:
        return _("certificate %(number)s expired on %(date)s") % {**params, "date": certificate.valid_until.isoformat()}
    if state == CertificateState.SUSPENDED:
        return _("certificate %(number)s is suspended since %(date)s") % {
            **params, "date": certificate.suspended_on.isoformat() if certificate.suspended_on else "—"}
    if state == CertificateState.CANCELLED:
        return _("certificate %(number)s was cancelled on %(date)s") % {
            **params, "date": certificate.cancelled_on.isoformat() if certificate.cancelled_on else "—"}
    if state == CertificateState.NOT_YET:
        return _("certificate %(number)s is valid only from %(date)s") % {
            **params, "date": certificate.issued_on.isoformat()}
    return ""


def require_assignable(officers: Iterable[Officer], on: dt.date, *, law_allows_one: str = "") -> None:
    """Refuse to let ``officers`` enforce on ``on`` unless enough of them, each with a certificate valid that day.

    行政处罚法 第42条: penalties are imposed by officers with enforcement qualification, not fewer than two,
    unless a law provides otherwise; 第52、55条: they show their certificates. ``law_allows_one`` is the
    provision of another law that lets one officer act (第42条: "法律另有规定的除外"); the simplified procedure
    (第51条) does not by itself lower the number. The refusal names every officer short of a certificate and why.
    """
    unique = list({officer.pk: officer for officer in officers}.values())
    problems = []
    minimum = 1 if _text(law_allows_one) else 2
    if len(unique) < minimum:
        problems.append(_("At least two enforcement officers must act (%(article)s: 执法人员不得少于两人，法律另有规定的"
                          "除外); %(n)d named.") % {"article": ARTICLE_42, "n": len(unique)})
    best = best_certificates([o.pk for o in unique], on)
    for officer in unique:
        certificate = best.get(officer.pk)
        if certificate is None or not certificate.is_valid_on(on):
            problems.append(_("%(name)s may not enforce on %(date)s: %(why)s (%(article)s).") % {
                "name": officer.name, "date": on.isoformat(), "why": why_not_valid(certificate, on),
                "article": ARTICLE_42})
    if problems:
        raise ValidationError({"officers": problems}, code="not_assignable")


# Training ------------------------------------------------------------------------------------------------------


def _decimal(value, field: str, low: Decimal, high: Decimal, message: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: message}, code="invalid") from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError({field: message}, code="invalid")
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def record_training(officer: Officer, *, by, course: str, held_on: dt.date, hours, exam_score=None) -> Training:
    """Record a training (or the law exam, 学法考试) the officer took; the hours count for its year."""
    _require_officer_keeper(officer.agency_id, by)
    if officer.is_withdrawn:
        raise IllegalTransition(_("This officer's record was withdrawn."), code="withdrawn")
    course = _text(course)
    _required({"course": course}, {"course": _("Name the course or the exam.")})
    PROCEDURE.check_date("training", held_on, {}, field="held_on")
    hours = _decimal(hours, "hours", Decimal(0), Decimal(500),
                     _("Give the hours as a number between 0 and 500.")) or Decimal(0)
    score = _decimal(exam_score, "exam_score", Decimal(0), Decimal(100),
                     _("Give the exam score as a number between 0 and 100."))
    if hours == 0 and score is None:
        raise ValidationError({"hours": _("Give the hours of the training, or the score of the exam.")},
                              code="required")
    training = Training.objects.create(officer=officer, year=held_on.year, course=course, held_on=held_on,
                                       hours=hours, exam_score=score, created_by=by)
    record_event(action="create", target=training, actor=by, changes=diff({}, snapshot(training)))
    return training


def hours_in(officer_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """Return the training hours of each officer in ``year`` (one grouped query)."""
    rows = (Training.objects.filter(officer_id__in=list(officer_ids), year=year).values("officer_id")
            .annotate(total=Sum("hours")).order_by())
    return {row["officer_id"]: row["total"] or Decimal(0) for row in rows}


def short_of_hours(total: Decimal | None) -> bool:
    """Whether ``total`` hours fall short of the year's minimum (FAZHI_ENFORCEMENT_TRAINING_HOURS)."""
    return (total or Decimal(0)) < training_hours()


# Supervision (行政执法监督) --------------------------------------------------------------------------------------

#: 行政处罚法 第75条: complaints about enforcement are examined, and enforcement is supervised and checked.
ARTICLE_75 = "行政处罚法 第75条"
K = Complaint.Status
V = SupervisionCheck.Status
R = RectificationItem.Status


def can_supervise(user, agency: Agency) -> bool:
    """Return True when ``user`` works in a rule-of-law office whose region covers ``agency``'s (or administers).

    The office records complaints about a department's enforcement and its checks of it; the department does not.
    """
    scope = scope_for(user)
    if scope.is_admin:
        return True
    path = agency.region.path
    return any(path.startswith(subtree) for subtree in scope.write_subtrees)


def supervised_agencies(user):
    """The active agencies whose enforcement ``user`` supervises (``can_supervise``)."""
    scope = scope_for(user)
    qs = Agency.objects.filter(is_active=True).select_related("region").order_by("region__code", "name")
    if scope.is_admin:
        return qs
    q = Q(pk__in=[])
    for subtree in scope.write_subtrees:
        q |= Q(region__path__startswith=subtree)
    return qs.filter(q)


def offices_for(user):
    """The rule-of-law offices in whose name ``user`` records complaints and checks."""
    return supervised_agencies(user).filter(kind=Agency.Kind.RULE_OF_LAW_OFFICE)


def _require_office(office: Agency, agency: Agency, by) -> None:
    """Refuse unless ``by`` acts for ``office``, a rule-of-law office whose region covers ``agency``'s."""
    if office.kind != Agency.Kind.RULE_OF_LAW_OFFICE:
        raise ValidationError({"office": _("Choose a rule-of-law office.")}, code="invalid")
    if not (can_supervise(by, office) and can_supervise(by, agency)):
        raise IllegalTransition(_("Only the rule-of-law office of %(region)s may supervise the enforcement of "
                                  "%(agency)s.") % {"region": agency.region.name, "agency": agency.name},
                                code="forbidden")
    if not agency.region.path.startswith(office.region.path):
        raise ValidationError({"agency": _("%(agency)s is outside the region of %(office)s.")
                               % {"agency": agency.name, "office": office.name}}, code="invalid")


def _require_supervisor(record, by) -> None:
    if not can_supervise(by, record.agency):
        raise IllegalTransition(_("Only the rule-of-law office of %(region)s may do this.")
                                % {"region": record.agency.region.name}, code="forbidden")


def shows_complainant(user, complaint: Complaint) -> bool:
    """Whether ``user`` sees who complained: the office handling it does; the department complained about sees the
    name and contact masked, so that a complainant need not fear retaliation."""
    return can_supervise(user, complaint.agency)


def complainant_of(user, complaint: Complaint) -> tuple[str, str]:
    """The complainant's name and contact as ``user`` may see them (masked for the department)."""
    if shows_complainant(user, complaint):
        return complaint.complainant, complaint.contact
    return mask_name(complaint.complainant), mask_contact(complaint.contact)


def record_complaint(*, office: Agency, agency: Agency, by, kind: str, received_on: dt.date, channel: str,
                     matter: str, complainant: str = "", contact: str = "",
                     body: EnforcementBody | None = None) -> Complaint:
    """Record a complaint or a report about ``agency``'s enforcement, received by ``office`` (行政处罚法 第75条)."""
    _require_office(office, agency, by)
    matter = _text(matter)
    _required({"matter": matter}, {"matter": _("Say what the complaint is about.")})
    if kind not in Complaint.Kind.values:
        raise ValidationError({"kind": _("Choose complaint or report.")}, code="invalid")
    if channel not in Complaint.Channel.values:
        raise ValidationError({"channel": _("Choose the channel the complaint came through.")}, code="invalid")
    if body is not None and (body.agency_id != agency.pk or body.is_withdrawn):
        raise ValidationError({"body": _("Choose an enforcement body of %(agency)s.") % {"agency": agency.name}},
                              code="invalid")
    PROCEDURE.check_date("complaint_received", received_on, {}, field="received_on")
    return create_record(Complaint(agency=agency, office=office, kind=kind, received_on=received_on,
                                   channel=channel, matter=matter, complainant=_text(complainant),
                                   contact=_text(contact), body=body), by=by)


def accept_complaint(complaint: Complaint, *, by, on: dt.date) -> Complaint:
    """Start handling a received complaint from ``on``."""
    _require_supervisor(complaint, by)
    if complaint.status != K.RECEIVED:
        raise IllegalTransition(_("This complaint is already being handled or concluded."), code="illegal_transition")
    PROCEDURE.check_date("complaint_accepted", on, complaint_dates(complaint), field="on")
    return transition(complaint, K.HANDLING, by=by, allowed_from=[K.RECEIVED], accepted_on=on)


def conclude_complaint(complaint: Complaint, *, by, on: dt.date, outcome: str, outcome_text: str) -> Complaint:
    """Conclude a complaint with its outcome and the reply; only a referral may conclude one not yet handled."""
    _require_supervisor(complaint, by)
    outcome_text = _text(outcome_text)
    if complaint.status == K.CONCLUDED:
        raise IllegalTransition(_("This complaint was concluded on %(date)s; it cannot be concluded again.")
                                % {"date": complaint.concluded_on.isoformat() if complaint.concluded_on else "—"},
                                code="illegal_transition")
    if outcome not in Complaint.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")}, code="required")
    if complaint.status == K.RECEIVED and outcome != Complaint.Outcome.REFERRED:
        raise IllegalTransition(_(
            "A complaint is found founded, partly founded or unfounded only once it has been handled: start "
            "handling it first (%(article)s). Only a referral to the competent authority concludes it at once.")
            % {"article": ARTICLE_75}, code="illegal_transition")
    _required({"outcome_text": outcome_text}, {"outcome_text": _("Give the result and the reply to the complainant.")})
    PROCEDURE.check_date("complaint_concluded", on, complaint_dates(complaint), field="on")
    return transition(complaint, K.CONCLUDED, by=by, allowed_from=[K.RECEIVED, K.HANDLING], concluded_on=on,
                      outcome=outcome, outcome_text=outcome_text)


@transaction.atomic
def record_check(*, office: Agency, agency: Agency, by, kind: str, checked_on: dt.date, subject: str,
                 findings: str, outcome: str, items: Iterable[tuple[str, dt.date]] = ()) -> SupervisionCheck:
    """Record a supervision check of ``agency``'s enforcement by ``office``, with its rectification items.

    A check that found no problem is closed the day it was made; any other stays open until every item is done.
    """
    _require_office(office, agency, by)
    subject, findings = _text(subject), _text(findings)
    _required({"subject": subject, "findings": findings}, {
        "subject": _("Say what was checked."),
        "findings": _("Give the findings of the check."),
    })
    if kind not in SupervisionCheck.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of check.")}, code="invalid")
    if outcome not in SupervisionCheck.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome of the check.")}, code="invalid")
    items = list(items)
    compliant = outcome == SupervisionCheck.Outcome.COMPLIANT
    if compliant and items:
        raise ValidationError({"outcome": _("A check that found no problem orders no rectification.")},
                              code="invalid")
    PROCEDURE.check_date("check", checked_on, {}, field="checked_on")
    check = create_record(SupervisionCheck(
        agency=agency, office=office, kind=kind, checked_on=checked_on, subject=subject, findings=findings,
        outcome=outcome, status=V.CLOSED if compliant else V.RECTIFYING, closed_on=checked_on if compliant else None,
    ), by=by)
    for description, due_on in items:
        add_rectification_item(check, by=by, description=description, due_on=due_on)
    return check


def add_rectification_item(check: SupervisionCheck, *, by, description: str, due_on: dt.date) -> RectificationItem:
    """Order the checked department to rectify ``description`` by ``due_on`` (after the check)."""
    _require_supervisor(check, by)
    if check.status != V.RECTIFYING:
        raise IllegalTransition(_("This check is closed: no rectification can be added."), code="illegal_transition")
    description = _text(description)
    _required({"description": description}, {"description": _("Say what is to be rectified.")})
    PROCEDURE.check_date("rectification_due", due_on, {"check": check.checked_on}, field="due_on")
    return create_record(RectificationItem(agency_id=check.agency_id, supervision_check=check,
                                           description=description, due_on=due_on), by=by)


def can_rectify(user, item: RectificationItem) -> bool:
    """The checked department's clerks record that an item was rectified; so may the office that checked."""
    return can_write(user, item.agency_id) or can_supervise(user, item.agency)


def complete_rectification(item: RectificationItem, *, by, on: dt.date, note: str) -> RectificationItem:
    """Record that the department rectified ``item`` on ``on``, and how."""
    if not can_rectify(by, item):
        raise IllegalTransition(_("Only the clerks of %(agency)s or the rule-of-law office may record this "
                                  "rectification.") % {"agency": item.agency.name}, code="forbidden")
    check = item.supervision_check
    if check.status != V.RECTIFYING:
        raise IllegalTransition(_("This check is closed."), code="illegal_transition")
    if item.status == R.DONE:
        raise IllegalTransition(_("This item was already rectified on %(date)s.")
                                % {"date": item.completed_on.isoformat() if item.completed_on else "—"},
                                code="illegal_transition")
    note = _text(note)
    _required({"note": note}, {"note": _("Say how it was rectified.")})
    PROCEDURE.check_date("rectification_done", on, {"check": check.checked_on}, field="on")
    return transition(item, R.DONE, by=by, allowed_from=[R.OPEN], completed_on=on, completion_note=note)


def close_check(check: SupervisionCheck, *, by, on: dt.date, note: str = "") -> SupervisionCheck:
    """Close a check once every rectification item is done."""
    _require_supervisor(check, by)
    if check.status == V.CLOSED:
        raise IllegalTransition(_("This check was closed on %(date)s.")
                                % {"date": check.closed_on.isoformat() if check.closed_on else "—"},
                                code="illegal_transition")
    items = list(check.items.filter(withdrawn_at__isnull=True))
    if not items:
        raise IllegalTransition(_("The check ordered rectification: record the items to rectify before closing "
                                  "it."), code="illegal_transition")
    still_open = [item for item in items if item.status == R.OPEN]
    if still_open:
        raise IllegalTransition(ngettext(
            "%(n)d rectification item is not yet rectified: the check closes only once every item is done.",
            "%(n)d rectification items are not yet rectified: the check closes only once every item is done.",
            len(still_open)) % {"n": len(still_open)}, code="illegal_transition")
    done = max(item.completed_on for item in items)
    PROCEDURE.check_date("check_closed", on, {"check": check.checked_on, "rectification_done": done}, field="on")
    return transition(check, V.CLOSED, by=by, allowed_from=[V.RECTIFYING], reason=_text(note), closed_on=on)
