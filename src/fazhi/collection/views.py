"""Collection pages: rounds, the figures form, review, Excel round trip and the roll-up.

Every query goes through the organisation scope. Views parse input, call one action, render.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attachments_for, history_for
from fazhi.collection import actions, excel, previews, questions, rollup
from fazhi.collection.forms import AddAgenciesForm, RoundForm, RoundMetricsForm, SubmissionMetricsForm
from fazhi.collection.models import Round, Submission
from fazhi.collection.rules import board_colour, lateness
from fazhi.collection.validation import check_parts, part_pairs
from fazhi.core import params
from fazhi.metrics import registry
from fazhi.metrics.models import Metric, Topic
from fazhi.org.models import Membership, Region
from fazhi.org.scope import get_editable_or_404, get_visible_or_404, scope_for

TOPIC_ORDER = {value: index for index, value in enumerate(Topic.values)}
IMPORTS_SESSION_KEY = "collection_imports"


def _errors_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": exc.messages}


def _office_agency(request):
    """Return the rule-of-law office the person works for now (its current membership first), or None."""
    membership = getattr(request, "membership", None)
    if membership is not None and membership.role == Membership.Role.OFFICE:
        return membership.agency
    office = (
        Membership.objects.filter(user=request.user, role=Membership.Role.OFFICE, is_active=True)
        .select_related("agency__region")
        .first()
    )
    return office.agency if office else None


def _red_after() -> int:
    return settings.FAZHI_COLLECTION_RED_AFTER_DAYS


# Rounds -----------------------------------------------------------------------------------------------


@login_required
def round_list(request):
    """The office's rounds with their progress; a clerk's own submissions."""
    scope = scope_for(request.user)
    rounds = (
        Round.objects.visible_to(request.user)
        .filter(withdrawn_at__isnull=True)
        .select_related("agency", "region")
        .annotate(
            n=Count("submissions", filter=Q(submissions__withdrawn_at__isnull=True)),
            accepted=Count("submissions", filter=Q(submissions__status=Submission.Status.ACCEPTED)),
            submitted=Count("submissions", filter=Q(submissions__status=Submission.Status.SUBMITTED)),
        )
        .order_by("-year", "-created_at")
    )
    own = (
        Submission.objects.visible_to(request.user)
        .filter(agency_id__in=scope.write_agencies, withdrawn_at__isnull=True)
        .select_related("agency", "round")
        .order_by("-year")
    )
    today = timezone.localdate()
    own_rows = [(s, board_colour(s.status, s.round.due_date, today, red_after=_red_after())) for s in own]
    return render(
        request,
        "collection/round_list.html",
        {
            "rounds": rounds,
            "own": own_rows,
            "can_open": _office_agency(request) is not None,
        },
    )


@login_required
def round_create(request):
    """The office opens a round: year, title, due date, metrics by topic, agencies of its region."""
    office = _office_agency(request)
    if office is None:
        raise PermissionDenied
    year = timezone.localdate().year - 1
    initial = {"year": year, "title": _("Rule-of-law figures for %(year)d") % {"year": year}}
    form = RoundForm(request.POST or None, office_agency=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = actions.open_round(
                office,
                data["year"],
                data["title"],
                data["due_date"],
                data["metrics"],
                list(data["agencies"]),
                by=request.user,
            )
        except ValidationError as exc:
            for name, errors in _errors_of(exc).items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                ngettext(
                    "The round is open: %(n)d agency was asked for its figures.",
                    "The round is open: %(n)d agencies were asked for their figures.",
                    round_.submissions.count(),
                )
                % {"n": round_.submissions.count()},
            )
            return redirect("collection:round_detail", round_.pk)
    return render(request, "collection/round_form.html", {"form": form, "office": office})


@dataclass
class BoardRow:
    submission: Submission
    colour: str
    days_late: int


@login_required
def round_detail(request, pk):
    """The status board of a round: every submission with its colour, counts, a chart, reminders, closing."""
    round_ = get_visible_or_404(request.user, Round.objects.select_related("agency", "region"), pk=pk)
    today = timezone.localdate()
    submissions = (
        Submission.objects.visible_to(request.user)
        .filter(round=round_, withdrawn_at__isnull=True)
        .select_related("agency__region")
        .order_by("agency__kind", "agency__region__code", "agency__name")
    )
    rows = []
    for s in submissions:
        late = lateness(round_.due_date, today, pending=s.is_pending, red_after=_red_after())
        rows.append(
            BoardRow(s, board_colour(s.status, round_.due_date, today, red_after=_red_after()), late.days)
        )
    colours = [
        ("green", _("accepted")),
        ("blue", _("submitted")),
        ("grey", _("not yet due")),
        ("yellow", _("late")),
        ("red", _("late by more than %(n)d days") % {"n": _red_after()}),
    ]
    counts = {key: 0 for key, _label in colours}
    for row in rows:
        counts[row.colour] += 1
    total = len(rows) or 1
    chart, offset = [], 0.0
    for key, label in colours:
        width = counts[key] * 100 / total
        chart.append(
            {"key": key, "label": label, "n": counts[key], "x": f"{offset:.2f}", "width": f"{width:.2f}"}
        )
        offset += width
    can_manage = scope_for(request.user).can_write_agency(round_.agency_id)
    late_pending = [r for r in rows if r.days_late > 0]
    return render(
        request,
        "collection/round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "chart": chart,
            "can_manage": can_manage,
            "late_count": len(late_pending),
            "status_counts": rollup.submission_counts(round_),
            "outstanding": actions.outstanding(round_).count(),
            "history": history_for(round_),
            "today": today,
        },
    )


@login_required
@require_POST
def round_remind(request, pk):
    """Remind one submission (``submission``) or every late one (``late=1``) of a round."""
    round_ = get_editable_or_404(request.user, Round, pk=pk)
    pending = round_.submissions.filter(
        withdrawn_at__isnull=True, status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED]
    ).select_related("agency", "round")
    if request.POST.get("submission"):
        targets = list(pending.filter(pk=request.POST["submission"]))
    else:
        targets = (
            [s for s in pending if timezone.localdate() > round_.due_date] if request.POST.get("late") else []
        )
    if not targets:
        messages.error(request, _("Nobody to remind: every agency chosen has already submitted."))
        return redirect("collection:round_detail", round_.pk)
    try:
        result = actions.remind(targets, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("collection:round_detail", round_.pk)
    messages.success(
        request,
        ngettext("%(n)d agency was reminded.", "%(n)d agencies were reminded.", len(result.reminded))
        % {"n": len(result.reminded)},
    )
    if result.without_address:
        messages.warning(
            request,
            _("No clerk with an e-mail address at: %(agencies)s. Remind them by phone.")
            % {"agencies": "、".join(result.without_address)},
        )
    if result.failed:
        messages.error(
            request, _("E-mail could not be sent: %(errors)s") % {"errors": "；".join(result.failed)}
        )
    return redirect("collection:round_detail", round_.pk)


@login_required
@require_POST
def round_close(request, pk):
    round_ = get_editable_or_404(request.user, Round, pk=pk)
    try:
        actions.close_round(round_, by=request.user, override_reason=request.POST.get("override_reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The round is closed."))
    return redirect("collection:round_detail", round_.pk)


@login_required
@require_POST
def round_reopen(request, pk):
    round_ = get_editable_or_404(request.user, Round, pk=pk)
    try:
        actions.reopen_round(round_, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The round is open again."))
    return redirect("collection:round_detail", round_.pk)


@login_required
@require_POST
def round_extend(request, pk):
    round_ = get_editable_or_404(request.user, Round, pk=pk)
    try:
        new_date = date.fromisoformat(request.POST.get("due_date", ""))
    except ValueError:
        messages.error(request, _("Give the new due date as a date."))
        return redirect("collection:round_detail", round_.pk)
    try:
        actions.extend_due_date(round_, new_date, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The due date is now %(date)s.") % {"date": new_date.isoformat()})
    return redirect("collection:round_detail", round_.pk)


# Changing who fills what -----------------------------------------------------------------------------


def _managed_round(request, pk) -> Round:
    """Return a round the person's office runs (404 when invisible, 403 for anyone else)."""
    round_ = get_visible_or_404(request.user, Round.objects.select_related("agency", "region"), pk=pk)
    if not scope_for(request.user).can_write_agency(round_.agency_id):
        raise PermissionDenied
    return round_


