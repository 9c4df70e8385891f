"""Pages of the penalty-case ledger (行政处罚案件): the cases and their steps, the discretion standards and the lenient
lists, Excel in and out, and the public pages of the published decisions.

Every staff query goes through the organisation scope: a department's clerks keep its cases, the rule-of-law office
of the region and the leaders read them, anyone else gets 404. Views parse input, call one action, render. The
list reads one page of tuples over the indexes of ``Case`` (``capped_page``), never a row at a time. The public
pages show only what is published, a citizen's name and numbers masked (``actions.public_party``, ``public_text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.audit.actions import attach_file, attachments_for, history_for
from fazhi.audit.exceptions import AttachmentRefused
from fazhi.audit.models import Attachment
from fazhi.core import lists, params, search
from fazhi.core.lists import capped_page, per_person
from fazhi.enforcement.actions import best_certificates, can_write
from fazhi.enforcement.models import CertificateState, EnforcementBody
from fazhi.ledgers.excel import Sheet, export_response
from fazhi.ledgers.forms import errors_into
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for
from fazhi.penalties import actions, excel, forms
from fazhi.penalties.apps import PORTAL
from fazhi.penalties.models import Case, CaseRecord, DiscretionStandard, LenientItem

PAGE_SIZE = 30
EXPORT_LIMIT = 50_000
COUNT_CAP = 1000
S = Case.Status
#: The list's columns, read as tuples (``capped_page``): what a row shows and what names its deadline.
LIST_COLUMNS = ("pk", "number", "title", "party_name", "status", "procedure", "outcome", "body_id", "agency_id",
                "opened_on", "decided_on", "next_deadline", "decision_due", "hearing_request_due", "service_due",
                "publication_due", "withdrawal_due")
PUBLIC_COLUMNS = ("pk", "decision_number", "title", "party_kind", "party_name", "party_code", "penalty_types",
                  "fine", "confiscation", "outcome", "body_id", "decided_on", "published_on", "facts",
                  "legal_basis")


def _can_create(user) -> bool:
    return forms.writable_bodies(user).exists()


def _agency_id(code: str) -> int | None:
    """The id of the agency ``code`` names (0 when none: the filter then keeps nothing)."""
    if not code:
        return None
    return Agency.objects.filter(code=code).values_list("pk", flat=True).first() or 0


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _words_q(q: str, *fields: str) -> Q:
    # Chinese has no case: a plain LIKE spares the database an UPPER() of every value it scans.
    lookup = "icontains" if any(c.isascii() and c.isalpha() for c in q) else "contains"
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__{lookup}": q})
    return found


def deadline_state(due: dt.date | None, today: dt.date) -> str:
    """How a deadline stands: overdue (red), today or within 7 days (yellow)."""
    if due is None:
        return ""
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "soon" if (due - today).days <= 7 else ""


DEADLINE_LABELS = {
    "decision_due": gettext_lazy("decision (行政处罚法 第60条)"),
    "hearing_request_due": gettext_lazy("hearing request (第64条)"),
    "service_due": gettext_lazy("service (第61条)"),
    "publication_due": gettext_lazy("publication (国办发〔2018〕118号)"),
    "withdrawal_due": gettext_lazy("withdrawal of the publication (第48条)"),
}


def _deadline_label(due: dt.date | None, dues: dict) -> str:
    """Which of the case's deadlines ``due`` is."""
    if due is None:
        return ""
    return next((str(DEADLINE_LABELS[name]) for name, day in dues.items() if day == due), "")


# The list ---------------------------------------------------------------------------------------------------------


def case_filters(request) -> dict:
    get = request.GET
    status, procedure, outcome = get.get("status", ""), get.get("procedure", ""), get.get("outcome", "")
    return {
        "q": params.text(request, "q"),
        "agency": params.text(request, "agency", 64),
        "body": params.integer(request, "body", low=1, high=2**63 - 1),
        "status": status if status in S.values else "",
        "procedure": procedure if procedure in Case.Procedure.values else "",
        "outcome": outcome if outcome in Case.Outcome.values else "",
        "year": params.year(request),
        "overdue": get.get("overdue") == "1",
    }


