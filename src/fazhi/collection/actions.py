"""What people do with collection rounds: every state change is one of these verb-named actions.

The rule-of-law office opens a round (``open_round``), changes who fills what while it is open
(``add_agencies``, ``change_submission_metrics``, ``add_round_metrics``), reminds late agencies
(``remind``), accepts or returns submissions and closes the round (``close_round``, with an override
reason when required submissions are missing). A clerk fills figures (``save_values``), answers the questions
they raise against last year's (``answer_questions``, see ``questions.py``) and submits (``submit_submission``).
Each action checks who may act, refuses illegal moves with a clear message and writes the audit trail.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit import actions as audit
from fazhi.collection import questions
from fazhi.collection.models import Explanation, Narrative, Round, Submission, Value
from fazhi.collection.rollup import rate
from fazhi.collection.validation import check_parts, clean_note, parse_value, part_pairs
from fazhi.core.ledger import IllegalTransition, create_record, transition
from fazhi.metrics import registry
from fazhi.metrics.models import BodyKind, Metric, Topic, body_kind_of
from fazhi.org.models import Agency, Membership, User
from fazhi.org.scope import scope_for

__all__ = [
    "MetricsAdded",
    "RemindResult",
    "accept_submission",
    "add_agencies",
    "add_round_metrics",
    "agencies_to_add",
    "answer_questions",
    "change_submission_metrics",
    "close_round",
    "computed_link",
    "default_metrics_for",
    "extend_due_date",
    "fill_values",
    "open_round",
    "refresh_computed",
    "refresh_open_rounds",
    "remind",
    "reopen_round",
    "return_submission",
    "save_values",
    "submit_submission",
]

log = logging.getLogger(__name__)

#: Agency kinds a round may ask for figures (the office's own, the government and the party committee report
#: the region's totals instead).
ASKABLE_KINDS = (
    Agency.Kind.DEPARTMENT,
    Agency.Kind.TOWNSHIP,
    Agency.Kind.COURT,
    Agency.Kind.PROCURATORATE,
    Agency.Kind.PEOPLES_CONGRESS,
    Agency.Kind.CPPCC,
    Agency.Kind.OTHER,
)


# Helpers ----------------------------------------------------------------------------------------------


def _metrics_by_code(items: Iterable) -> list[Metric]:
    """Return Metric objects for ``items`` (metrics or codes), refusing unknown codes."""
    items = list(items)
    codes = [m for m in items if isinstance(m, str)]
    found = {m.code: m for m in Metric.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationError(
            _("Unknown metric codes: %(codes)s.") % {"codes": "、".join(unknown)}, code="unknown_metric"
        )
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
            _("The round “%(round)s” is %(status)s: figures can no longer be changed.")
            % {"round": round_, "status": round_.get_status_display()},
            code="round_not_open",
        )


def _require_editable(submission: Submission) -> None:
    _require_open(submission.round)
    if submission.is_withdrawn:
        raise IllegalTransition(_("This submission was withdrawn."), code="withdrawn")
    if not submission.is_pending:
        raise IllegalTransition(
            _(
                "The figures of %(agency)s were already %(status)s and can no longer be changed. "
                "Ask the rule-of-law office to return the submission first."
            )
            % {"agency": submission.agency, "status": submission.get_status_display()},
            code="not_editable",
        )


def _sync_deadlines(round_: Round) -> None:
    """Store every pending submission's deadline again after the round's status or due date changed."""
    deadline = round_.due_date if round_.status == Round.Status.OPEN and not round_.is_withdrawn else None
    Submission.objects.filter(
        round=round_,
        status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED],
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
def open_round(
    office_agency: Agency,
    year: int,
    title: str,
    due_date: date,
    metrics: Iterable,
    agencies: Iterable[Agency] | Mapping[Agency, Iterable],
    *,
    by,
    required: bool = True,
) -> Round:
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
    in_force = set(
        Metric.objects.for_year(year).filter(pk__in=[m.pk for m in all_metrics]).values_list("pk", flat=True)
    )
    retired = [m.label for m in all_metrics if m.pk not in in_force]
    if retired:
        raise ValidationError(
            {
                "metrics": _("Not in the catalog for %(year)d: %(metrics)s.")
                % {"year": year, "metrics": "、".join(retired)}
            }
        )
    region = office_agency.region
    outside = [a.name for a in asked if not a.region.path.startswith(region.path) or not a.is_active]
    if outside:
        raise ValidationError(
            {
                "agencies": _("Not in %(region)s or no longer active: %(agencies)s.")
                % {"region": region.name, "agencies": "、".join(outside)}
            }
        )
    taken = Submission.objects.filter(year=year, agency__in=list(asked)).select_related("agency", "round")
    if taken:
        raise ValidationError(
            {
                "agencies": _("Already asked for %(year)d in another round: %(agencies)s.")
                % {"year": year, "agencies": "、".join(f"{s.agency.name}（{s.round.title}）" for s in taken)}
            }
        )

    round_ = Round(
        agency=office_agency,
        region=region,
        year=year,
        title=title,
        due_date=due_date,
        status=Round.Status.OPEN,
        opened_at=timezone.now(),
    )
    create_record(round_, by=by)
    round_.metrics.set(all_metrics)
    submissions = [
        _create_submission(round_, agency, agency_metrics, by=by, required=required)
        for agency, agency_metrics in asked.items()
    ]
    refresh_computed(submissions)
    return round_


def _create_submission(
    round_: Round, agency: Agency, metrics: Iterable[Metric], *, by, required: bool
) -> Submission:
    """Create a draft submission of ``agency`` with an empty value per metric (and the parts of its rates).

    Only the metrics that fit the kind of body (``Metric.applies_to``): a department is not asked for its
    government's 常务会议, a township not for the rules only a province or a city makes.
    """
    submission = create_record(
        Submission(round=round_, agency=agency, year=round_.year, required=required), by=by
    )
    kind = body_kind_of(agency)
    wanted = [m for m in _with_parts(metrics) if m.fits(kind)]
    submission.metrics.set(wanted)
    Value.objects.bulk_create(
        [Value(submission=submission, metric=m, computed=m.source == Metric.Source.COMPUTED) for m in wanted]
    )
    return submission


#: The precision a figure is stored with (``Value.value``); a ledger's figure is rounded to it.
STORED_PLACES = Decimal(1).scaleb(-Value._meta.get_field("value").decimal_places)


def _ledger_kept(key: str, year: int, rows: list[Value]) -> bool:
    """Whether the ledger behind ``key`` (any of its computations: ``penalties.…``) holds anything of ``year`` for
    any agency of the rounds of ``rows``.

    A county that starts to keep a ledger in fazhi mid-way has no records for the years before: their figures
    came in on the forms and stay as typed, rather than turn into zeros. A ledger kept that year gives its zeros.
    """
    rounds = {v.submission.round_id for v in rows}
    agencies = set(Submission.objects.filter(round_id__in=rounds).values_list("agency_id", flat=True))
    ledger = key.split(".", 1)[0] + "."
    return any(any(registry.compute(other, agencies, year).values())
               for other in registry.registered() if other.startswith(ledger))


def refresh_computed(submissions: Iterable[Submission]) -> int:
    """Fill the computed metrics of pending submissions from the ledgers; return how many figures changed.

    A metric whose ledger has no computation registered yet stays empty (shown as generated from the
    ledgers, with no ledger data yet), and so does one whose ledger holds nothing of the year in the whole round
    (``_ledger_kept``). Submitted and accepted figures are left as they were.
    """
    pending = [s for s in submissions if s.is_pending]
    if not pending:
        return 0
    values = list(
        Value.objects.filter(submission__in=pending, metric__source=Metric.Source.COMPUTED).select_related(
            "metric", "submission"
        )
    )
    by_key: dict[tuple[str, int], list[Value]] = defaultdict(list)
    for value in values:
        by_key[(value.metric.computed_by, value.submission.year)].append(value)
    changed = []
    for (key, year), rows in by_key.items():
        if not key or registry.get(key) is None:
            continue
        figures = registry.compute(key, {v.submission.agency_id for v in rows}, year)
        if not any(figures.values()) and not _ledger_kept(key, year, rows):
            continue  # the ledger holds nothing of the year in the whole round: kept on the forms, not in fazhi
        for value in rows:
            # Stored as the field keeps it (2 decimals): 12,345 元 is 1.23 万元, and stays unchanged on the next refresh.
            new = Decimal(figures.get(value.submission.agency_id, 0)).quantize(STORED_PLACES, ROUND_HALF_UP)
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
        round__status=Round.Status.OPEN,
        withdrawn_at__isnull=True,
        status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED],
    ).select_related("round")
    if dry_run:
        return pending.count()
    return refresh_computed(list(pending))


#: The longest narrative text a body may send in one slot (characters).
MAX_NARRATIVE = 4000
WHOLE_BODY_KINDS = (Narrative.Kind.INNOVATION, Narrative.Kind.HONOUR, Narrative.Kind.PROBLEM, Narrative.Kind.PLAN)


def narrative_slots(submission: Submission) -> list[tuple[str, str]]:
    """Return the (topic, kind) slots of a form: 主要做法和成效 for each topic it asks, then the body's own four."""
    asked = set(submission.metrics.values_list("topic", flat=True))
    topics = [t for t in Topic.values if t in asked]
    return [(t, Narrative.Kind.PRACTICE) for t in topics] + [("", k) for k in WHOLE_BODY_KINDS]


