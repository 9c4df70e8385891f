"""State changes of the annual report (法治政府建设年度报告), each a verb-named, audited action.

The workflow follows legal-rules.md §1.5 and §1.7: draft → departments' comments → leaders' review and
sign-off (审核签字) → adopted at a meeting → submitted to each addressee → confidentiality review
(保密审查) → published. Who may do what:

- the rule-of-law office of the region and the reporting body's own clerks edit and move the report
  (``scope_for(user).can_write_agency``);
- a leader whose region covers the reporting body signs it off (leaders are read-only everywhere else);
- during the comment period, clerks of the bodies in the reporting body's region may read and comment;
- supervisors read.

Every refused move raises ``IllegalTransition`` (a ``ValidationError``) whose message says what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.core.ledger import IllegalTransition, create_record, transition
from fazhi.org.models import Agency, Membership
from fazhi.org.scope import scope_for
from fazhi.reports.models import Part, Report, ReportComment, ReportDelivery, ReportSection, ReportSignoff

S = Report.Status
K = Report.BodyKind
D = ReportDelivery.Kind

#: Statuses in which the text may still change.
EDITABLE = (S.DRAFT, S.COMMENTS, S.REVIEW)
#: Starter text the staff must replace (fazhi.reports.compose.DRAFT_MARK).
DRAFT_MARK = "【待完善】"
#: Contents that must not be empty before review (legal-rules.md §1.7).
REQUIRED_PARTS = (Part.SHORTCOMINGS, Part.FIRST_RESPONSIBLE)

#: Agency kinds that file a 法治政府建设 report, and the body kind they file as by default.
BODY_KIND_OF = {
    Agency.Kind.GOVERNMENT: K.GOVERNMENT,
    Agency.Kind.PARTY_COMMITTEE: K.JOINT,
    Agency.Kind.DEPARTMENT: K.DEPARTMENT,
    Agency.Kind.TOWNSHIP: K.TOWNSHIP,
}

#: The addressees each kind of body must deliver to (legal-rules.md §1.2, the 3月1日 paragraph).
REQUIRED_DELIVERIES = {
    # A government reports to the Party committee and the 人大常委会 at its own level, and to the level above.
    K.GOVERNMENT: (D.OWN, D.PEOPLES_CONGRESS, D.UPPER),
    # Party committees and governments report one level up, with a copy to that level's 依法治办.
    K.JOINT: (D.UPPER, D.COPY),
    K.TOWNSHIP: (D.UPPER, D.COPY),
    # A department reports to its own Party committee and government and to the department one level up,
    # with a copy to its own Party committee's rule-of-law coordination body.
    K.DEPARTMENT: (D.OWN, D.UPPER_DEPARTMENT, D.COPY),
}


def _today() -> date:
    return timezone.localdate()


def _refuse(message: str, code: str = "refused"):
    raise IllegalTransition(message, code=code)


# Who may do what -----------------------------------------------------------------------------------------


def can_edit(report: Report, user) -> bool:
    """True if the person keeps this report: the region's office or the reporting body's own clerks."""
    return scope_for(user).can_write_agency(report.agency_id)


def signing_memberships(report: Report, user):
    """Return the person's leader memberships whose region covers the reporting body."""
    path = report.agency.region.path
    return [
        m for m in Membership.objects.filter(
            user=user, role=Membership.Role.LEADER, is_active=True, agency__is_active=True,
        ).select_related("agency__region")
        if path.startswith(m.agency.region.path)
    ]


def can_sign(report: Report, user) -> bool:
    return bool(signing_memberships(report, user))


def commenting_agencies(report: Report, user) -> list[Agency]:
    """Return the person's agencies that may comment: bodies in the reporting body's region and below."""
    path = report.agency.region.path
    found = {
        m.agency.pk: m.agency
        for m in Membership.objects.filter(
            user=user, role__in=[Membership.Role.CLERK, Membership.Role.OFFICE], is_active=True,
            agency__is_active=True,
        ).select_related("agency__region")
        if m.agency.region.path.startswith(path)
    }
    return list(found.values())