def filtered_cases(user, filters: dict, today: dt.date | None = None):
    """The cases the person may read, narrowed by the list's filters (one query; every filter has its index:
    agency, body, status, procedure and outcome lead an index ending in the list's order, the year is a range of
    ``opened_on``, the overdue filter a range of ``next_deadline``, words the pair index on PostgreSQL)."""
    today = today or timezone.localdate()
    qs = scope_for(user).visible(Case.objects.filter(withdrawn_at__isnull=True), "agency")
    if filters.get("q"):
        words = filters["q"]
        qs = qs.filter(_words_q(words, "number", "title", "party_name", "decision_number"))
        qs = search.narrow(qs, ("number", "title", "party_name", "decision_number"), words)
    if filters.get("agency"):
        qs = qs.filter(agency_id=_agency_id(filters["agency"]))
    if filters.get("body"):
        qs = qs.filter(body_id=filters["body"])
    for name in ("status", "procedure", "outcome"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("year"):
        qs = qs.filter(opened_on__range=_year_range(filters["year"]))
    if filters.get("overdue"):
        qs = qs.filter(next_deadline__lt=today)
    return qs


def _list_rows(rows, today, user) -> list[dict]:
    """The page's tuples as rows, each with its table row as HTML built here (escaping a few strings costs a tenth
    of rendering a dozen template nodes per row); the agency named from the scope, the bodies by one query."""
    scope = scope_for(user)
    agencies = scope.agency_names({row[8] for row in rows})
    bodies = dict(EnforcementBody.objects.filter(pk__in={row[7] for row in rows}).values_list("pk", "name"))
    statuses, outcomes = lists.labels(S.choices), lists.labels(Case.Outcome.choices)
    simplified = format_html(' <span class="badge grey">{}</span>', Case.Procedure.SIMPLIFIED.label)
    badges = {"overdue": format_html(' <span class="badge red" data-testid="overdue">{}</span>', _("overdue")),
              "today": format_html(' <span class="badge yellow" data-testid="due-soon">{}</span>', _("due soon")),
              "soon": format_html(' <span class="badge yellow" data-testid="due-soon">{}</span>', _("due soon"))}
    detail = lists.text(reverse("penalties:case_detail", args=[0])[:-2])  # ".../0/" → prefix; ids appended below
    text, deadline = lists.text, lists.deadline
    out = []
    for (pk, number, title, party, status, procedure, outcome, body_id, agency_id, opened, _decided, due,
         *dues) in rows:
        state = deadline_state(due, today)
        label = _deadline_label(due, dict(zip(DEADLINE_LABELS, dues, strict=True)))
        html = mark_safe(  # noqa: S308 - every value is escaped with lists.text (or a date, a number, a state)
            f'<tr class="{state}" data-case="{pk}"><td>{deadline(due)}'
            f'{f" <small>{text(label)}</small>" if label else ""}{badges.get(state, "")}</td>'
            f'<td>{text(number)}</td><td><a href="{detail}{pk}/">{text(title)}</a>'
            f'{simplified if procedure == Case.Procedure.SIMPLIFIED else ""}</td><td>{text(party)}</td>'
            f'<td>{opened.isoformat() if opened else "—"}</td><td><span class="badge status-{text(status)}">'
            f'{statuses.get(status) or text(status)}</span>'
            f'{f"<br><small>{outcomes[outcome]}</small>" if outcome in outcomes else ""}</td>'
            f'<td>{text(bodies.get(body_id, ""))}</td><td>{text(agencies.get(agency_id, ""))}</td></tr>')
        out.append({"pk": pk, "state": state, "html": html})
    return out


def _list_choices(user) -> dict:
    scope = scope_for(user)
    bodies = list(EnforcementBody.objects.visible_to(user).filter(withdrawn_at__isnull=True)
                  .order_by("agency__name", "name").values_list("pk", "name"))
    agencies = list(scope.agencies().filter(pk__in=EnforcementBody.objects.visible_to(user).values("agency_id"))
                    .order_by("region__code", "name").values_list("code", "name"))
    return {"agencies": agencies, "bodies": bodies, "can_create": _can_create(user)}


@login_required
def case_list(request):
    """The cases, newest filed first, filtered; pages of tuples, counting no further than 1,000."""
    today = timezone.localdate()
    filters = case_filters(request)
    matching = filtered_cases(request.user, filters, today).order_by("-opened_on", "-id")
    page = capped_page(matching, LIST_COLUMNS, params.page(request), PAGE_SIZE, COUNT_CAP)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "penalties/case_list.html", {
        "rows": _list_rows(page.rows, today, request.user), "count": page.count, "more": page.more,
        "cap": COUNT_CAP, "filters": filters, "statuses": S.choices, "procedures": Case.Procedure.choices,
        "outcomes": Case.Outcome.choices, "years": range(today.year, today.year - 8, -1), "page": page.number,
        "has_next": page.has_next, "has_previous": page.has_previous, "query": query.urlencode(),
        "active": "cases", **per_person(request, "penalties", lambda: _list_choices(request.user))})


