"""Pages of the normative-document ledger (规范性文件) and its public library.

Staff pages go through the organisation scope; the public library (no log-in) shows only published
documents and published cleanup results. Views parse input, call one action, render.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for, record_event
from fazhi.core import lists, params, search
from fazhi.core.lists import capped_count, capped_page, per_person, render_list, rows_only
from fazhi.ledgers.excel import Sheet, export_response
from fazhi.normative import actions, forms
from fazhi.normative.models import Cleanup, CleanupProposal, Document, Filing
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for

S = Document.Status
PAGE_SIZE = 30
EXPORT_LIMIT = 50_000
#: The lists count matching rows up to this many and say "more than" beyond it: counting 100,000 is not free.
COUNT_CAP = 1000


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


# The list ---------------------------------------------------------------------------------------------------


def _filters(request) -> dict:
    get = request.GET
    status = get.get("status", "")
    return {
        "q": params.text(request, "q"),
        "agency": params.text(request, "agency", 64),
        "year": params.year(request),
        "status": status if status in S.values else "",
        "overdue": get.get("overdue") == "1",
    }


def filtered_documents(user, filters: dict, today):
    """Return the documents the person may read, narrowed by the list's filters (one query, no N+1)."""
    qs = scope_for(user).visible(Document.objects.filter(withdrawn_at__isnull=True), "agency")
    if filters["q"]:
        # Chinese has no case: a plain LIKE spares the database an UPPER() of every title it scans.
        lookup = "icontains" if any(c.isascii() and c.isalpha() for c in filters["q"]) else "contains"
        qs = qs.filter(Q(**{f"title__{lookup}": filters["q"]}) | Q(**{f"number__{lookup}": filters["q"]}))
        qs = search.narrow(qs, ("title", "number"), filters["q"])  # the pair index: same rows, no full scan
    if filters["agency"]:
        qs = qs.filter(agency__code=filters["agency"])
    if filters["year"]:
        qs = qs.filter(year=filters["year"])
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    if filters["overdue"]:  # a comment period that has ended is over, not overdue
        qs = qs.filter(next_deadline__lt=today).exclude(status__in=Document.LAPSING_STATUSES)
    return qs


@login_required
def document_list(request):
    """The ledger: newest first, filtered; pages without counting every row (fast over 100,000 documents)."""
    today = timezone.localdate()
    filters = _filters(request)
    scope = scope_for(request.user)
    matching = filtered_documents(request.user, filters, today).order_by("-created_at", "-id")
    page = capped_page(matching, ("pk", "number", "title", "agency_id", "status", "published_on", "next_deadline"),
                       params.page(request), PAGE_SIZE, COUNT_CAP)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": _list_rows(page.rows, today, scope),
        "count": page.count, "more": page.more, "cap": COUNT_CAP,
        "filters": filters,
        "statuses": S.choices,
        "years": range(today.year + 1, today.year - 8, -1),
        "page": page.number, "has_next": page.has_next, "has_previous": page.has_previous,
        "query": query.urlencode(),
        "today": today,
    }
    if not rows_only(request):  # display only, so kept per person a while (two queries fewer a page)
        context["agencies"], context["can_create"] = per_person(request, "normative", lambda: _list_choices(scope))
    return render_list(request, "normative/document_list.html", "normative/_document_rows.html", context)


def _list_choices(scope) -> tuple[list[tuple[str, str]], bool]:
    """The drafting agencies the filter offers, and whether the person may draft a document."""
    agencies = list(scope.agencies().filter(kind__in=forms.DRAFTING_KINDS).order_by("region__code", "name")
                    .values_list("code", "name"))
    return agencies, scope.editable_agencies().filter(kind__in=forms.DRAFTING_KINDS).exists()


