"""Administrative penalty cases (行政处罚案件), from filing to closing, and their publication.

The rules are 行政处罚法 (2021) and 国办发〔2018〕118号 (legal-rules §4.1–4.2):

- a case is filed (立案) only within the limitation period of 第36条 (2 years from the violation, or from its end
  when it continued; 5 where it endangered life, health or financial security with harmful consequences), and
  investigated by at least two officers holding valid certificates (第42条);
- the whole process is recorded (第47条; 118号): each investigative action is a ``CaseRecord``, and seizure,
  impoundment and forced demolition need an audio-video record;
- before deciding a penalty the party is told of it and of the rights to state a case, defend and, for heavy
  penalties, request a hearing (第44、45、63–65条); major cases pass the legal review (法制审核, 第58条) and complex or
  major ones the collective discussion of the agency's leaders (第57条) before the decision;
- the decision carries what 第59条 lists, within 90 days of filing (第60条, with the lawful extensions and the time
  a rule excludes), is served (第61条), carried out and the case closed;
- the decision is published (第48条; 118号: penalties within 7 working days, other decisions within 20), taken
  down after the configured period, and withdrawn within 3 working days once changed or revoked (第48条).

A lenient outcome (首违不罚, 轻微不罚: 第33条) cites the item of the agency's published list (``LenientItem``); a fine
is held against the discretion standard (裁量基准, 第34条) of the violation, and a fine outside its range needs a
reason that the legal review sees.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager

#: 行政处罚法 第51条: on-the-spot decisions up to these fines (yuan), or a warning.
ON_THE_SPOT_LIMIT = {"person": Decimal(200), "organisation": Decimal(3000)}


def _decimal_setting(name: str, default: int) -> Decimal:
    return Decimal(str(getattr(settings, name, default)))


def major_fine(party_kind: str) -> Decimal:
    """The fine from which a case is major and needs the legal review (local thresholds, settings)."""
    if party_kind == Case.PartyKind.PERSON:
        return _decimal_setting("FAZHI_PENALTY_MAJOR_FINE_PERSON", 10000)
    return _decimal_setting("FAZHI_PENALTY_MAJOR_FINE_ORGANISATION", 50000)


def hearing_fine(party_kind: str) -> Decimal:
    """The "large fine" (较大数额罚款, 第63条) from which the party may request a hearing (set by each province)."""
    if party_kind == Case.PartyKind.PERSON:
        return _decimal_setting("FAZHI_PENALTY_HEARING_FINE_PERSON", 10000)
    return _decimal_setting("FAZHI_PENALTY_HEARING_FINE_ORGANISATION", 100000)


def publication_years(party_kind: str) -> int:
    """How long a published decision stays on the portal: 2 years for a person, 5 otherwise (local rules)."""
    if party_kind == Case.PartyKind.PERSON:
        return int(getattr(settings, "FAZHI_PENALTY_PUBLICATION_YEARS_PERSON", 2))
    return int(getattr(settings, "FAZHI_PENALTY_PUBLICATION_YEARS_ORGANISATION", 5))


def av_required_actions() -> set[str]:
    """The recorded actions that need an audio-video record (国办发〔2018〕118号: seizure, impoundment, forced demolition,
    the case-handling premises; a setting, as provinces add to the list)."""
    value = getattr(settings, "FAZHI_PENALTY_AV_REQUIRED", "seizure,demolition,premises")
    return {item.strip() for item in str(value).split(",") if item.strip()}


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


#: GB 32100-2015: the characters of a unified social credit code, and the weights of its check character.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(value: str) -> str:
    """Return why ``value`` is not a unified social credit code (GB 32100-2015), or ""."""
    value = (value or "").strip().upper()
    if len(value) != 18 or any(ch not in _CREDIT_CHARS for ch in value):
        return str(_("A unified social credit code has 18 digits and capital letters (GB 32100-2015)."))
    total = sum(_CREDIT_CHARS.index(ch) * weight for ch, weight in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    if _CREDIT_CHARS[(31 - total % 31) % 31] != value[17]:
        return str(_("The last character of this unified social credit code does not match the others "
                     "(GB 32100-2015): check the code."))
    return ""


class DiscretionStandard(models.Model):
    """One line of an agency's discretion standard (行政处罚裁量基准, 行政处罚法 第34条): a violation, a circumstance and
    the range of the fine."""

    agency = models.ForeignKey("org.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    domain = models.CharField(_("enforcement domain"), max_length=60)
    code = models.CharField(_("item number"), max_length=30)
    violation = models.CharField(_("violation"), max_length=300)
    legal_basis = models.TextField(_("legal basis of the penalty"))
    circumstance = models.CharField(
        _("circumstance"), max_length=120, help_text=_("The degree the range applies to, e.g. minor, ordinary, serious."),
    )
    fine_min = models.DecimalField(_("lowest fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField(_("highest fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    other_penalties = models.CharField(_("other penalties"), max_length=300, blank=True)
    active = models.BooleanField(_("in force"), default=True)

    objects = ScopedManager()
    scope_field = "agency"

    class Meta:
        verbose_name = _("discretion standard")
        verbose_name_plural = _("discretion standards")
        ordering = ["agency", "domain", "code", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="penalties_discretion_code")]

    def __str__(self):
        return f"{self.code} {self.violation}（{self.circumstance}）"

    def allows(self, fine: Decimal | None) -> bool:
        """Whether ``fine`` lies within the range (no fine is always within)."""
        if fine is None:
            return True
        if self.fine_min is not None and fine < self.fine_min:
            return False
        return not (self.fine_max is not None and fine > self.fine_max)


class LenientItem(models.Model):
    """One item of an agency's published list of violations not penalised (行政处罚法 第33条): 首违不罚 or 轻微不罚."""

    class Kind(models.TextChoices):
        FIRST = "first", _("first violation not penalised (首违不罚)")
        MINOR = "minor", _("minor violation not penalised (轻微不罚)")

    agency = models.ForeignKey("org.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    kind = models.CharField(_("list"), max_length=6, choices=Kind.choices)
    domain = models.CharField(_("enforcement domain"), max_length=60)
    code = models.CharField(_("item number"), max_length=30)
    violation = models.CharField(_("violation"), max_length=300)
    legal_basis = models.TextField(_("legal basis"))
    conditions = models.TextField(_("conditions"), help_text=_("When the item applies: harm, correction, first time."))
    active = models.BooleanField(_("in force"), default=True)

    objects = ScopedManager()
    scope_field = "agency"

    class Meta:
        verbose_name = _("lenient-list item")
        verbose_name_plural = _("lenient-list items")
        ordering = ["agency", "kind", "code", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "code"], name="penalties_lenient_code")]

    def __str__(self):
        return f"{self.code} {self.violation}"


