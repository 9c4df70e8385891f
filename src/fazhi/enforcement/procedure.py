"""The dated steps of an enforcement certificate (行政执法证件), and of the other records of the ledger.

Certificates are issued and supervised by the province's 司法行政 department (legal-rules §4.3), whose rules
set the order: a certificate is valid from its issue until the end of its validity; it may be suspended (暂扣)
and returned, or cancelled (注销), only once issued; a suspended certificate may be cancelled. The dates the
ledger records are the steps' (never ahead of today); the end of validity is planned.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.ledgers import After, Procedure, Step

#: The instrument that orders a certificate's steps: each province's rules on enforcement certificates.
CERTIFICATE_RULES = _("the province's rules on enforcement certificates")

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
])


def dates_of(certificate) -> dict[str, dt.date | None]:
    """The dates a certificate's steps were recorded on."""
    return {
        "issue": certificate.issued_on,
        "expiry": certificate.valid_until,
        "suspend": certificate.suspended_on,
        "cancel": certificate.cancelled_on,
    }
