"""What people do with the random-inspection ledger (双随机、一公开): every change is one of these audited actions.

Who may act: the agency's own clerks keep its items, plan, directories, draws and inspections (and the system
administrator); the rule-of-law office of the region and the leaders read them (``fazhi.org.scope``).

A draw picks the entities per risk level and two inspectors for each at random (``sampling.draw``), from the
entities of the agency's directory and the inspectors who may enforce on the day (行政处罚法 第42条:
``fazhi.enforcement.actions.require_assignable``), never an officer with an entity they stand aside from (回避).
It records its seed and what it drew from, so that ``verify_draw`` repeats it exactly. A redraw needs a reason,
keeps the old draw (superseded) and is audited.

A refusal is a ``ValidationError`` naming the field (``{field: message}``) or an ``IllegalTransition`` saying
why the move is not allowed now; the messages cite the instrument and article where there is one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.actions import record_event
from fazhi.core import limits
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition, withdraw_record
from fazhi.enforcement.actions import best_certificates, require_assignable, why_not_valid
from fazhi.enforcement.models import EnforcementBody, Officer
from fazhi.inspections import sampling
from fazhi.inspections.models import (
    AnnualPlan,
    Draw,
    Entity,
    Inspection,
    InspectionItem,
    Inspector,
    Recusal,
    Risk,
    credit_code_problem,
)
from fazhi.inspections.procedure import OPINION, PROCEDURE, dates_of
from fazhi.inspections.rules import PUBLICATION_RULE, sampling_percentages, yearly_limit
from fazhi.org.models import Agency
from fazhi.org.scope import scope_for

__all__ = [
    "OPINION", "Directory", "Verification", "add_inspector", "can_write", "change_risk", "directory_for",
    "draw_inspections", "draw_up_plan", "file_plan", "frequency_warning", "inspections_in_year", "lift_recusal",
    "publication_explained", "publish_result", "record_inspection", "record_recusal", "record_result", "redraw",
    "register_entity", "register_item", "remove_inspector", "repeat", "retire_item", "verify_draw",
]

I = Inspection  # noqa: E741 - the ledger's main record, short in the state checks
#: 行政处罚法 第42条: at least two officers with enforcement qualification.
ARTICLE_42 = "行政处罚法 第42条"


# Who may act ------------------------------------------------------------------------------------------------


def can_write(user, agency: Agency | int) -> bool:
    """Return True when ``user`` keeps ``agency``'s inspection ledger: one of its clerks, or the administrator."""
    scope = scope_for(user)
    agency_id = agency if isinstance(agency, int) else agency.pk
    return scope.is_admin or agency_id in scope.write_agencies


def visible_draws(user):
    """The draws ``user`` may read: those of the agencies in their scope, and the joint draws (部门联合抽查,
    国发〔2019〕5号) one of those agencies takes part in, whose inspectors may be drawn. A participant reads a joint
    draw; only the lead agency changes it."""
    scope = scope_for(user)
    own = Draw.objects.visible_to(user)
    if scope.is_admin or scope.is_empty:
        return own
    joined = Draw.objects.filter(participants__in=scope.agencies().values("pk")).values("pk")
    return Draw.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=joined))


def _require_writer(agency: Agency | int, by) -> None:
    if not can_write(by, agency):
        name = agency.name if isinstance(agency, Agency) else Agency.objects.filter(pk=agency).first()
        raise IllegalTransition(_("Only the clerks of %(agency)s may change its random inspection ledger.")
                                % {"agency": name}, code="forbidden")


def _text(value) -> str:
    return (value or "").strip()


def _required(values: dict[str, str], messages: dict[str, str]) -> None:
    """Refuse, naming every field left empty at once."""
    missing = {name: messages[name] for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing, code="required")


def _audit_set(record, name: str, ids: Iterable[int], by) -> None:
    """Write a many-to-many field's new members to the audit trail (the record's snapshot holds no such field)."""
    record_event(action="change", target=record, actor=by, changes={name: [None, sorted(ids)]})


# Inspection items (抽查事项清单) ---------------------------------------------------------------------------------


