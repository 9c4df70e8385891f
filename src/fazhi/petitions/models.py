"""Petition matters (信访事项) kept by the agency that received them, from the registration to the closing.

The rules are the 信访工作条例 (2022, in force 2022-05-01, 第50条; legal-rules §7.1):

- a petition comes in person, by letter, online, by telephone or by fax (第17–19条) and is registered in the
  petition information system, where the petitioner follows it and evaluates the handling (第21条);
- the petition bureau forwards (转送) or assigns (交办) a matter to the competent body within 15 days (第22条); another
  agency that receives one tells the petitioner in writing, within 15 days, that it was received and how it will be
  handled, unless the name or address is unclear (第23条); a matter forwarded or assigned to an agency that is not
  competent is objected to within 5 working days, and returned once the forwarding body agrees (第23条);
- suggestions (第29条), accusations (第30条) and complaints or demands (第31条) are handled apart; a complaint that
  belongs to litigation, arbitration, reconsideration or another legal procedure is routed there (第31条); the others
  are answered by a written handling opinion (信访处理意见书: support, explanation or no support, 第32条; or a
  mediation or settlement agreement, 第33条) within 60 days of acceptance, at most 30 more with the head's approval
  and the reasons told to the petitioner (第34条);
- a petitioner not satisfied asks the body above for a review (复查) within 30 days of the written opinion, answered
  within 30 days (第35条), then for a second review (复核) on the same terms, its hearing time not counted (第36条);
  after the second review the same request is not accepted again (第36条).

Every period is a deadline rule of ``fazhi.clock.rules`` (``petition.*``); what the regulations leave open is a
setting (``FAZHI_PETITIONS_*``). One ``Matter`` is one petition as the owning agency (the record's ``agency``)
received it; a repeated petition points to the earlier matter of the same agency (``repeat_of``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.ledger import LedgerRecord

#: 信访工作条例 第50条: the 2022 regulations took effect on this day; the ledger keeps matters received under them.
REGULATIONS_IN_FORCE = dt.date(2022, 5, 1)
#: 第34条: the longest extension of the handling period (days).
MAX_EXTENSION_DAYS = 30


class Matter(LedgerRecord):
    """A petition (信访事项) registered by the owning agency: handled by it, or forwarded to the competent body."""

    class Channel(models.TextChoices):
        # 信访工作条例 第17–19条
        VISIT = "visit", _("visit in person (走访)")
        LETTER = "letter", _("letter (来信)")
        ONLINE = "online", _("online (网上信访)")
        PHONE = "phone", _("telephone")
        FAX = "fax", _("fax")

    class Route(models.TextChoices):
        # 信访工作条例 第23条: a petition brought to the agency, or one forwarded or assigned to it
        DIRECT = "direct", _("brought to this agency by the petitioner")
        FORWARDED = "forwarded", _("forwarded by a petition bureau or higher body (转送)")
        ASSIGNED = "assigned", _("assigned by a petition bureau or higher body (交办)")

    class Category(models.TextChoices):
        # 信访工作条例 第29–31条
        SUGGESTION = "suggestion", _("suggestion or opinion (建议意见类)")
        ACCUSATION = "accusation", _("report or accusation (检举控告类)")
        COMPLAINT = "complaint", _("complaint or demand (申诉求决类)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received and registered")
        OBJECTED = "objected", _("routing objected to")
        FORWARDED = "forwarded", _("forwarded to the competent body")
        RETURNED = "returned", _("returned to the forwarding body")
        DECLINED = "declined", _("not taken up as a petition")
        ACCEPTED = "accepted", _("accepted, being handled")
        REPLIED = "replied", _("handling opinion issued")
        UNDER_REVIEW = "under_review", _("under review (复查)")
        REVIEWED = "reviewed", _("review opinion issued")
        UNDER_RECHECK = "under_recheck", _("under second review (复核)")
        CLOSED = "closed", pgettext_lazy("petitions", "closed")

    class ForwardKind(models.TextChoices):
        # 信访工作条例 第22条
        FORWARD = "forward", _("forwarded (转送)")
        ASSIGN = "assign", _("assigned, with a report of the result (交办)")

    class DeclineGround(models.TextChoices):
        LEGAL_PROCEDURE = "legal_procedure", _("it belongs to a legal procedure and was routed there (Art. 31)")
        RECHECKED = "rechecked", _("the same request went through a second review already (Art. 36)")

    class LegalRoute(models.TextChoices):
        # 信访工作条例 第31条第1–3项
        LITIGATION = "litigation", _("court proceedings")
        ARBITRATION = "arbitration", _("arbitration")
        RECONSIDERATION = "reconsideration", _("administrative reconsideration")
        ADMINISTRATIVE = "administrative", _("another administrative procedure (ruling, confirmation, licensing, "
                                             "penalty)")
        PARTY = "party", _("a Party member's appeal or a request for re-examination")

    class ReplyOutcome(models.TextChoices):
        # 信访工作条例 第32、33条
        SUPPORTED = "supported", _("request supported (支持)")
        EXPLAINED = "explained", _("explained: reasonable but without a basis in law or policy (解释说明)")
        NOT_SUPPORTED = "not_supported", _("request not supported (不予支持)")
        SETTLED = "settled", _("mediation or settlement agreement (调解、和解)")

    class Evaluation(models.TextChoices):
        # 信访工作条例 第21条: the petitioner evaluates the handling in the information system
        SATISFIED = "satisfied", _("satisfied (满意)")
        BASICALLY_SATISFIED = "basically_satisfied", _("basically satisfied (基本满意)")
        UNSATISFIED = "unsatisfied", _("not satisfied (不满意)")

    class ReviewOutcome(models.TextChoices):
        UPHELD = "upheld", _("opinion upheld")
        VARIED = "varied", _("opinion changed")
        REVOKED = "revoked", _("opinion set aside")

    #: The statuses in which nothing more is expected of the agency.
    FINAL_STATUSES = (Status.FORWARDED, Status.RETURNED, Status.DECLINED, Status.CLOSED)
    #: The statuses after the handling opinion, in which the petitioner's evaluation is recorded.
    AFTER_REPLY = (Status.REPLIED, Status.UNDER_REVIEW, Status.REVIEWED, Status.UNDER_RECHECK, Status.CLOSED)

    number = models.CharField(
        _("number"), max_length=40,
        help_text=_("The matter's number in the petition register (信访件编号), unique for the agency."),
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices,
                               help_text=_("Regulations on Petition Work, Arts. 17–19."))
    received_via = models.CharField(
        _("how it came"), max_length=10, choices=Route.choices, default=Route.DIRECT,
        help_text=_("Regulations on Petition Work, Art. 23: brought by the petitioner, or forwarded or assigned by a "
                    "petition bureau or higher body."),
    )
    forwarded_by = models.CharField(_("forwarded or assigned by"), max_length=200, blank=True)
    petitioner_name = models.CharField(_("petitioner"), max_length=200,
                                       help_text=_("The petitioner, or the representatives of a group."))
    petitioner_contact = models.CharField(_("petitioner's address or telephone"), max_length=200, blank=True)
    identity_unclear = models.BooleanField(
        _("name or address unclear"), default=False,
        help_text=_("Regulations on Petition Work, Art. 23: no written notice is sent when the petitioner's name or "
                    "address is unclear."),
    )
    persons = models.PositiveSmallIntegerField(
        _("number of people"), default=1,
        help_text=_("The people who came in person, or who signed the letter; from the number the setting "
                    "FAZHI_PETITIONS_GROUP_VISIT_SIZE gives, a visit is a group visit (集体访)."),
    )
    subject = models.CharField(_("subject"), max_length=300)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices,
                                help_text=_("Regulations on Petition Work, Arts. 29–31."))
    request = models.TextField(_("what the petitioner asks"), blank=True)
    received_on = models.DateField(
        _("received on"),
        help_text=_("Regulations on Petition Work, Arts. 22–23: the 15 days to forward the matter or tell the "
                    "petitioner run from it."),
    )
    repeat_of = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="repeats", verbose_name=_("repeat of"),
        help_text=_("The agency's earlier matter on the same request (重复信访)."),
    )

    forward_due = models.DateField(
        _("forwarding due"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 22: forwarded or assigned within 15 days of receipt."),
    )
    notice_due = models.DateField(
        _("notice to the petitioner due"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 23: the petitioner told in writing of the receipt and the "
                    "handling route within 15 days of receipt."),
    )
    notified_on = models.DateField(_("petitioner told on"), null=True, blank=True)
    objection_due = models.DateField(
        _("objection due"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 23: a matter forwarded to an agency not competent for it is "
                    "objected to within 5 working days of receipt."),
    )
    objected_on = models.DateField(_("objection raised on"), null=True, blank=True)
    objection_reason = models.TextField(_("why the agency is not competent"), blank=True)
    objection_answered_on = models.DateField(_("forwarding body answered on"), null=True, blank=True)
    objection_agreed = models.BooleanField(_("forwarding body agreed"), null=True, blank=True)
    objection_answer = models.TextField(_("forwarding body's answer"), blank=True)

    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_kind = models.CharField(_("forwarded how"), max_length=8, choices=ForwardKind.choices, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=200, blank=True)
    forwarded_to_agency = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("forwarded to agency"), help_text=_("When it keeps its records in fazhi."),
    )

    declined_on = models.DateField(_("declined on"), null=True, blank=True)
    decline_ground = models.CharField(_("why it is not taken up"), max_length=16, choices=DeclineGround.choices,
                                      blank=True)
    legal_route = models.CharField(_("legal procedure"), max_length=16, choices=LegalRoute.choices, blank=True,
                                   help_text=_("Regulations on Petition Work, Art. 31."))
    decline_note = models.TextField(_("what the petitioner was told"), blank=True)

    accepted_on = models.DateField(
        _("accepted on"), null=True, blank=True,
        help_text=_("Regulations on Petition Work, Art. 34: the 60 days of handling run from it."),
    )
    handling_due = models.DateField(
        _("handling opinion due"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 34: 60 days from acceptance, plus an approved extension of "
                    "at most 30 days."),
    )
    extended_on = models.DateField(_("extension approved on"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("days of extension"), default=0)
    extension_reason = models.TextField(_("why the matter needs longer"), blank=True)
    extension_approver = models.CharField(
        _("extension approved by"), max_length=100, blank=True,
        help_text=_("Regulations on Petition Work, Art. 34: the head of the agency."),
    )
    extension_notified_on = models.DateField(_("petitioner told of the extension on"), null=True, blank=True)

    replied_on = models.DateField(_("handling opinion issued on"), null=True, blank=True)
    reply_served_on = models.DateField(
        _("handling opinion received by the petitioner on"), null=True, blank=True,
        help_text=_("The 30 days to ask for a review run from it (Regulations on Petition Work, Art. 35); from the "
                    "issue while it is not known."),
    )
    reply_outcome = models.CharField(_("handling opinion"), max_length=14, choices=ReplyOutcome.choices, blank=True,
                                     help_text=_("Regulations on Petition Work, Arts. 32–33."))
    reply_summary = models.TextField(_("what the opinion says, and its basis"), blank=True)

    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluation = models.CharField(
        _("petitioner's evaluation"), max_length=20, choices=Evaluation.choices, blank=True,
        help_text=_("Regulations on Petition Work, Art. 21: the petitioner evaluates the handling."),
    )
    evaluation_note = models.TextField(_("petitioner's comments"), blank=True)

    review_request_due = models.DateField(
        _("review to be asked for by"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 35: the petitioner asks within 30 days of receiving the "
                    "handling opinion."),
    )
    review_requested_on = models.DateField(_("review asked for on"), null=True, blank=True)
    review_body = models.CharField(_("reviewing body"), max_length=200, blank=True)
    review_agency = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewing agency"),
        help_text=_("When it keeps its records in fazhi."),
    )
    review_due = models.DateField(
        _("review opinion due"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 35: 30 days from the request."),
    )
    reviewed_on = models.DateField(_("review opinion issued on"), null=True, blank=True)
    review_served_on = models.DateField(_("review opinion received by the petitioner on"), null=True, blank=True)
    review_outcome = models.CharField(_("review outcome"), max_length=8, choices=ReviewOutcome.choices, blank=True)
    review_summary = models.TextField(_("what the review opinion says"), blank=True)

    recheck_request_due = models.DateField(
        _("second review to be asked for by"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 36: the petitioner asks within 30 days of receiving the "
                    "review opinion."),
    )
    recheck_requested_on = models.DateField(_("second review asked for on"), null=True, blank=True)
    recheck_body = models.CharField(_("body of the second review"), max_length=200, blank=True)
    recheck_agency = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("agency of the second review"), help_text=_("When it keeps its records in fazhi."),
    )
    recheck_hearing_from = models.DateField(_("hearing of the second review from"), null=True, blank=True)
    recheck_hearing_to = models.DateField(_("hearing of the second review to"), null=True, blank=True)
    recheck_due = models.DateField(
        _("second review opinion due"), null=True, blank=True, editable=False,
        help_text=_("Regulations on Petition Work, Art. 36: 30 days from the request, the hearing's days not "
                    "counted."),
    )
    rechecked_on = models.DateField(_("second review opinion issued on"), null=True, blank=True)
    recheck_outcome = models.CharField(_("second review outcome"), max_length=8, choices=ReviewOutcome.choices,
                                       blank=True)
    recheck_summary = models.TextField(_("what the second review opinion says"), blank=True)

    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="petitions_matter_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="petitions_matter_deadline"),
            models.Index(fields=["agency", "-received_on", "-id"], name="petitions_agency_received"),
            models.Index(fields=["-received_on", "-id"], name="petitions_matter_received"),
            # The generic list's order (newest first), alone, per agency and per status.
            models.Index(fields=["-created_at", "-id"], name="petitions_matter_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="petitions_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="petitions_status_created"),
            # The year's figures: the matters an agency received in a year, by channel.
            models.Index(fields=["agency", "received_on", "channel"], name="petitions_agency_year"),
        ]

    def __str__(self):
        return f"{self.number} {self.subject}"

    @property
    def is_direct(self) -> bool:
        return self.received_via == self.Route.DIRECT

    @property
    def is_group_visit(self) -> bool:
        """A visit of ``FAZHI_PETITIONS_GROUP_VISIT_SIZE`` people or more (集体访; UNCONFIRMED local threshold)."""
        return self.channel == self.Channel.VISIT and self.persons >= group_visit_size()

    @property
    def notice_owed(self) -> bool:
        """Whether the written notice of receipt and route is still owed (第23条): the petitioner is identifiable and
        has not been told."""
        return not self.identity_unclear and self.notified_on is None

    @property
    def replied_late(self) -> bool:
        return bool(self.replied_on and self.handling_due and self.replied_on > self.handling_due)

    @property
    def rechecked(self) -> bool:
        """Whether the matter, or the earlier one it repeats, went through a second review (第36条)."""
        matter, seen = self, set()
        while matter is not None and matter.pk not in seen:
            if matter.rechecked_on is not None:
                return True
            seen.add(matter.pk)
            matter = matter.repeat_of
        return False

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline of the agency, or of the body reviewing its opinion: forwarding and the
        objection while the matter is registered (第22–23条), the notice to the petitioner (第23条), the handling
        opinion (第34条), the review and the second review (第35–36条). The petitioner's own periods to ask for them
        are not the agency's and are left out."""
        S = self.Status
        found: list[dt.date | None] = []
        if self.status == S.RECEIVED:
            found.append(self.forward_due)
            if not self.is_direct and self.objected_on is None:
                found.append(self.objection_due)
        if self.status in (S.RECEIVED, S.ACCEPTED) and self.notice_owed:
            found.append(self.notice_due)
        if self.status == S.ACCEPTED:
            found.append(self.handling_due)
        elif self.status == S.UNDER_REVIEW:
            found.append(self.review_due)
        elif self.status == S.UNDER_RECHECK:
            found.append(self.recheck_due)
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None


