"""What people do with self-assessments (自评) on an indicator system: each step an audited action, refused with a
clear message when the assessment rules or the office's practice forbid it.

A body (its clerks, or the rule-of-law office for it) opens its self-assessment on a system for a year, records per
assessed indicator a claimed result (met, partly met, not met, not applicable), a claimed score where the system
carries points and an explanation, attaches files and links records of fazhi's ledgers as evidence, and submits it
by the day ``FAZHI_ASSESSMENT_SELF_DUE`` of the next year (UNCONFIRMED local practice). The rule-of-law office of the
body's region (or above) returns it for revision, scores each indicator with a comment, finishes the scoring and
publishes the result to the body; it publishes the ranking of a region's bodies, and turns an indicator found short
(a gap, 差距) into a rectification item through the rectification ledger's own action. The 2021 demonstration
system's scores and methods are set by an expert group and not published (legal-rules §9.2): what the office scores
with is its province's or its own rules (``procedure.ASSESS``, UNCONFIRMED).

Every action is called as ``action(record, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the opening
as ``open_self_assessment(agency=agency, by=user, **form.cleaned_data)``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.assessment.actions import _office_of, is_office_for, record_finding
from fazhi.assessment.models import (
    EvidenceLink,
    IndicatorEntry,
    IndicatorSystem,
    RankingPublication,
    SelfAssessment,
    self_due_of_year,
)
from fazhi.assessment.procedure import ASSESS, PROCEDURE, dates_of
from fazhi.audit.actions import attach_file, attachments_for, record_event
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.checks import can_write, require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.org.models import Agency, Membership, Region

__all__ = [
    "attach_evidence", "can_fill", "can_score", "finish_scoring", "link_evidence", "open_self_assessment",
    "publish_ranking", "publish_result", "record_entry", "record_summary", "rectify_gap", "return_self_assessment",
    "score_indicator", "scores_visible", "submit_self_assessment", "systems_for", "unlink_evidence",
]

S = SelfAssessment.Status
R = IndicatorEntry.Result
#: How many indicators a refusal names before it says "and N more".
NAMED = 8


# Who may act -------------------------------------------------------------------------------------------------------


def can_fill(user, record: SelfAssessment) -> bool:
    """Whether ``user`` keeps the body's self-assessment: its clerks, the office of its region, the administrator."""
    return can_write(user, record.agency_id)


def can_score(user, record: SelfAssessment) -> bool:
    """Whether ``user`` scores the body's self-assessment: the rule-of-law office of its region or above."""
    return is_office_for(user, record.agency)


def scores_visible(user, record: SelfAssessment) -> bool:
    """Whether ``user`` sees the office's scores: once published, whoever reads the self-assessment; before, the
    office alone (a body never sees a score before it is published to it)."""
    return record.status == S.PUBLISHED or can_score(user, record)


def systems_for(user):
    """The systems in use that ``user`` may assess on: those for everywhere and those of a region they work in or
    under (a province's system for its counties)."""
    from django.db.models import Q

    from fazhi.org.scope import scope_for

    qs = IndicatorSystem.objects.filter(is_active=True)
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    if scope.is_empty:
        return qs.none()
    paths = {path for path in (*scope.read_subtrees, *scope.read_below)}
    paths |= set(Agency.objects.filter(pk__in=scope.read_agencies).values_list("region__path", flat=True))
    match = Q(region__isnull=True)
    for path in paths:
        ancestors = [f"/{'/'.join(path.strip('/').split('/')[:n])}/" for n in range(1, path.count("/"))]
        match |= Q(region__path__in=ancestors) | Q(region__path__startswith=path)
    return qs.filter(match)


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may keep its "
                                 "self-assessment."))


def _require_office(record: SelfAssessment, by, step: str) -> None:
    if not can_score(by, record):
        raise IllegalTransition(_(
            "%(step)s is the rule-of-law office's to record: the office of %(agency)s's region scores the bodies it "
            "assesses (%(source)s).") % {"step": _capital(PROCEDURE.label(step)), "agency": record.agency,
                                         "source": ASSESS}, code="forbidden")


