"""The annual report on building law-based government (法治政府建设年度报告), 厅字〔2019〕28号.

A ``Report`` belongs to its reporting body (``agency``) and year, and walks the workflow of
legal-rules.md §1.5/§1.7: draft → departments' comments → leaders' review and sign-off → adopted at a
meeting → submitted to each addressee → confidentiality review (保密审查) → published. Its text lives in
``ReportSection`` rows under the five mandated contents; each section keeps the figures it was written
with, so a later change of the data flags the text as stale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.metrics.models import Topic


class Part(models.IntegerChoices):
    """The five mandated contents, in their order (legal-rules.md §1.3)."""

    MEASURES = 1, _("Main measures and results")
    SHORTCOMINGS = 2, _("Shortcomings and their causes")
    FIRST_RESPONSIBLE = 3, _("Principal leaders' duties as first person responsible")
    NEXT_YEAR = 4, _("Main arrangements for next year")
    OTHER = 5, _("Other matters to report")


class Report(LedgerRecord):
    class Status(models.TextChoices):
        DRAFT = "draft", _("drafting")
        COMMENTS = "comments", _("departments' comments")
        REVIEW = "review", _("leaders' review")
        SIGNED = "signed", _("signed off")
        ADOPTED = "adopted", _("adopted at a meeting")
        SUBMITTED = "submitted", _("submitted")
        CLEARED = "cleared", _("confidentiality review passed")
        PUBLISHED = "published", _("published")

    class BodyKind(models.TextChoices):
        GOVERNMENT = "government", _("government")
        JOINT = "joint", _("Party committee and government (joint report)")
        DEPARTMENT = "department", _("government department")
        TOWNSHIP = "township", _("township or street")

    year = models.PositiveSmallIntegerField(_("reporting year"))
    title = models.CharField(_("report title"), max_length=160)
    issuer = models.CharField(
        _("issuer as printed"), max_length=120,
        help_text=_("E.g. 中共示范县委 示范县人民政府 for a joint report."),
    )
    body_kind = models.CharField(_("kind of reporting body"), max_length=12, choices=BodyKind.choices)
    demonstration = models.BooleanField(
        _("demonstration area"), default=False,
        help_text=_("A 法治政府建设示范 place files by the end of January (the province's annual-report guideline)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    comments_due = models.DateField(_("comments due"), null=True, blank=True)
    adopted_meeting = models.CharField(
        _("adopting meeting"), max_length=120, blank=True, help_text=_("E.g. 县政府第12次常务会议."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    cleared_on = models.DateField(_("confidentiality review on"), null=True, blank=True)
    cleared_by = models.CharField(_("confidentiality reviewer"), max_length=60, blank=True)
    confidentiality_opinion = models.TextField(_("confidentiality opinion"), blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_url = models.URLField(_("published at"), blank=True)
    cited = models.JSONField(
        _("figures cited in the text"), null=True, blank=True,
        help_text=_("The metric codes part one states in its text; empty: the composer's choice of 3–5 per topic. "
                    "Every other figure is printed in the annex table."),
    )
    dated = models.DateField(
        _("date on the report"), null=True, blank=True, help_text=_("The date printed under the issuer."),
    )

    class Meta:
        ordering = ["-year", "agency__region__code", "agency__name"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="reports_one_report_per_body_year")]

    def __str__(self):
        return self.title

    def compute_next_deadline(self):
        from fazhi.reports import rules

        return rules.next_deadline(self)

    @property
    def filing_due(self):
        from fazhi.reports import rules

        return rules.filing_deadline(self.year, demonstration=self.demonstration).due

    @property
    def publication_due(self):
        from fazhi.reports import rules

        return rules.publication_deadline(self.year).due

    @property
    def filed_on_time(self) -> bool | None:
        """True/False once filed with every addressee; None while not yet filed (legal-rules.md §1.7)."""
        return None if self.submitted_on is None else self.submitted_on <= self.filing_due

    @property
    def published_on_time(self) -> bool | None:
        """True/False once published; None while not yet public (督察规定 第24条: before 4月1日)."""
        return None if self.published_on is None else self.published_on <= self.publication_due


class ReportSection(models.Model):
    """A section of the report under one of the five contents; a topic section states its figures."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="sections", verbose_name=_("report"))
    part = models.PositiveSmallIntegerField(_("mandated content"), choices=Part.choices)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("heading"), max_length=120)
    text = models.TextField(_("text"), blank=True)
    generated_text = models.TextField(_("generated text"), blank=True, editable=False)
    figures = models.JSONField(
        _("figures"), default=list, blank=True, editable=False,
        help_text=_("Figures stated in the text when it was written: metric code, value and how it was printed."),
    )
    written_at = models.DateTimeField(_("figures taken"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["report", "part", "order", "pk"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")

    def __str__(self):
        return self.title


class ReportComment(models.Model):
    """A department's comment on the draft, optionally on one section."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="comments", verbose_name=_("report"))
    section = models.ForeignKey(
        ReportSection, models.SET_NULL, null=True, blank=True, related_name="comments", verbose_name=_("section"),
    )
    agency = models.ForeignKey("org.Agency", models.PROTECT, related_name="+", verbose_name=_("agency"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("author"))
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    response = models.TextField(_("response"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["report", "created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text[:40]


class ReportSignoff(models.Model):
    """A principal leader's review and signature (审核签字)."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="signoffs", verbose_name=_("report"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("signed by"))
    post = models.CharField(_("post"), max_length=60, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["report", "signed_at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")

    def __str__(self):
        return f"{self.user} · {self.signed_at:%Y-%m-%d}"


class ReportDelivery(models.Model):
    """The report delivered to one addressee (报送): above, the 人大常委会, or a copy to the 依法治办."""

    class Kind(models.TextChoices):
        UPPER = "upper", _("Party committee and government one level up")
        PEOPLES_CONGRESS = "npc", _("standing committee of the people's congress at the same level")
        OWN = "own", _("own Party committee and government")
        UPPER_DEPARTMENT = "upper_dept", _("corresponding department one level up")
        COPY = "copy", _("copy to the rule-of-law office")

    report = models.ForeignKey(Report, models.CASCADE, related_name="deliveries", verbose_name=_("report"))
    kind = models.CharField(_("addressee kind"), max_length=12, choices=Kind.choices)
    addressee = models.CharField(_("addressee"), max_length=120)
    delivered_on = models.DateField(_("delivered on"))
    reference = models.CharField(_("reference"), max_length=80, blank=True, help_text=_("文号 or receipt number."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["report", "delivered_on", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.addressee} · {self.delivered_on}"
