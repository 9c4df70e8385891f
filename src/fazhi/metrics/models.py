"""The metric catalog: every indicator defined once (ARCHITECTURE.md, principle 3).

Collection forms, roll-ups, the report composer and the analyzer all speak these codes. The catalog ships
as data (``fazhi/metrics/data/catalog.json``, loaded by ``fazhi metrics load``); the administrator edits
labels and phrases in the admin, adds metrics and retires them from a year on.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
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
    def in_topic_order(self) -> MetricQuerySet:
        """Order by the report's topics (not alphabetically), then by ``order``."""
        whens = [models.When(topic=value, then=models.Value(index)) for index, value in enumerate(Topic.values)]
        return self.annotate(
            topic_rank=models.Case(*whens, default=models.Value(len(whens)), output_field=models.IntegerField())
        ).order_by("topic_rank", "order", "code")

    def search(self, term: str) -> MetricQuerySet:
        """Metrics whose code, labels or phrases contain ``term`` (case-insensitive)."""
        term = term.strip()
        if not term:
            return self
        # Phrases are JSON, stored with \u escapes on SQLite: match them in Python (the catalog is small).
        lowered = term.lower()
        by_phrase = [pk for pk, phrases in Metric.objects.values_list("pk", "phrases")
                     if any(lowered in str(p).lower() for p in phrases or ())]
        return self.filter(
            Q(code__icontains=term) | Q(label__icontains=term) | Q(label_en__icontains=term) | Q(pk__in=by_phrase)
        )

    def for_year(self, year: int) -> MetricQuerySet:
        """Metrics in force for a reporting year: introduced by then and not yet retired."""
        return self.filter(introduced_year__lte=year).filter(Q(retired_year__isnull=True) | Q(retired_year__gt=year))


#: The placeholders a sentence pattern may hold: the figure, its unit, and the body's own words for
#: 全县/全镇/全局 (whole), 县/市/省 (level) and 政府常务会议/镇长办公会议/局长办公会议 (meeting).
SENTENCE_WORDS = ("value", "unit", "whole", "level", "meeting")


class BodyKind(models.TextChoices):
    """The kinds of reporting body, by what they report (see ``body_kind_of``)."""

    PROVINCE = "province", _("provincial government")
    CITY = "city", _("city government")
    COUNTY = "county", _("county or district government")
    DEPARTMENT = "department", _("government department")
    TOWNSHIP = "township", _("township government")
    SUBDISTRICT = "subdistrict", _("sub-district office")


def body_kind_of(agency) -> str:
    """Return the ``BodyKind`` of an agency: a department, or the level of the government it speaks for.

    A party committee, a rule-of-law office and a government report for their region, so they take its level.
    A township-level region whose name ends in 街道 is a sub-district.
    """
    from fazhi.org.models import Agency, Region

    if agency.kind == Agency.Kind.DEPARTMENT:
        return BodyKind.DEPARTMENT
    region = agency.region
    if agency.kind == Agency.Kind.TOWNSHIP or region.level == Region.Level.TOWNSHIP:
        return BodyKind.SUBDISTRICT if region.name.endswith("街道") else BodyKind.TOWNSHIP
    return {Region.Level.PROVINCE: BodyKind.PROVINCE, Region.Level.CITY: BodyKind.CITY}.get(
        region.level, BodyKind.COUNTY)


