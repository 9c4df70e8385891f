"""Pages of the random-inspection ledger (双随机、一公开): items, plans, directories, draws, inspections, Excel in and
out, and the two public pages (the list of items, 事前公开; the results, 一公开).

Every staff query goes through the organisation scope: an agency's clerks keep its ledger, the rule-of-law office
of the region and the leaders read it, anyone else gets 404. Views parse input, call one action, render. The
public pages show what is published and no personal data: no officer, no findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for
from fazhi.core import params
from fazhi.core.lists import capped_count
from fazhi.enforcement.actions import best_certificates
from fazhi.enforcement.models import CertificateState, Officer
from fazhi.inspections import actions, excel, forms
from fazhi.inspections.models import (
    AnnualPlan,
    Draw,
    Entity,
    Inspection,
    InspectionItem,
    Inspector,
    Recusal,
    Risk,
)
from fazhi.inspections.rules import yearly_limit
from fazhi.ledgers.excel import Sheet, export_response
from fazhi.ledgers.forms import errors_into
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
COUNT_CAP = 1000
I = Inspection  # noqa: E741 - the ledger's main record, short in the filters


def _live(model, user):
    """The records of ``model`` the person may read, not withdrawn."""
    return model.objects.visible_to(user).filter(withdrawn_at__isnull=True)


def _can_create(user) -> bool:
    return forms.writable_agencies(user).exists()


def _create(request, form_class, perform: Callable, *, title: str, active: str, done: Callable[[object], str],
            back: str):
    """The page of a form that creates a record: refused unless the person keeps some agency's ledger."""
    form = form_class(request.POST or None, user=request.user)
    if not form.agencies.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            record = perform(form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            for warning in getattr(record, "warnings", []):
                messages.warning(request, warning)
            messages.success(request, done(record))
            return redirect(record_url(record))
    return render(request, "inspections/form.html", {"form": form, "title": title, "active": active, "back": back},
                  status=400 if request.method == "POST" else 200)


def _step(request, record, form, perform: Callable, done: str, render_page: Callable):
    """Run a step posted from a record's page; a refusal keeps what was typed and answers 400."""
    if not actions.can_write(request.user, record.agency_id):
        raise PermissionDenied
    if form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            for warning in getattr(result, "warnings", []):
                messages.warning(request, warning)
            messages.success(request, done)
            return redirect(record_url(result if result is not None else record))
    messages.error(request, _("Correct the fields marked below."))
    response = render_page(form)
    response.status_code = 400
    return response


def record_url(record) -> str:
    names = {Draw: "draw_detail", InspectionItem: "item_detail", AnnualPlan: "plan_detail", Entity: "entity_detail",
             Inspection: "inspection_detail", Inspector: "inspector_list", Recusal: "recusal_list"}
    name = names[type(record)]
    return reverse(f"inspections:{name}", args=[] if name.endswith("_list") else [record.pk])


def _agency_filter(request, qs):
    code = params.text(request, "agency", 64)
    return (qs.filter(agency__code=code), code) if code else (qs, "")


# Draws ------------------------------------------------------------------------------------------------------


@login_required
def draw_list(request):
    """The draws, newest first: the ledger's front page."""
    qs, agency = _agency_filter(request, actions.visible_draws(request.user).filter(withdrawn_at__isnull=True))
    year = params.year(request)
    if year:
        qs = qs.filter(drawn_on__year=year)
    draws = list(qs.select_related("agency", "item", "plan").annotate(
        n_inspections=Count("inspections", filter=Q(inspections__withdrawn_at__isnull=True)))
        .order_by("-drawn_on", "-pk")[:200])
    return render(request, "inspections/draw_list.html", {
        "draws": draws, "agency": agency, "year": year, "can_create": _can_create(request.user), "active": "draws"})


@login_required
def draw_create(request):
    def perform(data):
        return actions.draw_inspections(by=request.user, **data)

    return _create(request, forms.DrawForm, perform, title=_("Random draw"), active="draws", back="inspections:draw_list",
                   done=lambda d: _("Drawn with the seed %(seed)s: %(n)d entities.") % {"seed": d.seed,
                                                                                       "n": len(d.result)})


def _draw(request, pk: int) -> Draw:
    return get_object_or_404(actions.visible_draws(request.user).select_related("agency", "item", "plan",
                                                                                 "superseded_by"), pk=pk)


def _draw_context(request, draw: Draw, form=None) -> dict:
    writer = actions.can_write(request.user, draw.agency_id) and draw.status == Draw.Status.DRAWN
    if writer and form is None:
        form = forms.RedrawForm()
    inspections = {i.entity_id: i for i in draw.inspections.select_related("entity").prefetch_related("officers")}
    entity_ids = [row["entity"] for row in draw.result]
    recusal_pairs = [(int(officer), int(entity)) for officer, entity in draw.recusals_snapshot]
    entities = Entity.objects.in_bulk(set(entity_ids) | {entity for _officer, entity in recusal_pairs})
    officer_ids = {pk for row in draw.result for pk in row["officers"]} | {o for o, _entity in recusal_pairs}
    officers = Officer.objects.in_bulk(officer_ids)
    # The recusals the draw respected (回避), as they stood when it was drawn: who stood aside from whom.
    recusals = [{"officer": officers.get(o), "entity": entities.get(e)} for o, e in recusal_pairs]
    rows = [{"entity": entities.get(row["entity"]), "officers": [officers.get(pk) for pk in row["officers"]],
             "inspection": inspections.get(row["entity"])} for row in draw.result]
    levels = Counter(risk for _pk, risk in draw.entities_snapshot)
    chosen = set(entity_ids)
    drawn = Counter(risk for pk, risk in draw.entities_snapshot if pk in chosen)
    shares = [{"label": label, "percent": draw.percentages.get(value, "0"), "pool": levels.get(value, 0),
               "drawn": drawn.get(value, 0)} for value, label in Risk.choices]
    return {
        "draw": draw, "rows": rows, "shares": shares, "participants": list(draw.participants.all()),
        "recusals": recusals,
        "verification": actions.verify_draw(draw), "replaces": draw.replaces.first(),
        "form": form if writer else None, "history": history_for(draw)[:50], "active": "draws",
    }


@login_required
def draw_detail(request, pk: int):
    draw = _draw(request, pk)
    return render(request, "inspections/draw_detail.html", _draw_context(request, draw))


@login_required
@require_POST
def draw_redraw(request, pk: int):
    draw = _draw(request, pk)
    return _step(request, draw, forms.RedrawForm(request.POST),
                 lambda d: actions.redraw(draw, by=request.user, **d), _("Drawn again; the earlier draw is kept."),
                 lambda form: render(request, "inspections/draw_detail.html", _draw_context(request, draw, form)))


# Inspection items -------------------------------------------------------------------------------------------


@login_required
def item_list(request):
    qs, agency = _agency_filter(request, _live(InspectionItem, request.user))
    items = list(qs.select_related("agency", "body").order_by("agency__name", "status", "name")[:500])
    return render(request, "inspections/item_list.html", {"items": items, "can_create": _can_create(request.user),
                                                          "active": "items"})


@login_required
def item_create(request):
    return _create(request, forms.ItemForm, lambda d: actions.register_item(by=request.user, **d),
                   title=_("Inspection item"), active="items", back="inspections:item_list",
                   done=lambda item: _("“%(name)s” is on the list.") % {"name": item.name})


def _item_context(request, item, form=None) -> dict:
    writer = actions.can_write(request.user, item.agency_id) and item.status == InspectionItem.Status.ACTIVE
    return {"item": item, "form": (form or forms.RetireForm()) if writer else None,
            "draws": item.draws.filter(withdrawn_at__isnull=True).order_by("-drawn_on")[:50],
            "history": history_for(item)[:50], "active": "items"}


@login_required
def item_detail(request, pk: int):
    item = get_visible_or_404(request.user, InspectionItem.objects.select_related("agency", "body"), pk=pk)
    return render(request, "inspections/item_detail.html", _item_context(request, item))


@login_required
@require_POST
def item_retire(request, pk: int):
    item = get_visible_or_404(request.user, InspectionItem.objects.select_related("agency", "body"), pk=pk)
    return _step(request, item, forms.RetireForm(request.POST),
                 lambda d: actions.retire_item(item, by=request.user, **d), _("The item was taken off the list."),
                 lambda form: render(request, "inspections/item_detail.html", _item_context(request, item, form)))


# Annual plans -----------------------------------------------------------------------------------------------


@login_required
def plan_list(request):
    qs, agency = _agency_filter(request, _live(AnnualPlan, request.user))
    plans = list(qs.select_related("agency").annotate(n_items=Count("items", distinct=True))
                 .order_by("-year", "agency__name")[:500])
    return render(request, "inspections/plan_list.html", {"plans": plans, "can_create": _can_create(request.user),
                                                          "active": "plans"})


@login_required
def plan_create(request):
    return _create(request, forms.PlanForm, lambda d: actions.draw_up_plan(by=request.user, **d),
                   title=_("Annual inspection plan"), active="plans", back="inspections:plan_list",
                   done=lambda plan: _("The plan for %(year)s was drawn up.") % {"year": plan.year})


def _plan_context(request, plan, form=None) -> dict:
    writer = actions.can_write(request.user, plan.agency_id) and plan.status == AnnualPlan.Status.DRAFT
    draws = list(plan.draws.filter(withdrawn_at__isnull=True, status=Draw.Status.DRAWN).select_related("item"))
    return {"plan": plan, "items": plan.items.select_related("body"), "draws": draws,
            "drawn": sum(len(d.result) for d in draws),
            "form": (form or forms.FilePlanForm()) if writer else None,
            "history": history_for(plan)[:50], "active": "plans"}


@login_required
def plan_detail(request, pk: int):
    plan = get_visible_or_404(request.user, AnnualPlan.objects.select_related("agency"), pk=pk)
    return render(request, "inspections/plan_detail.html", _plan_context(request, plan))


@login_required
@require_POST
def plan_file(request, pk: int):
    plan = get_visible_or_404(request.user, AnnualPlan.objects.select_related("agency"), pk=pk)
    return _step(request, plan, forms.FilePlanForm(request.POST),
                 lambda d: actions.file_plan(plan, by=request.user, **d), _("The plan is recorded as filed."),
                 lambda form: render(request, "inspections/plan_detail.html", _plan_context(request, plan, form)))


# The entity directory ---------------------------------------------------------------------------------------


def _entity_filters(request) -> dict:
    risk = request.GET.get("risk", "")
    return {"q": params.text(request, "q"), "agency": params.text(request, "agency", 64),
            "risk": risk if risk in Risk.values else ""}


def filtered_entities(user, filters: dict):
    qs = _live(Entity, user)
    if filters.get("q"):
        qs = qs.filter(Q(name__icontains=filters["q"]) | Q(credit_code__icontains=filters["q"].upper())
                       | Q(domain__icontains=filters["q"]))
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("risk"):
        qs = qs.filter(risk=filters["risk"])
    return qs


@login_required
def entity_list(request):
    filters = _entity_filters(request)
    page = params.page(request)
    qs = filtered_entities(request.user, filters)
    count, more = capped_count(qs, COUNT_CAP)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs.select_related("agency").order_by("name", "pk")[offset: offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "inspections/entity_list.html", {
        "entities": rows[:PAGE_SIZE], "count": count, "more": more, "cap": COUNT_CAP, "filters": filters,
        "risks": Risk.choices, "page": page, "has_next": len(rows) > PAGE_SIZE, "has_previous": page > 1,
        "query": query.urlencode(), "can_create": _can_create(request.user), "active": "entities"})


@login_required
def entity_export(request):
    filters = _entity_filters(request)
    entities = filtered_entities(request.user, filters).select_related("agency").order_by("agency__name", "name", "pk")
    rows = ([e.name, e.credit_code, e.address, e.domain, str(e.get_risk_display()), e.agency.name]
            for e in entities[:EXPORT_LIMIT])
    return export_response(request, ledger="inspections.entities", filters=filters, name="entities", sheets=[
        Sheet(_("Entities"), [_("Name of the entity"), _("Unified social credit code"), _("Registered address"),
                              _("Domain"), _("Risk level"), _("Agency")], rows)])


@login_required
def entity_create(request):
    return _create(request, forms.EntityForm, lambda d: actions.register_entity(by=request.user, **d),
                   title=_("Entity"), active="entities", back="inspections:entity_list",
                   done=lambda e: _("“%(name)s” is in the directory.") % {"name": e.name})


def _entity_context(request, entity, form=None) -> dict:
    year = timezone.localdate().year
    writer = actions.can_write(request.user, entity.agency_id)
    return {
        "entity": entity,
        "inspections": entity.inspections.filter(withdrawn_at__isnull=True).select_related("item")
        .order_by("-inspected_on", "-pk")[:100],
        "recusals": entity.recusals.filter(withdrawn_at__isnull=True).select_related("officer"),
        "this_year": actions.inspections_in_year(entity.credit_code, year), "year": year, "limit": yearly_limit(),
        "warning": actions.frequency_warning(entity, year),
        "form": (form or forms.RiskForm(initial={"risk": entity.risk})) if writer else None,
        "history": history_for(entity)[:50], "active": "entities",
    }


def _entity(request, pk):
    return get_visible_or_404(request.user, Entity.objects.select_related("agency"), pk=pk)


@login_required
def entity_detail(request, pk: int):
    entity = _entity(request, pk)
    return render(request, "inspections/entity_detail.html", _entity_context(request, entity))


@login_required
@require_POST
def entity_risk(request, pk: int):
    entity = _entity(request, pk)
    return _step(request, entity, forms.RiskForm(request.POST),
                 lambda d: actions.change_risk(entity, by=request.user, **d), _("The risk level was changed."),
                 lambda form: render(request, "inspections/entity_detail.html",
                                     _entity_context(request, entity, form)))


def _upload(request, form) -> bytes | None:
    uploaded = form.cleaned_data["file"]
    if uploaded.size > settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024:
        form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": settings.FAZHI_UPLOAD_MAX_MB})
        return None
    return uploaded.read()


@login_required
def entity_import(request):
    """Upload the filled-in workbook: every entity imported, or none and each refused row with its column."""
    form = forms.EntityImportForm(request.POST or None, request.FILES or None, user=request.user)
    can_import = form.agencies.exists()
    if request.method == "POST" and not can_import:
        raise PermissionDenied
    result = None
    if request.method == "POST" and form.is_valid():
        data = _upload(request, form)
        if data is not None:
            result = excel.import_entities(data, user=request.user, agency=form.cleaned_data["agency"])
            if result.fatal:
                form.add_error("file", result.fatal)
            elif result.ok:
                messages.success(request, _("Imported: %(n)d entities.") % {"n": result.imported})
    status = 400 if request.method == "POST" and (result is None or not result.ok) else 200
    return render(request, "inspections/import.html", {
        "form": form, "result": result, "can_import": can_import, "first_row": excel.FIRST_ROW,
        "title": _("Import entities from Excel"), "template_url": reverse("inspections:entity_template"),
        "active": "entities"}, status=status)


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def entity_template(request):
    return _xlsx(excel.entity_template(), "entities-import.xlsx")


# The inspector directory and recusals -----------------------------------------------------------------------


def _inspector_context(request, form=None) -> dict:
    today = timezone.localdate()
    qs, agency = _agency_filter(request, _live(Inspector, request.user).filter(status=Inspector.Status.ACTIVE))
    entries = list(qs.select_related("agency", "officer__body").order_by("agency__name", "officer__name")[:1000])
    best = best_certificates([e.officer_id for e in entries], today)
    labels = dict(CertificateState.choices)
    rows = []
    for entry in entries:
        certificate = best.get(entry.officer_id)
        state = certificate.state_on(today) if certificate else "none"
        rows.append({"entry": entry, "certificate": certificate, "state": state,
                     "label": labels.get(state) or _("none"),
                     "can_remove": actions.can_write(request.user, entry.agency_id)})
    can_create = _can_create(request.user)
    return {"rows": rows, "form": (form or forms.InspectorForm(user=request.user)) if can_create else None,
            "remove_form": forms.RetireForm(), "active": "inspectors"}


@login_required
def inspector_list(request):
    return render(request, "inspections/inspector_list.html", _inspector_context(request))


@login_required
@require_POST
def inspector_add(request):
    form = forms.InspectorForm(request.POST, user=request.user)
    if not form.agencies.exists():
        raise PermissionDenied
    if form.is_valid():
        try:
            actions.add_inspector(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("%(name)s is in the directory of inspectors.")
                             % {"name": form.cleaned_data["officer"].name})
            return redirect("inspections:inspector_list")
    return render(request, "inspections/inspector_list.html", _inspector_context(request, form), status=400)


@login_required
@require_POST
def inspector_remove(request, pk: int):
    entry = get_visible_or_404(request.user, Inspector.objects.select_related("officer"), pk=pk)
    if not actions.can_write(request.user, entry.agency_id):
        raise PermissionDenied
    form = forms.RetireForm(request.POST)
    if form.is_valid():
        try:
            actions.remove_inspector(entry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s was taken out of the directory.") % {"name": entry.officer.name})
            return redirect("inspections:inspector_list")
    else:
        messages.error(request, _("Give the date and the reason."))
    return redirect("inspections:inspector_list")


@login_required
def inspector_import(request):
    """Upload certificate numbers: every officer put in the directory, or none and each refused row."""
    can_import = _can_create(request.user)
    if request.method == "POST" and not can_import:
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        data = _upload(request, form)
        if data is not None:
            result = excel.import_inspectors(data, user=request.user)
            if result.fatal:
                form.add_error("file", result.fatal)
            elif result.ok:
                messages.success(request, _("Imported: %(n)d inspectors.") % {"n": result.imported})
    status = 400 if request.method == "POST" and (result is None or not result.ok) else 200
    return render(request, "inspections/import.html", {
        "form": form, "result": result, "can_import": can_import, "first_row": excel.FIRST_ROW,
        "title": _("Import inspectors from Excel"), "template_url": reverse("inspections:inspector_template"),
        "active": "inspectors"}, status=status)


@login_required
def inspector_template(request):
    return _xlsx(excel.inspector_template(), "inspectors-import.xlsx")


def _recusal_context(request, form=None) -> dict:
    qs, agency = _agency_filter(request, _live(Recusal, request.user))
    recusals = list(qs.select_related("agency", "officer", "entity").order_by("-recorded_on", "-pk")[:500])
    can_create = _can_create(request.user)
    return {"recusals": [(r, actions.can_write(request.user, r.agency_id)) for r in recusals],
            "form": (form or forms.RecusalForm(user=request.user)) if can_create else None,
            "lift_form": forms.LiftForm(), "active": "recusals"}


@login_required
def recusal_list(request):
    return render(request, "inspections/recusal_list.html", _recusal_context(request))


@login_required
@require_POST
def recusal_create(request):
    form = forms.RecusalForm(request.POST, user=request.user)
    if not form.agencies.exists():
        raise PermissionDenied
    if form.is_valid():
        try:
            actions.record_recusal(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The recusal was recorded."))
            return redirect("inspections:recusal_list")
    return render(request, "inspections/recusal_list.html", _recusal_context(request, form), status=400)


@login_required
@require_POST
def recusal_lift(request, pk: int):
    recusal = get_visible_or_404(request.user, Recusal.objects.all(), pk=pk)
    if not actions.can_write(request.user, recusal.agency_id):
        raise PermissionDenied
    form = forms.LiftForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason for lifting the recusal."))
        actions.lift_recusal(recusal, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The recusal was lifted."))
    return redirect("inspections:recusal_list")


# Inspections ------------------------------------------------------------------------------------------------


def _inspection_filters(request) -> dict:
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    return {"agency": params.text(request, "agency", 64), "year": params.year(request),
            "kind": kind if kind in I.Kind.values else "", "status": status if status in I.Status.values else "",
            "late": request.GET.get("late") == "1", "q": params.text(request, "q")}


def filtered_inspections(user, filters: dict):
    qs = _live(Inspection, user)
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("year"):
        qs = qs.filter(inspected_on__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("q"):
        qs = qs.filter(Q(entity__name__icontains=filters["q"]) | Q(entity__credit_code__icontains=filters["q"]))
    if filters.get("late"):
        today = timezone.localdate()
        qs = qs.filter(Q(status=I.Status.RECORDED, publication_due__lt=today)
                       | Q(status=I.Status.PUBLISHED, published_on__gt=F("publication_due")))
    return qs


@login_required
def inspection_list(request):
    today = timezone.localdate()
    filters = _inspection_filters(request)
    page = params.page(request)
    qs = filtered_inspections(request.user, filters)
    count, more = capped_count(qs, COUNT_CAP)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs.select_related("agency", "entity", "item").order_by("-created_at", "-pk")
                [offset: offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "inspections/inspection_list.html", {
        "rows": [(i, _deadline_state(i, today)) for i in rows[:PAGE_SIZE]], "count": count, "more": more,
        "cap": COUNT_CAP, "filters": filters, "kinds": I.Kind.choices, "statuses": I.Status.choices,
        "years": range(today.year, today.year - 6, -1), "page": page, "has_next": len(rows) > PAGE_SIZE,
        "has_previous": page > 1, "query": query.urlencode(), "can_create": _can_create(request.user),
        "active": "inspections"})


def _deadline_state(inspection: Inspection, today) -> str:
    """How the publication stands: overdue (red), today or soon (yellow), late (published after its day)."""
    due = inspection.next_deadline
    if due is None:
        return "late" if inspection.published_late() else ""
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "soon" if (due - today).days <= 7 else ""


@login_required
def inspection_export(request):
    filters = _inspection_filters(request)
    qs = (filtered_inspections(request.user, filters).select_related("agency", "entity", "item")
          .prefetch_related("officers").order_by("agency__name", "-inspected_on", "pk"))
    rows = ([i.entity.name, i.entity.credit_code, i.item.name if i.item_id else "", str(i.get_kind_display()),
             "、".join(o.name for o in i.officers.all()), i.legal_basis, i.inspected_on, i.finished_on,
             str(i.get_result_display()) if i.result else "", i.publication_due, i.published_on,
             str(i.get_status_display()), i.agency.name] for i in qs[:EXPORT_LIMIT])
    return export_response(request, ledger="inspections.inspections", filters=filters, name="inspections", sheets=[
        Sheet(_("Inspections"), [_("Entity"), _("Unified social credit code"), _("Inspection item"),
                                 _("Kind of inspection"), _("Team"), _("Legal basis"), _("Inspected on"),
                                 _("Inspection ended on"), _("Result"), _("Result to be published by"),
                                 _("Result published on"), _("Status"), _("Agency")], rows)])


@login_required
def inspection_create(request):
    return _create(request, forms.InspectionForm, lambda d: actions.record_inspection(by=request.user, **d),
                   title=_("Inspection outside a draw"), active="inspections", back="inspections:inspection_list",
                   done=lambda i: _("The inspection of %(entity)s was recorded.") % {"entity": i.entity.name})


STEP_FORMS = {"result": forms.ResultForm, "publish": forms.PublishForm}


def _inspection(request, pk: int) -> Inspection:
    return get_visible_or_404(request.user, Inspection.objects.select_related("agency__region", "entity", "item",
                                                                              "draw"), pk=pk)


def _inspection_context(request, inspection: Inspection, bound: dict | None = None) -> dict:
    today = timezone.localdate()
    bound = bound or {}
    writer = actions.can_write(request.user, inspection.agency_id) and not inspection.is_withdrawn
    step_forms = {}
    if writer:
        allowed = {I.Status.PLANNED: ("result",), I.Status.RECORDED: ("publish",)}.get(inspection.status, ())
        for name in allowed:
            form = bound.get(name) or STEP_FORMS[name]()
            form.auto_id = f"id_{name}_%s"
            step_forms[name] = form
    warning = actions.frequency_warning(inspection.entity, inspection.inspected_on.year) \
        if inspection.inspected_on else ""
    return {
        "inspection": inspection, "officers": list(inspection.officers.all()),
        "deadline_state": _deadline_state(inspection, today), "late": inspection.published_late(today),
        "explanation": actions.publication_explained(inspection), "warning": warning,
        "step_forms": step_forms, "history": history_for(inspection)[:50],
        "attachments": attachments_for(inspection), "label": "inspections.Inspection", "can_upload": writer,
        "active": "inspections",
    }


@login_required
def inspection_detail(request, pk: int):
    inspection = _inspection(request, pk)
    return render(request, "inspections/inspection_detail.html", _inspection_context(request, inspection))


@login_required
@require_POST
def inspection_step(request, pk: int, step: str):
    """Record the result of an inspection, or its publication; a refusal keeps what was typed."""
    inspection = _inspection(request, pk)
    if step not in STEP_FORMS:
        raise Http404
    form = STEP_FORMS[step](request.POST)
    form.auto_id = f"id_{step}_%s"
    action = {"result": actions.record_result, "publish": actions.publish_result}[step]
    done = {"result": _("The result was recorded."), "publish": _("The publication was recorded.")}[step]
    return _step(request, inspection, form, lambda d: action(inspection, by=request.user, **d), done,
                 lambda form: render(request, "inspections/inspection_detail.html",
                                     _inspection_context(request, _inspection(request, pk), {step: form})))


# The public pages (no log-in) -------------------------------------------------------------------------------


def public_items(request):
    """The list of random inspection items of every agency (事前公开, 国办发〔2018〕118号; 国发〔2019〕5号)."""
    items = (InspectionItem.objects.filter(status=InspectionItem.Status.ACTIVE, withdrawn_at__isnull=True)
             .select_related("agency", "body").order_by("agency__region__code", "agency__name", "name"))
    groups: dict[Agency, list] = {}
    for item in items[:2000]:
        groups.setdefault(item.agency, []).append(item)
    return render(request, "inspections/public_items.html", {"groups": list(groups.items())})


def published_results():
    return Inspection.objects.filter(status=I.Status.PUBLISHED, withdrawn_at__isnull=True)


def public_results(request):
    """The published results (一公开): the entity, its code, the item, the date and the result; no one's name."""
    today = timezone.localdate()
    q = params.text(request, "q")
    agency = params.text(request, "agency", 64)
    year = params.year(request)
    qs = published_results()
    if q:
        qs = qs.filter(Q(entity__name__icontains=q) | Q(entity__credit_code__icontains=q.upper()))
    if agency:
        qs = qs.filter(agency__code=agency)
    if year:
        qs = qs.filter(inspected_on__year=year)
    page = params.page(request)
    count, more = capped_count(qs, COUNT_CAP)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs.select_related("agency", "entity", "item").order_by("-published_on", "-pk")
                [offset: offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    agencies = Agency.objects.filter(pk__in=published_results().values("agency_id")).order_by("region__code", "name")
    return render(request, "inspections/public_results.html", {
        "rows": rows[:PAGE_SIZE], "count": count, "more": more, "cap": COUNT_CAP, "q": q, "agency": agency,
        "year": year, "agencies": agencies, "years": range(today.year, today.year - 6, -1), "page": page,
        "has_next": len(rows) > PAGE_SIZE, "has_previous": page > 1, "query": query.urlencode()})