def _require_status(record: SelfAssessment, allowed, step: str) -> None:
    require_status(record, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the self-assessment is %(allowed)s; it is “%(current)s”."))


def _require_draft(record: SelfAssessment) -> None:
    if record.is_withdrawn:
        raise IllegalTransition(_("This record was withdrawn and can no longer be changed."), code="withdrawn")
    if record.status != S.DRAFT:
        raise IllegalTransition(_(
            "The self-assessment is “%(current)s”: what the body claims is changed while it is being drafted, before "
            "it is submitted or after the office returns it.") % {"current": record.get_status_display()},
            code="status")


def _capital(label) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def _names(entries) -> str:
    named = [f"{e.indicator.number}{e.indicator.title[:20]}" for e in entries[:NAMED]]
    more = len(entries) - NAMED
    if more > 0:
        named.append(_("and %(count)d more") % {"count": more})
    return "；".join(named)


# Opening and the body's claims ---------------------------------------------------------------------------------------


@transaction.atomic
def open_self_assessment(*, agency, by, system: IndicatorSystem | None, year: int | None) -> SelfAssessment:
    """Open ``agency``'s self-assessment on ``system`` for ``year``, with an entry for each assessed indicator and the
    day it is due (``FAZHI_ASSESSMENT_SELF_DUE`` of the next year)."""
    _require_writer(agency, by)
    _required(system=(system, _("Choose the indicator system.")), year=(year, _("Give the year assessed.")))
    if not systems_for(by).filter(pk=system.pk).exists():
        raise ValidationError({"system": _("%(system)s is not a system in use where you work.") % {"system": system}},
                              code="invalid")
    today = timezone.localdate()
    if year > today.year:
        raise ValidationError({"year": _("%(year)d has not begun: a year is assessed once its work is under way.")
                               % {"year": year}}, code="future")
    if year < system.edition_year:
        raise ValidationError({"year": _("%(system)s was issued in %(edition)d: assess %(year)d on the edition in "
                                         "use then.") % {"system": system, "edition": system.edition_year,
                                                         "year": year}}, code="edition")
    if SelfAssessment.objects.filter(agency=agency, system=system, year=year, withdrawn_at__isnull=True).exists():
        raise ValidationError({"year": _("%(agency)s has a self-assessment on %(system)s for %(year)d already.") % {
            "agency": agency, "system": system, "year": year}}, code="duplicate")
    record = SelfAssessment(agency=agency, system=system, year=year, due_on=self_due_of_year(year),
                            title=_("%(agency)s · %(year)d · %(system)s") % {
                                "agency": agency.brief, "year": year, "system": system.name})
    record = create_record(record, by=by)
    IndicatorEntry.objects.bulk_create(IndicatorEntry(assessment=record, indicator=indicator)
                                       for indicator in system.leaves().order_by("position"))
    return record


def record_summary(record: SelfAssessment, *, by, summary: str) -> SelfAssessment:
    """Record the body's overall account of its year against the system."""
    _require_writer(record.agency_id, by)
    _require_draft(record)
    return change_record(record, by=by, summary=_text(summary))


def _score_bounds(entry: IndicatorEntry, score: Decimal | None, field: str) -> None:
    points = entry.indicator.points
    if score is None:
        return
    if not entry.assessment.system.has_points:
        raise ValidationError({field: _("%(system)s carries no points: give the result alone.") % {
            "system": entry.assessment.system}}, code="no_points")
    if score < 0 or (points is not None and score > points):
        raise ValidationError({field: _("Give a score from 0 to %(points)s, the indicator's points.") % {
            "points": points}}, code="out_of_range")


def record_entry(entry: IndicatorEntry, *, by, claimed_result: str, claimed_score: Decimal | None = None,
                 explanation: str = "") -> IndicatorEntry:
    """Record the body's claim on one indicator: its result, its score where the system carries points, and what
    it did; an indicator not applicable to the body says why and carries no score."""
    record = entry.assessment
    _require_writer(record.agency_id, by)
    _require_draft(record)
    if claimed_result and claimed_result not in R.values:
        raise ValidationError({"claimed_result": _("Choose the result.")}, code="invalid")
    if claimed_result == R.NOT_APPLICABLE:
        if claimed_score is not None:
            raise ValidationError({"claimed_score": _("An indicator not applicable carries no score.")},
                                  code="not_applicable")
        if not _text(explanation):
            raise ValidationError({"explanation": _("Say why the indicator does not apply to the body.")},
                                  code="required")
    _score_bounds(entry, claimed_score, "claimed_score")
    before = {"claimed_result": entry.claimed_result, "claimed_score": entry.claimed_score,
              "explanation": entry.explanation}
    entry.claimed_result = claimed_result or ""
    entry.claimed_score = claimed_score
    entry.explanation = _text(explanation)
    entry.full_clean()
    entry.save()
    after = {"claimed_result": entry.claimed_result, "claimed_score": entry.claimed_score,
             "explanation": entry.explanation}
    changes = {k: [str(before[k] if before[k] is not None else ""), str(after[k] if after[k] is not None else "")]
               for k in before if before[k] != after[k]}
    if changes:
        record_event(action="change", target=entry, actor=by, changes=changes)
    return entry


def attach_evidence(entry: IndicatorEntry, *, by, upload, description: str = ""):
    """Attach a file of evidence (佐证材料) to the indicator."""
    from fazhi.audit.exceptions import AttachmentRefused

    record = entry.assessment
    _require_writer(record.agency_id, by)
    _require_draft(record)
    if upload is None:
        raise ValidationError({"file": _("Choose a file to attach.")}, code="required")
    try:
        return attach_file(entry, upload, by=by, description=_text(description))
    except AttachmentRefused as exc:
        raise ValidationError({"file": exc.messages}, code="attachment") from None


@transaction.atomic
def link_evidence(entry: IndicatorEntry, *, by, source: str, record_id: int | None) -> EvidenceLink:
    """Give a record kept in fazhi as evidence of the indicator: a record of the body's own that ``by`` may read."""
    from fazhi.assessment.evidence import sources, title_of
    from fazhi.org.scope import scope_for

    record = entry.assessment
    _require_writer(record.agency_id, by)
    _require_draft(record)
    found = sources().get(source)
    if found is None:
        raise ValidationError({"source": _("Choose the ledger the record is kept in.")}, code="invalid")
    model = found.model_class
    target = None
    if record_id is not None:
        target = scope_for(by).visible(model.objects.filter(withdrawn_at__isnull=True), model.scope_field).filter(
            pk=record_id).first()
    if target is None or target.agency_id != record.agency_id:
        raise ValidationError({"record_id": _(
            "Give a record of %(agency)s's own in this ledger: a body's evidence is what it recorded itself.") % {
            "agency": record.agency}}, code="not_own")
    kind = ContentType.objects.get_for_model(model)
    if EvidenceLink.objects.filter(entry=entry, target_type=kind, target_id=target.pk).exists():
        raise ValidationError({"record_id": _("The record is linked to this indicator already.")}, code="duplicate")
    link = EvidenceLink(entry=entry, target_type=kind, target_id=target.pk, source=source,
                        label=title_of(found, target), created_by=by)
    link.full_clean()
    link.save()
    record_event(action="change", target=entry, actor=by, changes={"evidence": [None, f"{source}#{target.pk}"]})
    return link


@transaction.atomic
def unlink_evidence(link: EvidenceLink, *, by) -> None:
    """Take a linked record off the indicator's evidence."""
    entry = link.entry
    _require_writer(entry.assessment.agency_id, by)
    _require_draft(entry.assessment)
    record_event(action="change", target=entry, actor=by, changes={"evidence": [f"{link.source}#{link.target_id}",
                                                                                None]})
    link.delete()


# The steps of the self-assessment ----------------------------------------------------------------------------------


def _incomplete(record: SelfAssessment) -> list[str]:
    """Why the body's claims are not ready to submit, one message per fault."""
    entries = list(record.entries.select_related("indicator").order_by("indicator__position"))
    problems = []
    unanswered = [e for e in entries if not e.claimed_result]
    if unanswered:
        problems.append(_("Give a result for every indicator; none yet for %(names)s.") % {"names": _names(unanswered)})
    if record.system.has_points:
        unscored = [e for e in entries if e.claimed_result and e.claimed_result != R.NOT_APPLICABLE
                    and e.claimed_score is None]
        if unscored:
            problems.append(_("Give the score claimed for every indicator that applies; none yet for %(names)s.")
                            % {"names": _names(unscored)})
    return problems


def submit_self_assessment(record: SelfAssessment, *, by, submitted_on: dt.date | None) -> SelfAssessment:
    """Submit the self-assessment to the rule-of-law office: every indicator answered (and scored where the system
    carries points); submitted after the day it was due, it is marked late."""
    _require_writer(record.agency_id, by)
    _require_status(record, [S.DRAFT], "self_submit")
    PROCEDURE.check_date("self_submit", submitted_on, dates_of(record), field="submitted_on")
    if submitted_on < dt.date(record.year, 1, 1):
        raise ValidationError({"submitted_on": _(
            "A self-assessment on %(year)d is submitted once the year has begun, not on %(date)s.") % {
            "year": record.year, "date": submitted_on.isoformat()}}, code="date_order")
    problems = _incomplete(record)
    if problems:
        raise IllegalTransition(" ".join(problems), code="incomplete")
    return transition(record, S.SUBMITTED, by=by, allowed_from=[S.DRAFT], submitted_on=submitted_on)


def return_self_assessment(record: SelfAssessment, *, by, returned_on: dt.date | None, return_reason: str,
                           resubmit_by: dt.date | None = None) -> SelfAssessment:
    """Return the self-assessment to the body for revision (before the result is published), with the reasons and,
    when the day it was due has passed, the day to submit it again by; the office's scores stay as they were."""
    _require_office(record, by, "self_return")
    _require_status(record, [S.SUBMITTED, S.SCORED], "self_return")
    _required(return_reason=(_text(return_reason), _("Say what the body is to revise.")))
    PROCEDURE.check_date("self_return", returned_on, dates_of(record), field="returned_on")
    due = record.due_on
    if resubmit_by is not None:
        if resubmit_by <= returned_on:
            raise ValidationError({"resubmit_by": _("Give a day after the return (%(date)s).") % {
                "date": returned_on.isoformat()}}, code="date_order")
        due = resubmit_by
    elif due is None or due <= returned_on:
        raise ValidationError({"resubmit_by": _(
            "The self-assessment was due on %(due)s, which has passed: give the day to submit it again by.") % {
            "due": due.isoformat() if due else "—"}}, code="required")
    return transition(record, S.DRAFT, by=by, allowed_from=[S.SUBMITTED, S.SCORED], reason=_text(return_reason),
                      returned_on=returned_on, return_reason=_text(return_reason), due_on=due,
                      times_returned=record.times_returned + 1, scored_on=None)


def score_indicator(entry: IndicatorEntry, *, by, office_result: str = "", office_score: Decimal | None = None,
                    office_comment: str = "") -> IndicatorEntry:
    """Record the office's score of one indicator (or, in a system without points, its finding) and its comment;
    an indicator the office finds not applicable carries no score."""
    record = entry.assessment
    _require_office(record, by, "self_score")
    _require_status(record, [S.SUBMITTED, S.SCORED], "self_score")
    if office_result and office_result not in R.values:
        raise ValidationError({"office_result": _("Choose the office's finding.")}, code="invalid")
    if record.system.has_points:
        if office_result == R.NOT_APPLICABLE:
            if office_score is not None:
                raise ValidationError({"office_score": _("An indicator not applicable carries no score.")},
                                      code="not_applicable")
        elif office_score is None:
            raise ValidationError({"office_score": _("Give the score, from 0 to %(points)s.") % {
                "points": entry.indicator.points}}, code="required")
    elif not office_result:
        raise ValidationError({"office_result": _(
            "%(system)s carries no points: give the office's finding.") % {"system": record.system}},
            code="required")
    _score_bounds(entry, office_score, "office_score")
    before = (entry.office_result, entry.office_score, entry.office_comment)
    entry.office_result = office_result or ""
    entry.office_score = office_score
    entry.office_comment = _text(office_comment)
    entry.scored_at = timezone.now()
    entry.scored_by = by
    entry.full_clean()
    entry.save()
    after = (entry.office_result, entry.office_score, entry.office_comment)
    if before != after:
        record_event(action="change", target=entry, actor=by, changes={
            name: [str(old if old is not None else ""), str(new if new is not None else "")]
            for name, old, new in zip(("office_result", "office_score", "office_comment"), before, after, strict=True)
            if old != new})
    return entry


def finish_scoring(record: SelfAssessment, *, by, scored_on: dt.date | None) -> SelfAssessment:
    """Finish the office's scoring once it scored at least one indicator; those left unscored count as none in the
    ranking, which says so."""
    _require_office(record, by, "self_score")
    _require_status(record, [S.SUBMITTED], "self_score")
    PROCEDURE.check_date("self_score", scored_on, dates_of(record), field="scored_on")
    scored = record.entries.exclude(office_score=None) | record.entries.exclude(office_result="")
    if not scored.exists():
        raise IllegalTransition(_("Score the indicators before finishing the scoring: none is scored yet."),
                                code="nothing_scored")
    return transition(record, S.SCORED, by=by, allowed_from=[S.SUBMITTED], scored_on=scored_on)


def publish_result(record: SelfAssessment, *, by, published_on: dt.date | None) -> SelfAssessment:
    """Publish the result to the body: it then sees the office's scores and comments."""
    _require_office(record, by, "self_publish")
    _require_status(record, [S.SCORED], "self_publish")
    PROCEDURE.check_date("self_publish", published_on, dates_of(record), field="published_on")
    return transition(record, S.PUBLISHED, by=by, allowed_from=[S.SCORED], published_on=published_on)


# The ranking and the gaps ------------------------------------------------------------------------------------------


def office_region_of(user, region: Region) -> Agency | None:
    """The rule-of-law office through which ``user`` answers for ``region`` (its region or one above): theirs, or
    for the administrator the nearest one at or above the region; none for anyone else."""
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user, role=Membership.Role.OFFICE, is_active=True,
                                            agency__is_active=True).select_related("agency__region")
    for membership in memberships:
        if region.path.startswith(membership.agency.region.path):
            return membership.agency
    if user.is_superuser:
        codes = [code for code in region.path.strip("/").split("/") if code]
        offices = {a.region.code: a for a in Agency.objects.filter(
            region__code__in=codes, kind=Agency.Kind.RULE_OF_LAW_OFFICE, is_active=True).select_related("region")}
        return next((offices[code] for code in reversed(codes) if code in offices), None)
    return None


