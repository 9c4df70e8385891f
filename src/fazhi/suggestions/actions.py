"""What people do with deputies' suggestions and CPPCC proposals: every step is one of these audited actions, refused
when the law or the province's measure forbids it.

The items of a lead agency are kept by its clerks and by the rule-of-law office of its region, which in a county
also works for the government office that assigns them (``scope_for(by).can_write_agency``); leaders and
supervisors read them. Each action checks the writer, the status, the dates against each other and today
(``PROCEDURE``) and the conditions the rules set: the answer period of 代表法 第51条 and its 6-month outer limit, the
province's periods for proposals, for the co-handlers' opinions and for the second handling (legal-rules §7.2–7.3),
the contact before answering and the publication of the answers where the settings ask for them. The clocks are
computed by ``fazhi.ledgers.clock.due`` from the item's own dates (``*_of`` below, which ``procedure.CLOCKS``
names).

Every action is called as ``action(item, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the
assignment as ``assign_item(agency=agency, by=user, **form.cleaned_data)``.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.clock import Extension
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.ledgers.clock import due
from fazhi.suggestions.models import CoHandler, Item, contact_required, publication_expected
from fazhi.suggestions.procedure import LAW, LOCAL, PROCEDURE, dates_of

__all__ = [
    "add_co_handler", "answer", "answer_again", "assign_item", "close_item", "extend_answer", "publish_answer",
    "record_co_handler_opinion", "record_contact", "record_feedback", "reopen",
]

S = Item.Status
FB = Item.Feedback
#: 代表法 (2025 amendment): the ledger counts deputies' suggestions assigned from this day under its 第51条 (the rule
#: ``deputy.suggestion`` is dated so; the day the amendment took effect is UNCONFIRMED).
DEPUTIES_LAW_FROM = dt.date(2025, 3, 11)


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep its "
                                 "deputies' suggestions and CPPCC proposals."))


def _require_status(item: Item, allowed, step: str) -> None:
    require_status(item, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the item is %(allowed)s; it is “%(current)s”."))


def _check(step: str, on: dt.date | None, item: Item, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(item), **extra}, field=field)


def _source(item: Item) -> str:
    """What sets the item's answer period: the law for a deputy's suggestion, the province's measure for a proposal."""
    return LAW if item.is_deputy else LOCAL


def _refresh_deadline(item: Item) -> dt.date | None:
    """Store the item's next deadline after a change to its co-handlers; return the one it had."""
    before = item.next_deadline
    item.next_deadline = item.compute_next_deadline()
    Item.objects.filter(pk=item.pk).update(next_deadline=item.next_deadline)
    return before


# The clocks: each computed from the item's own dates (``procedure.CLOCKS`` names them) -----------------------------


def _rule(item: Item, purpose: str) -> str:
    """The deadline rule of ``purpose`` (answer, limit, co_opinion, second) for the item's kind."""
    if item.is_deputy:
        return {"answer": "deputy.suggestion", "limit": "deputy.suggestion_limit",
                "co_opinion": "deputy.suggestion_co_opinion", "second": "deputy.suggestion_second"}[purpose]
    if purpose == "answer":
        return f"cppcc.proposal_{item.raised_during}"
    return {"limit": "cppcc.proposal_limit", "co_opinion": "cppcc.proposal_co_opinion",
            "second": "cppcc.proposal_second"}[purpose]


def answer_due_of(item: Item) -> dt.date | None:
    """代表法 第51条: 3 months from assignment for a deputy's suggestion; the province's period for a proposal (a
    longer one for those of the plenary session where the province says so); plus the approved extension."""
    if item.assigned_on is None:
        return None
    extensions = [Extension(item.extension_months, item.extension_reason, item.extension_approver,
                            approved_on=item.extended_on)] if item.extension_months else []
    return due(_rule(item, "answer"), item.assigned_on, item.agency, extensions=extensions).due


def answer_limit_of(item: Item) -> dt.date | None:
    """代表法 第51条: 6 months from assignment at the most; a proposal's outer limit is the province's (6 months in
    Sichuan 2024)."""
    if item.assigned_on is None:
        return None
    return due(_rule(item, "limit"), item.assigned_on, item.agency).due


def reanswer_due_of(item: Item) -> dt.date | None:
    """The province's period for the second answer, from the feedback rating the first answer 不满意 (Sichuan 2024: 3
    months; UNCONFIRMED elsewhere); None when the proposer was satisfied or the item is excused from it."""
    if item.feedback != FB.UNSATISFIED or item.feedback_on is None or item.no_rehandling_reason:
        return None
    return due(_rule(item, "second"), item.feedback_on, item.agency).due


