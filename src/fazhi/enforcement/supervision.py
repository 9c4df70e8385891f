"""Pages of enforcement supervision (行政执法监督, 行政处罚法 第75条): complaints about enforcement and the office's
checks of a department's enforcement, with their rectification items, Excel out.

Every query goes through the organisation scope: the rule-of-law office of the region records and handles them;
the department reads those about itself (a complainant masked) and records the completion of its rectification
items; anyone else gets 404. Views parse input, call one action, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for, record_event
from fazhi.core import params
from fazhi.core.lists import capped_count, render_list
from fazhi.enforcement import actions, excel, forms
from fazhi.enforcement.models import Complaint, RectificationItem, SupervisionCheck
from fazhi.ledgers.forms import errors_into
from fazhi.org.scope import get_visible_or_404, scope_for

PAGE_SIZE = 30
EXPORT_LIMIT = 50_000
COUNT_CAP = 1000
K = Complaint.Status
V = SupervisionCheck.Status
R = RectificationItem.Status


def _page(request, qs, context: dict) -> tuple[list, dict]:
    """One page of ``qs`` (ordered), and ``context`` with the capped count and the paging links."""
    page = params.page(request)
    count, more = capped_count(qs, COUNT_CAP)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs[offset: offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    context.update({"count": count, "more": more, "cap": COUNT_CAP, "page": page, "has_next": len(rows) > PAGE_SIZE,
                    "has_previous": page > 1, "query": query.urlencode()})
    return rows[:PAGE_SIZE], context


def _agency_choices(user, model) -> list[tuple[str, str]]:
    """The agencies of the records the person may read, for the list's filter."""
    ids = model.objects.visible_to(user).filter(withdrawn_at__isnull=True).values("agency_id")
    return list(scope_for(user).agencies().filter(pk__in=ids).order_by("region__code", "name")
                .values_list("code", "name"))


def _export(request, name: str, filters: dict, data: bytes) -> HttpResponse:
    record_event(action="export", target=None, actor=request.user,
                 changes={f"enforcement.{name}": [None, {k: str(v) for k, v in filters.items() if v}]})
    response = HttpResponse(data, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"{name}-{timezone.localdate().isoformat()}.xlsx")
    return response


# Complaints ------------------------------------------------------------------------------------------------


def _complaint_filters(request) -> dict:
    status = params.text(request, "status", 16)
    return {"status": status if status in K.values else "", "agency": params.text(request, "agency", 64),
            "year": params.year(request), "q": params.text(request, "q")}


def filtered_complaints(user, filters: dict):
    """The complaints the person may read, narrowed by the list's filters."""
    qs = Complaint.objects.visible_to(user).filter(withdrawn_at__isnull=True)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("year"):
        qs = qs.filter(received_on__year=filters["year"])
    if filters.get("q"):
        qs = qs.filter(matter__icontains=filters["q"])
    return qs.select_related("agency__region", "office", "body")


def complaint_rows(user, complaints, today) -> list[dict]:
    """Each complaint with the complainant as the person may see them, and whether it is late."""
    rows = []
    for complaint in complaints:
        name, contact = actions.complainant_of(user, complaint)
        rows.append({"complaint": complaint, "complainant": name, "contact": contact,
                     "late": complaint.is_late(today), "due_on": complaint.due_on})
    return rows


@login_required
def complaint_list(request):
    today = timezone.localdate()
    filters = _complaint_filters(request)
    qs = filtered_complaints(request.user, filters).order_by("-received_on", "-id")
    complaints, context = _page(request, qs, {"filters": filters})
    context.update({
        "rows": complaint_rows(request.user, complaints, today), "statuses": K.choices,
        "agencies": _agency_choices(request.user, Complaint),
        "can_create": actions.offices_for(request.user).exists(),
        "years": range(today.year, today.year - 6, -1),
    })
    return render_list(request, "enforcement/complaint_list.html", "enforcement/_complaint_rows.html", context)


@login_required
def complaint_export(request):
    today = timezone.localdate()
    filters = _complaint_filters(request)
    complaints = list(filtered_complaints(request.user, filters).order_by("-received_on", "-id")[:EXPORT_LIMIT])
    data = excel.export_complaints(complaint_rows(request.user, complaints, today), today)
    return _export(request, "complaints", filters, data)


