"""Random inspections (双随机、一公开): the ledger of who is inspected, by whom, and what was published (legal-rules §4.4).

The regulator picks the entities to inspect at random and assigns the inspectors at random, then publishes the
results promptly (国发〔2019〕5号):

- an **inspection item** (抽查事项) is a line of the agency's list of inspection items (抽查事项清单): what is
  checked, on which legal basis, how; the list is published before enforcement (国办发〔2018〕118号, 事前公开);
- an **annual plan** (年度抽查计划) sets the year's items, batches and numbers and is filed with the next-higher
  regulator;
- the **entity directory** (检查对象名录) holds the entities that may be drawn, each with its unified social credit
  code (统一社会信用代码, GB 32100-2015) and a risk level that sets its chance of being drawn;
- the **inspector directory** (执法检查人员名录) holds the agency's officers who may be drawn; only those who may
  enforce on the day are (行政处罚法 第42条: at least two, each with a valid certificate);
- a **recusal** (回避) keeps an officer away from an entity;
- a **draw** (随机抽取) records its seed and the directories it drew from, so that anyone can repeat it;
- an **inspection** (检查记录) records each inspection of an entity, random or not, with its legal basis, its
  result and the day the result was published.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord

#: GB 32100-2015: the 31 characters of a unified social credit code, each standing for its index.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: GB 32100-2015: the weight of each of the first 17 characters (3^i mod 31).
CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def credit_check_character(first17: str) -> str:
    """Return the check character of the first 17 characters of a unified social credit code (GB 32100-2015)."""
    total = sum(CREDIT_ALPHABET.index(char) * weight for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> str:
    """Return why ``value`` is not a unified social credit code (GB 32100-2015), or ""."""
    value = (value or "").strip().upper()
    if len(value) != 18 or any(char not in CREDIT_ALPHABET for char in value):
        return str(_("A unified social credit code has 18 characters: digits and capital letters other than I, O, "
                     "S, V and Z."))
    if credit_check_character(value[:17]) != value[17]:
        return str(_("The last character of this unified social credit code does not match the others "
                     "(GB 32100-2015): check the code."))
    return ""


class Risk(models.TextChoices):
    """An entity's risk level (风险等级), from which its share in a draw follows (FAZHI_INSPECTION_SAMPLING_PERCENT)."""

    HIGH = "high", _("high risk")
    MEDIUM_HIGH = "medium_high", _("medium-high risk")
    MEDIUM = "medium", _("medium risk")
    LOW = "low", _("low risk")


class InspectionItem(LedgerRecord):
    """A line of the agency's list of random inspection items (抽查事项清单), published before enforcement."""

    class Method(models.TextChoices):
        ON_SITE = "on_site", _("on-site inspection")
        DOCUMENTS = "documents", _("review of documents")
        ONLINE = "online", _("online monitoring")
        SAMPLING = "sampling", _("sampling and testing")
        OTHER = "other", _("other method")

    class Status(models.TextChoices):
        ACTIVE = "active", _("on the list")
        RETIRED = "retired", _("taken off the list")

    body = models.ForeignKey(
        "enforcement.EnforcementBody", models.PROTECT, related_name="inspection_items",
        verbose_name=_("enforcement body"), help_text=_("The body of the agency that inspects."),
    )
    name = models.CharField(_("name of the inspection item"), max_length=200)
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("The laws, regulations and rules that empower and require the inspection."),
    )
    matter = models.TextField(_("inspected matter"), help_text=_("What the inspection checks."))
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, default=Method.ON_SITE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    retired_on = models.DateField(_("taken off the list on"), null=True, blank=True)
    retire_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")
        ordering = ["agency__name", "name", "pk"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self):
        return self.name


