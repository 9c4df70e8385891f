"""Requests for government information (政府信息公开申请, 依申请公开) made to an agency, from receipt to reply.

The rules are 政府信息公开条例 (国务院令第711号, revised 2019, in force 2019-05-15; legal-rules §6):

- a request names the requester, their identity document and contact, and describes the information asked for
  (第29条); it is made on the agency's online channel, by post, fax, e-mail or in person;
- the day of receipt (第31条): the day it is handed in; for registered post, the day the agency signs for it; for
  ordinary post, the day the agency confirms it with the requester; online or by fax, the day both sides confirm it;
- an unclear request is corrected (补正, 第30条): the agency asks once, within 7 working days of receipt, with every
  item and a reasonable time to correct; the reply period counts from the corrected request; a request not
  corrected in time without good cause is taken as given up;
- a third party whose interests disclosure may harm (第32条) and the other agencies that made the information with
  this one (第34条) are consulted and answer within 15 working days; the time this takes is not counted (第33条第3款);
- the reply is given on the spot or within 20 working days of receipt (第33条第2款), extended by at most 20 working
  days with the approval of the head of the disclosure office and notice to the requester; it takes one of the
  forms of 第36条, a partial disclosure under 第37条, or a refusal to process (第35、39条);
- the reply is free of charge, save a processing fee for requests plainly excessive in number or frequency (第42条);
- the requester may complain, apply for reconsideration or sue (第51条): the annual disclosure report (第50条)
  counts those cases with the requests received and the replies given.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledger import LedgerRecord

#: 政府信息公开条例 (2019) 第56条: the revised regulations took effect on this day; the ledger keeps requests under them.
REGULATIONS_IN_FORCE = dt.date(2019, 5, 15)
#: 第33条第2款: the longest extension of the reply period (working days).
MAX_EXTENSION_DAYS = 20

#: The tracking code's alphabet (Crockford's base 32: no I, L, O or U to misread); 16 characters are 80 random bits.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 16


def new_tracking_code() -> str:
    """Return a fresh random tracking code, in groups of four (``7K3Q-…``)."""
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(TRACKING_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, TRACKING_LENGTH, 4))


def normalise_tracking_code(value: str) -> str:
    """Return a typed tracking code in its stored form (capitals, groups of four), or "" when it cannot be one.

    Spaces and dashes are ignored and the letters people confuse with digits read as those digits."""
    text = "".join((value or "").split()).replace("-", "").replace("－", "").upper()
    text = text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(text) != TRACKING_LENGTH or any(c not in TRACKING_ALPHABET for c in text):
        return ""
    return "-".join(text[i:i + 4] for i in range(0, TRACKING_LENGTH, 4))


def mask_id_number(value: str) -> str:
    """Return an identity document number with all but its last four characters hidden (as stored and shown)."""
    value = "".join((value or "").split()).upper()
    if "*" in value:
        return value  # already masked
    return "*" * (len(value) - 4) + value[-4:] if len(value) > 4 else value


def pause_capped() -> bool:
    """Whether a consultation stops the reply clock at most for the 15 working days the consulted party has
    (``FAZHI_DISCLOSURE_PAUSE_CAPPED``; an UNCONFIRMED reading of 第33条第3款)."""
    return bool(getattr(settings, "FAZHI_DISCLOSURE_PAUSE_CAPPED", True))


class Request(LedgerRecord):
    """A request for government information made to the owning agency (the agency asked)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received, being handled")
        CORRECTING = "correcting", _("awaiting correction (补正)")
        CONSULTING = "consulting", _("consulting a third party or another agency")
        REPLIED = "replied", _("replied (已答复)")
        ABANDONED = "abandoned", _("closed: not corrected, taken as given up")

    class RequesterKind(models.TextChoices):
        PERSON = "person", _("citizen (自然人)")
        ORGANISATION = "organisation", _("legal person (法人)")
        OTHER = "other", _("other organisation (其他组织)")

    class OrganisationKind(models.TextChoices):
        # The kinds of organisation the annual disclosure report counts requests by (第50条).
        BUSINESS = "business", _("business enterprise (商业企业)")
        RESEARCH = "research", _("research institution (科研机构)")
        NONPROFIT = "nonprofit", _("public-interest organisation (社会公益组织)")
        LEGAL_SERVICE = "legal_service", _("legal service provider (法律服务机构)")
        OTHER = "other", _("other organisation")

    class IdKind(models.TextChoices):
        ID_CARD = "id_card", _("resident identity card (居民身份证)")
        PASSPORT = "passport", _("passport")
        PERMIT = "permit", _("travel permit or residence permit (港澳台居民)")
        CREDIT_CODE = "credit_code", _("unified social credit code (统一社会信用代码)")
        OTHER = "other", _("other identity document")

    class Channel(models.TextChoices):
        # 政府信息公开条例 第29、31条
        ONLINE = "online", _("online form on the portal")
        IN_PERSON = "in_person", _("handed in")
        REGISTERED_POST = "registered_post", _("registered post (挂号信、特快专递)")
        ORDINARY_POST = "ordinary_post", _("ordinary post (平常信函)")
        FAX = "fax", _("fax")
        EMAIL = "email", _("e-mail")

    class ConsultationKind(models.TextChoices):
        THIRD_PARTY = "third_party", _("a third party (第32条)")
        OTHER_AGENCY = "other_agency", _("another agency that made the information (第34条)")

    class Opinion(models.TextChoices):
        CONSENT = "consent", _("agrees to disclosure")
        OBJECTION = "objection", _("objects to disclosure")
        NO_ANSWER = "no_answer", _("no answer within 15 working days")
        OTHER = "other", _("another view")

    class ReplyType(models.TextChoices):
        # 政府信息公开条例 第36条 (each item its own type), 第37条, and 第35、39条 (not processed)
        ALREADY_PUBLIC = "already_public", _("already disclosed: told where to find it (第36条第1项)")
        DISCLOSED = "disclosed", _("disclosed (第36条第2项)")
        PARTLY_DISCLOSED = "partly_disclosed", _("partly disclosed (第37条)")
        NOT_DISCLOSED = "not_disclosed", _("not disclosed, with reasons (第36条第3项)")
        NOT_EXIST = "not_exist", _("the information does not exist (第36条第4项)")
        NOT_OURS = "not_ours", _("not this agency's to disclose (第36条第5项)")
        REPEAT = "repeat", _("repeat request, not processed again (第36条第6项)")
        OTHER_REGIME = "other_regime", _("another law governs access (第36条第7项)")
        NOT_PROCESSED = "not_processed", _("not processed (不予处理, 第35、39条)")

    class Ground(models.TextChoices):
        # Why information is withheld (第36条第3项, 第37条): 第14–16条
        STATE_SECRET = "state_secret", _("withheld: a state secret (第14条)")
        LAW_FORBIDS = "law_forbids", _("withheld: another law or regulation forbids disclosure (第14条)")
        SECURITY = "security", _("withheld: endangers national, public or economic security or social stability "
                                 "(第14条)")
        THIRD_PARTY = "third_party", _("withheld: a third party's business secret or privacy (第15条)")
        INTERNAL = "internal", _("withheld: internal matters of the agency (第16条第1款)")
        PROCESS = "process", _("withheld: process information (第16条第2款)")
        ENFORCEMENT_FILE = "enforcement_file", _("withheld: an enforcement case file (第16条第2款)")
        INQUIRY = "inquiry", _("withheld: an administrative inquiry matter (行政查询事项)")
        # Why the information cannot be given (第36条第4项, 第38条, 第30条)
        NOT_HELD = "not_held", _("cannot give: the agency does not hold it (第36条第4项)")
        NEEDS_CREATION = "needs_creation", _("cannot give: it would have to be made or analysed anew (第38条)")
        STILL_UNCLEAR = "still_unclear", _("cannot give: still unclear after correction (第30条)")
        # Why the request is not processed (第35、39条)
        PETITION = "petition", _("not processed: a petition, complaint or report (第39条第1款)")
        PUBLICATION = "publication", _("not processed: asks for a publication (第39条第2款)")
        EXCESSIVE = "excessive", _("not processed: plainly excessive requests without good reason (第35条)")
        CONFIRMATION = "confirmation", _("not processed: asks to confirm or reissue information already obtained")

    class Delivery(models.TextChoices):
        POST = "post", _("by post")
        IN_PERSON = "in_person", _("collected in person")
        EMAIL = "email", _("by e-mail")
        ONLINE = "online", _("online, on the portal")
        FAX = "fax", _("by fax")

    class ReviewOutcome(models.TextChoices):
        # The columns of the annual report's table of reconsideration and litigation cases (第50条)
        PENDING = "pending", _("not concluded yet")
        UPHELD = "upheld", _("reply upheld (维持)")
        CORRECTED = "corrected", _("reply corrected (纠正)")
        OTHER = "other", _("other result")

    OPEN_STATUSES = (Status.RECEIVED, Status.CORRECTING, Status.CONSULTING)
    #: The statuses in which the reply period runs (or is paused by a consultation) and may be extended.
    HANDLING_STATUSES = (Status.RECEIVED, Status.CONSULTING)
    WITHHOLDING_GROUNDS = (Ground.STATE_SECRET, Ground.LAW_FORBIDS, Ground.SECURITY, Ground.THIRD_PARTY,
                           Ground.INTERNAL, Ground.PROCESS, Ground.ENFORCEMENT_FILE, Ground.INQUIRY)
    #: The grounds each reply type takes (required for all but "does not exist", where it defaults to not held).
    REPLY_GROUNDS = {
        ReplyType.NOT_DISCLOSED: WITHHOLDING_GROUNDS,
        ReplyType.PARTLY_DISCLOSED: WITHHOLDING_GROUNDS,
        ReplyType.NOT_EXIST: (Ground.NOT_HELD, Ground.NEEDS_CREATION, Ground.STILL_UNCLEAR),
        ReplyType.NOT_PROCESSED: (Ground.PETITION, Ground.PUBLICATION, Ground.EXCESSIVE, Ground.CONFIRMATION),
    }
    #: Replies that give the requester information: the only ones a processing fee may go with (第42条).
    PROVIDING_TYPES = (ReplyType.DISCLOSED, ReplyType.PARTLY_DISCLOSED)

    number = models.CharField(
        _("request number"), max_length=60,
        help_text=_("Given by the agency; a request sent on the portal, or registered without one, is numbered "
                    "as the setting FAZHI_DISCLOSURE_NUMBER_PATTERN says."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    tracking_code = models.CharField(
        _("tracking code (查询码)"), max_length=24, unique=True, editable=False,
        help_text=_("Random and unguessable: with it the requester follows the request on the portal. Give it to "
                    "the requester with the acknowledgement of receipt."),
    )

    requester_name = models.CharField(_("requester (申请人)"), max_length=200)
    requester_kind = models.CharField(_("kind of requester"), max_length=12, choices=RequesterKind.choices)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=16, choices=OrganisationKind.choices, blank=True,
        help_text=_("For an organisation: the annual disclosure report counts requests by these kinds."),
    )
    requester_address = models.CharField(_("requester's address"), max_length=200, blank=True)
    requester_phone = models.CharField(_("requester's telephone"), max_length=40, blank=True)
    requester_email = models.EmailField(_("requester's e-mail"), blank=True)
    id_kind = models.CharField(_("identity document"), max_length=12, choices=IdKind.choices, blank=True,
                               help_text=_("政府信息公开条例 第29条第2款第1项."))
    id_number = models.CharField(
        _("identity document number"), max_length=40, blank=True,
        help_text=_("Kept masked: only the last four characters are stored, so no page, export or API shows the "
                    "whole number."),
    )
    description = models.TextField(
        _("information asked for"),
        help_text=_("Its name, document number or other features that let the agency find it (政府信息公开条例 "
                    "第29条第2款第2项)."),
    )
    purpose = models.TextField(_("purpose stated"), blank=True,
                               help_text=_("Optional: the regulations do not require a purpose."))
    channel = models.CharField(_("channel (申请方式)"), max_length=16, choices=Channel.choices)
    received_on = models.DateField(
        _("received on"),
        help_text=_("政府信息公开条例 第31条: handed in, the day it was handed in; registered post, the day the agency "
                    "signed for it; ordinary post, the day the agency confirmed it with the requester; online, by "
                    "fax or e-mail, the day both sides confirmed it (on the portal, the day it was sent: the "
                    "tracking code shown then is the confirmation)."),
    )
    client_hash = models.CharField(
        _("client of the portal"), max_length=64, blank=True, editable=False,
        help_text=_("A keyed hash of the address a portal request came from, for the rate limit; never the "
                    "address itself."),
    )

    correction_notice_due = models.DateField(
        _("correction notice due"), null=True, blank=True, editable=False,
        help_text=_("政府信息公开条例 第30条: the requester is asked to correct an unclear request within 7 working "
                    "days of receipt."),
    )
    correction_requested_on = models.DateField(_("correction requested on (补正告知)"), null=True, blank=True)
    correction_items = models.TextField(
        _("what is to be corrected"), blank=True,
        help_text=_("政府信息公开条例 第30条: every item at once, in one notice."),
    )
    correction_period_ends = models.DateField(
        _("time to correct ends on"), null=True, blank=True,
        help_text=_("The reasonable time to correct the agency gives in its notice (第30条)."),
    )
    corrected_on = models.DateField(
        _("corrected request received on"), null=True, blank=True,
        help_text=_("政府信息公开条例 第30条: the reply period counts afresh from this day."),
    )
    correction_late_reason = models.TextField(_("good cause for correcting late"), blank=True)

    consultations = models.JSONField(
        _("consultations (征求意见)"), default=list, blank=True, editable=False,
        help_text=_("政府信息公开条例 第32、34条: each consultation with its kind, party, the day the letter was "
                    "sent and received, the day of the answer and the view; the time they take is not counted in "
                    "the reply period (第33条第3款)."),
    )
    consultation_due = models.DateField(
        _("consulted party's answer due"), null=True, blank=True, editable=False,
        help_text=_("政府信息公开条例 第32、34条: 15 working days from the receipt of the letter (from its sending "
                    "while the receipt is not known)."),
    )

    extension_days = models.PositiveSmallIntegerField(_("working days of extension"), null=True, blank=True)
    extended_on = models.DateField(_("extension approved on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extension_approver = models.CharField(
        _("extension approved by"), max_length=60, blank=True,
        help_text=_("政府信息公开条例 第33条第2款: the head of the disclosure office; at most 20 working days."),
    )
    extension_notified_on = models.DateField(
        _("requester told of the extension on"), null=True, blank=True,
        help_text=_("政府信息公开条例 第33条第2款: the requester is told of the extension."),
    )
    reply_due = models.DateField(
        _("reply due"), null=True, blank=True, editable=False,
        help_text=_("政府信息公开条例 第33条: 20 working days from receipt (from the corrected request, 第30条), plus "
                    "the extension, without the time spent consulting (第33条第3款)."),
    )

    replied_on = models.DateField(_("replied on (答复)"), null=True, blank=True)
    reply_type = models.CharField(_("reply"), max_length=16, choices=ReplyType.choices, blank=True)
    reply_ground = models.CharField(_("ground of the reply"), max_length=16, choices=Ground.choices, blank=True)
    reply_text = models.TextField(
        _("reply and its reasons"), blank=True,
        help_text=_("What the reply says: the reasons of a refusal (第36条第3项), of the withheld parts (第37条), of "
                    "a request not this agency's (第36条第5项) or not processed; the law that governs access "
                    "(第36条第7项)."),
    )
    where_public = models.CharField(
        _("where the information is public"), max_length=300, blank=True,
        help_text=_("政府信息公开条例 第36条第1项: how to find the information already disclosed."),
    )
    competent_agency = models.CharField(
        _("agency responsible for the information"), max_length=200, blank=True,
        help_text=_("政府信息公开条例 第36条第5项: its name and contact, where it can be determined."),
    )
    delivery = models.CharField(_("how the reply was delivered"), max_length=12, choices=Delivery.choices,
                                blank=True)
    fee = models.DecimalField(
        _("processing fee (信息处理费, yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
        help_text=_("政府信息公开条例 第42条: only for requests plainly excessive in number or frequency."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    reconsideration_filed_on = models.DateField(
        _("reconsideration applied for on"), null=True, blank=True,
        help_text=_("政府信息公开条例 第51条: the requester applied for reconsideration of the reply."),
    )
    reconsideration_outcome = models.CharField(_("result of the reconsideration"), max_length=10,
                                               choices=ReviewOutcome.choices, blank=True)
    litigation_filed_on = models.DateField(
        _("lawsuit filed on"), null=True, blank=True,
        help_text=_("政府信息公开条例 第51条: the requester sued over the reply."),
    )
    litigation_outcome = models.CharField(_("result of the lawsuit"), max_length=10, choices=ReviewOutcome.choices,
                                          blank=True)

    class Meta:
        verbose_name = _("request for government information")
        verbose_name_plural = _("requests for government information")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="disclosure_request_number"),
        ]
        indexes = [
            models.Index(fields=["status", "next_deadline"], name="disclosure_req_deadline"),
            models.Index(fields=["agency", "-received_on", "-id"], name="disclosure_req_agency_recv"),
            models.Index(fields=["agency", "replied_on"], name="disclosure_req_agency_replied"),
            models.Index(fields=["client_hash", "created_at"], name="disclosure_req_client"),
            # The generic list's order (newest first) under its filters.
            models.Index(fields=["-created_at", "-id"], name="disclosure_req_created"),
            models.Index(fields=["agency", "-created_at", "-id"], name="disclosure_req_agency_created"),
            models.Index(fields=["status", "-created_at", "-id"], name="disclosure_req_status_created"),
        ]

    def __str__(self):
        return f"{self.number} {self.requester_name}"

    @property
    def open_consultation(self) -> dict | None:
        """The consultation still awaiting its answer, or None."""
        return next((c for c in self.consultations if not c.get("answered_on")), None)

    @property
    def replied_late(self) -> bool:
        """Whether the reply came after its deadline (第33条)."""
        return bool(self.replied_on and self.reply_due and self.replied_on > self.reply_due)

    def compute_next_deadline(self) -> dt.date | None:
        """The nearest open deadline: the reply (第33条), the end of the time to correct (第30条) while awaiting the
        correction, and the consulted party's answer (第32、34条) while consulting."""
        S = self.Status
        found: list[dt.date | None] = []
        if self.status == S.RECEIVED:
            found.append(self.reply_due)
        elif self.status == S.CORRECTING:
            found.append(self.correction_period_ends)
        elif self.status == S.CONSULTING:
            found += [self.consultation_due, self.reply_due]
        dates = [day for day in found if day is not None]
        return min(dates) if dates else None