def can_comment(report: Report, user) -> bool:
    return report.status == S.COMMENTS and bool(commenting_agencies(report, user))


def _require_editor(report: Report, by) -> None:
    if not can_edit(report, by):
        _refuse(_("Only the rule-of-law office of the region or %(agency)s itself may change this report.")
                % {"agency": report.agency}, "not_allowed")


def _require_from(report: Report, to_status: str, allowed: Iterable[str]) -> None:
    """Refuse early, in the ledger's words, when the report is not in a state the move starts from.

    The caller's instance is refreshed first: an earlier action may have moved the row under it.
    """
    report.refresh_from_db(fields=["status"])
    if report.status not in set(allowed):
        labels = dict(S.choices)
        _refuse(_("Cannot move from “%(current)s” to “%(target)s”: allowed only from %(allowed)s.") % {
            "current": labels.get(report.status, report.status), "target": labels[to_status],
            "allowed": "、".join(str(labels[s]) for s in sorted(allowed)),
        }, "illegal_transition")


def _require_date(value, label: str, *, not_before: date | None = None, not_before_label: str = "") -> date:
    if value is None:
        _refuse(_("Give the %(what)s.") % {"what": label}, "date_required")
    if value > _today():
        _refuse(_("The %(what)s (%(date)s) cannot be in the future.") % {"what": label, "date": value},
                "future_date")
    if not_before is not None and value < not_before:
        _refuse(_("The %(what)s (%(date)s) cannot be before the %(other)s (%(before)s).") % {
            "what": label, "date": value, "other": not_before_label, "before": not_before}, "date_order")
    return value


# Creating the report ---------------------------------------------------------------------------------------


def default_issuer(agency: Agency, body_kind: str) -> str:
    """Return the issuer as printed: the body's name, or 中共X委 X人民政府 for a joint report."""
    if body_kind == K.JOINT:
        region = agency.region.name
        return f"中共{region}委 {region}人民政府"
    return agency.name


def default_title(issuer: str, year: int) -> str:
    return f"{issuer}关于{year}年法治政府建设情况的报告"


@transaction.atomic
def create_report(agency: Agency, year: int, *, by, body_kind: str | None = None, issuer: str | None = None,
                  title: str | None = None, demonstration: bool = False) -> Report:
    """Open the year's report of a reporting body and lay out its outline (the five mandated contents)."""
    from fazhi.reports import compose

    default_kind = BODY_KIND_OF.get(agency.kind)
    if default_kind is None:
        _refuse(_("%(agency)s is not a reporting body: governments, their departments and townships file the "
                  "annual report.") % {"agency": agency}, "not_reporting_body")
    body_kind = body_kind or default_kind
    if body_kind not in K.values:
        _refuse(_("Unknown kind of reporting body: %(kind)s.") % {"kind": body_kind}, "bad_kind")
    if year >= _today().year:
        _refuse(_("The report covers a past year; %(year)s has not ended.") % {"year": year}, "future_year")
    existing = Report.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        _refuse(_("%(agency)s already has a report for %(year)s: “%(title)s”.") % {
            "agency": agency, "year": year, "title": existing.title}, "duplicate")
    issuer = (issuer or "").strip() or default_issuer(agency, body_kind)
    title = (title or "").strip() or default_title(issuer, year)
    report = create_record(
        Report(agency=agency, year=year, body_kind=body_kind, issuer=issuer, title=title,
               demonstration=demonstration),
        by=by,
    )
    compose.build_sections(report, by=by)
    return report


# The text ----------------------------------------------------------------------------------------------------


def _require_editable_text(report: Report, by) -> None:
    _require_editor(report, by)
    if report.status not in EDITABLE:
        _refuse(_("The text can change only while the report is being drafted, commented on or reviewed; "
                  "it is now “%(status)s”. Return it to drafting first.") % {"status": report.get_status_display()},
                "text_locked")


