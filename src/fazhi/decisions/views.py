"""Pages of the decisions ledger: catalogues, the decision list and export, a decision's procedure timeline.

Every query goes through the organisation scope. Views parse input, call one action, render. A catalogue is
read by whoever may read its decision-making body and by the clerks of its region's agencies, who propose
matters for it; a clerk sees the other agencies' proposals only once the catalogue is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for
from fazhi.core import lists, params, search
from fazhi.core.lists import per_person, render_list, rows_only
from fazhi.decisions import actions, excel, forms, rules
from fazhi.decisions.models import Catalog, CatalogItem, Category, Decision, Evaluation, Step
from fazhi.ledgers.excel import export_response
from fazhi.ledgers.forms import errors_into
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for

PAGE_SIZE = 50
S = Decision.Status


def _today() -> date:
    return timezone.localdate()


# Catalogues -------------------------------------------------------------------------------------------


def _catalogs(user):
    """Catalogues the person may read: its scope's bodies, and the bodies of its own agencies' regions."""
    scope = scope_for(user)
    own_regions = scope.editable_agencies().values("region_id")
    return (Catalog.objects.filter(withdrawn_at__isnull=True)
            .filter(scope.read_q() | Q(agency__region_id__in=own_regions))
            .select_related("agency__region"))


def _catalog_or_404(user, pk) -> Catalog:
    catalog = _catalogs(user).filter(pk=pk).first()
    if catalog is None:
        raise Http404
    return catalog


def _bodies(user):
    """Decision-making bodies the person may keep a catalogue for (a government; 第42条 by analogy townships)."""
    return scope_for(user).editable_agencies().filter(
        kind__in=[Agency.Kind.GOVERNMENT, Agency.Kind.TOWNSHIP], is_active=True).order_by("region__code", "name")


def _proposers(user, catalog: Catalog):
    """Agencies in whose name the person may propose matters for ``catalog``: writable ones of its region."""
    return scope_for(user).editable_agencies().filter(region=catalog.agency.region, is_active=True).exclude(
        kind__in=[Agency.Kind.PARTY_COMMITTEE, Agency.Kind.RULE_OF_LAW_OFFICE]).order_by("kind", "name")


@login_required
def catalog_list(request):
    catalogs = (_catalogs(request.user)
                .annotate(n=Count("items", filter=Q(items__status__in=rules.ITEM_IN_CATALOG)))
                .order_by("-year", "agency__region__code", "agency__name"))
    form = forms.CatalogForm(bodies=_bodies(request.user), initial={"year": _today().year + 1})
    return render(request, "decisions/catalog_list.html", {
        "catalogs": catalogs, "form": form if form.fields["body"].queryset.exists() else None})


@login_required
def catalog_create(request):
    bodies = _bodies(request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = forms.CatalogForm(request.POST or None, bodies=bodies, initial={"year": _today().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            catalog = actions.create_catalog(form.cleaned_data["body"], form.cleaned_data["year"], by=request.user,
                                             title=form.cleaned_data["title"])
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The catalogue was created: departments may now propose matters."))
            return redirect("decisions:catalog_detail", catalog.pk)
    return render(request, "decisions/catalog_form.html", {"form": form})


def _catalog_context(request, catalog: Catalog, bound: dict | None = None) -> dict:
    scope = scope_for(request.user)
    is_body = scope.can_write_agency(catalog.agency_id)
    items = catalog.items.filter(withdrawn_at__isnull=True).select_related("agency").prefetch_related("decisions")
    if not (is_body or scope.can_read_agency(catalog.agency_id) or catalog.is_published):
        items = items.filter(agency__in=scope.editable_agencies())
    items = list(items.order_by("number", "pk"))
    proposers = _proposers(request.user, catalog)
    bound = bound or {}
    today = _today()
    step_forms: dict = {}
    if catalog.status == Catalog.Status.DRAFT and proposers.exists():
        step_forms["propose"] = bound.get("propose") or forms.ItemForm(agencies=proposers,
                                                                      initial={"planned_completion": None})
    if is_body and catalog.status == Catalog.Status.DRAFT:
        step_forms["approve"] = bound.get("approve") or forms.ApproveCatalogForm(initial={"approved_on": today})
    if is_body and catalog.status == Catalog.Status.APPROVED:
        step_forms["publish"] = bound.get("publish") or forms.PublishCatalogForm(initial={"published_on": today})
    if is_body and catalog.status == Catalog.Status.PUBLISHED:
        agencies = scope.editable_agencies().filter(region=catalog.agency.region).exclude(
            kind__in=[Agency.Kind.PARTY_COMMITTEE, Agency.Kind.RULE_OF_LAW_OFFICE])
        step_forms["add"] = bound.get("add") or forms.AddItemForm(agencies=agencies, initial={"approved_on": today})
    for name, form in bound.items():  # a refused form is shown again with its errors, even out of turn
        if name in CATALOG_ACTIONS:
            step_forms[name] = form
    writable = set(scope.editable_agencies().values_list("pk", flat=True))
    # Each item links only to the decisions this person may open; the others are named without a link.
    readable = set(Decision.objects.filter(catalog_item__in=items).visible_to(request.user)
                   .values_list("pk", flat=True))
    return {
        "catalog": catalog, "items": items, "is_body": is_body, "step_forms": step_forms, "readable": readable,
        "writable": writable, "changes": catalog.changes.select_related("item", "recorded_by"),
        "reason_form": forms.ReasonForm(), "change_form": forms.ChangeApprovalForm(initial={"approved_on": today}),
        "history": history_for(catalog), "bound_item": bound.get("item"), "bound_item_form": bound.get("item_form"),
    }


@login_required
def catalog_detail(request, pk):
    catalog = _catalog_or_404(request.user, pk)
    return render(request, "decisions/catalog_detail.html", _catalog_context(request, catalog))


CATALOG_ACTIONS = {
    "propose": forms.ItemForm,
    "approve": forms.ApproveCatalogForm,
    "publish": forms.PublishCatalogForm,
    "add": forms.AddItemForm,
}


@login_required
@require_POST
def catalog_act(request, pk, action):
    catalog = _catalog_or_404(request.user, pk)
    if action not in CATALOG_ACTIONS:
        raise Http404
    scope = scope_for(request.user)
    if action == "propose":
        form = forms.ItemForm(request.POST, agencies=_proposers(request.user, catalog))
    elif action == "add":
        if not scope.can_write_agency(catalog.agency_id):
            raise PermissionDenied
        form = forms.AddItemForm(request.POST, agencies=scope.editable_agencies().filter(region=catalog.agency.region))
    else:
        if not scope.can_write_agency(catalog.agency_id):
            raise PermissionDenied
        form = CATALOG_ACTIONS[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "propose":
                actions.propose_item(catalog, by=request.user, **data)
                messages.success(request, _("The matter was proposed for the catalogue."))
            elif action == "approve":
                actions.approve_catalog(catalog, by=request.user, **data)
                messages.success(request, _("The Party committee's agreement was recorded."))
            elif action == "publish":
                actions.publish_catalog(catalog, by=request.user, **data)
                messages.success(request, _("The catalogue is published; the portal shows it."))
            else:
                actions.add_catalog_item(catalog, by=request.user, **data)
                messages.success(request, _("The matter was added to the catalogue."))
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            return redirect("decisions:catalog_detail", catalog.pk)
    catalog.refresh_from_db()
    return render(request, "decisions/catalog_detail.html", _catalog_context(request, catalog, {action: form}))


def _item_or_404(user, pk) -> CatalogItem:
    item = CatalogItem.objects.select_related("catalog__agency", "agency").filter(pk=pk).first()
    if item is None or not _catalogs(user).filter(pk=item.catalog_id).exists():
        raise Http404
    scope = scope_for(user)
    if not (item.catalog.is_published or scope.can_read_agency(item.catalog.agency_id)
            or scope.can_read_agency(item.agency_id)):
        raise Http404
    return item


@login_required
def item_detail(request, pk):
    item = _item_or_404(request.user, pk)
    return redirect(reverse("decisions:catalog_detail", args=[item.catalog_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def item_act(request, pk, action):
    """include, decline, remove, change (the body) and start (the lead unit) on one catalogue matter."""
    item = _item_or_404(request.user, pk)
    scope = scope_for(request.user)
    if action == "start":
        if not scope.can_write_agency(item.agency_id):
            raise PermissionDenied
        form = forms.StartForm(request.POST)
        if form.is_valid():
            try:
                decision = actions.start_decision(item, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The procedure has started."))
                return redirect("decisions:detail", decision.pk)
        return redirect("decisions:item_detail", item.pk)
    if action not in ("include", "decline", "remove", "change"):
        raise Http404
    if not scope.can_write_agency(item.catalog.agency_id):
        raise PermissionDenied
    form = {"include": forms.forms.Form, "decline": forms.ReasonForm, "remove": forms.ChangeApprovalForm,
            "change": forms.ChangeItemForm}[action](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "include":
                actions.include_item(item, by=request.user)
            elif action == "decline":
                actions.decline_item(item, by=request.user, reason=data["reason"])
            elif action == "remove":
                actions.remove_catalog_item(item, by=request.user, **data)
            else:
                actions.change_catalog_item(
                    item, by=request.user, reason=data.pop("reason"), approved_on=data.pop("approved_on"), **data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("decisions:catalog_detail", args=[item.catalog_id]) + f"#item-{item.pk}")
    catalog = item.catalog
    return render(request, "decisions/catalog_detail.html",
                  _catalog_context(request, catalog, {"item": item.pk, "item_form": form}))


# The decision list ------------------------------------------------------------------------------------


@dataclass
class Filters:
    year: int | None = None
    status: str = ""
    agency: str = ""
    category: str = ""
    q: str = ""
    step: str = ""
    decided: bool = False
    overdue: bool = False
    params: dict = field(default_factory=dict)


def _filters(request) -> Filters:
    get = request.GET
    f = Filters()
    f.year = params.year(request)
    f.status = get.get("status", "") if get.get("status", "") in S.values else ""
    f.agency = params.text(request, "agency", 64)
    f.category = get.get("category", "") if get.get("category", "") in Category.values else ""
    f.q = params.text(request, "q")
    f.step = get.get("step", "") if get.get("step", "") in rules.STEP_ORDER else ""
    f.decided = get.get("decided") == "1"
    f.overdue = get.get("overdue") == "1"
    f.params = {k: v for k, v in {
        "year": f.year or "", "status": f.status, "agency": f.agency, "category": f.category, "q": f.q,
        "step": f.step, "decided": "1" if f.decided else "", "overdue": "1" if f.overdue else ""}.items() if v}
    return f


def filtered_decisions(user, f: Filters):
    """Return the decisions the person may read that match the filters, newest first."""
    qs = scope_for(user).visible(Decision.objects.filter(withdrawn_at__isnull=True), "agency")
    if f.year:
        qs = qs.filter(decided_on__year=f.year) if f.decided else qs.filter(year=f.year)
    elif f.decided:
        qs = qs.filter(decided_on__isnull=False)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.agency:
        qs = qs.filter(agency__code=f.agency)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.q:
        qs = search.narrow(qs.filter(title__icontains=f.q), ("title",), f.q)  # the pair index: same rows
    if f.step:
        steps = Step.objects.filter(kind=f.step, status=rules.DONE)
        if f.year:
            steps = steps.filter(done_on__year=f.year)
        qs = qs.filter(pk__in=steps.values("decision_id"))
    if f.overdue:
        qs = qs.filter(next_deadline__lt=_today())
    return qs.select_related("agency", "deciding_body").order_by("-year", "-created_at", "-pk")


@login_required
def decision_list(request):
    f = _filters(request)
    today = _today()
    scope = scope_for(request.user)
    columns = ("pk", "title", "year", "agency_id", "status", "next_deadline")  # no join: named from the scope
    page = Paginator(filtered_decisions(request.user, f).values_list(*columns), PAGE_SIZE).get_page(
        request.GET.get("page"))
    agencies = [] if rows_only(request) else per_person(request, "decisions", lambda: _agency_choices(request.user))
    return render_list(request, "decisions/decision_list.html", "decisions/_decision_rows.html", {
        "page": page, "rows": _list_rows(page, today, scope), "filters": f, "statuses": S.choices,
        "categories": Category.choices, "agencies": agencies,
        "query": urlencode(f.params), "today": today, "years": range(today.year + 1, 2019, -1),
    })


def _agency_choices(user) -> list[tuple[str, str]]:
    """The lead units the filter offers, by their names."""
    kinds = [Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP, Agency.Kind.GOVERNMENT]
    return list(scope_for(user).agencies().filter(kind__in=kinds).order_by("region__code", "name")
                .values_list("code", "name"))


def _list_rows(page, today, scope) -> list[dict]:
    """The page's rows from plain values, each with its table row as HTML built here (no template per row)."""
    detail = lists.text(reverse("decisions:detail", args=[0])[:-2])  # ".../0/" → prefix; ids are appended below
    labels = lists.labels(S.choices)
    overdue = format_html(' <span class="badge red">{}</span>', _("overdue"))
    names = scope.agency_names({row[3] for row in page})
    text = lists.text
    out = []
    for pk, title, year, agency_id, status, due in page:
        name = names[agency_id]
        html = mark_safe(  # noqa: S308 - every value is escaped with lists.text (or a date, a number)
            f'<tr><td><a href="{detail}{pk}/">{text(title)}</a></td><td>{year}</td><td>{text(name)}</td>'
            f'<td>{labels[status] if status in labels else text(status)}</td>'
            f'<td>{due.isoformat() if due else "—"}{overdue if due and due < today else ""}</td></tr>')
        out.append({"pk": pk, "agency": name, "html": html})
    return out