class Metric(models.Model):
    """One indicator: what it counts, its unit, how it adds up the region tree and how reports phrase it."""

    class Kind(models.TextChoices):
        COUNT = "count", _("count")
        AMOUNT = "amount", _("amount")
        RATE = "rate", _("rate")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum over the region tree")
        OWN = "own", _("the reporting body's own figure, never summed over the bodies below")
        MAX = "max", _("the largest figure of the bodies below")
        RATIO = "ratio", _("recomputed from summed numerator and denominator")
        NONE = "none", _("not aggregated (reported per body)")

    class Better(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        NEUTRAL = "", _("neither")

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
    applies_to = models.JSONField(
        _("applies to"), default=list, blank=True,
        help_text=_("The kinds of reporting body the metric fits (province, city, county, department, township, "
                    "subdistrict); empty: every kind. A body is neither asked for nor reported a metric that does "
                    "not fit it."),
    )
    bounds = models.JSONField(
        _("upper bound of"), default=list, blank=True,
        help_text=_("Groups of metrics whose sum never exceeds this one, e.g. [[\"litigation_won\", "
                    "\"litigation_lost\"]] on cases concluded: checked when a form is saved or uploaded."),
    )
    breakdown = models.JSONField(
        _("breakdown"), default=list, blank=True,
        help_text=_("Metrics that add up to exactly this one when all are given, e.g. documents abolished, "
                    "revised and kept add up to documents examined."),
    )
    better = models.CharField(
        _("better when"), max_length=8, choices=Better.choices, default=Better.NEUTRAL, blank=True,
        help_text=_("Which way is good news: a fall of a figure that is better higher (a rate of cases closed on "
                    "time) is put to the clerk as a question and offered as a shortcoming, never stated as a "
                    "result."),
    )
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
    order = models.PositiveSmallIntegerField(
        _("order"), default=0,
        help_text=_("Position in lists, forms and reports. The shipped catalog numbers topics by hundreds in "
                    "the report's order (organisation and leadership 101…, government functions 201…)."),
    )

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")

    def __str__(self):
        return f"{self.label}（{self.unit}）"

    def save(self, *args, **kwargs):
        if not self.order and self.topic in Topic.values:
            # A metric added in the admin goes to the end of its topic, not to the top of the catalog.
            base = (Topic.values.index(self.topic) + 1) * 100
            last = (Metric.objects.filter(order__gt=base, order__lt=base + 100).exclude(pk=self.pk)
                    .aggregate(m=models.Max("order"))["m"])
            self.order = min((last or base) + 1, base + 99)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("metrics:metric_detail", args=[self.code])

    def applies_to_display(self) -> str:
        """Return the kinds of body the metric fits, in words (县（市、区）政府、乡镇政府), or “every kind”."""
        kinds = dict(BodyKind.choices)
        return "、".join(str(kinds.get(k, k)) for k in self.applies_to) or gettext("every kind")

    def fits(self, body_kind: str) -> bool:
        """Whether a body of ``body_kind`` (see ``BodyKind``) is asked for and reports this metric."""
        return not self.applies_to or body_kind in self.applies_to

    def clean(self):
        """Refuse a definition that would add up wrongly or could not be written; errors name the field."""
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.kind == self.Kind.RATE:
            if self.aggregation == self.Aggregation.SUM:
                add("aggregation", _("A rate is never summed up the region tree: choose “recomputed from "
                                     "numerator and denominator”, or “not aggregated” for a rate without parts "
                                     "(a satisfaction rate)."))
            if self.unit.strip() != "%":
                add("unit", _("A rate is stated in per cent: its unit is “%”."))
        else:
            if self.aggregation == self.Aggregation.RATIO:
                add("aggregation", _("Only a rate is recomputed from a numerator and a denominator; "
                                     "a count or an amount is summed."))
            if self.numerator_id or self.denominator_id:
                add("numerator", _("Only a rate has a numerator and a denominator."))
        if self.aggregation == self.Aggregation.RATIO:
            if not self.numerator_id:
                add("numerator", _("A rate recomputed up the tree needs the metric counted above the line."))
            if not self.denominator_id:
                add("denominator", _("A rate recomputed up the tree needs the metric counted below the line."))
        for field in ("numerator", "denominator"):
            part = getattr(self, field) if getattr(self, f"{field}_id") else None
            if part is None:
                continue
            if self.pk and part.pk == self.pk:
                add(field, _("A rate cannot be its own part."))
            elif part.kind != self.Kind.COUNT:
                add(field, _("“%(part)s” is not a count: a rate is made of two counts.") % {"part": part.label})
        if self.numerator_id and self.numerator_id == self.denominator_id:
            add("denominator", _("The numerator and the denominator must be different metrics."))
        if self.source == self.Source.COMPUTED and not self.computed_by.strip():
            add("computed_by", _("A computed metric names the ledger computation that fills it, e.g. "
                                 "normative.issued."))
        if self.sentence and "{value}" not in self.sentence:
            add("sentence", _("The sentence pattern must contain {value} where the figure goes."))
        unknown = sorted(set(re.findall(r"\{(\w*)\}", self.sentence or "")) - set(SENTENCE_WORDS))
        if unknown:
            add("sentence", _("Unknown placeholder(s) %(names)s; a sentence may hold %(known)s.")
                % {"names": "、".join(f"{{{n}}}" for n in unknown),
                   "known": "、".join(f"{{{n}}}" for n in SENTENCE_WORDS)})
        if not isinstance(self.phrases, list) or not all(isinstance(p, str) and p.strip() for p in self.phrases):
            add("phrases", _("Phrases are a list of non-empty words, one per line."))
        if self.kind == self.Kind.RATE and self.aggregation in (self.Aggregation.OWN, self.Aggregation.MAX):
            add("aggregation", _("A rate is recomputed from its parts or not aggregated."))
        if not isinstance(self.applies_to, list) or not set(self.applies_to) <= set(BodyKind.values):
            add("applies_to", _("Choose the kinds of body among: %(kinds)s.") % {"kinds": "、".join(BodyKind.values)})
        groups_ok = isinstance(self.bounds, list) and all(
            isinstance(g, list) and g and all(isinstance(c, str) for c in g) for g in self.bounds)
        if not groups_ok:
            add("bounds", _("Give a list of groups, each a list of metric codes."))
        if not isinstance(self.breakdown, list) or not all(isinstance(c, str) for c in self.breakdown):
            add("breakdown", _("Give a list of metric codes."))
        if self.retired_year and self.retired_year <= self.introduced_year:
            add("retired_year", _("The retirement year must come after the first reporting year (%(year)s).")
                % {"year": self.introduced_year})
        if errors:
            raise ValidationError(errors)

    def in_force(self, year: int) -> bool:
        """Return True when the metric is collected and reported for ``year``."""
        return self.introduced_year <= year and (self.retired_year is None or self.retired_year > year)

    def aggregation_rule(self) -> str:
        """Return how the metric adds up the region tree, in words (按下级汇总求和…)."""
        if self.aggregation == self.Aggregation.SUM:
            return gettext("Summed over the levels below")
        if self.aggregation == self.Aggregation.OWN:
            return gettext("The reporting body's own figure, not summed over the bodies below")
        if self.aggregation == self.Aggregation.MAX:
            return gettext("The largest figure of the levels below")
        if self.aggregation == self.Aggregation.RATIO:
            if self.numerator_id and self.denominator_id:
                return gettext("Recomputed from numerator and denominator: %(numerator)s ÷ %(denominator)s") % {
                    "numerator": self.numerator.label, "denominator": self.denominator.label}
            return gettext("Recomputed from numerator and denominator")
        return gettext("Not aggregated (each body states its own)")

    @property
    def topic_index(self) -> int:
        return Topic.values.index(self.topic) if self.topic in Topic.values else len(Topic.values)

    @property
    def is_rate(self) -> bool:
        return self.kind == self.Kind.RATE

    @property
    def is_derived(self) -> bool:
        """True for a rate computed from its numerator and denominator: never typed in."""
        return self.aggregation == self.Aggregation.RATIO
