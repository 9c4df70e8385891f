"""JSON endpoints of the enforcement ledger: bodies, officers with their certificates, and the certificate steps.

Everything goes through the scope: another agency's officer answers 404; a reader who does not keep the ledger
(the rule-of-law office) is refused with 403; a refused step answers 422 naming the field, or 409.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Search, Text
from fazhi.core import limits
from fazhi.enforcement import actions
from fazhi.enforcement.models import Certificate, CertificateState, EnforcementBody, Officer, training_hours
from fazhi.enforcement.views import CERTIFICATE_FILTERS, filtered_officers
from fazhi.org.scope import get_visible_or_404

router = Router(tags=["law enforcement"])


class BodyOut(OwnedOut):
    id: int
    name: str
    kind: str
    kind_label: str
    legal_basis: str
    domains: str
    status: str
    entrusted_by_id: int | None
    ended_on: dt.date | None

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())


class CertificateOut(Schema):
    id: int
    officer_id: int
    holder: str
    number: str
    area: str
    domain: str
    issued_on: dt.date
    valid_until: dt.date
    issuer: str
    status: str
    state: str
    state_label: str
    status_reason: str
    suspended_on: dt.date | None
    cancelled_on: dt.date | None
    next_deadline: dt.date | None

    @staticmethod
    def resolve_holder(obj):
        return obj.officer.name

    @staticmethod
    def resolve_state(obj):
        return obj.state_on(timezone.localdate())

    @staticmethod
    def resolve_state_label(obj):
        return str(CertificateState(obj.state_on(timezone.localdate())).label)


class TrainingOut(Schema):
    id: int
    year: int
    course: str
    held_on: dt.date
    hours: Decimal
    exam_score: Decimal | None


class OfficerOut(OwnedOut):
    id: int
    name: str
    gender: str
    id_number: str
    position: str
    phone: str
    body_id: int
    body_name: str
    certificate_number: str | None
    certificate_state: str
    valid_until: dt.date | None

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name


    @staticmethod
    def resolve_certificate_number(obj):
        best = _best(obj)
        return best.number if best else None

    @staticmethod
    def resolve_certificate_state(obj):
        best = _best(obj)
        return best.state_on(timezone.localdate()) if best else "none"

    @staticmethod
    def resolve_valid_until(obj):
        best = _best(obj)
        return best.valid_until if best else None


class OfficerDetailOut(OfficerOut):
    certificates: list[CertificateOut]
    trainings: list[TrainingOut]
    training_hours_this_year: Decimal
    training_hours_required: Decimal

    @staticmethod
    def resolve_certificates(obj):
        return list(obj.live_certificates)

    @staticmethod
    def resolve_trainings(obj):
        return list(obj.trainings.all())

    @staticmethod
    def resolve_training_hours_this_year(obj):
        year = timezone.localdate().year
        return sum((t.hours for t in obj.trainings.all() if t.year == year), Decimal(0))

    @staticmethod
    def resolve_training_hours_required(obj):
        return training_hours()


class OfficerIn(Schema):
    body: Id
    name: Line(60)
    id_number: Line(18)
    position: Line(60)
    gender: Officer.Gender = Officer.Gender.NONE
    phone: Line(20) = ""


class CertificateIn(Schema):
    number: Line(40)
    area: Line(120)
    domain: Line(120)
    issued_on: Day
    valid_until: Day
    issuer: Line(120)


class CancelIn(Schema):
    on: Day
    reason: Text(limits.REASON) = ""


def _best(officer: Officer) -> Certificate | None:
    """The certificate that speaks for the officer today, from the prefetched ones (``_officers``)."""
    return actions.best_of(officer.live_certificates, timezone.localdate())


def _officers(qs, *, trainings: bool = False):
    """``qs`` with what the answers read, in a fixed number of queries whatever the page's length."""
    live = Certificate.objects.filter(withdrawn_at__isnull=True).select_related("officer")
    qs = qs.select_related("agency", "body").prefetch_related(
        Prefetch("certificates", queryset=live, to_attr="live_certificates"))
    return qs.prefetch_related("trainings") if trainings else qs


def _officer(request, officer_id: int) -> Officer:
    return get_visible_or_404(request.user, _officers(Officer.objects.all(), trainings=True), pk=officer_id)


@router.get("/enforcement/bodies", response=list[BodyOut], summary="Enforcement bodies the caller may see")
@paginate
def list_bodies(request, agency: Code = ""):
    qs = EnforcementBody.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
    if agency:
        qs = qs.filter(agency__code=agency)
    return qs.select_related("agency").order_by("agency__name", "name", "pk")


@router.get("/enforcement/officers", response=list[OfficerOut], summary="Enforcement officers the caller may see")
@paginate
def list_officers(request, q: Search = "", agency: Code = "", body: Id | None = None, certificate: Code = ""):
    """``certificate``: valid, expiring (within the warning period), expired, or none (no valid certificate)."""
    filters = {"q": q.strip(), "agency": agency, "body": body,
               "certificate": certificate if certificate in CERTIFICATE_FILTERS else ""}
    return _officers(filtered_officers(request.user, filters, timezone.localdate())).order_by("-created_at", "-id")


@router.get("/enforcement/officers/{officer_id}", response=OfficerDetailOut,
            summary="One officer with certificates and trainings")
def get_officer(request, officer_id: Id):
    return _officer(request, officer_id)


@router.post("/enforcement/officers", response=OfficerDetailOut, summary="Register an officer of a body")
def create_officer(request, payload: OfficerIn):
    body = get_visible_or_404(request.user, EnforcementBody.objects.select_related("agency"), pk=payload.body)
    try:
        officer = actions.register_officer(by=request.user, **(payload.dict() | {"body": body}))
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _officer(request, officer.pk)


@router.post("/enforcement/officers/{officer_id}/certificates", response=CertificateOut,
             summary="Record a certificate issued to the officer")
def issue_certificate(request, officer_id: Id, payload: CertificateIn):
    officer = _officer(request, officer_id)
    try:
        certificate = actions.issue_certificate(officer, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return Certificate.objects.select_related("officer").get(pk=certificate.pk)


@router.post("/enforcement/certificates/{certificate_id}/cancel", response=CertificateOut,
             summary="Cancel a certificate, with the reason")
def cancel_certificate(request, certificate_id: Id, payload: CancelIn):
    certificate = get_visible_or_404(request.user, Certificate.objects.select_related("officer"), pk=certificate_id)
    try:
        actions.cancel_certificate(certificate, by=request.user, on=payload.on, reason=payload.reason)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return Certificate.objects.select_related("officer").get(pk=certificate.pk)
