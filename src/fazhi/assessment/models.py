"""Rule-of-law inspections (法治督察), the problems they find (问题) and the rectification of each (整改事项).

The rules (厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》; legal-rules §1.1, §9):

- inspection (督察) of a locality is organised by the office of the Party committee's rule-of-law coordination body
  (at county level the 依法治县办); it may be comprehensive, on one subject, on the spot or in writing;
- each problem it finds is fed back and assigned to the body responsible, which draws up a plan, rectifies within the
  period the office sets and reports its progress; the office reviews the evidence and closes the item (销号) or
  returns it; an item past its period is overdue and reminded;
- the articles of 督察规定 on findings and rectification are cited from the inspection's record (``basis_article``);
  which article governs what is UNCONFIRMED (legal-rules §13 item 1), and the default period is the setting
  ``FAZHI_ASSESSMENT_RECTIFICATION_DAYS`` (no national period was seen).

This app keeps the inspections and rectification, and the indicator systems bodies are assessed on (考核指标体系 and
the national 示范指标体系, legal-rules §9.2) with each body's self-assessment (自评) and the office's scoring. One
``Rectification`` is one finding's rectification owned by the agency responsible (the record's ``agency``); one
``SelfAssessment`` is one body's self-assessment on one system for one year.

Indicator systems are versioned data (``IndicatorSystem`` with its tree of ``Indicator``), loaded from the files in
``data/systems/`` or imported from Excel by an office: the 2021 demonstration system's published table carries no
scores (they are set by an expert group, legal-rules §9.2), a province's assessment system carries points.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager

#: 厅字〔2019〕28号, in force 2019-04-15 (legal-rules §1.1).
BASIS = "厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》"
IN_FORCE = dt.date(2019, 4, 15)


class Inspection(models.Model):
    """A rule-of-law inspection (法治督察) organised by a rule-of-law office (the ``agency``)."""

    class Kind(models.TextChoices):
        COMPREHENSIVE = "comprehensive", _("comprehensive inspection (综合督察)")
        SPECIAL = "special", _("inspection on one subject (专项督察)")
        FIELD = "field", _("on-the-spot inspection (实地督察)")
        WRITTEN = "written", _("inspection in writing (书面督察)")
        UNANNOUNCED = "unannounced", _("unannounced visit (明察暗访)")
        OTHER = "other", _("other inspection")

    agency = models.ForeignKey(
        "org.Agency", models.PROTECT, related_name="+", verbose_name=_("organised by"),
        help_text=_("The rule-of-law office that organised the inspection and keeps its findings (督察规定)."),
    )
    reference = models.CharField(
        _("inspection reference"), max_length=60,
        help_text=_("The inspection's document or feedback number, such as 示法督〔2026〕3号; unique for its office."),
    )
    kind = models.CharField(_("kind of inspection"), max_length=14, choices=Kind.choices)
    inspecting_body = models.CharField(
        _("inspecting body"), max_length=200, help_text=_("The inspection team or office that inspected."))
    inspected = models.CharField(_("inspected agency or region"), max_length=200)
    started_on = models.DateField(_("inspection started on"))
    ended_on = models.DateField(_("findings fed back on"), null=True, blank=True,
                                help_text=_("The day the inspection's findings were fed back (督察反馈)."))
    basis_article = models.CharField(
        _("article of the inspection rules"), max_length=40, blank=True,
        help_text=_("The article of 厅字〔2019〕28号 the inspection rests on, such as 第十九条 (UNCONFIRMED: "
                    "legal-rules §13 item 1)."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "agency"

    class Meta:
        verbose_name = _("rule-of-law inspection")
        verbose_name_plural = _("rule-of-law inspections")
        ordering = ["-started_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "reference"], name="assessment_inspection_ref")]
        indexes = [models.Index(fields=["agency", "started_on"], name="assessment_inspection_year")]

    def __str__(self):
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def basis(self) -> str:
        return f"{BASIS} {self.basis_article}".strip()

    @property
    def found_on(self) -> dt.date:
        """The day its findings count from: their feedback, else the start of the inspection."""
        return self.ended_on or self.started_on


class Finding(models.Model):
    """A problem an inspection found (督察发现的问题); its rectification is one ``Rectification``."""

    class Category(models.TextChoices):
        # The areas of the 2021 outline and the demonstration indicators (legal-rules §9): a sorting aid, not a
        # national list.
        LEADERSHIP = "leadership", _("leadership and responsibility (组织领导和责任落实)")
        FUNCTIONS = "functions", _("government functions (政府职能)")
        NORMATIVE = "normative", _("normative documents (规范性文件)")
        DECISIONS = "decisions", _("major decisions (重大行政决策)")
        ENFORCEMENT = "enforcement", _("law enforcement (行政执法)")
        SUPERVISION = "supervision", _("supervision of power and openness (权力监督和政务公开)")
        DISPUTES = "disputes", _("disputes, reconsideration and litigation (矛盾纠纷化解和复议应诉)")
        EDUCATION = "education", _("legal education (普法)")
        OTHER = "other", _("other")

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="findings",
                                   verbose_name=_("inspection"))
    number = models.PositiveSmallIntegerField(_("number of the finding"))
    category = models.CharField(_("area of the problem"), max_length=12, choices=Category.choices)
    description = models.TextField(_("problem found"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="assessment_finding_number")]

    def __str__(self):
        return f"{self.inspection.reference}-{self.number} {self.description[:60]}"


class Rectification(LedgerRecord):
    """The rectification of one finding (整改事项), owned by the agency responsible for it."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned (已交办)")
        IN_PROGRESS = "in_progress", _("being rectified (整改中)")
        REQUESTED = "requested", _("closing requested (申请销号)")
        CLOSED = "closed", pgettext_lazy("assessment", "closed (已销号)")

    #: While the agency rectifies: the deadline runs and turns red when it passes.
    OPEN_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS)
    #: Not closed yet (the annual report's open items).
    UNCLOSED_STATUSES = (Status.ASSIGNED, Status.IN_PROGRESS, Status.REQUESTED)

    finding = models.OneToOneField(Finding, models.PROTECT, related_name="rectification",
                                   verbose_name=_("finding"))
    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="rectifications",
                                   verbose_name=_("inspection"))
    inspection_reference = models.CharField(_("inspection reference"), max_length=60, editable=False,
                                            help_text=_("The inspection's reference, as the lists show it."))
    title = models.CharField(_("problem"), max_length=300, help_text=_("The finding, as the lists show it."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    responsible_person = models.CharField(_("responsible person"), max_length=100,
                                          help_text=_("The leader answerable for the rectification."))
    assigned_on = models.DateField(_("assigned on (交办)"))
    deadline_set = models.DateField(
        _("deadline set by the office"), null=True, blank=True,
        help_text=_("The day the office gave when assigning; empty: the default period from the assignment."),
    )
    deadline = models.DateField(
        _("rectification deadline"), null=True, blank=True, editable=False,
        help_text=_("The office's day, else FAZHI_ASSESSMENT_RECTIFICATION_DAYS calendar days from the assignment "
                    "(UNCONFIRMED nationally), or the day an extension gave."),
    )
    extended_on = models.DateField(_("extension approved on"), null=True, blank=True)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("why the rectification needs longer"), blank=True)

    plan_on = models.DateField(_("plan drawn up on"), null=True, blank=True)
    plan = models.TextField(_("rectification plan (整改方案)"), blank=True)

    closing_requested_on = models.DateField(_("closing requested on"), null=True, blank=True)
    closing_summary = models.TextField(_("what was rectified"), blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.TextField(_("why it was returned"), blank=True)
    files_at_return = models.PositiveIntegerField(
        _("files attached when last returned"), default=0, editable=False,
        help_text=_("Files attached after the return are the new evidence."))
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0)
    closed_on = models.DateField(_("closed on (销号)"), null=True, blank=True)
    review_note = models.TextField(_("office's review"), blank=True)

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["-assigned_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="assessment_rect_deadline"),
            # The generic list's order (newest first), alone, per agency and per status.
            models.Index(fields=["-created_at", "-id"], name="assessment_rect_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="assessment_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="assessment_status_created"),
            # The year's figures and the report's items: an agency's items by status and closing day.
            models.Index(fields=["agency", "status", "closed_on"], name="assessment_agency_closed"),
        ]

    def __str__(self):
        return f"{self.inspection.reference}-{self.finding.number} {self.title[:60]}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Whether the deadline passed while the agency still rectifies (a request awaiting review is not late)."""
        today = today or timezone.localdate()
        return self.status in self.OPEN_STATUSES and self.deadline is not None and self.deadline < today

    @property
    def closed_late(self) -> bool:
        return bool(self.closed_on and self.deadline and (self.closing_requested_on or self.closed_on) > self.deadline)

    def compute_next_deadline(self) -> dt.date | None:
        """The rectification deadline while the agency rectifies; none once closing is requested or closed."""
        return self.deadline if self.status in self.OPEN_STATUSES else None


class ProgressReport(models.Model):
    """A progress report (整改进展) the agency sends on its rectification; its files are the item's attachments."""

    rectification = models.ForeignKey(Rectification, models.PROTECT, related_name="progress_reports",
                                      verbose_name=_("rectification item"))
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("progress"))
    attachment_name = models.CharField(_("attached file"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "rectification__agency"

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_on", "pk"]
        indexes = [models.Index(fields=["rectification", "reported_on"], name="assessment_progress_item")]

    def __str__(self):
        return f"{self.rectification_id} · {self.reported_on.isoformat()}"


def default_period_days() -> int:
    """The default rectification period in calendar days from the assignment: the setting
    ``FAZHI_ASSESSMENT_RECTIFICATION_DAYS`` (UNCONFIRMED nationally; the office may set another day)."""
    return max(int(getattr(settings, "FAZHI_ASSESSMENT_RECTIFICATION_DAYS", 60)), 1)


def extension_before_deadline() -> bool:
    """Whether an extension is approved only before the deadline passes (UNCONFIRMED local practice, a setting)."""
    return bool(getattr(settings, "FAZHI_ASSESSMENT_EXTEND_BEFORE_DEADLINE", True))


# Indicator systems (考核指标体系, 示范指标体系) ----------------------------------------------------------------------


class IndicatorSystem(models.Model):
    """One edition of an indicator system (指标体系): its metadata and, in ``indicators``, its tree."""

    class Kind(models.TextChoices):
        DEMONSTRATION = "demonstration", _("national demonstration indicators (示范指标体系)")
        PROVINCIAL = "provincial", _("provincial assessment indicators (考核指标体系)")
        OTHER = "other", _("other indicator system")

    class Source(models.TextChoices):
        SHIPPED = "shipped", _("shipped with fazhi")
        IMPORTED = "imported", _("imported from Excel")

    code = models.SlugField(
        _("code"), max_length=60, unique=True,
        help_text=_("A stable identifier of this edition, such as national-demonstration-2021; never reused."))
    family = models.SlugField(
        _("family"), max_length=60, blank=True,
        help_text=_("What the editions of one system share, such as national-demonstration."))
    name = models.CharField(_("name"), max_length=200)
    edition_year = models.PositiveSmallIntegerField(_("edition year"))
    kind = models.CharField(_("kind of system"), max_length=14, choices=Kind.choices)
    issued_by = models.CharField(_("issued by"), max_length=300, blank=True,
                                 help_text=_("The body and instrument that issued the system."))
    has_points = models.BooleanField(
        _("carries points"), default=False,
        help_text=_("Whether its indicators carry points (a province's assessment); the demonstration system's "
                    "published table carries none (legal-rules §9.2)."))
    total_points = models.DecimalField(_("total points"), max_digits=7, decimal_places=2, null=True, blank=True)
    is_draft = models.BooleanField(
        _("structural draft"), default=False,
        help_text=_("Its wording is fazhi's paraphrase of a structure, for the office to replace with the official "
                    "text by import."))
    note = models.TextField(_("note on the source"), blank=True)
    region = models.ForeignKey(
        "org.Region", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("applies in"),
        help_text=_("The region whose bodies are assessed on it; empty: everywhere."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SHIPPED)
    digest = models.CharField(_("digest of the loaded file"), max_length=64, blank=True, editable=False)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    class Meta:
        verbose_name = _("indicator system")
        verbose_name_plural = _("indicator systems")
        ordering = ["family", "-edition_year", "code"]

    def __str__(self):
        return self.name

    def leaves(self):
        return self.indicators.filter(is_leaf=True)


class Indicator(models.Model):
    """An indicator of a system's tree: a first-level area (一级), a second-level item (二级) or a third-level
    indicator (三级) a body is assessed on, numbered as printed."""

    system = models.ForeignKey(IndicatorSystem, models.CASCADE, related_name="indicators",
                               verbose_name=_("indicator system"))
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name=_("parent indicator"))
    key = models.CharField(_("key"), max_length=30,
                           help_text=_("Its place in the tree, such as 2.3.1: stable within the system."))
    level = models.PositiveSmallIntegerField(_("level"), choices=[(1, _("first level")), (2, _("second level")),
                                                                  (3, _("third level"))])
    number = models.CharField(_("number as printed"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("indicator"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    guidance = models.TextField(_("evidence guidance"), blank=True,
                                help_text=_("What a body shows as evidence that it meets the indicator."))
    metric_code = models.CharField(_("metric"), max_length=60, blank=True,
                                   help_text=_("The code of the metric catalog's figure it reads, if any."))
    ledger = models.CharField(_("ledger"), max_length=40, blank=True,
                              help_text=_("The ledger whose records serve as its evidence."))
    category = models.CharField(
        _("area of a problem"), max_length=12, blank=True, choices=Finding.Category.choices,
        help_text=_("The area a rectification item found under it is filed in (first-level indicators)."))
    is_leaf = models.BooleanField(_("assessed indicator"), default=True, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["system", "position"]
        constraints = [models.UniqueConstraint(fields=["system", "key"], name="assessment_indicator_key")]
        indexes = [models.Index(fields=["system", "is_leaf", "position"], name="assessment_indicator_leaf")]

    def __str__(self):
        return f"{self.number}{self.title}"

    @property
    def area(self) -> Indicator:
        """Its first-level area (itself at the first level)."""
        node = self
        while node.parent_id is not None:
            node = node.parent
        return node


# Self-assessment (自评) and the office's scoring --------------------------------------------------------------


class SelfAssessment(LedgerRecord):
    """A body's self-assessment (自评) on an indicator system for one year, owned by the body (``agency``); the
    rule-of-law office scores it and publishes the result to the body."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being drafted (自评中)")
        SUBMITTED = "submitted", _("submitted (已提交)")
        SCORED = "scored", _("scored (已评分)")
        PUBLISHED = "published", pgettext_lazy("assessment", "result published (已公布)")

    system = models.ForeignKey(IndicatorSystem, models.PROTECT, related_name="self_assessments",
                               verbose_name=_("indicator system"))
    year = models.PositiveSmallIntegerField(_("year assessed"))
    title = models.CharField(_("self-assessment"), max_length=300, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    due_on = models.DateField(
        _("to be submitted by"), null=True, blank=True, editable=False,
        help_text=_("The setting FAZHI_ASSESSMENT_SELF_DUE of the year after the year assessed (UNCONFIRMED local "
                    "practice), or the day the office gave when it returned the self-assessment."))
    summary = models.TextField(_("overall account"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    return_reason = models.TextField(_("why it was returned"), blank=True)
    times_returned = models.PositiveSmallIntegerField(_("times returned"), default=0)
    scored_on = models.DateField(_("scoring finished on"), null=True, blank=True)
    published_on = models.DateField(_("result published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "system", "year"], condition=Q(withdrawn_at=None),
                                               name="assessment_self_one_a_year")]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="assessment_self_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="assessment_self_agency"),
            models.Index(fields=["status", "-created_at", "-id"], name="assessment_self_status"),
            models.Index(fields=["system", "year", "status"], name="assessment_self_ranking"),
        ]

    def __str__(self):
        return self.title

    @property
    def submitted_late(self) -> bool:
        return bool(self.submitted_on and self.due_on and self.submitted_on > self.due_on)

    def compute_next_deadline(self) -> dt.date | None:
        """The day to submit by while the body drafts; none once it is submitted."""
        return self.due_on if self.status == self.Status.DRAFT else None


class IndicatorEntry(models.Model):
    """A body's claim on one indicator of its self-assessment, with its evidence, and the office's score."""

    class Result(models.TextChoices):
        MET = "met", _("met (达到)")
        PARTLY = "partly", _("partly met (部分达到)")
        NOT_MET = "not_met", _("not met (未达到)")
        NOT_APPLICABLE = "not_applicable", _("not applicable (不适用)")

    assessment = models.ForeignKey(SelfAssessment, models.CASCADE, related_name="entries",
                                   verbose_name=_("self-assessment"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
    claimed_result = models.CharField(_("claimed result"), max_length=14, blank=True, choices=Result.choices)
    claimed_score = models.DecimalField(_("claimed score"), max_digits=6, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    office_result = models.CharField(_("office's finding"), max_length=14, blank=True, choices=Result.choices)
    office_score = models.DecimalField(_("office's score"), max_digits=6, decimal_places=2, null=True, blank=True)
    office_comment = models.TextField(_("office's comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True, editable=False)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                  related_name="+", editable=False, verbose_name=_("scored by"))
    rectification = models.ForeignKey(
        Rectification, models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("rectification item"), help_text=_("The rectification item the gap became."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_field = "assessment__agency"

    class Meta:
        verbose_name = _("indicator entry")
        verbose_name_plural = _("indicator entries")
        ordering = ["assessment", "indicator__position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"], name="assessment_entry_one")]

    def __str__(self):
        return f"{self.assessment} · {self.indicator}"

    @property
    def not_applicable(self) -> bool:
        """Not applicable as the office found, else as the body claimed."""
        return (self.office_result or self.claimed_result) == self.Result.NOT_APPLICABLE


class EvidenceLink(models.Model):
    """A record kept in fazhi that a body gives as evidence of an indicator (a document filed, a meeting held)."""

    entry = models.ForeignKey(IndicatorEntry, models.CASCADE, related_name="links", verbose_name=_("indicator entry"))
    target_type = models.ForeignKey("contenttypes.ContentType", models.PROTECT, related_name="+",
                                    verbose_name=_("kind of record"))
    target_id = models.PositiveBigIntegerField(_("record"))
    source = models.CharField(_("ledger"), max_length=40)
    label = models.CharField(_("record linked"), max_length=300,
                             help_text=_("The record's title when it was linked."))
    created_at = models.DateTimeField(_("linked at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("linked by"))

    objects = ScopedManager()
    scope_field = "entry__assessment__agency"

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "target_type", "target_id"],
                                               name="assessment_evidence_once")]

    def __str__(self):
        return self.label


class RankingPublication(models.Model):
    """A ranking of a region's bodies on one system and year, as the rule-of-law office (``agency``) published it
    to them: the rows as they stood (rank, body, score and caveats)."""

    class Bodies(models.TextChoices):
        ALL = "all", _("every body")
        GOVERNMENT = "government", _("people's governments")
        DEPARTMENT = "department", _("government departments")
        TOWNSHIP = "township", _("townships and sub-districts")

    agency = models.ForeignKey("org.Agency", models.PROTECT, related_name="+", verbose_name=_("published by"))
    region = models.ForeignKey("org.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    system = models.ForeignKey(IndicatorSystem, models.PROTECT, related_name="+", verbose_name=_("indicator system"))
    year = models.PositiveSmallIntegerField(_("year assessed"))
    bodies = models.CharField(_("bodies ranked"), max_length=10, choices=Bodies.choices, default=Bodies.ALL)
    published_on = models.DateField(_("published on"))
    rows = models.JSONField(_("ranking"), default=list, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", editable=False, verbose_name=_("published by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ScopedManager()
    scope_field = "agency"

    class Meta:
        verbose_name = _("published ranking")
        verbose_name_plural = _("published rankings")
        ordering = ["-year", "-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["region", "system", "year", "bodies"],
                                               name="assessment_ranking_once")]

    def __str__(self):
        return f"{self.region} · {self.system} · {self.year}"


def self_due_day() -> tuple[int, int]:
    """(month, day) of the year after the year assessed by which a body submits its self-assessment: the setting
    ``FAZHI_ASSESSMENT_SELF_DUE`` (MM-DD; UNCONFIRMED local practice)."""
    text = str(getattr(settings, "FAZHI_ASSESSMENT_SELF_DUE", "01-31"))
    month, day = (int(part) for part in text.split("-"))
    return month, day


def self_due_of_year(year: int) -> dt.date:
    """The day a self-assessment on ``year`` is due (29 February falls back to the 28th in a common year)."""
    month, day = self_due_day()
    try:
        return dt.date(year + 1, month, day)
    except ValueError:
        return dt.date(year + 1, month, day - 1)


ZERO = Decimal("0")
