"""Pages of the annual report: the region's compliance list, the outline and the workflow, the downloads.

Every query goes through the organisation scope; during the comment period the bodies of the reporting
body's region may also read the draft and comment (``actions.can_comment``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for, record_event
from fazhi.audit.display import actor_name
from fazhi.collection import rollup
from fazhi.core import params
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for
from fazhi.reports import actions, forms, rules
from fazhi.reports.models import Part, Report, ReportComment, ReportSection

S = Report.Status
EXPORT_FORMATS = ("docx", "pdf", "html", "json")
#: Agency kinds listed in the compliance table, in the order a region lists them.
REPORTING_KINDS = [Agency.Kind.GOVERNMENT, Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP]


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _report_queryset():
    return Report.objects.filter(withdrawn_at__isnull=True).select_related("agency__region", "created_by")


def _readable_report(request, pk: int) -> Report:
    """Return the report the person may read: through the scope, or as a commenter during comments."""
    report = get_object_or_404(_report_queryset(), pk=pk)
    if scope_for(request.user).can_read_agency(report.agency_id) or actions.can_comment(report, request.user):
        return report
    raise Http404


def _editable_report(request, pk: int) -> Report:
    report = _readable_report(request, pk)
    if not actions.can_edit(report, request.user):
        raise PermissionDenied
    return report


# The list: reports and the region's compliance ------------------------------------------------------------


def _deadline_state(due, done_on, today) -> str:
    """Return "ok", "late" (done after the due date), "overdue" (not done, past due), "soon" or "open"."""
    if done_on is not None:
        return "ok" if done_on <= due else "late"
    if today > due:
        return "overdue"
    if (due - today).days <= _warn_days():
        return "soon"
    return "open"


def _warn_days() -> int:
    return settings.FAZHI_REPORT_WARN_DAYS


@login_required
def report_list(request):
    today = timezone.localdate()
    scope = scope_for(request.user)
    year = params.year(request, default=today.year - 1)
    status = request.GET.get("status", "")
    reports = scope.visible(_report_queryset().filter(year=year), "agency")
    by_agency = {r.agency_id: r for r in reports}
    bodies = list(
        scope.agencies().filter(kind__in=REPORTING_KINDS, is_active=True).select_related("region")
    )
    known = {a.pk for a in bodies}
    bodies += [r.agency for r in reports if r.agency_id not in known]
    kind_order = {k: i for i, k in enumerate(REPORTING_KINDS)}
    bodies.sort(key=lambda a: (a.region.path, kind_order.get(a.kind, 9), a.name))
    filing_due = rules.filing_deadline(year).due
    publication_due = rules.publication_deadline(year).due
    rows = []
    for agency in bodies:
        report = by_agency.get(agency.pk)
        if status and (report is None or report.status != status):
            continue
        f_due = report.filing_due if report else filing_due
        rows.append({
            "agency": agency,
            "report": report,
            "filing_due": f_due,
            "filing": _deadline_state(f_due, report.submitted_on if report else None, today),
            "publication": _deadline_state(publication_due, report.published_on if report else None, today),
        })
    summary = {
        "bodies": len(bodies),
        "reports": len(by_agency),
        "filed": sum(1 for r in by_agency.values() if r.submitted_on),
        "filed_on_time": sum(1 for r in by_agency.values() if r.filed_on_time),
        "published": sum(1 for r in by_agency.values() if r.published_on),
        "published_on_time": sum(1 for r in by_agency.values() if r.published_on_time),
    }
    years = sorted(set(scope.visible(_report_queryset(), "agency").values_list("year", flat=True))
                   | {today.year - 1, year}, reverse=True)
    context = {
        "rows": rows, "year": year, "years": years, "status": status, "statuses": S.choices,
        "summary": summary, "filing_due": filing_due, "publication_due": publication_due, "today": today,
        "can_create": scope.editable_agencies().filter(kind__in=list(actions.BODY_KIND_OF)).exists(),
    }
    return render(request, "reports/report_list.html", context)


@login_required
def report_create(request):
    form = forms.ReportCreateForm(request.POST or None, user=request.user)
    if not request.POST and request.membership and request.membership.agency.kind in actions.BODY_KIND_OF:
        form.fields["agency"].initial = request.membership.agency.pk
    elif not request.POST:
        gov = form.fields["agency"].queryset.filter(kind=Agency.Kind.GOVERNMENT).first()
        form.fields["agency"].initial = gov.pk if gov else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = actions.create_report(
                data["agency"], data["year"], by=request.user, body_kind=data["body_kind"] or None,
                title=data["title"], demonstration=data["demonstration"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The report “%(title)s” was created with its outline.") % {"title": report})
            return redirect("reports:report_detail", report.pk)
    return render(request, "reports/report_create.html", {"form": form})


# The detail page ------------------------------------------------------------------------------------------------


def _workflow(report: Report) -> list[dict]:
    """Return the workflow's steps with the date and the person of the last move into each."""
    moved: dict[str, tuple] = {}
    for entry in history_for(report):
        if entry.action == "transition":
            to = (entry.changes or {}).get("status", [None, None])[1]
            if to:
                moved[to] = (entry.timestamp, actor_name(entry))
    order = list(S.values)
    current = order.index(report.status)
    dates = {
        S.DRAFT: timezone.localdate(report.created_at), S.ADOPTED: report.adopted_on,
        S.SUBMITTED: report.submitted_on, S.CLEARED: report.cleared_on, S.PUBLISHED: report.published_on,
    }
    who = {S.DRAFT: str(report.created_by or "")}
    steps = []
    for index, (value, label) in enumerate(S.choices):
        when, actor = moved.get(value, (None, ""))
        date_ = dates.get(value) or (timezone.localdate(when) if when else None)
        steps.append({
            "status": value, "label": label, "date": date_ if index <= current else None,
            "who": (who.get(value) or actor) if index <= current else "",
            "state": "done" if index < current else ("current" if index == current else "todo"),
        })
    return steps


