"""What people do with collection rounds: every state change is one of these verb-named actions.

The rule-of-law office opens a round (``open_round``), reminds late agencies (``remind``), accepts or
returns submissions and closes the round (``close_round``, with an override reason when required
submissions are missing). A clerk fills figures (``save_values``) and submits (``submit_submission``).
Each action checks who may act, refuses illegal moves with a clear message and writes the audit trail.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit import actions as audit
from fazhi.collection.models import Round, Submission, Value
from fazhi.collection.rollup import rate
from fazhi.collection.validation import check_parts, clean_note, parse_value, part_pairs
from fazhi.core.ledger import IllegalTransition, create_record, transition
from fazhi.metrics import registry
from fazhi.metrics.models import Metric
from fazhi.org.models import Agency, Membership, User
from fazhi.org.scope import scope_for

__all__ = [
    "RemindResult", "accept_submission", "close_round", "computed_link", "extend_due_date", "fill_values",
    "open_round", "refresh_computed", "refresh_open_rounds", "remind", "reopen_round", "return_submission", "save_values",
    "submit_submission",
]

log = logging.getLogger(__name__)

#: Agency kinds a round may ask for figures (the office's own, the government and the party committee report
#: the region's totals instead).
ASKABLE_KINDS = (
    Agency.Kind.DEPARTMENT, Agency.Kind.TOWNSHIP, Agency.Kind.COURT, Agency.Kind.PROCURATORATE,
    Agency.Kind.PEOPLES_CONGRESS, Agency.Kind.CPPCC, Agency.Kind.OTHER,
)


# Helpers ----------------------------------------------------------------------------------------------


def _metrics_by_code(items: Iterable) -> list[Metric]:
    """Return Metric objects for ``items`` (metrics or codes), refusing unknown codes."""
    items = list(items)
    codes = [m for m in items if isinstance(m, str)]
    found = {m.code: m for m in Metric.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(_("Unknown metric codes: %(codes)s.") % {"codes": "、".join(unknown)},
                              code="unknown_metric")
    return [found[m] if isinstance(m, str) else m for m in items]


def _with_parts(metrics: Iterable[Metric]) -> list[Metric]:
    """Return ``metrics`` plus the numerator and denominator of every rate computed from its parts."""
    result: dict[int, Metric] = {}
    for metric in metrics:
        result[metric.pk] = metric
        if metric.is_derived:
            for part in (metric.numerator, metric.denominator):
                if part is not None:
                    result.setdefault(part.pk, part)
    return list(result.values())


def _require_reviewer(round_: Round, by) -> None:
    if not scope_for(by).can_write_agency(round_.agency_id):
        raise IllegalTransition(
            _("Only the rule-of-law office that runs “%(round)s” may do this.") % {"round": round_},
            code="not_reviewer",
        )


def _require_writer(submission: Submission, by) -> None:
    if not scope_for(by).can_write_agency(submission.agency_id):
        raise IllegalTransition(
            _("You may not change the figures of %(agency)s.") % {"agency": submission.agency},
            code="not_writer",
        )


def _require_open(round_: Round) -> None:
    if round_.is_withdrawn:
        raise IllegalTransition(_("This round was withdrawn."), code="round_withdrawn")
    if round_.status != Round.Status.OPEN:
        raise IllegalTransition(
            _("The round “%(round)s” is %(status)s: figures can no longer be changed.") % {
                "round": round_, "status": round_.get_status_display()},
            code="round_not_open",
        )


def _require_editable(submission: Submission) -> None:
    _require_open(submission.round)
    if submission.is_withdrawn:
        raise IllegalTransition(_("This submission was withdrawn."), code="withdrawn")
    if not submission.is_pending:
        raise IllegalTransition(
            _("The figures of %(agency)s were already %(status)s and can no longer be changed. "
              "Ask the rule-of-law office to return the submission first.") % {
                "agency": submission.agency, "status": submission.get_status_display()},
            code="not_editable",
        )


def _sync_deadlines(round_: Round) -> None:
    """Store every pending submission's deadline again after the round's status or due date changed."""
    deadline = round_.due_date if round_.status == Round.Status.OPEN and not round_.is_withdrawn else None
    Submission.objects.filter(
        round=round_, status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED],
    ).update(next_deadline=deadline)


def _bulk_save(values: list[Value], fields: list[str]) -> None:
    """bulk_update skips ``auto_now``: stamp the time ourselves."""
    now = timezone.now()
    for value in values:
        value.updated_at = now
    Value.objects.bulk_update(values, [*fields, "updated_at"])


def _recompute_derived(submission: Submission) -> None:
    """Store the rates of a submission computed from its parts (read-only in the form)."""
    values = list(
        Value.objects.filter(submission=submission).select_related("metric__numerator", "metric__denominator")
    )
    by_code = {v.metric.code: v.value for v in values}
    changed = []
    for value in values:
        metric = value.metric
        if not metric.is_derived:
            continue
        new = rate(by_code.get(metric.numerator.code), by_code.get(metric.denominator.code))
        if new != value.value:
            value.value = new
            changed.append(value)
    if changed:
        _bulk_save(changed, ["value"])


def computed_link(metric: Metric, agency: Agency, year: int) -> str:
    """Return the link to the ledger records behind a computed figure, or "" when there is none."""
    computation = registry.get(metric.computed_by) if metric.computed_by else None
    if computation is None or computation.records_url is None:
        return ""
    try:
        return computation.records_url(agency, year) or ""
    except Exception:  # a broken link must not break the form
        log.exception("records_url of %s failed", metric.computed_by)
        return ""


# Opening and running a round --------------------------------------------------------------------------


@transaction.atomic
def open_round(office_agency: Agency, year: int, title: str, due_date: date, metrics: Iterable,
               agencies: Iterable[Agency] | Mapping[Agency, Iterable], *, by, required: bool = True) -> Round:
    """Open a collection round and give each agency asked a submission with its metrics.

    ``metrics`` are Metric objects or codes; ``agencies`` a list of agencies (each fills every metric) or
    a mapping ``{agency: metrics}``. A rate computed from its parts brings its numerator and denominator.
    Computed metrics are filled from the ledgers at once. Refuses an agency outside the office's region,
    and an agency that already has a submission for the year (one per agency and year).
    """
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the round a title.")})
    round_metrics = _metrics_by_code(metrics)
    if isinstance(agencies, Mapping):
        asked = {agency: _metrics_by_code(agency_metrics) for agency, agency_metrics in agencies.items()}
    else:
        asked = {agency: list(round_metrics) for agency in agencies}
    if not asked:
        raise ValidationError({"agencies": _("Choose at least one agency to ask.")})
    all_metrics = _with_parts([*round_metrics, *(m for ms in asked.values() for m in ms)])
    if not all_metrics:
        raise ValidationError({"metrics": _("Choose at least one metric.")})
    in_force = set(Metric.objects.for_year(year).filter(pk__in=[m.pk for m in all_metrics]).values_list("pk", flat=True))
    retired = [m.label for m in all_metrics if m.pk not in in_force]
    if retired:
        raise ValidationError({"metrics": _("Not in the catalog for %(year)d: %(metrics)s.") % {
            "year": year, "metrics": "、".join(retired)}})
    region = office_agency.region
    outside = [a.name for a in asked if not a.region.path.startswith(region.path) or not a.is_active]
    if outside:
        raise ValidationError({"agencies": _("Not in %(region)s or no longer active: %(agencies)s.") % {
            "region": region.name, "agencies": "、".join(outside)}})
    taken = Submission.objects.filter(year=year, agency__in=list(asked)).select_related("agency", "round")
    if taken:
        raise ValidationError({"agencies": _("Already asked for %(year)d in another round: %(agencies)s.") % {
            "year": year, "agencies": "、".join(f"{s.agency.name}（{s.round.title}）" for s in taken)}})

    round_ = Round(agency=office_agency, region=region, year=year, title=title, due_date=due_date,
                   status=Round.Status.OPEN, opened_at=timezone.now())
    create_record(round_, by=by)
    round_.metrics.set(all_metrics)
    submissions = []
    for agency, agency_metrics in asked.items():
        submission = create_record(Submission(round=round_, agency=agency, year=year, required=required), by=by)
        wanted = _with_parts(agency_metrics)
        submission.metrics.set(wanted)
        Value.objects.bulk_create([
            Value(submission=submission, metric=m, computed=m.source == Metric.Source.COMPUTED) for m in wanted
        ])
        submissions.append(submission)
    refresh_computed(submissions)
    return round_


def refresh_computed(submissions: Iterable[Submission]) -> int:
    """Fill the computed metrics of pending submissions from the ledgers; return how many figures changed.

    A metric whose ledger has no computation registered yet stays empty (shown as generated from the
    ledgers, with no ledger data yet). Submitted and accepted figures are left as they were.
    """
    pending = [s for s in submissions if s.is_pending]
    if not pending:
        return 0
    values = list(
        Value.objects.filter(submission__in=pending, metric__source=Metric.Source.COMPUTED)
        .select_related("metric", "submission")
    )
    by_key: dict[tuple[str, int], list[Value]] = defaultdict(list)
    for value in values:
        by_key[(value.metric.computed_by, value.submission.year)].append(value)
    changed = []
    for (key, year), rows in by_key.items():
        if not key or registry.get(key) is None:
            continue
        figures = registry.compute(key, {v.submission.agency_id for v in rows}, year)
        for value in rows:
            new = Decimal(figures.get(value.submission.agency_id, 0))
            if new != value.value or not value.computed:
                value.value, value.computed = new, True
                changed.append(value)
    if changed:
        _bulk_save(changed, ["value", "computed"])
    for submission in {v.submission_id: v.submission for v in changed}.values():
        _recompute_derived(submission)
    return len(changed)


def refresh_open_rounds(today=None, dry_run: bool = False) -> int:
    """Bring the ledger-computed figures of every pending submission in an open round up to date (a tick job).

    Returns how many figures changed (with ``dry_run``, how many pending submissions would be looked at).
    """
    pending = Submission.objects.filter(
        round__status=Round.Status.OPEN, withdrawn_at__isnull=True,
        status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED],
    ).select_related("round")
    if dry_run:
        return pending.count()
    return refresh_computed(list(pending))


@transaction.atomic
def save_values(submission: Submission, entries: Mapping[str, object], *, by) -> int:
    """Save figures and notes of a draft, ``{metric code: (value, note)}`` (or just a value); return how many changed.

    Values come as typed (text, numbers); each is checked (``validation.parse_value``) and every
    numerator against its denominator. Any error refuses the whole save with a ValidationError whose
    ``error_dict`` maps metric codes to messages, and nothing is stored. A note of None keeps the note.
    Computed figures and rates computed from their parts cannot be typed.
    """
    submission = Submission.objects.select_related("round", "agency").get(pk=submission.pk)
    _require_writer(submission, by)
    _require_editable(submission)
    values = {v.metric.code: v for v in submission.values.select_related("metric")}
    errors: dict[str, list[ValidationError]] = {}
    new_values: dict[str, Decimal | None] = {}
    new_notes: dict[str, str] = {}
    for code, entry in entries.items():
        raw, note = entry if isinstance(entry, tuple) else (entry, None)
        current = values.get(code)
        if current is None:
            errors[code] = [ValidationError(_("“%(code)s” is not a metric of this form.") % {"code": code},
                                            code="unknown_metric")]
            continue
        metric = current.metric
        try:
            if note is not None:
                new_notes[code] = clean_note(note)
            if metric.is_derived or metric.source == Metric.Source.COMPUTED:
                if raw not in (None, "") and _parsed_or_none(metric, raw) != current.value:
                    raise ValidationError(
                        _("%(label)s is computed and cannot be typed in.") % {"label": metric.label},
                        code="read_only",
                    )
                continue
            new_values[code] = parse_value(metric, raw)
        except ValidationError as exc:
            errors.setdefault(code, []).append(exc)
    merged = {code: v.value for code, v in values.items()} | new_values
    for code, error in check_parts(merged, part_pairs(submission.year)).items():
        if code in new_values or code in values:
            errors.setdefault(code, []).append(error)
    if errors:
        raise ValidationError(errors)

    changes: dict[str, list] = {}
    changed = []
    for code, value in values.items():
        touched = False
        if code in new_values and new_values[code] != value.value:
            changes[f"{code}.value"] = [audit.json_safe(value.value), audit.json_safe(new_values[code])]
            value.value = new_values[code]
            touched = True
        if code in new_notes and new_notes[code] != value.note:
            changes[f"{code}.note"] = [value.note, new_notes[code]]
            value.note = new_notes[code]
            touched = True
        if touched:
            value.updated_by = by
            changed.append(value)
    if changed:
        _bulk_save(changed, ["value", "note", "updated_by"])
        _recompute_derived(submission)
        audit.record_event(action="change", target=submission, actor=by, changes=changes)
    return len(changed)


def _parsed_or_none(metric, raw):
    try:
        return parse_value(metric, raw)
    except ValidationError:
        return object()  # never equal to a stored value


def fill_values(submission: Submission, figures: Mapping[str, object], *, by=None) -> int:
    """Store figures in bulk WITHOUT checks or per-value audit entries; return how many were written.

    For the demo county and the benchmark only, never for what people type: ``figures`` maps metric codes
    to numbers (already valid). Metrics not yet on the submission are added to it. Rates computed from
    their parts are stored again afterwards.
    """
    metrics = {m.code: m for m in Metric.objects.filter(code__in=list(figures))}
    existing = {v.metric_id: v for v in Value.objects.filter(submission=submission, metric__in=metrics.values())}
    new, updated = [], []
    for code, number in figures.items():
        metric = metrics[code]
        number = None if number is None else Decimal(str(number))
        value = existing.get(metric.pk)
        if value is None:
            new.append(Value(submission=submission, metric=metric, value=number, updated_by=by,
                             computed=metric.source == Metric.Source.COMPUTED))
        else:
            value.value, value.updated_by = number, by
            updated.append(value)
    with transaction.atomic():
        Value.objects.bulk_create(new)
        _bulk_save(updated, ["value", "updated_by"])
        if new:
            submission.metrics.add(*[v.metric for v in new])
        _recompute_derived(submission)
    return len(new) + len(updated)


def missing_values(submission: Submission) -> list[Metric]:
    """Return the typed-in metrics of a submission still without a figure."""
    return [
        v.metric for v in submission.values.select_related("metric").filter(value__isnull=True)
        if not v.metric.is_derived and v.metric.source != Metric.Source.COMPUTED
    ]


@transaction.atomic
def submit_submission(submission: Submission, *, by) -> Submission:
    """Submit a draft (or a returned submission) to the office once every typed figure is filled in."""
    submission = Submission.objects.select_related("round", "agency").get(pk=submission.pk)
    _require_writer(submission, by)
    _require_editable(submission)
    refresh_computed([submission])
    missing = missing_values(submission)
    if missing:
        message = _("Fill in this figure before submitting (type 0 if there was none).")
        raise ValidationError({m.code: [ValidationError(message, code="missing")] for m in missing})
    stored = {v.metric.code: v.value for v in submission.values.select_related("metric")}
    errors = check_parts(stored, part_pairs(submission.year))
    if errors:
        raise ValidationError({code: [error] for code, error in errors.items()})
    return transition(submission, Submission.Status.SUBMITTED, by=by,
                      allowed_from=[Submission.Status.DRAFT, Submission.Status.RETURNED],
                      submitted_at=timezone.now(), submitted_by=by)


@transaction.atomic
def accept_submission(submission: Submission, *, by) -> Submission:
    """Accept submitted figures: from now on they count in the roll-up."""
    _require_reviewer(submission.round, by)
    _require_open(submission.round)
    return transition(submission, Submission.Status.ACCEPTED, by=by, allowed_from=[Submission.Status.SUBMITTED],
                      accepted_at=timezone.now())


@transaction.atomic
def return_submission(submission: Submission, *, by, reason: str) -> Submission:
    """Return a submission to its agency with a reason; its figures and notes stay as they were."""
    _require_reviewer(submission.round, by)
    _require_open(submission.round)
    reason = (reason or "").strip()
    if not reason:
        raise IllegalTransition(_("Say why the submission is returned, so the agency knows what to correct."),
                                code="reason_required")
    return transition(submission, Submission.Status.RETURNED, by=by, reason=reason,
                      allowed_from=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED],
                      return_reason=reason, returned_at=timezone.now(), accepted_at=None)


# Reminders --------------------------------------------------------------------------------------------


@dataclass
class RemindResult:
    reminded: list[Submission] = field(default_factory=list)
    mailed: int = 0  # e-mails sent
    without_address: list[str] = field(default_factory=list)  # agencies with no clerk e-mail address
    failed: list[str] = field(default_factory=list)  # "agency: error" for e-mails that could not be sent


def _clerk_addresses(agency_id: int) -> list[str]:
    return list(
        User.objects.filter(
            memberships__agency_id=agency_id, memberships__role=Membership.Role.CLERK,
            memberships__is_active=True, is_active=True,
        ).exclude(email="").values_list("email", flat=True).distinct()
    )


def remind(submissions: Submission | Iterable[Submission], *, by) -> RemindResult:
    """Remind agencies that have not submitted: count the reminder, audit it, e-mail the agencies' clerks.

    Submissions already submitted or accepted are skipped. An e-mail that cannot be sent is reported in
    the result, never raised: the reminder itself is recorded either way.
    """
    if isinstance(submissions, Submission):
        submissions = [submissions]
    result = RemindResult()
    now = timezone.now()
    for submission in submissions:
        _require_reviewer(submission.round, by)
        _require_open(submission.round)
        if not submission.is_pending or submission.is_withdrawn:
            continue
        with transaction.atomic():
            count = submission.reminder_count + 1
            Submission.objects.filter(pk=submission.pk).update(reminded_at=now, reminder_count=count)
            audit.record_event(action="change", target=submission, actor=by, reason=_("Reminder to submit"),
                               changes={"reminder_count": [submission.reminder_count, count]})
            submission.reminded_at, submission.reminder_count = now, count
        result.reminded.append(submission)
        addresses = _clerk_addresses(submission.agency_id)
        if not addresses:
            result.without_address.append(str(submission.agency))
            continue
        round_ = submission.round
        subject = _("Reminder: figures for “%(round)s” due %(date)s") % {
            "round": round_.title, "date": round_.due_date.isoformat()}
        body = _("%(agency)s has not yet submitted its figures for “%(round)s” (reporting year %(year)d), "
                 "due %(date)s. Please log in to the rule-of-law workbench, fill in the form and submit it.\n\n"
                 "%(office)s") % {"agency": submission.agency, "round": round_.title, "year": round_.year,
                                  "date": round_.due_date.isoformat(), "office": round_.agency}
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses, fail_silently=False)
        except Exception as exc:  # SMTP down, refused addresses…: report, do not lose the reminder
            log.warning("Reminder e-mail to %s failed: %s", submission.agency, exc)
            result.failed.append(f"{submission.agency}: {exc}")
        else:
            result.mailed += 1
    return result


# Closing, reopening, extending ------------------------------------------------------------------------


def outstanding(round_: Round):
    """Return the required submissions of a round that are not accepted yet."""
    return round_.submissions.filter(required=True, withdrawn_at__isnull=True).exclude(
        status=Submission.Status.ACCEPTED)


@transaction.atomic
def close_round(round_: Round, *, by, override_reason: str = "") -> Round:
    """Close a round; refused while required submissions are not accepted, unless a reason is given.

    The override reason is kept on the round and in the audit trail.
    """
    _require_reviewer(round_, by)
    reason = (override_reason or "").strip()
    missing = outstanding(round_).select_related("agency")
    count = missing.count()
    if count and not reason:
        names = "、".join(s.agency.short_name or s.agency.name for s in missing[:10])
        raise IllegalTransition(
            ngettext(
                "%(n)d required submission is not accepted yet (%(names)s). Give a reason to close the round anyway.",
                "%(n)d required submissions are not accepted yet (%(names)s). Give a reason to close the round anyway.",
                count,
            ) % {"n": count, "names": names + ("…" if count > 10 else "")},
            code="submissions_missing",
        )
    round_ = transition(round_, Round.Status.CLOSED, by=by, allowed_from=[Round.Status.OPEN],
                        reason=reason if count else "", closed_at=timezone.now(),
                        close_override_reason=reason if count else "")
    _sync_deadlines(round_)
    return round_


@transaction.atomic
def reopen_round(round_: Round, *, by, reason: str) -> Round:
    """Open a closed round again (to take a late or corrected submission), with a reason for the audit trail."""
    _require_reviewer(round_, by)
    reason = (reason or "").strip()
    if not reason:
        raise IllegalTransition(_("Give a reason for reopening the round."), code="reason_required")
    round_ = transition(round_, Round.Status.OPEN, by=by, allowed_from=[Round.Status.CLOSED], reason=reason,
                        closed_at=None)
    _sync_deadlines(round_)
    return round_


@transaction.atomic
def extend_due_date(round_: Round, due_date: date, *, by, reason: str = "") -> Round:
    """Move an open round's due date later; pending submissions get the new date."""
    _require_reviewer(round_, by)
    _require_open(round_)
    if due_date <= round_.due_date:
        raise ValidationError({"due_date": _("The new due date must come after %(date)s.") % {
            "date": round_.due_date.isoformat()}}, code="not_later")
    before = audit.snapshot(round_, fields=["due_date"])
    round_.due_date = due_date
    round_.next_deadline = round_.compute_next_deadline()
    round_.save(update_fields=["due_date", "next_deadline", "updated_at"])
    audit.record_event(action="change", target=round_, actor=by, reason=(reason or "").strip(),
                       changes=audit.diff(before, audit.snapshot(round_, fields=["due_date"])))
    _sync_deadlines(round_)
    return round_
