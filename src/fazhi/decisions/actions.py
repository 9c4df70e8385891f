"""What people do with major administrative decisions: every state change is one of these verb-named actions.

The catalogue (决策事项目录, 第3条): the decision-making body compiles it (``create_catalog``), departments
propose matters (``propose_item``), the body includes or declines them, the Party committee approves
(``approve_catalog``), the body publishes it (``publish_catalog``) and records changes during the year
(``add_catalog_item``, ``change_catalog_item``, ``remove_catalog_item``).

The procedure (第三章): the lead unit starts a decision on a catalogue item (``start_decision``), opens the
public consultation (``open_public_consultation``), records or skips — with a reason — each preparatory step
(``record_step``, ``skip_step``), sends the draft for legality review (``submit_for_legality_review``); the
reviewer records the opinion (``record_legality_opinion``). Where the decision concerns market entities'
economic activity (``mark_market_activity``), the lead unit records the fair-competition review
(``record_step`` with ``fair_competition``) before the body records the collective discussion
(``record_discussion``), the report to the Party committee, takes the decision (``take_decision``) and
publishes it; the lead unit archives it. Before the decision is taken the lead unit may drop it
(``withdraw_decision``): its catalogue matter is removed with a recorded change. Afterwards: ``schedule_evaluation`` / ``record_evaluation``
(决策后评估), ``suspend_decision`` / ``resume_decision`` / ``adjust_decision``.

Each action checks who may act, refuses an illegal move with a message that says what is missing, and
writes the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit import actions as audit
from fazhi.clock import RuleNotInForce
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition, withdraw_record
from fazhi.deadlines.service import describe_error, due_date
from fazhi.decisions import rules
from fazhi.decisions.models import Adjustment, Catalog, CatalogChange, CatalogItem, Decision, Evaluation, Step
from fazhi.decisions.procedure import PROCEDURE, dates_of
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

__all__ = [
    "add_catalog_item", "adjust_decision", "approve_catalog", "change_catalog_item", "create_catalog",
    "decline_item", "include_item", "mark_market_activity", "open_public_consultation", "propose_item", "publish_catalog",
    "record_discussion", "record_evaluation", "record_legality_opinion", "record_step", "remove_catalog_item",
    "resume_decision", "review_window", "schedule_evaluation", "skip_step", "start_decision",
    "submit_for_legality_review", "suspend_decision", "take_decision", "withdraw_decision",
]

K = Step.Kind
S = Decision.Status
IS = CatalogItem.Status

#: The fields each recordable step asks for: name -> (required, type). Dates are ISO strings in ``details``.
STEP_FIELDS: dict[str, dict[str, tuple[bool, str]]] = {
    rules.PARTICIPATION: {"methods": (True, "text"), "adoption": (True, "text")},
    rules.HEARING: {"place": (True, "text"), "participants": (True, "text"), "record": (True, "text"),
                    "materials_sent_on": (False, "date")},
    rules.EXPERT: {"form": (True, "text"), "experts": (True, "text"), "opinions": (True, "text"),
                   "organiser": (False, "text")},
    rules.RISK: {"assessor": (True, "text"), "conclusion": (True, "text"), "level": (True, "level")},
    rules.FAIR_COMPETITION: {"conclusion": (True, "fair_conclusion"), "reviewer": (True, "text"),
                             "opinion": (True, "text")},
    rules.PARTY_REPORT: {"reference": (True, "text"), "reply": (False, "text")},
    rules.PUBLICATION: {"channel": (True, "text"), "url": (False, "url")},
    rules.ARCHIVING: {"reference": (True, "text")},
}


def step_label(kind: str) -> str:
    return str(K(kind).label)


def _labels(kinds) -> str:
    return "、".join(f"“{step_label(k)}”" for k in kinds)


# Who may act ------------------------------------------------------------------------------------------


def _require_write(agency_id: int, by, message: str) -> None:
    if not scope_for(by).can_write_agency(agency_id):
        raise IllegalTransition(message, code="not_allowed")


def _require_actor(decision: Decision, kind: str, by) -> None:
    actor = rules.ACTOR[kind]
    if actor == rules.LEAD:
        _require_write(decision.agency_id, by, _("Only the lead unit %(agency)s may record “%(step)s”.") % {
            "agency": decision.agency, "step": step_label(kind)})
    elif actor == rules.REVIEWER:
        _require_write(decision.reviewer_id, by, _("Only the legality reviewer %(agency)s may record “%(step)s”.") % {
            "agency": decision.reviewer, "step": step_label(kind)})
    else:
        _require_write(decision.deciding_body_id, by,
                       _("Only the decision-making body %(agency)s may record “%(step)s”.") % {
                           "agency": decision.deciding_body, "step": step_label(kind)})


def _fresh_catalog(catalog: Catalog) -> Catalog:
    return Catalog.objects.select_related("agency").get(pk=catalog.pk)


def _fresh_item(item: CatalogItem) -> CatalogItem:
    return CatalogItem.objects.select_related("catalog__agency", "agency").get(pk=item.pk)


def _require_body(catalog: Catalog, by) -> None:
    _require_write(catalog.agency_id, by, _("Only %(agency)s may change its catalogue of major decisions.") % {
        "agency": catalog.agency})


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give the reason.")}, code="reason_required")
    return reason


# The catalogue ----------------------------------------------------------------------------------------


def create_catalog(body: Agency, year: int, *, by, title: str = "") -> Catalog:
    """Start compiling the catalogue of ``body`` (a decision-making body) for ``year``."""
    if Catalog.objects.filter(agency=body, year=year).exists():
        raise IllegalTransition(_("%(body)s already has a catalogue for %(year)d.") % {"body": body, "year": year},
                                code="duplicate")
    title = (title or "").strip() or f"{body.name}{year}年度重大行政决策事项目录"
    return create_record(Catalog(agency=body, year=year, title=title), by=by)


def _require_draft(catalog: Catalog) -> None:
    if catalog.status != Catalog.Status.DRAFT:
        raise IllegalTransition(
            _("The catalogue “%(catalog)s” is %(status)s: record a change to the published catalogue instead.") % {
                "catalog": catalog, "status": catalog.get_status_display()},
            code="not_draft",
        )


def propose_item(catalog: Catalog, *, by, agency: Agency, name: str, category: str,
                 planned_completion: dt.date, description: str = "") -> CatalogItem:
    """A lead unit (``agency``) proposes a matter for the catalogue while it is being compiled."""
    catalog = _fresh_catalog(catalog)
    _require_draft(catalog)
    _require_write(agency.pk, by, _("You may not propose matters for %(agency)s.") % {"agency": agency})
    item = CatalogItem(catalog=catalog, agency=agency, name=(name or "").strip(), category=category,
                       planned_completion=planned_completion, description=(description or "").strip())
    return create_record(item, by=by)


def include_item(item: CatalogItem, *, by) -> CatalogItem:
    """The decision-making body includes a proposed matter in its draft catalogue."""
    item = _fresh_item(item)
    _require_body(item.catalog, by)
    _require_draft(item.catalog)
    return transition(item, IS.LISTED, by=by, allowed_from=[IS.PROPOSED, IS.DECLINED])


def decline_item(item: CatalogItem, *, by, reason: str) -> CatalogItem:
    """The decision-making body leaves a proposed matter out of the catalogue, saying why."""
    item = _fresh_item(item)
    _require_body(item.catalog, by)
    _require_draft(item.catalog)
    reason = _reason(reason)
    return transition(item, IS.DECLINED, by=by, allowed_from=[IS.PROPOSED, IS.LISTED], reason=reason,
                      decline_reason=reason)


@transaction.atomic
def approve_catalog(catalog: Catalog, *, by, approved_on: dt.date, reference: str = "") -> Catalog:
    """Record the Party committee's agreement to the catalogue (第3条第3款) and number its items."""
    catalog = _fresh_catalog(catalog)
    _require_body(catalog, by)
    if not approved_on:
        raise ValidationError({"approved_on": _("Give the date of the Party committee's agreement.")})
    undecided = list(catalog.items.filter(status=IS.PROPOSED, withdrawn_at__isnull=True).values_list("name", flat=True))
    if undecided:
        raise IllegalTransition(
            _("Include or decline every proposed matter first: %(items)s.") % {"items": "、".join(undecided)},
            code="undecided_items",
        )
    listed = list(catalog.items.filter(status=IS.LISTED, withdrawn_at__isnull=True).order_by("agency__name", "pk"))
    if not listed:
        raise IllegalTransition(_("The catalogue has no matter in it yet."), code="empty")
    for number, item in enumerate(listed, start=1):
        CatalogItem.objects.filter(pk=item.pk).update(number=number)
    return transition(catalog, Catalog.Status.APPROVED, by=by, allowed_from=[Catalog.Status.DRAFT],
                      approved_on=approved_on, approval_reference=(reference or "").strip())