def slot_name(topic: str, kind: str) -> str:
    """The form field (and error key) of a narrative slot: text-practice-enforcement, text-plan."""
    return f"text-{kind}-{topic}" if topic else f"text-{kind}"


def slot_of(name: str) -> tuple[str, str] | None:
    """Return the (topic, kind) slot a ``slot_name`` stands for, or None when no form could have it.

    The Excel form keys its narrative rows on these names; a name typed over or made up is None.
    """
    if not name.startswith("text-"):
        return None
    kind, _dash, topic = name.removeprefix("text-").partition("-")
    if kind == Narrative.Kind.PRACTICE:
        return (topic, kind) if topic in Topic.values else None
    return ("", kind) if kind in WHOLE_BODY_KINDS and not topic else None


def slot_label(topic: str, kind: str) -> str:
    """The heading of a narrative slot as people read it: 行政执法：主要做法和成效, 下一步打算."""
    kind_label = Narrative.Kind(kind).label
    return f"{Topic(topic).label}：{kind_label}" if topic else str(kind_label)


def check_texts(submission: Submission, texts: Mapping[tuple[str, str], str]) -> tuple[dict, dict]:
    """Return (cleaned texts by slot, errors by field name): the slot must be the form's, the text not too long.

    ``save_values`` checks with it; the Excel upload too, before it offers the rows to import.
    """
    slots = set(narrative_slots(submission))
    cleaned, errors = {}, {}
    for slot, raw in texts.items():
        name = slot_name(*slot)
        text = "" if raw is None else str(raw).strip()
        if slot not in slots:
            errors[name] = [ValidationError(_("This form has no such text field."), code="unknown_text")]
        elif len(text) > MAX_NARRATIVE:
            errors[name] = [ValidationError(
                _("Too long: %(n)d characters, at most %(max)d. Keep the main points; attach the rest as a file.")
                % {"n": len(text), "max": MAX_NARRATIVE}, code="text_too_long")]
        else:
            cleaned[slot] = text
    return cleaned, errors