def satisfied_evaluations() -> frozenset[str]:
    """The evaluations counted as satisfied: the setting ``FAZHI_PETITIONS_SATISFIED_EVALUATIONS`` (UNCONFIRMED
    formula, legal-rules §7.1 and §13 item 6)."""
    values = getattr(settings, "FAZHI_PETITIONS_SATISFIED_EVALUATIONS", ["satisfied", "basically_satisfied"])
    if isinstance(values, str):
        values = values.split(",")
    chosen = frozenset(value.strip() for value in values if value.strip())
    unknown = sorted(chosen - set(Matter.Evaluation.values))
    if unknown:
        raise ImproperlyConfigured(
            f"FAZHI_PETITIONS_SATISFIED_EVALUATIONS names unknown evaluations: {', '.join(unknown)}.")
    return chosen


def group_visit_size() -> int:
    """The people from which a visit is a group visit (UNCONFIRMED local practice, a setting)."""
    return int(getattr(settings, "FAZHI_PETITIONS_GROUP_VISIT_SIZE", 5))


def close_unchallenged() -> bool:
    """Whether the daily job closes the matters whose petitioner let the time for a review pass (a setting)."""
    return bool(getattr(settings, "FAZHI_PETITIONS_CLOSE_UNCHALLENGED", True))
