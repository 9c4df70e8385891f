"""What people do with public consultations (公开征求意见): every state change is one of these actions.

A ledger (规范性文件, 重大行政决策) opens a consultation on its draft (``open_consultation``); the public
comments on the portal (``submit_comment``); the drafting agency or the rule-of-law office moderates
(``publish_comment``, ``hide_comment``), records for each comment what was adopted and why not
(``record_adoption``) and, once the window has closed (``close_consultation``, also done by ``fazhi tick``),
publishes the feedback (``conclude_consultation``, 采纳情况). Each staff action checks who may act, refuses
an illegal move with a clear message and writes the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit import actions as audit
from fazhi.clock import RuleNotInForce
from fazhi.consultation.models import Comment, Consultation
from fazhi.core.ledger import IllegalTransition, create_record, transition
from fazhi.deadlines.service import describe_error, due_date
from fazhi.org.scope import scope_for

__all__ = [
    "MAX_COMMENT_CHARS", "close_consultation", "close_expired", "closed_message", "comments_per_hour", "conclude_consultation",
    "consultation_done", "consultation_for", "earliest_close", "hide_comment", "normalise_text",
    "open_consultation", "publish_comment", "record_adoption", "submit_comment",
]

#: The longest comment accepted, in characters (a long submission belongs in an attachment by letter or e-mail).
MAX_COMMENT_CHARS = 5000
#: Comments one client may send on one consultation within an hour, unless the setting says otherwise.
DEFAULT_COMMENTS_PER_HOUR = 5


def comments_per_hour() -> int:
    return int(getattr(settings, "FAZHI_CONSULTATION_COMMENTS_PER_HOUR", DEFAULT_COMMENTS_PER_HOUR))


# Helpers ----------------------------------------------------------------------------------------------


def _require_staff(consultation: Consultation, by) -> None:
    """Only the drafting agency and the rule-of-law office above it (whoever may change its records) act."""
    if by is None:
        return  # the system (fazhi tick)
    if not scope_for(by).can_write_agency(consultation.agency_id):
        raise IllegalTransition(
            _("Only the drafting agency or the rule-of-law office may do this for “%(title)s”.") % {
                "title": consultation.title},
            code="not_staff",
        )


def _locked(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def normalise_text(text: str) -> str:
    """Return ``text`` with runs of white space collapsed, for comparing two comments."""
    return re.sub(r"\s+", " ", text or "").strip()


def _digest(text: str) -> str:
    return hashlib.sha256(normalise_text(text).casefold().encode()).hexdigest()


def earliest_close(kind: str, opens_on: dt.date, *, region_code: str | None = None) -> dt.date:
    """Return the first day a consultation of ``kind`` opening on ``opens_on`` may close.

    The period's minimum is the clock rule ``consultation.<kind>``: 7 working days for a normative document
    (or the province's period), 30 days when it concerns market entities (优化营商环境条例 第62条) and for a
    major decision (重大行政决策程序暂行条例 第15条). In a year whose holiday notice is not entered yet the period is
    counted on weekends alone (provisional) and lengthened when the notice comes (``full_period_close``). Raises
    ValidationError with a readable message when no rule is in force.
    """
    if kind not in Consultation.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of consultation: %(kind)s.") % {"kind": kind}})
    try:
        return due_date(f"consultation.{kind}", opens_on, province=region_code, provisional=True).due
    except RuleNotInForce as exc:
        raise ValidationError({"closes_on": describe_error(exc)}, code="calendar") from exc


def full_period_close(consultation: Consultation) -> dt.date:
    """The day a consultation not shortened with a reason closes: its own day, or the legal minimum's last day when
    a holiday notice entered since makes the period short of it (a ``CLOCKS`` computation)."""
    earliest = earliest_close(consultation.kind, consultation.opens_on, region_code=consultation.agency.region.code)
    return max(consultation.closes_on, earliest)


# The consultation -------------------------------------------------------------------------------------


@transaction.atomic
def open_consultation(target, *, by, kind, title, body, opens_on, closes_on, explanation="",
                      shortened_reason="") -> Consultation:
    """Open the draft of ``target`` for public comment from ``opens_on`` to ``closes_on`` (both inclusive).

    The drafting agency is ``target.agency``. A period shorter than the legal minimum is refused unless
    ``shortened_reason`` says why (重大行政决策程序暂行条例 第15条: a shorter period must be explained).
    A second consultation on the same record is refused while one is open.
    """
    title, body = (title or "").strip(), (body or "").strip()
    shortened_reason = (shortened_reason or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the title of the draft.")
    if not body:
        errors["body"] = _("Give the text of the draft.")
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = _("The period cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    earliest = earliest_close(kind, opens_on, region_code=target.agency.region.code)
    if closes_on < earliest and not shortened_reason:
        raise ValidationError({"closes_on": _(
            "The comment period must run until at least %(earliest)s (%(rule)s). Choose a later end date, or "
            "give the reason for a shorter period."
        ) % {"earliest": earliest.isoformat(), "rule": Consultation.Kind(kind).label}}, code="too_short")
    if closes_on >= earliest:
        shortened_reason = ""
    content_type = ContentType.objects.get_for_model(target)
    running = Consultation.objects.filter(
        target_type=content_type, target_id=target.pk, status=Consultation.Status.OPEN, withdrawn_at__isnull=True,
    ).first()
    if running is not None:
        raise IllegalTransition(
            _("A consultation on this draft is already open until %(date)s.") % {
                "date": running.closes_on.isoformat()},
            code="already_open",
        )
    consultation = Consultation(
        agency=target.agency, target_type=content_type, target_id=target.pk, kind=kind,
        status=Consultation.Status.OPEN, title=title, body=body, explanation=(explanation or "").strip(),
        opens_on=opens_on, closes_on=closes_on, shortened_reason=shortened_reason,
    )
    return create_record(consultation, by=by)


def close_consultation(consultation: Consultation, *, by, reason: str = "") -> Consultation:
    """Close the comment window (``by`` None: the system, when the window has passed).

    Closing before the announced last day cuts the period short and needs a reason.
    """
    _require_staff(consultation, by)
    today = timezone.localdate()
    reason = (reason or "").strip()
    if consultation.status == Consultation.Status.OPEN and today <= consultation.closes_on and not reason:
        raise IllegalTransition(
            _("The consultation is announced until %(date)s. Give a reason to close it earlier.") % {
                "date": consultation.closes_on.isoformat()},
            code="reason_required",
        )
    return transition(consultation, Consultation.Status.CLOSED, by=by, allowed_from=[Consultation.Status.OPEN],
                      reason=reason, closed_on=min(today, consultation.closes_on))


def close_expired(today: dt.date, *, dry_run: bool = False) -> int:
    """Close every open consultation whose window ended before ``today``; return how many (would be) closed.

    Safe when two run at once: each is closed under a row lock and one already closed is skipped.
    """
    expired = Consultation.objects.filter(
        status=Consultation.Status.OPEN, closes_on__lt=today, withdrawn_at__isnull=True,
    ).order_by("pk")
    if dry_run:
        return expired.count()
    closed = 0
    for pk in expired.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            row = Consultation.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=Consultation.Status.OPEN).first()
            if row is None:
                continue  # another tick has it
            transition(row, Consultation.Status.CLOSED, by=None, allowed_from=[Consultation.Status.OPEN],
                       reason=_("The comment period ended on %(date)s.") % {"date": row.closes_on.isoformat()},
                       closed_on=row.closes_on)
            closed += 1
    return closed


@transaction.atomic
def conclude_consultation(consultation: Consultation, *, by, feedback, published_on: dt.date | None = None
                          ) -> Consultation:
    """Publish the feedback (采纳情况): what was adopted and why not; the portal shows it with each comment.

    ``published_on``: the day the feedback was published (today when not given): after the period, never ahead
    of today. Refused while the window is open, while comments await moderation, or while a published comment
    has no adoption decision.
    """
    _require_staff(consultation, by)
    consultation = _locked(consultation)
    feedback = (feedback or "").strip()
    if not feedback:
        raise ValidationError({"feedback": _("Write the feedback: what was adopted, and why the rest was not.")})
    today = timezone.localdate()
    if consultation.status == Consultation.Status.OPEN:
        if today <= consultation.closes_on:
            raise IllegalTransition(
                _("The consultation is open until %(date)s; publish the feedback after it closes.") % {
                    "date": consultation.closes_on.isoformat()},
                code="still_open",
            )
        consultation = transition(consultation, Consultation.Status.CLOSED, by=by,
                                  allowed_from=[Consultation.Status.OPEN], closed_on=consultation.closes_on)
    published_on = published_on or today
    ended = consultation.ended_on
    after_end = published_on >= ended if ended < consultation.closes_on else published_on > ended
    if not after_end or published_on > today:
        raise ValidationError({"published_on": _(
            "The feedback is published after the comment period (until %(closes)s) and not after today "
            "(%(today)s): %(date)s is neither.") % {"closes": ended.isoformat(),
                                                  "today": today.isoformat(), "date": published_on.isoformat()}},
            code="date_order")
    pending = consultation.comments.filter(status=Comment.Status.PENDING).count()
    if pending:
        raise IllegalTransition(
            _("%(n)d comment(s) still await moderation: publish or hide them first.") % {"n": pending},
            code="pending_comments",
        )
    undecided = consultation.comments.filter(status=Comment.Status.PUBLISHED, adoption="").count()
    if undecided:
        raise IllegalTransition(
            _("%(n)d published comment(s) have no adoption decision yet: record whether each was adopted.") % {
                "n": undecided},
            code="undecided_comments",
        )
    return transition(consultation, Consultation.Status.CONCLUDED, by=by, allowed_from=[Consultation.Status.CLOSED],
                      feedback=feedback, concluded_on=published_on)


def consultation_for(target) -> Consultation | None:
    """Return the latest consultation on ``target`` (not withdrawn), or None."""
    if target is None or target.pk is None:
        return None
    return (
        Consultation.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk, withdrawn_at__isnull=True,
        ).order_by("-opens_on", "-pk").first()
    )


def cut_short(consultation: Consultation) -> dt.date | None:
    """The first day the consultation could have closed, when it was closed before both that day and its announced
    end: a period shorter than the law's minimum, its reason not stated when it was published (重大行政决策程序暂行
    条例 第15条), so it does not count as the draft's consultation. None otherwise."""
    if consultation.closed_on is None or consultation.closed_on >= consultation.closes_on:
        return None
    earliest = earliest_close(consultation.kind, consultation.opens_on, region_code=consultation.agency.region.code)
    return earliest if consultation.closed_on < earliest else None


