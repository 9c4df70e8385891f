"""The metric catalog: every indicator defined once (ARCHITECTURE.md, principle 3).

Collection forms, roll-ups, the report composer and the analyzer all speak these codes. The catalog ships
as data (``fazhi/metrics/data/catalog.json``, loaded by ``fazhi metrics load``); the administrator edits
labels and phrases in the admin, adds metrics and retires them from a year on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """The report's topics, in the order a report treats them (cf. legal-rules.md §1.6 and §9.2)."""

    LEADERSHIP = "leadership", _("Organisation and leadership")
    FUNCTIONS = "functions", _("Government functions")
    NORMATIVE = "normative", _("Normative documents and rules")
    DECISIONS = "decisions", _("Major administrative decisions")
    ENFORCEMENT = "enforcement", _("Administrative enforcement")
    SUPERVISION = "supervision", _("Supervision of administrative power")
    DISPUTES = "disputes", _("Disputes, reconsideration and litigation")
    EDUCATION = "education", _("Legal education and officials' legal capacity")
    DIGITAL = "digital", _("Digital government")


class MetricQuerySet(models.QuerySet):
    def for_year(self, year: int) -> MetricQuerySet:
        """Metrics in force for a reporting year: introduced by then and not yet retired."""
        return self.filter(introduced_year__lte=year).filter(Q(retired_year__isnull=True) | Q(retired_year__gt=year))


class Metric(models.Model):
    """One indicator: what it counts, its unit, how it adds up the region tree and how reports phrase it."""

    class Kind(models.TextChoices):
        COUNT = "count", _("count")
        AMOUNT = "amount", _("amount")
        RATE = "rate", _("rate")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum over the region tree")
        RATIO = "ratio", _("recomputed from summed numerator and denominator")
        NONE = "none", _("not aggregated (reported per body)")

    class Source(models.TextChoices):
        COLLECTED = "collected", _("collected in rounds")
        COMPUTED = "computed", _("computed by a ledger")

    code = models.SlugField(
        _("code"), max_length=60, unique=True,
        help_text=_("Stable identifier, e.g. reconsideration_received; never reused for another meaning."),
    )
    label = models.CharField(_("label (Chinese)"), max_length=80)
    label_en = models.CharField(_("label (English)"), max_length=120)
    unit = models.CharField(_("unit"), max_length=16, help_text=_("As printed after the figure: 件, 人次, %, 万元…"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    numerator = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("numerator"),
        help_text=_("For a rate: the metric counted above the line."),
    )
    denominator = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("denominator"),
        help_text=_("For a rate: the metric counted below the line."),
    )
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.COLLECTED)
    computed_by = models.CharField(
        _("computed by"), max_length=60, blank=True,
        help_text=_("The ledger computation that fills this metric (see fazhi.metrics.registry)."),
    )
    phrases = models.JSONField(
        _("phrases"), default=list, blank=True,
        help_text=_("How reports name this figure, e.g. 受理行政复议申请; the analyzer maps figures by them."),
    )
    description = models.TextField(_("description"), blank=True)
    sentence = models.CharField(
        _("sentence pattern"), max_length=200, blank=True,
        help_text=_("Clause the report composer writes, with {value} and {unit}, e.g. 受理行政复议申请{value}{unit}."),
    )
    introduced_year = models.PositiveSmallIntegerField(_("first reporting year"), default=2021)
    retired_year = models.PositiveSmallIntegerField(
        _("retired from year"), null=True, blank=True, help_text=_("Not collected or reported from this year on."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "order", "code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def __str__(self):
        return f"{self.label}（{self.unit}）"

    def clean(self):
        if self.kind == self.Kind.RATE and self.aggregation == self.Aggregation.SUM:
            raise ValidationError(_("A rate is never summed: aggregate it from numerator and denominator."))
        if self.aggregation == self.Aggregation.RATIO and not (self.numerator_id and self.denominator_id):
            raise ValidationError(_("A rate recomputed up the tree needs its numerator and denominator metrics."))
        if self.retired_year and self.retired_year <= self.introduced_year:
            raise ValidationError(_("The retirement year must come after the first reporting year."))

    @property
    def is_rate(self) -> bool:
        return self.kind == self.Kind.RATE

    @property
    def is_derived(self) -> bool:
        """True for a rate computed from its numerator and denominator: never typed in."""
        return self.aggregation == self.Aggregation.RATIO
