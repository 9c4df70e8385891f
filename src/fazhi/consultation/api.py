"""Consultation endpoints for staff: list, detail, comments and the moderation and feedback actions.

Every query goes through the organisation scope; a refused action answers by the one rule of
``fazhi.api.refusals``: 422 naming the wrong fields, 403 when not the caller's to take, 409 (illegal move) with
the reason. Public commenting stays on the portal form, with its abuse protection.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.api.refusals import REFUSAL_RESPONSES, refusal
from fazhi.api.types import Code, Id, OwnedOut, Search, Text, Year
from fazhi.consultation import actions
from fazhi.consultation.models import Comment, Consultation
from fazhi.core import limits
from fazhi.org.scope import get_editable_or_404, get_visible_or_404

router = Router(tags=["consultation"])


class ConsultationOut(OwnedOut):
    id: int
    title: str
    kind: str
    status: str
    opens_on: dt.date
    closes_on: dt.date
    shortened_reason: str
    concluded_on: dt.date | None = None
    next_deadline: dt.date | None = None


class ConsultationDetailOut(ConsultationOut):
    body: str
    explanation: str
    feedback: str
    paragraphs: list[str]
    target_type: str
    target_id: int
    comments: dict[str, int]

    @staticmethod
    def resolve_paragraphs(obj):
        return obj.paragraphs()

    @staticmethod
    def resolve_target_type(obj):
        return obj.target_type.natural_key()[0] + "." + obj.target_type.model

    @staticmethod
    def resolve_comments(obj):
        counts = {status: 0 for status in Comment.Status.values}
        for status in obj.comments.values_list("status", flat=True):
            counts[status] += 1
        return counts


class CommentOut(Schema):
    id: int
    consultation_id: int
    paragraph: int | None = None
    author_name: str
    contact: str
    text: str
    created_at: dt.datetime
    status: str
    hidden_reason: str
    adoption: str
    adoption_reason: str


class ReasonIn(Schema):
    reason: Text(limits.REASON) = ""


class FeedbackIn(Schema):
    feedback: Text(limits.TEXT, 1)


class AdoptionIn(Schema):
    adoption: Comment.Adoption
    reason: Text(limits.REASON) = ""


def _act(func, *args, **kwargs):
    """Run an action; a refusal answers by the API's one rule (``fazhi.api.refusals``)."""
    try:
        return func(*args, **kwargs)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None


CONSULTATION_ANSWERS = {200: ConsultationOut, **REFUSAL_RESPONSES}
COMMENT_ANSWERS = {200: CommentOut, **REFUSAL_RESPONSES}


def _editable(request, queryset, pk):
    try:
        return get_editable_or_404(request.user, queryset, pk=pk)
    except PermissionDenied as exc:
        raise HttpError(403, _("You may read but not change this record.")) from exc


@router.get("/consultations", response=list[ConsultationOut], summary="Consultations the caller may see")
@paginate
def list_consultations(request, status: Consultation.Status | None = None, kind: Consultation.Kind | None = None,
                       agency: Code | None = None, year: Year | None = None, q: Search | None = None):
    qs = Consultation.objects.visible_to(request.user).filter(withdrawn_at__isnull=True).select_related("agency")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if agency:
        qs = qs.filter(agency__code=agency)
    if year:
        qs = qs.filter(opens_on__year=year)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(agency__name__icontains=q))
    return qs.order_by("-opens_on", "-pk")


@router.get("/consultations/{pk}", response=ConsultationDetailOut, summary="One consultation")
def get_consultation(request, pk: Id):
    return get_visible_or_404(request.user, Consultation.objects.select_related("agency", "target_type"), pk=pk)


@router.get("/consultations/{pk}/comments", response=list[CommentOut], summary="Comments of one consultation")
@paginate
def list_comments(request, pk: Id, status: Comment.Status | None = None):
    consultation = get_visible_or_404(request.user, Consultation, pk=pk)
    qs = consultation.comments.all()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk")


@router.post("/consultations/{pk}/close", response=CONSULTATION_ANSWERS, summary="Close the comment window")
def close(request, pk: Id, payload: ReasonIn):
    consultation = _editable(request, Consultation.objects.select_related("agency"), pk)
    return _act(actions.close_consultation, consultation, by=request.user, reason=payload.reason)


@router.post("/consultations/{pk}/conclude", response=CONSULTATION_ANSWERS, summary="Publish the feedback (采纳情况)")
def conclude(request, pk: Id, payload: FeedbackIn):
    consultation = _editable(request, Consultation.objects.select_related("agency"), pk)
    return _act(actions.conclude_consultation, consultation, by=request.user, feedback=payload.feedback)


@router.post("/consultations/comments/{pk}/publish", response=COMMENT_ANSWERS, summary="Publish a comment on the portal")
def publish(request, pk: Id):
    comment = _editable(request, Comment.objects.select_related("consultation"), pk)
    return _act(actions.publish_comment, comment, by=request.user)


@router.post("/consultations/comments/{pk}/hide", response=COMMENT_ANSWERS, summary="Hide a comment, with the reason")
def hide(request, pk: Id, payload: ReasonIn):
    comment = _editable(request, Comment.objects.select_related("consultation"), pk)
    return _act(actions.hide_comment, comment, by=request.user, reason=payload.reason)


@router.post("/consultations/comments/{pk}/adoption", response=COMMENT_ANSWERS, summary="Record whether a comment was adopted")
def adoption(request, pk: Id, payload: AdoptionIn):
    comment = _editable(request, Comment.objects.select_related("consultation"), pk)
    return _act(actions.record_adoption, comment, payload.adoption, payload.reason, by=request.user)
