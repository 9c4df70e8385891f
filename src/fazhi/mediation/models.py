"""Disputes (矛盾纠纷) mediated by a mediation organisation, from their acceptance to the agreement's performance, the
court's judicial confirmation and the return visit.

The rules (人民调解法 2010, in force 2011-01-01, 第35条; legal-rules §8.1):

- a party applies for mediation, or the committee mediates of its own accord; a party who refuses is not mediated
  (第17条); a basic court or the police may send a dispute to mediation before accepting it (第18条);
- the committee names the mediators, or the parties choose them (第19条); the mediators record the mediation, and
  the committee files its records (第27条);
- a party may end the mediation at any time (第23条); a mediation that fails is ended and the parties are told of
  the other channels: arbitration, an administrative body, the courts (第26条);
- an agreement is written (调解协议书, stating the parties, the facts, what is agreed and how and when it is
  performed, in force once signed and sealed, 第29条) or oral (in force when reached, the mediator recording it,
  第28、30条); it binds the parties and the committee follows up its performance (第31条); a dispute over it goes to
  court (第32条);
- both parties may apply together to the court for judicial confirmation (司法确认) within 30 days of the agreement
  taking effect; the court confirms it, making it enforceable, or finds it invalid (第33条; 民事诉讼法 第205–206条);
- the time a mediation takes is local practice: generally one month (司法部令第75号 第33条), a province letting the
  parties agree to continue (UNCONFIRMED: the rule ``mediation.period``, its length the province's, and the setting
  ``FAZHI_MEDIATION_CONTINUATION_MONTHS``).

The owning agency (the record's ``agency``) is the township, the department or, for a people's mediation committee,
the 司法局 that keeps the records; the organisation that mediates is named on the record with its kind.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord
from fazhi.org.managers import ScopedManager

#: 人民调解法 第35条: the law took effect on this day; the ledger keeps disputes received under it.
LAW_IN_FORCE = dt.date(2011, 1, 1)


class Dispute(LedgerRecord):
    """A dispute received for mediation by a mediation organisation of the owning agency."""

    class OrganisationKind(models.TextChoices):
        PEOPLES = "peoples", _("people's mediation committee (人民调解委员会)")
        ADMINISTRATIVE = "administrative", _("administrative mediation (行政调解)")
        JUDICIAL = "judicial", _("court-linked mediation (诉调对接)")
        INDUSTRY = "industry", _("industry or professional mediation committee (行业性专业性调解)")

    class DisputeType(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood (邻里纠纷)")
        FAMILY = "family", _("marriage and family (婚姻家庭纠纷)")
        LAND = "land", _("land and property (土地房屋纠纷)")
        LABOUR = "labour", _("labour and wages (劳动劳资纠纷)")
        MEDICAL = "medical", _("medical (医疗纠纷)")
        TRAFFIC = "traffic", _("traffic accident (交通事故纠纷)")
        CONSUMER = "consumer", _("consumer (消费纠纷)")
        CONTRACT = "contract", _("contract and debt (合同债务纠纷)")
        OTHER = "other", _("other")

    class Source(models.TextChoices):
        APPLICATION = "application", _("a party applied (People's Mediation Law, Art. 17)")
        COURT = "court", _("referred by a court (People's Mediation Law, Art. 18)")
        POLICE = "police", _("referred by the police (People's Mediation Law, Art. 18)")
        PETITION = "petition", _("referred by the petition office (访调对接)")
        AGENCY = "agency", _("referred by another agency")
        SCREENING = "screening", _("found in a screening campaign (排查)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received (受理)")
        MEDIATING = "mediating", _("being mediated")
        AGREED = "agreed", _("agreement reached, awaiting performance")
        PERFORMED = "performed", _("agreement performed")
        UNPERFORMED = "unperformed", _("agreement not performed")
        FAILED = "failed", _("mediation failed (调解不成)")
        DISCONTINUED = "discontinued", _("ended at a party's wish")

    class Outcome(models.TextChoices):
        AGREEMENT = "agreement", _("agreement reached (调解成功)")
        FAILED = "failed", _("mediation failed (调解不成)")
        WITHDRAWN = "withdrawn", _("withdrawn or refused by a party (People's Mediation Law, Arts. 17 and 23)")

    class AgreementForm(models.TextChoices):
        WRITTEN = "written", _("written agreement (调解协议书)")
        ORAL = "oral", _("oral agreement (口头协议)")

    class Channel(models.TextChoices):
        # 人民调解法 第26条: the channels a failed mediation leaves the parties
        LITIGATION = "litigation", _("a lawsuit")
        ARBITRATION = "arbitration", _("arbitration")
        ADMINISTRATIVE = "administrative", _("an administrative body")
        OTHER = "other", _("another channel")

    class Ruling(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed valid")
        REFUSED = "refused", _("dismissed, or the agreement found invalid")

    #: Before its outcome: the mediation and its period run.
    OPEN_STATUSES = (Status.RECEIVED, Status.MEDIATING)
    #: After an agreement: the statuses whose dates lapse rather than go missed (never overdue).
    ENDED_STATUSES = (Status.PERFORMED, Status.UNPERFORMED, Status.FAILED, Status.DISCONTINUED)
    #: The statuses of a dispute whose mediation reached an agreement.
    AGREED_STATUSES = (Status.AGREED, Status.PERFORMED, Status.UNPERFORMED)

    number = models.CharField(_("number"), max_length=40,
                              help_text=_("The dispute's number in the owning agency's register, unique there."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)

    organisation = models.CharField(
        _("mediation organisation"), max_length=200,
        help_text=_("The committee, mediation room or office that mediates."),
    )
    organisation_kind = models.CharField(_("kind of mediation"), max_length=14, choices=OrganisationKind.choices)
    mediators = models.CharField(
        _("mediators"), max_length=200, blank=True,
        help_text=_("People's Mediation Law, Art. 19: named by the committee or chosen by the parties."),
    )

    parties = models.TextField(_("parties"), help_text=_("The parties' names."))
    party_count = models.PositiveSmallIntegerField(
        _("number of parties"), default=2, validators=[MinValueValidator(2)],
    )
    dispute_type = models.CharField(_("type of dispute"), max_length=14, choices=DisputeType.choices)
    summary = models.TextField(_("facts and what is disputed"),
                               help_text=_("People's Mediation Law, Art. 29: the main facts and the points in "
                                           "dispute."))
    amount = models.DecimalField(_("amount involved (yuan)"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)

    source = models.CharField(_("how the dispute came"), max_length=12, choices=Source.choices)
    referred_by = models.CharField(
        _("referred by"), max_length=200, blank=True,
        help_text=_("The court, police station, petition office or agency that sent the dispute (People's "
                    "Mediation Law, Art. 18)."),
    )
    screening = models.CharField(_("screening campaign (排查)"), max_length=200, blank=True,
                                 help_text=_("The campaign that found the dispute."))
    received_on = models.DateField(_("received on (受理)"))
    mediation_due = models.DateField(
        _("mediation due"), null=True, blank=True, editable=False,
        help_text=_("The province's period from acceptance (one month by default: Ministry of Justice Order No. "
                    "75, Art. 33; UNCONFIRMED), or the day the parties agreed to continue to."),
    )
    extended_on = models.DateField(_("parties agreed to continue on"), null=True, blank=True)
    extended_until = models.DateField(
        _("mediation continued until"), null=True, blank=True,
        help_text=_("With both parties' consent, within FAZHI_MEDIATION_CONTINUATION_MONTHS of the period's end "
                    "(UNCONFIRMED local practice)."),
    )
    extension_reason = models.TextField(_("why the mediation continues"), blank=True)

    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    agreement_on = models.DateField(
        _("agreement in force on"), null=True, blank=True,
        help_text=_("People's Mediation Law, Arts. 29–30: a written agreement once signed and sealed, an oral one when "
                    "reached."),
    )
    agreement_form = models.CharField(_("form of the agreement"), max_length=8, choices=AgreementForm.choices,
                                      blank=True)
    agreement_summary = models.TextField(_("what the parties agreed"), blank=True)
    performance_due = models.DateField(
        _("to be performed by"), null=True, blank=True,
        help_text=_("People's Mediation Law, Art. 29: the time of performance the agreement states."),
    )
    confirmation_intended = models.BooleanField(
        _("parties mean to apply for judicial confirmation"), default=False,
        help_text=_("People's Mediation Law, Art. 33: both parties may apply to the court within 30 days of the "
                    "agreement taking effect; the day is then a deadline of the dispute."),
    )
    ended_on = models.DateField(_("mediation ended on"), null=True, blank=True,
                                help_text=_("The day a failed or withdrawn mediation was ended."))
    referred_to = models.CharField(
        _("channel the parties were told of"), max_length=14, choices=Channel.choices, blank=True,
        help_text=_("People's Mediation Law, Art. 26: arbitration, an administrative body or the courts."),
    )
    ending_reason = models.TextField(_("why the mediation ended"), blank=True)

    performed_on = models.DateField(_("agreement performed on"), null=True, blank=True)
    performance_note = models.TextField(_("how the agreement was performed"), blank=True)
    unperformed_on = models.DateField(_("found not performed on"), null=True, blank=True)
    unperformed_note = models.TextField(
        _("what the parties were told"), blank=True,
        help_text=_("People's Mediation Law, Art. 32: a lawsuit on the agreement; Art. 33(2): enforcement of a "
                    "confirmed agreement."),
    )

    confirmation_due = models.DateField(
        _("judicial confirmation to be applied for by"), null=True, blank=True, editable=False,
        help_text=_("People's Mediation Law, Art. 33: 30 days from the agreement taking effect (Civil Procedure Law, "
                    "Art. 205; its Art. 85 moves a last day on a holiday)."),
    )
    confirmation_applied_on = models.DateField(_("judicial confirmation applied for on (司法确认)"), null=True,
                                               blank=True)
    confirmation_court = models.CharField(
        _("court applied to"), max_length=200, blank=True,
        help_text=_("Civil Procedure Law, Art. 205: the court that invited the mediation, else a basic court where "
                    "a party lives, the object is or the mediation body sits."),
    )
    confirmed_on = models.DateField(_("confirmed by the court on"), null=True, blank=True)
    confirmation_refused_on = models.DateField(_("application dismissed on"), null=True, blank=True)
    confirmation_case_number = models.CharField(_("court's case number"), max_length=60, blank=True)
    confirmation_note = models.TextField(_("the court's reasons"), blank=True)

    return_visit_on = models.DateField(_("return visit on (回访)"), null=True, blank=True)
    return_visit_note = models.TextField(_("what the return visit found"), blank=True)

    class Meta:
        verbose_name = _("mediated dispute")
        verbose_name_plural = _("mediated disputes")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="mediation_dispute_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="mediation_dispute_deadline"),
            models.Index(fields=["agency", "-received_on", "-id"], name="mediation_agency_received"),
            models.Index(fields=["-received_on", "-id"], name="mediation_dispute_received"),
            # The generic list's order (newest first), alone, per agency and per status.
            models.Index(fields=["-created_at", "-id"], name="mediation_dispute_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="mediation_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="mediation_status_created"),
            # The year's figures: the disputes an agency received in a year, by kind of mediation.
            models.Index(fields=["agency", "organisation_kind", "received_on"], name="mediation_agency_year"),
        ]

    def __str__(self):
        return f"{self.number} {self.get_dispute_type_display()}"

    @property
    def is_written(self) -> bool:
        return self.agreement_form == self.AgreementForm.WRITTEN

    @property
    def concluded_on(self) -> dt.date | None:
        """The day the mediation ended: the agreement taking effect, or the end of a failed or withdrawn one."""
        return self.agreement_on or self.ended_on

    @property
    def concluded_late(self) -> bool:
        """Whether the mediation ended after its period (with the parties' continuation)."""
        end = self.concluded_on
        return bool(end and self.mediation_due and end > self.mediation_due)

    @property
    def ruled(self) -> bool:
        return self.confirmed_on is not None or self.confirmation_refused_on is not None

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline: the end of the mediation period while it runs; after an agreement, the day it
        is to be performed and, where the parties mean to seek it, the last day to apply for judicial
        confirmation (人民调解法 第33条)."""
        found: list[dt.date | None] = []
        if self.status in self.OPEN_STATUSES:
            found.append(self.mediation_due)
        elif self.status == self.Status.AGREED:
            found.append(self.performance_due)
            if self.confirmation_intended and self.confirmation_applied_on is None:
                found.append(self.confirmation_due)
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None


class Session(models.Model):
    """A mediation session (调解) of a dispute: the mediators record each (人民调解法 第27条)."""

    dispute = models.ForeignKey(Dispute, models.PROTECT, related_name="sessions", verbose_name=_("dispute"))
    held_on = models.DateField(_("session held on"))
    note = models.TextField(_("what happened at the session"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name=_("created by"))

    objects = ScopedManager()
    scope_field = "dispute__agency"

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["dispute", "held_on"], name="mediation_session_dispute")]

    def __str__(self):
        return f"{self.dispute.number} · {self.held_on.isoformat()}"


def continuation_months() -> int:
    """How many months both parties may agree to continue a mediation beyond its period: the setting
    ``FAZHI_MEDIATION_CONTINUATION_MONTHS`` (UNCONFIRMED local practice; 0: never)."""
    return max(int(getattr(settings, "FAZHI_MEDIATION_CONTINUATION_MONTHS", 1)), 0)


def confirmation_written_only() -> bool:
    """Whether judicial confirmation is recorded only for a written agreement (UNCONFIRMED, a setting)."""
    return bool(getattr(settings, "FAZHI_MEDIATION_CONFIRMATION_WRITTEN_ONLY", True))
