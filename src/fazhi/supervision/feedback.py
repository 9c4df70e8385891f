"""Feedback down the tree (督察反馈): the supervisor shares an evaluation, a finding or a note with a body of the
register; the body answers; the supervisor closes it or reopens it; the county's office turns a finding into an item
of the rectification ledger.

厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》: the supervisor feeds what it found back to the body
concerned and follows up the rectification. Each action checks who acts and the status, writes an audit entry
(``fazhi.audit``) and notifies the people concerned in the app (their e-mail digest follows, ``core.notifications``).

Who does what:

- shares: a person who keeps the body in the register (``ReportingBody.objects.managed_by``: the supervisor above
  it, the office of its region), and only with a body in fazhi;
- answers: the body's own clerks and the office of its region (who may change the agency's records), never the
  person who shared it;
- closes and reopens: the person who shared it, or another supervisor above the body who is not of the body;
- turns a finding into a rectification item: the rule-of-law office over the body's agency
  (``assessment.actions.is_office_for``), through ``assessment.actions.record_finding``.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.analyzer.live_catalog import catalog_mappers
from fazhi.audit import actions as audit
from fazhi.org.models import Agency, Membership
from fazhi.org.scope import scope_for

from . import rules
from .models import Feedback, ReportingBody

S = Feedback.Status
#: The statuses that wait for the body's answer.
AWAITING = (S.SHARED, S.REOPENED)


# Who may act ------------------------------------------------------------------------------------------------------


def may_share(user, body: ReportingBody) -> bool:
    """Whether ``user`` keeps ``body`` in the register (the supervisor above it, the office of its region)."""
    return ReportingBody.objects.managed_by(user).filter(pk=body.pk).exists()


def may_answer(user, feedback: Feedback) -> bool:
    """Whether ``user`` answers for the body: its agency's clerks or the office of its region, not the sharer."""
    if feedback.shared_by_id == getattr(user, "pk", None):
        return False
    return scope_for(user).can_write_agency(feedback.body.agency_id)


def may_close(user, feedback: Feedback) -> bool:
    """Whether ``user`` closes or reopens ``feedback``: the sharer, or a supervisor above the body not of it."""
    scope = scope_for(user)
    if scope.is_admin or feedback.shared_by_id == getattr(user, "pk", None):
        return True
    return may_share(user, feedback.body) and not scope.can_write_agency(feedback.body.agency_id)


def may_rectify(user, feedback: Feedback) -> bool:
    """Whether ``user`` may turn ``feedback`` into a rectification item: a finding not turned yet, by the office."""
    from fazhi.assessment.actions import is_office_for

    return (feedback.kind == Feedback.Kind.FINDING and feedback.rectification_id is None
            and is_office_for(user, feedback.body.agency))


# Whom to tell -----------------------------------------------------------------------------------------------------


def recipients(body: ReportingBody) -> list[int]:
    """The people who answer for the body: its agency's clerks and staff, and the office of its region (the nearest
    rule-of-law office at or above it)."""
    if not body.agency_id:
        return []
    q = Q(agency_id=body.agency_id)
    region = body.region
    while region is not None:
        offices = list(Agency.objects.filter(region=region, kind=Agency.Kind.RULE_OF_LAW_OFFICE, is_active=True)
                       .values_list("pk", flat=True))
        if offices:
            q |= Q(agency_id__in=offices, role=Membership.Role.OFFICE)
            break
        region = region.parent
    return list(Membership.objects.filter(q, is_active=True, user__is_active=True, agency__is_active=True)
                .exclude(role=Membership.Role.SUPERVISOR).values_list("user_id", flat=True).distinct())


def _url(feedback: Feedback) -> str:
    return reverse("supervision:feedback_detail", args=[feedback.pk])


def _notify(user_ids, *, key: str, title: str, body: str, url: str, level: str = "info") -> int:
    from fazhi.core.notifications import notify

    return notify(user_ids, key=key, title=title, body=body, url=url, level=level)


# The evaluation, frozen -------------------------------------------------------------------------------------------