@transaction.atomic
def edit_section(section: ReportSection, text: str, by) -> ReportSection:
    """Replace a section's text (staff edit the generated paragraphs freely)."""
    report = Report.objects.select_for_update().get(pk=section.report_id)
    _require_editable_text(report, by)
    text = (text or "").replace("\r\n", "\n").strip()
    before = section.text
    if text == before:
        return section
    section.text = text
    section.updated_by = by
    section.save(update_fields=["text", "updated_by", "updated_at"])
    record_event(action="change", target=section, actor=by, changes={"text": [before, text]})
    return section


@transaction.atomic
def regenerate_section(section: ReportSection, *, by) -> ReportSection:
    """Write the section's text again from the current figures (the edited text is replaced); audited."""
    from fazhi.reports import compose

    _require_editable_text(section.report, by)
    try:
        return compose.regenerate_section(section, by=by)
    except ValueError as exc:  # a section added by hand has nothing to generate from
        _refuse(str(exc), "not_generated")


@transaction.atomic
def choose_figures(section: ReportSection, codes: Iterable[str], *, by) -> bool:
    """Cite ``codes`` in the section's topic of part one; every other figure of the topic goes to the annex.

    The choice is the report's (``Report.cited``, audited). A section still as fazhi wrote it is written again
    with the chosen figures; an edited one keeps its text (regenerating it applies the choice). Return True
    when the text was written again.
    """
    from fazhi.metrics.models import Topic
    from fazhi.reports import compose

    report = Report.objects.select_for_update().get(pk=section.report_id)
    _require_editable_text(report, by)
    if not section.topic:
        _refuse(_("Only the topics of part one cite figures."), "not_a_topic")
    ctx = compose.context_for(report)
    allowed = [info.code for info in compose.citable(ctx, section.topic)]
    codes = list(dict.fromkeys(codes))
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        _refuse(_("These are not figures of “%(section)s” this year: %(codes)s.")
                % {"section": section.title,
                   "codes": "、".join(f"{ctx.infos[c].label}（{c}）" if c in ctx.infos else c for c in unknown)},
                "unknown_figures")
    before = report.cited
    whole = before if before is not None else [c for t in Topic.values for c in compose.cited_codes(ctx, t)]
    after = [c for c in whole if c not in ctx.infos or ctx.infos[c].topic != section.topic]
    after += [code for code in allowed if code in codes]
    if after == before:
        return False
    report.cited = after
    report.save(update_fields=["cited", "updated_at"])
    record_event(action="change", target=report, actor=by, changes={"cited": [before, after]})
    section.report = report
    if section.generated_text and section.text == section.generated_text:
        compose.regenerate_section(section, by=by)
        return True
    return False


@transaction.atomic
def update_figures(section: ReportSection, *, by) -> ReportSection:
    """Put the current figures into the section's text, keeping the rest of the wording; audited."""
    from fazhi.reports import compose

    _require_editable_text(section.report, by)
    return compose.update_figures(section, by=by)


# Comments --------------------------------------------------------------------------------------------------------


def open_comments(report: Report, *, by, due: date) -> Report:
    """Send the draft to the region's departments for comments until ``due`` (征求意见)."""
    _require_editor(report, by)
    _require_from(report, S.COMMENTS, [S.DRAFT])
    if due is None:
        _refuse(_("Give the date by which comments are due."), "date_required")
    if due < _today():
        _refuse(_("The comments due date (%(date)s) has already passed.") % {"date": due}, "past_date")
    return transition(report, S.COMMENTS, by=by, allowed_from=[S.DRAFT], comments_due=due)