def register_item(*, agency: Agency, by, body: EnforcementBody, name: str, legal_basis: str, matter: str,
                  method: str = InspectionItem.Method.ON_SITE) -> InspectionItem:
    """Put an item on ``agency``'s list of random inspection items, inspected by one of its enforcement bodies."""
    _require_writer(agency, by)
    name, legal_basis, matter = _text(name), _text(legal_basis), _text(matter)
    _required({"name": name, "legal_basis": legal_basis, "matter": matter}, {
        "name": _("Name the inspection item."),
        "legal_basis": _("Give the laws, regulations or rules the inspection rests on."),
        "matter": _("Say what the inspection checks."),
    })
    if (body is None or body.agency_id != agency.pk or body.status != EnforcementBody.Status.ACTIVE
            or body.is_withdrawn):
        raise ValidationError({"body": _("Choose an active enforcement body of %(agency)s.") % {"agency": agency.name}},
                              code="invalid")
    if method not in InspectionItem.Method.values:
        raise ValidationError({"method": _("Choose the method of inspection.")}, code="invalid")
    if InspectionItem.objects.filter(agency=agency, name=name, status=InspectionItem.Status.ACTIVE,
                                     withdrawn_at__isnull=True).exists():
        raise ValidationError({"name": _("%(agency)s already lists an item named “%(name)s”.")
                               % {"agency": agency.name, "name": name}}, code="duplicate")
    return create_record(InspectionItem(agency=agency, body=body, name=name, legal_basis=legal_basis, matter=matter,
                                        method=method), by=by)


