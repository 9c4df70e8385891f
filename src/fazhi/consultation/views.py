"""Consultation pages: the public ones on the portal (no log-in) and the staff ones (moderation, adoption,
feedback, exports), every staff query through the organisation scope. Views parse, call one action, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.actions import history_for, record_event
from fazhi.consultation import actions, excel
from fazhi.consultation.forms import (
    AdoptionForm,
    CommentForm,
    client_fingerprint,
    comment_kwargs,
    issue_token,
)
from fazhi.consultation.models import Comment, Consultation
from fazhi.core import params
from fazhi.core.lists import render_list
from fazhi.org.scope import get_editable_or_404, get_visible_or_404, scope_for

PAGE_SIZE = 50


def _messages_of(exc: ValidationError) -> list[str]:
    return exc.messages


def _counted(qs):
    return qs.annotate(
        n_comments=Count("comments", distinct=True),
        n_pending=Count("comments", filter=Q(comments__status=Comment.Status.PENDING), distinct=True),
        n_published=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED), distinct=True),
        n_adopted=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED,
                                             comments__adoption__in=[Comment.Adoption.ADOPTED,
                                                                     Comment.Adoption.PARTLY]), distinct=True),
    )


# Public pages (the portal) -----------------------------------------------------------------------------


def _public(today):
    """Consultations the public may read: announced (not being prepared), opened, not withdrawn."""
    return (
        Consultation.objects.filter(withdrawn_at__isnull=True, opens_on__lte=today)
        .exclude(status=Consultation.Status.DRAFT).select_related("agency")
    )


def public_list(request):
    """Drafts open for comment now, and recent consultations with their feedback."""
    today = timezone.localdate()
    public = _public(today)
    open_now = public.filter(status=Consultation.Status.OPEN, closes_on__gte=today).order_by("closes_on", "pk")
    ended = (
        public.filter(Q(status__in=[Consultation.Status.CLOSED, Consultation.Status.CONCLUDED])
                      | Q(status=Consultation.Status.OPEN, closes_on__lt=today))
        .annotate(n_published=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED)))
        .order_by("-closes_on", "-pk")
    )
    page = Paginator(ended, 20).get_page(request.GET.get("page"))
    return render(request, "consultation/public_list.html", {
        "open_now": open_now, "ended": page, "today": today,
    })


def public_detail(request, pk):
    """The draft by paragraph, the published comments, and the comment form while the window is open."""
    today = timezone.localdate()
    try:
        consultation = _public(today).get(pk=pk)
    except Consultation.DoesNotExist:
        raise Http404 from None
    closed_message = actions.closed_message(consultation, today)
    accepting = not closed_message
    status = 200
    form = None
    if accepting:
        if request.method == "POST":
            form = CommentForm(request.POST, consultation=consultation)
            if form.is_valid():
                try:
                    actions.submit_comment(consultation, client_hash=client_fingerprint(request),
                                           **comment_kwargs(form))
                except ValidationError as exc:
                    if hasattr(exc, "error_dict"):
                        for name, errors in exc.message_dict.items():
                            form.add_error(name if name in form.fields else None, errors)
                    else:
                        form.add_error(None, exc.messages)
                    code = getattr(exc, "code", None)
                    status = 429 if code == "rate_limited" else 400
                    if code == "closed":
                        accepting, closed_message = False, "；".join(exc.messages)
                else:
                    messages.success(request, _(
                        "Thank you. Your comment was received and awaits moderation; once published it appears "
                        "on this page."))
                    return redirect(reverse("consultation:public_detail", args=[consultation.pk]) + "#comment-form")
            else:
                status = 400
            # Show the form again with a fresh stamp and an empty honeypot; the person's text is kept.
            form.data = form.data.copy()
            form.data["token"] = issue_token(consultation.pk)
            form.data["website"] = ""
        else:
            initial = {"token": issue_token(consultation.pk)}
            if (request.GET.get("paragraph") or "").isdigit():
                initial["paragraph"] = request.GET["paragraph"]
            form = CommentForm(initial=initial, consultation=consultation)
    elif request.method == "POST":
        status = 400
    published = list(consultation.comments.filter(status=Comment.Status.PUBLISHED).order_by("created_at", "pk"))
    by_paragraph: dict[int | None, int] = {}
    for comment in published:
        by_paragraph[comment.paragraph] = by_paragraph.get(comment.paragraph, 0) + 1
    paragraphs = [(n, text, by_paragraph.get(n, 0)) for n, text in enumerate(consultation.paragraphs(), start=1)]
    return render(request, "consultation/public_detail.html", {
        "consultation": consultation, "paragraphs": paragraphs, "published": published, "form": form,
        "accepting": accepting, "closed_message": closed_message, "today": today,
        "concluded": consultation.status == Consultation.Status.CONCLUDED,
    }, status=status)


# Staff pages -------------------------------------------------------------------------------------------


def _filtered(request):
    qs = Consultation.objects.visible_to(request.user).filter(withdrawn_at__isnull=True).select_related("agency")
    filters = {key: params.text(request, key) for key in ("status", "kind", "q", "year")}
    if filters["status"] in Consultation.Status.values:
        qs = qs.filter(status=filters["status"])
    if filters["kind"] in Consultation.Kind.values:
        qs = qs.filter(kind=filters["kind"])
    if filters["q"]:
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(agency__name__icontains=filters["q"]))
    if params.year(request) is not None:
        qs = qs.filter(opens_on__year=params.year(request))
    return _counted(qs).order_by("-opens_on", "-pk"), filters


@login_required
def staff_list(request):
    """Consultations of the agencies the person may see, with their comment counts; filters; export."""
    qs, filters = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_list(request, "consultation/staff_list.html", "consultation/_staff_rows.html", {
        "page": page, "filters": filters, "statuses": Consultation.Status.choices, "kinds": Consultation.Kind.choices,
        "query": query.urlencode(), "filtered": any(filters.values()),
    })


@login_required
def staff_export(request):
    """The list with the current filters, as .xlsx."""
    qs, _filters = _filtered(request)
    content = excel.list_workbook(qs[:10000])
    response = HttpResponse(content, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="consultations.xlsx"'
    return response


@login_required
def staff_detail(request, pk):
    """One consultation: the facts, the moderation queue, adoption per comment, closing and feedback."""
    consultation = get_visible_or_404(request.user, Consultation.objects.select_related("agency__region"), pk=pk)
    today = timezone.localdate()
    comments = list(consultation.comments.order_by("created_at", "pk"))
    groups = {status: [c for c in comments if c.status == status] for status in Comment.Status.values}
    paragraphs = consultation.paragraphs()
    target = consultation.target
    target_url = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else ""
    can_manage = scope_for(request.user).can_write_agency(consultation.agency_id)
    is_open = consultation.status == Consultation.Status.OPEN
    return render(request, "consultation/staff_detail.html", {
        "consultation": consultation, "pending": groups["pending"], "published": groups["published"],
        "hidden": groups["hidden"], "paragraphs": paragraphs, "can_manage": can_manage, "today": today,
        "target": target, "target_url": target_url, "is_open": is_open,
        "window_passed": today > consultation.closes_on,
        "can_conclude": can_manage and (consultation.status == Consultation.Status.CLOSED
                                        or (is_open and today > consultation.closes_on)),
        "adoption_choices": [c for c in Comment.Adoption.choices if c[0]],
        "history": history_for(consultation),
    })


def _back(consultation_id, anchor=""):
    return redirect(reverse("consultation:detail", args=[consultation_id]) + anchor)


@login_required
@require_POST
def comment_publish(request, pk):
    comment = get_editable_or_404(request.user, Comment.objects.select_related("consultation"), pk=pk)
    try:
        actions.publish_comment(comment, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(_messages_of(exc)))
    else:
        messages.success(request, _("The comment is published on the portal."))
    return _back(comment.consultation_id, "#moderation")


@login_required
@require_POST
def comment_hide(request, pk):
    comment = get_editable_or_404(request.user, Comment.objects.select_related("consultation"), pk=pk)
    try:
        actions.hide_comment(comment, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(_messages_of(exc)))
    else:
        messages.success(request, _("The comment is hidden from the portal."))
    return _back(comment.consultation_id, "#moderation")


@login_required
@require_POST
def comment_adoption(request, pk):
    comment = get_editable_or_404(request.user, Comment.objects.select_related("consultation"), pk=pk)
    form = AdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose adopted, partly adopted or not adopted."))
        return _back(comment.consultation_id, f"#comment-{comment.pk}")
    try:
        actions.record_adoption(comment, form.cleaned_data["adoption"], form.cleaned_data["reason"], by=request.user)
    except ValidationError as exc:
        messages.error(request, _("Comment %(n)d: %(errors)s") % {"n": comment.pk, "errors": "；".join(exc.messages)})
    else:
        messages.success(request, _("The adoption decision was recorded."))
    return _back(comment.consultation_id, f"#comment-{comment.pk}")


@login_required
@require_POST
def consultation_close(request, pk):
    consultation = get_editable_or_404(request.user, Consultation, pk=pk)
    try:
        actions.close_consultation(consultation, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The consultation is closed."))
    return _back(consultation.pk)


@login_required
@require_POST
def consultation_conclude(request, pk):
    consultation = get_editable_or_404(request.user, Consultation, pk=pk)
    try:
        actions.conclude_consultation(consultation, by=request.user, feedback=request.POST.get("feedback", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("The feedback is published on the portal."))
    return _back(consultation.pk)


@login_required
def comments_export(request, pk):
    """Every comment of one consultation as .xlsx (with contacts: staff only; the export is audited)."""
    consultation = get_visible_or_404(request.user, Consultation.objects.select_related("agency"), pk=pk)
    comments = consultation.comments.order_by("created_at", "pk")
    content = excel.comments_workbook(consultation, comments)
    record_event(action="export", target=consultation, actor=request.user,
                 reason=_("Comments exported to Excel"))
    response = HttpResponse(content, content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-comments.xlsx"'
    return response