@transaction.atomic
def add_comment(report: Report, *, by, text: str, section: ReportSection | None = None,
                agency: Agency | None = None) -> ReportComment:
    """Record a department's comment on the draft, optionally on one section."""
    report.refresh_from_db(fields=["status"])
    if report.status != S.COMMENTS:
        _refuse(_("Comments are taken only while the draft is out for comments; it is now “%(status)s”.")
                % {"status": report.get_status_display()}, "not_commenting")
    agencies = commenting_agencies(report, by)
    if not agencies:
        _refuse(_("Only bodies in %(region)s may comment on this report.") % {"region": report.agency.region},
                "not_allowed")
    if agency is None:
        agency = agencies[0]
    elif agency.pk not in {a.pk for a in agencies}:
        _refuse(_("You may not comment in the name of %(agency)s.") % {"agency": agency}, "not_allowed")
    text = (text or "").strip()
    if not text:
        _refuse(_("Write the comment."), "empty")
    if section is not None and section.report_id != report.pk:
        _refuse(_("That section belongs to another report."), "bad_section")
    comment = ReportComment.objects.create(report=report, section=section, agency=agency, author=by, text=text)
    record_event(action="create", target=comment, actor=by,
                 changes={"report": [None, report.pk], "agency": [None, agency.pk], "text": [None, text]})
    return comment


@transaction.atomic
def respond_comment(comment: ReportComment, *, by, response: str) -> ReportComment:
    """Answer a comment (adopted, partly adopted, or why not) and mark it resolved."""
    _require_editor(comment.report, by)
    response = (response or "").strip()
    if not response:
        _refuse(_("Write the response to the comment."), "empty")
    before = comment.response
    comment.response = response
    comment.resolved_at = timezone.now()
    comment.save(update_fields=["response", "resolved_at"])
    record_event(action="change", target=comment, actor=by, changes={"response": [before, response]})
    return comment


# Review, sign-off, adoption -------------------------------------------------------------------------------------


def send_for_review(report: Report, *, by, override_reason: str = "") -> Report:
    """Send the draft to the principal leaders for review and signature.

    Refused while a mandated content is empty or holds drafting prompts, or while part two or four is fazhi's
    draft unedited (the leaders' own judgement, ``review.unedited``); refused while the reviewer has
    findings (``review.findings``) unless ``override_reason`` says why they stand, which the audit trail keeps.
    """
    from fazhi.reports import review

    _require_editor(report, by)
    _require_from(report, S.REVIEW, [S.DRAFT, S.COMMENTS])
    empty = [
        str(Part(part).label) for part in REQUIRED_PARTS
        if not any(s.text.strip() for s in report.sections.filter(part=part))
    ]
    if empty:
        _refuse(_("Write these contents before review; they must not be empty (厅字〔2019〕28号): "
                  "%(parts)s.") % {"parts": "；".join(empty)}, "empty_parts")
    unfinished = [s.title for s in report.sections.all() if DRAFT_MARK in s.text]
    if unfinished:
        _refuse(_("These sections still hold drafting prompts marked %(mark)s; replace them before review: "
                  "%(sections)s.") % {"mark": DRAFT_MARK, "sections": "；".join(unfinished)}, "unfinished")
    unedited = review.unedited(report.sections.all())
    if unedited:
        _refuse(_("The shortcomings and next year's plans are the leaders' own judgement; revise fazhi's draft "
                  "before review: %(sections)s.") % {"sections": "；".join(s.title for s in unedited)}, "unedited")
    found = [f for f in review.findings(report) if f.code not in review.BLOCKING]
    reason = (override_reason or "").strip()
    if found and not reason:
        _refuse(_("The reviewer has %(n)d finding(s); resolve them, or give the reason they stand: %(findings)s")
                % {"n": len(found), "findings": " ".join(f.message for f in found)}, "findings")
    if found:
        record_event(action="other", target=report, actor=by, reason=reason,
                     changes={"reviewer_findings_overridden": [None, [f.message for f in found]]})
    return transition(report, S.REVIEW, by=by, allowed_from=[S.DRAFT, S.COMMENTS])


