"""JSON endpoints of the annual report: list, detail with its five contents, the workflow steps, exports.

Reports are read through the organisation scope (and, during the comment period, by the bodies of the
reporting body's region that may comment). A refused step answers 409 with ``{"detail": message}``, a
step that is not the caller's to take 403.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.pagination import paginate

from fazhi.api.refusals import FieldErrorsOut, refusal
from fazhi.api.types import Code, Day, Id, Line, OwnedOut, Text, Year
from fazhi.audit.actions import record_event
from fazhi.core import limits
from fazhi.org.models import Agency
from fazhi.org.scope import get_visible_or_404, scope_for
from fazhi.reports import actions, compose, rules, word_import, word_revisions
from fazhi.reports.export import CONTENT_TYPES, export_report
from fazhi.reports.models import Part, Report, ReportDelivery

router = Router(tags=["annual reports"])

#: Codes of refusals that mean "not yours to do" (403) rather than "not now" (409).


# Schemas -------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class ReportOut(OwnedOut):
    id: int
    title: str
    year: int
    issuer: str
    body_kind: str
    body_kind_label: str
    demonstration: bool
    status: str
    status_label: str
    region_code: str
    filing_due: dt.date
    publication_due: dt.date
    submitted_on: dt.date | None
    published_on: dt.date | None
    filed_on_time: bool | None
    published_on_time: bool | None
    published_url: str
    next_deadline: dt.date | None

    @staticmethod
    def resolve_body_kind_label(obj):
        return str(obj.get_body_kind_display())

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())


    @staticmethod
    def resolve_region_code(obj):
        return obj.agency.region.code


class DeadlineOut(Schema):
    kind: str  # "filing" or "publication"
    label: str
    due: dt.date
    done_on: dt.date | None
    on_time: bool | None  # None while not yet done
    state: str  # ok, late, overdue, soon, open


class FigureOut(Schema):
    metric: str
    label: str
    written: str
    current: str | None
    stale: bool
    found: bool


class SectionOut(Schema):
    id: int
    part: int
    topic: str
    order: int
    heading: str
    text: str
    stale: bool
    figures: list[FigureOut]


class PartOut(Schema):
    part: int
    label: str
    heading: str
    sections: list[SectionOut]


class SignoffOut(Schema):
    name: str
    post: str
    opinion: str
    signed_at: dt.datetime

    @staticmethod
    def resolve_name(obj):
        return str(obj.user)


class DeliveryOut(Schema):
    kind: str
    addressee: str
    delivered_on: dt.date
    reference: str


class ReportDetailOut(ReportOut):
    comments_due: dt.date | None
    adopted_meeting: str
    adopted_on: dt.date | None
    cleared_on: dt.date | None
    cleared_by: str
    confidentiality_opinion: str
    dated: dt.date | None
    can_edit: bool
    can_sign: bool
    deadlines: list[DeadlineOut]
    parts: list[PartOut]
    cited: list[str] | None = Field(None, description="The figures part one cites, by metric code, as the office "
                                    "chose them; null: fazhi's default of 3–5 a topic. The others are in the annex.")
    signoffs: list[SignoffOut]
    deliveries: list[DeliveryOut]

    @staticmethod
    def resolve_can_edit(obj, context):
        return actions.can_edit(obj, context["request"].user)

    @staticmethod
    def resolve_can_sign(obj, context):
        return actions.can_sign(obj, context["request"].user)

    @staticmethod
    def resolve_deadlines(obj):
        return _deadlines(obj)

    @staticmethod
    def resolve_parts(obj):
        return _parts(obj)

    @staticmethod
    def resolve_signoffs(obj):
        return list(obj.signoffs.select_related("user"))

    @staticmethod
    def resolve_deliveries(obj):
        return list(obj.deliveries.all())


class ReportIn(Schema):
    agency: Code = Field(..., description="The reporting body's agency code")
    year: Year
    body_kind: Report.BodyKind | None = None
    issuer: Line(120) = ""
    title: Line(160) = ""


class SectionIn(Schema):
    text: Text(limits.DOCUMENT)


class CitedIn(Schema):
    metrics: list[Code] = Field(..., max_length=200, description="Metric codes of the section's topic to cite")


class OpenCommentsIn(Schema):
    due: Day


class SendForReviewIn(Schema):
    override_reason: Text(limits.REASON) = ""  # why the reviewer's findings stand; kept in the audit trail


class SignOffIn(Schema):
    post: Line(60) = ""
    opinion: Text(limits.REASON) = ""


class ReasonIn(Schema):
    reason: Text(limits.REASON)


class AdoptIn(Schema):
    meeting: Line(120)
    adopted_on: Day


class DeliveryIn(Schema):
    kind: ReportDelivery.Kind
    addressee: Line(120)
    delivered_on: Day
    reference: Line(80) = ""


class SubmitIn(Schema):
    deliveries: list[DeliveryIn] = Field(..., min_length=1, max_length=50)


class ConfidentialityIn(Schema):
    reviewer: Line(60)
    opinion: Text(limits.REASON) = ""
    cleared_on: Day


class PublishIn(Schema):
    published_on: Day
    url: Line(200) = ""


class CommentIn(Schema):
    text: Text(4000)
    section: Id | None = None


# Helpers -------------------------------------------------------------------------------------------------


def _state(due: dt.date, done_on: dt.date | None, today: dt.date) -> str:
    if done_on is not None:
        return "ok" if done_on <= due else "late"
    if today > due:
        return "overdue"
    return "soon" if (due - today).days <= settings.FAZHI_REPORT_WARN_DAYS else "open"


def _deadlines(report: Report) -> list[dict]:
    today = timezone.localdate()
    filing = rules.filing_deadline(report.year, demonstration=report.demonstration)
    publication = rules.publication_deadline(report.year)
    return [
        {"kind": "filing", "label": filing.label, "due": filing.due, "done_on": report.submitted_on,
         "on_time": report.filed_on_time, "state": _state(filing.due, report.submitted_on, today)},
        {"kind": "publication", "label": publication.label, "due": publication.due,
         "done_on": report.published_on, "on_time": report.published_on_time,
         "state": _state(publication.due, report.published_on, today)},
    ]


def _parts(report: Report) -> list[dict]:
    """The five mandated contents in their order, each with its sections and their figures' states."""
    current = compose.current_figures(report)
    infos = compose.metric_infos(report.year)
    sections = list(report.sections.all())
    parts = []
    for part, label in Part.choices:
        items = []
        for section in (s for s in sections if s.part == part):
            states = compose.figure_states(section, current, infos=infos)
            items.append({
                "id": section.pk, "part": section.part, "topic": section.topic, "order": section.order,
                "heading": section.title, "text": section.text, "stale": any(f.stale for f in states),
                "figures": [{"metric": f.metric, "label": f.label, "written": f.written, "current": f.current,
                             "stale": f.stale, "found": f.found} for f in states],
            })
        parts.append({"part": part, "label": str(label), "heading": compose.part_heading(part, report.year),
                      "sections": items})
    return parts


