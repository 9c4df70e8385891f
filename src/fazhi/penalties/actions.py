"""What people do with penalty cases: every step is one of these audited actions, refused when the law forbids it.

The department's clerks keep its cases (``enforcement.actions.can_write``); the rule-of-law office and the leaders
read them. Each action checks the status (``transition``), the dates against each other and today (``PROCEDURE``),
the gates the law sets (the officers of 第42条, the limitation of 第36条, the notice of 第44条, the hearing periods
of 第64条, the legal review of 第58条, the collective discussion of 第57条, the contents of 第59条, the on-the-spot
limits of 第51条), and keeps the statutory clocks on the row (the decision of 第60条, the service of 第61条, the
publication of 118号, the withdrawal of 第48条).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.audit.actions import record_event
from fazhi.clock import Pause, PauseKind
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.enforcement.actions import can_write, id_number_problem, mask_id_number, require_assignable
from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.ledgers.clock import due
from fazhi.penalties.models import (
    ON_THE_SPOT_LIMIT,
    Case,
    CaseRecord,
    DiscretionStandard,
    LenientItem,
    add_years,
    av_required_actions,
    credit_code_problem,
    hearing_fine,
    major_fine,
    publication_years,
)
from fazhi.penalties.procedure import PROCEDURE, dates_of

__all__ = [
    "add_discretion_standard", "add_lenient_item", "add_record", "close_case", "decide", "decide_on_the_spot",
    "drop_case", "end_investigation", "extend_period", "hold_hearing", "mark_major", "notify_hearing",
    "notify_penalty", "open_case", "pause_period", "publish_decision", "receive_notice", "record_discussion",
    "record_execution", "record_review", "request_hearing", "retire_list_entry", "revoke_decision",
    "serve_decision", "submit_for_review", "withdraw_publication",
]

S = Case.Status
OUT = Case.Outcome
LAW = "行政处罚法"
_HEAVY = {Case.PenaltyType.GRADE_LOWERED, Case.PenaltyType.LICENCE_REVOKED, Case.PenaltyType.STOP_BUSINESS,
          Case.PenaltyType.CLOSURE, Case.PenaltyType.PRACTICE_RESTRICTED}


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_writer(agency, by) -> None:
    if not can_write(by, agency):
        raise IllegalTransition(_("Only the clerks of %(agency)s may change its penalty cases.") % {"agency": agency},
                                code="forbidden")


def _text(value) -> str:
    return (value or "").strip()


def _required(**values) -> None:
    """Refuse, naming every required field left empty at once (``field=(value, message)``)."""
    missing = {name: message for name, (value, message) in values.items() if value in (None, "", [], ())}
    if missing:
        raise ValidationError(missing, code="required")


def _amount(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise ValidationError({field: _("Give an amount in yuan, such as 5000 or 1250.50.")}, code="invalid") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e12"):
        raise ValidationError({field: _("Give an amount in yuan, such as 5000 or 1250.50.")}, code="invalid")
    return amount


def _check(step: str, on: dt.date | None, case: Case, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(case), **extra}, field=field)


def _decision_due(case: Case) -> dt.date | None:
    """第60条: 90 days from filing, plus an approved extension, without the time a rule excludes."""
    if case.opened_on is None:
        return None
    pauses = [Pause(PauseKind.SPECIAL_EXCLUSION, dt.date.fromisoformat(p[0]),
                    dt.date.fromisoformat(p[1]) if p[1] else None) for p in case.pauses]
    deadline = due("penalty.decision", case.opened_on, case.agency, pauses=pauses)
    if deadline.due is None:
        return None
    return deadline.due + dt.timedelta(days=case.extension_days)


def _party_problem(kind: str, code: str) -> str:
    if not code:
        return ""
    if kind == Case.PartyKind.PERSON:
        return id_number_problem(code)
    return credit_code_problem(code)


def _penalty_types(values: Iterable[str]) -> list[str]:
    valid = set(Case.PenaltyType.values)
    chosen = [value for value in dict.fromkeys(values or []) if value]
    unknown = [value for value in chosen if value not in valid]
    if unknown:
        raise ValidationError({"penalty_types": _("Unknown penalty: %(values)s.") % {"values": "、".join(unknown)}},
                              code="invalid")
    return chosen


def automatic_categories(case: Case) -> set[str]:
    """The reasons a case is major that follow from its figures: a fine at or above the local threshold, a penalty
    outside the discretion standard, and a hearing held on a heavy penalty (第58条第1款第2项)."""
    M = Case.MajorCategory
    found = set()
    if case.fine is not None and case.fine >= major_fine(case.party_kind):
        found.add(M.LARGE_FINE)
    if case.discretion_id and not case.discretion.allows(case.fine):
        found.add(M.DISCRETION)
    if case.hearing_on:
        found.add(M.HEARD)
    return found


def hearing_eligible(case: Case) -> bool:
    """第63条: a large fine, a large confiscation, a heavy penalty, or what another rule names, gives the right to
    request a hearing."""
    threshold = hearing_fine(case.party_kind)
    if case.fine is not None and case.fine >= threshold:
        return True
    if case.confiscation is not None and case.confiscation >= threshold:
        return True
    return bool(_HEAVY & set(case.penalty_types))


# Filing ---------------------------------------------------------------------------------------------------------


def limitation_end(case: Case) -> dt.date:
    """第36条: the last day a violation may be discovered: 2 years from it (or its end), 5 with serious harm."""
    rule = "penalty.limitation_serious" if case.serious_harm else "penalty.limitation"
    return due(rule, case.limitation_start, case.agency).due


@transaction.atomic
def open_case(*, body: EnforcementBody, by, number: str, title: str, party_kind: str, party_name: str,
              violation_on: dt.date | None, discovered_on: dt.date | None, opened_on: dt.date | None,
              officers: Iterable[Officer], party_code: str = "", party_address: str = "", domain: str = "",
              violation_ended_on: dt.date | None = None, serious_harm: bool = False,
              sole_officer_basis: str = "") -> Case:
    """File a case (立案, 第54条): within the limitation of 第36条, with officers who may enforce (第42条)."""
    _require_writer(body.agency_id, by)
    if body.status != EnforcementBody.Status.ACTIVE:
        raise ValidationError({"body": _("%(body)s is no longer an enforcement body.") % {"body": body.name}})
    _required(number=(_text(number), _("Give the case number.")),
              title=(_text(title), _("Give the case name.")),
              party_name=(_text(party_name), _("Give the party's name.")),
              party_kind=(party_kind, _("Say whether the party is a citizen or an organisation.")))
    if party_kind not in Case.PartyKind.values:
        raise ValidationError({"party_kind": _("Say whether the party is a citizen or an organisation.")})
    code = _text(party_code).upper()
    problem = _party_problem(party_kind, code)
    if problem:
        raise ValidationError({"party_code": problem}, code="invalid")
    case = Case(agency_id=body.agency_id, body=body, number=_text(number), title=_text(title), domain=_text(domain),
                party_kind=party_kind, party_name=_text(party_name), party_address=_text(party_address),
                party_code=mask_id_number(code) if party_kind == Case.PartyKind.PERSON else code,
                violation_on=violation_on, violation_ended_on=violation_ended_on, serious_harm=bool(serious_harm),
                discovered_on=discovered_on, opened_on=opened_on, sole_officer_basis=_text(sole_officer_basis))
    case.agency = body.agency
    _check("violation", violation_on, case, "violation_on")
    if violation_ended_on:
        _check("violation_end", violation_ended_on, case, "violation_ended_on")
    _check("discover", discovered_on, case, "discovered_on")
    _check("open", opened_on, case, "opened_on")
    last = limitation_end(case)
    if discovered_on > last:
        raise ValidationError({"discovered_on": _(
            "The violation of %(start)s was discovered on %(found)s, after the limitation period ended on %(last)s: "
            "it is not penalised (行政处罚法 第36条, %(years)s years).") % {
            "start": case.limitation_start.isoformat(), "found": discovered_on.isoformat(), "last": last.isoformat(),
            "years": 5 if serious_harm else 2}}, code="limitation")
    officers = list(officers)
    require_assignable(officers, opened_on, law_allows_one=sole_officer_basis)
    if Case.objects.filter(agency_id=body.agency_id, number=case.number).exists():
        raise ValidationError({"number": _("Case number %(number)s is already used.") % {"number": case.number}},
                              code="unique")
    case.decision_due = _decision_due(case)
    create_record(case, by=by)
    case.officers.set(officers)
    return case


@transaction.atomic
def add_record(case: Case, *, by, action: str, on: dt.date | None, officers: Iterable[Officer], description: str,
               av_reference: str = "") -> CaseRecord:
    """Record an action of the case (执法全过程记录, 第47条), by officers who may enforce that day (第42条); the actions
    the rules name need an audio-video record (118号)."""
    _require_writer(case.agency_id, by)
    if case.is_withdrawn or case.status in (S.CLOSED, S.DROPPED):
        raise IllegalTransition(_("The case is closed: nothing more is recorded on it."), code="closed")
    if action not in CaseRecord.Action.values:
        raise ValidationError({"action": _("Choose the action recorded.")})
    _required(description=(_text(description), _("Write what was done and found.")))
    _check("record", on, case, "on")
    if action in av_required_actions() and not _text(av_reference):
        raise ValidationError({"av_reference": _(
            "“%(action)s” is recorded on audio-video as well (国办发〔2018〕118号, 全程音像记录): give where the "
            "recording is kept.") % {"action": CaseRecord.Action(action).label}}, code="av_required")
    officers = list(officers)
    require_assignable(officers, on, law_allows_one=case.sole_officer_basis)
    record = CaseRecord.objects.create(case=case, action=action, on=on, description=_text(description),
                                       av_reference=_text(av_reference), created_by=by)
    record.officers.set(officers)
    record_event(action="change", target=case, actor=by, changes={"record": [None, {
        "action": action, "on": on.isoformat(), "officers": [o.name for o in officers],
        "av_reference": record.av_reference}]})
    return record


def end_investigation(case: Case, *, by, on: dt.date | None) -> Case:
    _require_writer(case.agency_id, by)
    if case.status != S.INVESTIGATING:
        raise IllegalTransition(_("Only a case under investigation can end its investigation."), code="status")
    _check("investigation_end", on, case, "investigation_ended_on")
    return change_record(case, by=by, investigation_ended_on=on)


def mark_major(case: Case, *, by, categories: Iterable[str], complex_case: bool = False) -> Case:
    """Say why the case is major (第58条) and whether its leaders discuss it (第57条); the fine, the discretion
    standard and a hearing add their own reasons."""
    _require_writer(case.agency_id, by)
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("A decided case can no longer be marked major."), code="status")
    chosen = [c for c in dict.fromkeys(categories or []) if c]
    unknown = [c for c in chosen if c not in Case.MajorCategory.values]
    if unknown:
        raise ValidationError({"major_categories": _("Unknown category: %(values)s.") % {"values": "、".join(unknown)}})
    chosen = sorted(set(chosen) | automatic_categories(case))
    return change_record(case, by=by, major_categories=chosen, complex_case=bool(complex_case))


# The intended penalty, the party's rights, the hearing ----------------------------------------------------------


def _set_penalty(case: Case, *, penalty_types, fine, confiscation, discretion, discretion_reason) -> dict:
    """The penalty's fields, checked: a fine needs its type; a fine outside the discretion range needs a reason."""
    types = _penalty_types(penalty_types)
    fine = _amount(fine, "fine")
    confiscation = _amount(confiscation, "confiscation")
    if not types:
        raise ValidationError({"penalty_types": _("Choose the penalty (行政处罚法 第9条).")}, code="required")
    if fine and Case.PenaltyType.FINE not in types:
        types.append(Case.PenaltyType.FINE)
    if Case.PenaltyType.FINE in types and not fine:
        raise ValidationError({"fine": _("Give the amount of the fine.")}, code="required")
    if discretion is not None and isinstance(discretion, int | str):
        discretion = DiscretionStandard.objects.filter(pk=discretion, agency_id=case.agency_id).first()
        if discretion is None:
            raise ValidationError({"discretion": _("Choose a discretion standard of this agency.")})
    if discretion is not None and discretion.agency_id != case.agency_id:
        raise ValidationError({"discretion": _("Choose a discretion standard of this agency.")})
    reason = _text(discretion_reason)
    if discretion is not None and not discretion.allows(fine) and not reason:
        raise ValidationError({"discretion_reason": _(
            "A fine of %(fine)s yuan lies outside the range of %(standard)s (%(low)s–%(high)s yuan): give the reason, "
            "which the legal review will see (行政处罚法 第34条).") % {
            "fine": fine, "standard": discretion.code, "low": discretion.fine_min if discretion.fine_min is not None
            else "—", "high": discretion.fine_max if discretion.fine_max is not None else "—"}},
            code="discretion_reason")
    return {"penalty_types": types, "fine": fine, "confiscation": confiscation, "discretion": discretion,
            "discretion_reason": reason}