def _save_texts(submission: Submission, texts: dict, by) -> dict[str, list]:
    """Store the texts that changed (an emptied slot is removed); return the audit changes."""
    stored = {(n.topic, n.kind): n for n in submission.narratives.all()}
    changes = {}
    for (topic, kind), text in texts.items():
        before = stored.get((topic, kind))
        if (before.text if before else "") == text:
            continue
        changes[f"text.{kind}.{topic}" if topic else f"text.{kind}"] = [before.text if before else "", text]
        if not text:
            before.delete()
        elif before is None:
            Narrative.objects.create(submission=submission, topic=topic, kind=kind, text=text, updated_by=by)
        else:
            before.text, before.updated_by = text, by
            before.save(update_fields=["text", "updated_by", "updated_at"])
    return changes


@transaction.atomic
def save_values(submission: Submission, entries: Mapping[str, object], *, by,
                texts: Mapping[tuple[str, str], str] | None = None,
                answers: Mapping[str, questions.Answer] | None = None) -> int:
    """Save figures and notes of a draft, ``{metric code: (value, note)}`` (or just a value); return how many changed.

    Values come as typed (text, numbers); each is checked (``validation.parse_value``) and every
    numerator against its denominator. Any error refuses the whole save with a ValidationError whose
    ``error_dict`` maps metric codes to messages, and nothing is stored. A note of None keeps the note.
    Computed figures and rates computed from their parts cannot be typed. ``texts`` are the body's narrative
    material, ``{(topic, kind): text}`` for the slots of ``narrative_slots``, saved with the figures. ``answers``
    are the clerk's answers to the questions the form showed (``answer_questions``), stored after the figures:
    an answer to a question the new figures no longer raise, or about a figure changed since, is left out (a
    changed figure is asked about again). Their errors are keyed ``explain-<code>``.
    """
    submission = Submission.objects.select_related("round", "agency").get(pk=submission.pk)
    _require_writer(submission, by)
    _require_editable(submission)
    answers = dict(answers or {})
    values = {v.metric.code: v for v in submission.values.select_related("metric")}
    errors: dict[str, list[ValidationError]] = {}
    new_values: dict[str, Decimal | None] = {}
    new_notes: dict[str, str] = {}
    for code, entry in entries.items():
        raw, note = entry if isinstance(entry, tuple) else (entry, None)
        current = values.get(code)
        if current is None:
            errors[code] = [
                ValidationError(
                    _("“%(code)s” is not a metric of this form.") % {"code": code}, code="unknown_metric"
                )
            ]
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
    new_texts, text_errors = check_texts(submission, texts or {})
    errors.update(text_errors)
    errors.update({f"explain-{code}": error for code, error in _check_answers(answers).items()})
    if errors:
        raise ValidationError(errors)

    changes: dict[str, list] = _save_texts(submission, new_texts, by)
    texts_changed = len(changes)
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
    answered = _store_answers(submission, answers, by)
    changes.update(answered)
    if changes:
        audit.record_event(action="change", target=submission, actor=by, changes=changes)
    return len(changed) + texts_changed + _answers_changed(answered)


