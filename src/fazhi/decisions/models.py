"""Major administrative decisions (重大行政决策, 重大行政决策程序暂行条例 国务院令第713号).

A decision-making body (决策机关, a people's government) keeps an annual ``Catalog`` (决策事项目录) of
``CatalogItem`` rows proposed by its departments; the Party committee approves it and the body publishes it
(Art. 3). Changes during the year are ``CatalogChange`` rows. Each item is decided through a ``Decision``
owned by its lead unit (承办单位), which runs the statutory procedure as uniform ``Step`` rows (public
participation, hearing, expert argumentation, risk assessment, legality review, fair-competition review where
the decision concerns market entities' economic activity, collective discussion, report to the Party committee,
decision, publication, archiving). A decision the lead unit drops before it is taken is withdrawn (never
deleted) and its catalogue matter removed, with a recorded catalogue change. After the decision an ``Evaluation``
(决策后评估, Arts. 35–36) may be scheduled and recorded, and ``Adjustment`` rows record suspensions and
adjustments (chapter 4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.decisions import rules


class Category(models.TextChoices):
    """Decision categories of 重大行政决策程序暂行条例 第3条."""

    PUBLIC_POLICY = "public_policy", _("Major public policy or measure (public services, market regulation, "
                                       "social management, environment)")
    DEVELOPMENT_PLAN = "development_plan", _("Important economic and social development plan")
    RESOURCES = "resources", _("Major policy on important natural and cultural resources")
    CONSTRUCTION = "construction", _("Major public construction project")
    OTHER = "other", _("Other matter with major impact on the public interest")


class Catalog(LedgerRecord):
    """The annual catalogue of major decision matters of one decision-making body (``agency``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being compiled")
        APPROVED = "approved", _("approved by the Party committee")
        PUBLISHED = "published", _("published")

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("catalogue title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(
        _("approved by the Party committee on"), null=True, blank=True, editable=False,
        help_text=_("The same-level Party committee agrees to the catalogue before it is published "
                    "(重大行政决策程序暂行条例 第3条第3款)."),
    )
    approval_reference = models.CharField(_("approval reference"), max_length=200, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    published_channel = models.CharField(_("published in"), max_length=200, blank=True, editable=False)
    published_url = models.URLField(_("published at (URL)"), blank=True, editable=False)

    class Meta:
        ordering = ["-year", "agency__name"]
        verbose_name = _("catalogue of major decisions")
        verbose_name_plural = _("catalogues of major decisions")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="decisions_one_catalog_per_body_year"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CatalogItem(LedgerRecord):
    """One matter in a catalogue, proposed by its lead unit (``agency``, 承办单位)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        DECLINED = "declined", _("not included")
        LISTED = "listed", _("listed, not started")
        STARTED = "started", _("in procedure")
        COMPLETED = "completed", _("decided")
        REMOVED = "removed", _("removed from the catalogue")

    catalog = models.ForeignKey(Catalog, models.PROTECT, related_name="items", verbose_name=_("catalogue"))
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True,
                                              help_text=_("序号 in the published catalogue."))
    name = models.CharField(_("matter"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices,
                                help_text=_("重大行政决策程序暂行条例 第3条."))
    planned_completion = models.DateField(_("to be completed by"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decline_reason = models.TextField(_("reason for not including"), blank=True, editable=False)

    class Meta:
        ordering = ["catalog", "number", "pk"]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        indexes = [models.Index(fields=["catalog", "status"])]

    def __str__(self):
        return self.name

    @property
    def title(self) -> str:
        return self.name

    @property
    def in_catalog(self) -> bool:
        """True when the item is part of the catalogue (listed, in procedure or decided)."""
        return self.status in rules.ITEM_IN_CATALOG

    def compute_next_deadline(self):
        # Once a decision is started, the decision carries the planned completion (one agenda line per matter).
        return self.planned_completion if self.status == self.Status.LISTED else None


class CatalogChange(models.Model):
    """A change to a published catalogue during the year (动态调整): an item added, removed or changed."""

    class Kind(models.TextChoices):
        ADDED = "added", _("item added")
        REMOVED = "removed", _("item removed")
        CHANGED = "changed", _("item changed")

    catalog = models.ForeignKey(Catalog, models.PROTECT, related_name="changes", verbose_name=_("catalogue"))
    item = models.ForeignKey(CatalogItem, models.PROTECT, related_name="changes", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    approved_on = models.DateField(_("approved on"))
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["catalog", "approved_on", "pk"]
        verbose_name = _("catalogue change")
        verbose_name_plural = _("catalogue changes")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.item}"


class Decision(LedgerRecord):
    """A major administrative decision run by its lead unit (``agency``, 决策承办单位)."""

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("drafting")
        PARTICIPATION = "participation", _("public participation")
        EXPERT = "expert", _("expert argumentation")
        RISK = "risk", _("risk assessment")
        LEGALITY_REVIEW = "legality_review", _("legality review")
        DISCUSSION = "discussion", _("collective discussion")
        PARTY_REPORT = "party_report", _("report to the Party committee")
        READY = "ready", _("ready for decision")
        DECIDED = "decided", _("decided")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")
        SUSPENDED = "suspended", _("suspended")

    catalog_item = models.ForeignKey(CatalogItem, models.PROTECT, null=True, blank=True, related_name="decisions",
                                     verbose_name=_("catalogue item"))
    deciding_body = models.ForeignKey("org.Agency", models.PROTECT, related_name="+",
                                      verbose_name=_("decision-making body"),
                                      help_text=_("决策机关: the government that decides (第2条)."))
    reviewer = models.ForeignKey("org.Agency", models.PROTECT, related_name="+", verbose_name=_("legality reviewer"),
                                 help_text=_("The body in charge of the legality review (第25条)."))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    title = models.CharField(_("decision title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices,
                                help_text=_("重大行政决策程序暂行条例 第3条."))
    summary = models.TextField(_("summary of the draft"), blank=True)
    concerns_market = models.BooleanField(
        _("concerns market entities' economic activity"), default=False,
        help_text=_("When set, a fair-competition review (公平竞争审查) is required before the collective "
                    "discussion; when not set, that step does not apply."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFTING)
    round = models.PositiveSmallIntegerField(
        _("procedure round"), default=1, editable=False,
        help_text=_("A major adjustment repeats the procedure in a new round (决策执行和调整, 第四章)."),
    )
    planned_completion = models.DateField(_("to be completed by"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    status_before_suspension = models.CharField(max_length=16, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("major administrative decision")
        verbose_name_plural = _("major administrative decisions")
        indexes = [
            models.Index(fields=["agency", "year", "status"]),
            models.Index(fields=["year", "created_at"]),  # the list's order
            models.Index(fields=["year", "status"]),
            models.Index(fields=["status", "next_deadline"]),
            models.Index(fields=["published_on"]),
            models.Index(fields=["decided_on"]),
        ]

    def __str__(self):
        return self.title

    def current_steps(self) -> list[Step]:
        return [s for s in self.steps.all() if s.round == self.round]

    def compute_next_deadline(self):
        if self.pk is None:
            return rules.next_deadline(self.status, [], self.planned_completion, [])
        steps = [(s.kind, s.status, s.due_on) for s in self.current_steps()]
        evaluations = [(e.scheduled_on, e.done_on) for e in self.evaluations.all()]
        return rules.next_deadline(self.status, steps, self.planned_completion, evaluations)


class Step(models.Model):
    """One step of a decision's procedure; ``details`` holds the fields of its kind (rules.STEP_FIELDS)."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("public participation")
        HEARING = "hearing", _("hearing")
        EXPERT = "expert", _("expert argumentation")
        RISK = "risk", _("risk assessment")
        LEGALITY_REVIEW = "legality_review", _("legality review")
        FAIR_COMPETITION = "fair_competition", _("fair-competition review")
        DISCUSSION = "discussion", _("collective discussion")
        PARTY_REPORT = "party_report", _("report to the Party committee")
        DECISION = "decision", _("decision")
        PUBLICATION = "publication", _("publication")
        ARCHIVING = "archiving", _("archiving")

    class Status(models.TextChoices):
        PENDING = "pending", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        SKIPPED = "skipped", _("not applicable")

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="steps", verbose_name=_("decision"))
    round = models.PositiveSmallIntegerField(_("procedure round"), default=1)
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True,
                              help_text=_("The step's open deadline: a comment period's end, the reviewer's time."))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    skip_reason = models.TextField(_("reason for not applying"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["decision", "round", "pk"]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        constraints = [
            models.UniqueConstraint(fields=["decision", "round", "kind"], name="decisions_one_step_per_kind_round"),
        ]
        # Metrics count a year's finished steps of a kind.
        indexes = [models.Index(fields=["kind", "status", "done_on"])]

    def __str__(self):
        return f"{self.decision} · {self.get_kind_display()}"

    @property
    def is_resolved(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.SKIPPED)

    @property
    def order(self) -> int:
        return rules.STEP_ORDER.index(self.kind)


class Evaluation(models.Model):
    """A post-decision evaluation (决策后评估, 第35–37条), scheduled then recorded."""

    class Recommendation(models.TextChoices):
        CONTINUE = "continue", _("continue")
        ADJUST = "adjust", _("adjust")
        SUSPEND = "suspend", _("suspend")
        TERMINATE = "terminate", _("terminate")

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="evaluations", verbose_name=_("decision"))
    scheduled_on = models.DateField(_("to be done by"))
    reason = models.TextField(_("why it is evaluated"), blank=True,
                              help_text=_("E.g. results clearly fall short of expectations, many public objections."))
    evaluator = models.CharField(_("evaluator"), max_length=200, blank=True,
                                 help_text=_("Not the body that made the pre-decision assessment (第36条)."))
    findings = models.TextField(_("findings"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["decision", "scheduled_on", "pk"]
        verbose_name = _("post-decision evaluation")
        verbose_name_plural = _("post-decision evaluations")
        indexes = [models.Index(fields=["done_on"])]

    def __str__(self):
        return f"{self.decision} · {self.scheduled_on}"


class Adjustment(models.Model):
    """A suspension, resumption or adjustment of a decision (第四章 决策执行和调整)."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("suspended")
        RESUME = "resume", _("resumed")
        MINOR = "minor", _("adjusted")
        MAJOR = "major", _("major adjustment: procedure repeated")

    decision = models.ForeignKey(Decision, models.PROTECT, related_name="adjustments", verbose_name=_("decision"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["decision", "on", "pk"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")

    def __str__(self):
        return f"{self.decision} · {self.get_kind_display()}"
