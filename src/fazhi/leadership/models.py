"""The records of the principal leaders' duty to lead the building of the rule of law (党政主要负责人履行推进法治建设第一责任人
职责): their duty lists, the meetings and study sessions of the body they lead, their year-end report on law (述法) and
its evaluation, and their written instructions (批示) with the follow-up.

The rules (legal-rules §8.3, §9):

- 《党政主要负责人履行推进法治建设第一责任人职责规定》 (2016; its number UNCONFIRMED, §13 item 8) makes the principal
  leaders of Party committees and governments answer for the rule of law in their area: they put it on the agenda of
  the standing committee and the executive meeting, study law, and report on it; the duty lists (职责清单) kept locally
  follow it. A list is versioned: a new version supersedes the one before, which stays in the ledger;
- the 中央全面依法治国委员会's 2021 opinion puts the leaders' 述法 into their year-end performance report (年终述职),
  with an evaluation (述法评议) in local practice; when the 述法 of a year is due is local practice (UNCONFIRMED: the
  setting ``FAZHI_LEADERSHIP_SHUFA_DUE``);
- 法治宣传教育法 (in force 2025-11-01) has how leading officials study and use law go into their annual report (its
  article UNCONFIRMED): the study sessions and the 述法 here are what part three of the annual report states;
- a leader's instruction (批示) is followed up and reported on by the day it sets, else within the local period
  (UNCONFIRMED: the deadline rule ``leadership.instruction_follow_up``, its length the province's).

Every record belongs to the body whose leaders it concerns (``agency``): the county's Party committee, its
government, a department, a township. Only that body's records go into its annual report.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord

#: The first year the ledger keeps: the 2016 rule on the principal leaders' duty was issued at the end of 2016.
FIRST_YEAR = 2016
#: 法治宣传教育法: in force from this day (legal-rules §8.3).
EDUCATION_LAW_IN_FORCE = dt.date(2025, 11, 1)


class DutyList(LedgerRecord):
    """A principal leader's list of duties to lead the building of the rule of law (第一责任人职责清单), in one version."""

    class Status(models.TextChoices):
        CURRENT = "current", _("in force")
        SUPERSEDED = "superseded", _("superseded by a later version")

    title = models.CharField(_("title"), max_length=200,
                             help_text=_("The list's title, such as the post's duty list and its version."))
    post = models.CharField(_("post"), max_length=60,
                            help_text=_("The principal leader's post (县委书记, 县长, 局长…); each post has one list in "
                                        "force."))
    leader = models.CharField(_("principal leader"), max_length=60, help_text=_("The leader holding the post."))
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CURRENT)
    adopted_on = models.DateField(_("adopted on"))
    items = models.TextField(_("duties"), help_text=_("One duty a line."))
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True, editable=False)
    superseded_by = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+",
                                      editable=False, verbose_name=_("superseded by"))
    shufa_due = models.DateField(
        _("述法 due"), null=True, blank=True, editable=False,
        help_text=_("The day the 述法 of the earliest year without one is due, at the year-end report (2021 opinion "
                    "of the Central Commission for Law-Based Governance; the day is the setting "
                    "FAZHI_LEADERSHIP_SHUFA_DUE, UNCONFIRMED)."),
    )

    class Meta:
        verbose_name = _("duty list")
        verbose_name_plural = _("duty lists")
        ordering = ["-adopted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "post", "version"], name="leadership_duty_version"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="leadership_duty_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="leadership_duty_agency"),
            models.Index(fields=["status", "next_deadline"], name="leadership_duty_deadline"),
        ]

    def __str__(self):
        return f"{self.title}（{self.version}）"

    @property
    def duties(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]

    def compute_next_deadline(self) -> dt.date | None:
        """The 述法 due while the list is in force."""
        return self.shufa_due if self.status == self.Status.CURRENT else None