@login_required
def decision_export(request):
    f = _filters(request)
    return export_response(request, ledger="decisions", sheets=[excel.decisions_sheet(filtered_decisions(request.user, f))],
                           filters={k: v for k, v in vars(f).items() if k != "params"})


# One decision -----------------------------------------------------------------------------------------


DETAIL_LABELS = {
    "methods": gettext_lazy("Methods"),
    "adoption": gettext_lazy("How the opinions were handled"),
    "place": gettext_lazy("Place"),
    "participants": gettext_lazy("Participants"),
    "record": gettext_lazy("Record of the hearing"),
    "materials_sent_on": gettext_lazy("Materials sent on"),
    "form": gettext_lazy("Form"),
    "experts": gettext_lazy("Experts"),
    "opinions": gettext_lazy("Opinions"),
    "organiser": gettext_lazy("Organised by"),
    "assessor": gettext_lazy("Assessed by"),
    "conclusion": gettext_lazy("Conclusion"),
    "level": gettext_lazy("Risk level"),
    "reference": gettext_lazy("Reference"),
    "reply": gettext_lazy("Reply of the Party committee"),
    "channel": gettext_lazy("Published in"),
    "url": gettext_lazy("URL"),
    "materials": gettext_lazy("Materials sent"),
    "earliest_discussion": gettext_lazy("Reviewer's time until"),
    "opinion": gettext_lazy("Review opinion"),
    "opinion_on": gettext_lazy("Opinion dated"),
    "passed": gettext_lazy("Lawful"),
    "reviewed_by": gettext_lazy("Reviewed by"),
    "meeting": gettext_lazy("Meeting"),
    "meeting_name": gettext_lazy("Which meeting"),
    "held_on": gettext_lazy("Held on"),
    "result": gettext_lazy("Result"),
    "dissent": gettext_lazy("Dissenting views"),
    "minutes": gettext_lazy("Minutes reference"),
    "document_number": gettext_lazy("Document number"),
    "opens_on": gettext_lazy("Open from"),
    "closes_on": gettext_lazy("Open until"),
    "comments": gettext_lazy("Comments received"),
    "adopted": gettext_lazy("Comments adopted"),
    "reviewer": gettext_lazy("Reviewed by"),
    "reviewed_on": gettext_lazy("Reviewed on"),
}
HIDDEN_DETAILS = {"consultation", "meetings", "earlier"}