def require_full_period(consultation: Consultation) -> None:
    """Refuse to go on from a consultation cut short (``cut_short``), naming its days and the article."""
    earliest = cut_short(consultation)
    if earliest is not None:
        raise IllegalTransition(_(
            "The consultation “%(title)s” was closed on %(closed)s, before the legal minimum period (until "
            "%(earliest)s); a shorter period must be stated, with its reason, when the consultation is published "
            "(重大行政决策程序暂行条例 第15条). Open a new consultation on the draft.") % {
            "title": consultation.title, "closed": consultation.closed_on.isoformat(),
            "earliest": earliest.isoformat()}, code="cut_short")


def consultation_done(target) -> bool:
    """Return True when the latest consultation on ``target`` is concluded, or closed with its feedback."""
    consultation = consultation_for(target)
    if consultation is None:
        return False
    if consultation.status == Consultation.Status.CONCLUDED:
        return True
    return consultation.status == Consultation.Status.CLOSED and bool(consultation.feedback.strip())


# Comments ---------------------------------------------------------------------------------------------


def closed_message(consultation: Consultation, today: dt.date) -> str:
    """Return why ``consultation`` takes no comment on ``today`` (shown where the form would be)."""
    if consultation.status == Consultation.Status.OPEN and not consultation.is_withdrawn:
        if today < consultation.opens_on:
            return _("This draft opens for comment on %(date)s.") % {"date": consultation.opens_on.isoformat()}
        if today <= consultation.closes_on:
            return ""
    if today > consultation.closes_on:
        return _("The comment period ended on %(date)s; comments are no longer accepted.") % {
            "date": consultation.closes_on.isoformat()}
    return _("The comment period has ended; comments are no longer accepted.")


