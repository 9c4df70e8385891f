"""Administrative reconsideration cases (行政复议案件) of a reconsideration body, from the application to the decision.

The rules are 行政复议法 (2023 revision, in force 2024-01-01; legal-rules §5.1):

- an application is made within 60 days of knowing the act (第20条; one year at most when the agency did not tell of
  the right), in writing, online or orally (第22条);
- it is examined within 5 working days (第30条): accepted, refused with reasons (不予受理), or, when incomplete, the
  applicant is asked once to correct it (补正, 第31条) within 10 working days, after which the 5 days run afresh;
  not corrected in time, it is treated as abandoned; silence when the 5 days end is acceptance (第30条第3款);
- after acceptance the copy goes to the respondent within 7 working days and its answer is due 10 working days
  after it receives the copy (第48条); under the simplified procedure (第53–55条) 3 and 5, and a simplified case may
  be switched to the ordinary procedure;
- a hearing is held in major, difficult or complex cases (第50条) and the reconsideration committee consulted where
  第52条 says so;
- the review may be suspended (中止, 第39条; the suspended days are not counted) and terminated (终止, 第41条);
- the decision is due 60 days after acceptance, 30 under the simplified procedure, and the ordinary period may be
  extended once by at most 30 days (第62条); the decision is one of 第63–69条, a mediation document (第73条), or the
  withdrawal after a settlement (第74条); an application found inadmissible after acceptance is dismissed (第33条);
- an incidental review of a normative document may be asked for (第13、56条); a recommendation letter (行政复议意见书,
  第76条) is answered within 60 days; decisions are published (第79条).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.ledger import LedgerRecord

#: 行政复议法 第90条: the 2023 revision took effect on this day; the ledger keeps cases under it.
LAW_IN_FORCE = dt.date(2024, 1, 1)
#: 第53条第1款第3项: the amount up to which a case may take the simplified procedure (yuan).
SIMPLIFIED_AMOUNT = 3000
#: 第62条第1款: the longest extension of the ordinary period (days).
MAX_EXTENSION_DAYS = 30
#: 第41条第5项: a suspension on the grounds of 第39条第1款第1、2、4项 lasting this many days may end the case.
LONG_SUSPENSION_DAYS = 60


def correction_outcomes() -> set[str]:
    """The outcomes counted as a correction (纠错) in the 纠错率: a setting, as no official formula exists
    (legal-rules §5.1, §13 item 6: UNCONFIRMED)."""
    value = getattr(settings, "FAZHI_RECONSIDERATION_CORRECTION_OUTCOMES",
                    "varied,revoked,partly_revoked,unlawful,void,performance")
    return {item.strip() for item in str(value).split(",") if item.strip()}


class Case(LedgerRecord):
    """An administrative reconsideration case of a reconsideration body (the government, or its 司法局 as its
    reconsideration organ)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("application received (under examination)")
        CORRECTING = "correcting", _("awaiting correction (补正)")
        ACCEPTED = "accepted", _("accepted, under review")
        SUSPENDED = "suspended", _("review suspended (中止)")
        DECIDED = "decided", pgettext_lazy("reconsideration", "decided")
        CLOSED = "closed", _("closed (refused, abandoned, withdrawn or terminated)")

    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("citizen")
        ORGANISATION = "organisation", _("legal person or other organisation")

    class ActCategory(models.TextChoices):
        # 行政复议法 第11条
        PENALTY = "penalty", _("administrative penalty (第11条第1项)")
        COERCIVE = "coercive", _("coercive measure or enforcement (第11条第2项)")
        LICENSING = "licensing", _("administrative licensing (第11条第3项)")
        NATURAL_RESOURCES = "natural_resources", _("ownership or use of natural resources (第11条第4项)")
        EXPROPRIATION = "expropriation", _("expropriation, requisition and compensation (第11条第5项)")
        COMPENSATION = "compensation", _("state compensation decision (第11条第6项)")
        WORK_INJURY = "work_injury", _("work-injury determination (第11条第7项)")
        BUSINESS_AUTONOMY = "business_autonomy", _("business autonomy or rural land rights (第11条第8项)")
        COMPETITION = "competition", _("exclusion or restriction of competition (第11条第9项)")
        UNLAWFUL_DEMAND = "unlawful_demand", _("unlawful fund-raising, levies or demands (第11条第10项)")
        NON_PERFORMANCE = "non_performance", _("failure to perform a statutory duty (第11条第11项)")
        SOCIAL_BENEFITS = "social_benefits", _("pensions, social insurance or subsistence allowances not paid "
                                               "(第11条第12项)")
        AGREEMENT = "agreement", _("administrative agreement (第11条第13项)")
        DISCLOSURE = "disclosure", _("government information disclosure (第11条第14项)")
        OTHER = "other", _("other administrative act (第11条第15项)")

    class Channel(models.TextChoices):
        # 行政复议法 第22条
        IN_PERSON = "in_person", _("handed in")
        POST = "post", _("by post")
        ONLINE = "online", _("online")
        ORAL = "oral", _("orally, recorded on the spot")

    class RefusalGround(models.TextChoices):
        # 行政复议法 第30条第1款: the condition the application does not meet
        PARTIES = "parties", _("no clear applicant or no proper respondent (第30条第1款第1项)")
        INTEREST = "interest", _("the applicant has no interest in the act (第30条第1款第2项)")
        REQUEST = "request", _("no specific request and reasons (第30条第1款第3项)")
        LATE = "late", _("made after the time to apply (第30条第1款第4项)")
        SCOPE = "scope", _("outside the scope of reconsideration (第30条第1款第5项)")
        JURISDICTION = "jurisdiction", _("outside this body's jurisdiction (第30条第1款第6项)")
        DUPLICATE = "duplicate", _("already accepted here or by a court (第30条第1款第7项)")

    class Procedure(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary procedure")
        SIMPLIFIED = "simplified", _("simplified procedure (第53条)")

    class SimplifiedGround(models.TextChoices):
        # 行政复议法 第53条
        ON_THE_SPOT = "on_the_spot", _("the act was made on the spot (第53条第1款第1项)")
        WARNING = "warning", _("the act is a warning or public criticism (第53条第1款第2项)")
        SMALL_AMOUNT = "small_amount", _("the amount is 3,000 yuan or less (第53条第1款第3项)")
        DISCLOSURE = "disclosure", _("a government information disclosure case (第53条第1款第4项)")
        CONSENT = "consent", _("all parties agree (第53条第2款)")

    class SuspensionGround(models.TextChoices):
        # 行政复议法 第39条第1款
        DEATH = "death", _("the applicant died; the close relatives have not decided whether to take part (第1项)")
        INCAPACITY = "incapacity", _("the applicant lost capacity; no legal representative yet (第2项)")
        MISSING = "missing", _("the applicant is missing (第3项)")
        SUCCESSOR = "successor", _("the applicant organisation ended; no successor yet (第4项)")
        FORCE_MAJEURE = "force_majeure", _("a party cannot take part for force majeure or another proper reason "
                                           "(第5项)")
        MEDIATION = "mediation", _("mediation or settlement, the parties agreeing to suspend (第6项)")
        INTERPRETATION = "interpretation", _("a question of law awaits an interpretation or confirmation (第7项)")
        OTHER_CASE = "other_case", _("the review depends on another case not yet concluded (第8项)")
        DOCUMENT_REVIEW = "document_review", _("incidental review of a normative document or basis (第9项)")
        OTHER = "other", _("another ground (第10项)")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("upheld (维持, 第68条)")
        REVOKED = "revoked", _("revoked (撤销, 第64条)")
        PARTLY_REVOKED = "partly_revoked", _("partly revoked (部分撤销, 第64条)")
        VARIED = "varied", _("varied (变更, 第63条)")
        UNLAWFUL = "unlawful", _("declared unlawful (确认违法, 第65条)")
        VOID = "void", _("declared void (确认无效, 第67条)")
        PERFORMANCE = "performance", _("ordered to perform (责令履行, 第66、71条)")
        REQUEST_REJECTED = "request_rejected", _("request rejected (驳回复议请求, 第69条)")
        APPLICATION_DISMISSED = "application_dismissed", _("application dismissed (驳回申请, 第33条)")
        MEDIATED = "mediated", _("mediation document (调解书, 第73条)")
        SETTLED = "settled", _("withdrawn after a settlement (和解, 第74条)")
        TERMINATED = "terminated", _("terminated (终止, 第41条)")

    class TerminationGround(models.TextChoices):
        # 行政复议法 第41条
        WITHDRAWN = "withdrawn", _("the applicant withdrew, with the organ's leave (第41条第1项)")
        DEATH = "death", _("the applicant died without close relatives, or they gave up the right (第41条第2项)")
        ORGANISATION_ENDED = "organisation_ended", _("the applicant organisation ended without a successor, or it "
                                                     "gave up the right (第41条第3项)")
        CRIMINAL = "criminal", _("criminal coercive measures for the same act after a detention case (第41条第4项)")
        LONG_SUSPENSION = "long_suspension", _("suspended 60 days on the grounds of 第39条第1款第1、2、4项, the cause "
                                               "remaining (第41条第5项)")

    class Closure(models.TextChoices):
        REFUSED = "refused", _("not accepted (不予受理, 第30条)")
        ABANDONED = "abandoned", _("not corrected in time: treated as abandoned (第31条)")
        SETTLED = "settled", _("withdrawn after a settlement (第74条)")
        TERMINATED = "terminated", _("terminated (第41条)")

    OPEN_STATUSES = (Status.RECEIVED, Status.CORRECTING, Status.ACCEPTED, Status.SUSPENDED)
    REVIEW_STATUSES = (Status.ACCEPTED, Status.SUSPENDED)
    #: Outcomes decided on the merits of the act (第63–72条): they need the review's steps before them.
    MERITS_OUTCOMES = (Outcome.UPHELD, Outcome.REVOKED, Outcome.PARTLY_REVOKED, Outcome.VARIED, Outcome.UNLAWFUL,
                       Outcome.VOID, Outcome.PERFORMANCE, Outcome.REQUEST_REJECTED)
    #: Outcomes that end the case without a decision document (第41、74条): the case is closed.
    CLOSING_OUTCOMES = (Outcome.SETTLED, Outcome.TERMINATED)
    #: Outcomes the parties may reach while the review is suspended for them (第39条第1款第6项, 第41、73、74条).
    AGREED_OUTCOMES = (Outcome.MEDIATED, Outcome.SETTLED, Outcome.TERMINATED)
    #: Decision documents published (第79条); a mediation document and the end of a case are not.
    PUBLISHED_OUTCOMES = (*MERITS_OUTCOMES, Outcome.APPLICATION_DISMISSED)
    #: The acts whose case asks the respondent to act: an order to perform (第66、71条) fits them, and a rejection
    #: of the request (第69条) those without the agreement.
    DUTY_CATEGORIES = (ActCategory.NON_PERFORMANCE, ActCategory.SOCIAL_BENEFITS, ActCategory.LICENSING,
                       ActCategory.DISCLOSURE, ActCategory.AGREEMENT)

    number = models.CharField(_("case number (案号)"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)

    applicant_name = models.CharField(_("applicant (申请人)"), max_length=200)
    applicant_kind = models.CharField(_("kind of applicant"), max_length=12, choices=ApplicantKind.choices)
    applicant_contact = models.CharField(
        _("applicant's contact"), max_length=200, blank=True,
        help_text=_("Address and telephone for service of documents."),
    )
    third_parties = models.TextField(
        _("third parties (第三人)"), blank=True,
        help_text=_("行政复议法 第16条: others with an interest in the act who take part in the case."),
    )
    respondent = models.ForeignKey(
        "org.Agency", models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("respondent (被申请人)"),
        help_text=_("The agency that made the act (行政复议法 第19条), when it keeps its records in fazhi."),
    )
    respondent_name = models.CharField(
        _("respondent's name"), max_length=200,
        help_text=_("Filled from the respondent agency, or typed for a body outside fazhi."),
    )
    act = models.TextField(
        _("act contested (被申请行政复议的行政行为)"),
        help_text=_("The decision, its number and date, or the duty not performed (行政复议法 第11条)."),
    )
    act_category = models.CharField(_("kind of act"), max_length=20, choices=ActCategory.choices)
    amount = models.DecimalField(
        _("amount involved (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
        help_text=_("行政复议法 第53条: a case of 3,000 yuan or less may take the simplified procedure."),
    )
    request = models.TextField(
        _("request and reasons (复议请求和理由)"), blank=True,
        help_text=_("行政复议法 第30条第1款第3项: a specific request and its reasons."),
    )
    knew_on = models.DateField(
        _("applicant knew of the act on"),
        help_text=_("行政复议法 第20条: the 60 days to apply run from the day the applicant knew or should have known "
                    "of the act."),
    )
    not_informed = models.BooleanField(
        _("applicant was not told of the right to apply"), default=False,
        help_text=_("行政复议法 第20条第3款: when the agency did not tell the applicant of the right and the period, the "
                    "period runs from learning of them, at most one year from knowing the act."),
    )
    application_due = models.DateField(
        _("application due"), null=True, blank=True, editable=False,
        help_text=_("The last day to apply (行政复议法 第20条)."),
    )
    delay_reason = models.TextField(
        _("reason for applying late"), blank=True,
        help_text=_("行政复议法 第20条第2款: force majeure or another proper reason; the period resumes when the "
                    "obstacle ends."),
    )
    channel = models.CharField(_("channel (申请方式)"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    acceptance_due = models.DateField(
        _("acceptance examination due"), null=True, blank=True, editable=False,
        help_text=_("行政复议法 第30条: 5 working days from receipt, afresh from the corrected materials (第31条)."),
    )

    correction_requested_on = models.DateField(_("correction requested on (补正通知)"), null=True, blank=True)
    correction_received_on = models.DateField(
        _("correction notice received on"), null=True, blank=True,
        help_text=_("The day the applicant received the notice; the 10 working days run from it (第31条第2款)."),
    )
    correction_items = models.TextField(
        _("what is to be corrected"), blank=True,
        help_text=_("行政复议法 第31条第1款: every item at once, in one notice."),
    )
    correction_due = models.DateField(_("correction due"), null=True, blank=True, editable=False)
    corrected_on = models.DateField(_("corrected materials received on"), null=True, blank=True)
    correction_late_reason = models.TextField(
        _("good cause for correcting late"), blank=True,
        help_text=_("行政复议法 第31条第2款: the organ may allow a reasonable longer time."),
    )

    accepted_on = models.DateField(_("accepted on (受理)"), null=True, blank=True)
    deemed_accepted = models.BooleanField(
        _("deemed accepted"), default=False, editable=False,
        help_text=_("行政复议法 第30条第3款: the examination period ended without a refusal."),
    )
    refused_on = models.DateField(_("refused on (不予受理)"), null=True, blank=True)
    refusal_ground = models.CharField(_("ground of refusal"), max_length=12, choices=RefusalGround.choices,
                                      blank=True)
    refusal_reason = models.TextField(_("reasons for the refusal"), blank=True)
    competent_body = models.CharField(
        _("competent reconsideration body"), max_length=200, blank=True,
        help_text=_("行政复议法 第30条第2款: named when the case belongs to another body."),
    )

    procedure = models.CharField(pgettext_lazy("reconsideration", "procedure"), max_length=10, choices=Procedure.choices,
                                 default=Procedure.ORDINARY)
    simplified_ground = models.CharField(_("ground for the simplified procedure"), max_length=12,
                                         choices=SimplifiedGround.choices, blank=True)
    switched_on = models.DateField(_("switched to the ordinary procedure on"), null=True, blank=True)
    switch_reason = models.TextField(_("reason for the switch"), blank=True)
    switch_approver = models.CharField(
        _("switch approved by"), max_length=60, blank=True,
        help_text=_("行政复议法 第55条: the head of the reconsideration organ."),
    )

    copy_due = models.DateField(
        _("copy to the respondent due"), null=True, blank=True, editable=False,
        help_text=_("行政复议法 第48条: 7 working days from acceptance; 3 under the simplified procedure (第54条)."),
    )
    copy_sent_on = models.DateField(_("copy sent to the respondent on"), null=True, blank=True)
    copy_received_on = models.DateField(_("copy received by the respondent on"), null=True, blank=True)
    answer_due = models.DateField(
        _("respondent's answer due"), null=True, blank=True, editable=False,
        help_text=_("行政复议法 第48条: 10 working days from the respondent's receipt of the copy; 5 under the "
                    "simplified procedure (第54条)."),
    )
    answer_received_on = models.DateField(_("answer received on (答复)"), null=True, blank=True)

    hearing_required = models.BooleanField(
        _("hearing required"), default=False,
        help_text=_("行政复议法 第50条: a major, difficult or complex case is heard."),
    )
    hearing_required_reason = models.TextField(_("why a hearing is required"), blank=True)
    hearing_notified_on = models.DateField(_("hearing notice sent on"), null=True, blank=True)
    hearing_held_on = models.DateField(_("hearing held on (听证)"), null=True, blank=True)
    hearing_record = models.TextField(_("hearing record"), blank=True)

    committee_required = models.BooleanField(
        _("committee consultation required"), default=False,
        help_text=_("行政复议法 第52条: the reconsideration committee is consulted in major, difficult or complex "
                    "cases, highly technical ones, and a provincial government's review of its own acts."),
    )
    committee_required_reason = models.TextField(_("why the committee is consulted"), blank=True)
    committee_consulted_on = models.DateField(_("committee consulted on (行政复议委员会)"), null=True, blank=True)
    committee_opinion = models.TextField(_("committee's advisory opinion"), blank=True)

    suspensions = models.JSONField(
        _("suspensions (中止)"), default=list, blank=True, editable=False,
        help_text=_("行政复议法 第39条: [suspended on, resumed on, ground, reason]; the days in between are not "
                    "counted in the decision period."),
    )
    extension_days = models.PositiveSmallIntegerField(_("days of extension"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_approver = models.CharField(
        _("extension approved by"), max_length=60, blank=True,
        help_text=_("行政复议法 第62条: the head of the reconsideration organ, at most 30 days."),
    )
    extended_on = models.DateField(_("extension approved on"), null=True, blank=True)
    decision_due = models.DateField(
        _("decision due"), null=True, blank=True, editable=False,
        help_text=_("行政复议法 第62条: 60 days from acceptance, 30 under the simplified procedure, plus the "
                    "extension, without the suspended days."),
    )

    reviewed_document = models.CharField(
        _("normative document under incidental review"), max_length=200, blank=True,
        help_text=_("行政复议法 第13、56条: the document the applicant asked to be reviewed with the act."),
    )
    document_forwarded_on = models.DateField(_("document review forwarded on"), null=True, blank=True)
    document_forwarded_to = models.CharField(
        _("document review forwarded to"), max_length=200, blank=True,
        help_text=_("行政复议法 第56条: the body with power to handle it, when this body has none."),
    )

    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=22, choices=Outcome.choices, blank=True)
    termination_ground = models.CharField(_("ground of termination"), max_length=20,
                                          choices=TerminationGround.choices, blank=True)
    decision_number = models.CharField(pgettext_lazy("reconsideration", "decision number"), max_length=60, blank=True)
    reasoning = models.TextField(_("facts and reasons of the decision"), blank=True)
    published_on = models.DateField(
        _("published on"), null=True, blank=True,
        help_text=_("行政复议法 第79条: decisions are published as the act contested was."),
    )

    recommendation_sent_on = models.DateField(_("recommendation letter sent on (行政复议意见书)"), null=True,
                                              blank=True)
    recommendation_received_on = models.DateField(_("recommendation letter received on"), null=True, blank=True)
    recommendation_addressee = models.CharField(_("recommendation letter sent to"), max_length=200, blank=True)
    recommendation = models.TextField(_("what the letter asks to correct"), blank=True)
    recommendation_reply_due = models.DateField(
        _("reply to the recommendation letter due"), null=True, blank=True, editable=False,
        help_text=_("行政复议法 第76条: 60 days from the letter's receipt."),
    )
    recommendation_replied_on = models.DateField(_("reply to the letter received on"), null=True, blank=True)
    recommendation_reply = models.TextField(_("correction reported"), blank=True)

    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure = models.CharField(_("how the case was closed"), max_length=10, choices=Closure.choices, blank=True)

    class Meta:
        verbose_name = _("reconsideration case")
        verbose_name_plural = _("reconsideration cases")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="reconsideration_case_number"),
            models.UniqueConstraint(fields=["agency", "decision_number"], condition=~models.Q(decision_number=""),
                                    name="reconsideration_decision_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="reconsid_case_deadline"),
            models.Index(fields=["agency", "-received_on", "-id"], name="reconsid_case_agency_recv"),
            models.Index(fields=["-received_on", "-id"], name="reconsid_case_recent"),
            models.Index(fields=["agency", "status", "-received_on"], name="reconsid_case_agency_status"),
            # The generic list's order (newest first) under its filters.
            models.Index(fields=["-created_at", "-id"], name="reconsid_case_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="reconsid_case_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="reconsid_case_status_created"),
            # The year's figures: concluded and accepted cases of an agency.
            models.Index(fields=["agency", "decided_on"], name="reconsid_case_agency_decided"),
            models.Index(fields=["agency", "accepted_on"], name="reconsid_case_agency_accepted"),
        ]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    @property
    def is_simplified(self) -> bool:
        return self.procedure == self.Procedure.SIMPLIFIED

    @property
    def open_suspension(self) -> list | None:
        """The suspension still running, as [suspended on, None, ground, reason], or None."""
        return next((s for s in self.suspensions if s[1] is None), None)

    @property
    def late_application(self) -> bool:
        """Whether the application came after the last day to apply (第20条)."""
        return bool(self.application_due and self.received_on and self.received_on > self.application_due)

    @property
    def concluded(self) -> bool:
        return bool(self.outcome)

    @property
    def publishable(self) -> bool:
        return self.status == self.Status.DECIDED and self.outcome in self.PUBLISHED_OUTCOMES

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline: the acceptance examination (第30条), the correction (第31条), the copy to the
        respondent and its answer (第48、54条), the decision (第62条) and the reply to a recommendation letter
        (第76条)."""
        S = self.Status
        found: list[dt.date | None] = []
        if self.status == S.RECEIVED:
            found.append(self.acceptance_due)
        elif self.status == S.CORRECTING:
            found.append(self.correction_due)
        elif self.status in self.REVIEW_STATUSES:
            if self.copy_sent_on is None:
                found.append(self.copy_due)
            elif self.answer_received_on is None:
                found.append(self.answer_due)
            found.append(self.decision_due)
        if self.recommendation_sent_on and self.recommendation_replied_on is None:
            found.append(self.recommendation_reply_due)
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None