def publish_catalog(catalog: Catalog, *, by, published_on: dt.date, channel: str, url: str = "") -> Catalog:
    """Record the publication of an approved catalogue; the portal then shows it."""
    catalog = _fresh_catalog(catalog)
    _require_body(catalog, by)
    errors = {}
    if not published_on:
        errors["published_on"] = _("Give the date of publication.")
    if not (channel or "").strip():
        errors["channel"] = _("Say where the catalogue was published.")
    if errors:
        raise ValidationError(errors)
    if catalog.status == Catalog.Status.DRAFT:
        raise IllegalTransition(
            _("The catalogue cannot be published before the Party committee has agreed to it (第3条第3款)."),
            code="not_approved")
    if catalog.approved_on and published_on < catalog.approved_on:
        raise ValidationError({"published_on": _("The catalogue cannot be published before it was approved (%(date)s).")
                               % {"date": catalog.approved_on.isoformat()}})
    return transition(catalog, Catalog.Status.PUBLISHED, by=by, allowed_from=[Catalog.Status.APPROVED],
                      published_on=published_on, published_channel=channel.strip(), published_url=(url or "").strip())


def _require_published(catalog: Catalog) -> None:
    if catalog.status != Catalog.Status.PUBLISHED:
        raise IllegalTransition(
            _("Changes are recorded on a published catalogue; this one is %(status)s.") % {
                "status": catalog.get_status_display()}, code="not_published")


def _change(catalog, item, kind, *, by, reason, approved_on, changes=None) -> CatalogChange:
    if not approved_on:
        raise ValidationError({"approved_on": _("Give the date the change was approved.")})
    row = CatalogChange.objects.create(catalog=catalog, item=item, kind=kind, reason=reason, approved_on=approved_on,
                                       changes=audit.json_safe(changes or {}), recorded_by=by)
    audit.record_event(action="change", target=catalog, actor=by, reason=reason,
                       changes={"item": [None, item.name], "kind": [None, kind], **(changes or {})})
    return row