def notify_penalty(case: Case, *, by, on: dt.date | None, penalty_types: Iterable[str], fine=None, confiscation=None,
                   discretion=None, discretion_reason: str = "") -> Case:
    """Tell the party of the intended penalty and of the rights to state a case, defend and, where 第63条 gives it,
    request a hearing (第44、45、63条)."""
    _require_writer(case.agency_id, by)
    values = _set_penalty(case, penalty_types=penalty_types, fine=fine, confiscation=confiscation,
                          discretion=discretion, discretion_reason=discretion_reason)
    _check("notice", on, case, "notified_on")
    for name, value in values.items():
        setattr(case, name, value)
    values["hearing_right"] = hearing_eligible(case)
    values["major_categories"] = sorted(set(case.major_categories) | automatic_categories(case))
    return transition(case, S.NOTIFIED, by=by, allowed_from=[S.INVESTIGATING], notified_on=on, **values)


def receive_notice(case: Case, *, by, on: dt.date | None) -> Case:
    """Record the day the party received the notice: the 5 working days to request a hearing run from it (第64条)."""
    _require_writer(case.agency_id, by)
    if case.status != S.NOTIFIED or case.notice_received_on:
        raise IllegalTransition(_("Record the receipt once the notice is sent, and only once."), code="status")
    _check("notice_received", on, case, "notice_received_on")
    request_due = due("penalty.hearing_request", on, case.agency).due if case.hearing_right else None
    return change_record(case, by=by, notice_received_on=on, hearing_request_due=request_due)


