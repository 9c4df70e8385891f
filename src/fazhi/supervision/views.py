"""The register of reporting bodies: the list for a year, a body's page, Excel, reminders, building from the org
tree, and assigning an uploaded report. Every query goes through ``ReportingBody.objects.visible_to`` (reading)
or ``managed_by`` (changing): an outsider gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fazhi.analyzer.models import AnalyzedReport
from fazhi.ledgers.excel import Sheet, export_response
from fazhi.org.models import Membership, Region
from fazhi.org.scope import scope_for

from . import actions, rules
from .forms import AssignForm, BodyForm
from .models import ReportingBody

PAGE_SIZE = 50
SORTS = {"name": ("name",), "region": ("region_path", "name"), "status": ("status", "region_path", "name"),
         "filed": ("eff_filed", "name"), "published": ("eff_published", "name"),
         "reminded": ("reminder_count", "name")}


def _year(request) -> int:
    default = rules.reporting_year(timezone.localdate())
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= default + 1 else default


def managed_regions(user):
    """The regions whose bodies the person keeps (the office's region and below, a supervisor's below its own)."""
    scope = scope_for(user)
    if scope.is_admin:
        return Region.objects.all()
    q = Q(pk__in=[])
    for path in scope.write_subtrees:
        q |= Q(path__startswith=path)
    for path in scope.read_below:
        q |= Q(path__startswith=path) & ~Q(path=path)
    return Region.objects.filter(q)


def may_manage(user) -> bool:
    scope = scope_for(user)
    return scope.is_admin or bool(scope.write_subtrees or scope.read_below)


def _register_roots(request) -> list[Region]:
    """The regions whose register the person builds: their current role's region, or every top region for an
    administrator."""
    membership = getattr(request, "membership", None)
    if membership and membership.role in (Membership.Role.OFFICE, Membership.Role.SUPERVISOR):
        return [membership.agency.region]
    if scope_for(request.user).is_admin:
        return list(Region.objects.filter(parent__isnull=True))
    return []


def _filtered(request, year: int):
    """The person's bodies of ``year`` with the kind and name filters, annotated with status; and the filters."""
    today = timezone.localdate()
    qs = rules.annotate_status(ReportingBody.objects.visible_to(request.user).filter(year=year), year, today)
    kind = request.GET.get("kind", "")
    if kind in ReportingBody.Kind.values:
        qs = qs.filter(kind=kind)
    else:
        kind = ""
    q = request.GET.get("q", "").strip()[:60]
    if q:
        qs = qs.filter(name__icontains=q)
    return qs, {"kind": kind, "q": q}


@login_required
def register(request):
    """The register of reporting bodies for a year: counts per status, filters, sortable columns, pages."""
    year = _year(request)
    qs, filters = _filtered(request, year)
    counts = rules.status_counts(qs)
    from .dashboards import register_dashboard

    monthly = register_dashboard(qs, year) if counts["total"] else None
    status = request.GET.get("status", "")
    if status in rules.LABELS:
        qs = qs.filter(status=status)
    else:
        status = ""
    sort = request.GET.get("sort", "region")
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "region", False
    order = [F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True) for f in SORTS[key]]
    qs = qs.select_related("region").order_by(*order, "pk").only(
        "pk", "name", "kind", "year", "region__name", "region__code", "region_path", "agency_id", "report_id",
        "analyzed_id", "published_url", "published_source", "reminder_count", "reminded_at", "demonstration",
        "report__published_url")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    visible_reports = _visible_report_ids(request.user, rows)
    visible_analyzed = set(AnalyzedReport.objects.visible_to(request.user)
                           .filter(pk__in=[r.analyzed_id for r in rows if r.analyzed_id]).values_list("pk", flat=True))
    for row in rows:
        row.status_label = rules.LABELS[row.status]
        row.report_visible = row.report_id in visible_reports
        row.analyzed_visible = row.analyzed_id in visible_analyzed
        row.url = (row.report.published_url if row.report_id else "") or row.published_url
    params = {k: v for k, v in {"year": year, **filters, "status": status}.items() if v}
    context = {
        "year": year, "years": list(range(rules.reporting_year(timezone.localdate()) + 1, 2018, -1)),
        "counts": counts, "statuses": [(code, label, counts[code]) for code, label in rules.STATUSES],
        "status": status, "kinds": ReportingBody.Kind.choices, "sort": sort if key in SORTS else "region",
        "page": page, "rows": rows, "query": urlencode(params), "query_sort": urlencode({**params, "sort": sort}),
        "due": rules.deadlines(year), "source": rules.SOURCE, "may_manage": may_manage(request.user),
        "can_build": bool(_register_roots(request)), "monthly": monthly, **filters,
    }
    return render(request, "supervision/register.html", context)


