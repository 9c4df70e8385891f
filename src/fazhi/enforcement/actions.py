"""What people do with the enforcement ledger (行政执法): every change is one of these audited actions.

Who may act: the agency's own clerks keep its bodies, officers, certificates and trainings (and the system
administrator); the rule-of-law office of the region and the leaders read them (``fazhi.org.scope``).

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
from django.db.models import Sum
from django.utils.translation import gettext as _

from fazhi.audit.actions import diff, record_event, snapshot
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.enforcement.models import (
    Certificate,
    CertificateState,
    EnforcementBody,
    Officer,
    Training,
    id_number_problem,
    mask_id_number,
    training_hours,
)
from fazhi.enforcement.procedure import PROCEDURE, dates_of
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

__all__ = [
    "best_certificates", "best_of", "can_write", "cancel_certificate", "hours_in", "issue_certificate", "record_training",
    "register_body", "register_officer", "reinstate_certificate", "require_assignable", "suspend_certificate",
    "withdraw_body",
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
                  entrusted_by: EnforcementBody | None = None) -> EnforcementBody:
    """Register an enforcement body of ``agency``; an entrusted organisation names the body that entrusted it."""
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
                                         domains=domains, entrusted_by=entrusted_by), by=by)


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
    _require_writer(body.agency_id, by)
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
    _require_writer(officer.agency_id, by)
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
    _require_writer(certificate.agency_id, by)
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
    _require_writer(certificate.agency_id, by)
    PROCEDURE.check_date("reinstate", on, dates_of(certificate), field="on")
    return transition(certificate, C.VALID, by=by, allowed_from=[C.SUSPENDED], reason=_text(reason),
                      suspended_on=None, status_reason="")


def cancel_certificate(certificate: Certificate, *, by, on: dt.date, reason: str) -> Certificate:
    """Cancel (注销) a certificate from ``on``, with the reason: not before its issue (or suspension), nor ahead."""
    _require_writer(certificate.agency_id, by)
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
    _require_writer(officer.agency_id, by)
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