class Case(LedgerRecord):
    """An administrative penalty case of an enforcement body."""

    class Procedure(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary procedure")
        SIMPLIFIED = "simplified", _("simplified procedure (on the spot)")

    class Status(models.TextChoices):
        INVESTIGATING = "investigating", _("under investigation")
        NOTIFIED = "notified", _("party notified of the intended penalty")
        HEARING = "hearing", _("hearing requested")
        DECIDED = "decided", _("decided")
        SERVED = "served", _("decision served")
        CLOSED = "closed", _("closed")
        DROPPED = "dropped", _("dropped")

    class PartyKind(models.TextChoices):
        PERSON = "person", _("citizen")
        ORGANISATION = "organisation", _("legal person or other organisation")

    class Outcome(models.TextChoices):
        PENALTY = "penalty", _("penalty imposed")
        FIRST_VIOLATION = "first_violation", _("not penalised: first violation (第33条第1款)")
        MINOR = "minor", _("not penalised: minor and corrected (第33条第1款)")
        NO_FAULT = "no_fault", _("not penalised: no fault (第33条第2款)")
        NOT_ESTABLISHED = "not_established", _("not penalised: violation not established (第57条)")
        REFERRED = "referred", _("referred to the judicial organs (第57条)")

    class PenaltyType(models.TextChoices):
        # 行政处罚法 第9条
        WARNING = "warning", _("warning")
        CRITICISM = "criticism", _("public criticism")
        FINE = "fine", _("fine")
        CONFISCATION = "confiscation", _("confiscation of illegal gains or property")
        LICENCE_SUSPENDED = "licence_suspended", _("temporary suspension of a licence")
        GRADE_LOWERED = "grade_lowered", _("lowering of a qualification grade")
        LICENCE_REVOKED = "licence_revoked", _("revocation of a licence")
        BUSINESS_RESTRICTED = "business_restricted", _("restriction of business activity")
        STOP_BUSINESS = "stop_business", _("order to stop production or business")
        CLOSURE = "closure", _("order to close")
        PRACTICE_RESTRICTED = "practice_restricted", _("restriction of practice")
        DETENTION = "detention", _("administrative detention")
        OTHER = "other", _("other penalty set by law")

    class MajorCategory(models.TextChoices):
        # 行政处罚法 第58条第1款, and the local fine thresholds
        PUBLIC_INTEREST = "public_interest", _("involves a major public interest (第58条第1项)")
        HEARD = "heard", _("concerns major rights and went through a hearing (第58条第2项)")
        COMPLEX = "complex", _("difficult or complex, several legal relationships (第58条第3项)")
        BY_LAW = "by_law", _("review required by law or regulation (第58条第4项)")
        LARGE_FINE = "large_fine", _("fine at or above the local threshold for major cases")
        DISCRETION = "discretion", _("penalty outside the discretion standard's range")

    class ReviewResult(models.TextChoices):
        PASSED = "passed", _("passed")
        RETURNED = "returned", _("returned for further investigation or correction")

    class Revocation(models.TextChoices):
        CHANGED = "changed", _("changed")
        REVOKED = "revoked", _("revoked")
        UNLAWFUL = "unlawful", _("declared unlawful")
        VOID = "void", _("declared void")

    PENDING_STATUSES = (Status.INVESTIGATING, Status.NOTIFIED, Status.HEARING)
    DECIDED_STATUSES = (Status.DECIDED, Status.SERVED, Status.CLOSED)
    LENIENT_OUTCOMES = (Outcome.FIRST_VIOLATION, Outcome.MINOR)

    body = models.ForeignKey(
        "enforcement.EnforcementBody", models.PROTECT, related_name="penalty_cases", verbose_name=_("enforcement body"),
    )
    number = models.CharField(_("case number"), max_length=60)
    title = models.CharField(_("case name"), max_length=200, help_text=_("The party and the violation (案由)."))
    procedure = models.CharField(_("procedure"), max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.INVESTIGATING)
    domain = models.CharField(_("enforcement domain"), max_length=60, blank=True)

    party_kind = models.CharField(_("kind of party"), max_length=12, choices=PartyKind.choices)
    party_name = models.CharField(_("party"), max_length=200)
    party_code = models.CharField(
        _("party's code"), max_length=18, blank=True,
        help_text=_("The unified social credit code of an organisation; for a citizen, the identity card number, "
                    "kept with all but its last four characters hidden."),
    )
    party_address = models.CharField(_("party's address"), max_length=300, blank=True)

    violation_on = models.DateField(_("violation committed on"))
    violation_ended_on = models.DateField(
        _("continuing violation ended on"), null=True, blank=True,
        help_text=_("行政处罚法 第36条: for a continuing violation the limitation runs from its end."),
    )
    serious_harm = models.BooleanField(
        _("endangers life, health or financial security with harmful consequences"), default=False,
        help_text=_("行政处罚法 第36条: the limitation period is then 5 years instead of 2."),
    )
    discovered_on = models.DateField(_("discovered on"))
    opened_on = models.DateField(_("filed on (立案)"))
    officers = models.ManyToManyField(
        "enforcement.Officer", related_name="penalty_cases", verbose_name=_("officers in charge"),
    )
    sole_officer_basis = models.CharField(
        _("law allowing one officer"), max_length=200, blank=True,
        help_text=_("行政处罚法 第42条: at least two officers unless a law provides otherwise; cite that law."),
    )
    investigation_ended_on = models.DateField(_("investigation ended on"), null=True, blank=True)

    major_categories = models.JSONField(_("why the case is major"), default=list, blank=True)
    complex_case = models.BooleanField(
        _("complex or major case for collective discussion"), default=False,
        help_text=_("行政处罚法 第57条第2款: the agency's leaders discuss complex or major cases collectively."),
    )

    penalty_types = models.JSONField(_("penalties"), default=list, blank=True)
    fine = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    confiscation = models.DecimalField(
        _("confiscated gains and property (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
    )
    discretion = models.ForeignKey(
        DiscretionStandard, models.PROTECT, null=True, blank=True, related_name="cases",
        verbose_name=_("discretion standard applied"),
    )
    discretion_reason = models.TextField(
        _("reason for departing from the discretion standard"), blank=True,
        help_text=_("Required when the fine lies outside the standard's range; the legal review sees it."),
    )

    notified_on = models.DateField(_("notice of the intended penalty sent on"), null=True, blank=True)
    notice_received_on = models.DateField(_("notice received by the party on"), null=True, blank=True)
    hearing_right = models.BooleanField(_("party told of the right to a hearing"), default=False)
    hearing_request_due = models.DateField(_("hearing to be requested by"), null=True, blank=True, editable=False)
    statement = models.TextField(_("the party's statement and defence"), blank=True)
    hearing_requested_on = models.DateField(_("hearing requested on"), null=True, blank=True)
    hearing_notified_on = models.DateField(_("hearing notice sent on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing held on"), null=True, blank=True)
    hearing_chair = models.CharField(_("hearing chair"), max_length=60, blank=True)
    hearing_record = models.TextField(_("hearing record"), blank=True)

    review_submitted_on = models.DateField(_("submitted for legal review on"), null=True, blank=True)
    reviewer = models.CharField(_("legal reviewer"), max_length=60, blank=True)
    reviewer_qualification = models.CharField(
        _("reviewer's legal professional qualification"), max_length=60, blank=True,
        help_text=_("行政处罚法 第58条第2款: a first-time reviewer holds the national legal professional qualification "
                    "(国家统一法律职业资格); give its certificate number."),
    )
    reviewed_on = models.DateField(_("legal review concluded on"), null=True, blank=True)
    review_result = models.CharField(_("legal review result"), max_length=10, choices=ReviewResult.choices, blank=True)
    review_opinion = models.TextField(_("legal review opinion"), blank=True)

    discussed_on = models.DateField(_("collective discussion on"), null=True, blank=True)
    discussion_record = models.TextField(_("collective discussion record"), blank=True)

    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    lenient_item = models.ForeignKey(
        LenientItem, models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("list item applied"),
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    facts = models.TextField(_("facts and evidence"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    performance = models.TextField(_("manner and deadline of performance"), blank=True)
    remedy = models.TextField(_("route and deadline for reconsideration or litigation"), blank=True)
    party_present = models.BooleanField(_("decision delivered to the party on the spot"), default=False)

    served_on = models.DateField(_("served on"), null=True, blank=True)
    service_method = models.CharField(_("manner of service"), max_length=60, blank=True)
    executed_on = models.DateField(_("carried out on"), null=True, blank=True)
    execution = models.CharField(_("how it was carried out"), max_length=200, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    dropped_on = models.DateField(_("dropped on"), null=True, blank=True)
    drop_reason = models.TextField(_("reason for dropping the case"), blank=True)

    extension_days = models.PositiveSmallIntegerField(_("days of approved extension"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_approver = models.CharField(_("extension approved by"), max_length=60, blank=True)
    pauses = models.JSONField(
        _("time excluded from the case period"), default=list, blank=True, editable=False,
        help_text=_("行政处罚法 第60条: time a rule excludes (hearing, expert opinion…), as [start, end, reason]."),
    )

    decision_due = models.DateField(_("decision due"), null=True, blank=True, editable=False)
    service_due = models.DateField(_("service due"), null=True, blank=True, editable=False)
    publication_due = models.DateField(_("publication due"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    takedown_on = models.DateField(_("taken down on"), null=True, blank=True, editable=False)
    revoked_on = models.DateField(_("decision changed or revoked on"), null=True, blank=True)
    revocation = models.CharField(_("what happened to the decision"), max_length=10, choices=Revocation.choices,
                                  blank=True)
    revocation_reason = models.TextField(_("reason"), blank=True)
    withdrawal_due = models.DateField(_("publication to be withdrawn by"), null=True, blank=True, editable=False)
    publication_withdrawn_on = models.DateField(_("publication withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("penalty case")
        verbose_name_plural = _("penalty cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="penalties_case_number"),
            models.UniqueConstraint(fields=["agency", "decision_number"], condition=~models.Q(decision_number=""),
                                    name="penalties_decision_number"),
        ]
        indexes = [
            models.Index(fields=["-opened_on", "-id"], name="penalties_case_recent"),
            models.Index(fields=["agency", "-opened_on", "-id"], name="penalties_case_agency_recent"),
            models.Index(fields=["agency", "status", "-opened_on"], name="penalties_case_agency_status"),
            models.Index(fields=["status", "next_deadline"], name="penalties_case_deadline"),
            models.Index(fields=["-published_on", "-id"], name="penalties_case_published",
                         condition=models.Q(published_on__isnull=False)),
            # The list's filters, each leading an index in the list's order (fast over a million cases).
            models.Index(fields=["body", "-opened_on", "-id"], name="penalties_case_body_recent"),
            models.Index(fields=["status", "-opened_on", "-id"], name="penalties_case_status_recent"),
            models.Index(fields=["procedure", "-opened_on", "-id"], name="penalties_case_proc_recent"),
            models.Index(fields=["outcome", "-opened_on", "-id"], name="penalties_case_outcome_recent"),
            # The portal's list of one agency's decisions.
            models.Index(fields=["agency", "-published_on", "-id"], name="penalties_case_agency_pub",
                         condition=models.Q(published_on__isnull=False)),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_major(self) -> bool:
        return bool(self.major_categories)

    @property
    def is_lenient(self) -> bool:
        return self.outcome in self.LENIENT_OUTCOMES

    @property
    def publishable(self) -> bool:
        """Whether the decision is published: penalties and lenient outcomes, not on-the-spot ones unless configured."""
        if self.outcome not in (self.Outcome.PENALTY, *self.LENIENT_OUTCOMES, self.Outcome.NO_FAULT):
            return False
        if self.procedure == self.Procedure.SIMPLIFIED:
            return bool(getattr(settings, "FAZHI_PENALTY_PUBLISH_SIMPLIFIED", False))
        return True

    @property
    def limitation_start(self) -> dt.date:
        """行政处罚法 第36条: the day of the violation, or of its end when it continued."""
        return self.violation_ended_on or self.violation_on

    def is_public_on(self, day: dt.date) -> bool:
        """Whether the decision shows on the portal on ``day``: published, not withdrawn, not yet taken down."""
        return (self.published_on is not None and self.published_on <= day and self.publication_withdrawn_on is None
                and (self.takedown_on is None or day < self.takedown_on))

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline: the decision (第60条), the hearing request, the service (第61条), the publication
        (118号) and its withdrawal (第48条)."""
        S = self.Status
        found: list[dt.date | None] = []
        if self.status in self.PENDING_STATUSES:
            found.append(self.decision_due)
            if self.status == S.NOTIFIED and self.hearing_right:
                found.append(self.hearing_request_due)
        if self.status == S.DECIDED and self.served_on is None:
            found.append(self.service_due)
        if self.status in self.DECIDED_STATUSES and self.published_on is None and self.revoked_on is None:
            found.append(self.publication_due)
        if self.revoked_on and self.published_on and self.publication_withdrawn_on is None:
            found.append(self.withdrawal_due)
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None


class CaseRecord(models.Model):
    """One recorded action of the case (执法全过程记录, 行政处罚法 第47条): who, when, what, and where its audio-video
    record is kept."""

    class Action(models.TextChoices):
        FILING = "filing", _("filing")
        INSPECTION = "inspection", _("on-site inspection")
        QUESTIONING = "questioning", _("questioning")
        EVIDENCE = "evidence", _("collection of evidence")
        PRESERVATION = "preservation", _("registration and preservation of evidence")
        SEIZURE = "seizure", _("seizure or impoundment of property")
        DEMOLITION = "demolition", _("forced demolition")
        PREMISES = "premises", _("questioning in the case-handling premises")
        NOTICE = "notice", _("notice of the intended penalty")
        HEARING = "hearing", _("hearing")
        SERVICE = "service", _("service of documents")
        EXECUTION = "execution", _("execution")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, models.PROTECT, related_name="records", verbose_name=_("case"))
    action = models.CharField(_("action"), max_length=14, choices=Action.choices)
    on = models.DateField(_("date"))
    officers = models.ManyToManyField("enforcement.Officer", related_name="+", verbose_name=_("officers"))
    description = models.TextField(_("written record"))
    av_reference = models.CharField(
        _("audio-video record"), max_length=200, blank=True,
        help_text=_("Where the recording is kept (recorder and file number, or archive reference); required for the "
                    "actions the rules name (国办发〔2018〕118号)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "case__agency"

    class Meta:
        verbose_name = _("case record")
        verbose_name_plural = _("case records")
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["case", "on"]), models.Index(fields=["action", "on"])]

    def __str__(self):
        return f"{self.case.number} · {self.get_action_display()} · {self.on}"
