"""Law enforcement (行政执法), first part: enforcement bodies, officers and their certificates.

Who may enforce is the first thing the law asks of every enforcement step (legal-rules §4):

- an **enforcement body** (行政执法主体) is a statutory administrative body, an organisation authorised by law or
  regulation, or an organisation entrusted in writing by an administrative body (行政处罚法 第17、19、20条); bodies,
  officers and their powers are published before enforcement (国办发〔2018〕118号, 事前公开);
- an **officer** (执法人员) enforces in a body's name; only officers with enforcement qualification act, at least two
  at a time unless a law provides otherwise (行政处罚法 第42条), and they show their certificates (第52、55条);
- a **certificate** (行政执法证件) is issued and supervised by the province's 司法行政 department (legal-rules §4.3):
  number, area, category and validity. It is valid, suspended (暂扣) or cancelled (注销); being expired is read
  from its dates, never stored, so it needs no job to turn it;
- **training** (培训) adds hours per year towards the province's minimum, with the law exam (学法考试) score.

An officer's identity card number is kept only as far as needed to tell two namesakes apart: its last four
characters.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager

#: The checksum weights of a citizen identity number (GB 11643-1999) and the check characters.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def warning_days() -> int:
    """How many days before a certificate expires its holder's agency is warned (a setting; default 60)."""
    return int(getattr(settings, "FAZHI_ENFORCEMENT_CERTIFICATE_WARNING_DAYS", 60))


def training_hours() -> Decimal:
    """The training hours each officer needs per year: UNCONFIRMED 60 (国办发〔2023〕27号, legal-rules §4.3)."""
    return Decimal(str(getattr(settings, "FAZHI_ENFORCEMENT_TRAINING_HOURS", 60)))