def _reports():
    return Report.objects.filter(withdrawn_at__isnull=True).select_related("agency__region")


def _report(request, report_id: int) -> Report:
    """The report the caller may read: through the scope, or as a commenter during the comment period."""
    report = get_object_or_404(_reports(), pk=report_id)
    if scope_for(request.user).can_read_agency(report.agency_id) or actions.can_comment(report, request.user):
        return report
    raise Http404


def _act(request, report_id: int, perform):
    """Run one workflow action on a report the caller may read; answer the report as it is afterwards."""
    report = _report(request, report_id)
    try:
        perform(report)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return _report(request, report_id)


def _section(report: Report, section_id: int):
    section = report.sections.filter(pk=section_id).first()
    if section is None:
        raise HttpError(404, _("This report has no such section."))
    return section


STEP_RESPONSES = {200: ReportDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# Reading -------------------------------------------------------------------------------------------------


@router.get("/reports", response=list[ReportOut], summary="Annual reports the caller may see")
@paginate
def list_reports(request, year: Year | None = None, status: Report.Status | None = None, agency: Code = ""):
    qs = scope_for(request.user).visible(_reports(), "agency")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if agency:
        qs = qs.filter(agency__code=agency)
    return qs.order_by("-year", "agency__region__code", "agency__name", "id")


@router.get("/reports/{report_id}", response=ReportDetailOut,
            summary="One report: status, deadlines, the five contents with their sections and figures")
def get_report(request, report_id: Id):
    return _report(request, report_id)


@router.get("/reports/{report_id}/export/{fmt}", summary="The report as a file: docx, pdf, html or json")
def export(request, report_id: Id, fmt: Code):
    report = _report(request, report_id)
    if fmt not in CONTENT_TYPES:
        raise HttpError(404, _("Cannot export a report as “%(format)s”: choose one of %(formats)s.") % {
            "format": fmt, "formats": ", ".join(CONTENT_TYPES)})
    exported = export_report(report, fmt)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = content_disposition_header(True, exported.filename)
    response["X-Content-Type-Options"] = "nosniff"
    record_event(action="export", target=report, actor=request.user, changes={"format": [None, fmt]})
    return response


# Creating and writing -----------------------------------------------------------------------------------


@router.post("/reports", response=STEP_RESPONSES,
             summary="Open a reporting body's report for a past year, with its outline (the five contents)")
def create(request, payload: ReportIn):
    agency = get_visible_or_404(request.user, Agency.objects.select_related("region"), code=payload.agency)
    if not scope_for(request.user).can_write_agency(agency.pk):
        raise refusal(PermissionDenied()) from None
    try:
        report = actions.create_report(agency, payload.year, by=request.user, body_kind=payload.body_kind,
                                       issuer=payload.issuer, title=payload.title)
    except ValidationError as exc:
        raise refusal(exc) from None
    return _report(request, report.pk)


@router.put("/reports/{report_id}/sections/{section_id}", response=STEP_RESPONSES,
            summary="Replace the text of one section of a draft")
def edit_section(request, report_id: Id, section_id: Id, payload: SectionIn):
    def perform(report):
        actions.edit_section(_section(report, section_id), payload.text, request.user)

    return _act(request, report_id, perform)


@router.put("/reports/{report_id}/sections/{section_id}/cited", response=STEP_RESPONSES,
            summary="Choose the figures a topic of part one cites; the others go to the annex table")
def choose_figures(request, report_id: Id, section_id: Id, payload: CitedIn):
    def perform(report):
        actions.choose_figures(_section(report, section_id), payload.metrics, by=request.user)

    return _act(request, report_id, perform)


# Workflow steps (the step names of the report's page) ----------------------------------------------------


@router.post("/reports/{report_id}/steps/open_comments", response=STEP_RESPONSES,
             summary="Send the draft to the region's departments for comments")
def open_comments(request, report_id: Id, payload: OpenCommentsIn):
    return _act(request, report_id, lambda r: actions.open_comments(r, by=request.user, due=payload.due))


@router.post("/reports/{report_id}/steps/send_for_review", response=STEP_RESPONSES,
             summary="Send the report to the principal leaders for review")
def send_for_review(request, report_id: Id, payload: SendForReviewIn):
    return _act(request, report_id, lambda r: actions.send_for_review(r, by=request.user,
                                                                      override_reason=payload.override_reason))


@router.post("/reports/{report_id}/steps/sign_off", response=STEP_RESPONSES,
             summary="Sign the report off (a leader of the region)")
def sign_off(request, report_id: Id, payload: SignOffIn):
    return _act(request, report_id,
                lambda r: actions.sign_off(r, by=request.user, post=payload.post, opinion=payload.opinion))


@router.post("/reports/{report_id}/steps/return_to_draft", response=STEP_RESPONSES,
             summary="Return the report to drafting with a reason")
def return_to_draft(request, report_id: Id, payload: ReasonIn):
    return _act(request, report_id, lambda r: actions.return_to_draft(r, by=request.user, reason=payload.reason))


@router.post("/reports/{report_id}/steps/adopt", response=STEP_RESPONSES,
             summary="Record the meeting that adopted the report")
def adopt(request, report_id: Id, payload: AdoptIn):
    return _act(request, report_id, lambda r: actions.adopt(r, by=request.user, meeting=payload.meeting,
                                                             adopted_on=payload.adopted_on))


@router.post("/reports/{report_id}/steps/submit", response=STEP_RESPONSES,
             summary="Record the delivery to every addressee")
def submit(request, report_id: Id, payload: SubmitIn):
    rows = [(d.kind, d.addressee, d.delivered_on, d.reference) for d in payload.deliveries]
    return _act(request, report_id, lambda r: actions.submit_report(r, by=request.user, deliveries=rows))


@router.post("/reports/{report_id}/steps/confidentiality", response=STEP_RESPONSES,
             summary="Record the confidentiality review")
def confidentiality(request, report_id: Id, payload: ConfidentialityIn):
    return _act(request, report_id, lambda r: actions.clear_confidentiality(
        r, by=request.user, reviewer=payload.reviewer, opinion=payload.opinion, cleared_on=payload.cleared_on))


@router.post("/reports/{report_id}/steps/publish", response=STEP_RESPONSES, summary="Record the publication")
def publish(request, report_id: Id, payload: PublishIn):
    return _act(request, report_id,
                lambda r: actions.publish(r, by=request.user, published_on=payload.published_on, url=payload.url))


@router.post("/reports/{report_id}/steps/comment", response=STEP_RESPONSES,
             summary="Comment on the draft during the comment period, optionally on one section")
def comment(request, report_id: Id, payload: CommentIn):
    def perform(report):
        section = None
        if payload.section is not None:
            section = report.sections.filter(pk=payload.section).first()
            if section is None:
                raise HttpError(404, _("This report has no such section."))
        actions.add_comment(report, by=request.user, text=payload.text, section=section)

    return _act(request, report_id, perform)


# The Word round trip ----------------------------------------------------------------------------------------


class DiffOut(Schema):
    op: str = Field(..., description="equal, insert or delete")
    text: str


class RevisedSectionOut(Schema):
    id: int
    heading: str = Field(..., description="The section's heading as the file prints it")
    before: str = Field(..., description="The section's text now, one paragraph a line")
    after: str = Field(..., description="Its text in the file")
    conflict: bool = Field(..., description="Edited in fazhi after the file was read: upload the file again")
    diff: list[DiffOut]


class SectionRefOut(Schema):
    id: int
    heading: str


class WordUploadOut(Schema):
    token: str = Field(..., description="Accept changes with it (POST …/docx/{token}/accept) within 24 hours")
    name: str
    title: str = Field(..., description="The file's title, the first line before its first heading")
    warnings: list[str] = Field(..., description="E.g. the file is another year's report; accepting is still "
                                "possible")
    unknown_headings: list[str] = Field(..., description="Headings the report does not have; their text is not read")
    missing_sections: list[SectionRefOut] = Field(..., description="Sections the file lacks; they keep their text")
    unchanged_sections: list[int]
    sections: list[RevisedSectionOut] = Field(..., description="The sections the file changes")


class AcceptIn(Schema):
    sections: list[Id] = Field(..., min_length=1, max_length=200, description="Ids of the sections to change")


class AcceptOut(Schema):
    accepted: list[int]
    unchanged: list[int] = Field(..., description="Already the file's text")
    conflicts: list[int] = Field(..., description="Edited in fazhi after the file was read; left as they are")


WORD_RESPONSES = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: FieldErrorsOut}