def _detail_rows(step: Step) -> list[tuple[str, str]]:
    choices = {"level": dict(rules.RISK_LEVELS), "meeting": dict(rules.MEETING_KINDS),
               "result": dict(rules.DISCUSSION_RESULTS), "conclusion": dict(rules.FAIR_COMPETITION_CONCLUSIONS)}
    rows = []
    for key, value in step.details.items():
        if key in HIDDEN_DETAILS or value in ("", None):
            continue
        if key in choices:
            value = choices[key].get(value, value)
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        label = _("Review conclusion") if (step.kind, key) == (rules.FAIR_COMPETITION, "conclusion") else \
            DETAIL_LABELS.get(key, key)
        rows.append((str(label), str(value)))
    return rows


@dataclass
class TimelineRow:
    step: Step
    label: str
    source: str
    rows: list
    state: str
    can_skip: bool


def _timeline(decision: Decision, steps: list[Step]) -> list[TimelineRow]:
    phase_open = True
    result = []
    for step in sorted(steps, key=lambda s: s.order):
        state = {"done": "done", "skipped": "skipped", "in_progress": "current"}.get(step.status, "")
        if not state and phase_open:
            state, phase_open = "current", False
        elif step.status == rules.IN_PROGRESS:
            phase_open = False
        result.append(TimelineRow(step, step.get_kind_display(), rules.SOURCE[step.kind], _detail_rows(step), state,
                                  rules.can_skip(step.kind)))
    # Shown in the order they took place (the draft's steps may come in any order): the dated ones by their
    # dates, then the steps still to come in the statutory order.
    return sorted(result, key=lambda row: (0, _when(row.step), row.step.order) if _when(row.step)
                  else (1, row.step.order))