def frozen_evaluation(body: ReportingBody) -> dict:
    """The evaluation of the body's uploaded report as it stands, with the register's dates: version, total, share
    judged and per criterion its code, label, score, weight and note (in the sharer's language)."""
    from fazhi.analyzer import scorecard

    analyzed = body.analyzed
    if analyzed is None:
        raise ValidationError({"kind": _("%(name)s has no uploaded report to evaluate: share a finding or a note, or "
                                         "assign its published report first.") % {"name": body.name}},
                              code="no_report")
    if body.report_id:
        filed, published = body.report.submitted_on, body.report.published_on
    else:
        filed, published = body.filed_on, body.published_on
    due = rules.deadlines(body.year, demonstration=body.demonstration)
    evaluation = None if analyzed.failed else scorecard.evaluate_report(
        analyzed, filed_on=filed, published_on=published,
        filing_deadline=due.filing if body.demonstration else None)
    if evaluation is None:
        raise ValidationError({"kind": _("The uploaded report of %(name)s has not been read, or could not be: there is "
                                         "no evaluation to share.") % {"name": body.name}}, code="no_evaluation")
    mapper = catalog_mappers().all
    with translation.override(settings.LANGUAGE_CODE):  # the copy of record reads in the site's language
        criteria = [
            {"criterion": c["code"], "label": scorecard.criterion_name(c["code"]), "score": c["score"],
             "weight": c["weight"], "note": scorecard.criterion_note(c, mapper),
             # what the note is made of, so that each reader reads it in their own language
             "reason": c.get("reason"), "details": json.loads(json.dumps(c.get("details") or {}, default=str))}
            for c in evaluation["criteria"]
        ]
    return {"report": analyzed.pk, "version": evaluation.get("version"), "total": evaluation.get("total"),
            "judged_share": evaluation.get("judged_share"), "criteria": criteria}


def evaluation_rows(evaluation: dict) -> list[dict]:
    """The rows of a frozen evaluation for the page: label, score and note in the reader's language."""
    from fazhi.analyzer import scorecard

    mapper = catalog_mappers().all
    rows = []
    for c in (evaluation or {}).get("criteria") or []:
        note = c.get("note") or ""
        if c.get("reason"):
            note = scorecard.criterion_note({"code": c.get("criterion"), "reason": c["reason"],
                                             "details": c.get("details") or {}, "note": note}, mapper)
        rows.append({**c, "label": scorecard.CRITERION_LABELS.get(c.get("criterion"), c.get("label")),
                     "score_text": scorecard.percent(c.get("score")), "note": note})
    return rows


# Actions ----------------------------------------------------------------------------------------------------------


def _require_status(feedback: Feedback, allowed, message: str) -> None:
    if feedback.status not in allowed:
        raise ValidationError(message % {"status": feedback.get_status_display()}, code="status")


@transaction.atomic
def share(body: ReportingBody, *, by, kind: str, title: str = "", text: str = "") -> Feedback:
    """Share feedback with ``body``; for an evaluation, freeze the scores of its uploaded report now."""
    if not may_share(by, body):
        raise PermissionDenied(_("Only the supervisor above a body, or the office of its region, shares feedback "
                                 "with it."))
    if not body.agency_id:
        raise ValidationError(_("%(name)s does not work in fazhi: nobody could read the feedback here. Send it by "
                                "letter or e-mail instead.") % {"name": body.name}, code="outside_fazhi")
    if kind not in Feedback.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of feedback.")}, code="kind")
    title, text = (title or "").strip(), (text or "").strip()
    evaluation = None
    if kind == Feedback.Kind.EVALUATION:
        evaluation = frozen_evaluation(body)
        title = title or _("Evaluation of the annual report on %(year)d") % {"year": body.year}
    elif not text:
        raise ValidationError({"text": _("Write what you found, or what you note.")}, code="required")
    if not title:
        raise ValidationError({"title": _("Give the feedback a title.")}, code="required")
    feedback = Feedback.objects.create(body=body, kind=kind, title=title[:200], text=text, evaluation=evaluation,
                                       shared_by=by)
    audit.record_event(action="create", target=feedback, actor=by, reason=_("Supervision feedback shared"),
                       changes={"kind": [None, kind], "body": [None, body.pk], "status": [None, feedback.status]})
    _notify([u for u in recipients(body) if u != by.pk], key=f"supervision.feedback.{feedback.pk}.shared",
            title=_("Supervision feedback for %(body)s: %(title)s") % {"body": body.name, "title": feedback.title},
            body=_("%(who)s shared %(kind)s with %(body)s. Read it and answer on its page.") % {
                "who": str(by), "kind": feedback.get_kind_display(), "body": body.name},
            url=_url(feedback), level="warning" if kind == Feedback.Kind.FINDING else "info")
    return feedback