def _check_answers(answers: Mapping[str, questions.Answer]) -> dict[str, list[ValidationError]]:
    """Return ``{code: errors}`` for answers whose explanation is too long."""
    errors = {}
    for code, answer in answers.items():
        text = (answer.text or "").strip()
        if len(text) > questions.MAX_EXPLANATION:
            errors[code] = [ValidationError(
                _("The explanation is too long: %(n)d characters, at most %(max)d.")
                % {"n": len(text), "max": questions.MAX_EXPLANATION}, code="explanation_too_long")]
    return errors


def _store_answers(submission: Submission, answers: Mapping[str, questions.Answer], by) -> dict[str, list]:
    """Store the answers to the questions the submission's figures raise now; return the audit changes.

    An answer to no current question, or about a figure changed since (``Answer.asked``), is left out. An
    empty answer (neither confirmed nor explained) withdraws the answer that held for these figures.
    """
    if not answers:
        return {}
    changes: dict[str, list] = {}
    for question in questions.questions_for(submission):
        answer = answers.get(question.code)
        if answer is None or not answer.is_about(question.value):
            continue
        text, confirmed = (answer.text or "").strip(), bool(answer.confirmed)
        old = (question.answer.confirmed, question.answer.text) if question.answer else (False, "")
        if (confirmed, text) == old:
            continue
        code = question.code
        if old[0] != confirmed:
            changes[f"{code}.confirmed"] = [old[0], confirmed]
        if old[1] != text:
            changes[f"{code}.explanation"] = [old[1], text]
        if not (confirmed or text):
            Explanation.objects.filter(submission=submission, metric=question.metric).delete()
            continue
        changes[f"{code}.answered"] = [None, f"{question.figure(question.last)} → {question.figure(question.value)}"]
        Explanation.objects.update_or_create(
            submission=submission, metric=question.metric,
            defaults={"value": question.value, "last_value": question.last, "confirmed": confirmed, "text": text,
                      "updated_by": by},
        )
    return changes


def _answers_changed(changes: Mapping[str, list]) -> int:
    """How many figures' answers the audit changes of ``_store_answers`` touch."""
    return len({key.rsplit(".", 1)[0] for key in changes})


@transaction.atomic
def answer_questions(submission: Submission, answers: Mapping[str, questions.Answer], *, by) -> int:
    """Store a clerk's answers to the questions of a draft, ``{metric code: Answer}``; return how many changed.

    Refuses, naming the metric, an answer about a figure no question is asked about, an answer about a figure
    changed since (``Answer.asked``: read the new question) and an explanation over ``MAX_EXPLANATION``;
    nothing is stored then. The answers are audited on the submission.
    """
    submission = Submission.objects.select_related("round", "agency").get(pk=submission.pk)
    _require_writer(submission, by)
    _require_editable(submission)
    errors = _check_answers(answers)
    asked = {q.code: q for q in questions.questions_for(submission)}
    for code, answer in answers.items():
        question = asked.get(code)
        if question is None:
            errors.setdefault(code, []).append(ValidationError(
                _("No question is asked about this figure: it is not on the form, or it changed little on last "
                  "year."), code="not_asked"))
        elif not answer.is_about(question.value):
            errors.setdefault(code, []).append(ValidationError(
                _("The figure is now %(value)s: read the question about it again and answer that.")
                % {"value": question.figure(question.value)}, code="figure_changed"))
    if errors:
        raise ValidationError(errors)
    changes = _store_answers(submission, answers, by)
    if changes:
        audit.record_event(action="change", target=submission, actor=by, changes=changes)
    return _answers_changed(changes)


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
    existing = {
        v.metric_id: v for v in Value.objects.filter(submission=submission, metric__in=metrics.values())
    }
    new, updated = [], []
    for code, number in figures.items():
        metric = metrics[code]
        number = None if number is None else Decimal(str(number))
        value = existing.get(metric.pk)
        if value is None:
            new.append(
                Value(
                    submission=submission,
                    metric=metric,
                    value=number,
                    updated_by=by,
                    computed=metric.source == Metric.Source.COMPUTED,
                )
            )
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
        v.metric
        for v in submission.values.select_related("metric").filter(value__isnull=True)
        if not v.metric.is_derived and v.metric.source != Metric.Source.COMPUTED
    ]