def _when(step: Step):
    return step.done_on or step.started_on


def _actor_ok(decision: Decision, kind: str, scope) -> bool:
    agency_id = {rules.LEAD: decision.agency_id, rules.REVIEWER: decision.reviewer_id,
                 rules.BODY: decision.deciding_body_id}[rules.ACTOR[kind]]
    return scope.can_write_agency(agency_id)


#: action name -> (form class, step kind whose actor may act)
DECISION_ACTIONS = {
    "consult": (forms.ConsultationForm, rules.PARTICIPATION),
    **{f"record_{kind}": (form, kind) for kind, form in forms.STEP_FORMS.items()},
    **{f"skip_{kind}": (forms.ReasonForm, kind) for kind in rules.STEP_ORDER if rules.can_skip(kind)},
    "submit_review": (forms.SubmitReviewForm, rules.PARTICIPATION),
    "opinion": (forms.OpinionForm, rules.LEGALITY_REVIEW),
    "discussion": (forms.DiscussionForm, rules.DISCUSSION),
    "decide": (forms.DecideForm, rules.DECISION),
    "schedule_evaluation": (forms.ScheduleEvaluationForm, rules.DECISION),
    "record_evaluation": (forms.RecordEvaluationForm, rules.DECISION),
    "suspend": (forms.DatedReasonForm, rules.DECISION),
    "resume": (forms.DatedReasonForm, rules.DECISION),
    "adjust": (forms.AdjustForm, rules.DECISION),
    "mark_market": (forms.MarketForm, rules.FAIR_COMPETITION),
    "withdraw": (forms.WithdrawForm, rules.PARTICIPATION),  # the lead unit's (or its office's) to take
}