def _step_forms(report: Report, user, bound: dict | None = None) -> dict:
    """Return the forms of the moves the person may make now, bound ones replacing fresh ones."""
    bound = bound or {}
    editor = actions.can_edit(report, user)
    found = {}

    def add(name, factory):
        form = bound.get(name) or factory()
        form.auto_id = f"id_{name}_%s"  # several forms on one page: each field's id (and label) its own
        found[name] = form

    status = report.status
    if editor:
        if status == S.DRAFT:
            add("open_comments", lambda: forms.OpenCommentsForm(
                initial={"due": timezone.localdate() + timedelta(days=7)}))
        if status in (S.DRAFT, S.COMMENTS):
            add("send_for_review", forms.SendForReviewForm)
        if status in (S.COMMENTS, S.REVIEW, S.SIGNED):
            add("return_to_draft", forms.ReturnForm)
        if status == S.SIGNED:
            add("adopt", lambda: forms.AdoptForm(initial={"adopted_on": timezone.localdate()}))
        if status == S.ADOPTED:
            add("submit", lambda: forms.DeliveryFormSet(prefix="delivery", initial=[
                {"include": s.required or bool(s.addressee), "kind": s.kind, "addressee": s.addressee,
                 "delivered_on": timezone.localdate()}
                for s in actions.suggested_deliveries(report)
            ]))
        if status == S.SUBMITTED:
            add("confidentiality", lambda: forms.ClearForm(initial={"cleared_on": timezone.localdate()}))
        if status == S.CLEARED:
            add("publish", lambda: forms.PublishForm(initial={"published_on": timezone.localdate()}))
    if status in (S.REVIEW, S.SIGNED) and actions.can_sign(report, user) and not report.signoffs.filter(
            user=user).exists():
        add("sign_off", lambda: forms.SignOffForm(
            initial={"post": actions.signing_memberships(report, user)[0].title}))
    if actions.can_comment(report, user):
        add("comment", lambda: forms.CommentForm(report=report))
    return found


def _last_year(report: Report) -> dict[int, dict]:
    """Last year's shortcomings and plans of the same body, item by item: this year's draft says what became of
    them (整改情况, 落实情况). Keyed by part; empty without last year's report."""
    from fazhi.reports import parts

    previous = Report.objects.filter(agency=report.agency_id, year=report.year - 1,
                                     withdrawn_at__isnull=True).first()
    if previous is None:
        return {}
    found = {}
    for part in (Part.SHORTCOMINGS, Part.NEXT_YEAR):
        items = parts.items_of("\n".join(s.text for s in previous.sections.filter(part=part)))
        if items:
            found[part] = {"year": previous.year, "report": previous, "items": items}
    return found