@transaction.atomic
def answer(feedback: Feedback, *, by, text: str) -> Feedback:
    """Record the body's answer; the sharer is told."""
    if not may_answer(by, feedback):
        raise PermissionDenied(_("Only the body's clerks, or the office of its region, answer its feedback."))
    _require_status(feedback, AWAITING, _("The feedback is %(status)s: it waits for no answer."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")}, code="required")
    before = {"status": feedback.status, "answer": feedback.answer}
    feedback.answer, feedback.answered_by, feedback.answered_at = text, by, timezone.now()
    feedback.status = S.ANSWERED
    feedback.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    audit.record_event(action="transition", target=feedback, actor=by, reason=_("Feedback answered"),
                       changes={"status": [before["status"], feedback.status], "answer": [before["answer"], text]})
    _notify([feedback.shared_by_id], key=f"supervision.feedback.{feedback.pk}.answered.{feedback.answered_at:%Y%m%d%H%M%S%f}",
            title=_("%(body)s answered: %(title)s") % {"body": feedback.body.name, "title": feedback.title},
            body=text[:500], url=_url(feedback))
    return feedback


@transaction.atomic
def close(feedback: Feedback, *, by) -> Feedback:
    """Close answered feedback (the supervisor accepts the answer)."""
    if not may_close(by, feedback):
        raise PermissionDenied(_("Only the person who shared the feedback, or a supervisor above the body, closes it."))
    _require_status(feedback, (S.ANSWERED,), _("The feedback is %(status)s: only an answered one is closed."))
    before = feedback.status
    feedback.status, feedback.closed_by, feedback.closed_at = S.CLOSED, by, timezone.now()
    feedback.save(update_fields=["status", "closed_by", "closed_at"])
    audit.record_event(action="transition", target=feedback, actor=by, reason=_("Feedback closed"),
                       changes={"status": [before, feedback.status]})
    return feedback


@transaction.atomic
def reopen(feedback: Feedback, *, by, reason: str) -> Feedback:
    """Reopen answered or closed feedback with the reason: the body answers again, and is told."""
    if not may_close(by, feedback):
        raise PermissionDenied(_("Only the person who shared the feedback, or a supervisor above the body, reopens "
                                 "it."))
    _require_status(feedback, (S.ANSWERED, S.CLOSED), _("The feedback is %(status)s: it is open already."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the answer is not enough.")}, code="required")
    before = feedback.status
    feedback.status, feedback.reopen_reason = S.REOPENED, reason
    feedback.closed_by, feedback.closed_at = None, None
    feedback.save(update_fields=["status", "reopen_reason", "closed_by", "closed_at"])
    entry = audit.record_event(action="transition", target=feedback, actor=by, reason=reason,
                               changes={"status": [before, feedback.status]})
    _notify([u for u in recipients(feedback.body) if u != by.pk],
            key=f"supervision.feedback.{feedback.pk}.reopened.{entry.pk}",
            title=_("Feedback reopened for %(body)s: %(title)s") % {"body": feedback.body.name,
                                                                    "title": feedback.title},
            body=reason[:500], url=_url(feedback), level="warning")
    return feedback


@transaction.atomic
def make_rectification(feedback: Feedback, *, by, **finding):
    """Turn a shared finding into an item of the rectification ledger, through ``assessment.actions.record_finding``
    (its checks, its audit), and link it back. ``finding`` is ``assessment.forms.FindingForm``'s cleaned data."""
    from fazhi.assessment.actions import record_finding

    if feedback.kind != Feedback.Kind.FINDING:
        raise ValidationError(_("Only a finding becomes a rectification item."), code="kind")
    if feedback.rectification_id is not None:
        raise ValidationError(_("This finding is a rectification item already."), code="done")
    item = record_finding(agency=feedback.body.agency, by=by, **finding)
    feedback.rectification = item
    feedback.save(update_fields=["rectification"])
    audit.record_event(action="change", target=feedback, actor=by, reason=_("Finding turned into a rectification item"),
                       changes={"rectification": [None, item.pk]})
    return item
