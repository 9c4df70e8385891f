"""Legal advisers and public-sector lawyers (法律顾问、公职律师) an agency engages, their legal opinions (法律意见) and
their attendance at meetings, and the legality review of the agency's contracts (合同合法性审查).

The rules (legal-rules §2.2 item 6, §8.3, §9):

- a major decision's legality review hears the opinions of the legal advisers and public-sector lawyers
  (重大行政决策程序暂行条例 第25–28条); the implementation outline for law-based government (《法治政府建设实施纲要
  (2021—2025年)》, 中发〔2021〕33号) and the county demonstration indicators (示范指标体系 2021) expect the adviser
  system in every government and department (the paragraph and indicator numbers: UNCONFIRMED, legal-rules §9);
- an adviser is engaged for a term (a person, a lawyer or a law firm, 法律顾问), or is one of the agency's own staff
  holding a public-sector lawyer's licence (公职律师证); the ledger reminds of a term ending
  (``FAZHI_ADVISERS_TERM_REMINDER_DAYS``, local practice);
- an agency reviews the legality of a contract before signing it; the time it takes is the province's, in working
  days (UNCONFIRMED nationally: the rule ``advisers.contract_review`` and the setting
  ``FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS``), and a review answered after it is late.

The owning agency (``agency``) is the government, department or township that engages the adviser or reviews the
contract; an opinion links to a record of that agency only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager


class Adviser(LedgerRecord):
    """A legal adviser or public-sector lawyer of the owning agency, for a term."""

    class Kind(models.TextChoices):
        ADVISER = "adviser", _("legal adviser (法律顾问)")
        PUBLIC_LAWYER = "public_lawyer", _("public-sector lawyer (公职律师)")

    class Form(models.TextChoices):
        PERSON = "person", _("a person")
        FIRM = "firm", _("a law firm")

    class Status(models.TextChoices):
        ENGAGED = "engaged", _("engaged")
        ENDED = "ended", _("engagement ended")

    name = models.CharField(_("name"), max_length=200,
                            help_text=_("The person, or the law firm engaged as a whole."))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    engaged_as = models.CharField(_("engaged as"), max_length=8, choices=Form.choices, default=Form.PERSON)
    firm = models.CharField(_("law firm or employer"), max_length=200, blank=True,
                            help_text=_("The law firm a lawyer practises in, or the unit a public-sector lawyer "
                                        "works in."))
    licence_number = models.CharField(
        _("licence number"), max_length=30, blank=True,
        help_text=_("The public-sector lawyer's licence (公职律师证), or the lawyer's practising licence."),
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ENGAGED)
    engaged_from = models.DateField(_("engaged from"))
    engaged_until = models.DateField(
        _("engaged until"),
        help_text=_("The end of the term; the home page reminds of it FAZHI_ADVISERS_TERM_REMINDER_DAYS days "
                    "ahead."),
    )
    renewed_on = models.DateField(_("last renewed on"), null=True, blank=True)
    ended_on = models.DateField(_("engagement ended on"), null=True, blank=True)
    end_reason = models.TextField(_("why the engagement ended"), blank=True)
    note = models.TextField(_("scope of the engagement"), blank=True)

    class Meta:
        verbose_name = _("legal adviser")
        verbose_name_plural = _("legal advisers")
        ordering = ["-engaged_from", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="advisers_adviser_deadline"),
            models.Index(fields=["-created_at", "-id"], name="advisers_adviser_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="advisers_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="advisers_status_created"),
            # The year's figures: the advisers an agency had engaged in a year, by kind.
            models.Index(fields=["agency", "kind", "engaged_from"], name="advisers_agency_kind"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def term_end(self) -> dt.date:
        """The day the engagement ended, or ends."""
        return self.ended_on or self.engaged_until

    def compute_next_deadline(self) -> dt.date | None:
        """The end of the term while the adviser is engaged: renew it, or record the end, by then."""
        return self.engaged_until if self.status == self.Status.ENGAGED else None


class Opinion(models.Model):
    """A legal opinion (法律意见) an adviser gave, on a record of the agency where fazhi keeps it."""

    class Subject(models.TextChoices):
        DECISION = "decision", _("a major decision (重大行政决策)")
        NORMATIVE = "normative", _("a normative document (规范性文件)")
        CONTRACT = "contract", _("a contract (合同)")
        DISPUTE = "dispute", _("a dispute or case (复议、诉讼、信访、调解)")
        OTHER = "other", _("other legal affairs (其他涉法事务)")

    adviser = models.ForeignKey(Adviser, models.PROTECT, related_name="opinions", verbose_name=_("adviser"))
    given_on = models.DateField(_("opinion given on"))
    subject_kind = models.CharField(_("what the opinion is on"), max_length=10, choices=Subject.choices)
    subject = models.CharField(_("subject"), max_length=200)
    linked_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("kind of record concerned"))
    linked_id = models.PositiveBigIntegerField(_("record concerned"), null=True, blank=True)
    linked = GenericForeignKey("linked_type", "linked_id")
    linked_label = models.CharField(_("record concerned"), max_length=250, blank=True)
    text = models.TextField(_("the opinion"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "adviser__agency"

    class Meta:
        verbose_name = _("legal opinion")
        verbose_name_plural = _("legal opinions")
        ordering = ["given_on", "pk"]
        indexes = [
            models.Index(fields=["adviser", "given_on"], name="advisers_opinion_adviser"),
            models.Index(fields=["linked_type", "linked_id"], name="advisers_opinion_linked"),
        ]

    def __str__(self):
        return f"{self.given_on.isoformat()} {self.subject}"


class Attendance(models.Model):
    """An adviser's attendance at a meeting of the agency (列席会议)."""

    adviser = models.ForeignKey(Adviser, models.PROTECT, related_name="attendances", verbose_name=_("adviser"))
    held_on = models.DateField(_("meeting held on"))
    meeting = models.CharField(_("meeting"), max_length=200,
                               help_text=_("An executive meeting (常务会议), an office meeting, a hearing…"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "adviser__agency"

    class Meta:
        verbose_name = _("attendance at a meeting")
        verbose_name_plural = _("attendance at meetings")
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["adviser", "held_on"], name="advisers_attendance_adviser")]

    def __str__(self):
        return f"{self.held_on.isoformat()} {self.meeting}"


