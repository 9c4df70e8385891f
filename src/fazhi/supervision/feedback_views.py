"""Pages of supervision feedback: the list, one feedback with its answer, and the posts that share, answer, close,
reopen and turn a finding into a rectification item. Every query goes through ``Feedback.objects.visible_to``: a
person who may not read the body gets 404; one who reads it but may not act, 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.ledgers.forms import errors_into

from . import feedback as actions
from .feedback_forms import AnswerForm, ReopenForm, ShareForm
from .models import Feedback, ReportingBody

PAGE_SIZE = 50


def _feedback_or_404(request, pk: int) -> Feedback:
    found = (Feedback.objects.visible_to(request.user).select_related("body__region", "body__agency", "shared_by",
                                                                        "answered_by", "closed_by", "rectification")
             .filter(pk=pk).first())
    if found is None:
        raise Http404
    return found


@login_required
def feedback_list(request):
    """The feedback the person may read: a body's own, the office's region's, the supervisor's regions below."""
    qs = Feedback.objects.visible_to(request.user).select_related("body__region", "shared_by")
    status = request.GET.get("status", "")
    if status in Feedback.Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    page = Paginator(qs.order_by("-shared_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/feedback_list.html", {
        "page": page, "rows": page.object_list, "status": status, "statuses": Feedback.Status.choices,
    })


def _detail_context(request, feedback: Feedback, **forms) -> dict:
    from fazhi.analyzer import scorecard

    user = request.user
    answerable = actions.may_answer(user, feedback) and feedback.awaiting_answer
    closable = actions.may_close(user, feedback)
    rectify = None
    if actions.may_rectify(user, feedback):
        rectify = forms.get("rectify_form") or _finding_form(feedback)
    criteria = actions.evaluation_rows(feedback.evaluation)
    return {
        "feedback": feedback, "body": feedback.body, "criteria": criteria,
        "total_text": scorecard.percent((feedback.evaluation or {}).get("total")) if feedback.evaluation else "",
        "share_text": scorecard.percent((feedback.evaluation or {}).get("judged_share")) if feedback.evaluation else "",
        "answer_form": (forms.get("answer_form") or AnswerForm(auto_id="answer-%s")) if answerable else None,
        "can_close": closable and feedback.status == Feedback.Status.ANSWERED,
        "reopen_form": ((forms.get("reopen_form") or ReopenForm(auto_id="reopen-%s"))
                        if closable and feedback.status in (Feedback.Status.ANSWERED, Feedback.Status.CLOSED)
                        else None),
        "rectify_form": rectify,
        "rectification_visible": bool(feedback.rectification_id and _rectification_visible(user, feedback)),
    }


def _rectification_visible(user, feedback) -> bool:
    from fazhi.assessment.models import Rectification

    return Rectification.objects.visible_to(user).filter(pk=feedback.rectification_id).exists()


def _finding_form(feedback: Feedback, data=None):
    """The rectification ledger's own form for a finding, filled in from the feedback."""
    from fazhi.assessment.forms import FindingForm
    from fazhi.assessment.models import Inspection

    sharer = (feedback.shared_by.memberships.filter(is_active=True, role__in=["supervisor", "office"])
              .select_related("agency").order_by("-role").first())
    shared_on = feedback.shared_at.date()
    initial = {
        "inspection_kind": Inspection.Kind.WRITTEN, "inspected": feedback.body.name,
        "inspecting_body": sharer.agency.name if sharer else "", "inspection_started_on": shared_on,
        "feedback_on": shared_on, "description": f"{feedback.title}：{feedback.text}",
    }
    return FindingForm(data, initial=initial, auto_id="rectify-%s")


@login_required
def feedback_detail(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    return render(request, "supervision/feedback_detail.html", _detail_context(request, feedback))


def _back(request, body: ReportingBody):
    """Back to the page the form was on (the body's, or its uploaded report's), else the body's page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("supervision:body_detail", pk=body.pk)


@login_required
@require_POST
def share(request, pk: int):
    """Share feedback with a body of the register (from its page, or from its uploaded report's page)."""
    body = ReportingBody.objects.visible_to(request.user).select_related("region", "report", "analyzed").filter(
        pk=pk).first()
    if body is None:
        raise Http404
    if not actions.may_share(request.user, body):
        raise PermissionDenied
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(request, body)
    try:
        feedback = actions.share(body, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(request, body)
    messages.success(request, _("The feedback was shared with %(body)s.") % {"body": body.name})
    return redirect("supervision:feedback_detail", pk=feedback.pk)


def _form_step(request, feedback, form_class, prefix: str, run, done: str):
    """Run a feedback step that takes a form: back to the feedback's page when done, else its page again with the
    form's errors (each refusal at its field)."""
    form = form_class(request.POST, auto_id=f"{prefix}-%s")
    if form.is_valid():
        try:
            run(feedback, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, done)
            return redirect("supervision:feedback_detail", pk=feedback.pk)
    return render(request, "supervision/feedback_detail.html",
                  _detail_context(request, feedback, **{f"{prefix}_form": form}), status=400)


@login_required
@require_POST
def answer(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    if not actions.may_answer(request.user, feedback):
        raise PermissionDenied
    return _form_step(request, feedback, AnswerForm, "answer", actions.answer, _("Your answer was sent."))


@login_required
@require_POST
def close(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    if not actions.may_close(request.user, feedback):
        raise PermissionDenied
    try:
        actions.close(feedback, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The feedback was closed."))
    return redirect("supervision:feedback_detail", pk=pk)


@login_required
@require_POST
def reopen(request, pk: int):
    feedback = _feedback_or_404(request, pk)
    if not actions.may_close(request.user, feedback):
        raise PermissionDenied
    return _form_step(request, feedback, ReopenForm, "reopen", actions.reopen,
                      _("The feedback was reopened: the body answers again."))


@login_required
@require_POST
def rectify(request, pk: int):
    """Turn a finding into an item of the rectification ledger (the office over the body's agency)."""
    feedback = _feedback_or_404(request, pk)
    if not actions.may_rectify(request.user, feedback):
        raise PermissionDenied
    form = _finding_form(feedback, request.POST)
    if form.is_valid():
        try:
            item = actions.make_rectification(feedback, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, _("The finding is now rectification item “%(title)s”.") % {"title": item.title})
            return redirect("supervision:feedback_detail", pk=pk)
    return render(request, "supervision/feedback_detail.html", _detail_context(request, feedback, rectify_form=form),
                  status=400)