@transaction.atomic
def submit_submission(submission: Submission, *, by) -> Submission:
    """Submit a draft (or a returned submission) to the office once every typed figure is filled in.

    Refused while a question the figures raise against last year's is not answered (``questions.py``).
    """
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
    open_questions = questions.unanswered(submission)
    if open_questions:
        raise questions.refusal(open_questions)
    return transition(
        submission,
        Submission.Status.SUBMITTED,
        by=by,
        allowed_from=[Submission.Status.DRAFT, Submission.Status.RETURNED],
        submitted_at=timezone.now(),
        submitted_by=by,
    )


@transaction.atomic
def accept_submission(submission: Submission, *, by) -> Submission:
    """Accept submitted figures: from now on they count in the roll-up."""
    _require_reviewer(submission.round, by)
    _require_open(submission.round)
    return transition(
        submission,
        Submission.Status.ACCEPTED,
        by=by,
        allowed_from=[Submission.Status.SUBMITTED],
        accepted_at=timezone.now(),
    )


@transaction.atomic
def return_submission(submission: Submission, *, by, reason: str) -> Submission:
    """Return a submission to its agency with a reason; its figures and notes stay as they were."""
    _require_reviewer(submission.round, by)
    _require_open(submission.round)
    reason = (reason or "").strip()
    if not reason:
        raise IllegalTransition(
            _("Say why the submission is returned, so the agency knows what to correct."),
            code="reason_required",
        )
    return transition(
        submission,
        Submission.Status.RETURNED,
        by=by,
        reason=reason,
        allowed_from=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED],
        return_reason=reason,
        returned_at=timezone.now(),
        accepted_at=None,
    )


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
            memberships__agency_id=agency_id,
            memberships__role=Membership.Role.CLERK,
            memberships__is_active=True,
            is_active=True,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
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
            audit.record_event(
                action="change",
                target=submission,
                actor=by,
                reason=_("Reminder to submit"),
                changes={"reminder_count": [submission.reminder_count, count]},
            )
            submission.reminded_at, submission.reminder_count = now, count
        result.reminded.append(submission)
        addresses = _clerk_addresses(submission.agency_id)
        if not addresses:
            result.without_address.append(str(submission.agency))
            continue
        round_ = submission.round
        subject = _("Reminder: figures for “%(round)s” due %(date)s") % {
            "round": round_.title,
            "date": round_.due_date.isoformat(),
        }
        body = _(
            "%(agency)s has not yet submitted its figures for “%(round)s” (reporting year %(year)d), "
            "due %(date)s. Please log in to the rule-of-law workbench, fill in the form and submit it.\n\n"
            "%(office)s"
        ) % {
            "agency": submission.agency,
            "round": round_.title,
            "year": round_.year,
            "date": round_.due_date.isoformat(),
            "office": round_.agency,
        }
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
        status=Submission.Status.ACCEPTED
    )


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
        names = "、".join(s.agency.brief for s in missing[:10])
        raise IllegalTransition(
            ngettext(
                "%(n)d required submission is not accepted yet (%(names)s). Give a reason to close the round anyway.",
                "%(n)d required submissions are not accepted yet (%(names)s). Give a reason to close the round anyway.",
                count,
            )
            % {"n": count, "names": names + ("…" if count > 10 else "")},
            code="submissions_missing",
        )
    round_ = transition(
        round_,
        Round.Status.CLOSED,
        by=by,
        allowed_from=[Round.Status.OPEN],
        reason=reason if count else "",
        closed_at=timezone.now(),
        close_override_reason=reason if count else "",
    )
    _sync_deadlines(round_)
    return round_


@transaction.atomic
def reopen_round(round_: Round, *, by, reason: str) -> Round:
    """Open a closed round again (to take a late or corrected submission), with a reason for the audit trail."""
    _require_reviewer(round_, by)
    reason = (reason or "").strip()
    if not reason:
        raise IllegalTransition(_("Give a reason for reopening the round."), code="reason_required")
    round_ = transition(
        round_, Round.Status.OPEN, by=by, allowed_from=[Round.Status.CLOSED], reason=reason, closed_at=None
    )
    _sync_deadlines(round_)
    return round_


@transaction.atomic
def extend_due_date(round_: Round, due_date: date, *, by, reason: str = "") -> Round:
    """Move an open round's due date later; pending submissions get the new date."""
    _require_reviewer(round_, by)
    _require_open(round_)
    if due_date <= round_.due_date:
        raise ValidationError(
            {
                "due_date": _("The new due date must come after %(date)s.")
                % {"date": round_.due_date.isoformat()}
            },
            code="not_later",
        )
    before = audit.snapshot(round_, fields=["due_date"])
    round_.due_date = due_date
    round_.next_deadline = round_.compute_next_deadline()
    round_.save(update_fields=["due_date", "next_deadline", "updated_at"])
    audit.record_event(
        action="change",
        target=round_,
        actor=by,
        reason=(reason or "").strip(),
        changes=audit.diff(before, audit.snapshot(round_, fields=["due_date"])),
    )
    _sync_deadlines(round_)
    return round_