def _editable(request, report_id: int) -> Report:
    """The report the caller may change the text of now: 404 outside the scope, 403 a reader, 409 locked."""
    report = _report(request, report_id)
    try:
        if not actions.can_edit(report, request.user):
            raise PermissionDenied
        actions._require_editable_text(report, request.user)
    except (PermissionDenied, ValidationError) as exc:
        raise refusal(exc) from None
    return report


def _upload_out(report: Report, pending) -> dict:
    found, same = word_revisions.changes(report, pending)
    titles = dict(report.sections.values_list("pk", "title"))
    return {
        "token": pending.token, "name": pending.name, "title": pending.title, "warnings": pending.warnings,
        "unknown_headings": pending.unknown,
        "missing_sections": [{"id": pk, "heading": titles[pk]} for pk in pending.missing if pk in titles],
        "unchanged_sections": [s.pk for s in same],
        "sections": [{"id": c.section.pk, "heading": c.heading, "before": c.before, "after": c.after,
                      "conflict": c.conflict, "diff": [{"op": s.op, "text": s.text} for s in c.segments]}
                     for c in found],
    }


@router.post("/reports/{report_id}/docx", response={200: WordUploadOut, **WORD_RESPONSES},
             summary="Upload the report's DOCX revised in Word: the sections it changes, with their differences")