def request_hearing(case: Case, *, by, on: dt.date | None) -> Case:
    """The party requests a hearing: only where it has the right, within 5 working days of the notice (第64条)."""
    _require_writer(case.agency_id, by)
    if not case.hearing_right:
        raise IllegalTransition(_(
            "The intended penalty gives no right to a hearing (行政处罚法 第63条): record the party's statement "
            "instead."), code="no_hearing_right")
    if case.notice_received_on is None:
        raise IllegalTransition(_("Record the day the party received the notice first."), code="order")
    _check("hearing_request", on, case, "hearing_requested_on")
    if case.hearing_request_due and on > case.hearing_request_due:
        raise ValidationError({"hearing_requested_on": _(
            "A hearing is requested within 5 working days of the notice (行政处罚法 第64条): the last day was "
            "%(due)s.") % {"due": case.hearing_request_due.isoformat()}}, code="late")
    return transition(case, S.HEARING, by=by, allowed_from=[S.NOTIFIED], hearing_requested_on=on)


def notify_hearing(case: Case, *, by, on: dt.date | None) -> Case:
    """Send the hearing's time and place: at least 7 working days before it (第64条第2项)."""
    _require_writer(case.agency_id, by)
    if case.status != S.HEARING:
        raise IllegalTransition(_("The party has not requested a hearing."), code="status")
    _check("hearing_notice", on, case, "hearing_notified_on")
    return change_record(case, by=by, hearing_notified_on=on)