class AnnualPlan(LedgerRecord):
    """An agency's plan of random inspections for a year (年度抽查计划), filed with the next-higher regulator."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("drawn up")
        FILED = "filed", _("filed")

    year = models.PositiveSmallIntegerField(_("year"))
    items = models.ManyToManyField(InspectionItem, related_name="plans", verbose_name=_("inspection items"))
    batches = models.PositiveSmallIntegerField(_("planned batches"), default=1)
    planned_entities = models.PositiveIntegerField(_("planned number of entities"), default=0)
    scope = models.TextField(_("scope and arrangements"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    filed_on = models.DateField(
        _("filed on"), null=True, blank=True,
        help_text=_("The day the plan was filed with the next-higher regulator (legal-rules §4.4)."),
    )
    filed_with = models.CharField(_("filed with"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("annual inspection plan")
        verbose_name_plural = _("annual inspection plans")
        ordering = ["-year", "agency__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], condition=Q(withdrawn_at__isnull=True),
                                               name="inspections_one_plan_a_year")]

    def __str__(self):
        return f"{self.year} · {self.agency_id}"

    @property
    def title(self) -> str:
        return _("%(agency)s random inspection plan %(year)s") % {"agency": self.agency.name, "year": self.year}


class Entity(LedgerRecord):
    """An entity of the directory an agency draws from (检查对象名录)."""

    name = models.CharField(_("name of the entity"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18,
        help_text=_("18 characters with a check character (GB 32100-2015)."),
    )
    address = models.CharField(_("registered address"), max_length=300)
    domain = models.CharField(_("domain"), max_length=120, help_text=_("The trade or field the entity works in."))
    risk = models.CharField(_("risk level"), max_length=12, choices=Risk.choices, default=Risk.MEDIUM)

    class Meta:
        verbose_name = _("inspected entity")
        verbose_name_plural = _("inspected entities")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["agency", "risk"]), models.Index(fields=["credit_code"])]
        constraints = [models.UniqueConstraint(fields=["agency", "credit_code"], condition=Q(withdrawn_at__isnull=True),
                                               name="inspections_entity_code_once")]

    def __str__(self):
        return self.name


class Inspector(LedgerRecord):
    """An officer of the agency in its directory of inspectors (执法检查人员名录)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in the directory")
        REMOVED = "removed", _("taken out")

    officer = models.ForeignKey("enforcement.Officer", models.PROTECT, related_name="inspector_entries",
                                verbose_name=_("officer"))
    added_on = models.DateField(_("added on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    removed_on = models.DateField(_("taken out on"), null=True, blank=True)
    remove_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["agency__name", "officer__name", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["agency", "officer"], condition=Q(status="active", withdrawn_at__isnull=True),
            name="inspections_inspector_once")]

    def __str__(self):
        return str(self.officer_id)


class Recusal(LedgerRecord):
    """An officer who must not inspect an entity (回避): a draw never pairs them. Lifted by withdrawing it."""

    officer = models.ForeignKey("enforcement.Officer", models.PROTECT, related_name="recusals",
                                verbose_name=_("officer"))
    entity = models.ForeignKey(Entity, models.PROTECT, related_name="recusals", verbose_name=_("entity"))
    reason = models.TextField(_("reason"), help_text=_("Why the officer must stand aside (a relative, an interest…)."))
    recorded_on = models.DateField(_("recorded on"))

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self):
        return f"{self.officer_id} × {self.entity_id}"


class Draw(LedgerRecord):
    """A random draw (随机抽取) of entities and inspectors, with what is needed to repeat it exactly.

    The seed, the share per risk level and the directories it drew from (the snapshots: entity ids with their risk
    levels, the officer ids who could be drawn that day, the recusals) are stored; ``sampling.draw`` on them gives
    ``result`` again. A redraw keeps this draw, superseded, with the reason.
    """

    class Status(models.TextChoices):
        DRAWN = "drawn", _("drawn")
        SUPERSEDED = "superseded", _("superseded by a redraw")

    item = models.ForeignKey(InspectionItem, models.PROTECT, related_name="draws", verbose_name=_("inspection item"))
    plan = models.ForeignKey(AnnualPlan, models.PROTECT, null=True, blank=True, related_name="draws",
                             verbose_name=_("annual plan"))
    participants = models.ManyToManyField(
        "org.Agency", blank=True, related_name="+", verbose_name=_("participating agencies"),
        help_text=_("Other agencies joining the inspection (部门联合抽查, 国发〔2019〕5号); their inspectors may be drawn."),
    )
    domain = models.CharField(_("domain"), max_length=120, blank=True,
                              help_text=_("Only entities of this domain; empty for the whole directory."))
    batch = models.PositiveSmallIntegerField(_("batch"), default=1)
    drawn_on = models.DateField(_("drawn on"))
    seed = models.CharField(_("seed"), max_length=32, editable=False,
                            help_text=_("The random generator's seed: with the snapshots, it repeats the draw."))
    percentages = models.JSONField(_("share per risk level (%)"), default=dict, editable=False)
    entities_snapshot = models.JSONField(_("entities drawn from"), default=list, editable=False)
    inspectors_snapshot = models.JSONField(_("inspectors drawn from"), default=list, editable=False)
    recusals_snapshot = models.JSONField(_("recusals applied"), default=list, editable=False)
    result = models.JSONField(_("result"), default=list, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAWN)
    superseded_by = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="replaces",
                                      editable=False, verbose_name=_("superseded by"))
    redraw_reason = models.TextField(_("reason for the redraw"), blank=True, editable=False)

    audit_fields = ["item", "plan", "domain", "batch", "drawn_on", "seed", "percentages", "status", "superseded_by",
                    "redraw_reason", "result"]

    class Meta:
        verbose_name = _("random draw")
        verbose_name_plural = _("random draws")
        ordering = ["-drawn_on", "-pk"]
        indexes = [models.Index(fields=["agency", "drawn_on"])]

    def __str__(self):
        return f"{self.drawn_on.isoformat() if self.drawn_on else ''} · {self.seed}"

    @property
    def title(self) -> str:
        return f"{self.item.name} · {self.drawn_on.isoformat()}"