@transaction.atomic
def add_catalog_item(catalog: Catalog, *, by, agency: Agency, name: str, category: str,
                     planned_completion: dt.date, reason: str, approved_on: dt.date,
                     description: str = "") -> CatalogItem:
    """Add a matter to a published catalogue during the year (动态调整), with the reason and approval date."""
    catalog = _fresh_catalog(catalog)
    _require_body(catalog, by)
    _require_published(catalog)
    reason = _reason(reason)
    number = (catalog.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = CatalogItem(catalog=catalog, agency=agency, name=(name or "").strip(), category=category, number=number,
                       planned_completion=planned_completion, description=(description or "").strip(),
                       status=IS.LISTED)
    if not scope_for(by).can_write_agency(agency.pk):
        raise IllegalTransition(_("You may not add matters for %(agency)s.") % {"agency": agency}, code="not_allowed")
    create_record(item, by=by)
    _change(catalog, item, CatalogChange.Kind.ADDED, by=by, reason=reason, approved_on=approved_on)
    return item


@transaction.atomic
def remove_catalog_item(item: CatalogItem, *, by, reason: str, approved_on: dt.date) -> CatalogItem:
    """Take a matter out of a published catalogue, with the reason and approval date."""
    item = _fresh_item(item)
    _require_body(item.catalog, by)
    _require_published(item.catalog)
    reason = _reason(reason)
    if item.status == IS.COMPLETED:
        raise IllegalTransition(_("“%(item)s” was already decided and cannot be removed.") % {"item": item},
                                code="completed")
    item = transition(item, IS.REMOVED, by=by, allowed_from=[IS.LISTED, IS.STARTED], reason=reason)
    _change(item.catalog, item, CatalogChange.Kind.REMOVED, by=by, reason=reason, approved_on=approved_on)
    return item


ITEM_CHANGEABLE = ("name", "category", "planned_completion", "description")


@transaction.atomic
def change_catalog_item(item: CatalogItem, *, by, reason: str, approved_on: dt.date, **values) -> CatalogItem:
    """Change a matter of a published catalogue (name, category, completion date), with reason and approval."""
    item = _fresh_item(item)
    _require_body(item.catalog, by)
    _require_published(item.catalog)
    reason = _reason(reason)
    unknown = set(values) - set(ITEM_CHANGEABLE)
    if unknown:
        raise ValueError(f"not changeable: {sorted(unknown)}")
    changes = {k: [getattr(item, k), v] for k, v in values.items() if getattr(item, k) != v}
    if not changes:
        raise ValidationError(_("Nothing was changed."), code="no_change")
    item = change_record(item, by=by, **values)
    _change(item.catalog, item, CatalogChange.Kind.CHANGED, by=by, reason=reason, approved_on=approved_on,
            changes=changes)
    if "planned_completion" in changes:
        for decision in item.decisions.filter(withdrawn_at__isnull=True):
            Decision.objects.filter(pk=decision.pk).update(planned_completion=item.planned_completion)
            _refresh_deadline(decision)
    return item


# The decision -----------------------------------------------------------------------------------------


def _default_reviewer(body: Agency) -> Agency:
    """The rule-of-law office of the body's region, else the region's justice bureau, else the body itself."""
    office = Agency.objects.filter(region=body.region, kind=Agency.Kind.RULE_OF_LAW_OFFICE, is_active=True).first()
    return office or body


def _not_market_reason() -> str:
    return _("The decision does not concern market entities' economic activity: no fair-competition review "
             "(公平竞争审查条例 第2条).")


def _create_steps(decision: Decision) -> None:
    """Create the round's steps; the fair-competition review does not apply unless the decision is marked."""
    steps = [Step(decision=decision, round=decision.round, kind=kind) for kind in rules.STEP_ORDER]
    for step in steps:
        if step.kind == rules.FAIR_COMPETITION and not decision.concerns_market:
            step.status, step.skip_reason = rules.SKIPPED, _not_market_reason()
    Step.objects.bulk_create(steps)


@transaction.atomic
def start_decision(item: CatalogItem | None, *, by, title: str = "", summary: str = "", agency: Agency | None = None,
                   deciding_body: Agency | None = None, reviewer: Agency | None = None, year: int | None = None,
                   category: str = "", planned_completion: dt.date | None = None,
                   concerns_market: bool = False) -> Decision:
    """Start the procedure (决策启动, 第10–11条) for a catalogue matter; its lead unit owns the decision.

    ``concerns_market``: the draft concerns market entities' economic activity, so a fair-competition review
    is required before the collective discussion."""
    if item is not None:
        item = _fresh_item(item)
    if item is not None:
        if item.status != IS.LISTED:
            raise IllegalTransition(
                _("A decision can be started only for a matter listed in an approved catalogue; “%(item)s” is "
                  "%(status)s.") % {"item": item, "status": item.get_status_display()}, code="item_not_listed")
        if item.catalog.status == Catalog.Status.DRAFT:
            raise IllegalTransition(_("The catalogue has not been approved yet."), code="catalog_draft")
        agency, deciding_body = item.agency, item.catalog.agency
        year, category = item.catalog.year, item.category
        planned_completion = item.planned_completion
        title = (title or "").strip() or item.name
    if agency is None or deciding_body is None or not year:
        raise ValidationError(_("Say which matter (or lead unit, decision-making body and year) the decision is for."))
    decision = Decision(
        agency=agency, catalog_item=item, deciding_body=deciding_body,
        reviewer=reviewer or _default_reviewer(deciding_body), year=year, title=(title or "").strip(),
        category=category, summary=(summary or "").strip(), planned_completion=planned_completion,
        concerns_market=bool(concerns_market),
    )
    create_record(decision, by=by)
    _create_steps(decision)
    if item is not None:
        transition(item, IS.STARTED, by=by, allowed_from=[IS.LISTED])
    return decision


def _steps(decision: Decision) -> dict[str, Step]:
    return {s.kind: s for s in Step.objects.filter(decision=decision, round=decision.round)}


def _step(decision: Decision, kind: str) -> Step:
    return Step.objects.select_for_update().get(decision=decision, round=decision.round, kind=kind)


def _refresh_deadline(decision: Decision) -> None:
    decision = Decision.objects.get(pk=decision.pk)
    Decision.objects.filter(pk=decision.pk).update(next_deadline=decision.compute_next_deadline())


def _advance(decision: Decision, *, by, reason: str = "") -> Decision:
    """Move the decision's status to the phase its steps imply (before the decision), else refresh its deadline."""
    decision = Decision.objects.get(pk=decision.pk)
    if decision.status in rules.BEFORE_DECISION:
        new = rules.phase((s.kind, s.status) for s in _steps(decision).values())
        if new != decision.status:
            return transition(decision, new, by=by, allowed_from=[decision.status], reason=reason)
    _refresh_deadline(decision)
    return Decision.objects.get(pk=decision.pk)


def _audit_step(step: Step, *, by, before: dict, reason: str = "") -> None:
    after = audit.snapshot(step, fields=["status", "started_on", "due_on", "done_on", "details", "skip_reason"])
    changes = audit.diff(before, after)
    changes["step"] = [None, step.kind]
    audit.record_event(action="change", target=step.decision, actor=by, changes=changes, reason=reason)


def _snap(step: Step) -> dict:
    return audit.snapshot(step, fields=["status", "started_on", "due_on", "done_on", "details", "skip_reason"])


def _require_live(decision: Decision) -> None:
    if decision.is_withdrawn:
        raise IllegalTransition(_("This decision was withdrawn and can no longer be changed."), code="withdrawn")
    if decision.status == S.SUSPENDED:
        raise IllegalTransition(_("This decision is suspended: resume it first."), code="suspended")


def _require_order(decision: Decision, kind: str, steps: dict[str, Step]) -> None:
    """Refuse a step out of the statutory order, naming what must come first."""
    review = steps[rules.LEGALITY_REVIEW]
    if kind in rules.PREPARATORY:
        if decision.status not in rules.BEFORE_DECISION or review.status != rules.PENDING:
            raise IllegalTransition(
                _("The draft was already sent for legality review: “%(step)s” can no longer be recorded.") % {
                    "step": step_label(kind)}, code="out_of_order")
        return
    if kind == rules.FAIR_COMPETITION:
        if decision.status not in rules.BEFORE_DECISION or steps[rules.DISCUSSION].status == rules.DONE:
            raise IllegalTransition(
                _("The collective discussion was already held: the fair-competition review can no longer be "
                  "recorded."), code="out_of_order")
        if not decision.concerns_market:
            raise IllegalTransition(
                _("The decision is not marked as concerning market entities' economic activity, so the "
                  "fair-competition review does not apply: mark it first."), code="not_applicable")
        return
    if kind == rules.PARTY_REPORT and steps[rules.DISCUSSION].status != rules.DONE:
        raise IllegalTransition(
            _("The report to the Party committee comes after the collective discussion (第31条)."),
            code="out_of_order")
    if kind == rules.PUBLICATION and steps[rules.DECISION].status != rules.DONE:
        raise IllegalTransition(_("A decision can be published only after it has been taken (第32条)."),
                                code="out_of_order")
    if kind == rules.ARCHIVING and (steps[rules.DECISION].status != rules.DONE
                                    or steps[rules.PUBLICATION].status not in rules.RESOLVED):
        raise IllegalTransition(
            _("Archive the records after the decision has been taken and published (第33条)."),
            code="out_of_order")


def _clean_details(kind: str, values: dict) -> dict:
    spec = STEP_FIELDS.get(kind)
    if spec is None:
        raise ValueError(f"{kind} is not recorded with record_step()")
    unknown = set(values) - set(spec)
    if unknown:
        raise ValueError(f"unknown fields for {kind}: {sorted(unknown)}")
    errors, details = {}, {}
    for name, (required, kind_of) in spec.items():
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if required:
                errors[name] = _("This field is required.")
            continue
        if kind_of == "level" and value not in dict(rules.RISK_LEVELS):
            errors[name] = _("Choose low, medium or high.")
        if kind_of == "fair_conclusion" and value not in dict(rules.FAIR_COMPETITION_CONCLUSIONS):
            errors[name] = _("Choose passes or needs changes.")
        if kind_of == "date" and isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                errors[name] = _("Enter a valid date.")
                continue
        details[name] = value.isoformat() if isinstance(value, dt.date) else value
    if errors:
        raise ValidationError(errors)
    return details


@transaction.atomic
def record_step(decision: Decision, kind: str, *, by, done_on: dt.date, **values) -> Step:
    """Record a step as done with the fields of its kind (STEP_FIELDS): participation, hearing, expert
    argumentation, risk assessment, fair-competition review, report to the Party committee, publication,
    archiving.

    A fair-competition review that finds the draft needs changes stays in progress, its finding kept, until
    the review of the revised draft passes; only then may the draft go to the collective discussion."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, kind, by)
    steps = _steps(decision)
    _require_order(decision, kind, steps)
    if steps[kind].status == rules.DONE:
        raise IllegalTransition(_("“%(step)s” was already recorded.") % {"step": step_label(kind)}, code="done")
    PROCEDURE.check_date(kind, done_on, dates_of(steps))
    details = _clean_details(kind, values)
    if kind == rules.PARTICIPATION:
        _check_consultation(decision, steps[kind], details)
    if kind == rules.HEARING and details.get("materials_sent_on"):
        # 第16条: materials reach the participants at least 7 days before the hearing.
        sent = dt.date.fromisoformat(details["materials_sent_on"])
        if (done_on - sent).days < 7:
            raise ValidationError({"materials_sent_on": _(
                "Hearing materials must reach the participants at least 7 days before the hearing (第16条): "
                "sent on %(sent)s, hearing on %(held)s.") % {"sent": sent.isoformat(), "held": done_on.isoformat()}})
    if kind == rules.PUBLICATION and decision.decided_on and done_on < decision.decided_on:
        raise ValidationError({"done_on": _("A decision cannot be published before it was taken (%(date)s).") % {
            "date": decision.decided_on.isoformat()}})
    step = _step(decision, kind)
    before = _snap(step)
    if kind == rules.FAIR_COMPETITION:
        _fair_competition(step, done_on, details)
    else:
        step.status, step.done_on, step.due_on = rules.DONE, done_on, None
        step.started_on = step.started_on or done_on
        step.details = {**step.details, **details}
    step.skip_reason = ""
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    if kind == rules.PUBLICATION:
        transition(decision, S.PUBLISHED, by=by, allowed_from=[S.DECIDED], published_on=done_on)
    elif kind == rules.ARCHIVING:
        transition(decision, S.ARCHIVED, by=by, allowed_from=[S.DECIDED, S.PUBLISHED])
    else:
        _advance(decision, by=by)
    return step


def _fair_competition(step: Step, reviewed_on: dt.date, details: dict) -> None:
    """Keep the latest review in ``details`` and earlier ones (that asked for changes) under ``earlier``."""
    earlier = list(step.details.get("earlier", []))
    if step.details.get("conclusion"):
        earlier.append({k: v for k, v in step.details.items() if k != "earlier"})
    step.details = {**details, "reviewed_on": reviewed_on.isoformat(), **({"earlier": earlier} if earlier else {})}
    step.started_on = step.started_on or reviewed_on
    step.due_on = None
    if details["conclusion"] == rules.FAIR_COMPETITION_PASSED:
        step.status, step.done_on = rules.DONE, reviewed_on
    else:
        step.status, step.done_on = rules.IN_PROGRESS, None


@transaction.atomic
def mark_market_activity(decision: Decision, *, by, concerns_market: bool) -> Decision:
    """Mark whether the draft concerns market entities' economic activity; the fair-competition review then
    applies (pending) or not (skipped with that reason). Refused once the collective discussion is held, and
    an unmarking is refused once a review was recorded: it stays on the record."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, rules.FAIR_COMPETITION, by)
    concerns_market = bool(concerns_market)
    steps = _steps(decision)
    if decision.status not in rules.BEFORE_DECISION or steps[rules.DISCUSSION].status == rules.DONE:
        raise IllegalTransition(
            _("The collective discussion was already held: whether the decision concerns market entities' "
              "economic activity can no longer change."), code="out_of_order")
    if concerns_market == decision.concerns_market:
        raise IllegalTransition(_("Nothing was changed."), code="no_change")
    step = _step(decision, rules.FAIR_COMPETITION)
    if not concerns_market and step.status in (rules.DONE, rules.IN_PROGRESS):
        raise IllegalTransition(
            _("A fair-competition review was already recorded (%(date)s): it stays on the record and the mark "
              "cannot be removed.") % {"date": step.details.get("reviewed_on", "—")}, code="review_recorded")
    before = _snap(step)
    change_record(decision, by=by, concerns_market=concerns_market)
    if concerns_market:
        step.status, step.skip_reason, step.done_on = rules.PENDING, "", None
    else:
        step.status, step.skip_reason, step.done_on = rules.SKIPPED, _not_market_reason(), None
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    return _advance(decision, by=by)


def _check_consultation(decision: Decision, step: Step, details: dict) -> None:
    """Public participation by open consultation is complete only when its feedback is recorded (第18条)."""
    from fazhi.consultation import actions as consultation_actions

    consultation = consultation_actions.consultation_for(decision)
    if consultation is None:
        return
    if not consultation_actions.consultation_done(decision):
        raise IllegalTransition(
            _("The public consultation “%(title)s” (until %(date)s) is not finished: close it and publish the "
              "feedback on the comments (采纳情况) first.") % {"title": consultation.title,
                                                            "date": consultation.closes_on.isoformat()},
            code="consultation_open")
    consultation_actions.require_full_period(consultation)
    comments = consultation.comments.exclude(status="hidden")
    details["consultation"] = consultation.pk
    details["opens_on"] = consultation.opens_on.isoformat()
    details["closes_on"] = consultation.closes_on.isoformat()
    details["comments"] = comments.count()
    details["adopted"] = comments.filter(adoption__in=["adopted", "partly"]).count()


@transaction.atomic
def skip_step(decision: Decision, kind: str, *, by, reason: str, on: dt.date | None = None) -> Step:
    """Mark a step that does not apply as skipped, with the reason; legality review and collective discussion
    can never be skipped (第25条, 第30条)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    if kind in rules.FLAG_DRIVEN:
        raise IllegalTransition(
            _("“%(step)s” is not skipped by hand (%(source)s).") % {"step": step_label(kind),
                                                                   "source": rules.FLAG_DRIVEN[kind]},
            code="not_skippable")
    PROCEDURE.check_skip(kind)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason why “%(step)s” does not apply.") % {
            "step": step_label(kind)}}, code="reason_required")
    _require_actor(decision, kind, by)
    steps = _steps(decision)
    if steps[kind].status in rules.RESOLVED:
        raise IllegalTransition(_("“%(step)s” was already %(status)s.") % {
            "step": step_label(kind), "status": steps[kind].get_status_display()}, code="resolved")
    if steps[kind].status == rules.IN_PROGRESS:
        raise IllegalTransition(_("“%(step)s” is in progress and cannot be skipped.") % {"step": step_label(kind)},
                                code="in_progress")
    _require_order(decision, kind, steps)
    step = _step(decision, kind)
    before = _snap(step)
    if on:
        PROCEDURE.check_date(kind, on, {}, field="on")
    step.status, step.skip_reason, step.due_on = rules.SKIPPED, reason, None
    step.done_on = on or timezone.localdate()
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before, reason=reason)
    if kind == rules.PUBLICATION:
        _refresh_deadline(decision)
    else:
        _advance(decision, by=by, reason=reason)
    return step


@transaction.atomic
def open_public_consultation(decision: Decision, *, by, title: str, body: str, opens_on: dt.date,
                             closes_on: dt.date, explanation: str = "", shortened_reason: str = ""):
    """Publish the draft for comment (第15条: generally at least 30 days) through the consultation app."""
    from fazhi.consultation import actions as consultation_actions

    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, rules.PARTICIPATION, by)
    steps = _steps(decision)
    _require_order(decision, rules.PARTICIPATION, steps)
    if steps[rules.PARTICIPATION].status in rules.RESOLVED:
        raise IllegalTransition(_("Public participation was already recorded."), code="resolved")
    consultation = consultation_actions.open_consultation(
        decision, by=by, kind="decision", title=title, body=body, opens_on=opens_on, closes_on=closes_on,
        explanation=explanation, shortened_reason=shortened_reason)
    step = _step(decision, rules.PARTICIPATION)
    before = _snap(step)
    step.status, step.started_on, step.due_on = rules.IN_PROGRESS, opens_on, closes_on
    step.details = {**step.details, "consultation": consultation.pk, "opens_on": opens_on.isoformat(),
                    "closes_on": closes_on.isoformat()}
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    _advance(decision, by=by)
    return consultation


# Legality review and collective discussion ------------------------------------------------------------


def review_window(decision: Decision) -> rules.ReviewWindow | None:
    """Return the legality reviewer's time for the decision's current review, or None before submission."""
    step = Step.objects.filter(decision=decision, round=decision.round, kind=rules.LEGALITY_REVIEW).first()
    if step is None or not step.started_on or not step.details.get("earliest_discussion"):
        return None
    opinion_on = step.details.get("opinion_on")
    return rules.ReviewWindow(
        submitted_on=step.started_on,
        earliest_discussion=dt.date.fromisoformat(step.details["earliest_discussion"]),
        opinion_on=dt.date.fromisoformat(opinion_on) if opinion_on and step.status == rules.DONE else None,
    )


def reviewer_due(decision: Decision, submitted_on: dt.date) -> dt.date:
    """Return the last day of the reviewer's time (第27条: not less than 7 working days), provisional in a year without
    a holiday notice, or a clear error."""
    try:
        return due_date("decision.legality_review", submitted_on, province=decision.deciding_body.region.code,
                        provisional=True).due
    except RuleNotInForce as exc:
        raise ValidationError({"submitted_on": describe_error(exc)}, code="calendar") from exc


def reviewer_due_of(step: Step) -> dt.date | None:
    """The reviewer's last day of a review in progress, and the earliest discussion with it (a ``CLOCKS``
    computation)."""
    if step.started_on is None:
        return None
    due = reviewer_due(step.decision, step.started_on)
    step.details = {**step.details, "earliest_discussion": due.isoformat()}
    return due


@transaction.atomic
def submit_for_legality_review(decision: Decision, *, by, submitted_on: dt.date, materials: str = "") -> Step:
    """Send the draft to the legality reviewer (第26条) once public participation, expert argumentation and
    risk assessment are done or skipped with a reason; the reviewer gets at least 7 working days (第27条)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, rules.PARTICIPATION, by)  # the lead unit submits
    if decision.status not in rules.BEFORE_DECISION:
        raise IllegalTransition(_("The decision was already taken."), code="decided")
    steps = _steps(decision)
    review = steps[rules.LEGALITY_REVIEW]
    if review.status != rules.PENDING:
        raise IllegalTransition(_("The draft is already with the legality reviewer (since %(date)s).") % {
            "date": review.started_on.isoformat() if review.started_on else "—"}, code="submitted")
    missing = [k for k in rules.PREPARATORY if steps[k].status not in rules.RESOLVED]
    if missing:
        raise IllegalTransition(
            _("The draft cannot go to legality review yet: record or skip (with a reason) %(steps)s first.") % {
                "steps": _labels(missing)}, code="steps_missing")
    PROCEDURE.check_date("legality_submission", submitted_on, dates_of(steps), field="submitted_on")
    due = reviewer_due(decision, submitted_on)
    step = _step(decision, rules.LEGALITY_REVIEW)
    before = _snap(step)
    step.status, step.started_on, step.due_on = rules.IN_PROGRESS, submitted_on, due
    step.details = {**step.details, "materials": (materials or "").strip(), "earliest_discussion": due.isoformat()}
    for key in ("opinion", "opinion_on", "passed", "reviewed_by"):
        step.details.pop(key, None)
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    _advance(decision, by=by)
    return step


