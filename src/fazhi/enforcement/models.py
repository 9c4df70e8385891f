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

Second part, enforcement supervision (行政执法监督, 行政处罚法 第75条): the rule-of-law office of a region

- handles **complaints and reports** (投诉、举报) about a department's enforcement: received, handled, concluded
  with an outcome, within a deadline (a setting, FAZHI_ENFORCEMENT_COMPLAINT_DAYS: UNCONFIRMED 60 days);
- records its **supervision checks** (监督检查) of a department's enforcement, with the findings and the
  **rectification items** (整改事项) the department must complete by their due dates; the department records
  their completion, the office closes the check once every item is done.

An officer's identity card number is kept only as far as needed to tell two namesakes apart: its last four
characters.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
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


def complaint_days() -> int:
    """The days within which a complaint about enforcement is concluded, from its receipt (a setting; UNCONFIRMED
    default 60: 行政处罚法 第75条 sets no period, the province's rules on enforcement supervision do)."""
    return int(getattr(settings, "FAZHI_ENFORCEMENT_COMPLAINT_DAYS", 60))


def mask_name(value: str) -> str:
    """Return a person's name with all but its first character hidden (张** for 张三丰)."""
    value = (value or "").strip()
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""


def mask_contact(value: str) -> str:
    """Return a telephone number or an address with all but its last four characters hidden."""
    value = (value or "").strip()
    return "*" * max(len(value) - 4, 1) + value[-4:] if len(value) > 4 else "*" * len(value)


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
    procedures = models.TextField(
        _("enforcement procedures"), blank=True,
        help_text=_("How the body enforces, step by step (执法流程), published before enforcement "
                    "(国办发〔2018〕118号)."),
    )
    remedies = models.TextField(
        _("remedies"), blank=True,
        help_text=_("How a party may seek redress against the body's decisions (救济途径): reconsideration, "
                    "litigation, complaint; published before enforcement (国办发〔2018〕118号; 行政处罚法 第39条)."),
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
        if self.status == S.SUSPENDED and self.suspended_on is None:
            return CertificateState.SUSPENDED
        if self.status in (S.SUSPENDED, S.CANCELLED) and self.suspended_on is not None and self.suspended_on <= day:
            return CertificateState.SUSPENDED  # cancelled later, withheld already on ``day``
        if day < self.issued_on:
            return CertificateState.NOT_YET
        if day > self.valid_until:
            return CertificateState.EXPIRED
        if day >= self.warning_on:
            return CertificateState.EXPIRING
        return CertificateState.VALID

    def is_valid_on(self, day: dt.date) -> bool:
        return self.state_on(day) in (CertificateState.VALID, CertificateState.EXPIRING)


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    """The certificates valid on ``day`` (``Certificate.is_valid_on`` as a query), not withdrawn; ``prefix`` is the
    path to the certificate ("certificates__" from an officer)."""
    S = Certificate.Status

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    return (q(issued_on__lte=day, valid_until__gte=day, withdrawn_at__isnull=True)
            & (q(status=S.VALID) | q(status=S.CANCELLED, cancelled_on__gt=day)
               | q(status=S.SUSPENDED, suspended_on__gt=day))
            & (q(suspended_on__isnull=True) | q(suspended_on__gt=day)))


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


# Enforcement supervision (行政执法监督) ------------------------------------------------------------------------


class Complaint(LedgerRecord):
    """A complaint or a report (投诉、举报) about a department's enforcement, handled by the rule-of-law office.

    ``agency`` is the department complained about (it reads the complaint, the complainant masked); ``office``
    the rule-of-law office handling it. 行政处罚法 第75条: citizens may complain about or report an enforcement
    act; it is examined and an error found is corrected.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("complaint")
        REPORT = "report", _("report")

    class Channel(models.TextChoices):
        HOTLINE = "hotline", _("12345 hotline")
        LETTER = "letter", _("letter")
        VISIT = "visit", _("visit in person")
        ONLINE = "online", _("online platform")
        REFERRED = "referred", _("referred by another authority")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        HANDLING = "handling", _("being handled")
        CONCLUDED = "concluded", _("concluded")

    class Outcome(models.TextChoices):
        FOUNDED = "founded", _("founded")
        PARTLY = "partly", _("partly founded")
        UNFOUNDED = "unfounded", _("unfounded")
        REFERRED = "referred", _("referred to the competent authority")

    office = models.ForeignKey(
        "org.Agency", models.PROTECT, related_name="+", verbose_name=_("rule-of-law office"),
        help_text=_("The rule-of-law office that handles the complaint."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMPLAINT)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.HOTLINE)
    complainant = models.CharField(
        _("complainant"), max_length=60, blank=True,
        help_text=_("Empty for an anonymous complaint. The department complained about sees it masked."),
    )
    contact = models.CharField(
        _("contact"), max_length=120, blank=True,
        help_text=_("A telephone number or an address for the reply. The department complained about sees it "
                    "masked."),
    )
    body = models.ForeignKey(
        EnforcementBody, models.PROTECT, null=True, blank=True, related_name="complaints",
        verbose_name=_("enforcement body"),
    )
    matter = models.TextField(_("matter"), help_text=_("What the complaint is about: the enforcement act and what "
                                                     "is alleged."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    accepted_on = models.DateField(_("handling started on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(_("result and reply"), blank=True)

    class Meta:
        verbose_name = _("complaint about enforcement")
        verbose_name_plural = _("complaints about enforcement")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["-received_on", "-id"],
                                                                           name="enforcement_complaint_recent")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """The kind, the day and the start of the matter (never the complainant), as reminders name it."""
        matter = " ".join(self.matter.split())
        return f"{self.get_kind_display()} {self.received_on:%Y-%m-%d}：{matter[:30]}{'…' if len(matter) > 30 else ''}"

    @property
    def due_on(self) -> dt.date | None:
        """The day by which the complaint is concluded: ``received_on`` plus the complaint days (the day of receipt
        not counted)."""
        return self.received_on + dt.timedelta(days=complaint_days()) if self.received_on else None

    def compute_next_deadline(self) -> dt.date | None:
        return None if self.status == self.Status.CONCLUDED else self.due_on

    def is_late(self, today: dt.date) -> bool:
        """Concluded after its due day, or still open past it."""
        due = self.due_on
        if due is None:
            return False
        return (self.concluded_on or today) > due


class SupervisionCheck(LedgerRecord):
    """A rule-of-law office's check of a department's enforcement (行政执法监督检查), with its findings.

    ``agency`` is the department checked, ``office`` the office that checked it (the figure of
    enforcement_supervision_checks counts for the office). 行政处罚法 第75条: governments at county level and above
    supervise and check enforcement; 第76条: a body at fault is ordered to correct.
    """

    class Kind(models.TextChoices):
        SPECIAL = "special", _("special check")
        ROUTINE = "routine", _("routine check")
        FILE_REVIEW = "file_review", _("follow-up of a case-file review")

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", _("no problem found")
        RECTIFY = "rectify", _("rectification ordered")
        ACCOUNTABILITY = "accountability", _("rectification ordered and referred for accountability")

    class Status(models.TextChoices):
        RECTIFYING = "rectifying", _("rectification under way")
        CLOSED = "closed", _("closed")

    office = models.ForeignKey(
        "org.Agency", models.PROTECT, related_name="+", verbose_name=_("rule-of-law office"),
        help_text=_("The rule-of-law office that carried out the check."),
    )
    kind = models.CharField(_("kind of check"), max_length=12, choices=Kind.choices, default=Kind.SPECIAL)
    checked_on = models.DateField(_("checked on"))
    subject = models.CharField(_("subject"), max_length=200,
                               help_text=_("What was checked, e.g. the year's penalty case files."))
    findings = models.TextField(_("findings"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.RECTIFY)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECTIFYING)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision check")
        verbose_name_plural = _("supervision checks")
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["office", "checked_on"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} {self.subject}"


class RectificationItem(LedgerRecord):
    """One thing a checked department must rectify (整改事项), by its due date; ``agency`` is the department's."""

    class Status(models.TextChoices):
        OPEN = "open", _("to be rectified")
        DONE = "done", _("rectified")

    supervision_check = models.ForeignKey(SupervisionCheck, models.PROTECT, related_name="items",
                                     verbose_name=_("supervision check"))
    description = models.TextField(_("what to rectify"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(_("rectified on"), null=True, blank=True)
    completion_note = models.TextField(_("how it was rectified"), blank=True)

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["supervision_check", "status"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        text = " ".join(self.description.split())
        return f"{text[:40]}{'…' if len(text) > 40 else ''}"

    def compute_next_deadline(self) -> dt.date | None:
        return self.due_on if self.status == self.Status.OPEN else None

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.due_on < today