def opinion_due_of(co: CoHandler) -> dt.date | None:
    """The province's period for a co-handler's opinion to the lead agency, from the co-handling assignment
    (UNCONFIRMED: one month when the province sets none)."""
    if co.assigned_on is None:
        return None
    return due(_rule(co.item, "co_opinion"), co.assigned_on, co.item.agency).due


_CLOCKS = {"answer_due": answer_due_of, "answer_limit": answer_limit_of, "reanswer_due": reanswer_due_of}


def _with_clocks(item: Item, **values) -> dict:
    """``values`` and every clock of the item as it will be once they are set (the item itself is left alone)."""
    future = copy.copy(item)
    for name, value in values.items():
        setattr(future, name, value)
    return {**values, **{name: compute(future) for name, compute in _CLOCKS.items()}}


# The assignment and the co-handlers -----------------------------------------------------------------------------


@transaction.atomic
def assign_item(*, agency, by, kind: str, raised_during: str, session: str, number: str, title: str, proposer: str,
                assigned_on: dt.date | None, co_proposers: str = "", category: str = "", summary: str = "",
                assigned_by: str = "") -> Item:
    """Record a suggestion or proposal assigned (交办) to ``agency`` as its lead handling unit; its answer period runs
    from the assignment (代表法 第51条; for a proposal, the province's measure)."""
    _require_writer(agency, by)
    _required(kind=(kind, _("Say whether it is a deputy's suggestion or a CPPCC proposal.")),
              session=(_text(session), _("Name the session that numbered the item.")),
              number=(_text(number), _("Give the item's number in its session.")),
              title=(_text(title), _("Give the item's title.")),
              proposer=(_text(proposer), _("Name the deputy or member who leads the item.")))
    _choice(kind, Item.Kind, "kind", _("Say whether it is a deputy's suggestion or a CPPCC proposal."))
    _choice(raised_during, Item.RaisedDuring, "raised_during",
            _("Say whether the item was raised at the session or between sessions."))
    if category:
        _choice(category, Item.Category, "category", _("Choose the item's subject."))
    item = Item(agency=agency, kind=kind, raised_during=raised_during, session=_text(session), number=_text(number),
                title=_text(title), proposer=_text(proposer), co_proposers=_text(co_proposers), category=category,
                summary=_text(summary), assigned_by=_text(assigned_by), assigned_on=assigned_on)
    _check("assign", assigned_on, item, "assigned_on")
    if item.is_deputy and assigned_on < DEPUTIES_LAW_FROM:
        raise ValidationError({"assigned_on": _(
            "This ledger counts deputies' suggestions under 代表法 as amended on 2025-03-11 (第51条); a suggestion "
            "assigned on %(date)s fell under the earlier text.") % {"date": assigned_on.isoformat()}},
            code="law_in_force")
    if Item.objects.filter(kind=kind, session=item.session, number=item.number).exists():
        raise ValidationError({"number": _("Number %(number)s of %(session)s is already in the ledger.") % {
            "number": item.number, "session": item.session}}, code="unique")
    for field, value in _with_clocks(item).items():
        setattr(item, field, value)
    return create_record(item, by=by)


@transaction.atomic
def add_co_handler(item: Item, *, by, co_assigned_on: dt.date | None, co_agency=None, co_name: str = "") -> CoHandler:
    """Name a co-handling agency (会办单位) of the item, which sends its opinion to the lead agency within the
    province's period (UNCONFIRMED: one month by default)."""
    _require_writer(item.agency_id, by)
    _require_status(item, Item.OPEN_STATUSES, "co_handler")
    name = _text(co_name) or (co_agency.name if co_agency is not None else "")
    _required(co_name=(name, _("Name the co-handling agency.")))
    if co_agency is not None and co_agency.pk == item.agency_id:
        raise ValidationError({"co_agency": _(
            "%(agency)s leads the item and answers it: it is not its own co-handler.") % {"agency": co_agency}},
            code="lead")
    if item.co_handlers.filter(name=name).exists():
        raise ValidationError({"co_name": _("%(name)s already co-handles this item.") % {"name": name}},
                              code="unique")
    _check("co_handler", co_assigned_on, item, "co_assigned_on")
    co = CoHandler(item=item, agency=co_agency, name=name, assigned_on=co_assigned_on, created_by=by)
    co.opinion_due = opinion_due_of(co)
    co.full_clean()
    co.save()
    before = _refresh_deadline(item)
    record_event(action="change", target=item, actor=by, changes={
        "co_handler": [None, {"name": name, "assigned_on": co_assigned_on, "opinion_due": co.opinion_due}],
        **({"next_deadline": [before, item.next_deadline]} if before != item.next_deadline else {})})
    return co