class Meeting(LedgerRecord):
    """A meeting of the body's leaders that studied the rule of law (常委会、常务会议、依法治县委会议、专题会议)."""

    class Kind(models.TextChoices):
        STANDING_COMMITTEE = "standing_committee", _("Party standing committee meeting (党委常委会会议)")
        EXECUTIVE = "executive", _("government executive meeting (政府常务会议)")
        LAW_COMMITTEE = "law_committee", _("rule-of-law committee meeting (依法治县委员会会议)")
        PARTY_GROUP = "party_group", _("Party group meeting (党组会议)")
        OFFICE = "office", _("director's office meeting (局长办公会议)")
        SPECIAL = "special", _("special meeting (专题会议)")

    class Status(models.TextChoices):
        HELD = "held", _("held")

    title = models.CharField(_("meeting"), max_length=200,
                             help_text=_("As the minutes name it: 县委常委会2026年第5次会议."))
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.HELD)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=300, help_text=_("What the meeting studied (议题)."))
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("What the meeting decided."))
    on_law = models.BooleanField(
        _("studied the rule of law (专题研究法治建设)"), default=True,
        help_text=_("The meeting studied the building of the rule of law or law-based government as a topic of its "
                    "own (2016 rule on the principal leaders' duty)."),
    )
    chaired_by = models.CharField(_("chaired by"), max_length=60, blank=True)
    minutes_number = models.CharField(_("minutes"), max_length=80, blank=True,
                                      help_text=_("The number of the minutes (会议纪要); attach them on the page."))

    class Meta:
        verbose_name = _("leaders' meeting")
        verbose_name_plural = _("leaders' meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="leadership_meeting_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="leadership_meeting_agency"),
            models.Index(fields=["agency", "kind", "held_on"], name="leadership_meeting_year"),
        ]

    def __str__(self):
        return self.title


class StudySession(LedgerRecord):
    """A session in which the body's leaders studied law (会前学法、中心组学法、法治讲座、宪法宣誓)."""

    class Kind(models.TextChoices):
        PRE_MEETING = "pre_meeting", _("study before a meeting (会前学法)")
        CENTRAL_GROUP = "central_group", _("central study group on law (中心组学法)")
        LECTURE = "lecture", _("rule-of-law lecture (法治讲座)")
        OATH = "oath", _("constitutional oath (宪法宣誓)")

    class Status(models.TextChoices):
        HELD = "held", _("held")

    title = models.CharField(_("what was studied"), max_length=300,
                             help_text=_("The law or the topic studied."))
    kind = models.CharField(_("kind of study"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.HELD)
    held_on = models.DateField(_("held on"))
    speaker = models.CharField(_("speaker"), max_length=120, blank=True,
                               help_text=_("Who taught or led the study; a lecture names its speaker."))
    attendees = models.PositiveIntegerField(_("attendees"), validators=[MinValueValidator(1)])
    meeting = models.CharField(_("before the meeting"), max_length=200, blank=True,
                               help_text=_("The meeting a study before a meeting opened."))

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="leadership_study_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="leadership_study_agency"),
            models.Index(fields=["agency", "kind", "held_on"], name="leadership_study_year"),
        ]

    def __str__(self):
        return self.title