class ContractReview(LedgerRecord):
    """A contract the owning agency is to sign, sent for legality review (合同合法性审查), and the opinion."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("under review")
        REVIEWED = "reviewed", _("opinion given")

    class Verdict(models.TextChoices):
        APPROVE = "approve", _("approved")
        CHANGES = "changes", _("approved with changes")
        REJECT = "reject", _("not approved")

    number = models.CharField(_("review number"), max_length=40,
                              help_text=_("The review's number in the owning agency's register, unique there."))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.RECEIVED)
    contract_name = models.CharField(_("contract"), max_length=200)
    counterparty = models.CharField(_("other party"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    submitted_by = models.CharField(_("sent by"), max_length=200, blank=True,
                                    help_text=_("The office of the agency that sent the contract for review."))
    received_on = models.DateField(_("received for review on"))
    review_due = models.DateField(
        _("review due"), null=True, blank=True, editable=False,
        help_text=_("The province's time in working days from receipt (the rule advisers.contract_review), else "
                    "FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS; UNCONFIRMED nationally."),
    )
    reviewer = models.CharField(_("reviewer"), max_length=200, blank=True,
                                help_text=_("The legal department's reviewer, adviser or public-sector lawyer."))
    verdict = models.CharField(_("opinion"), max_length=8, choices=Verdict.choices, blank=True)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    opinion_text = models.TextField(_("the review opinion"), blank=True)

    class Meta:
        verbose_name = _("contract legality review")
        verbose_name_plural = _("contract legality reviews")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="advisers_contract_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="advisers_contract_deadline"),
            models.Index(fields=["-created_at", "-id"], name="advisers_contract_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="advisers_contract_agency"),
            models.Index(fields=["status", "-created_at", "-id"], name="advisers_contract_status"),
            models.Index(fields=["agency", "opinion_on"], name="advisers_contract_year"),
        ]

    def __str__(self):
        return f"{self.number} {self.contract_name}"

    @property
    def was_late(self) -> bool:
        """Whether the opinion came after the review was due."""
        return bool(self.opinion_on and self.review_due and self.opinion_on > self.review_due)

    def compute_next_deadline(self) -> dt.date | None:
        """The day the review is due while it runs."""
        return self.review_due if self.status == self.Status.RECEIVED else None


def contract_review_days() -> int:
    """Working days for a contract's legality review where the province sets none: the setting
    ``FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS`` (UNCONFIRMED nationally)."""
    return max(int(getattr(settings, "FAZHI_ADVISERS_CONTRACT_REVIEW_DAYS", 7)), 1)


def term_reminder_days() -> int:
    """Days ahead a term's end is reminded of: the setting ``FAZHI_ADVISERS_TERM_REMINDER_DAYS``."""
    return max(int(getattr(settings, "FAZHI_ADVISERS_TERM_REMINDER_DAYS", 30)), 1)
