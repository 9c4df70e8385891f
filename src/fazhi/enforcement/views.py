"""Pages of the enforcement ledger (行政执法): officers, their certificates and trainings, the bodies, Excel in and out.

Every query goes through the organisation scope: a department's clerks keep its ledger, the rule-of-law office of
the region and the leaders read it, anyone else gets 404. Views parse input, call one action, render.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for, record_event
from fazhi.core import limits, params
from fazhi.core.lists import capped_count, per_person, render_list, rows_only
from fazhi.enforcement import actions, excel, forms
from fazhi.enforcement.models import (
    Certificate,
    CertificateState,
    EnforcementBody,
    Officer,
    training_hours,
    valid_on_q,
    warning_days,
)
from fazhi.ledgers.forms import errors_into
from fazhi.org.scope import get_visible_or_404, scope_for

PAGE_SIZE = 30
EXPORT_LIMIT = 50_000
#: The list counts matching rows up to this many and says "more than" beyond it.
COUNT_CAP = 1000
C = Certificate.Status
#: The certificate filter of the officer list: what each value keeps.
CERTIFICATE_FILTERS = ("valid", "expiring", "expired", "none")


def _certificate_filters():
    """The labels of the certificate filter, in the reader's language."""
    return [("valid", _("holds a valid certificate")),
            ("expiring", _("certificate expiring within %(days)d days") % {"days": warning_days()}),
            ("expired", _("certificate expired")), ("none", _("no valid certificate"))]


# The officer list -------------------------------------------------------------------------------------------


def _day(request, name: str) -> dt.date | None:
    """``?name=`` as an ISO date within the bounds the forms accept, else None."""
    try:
        return limits.bounded_date(dt.date.fromisoformat(params.text(request, name, 10)))
    except ValueError:
        return None


def _filters(request) -> dict:
    state = request.GET.get("certificate", "")
    return {
        "q": params.text(request, "q"),
        "agency": params.text(request, "agency", 64),
        "body": params.integer(request, "body", low=1, high=2**63 - 1),
        "certificate": state if state in CERTIFICATE_FILTERS else "",
        # The figures of the metric catalog link here (``enforcement.metrics``): the day the certificate filter
        # speaks for, and the officers newly certified, trained or whose certificate was cancelled in a year.
        "on": _day(request, "on"),
        "certified": params.year(request, "certified"),
        "trained": params.year(request, "trained"),
        "cancelled": params.year(request, "cancelled"),
    }


def filtered_officers(user, filters: dict, today):
    """Return the officers the person may read, narrowed by the list's filters (one query)."""
    from fazhi.enforcement import metrics

    qs = scope_for(user).visible(Officer.objects.filter(withdrawn_at__isnull=True), "agency")
    if filters.get("q"):
        words = filters["q"]
        lookup = "icontains" if any(c.isascii() and c.isalpha() for c in words) else "contains"
        holds = Certificate.objects.filter(officer=OuterRef("pk"), **{f"number__{lookup}": words})
        qs = qs.filter(Q(**{f"name__{lookup}": words}) | Q(**{f"position__{lookup}": words}) | Exists(holds))
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("body"):
        qs = qs.filter(body_id=filters["body"])
    if filters.get("certified"):
        qs = metrics.newly_certified(qs, filters["certified"], today)
    if filters.get("trained"):
        qs = metrics.trained(qs, filters["trained"])
    if filters.get("cancelled"):
        qs = metrics.cancelled(qs, filters["cancelled"])
    state = filters.get("certificate")
    if state:
        day = filters.get("on") or today
        valid = Certificate.objects.filter(valid_on_q(day), officer=OuterRef("pk"))
        lasting = valid.filter(valid_until__gt=day + dt.timedelta(days=warning_days()))
        expired = Certificate.objects.filter(officer=OuterRef("pk"), status=C.VALID, valid_until__lt=day,
                                             withdrawn_at__isnull=True)
        qs = {
            "valid": qs.filter(Exists(valid)),
            "expiring": qs.filter(Exists(valid)).exclude(Exists(lasting)),
            "expired": qs.exclude(Exists(valid)).filter(Exists(expired)),
            "none": qs.exclude(Exists(valid)),
        }[state]
    return qs


def _officer_rows(officers, today) -> list[dict]:
    """Each officer with the certificate that speaks for them today and their training hours this year."""
    officers = list(officers)
    ids = [o.pk for o in officers]
    best = actions.best_certificates(ids, today)
    hours = actions.hours_in(ids, today.year)
    labels = dict(CertificateState.choices)
    rows = []
    for officer in officers:
        certificate = best.get(officer.pk)
        total = hours.get(officer.pk, Decimal(0))
        state = certificate.state_on(today) if certificate else "none"
        rows.append({"officer": officer, "certificate": certificate, "state": state,
                     "label": labels.get(state) or _("none"), "hours": total,
                     "short": actions.short_of_hours(total)})
    return rows