def _penalty_text(case: Case) -> str:
    """The penalties imposed, as a line: "warning; fine 5,000.00 yuan"."""
    return penalty_line(case.penalty_types, case.fine, case.confiscation)


def penalty_line(penalty_types, fine, confiscation) -> str:
    """``_penalty_text`` from the three values (a list page's tuple), without building a case."""
    labels = dict(Case.PenaltyType.choices)
    parts = []
    for value in penalty_types or []:
        label = str(labels.get(value, value))
        if value == Case.PenaltyType.FINE and fine is not None:
            label = _("%(label)s %(amount)s yuan") % {"label": label, "amount": f"{fine:,.2f}"}
        if value == Case.PenaltyType.CONFISCATION and confiscation is not None:
            label = _("%(label)s %(amount)s yuan") % {"label": label, "amount": f"{confiscation:,.2f}"}
        parts.append(label)
    return "；".join(parts)


@login_required
def case_export(request):
    """The filtered list as an Excel workbook (audited), at most 50,000 rows."""
    today = timezone.localdate()
    filters = case_filters(request)
    qs = (filtered_cases(request.user, filters, today).select_related("agency", "body")
          .prefetch_related("officers").order_by("-opened_on", "-id")[:EXPORT_LIMIT])
    rows = ([c.number, c.title, str(c.get_procedure_display()), str(c.get_status_display()),
             str(c.get_party_kind_display()), c.party_name, c.party_code, c.domain, c.violation_on, c.discovered_on,
             c.opened_on, "、".join(o.name for o in sorted(c.officers.all(), key=lambda o: o.pk)), _penalty_text(c), c.fine,
             str(c.get_outcome_display()) if c.outcome else "", c.decision_number, c.decided_on, c.served_on,
             c.closed_on, c.decision_due, c.publication_due, c.published_on, c.next_deadline,
             _("yes") if c.next_deadline and c.next_deadline < today else "", c.body.name, c.agency.name]
            for c in qs.iterator(chunk_size=2000))
    headers = [_("Case number"), _("Case name"), _("Procedure"), _("Status"), _("Kind of party"), _("Party"),
               _("Party's code"), _("Enforcement domain"), _("Violation committed on"), _("Discovered on"),
               _("Filed on (立案)"), _("Officers in charge"), _("Penalties"), _("Fine (yuan)"), _("Outcome"),
               _("Decision number"), _("Decided on"), _("Served on"), _("Closed on"), _("Decision due"),
               _("Publication due"), _("Published on"), _("Next deadline"), _("Overdue"), _("Enforcement body"),
               _("Agency")]
    return export_response(request, ledger="penalties.cases", filters=filters, name="penalty-cases",
                            sheets=[Sheet(_("Penalty cases"), headers, rows)])


# Filing -----------------------------------------------------------------------------------------------------------


def _filing(request, form_class, perform: Callable, *, title: str, done: Callable[[Case], str], active: str):
    body_id = params.integer(request, "body", low=1, high=2**63 - 1)
    form = form_class(request.POST or None, user=request.user, body_id=body_id)
    if not form.bodies.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = perform(data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, done(case))
            return redirect("penalties:case_detail", case.pk)
    return render(request, "penalties/form.html", {"form": form, "title": title, "active": active,
                                                   "back": "penalties:case_list", "reload_on_body": True},
                  status=400 if request.method == "POST" else 200)


@login_required
def case_create(request):
    """File a case (立案, 行政处罚法 第54条)."""
    return _filing(request, forms.OpenCaseForm, lambda d: actions.open_case(by=request.user, **d),
                   title=_("File a penalty case"), active="cases",
                   done=lambda c: _("Case %(number)s was filed.") % {"number": c.number})


@login_required
def on_the_spot(request):
    """A decision on the spot (当场处罚, simplified procedure, 行政处罚法 第51–52条)."""
    return _filing(request, forms.OnTheSpotForm, lambda d: actions.decide_on_the_spot(by=request.user, **d),
                   title=_("Penalty on the spot"), active="spot",
                   done=lambda c: _("The on-the-spot decision %(number)s was recorded.") % {"number": c.number})


# A case -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    label: str
    form: type
    action: Callable
    done: str
    #: Whether the step is offered in the case's current state (the action still decides).
    offered: Callable[[Case], bool]
    #: Form field → the action's keyword, where they differ.
    rename: tuple[tuple[str, str], ...] = ()