@transaction.atomic
def record_co_handler_opinion(item: Item, *, by, opinion_sent_on: dt.date | None, opinion: str,
                              co_name: str = "") -> CoHandler:
    """Record the opinion a co-handling agency sent to the lead agency, named by the agency (or the only one whose
    opinion is awaited); the item is then being handled. One sent after its period is recorded as late."""
    _require_writer(item.agency_id, by)
    _require_status(item, Item.OPEN_STATUSES, "co_opinion")
    waiting = list(item.co_handlers.filter(opinion_sent_on__isnull=True).order_by("assigned_on", "pk"))
    name = _text(co_name)
    chosen = [co for co in waiting if co.name == name] if name else waiting
    if len(chosen) != 1:
        if not waiting:
            raise IllegalTransition(_("No co-handling agency of this item has an opinion outstanding."),
                                    code="no_co_handler")
        raise ValidationError({"co_name": _("Name the co-handling agency whose opinion this is; awaited: "
                                            "%(names)s.") % {"names": "、".join(co.name for co in waiting)}},
                              code="ambiguous")
    co = chosen[0]
    _required(opinion=(_text(opinion), _("Summarise the co-handling agency's opinion.")))
    _check("co_opinion", opinion_sent_on, item, "opinion_sent_on", co_handler=co.assigned_on)
    co.opinion_sent_on, co.opinion = opinion_sent_on, _text(opinion)
    co.full_clean()
    co.save(update_fields=["opinion_sent_on", "opinion"])
    record_event(action="change", target=item, actor=by, changes={"co_opinion": [None, {
        "name": co.name, "sent_on": opinion_sent_on, "on_time": co.sent_on_time}]})
    if item.status == S.ASSIGNED:
        transition(item, S.IN_PROGRESS, by=by, allowed_from=[S.ASSIGNED])
    else:
        _refresh_deadline(item)
    return co


# Handling and answering ------------------------------------------------------------------------------------------


def record_contact(item: Item, *, by, contacted_on: dt.date | None, contact_method: str,
                   contact_note: str = "") -> Item:
    """Record a contact with the proposer (沟通: a meeting, a site visit, a forum, a call, a letter) while the item is
    handled or handled again; the item is then being handled. Contacts are recorded in the order they took place."""
    _require_writer(item.agency_id, by)
    _require_status(item, Item.CONTACT_STATUSES, "contact")
    _choice(contact_method, Item.ContactMethod, "contact_method", _("Say how the proposer was contacted."))
    _check("contact", contacted_on, item, "contacted_on")
    if item.contacted_on and contacted_on < item.contacted_on:
        raise ValidationError({"contacted_on": _(
            "A contact on %(date)s is already recorded: record the contacts in the order they took place.") % {
            "date": item.contacted_on.isoformat()}}, code="date_order")
    values = {"contacted_on": contacted_on, "contact_method": contact_method, "contact_note": _text(contact_note)}
    if item.status == S.ASSIGNED:
        return transition(item, S.IN_PROGRESS, by=by, allowed_from=[S.ASSIGNED], **values)
    return change_record(item, by=by, **values)


def extend_answer(item: Item, *, by, extended_on: dt.date | None, extension_months: int | None,
                  extension_reason: str, extension_approver: str) -> Item:
    """Give a wide-ranging or difficult item a longer period, approved before its period ends, once, and never past
    6 months from the assignment (代表法 第51条; for a proposal, the province's outer limit)."""
    _require_writer(item.agency_id, by)
    _require_status(item, Item.OPEN_STATUSES, "extend")
    if item.extension_months:
        raise IllegalTransition(_("The period was already extended on %(date)s by %(months)s months.") % {
            "date": item.extended_on.isoformat() if item.extended_on else "—", "months": item.extension_months},
            code="once")
    try:
        months = int(extension_months)
    except (TypeError, ValueError):
        months = 0
    if months < 1:
        raise ValidationError({"extension_months": _("Give the months of the extension.")}, code="required")
    _required(extension_reason=(_text(extension_reason), _(
                  "Say why the item is wide-ranging or difficult to handle (%(source)s).") % {"source": _source(item)}),
              extension_approver=(_text(extension_approver), _("Name who approved the longer period.")))
    _check("extend", extended_on, item, "extended_on")
    if item.answer_due and extended_on > item.answer_due:
        raise ValidationError({"extended_on": _(
            "A longer period is approved before the period ends; it ended on %(due)s (%(source)s).") % {
            "due": item.answer_due.isoformat(), "source": _source(item)}}, code="late")
    values = _with_clocks(item, extended_on=extended_on, extension_months=months,
                          extension_reason=_text(extension_reason), extension_approver=_text(extension_approver))
    if values["answer_limit"] and values["answer_due"] > values["answer_limit"]:
        message = (_("A suggestion is answered 6 months after its assignment at the latest, by %(limit)s (代表法 "
                     "第51条): %(months)s more months would run to %(due)s.") if item.is_deputy else
                   _("A proposal is answered by %(limit)s at the latest, the province's outer limit (本省建议提案办理"
                     "办法): %(months)s more months would run to %(due)s."))
        raise ValidationError({"extension_months": message % {
            "limit": values["answer_limit"].isoformat(), "months": months, "due": values["answer_due"].isoformat()}},
            code="limit")
    return change_record(item, by=by, **values)