@login_required
def officer_list(request):
    """The officers, newest first, filtered; pages without counting every row."""
    today = timezone.localdate()
    filters = _filters(request)
    page = params.page(request)
    matching = filtered_officers(request.user, filters, today)
    count, more = capped_count(matching, COUNT_CAP)
    offset = (page - 1) * PAGE_SIZE
    officers = list(matching.select_related("agency", "body").order_by("-created_at", "-id")
                    [offset: offset + PAGE_SIZE + 1])
    has_next = len(officers) > PAGE_SIZE
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": _officer_rows(officers[:PAGE_SIZE], today),
        "count": count, "more": more, "cap": COUNT_CAP, "filters": filters,
        "certificate_filters": _certificate_filters(),
        "minimum": training_hours(), "year": today.year,
        "page": page, "has_next": has_next, "has_previous": page > 1, "query": query.urlencode(),
    }
    if not rows_only(request):  # display only, kept per person a while
        context["agencies"], context["bodies"], context["can_create"] = per_person(
            request, "enforcement", lambda: _list_choices(request.user))
        context["narrowed"] = _narrowed(filters)
    return render_list(request, "enforcement/officer_list.html", "enforcement/_officer_rows.html", context)


def _narrowed(filters: dict) -> list[tuple[str, str, str]]:
    """The filters a figure's link sets beyond the form's: (name, value, what it keeps), kept through the form."""
    found = []
    if filters.get("on"):
        found.append(("on", filters["on"].isoformat(),
                      _("certificate as it stood on %(date)s") % {"date": filters["on"].isoformat()}))
    if filters.get("certified"):
        found.append(("certified", str(filters["certified"]),
                      _("newly certified in %(year)d, holding the certificate at the year's end")
                      % {"year": filters["certified"]}))
    if filters.get("trained"):
        found.append(("trained", str(filters["trained"]),
                      _("reached the training hours of %(year)d") % {"year": filters["trained"]}))
    if filters.get("cancelled"):
        found.append(("cancelled", str(filters["cancelled"]),
                      _("certificate cancelled in %(year)d") % {"year": filters["cancelled"]}))
    return found


def _list_choices(user) -> tuple[list, list, bool]:
    """The agencies and bodies the filters offer, and whether the person may register an officer."""
    scope = scope_for(user)
    bodies = list(EnforcementBody.objects.visible_to(user).filter(withdrawn_at__isnull=True)
                  .order_by("agency__name", "name").values_list("pk", "name"))
    agencies = list(scope.agencies().filter(pk__in=EnforcementBody.objects.visible_to(user).values("agency_id"))
                    .order_by("region__code", "name").values_list("code", "name"))
    return agencies, bodies, forms.OfficerForm(user=user).fields["body"].queryset.exists()


@login_required
def officer_export(request):
    """The filtered officer list as an Excel workbook (audited)."""
    today = timezone.localdate()
    filters = _filters(request)
    officers = list(filtered_officers(request.user, filters, today).select_related("agency", "body")
                    .order_by("agency__name", "body__name", "name", "pk")[:EXPORT_LIMIT])
    ids = [o.pk for o in officers]
    data = excel.export_officers(officers, actions.best_certificates(ids, today), actions.hours_in(ids, today.year),
                                 today)
    record_event(action="export", target=None, actor=request.user,
                 changes={"enforcement.officers": [None, {k: str(v) for k, v in filters.items() if v}]})
    response = HttpResponse(data, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"officers-{today.isoformat()}.xlsx")
    return response


# An officer ------------------------------------------------------------------------------------------------


def _officer(request, pk: int) -> Officer:
    return get_visible_or_404(request.user, Officer.objects.select_related("agency__region", "body"), pk=pk)


