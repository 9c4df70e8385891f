"""Public consultation (公开征求意见) on a draft normative document or a draft major decision.

A ``Consultation`` belongs to the record it consults on (``target``: a 规范性文件 or a 重大行政决策) and to
its drafting agency. The portal shows it while open; anyone may comment, optionally on one paragraph; staff
moderate; after the window the drafting agency records what it adopted and why not (采纳情况), which the
portal publishes.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager


class Consultation(LedgerRecord):
    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("open for comment")
        CLOSED = "closed", _("closed")
        CONCLUDED = "concluded", _("feedback published")

    class Kind(models.TextChoices):
        # Each kind names the clock rule of its minimum period (fazhi.clock.rules).
        NORMATIVE = "normative", _("normative document (≥ 7 working days)")
        MARKET = "market", _("normative document concerning market entities (≥ 30 days)")
        DECISION = "decision", _("major administrative decision (≥ 30 days)")

    target_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+", verbose_name=_("record type"))
    target_id = models.PositiveBigIntegerField(_("record"))
    target = GenericForeignKey("target_type", "target_id")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title of the draft"), max_length=200)
    body = models.TextField(_("draft text"), help_text=_("Paragraphs separated by a blank line; comments may cite one."))
    explanation = models.TextField(_("explanatory note (起草说明)"), blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    shortened_reason = models.TextField(
        _("reason for a shorter period"), blank=True,
        help_text=_("Required when the period is shorter than the legal minimum (重大行政决策程序暂行条例 第15条)."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    feedback = models.TextField(_("adoption of comments (采纳情况)"), blank=True)
    concluded_on = models.DateField(_("feedback published on"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["status", "closes_on"])]

    def __str__(self):
        return self.title

    @property
    def ended_on(self):
        """The last day comments were taken: the day it was closed, when that was before its announced end."""
        if self.closed_on is not None and self.closed_on < self.closes_on:
            return self.closed_on
        return self.closes_on

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The period cannot end before it starts.")})

    def compute_next_deadline(self):
        if self.status == self.Status.OPEN:
            return self.closes_on
        return None

    @property
    def rule_code(self) -> str:
        return f"consultation.{self.kind}"

    def is_open_on(self, day) -> bool:
        return self.status == self.Status.OPEN and self.opens_on <= day <= self.closes_on

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Comment(models.Model):
    """A comment from the public (or an organisation) on an open draft."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        PUBLISHED = "published", _("published")
        HIDDEN = "hidden", _("hidden")

    class Adoption(models.TextChoices):
        UNDECIDED = "", _("not yet considered")
        ADOPTED = "adopted", _("adopted")
        PARTLY = "partly", _("partly adopted")
        NOT_ADOPTED = "not_adopted", _("not adopted")

    consultation = models.ForeignKey(Consultation, models.PROTECT, related_name="comments",
                                     verbose_name=_("consultation"))
    paragraph = models.PositiveSmallIntegerField(
        _("paragraph"), null=True, blank=True,
        help_text=_("Number of the paragraph commented on, from 1; empty for the draft as a whole."),
    )
    author_name = models.CharField(_("commenter's name"), max_length=60, blank=True)
    contact = models.CharField(_("contact (not published)"), max_length=120, blank=True)
    text = models.TextField(_("comment"))
    text_digest = models.CharField(_("text fingerprint"), max_length=64, blank=True, editable=False,
                                   help_text=_("A hash of the normalised text, to refuse the same comment twice."))
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    client_hash = models.CharField(_("client fingerprint"), max_length=64, blank=True, editable=False,
                                   help_text=_("A hash of the address, for rate limits; never the address itself."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    adoption = models.CharField(_("adoption"), max_length=12, choices=Adoption.choices, blank=True, default="")
    adoption_reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager()

    scope_field = "consultation__agency"

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        indexes = [
            models.Index(fields=["consultation", "client_hash", "created_at"]),
            models.Index(fields=["consultation", "text_digest"]),
            models.Index(fields=["consultation", "status"]),
        ]

    def __str__(self):
        return self.text[:40]
