"""JSON endpoints of data collection: rounds, submissions and their figures, the steps, the roll-up.

A submission's detail lists the questions its figures raise against last year's (``questions.py``) with their
answers; the clerk answers them (``PUT …/explanations``) before submitting, which is refused (422, one error
per open question) until then.

Every query goes through the organisation scope. A refused step answers 409 with ``{"detail": message}``,
a step the caller may not take 403, and figures that do not pass the checks 422 with one error per metric
(nothing is saved then).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.api.refusals import refusal
from fazhi.api.types import Code, Id, Line, OwnedOut, Text, Year
from fazhi.collection import actions, excel, questions, rollup
from fazhi.collection.models import Round, Submission
from fazhi.collection.rules import board_colour, lateness
from fazhi.core import limits
from fazhi.metrics.models import Metric, Topic
from fazhi.org.models import Agency, Region
from fazhi.org.scope import get_visible_or_404, scope_for

router = Router(tags=["data collection"])

TOPIC_ORDER = {value: index for index, value in enumerate(Topic.values)}
#: Codes of refusals that mean "not yours to do" (403) rather than "not now" (409).


def plain(number: Decimal | None) -> str | None:
    """Return a figure as plain digits ("12", "12.5"), or None when empty."""
    if number is None:
        return None
    return f"{Decimal(number).normalize():f}"


def _red_after() -> int:
    return settings.FAZHI_COLLECTION_RED_AFTER_DAYS


# Schemas -------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FigureErrorOut(Schema):
    field: str | None
    message: str
    type: str | None = None


class FigureErrorsOut(Schema):
    detail: str
    errors: list[FigureErrorOut]


class RoundOut(OwnedOut):
    id: int
    title: str
    year: int
    status: str
    status_label: str
    region_code: str
    region_name: str
    due_date: dt.date
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    next_deadline: dt.date | None

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


    @staticmethod
    def resolve_region_code(obj):
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj):
        return obj.region.name


class SubmissionOut(OwnedOut):
    id: int
    round_id: int
    round_title: str
    year: int
    status: str
    status_label: str
    required: bool
    region_code: str
    due_date: dt.date
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    returned_at: dt.datetime | None
    return_reason: str
    reminder_count: int
    late: bool
    days_late: int
    colour: str
    next_deadline: dt.date | None

    @staticmethod
    def resolve_round_title(obj):
        return obj.round.title

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


    @staticmethod
    def resolve_region_code(obj):
        return obj.agency.region.code

    @staticmethod
    def resolve_due_date(obj):
        return obj.round.due_date

    @staticmethod
    def resolve_late(obj):
        return _lateness(obj).is_late

    @staticmethod
    def resolve_days_late(obj):
        return _lateness(obj).days

    @staticmethod
    def resolve_colour(obj):
        return board_colour(obj.status, obj.round.due_date, timezone.localdate(), red_after=_red_after())


class RoundDetailOut(RoundOut):
    counts: dict[str, int]
    outstanding: int
    submissions: list[SubmissionOut]

    @staticmethod
    def resolve_counts(obj):
        return dict.fromkeys(Submission.Status.values, 0) | rollup.submission_counts(obj)

    @staticmethod
    def resolve_outstanding(obj):
        return actions.outstanding(obj).count()

    @staticmethod
    def resolve_submissions(obj, context):
        return list(
            _submissions(context["request"].user)
            .filter(round=obj)
            .order_by("agency__kind", "agency__region__code", "agency__name")
        )


class ValueOut(Schema):
    code: str
    label: str
    unit: str
    topic: str
    value: str | None
    last_year: str | None
    note: str
    computed: bool
    read_only: bool


class QuestionOut(Schema):
    """A figure put to the clerk: last year's and this year's, why, and the answer that holds for them."""

    code: str
    label: str
    unit: str
    last_year: str
    value: str
    change: str
    change_percent: str | None
    swing: bool = Field(description="A count or amount that moved by half or more of a base of at least 10")
    decline: bool = Field(description="An indicator that got worse on last year (Metric.better)")
    text: str
    answered: bool
    confirmed: bool
    explanation: str
    answered_by: str | None
    answered_at: dt.datetime | None


class SubmissionDetailOut(SubmissionOut):
    can_edit: bool
    can_review: bool
    values: list[ValueOut]
    questions: list[QuestionOut]

    @staticmethod
    def resolve_can_edit(obj, context):
        editable = obj.is_pending and obj.round.status == Round.Status.OPEN and not obj.is_withdrawn
        return editable and scope_for(context["request"].user).can_write_agency(obj.agency_id)

    @staticmethod
    def resolve_can_review(obj, context):
        return obj.round.status == Round.Status.OPEN and scope_for(context["request"].user).can_write_agency(
            obj.round.agency_id
        )

    @staticmethod
    def resolve_values(obj):
        return _value_rows(obj)

    @staticmethod
    def resolve_questions(obj):
        return [_question_row(q) for q in questions.questions_for(obj)]


#: A figure as a client sends it: digits as text, or a JSON number (finite, at most 15 digits before the point).
Figure = Line(40) | Annotated[int, Field(ge=-(10**15), le=10**15)] | Annotated[
    float, Field(ge=-(10**15), le=10**15, allow_inf_nan=False)]


class ValueIn(Schema):
    value: Figure | None = None
    note: Text(limits.REASON) | None = None


class ValuesIn(Schema):
    values: dict[Code, ValueIn] = Field(..., max_length=1000)


class ReturnIn(Schema):
    reason: Text(limits.REASON)


class AnswerIn(Schema):
    confirmed: bool = Field(False, description="The figure is right (数据无误)")
    text: Text(questions.MAX_EXPLANATION) = Field("", description="Why the figure changed; empty with confirmed "
                                                                   "false withdraws the answer")
    value: Figure | None = Field(
        None, description="This year's figure the question was read about: refused (422) when it changed since")


class AnswersIn(Schema):
    answers: dict[Code, AnswerIn] = Field(..., max_length=1000)


class RegionRef(Schema):
    code: str
    name: str
    level: str


class TotalOut(Schema):
    code: str
    label: str
    unit: str
    topic: str
    value: str | None


class ChildTotalsOut(Schema):
    region: RegionRef
    totals: dict[str, str | None]


class RollupOut(Schema):
    year: int
    region: RegionRef
    include_submitted: bool
    totals: list[TotalOut]
    own: dict[str, str | None]
    children: list[ChildTotalsOut]


class ContributionOut(Schema):
    submission_id: int
    agency_code: str
    agency_name: str
    region_name: str
    status: str
    counted: bool
    value: str | None
    numerator: str | None
    denominator: str | None


class ContributionsOut(Schema):
    year: int
    region: RegionRef
    metric: TotalOut
    include_submitted: bool
    own_only: bool
    total: str | None
    contributions: list[ContributionOut]


# Helpers -------------------------------------------------------------------------------------------------


def _lateness(submission: Submission):
    return lateness(
        submission.round.due_date, timezone.localdate(), pending=submission.is_pending, red_after=_red_after()
    )


def _submissions(user):
    return (
        Submission.objects.visible_to(user)
        .filter(withdrawn_at__isnull=True)
        .select_related("agency__region", "round")
    )


def _submission(request, submission_id: int) -> Submission:
    return get_visible_or_404(request.user, _submissions(request.user), pk=submission_id)


def _metric_order(metric: Metric):
    return TOPIC_ORDER.get(metric.topic, 99), metric.order, metric.code


def _value_rows(submission: Submission) -> list[dict]:
    last = excel.last_year_values([submission])
    rows = []
    for value in sorted(submission.values.select_related("metric"), key=lambda v: _metric_order(v.metric)):
        metric = value.metric
        computed = metric.source == Metric.Source.COMPUTED
        rows.append(
            {
                "code": metric.code,
                "label": metric.label,
                "unit": metric.unit,
                "topic": metric.topic,
                "value": plain(value.value),
                "last_year": plain(last.get((submission.agency_id, metric.code))),
                "note": value.note,
                "computed": computed,
                "read_only": computed or metric.is_derived,
            }
        )
    return rows


def _question_row(question: questions.Question) -> dict:
    """A question as the API states it: figures as plain digits, the answer only when it holds for them."""
    answer = question.answer
    return {
        "code": question.code,
        "label": question.metric.label,
        "unit": question.metric.unit,
        "last_year": plain(question.last),
        "value": plain(question.value),
        "change": plain(question.change),
        "change_percent": plain(question.change_percent),
        "swing": question.swing,
        "decline": question.decline,
        "text": question.text,
        "answered": question.answered,
        "confirmed": bool(answer and answer.confirmed),
        "explanation": answer.text if answer else "",
        "answered_by": str(answer.updated_by) if answer and answer.updated_by else None,
        "answered_at": answer.updated_at if answer else None,
    }


def _field_errors(exc: ValidationError) -> dict:
    errors = []
    for code, items in exc.error_dict.items():
        for item in items:
            for message in item.messages:
                errors.append(
                    {
                        "field": None if code == "__all__" else code,
                        "message": str(message),
                        "type": getattr(item, "code", None),
                    }
                )
    return {"detail": _("The figures were not accepted: correct the metrics listed."), "errors": errors}


def _act(request, submission_id: int, perform):
    """Run one action on a submission the caller may read; answer the submission as it is afterwards.

    Errors per metric answer 422, a refused move 409 (403 when it is not the caller's to make).
    """
    submission = _submission(request, submission_id)
    try:
        perform(submission)
    except (PermissionDenied, ValidationError) as exc:
        if hasattr(exc, "error_dict"):
            return Status(422, _field_errors(exc))
        raise refusal(exc) from None
    return Status(200, _submission(request, submission_id))


STEP_RESPONSES = {200: SubmissionDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: FigureErrorsOut}


def _rollup_regions(user):
    """Regions whose whole subtree the caller may read (their totals reveal nothing hidden); 403 for none."""
    scope = scope_for(user)
    if scope.is_admin:
        return Region.objects.all()
    if not (scope.read_subtrees or scope.read_below):
        raise HttpError(403, _("Only rule-of-law offices, leaders and supervisors see the roll-up."))
    q = Q(pk__in=[])
    for path in scope.read_subtrees:
        q |= Q(path__startswith=path)
    for path in scope.read_below:
        q |= Q(path__startswith=path) & ~Q(path=path)
    return Region.objects.filter(q)


def _rollup_region(user, code: str) -> Region:
    return get_object_or_404(_rollup_regions(user), code=code)


def _region_ref(region: Region) -> dict:
    return {"code": region.code, "name": region.name, "level": region.level}


def _metric_out(metric: Metric, value) -> dict:
    return {
        "code": metric.code,
        "label": metric.label,
        "unit": metric.unit,
        "topic": metric.topic,
        "value": plain(value),
    }


def _statuses(include_submitted: bool):
    return (Submission.Status.ACCEPTED, Submission.Status.SUBMITTED) if include_submitted else rollup.COUNTED


# Rounds --------------------------------------------------------------------------------------------------


@router.get("/collection/rounds", response=list[RoundOut], summary="Collection rounds the caller may see")
@paginate
def list_rounds(request, year: Year | None = None, status: Round.Status | None = None):
    qs = scope_for(request.user).visible(Round.objects.filter(withdrawn_at__isnull=True), "agency")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("agency", "region").order_by("-year", "-created_at", "-id")


@router.get(
    "/collection/rounds/{round_id}",
    response=RoundDetailOut,
    summary="One round: counts per status and every submission with its status and lateness",
)
def get_round(request, round_id: Id):
    return get_visible_or_404(request.user, Round.objects.select_related("agency", "region"), pk=round_id)


# Submissions ---------------------------------------------------------------------------------------------


@router.get(
    "/collection/submissions",
    response=list[SubmissionOut],
    summary="Submissions the caller may see (a clerk: their own agency's)",
)
@paginate
def list_submissions(
    request,
    year: Year | None = None,
    status: Submission.Status | None = None,
    round_id: Annotated[Id | None, Query(alias="round")] = None,
    agency: Code = "",
):
    qs = _submissions(request.user)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if round_id:
        qs = qs.filter(round_id=round_id)
    if agency:
        qs = qs.filter(agency__code=agency)
    return qs.order_by("-year", "agency__region__code", "agency__name", "id")


@router.get(
    "/collection/submissions/{submission_id}",
    response=SubmissionDetailOut,
    summary="One submission with its figures, last year's and notes",
)
def get_submission(request, submission_id: Id):
    return _submission(request, submission_id)


@router.put(
    "/collection/submissions/{submission_id}/values",
    response=STEP_RESPONSES,
    summary="Save figures and notes of a draft; any error saves nothing (422 per metric)",
)
def save_values(request, submission_id: Id, payload: ValuesIn):
    def perform(submission):
        stored = {v.metric.code: v.value for v in submission.values.select_related("metric")}
        entries = {}
        for code, entry in payload.values.items():
            # A value left out keeps the stored one (a client may send just a note).
            raw = entry.value if "value" in entry.model_fields_set else plain(stored.get(code))
            entries[code] = (raw, entry.note)
        actions.save_values(submission, entries, by=request.user)

    return _act(request, submission_id, perform)


@router.put(
    "/collection/submissions/{submission_id}/explanations",
    response=STEP_RESPONSES,
    summary="Answer the questions the figures raise against last year's: confirm each figure or explain it",
)
def answer_questions(request, submission_id: Id, payload: AnswersIn):
    answers = {
        code: questions.Answer(confirmed=entry.confirmed, text=entry.text,
                               asked=None if entry.value is None else str(entry.value))
        for code, entry in payload.answers.items()
    }
    return _act(request, submission_id, lambda s: actions.answer_questions(s, answers, by=request.user))


@router.post(
    "/collection/submissions/{submission_id}/submit",
    response=STEP_RESPONSES,
    summary="Submit the figures to the rule-of-law office (refused, 422, while a question is unanswered)",
)
def submit(request, submission_id: Id):
    return _act(request, submission_id, lambda s: actions.submit_submission(s, by=request.user))


@router.post(
    "/collection/submissions/{submission_id}/accept",
    response=STEP_RESPONSES,
    summary="Accept submitted figures (the office running the round)",
)
def accept(request, submission_id: Id):
    return _act(request, submission_id, lambda s: actions.accept_submission(s, by=request.user))


@router.post(
    "/collection/submissions/{submission_id}/return",
    response=STEP_RESPONSES,
    summary="Return a submission to its agency with a reason (the office running the round)",
)
def return_(request, submission_id: Id, payload: ReturnIn):
    return _act(
        request, submission_id, lambda s: actions.return_submission(s, by=request.user, reason=payload.reason)
    )


# Changing who fills what --------------------------------------------------------------------------------


class AddAgenciesIn(Schema):
    agencies: list[Code] = Field(..., max_length=1000, description="Codes of the agencies to ask")
    metrics: dict[Code, Annotated[list[Code], Field(max_length=1000)]] | None = Field(
        None,
        max_length=1000,
        description="Metric codes per agency code; an agency left out gets the round's metrics for its kind",
    )
    required: bool = True


class SubmissionMetricsIn(Schema):
    add: list[Code] = Field([], max_length=1000)
    remove: list[Code] = Field([], max_length=1000)
    remove_anyway: bool = Field(
        False, description="Remove figures the agency already entered (needs a reason)"
    )
    reason: Text(limits.REASON) = ""


class RoundMetricsIn(Schema):
    metrics: list[Code] = Field(..., max_length=1000)
    kinds: list[Code] | None = Field(
        None, max_length=100, description="Agency kinds to ask (default: every kind in the round)"
    )
    reason: Text(limits.REASON) = ""


class RoundMetricsOut(Schema):
    changed: list[str]  # agency codes whose forms got the metrics
    skipped: list[str]  # agency codes whose forms were handed in already: return them first
    round: RoundDetailOut


ROUND_CHANGE_RESPONSES = {
    200: RoundDetailOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: FigureErrorsOut,
}


def _managed_round(request, round_id: int) -> Round:
    """Return a round the caller may see; 403 unless the caller's office runs it."""
    round_ = get_visible_or_404(request.user, Round.objects.select_related("agency", "region"), pk=round_id)
    if not scope_for(request.user).can_write_agency(round_.agency_id):
        raise HttpError(
            403, _("Only the rule-of-law office that runs “%(round)s” may do this.") % {"round": round_}
        )
    return round_


def _change(perform):
    """Run a change of a round; errors per field answer 422, a refusal 409 (403 when not the caller's)."""
    try:
        return perform()
    except (PermissionDenied, ValidationError) as exc:
        if hasattr(exc, "error_dict"):
            return Status(422, _field_errors(exc))
        raise refusal(exc) from None


@router.post(
    "/collection/rounds/{round_id}/agencies",
    response=ROUND_CHANGE_RESPONSES,
    summary="Ask more agencies in an open round (the office running it)",
)
def add_agencies(request, round_id: Id, payload: AddAgenciesIn):
    round_ = _managed_round(request, round_id)
    found = {
        a.code: a
        for a in Agency.objects.filter(code__in=payload.agencies, region__path__startswith=round_.region.path)
    }
    unknown = [code for code in payload.agencies if code not in found]
    if unknown:
        return Status(
            422,
            {
                "detail": _("Unknown agency codes in %(region)s: %(codes)s.")
                % {"region": round_.region.name, "codes": "、".join(unknown)},
                "errors": [
                    {"field": "agencies", "message": code, "type": "unknown_agency"} for code in unknown
                ],
            },
        )
    per_agency = payload.metrics or {}
    asked = {
        agency: per_agency[code] if code in per_agency else actions.default_metrics_for(round_, agency.kind)
        for code, agency in found.items()
    }

    def perform():
        actions.add_agencies(round_, asked, by=request.user, required=payload.required)
        return Status(200, round_)

    return _change(perform)


@router.post(
    "/collection/rounds/{round_id}/metrics",
    response={200: RoundMetricsOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: FigureErrorsOut},
    summary="Ask every agency of some kinds in an open round for more metrics (the office running it)",
)
def add_round_metrics(request, round_id: Id, payload: RoundMetricsIn):
    round_ = _managed_round(request, round_id)

    def perform():
        result = actions.add_round_metrics(
            round_, payload.metrics, kinds=payload.kinds, by=request.user, reason=payload.reason
        )
        return Status(
            200,
            {
                "changed": [s.agency.code for s in result.changed],
                "skipped": [s.agency.code for s in result.skipped],
                "round": round_,
            },
        )

    return _change(perform)


@router.post(
    "/collection/submissions/{submission_id}/metrics",
    response=STEP_RESPONSES,
    summary="Add metrics to one agency's form or remove some (the office running the round)",
)
def change_submission_metrics(request, submission_id: Id, payload: SubmissionMetricsIn):
    return _act(
        request,
        submission_id,
        lambda s: actions.change_submission_metrics(
            s,
            add=payload.add,
            remove=payload.remove,
            remove_anyway=payload.remove_anyway,
            reason=payload.reason,
            by=request.user,
        ),
    )


# Roll-up -------------------------------------------------------------------------------------------------


@router.get(
    "/collection/rollup",
    response={200: RollupOut, 403: ErrorOut, 404: ErrorOut},
    summary="A region's totals (rates recomputed), its own level's and each region's below",
)
def get_rollup(request, year: Year, region: Code, include_submitted: bool = False):
    place = _rollup_region(request.user, region)
    statuses = _statuses(include_submitted)
    tree = rollup.tree_totals(year, place, statuses=statuses)
    own = rollup.own_totals(year, place, statuses=statuses).get(place.path, {})
    totals = tree.get(place.path, {})
    metrics = sorted(
        Metric.objects.filter(code__in=[c for c, v in totals.items() if v is not None]), key=_metric_order
    )
    children = [
        {"region": _region_ref(child), "totals": {c: plain(v) for c, v in tree.get(child.path, {}).items()}}
        for child in place.children.order_by("code")
    ]
    return {
        "year": year,
        "region": _region_ref(place),
        "include_submitted": include_submitted,
        "totals": [_metric_out(m, totals[m.code]) for m in metrics],
        "own": {c: plain(v) for c, v in own.items()},
        "children": children,
    }


@router.get(
    "/collection/rollup/contributions",
    response={200: ContributionsOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who contributed what to one figure of a region (drill-down)",
)
def get_contributions(
    request, year: Year, region: Code, metric: Code, own: bool = False, include_submitted: bool = False
):
    place = _rollup_region(request.user, region)
    found = Metric.objects.select_related("numerator", "denominator").filter(code=metric).first()
    if found is None:
        raise Http404
    counted = _statuses(include_submitted)
    rows = rollup.contributions(
        year, place, found.code, statuses=tuple(Submission.Status.values), own_only=own
    )
    visible = set(
        Submission.objects.visible_to(request.user)
        .filter(pk__in=[r.submission_id for r in rows])
        .values_list("pk", flat=True)
    )
    if own:
        totals = rollup.own_totals(year, place, statuses=counted).get(place.path, {})
    else:
        totals = rollup.tree_totals(year, place, statuses=counted).get(place.path, {})
    return {
        "year": year,
        "region": _region_ref(place),
        "metric": _metric_out(found, totals.get(found.code)),
        "include_submitted": include_submitted,
        "own_only": own,
        "total": plain(totals.get(found.code)),
        "contributions": [
            {
                "submission_id": r.submission_id,
                "agency_code": r.agency_code,
                "agency_name": r.agency,
                "region_name": r.region,
                "status": r.status,
                "counted": r.status in counted,
                "value": plain(r.value),
                "numerator": plain(r.numerator),
                "denominator": plain(r.denominator),
            }
            for r in rows
            if r.submission_id in visible
        ],
    }