# Changing who fills what in an open round -------------------------------------------------------------

#: Submissions whose list of metrics may change: the agency has not handed its figures in (or got them back).
CHANGEABLE = (Submission.Status.DRAFT, Submission.Status.RETURNED)


@dataclass
class MetricsAdded:
    """What ``add_round_metrics`` did: forms that got the metrics, and handed-in forms left as they were."""

    changed: list[Submission] = field(default_factory=list)
    skipped: list[Submission] = field(default_factory=list)  # submitted or accepted: return them first


def _require_round_changeable(round_: Round, by) -> None:
    _require_reviewer(round_, by)
    if round_.is_withdrawn:
        raise IllegalTransition(_("This round was withdrawn."), code="round_withdrawn")
    if round_.status != Round.Status.OPEN:
        raise IllegalTransition(
            _("The round “%(round)s” is %(status)s: reopen it before changing who fills what.")
            % {"round": round_, "status": round_.get_status_display()},
            code="round_not_open",
        )


def _require_in_force(metrics: Iterable[Metric], year: int) -> None:
    metrics = list(metrics)
    in_force = set(
        Metric.objects.for_year(year).filter(pk__in=[m.pk for m in metrics]).values_list("pk", flat=True)
    )
    retired = [m.label for m in metrics if m.pk not in in_force]
    if retired:
        raise ValidationError(
            _("Not in the catalog for %(year)d: %(metrics)s.")
            % {"year": year, "metrics": "、".join(retired)},
            code="retired_metric",
        )


def _is_typed(metric: Metric) -> bool:
    return not metric.is_derived and metric.source != Metric.Source.COMPUTED


def _holds_input(value: Value) -> bool:
    """True when the agency typed something into this value: a figure (not computed) or a note."""
    return bool(value.note) or (value.value is not None and _is_typed(value.metric))


def _plain(number: Decimal | None) -> str | None:
    """Return a stored figure as typed: "30", not "30.00"."""
    return None if number is None else f"{number.normalize():f}"


def _describe(value: Value) -> str:
    figure = "—" if value.value is None else f"{_plain(value.value)}{value.metric.unit}"
    text = f"{value.metric.label} {figure}"
    if value.note:
        text += " " + _("(note: “%(note)s”)") % {"note": value.note}
    return text


def _codes(metrics: Iterable[Metric]) -> list[str]:
    return sorted(m.code for m in metrics)


def agencies_to_add(round_: Round):
    """Return the agencies an open round may still ask: active, askable, in its region, not yet asked for the year."""
    taken = Submission.objects.filter(year=round_.year).values("agency_id")
    return (
        Agency.objects.filter(
            region__path__startswith=round_.region.path, kind__in=ASKABLE_KINDS, is_active=True
        )
        .exclude(pk__in=taken)
        .select_related("region")
        .order_by("kind", "region__code", "name")
    )


def default_metrics_for(round_: Round, kind: str) -> list[Metric]:
    """Return the metrics the round asks of agencies of ``kind`` (their lists together).

    When the round asks no agency of that kind yet, every metric of the round, as ``open_round`` gives them.
    """
    asked = Submission.metrics.through.objects.filter(
        submission__round=round_,
        submission__withdrawn_at__isnull=True,
        submission__agency__kind=kind,
    ).values("metric_id")
    metrics = Metric.objects.filter(pk__in=asked)
    if not metrics.exists():
        metrics = round_.metrics.all()
    return list(metrics.select_related("numerator", "denominator").order_by("topic", "order", "code"))