def _pending(case: Case) -> bool:
    return case.status in Case.PENDING_STATUSES


def _decided(case: Case) -> bool:
    return case.status in Case.DECIDED_STATUSES


STEPS = [
    Step("record", gettext_lazy("Record an action (全过程记录)"), forms.RecordForm, actions.add_record,
         gettext_lazy("The action was recorded."), lambda c: c.status not in (S.CLOSED, S.DROPPED)),
    Step("end-investigation", gettext_lazy("End the investigation"), forms.InvestigationEndForm,
         actions.end_investigation, gettext_lazy("The end of the investigation was recorded."),
         lambda c: c.status == S.INVESTIGATING and c.investigation_ended_on is None,
         (("investigation_ended_on", "on"),)),
    Step("major", gettext_lazy("Mark the case major"), forms.MajorForm, actions.mark_major,
         gettext_lazy("Why the case is major was recorded."), _pending, (("major_categories", "categories"),)),
    Step("notify", gettext_lazy("Notify the party of the intended penalty (告知)"), forms.NoticeForm,
         actions.notify_penalty, gettext_lazy("The notice of the intended penalty was recorded."),
         lambda c: c.status == S.INVESTIGATING, (("notified_on", "on"),)),
    Step("receive-notice", gettext_lazy("Record the receipt of the notice"), forms.NoticeReceivedForm,
         actions.receive_notice, gettext_lazy("The receipt of the notice was recorded."),
         lambda c: c.status == S.NOTIFIED and c.notice_received_on is None, (("notice_received_on", "on"),)),
    Step("request-hearing", gettext_lazy("Record the request for a hearing (听证)"), forms.HearingRequestForm,
         actions.request_hearing, gettext_lazy("The request for a hearing was recorded."),
         lambda c: c.status == S.NOTIFIED and c.hearing_right and c.notice_received_on is not None,
         (("hearing_requested_on", "on"),)),
    Step("notify-hearing", gettext_lazy("Send the notice of the hearing"), forms.HearingNoticeForm,
         actions.notify_hearing, gettext_lazy("The notice of the hearing was recorded."),
         lambda c: c.status == S.HEARING and c.hearing_on is None, (("hearing_notified_on", "on"),)),
    Step("hearing", gettext_lazy("Record the hearing"), forms.HearingForm, actions.hold_hearing,
         gettext_lazy("The hearing was recorded."),
         lambda c: c.status == S.HEARING and c.hearing_on is None and c.hearing_notified_on is not None,
         (("hearing_on", "on"), ("hearing_chair", "chair"), ("hearing_record", "record"))),
    Step("statement", gettext_lazy("Record the party's statement and defence"), forms.StatementForm,
         actions.record_statement, gettext_lazy("The party's statement was recorded."),
         lambda c: c.status in (S.NOTIFIED, S.HEARING)),
    Step("submit-review", gettext_lazy("Submit for legal review (法制审核)"), forms.ReviewSubmitForm,
         actions.submit_for_review, gettext_lazy("The case was submitted for legal review."),
         lambda c: _pending(c) and not (c.status == S.HEARING and c.hearing_on is None),
         (("review_submitted_on", "on"),)),
    Step("review", gettext_lazy("Record the legal review"), forms.ReviewForm, actions.record_review,
         gettext_lazy("The legal review was recorded."),
         lambda c: _pending(c) and c.review_submitted_on is not None and not c.review_result,
         (("reviewed_on", "on"), ("reviewer_qualification", "qualification"), ("review_result", "result"),
          ("review_opinion", "opinion"))),
    Step("discussion", gettext_lazy("Record the collective discussion (集体讨论)"), forms.DiscussionForm,
         actions.record_discussion, gettext_lazy("The collective discussion was recorded."), _pending,
         (("discussed_on", "on"), ("discussion_record", "record"))),
    Step("extend", gettext_lazy("Extend the case period"), forms.ExtendForm, actions.extend_period,
         gettext_lazy("The extension was recorded."), _pending,
         (("extension_days", "days"), ("extension_reason", "reason"), ("extension_approver", "approver"))),
    Step("pause", gettext_lazy("Exclude time from the case period"), forms.PauseForm, actions.pause_period,
         gettext_lazy("The time excluded was recorded."), _pending),
    Step("decide", gettext_lazy("Decide (决定)"), forms.DecideForm, actions.decide,
         gettext_lazy("The decision was recorded."), _pending, (("decided_on", "on"),)),
    Step("serve", gettext_lazy("Record the service of the decision (送达)"), forms.ServeForm, actions.serve_decision,
         gettext_lazy("The service was recorded."), lambda c: c.status == S.DECIDED,
         (("served_on", "on"), ("service_method", "method"))),
    Step("execute", gettext_lazy("Record the execution (执行)"), forms.ExecuteForm, actions.record_execution,
         gettext_lazy("The execution was recorded."), lambda c: c.status == S.SERVED and c.executed_on is None,
         (("executed_on", "on"),)),
    Step("close", gettext_lazy("Close the case (结案)"), forms.CloseForm, actions.close_case,
         gettext_lazy("The case was closed."), lambda c: c.status == S.SERVED, (("closed_on", "on"),)),
    Step("drop", gettext_lazy("Drop the case"), forms.DropForm, actions.drop_case,
         gettext_lazy("The case was dropped."), _pending, (("dropped_on", "on"), ("drop_reason", "reason"))),
    Step("publish", gettext_lazy("Record the publication (公示)"), forms.PublishForm, actions.publish_decision,
         gettext_lazy("The publication was recorded."),
         lambda c: _decided(c) and c.publishable and c.published_on is None and c.revoked_on is None,
         (("published_on", "on"),)),
    Step("revoke", gettext_lazy("Record a change or revocation of the decision"), forms.RevokeForm,
         actions.revoke_decision, gettext_lazy("The change or revocation was recorded."),
         lambda c: _decided(c) and c.revoked_on is None and c.outcome != Case.Outcome.REFERRED,
         (("revoked_on", "on"), ("revocation", "kind"), ("revocation_reason", "reason"))),
    Step("withdraw", gettext_lazy("Withdraw the publication"), forms.WithdrawForm, actions.withdraw_publication,
         gettext_lazy("The publication was withdrawn."),
         lambda c: c.published_on is not None and c.revoked_on is not None and c.publication_withdrawn_on is None,
         (("publication_withdrawn_on", "on"),)),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _case(request, pk: int) -> Case:
    return get_visible_or_404(request.user, Case.objects.select_related(
        "agency__region", "body", "discretion", "lenient_item", "created_by"), pk=pk)


def _step_form(step: Step, case: Case, data=None, files=None):
    form = step.form(data, files, case=case)
    form.auto_id = f"id_{step.slug}_%s"  # many forms on one page: each field's id its own
    return form


def _records(case: Case) -> list[dict]:
    """The case's recorded actions with their officers and attachments (three queries, whatever their number)."""
    records = list(case.records.prefetch_related("officers").order_by("on", "pk"))
    files: dict[str, list] = {}
    if records:
        kind = ContentType.objects.get_for_model(CaseRecord)
        for attachment in (Attachment.objects.filter(target_type=kind, target_id__in=[str(r.pk) for r in records],
                                                     withdrawn_at__isnull=True).order_by("uploaded_at", "pk")):
            files.setdefault(attachment.target_id, []).append(attachment)
    return [{"record": r, "officers": sorted(r.officers.all(), key=lambda o: o.pk), "files": files.get(str(r.pk), [])} for r in records]


def _deadlines(case: Case, today: dt.date) -> tuple[list[dict], list[dict]]:
    """The statutory deadlines of the case, each with its state (met, open, overdue)."""
    found = []

    def add(label, due, done_on=None, note=""):
        if due is None:
            return
        state = "done" if done_on else deadline_state(due, today)
        found.append({"label": label, "due": due, "done_on": done_on, "state": state, "note": note})

    pauses = [{"start": p[0], "end": p[1] or "", "reason": p[2]} for p in case.pauses]
    note = ""
    if case.extension_days:
        note = _("extended by %(days)d days (%(approver)s)") % {"days": case.extension_days,
                                                               "approver": case.extension_approver}
    add(_("Decision within 90 days of filing (行政处罚法 第60条)"), case.decision_due,
        case.decided_on or case.dropped_on, note)
    if case.hearing_right:
        add(_("Hearing to be requested by (第64条)"), case.hearing_request_due, case.hearing_requested_on)
    add(_("Service of the decision (第61条)"), case.service_due, case.served_on)
    add(_("Publication (国办发〔2018〕118号)"), case.publication_due, case.published_on)
    add(_("Withdrawal of the publication (第48条)"), case.withdrawal_due, case.publication_withdrawn_on)
    if case.takedown_on:
        add(_("Taken down from the portal"), case.takedown_on, None)
        found[-1]["state"] = "info"
    return found, pauses


def _officer_rows(officers, today) -> list[dict]:
    best = best_certificates([o.pk for o in officers], today)
    labels = dict(CertificateState.choices)
    rows = []
    for officer in officers:
        certificate = best.get(officer.pk)
        state = certificate.state_on(today) if certificate else "none"
        rows.append({"officer": officer, "certificate": certificate, "state": state,
                     "label": labels.get(state) or _("none")})
    return rows


def _case_context(request, case: Case, bound: dict | None = None) -> dict:
    today = timezone.localdate()
    bound = bound or {}
    writer = can_write(request.user, case.agency_id) and not case.is_withdrawn
    step_forms = []
    if writer:
        for step in STEPS:
            if step.slug in bound or step.offered(case):
                step_forms.append({"step": step, "form": bound.get(step.slug) or _step_form(step, case)})
    deadlines, pauses = _deadlines(case, today)
    labels = dict(Case.MajorCategory.choices)
    return {
        "case": case, "officers": _officer_rows(list(case.officers.order_by("pk")), today), "records": _records(case),
        "deadlines": deadlines, "pauses": pauses, "penalty": _penalty_text(case),
        "state": deadline_state(case.next_deadline, today),
        "major": [labels.get(c, c) for c in case.major_categories],
        "step_forms": step_forms, "history": history_for(case)[:100],
        "attachments": attachments_for(case), "label": "penalties.Case", "can_upload": writer,
        "public": case.is_public_on(today), "active": "cases",
    }


@login_required
def case_detail(request, pk: int):
    case = _case(request, pk)
    return render(request, "penalties/case_detail.html", _case_context(request, case))


def _perform(request, case: Case, step: Step, data: dict):
    data = dict(data)
    upload = data.pop("file", None)
    for field_name, keyword in step.rename:
        data[keyword] = data.pop(field_name)
    with transaction.atomic():
        result = step.action(case, by=request.user, **data)
        if upload:
            attach_file(result, upload, by=request.user)  # a refusal undoes the record too
    return result


@login_required
@require_POST
def case_step(request, pk: int, step: str):
    """Run one step of the case, posted from its page; a refusal keeps what was typed and answers 400."""
    case = _case(request, pk)
    found = STEPS_BY_SLUG.get(step)
    if found is None:
        raise Http404
    if not can_write(request.user, case.agency_id):
        raise PermissionDenied
    form = _step_form(found, case, request.POST, request.FILES)
    if form.is_valid():
        try:
            _perform(request, case, found, form.cleaned_data)
        except AttachmentRefused as exc:
            form.add_error("file", exc.messages)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, str(found.done))
            return redirect("penalties:case_detail", case.pk)
    messages.error(request, _("Correct the fields marked below."))
    fresh = _case(request, pk)  # the action may have changed the row before refusing
    response = render(request, "penalties/case_detail.html", _case_context(request, fresh, {found.slug: form}))
    response.status_code = 400
    return response