def earliest_hearing(case: Case) -> dt.date | None:
    """The first day the hearing may be held: 7 working days after its notice (第64条第2项)."""
    if case.hearing_notified_on is None:
        return None
    return due("penalty.hearing_notice", case.hearing_notified_on, case.agency).due


def hold_hearing(case: Case, *, by, on: dt.date | None, chair: str, record: str) -> Case:
    """Record the hearing, chaired by someone who did not investigate (第64条第4项), with its record (第64条第8项)."""
    _require_writer(case.agency_id, by)
    if case.status != S.HEARING or case.hearing_on:
        raise IllegalTransition(_("Record a hearing once it is requested, and only once."), code="status")
    if case.hearing_notified_on is None:
        raise IllegalTransition(_("Send the notice of the hearing first (行政处罚法 第64条第2项)."), code="order")
    _required(hearing_chair=(_text(chair), _("Name the chair of the hearing.")),
              hearing_record=(_text(record), _("Give the hearing record.")))
    _check("hearing", on, case, "hearing_on")
    earliest = earliest_hearing(case)
    if earliest and on < earliest:
        raise ValidationError({"hearing_on": _(
            "The party is told of a hearing 7 working days before it (行政处罚法 第64条第2项): notified on %(sent)s, "
            "it may be held from %(earliest)s.") % {"sent": case.hearing_notified_on.isoformat(),
                                                   "earliest": earliest.isoformat()}}, code="too_early")
    if _text(chair) in {officer.name for officer in case.officers.all()}:
        raise ValidationError({"hearing_chair": _(
            "The chair of the hearing is not one of the officers who investigated the case (行政处罚法 第64条第4项)."
        )}, code="chair")
    case.hearing_on = on
    categories = sorted(set(case.major_categories) | automatic_categories(case))
    return change_record(case, by=by, hearing_on=on, hearing_chair=_text(chair), hearing_record=_text(record),
                         major_categories=categories)


def record_statement(case: Case, *, by, statement: str) -> Case:
    _require_writer(case.agency_id, by)
    if case.status not in (S.NOTIFIED, S.HEARING):
        raise IllegalTransition(_("The party states its case after the notice of the intended penalty."))
    return change_record(case, by=by, statement=_text(statement))


# Legal review, collective discussion, the period --------------------------------------------------------------


def submit_for_review(case: Case, *, by, on: dt.date | None) -> Case:
    _require_writer(case.agency_id, by)
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("Only a case not yet decided goes to legal review."), code="status")
    if case.status == S.HEARING and case.hearing_on is None:
        raise IllegalTransition(_("The hearing was requested: the legal review follows it (行政处罚法 第58条)."),
                                code="order")
    _check("review_submit", on, case, "review_submitted_on")
    return change_record(case, by=by, review_submitted_on=on, reviewed_on=None, review_result="")


def record_review(case: Case, *, by, on: dt.date | None, reviewer: str, qualification: str, result: str,
                  opinion: str) -> Case:
    """Record the legal review (法制审核, 第58条) by a reviewer with the legal professional qualification."""
    _require_writer(case.agency_id, by)
    if case.review_submitted_on is None or case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("Submit the case for legal review first."), code="order")
    _required(reviewer=(_text(reviewer), _("Name the legal reviewer.")),
              reviewer_qualification=(_text(qualification), _(
                  "Give the number of the reviewer's legal professional qualification certificate (行政处罚法 第58条"
                  "第2款).")),
              review_result=(result, _("Give the result of the review.")),
              review_opinion=(_text(opinion), _("Give the review's opinion.")))
    if result not in Case.ReviewResult.values:
        raise ValidationError({"review_result": _("Give the result of the review.")})
    if _text(reviewer) in {officer.name for officer in case.officers.all()}:
        raise ValidationError({"reviewer": _(
            "The legal reviewer is not one of the officers who investigated the case (国办发〔2018〕118号).")})
    _check("review", on, case, "reviewed_on")
    return change_record(case, by=by, reviewer=_text(reviewer), reviewer_qualification=_text(qualification),
                         reviewed_on=on, review_result=result, review_opinion=_text(opinion))


def record_discussion(case: Case, *, by, on: dt.date | None, record: str) -> Case:
    """Record the collective discussion of the agency's leaders (第57条第2款)."""
    _require_writer(case.agency_id, by)
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("Only a case not yet decided is discussed."), code="status")
    _required(discussion_record=(_text(record), _("Give the record of the discussion.")))
    _check("discussion", on, case, "discussed_on")
    return change_record(case, by=by, discussed_on=on, discussion_record=_text(record))


def extend_period(case: Case, *, by, days: int, reason: str, approver: str) -> Case:
    """Extend the case period where a law, regulation or rule allows it (第60条), with the approval recorded."""
    _require_writer(case.agency_id, by)
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("Only the period of a case not yet decided is extended."), code="status")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days <= 0 or days > 365:
        raise ValidationError({"extension_days": _("Give the days of the extension, from 1 to 365.")})
    _required(extension_reason=(_text(reason), _("Give the reason and the rule that allows the extension.")),
              extension_approver=(_text(approver), _("Name who approved the extension.")))
    case.extension_days = days
    return change_record(case, by=by, extension_days=days, extension_reason=_text(reason),
                         extension_approver=_text(approver), decision_due=_decision_due(case))