def _section_item(section: ReportSection, current: dict, editable: bool, drill: bool = True, ctx=None,
                  last_year: dict | None = None) -> dict:
    """Return a section as the page shows it; ``drill``: its figures link to the roll-up's drill-down,
    otherwise (a reader who may not open it) to the metric's page in the catalog. ``ctx`` (the report's
    ``compose.Context``) lists the figures an editor may choose to cite in a topic of part one."""
    from fazhi.reports import compose

    states = compose.figure_states(section, current)
    if not drill:
        states = [replace(s, url=reverse("metrics:metric_detail", args=[s.metric])) for s in states]
    cite = []
    if editable and section.topic and ctx is not None:
        cited = set(compose.cited_codes(ctx, section.topic))
        cite = [{"code": i.code, "label": i.label, "display": i.display(current[i.code]), "checked": i.code in cited}
                for i in compose.citable(ctx, section.topic)]
    return {
        "section": section, "html": compose.render_section_html(section, states=states), "figures": states,
        "stale": [f for f in states if f.stale], "editable": editable, "cite": cite,
        "edited": section.text != section.generated_text,
        "last_year": (last_year or {}).get(section.part) if editable and not section.topic else None,
    }


def _sections(report: Report, editable: bool, drill: bool, ctx):
    from fazhi.reports import compose

    sections = list(report.sections.all())
    last_year = _last_year(report) if editable else {}
    parts = []
    for part in Part.values:
        items = [_section_item(s, ctx.current, editable, drill, ctx, last_year) for s in sections if s.part == part]
        parts.append({"part": part, "heading": compose.part_heading(part, report.year), "sections": items})
    return parts


def _deadlines(report: Report, today):
    found = []
    for deadline in rules.open_deadlines(report):
        days = (deadline.due - today).days
        found.append({"deadline": deadline, "days_left": days, "days_late": -days,
                      "state": "overdue" if days < 0 else ("soon" if days <= _warn_days() else "open")})
    return found


def _detail_context(request, report: Report, bound: dict | None = None) -> dict:
    from fazhi.reports import annex, review, versions
    from fazhi.reports.compose import context_for
    from fazhi.reports.export.charts import chart_data

    today = timezone.localdate()
    ctx = context_for(report)
    editor = actions.can_edit(report, request.user)
    text_editable = editor and report.status in actions.EDITABLE
    parts = _sections(report, text_editable, rollup.may_drill(request.user, report.agency.region), ctx)
    comments = report.comments.select_related("agency", "author", "section")
    findings = review.findings(report, ctx.current) if text_editable else []
    return {
        "report": report,
        "annex": annex.annex_rows(report, ctx), "annex_title": annex.annex_title(report.year),
        "annex_columns": annex.COLUMNS,
        "parts": parts,
        "part_index": [(part["heading"], part["part"]) for part in parts],
        "findings": findings,
        "overridable": [f for f in findings if f.code not in review.BLOCKING],
        "editor": editor,
        "text_editable": text_editable,
        "steps": _workflow(report),
        "step_forms": _step_forms(report, request.user, bound),
        "deadlines": _deadlines(report, today),
        "filing_due": report.filing_due,
        "publication_due": report.publication_due,
        "signoffs": report.signoffs.select_related("user"),
        "deliveries": report.deliveries.all(),
        "comments": comments,
        "respond_form": forms.RespondForm() if editor else None,
        "export_formats": EXPORT_FORMATS, "charts": chart_data(report, ctx.infos, ctx.current, ctx.previous),
        "attachments": attachments_for(report),
        "label": "reports.Report",
        "can_upload": editor,
        # The earlier versions to compare with (the Word round trip); the comparison names who changed what.
        "versions": versions.baselines(report) if scope_for(request.user).can_read_agency(report.agency_id) else [],
        "today": today,
        "read_only": not scope_for(request.user).can_read_agency(report.agency_id),
    }


@login_required
def report_detail(request, pk: int):
    report = _readable_report(request, pk)
    return render(request, "reports/report_detail.html", _detail_context(request, report))


# Workflow steps -----------------------------------------------------------------------------------------------