def answer(item: Item, *, by, answered_on: dt.date | None, answer_category: str, answer_summary: str) -> Item:
    """Record the lead agency's answer to the proposer (答复), with its category, once the proposer was contacted
    (where the setting asks it) and the co-handlers' opinions are in or their period over; an answer after its
    period is recorded as late (代表法 第51条; for a proposal, the province's measure)."""
    _require_writer(item.agency_id, by)
    _require_status(item, Item.OPEN_STATUSES, "answer")
    _choice(answer_category, Item.AnswerCategory, "answer_category", _("Choose the category of the answer (A, B or C)."))
    _required(answer_summary=(_text(answer_summary), _("Summarise what the answer says.")))
    _check("answer", answered_on, item, "answered_on")
    if contact_required() and item.contacted_on is None:
        raise IllegalTransition(_(
            "Contact the proposer before answering (沟通; the province's practice, setting "
            "FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER): record the contact first."), code="contact_first")
    for co in item.co_handlers.filter(opinion_sent_on__isnull=True).order_by("opinion_due", "pk"):
        if co.opinion_due is not None and answered_on <= co.opinion_due:
            raise IllegalTransition(_(
                "%(agency)s may send its co-handling opinion until %(due)s (%(source)s): record it before answering, "
                "or answer after that day.") % {"agency": co.name, "due": co.opinion_due.isoformat(),
                                                "source": LOCAL}, code="co_opinion")
    return transition(item, S.ANSWERED, by=by, allowed_from=Item.OPEN_STATUSES, answered_on=answered_on,
                      answer_category=answer_category, answer_summary=_text(answer_summary))


def record_feedback(item: Item, *, by, feedback: str, feedback_on: dt.date | None, feedback_note: str = "",
                    no_rehandling_reason: str = "") -> Item:
    """Record how the proposer rated the answer (征询意见表). Not satisfied with the first answer, the item is handled
    again and answered again within the province's period, unless the reason it cannot be is given; an item is
    handled again once, so a second 不满意 needs that reason (legal-rules §7.3, Sichuan 2024)."""
    _require_writer(item.agency_id, by)
    _require_status(item, [S.ANSWERED], "second_feedback" if item.handled_again else "feedback")
    _choice(feedback, FB, "feedback", _("Choose the proposer's feedback: satisfied, basically satisfied or not "
                                        "satisfied."))
    second = item.handled_again
    _check("second_feedback" if second else "feedback", feedback_on, item, "feedback_on")
    reason = _text(no_rehandling_reason)
    if reason and feedback != FB.UNSATISFIED:
        raise ValidationError({"no_rehandling_reason": _(
            "Only an answer rated not satisfied needs a reason for not handling the item again.")}, code="reason")
    if second and feedback == FB.UNSATISFIED and not reason:
        raise ValidationError({"no_rehandling_reason": _(
            "The proposer is not satisfied with the second answer either: an item is handled again once (%(source)s). "
            "Say why the request cannot be met.") % {"source": LOCAL}}, code="reason_required")
    if second:
        values = {"second_feedback": feedback, "second_feedback_on": feedback_on,
                  "second_feedback_note": _text(feedback_note), "no_rehandling_reason": reason}
    else:
        values = _with_clocks(item, feedback=feedback, feedback_on=feedback_on, feedback_note=_text(feedback_note),
                              no_rehandling_reason=reason)
    return transition(item, S.RATED, by=by, allowed_from=[S.ANSWERED], **values)