def pause_period(case: Case, *, by, start: dt.date | None, end: dt.date | None, reason: str) -> Case:
    """Exclude time from the case period as a rule provides (第60条: hearing, expert opinion, testing…)."""
    _require_writer(case.agency_id, by)
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("Only the period of a case not yet decided is paused."), code="status")
    _required(reason=(_text(reason), _("Give the reason and the rule that excludes the time.")))
    _check("record", start, case, "start", )
    if start < case.opened_on:
        raise ValidationError({"start": _("The pause starts on or after the filing (%(date)s).") % {
            "date": case.opened_on.isoformat()}})
    if end is not None and end < start:
        raise ValidationError({"end": _("The pause cannot end before it starts.")})
    pauses = [*case.pauses, [start.isoformat(), end.isoformat() if end else None, _text(reason)]]
    case.pauses = pauses
    return change_record(case, by=by, pauses=pauses, decision_due=_decision_due(case))


# The decision --------------------------------------------------------------------------------------------------


def _lenient(case: Case, outcome: str, item) -> LenientItem | None:
    if outcome not in Case.LENIENT_OUTCOMES:
        return None
    kind = LenientItem.Kind.FIRST if outcome == OUT.FIRST_VIOLATION else LenientItem.Kind.MINOR
    if isinstance(item, int | str) and item != "":
        item = LenientItem.objects.filter(pk=item).first()
    if not item or item.agency_id != case.agency_id or item.kind != kind or not item.active:
        raise ValidationError({"lenient_item": _(
            "Cite the item of the agency's list of %(list)s that applies (行政处罚法 第33条).") % {
            "list": LenientItem.Kind(kind).label}}, code="lenient_item")
    return item


def _decision_gates(case: Case, outcome: str, on: dt.date) -> None:
    """Refuse a penalty the law does not yet allow: the notice and its periods, the hearing, the review, the
    discussion."""
    if outcome == OUT.PENALTY:
        if case.notified_on is None:
            raise IllegalTransition(_(
                "Tell the party of the intended penalty and its rights before deciding (行政处罚法 第44、62条)."),
                code="notice_required")
        if case.notice_received_on is None:
            raise IllegalTransition(_("Record the day the party received the notice before deciding (第44、62条)."),
                                    code="notice_required")
        if case.status == S.HEARING and case.hearing_on is None:
            raise IllegalTransition(_(
                "The party requested a hearing: decide after it, on its record (行政处罚法 第65条)."),
                code="hearing_pending")
        if case.status == S.NOTIFIED and case.hearing_request_due and on <= case.hearing_request_due:
            raise ValidationError({"decided_on": _(
                "The party may request a hearing until %(due)s (行政处罚法 第64条): decide after that day.") % {
                "due": case.hearing_request_due.isoformat()}}, code="hearing_period")
    if case.is_major and case.review_result != Case.ReviewResult.PASSED:
        why = "、".join(str(Case.MajorCategory(c).label) for c in case.major_categories)
        raise IllegalTransition(_(
            "This case is major (%(why)s): without a passed legal review no decision may be made (行政处罚法 第58条)."
        ) % {"why": why}, code="review_required")
    if case.complex_case and case.discussed_on is None:
        raise IllegalTransition(_(
            "The agency's leaders discuss this case collectively before it is decided (行政处罚法 第57条第2款)."),
            code="discussion_required")


@transaction.atomic
def decide(case: Case, *, by, on: dt.date | None, outcome: str, decision_number: str = "", facts: str = "",
           legal_basis: str = "", performance: str = "", remedy: str = "", party_present: bool = False,
           lenient_item=None) -> Case:
    """Decide the case (第57条) with every content 第59条 requires; a lenient outcome cites its list item (第33条)."""
    _require_writer(case.agency_id, by)
    if outcome not in OUT.values:
        raise ValidationError({"outcome": _("Choose the outcome of the case.")})
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("The case is already decided or closed."), code="status")
    item = _lenient(case, outcome, lenient_item)
    _check("decision", on, case, "decided_on")
    _decision_gates(case, outcome, on)
    referral = outcome == OUT.REFERRED
    required = {"facts": (_text(facts), _("State the facts and evidence (行政处罚法 第59条第2项)."))}
    if not referral:
        required |= {
            "decision_number": (_text(decision_number), _("Give the decision's number.")),
            "legal_basis": (_text(legal_basis), _("State the legal basis (第59条第3项).")),
            "remedy": (_text(remedy), _("State the route and deadline for reconsideration or litigation (第59条第5项).")),
        }
    if outcome == OUT.PENALTY:
        required |= {
            "performance": (_text(performance), _("State the manner and deadline of performance (第59条第4项).")),
            "party_address": (case.party_address, _("The decision names the party's address (第59条第1项): add it "
                                                    "to the case.")),
        }
    _required(**required)
    number = _text(decision_number)
    _require_unused_number(case, number)
    values = {"facts": _text(facts), "legal_basis": _text(legal_basis), "performance": _text(performance),
              "remedy": _text(remedy), "party_present": bool(party_present), "lenient_item": item}
    return _record_decision(case, by=by, on=on, outcome=outcome, number=number, values=values,
                            served_on_the_spot=bool(party_present))


