"""JSON endpoints of the penalty-case ledger: cases from filing to closing (one endpoint per step), on-the-spot
decisions, and the agencies' discretion standards and lenient lists.

Everything goes through the scope: another agency's case answers 404; a reader who does not keep the ledger (the
rule-of-law office, the leaders) is refused with 403; a refused step answers 422 naming the field, with the
action's message citing the article, or 409 when the case's state forbids it (a decision without the legal review
the case needs, a step out of turn). A step's body names its fields as the case does (``decided_on``,
``served_on``…), so a 422 names the field the caller sent.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Search, Text, Year
from fazhi.core import limits
from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for
from fazhi.penalties import actions
from fazhi.penalties.models import Case, CaseRecord, DiscretionStandard, LenientItem
from fazhi.penalties.views import filtered_cases  # the list page's filters, each on its index

router = Router(tags=["penalty cases"])

#: An amount in yuan, as the case keeps it (14 digits, 2 decimals).
Amount = Annotated[Decimal, Field(ge=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2)]
#: The officers acting: at least one, a handful at most.
Officers = Annotated[list[Id], Field(max_length=50)]


# Answers ------------------------------------------------------------------------------------------------------


class RecordOut(Schema):
    id: int
    action: str
    action_label: str
    on: dt.date
    officer_ids: list[int]
    description: str
    av_reference: str

    @staticmethod
    def resolve_action_label(obj):
        return str(obj.get_action_display())

    @staticmethod
    def resolve_officer_ids(obj):
        return sorted(o.pk for o in obj.officers.all())


class CaseOut(OwnedOut):
    id: int
    body_id: int
    body_name: str
    number: str
    title: str
    procedure: str
    status: str
    status_label: str
    domain: str
    party_kind: str
    party_name: str
    party_code: str
    opened_on: dt.date
    officer_ids: list[int]
    major_categories: list[str]
    complex_case: bool
    penalty_types: list[str]
    fine: Decimal | None
    outcome: str
    decision_number: str
    decided_on: dt.date | None
    decision_due: dt.date | None
    published_on: dt.date | None
    next_deadline: dt.date | None

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_officer_ids(obj):
        return sorted(o.pk for o in obj.officers.all())


class CaseDetailOut(CaseOut):
    """The whole case: its dates, the party's rights, the review and discussion, the decision, its service and
    publication, and the recorded actions (执法全过程记录)."""

    party_address: str
    violation_on: dt.date
    violation_ended_on: dt.date | None
    serious_harm: bool
    discovered_on: dt.date
    sole_officer_basis: str
    investigation_ended_on: dt.date | None
    confiscation: Decimal | None
    discretion_id: int | None
    discretion_reason: str
    notified_on: dt.date | None
    notice_received_on: dt.date | None
    hearing_right: bool
    hearing_request_due: dt.date | None
    statement: str
    hearing_requested_on: dt.date | None
    hearing_notified_on: dt.date | None
    hearing_on: dt.date | None
    hearing_chair: str
    hearing_record: str
    review_submitted_on: dt.date | None
    reviewer: str
    reviewer_qualification: str
    reviewed_on: dt.date | None
    review_result: str
    review_opinion: str
    discussed_on: dt.date | None
    discussion_record: str
    lenient_item_id: int | None
    facts: str
    legal_basis: str
    performance: str
    remedy: str
    party_present: bool
    served_on: dt.date | None
    service_method: str
    service_due: dt.date | None
    executed_on: dt.date | None
    execution: str
    closed_on: dt.date | None
    dropped_on: dt.date | None
    drop_reason: str
    extension_days: int
    extension_reason: str
    extension_approver: str
    pauses: list[list[str | None]]
    publication_due: dt.date | None
    takedown_on: dt.date | None
    revoked_on: dt.date | None
    revocation: str
    revocation_reason: str
    withdrawal_due: dt.date | None
    publication_withdrawn_on: dt.date | None
    records: list[RecordOut]

    @staticmethod
    def resolve_records(obj):
        return list(obj.records.all())


class StandardOut(OwnedOut):
    id: int
    domain: str
    code: str
    violation: str
    legal_basis: str
    circumstance: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    other_penalties: str
    active: bool


class LenientItemOut(OwnedOut):
    id: int
    kind: str
    domain: str
    code: str
    violation: str
    legal_basis: str
    conditions: str
    active: bool


# Bodies -------------------------------------------------------------------------------------------------------


class _Party(Schema):
    number: Line(60)
    title: Line(200)
    party_kind: Case.PartyKind
    party_name: Line(200)
    party_code: Line(18) = ""
    party_address: Line(300) = ""
    domain: Line(60) = ""
    officers: Officers
    sole_officer_basis: Line(200) = ""


class CaseIn(_Party):
    body: Id
    violation_on: Day
    violation_ended_on: Day | None = None
    serious_harm: bool = False
    discovered_on: Day
    opened_on: Day


class OnTheSpotIn(_Party):
    body: Id
    on: Day
    penalty_types: list[Case.PenaltyType]
    fine: Amount | None = None
    facts: Text(limits.TEXT)
    legal_basis: Text(limits.REASON)
    remedy: Text(limits.REASON)
    performance: Text(limits.REASON) = ""


class RecordIn(Schema):
    action: CaseRecord.Action
    on: Day
    officers: Officers
    description: Text(limits.TEXT)
    av_reference: Line(200) = ""


class InvestigationEndIn(Schema):
    investigation_ended_on: Day


class MajorIn(Schema):
    major_categories: Annotated[list[Case.MajorCategory], Field(max_length=20)] = []
    complex_case: bool = False


class NoticeIn(Schema):
    notified_on: Day
    penalty_types: Annotated[list[Case.PenaltyType], Field(max_length=20)]
    fine: Amount | None = None
    confiscation: Amount | None = None
    discretion: Id | None = None
    discretion_reason: Text(limits.REASON) = ""


class NoticeReceivedIn(Schema):
    notice_received_on: Day


class HearingRequestIn(Schema):
    hearing_requested_on: Day


class HearingNoticeIn(Schema):
    hearing_notified_on: Day


class HearingIn(Schema):
    hearing_on: Day
    hearing_chair: Line(60)
    hearing_record: Text(limits.TEXT)


class StatementIn(Schema):
    statement: Text(limits.TEXT)


class ReviewSubmissionIn(Schema):
    review_submitted_on: Day


class ReviewIn(Schema):
    reviewed_on: Day
    reviewer: Line(60)
    reviewer_qualification: Line(60)
    review_result: Case.ReviewResult
    review_opinion: Text(limits.TEXT)


class DiscussionIn(Schema):
    discussed_on: Day
    discussion_record: Text(limits.TEXT)


class ExtensionIn(Schema):
    extension_days: Annotated[int, Field(ge=1, le=365)]
    extension_reason: Text(limits.REASON)
    extension_approver: Line(60)


class PauseIn(Schema):
    start: Day
    end: Day | None = None
    reason: Text(limits.REASON)


class DecisionIn(Schema):
    decided_on: Day
    outcome: Case.Outcome
    decision_number: Line(60) = ""
    facts: Text(limits.TEXT) = ""
    legal_basis: Text(limits.REASON) = ""
    performance: Text(limits.REASON) = ""
    remedy: Text(limits.REASON) = ""
    party_present: bool = False
    lenient_item: Id | None = None


class ServiceIn(Schema):
    served_on: Day
    service_method: Line(60)


class ExecutionIn(Schema):
    executed_on: Day
    execution: Line(200)


class CloseIn(Schema):
    closed_on: Day


class DropIn(Schema):
    dropped_on: Day
    drop_reason: Text(limits.REASON)


class PublicationIn(Schema):
    published_on: Day


class RevocationIn(Schema):
    revoked_on: Day
    revocation: Case.Revocation
    revocation_reason: Text(limits.REASON)


class WithdrawalIn(Schema):
    publication_withdrawn_on: Day


class StandardIn(Schema):
    agency: Code
    domain: Line(60)
    code: Line(30)
    violation: Line(300)
    legal_basis: Text(limits.REASON)
    circumstance: Line(120)
    fine_min: Amount | None = None
    fine_max: Amount | None = None
    other_penalties: Line(300) = ""


class LenientItemIn(Schema):
    agency: Code
    kind: LenientItem.Kind
    domain: Line(60)
    code: Line(30)
    violation: Line(300)
    legal_basis: Text(limits.REASON)
    conditions: Text(limits.REASON)


# Helpers ------------------------------------------------------------------------------------------------------


def _agency(request, code: str) -> Agency:
    """An agency the caller may read, by its code; 404 otherwise (an outsider learns nothing)."""
    agency = scope_for(request.user).agencies().filter(code=code, is_active=True).select_related("region").first()
    if agency is None:
        raise Http404
    return agency


def _act(func, *args, rename: dict[str, str] | None = None, **kwargs):
    """Call the action; its refusal answers 422 naming the field (``rename`` maps the action's names to the body's),
    403 or 409."""
    try:
        return func(*args, **kwargs)
    except (PermissionDenied, ValidationError) as exc:
        if rename and isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            fields: dict[str, list] = {}
            for name, errors in exc.error_dict.items():
                fields.setdefault(rename.get(name, name), []).extend(errors)
            exc = ValidationError(fields)
        raise refusal(exc) from None


def _values(items) -> list[str]:
    return [str(getattr(item, "value", item)) for item in items]


def _cases(qs):
    """``qs`` with what the answers read, in a fixed number of queries whatever the page's length."""
    return qs.select_related("agency__region", "body").prefetch_related("officers")


