"""The enforcement file review (行政执法案卷评查): the rule-of-law office scores a sample of the departments' closed
penalty case files against a rubric, and the departments rectify what it finds.

- a **rubric** (评查标准) belongs to the office: items grouped by section (the body, the facts, the evidence, the
  law applied, the procedure, the documents, the discretion, the archive), each with its maximum score and whether
  failing it vetoes the file (一票否决); the pass mark is the rubric's (80 of 100 by default). A rubric in force is
  never changed: a revision is a new version, drafted, then adopted, and a campaign keeps the version it used;
- a **campaign** (评查活动) reviews the files of a year of chosen enforcement bodies. It draws a **sample**: a share
  of each body's cases closed in the year (FAZHI_FILEREVIEW_SAMPLE_PERCENT, UNCONFIRMED 5 %), at least a minimum
  per body (3, or all when fewer), by ``random.Random(seed)`` over the cases sorted by id; the seed is stored and
  shown so that anyone may repeat the draw. A new draw needs a reason; the old sample is kept, superseded;
- each sampled **file** is scored item by item by the campaign's reviewers (office staff), once per reviewer;
- the campaign sends the **results** to the reviewed departments once every file is scored, with the
  **rectification items** (整改事项) each must complete by its due date, then publishes its report to them.

``agency`` is the office for a rubric, a campaign and a sample, and the reviewed department for a file, a score and a
rectification item: the department reads those of its own, once the results are sent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager

#: The marks a rubric's items add up to.
FULL_MARKS = Decimal(100)
DEFAULT_PASS_MARK = Decimal(80)
#: The fewest files of a body a campaign samples (all of them when the body closed fewer).
DEFAULT_MINIMUM = 3
#: Days from the sending of the results within which a department completes a rectification item.
DEFAULT_RECTIFICATION_DAYS = 30


def sample_percent() -> Decimal:
    """The share of each body's closed cases a campaign samples, in per cent (a setting: UNCONFIRMED default 5).

    Raises ``ImproperlyConfigured`` unless the setting is a number above 0 and at most 100.
    """
    value = getattr(settings, "FAZHI_FILEREVIEW_SAMPLE_PERCENT", 5)
    try:
        percent = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ImproperlyConfigured(f"FAZHI_FILEREVIEW_SAMPLE_PERCENT={value!r} is not a number.") from None
    if not percent.is_finite() or not Decimal(0) < percent <= Decimal(100):
        raise ImproperlyConfigured(f"FAZHI_FILEREVIEW_SAMPLE_PERCENT={value}: a share is above 0 and at most 100.")
    return percent


class Section(models.TextChoices):
    """The sections of a rubric, in the order a file is read."""

    SUBJECT = "subject", _("lawful enforcement body (主体合法)")
    FACTS = "facts", _("facts clearly established (事实清楚)")
    EVIDENCE = "evidence", _("conclusive evidence (证据确凿)")
    LAW = "law", _("correct application of the law (适用法律正确)")
    PROCEDURE = "procedure", _("lawful procedure (程序合法)")
    DOCUMENTS = "documents", _("standard documents (文书规范)")
    DISCRETION = "discretion", _("appropriate discretion (裁量适当)")
    ARCHIVE = "archive", _("standard archiving (归档规范)")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class Rubric(LedgerRecord):
    """One version of a rule-of-law office's scoring rubric (评查标准)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_FORCE = "in_force", _("in force")
        RETIRED = "retired", _("replaced by a later version")

    name = models.CharField(_("name"), max_length=120)
    version = models.PositiveSmallIntegerField(_("version"), editable=False)
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=5, decimal_places=1, default=DEFAULT_PASS_MARK,
        help_text=_("A file passes with at least this total and no veto item failed."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="revisions", editable=False,
        verbose_name=_("revises"),
    )
    adopted_on = models.DateField(_("in force since"), null=True, blank=True)
    retired_on = models.DateField(_("replaced on"), null=True, blank=True)

    class Meta:
        verbose_name = _("review rubric")
        verbose_name_plural = _("review rubrics")
        ordering = ["agency", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="filereview_rubric_version"),
            models.UniqueConstraint(fields=["agency"], condition=Q(status="in_force"),
                                    name="filereview_rubric_one_in_force"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return f"{self.name}（{self.version}）"

    def ordered_items(self) -> list[RubricItem]:
        """The items by section, then by their position."""
        return sorted(self.items.all(), key=lambda item: (SECTION_ORDER.get(item.section, 99), item.position, item.pk))

    def total_marks(self) -> Decimal:
        return sum((item.max_score for item in self.items.all()), Decimal(0))


class RubricItem(models.Model):
    """One thing a reviewer checks in a file, with its marks; failing a veto item fails the file (一票否决)."""

    rubric = models.ForeignKey(Rubric, models.PROTECT, related_name="items", verbose_name=_("rubric"))
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("what is checked"), max_length=300)
    max_score = models.DecimalField(_("maximum score"), max_digits=5, decimal_places=1)
    veto = models.BooleanField(
        _("veto item"), default=False,
        help_text=_("Failing this item fails the file whatever its total (一票否决)."),
    )

    objects = ScopedManager()
    scope_field = "rubric__agency"

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["rubric", "position", "pk"]

    def __str__(self):
        return self.text