def _require_unused_number(case: Case, number: str) -> None:
    if number and Case.objects.filter(agency_id=case.agency_id, decision_number=number).exclude(pk=case.pk).exists():
        raise ValidationError({"decision_number": _("Decision number %(number)s is already used.") % {
            "number": number}}, code="unique")


def _record_decision(case: Case, *, by, on: dt.date, outcome: str, number: str, values: dict,
                     served_on_the_spot: bool = False, reason: str = "") -> Case:
    """Move the case to its decision: a referral closes it (第57条), a decision handed to the party present is
    served (第61条), any other is to be served; the publication falls due (118号)."""
    case.outcome = outcome
    values = {**values, "outcome": outcome, "decided_on": on, "decision_number": number}
    target = S.DECIDED
    if outcome == OUT.REFERRED:
        target, values["closed_on"] = S.CLOSED, on
    elif served_on_the_spot:
        target, values["served_on"], values["service_method"] = S.SERVED, on, _("delivered on the spot")
    else:
        values["service_due"] = due("penalty.service", on, case.agency).due
    values["publication_due"] = _publication_due(case, on)
    return transition(case, target, by=by, allowed_from=Case.PENDING_STATUSES, reason=reason, **values)


#: Kept with a decision entered from an agency's records made before fazhi, in the audit trail.
EARLIER_DECISION = gettext_lazy(
    "decided before the agency used fazhi: entered from its records; the steps before the decision (evidence, notice, "
    "hearing, legal review) are in the paper file")


@transaction.atomic
def record_earlier_decision(case: Case, *, by, on: dt.date | None, outcome: str, decision_number: str = "",
                            penalty_types: Iterable[str] = (), fine=None, confiscation=None,
                            lenient_item_code: str = "") -> Case:
    """Enter the decision of a case an agency decided before it used fazhi (a department moving its year's cases in
    from Excel): the outcome, the number, the penalty and the day, in order after the filing, and for 首违不罚 or
    轻微不罚 the item of the agency's list it applied, by its code (第33条), as the decision on the page asks. The
    steps before the decision are in the agency's paper file and are not asked for; the audit trail says so. From
    here on the case goes on as any other: service, execution, closing and publication with their deadlines."""
    _require_writer(case.agency_id, by)
    if outcome not in OUT.values:
        raise ValidationError({"outcome": _("Choose the outcome of the case.")})
    if case.status not in Case.PENDING_STATUSES:
        raise IllegalTransition(_("The case is already decided or closed."), code="status")
    _check("decision", on, case, "decided_on")
    number = _text(decision_number)
    if outcome != OUT.REFERRED:
        _required(decision_number=(number, _("Give the decision's number.")))
    _require_unused_number(case, number)
    values = {}
    if outcome == OUT.PENALTY:
        values = _set_penalty(case, penalty_types=penalty_types, fine=fine, confiscation=confiscation,
                              discretion=None, discretion_reason="")
    elif list(penalty_types) or fine or confiscation:
        raise ValidationError({"penalty_types": _("Only a penalty imposed has a penalty and amounts.")})
    if outcome in Case.LENIENT_OUTCOMES:
        code = _text(lenient_item_code)
        kind = LenientItem.Kind.FIRST if outcome == OUT.FIRST_VIOLATION else LenientItem.Kind.MINOR
        item = LenientItem.objects.filter(agency_id=case.agency_id, kind=kind, code=code).first() if code else None
        values["lenient_item"] = _lenient(case, outcome, item)
    return _record_decision(case, by=by, on=on, outcome=outcome, number=number, values=values,
                            reason=str(EARLIER_DECISION))


# The stored deadlines, computed again from the case (``procedure.CLOCKS``) when a holiday notice changes their days.


def decision_due_of(case: Case) -> dt.date | None:
    return _decision_due(case)


def hearing_request_due_of(case: Case) -> dt.date | None:
    if not case.hearing_right or case.notice_received_on is None:
        return None
    return due("penalty.hearing_request", case.notice_received_on, case.agency).due


def service_due_of(case: Case) -> dt.date | None:
    return due("penalty.service", case.decided_on, case.agency).due if case.decided_on else None


def publication_due_of(case: Case) -> dt.date | None:
    return _publication_due(case, case.decided_on) if case.decided_on else None


def withdrawal_due_of(case: Case) -> dt.date | None:
    return due("penalty.withdrawal", case.revoked_on, case.agency).due if case.revoked_on else None


def _publication_due(case: Case, decided_on: dt.date) -> dt.date | None:
    """118号: licensing and penalty decisions published within 7 working days, other decisions within 20."""
    if not case.publishable:
        return None
    rule = "enforcement.publication_penalty" if case.outcome == OUT.PENALTY else "enforcement.publication"
    return due(rule, decided_on, case.agency).due


