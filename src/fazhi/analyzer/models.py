"""Analysed reports kept in the app: a batch of published annual reports uploaded together, and each report.

The analysis itself is the plain library (``fazhi.analyzer.core``); these tables keep its result, the text
it read (the offsets of headings and figures index into it) and the uploaded file, so that this year's
batch can be compared with last year's.

Scope: a batch belongs to the agency of the person who uploaded it and is visible like any record of
that agency (``fazhi.org.scope``), and also to every member of that agency: a city supervisor reads the
regions *below* its own, yet must see the batches its own office uploaded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.org.managers import ScopedQuerySet

#: The five mandated contents (督察工作规定 第二十五条) in the order reports give them, as the analyzer names them.
CONTENTS = (
    ("measures", _("Measures and results")),
    ("first_responsible", _("First-responsible duties")),
    ("shortcomings", _("Shortcomings and causes")),
    ("next_year", _("Next year's plan")),
    ("other", _("Other matters")),
)
CONTENT_LABELS = dict(CONTENTS)


def own_agency_ids(user) -> list[int]:
    """Return the ids of the agencies the person is an active member of."""
    from fazhi.org.models import Membership

    if user is None or not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, is_active=True, agency__is_active=True).values_list(
            "agency_id", flat=True
        )
    )


class BatchQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        from fazhi.org.scope import scope_for

        q = scope_for(user).read_q("agency__")
        own = own_agency_ids(user)
        if own:
            q |= Q(agency_id__in=own)
        return self.filter(q)

    def editable_by(self, user):
        from fazhi.org.scope import scope_for

        q = scope_for(user).write_q("agency__")
        own = own_agency_ids(user)
        if own:
            q |= Q(agency_id__in=own)
        return self.filter(q)


class ReportQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        return self.filter(batch__in=Batch.objects.visible_to(user))

    def editable_by(self, user):
        return self.filter(batch__in=Batch.objects.editable_by(user))


class Batch(models.Model):
    """Published annual reports uploaded and analysed together, e.g. 2025年度各县报告.

    The upload stores the files; the reports are read afterwards, one by one, in the background
    (``actions.process_batch``): queued → running → done.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being analysed")
        DONE = "done", _("done")

    agency = models.ForeignKey(
        "org.Agency",
        models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
        help_text=_("The agency whose batch this is: the uploader's agency."),
    )
    name = models.CharField(_("batch name"), max_length=120, help_text=_("E.g. 2025年度各县报告."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        editable=False,
        help_text=_("Queued on upload, being analysed while its reports are read, done when all are."),
    )
    claimed_at = models.DateTimeField(
        _("last worked on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a run last took a report of the batch; a run silent for long is taken over."),
    )
    finished_at = models.DateTimeField(_("analysis finished"), null=True, blank=True, editable=False)

    objects = BatchQuerySet.as_manager()

    scope_field = "agency"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("batch of analysed reports")
        verbose_name_plural = _("batches of analysed reports")
        indexes = [
            models.Index(fields=["agency", "created_at"], name="analyzer_batch_agency_idx"),
            models.Index(fields=["status", "claimed_at"], name="analyzer_batch_status_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def done(self) -> bool:
        return self.status == self.Status.DONE


def report_upload_to(report: AnalyzedReport, filename: str) -> str:
    suffix = "".join(c for c in (filename.rsplit(".", 1)[-1] if "." in filename else "") if c.isalnum())[:8]
    return f"analyzer/{report.batch_id}/{report.sha256}{'.' + suffix.lower() if suffix else ''}"


class AnalyzedReport(models.Model):
    """One uploaded report and what the analyzer read from it (or why it could not)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        ANALYSED = "analysed", _("analysed")
        FAILED = "failed", _("could not be read")

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        COUNTY = "county", _("county")
        TOWNSHIP = "township", _("township")
        DEPARTMENT = "department", _("department")

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="reports", verbose_name=_("batch"))
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Order of upload."))
    source_name = models.CharField(
        _("file name"), max_length=255, help_text=_("As uploaded; zip!member for a file in a zip.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=255, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("error"), blank=True, help_text=_("Why the file could not be read."))
    title = models.CharField(_("report title"), max_length=300, blank=True)
    government = models.CharField(
        _("government or body"),
        max_length=200,
        blank=True,
        help_text=_("The issuing government or body, resolved against the region registry where it can be, e.g. "
                    "忻州市繁峙县人民政府."),
    )
    region_code = models.CharField(
        _("region code"), max_length=12, blank=True,
        help_text=_("The GB/T 2260 code of the body's place (a township's county), when the registry resolves it."),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year reported on"), null=True, blank=True)
    figures = models.PositiveIntegerField(_("figures"), default=0, help_text=_("Quantitative results found."))
    checks_passed = models.PositiveSmallIntegerField(_("checks passed"), default=0)
    checks_failed = models.PositiveSmallIntegerField(_("checks failed"), default=0)
    result = models.JSONField(
        _("analysis"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The analyzer's result in its JSON-lines shape: sections, indicators, checks, errors."),
    )
    text = models.TextField(
        _("text"), blank=True, editable=False, help_text=_("The text as read from the file.")
    )
    analysed_at = models.DateTimeField(_("analysed"), null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(
        _("taken for analysis"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a run took the report; another run takes it over only when this is long past."),
    )

    objects = ReportQuerySet.as_manager()

    scope_field = "batch__agency"

    class Meta:
        ordering = ["batch", "position", "pk"]
        verbose_name = _("analysed report")
        verbose_name_plural = _("analysed reports")
        indexes = [
            models.Index(fields=["government", "year"], name="analyzer_report_body_idx"),
            models.Index(fields=["batch", "status", "position"], name="analyzer_report_todo_idx"),
        ]

    def __str__(self):
        return self.title or self.source_name

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def partial(self) -> bool:
        """True when the analyzer judged the text a partial copy (an excerpt, a page cut off): what it does not
        show may be in the rest, so it is "not seen", never "missing". Read from the stored result."""
        return (self.result or {}).get("complete") is False

    def contents(self) -> list[tuple[str, str, bool | None]]:
        """Return (code, label, present) for each of the five mandated contents; ``present`` is None for a
        content a partial copy does not show (not seen rather than missing)."""
        found = {s.get("category") for s in (self.result or {}).get("sections") or []}
        unseen = None if self.partial else False
        return [(code, label, True if code in found else unseen) for code, label in CONTENTS]