def _case(request, case_id: int) -> Case:
    records = CaseRecord.objects.prefetch_related("officers").order_by("on", "pk")
    qs = _cases(Case.objects.filter(withdrawn_at__isnull=True)).prefetch_related(Prefetch("records", queryset=records))
    return get_visible_or_404(request.user, qs, pk=case_id)


def _officers(request, ids: list[int]) -> list[Officer]:
    """The officers named, each visible to the caller; 404 otherwise."""
    found = list(Officer.objects.visible_to(request.user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404
    return found


def _body(request, body_id: int) -> EnforcementBody:
    return get_visible_or_404(request.user, EnforcementBody.objects.select_related("agency__region"), pk=body_id)


# Cases ------------------------------------------------------------------------------------------------------


@router.get("/penalty-cases", response=list[CaseOut], summary="Penalty cases the caller may see")
@paginate
def list_cases(request, q: Search = "", agency: Code = "", body: Id | None = None, status: Code = "",
               year: Year | None = None):
    """``status``: investigating, notified, hearing, decided, served, closed or dropped; ``year``: of the filing."""
    filters = {"q": q.strip(), "agency": agency, "body": body,
               "status": status if status in Case.Status.values else "", "year": year}
    return _cases(filtered_cases(request.user, filters)).order_by("-opened_on", "-pk")


@router.post("/penalty-cases", response=CaseDetailOut, summary="File a case (立案, 行政处罚法 第54条)")
def create_case(request, payload: CaseIn):
    body = _body(request, payload.body)
    officers = _officers(request, payload.officers)
    data = payload.dict(exclude={"body", "officers"}) | {"party_kind": str(payload.party_kind.value)}
    case = _act(actions.open_case, body=body, by=request.user, officers=officers, **data)
    return _case(request, case.pk)


@router.post("/penalty-cases/on-the-spot", response=CaseDetailOut,
             summary="Decide on the spot (simplified procedure, 行政处罚法 第51–52条)")
def create_on_the_spot(request, payload: OnTheSpotIn):
    body = _body(request, payload.body)
    officers = _officers(request, payload.officers)
    data = payload.dict(exclude={"body", "officers"}) | {"party_kind": str(payload.party_kind.value),
                                                         "penalty_types": _values(payload.penalty_types)}
    case = _act(actions.decide_on_the_spot, body=body, by=request.user, officers=officers, **data,
                rename={"violation_on": "on", "discovered_on": "on", "opened_on": "on", "decided_on": "on"})
    return _case(request, case.pk)


@router.get("/penalty-cases/{case_id}", response=CaseDetailOut,
            summary="One case with its recorded actions and next deadline")
def get_case(request, case_id: Id):
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/records", response=CaseDetailOut,
             summary="Record an action of the case (执法全过程记录, 第47条)")
def add_record(request, case_id: Id, payload: RecordIn):
    case = _case(request, case_id)
    officers = _officers(request, payload.officers)
    _act(actions.add_record, case, by=request.user, action=str(payload.action.value), on=payload.on,
         officers=officers, description=payload.description, av_reference=payload.av_reference)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/end-investigation", response=CaseDetailOut,
             summary="End the investigation (第55条)")