@transaction.atomic
def decide_on_the_spot(*, body: EnforcementBody, by, number: str, title: str, party_kind: str, party_name: str,
                       on: dt.date | None, officers: Iterable[Officer], penalty_types: Iterable[str], fine=None,
                       facts: str, legal_basis: str, remedy: str, performance: str = "", party_code: str = "",
                       party_address: str = "", domain: str = "", sole_officer_basis: str = "") -> Case:
    """A simplified-procedure decision on the spot (第51–52条): a warning, or a fine up to 200 yuan on a citizen or
    3,000 yuan on an organisation; filed, decided and delivered in one step."""
    types = _penalty_types(penalty_types)
    amount = _amount(fine, "fine")
    allowed = {Case.PenaltyType.WARNING, Case.PenaltyType.FINE}
    if not types or set(types) - allowed:
        raise ValidationError({"penalty_types": _(
            "On the spot only a warning or a fine is imposed (行政处罚法 第51条).")}, code="on_the_spot")
    limit = ON_THE_SPOT_LIMIT.get(party_kind)
    if amount and limit is not None and amount > limit:
        raise ValidationError({"fine": _(
            "On the spot a fine is at most %(limit)s yuan on %(party)s (行政处罚法 第51条): use the ordinary "
            "procedure.") % {"limit": limit, "party": Case.PartyKind(party_kind).label}}, code="on_the_spot")
    case = open_case(body=body, by=by, number=number, title=title, party_kind=party_kind, party_name=party_name,
                     violation_on=on, discovered_on=on, opened_on=on, officers=officers, party_code=party_code,
                     party_address=party_address, domain=domain, sole_officer_basis=sole_officer_basis)
    case = change_record(case, by=by, procedure=Case.Procedure.SIMPLIFIED, penalty_types=types, fine=amount)
    _required(facts=(_text(facts), _("State the facts (行政处罚法 第52条).")),
              legal_basis=(_text(legal_basis), _("State the legal basis (第52条).")),
              remedy=(_text(remedy), _("State the route and deadline for reconsideration or litigation (第52条).")))
    case.outcome = OUT.PENALTY
    return transition(case, S.SERVED, by=by, allowed_from=[S.INVESTIGATING], outcome=OUT.PENALTY, decided_on=on,
                      decision_number=_text(number), facts=_text(facts), legal_basis=_text(legal_basis),
                      remedy=_text(remedy), performance=_text(performance), party_present=True, served_on=on,
                      service_method=_("delivered on the spot"), publication_due=_publication_due(case, on))


# After the decision ---------------------------------------------------------------------------------------------


def serve_decision(case: Case, *, by, on: dt.date | None, method: str) -> Case:
    """Serve the decision on a party who was absent (第61条: within 7 working days)."""
    _require_writer(case.agency_id, by)
    _required(service_method=(_text(method), _("Say how the decision was served.")))
    _check("service", on, case, "served_on")
    return transition(case, S.SERVED, by=by, allowed_from=[S.DECIDED], served_on=on, service_method=_text(method))


def record_execution(case: Case, *, by, on: dt.date | None, execution: str) -> Case:
    _require_writer(case.agency_id, by)
    if case.status != S.SERVED:
        raise IllegalTransition(_("The decision is carried out once served."), code="status")
    _required(execution=(_text(execution), _("Say how the decision was carried out (paid, enforced, applied to the "
                                              "court…).")))
    _check("execution", on, case, "executed_on")
    return change_record(case, by=by, executed_on=on, execution=_text(execution))


def close_case(case: Case, *, by, on: dt.date | None) -> Case:
    """Close a case once its decision is served and, for a penalty, carried out."""
    _require_writer(case.agency_id, by)
    if case.outcome == OUT.PENALTY and case.executed_on is None and case.status == S.SERVED:
        raise IllegalTransition(_("Record how the penalty was carried out before closing the case."),
                                code="execution_required")
    _check("close", on, case, "closed_on")
    return transition(case, S.CLOSED, by=by, allowed_from=[S.SERVED], closed_on=on)


def drop_case(case: Case, *, by, on: dt.date | None, reason: str) -> Case:
    """Drop a case before its decision (撤销立案), with the reason."""
    _require_writer(case.agency_id, by)
    _required(drop_reason=(_text(reason), _("Give the reason for dropping the case.")))
    _check("drop", on, case, "dropped_on")
    return transition(case, S.DROPPED, by=by, allowed_from=Case.PENDING_STATUSES, dropped_on=on,
                      drop_reason=_text(reason), reason=_text(reason))


# Publication -----------------------------------------------------------------------------------------------------


def publish_decision(case: Case, *, by, on: dt.date | None) -> Case:
    """Publish the decision on the portal (第48条; 118号), to be taken down after the configured years."""
    _require_writer(case.agency_id, by)
    if case.status not in Case.DECIDED_STATUSES or not case.publishable:
        raise IllegalTransition(_("Only a decided penalty or lenient decision is published."), code="status")
    if case.published_on or case.revoked_on:
        raise IllegalTransition(_("The decision is already published, or was changed or revoked."), code="status")
    _check("publication", on, case, "published_on")
    return change_record(case, by=by, published_on=on,
                         takedown_on=add_years(on, publication_years(case.party_kind)))


def revoke_decision(case: Case, *, by, on: dt.date | None, kind: str, reason: str) -> Case:
    """Record that the decision was changed, revoked or declared unlawful or void; what was published is withdrawn
    within 3 working days (第48条第2款)."""
    _require_writer(case.agency_id, by)
    if case.status not in Case.DECIDED_STATUSES or case.revoked_on:
        raise IllegalTransition(_("Only a decision in force is changed or revoked."), code="status")
    if kind not in Case.Revocation.values:
        raise ValidationError({"revocation": _("Say what happened to the decision.")})
    _required(revocation_reason=(_text(reason), _("Give the reason, with the decision or judgment behind it.")))
    _check("revocation", on, case, "revoked_on")
    withdrawal = due("penalty.withdrawal", on, case.agency).due if case.published_on else None
    return change_record(case, by=by, revoked_on=on, revocation=kind, revocation_reason=_text(reason),
                         withdrawal_due=withdrawal)