@transaction.atomic
def submit_comment(consultation: Consultation, *, text, client_hash, paragraph=None, author_name="",
                   contact="") -> Comment:
    """Store a comment from the public, held for moderation.

    Refused outside the window, beyond the rate limit of the client on this consultation
    (``FAZHI_CONSULTATION_COMMENTS_PER_HOUR``), when too long, or when the same text was already received.
    Not written to the audit trail: the trail would keep the commenter's address, which is never stored;
    the comment row is the record.
    """
    consultation = _locked(consultation)
    today = timezone.localdate()
    if consultation.is_withdrawn or not consultation.is_open_on(today):
        raise ValidationError(closed_message(consultation, today), code="closed")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")}, code="empty")
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationError({"text": _(
            "The comment is %(n)d characters long; at most %(max)d are accepted. Shorten it, or send a long "
            "opinion by letter or e-mail as the notice says."
        ) % {"n": len(text), "max": MAX_COMMENT_CHARS}}, code="too_long")
    if paragraph is not None and not 1 <= paragraph <= len(consultation.paragraphs()):
        raise ValidationError({"paragraph": _("The draft has no paragraph %(n)s.") % {"n": paragraph}})
    limit = comments_per_hour()
    since = timezone.now() - timedelta(hours=1)
    if client_hash and Comment.objects.filter(
        consultation=consultation, client_hash=client_hash, created_at__gte=since,
    ).count() >= limit:
        raise ValidationError(
            _("You have sent %(n)d comments on this draft within the last hour, the most accepted. "
              "Please try again later.") % {"n": limit},
            code="rate_limited",
        )
    digest = _digest(text)
    if Comment.objects.filter(consultation=consultation, text_digest=digest).exists():
        raise ValidationError({"text": _("This comment was already received; it is not stored twice.")},
                              code="duplicate")
    comment = Comment(
        consultation=consultation, paragraph=paragraph, author_name=(author_name or "").strip(),
        contact=(contact or "").strip(), text=text, text_digest=digest, client_hash=client_hash or "",
    )
    comment.full_clean()
    comment.save()
    return comment


