"""What people do with inspection findings and their rectification: every step is one of these audited actions,
refused when the inspection rules or the office's practice forbid it.

The rule-of-law office of the region (依法治县办) records the inspection's findings, assigns each finding's
rectification to the agency responsible, approves a longer period, and reviews the closing: it closes the item (销号)
or returns it (厅字〔2019〕28号 has the office organise the inspection and follow up its rectification). The agency's
clerks (and the office) draw up the plan, report progress and ask to close the item with their evidence. Each action
checks who acts, the status, the dates against each other and today (``PROCEDURE``) and what the step needs: a plan
before closing, files of evidence with the request, reasons for a return.

Every action is called as ``action(item, by=user, **form.cleaned_data)`` with its form in ``forms.py``; the finding
and its assignment as ``record_finding(agency=agency, by=user, **form.cleaned_data)``.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.assessment.models import (
    BASIS,
    IN_FORCE,
    Finding,
    Inspection,
    ProgressReport,
    Rectification,
    default_period_days,
    extension_before_deadline,
)
from fazhi.assessment.procedure import LOCAL, PROCEDURE, RULES, dates_of
from fazhi.audit.actions import attach_file, attachments_for, record_event
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition
from fazhi.ledgers.checks import choice as _choice
from fazhi.ledgers.checks import require_status, require_writer
from fazhi.ledgers.checks import required as _required
from fazhi.ledgers.checks import text as _text
from fazhi.org.models import Agency
from fazhi.org.scope import is_office_for

__all__ = [
    "accept_closing", "deadline_of", "extend_deadline", "is_office_for", "record_finding", "record_plan",
    "report_progress", "request_closing", "return_item",
]

S = Rectification.Status


# Who may act, and small checks ------------------------------------------------------------------------------------


def _require_office(agency: Agency, by, step: str) -> None:
    if not is_office_for(by, agency):
        raise IllegalTransition(_(
            "%(step)s is the rule-of-law office's to record: the office of the Party committee's rule-of-law body "
            "organises inspections and follows up their rectification (%(source)s).") % {
            "step": _capital(PROCEDURE.label(step)), "source": RULES}, code="forbidden")


def _require_writer(agency, by) -> None:
    require_writer(agency, by, _("Only the clerks of %(agency)s or the rule-of-law office of its region may report on "
                                 "its rectification."))


def _require_status(item: Rectification, allowed, step: str) -> None:
    require_status(item, allowed, PROCEDURE.label(step), S, _(
        "%(step)s is recorded while the item is %(allowed)s; it is “%(current)s”."))


def _check(step: str, on: dt.date | None, item: Rectification, field: str, **extra) -> None:
    PROCEDURE.check_date(step, on, {**dates_of(item), **extra}, field=field)


def _capital(label) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def _office_of(agency: Agency) -> Agency:
    """The nearest rule-of-law office at or above ``agency``'s region, which keeps the inspection (the agency itself
    when the region has none)."""
    region = agency.region
    while region is not None:
        office = Agency.objects.filter(region=region, kind=Agency.Kind.RULE_OF_LAW_OFFICE, is_active=True).first()
        if office is not None:
            return office
        region = region.parent
    return agency


# The clock: computed from the item's own dates (``procedure.CLOCKS`` names it) --------------------------------------


def default_deadline(assigned_on: dt.date, agency: Agency):
    """The ``Deadline`` of the default period: ``FAZHI_ASSESSMENT_RECTIFICATION_DAYS`` calendar days from the
    assignment (the rule ``assessment.rectification``; UNCONFIRMED nationally), a last day on a holiday moved only
    with ``FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES``; provisional in a year without a holiday notice."""
    from fazhi.clock import RuleNotInForce, compute_deadline, rule_for
    from fazhi.deadlines.service import work_calendar

    try:
        rule = rule_for("assessment.rectification", on=assigned_on)
    except RuleNotInForce:
        raise IllegalTransition(_("The inspection rules (%(source)s) took effect on %(date)s.") % {
            "source": BASIS, "date": IN_FORCE.isoformat()}, code="clock") from None
    return compute_deadline(
        rule, assigned_on, work_calendar().provisional(), length_override=default_period_days(),
        length_source="FAZHI_ASSESSMENT_RECTIFICATION_DAYS",
        rollover_unconfirmed_rules=bool(getattr(settings, "FAZHI_ROLLOVER_UNCONFIRMED_DEADLINES", False)))


def deadline_of(item: Rectification) -> dt.date | None:
    """The day the rectification is due: an approved extension's day, else the day the office set, else the default
    period from the assignment."""
    if item.extended_until:
        return item.extended_until
    if item.deadline_set:
        return item.deadline_set
    if item.assigned_on is None:
        return None
    return default_deadline(item.assigned_on, item.agency).due


def _with_clock(item: Rectification, **values) -> dict:
    future = copy.copy(item)
    for name, value in values.items():
        setattr(future, name, value)
    return {**values, "deadline": deadline_of(future)}


# The finding and its assignment -----------------------------------------------------------------------------------


@transaction.atomic
def record_finding(*, agency, by, inspection_reference: str, inspection_kind: str, inspecting_body: str,
                   inspected: str, inspection_started_on: dt.date | None, category: str, description: str,
                   responsible_person: str, assigned_on: dt.date | None, feedback_on: dt.date | None = None,
                   basis_article: str = "", deadline_set: dt.date | None = None) -> Rectification:
    """Record a problem an inspection found and assign its rectification to ``agency`` (交办), with the person
    answerable and a deadline: the day the office sets, else the default period. The inspection is recorded with
    its first finding and found again by its reference (厅字〔2019〕28号)."""
    _require_office(agency, by, "assign")
    _required(inspection_reference=(_text(inspection_reference), _("Give the inspection's reference number.")),
              inspection_kind=(inspection_kind, _("Choose the kind of inspection.")),
              inspecting_body=(_text(inspecting_body), _("Name the body that inspected.")),
              inspected=(_text(inspected), _("Name the agency or region inspected.")),
              category=(category, _("Choose the area of the problem.")),
              description=(_text(description), _("Describe the problem the inspection found.")),
              responsible_person=(_text(responsible_person), _(
                  "Name the person answerable for the rectification.")))
    _choice(inspection_kind, Inspection.Kind, "inspection_kind", _("Choose the kind of inspection."))
    _choice(category, Finding.Category, "category", _("Choose the area of the problem."))
    if inspection_started_on is not None and inspection_started_on < IN_FORCE:
        raise ValidationError({"inspection_started_on": _(
            "This ledger keeps inspections under %(source)s, in force from %(date)s.") % {
            "source": BASIS, "date": IN_FORCE.isoformat()}}, code="law_in_force")
    PROCEDURE.check_date("inspect", inspection_started_on, {}, field="inspection_started_on")
    if feedback_on is not None:
        PROCEDURE.check_date("feedback", feedback_on, {"inspect": inspection_started_on}, field="feedback_on")
    office = _office_of(agency)
    reference = _text(inspection_reference)
    inspection = Inspection.objects.filter(agency=office, reference=reference).first()
    if inspection is None:
        inspection = Inspection(agency=office, reference=reference, kind=inspection_kind,
                                inspecting_body=_text(inspecting_body), inspected=_text(inspected),
                                started_on=inspection_started_on, ended_on=feedback_on,
                                basis_article=_text(basis_article), created_by=by)
        inspection.full_clean()
        inspection.save()
        record_event(action="create", target=inspection, actor=by, changes={"reference": [None, reference]})
    elif inspection.kind != inspection_kind or inspection.started_on != inspection_started_on:
        raise ValidationError({"inspection_reference": _(
            "Inspection %(reference)s is recorded as “%(kind)s” started on %(date)s: give its details as recorded, "
            "or another reference.") % {"reference": reference, "kind": inspection.get_kind_display(),
                                        "date": inspection.started_on.isoformat()}}, code="inspection_differs")
    dates = {"inspect": inspection.started_on, "feedback": inspection.ended_on}
    PROCEDURE.check_date("assign", assigned_on, dates, field="assigned_on")
    if deadline_set is not None and deadline_set <= assigned_on:
        raise ValidationError({"deadline_set": _(
            "The deadline comes after the assignment (%(date)s): give a later day, or leave it empty for the default "
            "period.") % {"date": assigned_on.isoformat()}}, code="date_order")
    number = (inspection.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = Finding(inspection=inspection, number=number, category=category, description=_text(description))
    finding.full_clean()
    finding.save()
    item = Rectification(agency=agency, finding=finding, inspection=inspection, inspection_reference=reference,
                         title=_text(description)[:300],
                         responsible_person=_text(responsible_person), assigned_on=assigned_on,
                         deadline_set=deadline_set)
    item.deadline = deadline_of(item)
    return create_record(item, by=by)


# The agency's rectification ---------------------------------------------------------------------------------------


def record_plan(item: Rectification, *, by, plan_on: dt.date | None, plan: str) -> Rectification:
    """Record the agency's rectification plan (整改方案): measures, who does what, by when; the item is then being
    rectified. A revised plan replaces the earlier one (the history keeps it)."""
    _require_writer(item.agency_id, by)
    _require_status(item, Rectification.OPEN_STATUSES, "plan")
    _required(plan=(_text(plan), _("State the plan: the measures, who carries them out and by when.")))
    _check("plan", plan_on, item, "plan_on")
    if item.status == S.ASSIGNED:
        return transition(item, S.IN_PROGRESS, by=by, allowed_from=[S.ASSIGNED], plan_on=plan_on, plan=_text(plan))
    return change_record(item, by=by, plan_on=plan_on, plan=_text(plan))


@transaction.atomic
def report_progress(item: Rectification, *, by, reported_on: dt.date | None, progress: str,
                    attachment=None) -> ProgressReport:
    """Record a progress report (整改进展) and its file, if any; the item is then being rectified."""
    _require_writer(item.agency_id, by)
    _require_status(item, Rectification.OPEN_STATUSES, "progress")
    _required(progress=(_text(progress), _("Say what has been done since the last report.")))
    _check("progress", reported_on, item, "reported_on")
    name = ""
    if attachment is not None:
        name = _attach(item, attachment, by, _("Progress report of %(date)s") % {"date": reported_on.isoformat()},
                       "attachment")
    report = ProgressReport(rectification=item, reported_on=reported_on, text=_text(progress),
                            attachment_name=name, created_by=by)
    report.full_clean()
    report.save()
    record_event(action="change", target=item, actor=by, changes={"progress": [None, {
        "reported_on": reported_on, "text": report.text, "attachment": name}]})
    if item.status == S.ASSIGNED:
        transition(item, S.IN_PROGRESS, by=by, allowed_from=[S.ASSIGNED])
    return report


def _attach(item: Rectification, upload, by, description: str, field: str) -> str:
    from fazhi.audit.exceptions import AttachmentRefused

    try:
        attachment = attach_file(item, upload, by=by, description=description)
    except AttachmentRefused as exc:
        raise ValidationError({field: exc.messages}, code="attachment") from None
    return attachment.original_name


def _evidence(item: Rectification):
    """The files attached to the item since it was last returned (all of them if it never was)."""
    return list(attachments_for(item).order_by("pk"))[item.files_at_return:]


@transaction.atomic
def request_closing(item: Rectification, *, by, requested_on: dt.date | None, closing_summary: str,
                    evidence=None) -> Rectification:
    """Ask the office to close the item (申请销号): what was rectified, with files of evidence (整改佐证材料) attached
    now or since the item was last returned; the plan comes first."""
    _require_writer(item.agency_id, by)
    _require_status(item, [S.IN_PROGRESS], "request")
    if not item.plan:
        raise IllegalTransition(_("Record the rectification plan (整改方案) before asking to close the item (%(source)s)."
                                  ) % {"source": LOCAL}, code="plan_first")
    _required(closing_summary=(_text(closing_summary), _("Say what was rectified and how it was checked.")))
    _check("request", requested_on, item, "requested_on")
    if evidence is not None:
        _attach(item, evidence, by, _("Closing evidence of %(date)s") % {"date": requested_on.isoformat()},
                "evidence")
    elif not _evidence(item):
        message = (_("Attach the evidence of the rectification again: the item was returned on %(date)s, and files "
                     "attached before do not show what changed since (%(source)s).") % {
                   "date": item.returned_on.isoformat(), "source": LOCAL} if item.returned_on else
                   _("Attach the evidence of the rectification (整改佐证材料): the office closes an item on its evidence "
                     "(%(source)s).") % {"source": LOCAL})
        raise ValidationError({"evidence": message}, code="evidence_required")
    return transition(item, S.REQUESTED, by=by, allowed_from=[S.IN_PROGRESS], closing_requested_on=requested_on,
                      closing_summary=_text(closing_summary))


# The office's decisions -------------------------------------------------------------------------------------------


def extend_deadline(item: Rectification, *, by, extended_on: dt.date | None, extended_until: dt.date | None,
                    extension_reason: str) -> Rectification:
    """Approve a longer period (延期整改), before the deadline passes unless the setting allows it after, to a day
    after the current deadline, with the reason."""
    _require_office(item.agency, by, "extend")
    _require_status(item, Rectification.OPEN_STATUSES, "extend")
    _required(extended_until=(extended_until, _("Give the new deadline.")),
              extension_reason=(_text(extension_reason), _("Say why the rectification needs longer.")))
    _check("extend", extended_on, item, "extended_on")
    if item.deadline and extended_on > item.deadline and extension_before_deadline():
        raise ValidationError({"extended_on": _(
            "A longer period is approved before the deadline passes; it passed on %(due)s (%(source)s, setting "
            "FAZHI_ASSESSMENT_EXTEND_BEFORE_DEADLINE).") % {"due": item.deadline.isoformat(), "source": LOCAL}},
            code="late")
    if item.deadline and extended_until <= item.deadline:
        raise ValidationError({"extended_until": _(
            "The deadline is %(due)s already: extend it to a later day.") % {"due": item.deadline.isoformat()}},
            code="not_later")
    return change_record(item, by=by, **_with_clock(item, extended_on=extended_on, extended_until=extended_until,
                                                      extension_reason=_text(extension_reason)))


def accept_closing(item: Rectification, *, by, closed_on: dt.date | None, review_note: str = "") -> Rectification:
    """Close the item (销号) on the office's review of the evidence."""
    _require_office(item.agency, by, "close")
    _require_status(item, [S.REQUESTED], "close")
    _check("close", closed_on, item, "closed_on")
    return transition(item, S.CLOSED, by=by, allowed_from=[S.REQUESTED], closed_on=closed_on,
                      review_note=_text(review_note))


def return_item(item: Rectification, *, by, returned_on: dt.date | None, return_reason: str) -> Rectification:
    """Return the item for more rectification, with the reasons the evidence falls short; its deadline runs again."""
    _require_office(item.agency, by, "return")
    _require_status(item, [S.REQUESTED], "return")
    _required(return_reason=(_text(return_reason), _(
        "Say why the rectification is not accepted, so the agency knows what to do.")))
    _check("return", returned_on, item, "returned_on")
    return transition(item, S.IN_PROGRESS, by=by, allowed_from=[S.REQUESTED], reason=_text(return_reason),
                      returned_on=returned_on, files_at_return=attachments_for(item).count(), return_reason=_text(return_reason),
                      times_returned=item.times_returned + 1)