@login_required
def complaint_create(request):
    form = forms.ComplaintForm(request.POST or None, user=request.user)
    if not form.fields["office"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            complaint = actions.record_complaint(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The complaint was recorded."))
            return redirect("enforcement:complaint_detail", complaint.pk)
    return render(request, "enforcement/supervision_form.html", {
        "form": form, "title": _("Record a complaint about enforcement"), "active": "complaints",
        "back": reverse("enforcement:complaint_list")}, status=400 if form.errors else 200)


def _complaint(request, pk: int) -> Complaint:
    return get_visible_or_404(request.user, Complaint.objects.select_related("agency__region", "office", "body"),
                              pk=pk)


COMPLAINT_STEPS = {"accept": forms.AcceptComplaintForm, "conclude": forms.ConcludeComplaintForm}


def _complaint_context(request, complaint: Complaint, bound: dict | None = None) -> dict:
    today = timezone.localdate()
    bound = bound or {}
    step_forms = {}
    if actions.can_supervise(request.user, complaint.agency) and not complaint.is_withdrawn:
        allowed = {K.RECEIVED: ("accept", "conclude"), K.HANDLING: ("conclude",)}.get(complaint.status, ())
        for name in allowed:
            form = bound.get(name) or COMPLAINT_STEPS[name]()
            form.auto_id = f"id_{name}_%s"
            step_forms[name] = form
    name, contact = actions.complainant_of(request.user, complaint)
    return {"complaint": complaint, "complainant": name, "contact": contact, "due_on": complaint.due_on,
            "late": complaint.is_late(today), "step_forms": step_forms, "history": history_for(complaint)[:50]}


@login_required
def complaint_detail(request, pk: int):
    complaint = _complaint(request, pk)
    return render(request, "enforcement/complaint_detail.html", _complaint_context(request, complaint))


@login_required
@require_POST
def complaint_step(request, pk: int, step: str):
    """Start handling or conclude a complaint; a refusal keeps what was typed."""
    complaint = _complaint(request, pk)
    if step not in COMPLAINT_STEPS:
        raise Http404
    if not actions.can_supervise(request.user, complaint.agency):
        raise PermissionDenied
    form = COMPLAINT_STEPS[step](request.POST)
    form.auto_id = f"id_{step}_%s"
    action = {"accept": actions.accept_complaint, "conclude": actions.conclude_complaint}[step]
    if form.is_valid():
        try:
            action(complaint, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, {"accept": _("Handling of the complaint started."),
                                       "conclude": _("The complaint was concluded.")}[step])
            return redirect("enforcement:complaint_detail", complaint.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "enforcement/complaint_detail.html",
                  _complaint_context(request, _complaint(request, pk), {step: form}), status=400)


# Supervision checks ----------------------------------------------------------------------------------------


def _check_filters(request) -> dict:
    status = params.text(request, "status", 16)
    return {"status": status if status in V.values else "", "agency": params.text(request, "agency", 64),
            "office": params.text(request, "office", 64), "year": params.year(request)}


def filtered_checks(user, filters: dict, today):
    """The checks the person may read, narrowed by the list's filters, with their open and overdue items."""
    qs = SupervisionCheck.objects.visible_to(user).filter(withdrawn_at__isnull=True)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("office"):
        qs = qs.filter(office__code=filters["office"])
    if filters.get("year"):
        qs = qs.filter(checked_on__year=filters["year"])
    live = Q(items__withdrawn_at__isnull=True)
    return qs.select_related("agency__region", "office").annotate(
        n_items=Count("items", filter=live),
        n_open=Count("items", filter=live & Q(items__status=R.OPEN)),
        n_overdue=Count("items", filter=live & Q(items__status=R.OPEN, items__due_on__lt=today)),
    )


@login_required
def check_list(request):
    today = timezone.localdate()
    filters = _check_filters(request)
    qs = filtered_checks(request.user, filters, today).order_by("-checked_on", "-id")
    checks, context = _page(request, qs, {"filters": filters})
    context.update({
        "checks": checks, "statuses": V.choices, "agencies": _agency_choices(request.user, SupervisionCheck),
        "can_create": actions.offices_for(request.user).exists(), "years": range(today.year, today.year - 6, -1),
    })
    return render_list(request, "enforcement/check_list.html", "enforcement/_check_rows.html", context)


@login_required
def check_export(request):
    today = timezone.localdate()
    filters = _check_filters(request)
    checks = list(filtered_checks(request.user, filters, today).order_by("-checked_on", "-id")[:EXPORT_LIMIT])
    items = RectificationItem.objects.filter(supervision_check__in=[c.pk for c in checks],
                                             withdrawn_at__isnull=True).order_by("due_on", "pk")
    return _export(request, "supervision-checks", filters, excel.export_checks(checks, list(items), today))


@login_required
def check_create(request):
    form = forms.CheckForm(request.POST or None, user=request.user)
    if not form.fields["office"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            check = actions.record_check(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The supervision check was recorded."))
            return redirect("enforcement:check_detail", check.pk)
    return render(request, "enforcement/supervision_form.html", {
        "form": form, "title": _("Record a supervision check"), "active": "checks",
        "back": reverse("enforcement:check_list")}, status=400 if form.errors else 200)


def _check(request, pk: int) -> SupervisionCheck:
    return get_visible_or_404(request.user, SupervisionCheck.objects.select_related("agency__region", "office"),
                              pk=pk)


CHECK_STEPS = {"add_item": forms.RectificationItemForm, "close": forms.CloseCheckForm}


def _check_context(request, check: SupervisionCheck, bound: dict | None = None, item_form=None,
                   item_pk: int | None = None) -> dict:
    today = timezone.localdate()
    bound = bound or {}
    supervisor = actions.can_supervise(request.user, check.agency)
    open_check = check.status == V.RECTIFYING and not check.is_withdrawn
    step_forms = {}
    if supervisor and open_check:
        for name in ("add_item", "close"):
            form = bound.get(name) or CHECK_STEPS[name]()
            form.auto_id = f"id_{name}_%s"
            step_forms[name] = form
    items = []
    for item in check.items.filter(withdrawn_at__isnull=True).select_related("agency"):
        form = None
        if open_check and item.status == R.OPEN and actions.can_rectify(request.user, item):
            form = item_form if item.pk == item_pk and item_form is not None else forms.CompleteRectificationForm()
            form.auto_id = f"id_item{item.pk}_%s"
        items.append({"item": item, "overdue": item.is_overdue(today), "form": form})
    return {"check": check, "items": items, "step_forms": step_forms, "history": history_for(check)[:50],
            "attachments": attachments_for(check), "label": "enforcement.SupervisionCheck",
            "can_upload": scope_for(request.user).can_write_agency(check.agency_id)}


@login_required
def check_detail(request, pk: int):
    check = _check(request, pk)
    return render(request, "enforcement/check_detail.html", _check_context(request, check))


@login_required
@require_POST
def check_step(request, pk: int, step: str):
    """Add a rectification item to a check, or close it; a refusal keeps what was typed."""
    check = _check(request, pk)
    if step not in CHECK_STEPS:
        raise Http404
    if not actions.can_supervise(request.user, check.agency):
        raise PermissionDenied
    form = CHECK_STEPS[step](request.POST)
    form.auto_id = f"id_{step}_%s"
    action = {"add_item": actions.add_rectification_item, "close": actions.close_check}[step]
    if form.is_valid():
        try:
            action(check, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, {"add_item": _("The rectification item was added."),
                                       "close": _("The check was closed.")}[step])
            return redirect("enforcement:check_detail", check.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "enforcement/check_detail.html",
                  _check_context(request, _check(request, pk), {step: form}), status=400)


def _item(request, pk: int) -> RectificationItem:
    return get_visible_or_404(request.user, RectificationItem.objects.select_related(
        "agency__region", "supervision_check"), pk=pk)


@login_required
def rectification_detail(request, pk: int):
    """A rectification item is shown on its check's page (the agenda and the reminders link here)."""
    item = _item(request, pk)
    return redirect(f"{reverse('enforcement:check_detail', args=[item.supervision_check_id])}#item-{item.pk}")


@login_required
@require_POST
def rectification_complete(request, pk: int):
    """The department records that an item was rectified; a refusal keeps what was typed."""
    item = _item(request, pk)
    if not actions.can_rectify(request.user, item):
        raise PermissionDenied
    form = forms.CompleteRectificationForm(request.POST)
    form.auto_id = f"id_item{item.pk}_%s"
    if form.is_valid():
        try:
            actions.complete_rectification(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The rectification was recorded."))
            return redirect("enforcement:check_detail", item.supervision_check_id)
    messages.error(request, _("Correct the fields marked below."))
    check = _check(request, item.supervision_check_id)
    return render(request, "enforcement/check_detail.html",
                  _check_context(request, check, item_form=form, item_pk=item.pk), status=400)