def _available(decision: Decision, steps: dict[str, Step], scope) -> list[str]:
    """Return the actions the person may take now, in the order the page shows them."""
    names: list[str] = []
    status = decision.status
    if decision.is_withdrawn:
        return names
    review = steps[rules.LEGALITY_REVIEW]
    if status in rules.BEFORE_DECISION and review.status == rules.PENDING:
        for kind in rules.PREPARATORY:
            step = steps[kind]
            if step.status in rules.RESOLVED:
                continue
            if kind == rules.PARTICIPATION and step.status == rules.PENDING:
                names.append("consult")
            names.append(f"record_{kind}")
            if step.status == rules.PENDING:
                names.append(f"skip_{kind}")
        if all(steps[k].status in rules.RESOLVED for k in rules.PREPARATORY):
            names.append("submit_review")
    if review.status == rules.IN_PROGRESS:
        names.append("opinion")
    before_discussion = status in rules.BEFORE_DECISION and steps[rules.DISCUSSION].status != rules.DONE
    fair = steps[rules.FAIR_COMPETITION]
    if before_discussion and decision.concerns_market and fair.status != rules.DONE:
        names.append(f"record_{rules.FAIR_COMPETITION}")
    if review.status == rules.DONE and steps[rules.DISCUSSION].status != rules.DONE:
        names.append("discussion")
    if steps[rules.DISCUSSION].status == rules.DONE and steps[rules.PARTY_REPORT].status == rules.PENDING:
        names += ["record_party_report", "skip_party_report"]
    if status == S.READY:
        names.append("decide")
    if status == S.DECIDED and steps[rules.PUBLICATION].status == rules.PENDING:
        names += ["record_publication", "skip_publication"]
    if status in (S.DECIDED, S.PUBLISHED) and steps[rules.PUBLICATION].status in rules.RESOLVED \
            and steps[rules.ARCHIVING].status != rules.DONE:
        names.append("record_archiving")
    if status in rules.AFTER_DECISION:
        names += ["schedule_evaluation", "adjust", "suspend"]
    if status == S.SUSPENDED:
        names.append("resume")
    if status in (*rules.AFTER_DECISION, S.SUSPENDED) and decision.evaluations.filter(done_on__isnull=True).exists():
        names.append("record_evaluation")
    if before_discussion and fair.status in (rules.PENDING, rules.SKIPPED):
        names.append("mark_market")
    if status in rules.BEFORE_DECISION and not decision.decided_on:
        names.append("withdraw")
    return [n for n in names if _actor_ok(decision, DECISION_ACTIONS[n][1], scope)]