def withdraw_publication(case: Case, *, by, on: dt.date | None) -> Case:
    """Take the published decision off the portal, with the reason the revocation gave (第48条第2款)."""
    _require_writer(case.agency_id, by)
    if not case.published_on or case.publication_withdrawn_on:
        raise IllegalTransition(_("Only a published decision is withdrawn, once."), code="status")
    if not case.revoked_on:
        raise IllegalTransition(_("Record the change or revocation of the decision first (行政处罚法 第48条)."),
                                code="order")
    _check("withdrawal", on, case, "publication_withdrawn_on")
    return change_record(case, by=by, publication_withdrawn_on=on)


# Masking for the public --------------------------------------------------------------------------------------------

_ID = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def mask_name(name: str) -> str:
    """A citizen's name with all but its first character hidden (张三 → 张*)."""
    name = _text(name)
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def public_text(case: Case, text: str) -> str:
    """``text`` as the portal shows it: a citizen's name, identity numbers and mobile numbers hidden."""
    text = _ID.sub(lambda m: mask_id_number(m.group(0)), text or "")
    text = _MOBILE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)
    if case.party_kind == Case.PartyKind.PERSON and _text(case.party_name):
        text = text.replace(_text(case.party_name), mask_name(case.party_name))
    return text


def public_party(case: Case) -> tuple[str, str]:
    """The party's name and code as published: an organisation in full, a citizen masked."""
    if case.party_kind == Case.PartyKind.PERSON:
        return mask_name(case.party_name), mask_id_number(case.party_code) if case.party_code else ""
    return case.party_name, case.party_code


# The discretion standard and the lenient lists --------------------------------------------------------------------


def _list_fields(required: dict) -> dict:
    _required(**required)
    return {name: _text(value) for name, (value, _message) in required.items()}


@transaction.atomic
def add_discretion_standard(*, agency, by, domain: str, code: str, violation: str, legal_basis: str,
                            circumstance: str, fine_min=None, fine_max=None,
                            other_penalties: str = "") -> DiscretionStandard:
    """Add a line to the agency's discretion standard (裁量基准, 行政处罚法 第34条)."""
    _require_writer(agency.pk, by)
    values = _list_fields({
        "domain": (domain, _("Give the enforcement domain.")),
        "code": (code, _("Give the item number.")),
        "violation": (violation, _("Describe the violation.")),
        "legal_basis": (legal_basis, _("State the legal basis of the penalty.")),
        "circumstance": (circumstance, _("Give the circumstance the range applies to.")),
    })
    low, high = _amount(fine_min, "fine_min"), _amount(fine_max, "fine_max")
    if low is not None and high is not None and low > high:
        raise ValidationError({"fine_max": _("The highest fine is not below the lowest.")}, code="invalid")
    if DiscretionStandard.objects.filter(agency=agency, code=values["code"]).exists():
        raise ValidationError({"code": _("Item number %(code)s is already used.") % {"code": values["code"]}},
                              code="unique")
    standard = DiscretionStandard.objects.create(agency=agency, fine_min=low, fine_max=high,
                                                 other_penalties=_text(other_penalties), **values)
    record_event(action="create", target=standard, actor=by, changes={
        "violation": [None, standard.violation], "circumstance": [None, standard.circumstance],
        "fine_min": [None, str(low) if low is not None else None],
        "fine_max": [None, str(high) if high is not None else None]})
    return standard


@transaction.atomic
def add_lenient_item(*, agency, by, kind: str, domain: str, code: str, violation: str, legal_basis: str,
                     conditions: str) -> LenientItem:
    """Add an item to the agency's published list of violations not penalised (首违不罚、轻微不罚, 第33条)."""
    _require_writer(agency.pk, by)
    if kind not in LenientItem.Kind.values:
        raise ValidationError({"kind": _("Choose the list: first violation or minor violation.")})
    values = _list_fields({
        "domain": (domain, _("Give the enforcement domain.")),
        "code": (code, _("Give the item number.")),
        "violation": (violation, _("Describe the violation.")),
        "legal_basis": (legal_basis, _("State the legal basis.")),
        "conditions": (conditions, _("State when the item applies.")),
    })
    if LenientItem.objects.filter(agency=agency, kind=kind, code=values["code"]).exists():
        raise ValidationError({"code": _("Item number %(code)s is already used.") % {"code": values["code"]}},
                              code="unique")
    item = LenientItem.objects.create(agency=agency, kind=kind, **values)
    record_event(action="create", target=item, actor=by, changes={
        "kind": [None, kind], "violation": [None, item.violation]})
    return item


def retire_list_entry(entry: DiscretionStandard | LenientItem, *, by, reason: str):
    """Take a line of the discretion standard or an item of a lenient list out of force, with the reason; the
    cases that cited it keep it."""
    _require_writer(entry.agency_id, by)
    if not entry.active:
        raise IllegalTransition(_("This entry is already out of force."), code="status")
    _required(reason=(_text(reason), _("Give the reason.")))
    entry.active = False
    entry.save(update_fields=["active"])
    record_event(action="change", target=entry, actor=by, changes={"active": [True, False]}, reason=_text(reason))
    return entry