@login_required
def round_add_agencies(request, pk):
    """The office asks more agencies in an open round, each kind with its metrics (the round's by default)."""
    round_ = _managed_round(request, pk)
    form = AddAgenciesForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.add_agencies(round_, form.asked(), by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d agency was added to the round: %(agencies)s.",
                    "%(n)d agencies were added to the round: %(agencies)s.",
                    len(added),
                )
                % {"n": len(added), "agencies": "、".join(s.agency.name for s in added)},
            )
            return redirect("collection:round_detail", round_.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "collection/round_agencies.html", {"round": round_, "form": form}, status=status)


@login_required
def round_add_metrics(request, pk):
    """The office asks every agency of some kinds for more metrics; forms already handed in are left out."""
    round_ = _managed_round(request, pk)
    form = RoundMetricsForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.add_round_metrics(
                round_, data["metrics"], kinds=data["kinds"], by=request.user, reason=data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "The metrics were added to %(n)d form.",
                    "The metrics were added to %(n)d forms.",
                    len(result.changed),
                )
                % {"n": len(result.changed)},
            )
            if result.skipped:
                messages.warning(
                    request,
                    _(
                        "Already handed in, left as they were: %(agencies)s. Return a submission first, then add the "
                        "metrics to its form."
                    )
                    % {"agencies": "、".join(s.agency.name for s in result.skipped)},
                )
            return redirect("collection:round_detail", round_.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "collection/round_metrics.html", {"round": round_, "form": form}, status=status)


