"""Normative documents (行政规范性文件): drafting, legality review, 三统一 registration, 备案, validity, 清理.

The lifecycle (legal-rules §3; ARCHITECTURE.md, "One shape for every procedure"):

    drafting → consultation (公开征求意见, optional with a reason) → legality_review (合法性审核)
    → deliberation (review passed, awaiting 集体审议) → deliberated → registered (统一登记、统一编号)
    → published (统一发布; filings due) → in_force (every filing recorded)
    → revised / abolished / expired

Filing (备案) and being in force are separate facts: a published document is legally binding from its
``effective_from`` date; the status only says whether the 备案 is complete. Each filing is a ``Filing`` row
with its own addressee, due date, date filed, receipt and late flag. A failed legality review sends the
document back to ``drafting`` with the opinion kept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager

#: Pattern of the registration number when a region's series does not set its own (三统一, legal-rules §3.3).
DEFAULT_NUMBER_PATTERN = "{region_abbr}规〔{year}〕{seq:03d}号"


def validity_years(provisional: bool) -> int:
    """Return the validity period in years: 5, or 2 for 暂行/试行 documents (legal-rules §3.6, local rules)."""
    if provisional:
        return int(getattr(settings, "FAZHI_NORMATIVE_PROVISIONAL_VALIDITY_YEARS", 2))
    return int(getattr(settings, "FAZHI_NORMATIVE_VALIDITY_YEARS", 5))


def warning_months() -> int:
    return int(getattr(settings, "FAZHI_NORMATIVE_EXPIRY_WARNING_MONTHS", 6))


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` later (or earlier), or the last day of a shorter month."""
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def compute_valid_until(effective_from: dt.date, provisional: bool) -> dt.date:
    """Return the last day of validity: N years from the day the document takes effect, that day counted."""
    return add_months(effective_from, 12 * validity_years(provisional)) - dt.timedelta(days=1)


def current_year() -> int:
    return timezone.localdate().year


def looks_provisional(title: str) -> bool:
    """Return True when the title marks the document as 暂行 or 试行 (a shorter validity period)."""
    return "暂行" in (title or "") or "试行" in (title or "")


class OpinionSeries(models.Model):
    """The numbers of a region's legality review opinions (合法性审核意见书) in one year, without gaps; taken under
    ``select_for_update`` as registration numbers are."""

    region = models.ForeignKey("org.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("legality review opinion numbers")
        verbose_name_plural = _("legality review opinion numbers")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="normative_opinion_series_unique"),
        ]

    def __str__(self):
        return f"{self.region} {self.year}: {self.last_number}"


class RegistrationSeries(models.Model):
    """The registration numbers (统一编号) of one region in one year; numbers run without gaps.

    ``last_number`` is taken under ``select_for_update`` by ``actions.register_document``; the unique
    constraint on (series, sequence) of ``Document`` refuses a duplicate even if that were bypassed.
    """

    region = models.ForeignKey("org.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    region_abbr = models.CharField(
        _("region abbreviation"), max_length=20,
        help_text=_("The short name used in the number, e.g. 示县 in 示县规〔2026〕001号."),
    )
    pattern = models.CharField(
        _("number pattern"), max_length=80, default=DEFAULT_NUMBER_PATTERN,
        help_text=_("Placeholders: {region_abbr}, {year}, {seq} (e.g. {seq:03d} for 001). The serial restarts "
                    "at 1 every year."),
    )
    last_number = models.PositiveIntegerField(
        _("last number given"), default=0,
        help_text=_("Change only to continue a series begun outside the system; numbers must not repeat."),
    )

    class Meta:
        verbose_name = _("registration number series")
        verbose_name_plural = _("registration number series")
        ordering = ["region__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="normative_series_unique_region_year"),
        ]

    def __str__(self):
        return f"{self.region_abbr} {self.year}"

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.format(1)
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError({"pattern": _("The pattern is not valid: %(error)s") % {"error": exc}}) from None

    def format(self, seq: int) -> str:
        return self.pattern.format(region_abbr=self.region_abbr, year=self.year, seq=seq)


