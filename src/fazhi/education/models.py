"""Legal education (普法) and officials' study of law (学法): the ledgers an agency keeps of both.

The rules (legal-rules §8.3, §9):

- 谁执法谁普法: every state organ educates its own staff and the public in the laws it enforces, by a yearly
  responsibility list (普法责任清单) it publishes (中办、国办 关于实行国家机关“谁执法谁普法”普法责任制的意见, 2017;
  its number, commonly 中办发〔2017〕31号, is UNCONFIRMED); by when in the year the list is published and when it is
  reviewed are local practice (UNCONFIRMED: settings ``FAZHI_EDUCATION_LIST_DUE`` and
  ``FAZHI_EDUCATION_LIST_REVIEW_DUE``);
- 法治宣传教育法 (adopted 2025-09-12, in force 2025-11-01): lifelong legal education, the education of state
  functionaries, and the study and use of law by leading officials entering their annual performance report (年度述职;
  article numbers UNCONFIRMED);
- 国家宪法日 (4 December) and 宪法宣传周 (1–7 December) and the other campaigns: ``campaigns``;
- the registers of 法律明白人 (village legal literates) and of 民主法治示范村（社区） (model villages and communities,
  named at national, provincial or city level and reviewed again).

Each record is owned by an agency (``agency``) and read through the organisation's scope.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.education import campaigns
from fazhi.org.managers import ScopedManager

#: 法治宣传教育法: in force on this day (legal-rules §8.3).
EDUCATION_LAW_IN_FORCE = dt.date(2025, 11, 1)


def _indexes(prefix: str, date_field: str) -> list[models.Index]:
    """The generic list's order (newest first), alone, per agency and per status, and the year's figures."""
    return [
        models.Index(fields=["-created_at", "-id"], name=f"edu_{prefix}_created"),
        models.Index(fields=["agency", "-created_at", "-id"], name=f"edu_{prefix}_agency_created"),
        models.Index(fields=["status", "-created_at", "-id"], name=f"edu_{prefix}_status_created"),
        models.Index(fields=["status", "next_deadline"], name=f"edu_{prefix}_deadline"),
        models.Index(fields=["agency", date_field], name=f"edu_{prefix}_agency_year"),
    ]


class ResponsibilityList(LedgerRecord):
    """An agency's legal-education responsibility list (普法责任清单) for a year, under 谁执法谁普法."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", _("drafted")
        PUBLISHED = "published", _("published")
        REVIEWED = "reviewed", _("reviewed at year end")

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2017), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFTED)
    drafted_on = models.DateField(_("drafted on"))
    publication_due = models.DateField(
        _("to be published by"), null=True, blank=True, editable=False,
        help_text=_("The day in the year set by FAZHI_EDUCATION_LIST_DUE (UNCONFIRMED local practice), moved to the "
                    "next working day when it is a day off."))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_where = models.CharField(_("published where"), max_length=200, blank=True,
                                       help_text=_("The website or notice board where the list was published."))
    review_due = models.DateField(
        _("to be reviewed by"), null=True, blank=True, editable=False,
        help_text=_("The year-end review's day set by FAZHI_EDUCATION_LIST_REVIEW_DUE (UNCONFIRMED local practice)."))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_summary = models.TextField(_("what the review found"), blank=True)

    class Meta:
        verbose_name = _("legal-education responsibility list")
        verbose_name_plural = _("legal-education responsibility lists")
        ordering = ["-year", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], condition=models.Q(withdrawn_at__isnull=True),
                                               name="education_list_one_a_year")]
        indexes = _indexes("list", "year")

    def __str__(self):
        return self.title

    def compute_next_deadline(self) -> dt.date | None:
        """The publication while the list is drafted, then its year-end review."""
        if self.status == self.Status.DRAFTED:
            return self.publication_due
        if self.status == self.Status.PUBLISHED:
            return self.review_due
        return None