def _moderate(comment: Comment, *, by, to_status, reason="") -> Comment:
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    _require_staff(comment.consultation, by)
    if comment.consultation.status == Consultation.Status.CONCLUDED:
        raise IllegalTransition(_("The feedback on this consultation was published; its comments can no longer "
                                  "be moderated."), code="concluded")
    if comment.status == to_status:
        raise IllegalTransition(_("This comment is already %(status)s.") % {
            "status": comment.get_status_display()}, code="unchanged")
    before = comment.status
    comment.status = to_status
    comment.hidden_reason = reason
    comment.moderated_at = timezone.now()
    if to_status == Comment.Status.HIDDEN:
        comment.adoption, comment.adoption_reason = "", ""
    comment.save(update_fields=["status", "hidden_reason", "moderated_at", "adoption", "adoption_reason"])
    audit.record_event(action="transition", target=comment, actor=by, changes={"status": [before, to_status]},
                       reason=reason)
    return comment


@transaction.atomic
def publish_comment(comment: Comment, *, by) -> Comment:
    """Publish a comment on the portal (from the moderation queue, or a hidden one after all)."""
    return _moderate(comment, by=by, to_status=Comment.Status.PUBLISHED)


@transaction.atomic
def hide_comment(comment: Comment, *, by, reason) -> Comment:
    """Keep a comment off the portal (abuse, advertising, personal data), with the reason on record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding the comment.")}, code="reason_required")
    return _moderate(comment, by=by, to_status=Comment.Status.HIDDEN, reason=reason)


@transaction.atomic
def record_adoption(comment: Comment, adoption, reason="", *, by) -> Comment:
    """Record whether a published comment was adopted; a comment not (fully) adopted needs the reason why."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    _require_staff(comment.consultation, by)
    if comment.consultation.status == Consultation.Status.CONCLUDED:
        raise IllegalTransition(_("The feedback on this consultation was published; adoption decisions can no "
                                  "longer be changed."), code="concluded")
    if comment.status != Comment.Status.PUBLISHED:
        raise IllegalTransition(_("Only a published comment can be adopted or not: publish it first."),
                                code="not_published")
    if adoption not in Comment.Adoption.values or adoption == Comment.Adoption.UNDECIDED:
        raise ValidationError({"adoption": _("Choose adopted, partly adopted or not adopted.")})
    reason = (reason or "").strip()
    if adoption != Comment.Adoption.ADOPTED and not reason:
        raise ValidationError({"adoption_reason": _("Say why the comment was not (fully) adopted.")},
                              code="reason_required")
    before = {"adoption": comment.adoption, "adoption_reason": comment.adoption_reason}
    comment.adoption, comment.adoption_reason = adoption, reason
    comment.save(update_fields=["adoption", "adoption_reason"])
    changes = audit.diff(before, {"adoption": adoption, "adoption_reason": reason})
    if changes:
        audit.record_event(action="change", target=comment, actor=by, changes=changes)
    return comment