@transaction.atomic
def publish_ranking(*, by, region: Region, system: IndicatorSystem, year: int, bodies: str,
                    published_on: dt.date | None) -> RankingPublication:
    """Publish the ranking of ``region``'s bodies on ``system`` for ``year`` to them, as it stands: once every body
    scored has its result published; a ranking published before is replaced."""
    from fazhi.assessment.ranking import ranking_rows, snapshot

    office = office_region_of(by, region)
    if office is None:
        raise IllegalTransition(_(
            "The ranking of %(region)s is published by its rule-of-law office (%(source)s).") % {
            "region": region, "source": ASSESS}, code="forbidden")
    if published_on is None:
        raise ValidationError({"published_on": _("Give the date of publication.")}, code="required")
    if published_on > timezone.localdate():
        raise ValidationError({"published_on": _("Record the publication once it has taken place.")},
                              code="future_date")
    rows = ranking_rows(by, region, system, year, bodies, as_office=True)
    waiting = [row for row in rows if row.status == S.SCORED]
    if waiting:
        raise IllegalTransition(_(
            "Publish each body's own result before the ranking: %(names)s scored, not yet published.") % {
            "names": "、".join(row.agency_name for row in waiting[:NAMED])}, code="unpublished")
    if not any(row.rank is not None for row in rows):
        raise IllegalTransition(_("No body has a published result on %(system)s for %(year)d: there is nothing to "
                                  "rank.") % {"system": system, "year": year}, code="empty")
    publication, created = RankingPublication.objects.update_or_create(
        region=region, system=system, year=year, bodies=bodies,
        defaults={"agency": office, "published_on": published_on, "rows": snapshot(rows), "published_by": by})
    record_event(action="create" if created else "change", target=publication, actor=by,
                 changes={"ranking": [None, {"rows": len(rows), "published_on": published_on.isoformat()}]})
    return publication