def _run_step(step: str, report: Report, request):
    """Bind the step's form; return (form, callable performing the action) or raise Http404."""
    by = request.user
    post = request.POST
    if step == "open_comments":
        form = forms.OpenCommentsForm(post)
        return form, lambda d: actions.open_comments(report, by=by, due=d["due"])
    if step == "send_for_review":
        form = forms.SendForReviewForm(post)
        return form, lambda d: actions.send_for_review(report, by=by, override_reason=d["override_reason"])
    if step == "return_to_draft":
        form = forms.ReturnForm(post)
        return form, lambda d: actions.return_to_draft(report, by=by, reason=d["reason"])
    if step == "sign_off":
        form = forms.SignOffForm(post)
        return form, lambda d: actions.sign_off(report, by=by, post=d["post"], opinion=d["opinion"])
    if step == "adopt":
        form = forms.AdoptForm(post)
        return form, lambda d: actions.adopt(report, by=by, meeting=d["meeting"], adopted_on=d["adopted_on"])
    if step == "submit":
        form = forms.DeliveryFormSet(post, prefix="delivery")

        def submit(_data):
            rows = [(f.cleaned_data["kind"], f.cleaned_data["addressee"], f.cleaned_data["delivered_on"],
                     f.cleaned_data["reference"]) for f in form.forms if f.cleaned_data.get("include")]
            return actions.submit_report(report, by=by, deliveries=rows)

        return form, submit
    if step == "confidentiality":
        form = forms.ClearForm(post)
        return form, lambda d: actions.clear_confidentiality(
            report, by=by, reviewer=d["reviewer"], opinion=d["opinion"], cleared_on=d["cleared_on"])
    if step == "publish":
        form = forms.PublishForm(post)
        return form, lambda d: actions.publish(report, by=by, published_on=d["published_on"], url=d["url"])
    if step == "comment":
        form = forms.CommentForm(post, report=report)

        def comment(d):
            section = report.sections.filter(pk=d["section"]).first() if d.get("section") else None
            return actions.add_comment(report, by=by, text=d["text"], section=section)

        return form, comment
    raise Http404


STEP_DONE = {
    "open_comments": gettext_lazy("The draft was sent out for comments."),
    "send_for_review": gettext_lazy("The report was sent to the leaders for review."),
    "return_to_draft": gettext_lazy("The report was returned to drafting."),
    "sign_off": gettext_lazy("Your sign-off was recorded."),
    "adopt": gettext_lazy("The adoption was recorded."),
    "submit": gettext_lazy("The submission to every addressee was recorded."),
    "confidentiality": gettext_lazy("The confidentiality review was recorded."),
    "publish": gettext_lazy("The publication was recorded; the report is now on the public portal."),
    "comment": gettext_lazy("Your comment was recorded."),
}


@login_required
@require_POST
def report_step(request, pk: int, step: str):
    """Perform one workflow step; a refused step shows its reason and keeps what was typed."""
    report = _readable_report(request, pk)
    form, perform = _run_step(step, report, request)
    if form.is_valid():
        try:
            perform(getattr(form, "cleaned_data", None))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, str(STEP_DONE[step]))
            return redirect("reports:report_detail", report.pk)
    else:
        messages.error(request, _("Correct the fields marked below."))
    report.refresh_from_db()
    return render(request, "reports/report_detail.html", _detail_context(request, report, {step: form}),
                  status=400)