def reopen(item: Item, *, by, reopened_on: dt.date | None, reopen_note: str = "") -> Item:
    """Start the second handling of an item whose first answer the proposer rated not satisfied (重新办理); the second
    answer is due within the province's period of the feedback (legal-rules §7.3, Sichuan 2024: 3 months)."""
    _require_writer(item.agency_id, by)
    _require_status(item, [S.RATED], "reopen")
    if item.handled_again:
        raise IllegalTransition(_("The item was already handled again from %(date)s: it is handled again once "
                                  "(%(source)s).") % {"date": item.reopened_on.isoformat(), "source": LOCAL},
                                code="once")
    if item.feedback != FB.UNSATISFIED:
        raise IllegalTransition(_("Only an answer the proposer rated not satisfied is handled again (%(source)s).") % {
            "source": LOCAL}, code="not_unsatisfied")
    if item.no_rehandling_reason:
        raise IllegalTransition(_("The item is not to be handled again: %(reason)s") % {
            "reason": item.no_rehandling_reason}, code="excused")
    _check("reopen", reopened_on, item, "reopened_on")
    return transition(item, S.REOPENED, by=by, allowed_from=[S.RATED], reopened_on=reopened_on,
                      reopen_note=_text(reopen_note))


def answer_again(item: Item, *, by, reanswered_on: dt.date | None, reanswer_category: str,
                 reanswer_summary: str) -> Item:
    """Record the second answer of an item handled again, after a new contact with the proposer where the setting
    asks it; one after its period is recorded as late (legal-rules §7.3)."""
    _require_writer(item.agency_id, by)
    _require_status(item, [S.REOPENED], "answer_again")
    _choice(reanswer_category, Item.AnswerCategory, "reanswer_category",
            _("Choose the category of the answer (A, B or C)."))
    _required(reanswer_summary=(_text(reanswer_summary), _("Summarise what the answer says.")))
    _check("answer_again", reanswered_on, item, "reanswered_on")
    if contact_required() and (item.contacted_on is None or item.contacted_on < item.reopened_on):
        raise IllegalTransition(_(
            "Contact the proposer again in the second handling, on or after %(date)s, before answering again (沟通; "
            "the province's practice, setting FAZHI_SUGGESTIONS_CONTACT_BEFORE_ANSWER).") % {
            "date": item.reopened_on.isoformat()}, code="contact_first")
    return transition(item, S.ANSWERED, by=by, allowed_from=[S.REOPENED], reanswered_on=reanswered_on,
                      reanswer_category=reanswer_category, reanswer_summary=_text(reanswer_summary))


# Publication and closing ------------------------------------------------------------------------------------------


def _published(item: Item) -> bool:
    """Whether the item's last answer is published."""
    return item.published_on is not None and (item.reanswered_on is None or item.published_on >= item.reanswered_on)


def publish_answer(item: Item, *, by, published_on: dt.date | None) -> Item:
    """Record the publication of the answer (办理复文公开) where the province publishes them; a second answer is
    published again."""
    _require_writer(item.agency_id, by)
    _require_status(item, [S.ANSWERED, S.RATED, S.CLOSED], "publish")
    if _published(item):
        raise IllegalTransition(_("The answer was already published on %(date)s.") % {
            "date": item.published_on.isoformat()}, code="once")
    _check("publish", published_on, item, "published_on")
    return change_record(item, by=by, published_on=published_on)


def close_item(item: Item, *, by, closed_on: dt.date | None, closing_note: str = "") -> Item:
    """Close an answered item. What is missing needs the closing note: the proposer's feedback that did not come, the
    reason a 不满意 item is not handled again (kept as that reason), the publication the province expects."""
    _require_writer(item.agency_id, by)
    _require_status(item, [S.ANSWERED, S.RATED], "close")
    note = _text(closing_note)
    values: dict = {"closed_on": closed_on, "closing_note": note}
    if item.awaits_second_handling:
        if not note:
            raise ValidationError({"closing_note": _(
                "The proposer was not satisfied with the answer: handle the item again (重新办理) by %(due)s, or say in "
                "the closing note why it cannot be (%(source)s).") % {
                "due": item.reanswer_due.isoformat() if item.reanswer_due else "—", "source": LOCAL}},
                code="second_handling")
        values |= {"no_rehandling_reason": note, "reanswer_due": None}
    if item.status == S.ANSWERED and not note:
        raise ValidationError({"closing_note": _(
            "No feedback from the proposer is recorded: record it first (征询意见表), or say in the closing note why it "
            "did not come (%(source)s).") % {"source": LOCAL}}, code="no_feedback")
    if publication_expected() and not _published(item) and not note:
        raise ValidationError({"closing_note": _(
            "The province expects the answer published (setting FAZHI_SUGGESTIONS_PUBLISH_ANSWERS): publish it "
            "first, or say in the closing note why it is not.")}, code="not_published")
    _check("close", closed_on, item, "closed_on")
    return transition(item, S.CLOSED, by=by, allowed_from=[S.ANSWERED, S.RATED], **values)
