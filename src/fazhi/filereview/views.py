"""Pages of the file review (行政执法案卷评查): campaigns with their sample and progress, the scoring of a file, the
results per agency with the rectification items, the rubric, Excel out.

Every query goes through the organisation scope (``actions.visible_*``): the rule-of-law office runs the review
and reads everything of it; a reviewed department reads its own files' results and rectification items once they
are sent (and the campaign's report once published); anyone else gets 404. Views parse input, call one action,
render.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.audit.actions import history_for
from fazhi.core import params
from fazhi.core.lists import capped_count, render_list
from fazhi.filereview import actions, excel, forms
from fazhi.filereview.models import Campaign, Rectification, ReviewFile, Rubric, RubricItem, Score
from fazhi.ledgers.forms import errors_into
from fazhi.org.scope import get_visible_or_404, scope_for

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
COUNT_CAP = 1000
S = Campaign.Status
OUTCOMES = ("passed", "failed", "unscored")


def _live_files():
    return Q(files__withdrawn_at__isnull=True)


def _with_progress(qs):
    live = _live_files()
    return qs.annotate(n_files=Count("files", filter=live),
                       n_scored=Count("files", filter=live & Q(files__status=ReviewFile.Status.SCORED)))


def case_url(case) -> str:
    """The penalty case's page, when the penalties ledger has one."""
    try:
        return reverse("penalties:case_detail", args=[case.pk])
    except NoReverseMatch:
        return ""


# Campaigns ---------------------------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    today = timezone.localdate()
    status = params.text(request, "status", 16)
    filters = {"year": params.year(request), "status": status if status in S.values else ""}
    qs = actions.visible_campaigns(request.user)
    if filters["year"]:
        qs = qs.filter(year=filters["year"])
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    campaigns = list(_with_progress(qs.select_related("agency", "rubric")).order_by("-year", "-opened_on", "-pk")[:200])
    return render(request, "filereview/campaign_list.html", {
        "campaigns": campaigns, "filters": filters, "statuses": S.choices,
        "years": range(today.year, today.year - 6, -1),
        "can_create": actions.offices_for(request.user).exists(),
    })


