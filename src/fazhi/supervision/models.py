"""The register of reporting bodies (报告主体名录): every government and department that must report on a year's
law-based government construction, with the dates its report was filed and published.

Legal basis: 厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》; legal-rules.md §1.2 (who reports, by 3月1日) and
§1.4 (public before 4月1日, 第24条). A body in fazhi points to its agency and reads its dates live from its own
annual report (``reports.Report``); a body outside fazhi keeps its dates here, typed in or read from a published
report uploaded to the analyzer.

Scope: a body is seen through its region (``region_path``, the region's path copied so that a province's register
is one index range) and, for a department clerk, its agency: the office sees its region and below, a supervisor the
regions below its own, a clerk only its own agency's row (``BodyQuerySet``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.org.managers import ScopedManager


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The bodies the person may read."""
        from fazhi.org.scope import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        q = Q(pk__in=[])
        if scope.read_agencies:
            q |= Q(agency_id__in=sorted(scope.read_agencies))
        for path in scope.read_subtrees:
            q |= Q(region_path__startswith=path)
        for path in scope.read_below:
            q |= Q(region_path__startswith=path) & ~Q(region_path=path)
        return self.filter(q)

    def managed_by(self, user):
        """The bodies the person keeps in the register: the office's region and below, the supervisor's regions
        below its own (督察 is the supervisor's own work, though it changes no ledger), never a clerk."""
        from fazhi.org.scope import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        q = Q(pk__in=[])
        for path in scope.write_subtrees:
            q |= Q(region_path__startswith=path)
        for path in scope.read_below:
            q |= Q(region_path__startswith=path) & ~Q(region_path=path)
        return self.filter(q)


class ReportingBody(models.Model):
    """One body that must report on one year (报告主体), in the register of the regions above it."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government")
        DEPARTMENT = "department", _("government department")

    class Source(models.TextChoices):
        NONE = "", _("not recorded")
        HAND = "hand", _("entered by hand")
        ANALYZER = "analyzer", _("read from the uploaded report")

    year = models.PositiveSmallIntegerField(_("reporting year"))
    region = models.ForeignKey("org.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    region_path = models.CharField(_("region path"), max_length=120, editable=False)
    agency = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agency in fazhi"),
        help_text=_("Empty for a body that does not work in fazhi."),
    )
    name = models.CharField(_("reporting body"), max_length=200)
    kind = models.CharField(_("kind of body"), max_length=12, choices=Kind.choices)
    demonstration = models.BooleanField(
        _("demonstration area"), default=False,
        help_text=_("A 法治政府建设示范 place files by the end of January (the province's annual-report guideline)."),
    )
    filed_on = models.DateField(
        _("filed on"), null=True, blank=True,
        help_text=_("When the report reached its addressees (厅字〔2019〕28号: by 3月1日)."),
    )
    published_on = models.DateField(
        _("published on"), null=True, blank=True,
        help_text=_("When the report was made public (厅字〔2019〕28号 第24条: before 4月1日)."),
    )
    published_url = models.URLField(_("published at"), blank=True, max_length=500)
    published_source = models.CharField(
        _("publication date from"), max_length=10, choices=Source.choices, default=Source.NONE, blank=True,
    )
    report = models.ForeignKey(
        "reports.Report", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("annual report in fazhi"),
    )
    analyzed = models.ForeignKey(
        "analyzer.AnalyzedReport", models.SET_NULL, null=True, blank=True, related_name="register_bodies",
        verbose_name=_("uploaded report"),
    )
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Where reminders go for a body that does not work in fazhi."),
    )
    note = models.TextField(_("note"), blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("reminders sent"), default=0, editable=False)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True, editable=False)
    reminded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("last reminded by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting body")
        verbose_name_plural = _("reporting bodies")
        ordering = ["year", "region_path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "agency"], condition=Q(agency__isnull=False),
                                    name="supervision_body_one_per_agency_year"),
            models.UniqueConstraint(fields=["year", "region", "name"], name="supervision_body_one_name_per_region"),
        ]
        indexes = [
            # A register is one year of one subtree: ``region_path LIKE 'x%'`` walks this on PostgreSQL.
            models.Index(fields=["year", "region_path"], name="supervision_body_tree_idx",
                         opclasses=["int2_ops", "varchar_pattern_ops"]),
            models.Index(fields=["agency", "year"], name="supervision_body_agency_idx"),
        ]

    def __str__(self):
        return f"{self.name} · {self.year}"

    def save(self, *args, **kwargs):
        self.region_path = self.region.path
        super().save(*args, **kwargs)

    @property
    def in_fazhi(self) -> bool:
        return self.agency_id is not None


class Feedback(models.Model):
    """Feedback from a supervisor to one body of the register (督察反馈): an evaluation of its annual report, a
    finding, or a note; the body answers it, the supervisor closes it or reopens it.

    厅字〔2019〕28号《法治政府建设与责任落实督察工作规定》 has the supervisor feed its findings back to the body
    inspected and follow up their rectification; a finding can become an item of the rectification ledger
    (``assessment``). Only a body in fazhi (with an agency) receives feedback here, so its owner is that agency
    (``scope_field``): a clerk sees its own agency's, the office its region's, a supervisor the regions below.
    """

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("evaluation of the annual report")
        FINDING = "finding", _("finding")
        NOTE = "note", _("note")

    class Status(models.TextChoices):
        SHARED = "shared", _("awaiting an answer")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")

    body = models.ForeignKey(ReportingBody, models.PROTECT, related_name="feedback", verbose_name=_("reporting body"))
    kind = models.CharField(_("kind of feedback"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    evaluation = models.JSONField(
        _("evaluation as shared"), null=True, blank=True, editable=False,
        help_text=_("The scores of the annual report when it was shared: version, total and, per criterion, its "
                    "score, weight and note."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SHARED)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("shared by"))
    shared_at = models.DateTimeField(_("shared"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopen_reason = models.TextField(_("why it was reopened"), blank=True)
    rectification = models.ForeignKey(
        "assessment.Rectification", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("rectification item"),
        help_text=_("The item of the rectification ledger a finding became."),
    )

    scope_field = "body__agency"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("supervision feedback")
        verbose_name_plural = _("supervision feedback")
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["body", "status"], name="supervision_feedback_body_idx")]

    def __str__(self):
        return f"{self.title} · {self.body.name}"

    @property
    def awaiting_answer(self) -> bool:
        return self.status in (self.Status.SHARED, self.Status.REOPENED)


class YearFigures(models.Model):
    """The figures of every body of a year's register on the comparison's metrics, as last worked out
    (``figures.year_figures``), shared by every process of the server: a province's take a third of a second to
    work out, a few milliseconds to read. ``key`` changes with the register, the submissions, their values and the
    uploaded reports of the year, and with the metrics, so a stored row is never stale; it is not a record of the
    supervisor's and never exported (a cache kept in the database)."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    year = models.PositiveSmallIntegerField(_("year reported on"), db_index=True)
    figures = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("worked out"), default=timezone.now)

    class Meta:
        verbose_name = _("figures of a year's register")
        verbose_name_plural = _("figures of a year's register")
        default_permissions = ()

    def __str__(self):
        return f"{self.year} · {self.key[:8]}"