class Document(LedgerRecord):
    """A normative document (行政规范性文件) from its draft to its end."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government document (issued in the government's name)")
        DEPARTMENT = "department", _("department document (issued by the drafting department)")

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("drafting")
        CONSULTATION = "consultation", _("public comment")
        LEGALITY_REVIEW = "legality_review", _("legality review (审核)")
        DELIBERATION = "deliberation", _("awaiting collective deliberation")
        DELIBERATED = "deliberated", _("deliberated, awaiting registration")
        REGISTERED = "registered", _("registered and numbered")
        PUBLISHED = "published", _("published, filing due")
        IN_FORCE = "in_force", _("published and filed")
        REVISED = "revised", _("revised")
        ABOLISHED = "abolished", _("abolished")
        EXPIRED = "expired", _("expired")

    class PublicStatus(models.TextChoices):
        VALID = "valid", _("in force (现行有效)")
        REVISED = "revised", _("revised (已修改)")
        ABOLISHED = "abolished", _("abolished (已废止)")
        EXPIRED = "expired", _("expired (已失效)")

    #: Statuses in which the document is published (on the public library).
    PUBLISHED_STATUSES = (Status.PUBLISHED, Status.IN_FORCE, Status.REVISED, Status.ABOLISHED, Status.EXPIRED)
    #: Statuses in which the document may still be binding.
    LIVE_STATUSES = (Status.PUBLISHED, Status.IN_FORCE)
    #: Statuses whose next date is the end of a period, not a deadline anyone can miss: once passed it is over
    #: (shown as closed), never overdue (the list's filter, the agenda, the reminders).
    LAPSING_STATUSES = (Status.CONSULTATION,)

    title = models.CharField(_("document title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT,
        help_text=_("A government document is drafted by a department and issued in the government's name; "
                    "it is filed with the government above and the same-level people's congress standing "
                    "committee."),
    )
    provisional = models.BooleanField(
        _("provisional (暂行 or 试行)"), default=False,
        help_text=_("Provisional documents are valid for a shorter period (generally 2 years instead of 5)."),
    )
    concerns_market_entities = models.BooleanField(
        _("concerns market entities"), default=False,
        help_text=_("Closely related to the production and business of market entities: public comment for "
                    "at least 30 days (优化营商环境条例 第62条)."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFTING)
    year = models.PositiveSmallIntegerField(
        _("year"), default=current_year, db_index=True, editable=False,
        help_text=_("The year of registration, or of drafting until registered."),
    )
    summary = models.TextField(_("purpose and main content"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    interpretation = models.TextField(
        _("policy interpretation (政策解读)"), blank=True,
        help_text=_("Published together with the document."),
    )
    consultation_skipped_reason = models.TextField(
        _("reason for no public comment"), blank=True,
        help_text=_("Why the draft was not published for comment (e.g. it does not affect the public's rights "
                    "and obligations, or it is confidential)."),
    )
    comment_closes_on = models.DateField(_("public comment closes on"), null=True, blank=True, editable=False)

    # 合法性审核 (legality review) by the rule-of-law office.
    review_submitted_on = models.DateField(_("submitted for legality review on"), null=True, blank=True)
    review_due = models.DateField(
        _("legality review due"), null=True, blank=True, editable=False,
        help_text=_("The province's limit for the review, counted in working days from submission."),
    )
    review_completed_on = models.DateField(_("legality review completed on"), null=True, blank=True)
    review_passed = models.BooleanField(_("legality review passed"), null=True, blank=True)
    review_opinion = models.TextField(_("legality review opinion"), blank=True)
    reviewer = models.CharField(_("reviewer"), max_length=60, blank=True)
    review_number = models.CharField(_("number of the legality review opinion"), max_length=40, blank=True,
                                     editable=False)
    review_signatory = models.CharField(_("signed by"), max_length=60, blank=True)
    review_count = models.PositiveSmallIntegerField(_("legality reviews"), default=0, editable=False)

    # 集体审议 (collective deliberation).
    deliberation_meeting = models.CharField(_("deliberation meeting"), max_length=120, blank=True)
    deliberated_on = models.DateField(_("deliberated on"), null=True, blank=True)

    # 统一登记、统一编号 (registration).
    series = models.ForeignKey(
        RegistrationSeries, models.PROTECT, null=True, blank=True, related_name="documents", editable=False,
        verbose_name=_("registration series"),
    )
    sequence = models.PositiveIntegerField(_("serial number"), null=True, blank=True, editable=False)
    number = models.CharField(_("registration number"), max_length=80, blank=True, editable=False)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    # 统一发布 (publication) and validity.
    published_on = models.DateField(_("published on"), null=True, blank=True)
    publication_channel = models.CharField(_("publication channel"), max_length=120, blank=True)
    effective_from = models.DateField(_("in effect from"), null=True, blank=True)
    early_effect_reason = models.TextField(
        _("reason for taking effect early"), blank=True,
        help_text=_("Why the document takes effect sooner than the local rule's days after publication."),
    )
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True,
        help_text=_("Validity 5 years, 暂行/试行 2 years (local rules; configurable)."),
    )
    filing_due = models.DateField(
        _("filing due"), null=True, blank=True, editable=False,
        help_text=_("The earliest due date of a filing not yet made."),
    )

    # The end.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    replaced_by = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="replaces",
        verbose_name=_("replaced by"),
    )

    class Meta:
        verbose_name = _("normative document")
        verbose_name_plural = _("normative documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "next_deadline"]),
            models.Index(fields=["status", "-created_at"], name="normative_doc_status_recent"),
            models.Index(fields=["-created_at", "-id"], name="normative_doc_recent"),
            models.Index(fields=["year", "status"]),
            models.Index(fields=["published_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "sequence"], name="normative_document_unique_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    # Deadlines -------------------------------------------------------------------------------------------

    @property
    def expiry_warning_on(self) -> dt.date | None:
        """Return the day the expiry warning starts: ``valid_until`` minus six months (configurable)."""
        if self.valid_until is None:
            return None
        return add_months(self.valid_until, -warning_months())

    def compute_next_deadline(self) -> dt.date | None:
        """Return the nearest open deadline: comment closing, review limit, filing due, expiry warning."""
        S = self.Status
        candidates: list[dt.date | None] = []
        if self.status == S.CONSULTATION:
            candidates.append(self.comment_closes_on)
        if self.status == S.LEGALITY_REVIEW:
            candidates.append(self.review_due)
        if self.status == S.PUBLISHED:
            candidates.append(self.filing_due)
        if self.status in self.LIVE_STATUSES:
            candidates.append(self.expiry_warning_on)
        found = [d for d in candidates if d is not None]
        return min(found) if found else None

    # Public view -----------------------------------------------------------------------------------------

    def public_status(self, today: dt.date | None = None) -> str | None:
        """Return the status the public library shows (现行有效 / 已修改 / 已废止 / 已失效), None if unpublished."""
        S = self.Status
        if self.status == S.REVISED:
            return self.PublicStatus.REVISED
        if self.status == S.ABOLISHED:
            return self.PublicStatus.ABOLISHED
        if self.status == S.EXPIRED:
            return self.PublicStatus.EXPIRED
        if self.status in self.LIVE_STATUSES:
            if today and self.valid_until and self.valid_until < today:
                return self.PublicStatus.EXPIRED
            return self.PublicStatus.VALID
        return None

    def get_public_status_display(self, today: dt.date | None = None) -> str:
        value = self.public_status(today)
        return str(self.PublicStatus(value).label) if value else ""

    @property
    def is_published(self) -> bool:
        return self.status in self.PUBLISHED_STATUSES


class Filing(models.Model):
    """One filing (备案) of a published document with one addressee, with its own due date and receipt."""

    class Addressee(models.TextChoices):
        UPPER_GOVERNMENT = "upper_government", _("the government one level up")
        PEOPLES_CONGRESS = "peoples_congress", _("the same-level people's congress standing committee")
        OWN_GOVERNMENT = "own_government", _("the same-level government, through the justice bureau")

    class Result(models.TextChoices):
        NONE = "", _("not yet examined")
        COMPLIANT = "compliant", _("no problem found")
        CORRECTED = "corrected", _("correction required")

    document = models.ForeignKey(Document, models.PROTECT, related_name="filings", verbose_name=_("document"))
    addressee_kind = models.CharField(_("filed with"), max_length=20, choices=Addressee.choices)
    addressee = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("addressee"),
    )
    addressee_name = models.CharField(_("addressee name"), max_length=120)
    due_on = models.DateField(
        _("due on"), help_text=_("From publication, by the province's filing period (rule normative.filing)."),
    )
    due_explanation = models.TextField(_("how the due date was computed"), blank=True, editable=False)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    receipt = models.CharField(_("receipt"), max_length=120, blank=True, help_text=_("备案回执 number or note."))
    examined_on = models.DateField(_("examined on"), null=True, blank=True)
    result = models.CharField(_("examination result"), max_length=12, choices=Result.choices, blank=True,
                              default="")
    examination_note = models.TextField(_("examination note"), blank=True)

    objects = ScopedManager()

    scope_field = "document__agency"

    class Meta:
        verbose_name = _("filing (备案)")
        verbose_name_plural = _("filings (备案)")
        ordering = ["document", "addressee_kind"]
        constraints = [
            models.UniqueConstraint(fields=["document", "addressee_kind"], name="normative_filing_unique_addressee"),
        ]
        indexes = [models.Index(fields=["filed_on"]), models.Index(fields=["addressee", "examined_on"])]

    def __str__(self):
        return f"{self.document} → {self.addressee_name}"

    @property
    def is_late(self) -> bool:
        """Return True when filed after its due date."""
        return self.filed_on is not None and self.filed_on > self.due_on

    def is_overdue(self, today: dt.date) -> bool:
        return self.filed_on is None and today > self.due_on


class Cleanup(LedgerRecord):
    """A cleanup campaign (清理): every document in force in a region is proposed kept, revised or abolished."""

    class Status(models.TextChoices):
        OPEN = "open", _("open for proposals and decisions")
        PUBLISHED = "published", _("result list published")

    region = models.ForeignKey("org.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    title = models.CharField(_("name of the cleanup"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"))
    covers_until = models.DateField(
        _("documents published up to"), help_text=_("Documents published on or before this day are examined."),
    )
    due_on = models.DateField(_("proposals and decisions due"))
    published_on = models.DateField(_("result published on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("cleanup campaign")
        verbose_name_plural = _("cleanup campaigns")
        ordering = ["-opened_on", "-pk"]

    def __str__(self):
        return self.title

    def compute_next_deadline(self):
        return self.due_on if self.status == self.Status.OPEN else None


class CleanupProposal(models.Model):
    """The drafting agency's proposal for one document in a cleanup, and the office's decision."""

    class Choice(models.TextChoices):
        KEEP = "keep", _("keep (继续有效)")
        REVISE = "revise", _("revise (修改)")
        ABOLISH = "abolish", _("abolish (废止)")

    cleanup = models.ForeignKey(Cleanup, models.PROTECT, related_name="proposals", verbose_name=_("cleanup"))
    document = models.ForeignKey(Document, models.PROTECT, related_name="cleanup_proposals",
                                 verbose_name=_("document"))
    proposal = models.CharField(_("proposal"), max_length=8, choices=Choice.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", editable=False, verbose_name=_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True, editable=False)
    decision = models.CharField(_("decision"), max_length=8, choices=Choice.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    objects = ScopedManager()

    scope_field = "document__agency"

    class Meta:
        verbose_name = _("cleanup proposal")
        verbose_name_plural = _("cleanup proposals")
        ordering = ["cleanup", "document__agency__name", "document__published_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cleanup", "document"], name="normative_proposal_unique_document"),
        ]
        indexes = [models.Index(fields=["decided_on", "decision"])]

    def __str__(self):
        return f"{self.cleanup} · {self.document}"
