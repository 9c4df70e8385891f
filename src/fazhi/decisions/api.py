"""Major-decision endpoints: catalogues, decisions with their procedure steps, and the procedure's actions.

Every query goes through the organisation scope. A refused action answers by the one rule of
``fazhi.api.refusals``: 422 naming the wrong fields, 403 when the caller may read but not act, 409 with the
action's message when the procedure refuses (a step missing, out of order, never skippable).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import REFUSAL_RESPONSES, refusal
from fazhi.api.types import Code, Day, Id, Line, Search, Text, Year
from fazhi.core import limits
from fazhi.decisions import actions, rules
from fazhi.decisions.models import Category, Decision
from fazhi.decisions.views import Filters, _catalogs, _item_or_404, filtered_decisions
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for

router = Router(tags=["major decisions"])


class StepOut(Schema):
    kind: str
    label: str
    round: int
    status: str
    started_on: dt.date | None
    due_on: dt.date | None
    done_on: dt.date | None
    skip_reason: str
    details: dict

    @staticmethod
    def resolve_label(obj):
        return str(obj.get_kind_display())


class EvaluationOut(Schema):
    id: int
    scheduled_on: dt.date
    evaluator: str
    findings: str
    recommendation: str
    done_on: dt.date | None


class DecisionOut(Schema):
    id: int
    title: str
    year: int
    status: str
    category: str
    concerns_market: bool
    lead_unit: str
    deciding_body: str
    catalog_item_id: int | None
    planned_completion: dt.date | None
    decided_on: dt.date | None
    published_on: dt.date | None
    next_deadline: dt.date | None

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.agency.code

    @staticmethod
    def resolve_deciding_body(obj):
        return obj.deciding_body.code


class DecisionDetailOut(DecisionOut):
    summary: str
    reviewer: str
    round: int
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    missing_before_decision: list[str]
    steps: list[StepOut]
    evaluations: list[EvaluationOut]

    @staticmethod
    def resolve_reviewer(obj):
        return obj.reviewer.code

    @staticmethod
    def resolve_steps(obj):
        return sorted((s for s in obj.steps.all() if s.round == obj.round), key=lambda s: s.order)

    @staticmethod
    def resolve_missing_before_decision(obj):
        if obj.status not in rules.BEFORE_DECISION:
            return []
        return rules.missing_before_decision((s.kind, s.status) for s in obj.steps.all() if s.round == obj.round)

    @staticmethod
    def resolve_evaluations(obj):
        return list(obj.evaluations.all())


class ItemOut(Schema):
    id: int
    number: int | None
    name: str
    lead_unit: str
    category: str
    planned_completion: dt.date
    status: str

    @staticmethod
    def resolve_lead_unit(obj):
        return obj.agency.code


class CatalogOut(Schema):
    id: int
    title: str
    year: int
    body: str
    status: str
    approved_on: dt.date | None
    published_on: dt.date | None

    @staticmethod
    def resolve_body(obj):
        return obj.agency.code


class CatalogDetailOut(CatalogOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj):
        items = obj.items.filter(withdrawn_at__isnull=True).select_related("agency").order_by("number", "pk")
        own_only = getattr(obj, "own_only", None)
        if own_only is not None:  # a clerk sees only its own proposals until the catalogue is published
            items = items.filter(agency_id__in=own_only)
        return list(items)


class DecisionIn(Schema):
    """A catalogue matter (``item``) to start, or, outside a catalogue, the lead unit, body and year."""

    item: Id | None = Field(None, description="The catalogue matter; it gives unit, body, year and category.")
    agency: Code | None = Field(None, description="The lead unit's code (without ``item``).")
    deciding_body: Code | None = Field(None, description="The deciding government's code (without ``item``).")
    year: Year | None = None
    category: Category | None = None
    title: Line(200) = ""
    summary: Text(limits.TEXT) = ""
    planned_completion: Day | None = None
    concerns_market: bool = False


class StepIn(Schema):
    done_on: Day
    details: dict[Code, Text(limits.TEXT)] = Field(
        default_factory=dict, max_length=20, description="The fields of the step's kind.")


class SkipIn(Schema):
    reason: Text(limits.REASON, 1)


class ReviewIn(Schema):
    submitted_on: Day
    materials: Text(limits.REASON) = ""


class OpinionIn(Schema):
    opinion: Text(limits.TEXT)
    opinion_on: Day
    passed: bool
    reviewed_by: Line(60) = ""


class DiscussionIn(Schema):
    meeting: Code = Field(..., description="executive or plenary")
    held_on: Day
    result: Code = Field(..., description="approved, approved_with_changes, deferred or rejected")
    dissent: Text(limits.REASON) = ""
    minutes: Text(limits.TEXT) = ""
    meeting_name: Line(120) = ""


class DecideIn(Schema):
    decided_on: Day
    document_number: Line(80) = ""


class MarketIn(Schema):
    concerns_market: bool = Field(..., description="The draft concerns market entities' economic activity: a "
                                                   "fair-competition review is then required before discussion.")


class WithdrawIn(Schema):
    reason: Text(limits.REASON) = ""


def _detail_qs():
    return Decision.objects.select_related("agency", "deciding_body", "reviewer").prefetch_related(
        "steps", "evaluations")


def _act(request, pk: int, func):
    """Run an action on a decision the caller may read; translate refusals into answers."""
    decision = get_visible_or_404(request.user, Decision, pk=pk)
    try:
        func(decision)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _detail_qs().get(pk=pk)


ACTION_RESPONSES = {200: DecisionDetailOut, **REFUSAL_RESPONSES}


@router.get("/decisions", response=list[DecisionOut], summary="Major decisions the caller may see")
@paginate
def list_decisions(request, year: Year | None = None, status: Code | None = None, agency: Code | None = None,
                   category: Code | None = None, q: Search | None = None, overdue: bool = False):
    f = Filters(year=year, status=status or "", agency=agency or "", category=category or "", q=q or "",
                overdue=overdue)
    return filtered_decisions(request.user, f)


@router.post("/decisions", response=ACTION_RESPONSES,
             summary="Start the procedure for a catalogue matter (or, outside a catalogue, for a lead unit)")
def start(request, payload: DecisionIn):
    scope = scope_for(request.user)
    if payload.item is not None:
        item = _item_or_404(request.user, payload.item)
        if not scope.can_write_agency(item.agency_id):
            raise refusal(PermissionDenied()) from None
        values = {"title": payload.title, "summary": payload.summary, "concerns_market": payload.concerns_market}
    else:
        agency = _agency(request, payload.agency)
        if not scope.can_write_agency(agency.pk):
            raise refusal(PermissionDenied()) from None
        item = None
        values = payload.dict(exclude={"item", "agency", "deciding_body"}) | {
            "agency": agency, "deciding_body": _deciding_body(agency, payload.deciding_body),
            "category": payload.category or ""}
    try:
        decision = actions.start_decision(item, by=request.user, **values)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _detail_qs().get(pk=decision.pk)


def _agency(request, code: str | None) -> Agency:
    if not code:
        raise refusal(ValidationError({"agency": _("Give the lead unit and the deciding body, or a catalogue "
                                                   "matter.")})) from None
    return get_visible_or_404(request.user, Agency.objects.select_related("region"), code=code)


def _deciding_body(lead_unit: Agency, code: str | None) -> Agency:
    """The deciding government: an agency of the lead unit's region or one above it."""
    body = Agency.objects.select_related("region").filter(code=code or "").first()
    if body is None or not lead_unit.region.path.startswith(body.region.path):
        raise refusal(ValidationError({"deciding_body": _(
            "No deciding body with this code in %(region)s or above it.") % {"region": lead_unit.region}})) from None
    return body