@transaction.atomic
def record_legality_opinion(decision: Decision, *, by, opinion: str, opinion_on: dt.date, passed: bool,
                            reviewed_by: str = "") -> Step:
    """The reviewer records the opinion (第28条). A failed review returns the draft to the lead unit, which
    revises it and submits again; the earlier opinion stays in the step's history."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, rules.LEGALITY_REVIEW, by)
    step = _step(decision, rules.LEGALITY_REVIEW)
    if step.status != rules.IN_PROGRESS:
        raise IllegalTransition(_("The draft has not been sent for legality review."), code="not_submitted")
    opinion = (opinion or "").strip()
    errors = {}
    if not opinion:
        errors["opinion"] = _("Write the review opinion.")
    if errors:
        raise ValidationError(errors)
    PROCEDURE.check_date(rules.LEGALITY_REVIEW, opinion_on, {"legality_submission": step.started_on},
                         field="opinion_on")
    before = _snap(step)
    entry = {"opinion": opinion, "opinion_on": opinion_on.isoformat(), "passed": bool(passed),
             "reviewed_by": (reviewed_by or "").strip() or str(by)}
    if passed:
        step.status, step.done_on, step.due_on = rules.DONE, opinion_on, None
        step.details = {**step.details, **entry}
    else:
        history = [*step.details.get("earlier", []), {**entry, "submitted_on": step.started_on.isoformat()}]
        step.status, step.started_on, step.due_on, step.done_on = rules.PENDING, None, None, None
        step.details = {"earlier": history}
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    _advance(decision, by=by)
    return step


def _require_fair_competition(steps: dict[str, Step]) -> None:
    """Refuse the discussion while a fair-competition review the decision needs is missing or asked for changes."""
    missing = rules.missing_before_discussion((s.kind, s.status) for s in steps.values())
    if not missing:
        return
    review = steps[rules.FAIR_COMPETITION]
    if review.status == rules.IN_PROGRESS:
        raise IllegalTransition(
            _("The fair-competition review of %(date)s found that the draft needs changes: record the review of "
              "the revised draft before the collective discussion.") % {"date": review.details.get("reviewed_on")},
            code="fair_competition_changes")
    raise IllegalTransition(
        _("The draft concerns market entities' economic activity: it cannot be discussed before %(steps)s is "
          "recorded (公平竞争审查条例).") % {"steps": _labels(missing)}, code="fair_competition_missing")


@transaction.atomic
def record_discussion(decision: Decision, *, by, meeting: str, held_on: dt.date, result: str,
                      dissent: str = "", minutes: str = "", meeting_name: str = "") -> Step:
    """Record the collective discussion at the executive or plenary meeting (第30条), dissent included.

    Refused before a passed legality review (第25条), and before the reviewer's 7 working days have passed
    unless the opinion is in (第27条); refused, naming it, while the fair-competition review the decision needs
    is missing or asked for changes.
    """
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, rules.DISCUSSION, by)
    steps = _steps(decision)
    if steps[rules.DISCUSSION].status == rules.DONE:
        raise IllegalTransition(_("The collective discussion was already recorded."), code="done")
    errors = {}
    if meeting not in dict(rules.MEETING_KINDS):
        errors["meeting"] = _("Choose the executive meeting or the plenary meeting.")
    if result not in dict(rules.DISCUSSION_RESULTS):
        errors["result"] = _("Choose the result of the discussion.")
    if errors:
        raise ValidationError(errors)
    PROCEDURE.check_date(rules.DISCUSSION, held_on, dates_of(steps), field="held_on")
    review = steps[rules.LEGALITY_REVIEW]
    if review.status == rules.PENDING:
        raise IllegalTransition(
            _("The draft cannot be discussed before its legality review (第25条): send it to the reviewer first."),
            code="review_missing")
    window = review_window(decision)
    if review.status == rules.IN_PROGRESS:
        if window and not window.discussion_allowed_on(held_on):
            raise IllegalTransition(
                _("The legality reviewer has at least 7 working days, until %(date)s (第27条): the draft cannot be "
                  "discussed on %(held)s unless the review opinion is in.") % {
                    "date": window.earliest_discussion.isoformat(), "held": held_on.isoformat()},
                code="review_time")
        raise IllegalTransition(
            _("The legality review opinion is not in yet: the draft cannot be discussed without it (第25条)."),
            code="opinion_missing")
    _require_fair_competition(steps)
    if window and window.opinion_on and held_on < window.opinion_on:
        raise IllegalTransition(
            _("The meeting (%(held)s) cannot precede the legality review opinion (%(date)s).") % {
                "held": held_on.isoformat(), "date": window.opinion_on.isoformat()}, code="before_opinion")
    step = _step(decision, rules.DISCUSSION)
    before = _snap(step)
    meetings = [*step.details.get("meetings", []), {
        "meeting": meeting, "meeting_name": (meeting_name or "").strip(), "held_on": held_on.isoformat(),
        "result": result, "dissent": (dissent or "").strip(), "minutes": (minutes or "").strip()}]
    step.details = {**step.details, "meetings": meetings, **meetings[-1]}
    if result in rules.APPROVING_RESULTS:
        step.status, step.done_on = rules.DONE, held_on
    else:
        step.status = rules.IN_PROGRESS  # deferred or not approved: the draft may come back to a later meeting
    step.started_on = step.started_on or held_on
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    _advance(decision, by=by)
    return step


@transaction.atomic
def take_decision(decision: Decision, *, by, decided_on: dt.date, document_number: str = "") -> Decision:
    """Record the decision taken; refused, naming them, while required steps are not done (or skipped)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_live(decision)
    _require_actor(decision, rules.DECISION, by)
    if decision.status in rules.AFTER_DECISION:
        raise IllegalTransition(_("The decision was already taken on %(date)s.") % {
            "date": decision.decided_on.isoformat() if decision.decided_on else "—"}, code="decided")
    steps = _steps(decision)
    missing = rules.missing_before_decision((s.kind, s.status) for s in steps.values())
    if missing:
        raise IllegalTransition(
            _("The decision cannot be taken before these steps are done (or skipped with a reason where the law "
              "allows): %(steps)s.") % {"steps": _labels(missing)}, code="steps_missing")
    PROCEDURE.check_date(rules.DECISION, decided_on, dates_of(steps), field="decided_on")
    step = _step(decision, rules.DECISION)
    before = _snap(step)
    step.status, step.started_on, step.done_on = rules.DONE, decided_on, decided_on
    step.details = {"document_number": (document_number or "").strip()}
    step.recorded_at, step.recorded_by = timezone.now(), by
    step.save()
    _audit_step(step, by=by, before=before)
    decision = transition(decision, S.DECIDED, by=by, allowed_from=[S.READY], decided_on=decided_on)
    if decision.catalog_item_id:
        transition(decision.catalog_item, IS.COMPLETED, by=by, allowed_from=[IS.STARTED])
    return decision