class Campaign(LedgerRecord):
    """A review of a year's closed penalty case files of chosen enforcement bodies, run by a rule-of-law office."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SAMPLED = "sampled", _("sample drawn")
        REVIEWING = "reviewing", _("under review")
        RESULTS_SENT = "results_sent", _("results sent to the agencies")
        PUBLISHED = "published", _("report published to the agencies")

    SENT_STATUSES = (Status.RESULTS_SENT, Status.PUBLISHED)

    year = models.PositiveSmallIntegerField(_("year reviewed"), help_text=_("The cases closed in this year."))
    title = models.CharField(_("title"), max_length=200)
    rubric = models.ForeignKey(Rubric, models.PROTECT, related_name="campaigns", verbose_name=_("rubric"))
    bodies = models.ManyToManyField("enforcement.EnforcementBody", related_name="+",
                                    verbose_name=_("enforcement bodies reviewed"))
    sample_percent = models.DecimalField(
        _("share sampled (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Empty: the setting FAZHI_FILEREVIEW_SAMPLE_PERCENT."),
    )
    minimum_per_body = models.PositiveSmallIntegerField(
        _("minimum files per body"), default=DEFAULT_MINIMUM,
        help_text=_("Each body gives at least this many files, or all of them when it closed fewer."),
    )
    rectification_days = models.PositiveSmallIntegerField(
        _("days to rectify"), default=DEFAULT_RECTIFICATION_DAYS,
        help_text=_("A rectification item is due this many days after the results are sent, unless it says "
                    "otherwise."),
    )
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True,
                                       verbose_name=_("reviewers"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    seed = models.CharField(_("seed of the sample"), max_length=32, blank=True, editable=False)
    opened_on = models.DateField(_("opened on"))
    sampled_on = models.DateField(_("sampled on"), null=True, blank=True)
    review_started_on = models.DateField(_("review started on"), null=True, blank=True)
    results_sent_on = models.DateField(_("results sent on"), null=True, blank=True)
    published_on = models.DateField(_("report published on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True,
                              help_text=_("The findings of the campaign, published to the agencies reviewed."))

    class Meta:
        verbose_name = _("file review campaign")
        verbose_name_plural = _("file review campaigns")
        ordering = ["-year", "-opened_on", "-pk"]
        indexes = [models.Index(fields=["agency", "year"]), models.Index(fields=["status", "year"])]

    def __str__(self):
        return self.title

    @property
    def percent(self) -> Decimal:
        """The share sampled: the campaign's own, else the setting."""
        return self.sample_percent if self.sample_percent is not None else sample_percent()

    @property
    def results_sent(self) -> bool:
        return self.status in self.SENT_STATUSES


class Sample(LedgerRecord):
    """One draw of a campaign's files: the seed, the share, the cases it drew from and those it drew.

    ``candidates`` and ``result`` map a body's id (as text) to case ids, so that the draw can be repeated.
    """

    class Status(models.TextChoices):
        CURRENT = "current", _("current")
        SUPERSEDED = "superseded", _("superseded by a new draw")

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="samples", verbose_name=_("campaign"))
    seed = models.CharField(_("seed"), max_length=32)
    drawn_on = models.DateField(_("drawn on"))
    percent = models.DecimalField(_("share sampled (%)"), max_digits=5, decimal_places=2)
    minimum = models.PositiveSmallIntegerField(_("minimum files per body"))
    candidates = models.JSONField(_("cases drawn from"), default=dict, editable=False)
    result = models.JSONField(_("cases drawn"), default=dict, editable=False)
    reason = models.TextField(_("reason for drawing again"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CURRENT)
    superseded_by = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+",
                                      editable=False, verbose_name=_("superseded by"))

    class Meta:
        verbose_name = _("file review sample")
        verbose_name_plural = _("file review samples")
        ordering = ["campaign", "-drawn_on", "-pk"]

    def __str__(self):
        return f"{self.campaign} · {self.seed}"