def end_investigation(request, case_id: Id, payload: InvestigationEndIn):
    case = _case(request, case_id)
    _act(actions.end_investigation, case, by=request.user, on=payload.investigation_ended_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/major", response=CaseDetailOut,
             summary="Say why the case is major (第58条) and whether the leaders discuss it (第57条)")
def mark_major(request, case_id: Id, payload: MajorIn):
    case = _case(request, case_id)
    _act(actions.mark_major, case, by=request.user, categories=_values(payload.major_categories),
         complex_case=payload.complex_case)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/notice", response=CaseDetailOut,
             summary="Tell the party of the intended penalty and its rights (第44、45、63条)")
def notify_penalty(request, case_id: Id, payload: NoticeIn):
    case = _case(request, case_id)
    discretion = None
    if payload.discretion is not None:
        discretion = get_visible_or_404(request.user, DiscretionStandard.objects.all(), pk=payload.discretion)
    _act(actions.notify_penalty, case, by=request.user, on=payload.notified_on,
         penalty_types=_values(payload.penalty_types), fine=payload.fine, confiscation=payload.confiscation,
         discretion=discretion, discretion_reason=payload.discretion_reason)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/notice-received", response=CaseDetailOut,
             summary="Record the day the party received the notice (第64条)")
def receive_notice(request, case_id: Id, payload: NoticeReceivedIn):
    case = _case(request, case_id)
    _act(actions.receive_notice, case, by=request.user, on=payload.notice_received_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/hearing-request", response=CaseDetailOut,
             summary="Record the party's request for a hearing (第63–64条)")
