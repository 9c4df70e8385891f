"""JSON endpoints of the file review (行政执法案卷评查): campaigns, their samples and files, scores, rectification.

Everything goes through the scope (``actions.visible_*``): a record the caller may not read answers 404; a reviewed
department reads its own files, scores and rectification items once the results are sent and records the completion
of its items; only the rule-of-law office writes campaigns and scores (anyone else is refused with 403, an office
member who is not a reviewer too); a refused step answers 422 naming the field, or 409 when the campaign's state
does not allow it.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from fazhi.api.refusals import REFUSAL_RESPONSES, refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Text, Year
from fazhi.core import limits
from fazhi.enforcement.models import EnforcementBody
from fazhi.filereview import actions
from fazhi.filereview.models import Campaign, Rectification, ReviewFile, Rubric, Sample, Score
from fazhi.org.scope import get_visible_or_404

router = Router(tags=["file review"])


# Answers ---------------------------------------------------------------------------------------------------------


class RubricItemOut(Schema):
    id: int
    section: str
    section_label: str
    text: str
    max_score: Decimal
    veto: bool

    @staticmethod
    def resolve_section_label(obj):
        return str(obj.get_section_display())


class RubricOut(OwnedOut):
    id: int
    name: str
    version: int
    status: str
    pass_mark: Decimal
    adopted_on: dt.date | None
    retired_on: dt.date | None
    items: list[RubricItemOut]

    @staticmethod
    def resolve_items(obj):
        return obj.ordered_items()


class CampaignOut(OwnedOut):
    id: int
    year: int
    title: str
    status: str
    status_label: str
    rubric_id: int
    pass_mark: Decimal
    sample_percent: Decimal
    minimum_per_body: int
    rectification_days: int
    seed: str
    opened_on: dt.date
    sampled_on: dt.date | None
    review_started_on: dt.date | None
    results_sent_on: dt.date | None
    published_on: dt.date | None
    report: str
    bodies: list[int]
    reviewers: list[str]
    files_total: int
    files_scored: int

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_pass_mark(obj):
        return obj.rubric.pass_mark

    @staticmethod
    def resolve_sample_percent(obj):
        return obj.percent

    @staticmethod
    def resolve_bodies(obj):
        return sorted(body.pk for body in obj.bodies.all())

    @staticmethod
    def resolve_reviewers(obj):
        return [str(user) for user in obj.reviewers.all()]

    @staticmethod
    def resolve_files_total(obj):
        return obj.files.filter(withdrawn_at__isnull=True).count()

    @staticmethod
    def resolve_files_scored(obj):
        return obj.files.filter(withdrawn_at__isnull=True, status=ReviewFile.Status.SCORED).count()


class SampleOut(Schema):
    id: int
    campaign_id: int
    seed: str
    drawn_on: dt.date
    percent: Decimal
    minimum: int
    status: str
    reason: str
    superseded_by_id: int | None
    drawn: dict[str, list[int]]

    @staticmethod
    def resolve_drawn(obj):
        return obj.result


class RectificationOut(Schema):
    id: int
    file_id: int
    description: str
    due_on: dt.date | None
    notified_on: dt.date | None
    status: str
    completed_on: dt.date | None
    completion_note: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj):
        return obj.is_overdue(timezone.localdate())


class FileOut(OwnedOut):
    id: int
    campaign_id: int
    case_id: int
    case_number: str
    case_title: str
    closed_on: dt.date | None
    body_id: int
    body_name: str
    status: str
    total: Decimal | None
    vetoed: bool
    passed: bool | None

    @staticmethod
    def resolve_case_number(obj):
        return obj.case.number

    @staticmethod
    def resolve_case_title(obj):
        return obj.case.title

    @staticmethod
    def resolve_closed_on(obj):
        return obj.case.closed_on

    @staticmethod
    def resolve_body_name(obj):
        return obj.body.name


class LineOut(Schema):
    item_id: int
    section: str
    text: str
    max_score: Decimal
    points: Decimal
    failed: bool
    note: str

    @staticmethod
    def resolve_section(obj):
        return obj.item.section

    @staticmethod
    def resolve_text(obj):
        return obj.item.text

    @staticmethod
    def resolve_max_score(obj):
        return obj.item.max_score


class ScoreOut(Schema):
    id: int
    file_id: int
    reviewer: str
    scored_on: dt.date
    total: Decimal
    vetoed: bool
    passed: bool
    comments: str
    lines: list[LineOut]

    @staticmethod
    def resolve_reviewer(obj):
        return str(obj.reviewer)

    @staticmethod
    def resolve_lines(obj):
        return sorted(obj.lines.select_related("item"), key=lambda line: (line.item.position, line.pk))


class FileDetailOut(FileOut):
    scores: list[ScoreOut]
    rectifications: list[RectificationOut]

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.filter(withdrawn_at__isnull=True).select_related("reviewer"))

    @staticmethod
    def resolve_rectifications(obj):
        return list(obj.rectifications.filter(withdrawn_at__isnull=True).order_by("pk"))


# Requests --------------------------------------------------------------------------------------------------------


class CampaignIn(Schema):
    office: Code
    year: Year
    title: Line(200)
    bodies: list[Id]
    opened_on: Day
    sample_percent: Decimal | None = Field(None, gt=0, le=100)
    minimum_per_body: int = Field(3, ge=0, le=1000)
    rectification_days: int = Field(30, ge=1, le=365)


class SampleIn(Schema):
    on: Day
    seed: Line(32) = ""


class ResampleIn(Schema):
    on: Day
    reason: Text(limits.REASON) = ""
    seed: Line(32) = ""


class ReviewersIn(Schema):
    reviewers: list[Id]


class DayIn(Schema):
    on: Day


class PublishIn(Schema):
    on: Day
    report: Text(limits.REASON) = ""


class LineIn(Schema):
    item: Id
    points: Decimal | None = Field(None, ge=0, le=100)
    note: Text(1000) = ""
    failed: bool = False


class ScoreIn(Schema):
    scored_on: Day
    lines: list[LineIn]
    comments: Text(limits.REASON) = ""
    correction: Text(limits.REASON) = Field("", description="The reason for correcting one's own earlier score "
                                            "(which is then withdrawn); empty for a first score.")


class RectificationIn(Schema):
    description: Text(limits.REASON) = ""
    due_on: Day | None = None


class CompleteIn(Schema):
    on: Day
    note: Text(limits.REASON) = ""


# Lookups ---------------------------------------------------------------------------------------------------------


def _campaign(request, campaign_id: int) -> Campaign:
    campaign = (actions.visible_campaigns(request.user).select_related("agency__region", "rubric")
                .prefetch_related("bodies", "reviewers").filter(pk=campaign_id).first())
    if campaign is None:
        raise Http404
    return campaign


def _file(request, file_id: int) -> ReviewFile:
    return get_visible_or_404(request.user, actions.visible_files(request.user).select_related(
        "agency", "case", "body", "campaign__agency__region", "campaign__rubric"), pk=file_id)


# Campaigns -------------------------------------------------------------------------------------------------------


@router.get("/filereview/campaigns", response=list[CampaignOut], summary="File review campaigns the caller may see")
@paginate
def list_campaigns(request, year: Year | None = None, status: Code = ""):
    qs = actions.visible_campaigns(request.user)
    if year:
        qs = qs.filter(year=year)
    if status in Campaign.Status.values:
        qs = qs.filter(status=status)
    return (qs.select_related("agency", "rubric").prefetch_related("bodies", "reviewers")
            .order_by("-year", "-opened_on", "-pk"))


@router.get("/filereview/campaigns/{campaign_id}", response=CampaignOut, summary="One campaign")
def get_campaign(request, campaign_id: Id):
    return _campaign(request, campaign_id)


@router.post("/filereview/campaigns", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Open a file review campaign (the rule-of-law office)")
def create_campaign(request, payload: CampaignIn):
    offices = actions.offices_for(request.user)
    if not offices.exists():
        raise refusal(PermissionDenied())
    office = offices.filter(code=payload.office).first()
    if office is None:
        raise refusal(ValidationError({"office": _("Choose a rule-of-law office you work for.")}, code="invalid"))
    bodies = list(EnforcementBody.objects.visible_to(request.user).select_related("agency__region")
                  .filter(pk__in=payload.bodies))
    if len(bodies) != len(set(payload.bodies)):
        raise refusal(ValidationError({"bodies": _("No enforcement body with this id is visible to you.")},
                                      code="invalid"))
    data = payload.dict() | {"office": office, "bodies": bodies}
    try:
        campaign = actions.open_campaign(by=request.user, **data)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _campaign(request, campaign.pk)


def _step(request, campaign_id: int, perform):
    campaign = _campaign(request, campaign_id)
    try:
        perform(campaign)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _campaign(request, campaign_id)


@router.post("/filereview/campaigns/{campaign_id}/sample", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Draw the sample (a seed is generated unless given)")
def draw_sample(request, campaign_id: Id, payload: SampleIn):
    return _step(request, campaign_id, lambda c: actions.draw_sample(c, by=request.user, on=payload.on,
                                                                     seed=payload.seed or None))


@router.post("/filereview/campaigns/{campaign_id}/resample", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Draw the sample again, with the reason")
def resample(request, campaign_id: Id, payload: ResampleIn):
    return _step(request, campaign_id, lambda c: actions.resample(c, by=request.user, on=payload.on,
                                                                  reason=payload.reason, seed=payload.seed or None))


@router.post("/filereview/campaigns/{campaign_id}/reviewers", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Name the campaign's reviewers (staff of its office)")
def assign_reviewers(request, campaign_id: Id, payload: ReviewersIn):
    def perform(campaign):
        if not actions.can_run(request.user, campaign):
            raise PermissionDenied
        people = list(actions.reviewer_choices(campaign.agency).filter(pk__in=payload.reviewers))
        if len(people) != len(set(payload.reviewers)):
            raise ValidationError({"reviewers": _("Reviewers are staff of %(office)s.")
                                   % {"office": campaign.agency.name}}, code="invalid")
        actions.assign_reviewers(campaign, by=request.user, reviewers=people)

    return _step(request, campaign_id, perform)


@router.post("/filereview/campaigns/{campaign_id}/start", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Start the review")
def start_review(request, campaign_id: Id, payload: DayIn):
    return _step(request, campaign_id, lambda c: actions.start_review(c, by=request.user, on=payload.on))


@router.post("/filereview/campaigns/{campaign_id}/send", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Send the results to the agencies reviewed (every file scored)")
def send_results(request, campaign_id: Id, payload: DayIn):
    return _step(request, campaign_id, lambda c: actions.send_results(c, by=request.user, on=payload.on))


@router.post("/filereview/campaigns/{campaign_id}/publish", response={200: CampaignOut, **REFUSAL_RESPONSES},
             summary="Publish the campaign's report to the agencies reviewed")
def publish_report(request, campaign_id: Id, payload: PublishIn):
    return _step(request, campaign_id, lambda c: actions.publish_report(c, by=request.user, on=payload.on,
                                                                        report=payload.report))


@router.get("/filereview/campaigns/{campaign_id}/samples", response=list[SampleOut],
            summary="The campaign's samples, superseded ones too, with their seeds")
def list_samples(request, campaign_id: Id):
    campaign = _campaign(request, campaign_id)
    return list(Sample.objects.visible_to(request.user).filter(campaign=campaign).order_by("-drawn_on", "-pk"))


@router.get("/filereview/campaigns/{campaign_id}/files", response=list[FileOut],
            summary="The campaign's sampled files the caller may see, with their results")
@paginate
def list_files(request, campaign_id: Id, agency: Code = ""):
    campaign = _campaign(request, campaign_id)
    qs = actions.visible_files(request.user).filter(campaign=campaign)
    if agency:
        qs = qs.filter(agency__code=agency)
    return qs.select_related("agency", "case", "body").order_by("agency__name", "body__name", "case__number", "pk")


# Files, scores, rectification ----------------------------------------------------------------------------------


@router.get("/filereview/files/{file_id}", response=FileDetailOut, summary="One sampled file with its scores")
def get_file(request, file_id: Id):
    return _file(request, file_id)


@router.post("/filereview/files/{file_id}/scores", response={200: ScoreOut, **REFUSAL_RESPONSES},
             summary="Score a file item by item (a reviewer of the campaign, once)")
def score_file(request, file_id: Id, payload: ScoreIn):
    file = _file(request, file_id)
    lines = {line.item: {"points": line.points, "note": line.note, "failed": line.failed} for line in payload.lines}
    try:
        score = actions.score_file(file, by=request.user, on=payload.scored_on, lines=lines,
                                   comments=payload.comments, correction=payload.correction)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return Score.objects.select_related("reviewer").get(pk=score.pk)


@router.post("/filereview/files/{file_id}/rectifications", response={200: RectificationOut, **REFUSAL_RESPONSES},
             summary="Order the file's agency to rectify something (the rule-of-law office)")
def order_rectification(request, file_id: Id, payload: RectificationIn):
    file = _file(request, file_id)
    try:
        item = actions.order_rectification(file, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return Rectification.objects.get(pk=item.pk)


@router.post("/filereview/rectifications/{rectification_id}/complete",
             response={200: RectificationOut, **REFUSAL_RESPONSES},
             summary="Record that a rectification item was done (the agency)")
def complete_rectification(request, rectification_id: Id, payload: CompleteIn):
    item = get_visible_or_404(request.user, actions.visible_rectifications(request.user)
                              .select_related("agency", "campaign__agency__region"), pk=rectification_id)
    try:
        actions.complete_rectification(item, by=request.user, **payload.dict())
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return Rectification.objects.get(pk=item.pk)


# Rubrics -----------------------------------------------------------------------------------------------------------


@router.get("/filereview/rubrics", response=list[RubricOut], summary="Review rubrics the caller may see")
def list_rubrics(request):
    return list(Rubric.objects.visible_to(request.user).filter(withdrawn_at__isnull=True)
                .select_related("agency").prefetch_related("items").order_by("agency__name", "-version"))


@router.get("/filereview/rubrics/{rubric_id}", response=RubricOut, summary="One rubric version with its items")
def get_rubric(request, rubric_id: Id):
    return get_visible_or_404(request.user, Rubric.objects.select_related("agency").prefetch_related("items"),
                              pk=rubric_id)