class LawReport(LedgerRecord):
    """A principal leader's report on the rule of law at the year-end performance report (述法), and its evaluation
    (述法评议)."""

    class Form(models.TextChoices):
        MEETING = "meeting", _("at a 述法 meeting (会议述法)")
        PERFORMANCE = "performance", _("within the year-end performance report (述职述法)")
        WRITTEN = "written", _("in writing (书面述法)")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("good (好)")
        GOOD = "good", _("fairly good (较好)")
        FAIR = "fair", _("fair (一般)")
        POOR = "poor", _("poor (差)")

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported, awaiting evaluation")
        EVALUATED = "evaluated", _("evaluated (述法评议)")

    title = models.CharField(_("title"), max_length=200, help_text=_("The report's title."))
    post = models.CharField(_("post"), max_length=60)
    leader = models.CharField(_("principal leader"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year reported on"), validators=[MinValueValidator(FIRST_YEAR),
                                                                                MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    reported_on = models.DateField(_("reported on"))
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    summary = models.TextField(_("what was reported"), help_text=_("The duties performed, the study and use of law, "
                                                                   "the problems and the next steps."))
    study_and_use = models.BooleanField(
        _("reports the study and use of law"), default=True,
        help_text=_("Law on Legal Publicity and Education (in force 2025-11-01): how leading officials study and use "
                    "law goes into their annual report."),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False,
                              help_text=_("The day the 述法 of the year was due (setting FAZHI_LEADERSHIP_SHUFA_DUE)."))
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluated_by = models.CharField(_("evaluated by"), max_length=120, blank=True,
                                    help_text=_("The body that evaluated the report (依法治县委员会, the standing "
                                                "committee…)."))
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    evaluation = models.TextField(_("evaluation (述法评议)"), blank=True)

    class Meta:
        verbose_name = _("述法 report")
        verbose_name_plural = _("述法 reports")
        ordering = ["-year", "-reported_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "post", "year"], name="leadership_shufa_year"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="leadership_shufa_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="leadership_shufa_agency"),
            models.Index(fields=["agency", "year"], name="leadership_shufa_year_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def late(self) -> bool:
        return bool(self.due_on and self.reported_on and self.reported_on > self.due_on)


class Instruction(LedgerRecord):
    """A principal leader's written instruction (批示) on the rule of law, followed up and reported on by its due
    day."""

    class Status(models.TextChoices):
        OPEN = "open", _("being followed up")
        REPORTED = "reported", _("follow-up reported")

    title = models.CharField(_("subject"), max_length=200, help_text=_("What the instruction is about."))
    leader = models.CharField(_("leader"), max_length=60)
    post = models.CharField(_("post"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"))
    text = models.TextField(_("instruction (批示)"))
    due_given = models.DateField(_("follow-up due (as instructed)"), null=True, blank=True,
                                 help_text=_("The day the instruction set, if any."))
    follow_up_due = models.DateField(
        _("follow-up due"), null=True, blank=True, editable=False,
        help_text=_("The day the instruction set, else the local period from its issue (deadline rule "
                    "leadership.instruction_follow_up; UNCONFIRMED)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reported_on = models.DateField(_("follow-up reported on"), null=True, blank=True)
    report = models.TextField(_("follow-up report"), blank=True, help_text=_("What was done on the instruction."))

    class Meta:
        verbose_name = _("leader's instruction")
        verbose_name_plural = _("leaders' instructions")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="leadership_instr_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="leadership_instr_agency"),
            models.Index(fields=["status", "next_deadline"], name="leadership_instr_deadline"),
        ]

    def __str__(self):
        return self.title

    @property
    def late(self) -> bool:
        """Whether the follow-up was reported after its due day."""
        return bool(self.reported_on and self.follow_up_due and self.reported_on > self.follow_up_due)

    def compute_next_deadline(self) -> dt.date | None:
        return self.follow_up_due if self.status == self.Status.OPEN else None


def shufa_due_day() -> tuple[int, int]:
    """(month, day) of the year after the year reported on by which its 述法 is given: the setting
    ``FAZHI_LEADERSHIP_SHUFA_DUE`` (MM-DD; UNCONFIRMED local practice of the year-end report)."""
    text = str(getattr(settings, "FAZHI_LEADERSHIP_SHUFA_DUE", "01-31"))
    month, day = (int(part) for part in text.split("-"))
    return month, day


def shufa_due_of_year(year: int) -> dt.date:
    """The day the 述法 on ``year`` is due: at the year-end report, by the setting's day of the year after."""
    month, day = shufa_due_day()
    return dt.date(year + 1, month, day)