def request_hearing(request, case_id: Id, payload: HearingRequestIn):
    case = _case(request, case_id)
    _act(actions.request_hearing, case, by=request.user, on=payload.hearing_requested_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/hearing-notice", response=CaseDetailOut,
             summary="Send the hearing's time and place (第64条第2项)")
def notify_hearing(request, case_id: Id, payload: HearingNoticeIn):
    case = _case(request, case_id)
    _act(actions.notify_hearing, case, by=request.user, on=payload.hearing_notified_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/hearing", response=CaseDetailOut,
             summary="Record the hearing with its chair and record (第64条)")
def hold_hearing(request, case_id: Id, payload: HearingIn):
    case = _case(request, case_id)
    _act(actions.hold_hearing, case, by=request.user, on=payload.hearing_on, chair=payload.hearing_chair,
         record=payload.hearing_record)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/statement", response=CaseDetailOut,
             summary="Record the party's statement and defence (第45条)")
def record_statement(request, case_id: Id, payload: StatementIn):
    case = _case(request, case_id)
    _act(actions.record_statement, case, by=request.user, statement=payload.statement)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/review-submission", response=CaseDetailOut,
             summary="Submit the case for legal review (法制审核, 第58条)")
def submit_for_review(request, case_id: Id, payload: ReviewSubmissionIn):
    case = _case(request, case_id)
    _act(actions.submit_for_review, case, by=request.user, on=payload.review_submitted_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/review", response=CaseDetailOut,
             summary="Record the legal review by a qualified reviewer (第58条)")
def record_review(request, case_id: Id, payload: ReviewIn):
    case = _case(request, case_id)
    _act(actions.record_review, case, by=request.user, on=payload.reviewed_on, reviewer=payload.reviewer,
         qualification=payload.reviewer_qualification, result=str(payload.review_result.value),
         opinion=payload.review_opinion)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/discussion", response=CaseDetailOut,
             summary="Record the leaders' collective discussion (第57条第2款)")
def record_discussion(request, case_id: Id, payload: DiscussionIn):
    case = _case(request, case_id)
    _act(actions.record_discussion, case, by=request.user, on=payload.discussed_on, record=payload.discussion_record)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/extension", response=CaseDetailOut,
             summary="Extend the case period as a rule allows, with its approval (第60条)")
def extend_period(request, case_id: Id, payload: ExtensionIn):
    case = _case(request, case_id)
    _act(actions.extend_period, case, by=request.user, days=payload.extension_days, reason=payload.extension_reason,
         approver=payload.extension_approver)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/pauses", response=CaseDetailOut,
             summary="Exclude time from the case period as a rule provides (第60条)")
def pause_period(request, case_id: Id, payload: PauseIn):
    case = _case(request, case_id)
    _act(actions.pause_period, case, by=request.user, start=payload.start, end=payload.end, reason=payload.reason)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/decide", response=CaseDetailOut,
             summary="Decide the case with what 第59条 requires (第57条)")
def decide(request, case_id: Id, payload: DecisionIn):
    case = _case(request, case_id)
    item = None
    if payload.lenient_item is not None:
        item = get_visible_or_404(request.user, LenientItem.objects.all(), pk=payload.lenient_item)
    _act(actions.decide, case, by=request.user, on=payload.decided_on, outcome=str(payload.outcome.value),
         decision_number=payload.decision_number, facts=payload.facts, legal_basis=payload.legal_basis,
         performance=payload.performance, remedy=payload.remedy, party_present=payload.party_present,
         lenient_item=item)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/serve", response=CaseDetailOut,
             summary="Record the service of the decision (第61条)")