def _initial(name: str, decision: Decision) -> dict:
    today = _today()
    initial = {"done_on": today, "submitted_on": today, "opinion_on": today, "held_on": today, "decided_on": today,
               "on": today}
    if name == "consult":
        initial.update(title=f"关于《{decision.title}（征求意见稿）》公开征求意见的公告", body=decision.summary,
                       opens_on=today)
    if name == "record_evaluation":
        pending = decision.evaluations.filter(done_on__isnull=True).first()
        initial["evaluation"] = pending.pk if pending else None
    if name == "mark_market":
        initial["concerns_market"] = not decision.concerns_market
    return initial


def _decision_context(request, decision: Decision, bound: tuple[str, object] | None = None) -> dict:
    scope = scope_for(request.user)
    steps = list(Step.objects.filter(decision=decision).select_related("recorded_by"))
    current = [s for s in steps if s.round == decision.round]
    by_kind = {s.kind: s for s in current}
    available = _available(decision, by_kind, scope)
    step_forms = {}
    for name in available:
        form_class = DECISION_ACTIONS[name][0]
        if bound and bound[0] == name:
            step_forms[name] = bound[1]
        else:
            step_forms[name] = form_class(initial=_initial(name, decision), prefix=name)
    if bound and bound[0] not in step_forms:
        step_forms[bound[0]] = bound[1]
    window = actions.review_window(decision)
    from fazhi.consultation.actions import consultation_for

    earlier_rounds = sorted({s.round for s in steps if s.round != decision.round})
    return {
        "decision": decision, "timeline": _timeline(decision, current), "step_forms": step_forms,
        "form_list": [(name, form, Step.Kind(DECISION_ACTIONS[name][1]).label) for name, form in step_forms.items()],
        "window": window, "consultation": consultation_for(decision),
        "earlier": [(r, _timeline(decision, [s for s in steps if s.round == r])) for r in earlier_rounds],
        "evaluations": decision.evaluations.all(), "adjustments": decision.adjustments.select_related("recorded_by"),
        "missing": [Step.Kind(k).label for k in rules.missing_before_decision((s.kind, s.status) for s in current)]
        if decision.status in rules.BEFORE_DECISION else [],
        "today": _today(), "history": history_for(decision), "label": "decisions.decision",
        "attachments": attachments_for(decision), "can_upload": scope.can_write_agency(decision.agency_id),
        "review_earlier": by_kind[rules.LEGALITY_REVIEW].details.get("earlier", []) if by_kind else [],
        "fair_earlier": by_kind[rules.FAIR_COMPETITION].details.get("earlier", []) if by_kind else [],
        "meetings": by_kind[rules.DISCUSSION].details.get("meetings", []) if by_kind else [],
        "meeting_kinds": dict(rules.MEETING_KINDS), "results": dict(rules.DISCUSSION_RESULTS),
    }