@login_required
def officer_create(request):
    form = forms.OfficerForm(request.POST or None, user=request.user)
    if not form.fields["body"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            officer = actions.register_officer(by=request.user, **data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": officer.name})
            return redirect("enforcement:officer_detail", officer.pk)
    return render(request, "enforcement/officer_form.html", {"form": form})


def _officer_context(request, officer: Officer, bound: dict | None = None) -> dict:
    today = timezone.localdate()
    bound = bound or {}
    writer = actions.can_keep_officers(request.user, officer.agency_id)
    certificates = list(officer.certificates.filter(withdrawn_at__isnull=True).select_related("replaced_by"))
    trainings = list(officer.trainings.all())
    hours = sum((t.hours for t in trainings if t.year == today.year), Decimal(0))
    labels = dict(CertificateState.choices)
    step_forms = {}
    if writer:
        for name, factory in (("certificate", forms.CertificateForm), ("training", forms.TrainingForm)):
            form = bound.get(name) or factory()
            form.auto_id = f"id_{name}_%s"  # two forms on one page: each field's id its own
            step_forms[name] = form
    return {
        "officer": officer,
        "certificates": [{"certificate": c, "state": c.state_on(today), "label": labels[c.state_on(today)]}
                         for c in certificates],
        "trainings": trainings,
        "hours": hours, "minimum": training_hours(), "short": actions.short_of_hours(hours), "year": today.year,
        "step_forms": step_forms,
        "history": history_for(officer)[:50],
        "attachments": attachments_for(officer),
        "label": "enforcement.Officer",
        "can_upload": writer,
    }


@login_required
def officer_detail(request, pk: int):
    officer = _officer(request, pk)
    return render(request, "enforcement/officer_detail.html", _officer_context(request, officer))


@login_required
@require_POST
def officer_step(request, pk: int, step: str):
    """Issue a certificate to the officer, or record a training; a refusal keeps what was typed."""
    officer = _officer(request, pk)
    if step == "certificate":
        form = forms.CertificateForm(request.POST)
        perform, done = (lambda d: actions.issue_certificate(officer, by=request.user, **d),
                         _("The certificate was recorded."))
    elif step == "training":
        form = forms.TrainingForm(request.POST)
        perform, done = (lambda d: actions.record_training(officer, by=request.user, **d),
                         _("The training was recorded."))
    else:
        raise Http404
    if not actions.can_keep_officers(request.user, officer.agency_id):
        raise PermissionDenied
    form.auto_id = f"id_{step}_%s"
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, done)
            return redirect("enforcement:officer_detail", officer.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "enforcement/officer_detail.html", _officer_context(request, officer, {step: form}),
                  status=400)


# A certificate -----------------------------------------------------------------------------------------------


def _certificate(request, pk: int) -> Certificate:
    return get_visible_or_404(request.user, Certificate.objects.select_related("officer__body", "agency",
                                                                               "replaced_by"), pk=pk)


STEP_FORMS = {"suspend": forms.CertificateStepForm, "reinstate": forms.ReinstateForm,
              "cancel": forms.CertificateStepForm}


def _certificate_context(request, certificate: Certificate, bound: dict | None = None) -> dict:
    today = timezone.localdate()
    bound = bound or {}
    step_forms = {}
    if actions.can_keep_officers(request.user, certificate.agency_id) and not certificate.is_withdrawn:
        allowed = {C.VALID: ("suspend", "cancel"), C.SUSPENDED: ("reinstate", "cancel")}.get(certificate.status, ())
        for name in allowed:
            form = bound.get(name) or STEP_FORMS[name]()
            form.auto_id = f"id_{name}_%s"
            step_forms[name] = form
    return {
        "certificate": certificate,
        "officer": certificate.officer,
        "state": certificate.state_on(today),
        "state_label": dict(CertificateState.choices)[certificate.state_on(today)],
        "step_forms": step_forms,
        "history": history_for(certificate)[:50],
        "attachments": attachments_for(certificate),
        "label": "enforcement.Certificate",
        "can_upload": actions.can_write(request.user, certificate.agency_id),
    }


@login_required
def certificate_detail(request, pk: int):
    certificate = _certificate(request, pk)
    return render(request, "enforcement/certificate_detail.html", _certificate_context(request, certificate))


@login_required
@require_POST
def certificate_step(request, pk: int, step: str):
    """Suspend, return or cancel a certificate; a refusal keeps what was typed."""
    certificate = _certificate(request, pk)
    if step not in STEP_FORMS:
        raise Http404
    if not actions.can_keep_officers(request.user, certificate.agency_id):
        raise PermissionDenied
    form = STEP_FORMS[step](request.POST)
    form.auto_id = f"id_{step}_%s"
    action = {"suspend": actions.suspend_certificate, "reinstate": actions.reinstate_certificate,
              "cancel": actions.cancel_certificate}[step]
    if form.is_valid():
        try:
            action(certificate, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, {"suspend": _("The certificate was suspended."),
                                       "reinstate": _("The certificate was returned to its holder."),
                                       "cancel": _("The certificate was cancelled.")}[step])
            return redirect("enforcement:certificate_detail", certificate.pk)
    messages.error(request, _("Correct the fields marked below."))
    certificate = _certificate(request, pk)
    return render(request, "enforcement/certificate_detail.html",
                  _certificate_context(request, certificate, {step: form}), status=400)


# Enforcement bodies ------------------------------------------------------------------------------------------


@login_required
def body_list(request):
    bodies = list(EnforcementBody.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
                  .select_related("agency", "entrusted_by")
                  .annotate(n_officers=Count("officers", filter=Q(officers__withdrawn_at__isnull=True)))
                  .order_by("agency__name", "status", "name")[:500])
    return render(request, "enforcement/body_list.html", {
        "bodies": bodies, "can_create": forms.writable_agencies(request.user).exists(),
    })


@login_required
def body_create(request):
    form = forms.BodyForm(request.POST or None, user=request.user)
    if not form.fields["agency"].queryset.exists():
        raise PermissionDenied
    if not request.POST and request.membership:
        form.fields["agency"].initial = request.membership.agency_id
    if request.method == "POST" and form.is_valid():
        try:
            body = actions.register_body(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("“%(name)s” was registered.") % {"name": body.name})
            return redirect("enforcement:body_detail", body.pk)
    return render(request, "enforcement/body_form.html", {"form": form})


def _body_context(request, body: EnforcementBody, form=None, disclosure=None) -> dict:
    writer = actions.can_write(request.user, body.agency_id)
    active = writer and body.status == EnforcementBody.Status.ACTIVE
    if active and form is None:
        form = forms.WithdrawBodyForm()
    if active and disclosure is None:
        disclosure = forms.BodyDisclosureForm(initial={"procedures": body.procedures, "remedies": body.remedies})
        disclosure.auto_id = "id_disclosure_%s"
    today = timezone.localdate()
    officers = body.officers.filter(withdrawn_at__isnull=True).order_by("name", "pk")
    return {
        "body": body,
        "rows": _officer_rows(officers, today),
        "entrusted": body.entrusted_bodies.visible_to(request.user).filter(withdrawn_at__isnull=True),
        "form": form if active else None,
        "disclosure": disclosure if active else None,
        "history": history_for(body)[:50],
        "attachments": attachments_for(body),
        "label": "enforcement.EnforcementBody",
        "can_upload": writer,
        "minimum": training_hours(), "year": today.year,
    }


def _body(request, pk: int) -> EnforcementBody:
    return get_visible_or_404(request.user, EnforcementBody.objects.select_related("agency", "entrusted_by"),
                              pk=pk)


@login_required
def body_detail(request, pk: int):
    body = _body(request, pk)
    return render(request, "enforcement/body_detail.html", _body_context(request, body))


@login_required
@require_POST
def body_withdraw(request, pk: int):
    body = _body(request, pk)
    if not actions.can_write(request.user, body.agency_id):
        raise PermissionDenied
    form = forms.WithdrawBodyForm(request.POST)
    if form.is_valid():
        try:
            actions.withdraw_body(body, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("“%(name)s” is recorded as no longer an enforcement body.")
                             % {"name": body.name})
            return redirect("enforcement:body_detail", body.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "enforcement/body_detail.html", _body_context(request, _body(request, pk), form),
                  status=400)


@login_required
@require_POST
def body_disclosure(request, pk: int):
    """Change the procedures and remedies the portal publishes with the body; a refusal keeps what was typed."""
    body = _body(request, pk)
    if not actions.can_write(request.user, body.agency_id):
        raise PermissionDenied
    form = forms.BodyDisclosureForm(request.POST)
    form.auto_id = "id_disclosure_%s"
    if form.is_valid():
        try:
            actions.set_body_disclosure(body, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The procedures and remedies of “%(name)s” were saved.") % {"name": body.name})
            return redirect("enforcement:body_detail", body.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "enforcement/body_detail.html",
                  _body_context(request, _body(request, pk), disclosure=form), status=400)


# Excel import ----------------------------------------------------------------------------------------------


@login_required
def import_template(request):
    """The workbook to fill in: the headings and the bodies the person may register officers for."""
    response = HttpResponse(excel.template_workbook(request.user), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "officers-import.xlsx")
    return response


@login_required
def officer_import(request):
    """Upload the filled-in workbook: every officer imported, or none and each refused row with its column.

    Anyone may open the page (it is in the ledger's navigation); only a clerk with an active body may upload.
    """
    can_import = bool(excel.body_choices(request.user))
    if request.method == "POST" and not can_import:
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024:
            form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": settings.FAZHI_UPLOAD_MAX_MB})
        else:
            result = excel.import_workbook(uploaded.read(), user=request.user)
            if result.fatal:
                form.add_error("file", result.fatal)
            elif result.ok:
                messages.success(request, _("Imported: officers %(officers)d, certificates %(certificates)d.")
                                 % {"officers": result.officers, "certificates": result.certificates})
    status = 400 if request.method == "POST" and (result is None or not result.ok) else 200
    return render(request, "enforcement/import.html", {"form": form, "result": result, "can_import": can_import,
                                                       "first_row": excel.FIRST_ROW}, status=status)