class ReviewFile(LedgerRecord):
    """A sampled case file of a campaign, with its result once scored; ``agency`` is the case's department."""

    class Status(models.TextChoices):
        TO_SCORE = "to_score", _("to be scored")
        SCORED = "scored", _("scored")

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="files", verbose_name=_("campaign"))
    sample = models.ForeignKey(Sample, models.PROTECT, related_name="files", verbose_name=_("sample"))
    case = models.ForeignKey("penalties.Case", models.PROTECT, related_name="+", verbose_name=_("case"))
    body = models.ForeignKey("enforcement.EnforcementBody", models.PROTECT, related_name="+",
                             verbose_name=_("enforcement body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TO_SCORE)
    total = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True,
                                help_text=_("The mean of the reviewers' totals."))
    vetoed = models.BooleanField(_("veto item failed"), default=False)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewed case file")
        verbose_name_plural = _("reviewed case files")
        ordering = ["campaign", "body__name", "case__number", "pk"]
        constraints = [models.UniqueConstraint(fields=["sample", "case"], name="filereview_file_once")]
        indexes = [models.Index(fields=["agency", "campaign"]), models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.campaign} · {self.case.number}"

    @property
    def title(self) -> str:
        return str(self.case)


class Score(LedgerRecord):
    """One reviewer's scoring of a file, item by item; ``agency`` is the file's department."""

    file = models.ForeignKey(ReviewFile, models.PROTECT, related_name="scores", verbose_name=_("case file"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("reviewer"))
    scored_on = models.DateField(_("scored on"))
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    vetoed = models.BooleanField(_("veto item failed"), default=False)
    passed = models.BooleanField(_("passed"), default=False)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("file score")
        verbose_name_plural = _("file scores")
        ordering = ["file", "scored_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["file", "reviewer"], condition=Q(withdrawn_at__isnull=True),
                                               name="filereview_score_once_per_reviewer")]

    def __str__(self):
        return f"{self.file} · {self.reviewer}"


class ScoreLine(models.Model):
    """The points a reviewer gave one rubric item of a file, and why any were deducted."""

    score = models.ForeignKey(Score, models.PROTECT, related_name="lines", verbose_name=_("score"))
    item = models.ForeignKey(RubricItem, models.PROTECT, related_name="+", verbose_name=_("rubric item"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    failed = models.BooleanField(_("veto item failed"), default=False)
    note = models.TextField(_("reason for the deduction"), blank=True)

    objects = ScopedManager()
    scope_field = "score__agency"

    class Meta:
        verbose_name = _("score line")
        verbose_name_plural = _("score lines")
        ordering = ["score", "item__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["score", "item"], name="filereview_line_once")]

    def __str__(self):
        return f"{self.item} · {self.points}"


class Rectification(LedgerRecord):
    """Something a reviewed department must rectify (整改事项), by its due date; ``agency`` is the department."""

    class Status(models.TextChoices):
        OPEN = "open", _("to be rectified")
        DONE = "done", _("rectified")

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="rectifications",
                                 verbose_name=_("campaign"))
    file = models.ForeignKey(ReviewFile, models.PROTECT, related_name="rectifications",
                             verbose_name=_("case file"))
    description = models.TextField(_("what to rectify"))
    due_on = models.DateField(_("due on"), null=True, blank=True,
                              help_text=_("Empty: the campaign's days to rectify, from the sending of the results."))
    notified_on = models.DateField(_("sent to the agency on"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("rectified on"), null=True, blank=True)
    completion_note = models.TextField(_("how it was rectified"), blank=True)

    class Meta:
        verbose_name = _("file review rectification item")
        verbose_name_plural = _("file review rectification items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["agency", "status"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        text = " ".join(self.description.split())
        return f"{text[:40]}{'…' if len(text) > 40 else ''}"

    def compute_next_deadline(self) -> dt.date | None:
        """The due day of an open item the department has been sent (before that it is the office's draft)."""
        if self.status != self.Status.OPEN or self.notified_on is None:
            return None
        return self.due_on

    def is_overdue(self, today: dt.date) -> bool:
        return self.compute_next_deadline() is not None and self.due_on < today