@transaction.atomic
def sign_off(report: Report, *, by, post: str = "", opinion: str = "") -> ReportSignoff:
    """Record a principal leader's review and signature (审核签字); the first one moves the report to signed."""
    if not can_sign(report, by):
        _refuse(_("Only a leader of %(region)s may sign off this report.") % {"region": report.agency.region},
                "not_leader")
    report = Report.objects.select_for_update().get(pk=report.pk)
    _require_from(report, S.SIGNED, [S.REVIEW, S.SIGNED])
    if report.signoffs.filter(user=by).exists():
        _refuse(_("You have already signed off this report."), "duplicate")
    if not post:
        post = signing_memberships(report, by)[0].title
    signoff = ReportSignoff.objects.create(report=report, user=by, post=post.strip(), opinion=(opinion or "").strip())
    record_event(action="create", target=signoff, actor=by,
                 changes={"report": [None, report.pk], "post": [None, signoff.post], "opinion": [None, signoff.opinion]})
    if report.status == S.REVIEW:
        transition(report, S.SIGNED, by=by, allowed_from=[S.REVIEW])
    return signoff


@transaction.atomic
def return_to_draft(report: Report, *, by, reason: str) -> Report:
    """Send the report back to drafting with a reason; earlier sign-offs no longer hold."""
    _require_editor(report, by)
    _require_from(report, S.DRAFT, [S.COMMENTS, S.REVIEW, S.SIGNED])
    reason = (reason or "").strip()
    if not reason:
        _refuse(_("Give the reason for returning the report to drafting."), "reason_required")
    report = transition(report, S.DRAFT, by=by, allowed_from=[S.COMMENTS, S.REVIEW, S.SIGNED], reason=reason)
    dropped = list(report.signoffs.values_list("user__username", flat=True))
    if dropped:
        report.signoffs.all().delete()
        record_event(action="change", target=report, actor=by, changes={"signoffs": [dropped, []]}, reason=reason)
    return report


def adopt(report: Report, *, by, meeting: str, adopted_on: date) -> Report:
    """Record the meeting that adopted the report (常务会议 / 常委会) and its date."""
    _require_editor(report, by)
    _require_from(report, S.ADOPTED, [S.SIGNED])
    meeting = (meeting or "").strip()
    if not meeting:
        _refuse(_("Name the meeting that adopted the report, e.g. 县政府第12次常务会议."), "meeting_required")
    last = report.signoffs.order_by("-signed_at").first()
    signed = timezone.localdate(last.signed_at) if last else None
    _require_date(adopted_on, _("adoption date"), not_before=signed, not_before_label=_("sign-off"))
    return transition(report, S.ADOPTED, by=by, allowed_from=[S.SIGNED], adopted_meeting=meeting,
                      adopted_on=adopted_on, dated=adopted_on)


# Filing, confidentiality review, publication ------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    kind: str
    label: str
    addressee: str
    required: bool


def _names(agencies: Iterable[Agency]) -> str:
    return "、".join(a.name for a in agencies)


def _find(region, *kinds) -> list[Agency]:
    if region is None:
        return []
    rows = Agency.objects.filter(region=region, kind__in=kinds, is_active=True)
    order = {k: i for i, k in enumerate(kinds)}
    return sorted(rows, key=lambda a: (order[a.kind], a.name))


def suggested_deliveries(report: Report) -> list[Suggestion]:
    """Return the addressees the reporting body delivers to, named from the agency tree where it can."""
    agency = report.agency
    own_region = agency.region
    # A township's "level" is the township; its upper level is the county above it.
    upper_region = own_region.parent
    labels = dict(D.choices)
    required = REQUIRED_DELIVERIES[report.body_kind]
    found: dict[str, str] = {}
    if report.body_kind == K.DEPARTMENT:
        found[D.OWN] = _names(_find(own_region, Agency.Kind.PARTY_COMMITTEE, Agency.Kind.GOVERNMENT))
        counterpart = ""
        if upper_region is not None and agency.name.startswith(own_region.name):
            counterpart = upper_region.name + agency.name[len(own_region.name):]
        found[D.UPPER_DEPARTMENT] = counterpart
        found[D.COPY] = _names(_find(own_region, Agency.Kind.RULE_OF_LAW_OFFICE))
    else:
        if report.body_kind == K.GOVERNMENT:
            found[D.OWN] = _names(_find(own_region, Agency.Kind.PARTY_COMMITTEE))
        found[D.PEOPLES_CONGRESS] = _names(_find(own_region, Agency.Kind.PEOPLES_CONGRESS))
        found[D.UPPER] = _names(_find(upper_region, Agency.Kind.PARTY_COMMITTEE, Agency.Kind.GOVERNMENT))
        found[D.COPY] = _names(_find(upper_region, Agency.Kind.RULE_OF_LAW_OFFICE))
    kinds = list(required) + [k for k in found if k not in required]
    return [Suggestion(kind=k, label=str(labels[k]), addressee=found.get(k, ""), required=k in required)
            for k in kinds]