# Withdrawal -------------------------------------------------------------------------------------------


@transaction.atomic
def withdraw_decision(decision: Decision, *, by, reason: str) -> Decision:
    """The lead unit drops a decision before it is taken, with the reason; the record stays, withdrawn.

    Its catalogue matter is removed from the catalogue with a recorded change (same reason, dated today), and
    a public consultation on it still in draft or open is withdrawn too. Refused once the decision was taken
    (in any round): a decision in force is suspended or adjusted instead.
    """
    from fazhi.consultation import actions as consultation_actions

    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_write(decision.agency_id, by, _("Only the lead unit %(agency)s may withdraw this decision.") % {
        "agency": decision.agency})
    if decision.is_withdrawn:
        raise IllegalTransition(_("This decision was already withdrawn."), code="already_withdrawn")
    if decision.decided_on or decision.status not in rules.BEFORE_DECISION:
        raise IllegalTransition(
            _("The decision was taken on %(date)s and can no longer be withdrawn: suspend or adjust it instead.")
            % {"date": decision.decided_on.isoformat() if decision.decided_on else "—"}, code="decided")
    reason = _reason(reason)
    withdraw_record(decision, by=by, reason=reason)
    consultation = consultation_actions.consultation_for(decision)
    if consultation is not None and consultation.status in ("draft", "open"):
        withdraw_record(consultation, by=by, reason=reason)
    item = CatalogItem.objects.select_related("catalog").filter(pk=decision.catalog_item_id).first()
    others = item and item.decisions.filter(withdrawn_at__isnull=True).exists()
    if item is not None and item.status == IS.STARTED and not others:
        transition(item, IS.REMOVED, by=by, allowed_from=[IS.STARTED], reason=reason)
        _change(item.catalog, item, CatalogChange.Kind.REMOVED, by=by, reason=reason,
                approved_on=timezone.localdate(), changes={"decision": [decision.title, None]})
    return Decision.objects.get(pk=decision.pk)


