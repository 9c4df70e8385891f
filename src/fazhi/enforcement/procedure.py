"""The dated steps of an enforcement certificate (行政执法证件), and of the other records of the ledger.

Certificates are issued and supervised by the province's 司法行政 department (legal-rules §4.3), whose rules
set the order: a certificate is valid from its issue until the end of its validity; it may be suspended (暂扣)
and returned, or cancelled (注销), only once issued; a suspended certificate may be cancelled. The dates the
ledger records are the steps' (never ahead of today); the end of validity is planned.

Supervision (行政处罚法 第75条): a complaint is handled once received and concluded once handled; a check's
rectification items fall due after the check (a planned date), are completed and the check closed after it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step

#: The instrument that orders a certificate's steps: each province's rules on enforcement certificates.
CERTIFICATE_RULES = _("the province's rules on enforcement certificates")
#: 行政处罚法 第75条: complaints about enforcement are examined; enforcement is supervised and checked.
ARTICLE_75 = "行政处罚法 第75条"

PROCEDURE = Procedure("enforcement", [
    Step("issue", _("the issue of the certificate")),
    Step("expiry", _("the end of the certificate's validity"), planned=True,
         after=[After("issue", CERTIFICATE_RULES, strict=True)]),
    Step("suspend", _("the suspension of the certificate"), after=[After("issue", CERTIFICATE_RULES)]),
    Step("reinstate", _("the return of the certificate"), after=[After("suspend", CERTIFICATE_RULES)]),
    Step("cancel", _("the cancellation of the certificate"),
         after=[After("issue", CERTIFICATE_RULES), After("suspend", CERTIFICATE_RULES)]),
    Step("training", _("the training")),
    Step("withdraw_body", _("the end of the enforcement body")),
    Step("complaint_received", _("the receipt of the complaint")),
    Step("complaint_accepted", _("the start of handling"), after=[After("complaint_received", ARTICLE_75)]),
    Step("complaint_concluded", _("the conclusion of the complaint"),
         after=[After("complaint_received", ARTICLE_75), After("complaint_accepted", ARTICLE_75)]),
    Step("check", _("the supervision check")),
    Step("rectification_due", _("the due date of the rectification"), planned=True,
         after=[After("check", ARTICLE_75, strict=True)]),
    Step("rectification_done", _("the completion of the rectification"), after=[After("check", ARTICLE_75)]),
    Step("check_closed", _("the closing of the check"),
         after=[After("check", ARTICLE_75), After("rectification_done", ARTICLE_75)]),
])


def dates_of(certificate) -> dict[str, dt.date | None]:
    """The dates a certificate's steps were recorded on."""
    return {
        "issue": certificate.issued_on,
        "expiry": certificate.valid_until,
        "suspend": certificate.suspended_on,
        "cancel": certificate.cancelled_on,
    }


def complaint_dates(complaint) -> dict[str, dt.date | None]:
    """The dates a complaint's steps were recorded on."""
    return {
        "complaint_received": complaint.received_on,
        "complaint_accepted": complaint.accepted_on,
        "complaint_concluded": complaint.concluded_on,
    }