@login_required
@require_POST
def comment_respond(request, pk: int):
    comment = get_object_or_404(ReportComment.objects.select_related("report__agency__region"), pk=pk)
    report = _readable_report(request, comment.report_id)
    form = forms.RespondForm(request.POST)
    if form.is_valid():
        try:
            actions.respond_comment(comment, by=request.user, response=form.cleaned_data["response"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Your response was recorded."))
    else:
        messages.error(request, _("Write the response to the comment."))
    return redirect(reverse("reports:report_detail", args=[report.pk]) + f"#comment-{comment.pk}")


# Sections ---------------------------------------------------------------------------------------------------------


def _section_or_404(request, pk: int) -> ReportSection:
    section = get_object_or_404(ReportSection.objects.select_related("report__agency__region"), pk=pk)
    _readable_report(request, section.report_id)
    return section


def _section_fragment(request, section: ReportSection, form=None, status=200):
    from fazhi.reports import compose

    report = section.report
    editable = actions.can_edit(report, request.user) and report.status in actions.EDITABLE
    ctx = compose.context_for(report) if editable and section.topic else None
    last_year = _last_year(report) if editable and section.part in (Part.SHORTCOMINGS, Part.NEXT_YEAR) else {}
    item = _section_item(section, ctx.current if ctx else compose.current_figures(report), editable,
                         rollup.may_drill(request.user, report.agency.region), ctx, last_year)
    template = "reports/_section_form.html" if form is not None else "reports/_section.html"
    return render(request, template, {"item": item, "form": form, "report": report}, status=status)


@login_required
def section_edit(request, pk: int):
    """Edit a section's text (an htmx fragment in place, or a page of its own without JavaScript)."""
    section = _section_or_404(request, pk)
    if not actions.can_edit(section.report, request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = forms.SectionForm(request.POST)
        if form.is_valid():
            try:
                actions.edit_section(section, form.cleaned_data["text"], request.user)
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                if request.htmx:
                    return _section_fragment(request, section)
                messages.success(request, _("The section “%(title)s” was saved.") % {"title": section.title})
                return redirect(reverse("reports:report_detail", args=[section.report_id]) + f"#section-{section.pk}")
        if request.htmx:
            return _section_fragment(request, section, form, status=400)
    else:
        form = forms.SectionForm(initial={"text": section.text})
    if request.htmx:
        return _section_fragment(request, section, form)
    return render(request, "reports/section_edit.html", {"section": section, "report": section.report, "form": form})


@login_required
def section_view(request, pk: int):
    """The section as shown on the detail page (htmx: cancel an edit)."""
    section = _section_or_404(request, pk)
    if not request.htmx:
        return redirect(reverse("reports:report_detail", args=[section.report_id]) + f"#section-{section.pk}")
    return _section_fragment(request, section)


@login_required
@require_POST
def section_refresh(request, pk: int, how: str):
    """Regenerate a section from the current figures, or only update the figures in its text."""
    section = _section_or_404(request, pk)
    if not actions.can_edit(section.report, request.user):
        raise PermissionDenied
    action = {"regenerate": actions.regenerate_section, "figures": actions.update_figures}.get(how)
    if action is None:
        raise Http404
    try:
        action(section, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The section “%(title)s” now states the current figures.") % {"title": section.title})
    return redirect(reverse("reports:report_detail", args=[section.report_id]) + f"#section-{section.pk}")


@login_required
@require_POST
def section_cite(request, pk: int):
    """Cite the figures ticked in a topic of part one; the others go to the annex table."""
    section = _section_or_404(request, pk)
    if not actions.can_edit(section.report, request.user):
        raise PermissionDenied
    try:
        rewritten = actions.choose_figures(section, request.POST.getlist("metric"), by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("“%(title)s” now cites the figures chosen; the others are in the annex table.")
                         % {"title": section.title} if rewritten else
                         _("The figures chosen are saved. “%(title)s” was edited by hand, so its text is kept: "
                           "regenerate it to write them in.") % {"title": section.title})
    return redirect(reverse("reports:report_detail", args=[section.report_id]) + f"#section-{section.pk}")


# Downloads ---------------------------------------------------------------------------------------------------------


def site_address(request) -> str:
    """The site's address for links in a downloaded copy: the configured one, else the one the request came to."""
    return (settings.FAZHI_SITE_URL or request.build_absolute_uri("/")).rstrip("/")


def export_response(report: Report, fmt: str, *, by=None, base_url: str = "", public: bool = False,
                    drill: bool = True) -> HttpResponse:
    """Answer the report exported as DOCX, PDF, HTML or JSON, as a download (links: see ``export_report``)."""
    from fazhi.reports import export

    if fmt not in EXPORT_FORMATS:
        raise Http404
    exported = export.export_report(report, fmt, base_url=base_url, public=public, drill=drill)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = content_disposition_header(True, exported.filename)
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "html":  # opened in the browser, it keeps its own style sheet and nothing else
        from fazhi.reports.export.html import content_security_policy

        response["Content-Security-Policy"] = content_security_policy(exported.content.decode("utf-8"))
    if by is not None:
        record_event(action="export", target=report, actor=by, changes={"format": [None, fmt]})
    return response


@login_required
def report_chart(request, pk: int, index: int):
    """One of the report's charts as SVG, drawn from the current figures; 404 when there is no such chart."""
    from fazhi.reports.compose import context_for
    from fazhi.reports.export.charts import charts_for

    report = _readable_report(request, pk)
    ctx = context_for(report)
    charts = charts_for(report, ctx.infos, ctx.current, ctx.previous)
    if not 0 <= index < len(charts):
        raise Http404(_("This report has no such chart."))
    response = HttpResponse(charts[index].svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'"  # a drawing: opened on its own, it runs nothing
    return response


@login_required
def report_export(request, pk: int, fmt: str):
    report = _readable_report(request, pk)
    return export_response(report, fmt, by=request.user, base_url=site_address(request),
                           drill=rollup.may_drill(request.user, report.agency.region))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def annex_response(report: Report, *, by=None) -> HttpResponse:
    """Answer the annex (the figures the text does not state) as an Excel workbook, as a download."""
    from fazhi.reports import annex
    from fazhi.reports.compose import context_for
    from fazhi.reports.export import filename_for

    content = annex.annex_workbook(report, annex.annex_rows(report, context_for(report)))
    response = HttpResponse(content, content_type=XLSX)
    stem = filename_for(report, "xlsx").removesuffix(".xlsx")
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}（附件）.xlsx")
    response["X-Content-Type-Options"] = "nosniff"
    if by is not None:
        record_event(action="export", target=report, actor=by, changes={"format": [None, "annex.xlsx"]})
    return response


@login_required
def report_annex(request, pk: int):
    return annex_response(_readable_report(request, pk), by=request.user)