class ListItem(models.Model):
    """One duty of a responsibility list: what is taught, to whom, by which unit, when."""

    responsibility_list = models.ForeignKey(ResponsibilityList, models.PROTECT, related_name="items",
                                            verbose_name=_("responsibility list"))
    matter = models.CharField(_("what is taught"), max_length=300,
                              help_text=_("The laws and regulations the agency enforces, or the theme."))
    audience = models.CharField(_("audience"), max_length=200)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200)
    timing = models.CharField(_("when"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope_field = "responsibility_list__agency"

    class Meta:
        verbose_name = _("responsibility list item")
        verbose_name_plural = _("responsibility list items")
        ordering = ["pk"]

    def __str__(self):
        return self.matter


class Activity(LedgerRecord):
    """A legal-education activity (普法活动) the agency holds: planned, then held or cancelled."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class AudienceKind(models.TextChoices):
        PUBLIC = "public", _("the public")
        STUDENTS = "students", _("pupils and students (法治进校园)")
        VILLAGERS = "villagers", _("villagers and residents")
        ENTERPRISES = "enterprises", _("enterprises and their staff")
        WORKERS = "workers", _("workers, migrant workers included")
        ELDERLY = "elderly", _("the elderly")
        OFFICIALS = "officials", _("officials and civil servants")
        OTHER = "other", _("other")

    class Method(models.TextChoices):
        LECTURE = "lecture", _("lecture (法治讲座)")
        STALL = "stall", _("street stall and consultation")
        PERFORMANCE = "performance", _("performance or exhibition")
        COMPETITION = "competition", _("competition or quiz")
        CASE = "case", _("explaining the law through a case (以案释法)")
        ONLINE = "online", _("online")
        OTHER = "other", _("other")

    title = models.CharField(_("topic"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    planned_on = models.DateField(_("planned for"))
    place = models.CharField(_("place"), max_length=200)
    audience_kind = models.CharField(_("audience"), max_length=12, choices=AudienceKind.choices)
    method = models.CharField(_("form"), max_length=12, choices=Method.choices)
    campaign = models.CharField(_("campaign"), max_length=30, choices=campaigns.CHOICES, blank=True,
                                help_text=_("A national campaign the activity is part of, held within its days."))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    audience_size = models.PositiveIntegerField(_("audience (people)"), null=True, blank=True)
    materials = models.PositiveIntegerField(_("materials handed out (copies)"), null=True, blank=True)
    online_reach = models.PositiveIntegerField(_("online reach (views)"), null=True, blank=True)
    summary = models.TextField(_("what was done"), blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it was cancelled"), blank=True)

    class Meta:
        verbose_name = _("legal-education activity")
        verbose_name_plural = _("legal-education activities")
        ordering = ["-planned_on", "-pk"]
        indexes = _indexes("activity", "held_on")

    def __str__(self):
        return self.title

    @property
    def day(self) -> dt.date:
        return self.held_on or self.planned_on


class LegalLiterate(LedgerRecord):
    """A village legal literate (法律明白人) on the register: trained, certified, or taken off the register."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        CERTIFIED = "certified", _("certified")
        REMOVED = "removed", _("taken off the register")

    name = models.CharField(_("name"), max_length=60)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED)
    village = models.CharField(_("village or community"), max_length=200)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True,
                                  help_text=_("Village cadre, grid worker, mediator, party member…"))
    trained_on = models.DateField(_("trained on"))
    certificate = models.CharField(_("certificate number"), max_length=60, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    removed_on = models.DateField(_("taken off the register on"), null=True, blank=True)
    removal_reason = models.TextField(_("why taken off the register"), blank=True)

    class Meta:
        verbose_name = _("village legal literate")
        verbose_name_plural = _("village legal literates")
        ordering = ["village", "name", "pk"]
        indexes = _indexes("literate", "trained_on")

    def __str__(self):
        return f"{self.name}（{self.village}）"


class DemonstrationVillage(LedgerRecord):
    """A democracy and rule-of-law model village or community (民主法治示范村（社区）), named at a level and reviewed."""

    class Status(models.TextChoices):
        NAMED = "named", _("named")
        CONFIRMED = "confirmed", _("confirmed on review")
        REVOKED = "revoked", _("title revoked")

    class Level(models.TextChoices):
        NATIONAL = "national", _("national (全国)")
        PROVINCIAL = "provincial", _("provincial (省级)")
        CITY = "city", _("city (市级)")

    name = models.CharField(_("village or community"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NAMED)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    named_year = models.PositiveSmallIntegerField(_("named in"),
                                                  validators=[MinValueValidator(2003), MaxValueValidator(2100)])
    named_by = models.CharField(_("named by (document)"), max_length=200, blank=True)
    reviewed_on = models.DateField(_("reviewed again on"), null=True, blank=True)
    review_note = models.TextField(_("what the review found"), blank=True)

    class Meta:
        verbose_name = _("model village or community")
        verbose_name_plural = _("model villages and communities")
        ordering = ["-named_year", "name", "pk"]
        indexes = _indexes("village", "named_year")

    def __str__(self):
        return self.name


class Course(LedgerRecord):
    """A course or training in law for officials (学法培训): planned, then held with its attendance."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    class Kind(models.TextChoices):
        COURSE = "course", _("training course (培训班)")
        LECTURE = "lecture", _("lecture")
        ONLINE = "online", _("online course")

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    planned_on = models.DateField(_("planned for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    hours = models.DecimalField(_("hours (学时)"), max_digits=5, decimal_places=1, null=True, blank=True)
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)
    teacher = models.CharField(_("teacher"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("course for officials")
        verbose_name_plural = _("courses for officials")
        ordering = ["-planned_on", "-pk"]
        indexes = _indexes("course", "held_on")

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """One official's attendance at a course (考勤)."""

    course = models.ForeignKey(Course, models.PROTECT, related_name="attendance", verbose_name=_("course"))
    person = models.CharField(_("official"), max_length=60)
    unit = models.CharField(_("unit and post"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours attended"), max_digits=5, decimal_places=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope_field = "course__agency"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["person", "pk"]

    def __str__(self):
        return self.person


class Exam(LedgerRecord):
    """An exam in law for officials (学法考试): scheduled, held, then its scores recorded."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        HELD = "held", _("held, scores awaited")
        SCORED = "scored", _("scores recorded")

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    scheduled_on = models.DateField(_("scheduled for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    takers = models.PositiveIntegerField(_("takers"), null=True, blank=True)
    scores_due = models.DateField(
        _("scores to be recorded by"), null=True, blank=True, editable=False,
        help_text=_("FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS working days after the exam (UNCONFIRMED local "
                    "practice)."))
    scored_on = models.DateField(_("scores recorded on"), null=True, blank=True)
    passed = models.PositiveIntegerField(_("passed"), null=True, blank=True)
    average_score = models.DecimalField(_("average score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("law exam for officials")
        verbose_name_plural = _("law exams for officials")
        ordering = ["-scheduled_on", "-pk"]
        indexes = _indexes("exam", "held_on")

    def __str__(self):
        return self.title

    def compute_next_deadline(self) -> dt.date | None:
        """The day the scores are due while the exam is held and unscored."""
        return self.scores_due if self.status == self.Status.HELD else None


class Score(models.Model):
    """One official's score in an exam, typed or imported from Excel."""

    exam = models.ForeignKey(Exam, models.PROTECT, related_name="scores", verbose_name=_("exam"))
    person = models.CharField(_("official"), max_length=60)
    unit = models.CharField(_("unit and post"), max_length=200, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()
    scope_field = "exam__agency"

    class Meta:
        verbose_name = _("exam score")
        verbose_name_plural = _("exam scores")
        ordering = ["-score", "person", "pk"]

    def __str__(self):
        return f"{self.person} {self.score}"


def pass_mark() -> int:
    """The score from which an official passes a law exam: FAZHI_EDUCATION_EXAM_PASS_MARK (UNCONFIRMED)."""
    return int(getattr(settings, "FAZHI_EDUCATION_EXAM_PASS_MARK", 60))


def scores_working_days() -> int:
    """Working days after an exam by which its scores are recorded (UNCONFIRMED local practice)."""
    return int(getattr(settings, "FAZHI_EDUCATION_EXAM_SCORES_WORKING_DAYS", 10))


def _month_day(name: str, default: str) -> tuple[int, int]:
    text = str(getattr(settings, name, default))
    month, day = (int(part) for part in text.split("-"))
    return month, day


def list_due_day() -> tuple[int, int]:
    """(month, day) by which an agency publishes its responsibility list for the year (UNCONFIRMED)."""
    return _month_day("FAZHI_EDUCATION_LIST_DUE", "03-31")


def list_review_day() -> tuple[int, int]:
    """(month, day) by which a list is reviewed at the end of its year (UNCONFIRMED)."""
    return _month_day("FAZHI_EDUCATION_LIST_REVIEW_DUE", "12-31")