def upload_docx(request, report_id: Id, file: File[UploadedFile]):
    report = _editable(request, report_id)
    try:
        reading = word_import.read_docx(report, file)
    except word_import.UploadRefused as exc:
        raise refusal(ValidationError({"file": exc.messages})) from None
    token = word_revisions.save_pending(report, reading, reading.data, by=request.user)
    return _upload_out(report, word_revisions.load_pending(report, token, by=request.user))


@router.post("/reports/{report_id}/docx/{token}/accept", response={200: AcceptOut, **WORD_RESPONSES},
             summary="Accept an uploaded DOCX's changes of the sections named; the others are left")
def accept_docx(request, report_id: Id, token: Code, payload: AcceptIn):
    report = _editable(request, report_id)
    pending = word_revisions.load_pending(report, token, by=request.user)
    if pending is None:
        raise HttpError(404, _("This upload is no longer stored. Upload the file again."))
    try:
        result = word_revisions.accept(report, pending, payload.sections, by=request.user)
    except ValidationError as exc:
        raise refusal(exc) from None
    if result.accepted:
        word_revisions.discard_pending(token)
    return {"accepted": [s.pk for s in result.accepted], "unchanged": [s.pk for s in result.unchanged],
            "conflicts": [s.pk for s in result.conflicts]}
