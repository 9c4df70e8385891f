"""What people do in a file review (行政执法案卷评查): every change is one of these audited actions.

Who may act (``fazhi.org.scope``): the rule-of-law office whose region covers the departments runs the review: it
keeps the rubric, opens the campaign, draws the sample, assigns its reviewers (its own staff), who score the files,
orders the rectification items and sends the results. A reviewed department reads its own files' results and its
rectification items once the results are sent, the campaign's report once published, and records the completion
of its items. Leaders and supervisors read what their region holds.

A refusal is a ``ValidationError`` naming the field (``{field: message}``) or an ``IllegalTransition`` saying why
the move is not allowed now (``code="forbidden"`` or ``"not_reviewer"`` when it is not the person's to make).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.audit.actions import record_event
from fazhi.core.ledger import IllegalTransition, change_record, create_record, transition, withdraw_record
from fazhi.enforcement.actions import can_supervise, can_write, offices_for
from fazhi.enforcement.models import EnforcementBody
from fazhi.filereview import sampling
from fazhi.filereview.models import (
    DEFAULT_MINIMUM,
    DEFAULT_PASS_MARK,
    DEFAULT_RECTIFICATION_DAYS,
    FULL_MARKS,
    Campaign,
    Rectification,
    ReviewFile,
    Rubric,
    RubricItem,
    Sample,
    Score,
    ScoreLine,
    Section,
)
from fazhi.filereview.procedure import PROCEDURE, dates_of
from fazhi.org.models import Agency, Membership, User
from fazhi.org.scope import scope_for
from fazhi.penalties.models import Case

__all__ = [
    "adopt_rubric", "assign_reviewers", "can_rectify", "can_run", "candidates_of", "complete_rectification",
    "default_rubric", "draw_sample", "file_result", "in_force", "offices_for", "open_campaign",
    "order_rectification", "publish_report", "remove_rubric_item", "resample", "reviewer_choices",
    "revise_rubric", "score_file", "send_results", "set_pass_mark", "set_rubric_item", "start_review",
    "visible_campaigns", "visible_files", "visible_rectifications",
]

S = Campaign.Status
TENTH = Decimal("0.1")

#: The default rubric (评查标准) a rule-of-law office starts from: (section, what is checked, marks, veto).
#: Invented wording; each office revises it to its province's standard.
DEFAULT_ITEMS = [
    (Section.SUBJECT, "实施处罚的主体具有法定职权，未超越职权范围", 6, True),
    (Section.SUBJECT, "承办人员不少于两人且均持有有效行政执法证件", 4, False),
    (Section.FACTS, "违法事实认定清楚，时间、地点、情节等要素完整", 10, False),
    (Section.FACTS, "当事人身份信息准确完整", 5, False),
    (Section.EVIDENCE, "主要证据充分，足以证明违法事实", 10, True),
    (Section.EVIDENCE, "证据收集合法，笔录、检查记录等要素齐全", 5, False),
    (Section.LAW, "定性准确，引用依据正确并具体到条、款、项", 10, False),
    (Section.LAW, "处罚种类和幅度在法定范围内", 5, False),
    (Section.PROCEDURE, "立案、调查、告知、听证等法定程序完整", 10, True),
    (Section.PROCEDURE, "重大案件经法制审核和集体讨论", 5, False),
    (Section.PROCEDURE, "在法定期限内作出决定并依法送达", 5, False),
    (Section.DOCUMENTS, "执法文书使用规范，内容完整、填写准确", 6, False),
    (Section.DOCUMENTS, "文书签名、印章齐全", 4, False),
    (Section.DISCRETION, "适用裁量基准，处罚与违法情节相当", 6, False),
    (Section.DISCRETION, "从重、从轻或不予处罚的理由说明充分", 4, False),
    (Section.ARCHIVE, "案卷材料齐全，按规定顺序装订、编号、归档", 5, False),
]
DEFAULT_NAME = "行政处罚案卷评查标准"


# Who may act, and what they see -----------------------------------------------------------------------------


def can_run(user, office: Agency | Campaign | Rubric) -> bool:
    """Whether ``user`` runs reviews for ``office`` (a rule-of-law office, or a campaign's or rubric's own): its
    staff or those of an office above, or the administrator."""
    agency = office if isinstance(office, Agency) else office.agency
    return can_supervise(user, agency)


def _require_runner(office: Agency | Campaign | Rubric, by) -> None:
    if not can_run(by, office):
        agency = office if isinstance(office, Agency) else office.agency
        raise IllegalTransition(_("Only the staff of %(office)s may do this.") % {"office": agency.name},
                                code="forbidden")


def visible_campaigns(user):
    """The campaigns ``user`` may read: the office's, and those whose results were sent to the user's agencies."""
    scope = scope_for(user)
    own = scope.visible(Campaign.objects.filter(withdrawn_at__isnull=True), "agency")
    if scope.is_admin:
        return own
    files = scope.visible(ReviewFile.objects.filter(withdrawn_at__isnull=True), "agency")
    reviewed = Campaign.objects.filter(withdrawn_at__isnull=True, status__in=Campaign.SENT_STATUSES,
                                       pk__in=files.values("campaign_id"))
    return Campaign.objects.filter(Q(pk__in=own.values("pk")) | Q(pk__in=reviewed.values("pk")))


def _revealed(user, qs):
    """``qs`` (reviewed files or rectification items, scoped by their department) narrowed to those of campaigns
    whose results the user may see: all, for those who read the office's records (its staff, the leaders and
    supervisors above it); for a reviewed department, only once the results are sent."""
    scope = scope_for(user)
    if scope.is_admin:
        return qs
    offices = scope.visible(Campaign.objects.all(), "agency").values("pk")
    return qs.filter(Q(campaign__status__in=Campaign.SENT_STATUSES) | Q(campaign_id__in=offices))


def visible_files(user):
    """The live sampled files ``user`` may read: their department's once the results are sent, the office's
    always."""
    return _revealed(user, scope_for(user).visible(ReviewFile.objects.filter(withdrawn_at__isnull=True), "agency"))


def visible_rectifications(user):
    """The live rectification items ``user`` may read, as ``visible_files``."""
    return _revealed(user, scope_for(user).visible(Rectification.objects.filter(withdrawn_at__isnull=True), "agency"))


def reviewer_choices(office: Agency):
    """The people who may review for ``office``: its active staff (office members)."""
    return (User.objects.filter(is_active=True, memberships__agency=office, memberships__is_active=True,
                                memberships__role=Membership.Role.OFFICE)
            .distinct().order_by("display_name", "username"))


def _text(value) -> str:
    return (value or "").strip()


def _required(values: dict[str, str], messages: dict[str, str]) -> None:
    """Refuse, naming every field left empty at once."""
    missing = {name: messages[name] for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing, code="required")


def _decimal(value, field: str, message: str, low: Decimal, high: Decimal) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: message}, code="invalid") from None
    if not number.is_finite() or not low <= number <= high or number != number.quantize(TENTH):
        raise ValidationError({field: message}, code="invalid")
    return number.quantize(TENTH)


def _moved(record, fresh):
    """``record`` (the caller's instance) with the fields ``fresh`` (what ``transition`` saved) holds."""
    for f in record._meta.concrete_fields:
        setattr(record, f.attname, getattr(fresh, f.attname))
    return record


def _require_office_kind(office: Agency) -> None:
    if office.kind != Agency.Kind.RULE_OF_LAW_OFFICE:
        raise ValidationError({"office": _("Choose a rule-of-law office.")}, code="invalid")


# The rubric (评查标准) ------------------------------------------------------------------------------------------


def in_force(office: Agency) -> Rubric | None:
    """The office's rubric in force, or None."""
    return Rubric.objects.filter(agency=office, status=Rubric.Status.IN_FORCE, withdrawn_at__isnull=True).first()


@transaction.atomic
def default_rubric(office: Agency, *, by, on: dt.date | None = None) -> Rubric:
    """Return the office's rubric in force; when it has none yet, adopt the default one (``DEFAULT_ITEMS``, out of
    100, pass mark 80) on ``on`` (today by default)."""
    _require_runner(office, by)
    _require_office_kind(office)
    current = in_force(office)
    if current is not None:
        return current
    draft = Rubric.objects.filter(agency=office, status=Rubric.Status.DRAFT, withdrawn_at__isnull=True).first()
    if draft is None:
        draft = _new_rubric(office, by=by, name=DEFAULT_NAME, pass_mark=DEFAULT_PASS_MARK)
        for position, (section, text, marks, veto) in enumerate(DEFAULT_ITEMS, start=1):
            RubricItem.objects.create(rubric=draft, section=section, position=position, text=text,
                                      max_score=Decimal(marks), veto=veto)
        record_event(action="change", target=draft, actor=by, changes={"items": [None, len(DEFAULT_ITEMS)]})
    return adopt_rubric(draft, by=by, on=on or timezone.localdate())


def _new_rubric(office: Agency, *, by, name: str, pass_mark: Decimal, based_on: Rubric | None = None) -> Rubric:
    version = (Rubric.objects.filter(agency=office).aggregate(top=Max("version"))["top"] or 0) + 1
    return create_record(Rubric(agency=office, name=name, version=version, pass_mark=pass_mark, based_on=based_on),
                         by=by)


@transaction.atomic
def revise_rubric(rubric: Rubric, *, by) -> Rubric:
    """Draft the next version of a rubric, its items copied; the version in force stays until the draft is
    adopted, and every campaign keeps the version it used."""
    _require_runner(rubric, by)
    if Rubric.objects.filter(agency_id=rubric.agency_id, status=Rubric.Status.DRAFT,
                             withdrawn_at__isnull=True).exists():
        raise IllegalTransition(_("A draft of the next version already exists: change that one."), code="draft_exists")
    draft = _new_rubric(rubric.agency, by=by, name=rubric.name, pass_mark=rubric.pass_mark, based_on=rubric)
    for item in rubric.items.order_by("position", "pk"):
        RubricItem.objects.create(rubric=draft, section=item.section, position=item.position, text=item.text,
                                  max_score=item.max_score, veto=item.veto)
    record_event(action="change", target=draft, actor=by, changes={"based_on": [None, rubric.pk]})
    return draft


def _require_draft(rubric: Rubric, by) -> None:
    _require_runner(rubric, by)
    if rubric.status != Rubric.Status.DRAFT or rubric.is_withdrawn:
        raise IllegalTransition(_("A rubric in force is never changed: draft its next version."), code="not_draft")


@transaction.atomic
def set_rubric_item(rubric: Rubric, *, by, section: str, text: str, max_score, veto: bool = False,
                    item: RubricItem | None = None) -> RubricItem:
    """Add an item to a draft rubric, or change one of its items."""
    _require_draft(rubric, by)
    text = _text(text)
    _required({"text": text}, {"text": _("Say what the reviewer checks.")})
    if section not in Section.values:
        raise ValidationError({"section": _("Choose the section.")}, code="invalid")
    marks = _decimal(max_score, "max_score", _("Give the marks as a number above 0 and at most 100, to one decimal "
                                               "place."), TENTH, FULL_MARKS)
    values = {"section": section, "text": text, "max_score": marks, "veto": bool(veto)}
    if item is None:
        position = (rubric.items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = RubricItem.objects.create(rubric=rubric, position=position, **values)
        record_event(action="change", target=rubric, actor=by, changes={"item": [None, {"id": item.pk, **values}]})
        return item
    if item.rubric_id != rubric.pk:
        raise ValidationError({"item": _("This item belongs to another rubric.")}, code="invalid")
    before = {"section": item.section, "text": item.text, "max_score": item.max_score, "veto": item.veto}
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    record_event(action="change", target=rubric, actor=by, changes={"item": [{"id": item.pk, **before},
                                                                            {"id": item.pk, **values}]})
    return item


@transaction.atomic
def remove_rubric_item(item: RubricItem, *, by) -> None:
    """Take an item off a draft rubric (a rubric in force keeps every item: campaigns were scored on them)."""
    rubric = item.rubric
    _require_draft(rubric, by)
    record_event(action="change", target=rubric, actor=by, changes={"item": [
        {"id": item.pk, "section": item.section, "text": item.text, "max_score": item.max_score}, None]})
    item.delete()


def set_pass_mark(rubric: Rubric, *, by, pass_mark, name: str = "") -> Rubric:
    """Change the pass mark (and the name) of a draft rubric."""
    _require_draft(rubric, by)
    mark = _decimal(pass_mark, "pass_mark", _("Give the pass mark as a number above 0 and at most 100."), TENTH,
                    FULL_MARKS)
    return change_record(rubric, by=by, pass_mark=mark, name=_text(name) or rubric.name)


@transaction.atomic
def adopt_rubric(rubric: Rubric, *, by, on: dt.date) -> Rubric:
    """Put a draft rubric in force from ``on``: its items add up to 100 and its pass mark is within them. The
    version it replaces is kept, retired."""
    _require_draft(rubric, by)
    items = list(rubric.items.all())
    if not items:
        raise ValidationError({"items": _("Add the items the reviewers check first.")}, code="required")
    total = sum((item.max_score for item in items), Decimal(0))
    if total != FULL_MARKS:
        raise ValidationError({"items": _("The items add up to %(total)s marks: they add up to %(full)s.")
                               % {"total": total, "full": FULL_MARKS}}, code="total")
    PROCEDURE.check_date("rubric_adopted", on, {}, field="on")
    current = Rubric.objects.select_for_update().filter(agency_id=rubric.agency_id, status=Rubric.Status.IN_FORCE,
                                                        withdrawn_at__isnull=True).first()
    if current is not None:
        transition(current, Rubric.Status.RETIRED, by=by, allowed_from=[Rubric.Status.IN_FORCE], retired_on=on,
                   reason=_("Replaced by version %(version)d.") % {"version": rubric.version})
    return _moved(rubric, transition(rubric, Rubric.Status.IN_FORCE, by=by, allowed_from=[Rubric.Status.DRAFT],
                                     adopted_on=on))


# The campaign (评查活动) -----------------------------------------------------------------------------------------


@transaction.atomic
def open_campaign(*, office: Agency, by, year: int, title: str, bodies: Iterable[EnforcementBody],
                  opened_on: dt.date, sample_percent=None, minimum_per_body: int = DEFAULT_MINIMUM,
                  rectification_days: int = DEFAULT_RECTIFICATION_DAYS, rubric: Rubric | None = None) -> Campaign:
    """Open a review of the files ``bodies`` closed in ``year``, scored on ``rubric`` (the office's in force, the
    default one adopted when it has none)."""
    _require_office_kind(office)
    _require_runner(office, by)
    title = _text(title)
    _required({"title": title}, {"title": _("Give the campaign a title.")})
    PROCEDURE.check_date("open", opened_on, {}, field="opened_on")
    if year is None or not 2000 <= int(year) <= opened_on.year:
        raise ValidationError({"year": _("Review a year that has begun: %(year)d or before.")
                               % {"year": opened_on.year}}, code="invalid")
    bodies = list({body.pk: body for body in bodies}.values())
    if not bodies:
        raise ValidationError({"bodies": _("Choose the enforcement bodies whose files are reviewed.")},
                              code="required")
    outside = [body.name for body in bodies
               if body.is_withdrawn or not body.agency.region.path.startswith(office.region.path)]
    if outside:
        raise ValidationError({"bodies": _("Outside the region of %(office)s: %(bodies)s.")
                               % {"office": office.name, "bodies": "、".join(outside)}}, code="invalid")
    percent = None if sample_percent in (None, "") else _percent(sample_percent)
    minimum = _whole(minimum_per_body, "minimum_per_body", 0, 1000,
                     _("Give the minimum per body as a whole number from 0 to 1000."))
    days = _whole(rectification_days, "rectification_days", 1, 365,
                  _("Give the days to rectify as a whole number from 1 to 365."))
    if rubric is None:
        rubric = default_rubric(office, by=by, on=opened_on)
    elif rubric.agency_id != office.pk or rubric.status != Rubric.Status.IN_FORCE:
        raise ValidationError({"rubric": _("Choose the rubric %(office)s has in force.") % {"office": office.name}},
                              code="invalid")
    campaign = create_record(Campaign(agency=office, year=int(year), title=title, rubric=rubric,
                                      sample_percent=percent, minimum_per_body=minimum, rectification_days=days,
                                      opened_on=opened_on), by=by)
    campaign.bodies.set(bodies)
    record_event(action="change", target=campaign, actor=by,
                 changes={"bodies": [None, sorted(body.pk for body in bodies)]})
    return campaign


def _percent(value) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or not Decimal(0) < number <= FULL_MARKS:
        raise ValidationError({"sample_percent": _("Give the share as a number above 0 and at most 100.")},
                              code="invalid")
    return number.quantize(Decimal("0.01"))


def _whole(value, field: str, low: int, high: int, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: message}, code="invalid") from None
    if not low <= number <= high:
        raise ValidationError({field: message}, code="invalid")
    return number


def candidates_of(campaign: Campaign) -> dict[int, list[int]]:
    """The cases each of the campaign's bodies closed in its year (live, closed, sorted by id), by body id."""
    found: dict[int, list[int]] = {body_id: [] for body_id in campaign.bodies.values_list("pk", flat=True)}
    rows = (Case.objects.filter(body_id__in=list(found), status=Case.Status.CLOSED, closed_on__year=campaign.year,
                                withdrawn_at__isnull=True)
            .order_by("pk").values_list("body_id", "pk"))
    for body_id, pk in rows:
        found[body_id].append(pk)
    return found


def _check_seed(seed: str | None) -> str:
    if seed is None or seed == "":
        return sampling.new_seed()
    try:
        sampling.seed_number(seed)
    except ValueError:
        raise ValidationError({"seed": _("A seed is written in hexadecimal digits (0-9, a-f), at most 32.")},
                              code="invalid") from None
    return seed.strip().lower()


def _draw(campaign: Campaign, *, by, on: dt.date, seed: str | None, reason: str = "") -> Sample:
    """Draw the files and record the sample with what it drew from; the campaign shows its seed."""
    seed = _check_seed(seed)
    candidates = candidates_of(campaign)
    percent = campaign.percent
    drawn = sampling.draw(seed, candidates, percent, campaign.minimum_per_body)
    if not drawn:
        raise ValidationError({"bodies": _("The bodies reviewed closed no penalty case in %(year)d: there is nothing "
                                           "to sample.") % {"year": campaign.year}}, code="empty")
    sample = create_record(Sample(
        agency_id=campaign.agency_id, campaign=campaign, seed=seed, drawn_on=on, percent=percent,
        minimum=campaign.minimum_per_body, reason=reason,
        candidates={str(body): cases for body, cases in sorted(candidates.items())},
        result={str(body): cases for body, cases in sorted(drawn.items())}), by=by)
    cases = Case.objects.in_bulk([pk for cases in drawn.values() for pk in cases])
    for body_id, case_ids in drawn.items():
        for pk in case_ids:
            case = cases[pk]
            create_record(ReviewFile(agency_id=case.agency_id, campaign=campaign, sample=sample, case=case,
                                     body_id=body_id), by=by)
    return sample


@transaction.atomic
def draw_sample(campaign: Campaign, *, by, on: dt.date, seed: str | None = None) -> Sample:
    """Draw the campaign's files from the cases its bodies closed in its year (``sampling.draw``); ``seed``
    (hexadecimal) is generated when not given, and kept."""
    _require_runner(campaign, by)
    if campaign.status != S.DRAFT:
        raise IllegalTransition(_("The sample was already drawn: draw it again with a reason."), code="sampled")
    PROCEDURE.check_date("sample", on, dates_of(campaign), field="on")
    sample = _draw(campaign, by=by, on=on, seed=seed)
    _moved(campaign, transition(campaign, S.SAMPLED, by=by, allowed_from=[S.DRAFT], sampled_on=on, seed=sample.seed))
    return sample


@transaction.atomic
def resample(campaign: Campaign, *, by, on: dt.date, reason: str, seed: str | None = None) -> Sample:
    """Draw the files again, with the reason, before the review starts: the old sample is kept, superseded, and
    its files withdrawn; both draws and the reason stay in the audit trail."""
    _require_runner(campaign, by)
    reason = _text(reason)
    _required({"reason": reason}, {"reason": _("Give the reason for drawing again: it is kept with both samples.")})
    if campaign.status != S.SAMPLED:
        raise IllegalTransition(_("The sample is drawn again only after it was drawn and before the review starts."),
                                code="illegal_transition")
    PROCEDURE.check_date("resample", on, dates_of(campaign), field="on")
    old = campaign.samples.get(status=Sample.Status.CURRENT, withdrawn_at__isnull=True)
    sample = _draw(campaign, by=by, on=on, seed=seed, reason=reason)
    transition(old, Sample.Status.SUPERSEDED, by=by, allowed_from=[Sample.Status.CURRENT], reason=reason,
               superseded_by=sample)
    why = _("Superseded by the sample drawn on %(date)s: %(reason)s") % {"date": on.isoformat(), "reason": reason}
    for file in old.files.filter(withdrawn_at__isnull=True):
        withdraw_record(file, by=by, reason=why)
    _moved(campaign, transition(campaign, S.SAMPLED, by=by, allowed_from=[S.SAMPLED], reason=reason, sampled_on=on,
                                seed=sample.seed))
    return sample


@transaction.atomic
def assign_reviewers(campaign: Campaign, *, by, reviewers: Iterable[User]) -> Campaign:
    """Name the campaign's reviewers: staff of its office. A reviewer who already scored a file stays."""
    _require_runner(campaign, by)
    if campaign.status in Campaign.SENT_STATUSES or campaign.is_withdrawn:
        raise IllegalTransition(_("The results were sent: the reviewers no longer change."), code="illegal_transition")
    chosen = {user.pk: user for user in reviewers}
    allowed = set(reviewer_choices(campaign.agency).filter(pk__in=list(chosen)).values_list("pk", flat=True))
    strangers = [str(user) for pk, user in chosen.items() if pk not in allowed]
    if strangers:
        raise ValidationError({"reviewers": _("Reviewers are staff of %(office)s: %(people)s are not.")
                               % {"office": campaign.agency.name, "people": "、".join(strangers)}}, code="invalid")
    scored = set(Score.objects.filter(file__campaign=campaign, withdrawn_at__isnull=True)
                 .values_list("reviewer_id", flat=True))
    dropped = scored - set(chosen)
    if dropped:
        raise ValidationError({"reviewers": _("A reviewer who has scored a file stays a reviewer.")}, code="scored")
    before = sorted(campaign.reviewers.values_list("pk", flat=True))
    campaign.reviewers.set(list(chosen.values()))
    record_event(action="change", target=campaign, actor=by, changes={"reviewers": [before, sorted(chosen)]})
    return campaign


def start_review(campaign: Campaign, *, by, on: dt.date) -> Campaign:
    """Start scoring the sample: it no longer changes. The campaign needs its reviewers."""
    _require_runner(campaign, by)
    if campaign.status == S.SAMPLED and not campaign.reviewers.exists():
        raise ValidationError({"reviewers": _("Name the reviewers before the review starts.")}, code="required")
    PROCEDURE.check_date("review_start", on, dates_of(campaign), field="on")
    return _moved(campaign, transition(campaign, S.REVIEWING, by=by, allowed_from=[S.SAMPLED], review_started_on=on))


# Scoring ---------------------------------------------------------------------------------------------------------


def file_result(totals: Iterable[tuple[Decimal, bool]], pass_mark: Decimal) -> tuple[Decimal | None, bool, bool | None]:
    """The result of a file from its reviewers' (total, vetoed) pairs: the mean total (to one decimal, half up),
    vetoed when any reviewer failed a veto item, passed when not vetoed and the mean reaches the pass mark."""
    pairs = list(totals)
    if not pairs:
        return None, False, None
    mean = (sum((total for total, _vetoed in pairs), Decimal(0)) / len(pairs)).quantize(TENTH, ROUND_HALF_UP)
    vetoed = any(vetoed for _total, vetoed in pairs)
    return mean, vetoed, (not vetoed and mean >= pass_mark)


def _lines(items: list[RubricItem], given: Mapping) -> tuple[list[dict], dict[str, str]]:
    """Check every item's points, note and veto; return the lines and the errors by field."""
    lines, errors = [], {}
    for item in items:
        entry = given.get(item.pk, given.get(str(item.pk))) or {}
        points_field, note_field = f"points_{item.pk}", f"note_{item.pk}"
        failed = bool(entry.get("failed"))
        note = _text(entry.get("note"))
        if failed and not item.veto:
            errors[f"failed_{item.pk}"] = _("Only a veto item fails a file.")
            continue
        raw = entry.get("points")
        if failed:
            points = Decimal(0)
        elif raw in (None, ""):
            errors[points_field] = _("Give the points for this item.")
            continue
        else:
            try:
                points = _decimal(raw, points_field, _("Give from 0 to %(max)s points, to one decimal place.")
                                  % {"max": item.max_score}, Decimal(0), item.max_score)
            except ValidationError as exc:
                errors.update({name: messages[0] for name, messages in exc.message_dict.items()})
                continue
        if points < item.max_score and not note:
            errors[note_field] = (_("A failed veto item needs a note saying why.") if failed
                                  else _("A deduction needs a note saying why."))
            continue
        lines.append({"item": item, "points": points, "failed": failed, "note": note})
    return lines, errors


@transaction.atomic
def score_file(file: ReviewFile, *, by, on: dt.date, lines: Mapping, comments: str = "", correction: str = "") -> Score:
    """Record ``by``'s scoring of a file, item by item: ``lines`` maps each rubric item's id to its ``points``,
    ``note`` (needed for any deduction) and ``failed`` (a veto item only). A reviewer scores a file once; while the
    campaign is under review, the reviewer corrects that score by scoring again with the ``correction``'s reason
    (the earlier score is withdrawn with it, and both stay in the file's history)."""
    campaign = Campaign.objects.select_related("agency__region", "rubric").get(pk=file.campaign_id)
    _require_runner(campaign, by)
    if file.is_withdrawn:
        raise IllegalTransition(_("This file is no longer in the sample."), code="withdrawn")
    if campaign.status != S.REVIEWING:
        raise IllegalTransition(_("Files are scored while the campaign is under review."), code="illegal_transition")
    if not campaign.reviewers.filter(pk=by.pk).exists():
        raise IllegalTransition(_("Only the campaign's reviewers score its files."), code="not_reviewer")
    earlier = Score.objects.filter(file=file, reviewer=by, withdrawn_at__isnull=True).first()
    correction = _text(correction)
    if earlier is not None and not correction:
        raise IllegalTransition(_("You have already scored this file: a reviewer scores a file once. To correct "
                                  "your score, give the reason for the correction."), code="already_scored")
    if earlier is None and correction:
        raise ValidationError({"correction": _("There is no score of yours to correct.")}, code="nothing_to_correct")
    items = campaign.rubric.ordered_items()
    checked, errors = _lines(items, lines or {})
    try:
        PROCEDURE.check_date("score", on, dates_of(campaign), field="scored_on")
    except ValidationError as exc:
        errors.update({name: messages[0] for name, messages in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors, code="invalid")
    if earlier is not None:
        withdraw_record(earlier, by=by, reason=correction)
    total = sum((line["points"] for line in checked), Decimal(0))
    vetoed = any(line["failed"] for line in checked)
    passed = not vetoed and total >= campaign.rubric.pass_mark
    score = create_record(Score(agency_id=file.agency_id, file=file, reviewer=by, scored_on=on, total=total,
                                vetoed=vetoed, passed=passed, comments=_text(comments)), by=by)
    ScoreLine.objects.bulk_create([ScoreLine(score=score, **line) for line in checked])
    record_event(action="change", target=score, actor=by, changes={"lines": [None, [
        {"item": line["item"].pk, "points": line["points"], "failed": line["failed"], "note": line["note"]}
        for line in checked]]})
    scores = Score.objects.filter(file=file, withdrawn_at__isnull=True).values_list("total", "vetoed")
    mean, vetoed, passed = file_result(scores, campaign.rubric.pass_mark)
    change_record(file, by=by, status=ReviewFile.Status.SCORED, total=mean, vetoed=vetoed, passed=passed)
    return score


# Rectification and results -------------------------------------------------------------------------------------


def order_rectification(file: ReviewFile, *, by, description: str, due_on: dt.date | None = None) -> Rectification:
    """Order the file's department to rectify ``description``. It is sent with the results, due the campaign's
    days after them unless ``due_on`` says otherwise; ordered after the results were sent, it is sent at once."""
    campaign = Campaign.objects.select_related("agency__region").get(pk=file.campaign_id)
    _require_runner(campaign, by)
    if file.is_withdrawn or campaign.status not in (S.REVIEWING, *Campaign.SENT_STATUSES):
        raise IllegalTransition(_("Rectification is ordered on a file under review or reviewed."),
                                code="illegal_transition")
    description = _text(description)
    _required({"description": description}, {"description": _("Say what is to be rectified.")})
    notified_on = None
    if campaign.results_sent:
        notified_on = timezone.localdate()
        due_on = due_on or notified_on + dt.timedelta(days=campaign.rectification_days)
    if due_on is not None:
        PROCEDURE.check_date("rectification_due", due_on, {"results_sent": notified_on or timezone.localdate()},
                             field="due_on")
    return create_record(Rectification(agency_id=file.agency_id, campaign=campaign, file=file,
                                       description=description, due_on=due_on, notified_on=notified_on), by=by)


@transaction.atomic
def send_results(campaign: Campaign, *, by, on: dt.date) -> Campaign:
    """Send each department its files' results and its rectification items, once every file is scored and every
    failed file has something to rectify; an item without a due date is due the campaign's days later."""
    _require_runner(campaign, by)
    if campaign.status != S.REVIEWING:
        raise IllegalTransition(_("The results are sent once the review is under way, and only once."),
                                code="illegal_transition")
    files = campaign.files.filter(withdrawn_at__isnull=True)
    unscored = files.exclude(status=ReviewFile.Status.SCORED).count()
    if unscored:
        raise IllegalTransition(ngettext(
            "%(n)d file is not yet scored: the results are sent once every file is.",
            "%(n)d files are not yet scored: the results are sent once every file is.", unscored) % {"n": unscored},
            code="unscored")
    ordered = Rectification.objects.filter(file=OuterRef("pk"), withdrawn_at__isnull=True)
    bare = files.filter(passed=False).exclude(Exists(ordered)).count()
    if bare:
        raise IllegalTransition(ngettext(
            "%(n)d failed file has no rectification item: order what its department must rectify.",
            "%(n)d failed files have no rectification item: order what their departments must rectify.", bare)
            % {"n": bare}, code="unrectified")
    last = Score.objects.filter(file__in=files, withdrawn_at__isnull=True).aggregate(last=Max("scored_on"))["last"]
    PROCEDURE.check_date("results_sent", on, {**dates_of(campaign), "score": last}, field="on")
    default_due = on + dt.timedelta(days=campaign.rectification_days)
    for item in campaign.rectifications.filter(withdrawn_at__isnull=True, notified_on__isnull=True):
        due = item.due_on if item.due_on and item.due_on > on else default_due
        change_record(item, by=by, notified_on=on, due_on=due)
    return _moved(campaign, transition(campaign, S.RESULTS_SENT, by=by, allowed_from=[S.REVIEWING],
                                       results_sent_on=on))


def publish_report(campaign: Campaign, *, by, on: dt.date, report: str) -> Campaign:
    """Publish the campaign's report to the agencies reviewed: each reads it with its own results."""
    _require_runner(campaign, by)
    report = _text(report)
    _required({"report": report}, {"report": _("Give the report's findings.")})
    PROCEDURE.check_date("published", on, dates_of(campaign), field="on")
    return _moved(campaign, transition(campaign, S.PUBLISHED, by=by, allowed_from=[S.RESULTS_SENT], published_on=on,
                                       report=report))


def can_rectify(user, item: Rectification) -> bool:
    """The department's clerks record that an item was rectified; so may the office that reviewed."""
    return can_write(user, item.agency_id) or can_run(user, item.campaign)


def complete_rectification(item: Rectification, *, by, on: dt.date, note: str) -> Rectification:
    """Record that the department rectified ``item`` on ``on``, and how."""
    if not can_rectify(by, item):
        raise IllegalTransition(_("Only the clerks of %(agency)s or the rule-of-law office may record this "
                                  "rectification.") % {"agency": item.agency.name}, code="forbidden")
    if item.notified_on is None:
        raise IllegalTransition(_("The item is sent to the department with the results: it is rectified after."),
                                code="illegal_transition")
    if item.status == Rectification.Status.DONE:
        raise IllegalTransition(_("This item was already rectified on %(date)s.")
                                % {"date": item.completed_on.isoformat() if item.completed_on else "—"},
                                code="illegal_transition")
    note = _text(note)
    _required({"note": note}, {"note": _("Say how it was rectified.")})
    PROCEDURE.check_date("rectification_done", on, {"results_sent": item.notified_on}, field="on")
    return _moved(item, transition(item, Rectification.Status.DONE, by=by, allowed_from=[Rectification.Status.OPEN],
                                   completed_on=on, completion_note=note))
