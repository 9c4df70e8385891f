"""JSON endpoints of the random-inspection ledger: items, entities, plans, draws (draw, redraw) and inspections
(record the result, publish it).

Everything goes through the scope: another agency's record answers 404; a reader who does not keep the ledger
(the rule-of-law office) is refused with 403; a refused step answers 422 naming the field, or 409.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Search, Text, Year
from fazhi.core import limits
from fazhi.enforcement.models import EnforcementBody
from fazhi.inspections import actions
from fazhi.inspections.models import AnnualPlan, Draw, Entity, Inspection, InspectionItem, Risk
from fazhi.inspections.views import filtered_entities, filtered_inspections
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for

router = Router(tags=["random inspections"])


class InspectionItemOut(OwnedOut):
    id: int
    body_id: int
    name: str
    legal_basis: str
    matter: str
    method: str
    status: str


class ItemIn(Schema):
    agency: Code
    body: Id
    name: Line(200)
    legal_basis: Text(limits.REASON)
    matter: Text(limits.REASON)
    method: InspectionItem.Method = InspectionItem.Method.ON_SITE


class EntityOut(OwnedOut):
    id: int
    name: str
    credit_code: str
    address: str
    domain: str
    risk: str


class EntityIn(Schema):
    agency: Code
    name: Line(200)
    credit_code: Line(18)
    address: Line(300)
    domain: Line(120)
    risk: Risk


class PlanOut(OwnedOut):
    id: int
    year: int
    item_ids: list[int]
    batches: int
    planned_entities: int
    scope: str
    status: str
    filed_on: dt.date | None
    filed_with: str

    @staticmethod
    def resolve_item_ids(obj):
        return sorted(item.pk for item in obj.items.all())


class PlanIn(Schema):
    agency: Code
    year: Year
    items: list[Id]
    batches: int = 1
    planned_entities: int = 0
    scope: Text(limits.REASON) = ""


class AssignmentOut(Schema):
    entity: int
    officers: list[int]


class DrawOut(OwnedOut):
    id: int
    item_id: int
    plan_id: int | None
    participant_codes: list[str]
    domain: str
    batch: int
    drawn_on: dt.date
    seed: str
    percentages: dict[str, str]
    entities_drawn_from: int
    inspectors_drawn_from: int
    result: list[AssignmentOut]
    status: str
    superseded_by_id: int | None
    redraw_reason: str
    reproduced: bool

    @staticmethod
    def resolve_participant_codes(obj):
        return sorted(a.code for a in obj.participants.all())

    @staticmethod
    def resolve_entities_drawn_from(obj):
        return len(obj.entities_snapshot)

    @staticmethod
    def resolve_inspectors_drawn_from(obj):
        return len(obj.inspectors_snapshot)

    @staticmethod
    def resolve_reproduced(obj):
        return [a.as_json() for a in actions.repeat(obj)] == obj.result


class DrawIn(Schema):
    agency: Code
    item: Id
    drawn_on: Day
    plan: Id | None = None
    participants: list[Code] = []
    domain: Line(120) = ""
    batch: int = 1


class RedrawIn(Schema):
    reason: Text(limits.REASON) = ""
    on: Day | None = None


class InspectionOut(OwnedOut):
    id: int
    entity_id: int
    entity_name: str
    credit_code: str
    item_id: int | None
    draw_id: int | None
    kind: str
    officer_ids: list[int]
    legal_basis: str
    inspected_on: dt.date | None
    finished_on: dt.date | None
    result: str
    result_note: str
    publication_due: dt.date | None
    published_on: dt.date | None
    status: str
    next_deadline: dt.date | None
    warnings: list[str]

    @staticmethod
    def resolve_entity_name(obj):
        return obj.entity.name

    @staticmethod
    def resolve_credit_code(obj):
        return obj.entity.credit_code

    @staticmethod
    def resolve_officer_ids(obj):
        return sorted(o.pk for o in obj.officers.all())

    @staticmethod
    def resolve_warnings(obj):
        if not obj.inspected_on:
            return []
        warning = actions.frequency_warning(obj.entity, obj.inspected_on.year)
        return [warning] if warning else []


class ResultIn(Schema):
    inspected_on: Day
    result: Inspection.Result
    finished_on: Day | None = None
    result_note: Text(limits.REASON) = ""


class PublishIn(Schema):
    on: Day


def _agency(request, code: str) -> Agency:
    """An agency the caller may read, by its code; 404 otherwise (an outsider learns nothing)."""
    agency = scope_for(request.user).agencies().filter(code=code, is_active=True).select_related("region").first()
    if agency is None:
        raise Http404
    return agency


def _act(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None


# Items and entities -----------------------------------------------------------------------------------------


@router.get("/inspections/items", response=list[InspectionItemOut], summary="Random inspection items the caller may see")
@paginate
def list_items(request, agency: Code = ""):
    qs = InspectionItem.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
    if agency:
        qs = qs.filter(agency__code=agency)
    return qs.select_related("agency").order_by("agency__name", "name", "pk")


@router.post("/inspections/items", response=InspectionItemOut, summary="Put an item on an agency's list")
def create_item(request, payload: ItemIn):
    agency = _agency(request, payload.agency)
    body = get_visible_or_404(request.user, EnforcementBody.objects.all(), pk=payload.body)
    item = _act(actions.register_item, agency=agency, by=request.user, body=body, name=payload.name,
                legal_basis=payload.legal_basis, matter=payload.matter, method=payload.method)
    return InspectionItem.objects.select_related("agency").get(pk=item.pk)


@router.get("/inspections/entities", response=list[EntityOut], summary="Entities of the directories the caller may see")
@paginate
def list_entities(request, q: Search = "", agency: Code = "", risk: Code = ""):
    filters = {"q": q.strip(), "agency": agency, "risk": risk if risk in Risk.values else ""}
    return filtered_entities(request.user, filters).select_related("agency").order_by("name", "pk")


@router.post("/inspections/entities", response=EntityOut, summary="Put an entity in an agency's directory")
def create_entity(request, payload: EntityIn):
    agency = _agency(request, payload.agency)
    entity = _act(actions.register_entity, agency=agency, by=request.user,
                  **payload.dict(exclude={"agency"}) | {"risk": str(payload.risk.value)})
    return Entity.objects.select_related("agency").get(pk=entity.pk)


# Plans ------------------------------------------------------------------------------------------------------


@router.get("/inspections/plans", response=list[PlanOut], summary="Annual inspection plans the caller may see")
@paginate
def list_plans(request, year: Year | None = None):
    qs = AnnualPlan.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("agency").prefetch_related("items").order_by("-year", "agency__name", "pk")


@router.post("/inspections/plans", response=PlanOut, summary="Draw up an agency's plan for a year")
def create_plan(request, payload: PlanIn):
    agency = _agency(request, payload.agency)
    items = list(InspectionItem.objects.visible_to(request.user).filter(pk__in=payload.items))
    if len(items) != len(set(payload.items)):
        raise Http404
    plan = _act(actions.draw_up_plan, agency=agency, by=request.user, year=payload.year, items=items,
                batches=payload.batches, planned_entities=payload.planned_entities, scope=payload.scope)
    return AnnualPlan.objects.select_related("agency").prefetch_related("items").get(pk=plan.pk)


# Draws ------------------------------------------------------------------------------------------------------


def _draw(request, draw_id: int) -> Draw:
    return get_object_or_404(actions.visible_draws(request.user).select_related("agency")
                             .prefetch_related("participants"), pk=draw_id)


@router.get("/inspections/draws", response=list[DrawOut], summary="Random draws the caller may see")
@paginate
def list_draws(request, agency: Code = "", year: Year | None = None):
    qs = actions.visible_draws(request.user).filter(withdrawn_at__isnull=True)
    if agency:
        qs = qs.filter(agency__code=agency)
    if year:
        qs = qs.filter(drawn_on__year=year)
    return qs.select_related("agency").prefetch_related("participants").order_by("-drawn_on", "-pk")


@router.get("/inspections/draws/{draw_id}", response=DrawOut, summary="One draw with its seed and result")
def get_draw(request, draw_id: Id):
    return _draw(request, draw_id)


@router.post("/inspections/draws", response=DrawOut, summary="Draw entities and inspectors for an item")
def create_draw(request, payload: DrawIn):
    agency = _agency(request, payload.agency)
    item = get_visible_or_404(request.user, InspectionItem.objects.all(), pk=payload.item)
    plan = get_visible_or_404(request.user, AnnualPlan.objects.all(), pk=payload.plan) if payload.plan else None
    participants = list(Agency.objects.filter(code__in=payload.participants))
    if len(participants) != len(set(payload.participants)):
        raise refusal(ValidationError({"participants": _("Name agencies by their codes.")})) from None
    draw = _act(actions.draw_inspections, agency=agency, by=request.user, item=item, plan=plan,
                participants=participants, domain=payload.domain, batch=payload.batch, drawn_on=payload.drawn_on)
    return _draw(request, draw.pk)


@router.post("/inspections/draws/{draw_id}/redraw", response=DrawOut,
             summary="Draw again, with the reason; the earlier draw is kept, superseded")
def redraw(request, draw_id: Id, payload: RedrawIn):
    draw = _draw(request, draw_id)
    new = _act(actions.redraw, draw, by=request.user, reason=payload.reason, on=payload.on)
    return _draw(request, new.pk)


# Inspections ------------------------------------------------------------------------------------------------


def _inspection(request, inspection_id: int) -> Inspection:
    return get_visible_or_404(request.user, Inspection.objects.select_related("agency__region", "entity", "draw")
                              .prefetch_related("officers"), pk=inspection_id)


@router.get("/inspections/inspections", response=list[InspectionOut], summary="Inspections the caller may see")
@paginate
def list_inspections(request, agency: Code = "", year: Year | None = None, kind: Code = "", status: Code = ""):
    filters = {"agency": agency, "year": year, "kind": kind if kind in Inspection.Kind.values else "",
               "status": status if status in Inspection.Status.values else ""}
    return (filtered_inspections(request.user, filters).select_related("agency", "entity").prefetch_related("officers")
            .order_by("-created_at", "-pk"))


@router.get("/inspections/inspections/{inspection_id}", response=InspectionOut, summary="One inspection")
def get_inspection(request, inspection_id: Id):
    return _inspection(request, inspection_id)


@router.post("/inspections/inspections/{inspection_id}/result", response=InspectionOut,
             summary="Record the result of a drawn inspection")
def record_result(request, inspection_id: Id, payload: ResultIn):
    inspection = _inspection(request, inspection_id)
    _act(actions.record_result, inspection, by=request.user, inspected_on=payload.inspected_on,
         result=str(payload.result.value), finished_on=payload.finished_on, result_note=payload.result_note)
    return _inspection(request, inspection_id)


@router.post("/inspections/inspections/{inspection_id}/publish", response=InspectionOut,
             summary="Record the publication of the result")
def publish(request, inspection_id: Id, payload: PublishIn):
    inspection = _inspection(request, inspection_id)
    _act(actions.publish_result, inspection, by=request.user, on=payload.on)
    return _inspection(request, inspection_id)