@login_required
def submission_metrics(request, pk):
    """The office changes which metrics one agency fills: add some, remove some (entered figures: confirm)."""
    submission = get_visible_or_404(
        request.user,
        Submission.objects.select_related("agency__region", "round__agency", "round__region"),
        pk=pk,
    )
    if not scope_for(request.user).can_write_agency(submission.round.agency_id):
        raise PermissionDenied
    form = SubmissionMetricsForm(request.POST or None, submission=submission)
    confirm = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_submission_metrics(
                submission,
                add=data["add"],
                remove=data["remove"],
                remove_anyway=data["remove_anyway"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            confirm = getattr(exc, "code", None) in ("value_entered", "reason_required")
        else:
            messages.success(
                request, _("The metrics of %(agency)s were changed.") % {"agency": submission.agency}
            )
            return redirect("collection:submission_detail", submission.pk)
    changeable = (
        submission.status in actions.CHANGEABLE
        and submission.round.status == Round.Status.OPEN
        and not submission.is_withdrawn
        and not submission.round.is_withdrawn
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "collection/submission_metrics.html",
        {
            "submission": submission,
            "round": submission.round,
            "form": form,
            "confirm": confirm,
            "changeable": changeable,
        },
        status=status,
    )


# The figures form -------------------------------------------------------------------------------------


@dataclass
class FormRow:
    metric: Metric
    value: object  # what the input shows: the stored figure, or what was just typed
    stored: Decimal | None
    last: Decimal | None
    note: str
    read_only: bool
    computed: bool
    link: str = ""
    no_ledger: bool = False
    errors: list[str] = field(default_factory=list)
    question: questions.Question | None = None  # what the figure raises against last year's, with its answer
    confirmed: bool = False  # the answer as shown: stored, or as just posted
    explanation: str = ""
    explanation_errors: list[str] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        if self.stored is None or self.last is None:
            return None
        return self.stored - self.last

    @property
    def change_percent(self) -> Decimal | None:
        if self.change is None or not self.last or self.metric.is_rate:
            return None
        return (self.change * 100 / self.last).quantize(Decimal("0.1"))


def _answer_shown(question, posted) -> tuple[bool, str]:
    """The answer a question's fields show: as posted after a refused save, else the answer that holds."""
    if question is None:
        return False, ""
    if posted and f"asked-{question.code}" in posted:
        return posted.get(f"confirm-{question.code}") == "1", posted.get(f"explain-{question.code}", "")
    answer = question.answer
    return (answer.confirmed, answer.text) if answer else (False, "")


def _form_groups(submission: Submission, posted=None, errors=None,
                 asked=None) -> list[tuple[str, list[FormRow]]]:
    posted, errors = posted or {}, errors or {}
    by_code = {q.code: q for q in (asked if asked is not None else questions.questions_for(submission))}
    last = excel.last_year_values([submission])
    values = submission.values.select_related("metric")
    rows = []
    for value in values:
        metric = value.metric
        computed = metric.source == Metric.Source.COMPUTED
        read_only = computed or metric.is_derived
        code = metric.code
        shown = posted.get(f"value-{code}", value.value) if not read_only else value.value
        question = by_code.get(code)
        confirmed, explanation = _answer_shown(question, posted)
        rows.append(
            FormRow(
                metric=metric,
                value=shown,
                stored=value.value,
                last=last.get((submission.agency_id, code)),
                note=posted.get(f"note-{code}", value.note),
                read_only=read_only,
                computed=computed,
                link=actions.computed_link(metric, submission.agency, submission.year) if computed else "",
                no_ledger=computed and not (metric.computed_by and registry.get(metric.computed_by)),
                errors=errors.get(code, []),
                question=question,
                confirmed=confirmed,
                explanation=explanation,
                explanation_errors=errors.get(f"explain-{code}", []),
            )
        )
    rows.sort(key=lambda r: (TOPIC_ORDER.get(r.metric.topic, 99), r.metric.order, r.metric.code))
    groups: dict[str, list[FormRow]] = {}
    for row in rows:
        groups.setdefault(row.metric.get_topic_display(), []).append(row)
    return list(groups.items())


def _narratives(submission, posted=None, errors=None) -> list[dict]:
    """The narrative slots of a form, each with its label, the text (as posted, after a refused save) and errors."""
    from fazhi.collection.models import Narrative
    from fazhi.metrics.models import Topic

    stored = {(n.topic, n.kind): n.text for n in submission.narratives.all()}
    topics, kinds = dict(Topic.choices), dict(Narrative.Kind.choices)
    slots = []
    for topic, kind in actions.narrative_slots(submission):
        name = actions.slot_name(topic, kind)
        text = posted.get(name, "") if posted is not None else stored.get((topic, kind), "")
        label = f"{topics.get(topic, topic)}：{kinds[kind]}" if topic else str(kinds[kind])
        slots.append({"name": name, "label": label, "text": text, "errors": (errors or {}).get(name, []),
                      "kind": kind})
    return slots


def _submission_context(request, submission, posted=None, errors=None):
    scope = scope_for(request.user)
    round_ = submission.round
    editable = submission.is_pending and round_.status == Round.Status.OPEN and not submission.is_withdrawn
    today = timezone.localdate()
    asked = questions.questions_for(submission)
    groups = _form_groups(submission, posted, errors, asked)
    narratives = _narratives(submission, posted, errors)
    return {
        "submission": submission,
        "round": round_,
        "groups": groups,
        "questions": asked,
        "unanswered": sum(1 for q in asked if not q.answered),
        "narratives": narratives,
        "index": [(topic, None) for topic, _rows in groups] + ([(_("Narrative material"), None)] if narratives else []),
        "errors": errors or {},
        "non_field_errors": (errors or {}).get("__all__", []),
        "can_edit": editable and scope.can_write_agency(submission.agency_id),
        "can_review": scope.can_write_agency(round_.agency_id) and round_.status == Round.Status.OPEN,
        "late": lateness(round_.due_date, today, pending=submission.is_pending, red_after=_red_after()),
        "colour": board_colour(submission.status, round_.due_date, today, red_after=_red_after()),
        "attachments": attachments_for(submission),
        "label": "collection.submission",
        "history": history_for(submission),
    }


@login_required
def round_material(request, pk):
    """Every body's narrative material of a round, topic by topic, side by side: what the office drafts from."""
    from fazhi.collection.models import Narrative
    from fazhi.metrics.models import Topic

    round_ = get_visible_or_404(request.user, Round.objects.select_related("agency"), pk=pk)
    texts = (
        Narrative.objects.filter(submission__in=Submission.objects.visible_to(request.user)
                                 .filter(round=round_, withdrawn_at__isnull=True))
        .select_related("submission__agency").order_by("submission__agency__kind", "submission__agency__name")
    )
    order = {t: i for i, t in enumerate(["", *Topic.values])}
    topics, kinds = dict(Topic.choices), dict(Narrative.Kind.choices)
    slots: dict[tuple, dict] = {}
    for n in texts:
        key = (list(kinds).index(n.kind), order.get(n.topic, 99), n.topic)
        slot = slots.setdefault(key, {
            "label": f"{topics.get(n.topic, n.topic)}：{kinds[n.kind]}" if n.topic else str(kinds[n.kind]),
            "entries": []})
        slot["entries"].append({"agency": n.submission.agency, "status": n.submission.get_status_display(),
                                "text": n.text, "submission": n.submission})
    found = [slots[k] for k in sorted(slots)]
    return render(request, "collection/round_material.html", {
        "round": round_, "slots": found, "index": [(slot["label"], None) for slot in found],
    })


@login_required
def submission_detail(request, pk):
    """The figures form of one agency: save a draft, submit; the office accepts or returns on the same page."""
    submission = get_visible_or_404(
        request.user, Submission.objects.select_related("agency__region", "round"), pk=pk
    )
    if request.method != "POST":
        return render(request, "collection/submission_detail.html", _submission_context(request, submission))
    submission = get_editable_or_404(
        request.user, Submission.objects.select_related("agency", "round"), pk=pk
    )
    codes = list(submission.values.values_list("metric__code", flat=True))
    entries = {}
    for code in codes:
        if f"value-{code}" in request.POST or f"note-{code}" in request.POST:
            raw = request.POST.get(f"value-{code}")
            entries[code] = (raw if raw is not None else None, request.POST.get(f"note-{code}"))
    texts = {slot: request.POST[actions.slot_name(*slot)] for slot in actions.narrative_slots(submission)
             if actions.slot_name(*slot) in request.POST}
    submitting = request.POST.get("action") == "submit"
    try:
        changed = actions.save_values(submission, entries, by=request.user, texts=texts,
                                      answers=_posted_answers(request.POST, codes))
    except ValidationError as exc:
        errors = _errors_of(exc)
        messages.error(request, _("Nothing was saved: correct the figures marked below."))
        context = _submission_context(request, submission, posted=request.POST, errors=errors)
        return render(request, "collection/submission_detail.html", context, status=400)
    if not submitting:
        messages.success(request, _("Draft saved (%(n)d figures changed).") % {"n": changed})
        return redirect("collection:submission_detail", submission.pk)
    try:
        actions.submit_submission(submission, by=request.user)
    except ValidationError as exc:
        messages.error(
            request, _("Your figures were saved, but the form cannot be submitted yet: see below.")
        )
        submission.refresh_from_db()
        context = _submission_context(request, submission, errors=_errors_of(exc))
        return render(request, "collection/submission_detail.html", context, status=400)
    messages.success(request, _("Submitted to %(office)s.") % {"office": submission.round.agency})
    return redirect("collection:submission_detail", submission.pk)


def _posted_answers(post, codes) -> dict[str, questions.Answer]:
    """The answers a form posts: for each question it showed (``asked-<code>``, the figure asked about), the
    “the figure is right” box (``confirm-<code>``) and the explanation (``explain-<code>``)."""
    return {
        code: questions.Answer(confirmed=post.get(f"confirm-{code}") == "1", text=post.get(f"explain-{code}", ""),
                               asked=post[f"asked-{code}"])
        for code in codes if f"asked-{code}" in post
    }


@login_required
@require_POST
def submission_review(request, pk):
    """The office accepts or returns (with a reason) a submission."""
    submission = get_visible_or_404(request.user, Submission.objects.select_related("round", "agency"), pk=pk)
    if not scope_for(request.user).can_write_agency(submission.round.agency_id):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "accept":
            actions.accept_submission(submission, by=request.user)
            messages.success(
                request, _("The figures of %(agency)s are accepted.") % {"agency": submission.agency}
            )
        elif request.POST.get("action") == "return":
            actions.return_submission(submission, by=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Returned to %(agency)s.") % {"agency": submission.agency})
        else:
            messages.error(request, _("Choose to accept or to return the submission."))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("collection:submission_detail", submission.pk)


@login_required
@require_POST
def submission_remind(request, pk):
    submission = get_visible_or_404(request.user, Submission.objects.select_related("round", "agency"), pk=pk)
    if not scope_for(request.user).can_write_agency(submission.round.agency_id):
        raise PermissionDenied
    try:
        result = actions.remind(submission, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if result.reminded:
            messages.success(request, _("%(agency)s was reminded.") % {"agency": submission.agency})
        else:
            messages.error(request, _("Nobody to remind: every agency chosen has already submitted."))
        for failure in result.failed:
            messages.error(request, _("E-mail could not be sent: %(errors)s") % {"errors": failure})
    return redirect(
        request.POST.get("next") == "round"
        and reverse("collection:round_detail", args=[submission.round_id])
        or reverse("collection:submission_detail", args=[submission.pk])
    )


# Excel round trip -------------------------------------------------------------------------------------


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def submission_download(request, pk):
    submission = get_visible_or_404(request.user, Submission.objects.select_related("agency", "round"), pk=pk)
    data = excel.build_workbook([submission])
    return _xlsx_response(data, f"collection-{submission.year}-{submission.agency.code}.xlsx")


@login_required
def round_download(request, pk):
    round_ = get_visible_or_404(request.user, Round, pk=pk)
    submissions = (
        Submission.objects.visible_to(request.user)
        .filter(round=round_, withdrawn_at__isnull=True)
        .select_related("agency", "round")
        .order_by("agency__kind", "agency__region__code", "agency__name")
    )
    return _xlsx_response(
        excel.build_workbook(submissions), f"collection-{round_.year}-round-{round_.pk}.xlsx"
    )


def _read_upload(request) -> tuple[bytes | None, str]:
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return None, _("Choose the filled-in Excel file to upload.")
    limit = settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024
    if uploaded.size > limit:
        return None, _("The file is larger than %(mb)d MB.") % {"mb": settings.FAZHI_UPLOAD_MAX_MB}
    return uploaded.read(), ""


def _remember(request, token: str, entry: dict) -> None:
    # Previews never confirmed are deleted by the clean-up job: forget their tokens too.
    imports = {
        key: value
        for key, value in request.session.get(IMPORTS_SESSION_KEY, {}).items()
        if previews.preview_exists(key)
    }
    imports[token] = entry
    request.session[IMPORTS_SESSION_KEY] = imports


def _preview_page(request, preview, token, entry):
    only = entry["submission"] and Submission.objects.select_related("agency").get(pk=entry["submission"])
    return render(
        request,
        "collection/import_preview.html",
        {
            "preview": preview,
            "token": token,
            "round": Round.objects.get(pk=entry["round"]),
            "submission": only or None,
            "back": entry["back"],
            "name": entry["name"],
            "shown_rows": preview.rows[:300],
        },
    )


def _upload(request, round_, only, back):
    data, problem = _read_upload(request)
    entry = {
        "round": round_.pk,
        "submission": only.pk if only else None,
        "back": back,
        "name": request.FILES["file"].name if data is not None else "",
    }
    if data is not None and excel.checks_off_request(data) and not (problem := excel.quick_refusal(data)):
        # A large file (a whole round): checked off the request, its status on the next page.
        token = previews.save_preview(data)
        _remember(request, token, {**entry, "checking": timezone.now().isoformat()})
        previews.start_check(token, round_id=round_.pk, submission_id=entry["submission"], user_id=request.user.pk)
        return redirect("collection:import_status", token=token)
    if data is not None and not problem:
        preview = excel.parse_workbook(data, round_=round_, user=request.user, only=only)
        problem = preview.fatal
    if problem:
        messages.error(request, problem)
        return redirect(back)
    token = previews.save_preview(data)
    _remember(request, token, entry)
    return _preview_page(request, preview, token, entry)


#: A check not done after this long was lost (the web process restarted): the status page starts it again.
CHECK_RESTART_AFTER = timedelta(minutes=2)


@login_required
def import_status(request, token):
    """While a large upload is checked off the request, say so (htmx asks again); then show what was found."""
    imports = request.session.get(IMPORTS_SESSION_KEY, {})
    entry = imports.get(token)
    if entry is None or "checking" not in entry:
        raise Http404
    result = previews.read_result(token)
    if result is None:
        if not previews.preview_exists(token):
            imports.pop(token, None)
            request.session[IMPORTS_SESSION_KEY] = imports
            messages.error(request, _("This upload is no longer stored. Upload the file again."))
            return redirect(entry["back"])
        started = datetime.fromisoformat(entry["checking"])
        if timezone.now() - started > CHECK_RESTART_AFTER:
            entry["checking"] = timezone.now().isoformat()
            request.session[IMPORTS_SESSION_KEY] = imports
            previews.start_check(token, round_id=entry["round"], submission_id=entry["submission"],
                                 user_id=request.user.pk)
        if request.htmx:
            return HttpResponse(status=204)  # nothing to swap yet: htmx asks again
        return render(request, "collection/import_checking.html", {"name": entry["name"], "back": entry["back"]})
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    preview = excel.preview_from_dict(result)
    if preview.fatal:
        imports.pop(token, None)
        request.session[IMPORTS_SESSION_KEY] = imports
        previews.delete_preview(token)
        previews.delete_result(token)
        messages.error(request, preview.fatal)
        return redirect(entry["back"])
    return _preview_page(request, preview, token, entry)


@login_required
@require_POST
def submission_upload(request, pk):
    submission = get_editable_or_404(
        request.user, Submission.objects.select_related("agency", "round"), pk=pk
    )
    back = reverse("collection:submission_detail", args=[submission.pk])
    if not submission.is_pending:
        messages.error(
            request,
            _(
                "The figures of %(agency)s were already %(status)s and cannot be replaced by an upload. Ask the "
                "rule-of-law office to return the submission first."
            )
            % {"agency": submission.agency.name, "status": submission.get_status_display()},
        )
        return redirect(back)
    return _upload(request, submission.round, submission, back)


@login_required
@require_POST
def round_upload(request, pk):
    round_ = get_editable_or_404(request.user, Round, pk=pk)
    return _upload(request, round_, None, reverse("collection:round_detail", args=[round_.pk]))


@login_required
@require_POST
def import_confirm(request, token):
    """Import the good rows of a checked upload (checked again now, in case anything changed)."""
    imports = request.session.get(IMPORTS_SESSION_KEY, {})
    entry = imports.pop(token, None)
    request.session[IMPORTS_SESSION_KEY] = imports
    if entry is None:
        raise Http404
    result = previews.read_result(token) if "checking" in entry else None
    if result is not None:
        previews.delete_result(token)
    data = previews.read_preview(token)
    if data is None or ("checking" in entry and result is None):
        messages.error(
            request,
            _(
                "This checked upload has expired (previews are kept for %(hours)d hours). "
                "Upload the file again."
            )
            % {"hours": int(previews.MAX_AGE.total_seconds() // 3600)},
        )
        return redirect(entry["back"])
    if entry["submission"]:
        only = get_editable_or_404(
            request.user, Submission.objects.select_related("agency", "round"), pk=entry["submission"]
        )
        round_ = only.round
    else:
        only, round_ = None, get_editable_or_404(request.user, Round, pk=entry["round"])
    if result is not None:
        # Checked off the request minutes ago: import what was found (reading the file again could take
        # long); each submission is checked again as it is saved, and the person's scope here.
        preview = excel.preview_from_dict(result)
        preview.rows = _still_writable(request.user, preview.rows)
        preview.texts = _still_writable(request.user, preview.texts)
    else:
        preview = excel.parse_workbook(data, round_=round_, user=request.user, only=only)
    if preview.fatal:
        messages.error(request, preview.fatal)
        return redirect(entry["back"])
    stored, errors = excel.import_rows(preview, by=request.user)
    messages.success(
        request, ngettext("%(n)d row was imported.", "%(n)d rows were imported.", stored) % {"n": stored}
    )
    skipped = len(preview.errors) + len(errors)
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)d row with an error was not imported.",
                "%(n)d rows with errors were not imported.",
                skipped,
            )
            % {"n": skipped},
        )
    return redirect(entry["back"])


def _still_writable(user, rows):
    scope = scope_for(user)
    submissions = Submission.objects.filter(pk__in={row.submission_id for row in rows})
    allowed = {s.pk for s in submissions if scope.can_write_agency(s.agency_id) and s.is_pending}
    return [row for row in rows if row.submission_id in allowed]


# Roll-up ----------------------------------------------------------------------------------------------


def _rollup_regions(user):
    q = rollup.readable_regions(scope_for(user))
    if q is None:
        raise PermissionDenied
    return Region.objects.filter(q)


def _statuses(request):
    if request.GET.get("include") == "submitted":
        return (Submission.Status.ACCEPTED, Submission.Status.SUBMITTED)
    return rollup.COUNTED


def _year(request) -> int:
    asked = params.year(request)
    if asked is not None:
        return asked
    # The latest year whose round is closed (its figures are final); else the latest with any figures.
    visible = Submission.objects.visible_to(request.user).order_by("-year").values_list("year", flat=True)
    latest = visible.filter(round__status=Round.Status.CLOSED).first() or visible.first()
    return latest or timezone.localdate().year - 1


@dataclass
class Column:
    key: str
    label: str
    region: Region | None  # None for the own-level column
    own: bool
    totals: dict


@login_required
def rollup_view(request):
    """Totals for a region and each region below it, with the region's own agencies (本级) apart."""
    regions = _rollup_regions(request.user)
    year, statuses = _year(request), _statuses(request)
    code = request.GET.get("region")
    if code:
        region = regions.filter(code=code).first()
        if region is None:
            raise Http404
        tops = None
    else:
        region = None
        tops = list(regions.exclude(parent__in=regions).order_by("code"))
        if len(tops) == 1:
            region, tops = tops[0], None
    columns: list[Column] = []
    if region is not None:
        tree = rollup.tree_totals(year, region, statuses=statuses)
        own = rollup.own_totals(year, region, statuses=statuses)
        columns.append(Column("total", _("Total"), region, False, tree.get(region.path, {})))
        columns.append(Column("own", _("Own level"), region, True, own.get(region.path, {})))
        for child in region.children.order_by("code"):
            columns.append(Column(child.code, child.name, child, False, tree.get(child.path, {})))
    else:
        for top in tops:
            tree = rollup.tree_totals(year, top, statuses=statuses)
            columns.append(Column(top.code, top.name, top, False, tree.get(top.path, {})))
    codes = {code for c in columns for code, value in c.totals.items() if value is not None}
    rules = part_pairs(year)
    broken = [(column.label, error.messages[0]) for column in columns
              for error in check_parts(column.totals, rules).values()]
    metrics = sorted(
        Metric.objects.filter(code__in=codes).select_related("numerator", "denominator"),
        key=lambda m: (TOPIC_ORDER.get(m.topic, 99), m.order, m.code),
    )
    groups: dict[str, list] = {}
    for metric in metrics:
        groups.setdefault(metric.get_topic_display(), []).append(metric)
    years = sorted(
        set(Submission.objects.visible_to(request.user).values_list("year", flat=True)), reverse=True
    )
    return render(
        request,
        "collection/rollup.html",
        {
            "region": region,
            "ancestors": _visible_ancestors(region, regions) if region else [],
            "columns": columns,
            "broken": broken,
            "groups": groups,
            "year": year,
            "years": years,
            "include_submitted": statuses != rollup.COUNTED,
        },
    )


def _visible_ancestors(region, regions):
    allowed = {r.code: r for r in regions.filter(code__in=[a.code for a in region.ancestors()])}
    return [allowed[a.code] for a in region.ancestors() if a.code in allowed]


@login_required
def contributions_view(request, year: int, region: str, metric: str):
    """Who contributed what to one figure of a region (drill-down), with each submission's status.

    ``?own=1``: the region's own agencies only (本级); ``?include=submitted``: count submitted figures too.
    """
    regions = _rollup_regions(request.user)
    region = regions.filter(code=region).first()
    metric = Metric.objects.select_related("numerator", "denominator").filter(code=metric).first()
    if region is None or metric is None:
        raise Http404
    own = request.GET.get("own") == "1"
    every_status = tuple(Submission.Status.values)
    rows = rollup.contributions(year, region, metric.code, statuses=every_status, own_only=own)
    counted = _statuses(request)
    visible = set(
        Submission.objects.visible_to(request.user)
        .filter(pk__in=[r.submission_id for r in rows])
        .values_list("pk", flat=True)
    )
    rows = [r for r in rows if r.submission_id in visible]
    if own:
        totals = rollup.own_totals(year, region, statuses=counted).get(region.path, {})
    else:
        totals = rollup.tree_totals(year, region, statuses=counted).get(region.path, {})
    return render(
        request,
        "collection/contributions.html",
        {
            "region": region,
            "metric": metric,
            "year": year,
            "rows": rows,
            "own": own,
            "counted": counted,
            "total": totals.get(metric.code),
            "total_parts": (totals.get(metric.numerator.code), totals.get(metric.denominator.code))
            if metric.is_derived
            else None,
            "include_submitted": counted != rollup.COUNTED,
        },
    )


__all__ = [
    "contributions_view",
    "import_confirm",
    "round_add_agencies",
    "round_add_metrics",
    "round_close",
    "round_create",
    "round_detail",
    "round_download",
    "round_extend",
    "round_list",
    "round_remind",
    "round_reopen",
    "round_upload",
    "rollup_view",
    "submission_detail",
    "submission_download",
    "submission_metrics",
    "submission_remind",
    "submission_review",
    "submission_upload",
]