class Inspection(LedgerRecord):
    """An inspection of an entity (检查记录), random (from a draw) or not, with its result and its publication."""

    class Kind(models.TextChoices):
        RANDOM = "random", _("random inspection (双随机)")
        TARGETED = "targeted", _("targeted inspection of a key area")
        COMPLAINT = "complaint", _("check of a complaint or report")
        OTHER = "other", _("other inspection")

    class Status(models.TextChoices):
        PLANNED = "planned", _("to be inspected")
        RECORDED = "recorded", _("result recorded")
        PUBLISHED = "published", _("result published")

    class Result(models.TextChoices):
        NO_PROBLEM = "no_problem", _("no problem found")
        CORRECTED = "corrected", _("problems found, ordered to correct")
        CASE_OPENED = "case_opened", _("problems found, case opened")
        REFERRED = "referred", _("problems found, referred to the competent authority")
        NOT_FOUND = "not_found", _("entity not found at its registered address")
        NOT_OPERATING = "not_operating", _("the inspected activity is not carried on")

    entity = models.ForeignKey(Entity, models.PROTECT, related_name="inspections", verbose_name=_("entity"))
    item = models.ForeignKey(InspectionItem, models.PROTECT, null=True, blank=True, related_name="inspections",
                             verbose_name=_("inspection item"))
    draw = models.ForeignKey(Draw, models.PROTECT, null=True, blank=True, related_name="inspections",
                             editable=False, verbose_name=_("draw"))
    kind = models.CharField(_("kind of inspection"), max_length=10, choices=Kind.choices, default=Kind.RANDOM)
    officers = models.ManyToManyField("enforcement.Officer", related_name="inspections", verbose_name=_("team"))
    legal_basis = models.TextField(_("legal basis"), help_text=_("Every inspection of an enterprise names its basis."))
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    finished_on = models.DateField(
        _("inspection ended on"), null=True, blank=True,
        help_text=_("The publication period runs from the end of the inspection (国发〔2019〕5号)."),
    )
    result = models.CharField(_("result"), max_length=14, choices=Result.choices, blank=True)
    result_note = models.TextField(_("findings"), blank=True)
    publication_due = models.DateField(_("result to be published by"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("result published on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "next_deadline"]),
            models.Index(fields=["entity", "inspected_on"]),
        ]

    def __str__(self):
        return f"{self.entity_id} · {self.inspected_on.isoformat() if self.inspected_on else '—'}"

    @property
    def title(self) -> str:
        """The entity and the item, as reminders name the inspection."""
        return f"{self.entity.name} · {self.item.name if self.item_id else self.get_kind_display()}"

    def compute_next_deadline(self) -> dt.date | None:
        """The day a recorded result must be published by; none once published (or for an inspection without one)."""
        if self.status == self.Status.RECORDED and self.publication_due:
            return self.publication_due
        return None

    def published_late(self, today: dt.date | None = None) -> bool:
        """Whether the result was (or, still unpublished on ``today``, is) published after its due day."""
        if not self.publication_due:
            return False
        if self.published_on:
            return self.published_on > self.publication_due
        return today is not None and today > self.publication_due