def _list_rows(rows, today, scope) -> list[dict]:
    """The list's rows, each with its table row as HTML built here: the page shows 30 of them on every request,
    and escaping a few strings costs a tenth of rendering a dozen template nodes per row. The drafting agencies
    are named from the person's scope, which the query read already (no join)."""
    detail = lists.text(reverse("normative:detail", args=[0])[:-2])  # ".../0/" → prefix; ids are appended below
    labels = lists.labels(S.choices)
    badges = {"overdue": format_html(' <span class="badge red">{}</span>', _("overdue")),
              "today": format_html(' <span class="badge yellow">{}</span>', _("due soon")),
              "soon": format_html(' <span class="badge yellow">{}</span>', _("due soon")),
              "closed": format_html(' <span class="badge">{}</span>', _("comment period closed"))}
    names = scope.agency_names({row[3] for row in rows})
    text, deadline = lists.text, lists.deadline
    out = []
    for pk, number, title, agency_id, status, published, due in rows:
        state = _deadline_state(due, today, status)
        label = labels[status] if status in labels else text(status)
        html = mark_safe(  # noqa: S308 - every value is escaped with lists.text (or a date, a number, a state)
            f'<tr class="{state}" data-document="{pk}"><td>{text(number or "—")}</td><td><a href="{detail}{pk}/">'
            f'{text(title)}</a></td><td>{text(names[agency_id])}</td><td><span class="badge status-{text(status)}">'
            f'{label}</span></td><td>{published.isoformat() if published else "—"}</td>'
            f'<td>{deadline(due)}{badges.get(state, "")}</td></tr>')
        out.append({"pk": pk, "title": title, "status": status, "state": state, "html": html})
    return out


def _deadline_state(due, today, status: str = "") -> str:
    """How a row's next deadline stands: overdue, today, soon, or "closed" for a comment period that has ended
    (the end of a period, not a step anyone is late with)."""
    if due is None:
        return ""
    if due < today and status in Document.LAPSING_STATUSES:
        return "closed"
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    if (due - today).days <= 14:
        return "soon"
    return "open"


@login_required
def document_export(request):
    """The filtered list as an Excel workbook (audited)."""
    today = timezone.localdate()
    filters = _filters(request)
    qs = (filtered_documents(request.user, filters, today).select_related("agency").order_by("-created_at", "-id")
          [:EXPORT_LIMIT])
    headers = [_("Registration number"), _("Document title"), _("Drafting agency"), _("Kind"), _("Status"),
               _("Legality review completed on"), _("Deliberated on"), _("Registered on"), _("Published on"),
               _("In effect from"), _("Valid until"), _("Next deadline"), _("Overdue")]
    rows = ([d.number, d.title, d.agency.name, d.get_kind_display(), d.get_status_display(), d.review_completed_on,
             d.deliberated_on, d.registered_on, d.published_on, d.effective_from, d.valid_until, d.next_deadline,
             _("yes") if d.next_deadline and d.next_deadline < today else ""]
            for d in qs.iterator(chunk_size=2000))
    return export_response(request, ledger="normative", filters=filters,
                           sheets=[Sheet(_("Normative documents"), headers, rows)])


# Create and edit ------------------------------------------------------------------------------------------