# Import -----------------------------------------------------------------------------------------------------------


@login_required
def case_import(request):
    """Upload the filled-in workbook: every case filed, or none and each refused row with its column."""
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    can_import = form.bodies.exists()
    if request.method == "POST" and not can_import:
        raise PermissionDenied
    result = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > settings.FAZHI_UPLOAD_MAX_MB * 1024 * 1024:
            form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": settings.FAZHI_UPLOAD_MAX_MB})
        else:
            result = excel.import_cases(uploaded.read(), user=request.user, body=form.cleaned_data["body"])
            if result.fatal:
                form.add_error("file", result.fatal)
            elif result.ok:
                messages.success(request, _("Imported: %(n)d cases.") % {"n": result.imported})
    status = 400 if request.method == "POST" and (result is None or not result.ok) else 200
    return render(request, "penalties/import.html", {
        "form": form, "result": result, "can_import": can_import, "first_row": excel.FIRST_ROW,
        "title": _("Import penalty cases from Excel"), "template_url": reverse("penalties:import_template"),
        "active": "import"}, status=status)


@login_required
def import_template(request):
    response = HttpResponse(excel.template(), content_type=excel.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "penalty-cases-import.xlsx")
    return response


# The discretion standards and the lenient lists -------------------------------------------------------------------