def retire_item(item: InspectionItem, *, by, on: dt.date, reason: str) -> InspectionItem:
    """Take an item off the list from ``on``, with the reason; the draws and inspections made on it stay."""
    _require_writer(item.agency_id, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for taking the item off the list.")})
    PROCEDURE.check_date("retire_item", on, {}, field="on")
    S = InspectionItem.Status
    return transition(item, S.RETIRED, by=by, allowed_from=[S.ACTIVE], reason=reason, retired_on=on,
                      retire_reason=reason)


# Annual plans (年度抽查计划) -------------------------------------------------------------------------------------


def draw_up_plan(*, agency: Agency, by, year: int, items: Iterable[InspectionItem], batches: int = 1,
                 planned_entities: int = 0, scope: str = "") -> AnnualPlan:
    """Draw up ``agency``'s random inspection plan for ``year``: its items, batches and planned numbers."""
    _require_writer(agency, by)
    items = list(items or [])
    if year is None or not limits.MIN_YEAR <= int(year) <= limits.MAX_YEAR:
        raise ValidationError({"year": _("Give the year of the plan.")}, code="invalid")
    if not items:
        raise ValidationError({"items": _("Choose the inspection items of the plan.")}, code="required")
    stray = [item.name for item in items if item.agency_id != agency.pk or item.status != InspectionItem.Status.ACTIVE
             or item.is_withdrawn]
    if stray:
        raise ValidationError({"items": _("These are not items on the list of %(agency)s: %(items)s.")
                               % {"agency": agency.name, "items": "、".join(stray)}}, code="invalid")
    if not batches or int(batches) < 1:
        raise ValidationError({"batches": _("A plan has at least one batch.")}, code="invalid")
    if planned_entities is None or int(planned_entities) < 0:
        raise ValidationError({"planned_entities": _("Give the planned number of entities.")}, code="invalid")
    if AnnualPlan.objects.filter(agency=agency, year=year, withdrawn_at__isnull=True).exists():
        raise ValidationError({"year": _("%(agency)s already has a plan for %(year)s.")
                               % {"agency": agency.name, "year": year}}, code="duplicate")
    with transaction.atomic():
        plan = create_record(AnnualPlan(agency=agency, year=year, batches=batches, planned_entities=planned_entities,
                                        scope=_text(scope)), by=by)
        plan.items.set(items)
        _audit_set(plan, "items", [item.pk for item in items], by)
    return plan


def file_plan(plan: AnnualPlan, *, by, filed_on: dt.date, filed_with: str) -> AnnualPlan:
    """Record that the plan was filed with the next-higher regulator on ``filed_on`` (legal-rules §4.4)."""
    _require_writer(plan.agency_id, by)
    filed_with = _text(filed_with)
    _required({"filed_with": filed_with}, {"filed_with": _("Name the regulator the plan was filed with.")})
    PROCEDURE.check_date("plan_filed", filed_on, {}, field="filed_on")
    S = AnnualPlan.Status
    return transition(plan, S.FILED, by=by, allowed_from=[S.DRAFT], filed_on=filed_on, filed_with=filed_with)


# The entity directory (检查对象名录) ---------------------------------------------------------------------------


def register_entity(*, agency: Agency, by, name: str, credit_code: str, address: str, domain: str,
                    risk: str) -> Entity:
    """Put an entity in ``agency``'s directory, with its unified social credit code and its risk level."""
    _require_writer(agency, by)
    name, address, domain = _text(name), _text(address), _text(domain)
    credit_code = _text(credit_code).upper()
    _required({"name": name, "credit_code": credit_code, "address": address, "domain": domain}, {
        "name": _("Give the entity's name."),
        "credit_code": _("Give the entity's unified social credit code."),
        "address": _("Give the entity's registered address."),
        "domain": _("Give the entity's domain."),
    })
    problem = credit_code_problem(credit_code)
    if problem:
        raise ValidationError({"credit_code": problem}, code="invalid")
    if risk not in Risk.values:
        raise ValidationError({"risk": _("Choose the risk level: high, medium-high, medium or low.")}, code="invalid")
    if Entity.objects.filter(agency=agency, credit_code=credit_code, withdrawn_at__isnull=True).exists():
        raise ValidationError({"credit_code": _("The entity with the code %(code)s is already in the directory.")
                               % {"code": credit_code}}, code="duplicate")
    return create_record(Entity(agency=agency, name=name, credit_code=credit_code, address=address, domain=domain,
                                risk=risk), by=by)


def change_risk(entity: Entity, *, by, risk: str) -> Entity:
    """Change an entity's risk level; draws already made keep the level they drew with (their snapshot)."""
    _require_writer(entity.agency_id, by)
    if risk not in Risk.values:
        raise ValidationError({"risk": _("Choose the risk level: high, medium-high, medium or low.")}, code="invalid")
    return change_record(entity, by=by, risk=risk)


# The inspector directory (执法检查人员名录) and recusals (回避) ------------------------------------------------------


def add_inspector(*, agency: Agency, by, officer: Officer, on: dt.date | None = None) -> Inspector:
    """Put one of ``agency``'s officers in its directory of inspectors.

    The certificate is not asked for here: a draw takes only those who may enforce on its day.
    """
    _require_writer(agency, by)
    on = on or timezone.localdate()
    if officer is None or officer.agency_id != agency.pk or officer.is_withdrawn:
        raise ValidationError({"officer": _("Choose an enforcement officer of %(agency)s.") % {"agency": agency.name}},
                              code="invalid")
    PROCEDURE.check_date("add_inspector", on, {}, field="on")
    if Inspector.objects.filter(agency=agency, officer=officer, status=Inspector.Status.ACTIVE,
                                withdrawn_at__isnull=True).exists():
        raise ValidationError({"officer": _("%(name)s is already in the directory of inspectors.")
                               % {"name": officer.name}}, code="duplicate")
    return create_record(Inspector(agency=agency, officer=officer, added_on=on), by=by)


def remove_inspector(inspector: Inspector, *, by, on: dt.date, reason: str) -> Inspector:
    """Take an officer out of the directory of inspectors from ``on``; the draws they were in keep them."""
    _require_writer(inspector.agency_id, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for taking the officer out of the directory.")})
    PROCEDURE.check_date("remove_inspector", on, {}, field="on")
    if on < inspector.added_on:
        raise ValidationError({"on": _("The officer entered the directory on %(date)s.")
                               % {"date": inspector.added_on.isoformat()}}, code="date_order")
    S = Inspector.Status
    return transition(inspector, S.REMOVED, by=by, allowed_from=[S.ACTIVE], reason=reason, removed_on=on,
                      remove_reason=reason)


def record_recusal(*, agency: Agency, by, officer: Officer, entity: Entity, reason: str,
                   on: dt.date | None = None) -> Recusal:
    """Record that ``officer`` must stand aside from ``entity`` (回避): no draw of ``agency`` pairs them."""
    _require_writer(agency, by)
    on = on or timezone.localdate()
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for the recusal.")})
    if entity is None or entity.agency_id != agency.pk or entity.is_withdrawn:
        raise ValidationError({"entity": _("Choose an entity of the directory of %(agency)s.")
                               % {"agency": agency.name}}, code="invalid")
    if officer is None or officer.is_withdrawn or not scope_for(by).can_read_agency(officer.agency_id):
        raise ValidationError({"officer": _("Choose an enforcement officer.")}, code="invalid")
    PROCEDURE.check_date("recusal", on, {}, field="on")
    if Recusal.objects.filter(agency=agency, officer=officer, entity=entity, withdrawn_at__isnull=True).exists():
        raise ValidationError({"officer": _("%(name)s already stands aside from %(entity)s.")
                               % {"name": officer.name, "entity": entity.name}}, code="duplicate")
    return create_record(Recusal(agency=agency, officer=officer, entity=entity, reason=reason, recorded_on=on), by=by)


def lift_recusal(recusal: Recusal, *, by, reason: str) -> Recusal:
    """Lift a recusal (the reason for it ended), with the reason; it stays in the ledger, withdrawn."""
    _require_writer(recusal.agency_id, by)
    return withdraw_record(recusal, by=by, reason=reason)


# Draws (随机抽取) ---------------------------------------------------------------------------------------------------


@dataclass
class Directory:
    """What a draw draws from on a day: entities with their risk, inspectors who may enforce, the recusals."""

    entities: list[tuple[int, str]]
    inspectors: list[int]
    recusals: list[tuple[int, int]]
    #: Officers of the directory of inspectors who may not enforce that day, with why.
    excluded: list[tuple[Officer, str]] = field(default_factory=list)
    officers: dict[int, Officer] = field(default_factory=dict)


def directory_for(agency: Agency | int, *, on: dt.date, participants: Iterable[Agency | int] = (),
                  domain: str = "") -> Directory:
    """Return what a draw of ``agency`` on ``on`` draws from, every list sorted by id.

    The entities are those of ``agency``'s directory (of ``domain`` only, when given); the inspectors those of the
    directories of ``agency`` and the ``participants`` whose certificate is valid on ``on`` (行政处罚法 第42条).
    """
    agency_id = agency if isinstance(agency, int) else agency.pk
    agency_ids = [agency_id, *(a if isinstance(a, int) else a.pk for a in participants)]
    entities = Entity.objects.filter(agency_id=agency_id, withdrawn_at__isnull=True)
    if domain:
        entities = entities.filter(domain=domain)
    pairs = sorted(entities.values_list("pk", "risk"))
    entries = (Inspector.objects.filter(agency_id__in=agency_ids, status=Inspector.Status.ACTIVE,
                                        withdrawn_at__isnull=True, officer__withdrawn_at__isnull=True)
               .select_related("officer").order_by("officer_id"))
    officers = {entry.officer_id: entry.officer for entry in entries}
    best = best_certificates(list(officers), on)
    eligible, excluded = [], []
    for pk, officer in sorted(officers.items()):
        certificate = best.get(pk)
        if certificate is not None and certificate.is_valid_on(on):
            eligible.append(pk)
        else:
            excluded.append((officer, why_not_valid(certificate, on)))
    recusals = sorted(Recusal.objects.filter(
        withdrawn_at__isnull=True, entity_id__in=[pk for pk, _risk in pairs], officer_id__in=eligible,
    ).values_list("officer_id", "entity_id").distinct())
    return Directory(entities=[(pk, risk) for pk, risk in pairs], inspectors=eligible,
                     recusals=[(o, e) for o, e in recusals], excluded=excluded, officers=officers)


def draw_inspections(*, agency: Agency, by, item: InspectionItem, drawn_on: dt.date, plan: AnnualPlan | None = None,
                     participants: Iterable[Agency] = (), domain: str = "", batch: int = 1,
                     seed: str | None = None) -> Draw:
    """Draw entities of ``agency``'s directory and two inspectors for each, for ``item``, on ``drawn_on``.

    The shares per risk level come from FAZHI_INSPECTION_SAMPLING_PERCENT; ``seed`` (hexadecimal) is generated
    when not given. Each drawn entity gets an inspection to carry out. ``participants``: the other agencies of a
    joint draw (部门联合抽查, 国发〔2019〕5号), whose inspectors may be drawn too.
    """
    _require_writer(agency, by)
    if (item is None or item.agency_id != agency.pk or item.status != InspectionItem.Status.ACTIVE
            or item.is_withdrawn):
        raise ValidationError({"item": _("Choose an item on the list of %(agency)s.") % {"agency": agency.name}},
                              code="invalid")
    PROCEDURE.check_date("draw", drawn_on, {}, field="drawn_on")
    if plan is not None:
        if plan.agency_id != agency.pk or plan.is_withdrawn:
            raise ValidationError({"plan": _("Choose a plan of %(agency)s.") % {"agency": agency.name}},
                                  code="invalid")
        if plan.year != drawn_on.year:
            raise ValidationError({"plan": _("The plan is for %(year)s; the draw is dated %(date)s.")
                                   % {"year": plan.year, "date": drawn_on.isoformat()}}, code="invalid")
        if not plan.items.filter(pk=item.pk).exists():
            raise ValidationError({"item": _("“%(item)s” is not an item of the plan for %(year)s.")
                                   % {"item": item.name, "year": plan.year}}, code="invalid")
    if not batch or int(batch) < 1 or (plan is not None and int(batch) > plan.batches):
        raise ValidationError({"batch": _("Give the batch: from 1 to the plan's %(n)d batches.")
                               % {"n": plan.batches if plan else 1}}, code="invalid")
    others = [a for a in {a.pk: a for a in participants}.values() if a.pk != agency.pk]
    if any(not a.is_active or a.region_id != agency.region_id for a in others):
        raise ValidationError({"participants": _("A joint draw brings in active agencies of %(region)s.")
                               % {"region": agency.region.name}}, code="invalid")
    return _draw(agency=agency, by=by, item=item, plan=plan, participants=others, domain=_text(domain),
                 batch=int(batch), drawn_on=drawn_on, seed=seed)


def _check_seed(seed: str | None) -> str:
    if seed is None:
        return sampling.new_seed()
    try:
        sampling.seed_number(seed)
    except ValueError:
        raise ValidationError({"seed": _("A seed is written in hexadecimal digits (0-9, a-f), at most 32.")},
                              code="invalid") from None
    return seed.strip().lower()


@transaction.atomic
def _draw(*, agency: Agency, by, item: InspectionItem, plan, participants: list[Agency], domain: str, batch: int,
          drawn_on: dt.date, seed: str | None, redraw_reason: str = "") -> Draw:
    seed = _check_seed(seed)
    percentages = sampling_percentages()
    directory = directory_for(agency, on=drawn_on, participants=participants, domain=domain)
    if len(directory.inspectors) < sampling.TEAM_SIZE:
        problems = [_("Fewer than two inspectors of the directory may enforce on %(date)s (%(article)s: 执法人员不得少于"
                      "两人); %(n)d may.") % {"date": drawn_on.isoformat(), "article": ARTICLE_42,
                                             "n": len(directory.inspectors)}]
        problems += [f"{officer.name}: {why}" for officer, why in directory.excluded]
        raise ValidationError({"inspectors": problems}, code="not_assignable")
    require_assignable([directory.officers[pk] for pk in directory.inspectors], drawn_on)
    try:
        result = sampling.draw(seed, directory.entities, directory.inspectors, directory.recusals, percentages)
    except sampling.TeamShort as exc:
        entity = Entity.objects.get(pk=exc.entity)
        raise ValidationError({"inspectors": _(
            "Only %(n)d inspector(s) may inspect %(entity)s once the recusals are applied: a team needs two "
            "(%(article)s).") % {"n": exc.free, "entity": entity.name, "article": ARTICLE_42}},
            code="not_assignable") from None
    if not result:
        raise ValidationError({"entities": _(
            "No entity was drawn: the directory holds no entity%(domain)s whose risk level draws a share.")
            % {"domain": _(" of the domain “%(domain)s”") % {"domain": domain} if domain else ""}}, code="empty")
    for assignment in result:  # 第42条, asked of every team (the directory holds only those who may enforce)
        require_assignable([directory.officers[pk] for pk in assignment.officers], drawn_on)
    draw = create_record(Draw(
        agency=agency, item=item, plan=plan, domain=domain, batch=batch, drawn_on=drawn_on, seed=seed,
        percentages={level: str(value) for level, value in percentages.items()},
        entities_snapshot=[list(pair) for pair in directory.entities], inspectors_snapshot=directory.inspectors,
        recusals_snapshot=[list(pair) for pair in directory.recusals],
        result=[assignment.as_json() for assignment in result], redraw_reason=redraw_reason), by=by)
    if participants:
        draw.participants.set(participants)
        _audit_set(draw, "participants", [a.pk for a in participants], by)
    for assignment in result:
        inspection = create_record(Inspection(
            agency=agency, entity_id=assignment.entity, item=item, draw=draw, kind=Inspection.Kind.RANDOM,
            legal_basis=item.legal_basis), by=by)
        inspection.officers.set(assignment.officers)
        _audit_set(inspection, "officers", assignment.officers, by)
    return draw


def redraw(draw: Draw, *, by, reason: str, on: dt.date | None = None, seed: str | None = None) -> Draw:
    """Draw again for the same item, with a reason: the old draw is kept, superseded, and its inspections withdrawn.

    Refused once a result of the draw was recorded: the inspections happened.
    """
    _require_writer(draw.agency_id, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for the redraw: it is kept with both draws.")})
    if draw.status != Draw.Status.DRAWN or draw.is_withdrawn:
        raise IllegalTransition(_("This draw was already superseded by a redraw."), code="superseded")
    if draw.inspections.filter(withdrawn_at__isnull=True).exclude(status=Inspection.Status.PLANNED).exists():
        raise IllegalTransition(_("Results of this draw are recorded: the inspections took place and the draw stands."),
                                code="started")
    on = on or timezone.localdate()
    PROCEDURE.check_date("redraw", on, {"draw": draw.drawn_on}, field="on")
    with transaction.atomic():
        new = _draw(agency=draw.agency, by=by, item=draw.item, plan=draw.plan, participants=list(draw.participants.all()),
                    domain=draw.domain, batch=draw.batch, drawn_on=on, seed=seed, redraw_reason=reason)
        transition(draw, Draw.Status.SUPERSEDED, by=by, allowed_from=[Draw.Status.DRAWN], reason=reason,
                   superseded_by=new)
        why = _("Superseded by the redraw of %(date)s: %(reason)s") % {"date": on.isoformat(), "reason": reason}
        for inspection in draw.inspections.filter(withdrawn_at__isnull=True):
            withdraw_record(inspection, by=by, reason=why)
    return new


@dataclass
class Verification:
    """A draw repeated from its seed and snapshots, and its snapshots against the directories as they are now."""

    reproduced: bool
    entities_added: list[int] = field(default_factory=list)
    entities_removed: list[int] = field(default_factory=list)
    risk_changed: list[int] = field(default_factory=list)
    inspectors_added: list[int] = field(default_factory=list)
    inspectors_removed: list[int] = field(default_factory=list)
    recusals_changed: bool = False

    @property
    def directory_changed(self) -> bool:
        return bool(self.entities_added or self.entities_removed or self.risk_changed or self.inspectors_added
                    or self.inspectors_removed or self.recusals_changed)


def repeat(draw: Draw) -> list[sampling.Assignment]:
    """Draw again from the draw's own seed, shares and snapshots (a pure computation)."""
    return sampling.draw(draw.seed, draw.entities_snapshot, draw.inspectors_snapshot, draw.recusals_snapshot,
                         {level: Decimal(value) for level, value in draw.percentages.items()})


def verify_draw(draw: Draw) -> Verification:
    """Repeat the draw from what it recorded, and say how the directories it drew from have changed since."""
    try:
        again = [assignment.as_json() for assignment in repeat(draw)]
    except (sampling.TeamShort, ValueError):
        again = None
    now = directory_for(draw.agency_id, on=draw.drawn_on, participants=list(draw.participants.values_list("pk",
                                                                                                         flat=True)),
                        domain=draw.domain)
    then = {int(pk): risk for pk, risk in draw.entities_snapshot}
    current = dict(now.entities)
    officers_then, officers_now = {int(pk) for pk in draw.inspectors_snapshot}, set(now.inspectors)
    recusals_then = {(int(o), int(e)) for o, e in draw.recusals_snapshot}
    return Verification(
        reproduced=again == draw.result,
        entities_added=sorted(set(current) - set(then)),
        entities_removed=sorted(set(then) - set(current)),
        risk_changed=sorted(pk for pk in set(then) & set(current) if then[pk] != current[pk]),
        inspectors_added=sorted(officers_now - officers_then),
        inspectors_removed=sorted(officers_then - officers_now),
        recusals_changed=recusals_then != set(now.recusals),
    )


# Inspections (检查记录) ------------------------------------------------------------------------------------------


def _publication_due(agency: Agency, finished_on: dt.date) -> dt.date:
    """The day a random inspection's result must be published by (``inspection.publication``), provisional in a
    year without a holiday notice."""
    from fazhi.clock import RuleNotInForce, UnknownRule
    from fazhi.deadlines.service import describe_error, due_date

    try:
        return due_date(PUBLICATION_RULE, finished_on, province=agency.region.code, provisional=True).due
    except (RuleNotInForce, UnknownRule) as exc:
        raise ValidationError({"finished_on": describe_error(exc)}, code="calendar") from exc


def publication_due_of(inspection: Inspection) -> dt.date | None:
    """The publication due day of a recorded random inspection (a ``CLOCKS`` computation)."""
    if inspection.finished_on is None or inspection.kind != Inspection.Kind.RANDOM:
        return None
    return _publication_due(inspection.agency, inspection.finished_on)


def _team(officers: Iterable[Officer], agency_ids: set[int]) -> list[Officer]:
    team = list({officer.pk: officer for officer in officers}.values())
    if any(officer.agency_id not in agency_ids or officer.is_withdrawn for officer in team):
        raise ValidationError({"officers": _("The team is made of enforcement officers of the inspecting agencies.")},
                              code="invalid")
    return team


def inspections_in_year(credit_code: str, year: int) -> int:
    """How many inspections of the enterprise with ``credit_code`` were carried out in ``year``, by any agency."""
    return Inspection.objects.filter(entity__credit_code=credit_code, inspected_on__year=year,
                                     withdrawn_at__isnull=True).exclude(status=I.Status.PLANNED).count()


def frequency_warning(entity: Entity, year: int) -> str:
    """Warn (without refusing) when the enterprise was inspected more often in ``year`` than the setting allows.

    FAZHI_INSPECTION_YEARLY_LIMIT counts every inspection of the enterprise (random or not, by any agency); 0
    turns the warning off.
    """
    limit = yearly_limit()
    count = inspections_in_year(entity.credit_code, year)
    if not limit or count <= limit:
        return ""
    return _("%(entity)s was inspected %(n)d times in %(year)s, more than the %(limit)d a year that is the rule here "
             "(FAZHI_INSPECTION_YEARLY_LIMIT): check that each inspection was needed.") % {
        "entity": entity.name, "n": count, "year": year, "limit": limit}


def record_result(inspection: Inspection, *, by, inspected_on: dt.date, result: str,
                  finished_on: dt.date | None = None, result_note: str = "", legal_basis: str | None = None,
                  officers: Iterable[Officer] | None = None) -> Inspection:
    """Record that a drawn entity was inspected, by its team (or ``officers`` replacing it), and the result.

    The team must be able to enforce on the day (行政处罚法 第42条). A random inspection's result is then due for
    publication within the period of ``inspection.publication`` from the end of the inspection (国发〔2019〕5号).
    The returned inspection carries ``warnings`` (the yearly frequency).
    """
    _require_writer(inspection.agency_id, by)
    if inspection.is_withdrawn:
        raise IllegalTransition(_("This record was withdrawn and can no longer be changed."), code="withdrawn")
    if result not in I.Result.values:
        raise ValidationError({"result": _("Choose the result of the inspection.")}, code="invalid")
    legal_basis = _text(inspection.legal_basis if legal_basis is None else legal_basis)
    _required({"legal_basis": legal_basis}, {"legal_basis": _("Give the legal basis of the inspection.")})
    finished_on = finished_on or inspected_on
    dates = dates_of(inspection)
    PROCEDURE.check_date("inspect", inspected_on, dates, field="inspected_on")
    PROCEDURE.check_date("finish", finished_on, {**dates, "inspect": inspected_on}, field="finished_on")
    agency_ids = {inspection.agency_id}
    if inspection.draw_id:
        agency_ids |= set(inspection.draw.participants.values_list("pk", flat=True))
    team = _team(inspection.officers.all() if officers is None else officers, agency_ids)
    require_assignable(team, inspected_on)
    due = _publication_due(inspection.agency, finished_on) if inspection.kind == I.Kind.RANDOM else None
    with transaction.atomic():
        recorded = transition(inspection, I.Status.RECORDED, by=by, allowed_from=[I.Status.PLANNED],
                              inspected_on=inspected_on, finished_on=finished_on, result=result,
                              result_note=_text(result_note), legal_basis=legal_basis, publication_due=due)
        if officers is not None and {o.pk for o in team} != set(recorded.officers.values_list("pk", flat=True)):
            recorded.officers.set(team)
            _audit_set(recorded, "officers", [o.pk for o in team], by)
    recorded.warnings = [w for w in [frequency_warning(recorded.entity, inspected_on.year)] if w]
    return recorded


def record_inspection(*, agency: Agency, by, entity: Entity, kind: str, officers: Iterable[Officer],
                      inspected_on: dt.date, legal_basis: str, result: str, finished_on: dt.date | None = None,
                      result_note: str = "", item: InspectionItem | None = None) -> Inspection:
    """Record an inspection of an entity outside a draw (a key area, a complaint…), with its legal basis.

    The returned inspection carries ``warnings`` (the yearly frequency).
    """
    _require_writer(agency, by)
    if kind not in I.Kind.values or kind == I.Kind.RANDOM:
        raise ValidationError({"kind": _("A random inspection comes from a draw: choose another kind.")},
                              code="invalid")
    if entity is None or entity.agency_id != agency.pk or entity.is_withdrawn:
        raise ValidationError({"entity": _("Choose an entity of the directory of %(agency)s.")
                               % {"agency": agency.name}}, code="invalid")
    if item is not None and (item.agency_id != agency.pk or item.is_withdrawn):
        raise ValidationError({"item": _("Choose an item on the list of %(agency)s.") % {"agency": agency.name}},
                              code="invalid")
    legal_basis = _text(legal_basis)
    _required({"legal_basis": legal_basis}, {"legal_basis": _("Give the legal basis of the inspection.")})
    if result not in I.Result.values:
        raise ValidationError({"result": _("Choose the result of the inspection.")}, code="invalid")
    finished_on = finished_on or inspected_on
    PROCEDURE.check_date("inspect", inspected_on, {}, field="inspected_on")
    PROCEDURE.check_date("finish", finished_on, {"inspect": inspected_on}, field="finished_on")
    team = _team(officers, {agency.pk})
    require_assignable(team, inspected_on)
    with transaction.atomic():
        inspection = create_record(Inspection(
            agency=agency, entity=entity, item=item, kind=kind, legal_basis=legal_basis, inspected_on=inspected_on,
            finished_on=finished_on, result=result, result_note=_text(result_note), status=I.Status.RECORDED), by=by)
        inspection.officers.set(team)
        _audit_set(inspection, "officers", [o.pk for o in team], by)
    inspection.warnings = [w for w in [frequency_warning(entity, inspected_on.year)] if w]
    return inspection


def publish_result(inspection: Inspection, *, by, on: dt.date) -> Inspection:
    """Record that the result was published on ``on`` (一公开); a day after its due day shows it was late."""
    _require_writer(inspection.agency_id, by)
    PROCEDURE.check_date("publish", on, dates_of(inspection), field="on")
    return transition(inspection, I.Status.PUBLISHED, by=by, allowed_from=[I.Status.RECORDED], published_on=on)


def publication_explained(inspection: Inspection) -> str:
    """Explain the result's publication due day (start, unit, holidays skipped), or "" when it has none."""
    if not inspection.publication_due or not inspection.finished_on:
        return ""
    from fazhi.deadlines.service import due_date, explain

    try:
        return explain(due_date(PUBLICATION_RULE, inspection.finished_on, province=inspection.agency.region.code,
                                provisional=True))
    except Exception:  # noqa: BLE001 - an explanation must not break the page; the stored day stands
        return ""