@transaction.atomic
def add_agencies(
    round_: Round, agencies: Iterable[Agency] | Mapping[Agency, Iterable], *, by, required: bool = True
) -> list[Submission]:
    """Ask more agencies in an open round (a new township, a department that turns out to own a metric).

    ``agencies`` is a list (each gets the round's metrics for its kind, ``default_metrics_for``) or a mapping
    ``{agency: metrics}``. Each gets a draft submission, its computed figures filled from the ledgers.
    Refuses an agency outside the round's region, inactive, of a kind that is not asked, or already asked
    for the year. Only the office running the round may do this, while it is open.
    """
    round_ = Round.objects.select_related("agency", "region").get(pk=round_.pk)
    _require_round_changeable(round_, by)
    if isinstance(agencies, Mapping):
        asked = {agency: _metrics_by_code(metrics) for agency, metrics in agencies.items()}
    else:
        asked = {agency: default_metrics_for(round_, agency.kind) for agency in agencies}
    if not asked:
        raise ValidationError(_("Choose at least one agency to add."), code="no_agency")
    empty = [agency.name for agency, metrics in asked.items() if not metrics]
    if empty:
        raise ValidationError(
            _("Choose at least one metric for: %(agencies)s.") % {"agencies": "、".join(empty)},
            code="no_metric",
        )
    all_metrics = _with_parts(m for metrics in asked.values() for m in metrics)
    _require_in_force(all_metrics, round_.year)
    region = round_.region
    outside = [a.name for a in asked if not a.region.path.startswith(region.path) or not a.is_active]
    if outside:
        raise ValidationError(
            _("Not in %(region)s or no longer active: %(agencies)s.")
            % {"region": region.name, "agencies": "、".join(outside)},
            code="outside",
        )
    not_asked = [a.name for a in asked if a.kind not in ASKABLE_KINDS]
    if not_asked:
        raise ValidationError(
            _("These bodies report their region's totals and are not asked for figures: %(agencies)s.")
            % {"agencies": "、".join(not_asked)},
            code="not_askable",
        )
    taken = Submission.objects.filter(year=round_.year, agency__in=list(asked)).select_related(
        "agency", "round"
    )
    if taken:
        raise ValidationError(
            _("Already asked for %(year)d in another round: %(agencies)s.")
            % {
                "year": round_.year,
                "agencies": "、".join(f"{s.agency.name}（{s.round.title}）" for s in taken),
            },
            code="already_asked",
        )
    submissions = [
        _create_submission(round_, agency, metrics, by=by, required=required)
        for agency, metrics in asked.items()
    ]
    round_.metrics.add(*all_metrics)
    audit.record_event(
        action="change",
        target=round_,
        actor=by,
        changes={"agencies_added": [None, sorted(a.code for a in asked)]},
    )
    refresh_computed(submissions)
    return submissions


@transaction.atomic
def change_submission_metrics(
    submission: Submission,
    *,
    by,
    add: Iterable = (),
    remove: Iterable = (),
    remove_anyway: bool = False,
    reason: str = "",
) -> Submission:
    """Add metrics to one agency's form or remove some (``add``/``remove``: Metric objects or codes).

    Only while the agency has not handed the form in (a draft, or returned): a submitted or accepted form
    must be returned first, so that nobody's accepted figures change under them. Removing a figure or note
    the agency already entered is refused with a message naming it, unless ``remove_anyway`` with a reason:
    then the value leaves the form and the roll-up, and stays in the audit trail. A part of a rate that
    stays on the form cannot be removed; an added rate brings its parts.
    """

    submission = Submission.objects.select_related("round__agency", "round__region", "agency").get(
        pk=submission.pk
    )
    round_ = submission.round
    _require_round_changeable(round_, by)
    if submission.is_withdrawn:
        raise IllegalTransition(_("This submission was withdrawn."), code="withdrawn")
    if submission.status not in CHANGEABLE:
        raise IllegalTransition(
            _(
                "%(agency)s has already handed in its figures (%(status)s). Return the submission first, then "
                "change its metrics."
            )
            % {"agency": submission.agency, "status": submission.get_status_display()},
            code="return_first",
        )
    to_add, to_remove = _metrics_by_code(add), _metrics_by_code(remove)
    both = sorted({m.label for m in to_add} & {m.label for m in to_remove})
    if both:
        raise ValidationError(
            _("Both added and removed: %(metrics)s.") % {"metrics": "、".join(both)}, code="add_and_remove"
        )
    values = {
        v.metric_id: v for v in submission.values.select_related("metric__numerator", "metric__denominator")
    }
    current = {pk: v.metric for pk, v in values.items()}
    not_on = [m.label for m in to_remove if m.pk not in current]
    if not_on:
        raise ValidationError(
            _("Not on the form of %(agency)s: %(metrics)s.")
            % {"agency": submission.agency, "metrics": "、".join(not_on)},
            code="not_on_form",
        )
    remove_ids = {m.pk for m in to_remove}
    to_add = [m for m in _with_parts(to_add) if m.pk not in current]
    unfit = [m.label for m in to_add if not m.fits(body_kind_of(submission.agency))]
    if unfit:
        raise ValidationError(
            _("%(agency)s is a %(kind)s; these metrics do not fit it: %(metrics)s.")
            % {"agency": submission.agency, "kind": BodyKind(body_kind_of(submission.agency)).label,
               "metrics": "、".join(unfit)},
            code="unfit",
        )
    if not to_add and not remove_ids:
        raise ValidationError(
            _("Nothing to change: choose metrics to add or to remove."), code="nothing_to_change"
        )
    _require_in_force(to_add, round_.year)
    remaining = {pk: m for pk, m in current.items() if pk not in remove_ids} | {m.pk: m for m in to_add}
    if not remaining:
        raise ValidationError(
            _("The form of %(agency)s would ask for no metric at all.") % {"agency": submission.agency},
            code="no_metric",
        )
    for metric in remaining.values():
        for part in (metric.numerator, metric.denominator) if metric.is_derived else ():
            if part is not None and part.pk in remove_ids:
                raise ValidationError(
                    _("%(part)s is needed to compute %(rate)s, which stays on the form: remove %(rate)s too.")
                    % {"part": part.label, "rate": metric.label},
                    code="part_of_rate",
                )
    removed = [values[pk] for pk in remove_ids]
    entered = sorted((v for v in removed if _holds_input(v)), key=lambda v: v.metric.code)
    reason = (reason or "").strip()
    if entered and not remove_anyway:
        raise IllegalTransition(
            ngettext(
                "%(agency)s already entered %(values)s. To remove it anyway, tick “remove anyway” and give a "
                "reason; the figure stays in the history.",
                "%(agency)s already entered %(values)s. To remove them anyway, tick “remove anyway” and give a "
                "reason; the figures stay in the history.",
                len(entered),
            )
            % {"agency": submission.agency, "values": "；".join(_describe(v) for v in entered)},
            code="value_entered",
        )
    if entered and not reason:
        raise IllegalTransition(
            _("Give a reason for removing figures the agency already entered."), code="reason_required"
        )

    changes: dict[str, list] = {"metrics": [_codes(current.values()), _codes(remaining.values())]}
    for value in sorted(removed, key=lambda v: v.metric.code):
        if value.value is not None:
            changes[f"{value.metric.code}.value"] = [_plain(value.value), None]
        if value.note:
            changes[f"{value.metric.code}.note"] = [value.note, None]
    if remove_ids:
        Value.objects.filter(submission=submission, metric_id__in=remove_ids).delete()
        submission.metrics.remove(*remove_ids)
    if to_add:
        Value.objects.bulk_create(
            [
                Value(submission=submission, metric=m, computed=m.source == Metric.Source.COMPUTED)
                for m in to_add
            ]
        )
        submission.metrics.add(*to_add)
        round_.metrics.add(*to_add)
    audit.record_event(action="change", target=submission, actor=by, changes=changes, reason=reason)
    refresh_computed([submission])
    _recompute_derived(submission)
    return submission


