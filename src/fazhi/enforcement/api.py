"""JSON endpoints of the enforcement ledger: bodies, officers with their certificates, and the certificate steps;
supervision: complaints about enforcement and the office's checks with their rectification items.

Everything goes through the scope: another agency's officer answers 404; a reader who does not keep the ledger
(the rule-of-law office) is refused with 403; a refused step answers 422 naming the field, or 409. For
supervision it is the other way round: the office records and handles, the department reads (a complainant
masked) and records its rectification, a department's clerk recording a check is refused with 403.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import REFUSAL_RESPONSES, refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Search, Text, Year
from fazhi.core import limits
from fazhi.enforcement import actions
from fazhi.enforcement.models import (
    Certificate,
    CertificateState,
    Complaint,
    EnforcementBody,
    Officer,
    RectificationItem,
    SupervisionCheck,
    training_hours,
)
from fazhi.enforcement.supervision import filtered_checks, filtered_complaints
from fazhi.enforcement.views import CERTIFICATE_FILTERS, filtered_officers
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for

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


# Supervision (行政执法监督) -----------------------------------------------------------------------------------


class ComplaintOut(OwnedOut):
    """A complaint; ``complainant`` and ``contact`` masked for the department complained about."""

    id: int
    office_code: str
    kind: str
    received_on: dt.date
    channel: str
    complainant: str
    contact: str
    body_id: int | None
    matter: str
    status: str
    status_label: str
    due_on: dt.date
    accepted_on: dt.date | None
    concluded_on: dt.date | None
    outcome: str
    outcome_text: str

    @staticmethod
    def resolve_office_code(obj):
        return obj.office.code

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_complainant(obj, context):
        return actions.complainant_of(context["request"].user, obj)[0]

    @staticmethod
    def resolve_contact(obj, context):
        return actions.complainant_of(context["request"].user, obj)[1]


class ComplaintIn(Schema):
    office: Code
    agency: Code
    kind: Complaint.Kind = Complaint.Kind.COMPLAINT
    received_on: Day
    channel: Complaint.Channel
    matter: Text(limits.REASON)
    complainant: Line(60) = ""
    contact: Line(120) = ""
    body: Id | None = None


class DayIn(Schema):
    on: Day


class ConcludeIn(Schema):
    on: Day
    outcome: Complaint.Outcome
    outcome_text: Text(limits.REASON) = ""


class RectificationItemOut(Schema):
    id: int
    description: str
    due_on: dt.date
    status: str
    completed_on: dt.date | None
    completion_note: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(timezone.localdate())


class CheckOut(OwnedOut):
    id: int
    office_code: str
    kind: str
    checked_on: dt.date
    subject: str
    findings: str
    outcome: str
    status: str
    closed_on: dt.date | None
    items: list[RectificationItemOut]

    @staticmethod
    def resolve_office_code(obj):
        return obj.office.code

    @staticmethod
    def resolve_items(obj):
        return [item for item in obj.items.all() if item.withdrawn_at is None]


class ItemIn(Schema):
    description: Text(limits.REASON)
    due_on: Day


class CheckIn(Schema):
    office: Code
    agency: Code
    kind: SupervisionCheck.Kind
    checked_on: Day
    subject: Line(200)
    findings: Text(limits.REASON)
    outcome: SupervisionCheck.Outcome
    items: list[ItemIn] = []


class CompleteIn(Schema):
    on: Day
    note: Text(limits.REASON) = ""


class CloseIn(Schema):
    on: Day
    note: Text(limits.REASON) = ""


def _agency_by_code(request, code: str, field: str) -> Agency:
    """The agency ``code`` if the caller may see it; else a 422 naming ``field`` (an outsider learns nothing)."""
    agency = scope_for(request.user).agencies().filter(code=code).select_related("region").first()
    if agency is None:
        raise refusal(ValidationError({field: _("No agency with this code is visible to you.")}, code="invalid"))
    return agency


def _complaint(request, complaint_id: int) -> Complaint:
    return get_visible_or_404(request.user, Complaint.objects.select_related("agency__region", "office"),
                              pk=complaint_id)


def _check(request, check_id: int) -> SupervisionCheck:
    return get_visible_or_404(request.user, SupervisionCheck.objects.select_related("agency__region", "office")
                              .prefetch_related("items"), pk=check_id)


@router.get("/enforcement/complaints", response=list[ComplaintOut], summary="Complaints about enforcement")
@paginate
def list_complaints(request, status: Code = "", agency: Code = "", year: Year | None = None):
    filters = {"status": status if status in Complaint.Status.values else "", "agency": agency, "year": year}
    return filtered_complaints(request.user, filters).order_by("-received_on", "-id")


@router.get("/enforcement/complaints/{complaint_id}", response=ComplaintOut, summary="One complaint")
def get_complaint(request, complaint_id: Id):
    return _complaint(request, complaint_id)


@router.post("/enforcement/complaints", response={200: ComplaintOut, **REFUSAL_RESPONSES},
             summary="Record a complaint about an agency's enforcement (the rule-of-law office)")
def create_complaint(request, payload: ComplaintIn):
    if not actions.offices_for(request.user).exists():
        raise refusal(PermissionDenied())
    data = payload.dict()
    data["office"] = _agency_by_code(request, data["office"], "office")
    data["agency"] = _agency_by_code(request, data["agency"], "agency")
    if data["body"] is not None:
        data["body"] = get_visible_or_404(request.user, EnforcementBody, pk=data["body"])
    try:
        complaint = actions.record_complaint(by=request.user, **data)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _complaint(request, complaint.pk)


@router.post("/enforcement/complaints/{complaint_id}/accept", response={200: ComplaintOut, **REFUSAL_RESPONSES},
             summary="Start handling a complaint")
def accept_complaint(request, complaint_id: Id, payload: DayIn):
    complaint = _complaint(request, complaint_id)
    try:
        actions.accept_complaint(complaint, by=request.user, on=payload.on)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _complaint(request, complaint_id)


@router.post("/enforcement/complaints/{complaint_id}/conclude", response={200: ComplaintOut, **REFUSAL_RESPONSES},
             summary="Conclude a complaint with its outcome")
def conclude_complaint(request, complaint_id: Id, payload: ConcludeIn):
    complaint = _complaint(request, complaint_id)
    try:
        actions.conclude_complaint(complaint, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _complaint(request, complaint_id)


@router.get("/enforcement/supervision-checks", response=list[CheckOut], summary="Supervision checks of enforcement")
@paginate
def list_checks(request, status: Code = "", agency: Code = "", office: Code = "", year: Year | None = None):
    filters = {"status": status if status in SupervisionCheck.Status.values else "", "agency": agency,
               "office": office, "year": year}
    return (filtered_checks(request.user, filters, timezone.localdate()).prefetch_related("items")
            .order_by("-checked_on", "-id"))


@router.get("/enforcement/supervision-checks/{check_id}", response=CheckOut, summary="One supervision check")
def get_check(request, check_id: Id):
    return _check(request, check_id)


@router.post("/enforcement/supervision-checks", response={200: CheckOut, **REFUSAL_RESPONSES},
             summary="Record a supervision check of an agency's enforcement (the rule-of-law office)")
def create_check(request, payload: CheckIn):
    if not actions.offices_for(request.user).exists():
        raise refusal(PermissionDenied())
    data = payload.dict()
    data["office"] = _agency_by_code(request, data["office"], "office")
    data["agency"] = _agency_by_code(request, data["agency"], "agency")
    data["items"] = [(item["description"], item["due_on"]) for item in data["items"]]
    try:
        check = actions.record_check(by=request.user, **data)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _check(request, check.pk)


@router.post("/enforcement/supervision-checks/{check_id}/items", response={200: CheckOut, **REFUSAL_RESPONSES},
             summary="Order a rectification item")
def add_item(request, check_id: Id, payload: ItemIn):
    check = _check(request, check_id)
    try:
        actions.add_rectification_item(check, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _check(request, check_id)


@router.post("/enforcement/supervision-checks/{check_id}/close", response={200: CheckOut, **REFUSAL_RESPONSES},
             summary="Close a check once every item is rectified")
def close_check(request, check_id: Id, payload: CloseIn):
    check = _check(request, check_id)
    try:
        actions.close_check(check, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _check(request, check_id)


@router.post("/enforcement/rectifications/{item_id}/complete", response={200: RectificationItemOut, **REFUSAL_RESPONSES},
             summary="Record that a rectification item was done (the department)")
def complete_item(request, item_id: Id, payload: CompleteIn):
    item = get_visible_or_404(request.user, RectificationItem.objects.select_related(
        "agency__region", "supervision_check"), pk=item_id)
    try:
        actions.complete_rectification(item, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return RectificationItem.objects.get(pk=item.pk)