def serve_decision(request, case_id: Id, payload: ServiceIn):
    case = _case(request, case_id)
    _act(actions.serve_decision, case, by=request.user, on=payload.served_on, method=payload.service_method)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/execution", response=CaseDetailOut,
             summary="Record how the decision was carried out (第66条)")
def record_execution(request, case_id: Id, payload: ExecutionIn):
    case = _case(request, case_id)
    _act(actions.record_execution, case, by=request.user, on=payload.executed_on, execution=payload.execution)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/close", response=CaseDetailOut, summary="Close the case")
def close_case(request, case_id: Id, payload: CloseIn):
    case = _case(request, case_id)
    _act(actions.close_case, case, by=request.user, on=payload.closed_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/drop", response=CaseDetailOut,
             summary="Drop the case before its decision (撤销立案), with the reason")
def drop_case(request, case_id: Id, payload: DropIn):
    case = _case(request, case_id)
    _act(actions.drop_case, case, by=request.user, on=payload.dropped_on, reason=payload.drop_reason)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/publish", response=CaseDetailOut,
             summary="Publish the decision on the portal (第48条; 国办发〔2018〕118号)")
def publish_decision(request, case_id: Id, payload: PublicationIn):
    case = _case(request, case_id)
    _act(actions.publish_decision, case, by=request.user, on=payload.published_on)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/revoke", response=CaseDetailOut,
             summary="Record that the decision was changed, revoked, declared unlawful or void (第48条)")
def revoke_decision(request, case_id: Id, payload: RevocationIn):
    case = _case(request, case_id)
    _act(actions.revoke_decision, case, by=request.user, on=payload.revoked_on, kind=str(payload.revocation.value),
         reason=payload.revocation_reason)
    return _case(request, case_id)


@router.post("/penalty-cases/{case_id}/withdraw-publication", response=CaseDetailOut,
             summary="Take the published decision off the portal (第48条第2款)")
def withdraw_publication(request, case_id: Id, payload: WithdrawalIn):
    case = _case(request, case_id)
    _act(actions.withdraw_publication, case, by=request.user, on=payload.publication_withdrawn_on)
    return _case(request, case_id)


# Discretion standards and lenient lists -----------------------------------------------------------------------


@router.get("/penalties/discretion-standards", response=list[StandardOut],
            summary="Discretion standards (裁量基准, 第34条) the caller may see")
@paginate
def list_standards(request, agency: Code = "", q: Search = ""):
    qs = DiscretionStandard.objects.visible_to(request.user)
    if agency:
        qs = qs.filter(agency__code=agency)
    if q.strip():
        qs = qs.filter(Q(code__icontains=q.strip()) | Q(violation__icontains=q.strip()))
    return qs.select_related("agency").order_by("agency__name", "domain", "code", "pk")


@router.post("/penalties/discretion-standards", response=StandardOut,
             summary="Add a line to an agency's discretion standard (第34条)")
def create_standard(request, payload: StandardIn):
    agency = _agency(request, payload.agency)
    standard = _act(actions.add_discretion_standard, agency=agency, by=request.user,
                    **payload.dict(exclude={"agency"}))
    return DiscretionStandard.objects.select_related("agency").get(pk=standard.pk)


@router.get("/penalties/lenient-items", response=list[LenientItemOut],
            summary="Items of the lists of violations not penalised (第33条) the caller may see")
@paginate
def list_lenient_items(request, agency: Code = "", kind: Code = ""):
    qs = LenientItem.objects.visible_to(request.user)
    if agency:
        qs = qs.filter(agency__code=agency)
    if kind in LenientItem.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.select_related("agency").order_by("agency__name", "kind", "code", "pk")


@router.post("/penalties/lenient-items", response=LenientItemOut,
             summary="Add an item to an agency's list of violations not penalised (首违不罚, 轻微不罚, 第33条)")
def create_lenient_item(request, payload: LenientItemIn):
    agency = _agency(request, payload.agency)
    item = _act(actions.add_lenient_item, agency=agency, by=request.user,
                **payload.dict(exclude={"agency"}) | {"kind": str(payload.kind.value)})
    return LenientItem.objects.select_related("agency").get(pk=item.pk)
