"""JSON endpoints of the normative-document ledger: list, detail and the steps, all through the scope."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Search, Text, Year
from fazhi.core import limits
from fazhi.normative import actions
from fazhi.normative.models import Document, Filing
from fazhi.normative.views import filtered_documents
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404

router = Router(tags=["normative documents"])


class FilingOut(Schema):
    id: int
    addressee_kind: str
    addressee_name: str
    due_on: dt.date
    filed_on: dt.date | None
    receipt: str
    late: bool
    overdue: bool

    @staticmethod
    def resolve_late(obj):
        return obj.is_late

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(timezone.localdate())


class DocumentOut(OwnedOut):
    id: int
    title: str
    number: str
    kind: str
    status: str
    status_label: str
    year: int
    provisional: bool
    concerns_market_entities: bool
    review_submitted_on: dt.date | None
    review_due: dt.date | None
    review_completed_on: dt.date | None
    review_passed: bool | None
    review_number: str
    deliberated_on: dt.date | None
    registered_on: Day | None
    published_on: dt.date | None
    effective_from: dt.date | None
    early_effect_reason: str
    valid_until: dt.date | None
    next_deadline: dt.date | None

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


class DocumentDetailOut(DocumentOut):
    summary: str
    full_text: str
    interpretation: str
    review_opinion: str
    reviewer: str
    deliberation_meeting: str
    publication_channel: str
    filings: list[FilingOut]

    @staticmethod
    def resolve_filings(obj):
        return list(obj.filings.all())


class DocumentIn(Schema):
    agency: Code
    title: Line(200, 1)
    kind: Document.Kind = Document.Kind.DEPARTMENT
    concerns_market_entities: bool = False
    provisional: bool | None = None
    summary: Text(limits.TEXT) = ""
    full_text: Text(limits.DOCUMENT) = ""
    interpretation: Text(limits.DOCUMENT) = ""


class DocumentChangeIn(Schema):
    """The fields to change; those left out keep their value."""

    title: Line(200, 1) | None = None
    kind: Document.Kind | None = None
    concerns_market_entities: bool | None = None
    provisional: bool | None = None
    summary: Text(limits.TEXT) | None = None
    full_text: Text(limits.DOCUMENT) | None = None
    interpretation: Text(limits.DOCUMENT) | None = None


class SubmitReviewIn(Schema):
    submitted_on: Day
    skip_reason: Text() = ""


class ReviewIn(Schema):
    passed: bool
    opinion: Text(limits.TEXT, 1)
    completed_on: Day
    reviewer: Line(60) = ""
    signatory: Line(60) = ""


class DeliberationIn(Schema):
    meeting: Line(120, 1)
    deliberated_on: Day


class RegisterIn(Schema):
    registered_on: Day


class PublishIn(Schema):
    published_on: Day
    channel: Line(120, 1)
    effective_from: Day
    interpretation: Text(limits.DOCUMENT) | None = None
    early_effect_reason: Line(500) = ""


class FilingIn(Schema):
    addressee_kind: Filing.Addressee
    filed_on: Day
    receipt: Line(120) = ""


def _document(request, document_id: int) -> Document:
    return get_visible_or_404(request.user, Document.objects.select_related("agency__region"), pk=document_id)


def _act(request, document_id: int, perform):
    """Run one action on a document the caller may read; a refused move answers 409 with the reason."""
    document = _document(request, document_id)
    try:
        perform(document)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _document(request, document_id)


@router.get("/normative/documents", response=list[DocumentOut], summary="Normative documents the caller may see")
@paginate
def list_documents(request, q: Search = "", agency: Code = "", year: Year | None = None, status: Code = "",
                   overdue: bool = False):
    filters = {"q": q.strip(), "agency": agency, "year": year,
               "status": status if status in Document.Status.values else "", "overdue": overdue}
    return (filtered_documents(request.user, filters, timezone.localdate()).select_related("agency")
            .order_by("-created_at", "-id"))


@router.get("/normative/documents/{document_id}", response=DocumentDetailOut, summary="One normative document")
def get_document(request, document_id: Id):
    return _document(request, document_id)


@router.post("/normative/documents", response=DocumentDetailOut,
             summary="Start a draft in an agency the caller writes for")
def create_document(request, payload: DocumentIn):
    agency = get_visible_or_404(request.user, Agency.objects.select_related("region"), code=payload.agency)
    if not actions.can_draft(request.user, agency):
        raise refusal(PermissionDenied()) from None
    try:
        document = actions.draft_document(by=request.user, **(payload.dict() | {"agency": agency}))
    except ValidationError as exc:
        raise refusal(exc) from None
    return _document(request, document.pk)


@router.patch("/normative/documents/{document_id}", response=DocumentDetailOut,
              summary="Change a draft's title, kind, texts or flags (while drafting or under public comment)")
def change_document(request, document_id: Id, payload: DocumentChangeIn):
    values = payload.dict(exclude_unset=True)
    values = {name: value for name, value in values.items() if value is not None}
    return _act(request, document_id, lambda d: actions.edit_document(d, by=request.user, **values))


@router.post("/normative/documents/{document_id}/submit-review", response=DocumentDetailOut,
             summary="Submit the draft for legality review")
def submit_review(request, document_id: Id, payload: SubmitReviewIn):
    return _act(request, document_id, lambda d: actions.submit_for_review(
        d, by=request.user, submitted_on=payload.submitted_on, skip_reason=payload.skip_reason))


@router.post("/normative/documents/{document_id}/review", response=DocumentDetailOut,
             summary="Record the legality review (rule-of-law office)")
def review(request, document_id: Id, payload: ReviewIn):
    return _act(request, document_id, lambda d: actions.record_review(
        d, by=request.user, passed=payload.passed, opinion=payload.opinion, completed_on=payload.completed_on,
        reviewer=payload.reviewer, signatory=payload.signatory))


@router.post("/normative/documents/{document_id}/deliberate", response=DocumentDetailOut,
             summary="Record the collective deliberation")
def deliberate(request, document_id: Id, payload: DeliberationIn):
    return _act(request, document_id, lambda d: actions.record_deliberation(
        d, by=request.user, meeting=payload.meeting, deliberated_on=payload.deliberated_on))


@router.post("/normative/documents/{document_id}/register", response=DocumentDetailOut,
             summary="Register and number the document (rule-of-law office)")
def register(request, document_id: Id, payload: RegisterIn):
    return _act(request, document_id, lambda d: actions.register_document(
        d, by=request.user, registered_on=payload.registered_on))


@router.post("/normative/documents/{document_id}/publish", response=DocumentDetailOut,
             summary="Publish the document with its policy interpretation (rule-of-law office)")
def publish(request, document_id: Id, payload: PublishIn):
    return _act(request, document_id, lambda d: actions.publish_document(
        d, by=request.user, published_on=payload.published_on, channel=payload.channel,
        effective_from=payload.effective_from, interpretation=payload.interpretation,
        early_effect_reason=payload.early_effect_reason))


@router.post("/normative/documents/{document_id}/file", response=DocumentDetailOut,
             summary="Record the filing with one addressee")
def file(request, document_id: Id, payload: FilingIn):
    return _act(request, document_id, lambda d: actions.file_document(
        d, by=request.user, addressee_kind=payload.addressee_kind, filed_on=payload.filed_on,
        receipt=payload.receipt))