@router.get("/decisions/{pk}", response=DecisionDetailOut, summary="One decision with its procedure")
def get_decision(request, pk: Id):
    return get_visible_or_404(request.user, _detail_qs(), pk=pk)


@router.post("/decisions/{pk}/steps/{kind}", response=ACTION_RESPONSES,
             summary="Record a step: participation, hearing, expert, risk, fair_competition, party_report, "
                     "publication, archiving")
def record_step(request, pk: Id, kind: Code, payload: StepIn):
    if kind not in actions.STEP_FIELDS:
        raise Http404
    details = {k: v for k, v in payload.details.items() if k in actions.STEP_FIELDS[kind]}
    return _act(request, pk, lambda d: actions.record_step(d, kind, by=request.user, done_on=payload.done_on,
                                                           **details))


@router.post("/decisions/{pk}/steps/{kind}/skip", response=ACTION_RESPONSES,
             summary="Skip a step that does not apply, with the reason")
def skip_step(request, pk: Id, kind: Code, payload: SkipIn):
    if kind not in rules.STEP_ORDER:
        raise Http404
    return _act(request, pk, lambda d: actions.skip_step(d, kind, by=request.user, reason=payload.reason))


@router.post("/decisions/{pk}/legality-review", response=ACTION_RESPONSES, summary="Send for legality review")
def submit_review(request, pk: Id, payload: ReviewIn):
    return _act(request, pk, lambda d: actions.submit_for_legality_review(d, by=request.user, **payload.dict()))


@router.post("/decisions/{pk}/legality-opinion", response=ACTION_RESPONSES, summary="Record the review opinion")
def legality_opinion(request, pk: Id, payload: OpinionIn):
    return _act(request, pk, lambda d: actions.record_legality_opinion(d, by=request.user, **payload.dict()))


@router.post("/decisions/{pk}/discussion", response=ACTION_RESPONSES, summary="Record the collective discussion")
def discussion(request, pk: Id, payload: DiscussionIn):
    return _act(request, pk, lambda d: actions.record_discussion(d, by=request.user, **payload.dict()))


@router.post("/decisions/{pk}/decide", response=ACTION_RESPONSES, summary="Record the decision taken")
def decide(request, pk: Id, payload: DecideIn):
    return _act(request, pk, lambda d: actions.take_decision(d, by=request.user, **payload.dict()))


@router.post("/decisions/{pk}/market", response=ACTION_RESPONSES,
             summary="Mark whether the decision concerns market entities' economic activity")
def mark_market(request, pk: Id, payload: MarketIn):
    return _act(request, pk, lambda d: actions.mark_market_activity(d, by=request.user, **payload.dict()))


@router.post("/decisions/{pk}/withdraw", response=ACTION_RESPONSES,
             summary="Withdraw a decision not yet taken, with the reason")
def withdraw(request, pk: Id, payload: WithdrawIn):
    return _act(request, pk, lambda d: actions.withdraw_decision(d, by=request.user, reason=payload.reason))


@router.get("/decision-catalogs", response=list[CatalogOut], summary="Catalogues of major decisions")
@paginate
def list_catalogs(request, year: Year | None = None):
    qs = _catalogs(request.user)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "agency__name")


@router.get("/decision-catalogs/{pk}", response=CatalogDetailOut, summary="One catalogue with its matters")
def get_catalog(request, pk: Id):
    catalog = _catalogs(request.user).filter(pk=pk).first()
    if catalog is None:
        raise Http404
    scope = scope_for(request.user)
    if not (catalog.is_published or scope.can_read_agency(catalog.agency_id)):
        catalog.own_only = list(scope.editable_agencies().values_list("pk", flat=True))
    return catalog