def _list_page(request, model, form_class, *, template: str, active: str, form=None, status: int = 200):
    agency = params.text(request, "agency", 64)
    qs = model.objects.visible_to(request.user).select_related("agency")
    if agency:
        qs = qs.filter(agency_id=_agency_id(agency))
    if request.GET.get("all") != "1":
        qs = qs.filter(active=True)
    entries = list(qs.order_by(*model._meta.ordering)[:2000])
    creator = form_class(user=request.user)
    can_create = creator.agencies.exists()
    return render(request, template, {
        "entries": [(e, can_write(request.user, e.agency_id)) for e in entries],
        "form": (form or creator) if can_create else None, "retire_form": forms.RetireForm(),
        "show_all": request.GET.get("all") == "1", "agency": agency, "active": active}, status=status)


def _list_create(request, model, form_class, perform: Callable, *, template: str, active: str, done: str,
                 url: str):
    form = form_class(request.POST, user=request.user)
    if not form.agencies.exists():
        raise PermissionDenied
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as exc:
            errors_into(form, exc)
        else:
            messages.success(request, done)
            return redirect(url)
    return _list_page(request, model, form_class, template=template, active=active, form=form, status=400)


def _list_retire(request, model, pk: int, url: str):
    entry = get_visible_or_404(request.user, model.objects.all(), pk=pk)
    if not can_write(request.user, entry.agency_id):
        raise PermissionDenied
    form = forms.RetireForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the reason."))
        actions.retire_list_entry(entry, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(entry)s” is no longer in force.") % {"entry": entry})
    return redirect(url)


@login_required
def discretion_list(request):
    """The discretion standards (裁量基准, 行政处罚法 第34条) of the agencies the person reads."""
    return _list_page(request, DiscretionStandard, forms.DiscretionForm, template="penalties/discretion_list.html",
                      active="discretion")


@login_required
@require_POST
def discretion_create(request):
    return _list_create(request, DiscretionStandard, forms.DiscretionForm,
                        lambda d: actions.add_discretion_standard(by=request.user, **d),
                        template="penalties/discretion_list.html", active="discretion",
                        done=_("The line was added to the discretion standard."),
                        url=reverse("penalties:discretion_list"))


@login_required
@require_POST
def discretion_retire(request, pk: int):
    return _list_retire(request, DiscretionStandard, pk, reverse("penalties:discretion_list"))


@login_required
def lenient_list(request):
    """The lists of violations not penalised (首违不罚、轻微不罚, 行政处罚法 第33条)."""
    return _list_page(request, LenientItem, forms.LenientForm, template="penalties/lenient_list.html",
                      active="lenient")


@login_required
@require_POST
def lenient_create(request):
    return _list_create(request, LenientItem, forms.LenientForm,
                        lambda d: actions.add_lenient_item(by=request.user, **d),
                        template="penalties/lenient_list.html", active="lenient",
                        done=_("The item was added to the list."), url=reverse("penalties:lenient_list"))


@login_required
@require_POST
def lenient_retire(request, pk: int):
    return _list_retire(request, LenientItem, pk, reverse("penalties:lenient_list"))


# The public pages (no log-in) -------------------------------------------------------------------------------------


def public_decisions(today: dt.date):
    """The decisions on the portal on ``today``: published, not withdrawn, not yet taken down
    (``Case.is_public_on`` as a query, over the partial index of published cases)."""
    return (Case.objects.filter(published_on__isnull=False, published_on__lte=today,
                                publication_withdrawn_on__isnull=True, withdrawn_at__isnull=True)
            .filter(Q(takedown_on__isnull=True) | Q(takedown_on__gt=today)))


class _Shown:
    """What ``public_party`` and ``public_text`` need of a case, from a row of tuples."""

    def __init__(self, party_kind: str, party_name: str, party_code: str):
        self.party_kind, self.party_name, self.party_code = party_kind, party_name, party_code


def _public_penalty(penalty_types, fine, confiscation, outcome) -> str:
    if outcome != Case.Outcome.PENALTY:
        return str(dict(Case.Outcome.choices).get(outcome, ""))
    return penalty_line(penalty_types, fine, confiscation)


def _public_row(row, bodies: dict) -> dict:
    (pk, number, title, kind, name, code, types, fine, confiscation, outcome, body_id, decided, published, facts,
     basis) = row
    shown = _Shown(kind, name, code)
    party, party_code = actions.public_party(shown)
    return {"pk": pk, "decision_number": number, "title": actions.public_text(shown, title), "party": party,
            "party_code": party_code, "penalty": _public_penalty(types, fine, confiscation, outcome),
            "body": bodies.get(body_id, ""), "decided_on": decided, "published_on": published,
            "facts": actions.public_text(shown, facts), "legal_basis": actions.public_text(shown, basis)}


def _public_rows(rows, bodies: dict) -> list[dict]:
    """The portal's rows, masked first and then shortened, as HTML built here (see ``_list_rows``)."""
    detail = lists.text(reverse("penalties:public_detail", args=[0])[:-2])
    text = lists.text
    out = []
    for row in rows:
        d = _public_row(row, bodies)
        facts = Truncator(d["facts"]).chars(80)
        basis = Truncator(d["legal_basis"]).chars(60)
        d["html"] = mark_safe(  # noqa: S308 - every value is escaped with lists.text (or a date)
            f'<tr data-decision="{d["pk"]}"><td><a href="{detail}{d["pk"]}/">{text(d["decision_number"])}</a></td>'
            f'<td>{text(d["title"])}</td><td>{text(d["party"])}</td><td>{text(d["party_code"] or "—")}</td>'
            f'<td>{text(facts)}</td><td>{text(basis)}</td><td>{text(d["penalty"])}</td><td>{text(d["body"])}</td>'
            f'<td>{d["decided_on"].isoformat() if d["decided_on"] else "—"}</td></tr>')
        out.append(d)
    return out


def _public_filters(request) -> dict:
    return {"q": params.text(request, "q"), "agency": params.text(request, "agency", 64),
            "year": params.year(request)}


def _public_matching(filters: dict, today: dt.date):
    qs = public_decisions(today)
    if filters["q"]:
        # A citizen is found by the decision's number only: searching a name must not tell who was penalised.
        words = filters["q"]
        org = Case.PartyKind.ORGANISATION
        qs = qs.filter(_words_q(words, "decision_number")
                       | (Q(party_kind=org) & _words_q(words, "title", "party_name", "party_code")))
    if filters["agency"]:
        qs = qs.filter(agency_id=_agency_id(filters["agency"]))
    if filters["year"]:
        qs = qs.filter(published_on__range=_year_range(filters["year"]))
    return qs


def public_list(request):
    """The published penalty decisions (行政处罚决定公示, 行政处罚法 第48条), newest first, a citizen masked."""
    today = timezone.localdate()
    filters = _public_filters(request)
    number = params.page(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "penalties/public_list.html", {
        **lists.portal_page(PORTAL, (tuple(sorted(filters.items())), number),
                            lambda: _public_page(filters, number, today)),
        "cap": COUNT_CAP, "filters": filters, "years": range(today.year, today.year - 6, -1),
        "query": query.urlencode()})


def _public_page(filters: dict, number: int, today: dt.date) -> dict:
    """What the public list shows of the database: one page of rows, its capped count and the agencies."""
    matching = _public_matching(filters, today).order_by("-published_on", "-id")
    page = capped_page(matching, PUBLIC_COLUMNS, number, PAGE_SIZE, COUNT_CAP)
    bodies = dict(EnforcementBody.objects.filter(pk__in={row[10] for row in page.rows}).values_list("pk", "name"))
    agencies = (Agency.objects.filter(pk__in=EnforcementBody.objects.values("agency_id"))
                .order_by("region__code", "name").values_list("code", "name"))
    return {"rows": _public_rows(page.rows, bodies), "count": page.count, "more": page.more,
            "agencies": list(agencies), "page": page.number, "has_next": page.has_next,
            "has_previous": page.has_previous}


def public_detail(request, pk: int):
    """One published decision; 404 when it is not (or no longer) on the portal."""
    today = timezone.localdate()
    row = public_decisions(today).filter(pk=pk).values_list(*PUBLIC_COLUMNS).first()
    if row is None:
        raise Http404
    bodies = dict(EnforcementBody.objects.filter(pk=row[10]).values_list("pk", "name"))
    case = Case.objects.select_related("agency").only("agency__name", "takedown_on", "performance", "remedy",
                                                      "party_kind", "party_name", "party_code").get(pk=pk)
    decision = _public_row(row, bodies)
    shown = _Shown(case.party_kind, case.party_name, case.party_code)
    decision.update({"agency": case.agency.name, "takedown_on": case.takedown_on,
                     "performance": actions.public_text(shown, case.performance),
                     "remedy": actions.public_text(shown, case.remedy)})
    return render(request, "penalties/public_detail.html", {"decision": decision})


def public_lenient(request):
    """Each agency's lists of violations not penalised, in force (行政处罚法 第33条)."""
    items = (LenientItem.objects.filter(active=True).select_related("agency")
             .order_by("agency__region__code", "agency__name", "kind", "code")[:3000])
    groups: dict = {}
    for item in items:
        groups.setdefault(item.agency, []).append(item)
    return render(request, "penalties/public_lenient.html", {"groups": list(groups.items())})