def _decision_or_404(user, pk) -> Decision:
    return get_visible_or_404(
        user, Decision.objects.select_related("agency__region", "deciding_body", "reviewer", "catalog_item__catalog"),
        pk=pk)


@login_required
def decision_detail(request, pk):
    decision = _decision_or_404(request.user, pk)
    return render(request, "decisions/decision_detail.html", _decision_context(request, decision))


def _run(name: str, decision: Decision, data: dict, by):
    if name == "consult":
        return actions.open_public_consultation(decision, by=by, **data)
    if name.startswith("record_") and name[7:] in forms.STEP_FORMS:
        return actions.record_step(decision, name[7:], by=by, **data)
    if name.startswith("skip_"):
        return actions.skip_step(decision, name[5:], by=by, reason=data["reason"])
    if name == "submit_review":
        return actions.submit_for_legality_review(decision, by=by, **data)
    if name == "opinion":
        return actions.record_legality_opinion(decision, by=by, **data)
    if name == "discussion":
        return actions.record_discussion(decision, by=by, **data)
    if name == "decide":
        return actions.take_decision(decision, by=by, **data)
    if name == "schedule_evaluation":
        return actions.schedule_evaluation(decision, by=by, **data)
    if name == "record_evaluation":
        evaluation = Evaluation.objects.filter(decision=decision, pk=data.pop("evaluation")).first()
        if evaluation is None:
            raise ValidationError(_("That evaluation does not belong to this decision."))
        return actions.record_evaluation(evaluation, by=by, **data)
    if name == "suspend":
        return actions.suspend_decision(decision, by=by, **data)
    if name == "resume":
        return actions.resume_decision(decision, by=by, **data)
    if name == "adjust":
        return actions.adjust_decision(decision, by=by, **data)
    if name == "mark_market":
        return actions.mark_market_activity(decision, by=by, **data)
    if name == "withdraw":
        return actions.withdraw_decision(decision, by=by, reason=data["reason"])
    raise Http404


SUCCESS = {
    "consult": gettext_lazy("The draft is open for public comment."),
    "submit_review": gettext_lazy("The draft was sent for legality review."),
    "opinion": gettext_lazy("The review opinion was recorded."),
    "discussion": gettext_lazy("The collective discussion was recorded."),
    "decide": gettext_lazy("The decision was recorded."),
    "schedule_evaluation": gettext_lazy("The evaluation was scheduled."),
    "record_evaluation": gettext_lazy("The evaluation was recorded."),
    "suspend": gettext_lazy("The decision is suspended."),
    "resume": gettext_lazy("The decision is resumed."),
    "adjust": gettext_lazy("The adjustment was recorded."),
    "mark_market": gettext_lazy("Saved: the fair-competition review applies accordingly."),
    "withdraw": gettext_lazy("The decision was withdrawn."),
}