def gaps(record: SelfAssessment) -> list[tuple[IndicatorEntry, list[str]]]:
    """The indicators the body falls short on (差距): not met or partly met (as the office found, else as the body
    claimed), or without any evidence attached or linked; each with why."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from fazhi.audit.models import Attachment

    kind = ContentType.objects.get_for_model(IndicatorEntry)
    entries = list(record.entries.select_related("indicator", "rectification").annotate(n_links=Count("links"))
                   .order_by("indicator__position"))
    attached = set(Attachment.objects.filter(target_type=kind, target_id__in=[str(e.pk) for e in entries],
                                             withdrawn_at__isnull=True).values_list("target_id", flat=True))
    found = []
    for entry in entries:
        result = entry.office_result or entry.claimed_result
        if result == R.NOT_APPLICABLE:
            continue
        why = []
        if result == R.NOT_MET:
            why.append(_("not met"))
        elif result == R.PARTLY:
            why.append(_("partly met"))
        elif not result:
            why.append(_("no result given"))
        if not entry.n_links and str(entry.pk) not in attached:
            why.append(_("no evidence attached or linked"))
        if why:
            found.append((entry, why))
    return found


@transaction.atomic
def rectify_gap(entry: IndicatorEntry, *, by, inspection_reference: str, responsible_person: str,
                assigned_on: dt.date | None, deadline_set: dt.date | None = None, description: str = ""):
    """Turn a gap of the self-assessment into a rectification item of the body (整改事项), through the
    rectification ledger's own action (``actions.record_finding``); the indicator then names it."""
    record = entry.assessment
    _require_office(record, by, "self_score")
    if entry.rectification_id is not None:
        raise IllegalTransition(_("This gap is rectification item %(item)s already.") % {
            "item": entry.rectification}, code="duplicate")
    if record.status == S.DRAFT and record.submitted_on is None:
        raise IllegalTransition(_("The body is still drafting its self-assessment: its gaps are assigned once it is "
                                  "submitted."), code="status")
    indicator = entry.indicator
    area = indicator.area
    started = record.submitted_on or timezone.localdate()
    item = record_finding(
        agency=record.agency, by=by, inspection_reference=inspection_reference,
        inspection_kind="other", inspecting_body=str(_office_of(record.agency)),
        inspected=str(record.agency), inspection_started_on=started, category=area.category or "other",
        description=_text(description) or f"{indicator.number}{indicator.title}",
        responsible_person=responsible_person, assigned_on=assigned_on, deadline_set=deadline_set)
    IndicatorEntry.objects.filter(pk=entry.pk).update(rectification=item)
    entry.rectification = item
    record_event(action="change", target=entry, actor=by, changes={"rectification": [None, item.pk]})
    return item


def evidence_count(entry: IndicatorEntry) -> int:
    return entry.links.count() + attachments_for(entry).count()