@transaction.atomic
def submit_report(report: Report, *, by, deliveries: Iterable[tuple]) -> Report:
    """Record delivery to every addressee (报送); refused unless each addressee the body kind needs is there.

    ``deliveries`` are ``(kind, addressee, delivered_on, reference)`` tuples. The report counts as filed on
    the day the last of them was delivered.
    """
    _require_editor(report, by)
    _require_from(report, S.SUBMITTED, [S.ADOPTED])
    rows = []
    labels = dict(D.choices)
    for kind, addressee, delivered_on, reference in deliveries:
        addressee = (addressee or "").strip()
        if kind not in labels:
            _refuse(_("Unknown kind of addressee: %(kind)s.") % {"kind": kind}, "bad_kind")
        if not addressee:
            _refuse(_("Name the addressee for “%(kind)s”.") % {"kind": labels[kind]}, "addressee_required")
        _require_date(delivered_on, _("delivery date to %(addressee)s") % {"addressee": addressee},
                      not_before=report.adopted_on, not_before_label=_("adoption date"))
        rows.append((kind, addressee, delivered_on, (reference or "").strip()))
    missing = [str(labels[k]) for k in REQUIRED_DELIVERIES[report.body_kind] if k not in {r[0] for r in rows}]
    if missing:
        _refuse(_("A %(body)s must also deliver the report to: %(missing)s (the province's annual-report guideline).") % {
            "body": report.get_body_kind_display(), "missing": "；".join(missing)}, "addressee_missing")
    for kind, addressee, delivered_on, reference in rows:
        delivery = ReportDelivery.objects.create(report=report, kind=kind, addressee=addressee,
                                                 delivered_on=delivered_on, reference=reference, recorded_by=by)
        record_event(action="create", target=delivery, actor=by, changes={
            "report": [None, report.pk], "kind": [None, kind], "addressee": [None, addressee],
            "delivered_on": [None, delivered_on], "reference": [None, reference]})
    return transition(report, S.SUBMITTED, by=by, allowed_from=[S.ADOPTED],
                      submitted_on=max(r[2] for r in rows))


def clear_confidentiality(report: Report, *, by, reviewer: str, opinion: str, cleared_on: date) -> Report:
    """Record the confidentiality review (保密审查) that clears the report for publication."""
    _require_editor(report, by)
    _require_from(report, S.CLEARED, [S.SUBMITTED])
    reviewer = (reviewer or "").strip()
    if not reviewer:
        _refuse(_("Name who carried out the confidentiality review."), "reviewer_required")
    _require_date(cleared_on, _("confidentiality review date"))
    return transition(report, S.CLEARED, by=by, allowed_from=[S.SUBMITTED], cleared_by=reviewer,
                      confidentiality_opinion=(opinion or "").strip(), cleared_on=cleared_on)


def publish(report: Report, *, by, published_on: date, url: str = "") -> Report:
    """Record the publication (督察规定 第24条: public before 4月1日); the portal shows it from now on."""
    _require_editor(report, by)
    _require_from(report, S.PUBLISHED, [S.CLEARED])
    _require_date(published_on, _("publication date"), not_before=report.cleared_on,
                  not_before_label=_("confidentiality review"))
    return transition(report, S.PUBLISHED, by=by, allowed_from=[S.CLEARED], published_on=published_on,
                      published_url=(url or "").strip())
