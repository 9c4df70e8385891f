"""Administrative lawsuits against an agency (行政应诉), from the complaint's copy to the closing of the case.

The rules are 行政诉讼法 (2017) and 最高人民法院关于行政机关负责人出庭应诉若干问题的规定 (2020, "2020年规定"; legal-rules
§5.2):

- the defendant submits its evidence, the normative documents it relied on and its defence within 15 days of
  receiving the complaint's copy (第67条); evidence given late without a proper reason counts as none (第34条第2款)
  unless the court allowed a delay (第36条第1款);
- the head of the agency appears in court, or sends staff when unable to (第3条第3款); who counts as a head (2020年规定
  第2条), when the court must notify the head (第4条), what excuses an absence and its proof (第8、9条), one
  appearance per instance (第7条);
- the judgment or ruling (第69–78条, 第62条 on withdrawal, 第60条 on mediation), and the appeal within 15 days of
  a judgment's service or 10 of a ruling's (第85条); a second-instance judgment is final (第7条);
- the court's judicial suggestions (司法建议: 第96条第4项; 2020年规定 第12条) and the procuratorate's suggestions
  (检察建议: 第25条第4款), answered within the period the letter or the province sets.

One ``Case`` is one suit in one instance, as the court numbers it: a second instance is a case of its own, naming
the first instance's number. Joint defendants (第26条第2款: the original agency and the reconsideration body) each
keep their own case, so a court case number is unique per agency and court.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager


class Case(LedgerRecord):
    """An administrative lawsuit in which the owning agency is the defendant."""

    class Status(models.TextChoices):
        SERVED = "served", _("papers served")
        DEFENDING = "defending", _("defence filed")
        HEARD = "heard", _("heard")
        CONCLUDED = "concluded", _("judgment or ruling given")
        APPEALED = "appealed", _("appealed")
        CLOSED = "closed", pgettext_lazy("litigation", "closed")

    class CourtLevel(models.TextChoices):
        # 行政诉讼法 第14–17条
        BASIC = "basic", _("basic people's court")
        INTERMEDIATE = "intermediate", _("intermediate people's court")
        HIGH = "high", _("high people's court")
        SUPREME = "supreme", _("Supreme People's Court")

    class Instance(models.TextChoices):
        FIRST = "first", _("first instance")
        SECOND = "second", _("second instance")
        RETRIAL = "retrial", _("retrial")

    class ActCategory(models.TextChoices):
        # 行政诉讼法 第12条
        PENALTY = "penalty", _("administrative penalty")
        COERCIVE = "coercive", _("administrative coercive measure or enforcement")
        LICENSING = "licensing", _("administrative licensing")
        DISCLOSURE = "disclosure", _("government information disclosure")
        EXPROPRIATION = "expropriation", _("expropriation, requisition and compensation")
        NON_PERFORMANCE = "non_performance", _("failure to perform a statutory duty")
        RECONSIDERATION = "reconsideration", _("reconsideration decision")
        OTHER = "other", _("other administrative act")

    class PlaintiffKind(models.TextChoices):
        PERSON = "person", _("citizen")
        ORGANISATION = "organisation", _("legal person or other organisation")
        PROCURATORATE = "procuratorate", _("people's procuratorate (public-interest litigation)")

    class Outcome(models.TextChoices):
        REJECTED = "rejected", _("claim rejected (驳回诉讼请求, 第69条)")
        UPHELD = "upheld", _("act or judgment upheld (维持)")
        REVOKED = "revoked", _("act revoked (撤销, 第70条)")
        UNLAWFUL = "unlawful", _("act declared unlawful (确认违法, 第74条)")
        VOID = "void", _("act declared void (确认无效, 第75条)")
        PERFORM = "perform", _("ordered to perform (履行判决, 第72、73条)")
        VARIED = "varied", _("act varied (变更, 第77条)")
        COMPENSATION = "compensation", _("compensation ordered (赔偿, 第76、78条)")
        WITHDRAWN_CORRECTED = "withdrawn_corrected", _("withdrawn after the agency changed its act (撤诉, 第62条)")
        WITHDRAWN = "withdrawn", _("withdrawn by the plaintiff (撤诉, 第62条)")
        MEDIATED = "mediated", _("settled by mediation (调解, 第60条)")
        DISMISSED = "dismissed", _("suit dismissed by ruling (裁定驳回起诉)")
        OTHER = "other", _("other")

    class Appellant(models.TextChoices):
        AGENCY = "agency", _("the agency")
        PLAINTIFF = "plaintiff", _("the plaintiff")
        THIRD_PARTY = "third_party", _("a third party (第29条第2款)")

    #: Outcomes given by judgment (appealed within 15 days: 第85条); the base of the loss rate with the lost ones.
    JUDGMENTS = (Outcome.REJECTED, Outcome.UPHELD, Outcome.REVOKED, Outcome.UNLAWFUL, Outcome.VOID, Outcome.PERFORM,
                 Outcome.VARIED, Outcome.COMPENSATION)
    #: Rulings that may be appealed, within 10 days (第85条; 民事诉讼法 第157条 via 第101条).
    APPEALABLE_RULINGS = (Outcome.DISMISSED,)
    #: Outcomes no party appeals: a ruling allowing the withdrawal, a mediation agreement.
    FINAL_OUTCOMES = (Outcome.WITHDRAWN, Outcome.WITHDRAWN_CORRECTED, Outcome.MEDIATED)
    OPEN_STATUSES = (Status.SERVED, Status.DEFENDING, Status.HEARD)

    number = models.CharField(
        _("court case number"), max_length=80,
        help_text=_("The court's number of the case (案号), such as (2026)示0102行初15号; one suit in one instance."),
    )
    court = models.CharField(_("court"), max_length=100)
    court_level = models.CharField(_("level of the court"), max_length=12, choices=CourtLevel.choices)
    instance = models.CharField(_("instance"), max_length=8, choices=Instance.choices, default=Instance.FIRST)
    retrial_at_first_instance = models.BooleanField(
        _("retrial under the first-instance procedure"), default=False,
        help_text=_("民事诉讼法 第218条 (through 行政诉讼法 第101条): the judgment of such a retrial may be appealed."),
    )
    agency_appealed = models.BooleanField(
        _("the agency brought the appeal"), default=False,
        help_text=_("For a second instance: the appellant answers no appeal (民事诉讼法 第174条 through 行政诉讼法 "
                    "第101条)."),
    )
    earlier_number = models.CharField(
        _("case number of the earlier instance"), max_length=80, blank=True,
        help_text=_("For a second instance or a retrial: the number of the case it continues."),
    )
    cause = models.CharField(_("cause of action (案由)"), max_length=200)
    act_category = models.CharField(_("kind of act sued"), max_length=16, choices=ActCategory.choices)
    act = models.CharField(
        _("act sued"), max_length=300, blank=True,
        help_text=_("The administrative act the suit is about: its document number and title."),
    )
    plaintiff_name = models.CharField(_("plaintiff"), max_length=200)
    plaintiff_kind = models.CharField(_("kind of plaintiff"), max_length=14, choices=PlaintiffKind.choices)
    reconsideration_ref = models.CharField(
        _("reconsideration case"), max_length=80, blank=True,
        help_text=_("The number of the reconsideration case the suit follows, if any (行政诉讼法 第26条第2款、第45条)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SERVED)

    served_on = models.DateField(
        _("complaint copy received on"),
        help_text=_("The day the agency received the copy of the complaint (or, in a second instance, of the appeal): "
                    "the defence period runs from it (行政诉讼法 第67条)."),
    )
    defence_due = models.DateField(
        _("defence due"), null=True, blank=True, editable=False,
        help_text=_("行政诉讼法 第67条: evidence, normative documents and defence within 15 days of receipt."),
    )
    defence_filed_on = models.DateField(_("defence filed on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence and normative documents submitted"), blank=True,
        help_text=_("行政诉讼法 第34条: the defendant proves its act, with the normative documents it relied on."),
    )
    defence_late_reason = models.TextField(
        _("reason the defence was late"), blank=True,
        help_text=_("行政诉讼法 第34条第2款、第36条第1款: a proper reason and the court's permission to submit later."),
    )

    concluded_on = models.DateField(_("judgment or ruling given on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    judgment_served_on = models.DateField(
        _("judgment or ruling served on"), null=True, blank=True,
        help_text=_("The day the agency received the judgment or ruling: the appeal period runs from it (第85条)."),
    )
    judgment_summary = models.TextField(_("what the judgment or ruling holds"), blank=True)
    appeal_due = models.DateField(
        _("appeal due"), null=True, blank=True, editable=False,
        help_text=_("行政诉讼法 第85条: 15 days from service of a judgment, 10 days of a ruling."),
    )
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appellant = models.CharField(_("appellant"), max_length=12, choices=Appellant.choices, blank=True)
    appeal_late_reason = models.TextField(
        _("reason the appeal was late"), blank=True,
        help_text=_("民事诉讼法 第86条 (through 行政诉讼法 第101条): the court may extend a period missed for a proper "
                    "reason."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("litigation case")
        verbose_name_plural = _("litigation cases")
        ordering = ["-served_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "court", "number"], name="litigation_case_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="litigation_case_deadline"),
            models.Index(fields=["agency", "-served_on", "-id"], name="litigation_case_agency_served"),
            models.Index(fields=["-served_on", "-id"], name="litigation_case_served"),
            models.Index(fields=["status", "-served_on", "-id"], name="litigation_case_status_served"),
            models.Index(fields=["agency", "concluded_on"], name="litigation_case_agency_concl"),
            # The generic list's order (newest first), alone and per agency.
            models.Index(fields=["-created_at", "-id"], name="litigation_case_recent"),
            models.Index(fields=["agency", "-created_at", "-id"], name="litigation_case_agency_recent"),
        ]

    def __str__(self):
        return f"{self.number} {self.cause}"

    @property
    def is_judgment(self) -> bool:
        return self.outcome in self.JUDGMENTS

    @property
    def is_lost(self) -> bool:
        return bool(self.outcome) and self.outcome in lost_outcomes()

    @property
    def is_won(self) -> bool:
        return self.is_judgment and not self.is_lost

    @property
    def is_final_instance(self) -> bool:
        """Whether no appeal lies from this instance: a second instance or a retrial under its procedure (行政诉讼法
        第7条; 民事诉讼法 第182、218条), or a judgment of the Supreme People's Court (民事诉讼法 第158条)."""
        if self.court_level == self.CourtLevel.SUPREME or self.instance == self.Instance.SECOND:
            return True
        return self.instance == self.Instance.RETRIAL and not self.retrial_at_first_instance

    @property
    def appealable(self) -> bool:
        """Whether the judgment or ruling given may be appealed (行政诉讼法 第85条)."""
        return bool(self.outcome) and not self.is_final_instance and self.outcome not in self.FINAL_OUTCOMES

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline: the defence (第67条) while it is not filed, the appeal (第85条) while the
        judgment is not appealed nor the case closed, and the reply to each suggestion not answered."""
        found: list[dt.date | None] = []
        if self.status == self.Status.SERVED:
            found.append(self.defence_due)
        if self.status == self.Status.CONCLUDED and self.appealed_on is None:
            found.append(self.appeal_due)
        if self.pk is not None:
            found.extend(self.suggestions.filter(replied_on__isnull=True).values_list("reply_due", flat=True))
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None


def lost_outcomes() -> frozenset[str]:
    """The outcomes that count as lost (败诉): the setting ``FAZHI_LITIGATION_LOST_OUTCOMES`` (UNCONFIRMED)."""
    values = getattr(settings, "FAZHI_LITIGATION_LOST_OUTCOMES",
                     ["revoked", "unlawful", "void", "perform", "varied", "compensation"])
    if isinstance(values, str):
        values = values.split(",")
    chosen = frozenset(value.strip() for value in values if value.strip())
    unknown = sorted(chosen - set(Case.Outcome.values))
    if unknown:
        raise ImproperlyConfigured(f"FAZHI_LITIGATION_LOST_OUTCOMES names unknown outcomes: {', '.join(unknown)}.")
    return chosen


def rate_base_outcomes() -> frozenset[str]:
    """The outcomes the loss rate counts over: the judgments, and whatever else counts as lost."""
    return frozenset(Case.JUDGMENTS) | lost_outcomes()


class Hearing(models.Model):
    """One court hearing of the case, and who appeared for the agency (出庭应诉, 行政诉讼法 第3条第3款)."""

    class HeadRole(models.TextChoices):
        # 2020年规定 第2条
        PRINCIPAL = "principal", _("principal head (正职)")
        DEPUTY = "deputy", _("deputy head (副职)")
        IN_CHARGE = "in_charge", _("other leader in charge of the matter (分管负责人)")

    class AbsenceReason(models.TextChoices):
        # 2020年规定 第8条
        FORCE_MAJEURE = "force_majeure", _("force majeure")
        ACCIDENT = "accident", _("accident")
        OFFICIAL_DUTY = "official_duty", _("official duty nobody else can perform")
        OTHER = "other", _("other proper reason")

    case = models.ForeignKey(Case, models.PROTECT, related_name="hearings", verbose_name=_("case"))
    held_on = models.DateField(_("held on"))
    head_notified = models.BooleanField(
        _("the court notified the head to appear"), default=False,
        help_text=_("2020年规定 第4、5条: the court's notice to the head, served at least 3 days before the hearing."),
    )
    head_appeared = models.BooleanField(
        _("the head of the agency appeared"), default=False,
        help_text=_("行政诉讼法 第3条第3款: the head of the sued agency appears in court (负责人出庭应诉)."),
    )
    head_name = models.CharField(_("head who appeared"), max_length=60, blank=True)
    head_post = models.CharField(_("post of the head"), max_length=100, blank=True)
    head_role = models.CharField(
        _("kind of head"), max_length=10, choices=HeadRole.choices, blank=True,
        help_text=_("2020年规定 第2条: the principal head, a deputy, or another leader in charge of the matter."),
    )
    staff_appeared = models.CharField(
        _("staff who appeared"), max_length=300, blank=True,
        help_text=_("Names and posts of the agency's staff in court (行政诉讼法 第3条第3款; 2020年规定 第10条)."),
    )
    absence_reason = models.CharField(
        _("why the head did not appear"), max_length=14, choices=AbsenceReason.choices, blank=True,
        help_text=_("2020年规定 第8条."),
    )
    absence_proof = models.TextField(
        _("proof of the reason"), blank=True,
        help_text=_("2020年规定 第9条: the proof given to the court, sealed by the agency or signed by its principal "
                    "head."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "case__agency"

    class Meta:
        verbose_name = _("court hearing")
        verbose_name_plural = _("court hearings")
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["case", "held_on"], name="litigation_hearing_case"),
                   models.Index(fields=["held_on"], name="litigation_hearing_held")]

    def __str__(self):
        return f"{self.case.number} · {self.held_on}"


class Suggestion(models.Model):
    """A judicial suggestion (司法建议) or a procuratorial suggestion (检察建议) the agency received about the case."""

    class Kind(models.TextChoices):
        COURT = "court", _("judicial suggestion (司法建议)")
        PROCURATORATE = "procuratorate", _("procuratorial suggestion (检察建议)")

    case = models.ForeignKey(Case, models.PROTECT, related_name="suggestions", verbose_name=_("case"))
    kind = models.CharField(_("kind of suggestion"), max_length=14, choices=Kind.choices)
    issuer = models.CharField(_("issued by"), max_length=100)
    number = models.CharField(_("document number"), max_length=80, blank=True)
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("what it suggests"))
    reply_due = models.DateField(
        _("reply due"), null=True, blank=True, editable=False,
        help_text=_("The day the letter sets, or else the province's period (no national period: UNCONFIRMED)."),
    )
    reply_due_stated = models.BooleanField(_("reply date set by the letter"), default=False, editable=False)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_summary = models.TextField(_("reply"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "case__agency"

    class Meta:
        verbose_name = _("judicial or procuratorial suggestion")
        verbose_name_plural = _("judicial and procuratorial suggestions")
        ordering = ["received_on", "pk"]
        indexes = [models.Index(fields=["case", "replied_on"], name="litigation_suggestion_open"),
                   models.Index(fields=["received_on"], name="litigation_suggestion_recv"),
                   models.Index(fields=["reply_due"], name="litigation_suggestion_due")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number or self.issuer} · {self.received_on}"

    @property
    def replied_on_time(self) -> bool:
        return self.replied_on is not None and (self.reply_due is None or self.replied_on <= self.reply_due)