@login_required
def document_create(request):
    form = forms.DocumentForm(request.POST or None, user=request.user)
    if not request.POST and request.membership:
        form.fields["agency"].initial = request.membership.agency_id
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = actions.draft_document(
                agency=data["agency"], by=request.user, title=data["title"], kind=data["kind"],
                concerns_market_entities=data["concerns_market_entities"], provisional=data["provisional"],
                summary=data["summary"], full_text=data["full_text"], interpretation=data["interpretation"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The draft “%(title)s” was created.") % {"title": document.title})
            return redirect("normative:detail", document.pk)
    return render(request, "normative/document_form.html", {"form": form, "document": None})


@login_required
def document_edit(request, pk: int):
    document = _editable(request, pk)
    initial = {name: getattr(document, name) for name in actions.EDITABLE_FIELDS}
    form = forms.DocumentForm(request.POST or None, user=request.user, document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_document(document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("normative:detail", document.pk)
    return render(request, "normative/document_form.html", {"form": form, "document": document})


def _documents():
    return Document.objects.select_related("agency__region", "series", "replaced_by")


def _visible(request, pk: int) -> Document:
    return get_visible_or_404(request.user, _documents(), pk=pk)


def _editable(request, pk: int) -> Document:
    document = _visible(request, pk)
    if not scope_for(request.user).can_write_agency(document.agency_id):
        raise PermissionDenied
    return document


# The detail page ---------------------------------------------------------------------------------------------


def timeline(document: Document, consultation=None) -> list[dict]:
    """Return the document's steps, each done, current or still to come, with its dates."""
    order = [S.DRAFTING, S.CONSULTATION, S.LEGALITY_REVIEW, S.DELIBERATION, S.DELIBERATED, S.REGISTERED,
             S.PUBLISHED, S.IN_FORCE]
    position = order.index(document.status) if document.status in order else len(order)
    reached = {
        "drafting": True,
        "consultation": consultation is not None or bool(document.consultation_skipped_reason),
        "review": document.review_submitted_on is not None,
        "deliberation": document.deliberated_on is not None,
        "registration": bool(document.number),
        "publication": document.published_on is not None,
        "filing": document.status not in (*order[:7],),
    }
    steps = [
        ("drafting", _("Drafting"), timezone.localdate(document.created_at), ""),
        ("consultation", _("Public comment"),
         consultation.opens_on if consultation else None,
         (f"{consultation.opens_on:%Y-%m-%d} – {consultation.closes_on:%Y-%m-%d} · {consultation.get_status_display()}"
          if consultation else (_("not published for comment: %(reason)s") % {"reason": document.consultation_skipped_reason}
                                if document.consultation_skipped_reason else ""))),
        ("review", _("Legality review"), document.review_completed_on or document.review_submitted_on,
         (_("passed") if document.review_passed else (_("not passed") if document.review_passed is False else ""))),
        ("deliberation", _("Collective deliberation"), document.deliberated_on, document.deliberation_meeting),
        ("registration", _("Registration and number"), document.registered_on, document.number),
        ("publication", _("Publication"), document.published_on, document.publication_channel),
        ("filing", _("Filing"), None, ""),
    ]
    current_key = {S.DRAFTING: "drafting", S.CONSULTATION: "consultation", S.LEGALITY_REVIEW: "review",
                   S.DELIBERATION: "deliberation", S.DELIBERATED: "registration", S.REGISTERED: "publication",
                   S.PUBLISHED: "filing"}.get(document.status)
    found = []
    for key, label, date_, note in steps:
        if key == current_key:
            state = "current"
        elif reached[key] or position >= len(order) - 1:
            state = "done"
        else:
            state = "todo"
        found.append({"key": key, "label": label, "date": date_, "note": note, "state": state})
    return found


def _step_forms(document: Document, user, bound: dict | None = None) -> dict:
    """Return the forms of the moves the person may make now (bound ones replace fresh ones)."""
    bound = bound or {}
    found: dict = {}
    writer = actions.can_draft(user, document.agency)
    office = actions.is_office_for(user, document.agency)
    today = timezone.localdate()

    def add(name, factory):
        form = bound.get(name) or factory()
        form.auto_id = f"id_{name}_%s"  # several forms on one page: each field's id (and label) its own
        found[name] = form

    status = document.status
    if writer and status == S.DRAFTING:
        minimum = 30 if document.concerns_market_entities else 10
        add("open_comment", lambda: forms.OpenCommentForm(initial={"closes_on": today + timedelta(days=minimum)}))
    if writer and status in (S.DRAFTING, S.CONSULTATION):
        add("submit_review", forms.SubmitReviewForm)
    if office and status == S.LEGALITY_REVIEW:
        add("review", forms.ReviewForm)
    if writer and status == S.DELIBERATION:
        add("deliberate", forms.DeliberationForm)
    if office and status == S.DELIBERATED:
        add("register", forms.RegisterForm)
    if office and status == S.REGISTERED:
        add("publish", lambda: forms.PublishForm(initial={
            "interpretation": document.interpretation, "effective_from": today + timedelta(days=30)}))
    if writer and status in Document.LIVE_STATUSES:
        add("revise", forms.EndForm)
        add("abolish", forms.EndForm)
    return found


def _detail_context(request, document: Document, bound: dict | None = None, filing_forms: dict | None = None):
    today = timezone.localdate()
    consultation = actions.consultation_of(document)
    filings = list(document.filings.select_related("addressee__region"))
    writer = actions.can_draft(request.user, document.agency)
    filing_forms = filing_forms or {}
    filing_rows = []
    for f in filings:
        filing_rows.append({
            "filing": f, "overdue": f.is_overdue(today), "late": f.is_late,
            "days_late": (today - f.due_on).days if f.is_overdue(today) else (f.filed_on - f.due_on).days if f.is_late else 0,
            "form": (filing_forms.get(f.pk) or forms.FilingForm(prefix=f"filing-{f.pk}"))
            if writer and f.filed_on is None and document.status in Document.LIVE_STATUSES else None,
            "examine": (filing_forms.get(f"x{f.pk}") or forms.ExamineForm(prefix=f"examine-{f.pk}"))
            if f.filed_on and not f.result and actions.is_office_for(request.user, f.addressee or document.agency)
            else None,
        })
    limit_days = None
    if document.review_submitted_on and document.review_due:
        from fazhi.deadlines.service import work_calendar

        try:
            limit_days = work_calendar().working_days_between(document.review_submitted_on, document.review_due)
        except Exception:  # noqa: BLE001 - a missing holiday table only hides this figure
            limit_days = None
    return {
        "document": document,
        "consultation": consultation,
        "steps": timeline(document, consultation),
        "step_forms": _step_forms(document, request.user, bound),
        "filings": filing_rows,
        "review_days": actions.review_working_days(document),
        "review_limit_days": limit_days,
        "deadline_state": _deadline_state(document.next_deadline, today, document.status),
        "public_status": document.get_public_status_display(today),
        "can_edit": writer and document.status in actions.EDITABLE_STATUSES,
        "history": history_for(document)[:50],
        "attachments": attachments_for(document),
        "label": "normative.Document",
        "can_upload": writer,
        "today": today,
    }


@login_required
def document_detail(request, pk: int):
    document = _visible(request, pk)
    return render(request, "normative/document_detail.html", _detail_context(request, document))


STEP_DONE = {
    "open_comment": gettext_lazy("The draft is open for public comment."),
    "submit_review": gettext_lazy("The draft was submitted for legality review."),
    "review": gettext_lazy("The legality review was recorded."),
    "deliberate": gettext_lazy("The collective deliberation was recorded."),
    "register": gettext_lazy("The document was registered as %(number)s."),
    "publish": gettext_lazy("The document was published; its filings are now due."),
    "revise": gettext_lazy("The document was marked revised."),
    "abolish": gettext_lazy("The document was abolished."),
}


def _run_step(step: str, document: Document, request):
    by, post = request.user, request.POST
    if step == "open_comment":
        form = forms.OpenCommentForm(post)
        return form, lambda d: actions.open_public_comment(
            document, by=by, opens_on=d["opens_on"], closes_on=d["closes_on"], explanation=d["explanation"],
            shortened_reason=d["shortened_reason"])
    if step == "submit_review":
        form = forms.SubmitReviewForm(post)
        return form, lambda d: actions.submit_for_review(document, by=by, submitted_on=d["submitted_on"],
                                                         skip_reason=d["skip_reason"])
    if step == "review":
        form = forms.ReviewForm(post)
        return form, lambda d: actions.record_review(document, by=by, passed=d["passed"], opinion=d["opinion"],
                                                     reviewer=d["reviewer"], completed_on=d["completed_on"],
                                                     signatory=d["signatory"])
    if step == "deliberate":
        form = forms.DeliberationForm(post)
        return form, lambda d: actions.record_deliberation(document, by=by, meeting=d["meeting"],
                                                           deliberated_on=d["deliberated_on"])
    if step == "register":
        form = forms.RegisterForm(post)
        return form, lambda d: actions.register_document(document, by=by, registered_on=d["registered_on"])
    if step == "publish":
        form = forms.PublishForm(post)
        return form, lambda d: actions.publish_document(
            document, by=by, published_on=d["published_on"], channel=d["channel"],
            effective_from=d["effective_from"], interpretation=d["interpretation"],
            early_effect_reason=d["early_effect_reason"])
    if step in ("revise", "abolish"):
        form = forms.EndForm(post)
        action = actions.revise_document if step == "revise" else actions.abolish_document
        return form, lambda d: action(document, by=by, on=d["on"], reason=d["reason"])
    raise Http404


@login_required
@require_POST
def document_step(request, pk: int, step: str):
    """Perform one step; a refused step shows its reason and keeps what was typed."""
    document = _visible(request, pk)
    form, perform = _run_step(step, document, request)
    if form.is_valid():
        try:
            result = perform(form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            text = str(STEP_DONE[step])
            if step == "register":
                text = text % {"number": result.number}
            messages.success(request, text)
            return redirect("normative:detail", document.pk)
    else:
        messages.error(request, _("Correct the fields marked below."))
    document = _visible(request, pk)
    return render(request, "normative/document_detail.html", _detail_context(request, document, {step: form}),
                  status=400)


@login_required
@require_POST
def filing_record(request, pk: int):
    filing = get_object_or_404(Filing.objects.visible_to(request.user).select_related("document"), pk=pk)
    form = forms.FilingForm(request.POST, prefix=f"filing-{filing.pk}")
    if form.is_valid():
        try:
            filing = actions.record_filing(filing, by=request.user, filed_on=form.cleaned_data["filed_on"],
                                           receipt=form.cleaned_data["receipt"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            if filing.is_late:
                messages.warning(request, _("The filing with %(addressee)s was recorded, %(days)s days late.")
                                 % {"addressee": filing.addressee_name, "days": (filing.filed_on - filing.due_on).days})
            else:
                messages.success(request, _("The filing with %(addressee)s was recorded.")
                                 % {"addressee": filing.addressee_name})
            return redirect("normative:detail", filing.document_id)
    else:
        messages.error(request, _("Correct the fields marked below."))
    document = _visible(request, filing.document_id)
    return render(request, "normative/document_detail.html",
                  _detail_context(request, document, filing_forms={filing.pk: form}), status=400)


@login_required
@require_POST
def filing_examine(request, pk: int):
    filing = get_object_or_404(Filing.objects.select_related("document__agency", "addressee"), pk=pk)
    if not (scope_for(request.user).can_read_agency(filing.document.agency_id)
            or (filing.addressee_id and scope_for(request.user).can_read_agency(filing.addressee_id))):
        raise Http404
    form = forms.ExamineForm(request.POST, prefix=f"examine-{filing.pk}")
    if form.is_valid():
        try:
            actions.examine_filing(filing, by=request.user, result=form.cleaned_data["result"],
                                   examined_on=form.cleaned_data["examined_on"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The examination was recorded."))
    else:
        messages.error(request, _("Correct the fields marked below."))
    return redirect("normative:detail", filing.document_id)


# Cleanups ----------------------------------------------------------------------------------------------------


def _cleanups(user):
    """Cleanups the person may see: those run by a visible office, or covering one of their documents."""
    scope = scope_for(user)
    own = scope.visible(Cleanup.objects.all(), "agency")
    concerned = Cleanup.objects.filter(proposals__in=CleanupProposal.objects.visible_to(user))
    return (own | concerned).distinct().select_related("agency", "region")


@login_required
def cleanup_list(request):
    scope = scope_for(request.user)
    cleanups = list(_cleanups(request.user).order_by("-opened_on", "-pk")[:200])
    return render(request, "normative/cleanup_list.html", {
        "cleanups": cleanups,
        "can_open": scope.editable_agencies().filter(kind=Agency.Kind.RULE_OF_LAW_OFFICE).exists(),
    })


@login_required
def cleanup_create(request):
    form = forms.CleanupForm(request.POST or None, user=request.user)
    if not form.fields["office"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            cleanup = actions.open_cleanup(office=d["office"], by=request.user, title=d["title"],
                                           opened_on=d["opened_on"], covers_until=d["covers_until"],
                                           due_on=d["due_on"], notes=d["notes"])
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The cleanup was opened with %(count)s documents.")
                             % {"count": cleanup.proposals.count()})
            return redirect("normative:cleanup_detail", cleanup.pk)
    return render(request, "normative/cleanup_form.html", {"form": form})


def _cleanup_or_404(request, pk: int) -> Cleanup:
    return get_object_or_404(_cleanups(request.user), pk=pk)


@login_required
def cleanup_detail(request, pk: int):
    cleanup = _cleanup_or_404(request, pk)
    is_office = actions.is_office_for(request.user, cleanup.agency)
    proposals = cleanup.proposals.select_related("document__agency", "proposed_by", "decided_by")
    if not is_office:
        proposals = proposals.filter(pk__in=CleanupProposal.objects.visible_to(request.user).values("pk"))
    scope = scope_for(request.user)
    rows = []
    is_open = cleanup.status == Cleanup.Status.OPEN
    for p in proposals:
        rows.append({
            "p": p,
            "propose": forms.ProposalForm(prefix=f"p{p.pk}", initial={"choice": p.proposal or "keep",
                                                                      "reason": p.reason})
            if is_open and not p.decision and scope.can_write_agency(p.document.agency_id) else None,
            "decide": forms.DecisionForm(prefix=f"d{p.pk}", initial={"choice": p.proposal, "reason": p.reason})
            if is_open and is_office and p.proposal and not p.decision else None,
        })
    counts = {c: sum(1 for r in rows if r["p"].decision == c) for c in CleanupProposal.Choice.values}
    return render(request, "normative/cleanup_detail.html", {
        "cleanup": cleanup, "rows": rows, "is_office": is_office, "counts": counts,
        "undecided": sum(1 for r in rows if not r["p"].decision),
        "publish_form": forms.PublishCleanupForm() if is_office and is_open else None,
    })


@login_required
@require_POST
def cleanup_propose(request, pk: int):
    proposal = get_object_or_404(CleanupProposal.objects.visible_to(request.user), pk=pk)
    form = forms.ProposalForm(request.POST, prefix=f"p{proposal.pk}")
    if form.is_valid():
        try:
            actions.propose(proposal, by=request.user, choice=form.cleaned_data["choice"],
                            reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Your proposal was recorded."))
    else:
        messages.error(request, _("Choose keep, revise or abolish."))
    return redirect("normative:cleanup_detail", proposal.cleanup_id)


@login_required
@require_POST
def cleanup_decide(request, pk: int):
    proposal = get_object_or_404(CleanupProposal.objects.visible_to(request.user), pk=pk)
    form = forms.DecisionForm(request.POST, prefix=f"d{proposal.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.decide_proposal(proposal, by=request.user, choice=d["choice"], reason=d["reason"],
                                    decided_on=d["decided_on"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        messages.error(request, _("Correct the decision: choose keep, revise or abolish and a date."))
    return redirect("normative:cleanup_detail", proposal.cleanup_id)


@login_required
@require_POST
def cleanup_publish(request, pk: int):
    cleanup = _cleanup_or_404(request, pk)
    form = forms.PublishCleanupForm(request.POST)
    if form.is_valid():
        try:
            actions.publish_cleanup(cleanup, by=request.user, published_on=form.cleaned_data["published_on"])
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("The result list is published on the portal."))
    else:
        messages.error(request, _("Give the publication date."))
    return redirect("normative:cleanup_detail", cleanup.pk)


# The public library (no log-in) -------------------------------------------------------------------------------


def published_documents():
    return Document.objects.filter(status__in=Document.PUBLISHED_STATUSES, withdrawn_at__isnull=True)


def public_status_q(value: str, today) -> Q | None:
    P = Document.PublicStatus
    live = Q(status__in=Document.LIVE_STATUSES)
    return {
        P.VALID: live & (Q(valid_until__isnull=True) | Q(valid_until__gte=today)),
        P.REVISED: Q(status=S.REVISED),
        P.ABOLISHED: Q(status=S.ABOLISHED),
        P.EXPIRED: Q(status=S.EXPIRED) | (live & Q(valid_until__lt=today)),
    }.get(value)


def public_library(request):
    """Every published normative document, searchable by words, agency, year and status."""
    today = timezone.localdate()
    q = params.text(request, "q")
    agency_code = params.text(request, "agency", 64)
    year = params.year(request)
    status = params.text(request, "status", 32)
    qs = published_documents()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q) | Q(summary__icontains=q))
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    if year:
        qs = qs.filter(published_on__year=year)
    condition = public_status_q(status, today)
    if condition is not None:
        qs = qs.filter(condition)
    page = params.page(request)
    offset = (page - 1) * PAGE_SIZE
    count, more = capped_count(qs, COUNT_CAP)
    rows = list(qs.select_related("agency").order_by("-published_on", "-pk")[offset: offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    agencies = Agency.objects.filter(pk__in=published_documents().values("agency_id")).order_by("region__code", "name")
    return render_list(request, "normative/public_library.html", "normative/_library_rows.html", {
        "rows": [(d, d.get_public_status_display(today)) for d in rows[:PAGE_SIZE]],
        "count": count, "more": more, "cap": COUNT_CAP,
        "q": q, "agency": agency_code, "year": year, "status": status,
        "statuses": Document.PublicStatus.choices, "agencies": agencies,
        "years": range(today.year, today.year - 10, -1),
        "page": page, "has_next": len(rows) > PAGE_SIZE, "has_previous": page > 1, "query": query.urlencode(),
    })


def public_detail(request, pk: int):
    today = timezone.localdate()
    document = get_object_or_404(published_documents().select_related("agency__region", "replaced_by"), pk=pk)
    return render(request, "normative/public_detail.html", {
        "document": document, "public_status": document.get_public_status_display(today),
        "status_code": document.public_status(today), "issuer": actions.issuer_of(document),
        "paragraphs": [p for p in document.full_text.replace("\r\n", "\n").split("\n") if p.strip()],
        "interpretation": [p for p in document.interpretation.replace("\r\n", "\n").split("\n") if p.strip()],
    })


def _published_cleanups():
    return Cleanup.objects.filter(status=Cleanup.Status.PUBLISHED, withdrawn_at__isnull=True).select_related(
        "agency", "region")


def public_cleanups(request):
    return render(request, "normative/public_cleanups.html",
                  {"cleanups": _published_cleanups().order_by("-published_on", "-pk")[:200]})


def public_cleanup(request, pk: int):
    cleanup = get_object_or_404(_published_cleanups(), pk=pk)
    proposals = cleanup.proposals.select_related("document__agency").order_by("decision", "document__agency__name",
                                                                              "document__published_on")
    groups = []
    for value, label in CleanupProposal.Choice.choices:
        items = [p for p in proposals if p.decision == value]
        groups.append({"value": value, "label": label, "items": items})
    return render(request, "normative/public_cleanup.html", {"cleanup": cleanup, "groups": groups})


# The annual filing register (备案登记) -----------------------------------------------------------------------------


def _filings(user, year: int):
    """The filings of documents published in ``year`` the person may see: of their agencies' documents, and those
    addressed to a body they may read (the office that examines them)."""
    scope = scope_for(user)
    mine = scope.visible(Filing.objects.all(), "document__agency").values("pk")
    addressed = scope.visible(Filing.objects.filter(addressee__isnull=False), "addressee").values("pk")
    return (Filing.objects.filter(Q(pk__in=mine) | Q(pk__in=addressed),
                                  document__published_on__year=year, document__withdrawn_at__isnull=True)
            .select_related("document__agency").order_by("document__published_on", "document__number", "pk"))


def filing_figures(filings, today) -> dict[str, int]:
    """报备 statistics of the register: due, filed, on time, late, not yet filed and overdue, examined, to correct."""
    figures = dict.fromkeys(("due", "filed", "on_time", "late", "overdue", "examined", "corrected"), 0)
    for f in filings:
        figures["due"] += 1
        figures["filed"] += f.filed_on is not None
        figures["on_time"] += f.filed_on is not None and not f.is_late
        figures["late"] += f.is_late
        figures["overdue"] += f.is_overdue(today)
        figures["examined"] += f.examined_on is not None
        figures["corrected"] += f.result == Filing.Result.CORRECTED
    return figures


def _filing_row(f: Filing, today) -> list:
    state = (_("late") if f.is_late else _("on time")) if f.filed_on else (
        _("overdue") if f.is_overdue(today) else _("not yet filed"))
    return [f.document.number, f.document.title, f.document.agency.name, f.addressee_name,
            f.document.published_on, f.due_on, f.filed_on, str(state), f.receipt,
            f.examined_on, f.get_result_display() if f.result else "", f.examination_note]


FILING_COLUMNS = (gettext_lazy("Number"), gettext_lazy("Document title"), gettext_lazy("Issuing agency"),
                  gettext_lazy("Filed with"), gettext_lazy("Published on"), gettext_lazy("Filing due"),
                  gettext_lazy("Filed on"), gettext_lazy("On time"), gettext_lazy("Receipt"),
                  gettext_lazy("Examined on"), gettext_lazy("Examination result"), gettext_lazy("Note"))


@login_required
def filing_register(request):
    """The year's filing register: every filing of the documents published that year, with its statistics."""
    today = timezone.localdate()
    year = params.year(request) or today.year
    filings = list(_filings(request.user, year))
    return render(request, "normative/filing_register.html", {
        "year": year, "years": range(today.year, today.year - 10, -1), "columns": FILING_COLUMNS,
        "rows": [_filing_row(f, today) + [f] for f in filings], "figures": filing_figures(filings, today),
    })


@login_required
def filing_register_export(request):
    """The year's filing register as an Excel workbook, its statistics on a second sheet; the export is audited."""
    today = timezone.localdate()
    year = params.year(request) or today.year
    filings = list(_filings(request.user, year)[:EXPORT_LIMIT])
    figures = [[str(FIGURE_LABELS[key]), value] for key, value in filing_figures(filings, today).items()]
    return export_response(request, ledger="filings", filters={"year": year}, name=f"filings-{year}", sheets=[
        Sheet(_("Filings %(year)s") % {"year": year}, list(FILING_COLUMNS), (_filing_row(f, today) for f in filings)),
        Sheet(_("Statistics"), ["", ""], figures)])


FIGURE_LABELS = {
    "due": gettext_lazy("Filings due"), "filed": gettext_lazy("Filed"), "on_time": gettext_lazy("Filed on time"),
    "late": gettext_lazy("Filed late"), "overdue": gettext_lazy("Not filed, overdue"),
    "examined": gettext_lazy("Examined"), "corrected": gettext_lazy("Correction required"),
}


@login_required
def review_opinion(request, pk: int):
    """The last legality review's opinion letter (合法性审核意见书) as a DOCX; 404 before there is one."""
    from fazhi.normative.opinion import opinion_docx

    document = _visible(request, pk)
    if not document.review_number or document.review_completed_on is None:
        raise Http404(_("The legality review opinion has not been issued yet."))
    record_event(action="export", target=document, actor=request.user, changes={"format": [None, "opinion.docx"]})
    response = HttpResponse(
        opinion_docx(document), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = content_disposition_header(True, f"{document.review_number}.docx")
    return response
