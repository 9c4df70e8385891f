"""Data collection rounds (数据报送): the office asks agencies and townships for the year's figures.

A ``Round`` is run by a rule-of-law office for its region and a reporting year. Each agency asked gets one
``Submission`` (one per agency and year, whichever round asks: so the region tree rolls up without double
counting) listing the metrics it fills; a ``Value`` holds one figure with its note.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord


class Round(LedgerRecord):
    """A collection round for a year, run by the rule-of-law office that owns it (``agency``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    region = models.ForeignKey(
        "org.Region", models.PROTECT, related_name="+", verbose_name=_("region"),
        help_text=_("The round asks agencies in this region and below."),
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    title = models.CharField(_("round title"), max_length=120)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    metrics = models.ManyToManyField("metrics.Metric", related_name="+", verbose_name=_("metrics"))
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    close_override_reason = models.TextField(
        _("reason for closing with submissions missing"), blank=True, editable=False,
    )

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("collection round")
        verbose_name_plural = _("collection rounds")

    def __str__(self):
        return self.title

    def compute_next_deadline(self):
        return self.due_date if self.status == self.Status.OPEN else None


class Submission(LedgerRecord):
    """One agency's figures for a round (``agency`` is the submitter)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("not submitted")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")

    round = models.ForeignKey(Round, models.PROTECT, related_name="submissions", verbose_name=_("round"))
    year = models.PositiveSmallIntegerField(_("reporting year"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("A round cannot close while a required submission is missing."),
    )
    metrics = models.ManyToManyField("metrics.Metric", related_name="+", verbose_name=_("metrics to fill"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"), editable=False,
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True, editable=False)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0, editable=False)

    class Meta:
        ordering = ["round", "agency__region__code", "agency__name"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="collection_one_submission_per_agency_year"),
        ]
        # Roll-ups filter a year's counted submissions first (rollup.py).
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.agency} · {self.year}"

    @property
    def title(self) -> str:
        return str(self.round)

    def save(self, *args, **kwargs):
        if self.round_id and not self.year:
            self.year = self.round.year
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        """True while the agency still has to submit (not yet submitted, or returned)."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def compute_next_deadline(self):
        if self.status in (self.Status.DRAFT, self.Status.RETURNED) and self.round.status == Round.Status.OPEN:
            return self.round.due_date
        return None


class Value(models.Model):
    """One figure of a submission, with the clerk's note; computed figures come from a ledger."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="values", verbose_name=_("submission"))
    metric = models.ForeignKey("metrics.Metric", models.PROTECT, related_name="+", verbose_name=_("metric"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    computed = models.BooleanField(_("computed by a ledger"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["submission_id", "metric_id"]  # ids: no joins in every query of values
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["submission", "metric"], name="collection_one_value_per_metric"),
        ]
        indexes = [models.Index(fields=["metric", "submission"])]

    def __str__(self):
        return f"{self.metric.code}={self.value}"


class Narrative(models.Model):
    """A body's own words for the annual report, sent with its figures: what it did, and how it went.

    ``practice`` (主要做法和成效) is written per topic of the form; the other kinds once for the whole body
    (``topic`` blank). The office reads every body's material per topic side by side when drafting.
    """

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Measures taken and their results")
        INNOVATION = "innovation", _("Typical experience and innovation")
        HONOUR = "honour", _("Honours and recognition from above")
        PROBLEM = "problem", _("Problems")
        PLAN = "plan", _("Plans for next year")

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="narratives",
                                   verbose_name=_("submission"))
    topic = models.CharField(_("topic"), max_length=16, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["submission_id", "kind", "topic"]
        verbose_name = _("narrative material")
        verbose_name_plural = _("narrative material")
        constraints = [
            models.UniqueConstraint(fields=["submission", "topic", "kind"], name="collection_one_text_per_slot"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.topic or '—'}"


class Explanation(models.Model):
    """A clerk's answer to a question one figure raises (a large swing, a good indicator worse than last year).

    The clerk confirms the figure (``confirmed``: 数据无误) or explains the change (``text``), or both. The answer
    holds for the figures it was given for (this year's ``value`` and ``last_value``): when either changes, the
    question is asked again and this answer is ignored (``questions.py``).
    """

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="explanations",
                                   verbose_name=_("submission"))
    metric = models.ForeignKey("metrics.Metric", models.PROTECT, related_name="+", verbose_name=_("metric"))
    value = models.DecimalField(_("figure answered"), max_digits=16, decimal_places=2)
    last_value = models.DecimalField(_("last year's figure answered"), max_digits=16, decimal_places=2)
    confirmed = models.BooleanField(_("figure confirmed as right"), default=False)
    text = models.TextField(_("explanation"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["submission_id", "metric_id"]
        verbose_name = _("explanation of a figure")
        verbose_name_plural = _("explanations of figures")
        constraints = [
            models.UniqueConstraint(fields=["submission", "metric"], name="collection_one_explanation_per_metric"),
        ]

    def __str__(self):
        return f"{self.metric.code}: {self.text or '✓'}"

    def answers(self, value, last_value) -> bool:
        """True when this is an answer (confirmed or explained) given for exactly these figures."""
        return (self.confirmed or bool(self.text.strip())) and self.value == value and self.last_value == last_value