def _visible_report_ids(user, rows) -> set[int]:
    from fazhi.reports.models import Report

    ids = [r.report_id for r in rows if r.report_id]
    if not ids:
        return set()
    return set(Report.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _body_or_404(request, pk: int) -> ReportingBody:
    body = ReportingBody.objects.visible_to(request.user).filter(pk=pk).first()
    if body is None:
        raise Http404
    return body


def _managed_or_403(request, pk: int) -> ReportingBody:
    body = _body_or_404(request, pk)
    if not ReportingBody.objects.managed_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return body


def _status(body: ReportingBody) -> str:
    return rules.annotate_status(ReportingBody.objects.filter(pk=body.pk), body.year, timezone.localdate()).values_list(
        "status", flat=True).get()


@login_required
def body_detail(request, pk: int):
    """A body's dates, status, report (fazhi's, or the uploaded text), reminders; and its form for the keeper."""
    body = _body_or_404(request, pk)
    manages = ReportingBody.objects.managed_by(request.user).filter(pk=pk).exists()
    form = None
    if manages:
        form = BodyForm(request.POST or None, instance=body, regions=managed_regions(request.user))
        if request.method == "POST" and form.is_valid():
            changes = {name: [form.initial.get(name), form.cleaned_data.get(name)] for name in form.changed_data}
            actions.save_body(form.save(), by=request.user, changes=changes)
            messages.success(request, _("The body's entry was saved."))
            return redirect("supervision:body_detail", pk=body.pk)
    elif request.method == "POST":
        raise PermissionDenied
    analyzed = body.analyzed
    status = _status(body)
    context = {
        "body": body, "form": form, "manages": manages, "status": status, "status_label": rules.LABELS[status],
        "due": rules.deadlines(body.year, demonstration=body.demonstration), "source": rules.SOURCE,
        "report": body.report, "report_visible": bool(body.report_id and _visible_report_ids(request.user, [body])),
        "analyzed": analyzed,
        "analyzed_visible": bool(analyzed and AnalyzedReport.objects.visible_to(request.user)
                                 .filter(pk=analyzed.pk).exists()),
        "remindable": manages and status in rules.REMINDABLE,
    }
    return render(request, "supervision/body_detail.html", context)


@login_required
def body_create(request):
    """Add a body outside fazhi to a year's register by hand."""
    if not may_manage(request.user):
        raise PermissionDenied
    year = _year(request)
    form = BodyForm(request.POST or None, instance=ReportingBody(year=year), regions=managed_regions(request.user))
    if request.method == "POST" and form.is_valid():
        body = actions.save_body(form.save(), by=request.user)
        messages.success(request, _("%(name)s was added to the register.") % {"name": body.name})
        return redirect("supervision:body_detail", pk=body.pk)
    return render(request, "supervision/body_form.html", {"form": form, "year": year})


@login_required
@require_POST
def body_delete(request, pk: int):
    body = _managed_or_403(request, pk)
    try:
        actions.remove_body(body, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("supervision:body_detail", pk=pk)
    messages.success(request, _("%(name)s was removed from the register.") % {"name": body.name})
    return redirect(f"{reverse('supervision:register')}?year={body.year}")


def _remind_message(request, result) -> None:
    if not result.reminded:
        messages.info(request, _("Nobody to remind: no body is missing or late."))
        return
    messages.success(request, ngettext("%(n)d body reminded.", "%(n)d bodies reminded.", len(result.reminded))
                     % {"n": len(result.reminded)})
    if result.unreachable:
        messages.warning(request, _("Nobody to notify and no e-mail address for: %(names)s.")
                         % {"names": "、".join(result.unreachable[:10])})
    if result.failed:
        messages.warning(request, _("E-mail not sent: %(errors)s") % {"errors": "; ".join(result.failed[:5])})


@login_required
@require_POST
def body_remind(request, pk: int):
    body = _managed_or_403(request, pk)
    _remind_message(request, actions.remind([body], by=request.user, today=timezone.localdate()))
    return redirect("supervision:body_detail", pk=pk)


@login_required
@require_POST
def remind_all(request):
    """Remind every missing body of the year the person keeps."""
    if not may_manage(request.user):
        raise PermissionDenied
    year = _year(request)
    today = timezone.localdate()
    bodies = rules.annotate_status(ReportingBody.objects.managed_by(request.user).filter(year=year), year, today)
    bodies = bodies.filter(status=rules.MISSING).select_related("report")
    _remind_message(request, actions.remind(list(bodies), by=request.user, today=today))
    return redirect(f"{reverse('supervision:register')}?{urlencode({'year': year, 'status': rules.MISSING})}")


@login_required
@require_POST
def build(request):
    """Add the reporting agencies of the person's region to the year's register (idempotent)."""
    roots = _register_roots(request)
    if not roots:
        raise PermissionDenied
    year = _year(request)
    added = linked = 0
    for region in roots:
        done = actions.build_register(region, year, by=request.user)
        added, linked = added + done["added"], linked + done["linked"]
    messages.success(request, _("Register for %(year)d built: %(added)d bodies added, %(linked)d reports linked.")
                     % {"year": year, "added": added, "linked": linked})
    return redirect(f"{reverse('supervision:register')}?year={year}")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text  # never a formula in Excel


@login_required
def export(request):
    """The register for a year, as filtered, as an Excel workbook (audited)."""
    year = _year(request)
    qs, filters = _filtered(request, year)
    status = request.GET.get("status", "")
    if status in rules.LABELS:
        qs = qs.filter(status=status)
    qs = qs.select_related("region", "report").order_by("region_path", "name")
    header = [_("Reporting body"), _("Region"), _("Region code"), _("Kind of body"), _("Status"), _("Filed on"),
              _("Published on"), _("Published at"), _("In fazhi"), _("Reminders sent"), _("Last reminded")]
    rows = (
        [_cell(b.name), _cell(b.region.name), b.region.code, str(b.get_kind_display()), str(rules.LABELS[b.status]),
         b.eff_filed, b.eff_published, _cell((b.report.published_url if b.report_id else "") or b.published_url),
         _("yes") if b.agency_id else _("no"), b.reminder_count,
         timezone.localtime(b.reminded_at).strftime("%Y-%m-%d %H:%M") if b.reminded_at else ""]
        for b in qs.iterator(chunk_size=1000)
    )
    return export_response(request, ledger="register", name=f"register-{year}",
                           sheets=[Sheet(title=_("Register %(year)d") % {"year": year}, header=header, rows=rows)],
                           filters={"year": year, "status": status, **filters})


@login_required
@require_POST
def assign_analyzed(request, pk: int):
    """Assign an uploaded report to a body of the register the person keeps, or take it off (no body chosen)."""
    analyzed = get_object_or_404(AnalyzedReport.objects.visible_to(request.user), pk=pk)
    if not may_manage(request.user):
        raise PermissionDenied
    bodies = ReportingBody.objects.managed_by(request.user)
    form = AssignForm(request.POST, bodies=bodies)
    if not form.is_valid():
        messages.error(request, _("Choose a body of your register."))
        return redirect("analyzer:report_detail", pk=pk)
    chosen = form.cleaned_data["body"]
    for body in bodies.filter(analyzed=analyzed).exclude(pk=getattr(chosen, "pk", None)):
        actions.detach(body, by=request.user)
    if chosen is not None and chosen.analyzed_id != analyzed.pk:
        actions.assign(chosen, analyzed, by=request.user)
        messages.success(request, _("The report is now %(name)s's report for %(year)d.")
                         % {"name": chosen.name, "year": chosen.year})
    elif chosen is None:
        messages.success(request, _("The report belongs to no body of the register now."))
    return redirect("analyzer:report_detail", pk=pk)