# After the decision -----------------------------------------------------------------------------------


def _require_decided(decision: Decision) -> None:
    if decision.status not in (*rules.AFTER_DECISION, S.SUSPENDED):
        raise IllegalTransition(_("The decision has not been taken yet."), code="not_decided")


@transaction.atomic
def schedule_evaluation(decision: Decision, *, by, scheduled_on: dt.date, reason: str = "") -> Evaluation:
    """Schedule a post-decision evaluation (决策后评估) to be done by ``scheduled_on``."""
    decision = Decision.objects.select_related("catalog_item").get(pk=decision.pk)
    _require_actor(decision, rules.DECISION, by)
    _require_decided(decision)
    if not scheduled_on:
        raise ValidationError({"scheduled_on": _("Give the date by which the evaluation is done.")})
    evaluation = Evaluation.objects.create(decision=decision, scheduled_on=scheduled_on, reason=(reason or "").strip())
    audit.record_event(action="change", target=decision, actor=by, reason=evaluation.reason,
                       changes={"evaluation": [None, scheduled_on]})
    _refresh_deadline(decision)
    return evaluation


def _pre_decision_assessors(decision: Decision) -> list[str]:
    names = []
    for step in Step.objects.filter(decision=decision, kind__in=[rules.RISK, rules.EXPERT], status=rules.DONE):
        for key in ("assessor", "organiser"):
            if step.details.get(key):
                names.append(step.details[key])
    return names