@login_required
@require_POST
def decision_act(request, pk, action):
    """Take one action on a decision; bad input re-renders the page with the form and its errors."""
    decision = _decision_or_404(request.user, pk)
    if action not in DECISION_ACTIONS:
        raise Http404
    form_class, kind = DECISION_ACTIONS[action]
    if not _actor_ok(decision, kind, scope_for(request.user)):
        raise PermissionDenied
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            _run(action, decision, dict(form.cleaned_data), request.user)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, SUCCESS.get(action, _("Saved.")))
            return redirect("decisions:detail", decision.pk)
    decision.refresh_from_db()
    return render(request, "decisions/decision_detail.html", _decision_context(request, decision, (action, form)))


# Public pages (no log-in) -----------------------------------------------------------------------------


PUBLIC_ITEM_STATUS = {
    CatalogItem.Status.LISTED: gettext_lazy("not started"),
    CatalogItem.Status.STARTED: gettext_lazy("in progress"),
    CatalogItem.Status.COMPLETED: gettext_lazy("completed"),
    CatalogItem.Status.REMOVED: gettext_lazy("removed from the catalogue"),
}


def public_catalogs(request):
    catalogs = (Catalog.objects.filter(status=Catalog.Status.PUBLISHED, withdrawn_at__isnull=True)
                .select_related("agency__region").order_by("-year", "agency__region__code", "agency__name"))
    return render(request, "decisions/public_catalogs.html", {"catalogs": catalogs})


def public_catalog(request, agency, year):
    catalog = (Catalog.objects.filter(status=Catalog.Status.PUBLISHED, withdrawn_at__isnull=True, agency__code=agency,
                                      year=year).select_related("agency").first())
    if catalog is None:
        raise Http404
    items = list(catalog.items.filter(withdrawn_at__isnull=True, status__in=PUBLIC_ITEM_STATUS)
                 .select_related("agency").order_by("number", "pk"))
    published = {d.catalog_item_id: d for d in Decision.objects.filter(
        catalog_item__in=items, published_on__isnull=False, withdrawn_at__isnull=True)}
    rows = [{"item": i, "status": PUBLIC_ITEM_STATUS[i.status], "decision": published.get(i.pk)} for i in items]
    return render(request, "decisions/public_catalog.html", {
        "catalog": catalog, "rows": rows, "changes": catalog.changes.select_related("item")})


def _public_decisions():
    return Decision.objects.filter(published_on__isnull=False, withdrawn_at__isnull=True).select_related(
        "agency", "deciding_body")


def public_list(request):
    qs = _public_decisions()
    q = params.text(request, "q")
    if q:
        qs = search.narrow(qs.filter(title__icontains=q), ("title",), q)
    year = params.year(request)
    if year is not None:
        qs = qs.filter(decided_on__year=year)
    year = "" if year is None else str(year)
    page = Paginator(qs.order_by("-published_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/public_list.html", {"page": page, "q": q, "year": year})


def public_detail(request, pk):
    decision = _public_decisions().filter(pk=pk).first()
    if decision is None:
        raise Http404
    decided_round = (Step.objects.filter(decision=decision, kind=rules.DECISION, status=rules.DONE)
                     .order_by("-round").values_list("round", flat=True).first()) or decision.round
    steps = [s for s in Step.objects.filter(decision=decision, round=decided_round) if s.is_resolved]
    publication = next((s for s in steps if s.kind == rules.PUBLICATION), None)
    return render(request, "decisions/public_detail.html", {
        "decision": decision, "steps": sorted(steps, key=lambda s: s.order), "publication": publication})