@transaction.atomic
def add_round_metrics(
    round_: Round, metrics: Iterable, *, by, kinds: Iterable[str] | None = None, reason: str = ""
) -> MetricsAdded:
    """Ask every agency of the round (of ``kinds``, default all) for more metrics (Metric objects or codes).

    Forms not handed in get the metrics (a rate brings its parts) and their computed figures at once; forms
    already submitted or accepted are left as they were and listed in the result: return them first and
    add the metrics to each. Each changed form and the round get an audit entry.
    """
    round_ = Round.objects.select_related("agency", "region").get(pk=round_.pk)
    _require_round_changeable(round_, by)
    wanted = _with_parts(_metrics_by_code(metrics))
    if not wanted:
        raise ValidationError(_("Choose at least one metric."), code="no_metric")
    _require_in_force(wanted, round_.year)
    submissions = round_.submissions.filter(withdrawn_at__isnull=True).select_related("agency", "round")
    if kinds is not None:
        kinds = set(kinds)
        if not kinds:
            raise ValidationError(_("Choose the kinds of agency to ask."), code="no_kind")
        submissions = submissions.filter(agency__kind__in=kinds)
    submissions = list(submissions)
    codes_of: dict[int, set[str]] = defaultdict(set)
    for submission_id, code in Value.objects.filter(submission__in=submissions).values_list(
        "submission_id", "metric__code"
    ):
        codes_of[submission_id].add(code)
    result = MetricsAdded()
    new_values = []
    for submission in submissions:
        missing = [m for m in wanted if m.code not in codes_of[submission.pk]]
        if not missing:
            continue
        if submission.status not in CHANGEABLE:
            result.skipped.append(submission)
            continue
        new_values += [
            Value(submission=submission, metric=m, computed=m.source == Metric.Source.COMPUTED)
            for m in missing
        ]
        submission.metrics.add(*missing)
        before = sorted(codes_of[submission.pk])
        audit.record_event(
            action="change",
            target=submission,
            actor=by,
            reason=(reason or "").strip(),
            changes={"metrics": [before, sorted(set(before) | {m.code for m in missing})]},
        )
        result.changed.append(submission)
    Value.objects.bulk_create(new_values)
    before = _codes(round_.metrics.all())
    round_.metrics.add(*wanted)
    after = _codes(round_.metrics.all())
    if before != after or result.changed:
        audit.record_event(
            action="change",
            target=round_,
            actor=by,
            reason=(reason or "").strip(),
            changes={"metrics": [before, after]},
        )
    refresh_computed(result.changed)
    for submission in result.changed:
        _recompute_derived(submission)
    return result