@transaction.atomic
def record_evaluation(evaluation: Evaluation, *, by, evaluator: str, findings: str, recommendation: str,
                      done_on: dt.date) -> Evaluation:
    """Record the evaluation's findings; the evaluator may not be the body that did the main pre-decision
    assessment (第36条)."""
    evaluation = Evaluation.objects.select_for_update().select_related("decision").get(pk=evaluation.pk)
    decision = evaluation.decision
    _require_actor(decision, rules.DECISION, by)
    if evaluation.done_on:
        raise IllegalTransition(_("This evaluation was already recorded."), code="done")
    errors = {}
    evaluator, findings = (evaluator or "").strip(), (findings or "").strip()
    if not evaluator:
        errors["evaluator"] = _("Name the evaluator.")
    if not findings:
        errors["findings"] = _("Write the findings.")
    if recommendation not in Evaluation.Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if not done_on:
        errors["done_on"] = _("Give the date.")
    elif decision.decided_on and done_on < decision.decided_on:
        errors["done_on"] = _("An evaluation cannot predate the decision (%(date)s).") % {
            "date": decision.decided_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    for name in _pre_decision_assessors(decision):
        if rules.same_body(name, evaluator):
            raise ValidationError({"evaluator": _(
                "%(name)s did the pre-decision assessment of this decision and may not evaluate it (第36条).") % {
                "name": name}}, code="same_assessor")
    evaluation.evaluator, evaluation.findings = evaluator, findings
    evaluation.recommendation, evaluation.done_on = recommendation, done_on
    evaluation.save()
    audit.record_event(action="change", target=decision, actor=by,
                       changes={"evaluator": [None, evaluator], "recommendation": [None, recommendation],
                                "done_on": [None, done_on.isoformat()]})
    _refresh_deadline(decision)
    return evaluation


def _adjustment(decision, kind, *, by, reason, on) -> Adjustment:
    if not on:
        raise ValidationError({"on": _("Give the date.")})
    return Adjustment.objects.create(decision=decision, kind=kind, reason=reason, on=on, recorded_by=by)


@transaction.atomic
def suspend_decision(decision: Decision, *, by, reason: str, on: dt.date) -> Decision:
    """Suspend the implementation of a decision (中止执行), with the reason."""
    decision = Decision.objects.select_related("catalog_item").get(pk=decision.pk)
    _require_actor(decision, rules.DECISION, by)
    reason = _reason(reason)
    if decision.status not in rules.AFTER_DECISION:
        raise IllegalTransition(_("Only a decision that has been taken can be suspended."), code="not_decided")
    _adjustment(decision, Adjustment.Kind.SUSPEND, by=by, reason=reason, on=on)
    return transition(decision, S.SUSPENDED, by=by, allowed_from=rules.AFTER_DECISION, reason=reason,
                      status_before_suspension=decision.status)


@transaction.atomic
def resume_decision(decision: Decision, *, by, reason: str, on: dt.date) -> Decision:
    """Resume a suspended decision, with the reason."""
    decision = Decision.objects.select_related("catalog_item").get(pk=decision.pk)
    _require_actor(decision, rules.DECISION, by)
    reason = _reason(reason)
    _adjustment(decision, Adjustment.Kind.RESUME, by=by, reason=reason, on=on)
    return transition(decision, decision.status_before_suspension or S.DECIDED, by=by, allowed_from=[S.SUSPENDED],
                      reason=reason, status_before_suspension="")


@transaction.atomic
def adjust_decision(decision: Decision, *, by, reason: str, on: dt.date, major: bool = False) -> Decision:
    """Record an adjustment of a decision; a major adjustment repeats the statutory procedure in a new round."""
    decision = Decision.objects.select_related("catalog_item").get(pk=decision.pk)
    _require_actor(decision, rules.DECISION, by)
    reason = _reason(reason)
    _require_decided(decision)
    _adjustment(decision, Adjustment.Kind.MAJOR if major else Adjustment.Kind.MINOR, by=by, reason=reason, on=on)
    if not major:
        audit.record_event(action="change", target=decision, actor=by, reason=reason)
        return decision
    decision = transition(decision, S.DRAFTING, by=by, allowed_from=[*rules.AFTER_DECISION, S.SUSPENDED],
                          reason=reason, round=decision.round + 1, status_before_suspension="")
    _create_steps(decision)
    if decision.catalog_item_id and decision.catalog_item.status == IS.COMPLETED:
        transition(decision.catalog_item, IS.STARTED, by=by, allowed_from=[IS.COMPLETED], reason=reason)
    _refresh_deadline(decision)
    return Decision.objects.get(pk=decision.pk)