@login_required
def campaign_create(request):
    form = forms.CampaignForm(request.POST or None, user=request.user)
    if not form.fields["office"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.open_campaign(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The campaign was opened."))
            return redirect("filereview:campaign_detail", campaign.pk)
    return render(request, "filereview/campaign_form.html", {"form": form}, status=400 if form.errors else 200)


def _campaign(request, pk: int) -> Campaign:
    campaign = (actions.visible_campaigns(request.user).select_related("agency__region", "rubric")
                .filter(pk=pk).first())
    if campaign is None:
        raise Http404
    return campaign


#: The steps a campaign offers in each status.
STEPS_BY_STATUS = {
    S.DRAFT: ("sample", "reviewers"),
    S.SAMPLED: ("resample", "reviewers", "start"),
    S.REVIEWING: ("reviewers", "send"),
    S.RESULTS_SENT: ("publish",),
}


def _step_form(name: str, campaign: Campaign, data=None):
    if name == "reviewers":
        form = forms.ReviewersForm(data, campaign=campaign)
    elif name == "resample":
        form = forms.ResampleForm(data)
    elif name == "publish":
        form = forms.PublishForm(data)
    else:
        form = forms.DayForm(data)
    form.auto_id = f"id_{name}_%s"
    return form


def agency_summary(files) -> list[dict]:
    """Per agency: the files sampled, scored, passed and failed, and the mean score of those scored."""
    rows: dict[int, dict] = {}
    for file in files:
        row = rows.setdefault(file.agency_id, {"agency": file.agency, "files": 0, "scored": 0, "passed": 0,
                                               "failed": 0, "sum": Decimal(0)})
        row["files"] += 1
        if file.status == ReviewFile.Status.SCORED:
            row["scored"] += 1
            row["sum"] += file.total or 0
            row["passed" if file.passed else "failed"] += 1
    for row in rows.values():
        row["mean"] = (row["sum"] / row["scored"]).quantize(Decimal("0.1")) if row["scored"] else None
        row["rate"] = round(100 * row["passed"] / row["scored"]) if row["scored"] else None
    return sorted(rows.values(), key=lambda r: r["agency"].name)


def _campaign_context(request, campaign: Campaign, bound: dict | None = None) -> dict:
    bound = bound or {}
    runner = actions.can_run(request.user, campaign) and not campaign.is_withdrawn
    files = list(actions.visible_files(request.user).filter(campaign=campaign)
                 .select_related("case", "body", "agency").order_by("agency__name", "body__name", "case__number"))
    all_files = ReviewFile.objects.filter(campaign=campaign, withdrawn_at__isnull=True)
    total = all_files.count()
    scored = all_files.filter(status=ReviewFile.Status.SCORED).count()
    step_forms = {}
    if runner:
        for name in STEPS_BY_STATUS.get(campaign.status, ()):
            step_forms[name] = bound.get(name) or _step_form(name, campaign)
    reader = scope_for(request.user).can_read_agency(campaign.agency_id)
    if campaign.status == S.PUBLISHED or reader:
        summary = agency_summary(all_files.select_related("agency"))
    else:
        summary = agency_summary(files)
    my_scores = set(Score.objects.filter(file__campaign=campaign, reviewer=request.user, withdrawn_at__isnull=True)
                    .values_list("file_id", flat=True))
    reviewer = campaign.status == S.REVIEWING and campaign.reviewers.filter(pk=request.user.pk).exists()
    return {
        "campaign": campaign, "runner": runner, "reader": reader,
        "files": [{"file": f, "case_url": case_url(f.case), "can_score": reviewer and f.pk not in my_scores}
                  for f in files],
        "total": total, "scored": scored, "percent_done": round(100 * scored / total) if total else 0,
        "samples": [{"sample": sample, "n": sum(len(cases) for cases in sample.result.values())}
                    for sample in campaign.samples.order_by("-drawn_on", "-pk")] if reader else [],
        "bodies": list(campaign.bodies.select_related("agency").order_by("agency__name", "name")),
        "reviewers": list(campaign.reviewers.order_by("display_name", "username")),
        "summary": summary, "step_forms": step_forms,
        # Every rectification item of the campaign the person may read: the office's whole list, a department's own.
        "rectifications": list(Rectification.objects.visible_to(request.user)
                               .filter(campaign=campaign, withdrawn_at__isnull=True)
                               .select_related("agency", "file__case").order_by("agency__name", "due_on", "pk")[:500]),
        "show_rubric": Rubric.objects.visible_to(request.user).filter(pk=campaign.rubric_id).exists(),
        "history": history_for(campaign)[:50] if reader else [],
    }


@login_required
def campaign_detail(request, pk: int):
    campaign = _campaign(request, pk)
    return render(request, "filereview/campaign_detail.html", _campaign_context(request, campaign))


STEP_MESSAGES = {
    "sample": gettext_lazy("The sample was drawn."), "resample": gettext_lazy("The sample was drawn again."),
    "reviewers": gettext_lazy("The reviewers were saved."), "start": gettext_lazy("The review started."),
    "send": gettext_lazy("The results were sent to the agencies."),
    "publish": gettext_lazy("The report was published to the agencies."),
}


@login_required
@require_POST
def campaign_step(request, pk: int, step: str):
    """Draw the sample (again), name the reviewers, start the review, send the results, publish the report."""
    campaign = _campaign(request, pk)
    if step not in STEP_MESSAGES:
        raise Http404
    if not actions.can_run(request.user, campaign):
        raise PermissionDenied
    form = _step_form(step, campaign, request.POST)
    perform = {
        "sample": lambda d: actions.draw_sample(campaign, by=request.user, on=d["on"]),
        "resample": lambda d: actions.resample(campaign, by=request.user, on=d["on"], reason=d["reason"]),
        "reviewers": lambda d: actions.assign_reviewers(campaign, by=request.user, reviewers=d["reviewers"]),
        "start": lambda d: actions.start_review(campaign, by=request.user, on=d["on"]),
        "send": lambda d: actions.send_results(campaign, by=request.user, on=d["on"]),
        "publish": lambda d: actions.publish_report(campaign, by=request.user, on=d["on"], report=d["report"]),
    }[step]
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, STEP_MESSAGES[step])
            return redirect("filereview:campaign_detail", campaign.pk)
    messages.error(request, _("Correct the fields marked below."))
    campaign = _campaign(request, pk)
    return render(request, "filereview/campaign_detail.html", _campaign_context(request, campaign, {step: form}),
                  status=400)


# A file ------------------------------------------------------------------------------------------------------


def _file(request, pk: int) -> ReviewFile:
    return get_visible_or_404(request.user, actions.visible_files(request.user).select_related(
        "campaign__agency__region", "campaign__rubric", "case", "body", "agency"), pk=pk)


def _file_context(request, file: ReviewFile, rectify_form=None, complete_form=None, complete_pk=None) -> dict:
    today = timezone.localdate()
    campaign = file.campaign
    runner = actions.can_run(request.user, campaign)
    scores = []
    for score in file.scores.filter(withdrawn_at__isnull=True).select_related("reviewer"):
        lines = sorted(score.lines.select_related("item"), key=lambda line: (line.item.position, line.pk))
        scores.append({"score": score, "lines": lines})
    items = []
    for item in file.rectifications.filter(withdrawn_at__isnull=True).order_by("pk"):
        form = None
        if item.notified_on and item.status == Rectification.Status.OPEN and actions.can_rectify(request.user, item):
            form = complete_form if item.pk == complete_pk and complete_form is not None else forms.CompleteForm()
            form.auto_id = f"id_item{item.pk}_%s"
        items.append({"item": item, "overdue": item.is_overdue(today), "form": form})
    can_order = runner and campaign.status in (S.REVIEWING, *Campaign.SENT_STATUSES)
    if can_order and rectify_form is None:
        rectify_form = forms.RectificationForm()
    scored_by_me = any(s["score"].reviewer_id == request.user.pk for s in scores)
    reviewer = campaign.status == S.REVIEWING and campaign.reviewers.filter(pk=request.user.pk).exists()
    return {
        "file": file, "campaign": campaign, "case": file.case, "case_url": case_url(file.case),
        "scores": scores, "items": items, "runner": runner,
        "rectify_form": rectify_form if can_order else None,
        "can_score": reviewer and not scored_by_me, "can_correct": reviewer and scored_by_me,
        "pass_mark": campaign.rubric.pass_mark,
        "history": history_for(file)[:50] if scope_for(request.user).can_read_agency(campaign.agency_id) else [],
    }


@login_required
def file_detail(request, pk: int):
    file = _file(request, pk)
    return render(request, "filereview/file_detail.html", _file_context(request, file))


@login_required
def file_score(request, pk: int):
    """The scoring form of one file, item by item; a refusal keeps what was typed."""
    file = _file(request, pk)
    campaign = file.campaign
    if not actions.can_run(request.user, campaign):
        raise PermissionDenied
    items = campaign.rubric.ordered_items()
    earlier = file.scores.filter(reviewer=request.user, withdrawn_at__isnull=True).first()
    form = forms.ScoreForm(request.POST or None, items=items, earlier=earlier)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.score_file(file, by=request.user, on=form.cleaned_data["scored_on"], lines=form.lines(),
                                   comments=form.cleaned_data["comments"],
                                   correction=form.cleaned_data.get("correction", ""))
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, _("Your score was corrected.") if earlier else _("The file was scored."))
                return redirect("filereview:file_detail", file.pk)
        messages.error(request, _("Correct the fields marked below."))
    return render(request, "filereview/score_form.html", {
        "file": file, "campaign": campaign, "case": file.case, "form": form, "rubric": campaign.rubric,
        "earlier": earlier,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def file_rectify(request, pk: int):
    """Order the file's department to rectify something."""
    file = _file(request, pk)
    if not actions.can_run(request.user, file.campaign):
        raise PermissionDenied
    form = forms.RectificationForm(request.POST)
    if form.is_valid():
        try:
            actions.order_rectification(file, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The rectification item was added."))
            return redirect("filereview:file_detail", file.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "filereview/file_detail.html", _file_context(request, file, rectify_form=form),
                  status=400)


def _rectification(request, pk: int) -> Rectification:
    return get_visible_or_404(request.user, actions.visible_rectifications(request.user)
                              .select_related("agency", "campaign__agency__region", "file"), pk=pk)


@login_required
def rectification_detail(request, pk: int):
    """A rectification item is shown on its file's page (the agenda links here)."""
    item = _rectification(request, pk)
    return redirect(reverse("filereview:file_detail", args=[item.file_id]) + f"#item-{item.pk}")


@login_required
@require_POST
def rectification_complete(request, pk: int):
    item = _rectification(request, pk)
    if not actions.can_rectify(request.user, item):
        raise PermissionDenied
    form = forms.CompleteForm(request.POST)
    form.auto_id = f"id_item{item.pk}_%s"
    if form.is_valid():
        try:
            actions.complete_rectification(item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The rectification was recorded."))
            return redirect(reverse("filereview:file_detail", args=[item.file_id]) + f"#item-{item.pk}")
    messages.error(request, _("Correct the fields marked below."))
    file = _file(request, item.file_id)
    return render(request, "filereview/file_detail.html",
                  _file_context(request, file, complete_form=form, complete_pk=item.pk), status=400)


# Results per agency ------------------------------------------------------------------------------------------


def _result_filters(request) -> dict:
    outcome = params.text(request, "outcome", 10)
    return {"campaign": params.integer(request, "campaign", low=1, high=2**63 - 1),
            "agency": params.text(request, "agency", 64), "year": params.year(request),
            "outcome": outcome if outcome in OUTCOMES else ""}


def filtered_files(user, filters: dict):
    """The sampled files the person may read, narrowed by the results' filters."""
    qs = actions.visible_files(user)
    if filters.get("campaign"):
        qs = qs.filter(campaign_id=filters["campaign"])
    if filters.get("agency"):
        qs = qs.filter(agency__code=filters["agency"])
    if filters.get("year"):
        qs = qs.filter(campaign__year=filters["year"])
    outcome = filters.get("outcome")
    if outcome == "passed":
        qs = qs.filter(passed=True)
    elif outcome == "failed":
        qs = qs.filter(passed=False)
    elif outcome == "unscored":
        qs = qs.filter(status=ReviewFile.Status.TO_SCORE)
    return qs.select_related("campaign", "case", "body", "agency")


@login_required
def results(request):
    """The reviewed files the person may read, with their results, by agency and year; the metrics link here."""
    today = timezone.localdate()
    filters = _result_filters(request)
    qs = filtered_files(request.user, filters).order_by("-campaign__year", "agency__name", "case__number", "pk")
    page = params.page(request)
    count, more = capped_count(qs, COUNT_CAP)
    offset = (page - 1) * PAGE_SIZE
    rows = list(qs[offset: offset + PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    files = rows[:PAGE_SIZE]
    open_items = dict(Rectification.objects.filter(file__in=files, withdrawn_at__isnull=True,
                                                   status=Rectification.Status.OPEN)
                      .values("file_id").annotate(n=Count("pk")).values_list("file_id", "n"))
    agencies = list(scope_for(request.user).agencies().filter(
        pk__in=actions.visible_files(request.user).values("agency_id")).order_by("name").values_list("code", "name"))
    context = {
        "files": [{"file": f, "open_items": open_items.get(f.pk, 0)} for f in files],
        "filters": filters, "count": count, "more": more, "cap": COUNT_CAP, "page": page,
        "has_next": len(rows) > PAGE_SIZE, "has_previous": page > 1, "query": query.urlencode(),
        "agencies": agencies, "years": range(today.year, today.year - 6, -1),
        "outcomes": [("passed", _("passed")), ("failed", _("failed")), ("unscored", _("to be scored"))],
    }
    return render_list(request, "filereview/results.html", "filereview/_result_rows.html", context)


@login_required
def results_export(request):
    """The filtered results as an Excel workbook, with the rectification items (audited)."""
    filters = _result_filters(request)
    files = list(filtered_files(request.user, filters).prefetch_related("campaign__reviewers")
                 .order_by("-campaign__year", "agency__name", "case__number", "pk")[:EXPORT_LIMIT])
    items = list(actions.visible_rectifications(request.user).filter(file__in=files)
                 .select_related("file__case", "agency").order_by("agency__name", "pk"))
    return excel.results_response(request, files, items, filters)


# The rubric ----------------------------------------------------------------------------------------------------


@login_required
def rubric_list(request):
    rubrics = list(Rubric.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
                   .select_related("agency").annotate(n_items=Count("items")).order_by("agency__name", "-version"))
    have = {r.agency_id for r in rubrics if r.status != Rubric.Status.RETIRED}
    return render(request, "filereview/rubric_list.html", {
        "rubrics": rubrics, "offices": [o for o in actions.offices_for(request.user) if o.pk not in have],
    })


@login_required
@require_POST
def rubric_default(request):
    """Adopt the default rubric for an office that has none."""
    office = actions.offices_for(request.user).filter(pk=params.bounded_int(request.POST.get("office"), low=1,
                                                                            high=2**63 - 1)).first()
    if office is None:
        raise Http404
    rubric = actions.default_rubric(office, by=request.user)
    messages.success(request, _("The default rubric is in force."))
    return redirect("filereview:rubric_detail", rubric.pk)


def _rubric(request, pk: int) -> Rubric:
    return get_visible_or_404(request.user, Rubric.objects.select_related("agency__region", "based_on"), pk=pk)


def _rubric_context(request, rubric: Rubric, bound: dict | None = None) -> dict:
    bound = bound or {}
    editable = rubric.status == Rubric.Status.DRAFT and actions.can_run(request.user, rubric)
    items = rubric.ordered_items()
    rows = []
    for item in items:
        form = None
        if editable:
            form = bound.get(f"item{item.pk}") or forms.RubricItemForm(initial={
                "section": item.section, "text": item.text, "max_score": item.max_score, "veto": item.veto})
            form.auto_id = f"id_item{item.pk}_%s"
        rows.append({"item": item, "form": form})
    step_forms = {}
    if editable:
        step_forms["add"] = bound.get("add") or forms.RubricItemForm()
        step_forms["pass_mark"] = bound.get("pass_mark") or forms.PassMarkForm(
            initial={"name": rubric.name, "pass_mark": rubric.pass_mark})
        step_forms["adopt"] = bound.get("adopt") or forms.DayForm()
        for name, form in step_forms.items():
            form.auto_id = f"id_{name}_%s"
    return {
        "rubric": rubric, "rows": rows, "total": sum((i.max_score for i in items), Decimal(0)),
        "editable": editable, "step_forms": step_forms,
        "can_revise": (rubric.status == Rubric.Status.IN_FORCE and actions.can_run(request.user, rubric)),
        "campaigns": list(rubric.campaigns.filter(withdrawn_at__isnull=True).order_by("-year", "-pk")[:50]),
        "history": history_for(rubric)[:50],
    }


@login_required
def rubric_detail(request, pk: int):
    rubric = _rubric(request, pk)
    return render(request, "filereview/rubric_detail.html", _rubric_context(request, rubric))


RUBRIC_STEPS = ("revise", "add", "item", "remove", "pass_mark", "adopt")


@login_required
@require_POST
def rubric_step(request, pk: int, step: str):
    """Draft the next version; add, change or remove an item of a draft; set its pass mark; adopt it."""
    rubric = _rubric(request, pk)
    if step not in RUBRIC_STEPS:
        raise Http404
    if not actions.can_run(request.user, rubric):
        raise PermissionDenied
    item = None
    if step in ("item", "remove"):
        item = RubricItem.objects.filter(rubric=rubric, pk=params.bounded_int(request.POST.get("item"), low=1,
                                                                              high=2**63 - 1)).first()
        if item is None:
            raise Http404
    try:
        if step == "revise":
            draft = actions.revise_rubric(rubric, by=request.user)
            messages.success(request, _("A draft of the next version was made."))
            return redirect("filereview:rubric_detail", draft.pk)
        if step == "remove":
            actions.remove_rubric_item(item, by=request.user)
            messages.success(request, _("The item was removed."))
            return redirect("filereview:rubric_detail", rubric.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("filereview:rubric_detail", rubric.pk)
    key = f"item{item.pk}" if step == "item" else step
    form = {"add": forms.RubricItemForm, "item": forms.RubricItemForm, "pass_mark": forms.PassMarkForm,
            "adopt": forms.DayForm}[step](request.POST)
    form.auto_id = f"id_{key}_%s"
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step in ("add", "item"):
                actions.set_rubric_item(rubric, by=request.user, item=item, **data)
            elif step == "pass_mark":
                actions.set_pass_mark(rubric, by=request.user, **data)
            else:
                actions.adopt_rubric(rubric, by=request.user, on=data["on"])
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The rubric was saved."))
            return redirect("filereview:rubric_detail", rubric.pk)
    messages.error(request, _("Correct the fields marked below."))
    return render(request, "filereview/rubric_detail.html", _rubric_context(request, _rubric(request, pk),
                                                                            {key: form}), status=400)