def id_check_character(first17: str) -> str:
    """Return the check character of the 17 digits of a citizen identity number (GB 11643-1999)."""
    return _ID_CHECK[sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_number_problem(value: str) -> str:
    """Return why ``value`` is not an 18-character citizen identity number (GB 11643-1999), or ""."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or value[17] not in "0123456789X":
        return str(_("An identity card number has 18 characters: 17 digits and a digit or X."))
    if id_check_character(value[:17]) != value[17]:
        return str(_("The last character of this identity card number does not match the others (GB 11643-1999): "
                     "check the number."))
    return ""


def mask_id_number(value: str) -> str:
    """Return the identity card number with all but its last four characters hidden."""
    value = (value or "").strip().upper()
    return "*" * (len(value) - 4) + value[-4:] if len(value) > 4 else value


class EnforcementBody(LedgerRecord):
    """An enforcement body (行政执法主体) of an agency, with its legal basis and its domains."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("statutory administrative body")
        AUTHORISED = "authorised", _("organisation authorised by law or regulation")
        ENTRUSTED = "entrusted", _("organisation entrusted by an administrative body")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        WITHDRAWN = "withdrawn", _("no longer an enforcement body")

    name = models.CharField(_("name of the enforcement body"), max_length=120)
    kind = models.CharField(
        _("kind of body"), max_length=12, choices=Kind.choices, default=Kind.STATUTORY,
        help_text=_("行政处罚法 第17、19、20条: a statutory body, an organisation authorised by law or regulation, "
                    "or an organisation an administrative body entrusts in writing."),
    )
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("The laws, regulations and rules that set up or authorise the body."),
    )
    domains = models.TextField(_("enforcement domains"), help_text=_("The matters and powers the body enforces."))
    entrusted_by = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="entrusted_bodies",
        verbose_name=_("entrusted by"),
        help_text=_("The administrative body that entrusted this organisation (行政处罚法 第20条)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("no longer a body since"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("enforcement body")
        verbose_name_plural = _("enforcement bodies")
        ordering = ["agency__name", "name", "pk"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self):
        return self.name


class Officer(LedgerRecord):
    """An enforcement officer (执法人员) of a body of the same agency."""

    class Gender(models.TextChoices):
        NONE = "", _("not given")
        MALE = "male", _("male")
        FEMALE = "female", _("female")

    name = models.CharField(_("full name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True, default="")
    id_number = models.CharField(
        _("identity card number"), max_length=18,
        help_text=_("Kept with all but its last four characters hidden."),
    )
    position = models.CharField(_("job title"), max_length=60)
    body = models.ForeignKey(
        EnforcementBody, models.PROTECT, related_name="officers", verbose_name=_("enforcement body"),
    )
    phone = models.CharField(_("telephone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("enforcement officer")
        verbose_name_plural = _("enforcement officers")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "name"]),
            models.Index(fields=["-created_at", "-id"], name="enforcement_officer_recent"),
        ]

    def __str__(self):
        return self.name


class CertificateState(models.TextChoices):
    """How a certificate stands on a day: its status, and its dates against the day (never stored)."""

    VALID = "valid", _("valid")
    EXPIRING = "expiring", _("expiring soon")
    EXPIRED = "expired", _("expired")
    SUSPENDED = "suspended", _("withheld")
    CANCELLED = "cancelled", _("cancelled")
    NOT_YET = "not_yet", _("not yet in force")


class Certificate(LedgerRecord):
    """An enforcement certificate (行政执法证件) held by one officer."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        SUSPENDED = "suspended", _("withheld")
        CANCELLED = "cancelled", _("cancelled")

    officer = models.ForeignKey(Officer, models.PROTECT, related_name="certificates", verbose_name=_("holder"))
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    area = models.CharField(_("enforcement area"), max_length=120)
    domain = models.CharField(_("enforcement category"), max_length=120)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    issuer = models.CharField(
        _("issuing authority"), max_length=120,
        help_text=_("Usually the 司法行政 department of the province or the city, which manages certificates."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    status_reason = models.TextField(_("reason for suspension or cancellation"), blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="replaces", editable=False,
        verbose_name=_("renewed by"),
    )

    class Meta:
        verbose_name = _("enforcement certificate")
        verbose_name_plural = _("enforcement certificates")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["officer", "status", "valid_until"]),
            models.Index(fields=["status", "next_deadline"]),
        ]

    def __str__(self):
        return self.number

    @property
    def title(self) -> str:
        """The holder and the number, as reminders name the certificate."""
        return f"{self.officer.name}（{self.number}）"

    @property
    def warning_on(self) -> dt.date:
        """The day the warning period starts: ``valid_until`` minus the warning days."""
        return self.valid_until - dt.timedelta(days=warning_days())

    def compute_next_deadline(self) -> dt.date | None:
        """The last day of a certificate still valid and not yet renewed: the agenda and ``fazhi tick`` remind from
        the start of the warning period (their horizon), and it is overdue only once expired."""
        if self.status != self.Status.VALID or self.replaced_by_id or self.valid_until is None:
            return None
        return self.valid_until

    def state_on(self, day: dt.date) -> str:
        """How the certificate stands on ``day`` (a ``CertificateState``).

        A suspension or a cancellation counts from its date: before it, the dates alone decide.
        """
        S = self.Status
        if self.status == S.CANCELLED and (self.cancelled_on is None or self.cancelled_on <= day):
            return CertificateState.CANCELLED
        if self.status == S.SUSPENDED and (self.suspended_on is None or self.suspended_on <= day):
            return CertificateState.SUSPENDED
        if day < self.issued_on:
            return CertificateState.NOT_YET
        if day > self.valid_until:
            return CertificateState.EXPIRED
        if day >= self.warning_on:
            return CertificateState.EXPIRING
        return CertificateState.VALID

    def is_valid_on(self, day: dt.date) -> bool:
        return self.state_on(day) in (CertificateState.VALID, CertificateState.EXPIRING)


class Training(models.Model):
    """Hours of training an officer took, towards the year's minimum, with the law exam's score if one was sat."""

    officer = models.ForeignKey(Officer, models.PROTECT, related_name="trainings", verbose_name=_("officer"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True, editable=False)
    course = models.CharField(_("course"), max_length=200)
    held_on = models.DateField(_("date of the training"))
    hours = models.DecimalField(_("training hours"), max_digits=5, decimal_places=1)
    exam_score = models.DecimalField(
        _("law exam score"), max_digits=4, decimal_places=1, null=True, blank=True,
        help_text=_("The score of the law exam (学法考试), when one was sat, out of 100."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()

    scope_field = "officer__agency"

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["officer", "year"])]

    def __str__(self):
        return f"{self.officer} · {self.course}"
